"""The form's own dates, for fix hints that speak of this form rather than of an invented one: the span
the annual targets must fall in (the project's period inside the budget year), its quarters, and
example deadlines inside it."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from linter.model import Form
from linter.readers.records import ISO_DATE, ZH_DATE

QUARTERS = ("第一季度", "第二季度", "第三季度", "第四季度")
QUARTERS_EN = ("Q1", "Q2", "Q3", "Q4")


@dataclass(frozen=True)
class Window:
    start: date
    end: date

    def quarters(self) -> list[int]:
        """The quarters (0–3) the window touches."""
        return list(range((self.start.month - 1) // 3, (self.end.month - 1) // 3 + 1))

    def midpoint(self) -> date:
        """A first milestone: the last day of the month that ends nearest halfway (30 June for a whole year)."""
        middle = date.fromordinal((self.start.toordinal() + self.end.toordinal()) // 2 - 15)
        return min(max(_month_end(middle.year, middle.month), self.start), self.end)

    def is_whole_year(self) -> bool:
        return (self.start.month, self.start.day, self.end.month, self.end.day) == (1, 1, 12, 31)


def annual_window(form: Form) -> Window | None:
    """The budget year, narrowed to the project's period where the form gives one (a project that ends in
    September has its annual targets by then); None when the form states neither."""
    dates = _dates(f"{form.period_start} {form.period_end}")
    year = form.budget_year or (dates[-1][1].year if dates else None)
    if year is None:
        return None
    start, end = date(year, 1, 1), date(year, 12, 31)
    if dates:
        first, last = dates[0][0], dates[-1][1]
        if first.year == year and first > start:
            start = first
        if last.year == year and last < end:
            end = last
    return Window(start, end) if start <= end else Window(date(year, 1, 1), date(year, 12, 31))


def zh_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def en_date(d: date) -> str:
    return f"{d.day} {calendar.month_name[d.month]} {d.year}"


def quarter_span(window: Window, lang: str = "zh") -> str:
    """`第一季度至第三季度` / `Q1 to Q3` (one quarter: just its name)."""
    names = QUARTERS if lang == "zh" else QUARTERS_EN
    qs = window.quarters()
    if len(qs) == 1:
        return names[qs[0]]
    return f"{names[qs[0]]}至{names[qs[-1]]}" if lang == "zh" else f"{names[qs[0]]} to {names[qs[-1]]}"


def _dates(text: str) -> list[tuple[date, date]]:
    """Each date written in the text as (first day, last day) it may mean (`2021年9月` → 1 to 30 September)."""
    found = [(m.start(), m.group(1), m.group(3), m.group(4)) for m in ISO_DATE.finditer(text)]
    found += [(m.start(), m.group(1), m.group(2), m.group(3)) for m in ZH_DATE.finditer(text)]
    out = []
    for _, year, month, day in sorted(found):
        y, m = int(year), int(month)
        if not 1 <= m <= 12:
            continue
        if day:
            d = date(y, m, min(int(day), calendar.monthrange(y, m)[1]))
            out.append((d, d))
        else:
            out.append((date(y, m, 1), _month_end(y, m)))
    return out


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def deadline(form: Form, lang: str = "zh") -> str:
    """An example deadline inside the form's annual window (`2023年6月30日前`, `by 30 June 2023`), without a year
    when the form states none: a hint must not suggest a date the deadline checks would reject."""
    window = annual_window(form)
    if window is None:
        return "6月30日前" if lang == "zh" else "by 30 June"
    day = window.midpoint()
    return f"{zh_date(day)}前" if lang == "zh" else f"by {en_date(day)}"


def milestones(form: Form, lang: str = "zh") -> str:
    """An example pair of deadlines inside the form's annual window, or the generic one when it has none."""
    window = annual_window(form)
    if window is None:
        return "“6月30日前完成招标，10月底前完工验收”" if lang == "zh" else "tendering by 30 June, acceptance by October"
    first, last = window.midpoint(), window.end
    if first >= last:  # a window of a few weeks: one deadline
        return f"“{zh_date(last)}前完成”" if lang == "zh" else f"done by {en_date(last)}"
    if lang == "zh":
        return f"“{zh_date(first)}前完成招标，{zh_date(last)}前完工验收”"
    return f"tendering by {en_date(first)}, acceptance by {en_date(last)}"


def by_quarter(form: Form, lang: str = "zh") -> str:
    """An example schedule by the quarters of the form's window (`2021年第一季度完成……，第二季度……`)."""
    window = annual_window(form)
    if window is None:
        return "“第一季度完成招标，第二季度开工……”" if lang == "zh" else "tendering in Q1, works from Q2 …"
    if lang == "en":
        end = "" if window.is_whole_year() else f" (the project ends on {en_date(window.end)})"
        return f"what is done in each of {quarter_span(window, 'en')} {window.end.year}{end}"
    steps = "，".join(f"{QUARTERS[q]}完成……" for q in window.quarters())
    end = "" if window.is_whole_year() else f"（项目{window.end.month}月{window.end.day}日结束）"
    return f"“{window.end.year}年{steps}”{end}"
