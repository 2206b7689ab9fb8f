"""The knowledge base as flat pandas tables: for pages, downloads (CSV/XLSX/JSON) and analysts.

Every table keeps the source id and as-of date next to each fact, and bilingual text as
``*_en`` / ``*_ru`` column pairs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pandas as pd

from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.models import Rule, Text


def _text(prefix: str, text: Text | None) -> dict[str, Any]:
    return {f"{prefix}_en": text.en if text else None, f"{prefix}_ru": text.ru if text else None}


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def sources(kb: KnowledgeBase) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source_id": s.id,
                "title": s.title,
                "title_en": s.title_en,
                "publisher": s.publisher,
                "url": s.url,
                "published": s.published,
                "accessed": _date(s.accessed),
                "language": s.language,
                "kind": s.kind,
                "note": s.note,
                "note_ru": s.note_ru,  # our description in Russian (titles and publishers stay as published)
            }
            for s in kb.sources.values()
        ]
    )


def states(kb: KnowledgeBase) -> pd.DataFrame:
    rows = []
    for st in kb.states.values():
        rows.append(
            {
                "state": st.code,
                **_text("name", st.name),
                "currency": st.currency,
                "roles": " ".join(st.roles),
                **_text("foreigners", st.foreigners),
                **_text("family_members", st.family_members),
                **_text("emergency", st.emergency),
                **_text("notes", st.notes),
                "sources": " ".join(st.sources),
                "as_of": _date(st.as_of),
            }
        )
    return pd.DataFrame(rows)


def state_facts(kb: KnowledgeBase) -> pd.DataFrame:
    """Every dated fact about a state, one row each: memberships, models, schemes, contributions, indicators."""
    rows = []
    for st in kb.states.values():
        for m in st.memberships:
            rows.append(_fact_row(st.code, "membership", m, value=m.org))
        for f in st.health_model:
            rows.append(_fact_row(st.code, "health_model", f, value=f.value))
        for sc in st.schemes:
            rows.append(_fact_row(st.code, "scheme", sc, value=sc.name.en, value_ru=sc.name.ru,
                                  detail=sc.fund.en, detail_ru=sc.fund.ru, year=sc.start_year))
        for c in st.contributions:
            rows.append(_fact_row(st.code, "contribution", c, value=c.rate, detail=c.label.en, detail_ru=c.label.ru,
                                  unit=c.unit, currency=c.currency, payer=c.payer))
        for ind in st.indicators:
            rows.append(_fact_row(st.code, "indicator", ind, value=ind.value, detail=ind.id, year=ind.year))
    return pd.DataFrame(rows)


def _fact_row(code: str, kind: str, fact: Any, **extra: Any) -> dict[str, Any]:
    row = {
        "state": code,
        "fact": kind,
        "value": None,
        "value_ru": None,
        "detail": None,
        "detail_ru": None,
        "unit": None,
        "currency": None,
        "payer": None,
        "year": None,
        "valid_from": _date(fact.valid_from),
        "valid_to": _date(fact.valid_to),
        "source_id": fact.source,
        "as_of": _date(fact.as_of),
        "confidence": fact.confidence,
        **_text("note", fact.note),
    }
    row.update(extra)
    if row["value"] is not None:
        row["value"] = str(row["value"])
    return row


def instruments(kb: KnowledgeBase) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "instrument_id": i.id,
                **_text("name", i.name),
                **_text("short_name", i.short_name),
                "type": i.type,
                "status": i.status,
                "parties": " ".join(p.state for p in i.parties),
                "signed": _date(i.signed),
                "in_force": _date(i.in_force),
                "ended": _date(i.ended),
                "parent": i.parent,
                **_text("summary", i.summary),
                **_text("workers", i.workers),
                **_text("family_members", i.family_members),
                "articles": "; ".join(a.ref for a in i.articles),
                "articles_ru": "; ".join(a.ref_ru or a.ref for a in i.articles),
                "open_questions": " ".join(i.open_questions),
                "sources": " ".join(i.sources),
                "as_of": _date(i.as_of),
                "confidence": i.confidence,
            }
            for i in kb.instruments.values()
        ]
    )


def parties(kb: KnowledgeBase) -> pd.DataFrame:
    rows = []
    for inst in kb.instruments.values():
        for p in inst.parties:
            rows.append(
                {
                    "instrument_id": inst.id,
                    "state": p.state,
                    "valid_from": _date(p.valid_from or inst.in_force),
                    "valid_to": _date(p.valid_to or inst.ended),
                    "confidence": p.confidence or inst.confidence,
                    "source_id": p.source,
                    **_text("note", p.note),
                }
            )
    return pd.DataFrame(rows)


def _selector(sel: Any) -> str:
    if sel.states is not None:
        text = " ".join(sel.states)
    elif sel.group is not None:
        text = f"group:{sel.group}"
    else:
        text = "any"
    return text + (f" except {' '.join(sel.exclude)}" if sel.exclude else "")


def rules(kb: KnowledgeBase, rule_list: Sequence[Rule] | None = None) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "rule_id": r.id,
                "host": _selector(r.host),
                "origin": _selector(r.origin),
                "person": " ".join(r.person),
                "status": " ".join(r.status),
                "residence": " ".join(r.residence),
                "care": " ".join(r.care),
                "vhi": " ".join(r.vhi),
                "min_contribution_years": r.min_contribution_years,
                "level": r.level,
                "payer": r.payer,
                "basis": "; ".join(f"{b.instrument} ({b.article})" if b.article else b.instrument for b in r.basis),
                "basis_ru": "; ".join(f"{b.instrument} ({b.article_in('ru')})" if b.article else b.instrument
                                      for b in r.basis),
                "valid_from": _date(r.valid_from),
                "valid_to": _date(r.valid_to),
                "confidence": r.confidence,
                "open_question": r.open_question,
                **_text("note", r.note),
                "sources": " ".join(r.sources),
                "as_of": _date(r.as_of),
            }
            for r in (rule_list if rule_list is not None else kb.rules)
        ]
    )


def open_questions(kb: KnowledgeBase) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "question_id": q.id,
                **_text("question", q.question),
                **_text("context", q.context),
                "status": q.status,
                "instruments": " ".join(q.instruments),
                "states": " ".join(q.states),
                "sources": " ".join(q.sources),
                "as_of": _date(q.as_of),
            }
            for q in kb.open_questions.values()
        ]
    )


def figures(kb: KnowledgeBase) -> pd.DataFrame:
    """One row per figure value (long format), OpenFisca style: value by date, each with its source."""
    rows = []
    for f in kb.figures.values():
        for v in f.values:
            rows.append(
                {
                    "figure_id": f.id,
                    **_text("name", f.name),
                    "kind": f.kind,
                    "unit": f.unit,
                    "measure": f.measure,
                    "host": f.host,
                    "origin": f.origin,
                    "date": _date(v.date),
                    "value": float(v.value),
                    "low": f.low,
                    "high": f.high,
                    "source_id": v.source,
                    "confidence": v.confidence,
                    **_text("method", f.method),
                    **_text("note", v.note),
                }
            )
    return pd.DataFrame(rows)


def scenarios(kb: KnowledgeBase) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "scenario_id": s.id,
                **_text("name", s.name),
                **_text("description", s.description),
                **_text("proposed_by", s.proposed_by),
                "proposed_on": _date(s.proposed_on),
                "status": s.status,
                "changes": "; ".join(
                    f"{c.op} {c.rule.id if c.op != 'remove' else c.id}" for c in s.changes
                ),
                "assume_in_force": " ".join(a.id for a in s.assume_in_force),
                "memberships": " ".join(f"{j.state}:{j.group}" for j in s.memberships),
                "open_questions": " ".join(s.open_questions),
                "sources": " ".join(s.sources),
                "as_of": _date(s.as_of),
            }
            for s in kb.scenarios.values()
        ]
    )


def glossary(kb: KnowledgeBase) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "term_id": term_id,
                **_text("term", entry.term),
                **_text("expansion", entry.expansion),
                **_text("definition", entry.definition),
                "sources": " ".join(entry.sources),
            }
            for term_id, entry in kb.vocabulary.glossary.items()
        ]
    )


TABLES = {
    "sources": sources,
    "states": states,
    "state_facts": state_facts,
    "instruments": instruments,
    "parties": parties,
    "rules": rules,
    "open_questions": open_questions,
    "figures": figures,
    "scenarios": scenarios,
    "glossary": glossary,
}


def all_tables(kb: KnowledgeBase) -> dict[str, pd.DataFrame]:
    """Every table, computed once per knowledge base (pages rerun often; the data does not change)."""
    return kept(kb, "tables", "all", lambda: {name: build(kb) for name, build in TABLES.items()})
