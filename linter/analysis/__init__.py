"""What several rules need about a form or a batch, computed once and read by the rules: judgements on a form's
text, its parsed indicator rows, a batch's groups of copied goals (no rule module imports another)."""
