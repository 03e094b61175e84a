"""Cross-form goal checks (batch): G004 copied-goal, G005 dept-goal-is-project-goal.

Both read the batch's copy analysis (linter.analysis.goal_copies), computed once per run and shared.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from linter.analysis.goal_copies import goal_copies, group_members_to_name
from linter.model import DEPARTMENT, PROJECT, Form
from linter.registry import BATCH, CAIYU_2015_88, REVIEW_2021, ZHONGFA_2018_34, Finding, Messages, cite, fires, passes, rule
from linter.rules.goals.common import GOAL_LABELS, GOAL_LABELS_EN
from linter.rulesets import load_ruleset

_NAMES_SHOWN = 5  # units named in a G004 message; the rest are counted


def _name_goal(form: Form) -> str:
    return f"{form.unit or '（未填单位）'}（{form.form_id}）"


def _named_list(names: list[str], total: int, lang: str) -> str:
    shown = ("、" if lang == "zh" else ", ").join(names[:_NAMES_SHOWN])
    if total > _NAMES_SHOWN:
        shown += f"等 {total} 个单位" if lang == "zh" else f" and {total - _NAMES_SHOWN} more units"
    return shown


def _quote_phrases(phrases: tuple[str, ...], limit: int = 3) -> str:
    return "、".join(f"“{p}”" for p in phrases[:limit])


def _g004_units(unit: str, text: str) -> dict[str, Any]:
    return {"type": "project", "unit": unit, "project": "学校安保经费", "annual_goal": text}


_SCHOOL_SAFETY = "保证校园内全体师生的安全，保障校园内财产安全，维护稳定发展。"


@rule(
    code="G004", name="copied-goal", severity="warning", scope=BATCH,
    kinds={
        "other-units": Messages("{label}与其他单位的目标大部分重复（互相重复的一组：{units}）",
                                "写本单位本年度要完成的具体任务、数量和时间，不要套用其他单位的表述",
                                "the {label_en} mostly repeats goals of other units (its group of repeated goals: {units_en})",
                                "state this unit's own tasks, quantities and dates for the year instead of another unit's wording"),
        "stock-text": Messages("{label}大部分是通用套话（{share:.0%} 的内容与参考文本相同或几乎相同：{phrases}）",
                               "删去套话，写本项目（本单位）本年度要完成的具体工作、数量和完成时间",
                               "the {label_en} is mostly stock text ({share:.0%} repeats or nearly repeats reference texts: {phrases})",
                               "drop the stock phrases and state this year's concrete work, quantities and dates"),
    },
    what="目标大部分照搬了别的单位的目标，或大部分是通用套话。按分句判断：一个目标的分句（按标点、换行和短语间的顿号切分，"
         "去掉标点、编号、时间词后比较）有过半字数在另一单位的某个目标中逐字或近乎逐字出现，且那个目标并非只是顺带包含"
         "这句话，即为照搬；同一单位各表之间的重复不算（单位简称也能识别）。"
         "互相照搬的目标归为一组（并查集），每个成员各报告一次，列出组内其他单位（先列它照搬的那些，最多 5 个）和其他单位总数。另外，目标有过半字数是 jxlint 收录的通用套话"
         "（政治套话、职责表述、在三个以上单位目标中重复出现的工作计划用语）时也报告。",
    what_en="Most of the goal is copied from a goal of another unit, or is stock text. Decided by clauses: when more than "
            "half of the goal's clause characters (compared without punctuation, numbering or time words) appear verbatim "
            "or nearly so in a goal of another unit — and that goal is not an unrelated text that merely contains the "
            "phrase — the goal is a copy. Repeats within one unit do not count (short unit names "
            "are recognised). Copies are grouped (union-find); each member of a group is reported once, "
            "naming up to five other units of the group (those it is copied from first) and counting the rest. "
            "A goal mostly made of the stock texts jxlint collects (political formulas, duty statements, "
            "work-plan phrases that recur across three or more units) is reported too.",
    why="岳阳市2021年审核发现目标口号化、空洞，常从工作计划或总结中照搬；各单位套用同一段话，说明目标没有写本单位本年度的具体工作。",
    why_en="Yueyang's 2021 review found empty goals copied from work plans and summaries; the same paragraph in "
           "several units' forms says nothing about any one unit's work this year.",
    source=[cite(REVIEW_2021, "目标照搬工作计划或总结", "goals copied from work plans and summaries"),
            cite(CAIYU_2015_88, "绩效目标要指向明确", "targets must be specific to the unit's work")],
    examples=[
        fires([{"id": "P211", **_g004_units("岳阳市洞纺学校", _SCHOOL_SAFETY)},
               {"id": "P380", **_g004_units("岳阳市第九中学", "保证校园内全体师生的安全；保障校园内财产安全，维护稳定发展")}],
              field="annual_goal"),
        fires([{"id": "P020", "type": "project", "unit": "岳阳市人民政府办公室", "project": "专项工作经费",
                "long_term_goal": "2023年前建成全市统一的政务服务平台",
                "annual_goal": "保证各项工作顺利开展，严格控制三公经费支出"}], field="annual_goal"),
        passes([{"id": "P361", **_g004_units("岳阳市第五中学", "2021年完成教学楼消防改造，新增灭火器120具，组织疏散演练4次")},
                {"id": "D120", "type": "department", "unit": "岳阳市第五中学",
                 "annual_goal": "2021年完成教学楼消防改造，新增灭火器120具，组织疏散演练4次。"}]),
        passes([{"id": "P211", **_g004_units("岳阳市洞纺学校", "2021年完成校园监控系统改造，新增高清摄像头48个，9月开学前投入使用")},
                {"id": "P380", **_g004_units("岳阳市第九中学", "2021年聘请专职保安6名，全年校园安全事故为零，开展消防演练4次")}]),
    ],
)
def copied_goal(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    from linter.similarity import Params, reference_index

    copies = goal_copies(forms)
    params = Params.from_ruleset()
    references = None
    memo: dict[str, Any] = {}
    for i, (form, field_path, text, _) in enumerate(copies.items):
        label = dict(label=GOAL_LABELS[field_path], label_en=GOAL_LABELS_EN[field_path])
        shown, total = group_members_to_name(copies, i, _NAMES_SHOWN)
        if total:
            names = [_name_goal(copies.items[j][0]) for j in shown]
            yield form, Finding(field_path, kind="other-units", **label, units=_named_list(names, total, "zh"),
                                units_en=_named_list(names, total, "en"))
            continue
        if copies.result.family[i] is None:
            continue  # too short to judge
        if text not in memo:
            references = references or reference_index()
            memo[text] = references.match(text)
        found = memo[text]
        if found.share >= params.reference_share:
            yield form, Finding(field_path, kind="stock-text", **label, share=found.share,
                                phrases=_quote_phrases(found.phrases))


def _dept_project_example(unit: str, dept_goal: str, project_goal: str, project_unit: str | None = None) -> list[dict[str, Any]]:
    return [{"id": "D001", "type": "department", "unit": unit, "annual_goal": dept_goal},
            {"id": "P001", "type": "project", "unit": project_unit or unit, "project": "重点项目",
             "long_term_goal": "持续推进重点工作", "annual_goal": project_goal}]


_HUARONG = "1、持续抓好突出生态环境问题整改\n2、持续打好蓝天碧水净土保卫战\n3、持续深化农村人居环境整治\n4、持续提升生态环境治理效能"


@rule(
    code="G005", name="dept-goal-is-project-goal", severity="warning", scope=BATCH,
    message="部门整体目标与本单位项目{projects}的目标基本相同", hint="部门整体目标应概括本单位全年的主要任务和成效，不要照抄某个项目的目标",
    message_en="the department goal is (nearly) the same as the goal of this unit's project {projects}",
    hint_en="the department goal should sum up the unit's main tasks and results for the year, not repeat one project's goal",
    what="部门整体支出表的年度目标与同一单位某个项目支出表的中长期目标或年度目标基本相同：两者按分句比较，各自都有不少于"
         " 60% 的内容能在对方中找到。单位简称也能识别"
         "（岳阳市人大常委会 = 岳阳市人民代表大会常务委员会，市住建局 = 岳阳市住房和城乡建设局）。部门目标只是包含某个项目目标"
         "（项目是部门任务之一）不算。",
    what_en="The department form's annual goal is nearly the same as the long-term or annual goal of one of the same unit's "
            "project forms: compared by clauses, each shares at least 60% of its content with the "
            "other. Short unit names are recognised (市住建局 = 岳阳市住房和城乡建设局). A department goal that merely includes a "
            "project's goal among its tasks does not count.",
    why="岳阳市2021年审核发现部门整体目标与项目目标雷同：部门目标应覆盖单位全年工作，而不是某一个项目。",
    why_en="Yueyang's 2021 review found department goals that were the same as project goals; a department goal "
           "covers the unit's whole year, not one project.",
    source=[cite(REVIEW_2021, "部门整体目标与项目目标雷同", "department goals the same as project goals"),
            cite(ZHONGFA_2018_34, "全面设置部门和单位整体绩效目标、政策及项目绩效目标",
                 "targets are set for departments and units as a whole as well as for policies and projects")],
    examples=[
        fires(_dept_project_example("岳阳市生态环境局华容分局", "1、抓好突出生态环境问题整改\n2、打好蓝天碧水净土保卫战\n"
                                    "3、深化农村人居环境整治\n4、提升生态环境治理效能", _HUARONG), field="annual_goal"),
        fires(_dept_project_example("岳阳市人民代表大会常务委员会", "坚持科学立法、民主立法、依法立法，促进法治岳阳建设",
                                    "坚持科学立法、民主立法、依法立法，促进法治岳阳建设。", project_unit="岳阳市人大常委会"),
              field="annual_goal"),
        passes(_dept_project_example("岳阳市生态环境局", "1、完成中央环保督察反馈问题整改38项\n2、全市空气质量优良率达到85%以上\n"
                                     "3、完成12个乡镇污水处理设施建设", _HUARONG)),
        passes(_dept_project_example("岳阳市生态环境局平江分局", "1、抓好突出生态环境问题整改\n2、打好蓝天碧水净土保卫战",
                                     "1、抓好突出生态环境问题整改\n2、打好蓝天碧水净土保卫战", project_unit="岳阳市生态环境局华容分局")),
    ],
)
def dept_goal_is_project_goal(forms: list[Form]) -> Iterator[tuple[Form, Finding]]:
    from linter.similarity import Params, copy_shares, make_doc

    copies = goal_copies(forms)
    result, params = copies.result, Params.from_ruleset()
    projects: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))  # family → unit → project goals
    for i, (form, _, _, key) in enumerate(copies.items):
        if form.form_type == PROJECT and key and result.family[i] is not None:
            projects[result.family[i]][key].append(i)
    max_compared = load_ruleset("thresholds")["G005"]["max_compared"]
    for i, (form, field_path, text, key) in enumerate(copies.items):
        family = result.family[i]
        if form.form_type != DEPARTMENT or not key or family is None:
            continue
        doc, matches = make_doc(text), []
        for fam in (family, *sorted(result.covered_by.get(family, ()))):
            for j in projects.get(fam, {}).get(key, [])[:max_compared]:
                mine, theirs = copy_shares(doc, make_doc(copies.items[j][2]), params)
                if min(mine, theirs) >= params.dept_share and copies.items[j][0] not in matches:
                    matches.append(copies.items[j][0])
        if matches:
            shown = "、".join(f"“{p.project or p.form_id}”（{p.form_id}）" for p in matches[:3])
            if len(matches) > 3:
                shown += f"等 {len(matches)} 个"
            yield form, Finding(field_path, projects=shown)
