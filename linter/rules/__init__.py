"""Rule families, one module each; the code's letter names the module (F → form.py, G → goals.py, I → indicators.py)."""

from linter.rules import form, goals, indicators  # noqa: F401  (importing registers the rules)
