"""Finding English prose in a Russian view (issue 14: "Russian everywhere").

Pure functions, shared by the browser test (tests/e2e/test_russian_text.py) and its unit test
(tests/test_russian_text.py). The rule is deliberately strict and dictionary-free: **two or more
consecutive Latin words of three or more letters** are English prose, whatever the words are (a
dictionary would let an English phrase of rare words through; Russian text never has such a run).
Not words: acronyms and codes in capitals (OMS, CSV, PDF, KZ), identifiers (``eaeu-treaty-2014``,
``legal_text``, ``policy/``), numbers and units.

What is exempt, and only that:
- the titles and publishers of the records in ``data/sources`` (a source is named in its own
  language; loaded from the knowledge base, never a hand list) and URLs;
- ``ALLOWED``: the few proper names below, each with the reason it may stand in a Russian view.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# Proper names that stay in Latin letters in Russian text, each with its reason. Nothing else.
ALLOWED: dict[str, str] = {
    "Coverage Explorer": "the product's own name, like a brand (the Russian title stands beside it)",
    "Natural Earth": "the name of the public-domain map data set the map shapes come from (cited as published)",
    "DejaVu Sans": "the name of the font the charts are drawn in (no web fonts: named where a download says so)",
}

@dataclass(frozen=True)
class Finding:
    """An English run found in a text, and where that text was found."""

    phrase: str
    where: str
    context: str

    def __str__(self) -> str:
        shown = self.context if len(self.context) <= 200 else self.context[:200] + "…"
        return f"{self.where}: {self.phrase!r} in {shown!r}"


URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
# Marks that separate items rather than words of one phrase: a run never crosses them.
SEPARATORS = re.compile(r"[;·|•¦/\n]")
PUNCTUATION = "\"'“”„«»()[]{}<>,.:!?…*"


def is_word(token: str) -> bool:
    """A Latin word of three or more letters that is not an acronym (OMS, CSV) or an identifier
    (eaeu-treaty-2014, cis-vhi-recognition, legal_text): English, for this check."""
    core = token.strip(PUNCTUATION)
    if not re.fullmatch(r"[A-Za-z]+(?:-[A-Za-z]+)*", core):
        return False  # Cyrillic, digits, underscores, dots, slashes: not an English word
    if "-" in core:
        return not core.islower()  # "Follow-up" is a word; lower-case hyphenated tokens are data ids
    return len(core) >= 3 and not core.isupper()


def english_runs(text: str, min_words: int = 2) -> list[str]:
    """The runs of ``min_words`` or more consecutive Latin words in ``text`` (URLs removed first)."""
    runs: list[str] = []
    for part in SEPARATORS.split(URL.sub(" ¦ ", text)):
        current: list[str] = []
        for token in part.split():
            if is_word(token):
                current.append(token.strip(PUNCTUATION))
                continue
            if len(current) >= min_words:
                runs.append(" ".join(current))
            current = []
        if len(current) >= min_words:
            runs.append(" ".join(current))
    return runs


def without_exempt(text: str, exempt: Iterable[str]) -> str:
    """``text`` with every exempt string (source titles and publishers, ``ALLOWED``) cut out, longest first.

    Whitespace is normalised on both sides, so a title broken over lines in a chart still matches."""
    flat = re.sub(r"\s+", " ", text)
    for phrase in sorted({re.sub(r"\s+", " ", p).strip() for p in exempt if p and p.strip()}, key=len, reverse=True):
        if phrase in flat:  # whole words only: the publisher "Trend" leaves "Trending" alone
            flat = re.sub(rf"(?<!\w){re.escape(phrase)}(?!\w)", " ¦ ", flat)
    return flat


def exempt_phrases(kb: Any) -> list[str]:
    """The titles and publishers of the records in data/sources, and the ``ALLOWED`` names."""
    sources = kb.sources.values()
    phrases = [s.title for s in sources] + [s.publisher for s in sources]
    return [*phrases, *ALLOWED]


def find_english(texts: Iterable[tuple[str, str]], exempt: Iterable[str]) -> list[Finding]:
    """Every English run in ``texts`` ((where, text) pairs), after the exempt strings are cut out."""
    exempt = list(exempt)
    found: list[Finding] = []
    seen: set[tuple[str, str]] = set()
    for where, text in texts:
        if not text or not re.search(r"[A-Za-z]{3}", text):
            continue
        for line in re.split(r"\n+", text):
            clean = without_exempt(line, exempt)
            for phrase in english_runs(clean):
                if (phrase, where) not in seen:
                    seen.add((phrase, where))
                    found.append(Finding(phrase, where, line.strip()))
    return found


# Where a single word is enough: an accessible name or tooltip (what a screen reader says for a button,
# "Increment", "Sidebar", a date field's "12 – December") and a data grid's cell (its accessible table
# holds the cell's value, so a select column shows a code, "spouse", where the grid draws its label).
ONE_WORD_PLACES = re.compile(r"\[(aria-label|title|placeholder|alt|data-title|aria-placeholder|aria-roledescription|"
                             r"aria-description|aria-valuetext)\]$|· data grid \d+$")
# A checkbox cell's accessible text is the grid's own "true"/"false"; no app can set it.
ADDRESS = re.compile(r"https?://|\b[\w.-]+\.[a-z]{2,}/\S*|\b[a-z_]+(?:/[a-z_]+)+/?")
GRID_BOOLEANS = frozenset({"true", "false"})


def find_lone_words(texts: Iterable[tuple[str, str]], exempt: Iterable[str]) -> list[Finding]:
    """Single English words where one word is all there is: accessible names and grid cells (the two
    places ``find_english``'s two-word rule cannot see)."""
    exempt = list(exempt)
    found: list[Finding] = []
    for where, text in texts:
        if not ONE_WORD_PLACES.search(where) or not re.search(r"[A-Za-z]{3}", text):
            continue
        if "data grid" in where and text.strip() in GRID_BOOLEANS:
            continue
        # an address without its host ("https://", a field's placeholder) or without its scheme
        # ("creativecommons.org/licenses/by/4.0/", a licence named in a chart's accessible name)
        # and a path in the repository ("data/scenarios"); before the exempt names, which may stand
        # inside an address (the publisher "24.kg")
        plain = without_exempt(ADDRESS.sub(" ¦ ", URL.sub(" ¦ ", text)), exempt)
        for part in SEPARATORS.split(plain):
            words = [w.strip(PUNCTUATION) for w in part.split() if is_word(w)]
            if len(words) == 1:
                found.append(Finding(words[0], where, text.strip()))
    return found


def report(findings: list[Finding], limit: int = 80) -> str:
    lines = [str(f) for f in findings[:limit]]
    if len(findings) > limit:
        lines.append(f"... and {len(findings) - limit} more")
    return "English prose in the Russian view:\n  " + "\n  ".join(lines)
