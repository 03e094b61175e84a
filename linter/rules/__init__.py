"""Rule families, one module each; the code's letter names the module (B → budget.py, F → form.py, G → goals.py, I → indicators.py, S → schedule.py). `linter.codes` lists them."""
