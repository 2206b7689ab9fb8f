"""Pydantic models for the knowledge base in ``data/``.

These models are the data contract: every YAML record is validated against one of them, strictly
(no type coercion, unknown fields rejected). Cross-record checks (ids exist, dates ordered,
coverage of states and care types) live in ``policy.validation``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    model_validator,
)

# --- vocabulary ---------------------------------------------------------------------------------
# Values may be added, never renamed: URLs, CSV downloads and worked examples depend on them.

Person = Literal["worker", "spouse", "child", "parent"]
Status = Literal["contract", "patent"]
Residence = Literal["stay", "temporary_permit", "permanent_permit"]
Care = Literal["emergency", "primary", "inpatient", "antenatal", "childbirth", "chronic"]
Vhi = Literal["none", "host", "home"]
Level = Literal["free", "insured", "voluntary", "paid"]
Confidence = Literal["high", "medium", "low"]
Group = Literal["eaeu", "cis"]
MembershipKind = Literal["eaeu", "cis", "cis_associate", "eaeu_observer"]
HealthModel = Literal[
    "budget_insurance",
    "mixed",
    "compulsory_insurance",
    "no_compulsory_insurance",
    "tax_funded_national_service",
]
Payer = Literal[
    "host_budget",
    "host_insurance_fund",
    "employer",
    "household",
    "voluntary_insurer",
    "home_state",
]
InstrumentType = Literal[
    "treaty",
    "protocol",
    "agreement",
    "convention",
    "national_law",
    "regulation",
    "court_opinion",
    "court_ruling",
    "draft_agreement",
    "draft_law",
    "proposal",
    "event",
    "memorandum",
    "statement",
    "model_agreement",
]
InstrumentStatus = Literal["in_force", "ended", "signed", "draft", "proposal", "advisory", "event"]
SourceKind = Literal[
    "legal_text", "official", "court", "news", "secondary", "dataset", "academic", "other"
]
# Kinds of source that can state the law or its practice; datasets and academic series do not.
LAW_SOURCE_KINDS = frozenset({"legal_text", "official", "court", "news", "secondary"})
FigureKind = Literal["sourced", "derived", "assumption"]

PERSONS: tuple[str, ...] = get_args(Person)
STATUSES: tuple[str, ...] = get_args(Status)
RESIDENCES: tuple[str, ...] = get_args(Residence)
CARES: tuple[str, ...] = get_args(Care)
VHIS: tuple[Vhi, ...] = get_args(Vhi)
LEVELS: tuple[str, ...] = get_args(Level)  # best first: free > insured > voluntary > paid
CONFIDENCES: tuple[str, ...] = get_args(Confidence)  # high first
INSTRUMENT_TYPES: tuple[str, ...] = get_args(InstrumentType)
INSTRUMENT_STATUSES: tuple[str, ...] = get_args(InstrumentStatus)
NATIONAL_INSTRUMENT_TYPES = frozenset({"national_law", "regulation", "draft_law", "proposal"})

# --- data format ----------------------------------------------------------------------------------
# Data versions from FORMAT_2_FROM on are held to the second truth pass's contract (every shown text
# in Russian, a decision for every bilateral instrument, meta's two dates). Older releases in
# data/releases still load: the loader migrates their format and marks English-only text.
FORMAT_2_FROM = (2026, 12, 1)


def data_format(version: str) -> int:
    """1 for data versions before ``FORMAT_2_FROM``, 2 from it on (unparseable versions: the newest)."""
    parts = []
    for piece in re.split(r"[.\-]", version)[:3]:
        if not piece.isdigit():
            return 2
        parts.append(int(piece))
    return 2 if tuple(parts) >= FORMAT_2_FROM else 1


# --- scalar types -------------------------------------------------------------------------------

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _parse_iso_date(value: object) -> object:
    # The YAML loader keeps dates as text (no YAML 1.1 timestamp magic); only date fields parse them.
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise ValueError(f"expected a date written as YYYY-MM-DD, got {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"not a real calendar date: {value!r}") from exc


def _check_partial_date(value: str) -> str:
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"expected YYYY, YYYY-MM or YYYY-MM-DD, got {value!r}")
    return value


def _strip_nonempty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


IsoDate = Annotated[dt.date, BeforeValidator(_parse_iso_date)]
PartialDate = Annotated[str, AfterValidator(_check_partial_date)]
NonEmptyStr = Annotated[str, AfterValidator(_strip_nonempty)]
Id = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]*[a-z0-9]$", max_length=80)]
StateCode = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Url = Annotated[str, Field(pattern=r"^https?://\S+$")]


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


def _needs_twin(model: BaseModel, info: ValidationInfo, *fields: str) -> None:
    """From data format 2 a shown English text needs its Russian twin (``<field>_ru``). The loader
    passes the data's format as validation context; without context the current format applies."""
    fmt = (info.context or {}).get("format", 2) if info is not None else 2
    if fmt < 2:
        return
    for name in fields:
        if getattr(model, name) is not None and getattr(model, f"{name}_ru") is None:
            raise ValueError(f"'{name}' needs its Russian text in '{name}_ru' (required from data version 2026.12.1)")


class Text(Strict):
    """A text in both UI languages; both must be non-empty."""

    en: NonEmptyStr
    ru: NonEmptyStr

    def in_lang(self, lang: str) -> str:
        """The text in ``lang`` ("en" or "ru"): one way to ask, instead of text.in_lang(lang) everywhere."""
        if lang not in ("en", "ru"):
            raise ValueError(f"no text in language {lang!r}; one of en, ru")
        return self.ru if lang == "ru" else self.en


MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_in_lang(day: dt.date, lang: str) -> str:
    """A date inside a sentence, as readers of ``lang`` write it: 23.11.2026 in Russian, 23 Nov 2026
    in English. The engine's explanations and the findings' methods put dates into prose with it; the
    view's ``fmt_date`` is this too; fields meant for machines stay ISO."""
    if lang == "ru":
        return f"{day.day:02d}.{day.month:02d}.{day.year}"
    return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"


def _ordered(start: dt.date | None, end: dt.date | None, what: str) -> None:
    if start is not None and end is not None and end < start:
        raise ValueError(f"{what}: end date {end} is before start date {start}")


class Dated(Strict):
    """Something that holds over a period; open ends mean 'since ever' / 'still'."""

    valid_from: IsoDate | None = None
    valid_to: IsoDate | None = None  # exclusive: the first day it no longer holds

    @model_validator(mode="after")
    def _dates_ordered(self) -> Dated:
        _ordered(self.valid_from, self.valid_to, "valid_from/valid_to")
        return self

    def holds_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


class Fact(Dated):
    """A dated fact with its source, as-of date and confidence."""

    source: Id
    as_of: IsoDate
    confidence: Confidence
    note: Text | None = None
    review_by: IsoDate | None = None  # `policy review` fails once this date has passed


# --- meta and vocabulary ------------------------------------------------------------------------


class DefaultView(Strict):
    host: StateCode
    origin: StateCode
    states: list[StateCode] = Field(min_length=2, max_length=5)
    # the what-if meeting mode shows last (none: the sequence ends before the impact view)
    scenario: Id | None = None


class Meta(Strict):
    title: Text
    data_version: NonEmptyStr
    # When the base was last searched for changes (format 1 called it `as_of`). The other date,
    # `sources_up_to`, is computed from the sources (KnowledgeBase.sources_up_to), never written.
    last_checked: IsoDate
    licence: Text
    licence_url: Url | None = None
    attribution: Text
    maintainer: Text
    default_view: DefaultView

    @property
    def as_of(self) -> dt.date:
        """Compatibility accessor (format 1's single date): the date last checked for changes, which
        stays the default view date. Prefer ``last_checked`` and ``KnowledgeBase.sources_up_to``."""
        return self.last_checked


class Label(Strict):
    label: Text
    help: Text | None = None


class StatusApplicability(Strict):
    """When a work status can occur for a host/origin pair: both in a group, or not both."""

    both_in_group: Group | None = None
    not_both_in_group: Group | None = None


class StatusLabel(Label):
    applies_if: StatusApplicability


class AgeRange(Strict):
    """The ages a type of care can concern (maternity care: the reproductive ages), with its source."""

    min_age: int = Field(ge=0, le=120)
    max_age: int = Field(ge=0, le=120)
    source: Id

    @model_validator(mode="after")
    def _ordered(self) -> AgeRange:
        if self.min_age > self.max_age:
            raise ValueError("min_age must not be above max_age")
        return self

    def holds(self, age: int | None) -> bool:
        """An age not given may be any: the care concerns the person."""
        return age is None or self.min_age <= age <= self.max_age


class CareLabel(Label):
    ages: AgeRange | None = None


class IndicatorDef(Strict):
    label: Text
    unit: Text


class GlossaryEntry(Strict):
    """A term the interface explains wherever it appears; the definition cites its sources."""

    term: Text
    expansion: Text
    match: Annotated[list[NonEmptyStr], Field(min_length=1)]
    definition: Text
    sources: Annotated[list[Id], Field(min_length=1)]


class Vocabulary(Strict):
    person: dict[Person, Label]
    status: dict[Status, StatusLabel]
    residence: dict[Residence, Label]
    care: dict[Care, CareLabel]
    vhi: dict[Vhi, Label]
    level: dict[Level, Label]
    confidence: dict[Confidence, Label]
    health_model: dict[HealthModel, Label]
    payer: dict[Payer, Label]
    instrument_type: dict[InstrumentType, Label]
    instrument_status: dict[InstrumentStatus, Label]
    group: dict[Group, Label]
    membership: dict[MembershipKind, Label]
    indicator: dict[Id, IndicatorDef]
    messages: dict[Id, Text]
    glossary: dict[Id, GlossaryEntry] = {}


# --- sources ------------------------------------------------------------------------------------


class Source(Strict):
    id: Id
    title: NonEmptyStr
    title_en: NonEmptyStr | None = None
    publisher: NonEmptyStr
    url: Url
    published: PartialDate | None = None
    accessed: IsoDate
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")]
    kind: SourceKind
    note: NonEmptyStr | None = None  # our own description of the source (English)
    note_ru: NonEmptyStr | None = None  # the same in Russian (titles and publishers stay as published)
    confidence: Confidence | None = None  # set for a source a reader proposed: low until checked

    @model_validator(mode="after")
    def _russian_note(self, info: ValidationInfo) -> Source:
        _needs_twin(self, info, "note")
        return self


# --- states -------------------------------------------------------------------------------------


class Membership(Fact):
    org: MembershipKind


class HealthModelFact(Fact):
    value: HealthModel


class Scheme(Fact):
    name: Text
    fund: Text
    start_year: int | None = None


class Contribution(Fact):
    label: Text
    rate: float | int | None = None
    unit: Literal["percent_of_payroll", "percent_of_income", "amount_per_month", "amount_per_year"]
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] | None = None
    payer: Literal["employer", "employee", "state", "self_employed", "individual"]
    # Upper limit of the contribution base, in monthly minimum wages (Kazakhstan's MZP); a change
    # of cap is a new dated record, the old one ending the day before (OpenFisca style).
    base_cap_min_wages: float | int | None = None


class Indicator(Fact):
    id: Id
    value: float | int
    year: int


class RuleRef(Strict):
    instrument: Id
    article: NonEmptyStr | None = None
    article_ru: NonEmptyStr | None = None

    @model_validator(mode="after")
    def _russian_article(self, info: ValidationInfo) -> RuleRef:
        _needs_twin(self, info, "article")
        return self

    def article_in(self, lang: str) -> str | None:
        return self.article_ru if lang == "ru" and self.article_ru else self.article


class Fallback(Strict):
    """What the engine answers for this host when no rule matches: paid, low confidence."""

    basis: list[RuleRef] = Field(min_length=1)
    open_question: Id
    note: Text


class CourtClassification(Strict):
    """How the EAEU Court (case P-7/25, 2026) described a member state's health-financing model, in
    the words of the report a delegate can cite; shown beside the finer model the dashboard uses."""

    category: Literal["budget_insurance", "mixed_or_no_compulsory_insurance"]
    wording: Text  # the words as reported (quoted or closely paraphrased)
    wording_by: Literal["court", "press_paraphrase"]  # whose words they are
    instrument: Id  # the Court's opinion
    source: Id
    as_of: IsoDate
    confidence: Confidence
    note: Text | None = None


class State(Strict):
    code: StateCode
    name: Text
    name_in: Text  # "in Russia" / "в России", for sentences
    name_from: Text  # "from Russia" / "из России"
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    iso3: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]  # ISO alpha-3: the map shapes use it
    roles: list[Literal["host", "origin"]] = Field(min_length=1)
    memberships: list[Membership] = Field(default_factory=list)
    health_model: list[HealthModelFact] = Field(min_length=1)
    schemes: list[Scheme] = Field(default_factory=list)
    contributions: list[Contribution] = Field(default_factory=list)
    indicators: list[Indicator] = Field(default_factory=list)
    foreigners: Text  # who among foreigners is insured, in a sentence or two
    family_members: Text
    emergency: Text
    notes: Text | None = None
    fallback: Fallback
    # required from data format 2 for every EAEU member (validation)
    court_classification: CourtClassification | None = None
    sources: list[Id] = Field(min_length=1)
    as_of: IsoDate


# --- instruments --------------------------------------------------------------------------------


class Party(Dated):
    state: StateCode
    confidence: Confidence | None = None  # None: the instrument's own confidence
    note: Text | None = None
    source: Id | None = None


class Article(Strict):
    ref: NonEmptyStr
    ref_ru: NonEmptyStr | None = None
    summary: Text

    @model_validator(mode="after")
    def _russian_ref(self, info: ValidationInfo) -> Article:
        _needs_twin(self, info, "ref")
        return self
    confidence: Confidence
    source: Id | None = None


class SeparateOpinion(Strict):
    judge: Text
    kind: Literal["dissent", "separate_opinion", "unclear"]
    summary: Text
    source: Id
    confidence: Confidence


class EncodingDecision(Strict):
    """Whether the engine applies an instrument, with the rules that cite it, or why not (shown)."""

    decision: Literal["encoded", "not_encoded"]
    rules: list[Id] = Field(default_factory=list)
    reason: Text


class Instrument(Strict):
    id: Id
    name: Text
    short_name: Text | None = None
    type: InstrumentType
    parties: list[Party] = Field(min_length=1)
    signed: IsoDate | None = None
    in_force: IsoDate | None = None
    ended: IsoDate | None = None
    status: InstrumentStatus
    parent: Id | None = None
    summary: Text
    workers: Text
    family_members: Text
    articles: list[Article] = Field(default_factory=list)
    separate_opinions: list[SeparateOpinion] = Field(default_factory=list)
    date_note: Text | None = None
    sources: list[Id] = Field(min_length=1)
    as_of: IsoDate
    confidence: Confidence
    open_questions: list[Id] = Field(default_factory=list)
    review_by: IsoDate | None = None  # `policy review` fails once this date has passed
    # required from data format 2 for every instrument between exactly two states (validation)
    encoding: EncodingDecision | None = None
    # related records a page links to (an event's follow-up draft, a scenario's event, ...)
    related: list[Id] = Field(default_factory=list)

    @model_validator(mode="after")
    def _dates_and_status(self) -> Instrument:
        _ordered(self.signed, self.in_force, "signed/in_force")
        _ordered(self.in_force, self.ended, "in_force/ended")
        if self.status in ("draft", "proposal") and self.in_force is not None:
            raise ValueError(f"status {self.status!r} cannot have an in_force date")
        if self.status == "ended" and self.ended is None:
            raise ValueError("status 'ended' needs an 'ended' date")
        if self.ended is not None and self.status != "ended":
            raise ValueError("an instrument with an 'ended' date must have status 'ended'")
        return self

    @property
    def is_national(self) -> bool:
        return self.type in NATIONAL_INSTRUMENT_TYPES


# --- entitlements -------------------------------------------------------------------------------


def _selector_shorthand(value: object) -> object:
    # `host: RU`, `host: [RU, KZ]` and `host: any` are accepted as short forms of a selector.
    if value == "any":
        return {}
    if isinstance(value, str):
        return {"states": [value]}
    if isinstance(value, list):
        return {"states": value}
    return value


class _Selector(Strict):
    """Which states a rule covers: listed states, members of a group on the date, the parties of an
    instrument on the date, or any."""

    states: list[StateCode] | None = None
    group: Group | None = None
    # A treaty binds its parties, not an organisation's members: a state leaving the CIS may keep
    # a CIS agreement (Moldova, 2026), so such rules select the agreement's parties on the date.
    parties_of: Id | None = None
    exclude: list[StateCode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_kind(self) -> _Selector:
        if sum(x is not None for x in (self.states, self.group, self.parties_of)) > 1:
            raise ValueError("a selector names states, a group or parties_of, not several")
        return self

    @property
    def specificity(self) -> int:
        if self.states is not None:
            return 2
        return 1 if self.group is not None or self.parties_of is not None else 0


Selector = Annotated[_Selector, BeforeValidator(_selector_shorthand)]


def _any_to_all(options: tuple[str, ...]) -> BeforeValidator:
    def expand(value: object) -> object:
        return list(options) if value == "any" else value

    return BeforeValidator(expand)


class Rule(Dated):
    id: Id
    host: Selector
    origin: Selector
    person: Annotated[list[Person], _any_to_all(PERSONS), Field(min_length=1)]
    status: Annotated[list[Status], _any_to_all(STATUSES), Field(min_length=1)]
    residence: Annotated[list[Residence], _any_to_all(RESIDENCES), Field(min_length=1)]
    care: Annotated[list[Care], _any_to_all(CARES), Field(min_length=1)]
    vhi: Annotated[list[Vhi], _any_to_all(VHIS), Field(min_length=1)] = list(VHIS)
    min_contribution_years: float | int | None = None
    level: Level
    payer: Payer
    basis: list[RuleRef] = Field(min_length=1)
    confidence: Confidence
    note: Text
    open_question: Id | None = None
    sources: list[Id] = Field(min_length=1)
    as_of: IsoDate
    review_by: IsoDate | None = None  # `policy review` fails once this date has passed

    @model_validator(mode="after")
    def _low_needs_question(self) -> Rule:
        if self.confidence == "low" and self.open_question is None:
            raise ValueError("a rule with confidence 'low' must link an open_question")
        return self

    @property
    def specificity(self) -> int:
        narrowed = sum(
            len(chosen) < len(every)
            for chosen, every in (
                (self.person, PERSONS),
                (self.status, STATUSES),
                (self.residence, RESIDENCES),
                (self.vhi, VHIS),
            )
        )
        return (
            10 * self.origin.specificity
            + 5 * self.host.specificity
            + narrowed
            + (self.min_contribution_years is not None)
        )


class OpenQuestion(Strict):
    id: Id
    question: Text
    context: Text
    status: Literal["open", "partly_answered", "answered"]
    instruments: list[Id] = Field(default_factory=list)
    states: list[StateCode] = Field(default_factory=list)
    sources: list[Id] = Field(min_length=1)
    as_of: IsoDate
    review_by: IsoDate | None = None  # `policy review` fails once this date has passed


# --- scenarios ----------------------------------------------------------------------------------


class AddRule(Strict):
    op: Literal["add"]
    rule: Rule


class ReplaceRule(Strict):
    op: Literal["replace"]
    id: Id
    rule: Rule


class RemoveRule(Strict):
    op: Literal["remove"]
    id: Id


RuleChange = Annotated[AddRule | ReplaceRule | RemoveRule, Field(discriminator="op")]


class AssumedInstrument(Strict):
    """A draft a scenario treats as in force on every date: among the members of a group, or,
    with no group (a national bill), for its own listed parties."""

    id: Id
    parties_group: Group | None = None


class JoinedGroup(Strict):
    """A state a scenario treats as a full member of a group on every date, and as a party to the
    group's instruments listed here while they are in force (an accession)."""

    state: StateCode
    group: Group
    instruments: list[Id] = Field(min_length=1)


class Scenario(Strict):
    id: Id
    name: Text
    description: Text
    proposed_by: Text
    proposed_on: IsoDate | None = None
    status: Literal["proposal", "draft", "hypothetical", "official_position"]
    changes: list[RuleChange] = Field(default_factory=list)
    assume_in_force: list[AssumedInstrument] = Field(default_factory=list)
    memberships: list[JoinedGroup] = Field(default_factory=list)
    open_questions: list[Id] = Field(default_factory=list)  # what the scenario assumes that no source settles
    parameters: dict[Id, float | int] = Field(default_factory=dict)
    related: list[Id] = Field(default_factory=list)  # instruments and events the scenario's pages link to
    sources: list[Id] = Field(min_length=1)
    as_of: IsoDate


# --- impact method --------------------------------------------------------------------------------


class WorkerStockMethod(Strict):
    stems: list[NonEmptyStr] = Field(min_length=1)
    max_age_years: int = Field(ge=1, le=50)


class ImpactMethod(Strict):
    """Which figures the population and cost impact uses (data/impact.yaml; docs/method.md)."""

    worker_stock: WorkerStockMethod
    family_ratios: dict[Literal["spouse", "child", "parent"], list[NonEmptyStr]]
    residence: Residence
    vhi: Vhi
    unit_cost: dict[Literal["insured", "voluntary"], dict[StateCode, Id]]


# --- figures ------------------------------------------------------------------------------------


class FigureValue(Strict):
    date: IsoDate
    value: float | int
    source: Id | None = None  # None only for assumptions
    confidence: Confidence
    note: Text | None = None


class Figure(Strict):
    """A dated parameter in the OpenFisca style: one value per date, each with its source."""

    id: Id
    name: Text
    description: Text | None = None
    kind: FigureKind
    unit: NonEmptyStr  # persons, ratio, RUB, USD, percent, RUB_per_USD, ...
    measure: Literal[
        "stock", "flow", "patents", "ratio", "cost_per_person", "exchange_rate", "price", "share"
    ]
    host: StateCode | None = None
    origin: StateCode | None = None
    values: list[FigureValue] = Field(min_length=1)
    method: Text | None = None
    low: float | int | None = None
    high: float | int | None = None
    open_question: Id | None = None

    @model_validator(mode="after")
    def _kind_rules(self) -> Figure:
        if self.kind == "derived" and self.method is None:
            raise ValueError("a derived figure must state its method")
        if self.kind == "assumption" and (self.low is None or self.high is None):
            raise ValueError("an assumption must give a low and a high value (its range)")
        if self.kind != "assumption" and any(v.source is None for v in self.values):
            raise ValueError("every value of a sourced or derived figure needs a source")
        dates = [v.date for v in self.values]
        if dates != sorted(dates) or len(set(dates)) != len(dates):
            raise ValueError("values must be in date order with one value per date")
        return self
