"""Link the rows of side tables (funding, staffing) to the form of the same unit and project.

The seed review keeps a form's parts in separate tables: goals, funding (万元) and staffing.
Given in one run, the rows that share a unit (and, for projects, a project name) become one
form, so budget rules see the goals and the amounts together. Each field keeps the location
it came from, so a diagnostic on `funds.previous_year` points at the funding table's line.
"""

from __future__ import annotations

from dataclasses import replace

from linter.model import Form
from linter.nlp.normalize import comparable
from linter.units import unit_key

SIDE_SOURCES = ("funding-table", "staffing-table")


def form_key(form: Form) -> tuple[str, str, str]:
    return form.form_type, unit_key(form.unit), comparable(form.project)


def link_side_tables(forms: list[Form]) -> list[Form]:
    """Forms with side-table rows merged into their primary form; unmatched rows stay forms of their own."""
    result: list[Form] = []
    primary: dict[tuple[str, str, str], int] = {}
    sides: list[Form] = []
    for form in forms:
        if form.source in SIDE_SOURCES:
            sides.append(form)
        else:
            primary.setdefault(form_key(form), len(result))
            result.append(form)
    for side in sides:
        index = primary.get(form_key(side))
        if index is None:
            primary[form_key(side)] = len(result)
            result.append(side)
        elif (side.funds and result[index].funds) or (side.staff and result[index].staff):
            result.append(side)  # its form has these figures already: a second row is linted on its own, never dropped
        else:
            result[index] = _merge(result[index], side)
    return result


def _merge(form: Form, side: Form) -> Form:
    borrowed = {k: v for k, v in side.locations.items() if k.startswith(("funds.", "staff."))}
    return replace(
        form,
        funds=form.funds or side.funds,
        staff=form.staff or side.staff,
        locations={**borrowed, **form.locations},
    )
