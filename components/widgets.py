"""State pickers: selectboxes over coded values with their EN/RU labels, a date, a scenario."""

from __future__ import annotations

import datetime as dt
from typing import Sequence

from components.glossary import glossary_help
from components.i18n import t
from policy import KnowledgeBase
from policy.engine import MAX_DATE, MIN_DATE


def choice(container, kb: KnowledgeBase, dimension: str, options: Sequence[str], value: str, lang: str, key: str) -> str:
    labels = getattr(kb.vocabulary, dimension)
    return container.selectbox(
        t(f"dim.{dimension}", lang), list(options), index=list(options).index(value),
        format_func=lambda v: getattr(labels[v].label, lang), key=key,
        # The tooltip explains the chosen value and any glossary term among the options (e.g. РВП, patent).
        help=glossary_help(kb, lang, *(getattr(labels[v].label, lang) for v in options),
                           extra=getattr(labels[value].help, lang) if labels[value].help else None),
    )


def date_picker(container, value: dt.date, lang: str, key: str) -> dt.date:
    return container.date_input(t("common.date", lang), value=value, min_value=MIN_DATE, max_value=MAX_DATE,
                                help=t("common.date.help", lang), key=key, format="YYYY-MM-DD")


def scenario_picker(container, kb: KnowledgeBase, value: str | None, lang: str, key: str) -> str | None:
    options = [""] + list(kb.scenarios)
    chosen = container.selectbox(
        t("dim.scenario", lang), options, index=options.index(value or ""),
        format_func=lambda s: t("scenario.baseline", lang) if not s else getattr(kb.scenarios[s].name, lang), key=key,
    )
    return chosen or None
