"""Reference texts for the stock-text check of G004 (data only; see README.md in this folder)."""
