"""Helpers every page's view model uses: a data text in the chosen language, the fact holding on a date."""

from __future__ import annotations

import datetime as dt
import numbers
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from explorer.i18n import CATALOG, DEFAULT_LANG, fmt_date, fmt_number, fmt_partial_date, t, text_if_any
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.plain_input import ISO_DAY

STATE_COLUMNS = frozenset({"host", "origin", "state", "party"})
VOCABULARY_COLUMNS = frozenset({"person", "status", "residence", "care", "vhi", "level", "confidence", "payer"})
LANGUAGE_COLUMNS = frozenset({"language"})  # a source's language, an ISO 639-1 code: "ru", "en"
BASIS_COLUMNS = frozenset({"basis"})  # a legal basis written with instrument ids: "ru-oms-law (Art. 10); …"


def _instrument_names(kb: KnowledgeBase, lang: str) -> tuple[re.Pattern[str], dict[str, str]]:
    """Any of the knowledge base's instrument ids as a whole token (longest first), and each one's name
    in ``lang``. Kept per knowledge base and language: a table with a legal basis is drawn on every
    rerun while its fold is open, and the pattern joins 60 ids."""
    def build() -> tuple[re.Pattern[str], dict[str, str]]:
        ids = sorted(kb.instruments, key=len, reverse=True)
        pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ids)) + r")(?![\w-])")
        return pattern, {iid: inst.name.in_lang(lang) for iid, inst in kb.instruments.items()}

    return kept(kb, "instrument_names", lang, build)


def _basis_in_words(values: pd.Series, kb: KnowledgeBase, lang: str) -> pd.Series:
    """A legal basis column with each instrument's name in ``lang`` where its id stood."""
    if not kb.instruments:
        return values
    pattern, names = _instrument_names(kb, lang)
    return values.map(lambda v: pattern.sub(lambda m: names[m.group(0)], v) if isinstance(v, str) else v)


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

    words = classification.wording.in_lang(lang)
    quoted = f"«{words}»" if lang == "ru" else f"“{words}”"
    return f"{quoted} — {t(f'court.by.{classification.wording_by}', lang)}"


def basis_column(lang: str) -> str:
    """The coverage matrix's column with the legal basis in ``lang`` ("basis", or "basis_ru" with
    the articles in Russian)."""
    return "basis_ru" if lang == "ru" else "basis"


def split_basis(ids: str, text: str) -> list[tuple[str, str | None]]:
    """A matrix cell's basis as (instrument id, article) pairs, in order.

    ``ids`` is the cell's ``basis_ids`` ("a b"), ``text`` its ``basis`` or ``basis_ru``
    ("a (Art. 1); b"). An article may hold a ";" itself, so the text is cut at the instrument ids,
    never at every semicolon. A text that does not hold the ids (already in words): [] ."""
    order = str(ids or "").split()
    text = str(text or "")
    starts: list[int] = []
    at = 0
    for iid in order:
        found = text.find(iid, at)
        if found < 0:
            return []
        starts.append(found)
        at = found + len(iid)
    out: list[tuple[str, str | None]] = []
    for n, (iid, start) in enumerate(zip(order, starts, strict=True)):
        end = starts[n + 1] if n + 1 < len(starts) else len(text)
        rest = text[start + len(iid):end].strip().removesuffix(";").strip()
        article = rest[1:-1] if rest.startswith("(") and rest.endswith(")") else None
        out.append((iid, article or None))
    return out


def law_notice(kb: Any, day: dt.date, lang: str) -> str | None:
    """The "law as last known" notice for a view dated ``day``, or None.

    The data states the law up to ``kb.sources_up_to`` (the newest date a source states it), not up to
    ``last_checked`` (when the base was last searched for changes): a later date shows the law as
    last known, and says so with both dates."""

    if day <= kb.sources_up_to:
        return None
    return t("common.after_as_of", lang, as_of=kb.sources_up_to, checked=kb.last_checked)


# How a data grid writes a date column (moment.js formats), as fmt_date writes a date in text.
GRID_DATE_FORMAT = {"en": "D MMM YYYY", "ru": "DD.MM.YYYY"}


# A column of years is written as a year (2025), never as a quantity (2,025 / 2 025).
YEAR_COLUMN = re.compile(r"(?:.+_)?year")


def grid_number(value: object, lang: str) -> str:
    """A number in a data grid as ``lang`` writes it, as the tables of text beside it do (``fmt_number``):
    14,300 and 87,430.8 in English, 14 300 and 87 430,8 in Russian; the decimals it has (up to six),
    none for a whole number; nothing for a missing value."""
    if not isinstance(value, numbers.Real) or isinstance(value, bool) or pd.isna(value):
        return "" if value is None or pd.isna(value) else str(value)  # missing: empty; not a number: as it is
    number = float(value)
    decimals = len(f"{number:.6f}".rstrip("0").partition(".")[2])
    return fmt_number(number, lang, decimals)


def number_columns(frame: pd.DataFrame, plain: Iterable[str] = ()) -> list[str]:
    """The columns of quantities in ``frame`` that a grid writes with ``grid_number``: numbers, not
    true/false, not years (named "year" or "..._year"), nor any column named in ``plain``."""
    skip = {str(c) for c in plain}
    return [str(c) for c in frame.columns
            if pd.api.types.is_numeric_dtype(frame[c]) and not pd.api.types.is_bool_dtype(frame[c])
            and str(c) not in skip and not YEAR_COLUMN.fullmatch(str(c))]


def language_names(lang: str) -> dict[str, str]:
    """Each language a source may be written in, by its code, as a word in ``lang`` ("ru": "Russian"
    / "русский"), from the ``language.name.*`` texts."""
    prefix = "language.name."
    return {key.removeprefix(prefix): t(key, lang) for key in CATALOG[DEFAULT_LANG] if key.startswith(prefix)}


def _is_date_column(values: pd.Series, present: pd.Series) -> bool:
    """Every value present is a day (a date, or a text YYYY-MM-DD): a partial date ("2026-11") or a
    time leaves the column as it is."""
    def is_day(v: object) -> bool:
        return (isinstance(v, dt.date) and not isinstance(v, dt.datetime)) or (
            isinstance(v, str) and ISO_DAY.fullmatch(v) is not None)

    if pd.api.types.is_numeric_dtype(values) or not present.any():
        return False
    shown = values[present]
    return is_day(shown.iloc[0]) and bool(shown.map(is_day).all())  # the first says no at once, mostly


PARTIAL_DATE = re.compile(r"[0-9]{4}(?:-[0-9]{2}){0,2}")


def is_partial(value: object) -> bool:
    return isinstance(value, str) and PARTIAL_DATE.fullmatch(value) is not None


def partial_date_columns(frame: pd.DataFrame) -> list[str]:
    """The columns of dates the data gives to the month or the year only, or to the day ("2026-11",
    "2024", "2026-03-20"; a column of days only is a date column): a grid keeps the ISO text, which sorts
    as time does, and draws each as the reader writes it (``fmt_partial_date``)."""
    found = []
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_numeric_dtype(values) or pd.api.types.is_datetime64_any_dtype(values):
            continue
        shown = values[values.notna() & (values != "")]
        if not len(shown) or not is_partial(shown.iloc[0]):  # a text column says no at its first value
            continue
        if bool(shown.map(is_partial).all()):
            found.append(str(column))
    return found


def reader_table(frame: pd.DataFrame, kb: KnowledgeBase, lang: str,
                 dates: str = "text") -> tuple[pd.DataFrame, dict[str, str]]:
    """A table as a reader sees it, and its column headers in ``lang`` (from the ``col.*`` texts).
    A column of state codes shows the states' names, a column of one vocabulary's codes their labels,
    a legal basis its instruments' names (not their ids), and a missing text is an empty cell, not
    "None". Only whole columns of codes change, so a column that already holds names stays as it is;
    the files keep the codes and the data's column names.

    A column of days is written as the page's language writes a date (20.03.2026, 20 Mar 2026) with
    ``dates="text"`` (a Markdown table), or becomes datetimes with ``dates="datetime"``, for a data
    grid that sorts them as dates and shows them in ``GRID_DATE_FORMAT`` (ISO text sorted as text and
    read as English). A column of dates some given to the month or year only (11.2026, Nov 2026) is
    written so as text; a grid keeps its ISO text, to sort by, and draws the words over it."""
    if not frame.columns.is_unique:  # a column name twice: no single column to read; shown as given
        return frame, {}
    names = kb.state_names(lang)
    out = frame
    for column in frame.columns:
        values = frame[column]
        present = values.notna()
        count = int(present.sum())
        labels: dict[str, str] | None = None
        if column in STATE_COLUMNS:
            labels = names
        elif column in VOCABULARY_COLUMNS:
            labels = {code: kb.label(column, code, lang) for code in getattr(kb.vocabulary, column)}
        elif column in LANGUAGE_COLUMNS:
            labels = language_names(lang)
        if labels is not None and count and bool(values[present].isin(list(labels)).all()):
            out = out.assign(**{column: values.map(labels).where(present, values)})
        elif column in BASIS_COLUMNS and count:
            out = out.assign(**{column: _basis_in_words(values, kb, lang)})
        elif _is_date_column(values, present):
            days = pd.to_datetime(values.map(str, na_action="ignore"), format="%Y-%m-%d", errors="coerce")
            if dates == "datetime":
                out = out.assign(**{column: days})
                continue
            out = out.assign(**{column: [fmt_date(d.date(), lang) if pd.notna(d) else "" for d in days]})
            continue
        elif dates == "text" and str(column) in partial_date_columns(frame[[column]]):
            out = out.assign(**{column: values.map(lambda v: fmt_partial_date(v, lang) if isinstance(v, str) else "")})
            continue
        if count < len(frame) and not pd.api.types.is_numeric_dtype(values):
            shown = out[column]
            if not pd.api.types.is_string_dtype(shown):  # dates and the like: as text, so "" can sit beside them
                shown = shown.map(str, na_action="ignore")
            out = out.assign(**{column: shown.fillna("")})
    headers = {str(c): text for c in frame.columns if (text := text_if_any(f"col.{c}", lang)) is not None}
    return out, headers


def vocabulary_labels(kb: KnowledgeBase, dimension: str, codes: Iterable[str], lang: str) -> dict[str, str]:
    """Each code's label in ``lang``, in the order given. An editor's select column holds these labels
    themselves: the grid's accessible table (what a screen reader reads) holds a cell's value, not what
    a ``format_func`` draws, so codes would read "spouse" in the Russian view."""
    labels = {code: kb.label(dimension, code, lang) for code in codes}
    if len(set(labels.values())) < len(labels):  # two codes alike: a label could not be read back
        raise ValueError(f"two {dimension} labels alike in {lang}: {sorted(labels.values())}")
    return labels


def labelled(frame: pd.DataFrame, labels: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """``frame`` with the codes of each column named in ``labels`` replaced by their labels."""
    return frame.assign(**{column: frame[column].map(shown) for column, shown in labels.items()})


def coded(frame: pd.DataFrame, labels: Mapping[str, Mapping[str, str]]) -> pd.DataFrame:
    """The other way: each label back to its code; a cell with no known label (a new row's empty cell)
    becomes missing."""
    back = {column: {label: code for code, label in shown.items()} for column, shown in labels.items()}
    return frame.assign(**{column: frame[column].map(codes) for column, codes in back.items()})
