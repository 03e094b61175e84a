"""Rule families, one module each; the code's letter names the module (B → budget.py, F → form.py, G → goals.py, I → indicators.py, S → schedule.py)."""

from linter.rules import budget, form, goals, indicators, schedule  # noqa: F401  (importing registers the rules)
