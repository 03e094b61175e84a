"""Triage as a terminal table (rich): worst first, with the grade counts underneath."""

from __future__ import annotations

import io
import shutil

from rich.box import SIMPLE_HEAD
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from linter.formatters.printable import printable
from linter.triage import FormScore, Rubric, number, summary
from linter.triage_units import UnitScore, unit_summary

GRADE_STYLES = ["bold green", "cyan", "yellow", "bold red"]  # best grade first; the last is for the worst
HEADERS = {
    "zh": ["排名", "得分", "等级", "表单", "单位 / 项目", "错/警/提", "主要扣分原因"],
    "en": ["rank", "score", "grade", "form", "unit / project", "E/W/I", "top reasons"],
}
WIDTH_OFF_TERMINAL = 160  # a file or a pipe has no width; wide enough that reasons stay readable
UNIT_WIDTH = 26
FORM_WIDTH = 20


def render(scores: list[FormScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    names = rubric.grade_names
    styles = {g: GRADE_STYLES[-1] if i == len(names) - 1 else GRADE_STYLES[min(i, len(GRADE_STYLES) - 2)]
              for i, g in enumerate(names)}
    heads = HEADERS.get(lang, HEADERS["zh"])
    rows = []
    for s in scores:
        counts = s.counts
        who = printable(" / ".join(x for x in (s.unit, s.project) if x)) or ("（无法读取）" if lang == "zh" else "(unreadable)")
        lines = [(r.code, (f" ×{r.count}" if r.count > 1 else "") + f" −{number(r.points)} {printable(r.message)}")
                 for r in s.reasons(top)]
        rows.append((str(s.rank), f"{number(s.score)}", s.grade, printable(s.form_id or s.path), who,
                     f"{counts['error']}/{counts['warning']}/{counts['info']}", lines))
    fixed = [max([cell_len(heads[k])] + [cell_len(r[k]) for r in rows]) for k in range(6)]
    fixed[3] = min(fixed[3], FORM_WIDTH)
    width = shutil.get_terminal_size().columns if colour else WIDTH_OFF_TERMINAL
    fixed[4] = min(fixed[4], UNIT_WIDTH, max(10, width // 6))
    reasons_width = max(20, width - sum(fixed) - 3 * 7)  # SIMPLE_HEAD: 1 space padding each side + separator
    table = Table(box=SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    for k, head in enumerate(heads):
        table.add_column(head, justify="right" if k in (0, 1) else "left", no_wrap=True,
                         width=fixed[k] if k < 6 else reasons_width)
    for rank, score, grade, form, who, counts, lines in rows:
        reasons = Text()
        for code, rest in lines:
            folded = _fold(code + rest, reasons_width)
            for j, line in enumerate(folded):
                if reasons:
                    reasons.append("\n")
                if j == 0:
                    reasons.append(code, style="bold")
                    reasons.append(line[len(code):])
                else:
                    reasons.append(line)
        # form text goes in as Text, never as a str rich would parse as markup (`[/red]` in a unit name)
        table.add_row(rank, score, Text(grade, style=styles[grade]), Text("\n".join(_fold(form, fixed[3]))),
                      Text("\n".join(_fold(who, fixed[4]))), counts, reasons)
    console = Console(file=io.StringIO(), width=width, force_terminal=colour, no_color=not colour,
                      color_system="standard" if colour else None, highlight=False, emoji=False)
    console.print(table)
    console.print(Text(_footer(scores, rubric, lang)))
    text = console.file.getvalue()
    return text if colour else "".join(line.rstrip() + "\n" for line in text.splitlines())


def _fold(text: str, width: int) -> list[str]:
    """Break text into lines of at most `width` terminal cells (Chinese has no spaces to wrap at)."""
    lines, line, used = [], "", 0
    for ch in text:
        w = cell_len(ch)
        if used + w > width and line:
            lines.append(line)
            line, used = "", 0
        line += ch
        used += w
    return lines + [line] if line or not lines else lines


def _footer(scores: list[FormScore], rubric: Rubric, lang: str) -> str:
    info = summary(scores, rubric)
    grades = ("，" if lang == "zh" else ", ").join(f"{g} {n}" for g, n in info["by_grade"].items())
    mean = "-" if info["mean_score"] is None else info["mean_score"]
    if lang == "en":
        text = f"{info['forms']} input(s): {grades}; mean score {mean}"
        return text + (f"; {info['unreadable']} unreadable" if info["unreadable"] else "")
    text = f"共 {info['forms']} 份：{grades}；平均分 {mean}"
    return text + (f"；无法读取 {info['unreadable']} 份" if info["unreadable"] else "")


UNIT_HEADERS = {
    "zh": ["排名", "得分", "等级", "单位", "表单", "最差的表单与主要扣分原因"],
    "en": ["rank", "score", "grade", "unit", "forms", "worst forms and their top reasons"],
}
FORMS_PER_UNIT = 3  # the unit's worst forms shown in the table; JSON and CSV list them all


def render_units(units: list[UnitScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    names = rubric.grade_names
    styles = {g: GRADE_STYLES[-1] if i == len(names) - 1 else GRADE_STYLES[min(i, len(GRADE_STYLES) - 2)]
              for i, g in enumerate(names)}
    width = shutil.get_terminal_size().columns if colour else WIDTH_OFF_TERMINAL
    detail_width = max(30, width - 6 - 7 - 6 - UNIT_WIDTH - 5 - 3 * 6)
    table = Table(box=SIMPLE_HEAD, header_style="bold", pad_edge=False, show_edge=False)
    for k, head in enumerate(UNIT_HEADERS.get(lang, UNIT_HEADERS["zh"])):
        table.add_column(head, justify="right" if k in (0, 1, 4) else "left", no_wrap=True,
                         width=UNIT_WIDTH if k == 3 else detail_width if k == 5 else None)
    for u in units:
        lines = [f"! {printable(p)}" for p in u.problems]
        for f in u.forms[:FORMS_PER_UNIT]:
            lines.append(f"{printable(f.form_id or f.path)} {number(f.score)} {f.grade}"
                         + "".join(f"; {r.code} −{number(r.points)} {printable(r.message)}" for r in f.reasons(top)))
        if len(u.forms) > FORMS_PER_UNIT:
            lines.append(f"… +{len(u.forms) - FORMS_PER_UNIT}")
        detail = "\n".join(line for text in lines for line in _fold(text, detail_width))
        table.add_row(str(u.rank), f"{number(u.score)}", Text(u.grade, style=styles[u.grade]),
                      Text("\n".join(_fold(printable(u.unit) or "-", UNIT_WIDTH))), str(len(u.forms)), Text(detail))
    console = Console(file=io.StringIO(), width=width, force_terminal=colour, no_color=not colour,
                      color_system="standard" if colour else None, highlight=False, emoji=False)
    console.print(table)
    info = unit_summary(units, rubric)
    grades = ("，" if lang == "zh" else ", ").join(f"{g} {n}" for g, n in info["by_grade"].items())
    console.print(Text(f"共 {info['units']} 个单位、{info['forms']} 份表单：{grades}" if lang != "en"
                       else f"{info['units']} unit(s), {info['forms']} form(s): {grades}"))
    text = console.file.getvalue()
    return text if colour else "".join(line.rstrip() + "\n" for line in text.splitlines())
