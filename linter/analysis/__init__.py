"""Judgements on a form's text that several rule families share (no rule module imports another)."""
