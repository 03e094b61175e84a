"""I — 绩效指标: each indicator row's value, type, direction and wording, and the table as a whole.

One module per kind of judgement, sharing only `common`; importing them declares the family's rules, so
`linter.codes` lists the family by this package.
"""

# in the order of their first code, as the rules were declared when the family was one module
from linter.rules.indicators import values, targets, text, structure, dates, batch

__all__ = ["values", "targets", "text", "structure", "dates", "batch"]
