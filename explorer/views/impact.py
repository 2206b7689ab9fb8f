"""The Scenarios page's impact section, and meeting mode's impact step: what they say when corridors
are left out of an estimate, or when there is nothing to estimate."""

from __future__ import annotations

import datetime as dt

from explorer.i18n import t
from policy.impact import Impact, first_stock_date
from policy.knowledge_base import KnowledgeBase


def left_out_note(kb: KnowledgeBase, result: Impact, lang: str) -> str | None:
    """The corridors whose latest worker count is too old to use (and its year), or None."""
    if not result.stale:
        return None
    names = kb.state_names(lang)
    return t("impact.stale", lang, corridors=", ".join(f"{names[o]} → {names[h]}" for h, o, _ in result.stale),
             year=str(min(d.year for _, _, d in result.stale)))


def no_estimate_note(kb: KnowledgeBase, result: Impact, day: dt.date, lang: str) -> str:
    """Why an impact has no corridor: every count too old, or the date before the first count."""
    first = first_stock_date(kb)
    return left_out_note(kb, result, lang) or t("impact.no_corridors", lang, date=day, first=first if first else "—")
