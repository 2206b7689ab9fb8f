"""What to re-check first: `python -m policy review`.

Every fact in data/ (a state's dated facts, an instrument, a rule, an open question) with what a
maintainer needs to decide where to look: the newest date its sources state the law (oldest first),
its confidence (lowest first), how many cells of the matrix depend on it (most first), its open
questions, and an optional `review_by` date. The review *fails* (exit 1) when a fact has no source
or no as-of date, cites a source that does not exist, or carries a `review_by` date that has passed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .engine import matrix
from .knowledge_base import KnowledgeBase, _partial_date_start
from .models import CONFIDENCES, LAW_SOURCE_KINDS

COLUMNS = ["rank", "fact", "kind", "newest_source", "confidence", "cells", "review_by", "overdue",
           "sources", "open_questions", "label"]


@dataclass(frozen=True)
class FactRow:
    fact: str  # e.g. rule:ru-paid-eaeu-family, state:KZ.contributions[2], instrument:eaeu-annex30
    kind: str
    sources: tuple[str, ...]
    as_of: dt.date | None
    confidence: str
    review_by: dt.date | None
    open_questions: tuple[str, ...]
    label: str


def _facts(kb: KnowledgeBase) -> list[FactRow]:
    rows: list[FactRow] = []
    for code, state in kb.states.items():
        for list_name in ("memberships", "health_model", "schemes", "contributions", "indicators"):
            for i, fact in enumerate(getattr(state, list_name)):
                label = getattr(getattr(fact, "label", None), "en", None) or getattr(fact, "value", None) or \
                    getattr(fact, "org", None) or getattr(getattr(fact, "name", None), "en", "")
                rows.append(FactRow(f"state:{code}.{list_name}[{i}]", list_name, (fact.source,), fact.as_of,
                                    fact.confidence, fact.review_by, (state.fallback.open_question,) if list_name == "health_model" else (),  # noqa: E501
                                    f"{code}: {label}"))
        court = state.court_classification
        if court is not None:
            rows.append(FactRow(f"state:{code}.court_classification", "court_classification", (court.source,),
                                court.as_of, court.confidence, None, (), f"{code}: {court.wording.en}"))
    for iid, inst in kb.instruments.items():
        rows.append(FactRow(f"instrument:{iid}", f"instrument ({inst.type})", tuple(inst.sources), inst.as_of,
                            inst.confidence, inst.review_by, tuple(inst.open_questions), inst.name.en))
    for rule in kb.rules:
        rows.append(FactRow(f"rule:{rule.id}", "rule", tuple(rule.sources), rule.as_of, rule.confidence,
                            rule.review_by, (rule.open_question,) if rule.open_question else (), rule.note.en))
    return rows


def _newest_source(kb: KnowledgeBase, sources: tuple[str, ...]) -> dt.date | None:
    """The newest date the fact's sources state the law (publication date; none: unknown)."""
    published = [kb.sources[s].published for s in sources if s in kb.sources and kb.sources[s].kind in LAW_SOURCE_KINDS]
    dates = [_partial_date_start(text) for text in published if text]
    return max(dates, default=None)


def _cells(kb: KnowledgeBase, day: dt.date) -> tuple[dict[str, int], dict[str, int]]:
    """Applicable matrix cells on ``day`` decided by each rule and citing each instrument."""
    frame = matrix(kb, day)
    frame = frame[frame["applicable"]]
    by_rule: dict[str, int] = {}
    for rules, count in frame["rules"].value_counts().items():
        for rid in str(rules).split():
            by_rule[rid] = by_rule.get(rid, 0) + int(count)
    by_instrument: dict[str, int] = {}
    for ids, count in frame["basis_ids"].value_counts().items():
        for iid in str(ids).split():
            by_instrument[iid] = by_instrument.get(iid, 0) + int(count)
    return by_rule, by_instrument


def review_table(kb: KnowledgeBase, today: dt.date | None = None) -> pd.DataFrame:
    """One row per fact, the ones to re-check first on top."""
    today = today or dt.date.today()
    by_rule, by_instrument = _cells(kb, kb.last_checked)
    records = []
    for row in _facts(kb):
        name = row.fact.split(":", 1)[1]
        cells = by_rule.get(name, 0) if row.kind == "rule" else by_instrument.get(name, 0) if row.fact.startswith("instrument:") else 0  # noqa: E501
        newest = _newest_source(kb, row.sources)
        records.append({
            "fact": row.fact,
            "kind": row.kind,
            "newest_source": newest.isoformat() if newest else "",
            "confidence": row.confidence,
            "cells": cells,
            "review_by": row.review_by.isoformat() if row.review_by else "",
            "overdue": bool(row.review_by and row.review_by < today),
            "sources": " ".join(row.sources),
            "open_questions": " ".join(row.open_questions),
            "label": row.label,
            "_newest": newest or dt.date.min,  # an undated source counts as the oldest
            "_conf": -CONFIDENCES.index(row.confidence),  # low first
        })
    frame = pd.DataFrame(records)
    frame = frame.sort_values(["overdue", "_newest", "_conf", "cells", "fact"], ascending=[False, True, True, False, True])  # noqa: E501
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame[COLUMNS].reset_index(drop=True)


def open_questions_table(kb: KnowledgeBase, today: dt.date | None = None) -> pd.DataFrame:
    today = today or dt.date.today()
    rows = [{
        "question": qid,
        "status": q.status,
        "as_of": q.as_of.isoformat(),
        "review_by": q.review_by.isoformat() if q.review_by else "",
        "overdue": bool(q.review_by and q.review_by < today),
        "states": " ".join(q.states),
        "text": q.question.en,
    } for qid, q in kb.open_questions.items() if q.status != "answered"]
    frame = pd.DataFrame(rows)
    return frame.sort_values(["overdue", "status", "as_of", "question"], ascending=[False, True, True, True]).reset_index(drop=True)  # noqa: E501


def review_problems(kb: KnowledgeBase, today: dt.date | None = None) -> list[str]:
    """Why the review fails: a fact without a source or an as-of date, or a review date passed."""
    today = today or dt.date.today()
    problems = []
    for row in _facts(kb):
        if not row.sources:
            problems.append(f"{row.fact}: no source")
        for sid in row.sources:
            if sid not in kb.sources:
                problems.append(f"{row.fact}: cites unknown source {sid!r}")
        if row.as_of is None:
            problems.append(f"{row.fact}: no as-of date")
        if row.review_by and row.review_by < today:
            problems.append(f"{row.fact}: marked for review by {row.review_by}, which has passed ({today})")
    for qid, question in kb.open_questions.items():
        if question.review_by and question.review_by < today and question.status != "answered":
            problems.append(f"open_question:{qid}: marked for review by {question.review_by}, which has passed ({today})")  # noqa: E501
    return problems
