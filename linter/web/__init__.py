"""The local web page, `jxlint serve`: app.py (HTTP routes), service.py (uploads → lint answer), static/ (the page)."""
