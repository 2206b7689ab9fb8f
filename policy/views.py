"""What each page shows, computed from the knowledge base and the engine (no Streamlit here).

Every function returns plain data (pandas frames, dicts) with the source id and as-of date next to
each value, in the requested language, so any front end can draw it.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from .engine import Case, matrix, resolve
from .knowledge_base import KnowledgeBase
from .models import CARES, PERSONS, Fact

CellKind = Literal["value", "no_data", "not_applicable", "no_entitlement"]


def _t(text, lang: str) -> str | None:
    return getattr(text, lang) if text is not None else None


def _current(facts, day: dt.date):
    """The fact that holds on ``day`` (the latest-starting one if several do)."""
    holding = [f for f in facts if f.holds_on(day)]
    return max(holding, key=lambda f: f.valid_from or dt.date.min) if holding else None


# --- region view (overview) ---------------------------------------------------------------------


def region_models(kb: KnowledgeBase, day: dt.date, lang: str) -> pd.DataFrame:
    """One row per state: its health-financing model on ``day``, with source and as-of."""
    rows = []
    for code, state in kb.states.items():
        fact = _current(state.health_model, day)
        rows.append(
            {
                "state": code,
                "iso3": state.iso3,
                "name": _t(state.name, lang),
                "model": fact.value if fact else None,
                "model_label": kb.label("health_model", fact.value, lang) if fact else None,
                "memberships": ", ".join(
                    kb.label("membership", m.org, lang) for m in state.memberships if m.holds_on(day)
                ),
                "source_id": fact.source if fact else None,
                "as_of": fact.as_of.isoformat() if fact else None,
                "confidence": fact.confidence if fact else None,
            }
        )
    return pd.DataFrame(rows)


# --- instruments ----------------------------------------------------------------------------------


def instrument_timeline(kb: KnowledgeBase, lang: str, ids: list[str] | None = None) -> pd.DataFrame:
    """Signed → in force → ended, one row per instrument; open ends run to the data's as-of date."""
    rows = []
    for inst in kb.instruments.values():
        if ids is not None and inst.id not in ids:
            continue
        start = inst.signed or inst.in_force
        rows.append(
            {
                "instrument_id": inst.id,
                "name": _t(inst.short_name or inst.name, lang),
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
    return frame.sort_values(["start", "instrument_id"], na_position="last").reset_index(drop=True) if len(frame) else frame


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
        if in_force_on and party and not any(
            _party_bound(inst, p, in_force_on) for p in inst.parties if p.state == party
        ):
            continue  # the instrument is in force, but not yet (or no longer) for this party
        out.append(inst.id)
    return out


def _in_force(inst, day: dt.date) -> bool:
    return inst.in_force is not None and inst.in_force <= day and (inst.ended is None or day < inst.ended)


def _party_bound(inst, party, day: dt.date) -> bool:
    """The party is bound on ``day``: the instrument is in force and so is the party's own participation."""
    start = party.valid_from or inst.in_force
    end = party.valid_to or inst.ended
    return _in_force(inst, day) and start is not None and start <= day and (end is None or day < end)


def party_matrix(kb: KnowledgeBase, day: dt.date, ids: list[str] | None = None) -> pd.DataFrame:
    """Instrument × state on ``day``: 'bound', 'bound_unverified' (low confidence), 'party_not_in_force'
    (a party, but the instrument or its participation is not in force that day) or '' (not a party)."""
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
            if _party_bound(inst, party, day):
                row[code] = "bound_unverified" if (party.confidence or inst.confidence) == "low" else "bound"
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
            {"ref": a.ref, "summary": _t(a.summary, lang), "confidence": a.confidence, "source": a.source}
            for a in inst.articles
        ],
        "separate_opinions": [
            {"judge": _t(o.judge, lang), "kind": o.kind, "summary": _t(o.summary, lang), "confidence": o.confidence,
             "source": o.source}
            for o in inst.separate_opinions
        ],
        "sources": [_source_record(kb, sid, lang) for sid in inst.sources],
        "open_questions": [
            {"id": q, "question": _t(kb.open_questions[q].question, lang), "context": _t(kb.open_questions[q].context, lang),
             "status": kb.open_questions[q].status}
            for q in questions if q in kb.open_questions
        ],
        "confidence": inst.confidence,
        "as_of": inst.as_of.isoformat(),
    }


# --- compare states ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    text: str
    kind: CellKind
    source_id: str | None = None
    as_of: str | None = None
    confidence: str | None = None
    detail: str | None = None
    level: str | None = None  # entitlement rows: the coverage level (drawn in the level palette)


def _fact_cell(fact: Fact | None, text: str | None, detail: str | None = None) -> Cell:
    if fact is None or text is None:
        return Cell("", "no_data")
    return Cell(text, "value", fact.source, fact.as_of.isoformat(), fact.confidence, detail)


COMPARE_CASES = (
    # (row key, person, status-for-EAEU-pairs, residence, care)
    ("worker_primary", "worker", "stay", "primary"),
    ("spouse_primary", "spouse", "stay", "primary"),
    ("child_primary", "child", "stay", "primary"),
    ("spouse_childbirth", "spouse", "stay", "childbirth"),
    ("family_emergency", "spouse", "stay", "emergency"),
)


def compare_states(kb: KnowledgeBase, states: list[str], day: dt.date, lang: str, origin: str | None = None) -> dict[str, dict[str, Cell]]:
    """Rows of attributes, one column per state; every cell knows its source and as-of date.

    Entitlement rows ask the engine about a worker from ``origin`` (default: the data's default
    origin) and that worker's family; where the host is the origin the cell is not applicable.
    """
    origin = origin or kb.meta.default_view.origin
    rows: dict[str, dict[str, Cell]] = {}

    def put(key: str, code: str, cell: Cell) -> None:
        rows.setdefault(key, {})[code] = cell

    for code in states:
        state = kb.states[code]
        model = _current(state.health_model, day)
        put("health_model", code, _fact_cell(model, kb.label("health_model", model.value, lang) if model else None))
        scheme = _current(state.schemes, day)
        if scheme is None and model is not None and model.value in ("no_compulsory_insurance", "tax_funded_national_service"):
            put("scheme", code, Cell("", "not_applicable"))
            put("fund", code, Cell("", "not_applicable"))
        else:
            put("scheme", code, _fact_cell(scheme, _t(scheme.name, lang) if scheme else None,
                                         str(scheme.start_year) if scheme and scheme.start_year else None))
            put("fund", code, _fact_cell(scheme, _t(scheme.fund, lang) if scheme else None))
        contributions = [c for c in state.contributions if c.holds_on(day)]
        if contributions:
            first = contributions[0]
            text = "; ".join(
                f"{_t(c.label, lang)}: {c.rate:g}{'%' if c.unit.startswith('percent') else ' ' + (c.currency or '')}"
                if c.rate is not None else _t(c.label, lang)
                for c in contributions
            )
            put("contributions", code, Cell(text, "value", first.source, first.as_of.isoformat(), first.confidence))
        else:
            put("contributions", code, Cell("", "not_applicable" if model and model.value in ("no_compulsory_insurance", "tax_funded_national_service") else "no_data"))
        memberships = [m for m in state.memberships if m.holds_on(day)]
        put(
            "memberships",
            code,
            Cell(", ".join(kb.label("membership", m.org, lang) for m in memberships), "value",
                 memberships[0].source, memberships[0].as_of.isoformat(), memberships[0].confidence)
            if memberships else Cell("", "no_data"),
        )
        for key in ("foreigners", "family_members", "emergency"):
            put(key, code, Cell(_t(getattr(state, key), lang), "value", state.sources[0], state.as_of.isoformat(), None))
        in_force = filter_instruments(kb, party=code, in_force_on=day)
        put("instruments_in_force", code, Cell(str(len(in_force)), "value", None, kb.meta.as_of.isoformat(), None,
                                               " ".join(in_force)))
        for key, person, residence, care in COMPARE_CASES:
            if code == origin:
                put(key, code, Cell("", "not_applicable"))
                continue
            eaeu = kb.members("eaeu", day)
            status = "contract" if code in eaeu and origin in eaeu else "patent"
            res = resolve(kb, Case(code, origin, person, status, residence, care, day))
            first = res.basis[0].instrument if res.basis else None
            put(key, code, Cell(
                kb.label("level", res.level, lang),
                "no_entitlement" if res.level == "paid" else "value",
                (kb.instruments[first].sources[0] if first else None),
                kb.instruments[first].as_of.isoformat() if first else None,
                res.confidence,
                "; ".join(str(b) for b in res.basis),
                res.level,
            ))
        indicator_ids = sorted({i.id for s in states for i in kb.states[s].indicators})
        for ind_id in indicator_ids:
            facts = [i for i in state.indicators if i.id == ind_id and i.year <= day.year]  # nothing from the future
            latest = max(facts, key=lambda i: i.year) if facts else None
            put(f"indicator:{ind_id}", code,
                _fact_cell(latest, f"{latest.value:g} ({latest.year})" if latest else None))
    return rows


def differing_rows(rows: dict[str, dict[str, Cell]]) -> set[str]:
    """Rows whose cells are not all the same (the comparison highlights them)."""
    return {key for key, cells in rows.items() if len({(c.kind, c.text) for c in cells.values()}) > 1}


COMPARE_ROW_ORDER = (
    "health_model", "scheme", "fund", "contributions", "memberships", "foreigners", "family_members",
    "emergency", "instruments_in_force", *(key for key, *_ in COMPARE_CASES),
)


def compare_long(kb: KnowledgeBase, rows: dict[str, dict[str, Cell]], lang: str) -> pd.DataFrame:
    """The comparison as one row per (attribute, state), with the cited source spelled out.

    This is the detail view and the download: every cell's text, kind, confidence, source
    (title, publisher, URL) and as-of date.
    """
    records = []
    differing = differing_rows(rows)
    for key, cells in rows.items():
        for code, cell in cells.items():
            source = kb.sources.get(cell.source_id) if cell.source_id else None
            title = None
            if source is not None:
                title = source.title_en if lang == "en" and source.title_en else source.title
            records.append(
                {
                    "row": key,
                    "state": code,
                    "kind": cell.kind,
                    "text": cell.text,
                    "level": cell.level,
                    "confidence": cell.confidence,
                    "differs": key in differing,
                    "detail": cell.detail,
                    "source_id": cell.source_id,
                    "source_title": title,
                    "publisher": source.publisher if source else None,
                    "url": source.url if source else None,
                    "as_of": cell.as_of,
                }
            )
    return pd.DataFrame(records)


# --- coverage matrix -------------------------------------------------------------------------------


_MATRIX_LOCK = threading.Lock()
MATRIX_CACHE_SIZE = 16  # recent (date, scenario, policy, years) matrices kept per knowledge base


def cached_matrix(kb: KnowledgeBase, day: dt.date, scenario: str | None, vhi: str, years: float) -> pd.DataFrame:
    """The engine's matrix, kept for the knowledge base's lifetime: a page draws several slices of
    the same matrix in one run (heatmap, small multiples, corridor), and reruns ask again."""
    cache: dict = kb.__dict__.setdefault("_matrices", {})
    key = (day, scenario, vhi, float(years))
    with _MATRIX_LOCK:  # sessions run in threads and share the knowledge base
        found = cache.get(key)
    if found is None:
        found = matrix(kb, day, scenario, vhi=vhi, contribution_years=years)
        with _MATRIX_LOCK:
            while len(cache) >= MATRIX_CACHE_SIZE:
                cache.pop(next(iter(cache)))  # oldest first
            cache[key] = found
    return found


def matrix_slice(kb: KnowledgeBase, day: dt.date, scenario: str | None = None, vhi: str = "none",
                 years: float = 0.0, **where: str) -> pd.DataFrame:
    """The matrix's cells whose columns equal ``where`` (e.g. person="spouse", care="primary")."""
    frame = cached_matrix(kb, day, scenario, vhi, years)
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask].reset_index(drop=True)


def coverage_grid(kb: KnowledgeBase, day: dt.date, person: str, status: str, residence: str, care: str,
                  scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """Host × origin cells for one person/status/residence/care (long format, with basis)."""
    return matrix_slice(kb, day, scenario, vhi, years, person=person, status=status, residence=residence, care=care)


def corridor_grid(kb: KnowledgeBase, day: dt.date, host: str, origin: str, status: str, residence: str,
                  scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """One corridor: person × care, in the vocabulary's order (long format, with basis)."""
    cut = matrix_slice(kb, day, scenario, vhi, years, host=host, origin=origin, status=status, residence=residence)
    order = {**{p: i for i, p in enumerate(PERSONS)}, **{c: i for i, c in enumerate(CARES)}}
    return cut.sort_values(by=["person", "care"], key=lambda s: s.map(order)).reset_index(drop=True)


def change_dates(kb: KnowledgeBase, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates in [start, end] on which an answer can change, with both ends: every rule's and
    party's validity bound, every instrument's entry into force or end, every membership change.
    The coverage page's replay slider steps through them."""
    found: set[dt.date] = {start, end}

    def add(*days: dt.date | None) -> None:
        found.update(d for d in days if d is not None and start <= d <= end)

    for rule in kb.rules:
        add(rule.valid_from, rule.valid_to)
    for inst in kb.instruments.values():
        add(inst.in_force, inst.ended)
        for party in inst.parties:
            add(party.valid_from, party.valid_to)
    for state in kb.states.values():
        for membership in state.memberships:
            add(membership.valid_from, membership.valid_to)
    return sorted(found)


def changed_cells(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Cells (same keys) whose level or applicability differs between two grids, with both levels."""
    keys = [c for c in ("host", "origin", "person", "status", "residence", "care") if c in before.columns]
    merged = before[keys + ["applicable", "level"]].merge(after[keys + ["applicable", "level"]], on=keys,
                                                           suffixes=("_before", "_after"))
    differs = (merged["level_before"] != merged["level_after"]) | (merged["applicable_before"] != merged["applicable_after"])
    # A cell that cannot occur before or after (e.g. a patent between two EAEU members) changes nothing a person sees.
    occurs = merged["applicable_before"] | merged["applicable_after"]
    return merged[differs & occurs].reset_index(drop=True)


def care_small_multiples(kb: KnowledgeBase, day: dt.date, person: str, status: str, residence: str,
                         scenario: str | None = None, vhi: str = "none", years: float = 0.0) -> pd.DataFrame:
    """Host × origin × care cells for one person/status/residence (one panel per care type)."""
    return matrix_slice(kb, day, scenario, vhi, years, person=person, status=status, residence=residence)


KEY_TYPES = ("treaty", "protocol", "agreement", "national_law", "regulation", "court_opinion", "draft_agreement", "event")


def key_instruments(kb: KnowledgeBase, since: dt.date = dt.date(2014, 1, 1)) -> list[str]:
    """The instruments the overview's timeline shows: from the 2014 Treaty on, plus pending drafts.

    Key = of a binding or pending kind (``KEY_TYPES``) and signed or in force on or after ``since``,
    or a draft with no date yet. Members of a series (``parent``) are kept: each has its own date.
    """
    out = []
    for inst in kb.instruments.values():
        start = inst.signed or inst.in_force
        if inst.type not in KEY_TYPES:
            continue
        if (start is not None and start >= since) or (start is None and inst.status == "draft"):
            out.append(inst.id)
    return out
