"""Triage as ONE self-contained HTML file: grade counts, charts (inline SVG), a sortable table
(vanilla JS) and, per form, the offending text with the finding marked.

Nothing is fetched: no external CSS, script, font or image, and a Content-Security-Policy that
forbids any. Every piece of form text is escaped; only the <mark> tags around quoted
fragments are ours.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from linter import __version__
from linter.diagnostics import Diagnostic
from linter.excerpts import excerpt, field_heading, field_label, field_text, marked_spans
from linter.registry import severity_word
from linter.triage import FormScore, Rubric, SectionScore, number, summary

GRADE_COLOURS = ["#2e7d32", "#1565c0", "#ef6c00", "#c62828"]  # best first; the last is for the worst
SEVERITY_COLOURS = {"error": "#c62828", "warning": "#ef8f00", "info": "#5c7f99"}
TYPE_WORDS = {"project": "项目", "department": "部门"}
CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"


def render(scores: list[FormScore], rubric: Rubric, top: int, lang: str = "zh", colour: bool = False) -> str:
    info = summary(scores, rubric)
    colours = _grade_colours(rubric)
    parts = [
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n",
        f"<meta http-equiv=\"Content-Security-Policy\" content=\"{CSP}\">\n",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        "<meta name=\"referrer\" content=\"no-referrer\">\n",
        "<title>绩效目标申报表评审分级报告 · jxlint</title>\n",
        f"<style>\n{_css(rubric, colours)}</style>\n</head>\n<body>\n",
        _header(info, rubric),
        _cards(info, rubric, colours),
        _charts(info, scores, rubric, colours),
        _table(scores, rubric, top),
        _details(scores, rubric),
        _rubric_table(rubric),
        f"<script>\n{JS}</script>\n</body>\n</html>\n",
    ]
    return "".join(parts)


def _grade_colours(rubric: Rubric) -> dict[str, str]:
    names = rubric.grade_names
    return {g: GRADE_COLOURS[-1] if i == len(names) - 1 else GRADE_COLOURS[min(i, len(GRADE_COLOURS) - 2)]
            for i, g in enumerate(names)}


def _grade_class(rubric: Rubric, grade: str) -> str:
    return f"g{rubric.grade_names.index(grade)}"


# ---------------------------------------------------------------------------------------------


def _header(info: dict, rubric: Rubric) -> str:
    return (
        "<header>\n<h1>绩效目标申报表 · 评审分级报告</h1>\n"
        f"<p class=\"meta\">共 <b>{info['forms']}</b> 份输入 · 问题 {info['findings']} 条 · "
        f"评分表 <code>{escape(Path(rubric.source).name)}</code> · jxlint {escape(__version__)}</p>\n"
        "<p class=\"note\">按评审评分表（domain.md §3）从 100 分起扣分，最差的排在最前。"
        "上报时效性不在表单中，保留满分；只有目标表的输入，看不到的部分保留满分并标为“未评”。</p>\n"
        "</header>\n"
    )


def _cards(info: dict, rubric: Rubric, colours: dict[str, str]) -> str:
    total = max(info["forms"], 1)
    cards = []
    bounds = [g for _, g in rubric.grades]
    for i, (grade, n) in enumerate(info["by_grade"].items()):
        lo = bounds[i]
        upper = bounds[i - 1] - 1 if i and bounds[i - 1] == int(bounds[i - 1]) else (bounds[i - 1] if i else None)
        rng = f"≥ {lo:g}" if i == 0 else (f"< {bounds[i - 1]:g}" if lo == 0 else f"{lo:g}–{upper:g}")
        cards.append(
            f"<div class=\"card {_grade_class(rubric, grade)}\" data-grade=\"{escape(grade)}\">"
            f"<div class=\"label\">{escape(grade)} <small>{escape(rng)}</small></div>"
            f"<div class=\"count\">{n}</div><div class=\"pct\">{100 * n / total:.1f}%</div></div>"
        )
    mean = "–" if info["mean_score"] is None else info["mean_score"]
    cards.append(f"<div class=\"card plain\"><div class=\"label\">平均分</div><div class=\"count\">{mean}</div>"
                 f"<div class=\"pct\">满分 100</div></div>")
    cards.append(f"<div class=\"card plain\"><div class=\"label\">无法读取</div><div class=\"count\">{info['unreadable']}</div>"
                 f"<div class=\"pct\">计 0 分</div></div>")
    bar = []
    x = 0.0
    for grade, n in info["by_grade"].items():
        w = 100 * n / total
        if n:
            bar.append(f"<rect x=\"{x:.3f}%\" y=\"0\" width=\"{w:.3f}%\" height=\"14\" fill=\"{colours[grade]}\">"
                       f"<title>{escape(grade)}：{n} 份</title></rect>")
        x += w
    return ("<section class=\"summary\" aria-label=\"等级分布\">\n<div class=\"cards\">" + "".join(cards) + "</div>\n"
            "<svg class=\"dist\" width=\"100%\" height=\"14\" role=\"img\" aria-label=\"等级占比\">"
            + "".join(bar) + "</svg>\n</section>\n")


def _charts(info: dict, scores: list[FormScore], rubric: Rubric, colours: dict[str, str]) -> str:
    return ("<section class=\"charts\">\n<h2>问题分布</h2>\n<div class=\"chart-row\">\n"
            + _rule_chart(info, rubric, colours) + _grade_chart(scores, rubric) + "</div>\n</section>\n")


def _rule_chart(info: dict, rubric: Rubric, colours: dict[str, str]) -> str:
    """Findings per rule, each bar split by the grade of the form they were found on."""
    from linter.codes import get_rule

    rows = sorted(info["findings_by_rule"].items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    if not rows:
        return "<figure class=\"chart\"><figcaption>各规则的问题数</figcaption><p class=\"empty\">没有发现问题。</p></figure>\n"
    label_w, bar_w, row_h, top = 230, 420, 22, 34
    peak = max(sum(c.values()) for _, c in rows)
    height = top + row_h * len(rows) + 8
    out = [f"<figure class=\"chart\"><figcaption>各规则的问题数（按表单等级分色）</figcaption>"
           f"<svg id=\"rule-chart\" viewBox=\"0 0 {label_w + bar_w + 60} {height}\" width=\"{label_w + bar_w + 60}\" "
           f"height=\"{height}\" role=\"img\" aria-label=\"各规则的问题数\">"]
    x = label_w
    for grade in rubric.grade_names:
        out.append(f"<rect x=\"{x}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{colours[grade]}\"/>"
                   f"<text x=\"{x + 16}\" y=\"18\" class=\"legend\">{escape(grade)}</text>")
        x += 70
    for k, (code, counts) in enumerate(rows):
        y = top + k * row_h
        r = get_rule(code)
        name = r.name if r else ""
        total = sum(counts.values())
        out.append(f"<g class=\"bar\" data-code=\"{escape(code)}\"><text x=\"{label_w - 8}\" y=\"{y + 15}\" "
                   f"text-anchor=\"end\" class=\"label\"><tspan class=\"code\">{escape(code)}</tspan> {escape(name)}</text>")
        x0 = float(label_w)
        for grade in rubric.grade_names:
            n = counts.get(grade, 0)
            if not n:
                continue
            w = bar_w * n / peak
            out.append(f"<rect x=\"{x0:.2f}\" y=\"{y + 3}\" width=\"{max(w, 2):.2f}\" height=\"{row_h - 6}\" "
                       f"fill=\"{colours[grade]}\"><title>{escape(code)} · {escape(grade)}：{n} 条</title></rect>")
            x0 += w
        out.append(f"<text x=\"{x0 + 6:.2f}\" y=\"{y + 15}\" class=\"num\">{total}</text></g>")
    out.append("</svg></figure>\n")
    return "".join(out)


def _grade_chart(scores: list[FormScore], rubric: Rubric) -> str:
    """Per grade: findings per form, split by severity."""
    names = rubric.grade_names
    per = {g: {"forms": 0, "error": 0, "warning": 0, "info": 0} for g in names}
    for s in scores:
        per[s.grade]["forms"] += 1
        for sev, n in s.counts.items():
            per[s.grade][sev] += n
    avg = {g: {sev: (v[sev] / v["forms"] if v["forms"] else 0.0) for sev in SEVERITY_COLOURS} for g, v in per.items()}
    peak = max([sum(a.values()) for a in avg.values()] + [1.0])
    label_w, bar_w, row_h, top = 70, 300, 30, 34
    height = top + row_h * len(names) + 8
    out = [f"<figure class=\"chart\"><figcaption>各等级每份表单的平均问题数</figcaption>"
           f"<svg id=\"grade-chart\" viewBox=\"0 0 {label_w + bar_w + 70} {height}\" width=\"{label_w + bar_w + 70}\" "
           f"height=\"{height}\" role=\"img\" aria-label=\"各等级的平均问题数\">"]
    x = label_w
    for sev, c in SEVERITY_COLOURS.items():
        out.append(f"<rect x=\"{x}\" y=\"8\" width=\"12\" height=\"12\" fill=\"{c}\"/>"
                   f"<text x=\"{x + 16}\" y=\"18\" class=\"legend\">{severity_word(sev)}</text>")
        x += 64
    for k, g in enumerate(names):
        y = top + k * row_h
        out.append(f"<g class=\"bar\" data-grade=\"{escape(g)}\"><text x=\"{label_w - 8}\" y=\"{y + 19}\" "
                   f"text-anchor=\"end\" class=\"label\">{escape(g)}</text>")
        x0 = float(label_w)
        for sev, c in SEVERITY_COLOURS.items():
            v = avg[g][sev]
            if v <= 0:
                continue
            w = bar_w * v / peak
            out.append(f"<rect x=\"{x0:.2f}\" y=\"{y + 4}\" width=\"{w:.2f}\" height=\"{row_h - 8}\" fill=\"{c}\">"
                       f"<title>{escape(g)} · {severity_word(sev)}：平均 {v:.2f} 条/份（共 {per[g][sev]} 条）</title></rect>")
            x0 += w
        total = sum(avg[g].values())
        out.append(f"<text x=\"{x0 + 6:.2f}\" y=\"{y + 19}\" class=\"num\">{total:.1f}（{per[g]['forms']} 份）</text></g>")
    out.append("</svg></figure>\n")
    return "".join(out)


# ---------------------------------------------------------------------------------------------

COLUMNS = [  # (header, sort type)
    ("排名", "num"), ("表单", "text"), ("单位", "text"), ("项目", "text"), ("类型", "text"), ("得分", "num"),
    ("等级", "num"), ("错误", "num"), ("警告", "num"), ("提示", "num"), ("主要扣分原因", None),
]


def _table(scores: list[FormScore], rubric: Rubric, top: int) -> str:
    heads = []
    for k, (head, kind) in enumerate(COLUMNS):
        if kind is None:
            heads.append(f"<th scope=\"col\">{head}</th>")
        else:
            sort = " aria-sort=\"ascending\"" if k == 0 else ""
            heads.append(f"<th scope=\"col\" data-type=\"{kind}\"{sort}><button type=\"button\">{head}</button></th>")
    grade_buttons = "".join(
        f"<label class=\"chip {_grade_class(rubric, g)}\"><input type=\"checkbox\" value=\"{escape(g)}\" checked> {escape(g)}</label>"
        for g in rubric.grade_names)
    rows = []
    for s in scores:
        counts = s.counts
        reasons = "".join(
            f"<li><span class=\"code sev-{r.severity}\">{escape(r.code)}</span>"
            f"<span class=\"cost\">−{number(r.points)}</span>{' ×' + str(r.count) if r.count > 1 else ''} {escape(r.message)}</li>"
            for r in s.reasons(top))
        grade_no = rubric.grade_names.index(s.grade)
        form_label = s.form_id or Path(s.path).name
        unit = s.unit or ("（无法读取）" if s.unreadable else "")
        cells = [
            (s.rank, str(s.rank)),
            (form_label, f"<a href=\"#f-{s.rank}\">{escape(form_label)}</a>"),
            (unit, escape(unit)),
            (s.project or "", escape(s.project or "")),
            (s.form_type or "", escape(TYPE_WORDS.get(s.form_type or "", s.form_type or ""))),
            (number(s.score), f"<b>{number(s.score)}</b>"),
            (grade_no, f"<span class=\"grade {_grade_class(rubric, s.grade)}\">{escape(s.grade)}</span>"),
            (counts["error"], str(counts["error"])),
            (counts["warning"], str(counts["warning"])),
            (counts["info"], str(counts["info"])),
        ]
        tds = "".join(f"<td data-v=\"{escape(str(v))}\">{html}</td>" for v, html in cells)
        rows.append(f"<tr data-grade=\"{escape(s.grade)}\" data-rank=\"{s.rank}\">{tds}<td><ul class=\"reasons\">{reasons}</ul></td></tr>")
    return (
        "<section class=\"list\">\n<h2>表单列表</h2>\n"
        "<div class=\"tools\"><input type=\"search\" id=\"filter\" placeholder=\"筛选：表单号、单位、项目、规则代码…\" "
        f"aria-label=\"筛选\"> {grade_buttons} <span id=\"shown\" aria-live=\"polite\">显示 {len(scores)} / {len(scores)}</span></div>\n"
        "<div class=\"scroll\"><table id=\"forms\">\n<thead><tr>" + "".join(heads) + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows) + "\n</tbody>\n</table></div>\n</section>\n"
    )


# ---------------------------------------------------------------------------------------------


def _details(scores: list[FormScore], rubric: Rubric) -> str:
    out = ["<section class=\"details\">\n<h2>逐份明细 <button type=\"button\" id=\"open-all\">全部展开</button></h2>\n"]
    for s in scores:
        out.append(_form_detail(s, rubric))
    out.append("</section>\n")
    return "".join(out)


def _section_note(sec: SectionScore) -> str:
    """未评: left out of the score; 估: estimated, with its interval."""
    if sec.estimated and sec.low is not None and sec.high is not None:
        return f" <small>估 {number(sec.low)}–{number(sec.high)}</small>"
    return "" if sec.assessed else " <small>未评</small>"


def _form_detail(s: FormScore, rubric: Rubric) -> str:
    title = " · ".join(escape(x) for x in (s.form_id or "", s.unit or "", s.project or "") if x)
    head = (f"<summary><span class=\"rank\">#{s.rank}</span> <span class=\"grade {_grade_class(rubric, s.grade)}\">"
            f"{escape(s.grade)}</span> <b class=\"score\">{number(s.score)}</b> {title} "
            f"<span class=\"path\">{escape(s.path)}</span></summary>")
    body = []
    if not s.unreadable:
        bars = []
        for sec in s.sections:
            pct = 100 * sec.score / sec.points if sec.points and sec.counted else 0
            lost = " lost" if sec.counted and sec.score < sec.points else ""
            note = _section_note(sec)
            shown = number(sec.score) if sec.counted else "—"
            bars.append(f"<div class=\"sec{lost}\"><span class=\"name\">{escape(sec.name)}{note}</span>"
                        f"<span class=\"meter\"><i style=\"width:{pct:.0f}%\"></i></span>"
                        f"<span class=\"pts\">{shown}/{number(sec.points)}</span></div>")
        body.append("<div class=\"sections\">" + "".join(bars) + "</div>")
        estimated = [r for r in s.reasons() if r.estimate]
        if estimated:
            body.append("<ol class=\"findings estimate\">" + "".join(
                f"<li><b>{escape(r.code)}</b> −{number(r.points)} {escape(r.message)} "
                f"<small>（{escape('、'.join(r.sections))}）</small></li>" for r in estimated) + "</ol>")
    if not s.diagnostics:
        body.append("<p class=\"clean\">没有发现问题。</p>")
    else:
        items = [_finding(s, d) for d in sorted(s.diagnostics, key=lambda d: -s.points_of(d))]
        body.append("<ol class=\"findings\">" + "".join(items) + "</ol>")
    return (f"<details class=\"form {_grade_class(rubric, s.grade)}\" id=\"f-{s.rank}\" data-form=\"{escape(s.form_id or '')}\">"
            f"{head}<div class=\"body\">{''.join(body)}</div></details>\n")


def _finding(s: FormScore, d: Diagnostic) -> str:
    cost = number(s.points_of(d)) if not s.unreadable else number(100 - s.score)
    human, field_path = field_label(d.field), d.field or ""
    loc = d.location.short() if d.location else ""
    place = escape(d.path + (f":{loc}" if loc else ""))
    hint = f"<div class=\"hint\">建议：{escape(d.hint)}</div>" if d.hint else ""
    text = field_text(s.form, d.field)
    if text:
        where = field_heading(s.form, d.field) + (f"（{field_path}）" if field_path != human else "")
        place = (f"<div class=\"excerpt\"><div class=\"where\">{escape(where)}</div>"
                 f"<blockquote>{highlight(text, d.message)}</blockquote></div><div class=\"place\">{place}</div>")
    else:
        where = human + (f"（{field_path}）" if field_path and field_path != human else "")
        place = f"<div class=\"place\">{escape(where) + ' · ' if where else ''}{place}</div>"
    return (f"<li class=\"sev-{d.severity}\" data-code=\"{escape(d.code)}\"><div class=\"line\">"
            f"<span class=\"code sev-{d.severity}\">{escape(d.code)}</span> <span class=\"rname\">{escape(d.name)}</span> "
            f"<span class=\"cost\">−{cost}</span> {escape(d.message)}</div>{hint}{place}</li>")


def highlight(text: str, message: str) -> str:
    """The text, escaped, with every fragment the message quotes marked; all of it if none is found."""
    text = excerpt(text)
    spans = marked_spans(text, message)
    out, pos = [], 0
    for a, b in spans:
        out.append(escape(text[pos:a]))
        out.append(f"<mark>{escape(text[a:b])}</mark>")
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def _rubric_table(rubric: Rubric) -> str:
    rows = []
    for sec in rubric.sections:
        codes = ", ".join(e.match + (f"（{', '.join(e.fields)}）" if e.fields else "") for e in sec.entries) or "—"
        per = "/".join(f"{number(sec.deduct[s])}" for s in ("error", "warning", "info"))
        rows.append(f"<tr><td>{escape(sec.name)}</td><td>{number(sec.points)}</td><td>{per}</td>"
                    f"<td>{number(sec.cap)}</td><td>{escape(codes)}</td><td>{escape(sec.reason)}</td></tr>")
    return ("<section class=\"rubric\">\n<details><summary>评分表（" + escape(Path(rubric.source).name) + "）</summary>\n"
            "<table><thead><tr><th>评分项</th><th>分值</th><th>每条扣分 错/警/提</th><th>扣分上限</th><th>计入的规则</th><th>说明</th></tr></thead>"
            "<tbody>" + "".join(rows) + "</tbody></table>\n</details>\n</section>\n")


def _css(rubric: Rubric, colours: dict[str, str]) -> str:
    grade_css = "".join(f".{_grade_class(rubric, g)}{{--g:{c}}}\n" for g, c in colours.items())
    return grade_css + CSS


CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--bg:#f5f7fa;--card:#fff}
*{box-sizing:border-box}
body{margin:0;padding:24px 32px 48px;background:var(--bg);color:var(--ink);
 font:14px/1.55 "Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei","WenQuanYi Micro Hei",system-ui,sans-serif}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 10px}
.meta{color:var(--muted);margin:0}.note{color:var(--muted);font-size:12.5px;margin:4px 0 0;max-width:70em}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12.5px}
.summary{margin-top:18px}.cards{display:flex;flex-wrap:wrap;gap:12px}
.card{background:var(--card);border:1px solid var(--line);border-top:4px solid var(--g,#9aa5b1);border-radius:8px;
 padding:10px 16px;min-width:120px}
.card .label{font-weight:600;color:var(--g,var(--ink))}.card .label small{color:var(--muted);font-weight:400;margin-left:4px}
.card .count{font-size:28px;font-weight:700;line-height:1.2}.card .pct{color:var(--muted);font-size:12px}
svg.dist{display:block;margin-top:12px;border-radius:4px;background:#e4e7eb}
.chart-row{display:flex;flex-wrap:wrap;gap:16px;align-items:flex-start}
figure.chart{margin:0;background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px;max-width:100%;overflow-x:auto}
figcaption{font-weight:600;margin-bottom:4px}
svg text{font-size:12px;fill:var(--ink)}svg text.legend,svg text.num{fill:var(--muted)}
svg .code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-weight:700}
svg g.bar:hover text.label{fill:#000;font-weight:600}
.tools{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin-bottom:8px}
#filter{padding:6px 10px;border:1px solid var(--line);border-radius:6px;min-width:22em;font:inherit}
.chip{border:1px solid var(--g);color:var(--g);border-radius:14px;padding:2px 10px;cursor:pointer;user-select:none;background:#fff}
.chip input{accent-color:var(--g)}#shown{color:var(--muted);margin-left:auto}
.scroll{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
table{border-collapse:collapse;width:100%}
#forms th,#forms td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
#forms thead th{position:sticky;top:0;background:#eef2f7;white-space:nowrap;z-index:1}
#forms th button{all:unset;cursor:pointer;font-weight:600}
#forms th button::after{content:" ↕";color:#9aa5b1;font-size:11px}
#forms th[aria-sort=ascending] button::after{content:" ▲";color:var(--ink)}
#forms th[aria-sort=descending] button::after{content:" ▼";color:var(--ink)}
#forms td:nth-child(1),#forms td:nth-child(6),#forms td:nth-child(n+8):nth-child(-n+10){text-align:right;font-variant-numeric:tabular-nums}
#forms tbody tr:hover{background:#f8fafc}#forms td:nth-child(2){white-space:nowrap}
#forms td:nth-child(4){max-width:18em}
.grade{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;background:var(--g);font-weight:600;white-space:nowrap}
ul.reasons{margin:0;padding:0;list-style:none;font-size:12.5px}ul.reasons li{margin:1px 0}
.code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-weight:700;font-size:12px;border-radius:3px;padding:0 4px;
 color:#fff;background:#52606d;margin-right:4px}
.code.sev-error{background:#c62828}.code.sev-warning{background:#c77700}.code.sev-info{background:#5c7f99}
.cost{color:#c62828;font-weight:600;margin-right:4px;font-variant-numeric:tabular-nums}
a{color:#1565c0;text-decoration:none}a:hover{text-decoration:underline}
details.form{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--g);border-radius:6px;margin:6px 0}
details.form>summary{cursor:pointer;padding:8px 12px}details.form[open]>summary{border-bottom:1px solid var(--line)}
details.form .rank{color:var(--muted);font-variant-numeric:tabular-nums}details.form .score{font-size:15px;margin:0 4px}
details.form .path{color:var(--muted);font-size:12px;margin-left:6px}
.body{padding:10px 14px}.clean{color:var(--muted);margin:4px 0}
.sections{display:grid;grid-template-columns:repeat(auto-fill,minmax(250px,1fr));gap:4px 18px;margin-bottom:10px}
.sec{display:flex;align-items:center;gap:6px;font-size:12.5px}.sec .name{width:9.5em;white-space:nowrap}.sec small{color:var(--muted)}
.sec .meter{flex:1;height:8px;background:#e4e7eb;border-radius:4px;overflow:hidden}
.sec .meter i{display:block;height:100%;background:#7b8794}.sec.lost .meter i{background:var(--g)}
.sec .pts{width:3.8em;text-align:right;font-variant-numeric:tabular-nums}
ol.findings{margin:0;padding-left:22px}ol.findings>li{margin:0 0 10px}
.hint{color:var(--muted);font-size:12.5px}.place{color:#9aa5b1;font-size:11.5px}
.excerpt{margin:4px 0}.excerpt .where{font-size:12px;color:var(--muted)}
blockquote{margin:2px 0;padding:6px 10px;background:#f8fafc;border-left:3px solid var(--line);white-space:pre-line;
 max-height:16em;overflow:auto}
mark{background:#ffe08a;color:inherit;border-radius:2px;padding:0 1px;box-shadow:0 0 0 1px #f0b429 inset}
.rubric table{background:var(--card);font-size:12.5px}.rubric th,.rubric td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
.rubric summary{cursor:pointer;font-weight:600;margin-top:24px}
#open-all{font:inherit;font-size:12px;margin-left:8px;cursor:pointer}
@media print{.tools,#open-all{display:none}details.form{break-inside:avoid}}
"""

JS = """(function () {
  'use strict';
  var table = document.getElementById('forms');
  if (!table) { return; }
  var body = table.tBodies[0];
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  var collator = new Intl.Collator('zh-CN', {numeric: true});

  function value(row, i, type) {
    var v = row.cells[i].getAttribute('data-v');
    return type === 'num' ? parseFloat(v) : v;
  }
  function sortBy(i, dir) {
    var type = heads[i].getAttribute('data-type');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = value(a, i, type), y = value(b, i, type);
      var c = type === 'num' ? x - y : collator.compare(x, y);
      return (dir === 'descending' ? -c : c) || (+a.getAttribute('data-rank') - +b.getAttribute('data-rank'));
    });
    rows.forEach(function (r) { body.appendChild(r); });
    heads.forEach(function (h, k) {
      if (h.hasAttribute('data-type')) { h.setAttribute('aria-sort', k === i ? dir : 'none'); }
    });
  }
  heads.forEach(function (h, i) {
    var button = h.querySelector('button');
    if (!button) { return; }
    button.addEventListener('click', function () {
      sortBy(i, h.getAttribute('aria-sort') === 'ascending' ? 'descending' : 'ascending');
    });
  });

  var filter = document.getElementById('filter');
  var chips = Array.prototype.slice.call(document.querySelectorAll('.tools input[type=checkbox]'));
  var shown = document.getElementById('shown');
  function applyFilter() {
    var q = filter.value.trim().toLowerCase();
    var grades = chips.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    var n = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var ok = grades.indexOf(r.getAttribute('data-grade')) >= 0 && (!q || r.textContent.toLowerCase().indexOf(q) >= 0);
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = '显示 ' + n + ' / ' + body.rows.length;
  }
  filter.addEventListener('input', applyFilter);
  chips.forEach(function (c) { c.addEventListener('change', applyFilter); });

  function openTarget() {
    var el = location.hash && document.getElementById(location.hash.slice(1));
    if (el && el.tagName === 'DETAILS') { el.open = true; }
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  var openAll = document.getElementById('open-all');
  openAll.addEventListener('click', function () {
    var all = document.querySelectorAll('details.form');
    var open = openAll.getAttribute('data-open') !== '1';
    Array.prototype.forEach.call(all, function (d) { d.open = open; });
    openAll.setAttribute('data-open', open ? '1' : '0');
    openAll.textContent = open ? '全部收起' : '全部展开';
  });
  window.jxlintSort = sortBy;  // for scripted checks: jxlintSort(columnIndex, 'ascending'|'descending')
}());
"""
