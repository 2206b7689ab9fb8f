"""The Overview page's view model: the ten states by health-financing model, and the key instruments."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from explorer.i18n import t
from explorer.views.common import court_wording
from explorer.views.common import current_fact as _current
from explorer.views.common import text_in as _t
from policy.knowledge_base import KnowledgeBase


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


COURT_COLUMNS = ("state", "name", "model_label", "court", "category", "wording_by", "whose", "source_id",
                 "source_title", "publisher", "url", "as_of", "confidence")


def court_classifications(kb: KnowledgeBase, day: dt.date, lang: str) -> pd.DataFrame:
    """One row per state the EAEU Court classified (its 2026 opinion): the dashboard's finer model on
    ``day`` beside the Court's words, whose words they are, and their source and as-of date."""
    rows = []
    for code, state in kb.states.items():
        court = state.court_classification
        if court is None:
            continue
        fact = _current(state.health_model, day)
        source = kb.sources.get(court.source)
        rows.append(
            {
                "state": code,
                "name": _t(state.name, lang),
                "model_label": kb.label("health_model", fact.value, lang) if fact else None,
                "court": court_wording(court, lang),
                "category": t(f"court.category.{court.category}", lang),
                "wording_by": court.wording_by,
                "whose": t(f"court.by.{court.wording_by}", lang),
                "source_id": court.source,
                "source_title": (source.title_en if lang == "en" and source.title_en else source.title)
                if source else None,
                "publisher": source.publisher if source else None,
                "url": source.url if source else None,
                "as_of": court.as_of.isoformat(),
                "confidence": court.confidence,
            }
        )
    return pd.DataFrame(rows, columns=list(COURT_COLUMNS))


KEY_TYPES = (
    "treaty",
    "protocol",
    "agreement",
    "national_law",
    "regulation",
    "court_opinion",
    "draft_agreement",
    "event",
)


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


def source_in_words(kb: KnowledgeBase, source_id: object, lang: str) -> str:
    """A source as a reader can find it, "title (publisher)" (as the Court's table writes it), for a
    table that would otherwise show its id; an unknown id stays as it is, a missing one is empty."""
    source = kb.sources.get(source_id) if isinstance(source_id, str) else None
    if source is None:
        return source_id if isinstance(source_id, str) else ""
    title = source.title_en if lang == "en" and source.title_en else source.title
    return f"{title} ({source.publisher})"
