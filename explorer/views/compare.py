"""The Compare page's view model: two to five states side by side, each cell with its source."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from explorer.i18n import currency_name, fmt_number, t
from explorer.views.common import court_wording
from explorer.views.common import current_fact as _current
from explorer.views.common import text_in as _t
from explorer.views.instruments import filter_instruments
from policy.engine import Case, resolve
from policy.kept import kept, kept_for
from policy.knowledge_base import KnowledgeBase
from policy.models import Fact
from policy.status import applied_status

CellKind = Literal["value", "no_data", "not_applicable", "no_entitlement"]


@dataclass(frozen=True)
class Cell:
    text: str
    kind: CellKind
    source_id: str | None = None
    as_of: str | None = None
    confidence: str | None = None
    detail: str | None = None
    level: str | None = None  # entitlement rows: the coverage level (drawn in the level palette)


def _number(value: float, lang: str) -> str:
    """A figure as the data gives it (no digits added or dropped), written the language's way: 5,1 and
    11 910 in Russian, 5.1 and 11,910 in English."""
    plain = f"{value:g}"
    decimals = len(plain.split(".")[1]) if "." in plain and "e" not in plain else 0
    return fmt_number(value, lang, decimals)

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


def compare_states(
    kb: KnowledgeBase, states: list[str], day: dt.date, lang: str, origin: str | None = None
) -> dict[str, dict[str, Cell]]:
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
        court = state.court_classification
        # The Court classified the EAEU members only: for the others the question does not arise.
        put(
            "court_classification",
            code,
            Cell(court_wording(court, lang), "value", court.source, court.as_of.isoformat(), court.confidence,
                 t(f"court.category.{court.category}", lang))
            if court is not None
            else Cell("", "not_applicable"),
        )
        scheme = _current(state.schemes, day)
        if (
            scheme is None
            and model is not None
            and model.value in ("no_compulsory_insurance", "tax_funded_national_service")
        ):
            put("scheme", code, Cell("", "not_applicable"))
            put("fund", code, Cell("", "not_applicable"))
        else:
            put(
                "scheme",
                code,
                _fact_cell(
                    scheme,
                    _t(scheme.name, lang) if scheme else None,
                    str(scheme.start_year) if scheme and scheme.start_year else None,
                ),
            )
            put("fund", code, _fact_cell(scheme, _t(scheme.fund, lang) if scheme else None))
        contributions = [c for c in state.contributions if c.holds_on(day)]
        if contributions:
            first_contribution = contributions[0]
            text = "; ".join(
                f"{_t(c.label, lang)}: {_number(c.rate, lang)}"
                f"{'%' if c.unit.startswith('percent') else ' ' + currency_name(c.currency or '', c.rate, lang)}"
                if c.rate is not None
                else _t(c.label, lang) or ""
                for c in contributions
            )
            put(
                "contributions",
                code,
                Cell(text, "value", first_contribution.source, first_contribution.as_of.isoformat(),
                     first_contribution.confidence),
            )
        else:
            put(
                "contributions",
                code,
                Cell(
                    "",
                    "not_applicable"
                    if model and model.value in ("no_compulsory_insurance", "tax_funded_national_service")
                    else "no_data",
                ),
            )
        memberships = [m for m in state.memberships if m.holds_on(day)]
        put(
            "memberships",
            code,
            Cell(
                ", ".join(kb.label("membership", m.org, lang) for m in memberships),
                "value",
                memberships[0].source,
                memberships[0].as_of.isoformat(),
                memberships[0].confidence,
            )
            if memberships
            else Cell("", "no_data"),
        )
        for key in ("foreigners", "family_members", "emergency"):
            put(
                key,
                code,
                Cell(_t(getattr(state, key), lang) or "", "value", state.sources[0], state.as_of.isoformat(), None),
            )
        in_force = filter_instruments(kb, party=code, in_force_on=day)
        put(
            "instruments_in_force",
            code,
            Cell(str(len(in_force)), "value", None, kb.meta.as_of.isoformat(), None, " ".join(in_force)),
        )
        for key, person, residence, care in COMPARE_CASES:
            if code == origin:
                put(key, code, Cell("", "not_applicable"))
                continue
            status = applied_status(kb, code, origin, day)
            res = resolve(kb, Case(code, origin, person, status, residence, care, day))
            assert res.level is not None  # host and origin differ here (the origin's own column is skipped)
            first_basis = res.basis[0].instrument if res.basis else None
            put(
                key,
                code,
                Cell(
                    kb.label("level", res.level, lang),
                    "no_entitlement" if res.level == "paid" else "value",
                    (kb.instruments[first_basis].sources[0] if first_basis else None),
                    kb.instruments[first_basis].as_of.isoformat() if first_basis else None,
                    res.confidence,
                    "; ".join(b.cite(lang) for b in res.basis),
                    res.level,
                ),
            )
        indicator_ids = sorted({i.id for s in states for i in kb.states[s].indicators})
        for ind_id in indicator_ids:
            facts = [i for i in state.indicators if i.id == ind_id and i.year <= day.year]  # nothing from the future
            latest = max(facts, key=lambda i: i.year) if facts else None
            shown = f"{_number(latest.value, lang)} ({latest.year})" if latest else None
            put(f"indicator:{ind_id}", code, _fact_cell(latest, shown))
    return rows


def differing_rows(rows: dict[str, dict[str, Cell]]) -> set[str]:
    """Rows whose cells are not all the same (the comparison highlights them)."""
    return {key for key, cells in rows.items() if len({(c.kind, c.text) for c in cells.values()}) > 1}


COMPARE_ROW_ORDER = (
    "health_model",
    "court_classification",
    "scheme",
    "fund",
    "contributions",
    "memberships",
    "foreigners",
    "family_members",
    "emergency",
    "instruments_in_force",
    *(key for key, *_ in COMPARE_CASES),
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


KEPT_COMPARISONS = 128  # comparisons kept per knowledge base (states, date, language, origin): 5–20 kB each


def comparison(kb: KnowledgeBase, states: list[str], day: dt.date, lang: str, origin: str) -> pd.DataFrame:
    """``compare_long`` of ``compare_states``, made once per knowledge base and choice: the Compare page
    asks for it on every run (≈ 5 ms), and a rerun that changes none of its inputs (the attribute shown
    below, a fold opened) reuses it. Shared by every session: never changed in place."""
    return kept(kb, "comparisons", (tuple(states), day, lang, origin),
                lambda: compare_long(kb, compare_states(kb, states, day, lang, origin=origin), lang),
                KEPT_COMPARISONS)


def differing_only(kb: KnowledgeBase, long: pd.DataFrame) -> pd.DataFrame:
    """The rows of a kept comparison whose attribute differs between the states, kept with it (so the
    table made from them is kept too: ``kept_for`` knows frames by identity)."""
    return kept_for(kb, "comparisons_differing", (long,), None, lambda: long[long["differs"]], KEPT_COMPARISONS)
