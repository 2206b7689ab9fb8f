"""The worker's status `auto`: the one a worker of a host/origin pair actually has on a date.

The engine answers for the statuses of the vocabulary (`contract`, `patent`), and each says when it
can occur (``applies_if`` in data/vocabulary.yaml: an employment contract only between two EAEU
members, a patent or work permit otherwise). `auto` is resolved here, before the engine, to the
status that can occur for the pair on the date, counting the memberships a scenario adds (e.g.
`uz-joins-eaeu`), so the engine's vocabulary stays `contract | patent`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from policy.engine import Case, CaseError, make_case, rule_set, status_applicable
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.models import STATUSES

AUTO = "auto"
STATUS_CHOICES: tuple[str, ...] = (AUTO, *STATUSES)  # what a picker, a link or the command line accepts


def status_open(kb: KnowledgeBase, host: str, origin: str, day: dt.date, status: str,
                scenario: str | None = None) -> bool:
    """Can a worker of this pair hold ``status`` on ``day`` (the vocabulary's ``applies_if``)?"""
    # the engine's own test, on the scenario's context (its memberships count)
    return status_applicable(kb, rule_set(kb, scenario).context(day), host, origin, status)


def applied_status(kb: KnowledgeBase, host: str, origin: str, day: dt.date, scenario: str | None = None) -> str:
    """`contract` where host and origin are both EAEU members on ``day`` (with the scenario's
    memberships), `patent` otherwise: the first status of the vocabulary open to the pair."""
    for status in STATUSES:
        if status_open(kb, host, origin, day, status, scenario):
            return status
    return STATUSES[-1]  # the vocabulary's conditions cover every pair; this is only a guard


def applied_statuses(kb: KnowledgeBase, day: dt.date, scenario: str | None = None) -> dict[tuple[str, str], str]:
    """(host, origin) → the status applied, for every pair of states (host = origin included)."""
    codes = kb.state_codes

    def compute() -> dict[tuple[str, str], str]:
        return {(h, o): applied_status(kb, h, o, day, scenario) for h in codes for o in codes}

    # kept: a Coverage rerun asks for the same date and scenario three times (grid, multiples, corridor)
    return kept(kb, "applied_statuses", (day, scenario), compute, 64)


def make_case_auto(kb: KnowledgeBase, **values: object) -> Case:
    """``make_case``, with `auto` (or no status) resolved to the status applied to the pair on the
    date; every other field is checked by ``make_case`` exactly as before."""
    status = values.get("status")
    if status is not None and status not in STATUS_CHOICES:
        raise CaseError(f"unknown status {status!r}; one of: {', '.join(STATUS_CHOICES)}")
    if status != AUTO and status is not None:
        return make_case(kb, **values)
    probe = make_case(kb, **{**values, "status": STATUSES[0]})  # validates host, origin, date, scenario
    return dataclasses.replace(probe, status=applied_status(kb, probe.host, probe.origin, probe.date, probe.scenario))


def with_status(kb: KnowledgeBase, frame: pd.DataFrame, status: str, day: dt.date,
                scenario: str | None = None) -> pd.DataFrame:
    """The rows of an engine matrix (or a slice of one) for ``status``: `all` keeps every row,
    `contract`/`patent` that status's rows, `auto` each pair's rows of the status applied to it."""
    if status == "all":
        return frame
    if status == AUTO:
        applied = applied_statuses(kb, day, scenario)
        wanted = [applied[(h, o)] for h, o in zip(frame["host"], frame["origin"], strict=True)]
        keep = frame["status"].to_numpy() == pd.Series(wanted, index=frame.index, dtype=object).to_numpy()
    elif status in STATUSES:
        keep = (frame["status"] == status).to_numpy()
    else:
        raise CaseError(f"unknown status {status!r}; one of: all, {', '.join(STATUS_CHOICES)}")
    return frame[keep].reset_index(drop=True)
