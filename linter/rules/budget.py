"""B — 资金与基本信息: staff counts, fund sums, last year's amounts, routine spending."""

from __future__ import annotations

from collections.abc import Iterator

from linter.model import PROJECT, Form, Task
from linter.nlp.numbers import plain_number
from linter.registry import BATCH, CAIYU_2015_88, CAIYU_2020_10, REVIEW_2021, Finding, Messages, cite, fires, passes, rule
from linter.rulesets import load_ruleset


# The basis B003, B004 and B006 share.
_WELL_FOUNDED_BUDGET = cite(CAIYU_2020_10, "评价指标“预算编制科学性”", "the evaluation indicator of a well-founded budget (预算编制科学性)")


@rule(
    code="B002", name="over-staffed", severity="warning",
    message="实有人数 {actual} 人超过编制人数 {authorized} 人", hint="核对实有人数是否计入了退休人员或编外人员；确属超编的请说明原因",
    message_en="actual staff {actual} exceeds the authorized {authorized}", hint_en="check for retirees or non-establishment staff counted; explain real over-staffing",
    what="部门（单位）的实有人数大于编制人数。", what_en="A unit's actual staff count is above its authorized establishment.",
    why="岳阳市2021年审核的 188 个单位中有 40 个实有人数超过编制人数，多为计入了退休人员或确属超编。",
    why_en="In Yueyang's 2021 review 40 of 188 units had more actual than authorized staff, mostly retirees counted or real over-staffing.",
    source=[cite(REVIEW_2021, "实有人数超过编制人数（40 个单位）", "actual staff above the authorized establishment (40 units)")],
    examples=[fires({"type": "department", "unit": "岳阳市人民代表大会常务委员会", "staff": {"authorized": 104, "actual": 187}},
                    field="staff.actual"),
              passes({"type": "department", "unit": "中共岳阳市委党校", "staff": {"authorized": 99, "actual": 88}})],
)
def over_staffed(form: Form) -> Iterator[Finding]:
    staff = form.staff
    if staff and staff.actual is not None and staff.authorized is not None and staff.actual > staff.authorized:
        yield Finding("staff.actual", actual=staff.actual, authorized=staff.authorized)


def is_continuing(form: Form) -> bool:
    return any(w in form.attribute for w in load_ruleset("goals")["continuing_attributes"]["words"])


@rule(
    code="B003", name="prior-amount-missing", severity="warning",
    message="延续项目没有填写上年金额（{raw}）", hint="填写上年预算金额（万元），新增项目请把项目属性改为“新增”",
    message_en="continuing project without last year's amount ({raw_en})", hint_en="give last year's amount in 万元, or mark the project as new",
    what="延续项目（项目属性为延续/持续/常年，或资金表中上年金额写“未填列”）没有上年金额。",
    what_en="A continuing project (attribute 延续/持续/常年, or 未填列 in the funding table) has no amount for last year.",
    why="没有上年金额就无法判断资金变化是否合理（审核标准“预算科学性”）；岳阳市2021年审核的资金表中就有上年金额写“未填列”的项目。",
    why_en="Without last year's amount nobody can judge the change; the funding table of Yueyang's 2021 review has projects whose last year reads 未填列.",
    source=[cite(REVIEW_2021, "上年金额“未填列”（审核标准“预算科学性”）", "last year's amount not filled in (its standard of a well-founded budget)"),
            _WELL_FOUNDED_BUDGET],
    examples=[fires({"type": "project", "unit": "岳阳市市场监督管理局", "project": "办公用房修缮", "attribute": "延续",
                     "funds": {"total": 98, "previous_year": "未填列"}}, field="funds.previous_year"),
              passes({"type": "project", "unit": "岳阳市市场监督管理局", "project": "办公用房修缮", "attribute": "延续",
                      "funds": {"total": 98, "previous_year": 90}})],
)
def prior_amount_missing(form: Form) -> Iterator[Finding]:
    funds = form.funds
    if form.form_type != PROJECT or funds is None or funds.previous_year is not None:
        return
    raw = funds.raw.get("previous_year", "").strip()
    if raw == "未填列" or is_continuing(form):
        yield Finding("funds.previous_year", raw=f"写的是“{raw}”" if raw else "为空", raw_en=repr(raw) if raw else "empty")


@rule(
    code="B004", name="fund-sum-mismatch", severity="error",
    message="年度资金总额 {total} 万元 ≠ 财政拨款 {fiscal} 万元 + 其他资金 {other} 万元（差 {gap} 万元）",
    hint="核对三项金额：财政拨款 {fiscal} + 其他资金 {other} = {sum} 万元，年度资金总额应与之相等（或改正分项金额）",
    message_en="annual total {total} ≠ fiscal {fiscal} + other {other} (off by {gap} 万元)",
    hint_en="fiscal {fiscal} + other {other} = {sum} 万元: the total must equal it (or correct the parts)",
    what="年度资金总额不等于财政拨款与其他资金之和（按万元比较，容差 {B004[tolerance_wan]:g} 万元）。",
    what_en="The annual total is not the sum of fiscal appropriation and other funds (万元, tolerance {B004[tolerance_wan]:g}).",
    why="金额前后不一致是岳阳市2021年审核发现的典型问题。", why_en="Inconsistent amounts were a typical finding of Yueyang's 2021 review.",
    source=[cite(REVIEW_2021, "金额前后不一致", "amounts that do not agree"),
            _WELL_FOUNDED_BUDGET],
    examples=[fires({"type": "project", "unit": "某局", "project": "某项目", "funds": {"total": 240.6, "fiscal": 200, "other": 30}},
                    field="funds.total"),
              passes({"type": "project", "unit": "某局", "project": "某项目", "funds": {"total": 240.6, "fiscal": 210.6, "other": 30}})],
)
def fund_sum_mismatch(form: Form) -> Iterator[Finding]:
    funds = form.funds
    if funds is None or None in (funds.total, funds.fiscal):
        return
    other = funds.other or 0.0
    gap = funds.total - funds.fiscal - other
    if abs(gap) > load_ruleset("thresholds")["B004"]["tolerance_wan"]:
        yield Finding("funds.total", total=plain_number(funds.total), fiscal=plain_number(funds.fiscal),
                      other=plain_number(other), gap=("+" if gap >= 0 else "") + plain_number(gap, 2),
                      sum=plain_number(funds.fiscal + other))


@rule(
    code="B005", name="routine-as-project", severity="info",
    message="项目“{project}”像是日常运转经费，且目标含糊", hint="日常运转支出应列入基本支出；确属项目的，写明本项目专门完成的工作",
    message_en="project '{project}' looks like routine operation with a vague goal", hint_en="routine costs belong in basic expenditure; otherwise state this project's own work",
    what="项目名称是工作经费、运行经费、办案经费之类，且年度目标被判定为口号式或不可考核（G001/G003 的判定）。",
    what_en="The project is named like routine funding (工作经费, 运行经费, 办案经费) and its annual goal is judged vague (as G001/G003).",
    why="岳阳市2021年审核发现以项目名义安排日常运转经费：一笔 204 万元的办案经费实为补充日常开支。",
    why_en="Yueyang's 2021 review found projects that top up daily running costs (an 办案经费 of 204 万元).",
    source=[cite(REVIEW_2021, "以项目名义安排日常运转经费", "projects used to fund routine operation")],
    examples=[fires({"type": "project", "unit": "某局", "project": "办案经费", "annual_goal": "保障单位各项工作正常运转"}, field="project"),
              passes({"type": "project", "unit": "某局", "project": "办案经费",
                      "annual_goal": "2021年办结行政处罚案件120件，结案率不低于95%"})],
)
def routine_as_project(form: Form) -> Iterator[Finding]:
    from linter.analysis.goals import goal_decision, is_placeholder

    words = load_ruleset("goals")["routine_projects"]["words"]
    goal = form.annual_goal or ""
    if form.form_type == PROJECT and any(w in form.project for w in words) and not is_placeholder(goal) \
            and goal_decision(goal) is not None:
        yield Finding("project", project=form.project)


@rule(
    code="B006", name="unexplained-change", severity="info",
    message="本年金额 {this} 万元比上年 {previous} 万元变化 {change:+.0%}，没有说明",
    hint="在备注中说明金额由上年 {previous} 万元变为 {this} 万元的原因（如新增或完成的任务、数量变化）",
    message_en="this year's {this} 万元 changed {change:+.0%} from last year's {previous} 万元 without explanation",
    hint_en="explain in the note (备注) why the amount went from {previous} to {this} 万元 (tasks added or finished, quantities)",
    what="本年金额比上年变化超过 {B006[max_change]:.0%}，而备注中没有任何说明。",
    what_en="The amount changed by more than {B006[max_change]:.0%} from last year and the note gives no explanation.",
    why="资金大幅变化需要依据，否则无法判断预算是否科学（审核标准“预算科学性”）。",
    why_en="A large change needs a reason, or nobody can judge whether the budget is well founded.",
    source=[cite(REVIEW_2021, "审核标准“预算科学性”", "its standard of a well-founded budget"),
            _WELL_FOUNDED_BUDGET],
    examples=[fires({"type": "project", "unit": "某局", "project": "某项目", "funds": {"total": 300, "previous_year": 100}}, field="funds.total"),
              passes({"type": "project", "unit": "某局", "project": "某项目", "funds": {"total": 300, "previous_year": 100},
                      "note": "2021年新增城区3处监测站点建设任务，经费相应增加"})],
)
def unexplained_change(form: Form) -> Iterator[Finding]:
    funds = form.funds
    if funds is None or not funds.previous_year or funds.total is None or form.note.strip():
        return
    change = (funds.total - funds.previous_year) / funds.previous_year
    if abs(change) > load_ruleset("thresholds")["B006"]["max_change"]:
        yield Finding("funds.total", this=plain_number(funds.total), previous=plain_number(funds.previous_year), change=change)


def department_projects(form: Form) -> list[Task]:
    """The project rows of a department form's 年度主要任务 (personnel and running costs left out)."""
    basic = load_ruleset("indicator_words")["basic_spending"]["words"]
    return [t for t in form.tasks if t.name and not any(w in t.name for w in basic)]


def _dept_example(*projects: tuple[str, float]) -> dict:
    return {"id": "D1", "type": "department", "unit": "岳阳市审计局",
            "tasks": [{"name": "人员经费", "budget": 820}] + [{"name": n, "budget": b} for n, b in projects]}


_TOTALS = "部门表列出项目合计 {listed} 万元，本批次该单位的项目表合计 {filed} 万元"
_TOTALS_EN = "the department form lists {listed} 万元 of projects; this batch's project forms of the unit total {filed} 万元"
_RECONCILE = "核对部门整体表的项目清单和金额，与各项目支出表逐项对应"
_RECONCILE_EN = "reconcile the department form's project list with the unit's project forms"


@rule(
    code="B001", name="amount-mismatch", severity="error", scope=BATCH,
    kinds={
        "totals": Messages(_TOTALS, _RECONCILE, _TOTALS_EN, _RECONCILE_EN),
        "projects-without-form": Messages(_TOTALS + "；没有项目表的项目：{missing}", _RECONCILE,
                                          _TOTALS_EN + "; projects without a form: {missing_en}", _RECONCILE_EN),
    },
    what="部门整体支出表“年度主要任务”中各项目（人员经费、公用经费除外）的金额合计，与同一单位（简称也能识别，"
         "如“市审计局”即“岳阳市审计局”）在本批次中的项目支出表年度资金合计不一致（容差 {B004[tolerance_wan]:g} 万元），或列出的项目没有对应的项目表。"
         "只检查本批次中有该单位项目表的部门表（单位的项目表都不在本批次时无从比较）。",
    what_en="A department form's listed projects (personnel and running costs aside) do not add up to the same unit's project forms "
            "in the batch (short unit names recognised, e.g. 市审计局 for 岳阳市审计局; tolerance {B004[tolerance_wan]:g} 万元), or list projects with no form. "
            "Checked only for units with at least one project form in the run.",
    why="岳阳市2021年审核发现部门表项目合计 5,412.33 万元而项目表只有 90 万元，或部门表列了 4,883.03 万元项目却没有报项目表。",
    why_en="Yueyang's 2021 review found a department form listing 5,412.33 万元 of projects against 90 万元 in its project forms, "
           "and one listing 4,883.03 万元 of projects with no project form filed.",
    source=[cite(REVIEW_2021, "部门整体表与项目表金额不一致", "department and project forms whose amounts disagree"),
            cite(CAIYU_2015_88, "绩效目标与预算相应匹配", "performance targets that match the budget")],
    examples=[
        fires([_dept_example(("审计业务经费", 240), ("信息化建设", 90)),
               {"id": "P1", "type": "project", "unit": "市审计局", "project": "审计业务经费", "funds": {"total": 240}}], field="tasks"),
        fires([_dept_example(("审计业务经费", 240)),
               {"id": "P1", "type": "project", "unit": "市审计局", "project": "审计业务经费", "funds": {"total": 200}}], field="tasks"),
        passes([_dept_example(("审计业务经费", 240)),
                {"id": "P1", "type": "project", "unit": "市审计局", "project": "审计业务经费", "funds": {"total": 240}}]),
    ],
)
def amount_mismatch(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    from linter.nlp.normalize import comparable
    from linter.units import unit_key

    projects = [f for f in forms if f.form_type == PROJECT]
    by_unit: dict[str, list[Form]] = {}
    for f in projects:
        by_unit.setdefault(unit_key(f.unit), []).append(f)
    tolerance = load_ruleset("thresholds")["B004"]["tolerance_wan"]
    for dept in forms:
        listed = [t for t in department_projects(dept) if t.budget is not None] if dept.form_type != PROJECT else []
        if not listed:
            continue
        filed = by_unit.get(unit_key(dept.unit), [])
        if not filed:
            continue  # the unit's project forms are not in this run: nothing to compare with
        names = {comparable(f.project) for f in filed}
        missing = [t.name for t in listed if comparable(t.name) not in names]
        listed_total = sum(t.budget for t in listed)
        filed_total = sum(f.funds.total for f in filed if f.funds and f.funds.total is not None)
        if abs(listed_total - filed_total) > tolerance or missing:
            shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
            yield dept, Finding("tasks", kind="projects-without-form" if missing else "totals",
                                listed=plain_number(listed_total), filed=plain_number(filed_total), missing=shown,
                                missing_en=", ".join(missing[:5]))
