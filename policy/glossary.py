"""Find the glossary's terms in a piece of text, so the interface can explain them where they appear.

Matching is on whole words, case-sensitive (abbreviations such as OMS must not match inside other
words), and the longest spelling wins where spellings overlap: "temporary residence permit" is the
РВП, not also the ВНЖ ("residence permit") it contains.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from policy.knowledge_base import KnowledgeBase


@functools.lru_cache(maxsize=8)
def _pattern(spellings: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    ordered = sorted(spellings, key=lambda pair: -len(pair[0]))  # longest first: regex alternation is ordered
    owner = {text: term for text, term in ordered}
    alternation = "|".join(re.escape(text) for text, _ in ordered)
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)"), owner


def _spellings(kb: KnowledgeBase) -> tuple[tuple[str, str], ...]:
    return tuple((text, term_id) for term_id, entry in kb.vocabulary.glossary.items() for text in entry.match)


def terms_in(kb: KnowledgeBase, *texts: str | None) -> list[str]:
    """Glossary ids of the terms that occur in ``texts``, in glossary order, each once."""
    spellings = _spellings(kb)
    if not spellings:
        return []
    pattern, owner = _pattern(spellings)
    found = {owner[m.group(0)] for text in texts if text for m in pattern.finditer(text)}
    return [term_id for term_id in kb.vocabulary.glossary if term_id in found]


def definition_line(kb: KnowledgeBase, term_id: str, lang: str) -> str:
    """'OMS / ОМС (compulsory medical insurance (Russia)): definition' as plain text: the term in the
    other language too, since delegates meet both in the same room and documents."""
    entry = kb.vocabulary.glossary[term_id]
    other = "ru" if lang == "en" else "en"
    twin = getattr(entry.term, other)
    # In Russian, the English twin only when it is an abbreviation (OMS, VHI): a phrase would be English prose.
    shown = lang == "en" or (twin.isupper() and " " not in twin)
    terms = list(dict.fromkeys([entry.term.in_lang(lang), *([twin] if shown else [])]))
    return f"{' / '.join(terms)} ({entry.expansion.in_lang(lang)}): {entry.definition.in_lang(lang)}"


def explain(kb: KnowledgeBase, lang: str, texts: Iterable[str | None]) -> str | None:
    """Definitions of every glossary term in ``texts`` (one per paragraph), or None if there is none."""
    found = terms_in(kb, *texts)
    return "\n\n".join(definition_line(kb, term_id, lang) for term_id in found) or None
