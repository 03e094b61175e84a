"""jxlint: a linter for Chinese budget performance-target forms (绩效目标申报表)."""

__version__ = "0.1.0"
