"""The view state that lives in the URL: one versioned model, validated on the way in.

``decode`` never raises on what a link supplies: a bad or hostile value falls back to the default
and yields a ``Notice`` (the page shows it as plain text). ``encode`` writes only what differs from
the defaults, except the date, which every link carries so that it reopens the same view after
the data's as-of date moves on. Fields are declared once in ``FIELDS``; a later version adds
fields (or a migration in ``_MIGRATIONS``) without breaking old links.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from explorer.i18n import t
from policy.engine import MAX_DATE, MIN_DATE
from policy.knowledge_base import KnowledgeBase
from policy.models import CARES, INSTRUMENT_STATUSES, INSTRUMENT_TYPES, PERSONS, RESIDENCES, VHIS
from policy.plain_input import iso_day, plain_number, whole_number
from policy.status import STATUS_CHOICES

Parser = Callable[[KnowledgeBase, str], Any]  # a link parameter's reader: raises ValueError on a bad value

VERSION = 2  # 2: the worker's status defaults to `auto` (v1 links without `status` meant `contract`)
LANGS = ("en", "ru")
RESERVED = frozenset({"embed", "embed_options"})  # Streamlit's own parameters
VIEWS = ("timeline", "parties", "table", "one_care", "all_cares")  # alternative views within pages
BRIEFS = ("host", "corridor")  # briefs: on a host state, or on one origin → host corridor
MODES = ("meeting",)  # how the app presents itself; absent = the normal pages
MAX_VALUE_LENGTH = 200  # longer values are refused outright (hostile or broken links)


@dataclass(frozen=True)
class Notice:
    """A parameter that was ignored; ``value`` is shown as plain text, never as HTML."""

    param: str
    value: str
    reason: str  # key: unknown_param | bad_value | too_long | newer_version | too_many | repeated | no_such_step
    details: tuple[tuple[str, str], ...] = ()  # what the reason's text names (`steps` for no_such_step)

    def __str__(self) -> str:
        return f"{self._shown()}: {self.reason}"

    def _shown(self) -> str:
        shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
        return f"{self.param}={shown!r}"

    @property
    def heading(self) -> str:
        """The text key of the warning above the notice: a repeated parameter was read, not ignored."""
        return "url.notice.repeated" if self.reason == "repeated" else "url.notice"

    def in_words(self, lang: str) -> str:
        """The parameter as the link had it, and why it was ignored, in ``lang`` (plain text)."""
        return f"{self._shown()}: {t(f'url.reason.{self.reason}', lang, **dict(self.details))}"


@dataclass(frozen=True)
class ViewState:
    lang: str = "en"
    host: str = ""  # "" until filled from the data's default view (data/meta.yaml)
    origin: str = ""
    person: str = "spouse"
    status: str = "auto"  # the status each pair of states has on the date (policy/status.py)
    residence: str = "stay"
    care: str = "primary"
    vhi: str = "none"
    years: float = 0.0
    date: dt.date | None = None  # None: the data's as-of date
    states: tuple[str, ...] = ()
    scenario: str | None = None
    types: tuple[str, ...] = ()
    party: str | None = None
    diff: bool = False  # compare: show only the rows where the states differ
    attr: str | None = None  # compare: the attribute whose sources the detail view shows
    statuses: tuple[str, ...] = ()  # instruments: filter by status
    instrument: str | None = None  # instruments: the one the detail view shows
    inforce: bool = False  # instruments: only those in force on the date
    view: str | None = None  # which of a page's alternative views is open (one chart drawn at a time)
    brief: str = "host"  # briefs: a host-state brief or a corridor brief (origin → host)
    # family calculator: (role, age, residence, vhi) per member besides the worker; a bare link
    # shows a spouse and a young child, the household the Court's opinion is about
    household: tuple[tuple[str, int | None, str, str], ...] = (
        ("spouse", None, "stay", "none"),
        ("child", 5, "stay", "none"),
    )
    # scenarios: the impact assumptions moved off their central value, (stem, value) sorted by stem
    assume: tuple[tuple[str, float], ...] = ()
    dv: str | None = None  # the data version the link is pinned to (None: the newest)
    mode: str | None = None  # "meeting": the fixed sequence of key views for a room (explorer/meeting.py)
    step: int = 1  # meeting mode: which view of the sequence, from 1

    def resolved_date(self, kb: KnowledgeBase) -> dt.date:
        return self.date or kb.meta.as_of

    def replace(self, **changes: Any) -> ViewState:
        return dataclasses.replace(self, **changes)


# --- parsers: text -> value, or ValueError ------------------------------------------------------


def _one_of(options: Callable[[KnowledgeBase], Sequence[str]], upper: bool = False) -> Parser:
    def parse(kb: KnowledgeBase, text: str) -> str:
        value = text.strip().upper() if upper else text.strip()
        if value not in options(kb):
            raise ValueError
        return value

    return parse


def _list_of(
    options: Callable[[KnowledgeBase], Sequence[str]], low: int, high: int, upper: bool = False
) -> Parser:
    def parse(kb: KnowledgeBase, text: str) -> tuple[str, ...]:
        # Commas, as links are written; spaces too: a hand-typed `states=RU+KZ` arrives as "RU KZ".
        items = [t.upper() if upper else t for t in re.split(r"[,\s]+", text) if t]
        allowed = options(kb)
        if not low <= len(items) <= high or any(i not in allowed for i in items):
            raise ValueError
        return tuple(dict.fromkeys(items))

    return parse


def _parse_date(kb: KnowledgeBase, text: str) -> dt.date:
    value = iso_day(text)
    if not MIN_DATE <= value <= MAX_DATE:
        raise ValueError
    return value


def _parse_years(kb: KnowledgeBase, text: str) -> float:
    value = plain_number(text)
    if not math.isfinite(value) or not 0 <= value <= 80:
        raise ValueError
    return round(value, 2)


def _parse_scenario(kb: KnowledgeBase, text: str) -> str | None:
    if text in ("", "baseline", "none"):
        return None
    if text not in kb.scenarios:
        raise ValueError
    return text


def _parse_bool(kb: KnowledgeBase, text: str) -> bool:
    value = text.strip().lower()
    if value not in ("0", "1", "true", "false"):
        raise ValueError
    return value in ("1", "true")


def _compare_attributes(kb: KnowledgeBase) -> Sequence[str]:
    from explorer.views.compare import COMPARE_ROW_ORDER

    return (*COMPARE_ROW_ORDER, *(f"indicator:{i}" for i in kb.vocabulary.indicator))


def _parse_instrument(kb: KnowledgeBase, text: str) -> str:
    if text.strip() not in kb.instruments:
        raise ValueError
    return text.strip()


HOUSEHOLD_ROLES = ("spouse", "child", "parent")  # the worker is implicit: always the first member
MAX_HOUSEHOLD = 11


def _parse_household(kb: KnowledgeBase, text: str) -> tuple[tuple[str, int | None, str, str], ...]:
    """`spouse~stay~none,child.4~temporary_permit~home`: role[.age]~residence~vhi per member."""
    members = []
    for item in [i for i in text.split(",") if i.strip()]:
        parts = item.strip().split("~")
        if len(parts) != 3:
            raise ValueError
        role_age, residence, vhi = parts
        role, _, age_text = role_age.partition(".")
        if role not in HOUSEHOLD_ROLES or residence not in RESIDENCES or vhi not in VHIS:
            raise ValueError
        age = None
        if age_text:
            age = whole_number(age_text)
            if age > 120:
                raise ValueError
        members.append((role, age, residence, vhi))
    if len(members) > MAX_HOUSEHOLD:
        raise ValueError
    return tuple(members)


def _encode_household(members: Sequence[tuple[str, int | None, str, str]]) -> str:
    return ",".join(
        f"{role}{'' if age is None else f'.{age}'}~{residence}~{vhi}" for role, age, residence, vhi in members
    )


def _parse_assume(kb: KnowledgeBase, text: str) -> tuple[tuple[str, float], ...]:
    """`ratio.spouses_per_worker~0.3,ratio.children_per_worker~1.1`: each within its range."""
    from policy.engine import CaseError
    from policy.impact import parse_overrides

    items = [i.strip() for i in text.split(",") if i.strip()]
    if not items or any(i.count("~") != 1 for i in items):
        raise ValueError
    try:
        overrides = parse_overrides(kb, [i.replace("~", "=") for i in items])
    except CaseError:
        raise ValueError from None
    if len(overrides) != len(items) or not all(math.isfinite(v) for v in overrides.values()):
        raise ValueError
    return tuple(sorted(overrides.items()))


def _encode_assume(pairs: tuple[tuple[str, float], ...]) -> str:
    return ",".join(f"{stem}~{value:g}" for stem, value in pairs)


def _parse_version(kb: KnowledgeBase, text: str) -> str:
    """A data version's name; whether the app holds it is decided where the data is loaded."""
    from policy.releases import VERSION_PATTERN

    if not VERSION_PATTERN.match(text.strip()):
        raise ValueError
    return text.strip()


MAX_STEP = 99  # a bound for any sequence; meeting mode checks the step against its own length


def _parse_step(kb: KnowledgeBase, text: str) -> int:
    """A step of the meeting sequence: a whole number from 1 (plain ASCII digits only). Whether the
    sequence has that many steps is meeting mode's to say (``explorer.meeting.checked_step``)."""
    value = whole_number(text)
    if not 1 <= value <= MAX_STEP:
        raise ValueError
    return value


def _states(kb: KnowledgeBase) -> Sequence[str]:
    return kb.state_codes


@dataclass(frozen=True)
class FieldSpec:
    parse: Callable[[KnowledgeBase, str], Any]
    encode: Callable[[Any], str]


FIELDS: dict[str, FieldSpec] = {
    "lang": FieldSpec(_one_of(lambda kb: LANGS), str),
    "host": FieldSpec(_one_of(_states, upper=True), str),
    "origin": FieldSpec(_one_of(_states, upper=True), str),
    "person": FieldSpec(_one_of(lambda kb: PERSONS), str),
    "status": FieldSpec(_one_of(lambda kb: STATUS_CHOICES), str),
    "residence": FieldSpec(_one_of(lambda kb: RESIDENCES), str),
    "care": FieldSpec(_one_of(lambda kb: CARES), str),
    "vhi": FieldSpec(_one_of(lambda kb: VHIS), str),
    "years": FieldSpec(_parse_years, lambda v: f"{v:g}"),
    "date": FieldSpec(_parse_date, lambda v: v.isoformat()),
    "states": FieldSpec(_list_of(_states, 1, 10, upper=True), ",".join),
    "scenario": FieldSpec(_parse_scenario, str),
    "types": FieldSpec(_list_of(lambda kb: INSTRUMENT_TYPES, 1, 20), ",".join),
    "party": FieldSpec(_one_of(_states, upper=True), str),
    "diff": FieldSpec(_parse_bool, lambda v: "1" if v else "0"),
    "attr": FieldSpec(_one_of(_compare_attributes), str),
    "statuses": FieldSpec(_list_of(lambda kb: INSTRUMENT_STATUSES, 1, 20), ",".join),
    "instrument": FieldSpec(_parse_instrument, str),
    "inforce": FieldSpec(_parse_bool, lambda v: "1" if v else "0"),
    "view": FieldSpec(_one_of(lambda kb: VIEWS), str),
    "brief": FieldSpec(_one_of(lambda kb: BRIEFS), str),
    "household": FieldSpec(_parse_household, _encode_household),
    "assume": FieldSpec(_parse_assume, _encode_assume),
    "dv": FieldSpec(_parse_version, str),
    "mode": FieldSpec(_one_of(lambda kb: MODES), str),
    "step": FieldSpec(_parse_step, str),
}
# What moving from one page to another keeps: the language, the date, the chosen states and the
# data version a link is pinned to. Page-specific selections stay behind.
SHARED = ("lang", "date", "states", "host", "origin", "dv")


def _v1_status_was_contract(raw: dict[str, str]) -> dict[str, str]:
    """v1's default status was `contract`: a v1 link without `status` keeps meaning it."""
    return raw if "status" in raw else {**raw, "status": "contract"}


# Links of version <= key are passed through the migration (oldest first) before they are read.
# v0 links (before versioning) used no different names. A link without `v` is read as the current version.
_MIGRATIONS: dict[int, Callable[[dict[str, str]], dict[str, str]]] = {1: _v1_status_was_contract}


def _first(value: str | Sequence[str]) -> str:
    """The value a parameter given more than once stands for: the last, as the browser and Streamlit read it."""
    if isinstance(value, str):
        return value
    return value[-1] if value else ""


def _repeated(params: Mapping[str, str | Sequence[str]]) -> list[Notice]:
    """A parameter the link gives more than once with different values: say which one is used."""
    return [
        Notice(str(name)[:40], _first(value)[:MAX_VALUE_LENGTH], "repeated")
        for name, value in params.items()
        if name not in RESERVED and not isinstance(value, str) and len(set(value)) > 1
    ]


def default_state(kb: KnowledgeBase) -> ViewState:
    """The view a bare link opens: defaults from data/meta.yaml, so no state code lives in code."""
    view = kb.meta.default_view
    return ViewState(host=view.host, origin=view.origin, states=tuple(view.states))


def decode(params: Mapping[str, str | Sequence[str]], kb: KnowledgeBase) -> tuple[ViewState, list[Notice]]:
    """Read the view state from query parameters; never raises, never trusts the input."""
    notices = _repeated(params)
    raw = {str(k): _first(v) for k, v in params.items()}
    version_text = raw.pop("v", str(VERSION))
    try:
        version = whole_number(version_text)
    except ValueError:  # `v=-1` or `v=x`: read as the current version, and said
        notices.append(Notice("v", version_text[:MAX_VALUE_LENGTH], "bad_value"))
        version = VERSION
    if version > VERSION:
        notices.append(Notice("v", version_text, "newer_version"))
    for old in sorted(_MIGRATIONS):
        if version <= old:
            raw = _MIGRATIONS[old](raw)
    values: dict[str, Any] = {}
    for name, text in raw.items():
        if name in RESERVED:
            continue
        if len(name) > 40 or name not in FIELDS:
            notices.append(Notice(name[:40], text[:MAX_VALUE_LENGTH], "unknown_param"))
            continue
        if len(text) > MAX_VALUE_LENGTH:
            notices.append(Notice(name, text[:MAX_VALUE_LENGTH], "too_long"))
            continue
        try:
            values[name] = FIELDS[name].parse(kb, text)
        except (ValueError, TypeError, OverflowError):
            notices.append(Notice(name, text, "bad_value"))
    return default_state(kb).replace(**values), notices


def shared_params(params: Mapping[str, str | Sequence[str]], kb: KnowledgeBase) -> dict[str, str]:
    """The part of a page's query string that the links to other pages carry (validated again)."""
    state, _ = decode(params, kb)
    raw = {str(k): _first(v) for k, v in params.items()}
    encoded = encode(state, kb)
    return {"v": encoded["v"], **{k: encoded[k] for k in SHARED if k in encoded and k in raw}}


def encode(state: ViewState, kb: KnowledgeBase, keep: Sequence[str] = ()) -> dict[str, str]:
    """Query parameters for a state: the version, the date, and every field that differs from its default.

    ``keep`` names fields to write even when they equal their default (a page's own selections,
    so the link states them explicitly).
    """
    default = default_state(kb)
    out = {"v": str(VERSION)}
    for name, spec in FIELDS.items():
        value = getattr(state, name)
        if value is None:
            continue
        if name == "date" or name in keep or value != getattr(default, name):
            out[name] = spec.encode(value)
    return out
