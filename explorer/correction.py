""""Suggest a correction" in a detail view: which records and fields it offers, the reader's input
checked, and the note made by ``policy.correction`` (pure: no Streamlit).

A detail view offers the fields of the records it shows (a Coverage cell: the rules that answered and
the instruments they cite; a Compare cell: the state's fact, or the rules of an entitlement row; an
instrument: its dates, status, texts, parties and articles), each with its current value in the data
version on screen, and only those a note can change there (``changeable_fields``). The reader's
input is checked here first, with a one-line reason in the reader's language; nothing is stored.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlparse

from explorer.i18n import fmt_date, t
from explorer.views.common import current_fact
from explorer.views.compare import COMPARE_CASES
from policy.correction import Correction, CorrectionError, changeable_fields, correction_note
from policy.engine import Case, Resolution, resolve
from policy.knowledge_base import KnowledgeBase
from policy.models import INSTRUMENT_STATUSES, LEVELS
from policy.status import applied_status

Kind = Literal["text", "date", "number", "choice"]
MAX_TEXT = 2000  # a proposed text, or what is wrong
MAX_TITLE = 300
MAX_URL = 500
_URL = re.compile(r"^https?://[^\s<>\"'`]+$")


@dataclass(frozen=True)
class Target:
    """The data version on screen, where its files are, and the newest version (``correction_note``'s terms)."""

    data_version: str
    current_version: str
    data_dir: Path | None = None


@dataclass(frozen=True)
class FieldOffer:
    record_id: str
    field: str  # a path such as ``level``, ``summary.en`` or ``memberships[0].valid_from``
    record_label: str
    field_label: str
    current: str  # the value now, as the data has it
    kind: Kind
    choices: tuple[str, ...] = ()
    choice_labels: tuple[str, ...] = ()
    current_text: str | None = None  # the value now as the reader's language writes it (a date: 26.06.1992)

    @property
    def key(self) -> str:
        return f"{self.record_id}:{self.field}"

    @property
    def shown(self) -> str:
        """The value now, as a reader reads it (a coded value by its label, a date as the language writes it)."""
        if self.current in self.choices:
            return dict(zip(self.choices, self.choice_labels, strict=True))[self.current]
        return self.current if self.current_text is None else self.current_text

    @property
    def label(self) -> str:
        now = self.shown if len(self.shown) <= 60 else self.shown[:59].rstrip() + "…"
        return f"{self.record_label} · {self.field_label}: {now}"


# --- what each detail view offers ----------------------------------------------------------------

_SEGMENT = re.compile(r"^(?P<name>[a-z_]+)(\[(?P<index>\d+)\])?$")


def field_label(path: str, lang: str) -> str:
    """``parties[1].valid_from`` as a reader names it: "Party 2 › From" (every part from the catalogue)."""
    parts = []
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if match is None:
            parts.append(segment)
            continue
        name = t(f"correction.field.{match['name']}", lang)
        parts.append(f"{name} {int(match['index']) + 1}" if match["index"] is not None else name)
    return " › ".join(parts)


def _value_at(record: Any, path: str) -> Any:
    value = record
    for segment in path.split("."):
        match = _SEGMENT.match(segment)
        if match is None or value is None:
            return None
        value = getattr(value, match["name"], None)
        if match["index"] is not None:
            index = int(match["index"])
            value = value[index] if isinstance(value, (list, tuple)) and index < len(value) else None
    return value


def _choices(kb: KnowledgeBase, name: str, lang: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    if name == "level":
        return LEVELS, tuple(kb.label("level", v, lang) for v in LEVELS)
    if name == "payer":
        payers = tuple(kb.vocabulary.payer)
        return payers, tuple(kb.label("payer", v, lang) for v in payers)
    if name == "status":
        return INSTRUMENT_STATUSES, tuple(kb.label("instrument_status", v, lang) for v in INSTRUMENT_STATUSES)
    if name == "value":
        models = tuple(kb.vocabulary.health_model)
        return models, tuple(kb.label("health_model", v, lang) for v in models)
    if name == "wording_by":
        whose = ("court", "press_paraphrase")
        return whose, tuple(t(f"court.by.{v}", lang) for v in whose)
    if name == "category":
        groups = ("budget_insurance", "mixed_or_no_compulsory_insurance")
        return groups, tuple(t(f"court.category.{v}", lang) for v in groups)
    return None


def _offers(kb: KnowledgeBase, record: Any, record_id: str, record_label: str, paths: list[str], lang: str,
            target: Target) -> list[FieldOffer]:
    found = []
    for path in paths:
        value = _value_at(record, path)
        if value is None or isinstance(value, (bool, list, tuple)) or hasattr(value, "model_fields"):
            continue  # not there, or a structure: the note changes one value
        name = path.rsplit(".", 1)[-1].split("[")[0]
        options = _choices(kb, name, lang) if isinstance(value, str) else None
        kind: Kind = "date" if isinstance(value, dt.date) else "number" if isinstance(value, (int, float)) else \
            "choice" if options else "text"
        found.append(FieldOffer(record_id, path, record_label, field_label(path, lang),
                                value.isoformat() if isinstance(value, dt.date) else str(value), kind,
                                *(options or ((), ())),
                                current_text=fmt_date(value, lang) if isinstance(value, dt.date) else None))
    keep = set(changeable_fields(record_id, [o.field for o in found], data_version=target.data_version,
                                 data_dir=target.data_dir, current_version=target.current_version))
    return [o for o in found if o.field in keep]


def _texts(*names: str) -> list[str]:
    return [f"{name}.{lang}" for name in names for lang in ("en", "ru")]


def instrument_offers(kb: KnowledgeBase, instrument_id: str, lang: str, target: Target) -> list[FieldOffer]:
    """An instrument's dates, status, names and texts, its parties' dates and notes, its articles."""
    inst = kb.instruments[instrument_id]
    paths = ["signed", "in_force", "ended", "status", *_texts("name", "short_name", "summary", "workers",
                                                                "family_members", "date_note")]
    for i, _ in enumerate(inst.parties):
        paths += [f"parties[{i}].valid_from", f"parties[{i}].valid_to", *_texts(f"parties[{i}].note")]
    for i, _ in enumerate(inst.articles):
        paths += [f"articles[{i}].ref", *_texts(f"articles[{i}].summary")]
    label = (inst.short_name or inst.name).in_lang(lang)
    return _offers(kb, inst, instrument_id, label, paths, lang, target)


def rule_offers(kb: KnowledgeBase, rule_id: str, lang: str, target: Target) -> list[FieldOffer]:
    """A rule's level, payer, dates, note and the articles it cites."""
    rule = kb.rules_by_id.get(rule_id)
    if rule is None:  # a scenario's own rule: not in data/ as a record of its own
        return []
    paths = ["level", "payer", "valid_from", "valid_to", "min_contribution_years", *_texts("note")]
    for i, _ in enumerate(rule.basis):
        paths += [f"basis[{i}].article", f"basis[{i}].article_ru"]
    return _offers(kb, rule, rule_id, t("correction.rule", lang, id=rule_id), paths, lang, target)


def coverage_offers(kb: KnowledgeBase, answer: Resolution, host: str, lang: str, target: Target) -> list[FieldOffer]:
    """A Coverage cell's legal basis: the rules that answered (or the host's fallback) and the
    instruments they cite."""
    offers = [o for rid in answer.rules for o in rule_offers(kb, rid, lang, target)]
    if answer.fallback and host in kb.states:
        state = kb.states[host]
        offers += _offers(kb, state, host, state.name.in_lang(lang), _texts("fallback.note"), lang, target)
    for iid in dict.fromkeys(b.instrument for b in answer.basis):
        if iid in kb.instruments:
            offers += instrument_offers(kb, iid, lang, target)
    return list({o.key: o for o in offers}.values())


def _index(facts: list[Any], fact: Any) -> int | None:
    return next((i for i, f in enumerate(facts) if f is fact), None)


def _state_paths(kb: KnowledgeBase, code: str, row: str, day: dt.date) -> list[str]:
    state = kb.states[code]
    if row == "health_model":
        i = _index(state.health_model, current_fact(state.health_model, day))
        return [] if i is None else [f"health_model[{i}].{n}" for n in ("value", "valid_from", "valid_to")] + \
            _texts(f"health_model[{i}].note")
    if row == "court_classification":
        return ["court_classification.category", "court_classification.wording_by",
                *_texts("court_classification.wording")]
    if row in ("scheme", "fund"):
        i = _index(state.schemes, current_fact(state.schemes, day))
        if i is None:
            return []
        return _texts(f"schemes[{i}].name") + [f"schemes[{i}].start_year"] if row == "scheme" else \
            _texts(f"schemes[{i}].fund")
    if row == "contributions":
        return [f"contributions[{i}].{n}" for i, c in enumerate(state.contributions) if c.holds_on(day)
                for n in ("rate", "base_cap_min_wages", "valid_from", "valid_to")]
    if row == "memberships":
        return [f"memberships[{i}].{n}" for i, m in enumerate(state.memberships) if m.holds_on(day)
                for n in ("valid_from", "valid_to")]
    if row in ("foreigners", "family_members", "emergency"):
        return _texts(row)
    if row.startswith("indicator:"):
        wanted = row.split(":", 1)[1]
        held = [(i, x) for i, x in enumerate(state.indicators) if x.id == wanted and x.year <= day.year]
        if not held:
            return []
        i = max(held, key=lambda pair: pair[1].year)[0]
        return [f"indicators[{i}].value", f"indicators[{i}].year"]
    return []


def compare_offers(kb: KnowledgeBase, row: str, states: list[str], day: dt.date, origin: str, lang: str,
                   target: Target) -> list[FieldOffer]:
    """A Compare row's facts, for each state shown: the state's own fields, or for an entitlement row
    the rules that answered for a worker from ``origin`` (as the Compare view asks the engine)."""
    cases = {key: (person, residence, care) for key, person, residence, care in COMPARE_CASES}
    offers: list[FieldOffer] = []
    for code in dict.fromkeys(states):
        if row in cases:
            if code == origin:
                continue
            person, residence, care = cases[row]
            answer = resolve(kb, Case(code, origin, person, applied_status(kb, code, origin, day), residence,
                                      care, day))
            offers += [o for rid in answer.rules for o in rule_offers(kb, rid, lang, target)]
            continue
        state = kb.states[code]
        offers += _offers(kb, state, code, state.name.in_lang(lang), _state_paths(kb, code, row, day), lang, target)
    return list({o.key: o for o in offers}.values())


# --- the reader's input, and the note ---------------------------------------------------------------


def _problem(key: str, lang: str, **fmt: object) -> CorrectionError:
    return CorrectionError(t(f"correction.error.{key}", lang, **fmt))


def checked_value(offer: FieldOffer, proposed: str, lang: str) -> str:
    """The proposed value as the note writes it; a CorrectionError with a one-line reason if it cannot be."""
    value = " ".join(proposed.split()) if offer.kind != "text" else proposed.strip()
    if not value:
        raise _problem("empty_value", lang)
    if len(value) > MAX_TEXT:
        raise _problem("too_long", lang, limit=MAX_TEXT)
    if offer.kind == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise _problem("date", lang) from None
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", value):
            raise _problem("date", lang)
    elif offer.kind == "number":
        try:
            number = float(value.replace(",", "."))
        except ValueError:
            raise _problem("number", lang) from None
        if not math.isfinite(number):
            raise _problem("number", lang)
        value = str(int(number)) if number.is_integer() else f"{number:g}"
    elif offer.kind == "choice" and value not in offer.choices:
        raise _problem("choice", lang, choices=", ".join(offer.choices))
    if value == offer.current:
        raise _problem("same", lang)
    return value


def checked_source(title: str, url: str, lang: str) -> tuple[str, str]:
    title, url = " ".join(title.split()), url.strip()
    if not url:
        raise _problem("no_url", lang)
    if len(url) > MAX_URL or not _URL.match(url) or not urlparse(url).hostname:
        raise _problem("url", lang)
    if not title:
        raise _problem("no_title", lang)
    if len(title) > MAX_TITLE:
        raise _problem("too_long", lang, limit=MAX_TITLE)
    return title, url


def make_note(offers: list[FieldOffer], key: str, proposed: str, source_title: str, source_url: str,
              what_is_wrong: str, target: Target, lang: str, today: dt.date | None = None) -> Correction:
    """The correction note for the offer ``key`` (``record_id:field``) of this detail view."""
    offer = next((o for o in offers if o.key == key), None)
    if offer is None:
        raise _problem("field", lang)
    value = checked_value(offer, proposed, lang)
    title, url = checked_source(source_title, source_url, lang)
    try:
        return correction_note(offer.record_id, offer.field, value, title, url,
                               what_is_wrong=what_is_wrong.strip()[:MAX_TEXT], data_version=target.data_version,
                               today=today, data_dir=target.data_dir, current_version=target.current_version)
    except CorrectionError as problem:  # the domain's reason (English), after ours
        raise _problem("other", lang, reason=" ".join(str(problem).split())) from None


SUMMARY_RU = {
    "Correction note for Coverage Explorer": "Исправление для Coverage Explorer",
    "Data version:": "Версия данных:",
    "Record:": "Запись:",
    "Field:": "Поле:",
    "Now:": "Сейчас:",
    "Proposed:": "Предлагается:",
    "What is wrong:": "Что не так:",
    "Source:": "Источник:",
}


def summary_in(note: Correction, lang: str) -> str:
    """The note's summary for the reader: in Russian, its lines labelled in Russian with a Russian
    account of what the diff does, then the English original for the maintainers."""
    if lang != "ru":
        return note.summary
    *body, tail = note.summary.split("\n")
    lines = []
    for line in body:
        for en, ru in SUMMARY_RU.items():
            if line.startswith(en):
                line = ru + line[len(en):]
                break
        lines.append(line)
    # the domain's last line says whether the fact was marked low, or a rule kept its confidence
    lines.append(t("correction.summary_tail" if "low confidence, cites" in tail else "correction.summary_tail_rule",
                   "ru"))
    return "\n".join([*lines, "", "— English —", note.summary])


def file_stem(offer_key: str, today: dt.date) -> str:
    """A safe file name for the note's downloads."""
    slug = re.sub(r"[^a-z0-9]+", "-", offer_key.lower()).strip("-")[:60]
    return f"correction-{today.strftime('%Y%m%d')}-{slug}"
