"""One pure function per route: (knowledge base, validated query) -> Answer. No HTTP, no Streamlit.

An Answer is JSON (``body``, to which the server adds the ``meta`` object), a table (``table``,
the CSV of ``format=csv`` and the ``rows`` of the JSON) or, for ``resolve``, exact bytes: the
command line's stdout for the same question (policy/cli.py).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from api.query import ApiError, Query, scenario_options
from explorer.tables import all_tables
from explorer.view_state import FIELDS, HOUSEHOLD_ROLES, LANGS, MAX_HOUSEHOLD, default_state
from explorer.views.compare import compare_long, compare_states
from policy.engine import resolve
from policy.family import Household, Member, family_grid, summary
from policy.findings import headline_findings
from policy.impact import assumptions, golden_table, impact, parse_overrides
from policy.knowledge_base import KnowledgeBase
from policy.matrices import cached_matrix, change_dates, matrix_states
from policy.models import CARES, PERSONS, RESIDENCES, STATUSES, VHIS
from policy.status import AUTO, STATUS_CHOICES, applied_status, make_case_auto, with_status

MAX_YEARS = 80.0
MAX_RANGE_ROWS = 200_000  # cells in one range answer (all states together); filters narrow a range
MATRIX_FILTERS = ("host", "origin", "person", "status", "residence", "care")
IMPACT_TABLES = ("corridors", "people", "costs", "parameters")
IMPACT_VHIS = ("none", "host", "home")


@dataclass
class Answer:
    body: dict[str, Any] = field(default_factory=dict)
    table: pd.DataFrame | None = None  # rows of the JSON; the CSV of format=csv
    csv: str | None = None  # the CSV when it is not simply the table (a matrix range)
    raw: bytes | None = None  # exact bytes (resolve: the command line's stdout)
    dates: list[dt.date] = field(default_factory=list)  # the dates the question was about


def _scenario(kb: KnowledgeBase, q: Query) -> str | None:
    chosen = q.choice("scenario", scenario_options(kb.scenarios), default="baseline")
    return None if chosen == "baseline" else chosen


def _years(q: Query) -> float:
    return q.number("contribution-years", 0.0, MAX_YEARS, 0.0)


def _lang(q: Query) -> str:
    return q.choice("lang", LANGS, default="en")


# --- resolve ------------------------------------------------------------------------------------


def resolve_answer(kb: KnowledgeBase, q: Query) -> Answer:
    """The command line's `resolve`: same parameters, same validation, the same bytes."""
    values = {
        "host": q.choice("host", kb.state_codes, upper=True),
        "origin": q.choice("origin", kb.state_codes, upper=True),
        "person": q.choice("person", PERSONS),
        "status": q.choice("status", STATUS_CHOICES, default=AUTO),
        "residence": q.choice("residence", RESIDENCES),
        "care": q.choice("care", CARES),
        "date": q.date("date"),
        "contribution_years": _years(q),
        "vhi": q.choice("vhi", VHIS, default="none"),
        "scenario": _scenario(kb, q),
    }
    case = make_case_auto(kb, **values)
    answer = {**resolve(kb, case).as_json(), "status_applied": case.status}
    text = json.dumps(answer, ensure_ascii=False) + "\n"  # print() adds the newline
    return Answer(raw=text.encode("utf-8"), dates=[case.date])


# --- matrix -------------------------------------------------------------------------------------


def matrix_answer(kb: KnowledgeBase, q: Query) -> Answer:
    """One date (``date``), or a range (``from``, ``to``) answered as each distinct legal state once."""
    scenario = _scenario(kb, q)
    vhi = q.choice("vhi", VHIS, default="none")
    years = _years(q)
    options = {"host": kb.state_codes, "origin": kb.state_codes, "person": PERSONS, "status": STATUS_CHOICES,
               "residence": RESIDENCES, "care": CARES}
    where = {name: q.choice(name, options[name], upper=name in ("host", "origin")) for name in MATRIX_FILTERS
             if q.has(name)}
    # status=auto (the Coverage page's default, the command line's too): each pair's rows of the status
    # applied to it on the date; the legal state's first day stands for a range's days (memberships,
    # which decide it, only change on a change date)
    auto = where.get("status") == AUTO
    if auto:
        del where["status"]
    ranged = q.has("from") or q.has("to")
    if ranged and q.has("date"):
        raise ApiError("date", "ask for one date (date) or a range (from, to), not both", accepts="date | from+to")
    if not ranged:
        day = q.date("date", kb.meta.as_of)
        frame = cached_matrix(kb, day, scenario, vhi, years)
        for column, value in where.items():
            frame = frame[frame[column] == value]
        frame = with_status(kb, frame, AUTO, day, scenario) if auto else frame.reset_index(drop=True)
        filters = {**where, "status": AUTO} if auto else where
        return Answer(body={"date": day.isoformat(), "scenario": scenario or "baseline", "filters": filters},
                      table=frame, dates=[day])
    start, end = q.date("from"), q.date("to")
    if end < start:
        raise ApiError("to", f"the range ends ({end}) before it starts ({start})", accepts=f"a date from {start}",
                       value=q.raw("to"))
    cells_per_state = len(kb.state_codes) ** 2 * len(PERSONS) * len(STATUSES) * len(RESIDENCES) * len(CARES)
    for column in where:
        cells_per_state //= len(options[column])
    if auto:
        cells_per_state //= len(STATUSES)
    bound = len(change_dates(kb, start, end, scenario)) * cells_per_state
    if bound > MAX_RANGE_ROWS:
        raise ApiError("from", f"the range holds up to {bound} cells, over the limit of {MAX_RANGE_ROWS}; "
                       "narrow the dates or filter (host, origin, person, status, residence, care)",
                       accepts={"max_cells": MAX_RANGE_ROWS, "filters": list(MATRIX_FILTERS)})
    states = matrix_states(kb, start, end, scenario, vhi, years, where)
    if auto:
        states = [dataclasses.replace(s, cells=with_status(kb, s.cells, AUTO, s.valid_from, scenario)) for s in states]
        where = {**where, "status": AUTO}
    parts = []
    for state in states:
        frame = state.cells.copy()
        frame.insert(0, "valid_to", state.valid_to.isoformat())
        frame.insert(0, "valid_from", state.valid_from.isoformat())
        parts.append(frame)
    csv = pd.concat(parts).to_csv(index=False, lineterminator="\n") if parts else ""
    body = {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "scenario": scenario or "baseline",
        "filters": where,
        "states": [
            {"valid_from": s.valid_from.isoformat(), "valid_to": s.valid_to.isoformat(), "rows": records(s.cells)}
            for s in states
        ],
    }
    return Answer(body=body, csv=csv, dates=[start, end])


# --- impact -------------------------------------------------------------------------------------


def impact_answer(kb: KnowledgeBase, q: Query) -> Answer:
    """People and cost per corridor, the law in force against a scenario (the command line's `impact`)."""
    scenario = _scenario(kb, q)
    day = q.date("date", kb.meta.as_of)
    years = _years(q)
    vhi = q.choice("vhi", IMPACT_VHIS, default=kb.impact.vhi)
    table = q.choice("table", IMPACT_TABLES, default="corridors")
    overrides: dict[str, float] = {}
    text = q.raw("assume")
    if text:
        items = [i.strip() for i in text.split(",") if i.strip()]
        ranges = {stem: list(bounds) for stem, bounds in assumptions(kb).items()}
        if any(i.count("~") != 1 for i in items):
            raise ApiError("assume", "assume is stem~value pairs separated by commas", accepts=ranges, value=text)
        try:
            overrides = parse_overrides(kb, [i.replace("~", "=") for i in items])
        except ValueError as problem:  # CaseError: unknown assumption or a value out of its range
            raise ApiError("assume", str(problem), accepts=ranges, value=text) from None
    result = impact(kb, day, scenario, years=years, vhi=vhi, overrides=overrides)
    frame = golden_table(result) if table == "corridors" else getattr(result, table)
    body = {"date": day.isoformat(), "scenario": scenario or "baseline", "contribution_years": years, "vhi": result.vhi,
            "assume": dict(sorted(overrides.items())), "table": table,
            "stale": [{"host": h, "origin": o, "latest": d.isoformat()} for h, o, d in result.stale]}
    return Answer(body=body, table=frame, dates=[day])


# --- family -------------------------------------------------------------------------------------


def family_answer(kb: KnowledgeBase, q: Query) -> Answer:
    """A household (the link's encoding: ``spouse~stay~none,child.4~temporary_permit~home``)."""
    defaults = default_state(kb)
    host = q.choice("host", kb.state_codes, default=defaults.host, upper=True)
    origin = q.choice("origin", kb.state_codes, default=defaults.origin, upper=True)
    if host == origin:
        raise ApiError("origin", "the origin state must differ from the host state",
                       accepts=[c for c in kb.state_codes if c != host], value=origin)
    day = q.date("date", kb.meta.as_of)
    status = q.choice("status", STATUS_CHOICES, default=defaults.status)
    years = _years(q)
    scenario = _scenario(kb, q)
    if status == AUTO:
        status = applied_status(kb, host, origin, day, scenario)
    lang = _lang(q)
    members = defaults.household
    text = q.raw("household")
    if text is not None:
        try:
            members = FIELDS["household"].parse(kb, text)
        except (ValueError, TypeError):
            raise ApiError("household", "household is role[.age]~residence~vhi per member besides the worker, "
                           f"comma-separated, at most {MAX_HOUSEHOLD}",
                           accepts={"role": list(HOUSEHOLD_ROLES), "age": "0-120", "residence": list(RESIDENCES),
                                    "vhi": list(VHIS), "example": "spouse~stay~none,child.4~temporary_permit~home"},
                           value=text) from None
    everyone = (Member("worker"), *(Member(role, res, vhi, age) for role, age, res, vhi in members))
    household = Household(host, origin, day, status, years, everyone, scenario)
    grid = family_grid(kb, household, lang)
    body = {"host": host, "origin": origin, "date": day.isoformat(), "status": status, "contribution_years": years,
            "scenario": scenario or "baseline", "lang": lang, "household": FIELDS["household"].encode(members),
            "summary": summary(kb, household, grid, lang)}
    return Answer(body=body, table=grid, dates=[day])


# --- compare, findings and the tables -----------------------------------------------------------


def compare_answer(kb: KnowledgeBase, q: Query) -> Answer:
    """States side by side, one row per (attribute, state), each with its source and as-of date."""
    defaults = default_state(kb)
    text = q.raw("states")
    states = list(defaults.states)
    if text is not None:
        try:
            states = list(FIELDS["states"].parse(kb, text))
        except ValueError:
            raise ApiError("states", "states is 1 to 10 state codes separated by commas",
                           accepts=kb.state_codes, value=text) from None
    day = q.date("date", kb.meta.as_of)
    origin = q.choice("origin", kb.state_codes, default=defaults.origin, upper=True)
    lang = _lang(q)
    frame = compare_long(kb, compare_states(kb, states, day, lang, origin), lang)
    return Answer(body={"states": states, "date": day.isoformat(), "origin": origin, "lang": lang}, table=frame,
                  dates=[day])


def findings_answer(kb: KnowledgeBase, q: Query) -> Answer:
    day = q.date("date", kb.meta.as_of)
    rows = [
        {"id": f.id, "value": f.value, "low": f.low, "high": f.high, "estimate": f.estimate,
         "text_en": f.text["en"], "text_ru": f.text["ru"], "method_en": f.method.get("en"),
         "method_ru": f.method.get("ru"), "sources": " ".join(f.sources), "as_of": f.as_of.isoformat()}
        for f in headline_findings(kb, day)
    ]
    return Answer(body={"date": day.isoformat()}, table=pd.DataFrame(rows), dates=[day])


def _table(name: str) -> Callable[[KnowledgeBase, Query], Answer]:
    def answer(kb: KnowledgeBase, q: Query) -> Answer:
        return Answer(table=all_tables(kb)[name])

    return answer


def meta_answer(kb: KnowledgeBase, q: Query) -> Answer:
    from api.data import versions

    return Answer(body={
        "versions": versions(),
        "default_view": kb.meta.default_view.model_dump(),
        "states": list(kb.state_codes),
        "scenarios": scenario_options(kb.scenarios),
        "dimensions": {"person": list(PERSONS), "status": list(STATUSES), "residence": list(RESIDENCES),
                       "care": list(CARES), "vhi": list(VHIS)},
        "assumptions": {stem: list(bounds) for stem, bounds in assumptions(kb).items()},
        "limits": {"contribution_years": [0, MAX_YEARS], "max_range_cells": MAX_RANGE_ROWS,
                   "household_members": MAX_HOUSEHOLD},
    })


TABLE_ANSWERS = {
    "states": _table("states"),
    "instruments": _table("instruments"),
    "sources": _table("sources"),
    "open-questions": _table("open_questions"),
    "scenarios": _table("scenarios"),
}


# --- JSON for frames ------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return None if value != value else value  # NaN -> null
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return _plain(value.item())
    if value is pd.NA or value is pd.NaT:
        return None
    return str(value)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    columns = [str(c) for c in frame.columns]
    return [dict(zip(columns, (_plain(v) for v in row), strict=True)) for row in frame.itertuples(index=False)]
