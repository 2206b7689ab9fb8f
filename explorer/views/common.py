"""Helpers every page's view model uses: a data text in the chosen language, the fact holding on a date."""

from __future__ import annotations

import datetime as dt
from typing import Any


def text_in(text: Any, lang: str) -> str | None:
    """A bilingual data text (``Text``) in ``lang``; None stays None."""
    return text.in_lang(lang) if text is not None else None


def current_fact(facts: Any, day: dt.date) -> Any:
    """The fact that holds on ``day`` (the latest-starting one if several do)."""
    holding = [f for f in facts if f.holds_on(day)]
    return max(holding, key=lambda f: f.valid_from or dt.date.min) if holding else None


def court_wording(classification: Any, lang: str) -> str:
    """The EAEU Court's classification of a state's model as a delegate can quote it: the words in
    quotation marks, then whose words they are (the Court's own, or a press report's paraphrase)."""
    from explorer.i18n import t

    words = classification.wording.in_lang(lang)
    quoted = f"«{words}»" if lang == "ru" else f"“{words}”"
    return f"{quoted} — {t(f'court.by.{classification.wording_by}', lang)}"
