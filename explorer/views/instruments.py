"""The Instruments page's view model: timeline rows, filters, the party matrix and an instrument's detail."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from explorer.i18n import t
from explorer.views.common import text_in as _t
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.models import Instrument, Party

KEPT_TIMELINES = 128  # timelines kept per knowledge base (language and the instruments chosen)


def instrument_timeline(kb: KnowledgeBase, lang: str, ids: list[str] | None = None) -> pd.DataFrame:
    """Signed → in force → ended, one row per instrument; open ends run to the data's as-of date.
    Made once per knowledge base, language and choice of instruments: the Overview and Instruments
    pages ask for it on every run (≈ 4 ms). Shared by every session: never changed in place."""
    return kept(kb, "timelines", (lang, None if ids is None else tuple(ids)),
                lambda: _instrument_timeline(kb, lang, ids), KEPT_TIMELINES)


def _instrument_timeline(kb: KnowledgeBase, lang: str, ids: list[str] | None) -> pd.DataFrame:
    rows = []
    for inst in kb.instruments.values():
        if ids is not None and inst.id not in ids:
            continue
        start = inst.signed or inst.in_force
        rows.append(
            {
                "instrument_id": inst.id,
                "name": _t(inst.short_name or inst.name, lang),  # a chart's row label
                "full_name": _t(inst.name, lang),  # the hover's and the tables'
                "type": inst.type,
                "type_label": kb.label("instrument_type", inst.type, lang),
                "status": inst.status,
                "status_label": kb.label("instrument_status", inst.status, lang),
                "signed": inst.signed,
                "in_force": inst.in_force,
                "ended": inst.ended,
                "start": start,
                "end": inst.ended or (kb.meta.as_of if start else None),
                "parties": " ".join(p.state for p in inst.parties),
                "confidence": inst.confidence,
                "sources": " ".join(inst.sources),
                "as_of": inst.as_of.isoformat(),
            }
        )
    frame = pd.DataFrame(rows)
    return (
        frame.sort_values(["start", "instrument_id"], na_position="last").reset_index(drop=True)
        if len(frame)
        else frame
    )


def filter_instruments(
    kb: KnowledgeBase,
    types: tuple[str, ...] = (),
    statuses: tuple[str, ...] = (),
    party: str | None = None,
    in_force_on: dt.date | None = None,
) -> list[str]:
    out = []
    for inst in kb.instruments.values():
        if types and inst.type not in types:
            continue
        if statuses and inst.status not in statuses:
            continue
        if party and party not in {p.state for p in inst.parties}:
            continue
        if in_force_on and not _in_force(inst, in_force_on):
            continue
        if (
            in_force_on
            and party
            and not any(_party_bound(inst, p, in_force_on) for p in inst.parties if p.state == party)
        ):
            continue  # the instrument is in force, but not yet (or no longer) for this party
        out.append(inst.id)
    return out


# A court's advisory opinion, a round table, a statement: records that bind no state, whatever their date.
NOT_BINDING = frozenset({"advisory", "event"})


def in_force_on(inst: Instrument, day: dt.date) -> str:
    """Whether ``inst`` is in force on ``day``: "verified" (from its entry-into-force date), "unverified"
    (in force by its sources, since a date they do not give: counted from its signing) or "" (not in force,
    or never binding: an advisory opinion, an event, a draft)."""
    if inst.status in NOT_BINDING or inst.ended is not None and day >= inst.ended:
        return ""
    if inst.in_force is not None:
        return "verified" if inst.in_force <= day else ""
    if inst.status == "in_force" and (inst.signed is None or inst.signed <= day):
        return "unverified"
    return ""


def _in_force(inst: Instrument, day: dt.date) -> bool:
    return bool(in_force_on(inst, day))


def _party_in_force(inst: Instrument, party: Party, day: dt.date) -> str:
    """``in_force_on`` for one party: the instrument's, within the party's own period."""
    force = in_force_on(inst, day)
    start = party.valid_from or inst.in_force
    end = party.valid_to or inst.ended
    if not force or (start is not None and day < start) or (end is not None and day >= end):
        return ""
    return force


def _party_bound(inst: Instrument, party: Party, day: dt.date) -> bool:
    """The party is bound on ``day``: the instrument is in force and so is the party's own participation."""
    return bool(_party_in_force(inst, party, day))


def _not_binding_yet_held(inst: Instrument, day: dt.date) -> bool:
    """An advisory opinion or an event on or after its date (before it, it does not exist yet)."""
    when = inst.in_force or inst.signed
    return inst.status in NOT_BINDING and (when is None or when <= day)


def party_matrix(kb: KnowledgeBase, day: dt.date, ids: list[str] | None = None) -> pd.DataFrame:
    """Instrument × state on ``day``: 'bound', 'bound_unverified' (low confidence, or in force since a date
    the sources do not give), 'not_binding' (concerned by an advisory opinion, at an event: nobody is bound),
    'party_not_in_force' (a party, but the instrument or its participation is not in force that day) or ''
    (not a party)."""
    rows = []
    for inst in kb.instruments.values():
        if ids is not None and inst.id not in ids:
            continue
        row = {"instrument_id": inst.id}
        for code in kb.states:
            party = next((p for p in inst.parties if p.state == code), None)
            if party is None:
                row[code] = ""
                continue
            force = _party_in_force(inst, party, day)
            if force:
                low = (party.confidence or inst.confidence) == "low"
                row[code] = "bound_unverified" if low or force == "unverified" else "bound"
            elif _not_binding_yet_held(inst, day):
                row[code] = "not_binding"
            else:
                row[code] = "party_not_in_force"
        rows.append(row)
    return pd.DataFrame(rows)


def _source_record(kb: KnowledgeBase, sid: str, lang: str) -> dict:
    source = kb.sources[sid]
    return {
        "id": sid,
        "title": source.title_en if lang == "en" and source.title_en else source.title,
        "original_title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "published": source.published,
        "accessed": source.accessed.isoformat(),
        "kind": source.kind,
    }


def instrument_detail(kb: KnowledgeBase, instrument_id: str, day: dt.date, lang: str) -> dict:
    """Everything the instrument's detail view shows: names in both languages (the legal original is
    Russian), dates, parties with their own dates, what it means for workers and for family members,
    articles, separate opinions, sources and the open questions about it."""
    inst = kb.instruments[instrument_id]
    bound = party_matrix(kb, day, [instrument_id]).iloc[0].to_dict()
    questions = dict.fromkeys(
        [*inst.open_questions, *(q.id for q in kb.open_questions.values() if instrument_id in q.instruments)]
    )
    return {
        "id": inst.id,
        "name": _t(inst.name, lang),
        "name_ru": inst.name.ru,
        "name_en": inst.name.en,
        # the names the detail view lists: in English, the English name and the Russian original;
        # in Russian, the Russian name only (an English name would be English prose there)
        "names": [("instruments.name_en", inst.name.en), ("instruments.name_ru", inst.name.ru)]
        if lang == "en" else [("instruments.name_ru", inst.name.ru)],
        "type": kb.label("instrument_type", inst.type, lang),
        "status": kb.label("instrument_status", inst.status, lang),
        "signed": inst.signed,
        "in_force": inst.in_force,
        "ended": inst.ended,
        "date_note": _t(inst.date_note, lang),
        "parent": inst.parent,
        "members": [i.id for i in kb.instruments.values() if i.parent == inst.id],
        "summary": _t(inst.summary, lang),
        "workers": _t(inst.workers, lang),
        "family_members": _t(inst.family_members, lang),
        "parties": [
            {
                "state": p.state,
                "name": _t(kb.states[p.state].name, lang) if p.state in kb.states else p.state,
                "from": p.valid_from or inst.in_force,
                "to": p.valid_to or inst.ended,
                "on_date": bound.get(p.state, ""),
                "confidence": p.confidence or inst.confidence,
                "note": _t(p.note, lang),
            }
            for p in inst.parties
        ],
        "articles": [
            {"ref": a.ref_ru if lang == "ru" and a.ref_ru else a.ref, "summary": _t(a.summary, lang),
             "confidence": a.confidence, "source": a.source}
            for a in inst.articles
        ],
        "separate_opinions": [
            {
                "judge": _t(o.judge, lang),
                "kind": o.kind,
                "summary": _t(o.summary, lang),
                "confidence": o.confidence,
                "source": o.source,
            }
            for o in inst.separate_opinions
        ],
        "sources": [_source_record(kb, sid, lang) for sid in inst.sources],
        "open_questions": [
            {
                "id": q,
                "question": _t(kb.open_questions[q].question, lang),
                "context": _t(kb.open_questions[q].context, lang),
                "status": kb.open_questions[q].status,
            }
            for q in questions
            if q in kb.open_questions
        ],
        "confidence": inst.confidence,
        "as_of": inst.as_of.isoformat(),
        "encoding": encoding_decision(kb, instrument_id, lang),
        # its own links, then the records that link to it (an event's statement, a draft's round table)
        "related": related_records(
            kb,
            [*inst.related, *(i.id for i in kb.instruments.values() if instrument_id in i.related)],
            lang,
            exclude=instrument_id,
        ),
    }


def encoding_decision(kb: KnowledgeBase, instrument_id: str, lang: str) -> dict | None:
    """Whether the engine applies the instrument: encoded, with the rules that cite it (their level and
    note), or not encoded, and why; None where the data records no decision."""
    decision = kb.instruments[instrument_id].encoding
    if decision is None:
        return None
    rules = kb.rules_by_id
    return {
        "decision": decision.decision,
        "label": t(f"instruments.encoding.{decision.decision}", lang),
        "reason": _t(decision.reason, lang),
        "rules": [
            {
                "id": rid,
                "level": kb.label("level", rules[rid].level, lang),
                "note": _t(rules[rid].note, lang),
            }
            for rid in decision.rules
            if rid in rules
        ],
    }


def related_records(kb: KnowledgeBase, ids: list[str], lang: str, exclude: str | None = None) -> list[dict]:
    """The records a detail view links to (instruments and events), once each, in the order given: the
    name a link shows, type, date, and each one's sources with its as-of date."""
    out = []
    for rid in dict.fromkeys(ids):
        inst = kb.instruments.get(rid)
        if inst is None or rid == exclude:
            continue
        out.append(
            {
                "id": rid,
                "name": _t(inst.short_name or inst.name, lang),
                "full_name": _t(inst.name, lang),
                "type": inst.type,
                "type_label": kb.label("instrument_type", inst.type, lang),
                "date": inst.signed or inst.in_force,
                "summary": _t(inst.summary, lang),
                "sources": [_source_record(kb, sid, lang) for sid in inst.sources if sid in kb.sources],
                "as_of": inst.as_of.isoformat(),
                "confidence": inst.confidence,
            }
        )
    return out
