"""Train the vague-goal classifier and write linter/models/goal_classifier.json and its metrics.

Recipe (run with `make model`; deterministic):
  data      corpora/seed/{project,department}_goals.jsonl texts, labels from
            corpora/labels/goals_labels.jsonl (hand labels, rubric in corpora/labels/RUBRIC.md);
            empty and placeholder goals are left out (G006 handles them).
  features  TF-IDF of character 1–3-grams of linter.nlp.goal_features.ngram_text and TF-IDF of the
            jieba words of goal_features.word_tokens (both sublinear tf, min_df 2, l2-normalised each)
            + the dense features of goal_features.dense_features, standardised.
  model     scikit-learn LogisticRegression (liblinear, C below, class_weight balanced, random_state 0).
  eval      5-fold GroupKFold grouped by unit (no unit in both train and test): out-of-fold
            probabilities → precision/recall/F1 for "vague", Cohen's κ, and the same for the rules
            (G001 ∪ G003) as served, and for a word-list-only baseline; plus κ on RESHUFFLES more
            unit-grouped 5-fold splits, to show how much the figure moves with the split.
  held-out  the final model on the goals of corpora/public_forms.jsonl (other cities' published forms,
            never used for training or feature design), labelled blind in
            corpora/labels/public_goals_labels.jsonl.
  export    vocabulary, idf, coefficients and scaler as JSON, so serving needs no scikit-learn.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import scipy.sparse as sp
import sklearn
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support
from sklearn.model_selection import GroupKFold
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from linter.nlp.goal_features import DENSE_BLOCKS, DENSE_NAMES, dense_features, ngram_text, word_tokens  # noqa: E402
from linter.analysis.goals import is_placeholder  # noqa: E402

LABELS = ROOT / "corpora" / "labels" / "goals_labels.jsonl"
SOURCES = [ROOT / "corpora" / "seed" / "project_goals.jsonl", ROOT / "corpora" / "seed" / "department_goals.jsonl"]
MODEL = ROOT / "linter" / "models" / "goal_classifier.json"
CARD = ROOT / "linter" / "models" / "goal_classifier.md"
METRICS = ROOT / "linter" / "models" / "goal_classifier_metrics.json"
PUBLIC_FORMS = [ROOT / "corpora" / "public_forms.jsonl", ROOT / "corpora" / "public_forms_2.jsonl"]
PUBLIC_LABELS = ROOT / "corpora" / "labels" / "public_forms_labels.jsonl"
CITY_TEST = ROOT / "linter" / "models" / "goal_city_test.json"  # written by scripts/eval_goals.py --split test --write
BLOCKS = ("char n-grams", "jieba words", *DENSE_BLOCKS)
C = 8.0
FOLDS = 5
RESHUFFLES = 5
# A word-list-only baseline: the filler words issue 3 names, flagged wherever they occur.
BASELINE_WORDS = ["保障", "提升", "提高", "加强", "推进", "推动", "坚持", "全力", "切实", "扎实", "进一步", "不断",
                  "完善", "营造", "打造", "确保", "落实", "促进"]


def load_data() -> tuple[list[str], np.ndarray, list[str], list[tuple[str, str]]]:
    labels = {}
    for line in LABELS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[(row["id"], row["field"])] = row["label"]
    texts, y, groups, keys = [], [], [], []
    for source in SOURCES:
        for line in source.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            for field in ("long_term_goal", "annual_goal"):
                key = (row["id"], field)
                if key not in labels or field not in row or is_placeholder(row[field]):
                    continue
                texts.append(row[field])
                y.append(1 if labels[key] == "vague" else 0)
                groups.append(row["unit"])
                keys.append(key)
    return texts, np.array(y), groups, keys


def vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), min_df=2, sublinear_tf=True,
                            preprocessor=ngram_text, lowercase=False, dtype=np.float64)
    words = TfidfVectorizer(analyzer=word_tokens, min_df=2, sublinear_tf=True, dtype=np.float64)
    return chars, words


def _matrix(parts, texts: list[str], train: bool, drop: frozenset[str]):
    chars, words, scaler = parts[:3]
    dense = np.array([dense_features(t) for t in texts])
    keep = [j for j, name in enumerate(DENSE_NAMES) if not any(name in DENSE_BLOCKS[b] for b in drop & set(DENSE_BLOCKS))]
    dense = dense[:, keep] if keep else np.zeros((len(texts), 1))
    blocks = [sp.csr_matrix(chars.fit_transform(texts) if train else chars.transform(texts))
              if "char n-grams" not in drop else None,
              sp.csr_matrix(words.fit_transform(texts) if train else words.transform(texts))
              if "jieba words" not in drop else None,
              sp.csr_matrix(scaler.fit_transform(dense) if train else scaler.transform(dense))]
    return sp.hstack([b for b in blocks if b is not None]).tocsr()


def fit(texts: list[str], y: np.ndarray, drop: frozenset[str] = frozenset()):
    """Vectorisers, scaler and logistic regression fitted on `texts`; `drop` leaves feature blocks out (ablation)."""
    chars, words = vectorizers()
    scaler = StandardScaler()
    x = _matrix((chars, words, scaler), texts, True, drop)
    # liblinear shuffles with numpy's global generator unless given a seed: fix it so runs repeat.
    model = LogisticRegression(C=C, solver="liblinear", class_weight="balanced", max_iter=1000, random_state=0)
    model.fit(x, y)
    return chars, words, scaler, model, drop


def predict_proba(parts, texts: list[str]) -> np.ndarray:
    return parts[3].predict_proba(_matrix(parts, texts, False, parts[4]))[:, 1]


def scores(y: np.ndarray, pred: np.ndarray) -> dict[str, float]:
    p, r, f, _ = precision_recall_fscore_support(y, pred, average="binary", pos_label=1, zero_division=0)
    p0, r0, _, _ = precision_recall_fscore_support(y, pred, average="binary", pos_label=0, zero_division=0)
    return {"precision": round(float(p), 3), "recall": round(float(r), 3), "f1": round(float(f), 3),
            "kappa": round(float(cohen_kappa_score(y, pred)), 3),
            "concrete_precision": round(float(p0), 3), "concrete_recall": round(float(r0), 3)}


def second_pass_agreement() -> dict:
    """Cohen's κ between the labels and an independent second labelling pass of the same texts."""
    parts = ROOT / "corpora" / "labels" / "parts"

    def read(name: str) -> dict:
        return {(r["id"], r["field"]): r["label"] for r in map(json.loads, (parts / name).read_text(encoding="utf-8").splitlines())}

    first, second = {}, {}
    for a, b in (("goals_p1.jsonl", "goals_p1b.jsonl"), ("goals_p3.jsonl", "goals_p3b.jsonl")):
        first.update(read(a))
        second.update(read(b))
    keys = sorted(set(first) & set(second))
    return {"texts": len(keys), "kappa": round(float(cohen_kappa_score([first[k] for k in keys], [second[k] for k in keys])), 3),
            "agreement": round(sum(first[k] == second[k] for k in keys) / len(keys), 3)}


def out_of_fold(texts: list[str], y: np.ndarray, groups: list[str], folds: GroupKFold,
                drop: frozenset[str] = frozenset()) -> np.ndarray:
    """P(vague) of every text from a model fitted without its unit's texts."""
    oof = np.zeros(len(texts))
    for train, test in folds.split(texts, y, groups):
        parts = fit([texts[i] for i in train], y[train], drop)
        oof[test] = predict_proba(parts, [texts[i] for i in test])
    return oof


def evaluate() -> dict:
    """Unit-grouped cross-validation of the classifier, the rules as served, and the word-list baseline."""
    from linter.analysis.goals import vague_decision

    texts, y, groups, keys = load_data()
    oof = out_of_fold(texts, y, groups, GroupKFold(n_splits=FOLDS))
    # The same recipe on other unit-grouped splits: the reported κ is one draw of these.
    reshuffled = []
    for seed in range(1, RESHUFFLES + 1):
        other = out_of_fold(texts, y, groups, GroupKFold(FOLDS, shuffle=True, random_state=seed))
        reshuffled.append(float(cohen_kappa_score(y, (other >= 0.5).astype(int))))
    served = np.array([int(vague_decision(t, p) is not None) for t, p in zip(texts, oof)])
    baseline = np.array([int(any(w in t for w in BASELINE_WORDS)) for t in texts])
    worst = np.argsort(-np.abs(oof - y))[:15]
    return {
        "data": {"texts": len(texts), "vague": int(y.sum()), "concrete": int(len(y) - y.sum()),
                 "units": len(set(groups)), "labels_sha256": hashlib.sha256(LABELS.read_bytes()).hexdigest()[:16]},
        "cv": f"{FOLDS}-fold GroupKFold by unit, out-of-fold",
        "second_labelling_pass": second_pass_agreement(),
        "classifier_alone": scores(y, (oof >= 0.5).astype(int)),
        "classifier_alone_kappa_reshuffled": {"splits": RESHUFFLES, "mean": round(float(np.mean(reshuffled)), 3),
                                              "sd": round(float(np.std(reshuffled)), 3),
                                              "each": [round(k, 3) for k in reshuffled]},
        "rules_as_served_G001_or_G003": scores(y, served),
        "word_list_baseline": scores(y, baseline),
        "versions": {"scikit-learn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0]},
        "largest_errors": [{"id": keys[i][0], "field": keys[i][1], "label": "vague" if y[i] else "concrete",
                            "p_vague": round(float(oof[i]), 2), "text": texts[i][:60]} for i in worst],
    }


def is_test_form(source: str) -> bool:
    """The lead's fixed split of the published forms by source page (TEST forms are read only by scripts/eval_goals.py)."""
    return int(hashlib.sha1(source.encode()).hexdigest(), 16) % 2 == 1


def city_dev() -> tuple[list[str], np.ndarray]:
    """Goals of the DEV published forms (other cities) with their settled labels; test forms are skipped unread."""
    labels = {r["form"]: r for r in map(json.loads, PUBLIC_LABELS.read_text(encoding="utf-8").splitlines())}
    texts, y = [], []
    for path in PUBLIC_FORMS:
        for record in map(json.loads, path.read_text(encoding="utf-8").splitlines()):
            label = labels.get(record["id"])
            if label is None or is_test_form(record["source"]):
                continue
            for field, key in (("long_term_goal", "long_label"), ("annual_goal", "annual_label")):
                text = record.get(field) or ""
                if label.get(key) in ("vague", "concrete") and text.strip() and not is_placeholder(text):
                    texts.append(text)
                    y.append(int(label[key] == "vague"))
    return texts, np.array(y)


def held_out(parts) -> dict:
    """The final model and the served rules on the dev published forms' goals (other cities; nothing fitted on them)."""
    from linter.analysis.goals import vague_decision

    texts, y = city_dev()
    served = np.array([int(vague_decision(t, p) is not None) for t, p in zip(texts, predict_proba(parts, texts))])
    return {"texts": len(texts), "vague": int(y.sum()), "concrete": int(len(y) - y.sum()),
            "rules_as_served_G001_or_G003": scores(y, served)}


def block_gains(texts: list[str], y: np.ndarray, groups: list[str]) -> dict:
    """κ with every block and with each block left out: across units (the GroupKFold split) and across cities (dev)."""
    city_texts, city_y = city_dev()
    out = {}
    for drop in (None, *BLOCKS):
        dropped = frozenset([drop]) if drop else frozenset()
        oof = out_of_fold(texts, y, groups, GroupKFold(n_splits=FOLDS), dropped)
        city = predict_proba(fit(texts, y, dropped), city_texts)
        out[drop or "all"] = {"units_kappa": scores(y, (oof >= 0.5).astype(int))["kappa"],
                              "cities_kappa": scores(city_y, (city >= 0.5).astype(int))["kappa"]}
    return out


def rewrite_card() -> None:
    """Only the card, from the stored metrics and the latest city check (after scripts/eval_goals.py --write)."""
    metrics = json.loads(METRICS.read_text(encoding="utf-8"))
    if CITY_TEST.exists():
        metrics["city_check_test"] = json.loads(CITY_TEST.read_text(encoding="utf-8"))
    METRICS.write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    CARD.write_text(card(metrics), encoding="utf-8")


def main() -> None:
    if sys.argv[1:] == ["--card"]:
        return rewrite_card()
    metrics = evaluate()
    texts, y, groups, _ = load_data()
    parts = fit(texts, y)
    chars, words, scaler, model, _ = parts
    metrics["city_check_dev"] = held_out(parts)
    metrics["block_gains"] = block_gains(texts, y, groups)
    if CITY_TEST.exists():
        metrics["city_check_test"] = json.loads(CITY_TEST.read_text(encoding="utf-8"))
    export = {
        "version": 2,
        "ngram_range": [1, 3],
        "chars": {"vocabulary": _vocabulary(chars), "idf": [round(float(v), 8) for v in chars.idf_]},
        "words": {"vocabulary": _vocabulary(words), "idf": [round(float(v), 8) for v in words.idf_]},
        "dense_names": list(DENSE_NAMES),
        "dense_mean": [float(v) for v in scaler.mean_],
        "dense_scale": [float(v) for v in scaler.scale_],
        "coef": [round(float(v), 8) for v in model.coef_[0]],
        "intercept": float(model.intercept_[0]),
        "trained_on": metrics["data"],
    }
    MODEL.write_text(json.dumps(export, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    METRICS.write_text(json.dumps(metrics, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    CARD.write_text(card(metrics), encoding="utf-8")
    print(json.dumps({k: v for k, v in metrics.items() if k != "largest_errors"}, ensure_ascii=False, indent=2))


def _vocabulary(vec: TfidfVectorizer) -> dict[str, int]:
    return {k: int(v) for k, v in sorted(vec.vocabulary_.items(), key=lambda kv: kv[1])}


def card(metrics: dict) -> str:
    """The model card, regenerated with every training run so its figures are the file's."""
    return _card_method(metrics) + "\n" + _card_results(metrics) + "\n" + _card_caveats(metrics)


def _card_method(metrics: dict) -> str:
    """Task, data, features, model and how it is evaluated."""
    d = metrics["data"]
    return f"""# Model card: vague-goal classifier (`goal_classifier.json`)

Written by `linter/models/train_goal_classifier.py` (`make model`); do not edit by hand.

- **Task**: is a 中长期目标 / 年度目标 text vague (a reviewer could not check it at year end) or concrete.
  Served by `linter/nlp/goal_classifier.py` for G001 slogan-goal and G003 unmeasurable-goal.
- **Data**: {d['texts']} goal texts ({d['vague']} vague, {d['concrete']} concrete) of {d['units']} units from
  `corpora/seed/` (Yueyang 2021 budget review), hand-labelled by reading under `corpora/labels/RUBRIC.md`
  (labels file sha256 prefix `{d['labels_sha256']}`); empty and placeholder goals are left to G006.
- **Features**: TF-IDF of character 1–3-grams (digits folded to 0, list numbering removed) and TF-IDF of
  jieba words (the compact dictionary and budget terms of `linter/nlp/pipeline.py`), both sublinear tf,
  min_df 2, plus {len(DENSE_NAMES)} standardised dense features (`linter/nlp/goal_features.py`) in blocks of one
  meaning each: {_blocks_text()}. The *elements* are those of `linter/nlp/elements.py`: quantities from the unit
  lexicon and from jieba's tags (numeral + measure word of `linter/rulesets/measure_words.yaml`, with the
  approximation markers 约/余/多/近/左右/以上), dates and deadline years governed by 完成/建成/实现/达到, named
  deliverables and named works (a construction or purchase verb with a concrete object: 建设新围墙). *Structure*
  counts clauses with the one clause splitter of `linter/nlp/pipeline.py` and the share of clauses opened by a
  work verb whose object is not an abstract outcome; *checkable forms* are zero-incident targets, percentages,
  counted numbers and whether anything checkable is present.
- **Model**: logistic regression (liblinear, C={C}, balanced class weights, fixed seed). Exported as JSON (vocabulary,
  idf, scaler, weights) so serving imports no scikit-learn; tests check served = scikit-learn probabilities.
  The rules segment a goal with jieba only when its words could change the decision (a bound on the word
  block's share of the score, `is_vague`); tests check the decisions equal the full model's.
- **Evaluation**: {metrics['cv']} — no unit has texts in both train and test. "vague" is the positive class;
  κ is Cohen's kappa against the labels; the last two columns are the concrete class.
"""


def _card_results(metrics: dict) -> str:
    """The cross-validated scores, the city check and what each feature block adds."""
    from linter.rulesets import load_ruleset

    rs = metrics["classifier_alone_kappa_reshuffled"]
    served_at = load_ruleset("thresholds")["G001_G003"]["vague"]
    return f"""| predictor | precision | recall | F1 | κ | concrete P | concrete R |
|---|---|---|---|---|---|---|
{_score_row("classifier alone (p ≥ 0.5)", metrics["classifier_alone"])}
{_score_row("**G001 ∪ G003 as served**", metrics["rules_as_served_G001_or_G003"])}
{_score_row("word-list baseline", metrics["word_list_baseline"])}

The word-list baseline flags a goal when it contains any of: {'、'.join(BASELINE_WORDS)}.
The served rules flag a goal at p ≥ {served_at} (`G001_G003.vague` in `linter/rulesets/thresholds.yaml`).
On {rs['splits']} other unit-grouped 5-fold splits the classifier's κ is {rs['mean']:.3f} ± {rs['sd']:.3f}
({', '.join(f'{k:.3f}' for k in rs['each'])}): the table's κ is one draw of these.

{_city_text(metrics)}

**What each block adds** (κ of the classifier alone at p ≥ 0.5 with every block, and with one block left out;
*across units*: out-of-fold on the table's unit-grouped split; *across cities*: the model fitted on all seed
texts, on the {metrics['city_check_dev']['texts']} goals of the DEV published forms):

| blocks | κ across units | κ across cities (dev) |
|---|---|---|
{_gains_rows(metrics["block_gains"])}
"""


def _card_caveats(metrics: dict) -> str:
    """How the features were chosen, what was tried, versions, label agreement and limits."""
    v = metrics["versions"]
    kappa = metrics["rules_as_served_G001_or_G003"]["kappa"]
    return f"""- **How the features were chosen**: the checkable-forms block and part of the structure block were written after
  reading an earlier model's out-of-fold errors on these same 842 texts (κ 0.632 before them), so the
  unit-grouped figure is not from data the features were designed without; the reshuffled mean is the less
  optimistic figure. This revision reads the elements from jieba tokens (approximation markers, measure words
  the unit lexicon lacks, deadline years, named works), counts clauses with the pipeline's splitter and groups
  the dense features in blocks; it changed no hyperparameter: C and the 0.5 threshold are as before. The city
  check's DEV goals were read; the TEST goals only by `scripts/eval_goals.py`, once before and once after.
- **Tried without gain** (earlier revisions, κ on the table's split / mean of reshuffled splits): C from 2 to 32
  with the dense block weighted ×0.5–×2 (within the spread); no class weights; a threshold chosen by an inner
  unit-grouped CV (it swung between 0.30 and 0.725); per-clause shares of elements and slogans; a broader
  zero-target pattern; work verbs anywhere in a clause; other n-gram ranges, word bigrams, a goal-field
  feature, stacking with gradient boosting. In this revision, leaving the character n-grams out (the block most
  prone to memorising spellings) costs {_drop_cost(metrics, 'char n-grams')} κ across units and nothing on the dev cities, so
  it stays until a larger city check can decide.
- **Versions**: scikit-learn {v['scikit-learn']}, numpy {v['numpy']}, Python {v['python']}; model format version 2.
- **Label agreement**: {metrics['second_labelling_pass']['texts']} of the texts were labelled again in an
  independent second pass (`corpora/labels/parts/*b.jsonl`): κ = {metrics['second_labelling_pass']['kappa']}
  ({metrics['second_labelling_pass']['agreement']:.1%} identical). Both passes were made by AI labelling agents
  reading under the same rubric, so this bounds label noise, not what two human reviewers would agree on.
- **Limits**: trained on one city and one budget year; the city check has 19 + 18 goals. The targets are
  κ ≥ 0.80 and specificity ≥ 0.85 with P, R ≥ 0.90: across units κ is {kappa} and specificity (concrete R)
  {metrics['rules_as_served_G001_or_G003']['concrete_recall']:.3f}, {'meeting' if kappa >= 0.80 else 'short of'} them; the concrete class (about a quarter
  of the texts) is where the errors are: named works without a number, zero-incident targets and labels marked
  borderline. The largest out-of-fold errors are listed in `goal_classifier_metrics.json`.
"""


def _score_row(name: str, m: dict) -> str:
    return (f"| {name} | {m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['kappa']:.3f} "
            f"| {m['concrete_precision']:.3f} | {m['concrete_recall']:.3f} |")


def _drop_cost(metrics: dict, block: str) -> str:
    gains = metrics["block_gains"]
    return f"{gains['all']['units_kappa'] - gains[block]['units_kappa']:.3f}"


def _blocks_text() -> str:
    return "; ".join(f"*{name}* ({', '.join(names)})" for name, names in DENSE_BLOCKS.items())


def _gains_rows(gains: dict) -> str:
    return "\n".join(f"| {'all' if name == 'all' else 'without ' + name} | {g['units_kappa']:.3f} | {g['cities_kappa']:.3f} |"
                     for name, g in gains.items())


def _city_text(metrics: dict) -> str:
    """The city check: the served rules on goals of other cities' published forms (scripts/eval_goals.py)."""
    dev = metrics["city_check_dev"]
    m = dev["rules_as_served_G001_or_G003"]
    text = (f"- **City check** (goals of other cities' published forms, `corpora/public_forms*.jsonl`, labels settled "
            f"from two blind readers in `corpora/labels/public_forms_labels.jsonl`; forms split by source page, nothing "
            f"fitted on them). DEV ({dev['texts']} goals, {dev['vague']} vague; read while developing): vague P "
            f"{m['precision']:.3f}, R {m['recall']:.3f}, κ {m['kappa']:.3f}, specificity {m['concrete_recall']:.3f}.")
    for key, what in (("before_1574a77", "TEST, first figure, code before this work (1574a77)"),
                      ("final", "TEST, final code, measured once")):
        t = metrics.get("city_check_test", {}).get(key)
        if t:
            v = t["vague_goal_G001_or_G003"]
            text += (f" {what} ({v['n']} goals, {v['positives']} vague): P {v['precision']:.3f}, R {v['recall']:.3f}, "
                     f"κ {v['kappa']:.3f}, specificity {v['specificity']:.3f}.")
    return text + " Too few goals for a firm figure: one goal moves κ by about 0.1."


if __name__ == "__main__":
    main()
