"""Cross-record checks: references exist, dates are ordered, every state and care type is covered."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Mapping
from typing import Any, Protocol, get_args

from policy.models import (
    CARES,
    LAW_SOURCE_KINDS,
    PERSONS,
    Care,
    Confidence,
    Fact,
    Group,
    HealthModel,
    InstrumentStatus,
    InstrumentType,
    Level,
    MembershipKind,
    Payer,
    Person,
    Residence,
    Rule,
    Status,
    Vhi,
)


class Records(Protocol):
    """What the cross-record checks read: the loaded records, keyed as the knowledge base keeps them.

    A protocol rather than the knowledge base class itself, so that the loader
    (``policy.knowledge_base``) can call these checks without the two modules importing each other."""

    @property
    def meta(self) -> Any: ...
    @property
    def vocabulary(self) -> Any: ...
    @property
    def sources(self) -> Mapping[str, Any]: ...
    @property
    def states(self) -> Mapping[str, Any]: ...
    @property
    def instruments(self) -> Mapping[str, Any]: ...
    @property
    def rules(self) -> tuple[Rule, ...]: ...
    @property
    def open_questions(self) -> Mapping[str, Any]: ...
    @property
    def figures(self) -> Mapping[str, Any]: ...
    @property
    def scenarios(self) -> Mapping[str, Any]: ...
    @property
    def impact(self) -> Any: ...
    @property
    def origins(self) -> Mapping[tuple[str, str], Any]: ...
    @property
    def data_format(self) -> int: ...

_VOCABULARY_DIMENSIONS = {
    "person": Person,
    "status": Status,
    "residence": Residence,
    "care": Care,
    "vhi": Vhi,
    "level": Level,
    "confidence": Confidence,
    "health_model": HealthModel,
    "payer": Payer,
    "instrument_type": InstrumentType,
    "instrument_status": InstrumentStatus,
    "group": Group,
    "membership": MembershipKind,
}
REQUIRED_MESSAGES = (
    "explanation",
    "note_after_as_of",
    "note_status_not_applicable",
    "note_host_is_origin",
    "note_fallback",
    "note_scenario",
    "note_rule_changed_by_scenario",
    "finding_children_without_cover",
    "method_children_without_cover",
    "finding_spouse_pays",
    "method_spouse_pays",
    "finding_emergency_free",
    "method_emergency_free",
)


def _where(kb: Records, kind: str, key: str) -> str:
    origin = kb.origins.get((kind, key))
    return origin.describe() if origin else f"{kind} {key!r}"


def _source_refs(kind: str, record: Any) -> Iterator[tuple[str, str]]:
    """(field path, source id) for every source a record cites."""
    for name in ("sources",):
        for i, sid in enumerate(getattr(record, name, None) or []):
            yield f"{name}[{i}]", sid
    if kind == "states":
        for list_name in ("memberships", "health_model", "schemes", "contributions", "indicators"):
            for i, fact in enumerate(getattr(record, list_name)):
                yield f"{list_name}[{i}].source", fact.source
    if kind == "instruments":
        for i, party in enumerate(record.parties):
            if party.source:
                yield f"parties[{i}].source", party.source
        for i, article in enumerate(record.articles):
            if article.source:
                yield f"articles[{i}].source", article.source
        for i, opinion in enumerate(record.separate_opinions):
            yield f"separate_opinions[{i}].source", opinion.source
    if kind == "figures":
        for i, value in enumerate(record.values):
            if value.source:
                yield f"values[{i}].source", value.source


def _check_rule_refs(
    kb: Records, rule: Rule, where: str, problems: list[str], assumed: frozenset[str] = frozenset()
) -> None:
    for i, ref in enumerate(rule.basis):
        if ref.instrument not in kb.instruments:
            problems.append(f"{where}, field 'basis[{i}].instrument': unknown instrument {ref.instrument!r}")
        elif kb.instruments[ref.instrument].in_force is None and ref.instrument not in assumed:
            problems.append(
                f"{where}, field 'basis[{i}].instrument': {ref.instrument!r} has no in_force date, "
                "so this basis can never apply (give its in_force date, with a date_note if uncertain)"
            )
    for i, sid in enumerate(rule.sources):
        if sid not in kb.sources:
            problems.append(f"{where}, field 'sources[{i}]': unknown source {sid!r}")
    if rule.open_question and rule.open_question not in kb.open_questions:
        problems.append(f"{where}, field 'open_question': unknown open question {rule.open_question!r}")
    for side in ("host", "origin"):
        selector = getattr(rule, side)
        if selector.parties_of is not None and selector.parties_of not in kb.instruments:
            problems.append(f"{where}, field '{side}.parties_of': unknown instrument {selector.parties_of!r}")
        for code in (selector.states or []) + selector.exclude:
            if code not in kb.states:
                problems.append(f"{where}, field '{side}': unknown state {code!r}")


def check_vocabulary(kb: Records) -> list[str]:
    """Every value of every dimension has EN/RU labels; every message and glossary source exists."""
    problems: list[str] = []
    for dimension, literal in _VOCABULARY_DIMENSIONS.items():
        missing = set(get_args(literal)) - set(getattr(kb.vocabulary, dimension))
        if missing:
            problems.append(f"data/vocabulary.yaml, field '{dimension}': no labels for {sorted(missing)}")
    for key in REQUIRED_MESSAGES:
        if key not in kb.vocabulary.messages:
            problems.append(f"data/vocabulary.yaml, field 'messages.{key}': required message is missing")

    for term_id, entry in kb.vocabulary.glossary.items():
        for i, sid in enumerate(entry.sources):
            if sid not in kb.sources:
                problems.append(f"data/vocabulary.yaml, field 'glossary.{term_id}.sources[{i}]': unknown source {sid!r}")  # noqa: E501
    for care, entry in kb.vocabulary.care.items():
        if entry.ages is not None and entry.ages.source not in kb.sources:
            problems.append(f"data/vocabulary.yaml, field 'care.{care}.ages.source': "
                            f"unknown source {entry.ages.source!r}")
    return problems


def check_default_view(kb: Records) -> list[str]:
    """The view a bare link opens names states and a scenario that exist."""
    problems: list[str] = []
    view = kb.meta.default_view
    for code in [view.host, view.origin, *view.states]:
        if code not in kb.states:
            problems.append(f"data/meta.yaml, field 'default_view': unknown state {code!r}")
    if view.scenario is not None and view.scenario not in kb.scenarios:
        problems.append(f"data/meta.yaml, field 'default_view.scenario': unknown scenario {view.scenario!r}")
    return problems


def check_sources(kb: Records) -> list[str]:
    """One record per URL, so a page is cited under one id."""
    problems: list[str] = []
    seen_urls: dict[str, str] = {}
    for sid, source in kb.sources.items():
        url = source.url.rstrip("/")
        if url in seen_urls:
            problems.append(
                f"{_where(kb, 'sources', sid)}, field 'url': same URL as source {seen_urls[url]!r}; reuse that id"
            )
        else:
            seen_urls[url] = sid
    return problems


def check_citations(kb: Records) -> list[str]:
    """Every cited source exists; every as-of date is on or before the data's as-of date."""
    problems: list[str] = []
    as_of: dt.date = kb.meta.as_of
    for kind, records in (
        ("states", kb.states),
        ("instruments", kb.instruments),
        ("open_questions", kb.open_questions),
        ("figures", kb.figures),
        ("scenarios", kb.scenarios),
    ):
        for key, record in records.items():
            for path, sid in _source_refs(kind, record):
                if sid not in kb.sources:
                    problems.append(f"{_where(kb, kind, key)}, field '{path}': unknown source {sid!r}")
            record_as_of = getattr(record, "as_of", None)
            if record_as_of and record_as_of > as_of:
                problems.append(
                    f"{_where(kb, kind, key)}, field 'as_of': {record_as_of} is after the data's as-of date {as_of} (data/meta.yaml)"  # noqa: E501
                )
    for sid, source in kb.sources.items():
        # the base's as-of is when the law was last checked; a source that states no law (a dataset's
        # definition, read later) does not make that date too early
        if source.accessed > as_of and source.kind in LAW_SOURCE_KINDS:
            problems.append(
                f"{_where(kb, 'sources', sid)}, field 'accessed': {source.accessed} is after the data's as-of date {as_of}"  # noqa: E501
            )
    return problems


def check_states(kb: Records) -> list[str]:
    """States: dated facts, indicators, the fallback's basis and question, health models that do not overlap."""
    problems: list[str] = []
    as_of: dt.date = kb.meta.as_of
    for code, state in kb.states.items():
        where = _where(kb, "states", code)
        for list_name in ("memberships", "health_model", "schemes", "contributions", "indicators"):
            for i, fact in enumerate(getattr(state, list_name)):
                if isinstance(fact, Fact) and fact.as_of > as_of:
                    problems.append(f"{where}, field '{list_name}[{i}].as_of': after the data's as-of date {as_of}")
        for i, indicator in enumerate(state.indicators):
            if indicator.id not in kb.vocabulary.indicator:
                problems.append(
                    f"{where}, field 'indicators[{i}].id': indicator {indicator.id!r} has no labels in data/vocabulary.yaml"  # noqa: E501
                )
        for i, ref in enumerate(state.fallback.basis):
            if ref.instrument not in kb.instruments:
                problems.append(
                    f"{where}, field 'fallback.basis[{i}].instrument': unknown instrument {ref.instrument!r}"
                )
        if state.fallback.open_question not in kb.open_questions:
            problems.append(
                f"{where}, field 'fallback.open_question': unknown open question {state.fallback.open_question!r}"
            )
        court = state.court_classification
        if court is not None:
            if court.source not in kb.sources:
                problems.append(f"{where}, field 'court_classification.source': unknown source {court.source!r}")
            if court.instrument not in kb.instruments:
                problems.append(f"{where}, field 'court_classification.instrument': unknown instrument {court.instrument!r}")  # noqa: E501
        elif kb.data_format >= 2 and any(m.org == "eaeu" and m.valid_to is None for m in state.memberships):
            problems.append(f"{where}, field 'court_classification': an EAEU member needs the EAEU Court's own classification of its model")  # noqa: E501
        models = sorted(state.health_model, key=lambda f: f.valid_from or dt.date.min)
        for earlier, later in zip(models, models[1:], strict=False):
            if earlier.valid_to is None or (later.valid_from and earlier.valid_to > later.valid_from):
                problems.append(f"{where}, field 'health_model': periods overlap ({earlier.value} and {later.value})")
    return problems


def check_instruments(kb: Records) -> list[str]:
    """Instruments: parents, parties and open questions exist."""
    problems: list[str] = []
    for iid, inst in kb.instruments.items():
        where = _where(kb, "instruments", iid)
        if inst.parent and inst.parent not in kb.instruments:
            problems.append(f"{where}, field 'parent': unknown instrument {inst.parent!r}")
        if inst.parent == iid:
            problems.append(f"{where}, field 'parent': an instrument cannot be its own parent")
        for i, party in enumerate(inst.parties):
            if party.state not in kb.states:
                problems.append(f"{where}, field 'parties[{i}].state': unknown state {party.state!r}")
        for i, qid in enumerate(inst.open_questions):
            if qid not in kb.open_questions:
                problems.append(f"{where}, field 'open_questions[{i}]': unknown open question {qid!r}")
    return problems



def check_encoding(kb: Records) -> list[str]:
    """From data format 2 every instrument between two states records whether the engine applies it
    (with exactly the rules citing it) or not and why; `related` links name instruments that exist."""
    problems: list[str] = []
    citing: dict[str, set[str]] = {}
    for rule in kb.rules:
        for ref in rule.basis:
            citing.setdefault(ref.instrument, set()).add(rule.id)
    for iid, inst in kb.instruments.items():
        where = _where(kb, "instruments", iid)
        bilateral = not inst.is_national and len({p.state for p in inst.parties}) == 2
        for i, related in enumerate(inst.related):
            if related not in kb.instruments:
                problems.append(f"{where}, field 'related[{i}]': unknown instrument {related!r}")
        if inst.encoding is None:
            if bilateral and kb.data_format >= 2:
                problems.append(f"{where}, field 'encoding': a bilateral instrument needs an encoding decision (encoded with its rules, or not_encoded and why)")  # noqa: E501
            continue
        cited = citing.get(iid, set())
        if inst.encoding.decision == "encoded" and set(inst.encoding.rules) != cited:
            problems.append(
                f"{where}, field 'encoding.rules': {sorted(inst.encoding.rules)} but the rules citing it are {sorted(cited)}"  # noqa: E501
            )
        if inst.encoding.decision == "not_encoded" and (cited or inst.encoding.rules):
            problems.append(f"{where}, field 'encoding.decision': not_encoded, yet rules cite it: {sorted(cited) or inst.encoding.rules}")  # noqa: E501

    return problems


def check_open_questions(kb: Records) -> list[str]:
    """Open questions name instruments and states that exist."""
    problems: list[str] = []
    for qid, question in kb.open_questions.items():
        where = _where(kb, "open_questions", qid)
        for i, iid in enumerate(question.instruments):
            if iid not in kb.instruments:
                problems.append(f"{where}, field 'instruments[{i}]': unknown instrument {iid!r}")
        for i, code in enumerate(question.states):
            if code not in kb.states:
                problems.append(f"{where}, field 'states[{i}]': unknown state {code!r}")
    return problems


def check_rules(kb: Records) -> list[str]:
    """Rules refer to what exists and are not dated after the data."""
    problems: list[str] = []
    as_of: dt.date = kb.meta.as_of
    for rule in kb.rules:
        where = _where(kb, "entitlements", rule.id)
        _check_rule_refs(kb, rule, where, problems)
        if rule.as_of > as_of:
            problems.append(f"{where}, field 'as_of': after the data's as-of date {as_of}")
    return problems


def check_coverage(kb: Records) -> list[str]:
    """Every host has a rule for every care type, and emergency care for every person."""
    problems: list[str] = []
    for code, state in kb.states.items():
        if "host" not in state.roles:
            continue
        for care in CARES:
            if not any(care in r.care and _may_cover_host(r, code) for r in kb.rules):
                problems.append(f"data/entitlements: no rule covers care {care!r} in host {code}")
        for person in PERSONS:
            if not any("emergency" in r.care and person in r.person and _may_cover_host(r, code) for r in kb.rules):
                problems.append(f"data/entitlements: no rule covers emergency care for {person!r} in host {code}")
    return problems


def check_figures(kb: Records) -> list[str]:
    """Figures name states and open questions that exist."""
    problems: list[str] = []
    for fid, figure in kb.figures.items():
        where = _where(kb, "figures", fid)
        for side in ("host", "origin"):
            code = getattr(figure, side)
            if code and code not in kb.states:
                problems.append(f"{where}, field '{side}': unknown state {code!r}")
        if figure.open_question and figure.open_question not in kb.open_questions:
            problems.append(f"{where}, field 'open_question': unknown open question {figure.open_question!r}")
    return problems


def check_impact_method(kb: Records) -> list[str]:
    """The impact method names figures that exist, in the host's currency."""
    problems: list[str] = []
    for kind, by_host in kb.impact.unit_cost.items():
        for code, fid in by_host.items():
            where = f"data/impact.yaml, field 'unit_cost.{kind}.{code}'"
            if code not in kb.states:
                problems.append(f"{where}: unknown state {code!r}")
            elif fid not in kb.figures:
                problems.append(f"{where}: unknown figure {fid!r}")
            elif kb.figures[fid].unit != kb.states[code].currency:
                problems.append(f"{where}: figure {fid!r} is in {kb.figures[fid].unit}, not {kb.states[code].currency}")
    return problems


def check_scenarios(kb: Records) -> list[str]:
    """A scenario's changes refer to rules that exist (or, for `add`, do not exist yet)."""
    problems: list[str] = []
    baseline_ids = {r.id for r in kb.rules}
    for sid, scenario in kb.scenarios.items():
        where = _where(kb, "scenarios", sid)
        for i, change in enumerate(scenario.changes):
            if change.op in ("replace", "remove") and change.id not in baseline_ids:
                problems.append(f"{where}, field 'changes[{i}].id': no baseline rule {change.id!r} to {change.op}")
            if change.op == "add" and change.rule.id in baseline_ids:
                problems.append(
                    f"{where}, field 'changes[{i}].rule.id': rule {change.rule.id!r} already exists; use replace"
                )
            if change.op in ("add", "replace"):
                assumed = frozenset(a.id for a in scenario.assume_in_force)
                _check_rule_refs(kb, change.rule, f"{where}, changes[{i}].rule", problems, assumed)
        for i, assumed in enumerate(scenario.assume_in_force):
            if assumed.id not in kb.instruments:
                problems.append(f"{where}, field 'assume_in_force[{i}].id': unknown instrument {assumed.id!r}")
        for i, joined in enumerate(scenario.memberships):
            if joined.state not in kb.states:
                problems.append(f"{where}, field 'memberships[{i}].state': unknown state {joined.state!r}")
            elif joined.group in {m.org for m in kb.states[joined.state].memberships if m.valid_to is None}:
                problems.append(
                    f"{where}, field 'memberships[{i}].state': {joined.state} is already a member of {joined.group}"
                )
            for j, iid in enumerate(joined.instruments):
                if iid not in kb.instruments:
                    problems.append(f"{where}, field 'memberships[{i}].instruments[{j}]': unknown instrument {iid!r}")
                elif kb.instruments[iid].is_national:
                    problems.append(
                        f"{where}, field 'memberships[{i}].instruments[{j}]': {iid!r} is a national law; "
                        "a state joins treaties, not another state's laws"
                    )
        for i, qid in enumerate(scenario.open_questions):
            if qid not in kb.open_questions:
                problems.append(f"{where}, field 'open_questions[{i}]': unknown open question {qid!r}")
        for i, iid in enumerate(scenario.related):
            if iid not in kb.instruments:
                problems.append(f"{where}, field 'related[{i}]': unknown instrument {iid!r}")
        for key in scenario.parameters:
            if key not in kb.figures:
                problems.append(f"{where}, field 'parameters.{key}': unknown figure {key!r}")
    return problems


CHECKS: tuple[Callable[[Records], list[str]], ...] = (
    check_vocabulary,
    check_default_view,
    check_sources,
    check_citations,
    check_states,
    check_instruments,
    check_open_questions,
    check_rules,
    check_coverage,
    check_figures,
    check_impact_method,
    check_scenarios,
    check_encoding,
)


def cross_check(kb: Records) -> list[str]:
    """Every cross-record problem of the loaded records, as readable one-line messages (none: valid)."""
    return [problem for check in CHECKS for problem in check(kb)]


def _may_cover_host(rule: Rule, code: str) -> bool:
    selector = rule.host
    if code in selector.exclude:
        return False
    return selector.states is None or code in selector.states
