"""The route table: every /api/v1 route, its parameters and whether it answers a table.

The handlers (api/server.py), the OpenAPI document (api/openapi.py) and the tests all read this one
table, so the document's paths are the routes by construction (and a test checks the live app).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from api import answers
from api.answers import IMPACT_TABLES, IMPACT_VHIS, MATRIX_FILTERS, MAX_YEARS, Answer
from api.query import DATE_RANGE, Query
from policy.knowledge_base import KnowledgeBase
from policy.models import CARES, PERSONS, RESIDENCES, STATUSES, VHIS

PREFIX = "/api/v1"


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict[str, Any]
    required: bool = False


@dataclass(frozen=True)
class Spec:
    name: str
    summary: str
    params: tuple[Param, ...]
    handler: Callable[[KnowledgeBase, Query], Answer] | None  # None: the OpenAPI document itself
    table: bool = False  # accepts format=csv

    @property
    def path(self) -> str:
        return f"{PREFIX}/{self.name}"

    def param_names(self) -> list[str]:
        return [p.name for p in self.params] + ["dv"] + (["format"] if self.table else [])


STRING = {"type": "string"}
STATE = {"type": "string", "description": "a state code of the data (see /api/v1/states), e.g. RU"}
YEARS = {"type": "number", "minimum": 0, "maximum": MAX_YEARS, "default": 0}
SCENARIO = {"type": "string", "default": "baseline", "description": "baseline or a scenario id (see /api/v1/scenarios)"}
LANG = {"type": "string", "enum": ["en", "ru"], "default": "en"}


def _enum(values: tuple[str, ...] | list[str], default: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "string", "enum": list(values)}
    if default is not None:
        out["default"] = default
    return out


def _date(description: str, required: bool = False, name: str = "date") -> Param:
    schema = {"type": "string", "format": "date"}
    return Param(name, f"{description} ({DATE_RANGE})", schema, required)


CASE = (
    Param("host", "the state where the worker works", STATE, True),
    Param("origin", "the worker's state of citizenship", STATE, True),
    Param("person", "whose cover", _enum(PERSONS), True),
    Param("status", "the worker's legal basis for work", _enum(STATUSES), True),
    Param("residence", "the person's residence document", _enum(RESIDENCES), True),
    Param("care", "the kind of care", _enum(CARES), True),
    _date("the day the law is read on", required=True),
    Param("contribution-years", "the worker's years of contributions", YEARS),
    Param("vhi", "the voluntary policy the person holds", _enum(VHIS, "none")),
    Param("scenario", "the law in force, or a scenario applied to it", SCENARIO),
)

SPECS: tuple[Spec, ...] = (
    Spec("resolve", "One case, answered exactly as `python -m policy resolve` prints it (no meta object: "
         "the data version, as-of date, licence and citation are in the headers)", CASE, answers.resolve_answer),
    Spec("matrix", "The full matrix (every host × origin × person × status × residence × care cell) on one date, or "
         "over a range of dates as each distinct legal state once, with valid_from and valid_to (both included)",
         (
             _date("one date (default: the data's as-of date); not with from/to"),
             _date("the range's first day", name="from"),
             _date("the range's last day", name="to"),
             Param("scenario", "the law in force, or a scenario applied to it", SCENARIO),
             Param("vhi", "the voluntary policy everyone holds", _enum(VHIS, "none")),
             Param("contribution-years", "every worker's years of contributions", YEARS),
             *(Param(name, f"only the cells whose {name} is this" + (
                 " (auto: each pair's own status on the date, as the Coverage page and the command line)"
                 if name == "status" else ""), STRING) for name in MATRIX_FILTERS),
         ), answers.matrix_answer, table=True),
    Spec("impact", "People and cost per corridor: the law in force against a scenario (`python -m policy impact`)",
         (
             Param("scenario", "the scenario to weigh against the law in force", SCENARIO),
             _date("the day (default: the data's as-of date)"),
             Param("contribution-years", "every worker's years of contributions", YEARS),
             Param("vhi", "the voluntary policy everyone holds (default: the method's)", _enum(IMPACT_VHIS)),
             Param("assume", "assumptions moved off their central value, as links write them: "
                   "stem~value,stem~value (ranges: /api/v1/meta)", STRING),
             Param("table", "which table", _enum(IMPACT_TABLES, "corridors")),
         ), answers.impact_answer, table=True),
    Spec("family", "A household's cover, member by member and care by care (the Family page)",
         (
             Param("host", "host state (default: the data's default view)", STATE),
             Param("origin", "origin state (default: the data's default view)", STATE),
             _date("the day (default: the data's as-of date)"),
             Param("status", "the worker's legal basis for work", _enum(STATUSES, "contract")),
             Param("contribution-years", "the worker's years of contributions", YEARS),
             Param("scenario", "the law in force, or a scenario applied to it", SCENARIO),
             Param("household", "members besides the worker, as links write them: role[.age]~residence~vhi, "
                   "comma-separated, e.g. spouse~stay~none,child.4~temporary_permit~home", STRING),
             Param("lang", "language of labels and explanations", LANG),
         ), answers.family_answer, table=True),
    Spec("compare", "States side by side, one row per attribute and state, with source and as-of date",
         (
             Param("states", "1 to 10 state codes, comma-separated (default: the data's default view)", STRING),
             _date("the day (default: the data's as-of date)"),
             Param("origin", "the worker's origin for the entitlement rows", STATE),
             Param("lang", "language of the texts", LANG),
         ), answers.compare_answer, table=True),
    Spec("findings", "The headline findings on a date, with method, range and sources",
         (_date("the day (default: the data's as-of date)"),), answers.findings_answer, table=True),
    Spec("states", "Every state with its groups and health-financing model", (), answers.TABLE_ANSWERS["states"],
         table=True),
    Spec("instruments", "Every treaty and law in the data", (), answers.TABLE_ANSWERS["instruments"], table=True),
    Spec("sources", "Every source cited", (), answers.TABLE_ANSWERS["sources"], table=True),
    Spec("open-questions", "What no source settles yet", (), answers.TABLE_ANSWERS["open-questions"], table=True),
    Spec("scenarios", "The policy scenarios", (), answers.TABLE_ANSWERS["scenarios"], table=True),
    Spec("meta", "The data version, the versions dv= accepts, the vocabularies and the limits", (),
         answers.meta_answer),
    Spec("openapi.json", "This document", (), None),
)

BY_PATH = {spec.path: spec for spec in SPECS}
