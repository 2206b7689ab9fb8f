"""Query parameters, validated: a bad value is an ``ApiError`` that names the parameter and what it accepts."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from policy.engine import MAX_DATE, MIN_DATE
from policy.plain_input import iso_day, plain_number

MAX_VALUE_LENGTH = 400  # longer values are refused outright (a household of 11 members fits)


@dataclass
class ApiError(Exception):
    """An answer other than 200: the status, the parameter at fault, the value seen and what is accepted."""

    parameter: str | None
    message: str
    accepts: Any = None
    value: str | None = None
    status: int = 400
    extra: dict[str, Any] = field(default_factory=dict)

    def body(self) -> dict[str, Any]:
        error = "bad_parameter" if self.status == 400 else {404: "not_found", 405: "method_not_allowed"}.get(
            self.status, "error"
        )
        out: dict[str, Any] = {"error": error, "message": self.message}
        if self.parameter is not None:
            out["parameter"] = self.parameter
        if self.value is not None:
            out["value"] = self.value
        if self.accepts is not None:
            out["accepts"] = self.accepts
        out.update(self.extra)
        return out


DATE_RANGE = f"a date YYYY-MM-DD from {MIN_DATE} to {MAX_DATE}"


class Query:
    """The request's parameters: each may appear once, and only those the route names."""

    def __init__(self, items: Iterable[tuple[str, str]], allowed: Sequence[str]):
        self.values: dict[str, str] = {}
        for name, value in items:
            if name not in allowed:
                raise ApiError(name[:40], f"unknown parameter {name[:40]!r}", accepts=sorted(allowed))
            if name in self.values:
                raise ApiError(name, f"parameter {name!r} given more than once", accepts="one value")
            if len(value) > MAX_VALUE_LENGTH:
                raise ApiError(name, f"parameter {name!r} is longer than {MAX_VALUE_LENGTH} characters",
                               accepts=f"at most {MAX_VALUE_LENGTH} characters")
            self.values[name] = value

    def raw(self, name: str) -> str | None:
        return self.values.get(name)

    def has(self, name: str) -> bool:
        return name in self.values

    def choice(self, name: str, options: Sequence[str], default: str | None = None, upper: bool = False) -> str:
        text = self.values.get(name)
        if text is None:
            if default is None:
                raise ApiError(name, f"parameter {name!r} is required", accepts=list(options))
            return default
        value = text.strip().upper() if upper else text.strip()
        if value not in options:
            raise ApiError(name, f"unknown {name} {text!r}", accepts=list(options), value=text)
        return value

    def optional_choice(self, name: str, options: Sequence[str], upper: bool = False) -> str | None:
        return self.choice(name, options, upper=upper) if name in self.values else None

    def date(self, name: str, default: dt.date | None = None) -> dt.date:
        text = self.values.get(name)
        if text is None:
            if default is None:
                raise ApiError(name, f"parameter {name!r} is required", accepts=DATE_RANGE)
            return default
        try:
            day: dt.date | None = iso_day(text)
        except ValueError:
            day = None
        if day is None or not MIN_DATE <= day <= MAX_DATE:
            raise ApiError(name, f"{name} must be {DATE_RANGE}", accepts=DATE_RANGE, value=text)
        return day

    def number(self, name: str, low: float, high: float, default: float) -> float:
        text = self.values.get(name)
        if text is None:
            return default
        try:
            value = plain_number(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or not low <= value <= high:
            raise ApiError(name, f"{name} must be a number from {low:g} to {high:g}",
                           accepts={"minimum": low, "maximum": high}, value=text)
        return value


def scenario_options(scenarios: Mapping[str, Any]) -> list[str]:
    return ["baseline", *scenarios]
