"""The rules the engine raises itself, beside it: F002 (an input it could not read), F003 (a suppression that
gives no reason or hides nothing) and F006 (a rule that crashed). They have no check function; they are
declared so that `jxlint rule`, the docs and every output describe them like any other rule."""

from __future__ import annotations

from linter.registry import JXLINT_RULES, Rule, cite, declare

declare(Rule(
    code="F002", name="unreadable-form", severity="error",
    message="无法读取：{problem}", hint="按 `jxlint schema` 的格式修正该文件或该行后重新检查",
    message_en="cannot read: {problem}", hint_en="fix the file or row to match `jxlint schema`, then lint again",
    what="文件或其中某一行无法读取为表单：格式错误、编码无法识别、列名不符、字段类型错误、空文件或文件过大。",
    what_en="The file, or a row of it, could not be read as a form: malformed, undecodable, wrong columns or field types, empty or too large.",
    why="每一份输入都必须要么被检查、要么被明确报告为无法读取，绝不能被静默跳过。",
    why_en="Every input is either linted or reported as unreadable; nothing is silently skipped.",
    examples=(), check=None,
    source=(cite(JXLINT_RULES, "每一份输入要么被检查，要么被明确报告为无法读取", "every input is either linted or reported as unreadable"),),
    sample={"zh": {"problem": "第 3 行：缺少必填字段“单位”"}, "en": {"problem": "row 3: the required field 'unit' is missing"}},
))
declare(Rule(
    code="F003", name="unused-suppression", severity="info",
    message="对 {code}{at} 的抑制{problem}", hint="{fix}",
    message_en="suppression of {code}{at} {problem_en}", hint_en="{fix_en}",
    what="一条抑制（表单 suppressions、备注中的 `jxlint: ignore CODE@位置 理由`，或表单文件旁的抑制文件）没有隐藏任何问题，"
         "没有写理由，或指向的三级指标名称、单元格在表中找不到（后两种不生效）。",
    what_en="A suppression hides no finding, gives no reason, or points at an indicator name or cell the form does not "
            "have (the last two are not applied).",
    why="过期的抑制会在表单修改后悄悄掩盖新问题；没有理由的抑制让审核人无法判断是否合理。",
    why_en="A stale suppression silently hides new problems after the form changes; without a reason a reviewer cannot judge it.",
    examples=(), check=None,
    source=(cite(JXLINT_RULES, "每条抑制都要写明理由，并且确实隐藏着一个问题", "every suppression gives a reason and still hides a finding"),),
    sample={lang: {"code": "I016", "at": "@E27", "problem": "没有隐藏任何问题：这里已没有 I016 的问题",
                   "problem_en": "hides nothing: there is no I016 finding there", "fix": "问题已改正，删除这条抑制即可",
                   "fix_en": "the problem is fixed; remove the suppression"} for lang in ("zh", "en")},
))

declare(Rule(
    code="F006", name="rule-crashed", severity="error",
    message="检查规则 {rule} 在本表上出错（{error}），该项检查没有完成", hint="本表的其余检查结果仍然有效；请把这份表单和这条信息报给 jxlint 的维护者",
    message_en="rule {rule} failed on this form ({error}), so that check was not done",
    hint_en="the other findings on this form still stand; please report this form and this message to the jxlint maintainers",
    what="jxlint 的某条检查规则在这份表单上出错而没有完成。这是 jxlint 的缺陷，不是表单的问题。",
    what_en="One of jxlint's checks failed on this form and did not finish. This is a defect in jxlint, not in the form.",
    why="没有完成的检查不能报告为“无问题”：表单要么被完整检查，要么明确说明哪项检查没有做。",
    why_en="A check that did not finish must not be reported as clean: a form is either fully checked or told which check was not done.",
    examples=(), check=None,
    source=(cite(JXLINT_RULES, "没有完成的检查不能报告为“无问题”", "a check that did not finish is never reported as clean"),),
    sample={lang: {"rule": "I003", "error": "KeyError: 'level2'"} for lang in ("zh", "en")},
))
