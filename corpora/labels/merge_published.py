"""Append a harvest's settled labels to public_rows.jsonl and public_forms_labels.jsonl.

    python corpora/labels/merge_published.py 3      # public_forms_3.jsonl, parts/public3_*
    python corpora/labels/merge_published.py 4      # public_forms_4.jsonl, parts/public4_*

Reads the two blind passes (parts/publicN_*_A.jsonl, parts/publicN_*_B.jsonl) and the settlement of their
differences (parts/publicN_settled.json): where A and B agree their label stands; where they differ the
settled value does, and a code or field left undecided is listed in `disputed` (not scored). Lines of
public_forms_N.jsonl already in the label files are replaced, so running it twice changes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "scripts"))
from published_split import split_of  # noqa: E402

FORM_FIELDS = ("I013", "long_label", "long_kind", "annual_label", "annual_kind", "no_annual_content", "same_long_annual")
KIND_OF = {"long_label": "long_kind", "annual_label": "annual_kind"}


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _rows(file: str, parts: str, splits: dict[str, str], settled: dict) -> list[dict]:
    a = {(r["form"], r["row"]): r for r in _lines(HERE / "parts" / f"{parts}_rows_A.jsonl")}
    b = {(r["form"], r["row"]): r for r in _lines(HERE / "parts" / f"{parts}_rows_B.jsonl")}
    fixed = {(s["form"], s["row"]): s for s in settled["rows"]}
    out = []
    for key in sorted(a, key=lambda k: (k[0], k[1])):
        same = set(a[key]["codes"]) == set(b[key]["codes"])
        s = fixed.get(key)
        if not same and s is None:
            sys.exit(f"{key}: A and B differ and nothing settles it")
        codes, disputed = (sorted(a[key]["codes"]), []) if same else (sorted(s["codes"]), sorted(s.get("disputed", [])))
        out.append({"split": splits[key[0]], "file": file, "form": key[0], "row": key[1], "name": a[key]["name"],
                    "codes": codes, "disputed": disputed, "settled": not same})
    return out


def _forms(file: str, parts: str, splits: dict[str, str], settled: dict) -> list[dict]:
    a = {r["form"]: r for r in _lines(HERE / "parts" / f"{parts}_forms_A.jsonl")}
    b = {r["form"]: r for r in _lines(HERE / "parts" / f"{parts}_forms_B.jsonl")}
    fixed = {(s["form"], s["field"]): s for s in settled["forms"]}
    out = []
    for form in sorted(a):
        line = {"split": splits[form], "file": file, "form": form, "disputed": []}
        for field in FORM_FIELDS:
            line[field] = a[form].get(field)
            if a[form].get(field) != b[form].get(field) and field not in KIND_OF.values():
                s = fixed.get((form, field))
                if s is None:
                    sys.exit(f"{form} {field}: A and B differ and nothing settles it")
                line[field] = None if s.get("disputed") else s["value"]
                line["disputed"] += [field] if s.get("disputed") else []
                if field in KIND_OF and line[field] == b[form].get(field):
                    line[KIND_OF[field]] = b[form].get(KIND_OF[field])  # the kind of the labeller whose label stands
        out.append(line)
    return out


def _replace(path: Path, file: str, new: list[dict]) -> None:
    kept = [r for r in _lines(path) if r.get("file") != file]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept + new), encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("harvest", type=int, choices=(3, 4))
    n = ap.parse_args().harvest
    file, parts = f"public_forms_{n}.jsonl", f"public{n}"
    records = _lines(HERE.parent / file)
    splits = {r["id"]: split_of(r["source"], file) for r in records}
    settled = json.loads((HERE / "parts" / f"{parts}_settled.json").read_text(encoding="utf-8"))
    rows, forms = _rows(file, parts, splits, settled), _forms(file, parts, splits, settled)
    counted = sum(len(r["indicators"]) for r in records)
    if len(rows) != counted or len(forms) != len(records):
        sys.exit(f"labels cover {len(rows)} rows and {len(forms)} forms; the harvest has {counted} and {len(records)}")
    _replace(HERE / "public_rows.jsonl", file, rows)
    _replace(HERE / "public_forms_labels.jsonl", file, forms)
    print(f"{len(rows)} rows ({sum(r['settled'] for r in rows)} settled), {len(forms)} forms")


if __name__ == "__main__":
    main()
