"""Glossary tooltips and the glossary panel (OMS/ОМС, OSMS/ОСМС, VHI/ДМС, РВП, ВНЖ, patent)."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from components.folded import folded
from components.i18n import t
from policy import KnowledgeBase
from policy.glossary import definition_line, explain


def glossary_help(kb: KnowledgeBase, lang: str, *texts: str | None, extra: str | None = None) -> str | None:
    """Tooltip text for a widget or line: ``extra`` first, then the definition of every term in ``texts``."""
    parts = [p for p in (extra, explain(kb, lang, texts)) if p]
    return "\n\n".join(parts) or None


def glossary_text(kb: KnowledgeBase, lang: str, body: str) -> None:
    """Plain text (never Markdown or HTML) with a tooltip explaining the glossary terms it contains."""
    st.text(body, help=explain(kb, lang, [body]))


def glossary_panel(kb: KnowledgeBase, lang: str, only: Iterable[str] | None = None) -> None:
    """An expander with the glossary's definitions and their sources."""
    ids = list(only) if only is not None else list(kb.vocabulary.glossary)
    if not ids:
        return
    panel, is_open = folded(t("glossary.title", lang), "glossary")
    if not is_open:
        return
    with panel:
        for term_id in ids:
            entry = kb.vocabulary.glossary[term_id]
            publishers = "; ".join(dict.fromkeys(kb.sources[s].publisher for s in entry.sources))
            st.text(definition_line(kb, term_id, lang))
            st.caption(t("glossary.source", lang, sources=publishers))
