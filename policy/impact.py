"""Population and cost impact per migration corridor (origin → host), law in force against a scenario.

People: workers (the corridor's stock figure) × family ratios per role (figures; an assumption
carries its range and can be overridden). Coverage: the engine's matrix on the date for each role,
under the pair's work status and the residence and voluntary policy the method assumes
(``data/impact.yaml``). A person lacks coverage for a type of care when its level is "paid".
Money: people × the host's cost per person of its public scheme (or of a voluntary policy), in the
host's currency and in US dollars at the latest rate on or before the date, each with its year.

Every count and cost comes as low / central / high. The range is what the figures' ranges give
(sourced figures have none): all low values together, all high values together — the model is
monotone in each, so these are the bounds of what the figures allow, not a confidence interval.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, cast

import pandas as pd

from policy.findings import figure_at
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.matrices import cached_matrix
from policy.models import CARES, PERSONS
from policy.plain_input import plain_number

FamilyRole = Literal["spouse", "child", "parent"]  # the keys of impact.yaml's family_ratios
CostKind = Literal["insured", "voluntary"]  # the keys of impact.yaml's unit_cost

BOUNDS = ("low", "central", "high")
NON_EMERGENCY = tuple(c for c in CARES if c != "emergency")
FAMILY = tuple(p for p in PERSONS if p != "worker")
COVERED_IF_NOT = "paid"  # the one level that leaves a person without cover


@dataclass(frozen=True)
class Param:
    """One figure's value on the date with its range; ``figure_id`` None for a fixed number (1 worker)."""

    figure_id: str | None
    central: float
    low: float
    high: float
    date: dt.date | None
    kind: str
    sources: tuple[str, ...] = ()
    overridden: bool = False

    def at(self, bound: str) -> float:
        return {"low": self.low, "central": self.central, "high": self.high}[bound]


ONE = Param(None, 1.0, 1.0, 1.0, None, "fixed")


@dataclass(frozen=True)
class Corridor:
    host: str
    origin: str
    workers: Param
    measure: str  # the stock's counting concept (stock, patents, permits …)


ImpactKey = tuple[dt.date, str | None, float, str, tuple[tuple[str, float], ...]]


@dataclass(frozen=True)
class Impact:
    """What the Scenarios page, the CLI and the golden files show."""

    day: dt.date
    scenario: str | None
    years: float
    vhi: str
    people: pd.DataFrame  # corridor × role × care: people and who lacks cover, before and after
    corridors: pd.DataFrame  # one row per corridor: the golden table
    costs: pd.DataFrame  # corridor × what × payer: people and money with ranges
    parameters: pd.DataFrame  # every figure used, with its value, range, kind and source
    stale: tuple[tuple[str, str, dt.date], ...] = field(default=())  # corridors whose latest stock is too old
    overrides: tuple[tuple[str, float], ...] = ()  # the assumptions set, sorted by name

    @property
    def key(self) -> ImpactKey:
        """What it was computed for: its key among the kept impacts, and for what is drawn from it."""
        return (self.day, self.scenario, self.years, self.vhi, self.overrides)


# --- parameters ------------------------------------------------------------------------------------

PARAMETER_COLUMNS = ("figure", "kind", "value", "low", "high", "date", "overridden", "sources")


def _stem(figure_id: str) -> str:
    """``ratio.spouses_per_worker.kg.ru`` → ``ratio.spouses_per_worker`` (the part before the state codes)."""
    parts = figure_id.split(".")
    while parts and (len(parts[-1]) == 2 or parts[-1] == "all"):
        parts.pop()
    return ".".join(parts)


def param(kb: KnowledgeBase, figure_id: str, day: dt.date, overrides: dict[str, float] | None = None) -> Param | None:
    """A figure's value on ``day`` with its range. An override (keyed by figure id or stem) replaces
    the central value of an assumption only: sourced numbers are not the user's to change."""
    figure = kb.figures.get(figure_id)
    value = figure_at(kb, figure_id, day) if figure else None
    if figure is None or value is None:
        return None
    central = float(value.value)
    low = float(figure.low) if figure.low is not None else central
    high = float(figure.high) if figure.high is not None else central
    overridden = False
    if overrides and figure.kind == "assumption":
        chosen = overrides.get(figure_id, overrides.get(_stem(figure_id)))
        if chosen is not None:
            central, overridden = float(chosen), True
            low, high = min(low, central), max(high, central)
    sources = tuple(v.source for v in figure.values if v.source)
    return Param(figure_id, central, low, high, value.date, figure.kind, tuple(dict.fromkeys(sources)), overridden)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def first_stock_date(kb: KnowledgeBase) -> dt.date | None:
    """The earliest date of any worker stock the method reads (before it, no corridor has people)."""
    stems = tuple(f"{stem}." for stem in kb.impact.worker_stock.stems)
    dates = [v.date for fid, figure in kb.figures.items() if fid.startswith(stems) for v in figure.values]
    return min(dates, default=None)


def corridors(kb: KnowledgeBase, day: dt.date) -> tuple[list[Corridor], list[tuple[str, str, dt.date]]]:
    """Corridors with a worker stock on ``day`` (the latest value among the method's stems, ties to
    the first stem), and those whose only stock is older than the method allows."""
    method = kb.impact.worker_stock
    oldest = _years_before(day, method.max_age_years)
    found, stale = [], []
    for host in kb.states:
        for origin in kb.states:
            if host == origin:
                continue
            best = None
            latest_old = None
            for rank, stem in enumerate(method.stems):
                fid = f"{stem}.{origin.lower()}.{host.lower()}"
                value = figure_at(kb, fid, day)
                if value is None:
                    continue
                if value.date < oldest:
                    latest_old = max(latest_old or value.date, value.date)
                    continue
                key = (value.date, -rank)
                if best is None or key > best[0]:
                    best = (key, fid)
            if best is not None:
                fid = best[1]
                workers = param(kb, fid, day)
                if workers is not None:  # figure_at found it above, so param does too
                    found.append(Corridor(host, origin, workers, kb.figures[fid].measure))
            elif latest_old is not None:
                stale.append((host, origin, latest_old))
    return found, stale


def family_ratio(kb: KnowledgeBase, role: str, host: str, origin: str, day: dt.date,
                 overrides: dict[str, float] | None = None) -> Param | None:
    """People of ``role`` per worker: the corridor's figure, else the host's, else a general one."""
    if role == "worker":
        return ONE
    for stem in kb.impact.family_ratios.get(cast(FamilyRole, role), []):
        for fid in (f"{stem}.{origin.lower()}.{host.lower()}", f"{stem}.all.{host.lower()}", f"{stem}.all"):
            found = param(kb, fid, day, overrides)
            if found is not None:
                return found
    return None


def exchange_rate(kb: KnowledgeBase, currency: str, day: dt.date) -> Param | None:
    """Units of ``currency`` per US dollar: the latest rate on or before ``day``."""
    if currency == "USD":
        return ONE
    for fid, figure in kb.figures.items():
        if figure.measure == "exchange_rate" and figure.unit == f"{currency}_per_USD":
            return param(kb, fid, day)
    return None


def unit_cost(
    kb: KnowledgeBase, kind: str, host: str, day: dt.date, overrides: dict[str, float] | None = None
) -> Param | None:
    fid = kb.impact.unit_cost.get(cast(CostKind, kind), {}).get(host)
    if fid is None:
        return None
    found = param(kb, fid, day, overrides)
    if found is None:  # a price dated after the chosen day: use the earliest known, and say so by its date
        figure = kb.figures[fid]
        first = figure.values[0]
        found = Param(
            fid,
            float(first.value),
            float(figure.low if figure.low is not None else first.value),
            float(figure.high if figure.high is not None else first.value),
            first.date,
            figure.kind,
            tuple(v.source for v in figure.values if v.source),
        )
    return found


# --- the impact ------------------------------------------------------------------------------------


def _coverage(kb: KnowledgeBase, day: dt.date, scenario: str | None, years: float, vhi: str) -> pd.DataFrame:
    """host, origin, person, care → level and payer, for the status the pair can have on the date."""
    method = kb.impact
    frame = cached_matrix(kb, day, scenario, vhi, years)
    cut = frame[(frame.residence == method.residence) & frame.status.isin(["contract", "patent"])]
    cut = cut[cut.applicable]
    return cut[["host", "origin", "status", "person", "care", "level", "payer", "rules"]]


def _gap_payer(kb: KnowledgeBase, host: str, day: dt.date) -> str:
    has_scheme = any(s.holds_on(day) for s in kb.states[host].schemes)
    return "host_insurance_fund" if has_scheme else "host_budget"


IMPACT_CACHE_SIZE = 16  # recent impacts kept per knowledge base (a page reopened or rerun asks again)


def impact(
    kb: KnowledgeBase,
    day: dt.date,
    scenario: str | None = None,
    *,
    years: float = 0.0,
    vhi: str | None = None,
    overrides: dict[str, float] | None = None,
) -> Impact:
    """People and money per corridor, baseline against ``scenario`` (baseline against itself if None).

    ``years``: every worker's years of contributions; ``vhi``: the voluntary policy everyone is
    assumed to hold (the method's default: none); ``overrides``: central values of assumptions.
    Kept for the knowledge base's lifetime, like its matrices: treat the result as read-only."""
    vhi = vhi or kb.impact.vhi
    key: ImpactKey = (day, scenario, float(years), vhi, tuple(sorted((overrides or {}).items())))
    chosen_vhi = vhi
    def compute() -> Impact:
        return _impact(kb, day, scenario, years=years, vhi=chosen_vhi, overrides=overrides)

    return kept(kb, "impacts", key, compute, IMPACT_CACHE_SIZE)


def _impact(
    kb: KnowledgeBase, day: dt.date, scenario: str | None, *, years: float, vhi: str, overrides: dict[str, float] | None
) -> Impact:
    found, stale = corridors(kb, day)
    before = _coverage(kb, day, None, years, vhi).set_index(["host", "origin", "person", "care"])
    after = _coverage(kb, day, scenario, years, vhi).set_index(["host", "origin", "person", "care"])
    used: dict[str, Param] = {}
    people_rows, corridor_rows, cost_rows = [], [], []
    for corridor in found:
        h, o = corridor.host, corridor.origin
        if corridor.workers.figure_id is not None:  # a stock always comes from a figure
            used[corridor.workers.figure_id] = corridor.workers
        currency = kb.states[h].currency
        fx = exchange_rate(kb, currency, day)
        insured_cost = unit_cost(kb, "insured", h, day, overrides)
        voluntary_cost = unit_cost(kb, "voluntary", h, day, overrides)
        for extra in (fx, insured_cost, voluntary_cost):
            if extra is not None and extra.figure_id:
                used[extra.figure_id] = extra
        counts: dict[str, dict[str, float]] = {}
        lacking = {when: {b: {"family": 0.0, "worker": 0.0} for b in BOUNDS} for when in ("before", "after")}
        by_care = {(when, care): 0.0 for when in ("before", "after") for care in CARES}  # family, central
        newly: dict[tuple[str, str], dict[str, float]] = {}  # (level, payer) -> people by bound
        status = None
        for role in PERSONS:
            ratio = family_ratio(kb, role, h, o, day, overrides)
            if ratio is not None and ratio.figure_id:
                used[ratio.figure_id] = ratio
            counts[role] = {b: corridor.workers.at(b) * (ratio.at(b) if ratio else 0.0) for b in BOUNDS}
            lacks_any = {"before": False, "after": False}
            gained: tuple[str, str] | None = None
            holds_policy = vhi != "none"  # a policy bought already is not a new premium
            for care in CARES:
                key = (h, o, role, care)
                if key not in before.index or key not in after.index:
                    continue
                b_row, a_row = before.loc[key], after.loc[key]
                status = a_row.status
                holds_policy |= b_row.level == "voluntary"  # e.g. the policy a patent requires
                paid_before, paid_after = b_row.level == COVERED_IF_NOT, a_row.level == COVERED_IF_NOT
                if role != "worker":
                    by_care[("before", care)] += counts[role]["central"] * paid_before
                    by_care[("after", care)] += counts[role]["central"] * paid_after
                if care in NON_EMERGENCY:
                    lacks_any["before"] |= paid_before
                    lacks_any["after"] |= paid_after
                    if paid_before and not paid_after and gained is None:
                        # a voluntary policy's premium is the household's to pay, whoever pays the care
                        gained = (a_row.level, "household" if a_row.level == "voluntary" else a_row.payer)
                people_rows.append(
                    {
                        "host": h,
                        "origin": o,
                        "status": a_row.status,
                        "role": role,
                        "care": care,
                        "ratio_figure": ratio.figure_id if ratio else None,
                        **{f"people_{b}": counts[role][b] for b in BOUNDS},
                        "level_baseline": b_row.level,
                        "level_scenario": a_row.level,
                        "payer_scenario": a_row.payer,
                        **{f"lacking_baseline_{b}": counts[role][b] * paid_before for b in BOUNDS},
                        **{f"lacking_scenario_{b}": counts[role][b] * paid_after for b in BOUNDS},
                        "no_ratio": ratio is None,
                    }
                )
            group = "worker" if role == "worker" else "family"
            for when in ("before", "after"):
                if lacks_any[when]:
                    for b in BOUNDS:
                        lacking[when][b][group] += counts[role][b]
            if gained is not None and not (gained[0] == "voluntary" and holds_policy):
                slot = newly.setdefault(gained, {b: 0.0 for b in BOUNDS})
                for b in BOUNDS:
                    slot[b] += counts[role][b]

        # the corridor's host, origin, currency and rate are bound as defaults: these helpers are
        # defined anew for each corridor of the loop and used within it
        def money(people: dict[str, float], cost: Param | None, fx: Param | None = fx) -> dict[str, float | None]:
            out: dict[str, float | None] = {}
            for b in BOUNDS:
                # low people × low price … high × high: the range of what the figures allow
                out[f"cost_{b}"] = people[b] * cost.at(b) if cost else None
                cost_b = out[f"cost_{b}"]
                out[f"usd_{b}"] = cost_b / fx.central if (cost_b is not None and fx) else None
            return out

        def cost_row(
            what: str, group: str, payer: str, people: dict[str, float], cost: Param | None, level: str,
            h: str = h, o: str = o, currency: str | None = currency, fx: Param | None = fx,
        ) -> dict[str, Any]:
            return {
                "host": h,
                "origin": o,
                "what": what,
                "group": group,
                "level": level,
                "payer": payer,
                **{f"people_{b}": people[b] for b in BOUNDS},
                "unit_cost": cost.central if cost else None,
                "unit_cost_low": cost.low if cost else None,
                "unit_cost_high": cost.high if cost else None,
                "unit_cost_figure": cost.figure_id if cost else None,
                "unit_cost_year": cost.date.year if (cost and cost.date) else None,
                "currency": currency,
                **money(people, cost),
                "usd_rate": fx.central if fx else None,
                "usd_rate_year": fx.date.year if (fx and fx.date) else None,
            }

        gap_payer = _gap_payer(kb, h, day)
        total_before = {b: lacking["before"][b]["family"] + lacking["before"][b]["worker"] for b in BOUNDS}
        total_after = {b: lacking["after"][b]["family"] + lacking["after"][b]["worker"] for b in BOUNDS}
        gaps = {}
        for group in ("family", "worker"):
            gaps[group] = cost_row(
                "gap_baseline",
                group,
                gap_payer,
                {b: lacking["before"][b][group] for b in BOUNDS},
                insured_cost,
                "insured",
            )
            cost_rows.append(gaps[group])
        if scenario is not None:
            for group in ("family", "worker"):
                cost_rows.append(
                    cost_row(
                        "gap_scenario",
                        group,
                        gap_payer,
                        {b: lacking["after"][b][group] for b in BOUNDS},
                        insured_cost,
                        "insured",
                    )
                )
            for (level, payer), people in sorted(newly.items()):
                price = insured_cost if level in ("insured", "free") else voluntary_cost
                cost_rows.append(cost_row("newly_covered", "all", payer, people, price, level))
        gap = gaps["family"]
        family = {b: sum(counts[r][b] for r in FAMILY) for b in BOUNDS}
        row = {
            "host": h,
            "origin": o,
            "status": status,
            "workers": corridor.workers.central,
            "workers_figure": corridor.workers.figure_id,
            "workers_date": corridor.workers.date.isoformat() if corridor.workers.date else None,
            "workers_measure": corridor.measure,
            **{f"{role}_central": counts[role]["central"] for role in FAMILY},
            **{f"family_{b}": family[b] for b in BOUNDS},
        }
        for when, label in (("before", "baseline"), ("after", "scenario")):
            for group in ("family", "worker"):
                for b in BOUNDS:
                    row[f"{group}_lacking_{label}_{b}"] = lacking[when][b][group]
        for b in BOUNDS:
            row[f"covered_by_scenario_{b}"] = total_before[b] - total_after[b]
        for care in CARES:
            row[f"family_lacking_{care}_baseline"] = by_care[("before", care)]
            row[f"family_lacking_{care}_scenario"] = by_care[("after", care)]
        row.update(
            {
                "currency": currency,
                "unit_cost": gap["unit_cost"],
                "unit_cost_year": gap["unit_cost_year"],
                **{f"family_gap_cost_{b}": gap[f"cost_{b}"] for b in BOUNDS},
                **{f"family_gap_cost_usd_{b}": gap[f"usd_{b}"] for b in BOUNDS},
                **{
                    f"scenario_cost_{b}": sum(
                        r[f"cost_{b}"] or 0.0
                        for r in cost_rows
                        if r["host"] == h and r["origin"] == o and r["what"] == "newly_covered"
                    )
                    for b in BOUNDS
                },
                "scenario_payers": " ".join(sorted({payer for (_, payer) in newly})),
                "usd_rate": gap["usd_rate"],
                "usd_rate_year": gap["usd_rate_year"],
            }
        )
        corridor_rows.append(row)
    parameters = pd.DataFrame(
        [
            {
                "figure": p.figure_id,
                "kind": p.kind,
                "value": p.central,
                "low": p.low,
                "high": p.high,
                "date": p.date.isoformat() if p.date else None,
                "overridden": p.overridden,
                "sources": " ".join(p.sources),
            }
            for p in used.values()
        ],
        columns=PARAMETER_COLUMNS,  # also when no figure is used (no corridor has people on the date)
    )
    return Impact(
        day,
        scenario,
        float(years),
        vhi,
        pd.DataFrame(people_rows),
        pd.DataFrame(corridor_rows),
        pd.DataFrame(cost_rows),
        parameters,
        tuple(stale),
        tuple(sorted((overrides or {}).items())),
    )


def assumptions(kb: KnowledgeBase) -> dict[str, tuple[float, float]]:
    """Assumption stems a user may set, with the widest range their figures allow."""
    ranges: dict[str, tuple[float, float]] = {}
    for fid, figure in kb.figures.items():
        if figure.kind == "assumption" and figure.low is not None and figure.high is not None:
            stem = _stem(fid)
            low, high = ranges.get(stem, (float(figure.low), float(figure.high)))
            ranges[stem] = (min(low, float(figure.low)), max(high, float(figure.high)))
    return dict(sorted(ranges.items()))


def parse_overrides(kb: KnowledgeBase, items: list[str]) -> dict[str, float]:
    """``["ratio.spouses_per_worker=0.2", …]`` → overrides; unknown names or out-of-range values refused."""
    from policy.engine import CaseError

    known = assumptions(kb)
    figures = {fid: f for fid, f in kb.figures.items() if f.kind == "assumption"}
    out: dict[str, float] = {}
    for item in items:
        name, _, text = item.partition("=")
        name = name.strip()
        if name in out:
            raise CaseError(f"assumption {name!r} is given more than once")
        if name not in known and name not in figures:
            raise CaseError(f"unknown assumption {name!r}; one of: {', '.join(known)}")
        try:
            value = plain_number(text)
        except ValueError:
            raise CaseError(f"assumption {name!r}: {text!r} is not a number") from None
        if name in known:
            low, high = known[name]
        else:
            bounds = figures[name].low, figures[name].high
            if bounds[0] is None or bounds[1] is None:
                raise CaseError(f"assumption {name!r} has no range to check a value against")
            low, high = float(bounds[0]), float(bounds[1])
        if not (low <= value <= high):
            raise CaseError(f"assumption {name!r}: {value:g} is outside its range {low:g}-{high:g}")
        out[name] = value
    return out


def golden_table(result: Impact) -> pd.DataFrame:
    """The corridor table as checked in: whole people and whole currency units, fixed column order."""
    frame = result.corridors.copy()
    for column in frame.columns:
        if frame[column].dtype.kind == "f" and column not in ("usd_rate", "unit_cost"):
            frame[column] = frame[column].round(0).astype("Int64")
    frame.insert(0, "vhi", result.vhi)
    frame.insert(0, "years", result.years)
    frame.insert(0, "scenario", result.scenario or "baseline")
    frame.insert(0, "date", result.day.isoformat())
    return frame


GOLDEN_DAY = dt.date(2026, 11, 1)


def golden_csv(kb: KnowledgeBase, scenario: str | None, years: float = 0.0, vhi: str | None = None) -> str:
    return golden_table(impact(kb, GOLDEN_DAY, scenario, years=years, vhi=vhi)).to_csv(index=False, lineterminator="\n")


# --- what the page draws ---------------------------------------------------------------------------


def corridor_bars(result: Impact) -> pd.DataFrame:
    """Family members without cover for some planned care, per corridor: law in force and scenario."""
    rows = []
    for _, row in result.corridors.iterrows():
        for series, label in (("baseline", "baseline"), ("scenario", "scenario")):
            rows.append(
                {
                    "host": row.host,
                    "origin": row.origin,
                    "series": series,
                    **{b: row[f"family_lacking_{label}_{b}"] for b in BOUNDS},
                }
            )
    return pd.DataFrame(rows, columns=["host", "origin", "series", *BOUNDS])


def level_flow(result: Impact, care: str) -> pd.DataFrame:
    """Family members per corridor by the level of ``care`` they get under the scenario (central)."""
    people = result.people
    cut = people[(people.care == care) & (people.role != "worker")]
    flow = cut.groupby(["origin", "host", "level_scenario"], as_index=False)["people_central"].sum()
    return flow.rename(columns={"level_scenario": "level", "people_central": "people"})


def cost_ranges(result: Impact) -> pd.DataFrame:
    """Money per corridor in USD with its range: what the scenario's new cover costs and who pays,
    and what covering the family members still left out would cost the host's scheme."""
    costs = result.costs
    keep = costs[
        (costs.what == "newly_covered")
        | ((costs.what == ("gap_scenario" if result.scenario else "gap_baseline")) & (costs.group == "family"))
    ]
    keep = keep[keep.people_central > 0]
    return keep[
        [
            "host",
            "origin",
            "what",
            "payer",
            "level",
            "people_central",
            "currency",
            "unit_cost",
            "unit_cost_year",
            "cost_central",
            "usd_low",
            "usd_central",
            "usd_high",
            "usd_rate",
            "usd_rate_year",
        ]
    ]
