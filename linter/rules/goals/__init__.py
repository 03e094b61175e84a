"""G — 总体目标: goals that are missing, repeated, stale, vague or copied.

One module per concern, sharing only `common`; importing them declares the family's rules, so
`linter.codes` lists the family by this package.
"""

# in the order of their codes' declaration when the family was one module
from linter.rules.goals import presence, pairs, years, basis, vagueness, copies

__all__ = ["presence", "pairs", "years", "basis", "vagueness", "copies"]
