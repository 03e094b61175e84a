"""Formatters: diagnostics in, text out. They know no rules."""
