"""The entitlement engine: which care can this person get, at whose cost, on what legal basis.

All legal content is data (``data/entitlements``, ``data/instruments``, ``data/states``); this module
only applies the rules described in ``docs/engine.md``. ``resolve`` answers one case; ``matrix``
answers every host × origin × person × status × residence × care cell for a date at once, with
numpy masks, and composes each cell exactly as ``resolve`` does (tests hold the two together).
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import numpy as np
import pandas as pd

from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.models import (
    CARES,
    CONFIDENCES,
    LEVELS,
    PERSONS,
    RESIDENCES,
    STATUSES,
    VHIS,
    Rule,
    Scenario,
    Status,
    Text,
    date_in_lang,
)
from policy.plain_input import iso_day, plain_number

MIN_DATE = dt.date(2010, 1, 1)
MAX_DATE = dt.date(2035, 12, 31)
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}  # 0 = best
CONFIDENCE_RANK = {c: rank for rank, c in enumerate(CONFIDENCES)}  # 0 = highest


class CaseError(ValueError):
    """An input that is not a known value or not well formed (the CLI exits 2 on it)."""


@dataclass(frozen=True)
class Case:
    host: str
    origin: str
    person: str
    status: str
    residence: str
    care: str
    date: dt.date
    contribution_years: float = 0.0
    vhi: str = "none"
    scenario: str | None = None


@dataclass(frozen=True)
class BasisItem:
    instrument: str
    article: str | None
    article_ru: str | None = field(default=None, compare=False)  # the article note in Russian

    def as_dict(self) -> dict[str, str | None]:
        return {"instrument": self.instrument, "article": self.article, "article_ru": self.article_ru}

    def article_in(self, lang: str) -> str | None:
        return self.article_ru if lang == "ru" and self.article_ru else self.article

    def cite(self, lang: str = "en") -> str:
        """"instrument-id (article)", the article in ``lang`` (English where it has no Russian text)."""
        article = self.article_in(lang)
        return f"{self.instrument} ({article})" if article else self.instrument

    def __str__(self) -> str:
        return self.cite("en")


@dataclass(frozen=True)
class Resolution:
    level: str | None  # None where the case is not applicable because host and origin are one state
    basis: tuple[BasisItem, ...]
    confidence: str | None
    explanation: dict[str, str]
    payer: str | None
    rules: tuple[str, ...]
    fallback: bool
    applicable: bool
    not_applicable_reason: str | None
    open_questions: tuple[str, ...]
    scenario: str | None
    as_of: dt.date  # the date the base was last checked for changes (format 1's single as-of)
    sources_up_to: dt.date | None = None  # the newest date a source states the law

    def as_json(self) -> dict[str, object]:
        return {
            "level": self.level,
            "basis": [b.as_dict() for b in self.basis],
            "confidence": self.confidence,
            "explanation": dict(self.explanation),
            "payer": self.payer,
            "rules": list(self.rules),
            "fallback": self.fallback,
            "applicable": self.applicable,
            "not_applicable_reason": self.not_applicable_reason,
            "open_questions": list(self.open_questions),
            "scenario": self.scenario,
            "data_as_of": self.as_of.isoformat(),  # kept for older clients: = last_checked
            "last_checked": self.as_of.isoformat(),
            "sources_up_to": (self.sources_up_to or self.as_of).isoformat(),
        }


# --- rule sets (baseline or scenario overlay) ---------------------------------------------------


@dataclass(frozen=True)
class RuleSet:
    kb: KnowledgeBase
    rules: tuple[Rule, ...]
    scenario: str | None
    assumed_in_force: Mapping[str, str | None]  # instrument id -> group whose members are its parties (None: its own)
    changed_rules: frozenset[str]
    joined: tuple[tuple[str, str, frozenset[str]], ...] = ()  # (state, group, instruments) a scenario adds
    _contexts: dict[dt.date, _DateContext] = field(default_factory=dict, compare=False, repr=False)
    _cell_masks: list[np.ndarray] = field(default_factory=list, compare=False, repr=False)

    def cell_mask(self, index: int) -> np.ndarray:
        """person × status × residence × care: the cells rule ``index`` speaks of (dates aside)."""
        if not self._cell_masks:
            masks = []
            for rule in self.rules:
                p = np.isin(PERSONS, rule.person)
                s = np.isin(STATUSES, rule.status)
                r = np.isin(RESIDENCES, rule.residence)
                c = np.isin(CARES, rule.care)
                masks.append(p[:, None, None, None] & s[None, :, None, None] & r[None, None, :, None]
                             & c[None, None, None, :])
            self._cell_masks[:] = masks
        return self._cell_masks[index]

    _bounds: list[dt.date] = field(default_factory=list, compare=False, repr=False)

    def anchor(self, day: dt.date) -> dt.date:
        """The first day of ``day``'s legal state: the last of ``bound_dates`` on or before it
        (``date.min`` before the first bound, which is one state too)."""
        if not self._bounds:
            self._bounds[:] = bound_dates(self.kb, self.rules) or [dt.date.min]
        i = bisect_right(self._bounds, day) - 1
        return self._bounds[i] if i >= 0 else dt.date.min

    def context(self, day: dt.date) -> _DateContext:
        """What the rules read from a date (memberships, instruments in force, rules that hold), shared
        by every day of one legal state: it is the same from one of ``bound_dates`` to the next, so the
        context of the last bound on or before ``day`` serves (an API asking many dates, a replay)."""
        anchor = self.anchor(day)
        ctx = self._contexts.get(anchor)
        if ctx is None:
            if len(self._contexts) > 512:  # bound_dates are few; a guard all the same
                self._contexts.clear()
            ctx = self._contexts[anchor] = _DateContext(self, anchor)
        return ctx


def bound_dates(kb: KnowledgeBase, rules: Iterable[Rule]) -> list[dt.date]:
    """Every date on which something a date's context reads can change (sorted): the rules' validity
    bounds, every instrument's entry into force and end and its parties' bounds, every membership's
    bounds. Each bound is the first day of the new state (ends are exclusive: ``holds_on``)."""
    found: set[dt.date] = set()
    for rule in rules:
        found.update(d for d in (rule.valid_from, rule.valid_to) if d is not None)
    for inst in kb.instruments.values():
        found.update(d for d in (inst.in_force, inst.ended) if d is not None)
        for party in inst.parties:
            found.update(d for d in (party.valid_from, party.valid_to) if d is not None)
    for state in kb.states.values():
        for membership in state.memberships:
            found.update(d for d in (membership.valid_from, membership.valid_to) if d is not None)
    return sorted(found)


def rule_set(kb: KnowledgeBase, scenario: str | None = None) -> RuleSet:
    """The baseline rules, or the baseline with a scenario's overlay applied (cached per scenario)."""
    if scenario is None:
        return kept(kb, "rule_sets", None, lambda: RuleSet(kb, kb.rules, None, {}, frozenset()))
    if scenario not in kb.scenarios:
        raise CaseError(f"unknown scenario {scenario!r}; known: {', '.join(sorted(kb.scenarios))}")
    return kept(kb, "rule_sets", scenario, lambda: apply_overlay(kb, kb.scenarios[scenario]))


def rule_sources(kb: KnowledgeBase, rule_ids: Iterable[str], scenario: str | None = None) -> list[str]:
    """The source ids of the rules an answer rests on, in order, each once.

    ``rule_ids`` are rule ids, or space-separated lists of them as a matrix cell holds them. They are
    looked up in the rule set the answer was computed with: a scenario adds and replaces rules that
    the law in force does not have, so the baseline alone would miss them (or cite another rule).
    An id that is in neither is a programming error and raises ``CaseError`` naming it."""
    by_id = {rule.id: rule for rule in rule_set(kb, scenario).rules}
    found: dict[str, None] = {}
    for text in rule_ids:
        for rule_id in text.split():
            rule = by_id.get(rule_id)
            if rule is None:
                where = f"scenario {scenario!r}" if scenario else "the law in force"
                raise CaseError(f"rule {rule_id!r} is not among the rules of {where}")
            found.update(dict.fromkeys(rule.sources))
    return list(found)


def apply_overlay(kb: KnowledgeBase, scenario: Scenario) -> RuleSet:
    """Apply a scenario's add/replace/remove changes to the baseline, keeping rule order."""
    rules = list(kb.rules)
    changed: set[str] = set()
    for change in scenario.changes:
        if change.op == "add":
            rules.append(change.rule)
            changed.add(change.rule.id)
        elif change.op == "replace":
            rules = [change.rule if r.id == change.id else r for r in rules]
            changed.add(change.rule.id)
        elif change.id is not None:
            rules = [r for r in rules if r.id != change.id]
            changed.add(change.id)
    assumed = {a.id: a.parties_group for a in scenario.assume_in_force}
    joined = tuple((j.state, j.group, frozenset(j.instruments)) for j in scenario.memberships)
    return RuleSet(kb, tuple(rules), scenario.id, assumed, frozenset(changed), joined)


# --- what holds on a date -----------------------------------------------------------------------


class _DateContext:
    """Memberships and instrument applicability on one date, computed once per date."""

    def __init__(self, rules: RuleSet, day: dt.date):
        self.rs = rules
        self.kb = rules.kb
        self.day = day
        self.codes = self.kb.state_codes
        self.index = {code: i for i, code in enumerate(self.codes)}
        self._members: dict[str, frozenset[str]] = {}
        self._applies: dict[str, np.ndarray] = {}
        self._party_conf: dict[str, np.ndarray] = {}
        self._pair_mask: dict[int, np.ndarray] = {}

    def members(self, group: str) -> frozenset[str]:
        if group not in self._members:
            joined = {state for state, joined_group, _ in self.rs.joined if joined_group == group}
            self._members[group] = self.kb.members(group, self.day) | joined
        return self._members[group]

    def selector_mask(self, selector: Any) -> np.ndarray:
        if selector.states is not None:
            allowed = set(selector.states)
        elif selector.group is not None:
            allowed = set(self.members(selector.group))
        elif selector.parties_of is not None:
            bound = self.instrument_mask(selector.parties_of)
            # a national law's mask binds hosts in every column; a treaty's is outer(bound, bound)
            allowed = {code for code, i in self.index.items() if bound[i, :].any() and bound[:, i].any()}
        else:
            allowed = set(self.codes)
        allowed -= set(selector.exclude)
        return np.array([code in allowed for code in self.codes])

    def instrument_mask(self, iid: str) -> np.ndarray:
        """host × origin: does the instrument apply between these two states on this date?"""
        mask = self._applies.get(iid)
        if mask is not None:
            return mask
        inst = self.kb.instruments[iid]
        n = len(self.codes)
        party_conf = np.full((n, n), 0, dtype=np.int8)  # rank of the weakest party confidence
        if iid in self.rs.assumed_in_force:
            group = self.rs.assumed_in_force[iid]
            listed = self.members(group) if group is not None else {p.state for p in inst.parties}
            bound = np.array([c in listed for c in self.codes])
            mask = np.repeat(bound[:, None], n, axis=1) if inst.is_national else np.outer(bound, bound)
        elif inst.in_force is None or inst.in_force > self.day or (inst.ended and self.day >= inst.ended):
            mask = np.zeros((n, n), dtype=bool)
        else:
            bound = np.zeros(n, dtype=bool)
            conf = np.zeros(n, dtype=np.int8)
            for party in inst.parties:
                start = party.valid_from or inst.in_force
                end = party.valid_to or inst.ended
                if party.state in self.index and start <= self.day and (end is None or self.day < end):
                    bound[self.index[party.state]] = True
                    if party.confidence is not None:
                        conf[self.index[party.state]] = CONFIDENCE_RANK[party.confidence]
            for state, _, instruments in self.rs.joined:  # an accession binds from the scenario's start
                if iid in instruments and state in self.index:
                    bound[self.index[state]] = True
            if inst.is_national:
                mask = np.repeat(bound[:, None], n, axis=1)
                party_conf = np.repeat(conf[:, None], n, axis=1)
            else:
                mask = np.outer(bound, bound)
                party_conf = np.maximum(conf[:, None], conf[None, :])
        self._applies[iid] = mask
        self._party_conf[iid] = party_conf
        return mask

    def party_confidence_rank(self, iid: str, h: int, o: int) -> int:
        self.instrument_mask(iid)
        return int(self._party_conf[iid][h, o])

    def rule_pair_mask(self, index: int, rule: Rule) -> np.ndarray:
        """host × origin where the rule's selectors match and at least one basis instrument applies."""
        mask = self._pair_mask.get(index)
        if mask is not None:
            return mask
        n = len(self.codes)
        if not rule.holds_on(self.day):
            mask = np.zeros((n, n), dtype=bool)
        else:
            basis = np.zeros((n, n), dtype=bool)
            for ref in rule.basis:
                basis |= self.instrument_mask(ref.instrument)
            mask = np.outer(self.selector_mask(rule.host), self.selector_mask(rule.origin)) & basis
            np.fill_diagonal(mask, False)  # host = origin is a national: outside every rule
        self._pair_mask[index] = mask
        return mask


# --- composing an answer from the rules that apply ----------------------------------------------


def status_applicable(kb: KnowledgeBase, ctx: _DateContext, host: str, origin: str, status: str) -> bool:
    """Can a worker of this pair hold ``status`` on the context's date (the vocabulary's ``applies_if``)?"""
    cond = kb.vocabulary.status[cast(Status, status)].applies_if
    if cond.both_in_group:
        members = ctx.members(cond.both_in_group)
        return host in members and origin in members
    if cond.not_both_in_group:
        members = ctx.members(cond.not_both_in_group)
        return not (host in members and origin in members)
    return True


@dataclass(frozen=True)
class Composed:
    """One cell's answer, composed from the rules that apply to it (or the host's fallback)."""

    level: str
    basis: tuple[BasisItem, ...]
    confidence: str
    payer: str
    rules: tuple[str, ...]  # the winning rules' ids
    fallback: bool  # no rule applied: the host's fallback answered
    note: Text  # the winning rule's (or the fallback's) note
    open_questions: tuple[str, ...]


def _compose(
    rs: RuleSet,
    ctx: _DateContext,
    host: str,
    origin: str,
    matching: Iterable[int],
) -> Composed:
    """The answer for one cell from the indices of the rules that match it."""
    kb = rs.kb
    h, o = ctx.index[host], ctx.index[origin]
    matching = list(matching)
    if not matching:
        fb = kb.states[host].fallback
        in_force = tuple(
            BasisItem(ref.instrument, ref.article, ref.article_ru)
            for ref in fb.basis
            if ctx.instrument_mask(ref.instrument)[h, :].any()
        )
        fallback_basis = in_force or (BasisItem(fb.basis[0].instrument, fb.basis[0].article, fb.basis[0].article_ru),)
        return Composed("paid", fallback_basis, "low", "household", (), True, fb.note, (fb.open_question,))
    best = min(LEVEL_RANK[rs.rules[i].level] for i in matching)
    winners = sorted(
        (i for i in matching if LEVEL_RANK[rs.rules[i].level] == best),
        key=lambda i: (-rs.rules[i].specificity, i),
    )
    basis: dict[str, BasisItem] = {}  # one citation per instrument: the most specific rule's article
    weakest_party = 0
    for i in winners:
        for ref in rs.rules[i].basis:
            if ref.instrument not in basis and ctx.instrument_mask(ref.instrument)[h, o]:
                basis[ref.instrument] = BasisItem(ref.instrument, ref.article, ref.article_ru)
                weakest_party = max(weakest_party, ctx.party_confidence_rank(ref.instrument, h, o))
    confidence_rank = max(min(CONFIDENCE_RANK[rs.rules[i].confidence] for i in winners), weakest_party)
    top = rs.rules[winners[0]]
    questions = tuple(dict.fromkeys(q for i in winners if (q := rs.rules[i].open_question)))
    return Composed(
        top.level,
        tuple(basis.values()),
        CONFIDENCES[confidence_rank],
        top.payer,
        tuple(rs.rules[i].id for i in winners),
        False,
        top.note,
        questions,
    )


def _explain(rs: RuleSet, ctx: _DateContext, case: Case, composed: Composed, status_ok: bool) -> dict[str, str]:
    kb = rs.kb
    level, rule_ids, fallback, note, questions = (
        composed.level, composed.rules, composed.fallback, composed.note, composed.open_questions
    )
    out = {}
    for lang in ("en", "ru"):
        notes = [note.in_lang(lang)]
        if not status_ok:  # host = origin is answered before (_explain_host_is_origin)
            notes.append(
                kb.message("note_status_not_applicable", lang).format(
                    status_label=kb.label("status", case.status, lang), date=date_in_lang(case.date, lang)
                )
            )
        if fallback and questions:
            question = kb.open_questions.get(questions[0])
            if question is not None:
                notes.append(kb.message("note_fallback", lang).format(question=question.question.in_lang(lang)))
        if rs.scenario:
            notes.append(
                kb.message("note_scenario", lang).format(scenario=kb.scenarios[rs.scenario].name.in_lang(lang))
            )
            if any(r in rs.changed_rules for r in rule_ids):
                notes.append(kb.message("note_rule_changed_by_scenario", lang))
        if case.date > kb.sources_up_to:
            # later than the newest date a source states the law: the law as last known
            notes.append(kb.message("note_after_as_of", lang).format(
                as_of=date_in_lang(kb.sources_up_to, lang), checked=date_in_lang(kb.last_checked, lang)))
        out[lang] = kb.message("explanation", lang).format(
            host_in=kb.states[case.host].name_in.in_lang(lang),
            origin_from=kb.states[case.origin].name_from.in_lang(lang),
            person=kb.label("person", case.person, lang),
            status=kb.label("status", case.status, lang),
            residence=kb.label("residence", case.residence, lang),
            care=kb.label("care", case.care, lang),
            level=kb.label("level", level, lang),
            note=" ".join(notes),
        )
        out[lang] = out[lang][0].upper() + out[lang][1:]
    return out


# A release frozen before data version 2026.12.2 (a link pinned with dv=) has no "explanation_not_applicable"
# text: its explanation then says the person, the care and the note, in no words of its own.
_NOT_APPLICABLE_WITHOUT_TEXT = "{host_in}, {person} {origin_from}: {care}. {note}"


def _explain_host_is_origin(kb: KnowledgeBase, case: Case) -> dict[str, str]:
    out = {}
    for lang in ("en", "ru"):
        template = kb.vocabulary.messages.get("explanation_not_applicable")
        text = (template.in_lang(lang) if template else _NOT_APPLICABLE_WITHOUT_TEXT).format(
            host_in=kb.states[case.host].name_in.in_lang(lang),
            origin_from=kb.states[case.origin].name_from.in_lang(lang),
            person=kb.label("person", case.person, lang),
            care=kb.label("care", case.care, lang),
            note=kb.message("note_host_is_origin", lang),
        )
        out[lang] = text[0].upper() + text[1:]
    return out


# --- validating input ---------------------------------------------------------------------------


def make_case(kb: KnowledgeBase, **values: object) -> Case:
    """Build a Case from loose values (CLI, URL, upload); raise CaseError naming the bad field."""
    known = {
        "host": kb.state_codes,
        "origin": kb.state_codes,
        "person": PERSONS,
        "status": STATUSES,
        "residence": RESIDENCES,
        "care": CARES,
        "vhi": VHIS,
    }
    clean: dict[str, object] = {}
    for name, options in known.items():
        value = values.get(name, "none" if name == "vhi" else None)
        if value is None:
            raise CaseError(f"{name} is required; one of: {', '.join(options)}")
        if name in ("host", "origin") and isinstance(value, str):
            value = value.upper()
        if value not in options:
            raise CaseError(f"unknown {name} {value!r}; one of: {', '.join(options)}")
        clean[name] = value
    clean["date"] = parse_date(values.get("date"))
    clean["contribution_years"] = parse_years(values.get("contribution_years", 0))
    scenario = values.get("scenario")
    if scenario not in (None, "", "none", "baseline"):
        if scenario not in kb.scenarios:
            raise CaseError(f"unknown scenario {scenario!r}; known: {', '.join(sorted(kb.scenarios))}")
        clean["scenario"] = scenario
    return Case(**clean)  # type: ignore[arg-type]


def parse_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        try:
            day = iso_day(value)
        except ValueError:
            raise CaseError(f"date must be YYYY-MM-DD, got {value!r}") from None
    else:
        raise CaseError("date is required (YYYY-MM-DD)")
    if not MIN_DATE <= day <= MAX_DATE:
        raise CaseError(f"date must be between {MIN_DATE} and {MAX_DATE}, got {day}")
    return day


def parse_years(value: object) -> float:
    if isinstance(value, bool):
        raise CaseError("contribution years must be a number")
    if isinstance(value, str):
        try:
            value = plain_number(value)
        except ValueError:
            raise CaseError(f"contribution years must be a number, got {value!r}") from None
    if not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= 80:
        raise CaseError(f"contribution years must be a number from 0 to 80, got {value!r}")
    return float(value)


# --- one case -----------------------------------------------------------------------------------


def _rule_matches_case(rule: Rule, case: Case) -> bool:
    return (
        case.person in rule.person
        and case.status in rule.status
        and case.residence in rule.residence
        and case.care in rule.care
        and case.vhi in rule.vhi
        and (rule.min_contribution_years is None or case.contribution_years >= rule.min_contribution_years)
    )


def resolve(kb: KnowledgeBase, case: Case) -> Resolution:
    """Answer one case: level, legal basis, confidence and an explanation in EN and RU."""
    rs = rule_set(kb, case.scenario)
    if case.host == case.origin:
        # A national in their own state: not what this tool models, so no level, basis or payer (the
        # host's fallback for foreigners answered "paid out of pocket · low" here, even for emergency care).
        return Resolution(
            level=None, basis=(), confidence=None, explanation=_explain_host_is_origin(kb, case), payer=None,
            rules=(), fallback=False, applicable=False, not_applicable_reason="host_is_origin", open_questions=(),
            scenario=rs.scenario, as_of=kb.meta.as_of, sources_up_to=kb.sources_up_to,
        )
    ctx = rs.context(case.date)
    h, o = ctx.index[case.host], ctx.index[case.origin]
    matching = [
        i for i, rule in enumerate(rs.rules) if _rule_matches_case(rule, case) and ctx.rule_pair_mask(i, rule)[h, o]
    ]
    composed = _compose(rs, ctx, case.host, case.origin, matching)
    applicable = status_applicable(kb, ctx, case.host, case.origin, case.status)
    reason = None if applicable else "status_not_available"
    return Resolution(
        level=composed.level,
        basis=composed.basis,
        confidence=composed.confidence,
        explanation=_explain(rs, ctx, case, composed, applicable),
        payer=composed.payer,
        rules=composed.rules,
        fallback=composed.fallback,
        applicable=applicable,
        not_applicable_reason=reason,
        open_questions=composed.open_questions,
        scenario=rs.scenario,
        as_of=kb.meta.as_of,
        sources_up_to=kb.sources_up_to,
    )


# --- the full matrix ----------------------------------------------------------------------------

MATRIX_DIMENSIONS = ("host", "origin", "person", "status", "residence", "care")


def _matrix_shape(codes: Sequence[str]) -> tuple[int, ...]:
    return (len(codes), len(codes), len(PERSONS), len(STATUSES), len(RESIDENCES), len(CARES))


# The last winners computed: a range of dates computes them for a date's signature, then (when the
# signature moved) again in that date's matrix. One slot, so memory stays bounded (about 0.7 MB).
_LAST_WINNERS: list[tuple[tuple[object, ...], tuple[np.ndarray, np.ndarray]]] = []


def _winners(rs: RuleSet, ctx: _DateContext, vhi: str, contribution_years: float) -> tuple[np.ndarray, np.ndarray]:
    """Per cell (flattened matrix shape): the best level rank (127: no rule) and which rules win."""
    key = (ctx, vhi, float(contribution_years))
    last = _LAST_WINNERS[-1] if _LAST_WINNERS else None  # read once: other threads may replace it
    if last is not None and last[0][0] is ctx and last[0][1:] == key[1:]:
        return last[1]
    result = _compute_winners(rs, ctx, vhi, contribution_years)
    _LAST_WINNERS[:] = [(key, result)]
    return result


def _compute_winners(
    rs: RuleSet, ctx: _DateContext, vhi: str, contribution_years: float
) -> tuple[np.ndarray, np.ndarray]:
    shape = _matrix_shape(ctx.codes)
    n_rules = len(rs.rules)
    masks = np.zeros((n_rules,) + shape, dtype=bool)
    ranks = np.array([LEVEL_RANK[r.level] for r in rs.rules], dtype=np.int8)
    for i, rule in enumerate(rs.rules):
        if vhi not in rule.vhi or (
            rule.min_contribution_years is not None and contribution_years < rule.min_contribution_years
        ):
            continue
        pair = ctx.rule_pair_mask(i, rule)
        if not pair.any():
            continue
        masks[i] = pair[:, :, None, None, None, None] & rs.cell_mask(i)[None, None, :, :, :, :]
    flat = masks.reshape(n_rules, -1)
    best = np.where(flat, ranks[:, None], 127).min(axis=0) if n_rules else np.full(flat.shape[1], 127)
    return best, flat & (ranks[:, None] == best[None, :])


def matrix(
    kb: KnowledgeBase,
    day: dt.date,
    scenario: str | None = None,
    *,
    vhi: str = "none",
    contribution_years: float = 0.0,
    explain: bool = False,
) -> pd.DataFrame:
    """Every host × origin × person × status × residence × care cell on ``day``, one row each.

    Cells that cannot occur (host = origin; a status not available to the pair on that date) are
    kept and marked ``applicable = False`` with a reason, never left out.
    """
    if vhi not in VHIS:
        raise CaseError(f"unknown vhi {vhi!r}; one of: {', '.join(VHIS)}")
    rs = rule_set(kb, scenario)
    ctx = rs.context(day)
    codes = ctx.codes
    shape = _matrix_shape(codes)
    n_rules = len(rs.rules)
    best, winners = _winners(rs, ctx, vhi, contribution_years)
    # Cells with the same winning rules between the same pair of states compose identically:
    # compose each distinct (winners, host, origin) once and spread the answers with numpy.
    grid = np.indices(shape).reshape(len(shape), -1)
    packed = np.packbits(winners, axis=0).T if n_rules else np.zeros((winners.shape[1], 0), dtype=np.uint8)
    keys = np.concatenate([packed, grid[0][:, None].astype(np.uint8), grid[1][:, None].astype(np.uint8)], axis=1)
    unique_keys, first_cell, inverse = np.unique(keys, axis=0, return_index=True, return_inverse=True)
    inverse = inverse.reshape(-1)
    composed = []
    for cell in first_cell:
        h, o = int(grid[0][cell]), int(grid[1][cell])
        matching: Iterable[int] = np.flatnonzero(winners[:, cell]) if best[cell] != 127 else []
        composed.append(_compose(rs, ctx, codes[h], codes[o], matching))

    same = grid[0] == grid[1]

    def spread(values: list[Any], dtype: Any = object, blank: Any = None) -> np.ndarray:
        """The composed values cell by cell; ``blank`` where host and origin are one state (a national:
        not modelled, so no level, basis or payer)."""
        return np.where(same, blank, np.asarray(values, dtype=dtype)[inverse]).astype(dtype)

    n = len(codes)
    status_ok = np.array(
        [[[status_applicable(kb, ctx, codes[h], codes[o], st) for st in STATUSES] for o in range(n)] for h in range(n)]
    )
    ok = status_ok[grid[0], grid[1], grid[3]]
    applicable = ~same & ok
    reason = np.where(same, "host_is_origin", np.where(ok, np.asarray(None), "status_not_available"))
    frame = pd.DataFrame(
        {
            "host": np.asarray(codes, dtype=object)[grid[0]],
            "origin": np.asarray(codes, dtype=object)[grid[1]],
            "person": np.asarray(PERSONS, dtype=object)[grid[2]],
            "status": np.asarray(STATUSES, dtype=object)[grid[3]],
            "residence": np.asarray(RESIDENCES, dtype=object)[grid[4]],
            "care": np.asarray(CARES, dtype=object)[grid[5]],
            "applicable": applicable,
            "not_applicable_reason": reason,
            "level": spread([c.level for c in composed]),
            "confidence": spread([c.confidence for c in composed]),
            "basis": spread(["; ".join(str(b) for b in c.basis) for c in composed], blank=""),
            # the same citations with the articles in Russian (views in Russian show this one)
            "basis_ru": spread(["; ".join(b.cite("ru") for b in c.basis) for c in composed], blank=""),
            "basis_ids": spread([" ".join(b.instrument for b in c.basis) for c in composed], blank=""),
            "payer": spread([c.payer for c in composed]),
            "rules": spread([" ".join(c.rules) for c in composed], blank=""),
            "fallback": spread([c.fallback for c in composed], dtype=bool, blank=False),
            "open_questions": spread([" ".join(c.open_questions) for c in composed], blank=""),
        }
    )
    frame.insert(0, "date", day.isoformat())
    frame.insert(1, "scenario", scenario or "baseline")
    frame.insert(8, "vhi", vhi)
    frame.insert(9, "contribution_years", float(contribution_years))
    if explain:
        for lang in ("en", "ru"):
            frame[f"explanation_{lang}"] = [
                resolve(
                    kb,
                    Case(
                        row.host,
                        row.origin,
                        row.person,
                        row.status,
                        row.residence,
                        row.care,
                        day,
                        contribution_years,
                        vhi,
                        scenario,
                    ),
                ).explanation[lang]
                for row in frame.itertuples()
            ]
    return frame


def date_signature(
    kb: KnowledgeBase, day: dt.date, scenario: str | None = None, vhi: str = "none", contribution_years: float = 0.0
) -> bytes:
    """Everything ``matrix`` reads from the date, packed: two dates with equal signatures have equal
    matrices for this policy and these years of contributions. The winning rules of every cell, the
    applicability of every cited instrument and the statuses open to each pair: a fraction of a
    matrix's cost (no composing, no table), so a range of dates builds the matrix only where this moves."""
    rs = rule_set(kb, scenario)
    ctx = rs.context(day)
    codes = ctx.codes
    _, winners = _winners(rs, ctx, vhi, contribution_years)
    parts = [np.packbits(winners).tobytes()]
    # What composing a cell reads besides its winners: whether each cited instrument applies (and
    # its parties' confidence) at the pairs where a rule citing it wins; for the fallback, whether
    # it applies to the host at all.
    n = len(codes)
    wins_at_pair: np.ndarray = np.asarray(winners.reshape(len(rs.rules), n, n, -1).any(axis=3))
    cited: dict[str, np.ndarray] = {}
    for i, rule in enumerate(rs.rules):
        for ref in rule.basis:
            cited[ref.instrument] = cited.get(ref.instrument, np.zeros((n, n), dtype=bool)) | wins_at_pair[i]
    for iid in sorted(cited):
        where = cited[iid]
        parts.append(ctx.instrument_mask(iid)[where].tobytes() + ctx._party_conf[iid][where].tobytes())
    for iid in sorted({ref.instrument for state in kb.states.values() for ref in state.fallback.basis}):
        parts.append(ctx.instrument_mask(iid).any(axis=1).tobytes())
    parts.append(
        np.array(
            [[[status_applicable(kb, ctx, h, o, st) for st in STATUSES] for o in codes] for h in codes]
        ).tobytes()
    )
    return b"|".join(parts)


def coverage_report(kb: KnowledgeBase, day: dt.date | None = None) -> pd.DataFrame:
    """Per host: how many applicable cells a sourced rule decides, and how many fall back."""
    day = day or kb.meta.as_of
    frames = [matrix(kb, day, vhi=v) for v in VHIS]
    cells = pd.concat(frames)
    cells = cells[cells["applicable"]]
    out = (
        cells.groupby("host")
        .agg(
            cells=("level", "size"),
            fallback_cells=("fallback", "sum"),
        )
        .reset_index()
    )
    out["rule_cells"] = out["cells"] - out["fallback_cells"]
    out["fallback_share"] = (out["fallback_cells"] / out["cells"]).round(4)
    fb = cells[cells["fallback"]]
    out["fallback_all_low"] = out["host"].map(lambda h: bool((fb.loc[fb["host"] == h, "confidence"] == "low").all()))
    out["fallback_open_question"] = out["host"].map(lambda h: kb.states[h].fallback.open_question)
    out.insert(0, "date", day.isoformat())
    return out[
        [
            "date",
            "host",
            "cells",
            "rule_cells",
            "fallback_cells",
            "fallback_share",
            "fallback_all_low",
            "fallback_open_question",
        ]
    ]
