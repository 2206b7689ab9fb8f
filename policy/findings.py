"""Headline findings for the Overview: numbers computed from sourced figures and the engine.

Nothing here is typed in: each finding is a count over the engine's answers or an estimate built
from figures in ``data/figures``, and carries its method, its sources and its as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from policy.engine import Case, resolve, rule_sources
from policy.kept import kept
from policy.knowledge_base import KnowledgeBase
from policy.models import FigureValue, date_in_lang
from policy.status import applied_status

NON_EMERGENCY = ("primary", "inpatient", "antenatal", "childbirth", "chronic")


@dataclass(frozen=True)
class Finding:
    id: str
    value: float
    low: float | None
    high: float | None
    estimate: bool
    text: dict[str, str]
    method: dict[str, str]
    sources: tuple[str, ...]
    as_of: dt.date


def figure_at(kb: KnowledgeBase, figure_id: str, day: dt.date) -> FigureValue | None:
    """The value in force on ``day``: the last one dated on or before it (OpenFisca semantics)."""
    figure = kb.figures.get(figure_id)
    if figure is None:
        return None
    dated = [v for v in figure.values if v.date <= day]
    return dated[-1] if dated else None


def _msg(kb: KnowledgeBase, key: str, **values: object) -> dict[str, str]:
    return {lang: kb.message(key, lang).format(**values) for lang in ("en", "ru")}


def _fmt(value: float, lang: str) -> str:
    text = f"{round(value, -3):,.0f}" if value >= 10_000 else f"{value:,.0f}"
    return text.replace(",", "\u00a0") if lang == "ru" else text


def children_without_cover(kb: KnowledgeBase, day: dt.date, host: str, scenario: str | None = None) -> Finding | None:
    """Minor foreigners in ``host`` whose citizenship gives them no public cover for primary care.

    Estimate: (minors present in the host) × (share of each citizenship among them), summed over
    the citizenships for which a child on a stay registration pays for primary care.
    """
    stock_id = f"minors.all.{host.lower()}"
    stock = figure_at(kb, stock_id, day)
    if stock is None:
        return None
    total, sources, dates = 0.0, {stock.source}, [stock.date]
    counted = []
    for figure in kb.figures.values():
        if not (figure.id.startswith("share.minors_citizenship.") and figure.host == host and figure.origin):
            continue
        share = figure_at(kb, figure.id, day)
        if share is None:
            continue
        case = Case(
            host,
            figure.origin,
            "child",
            applied_status(kb, host, figure.origin, day, scenario),
            "stay",
            "primary",
            day,
            scenario=scenario,
        )
        if resolve(kb, case).level == "paid":
            total += float(stock.value) * float(share.value) / 100
            sources.add(share.source)
            dates.append(share.date)
            counted.append(figure.origin)
    if not counted:
        return None
    names = {lang: ", ".join(kb.states[c].name.in_lang(lang) for c in counted) for lang in ("en", "ru")}
    host_in = {lang: kb.states[host].name_in.in_lang(lang) for lang in ("en", "ru")}
    return Finding(
        id="children_without_cover",
        value=total,
        low=None,
        high=None,
        estimate=True,
        text={
            lang: kb.message("finding_children_without_cover", lang).format(
                value=_fmt(total, lang), host_in=host_in[lang], origins=names[lang]
            )
            for lang in ("en", "ru")
        },
        method={
            lang: kb.message("method_children_without_cover", lang).format(
                stock=_fmt(float(stock.value), lang), stock_date=date_in_lang(stock.date, lang), origins=names[lang]
            )
            for lang in ("en", "ru")
        },
        sources=tuple(sorted(s for s in sources if s)),
        as_of=max(dates),
    )


def hosts_where_spouse_pays(
    kb: KnowledgeBase, day: dt.date, group: str, scenario: str | None = None
) -> Finding | None:
    """In how many of a group's host states a worker's spouse on a stay registration pays for primary care;
    None while the group has no members (the EAEU before 2015: "in 0 of 0 states" says nothing)."""
    members = sorted(kb.members(group, day))
    if not members:
        return None
    paying: list[str] = []
    rules: set[str] = set()
    for host in members:
        origins = [o for o in members if o != host]
        answers = [
            resolve(
                kb,
                Case(
                    host,
                    o,
                    "spouse",
                    applied_status(kb, host, o, day, scenario),
                    "stay",
                    "primary",
                    day,
                    scenario=scenario,
                ),
            )
            for o in origins
        ]
        if answers and all(a.level == "paid" for a in answers):
            paying.append(host)
        for a in answers:
            rules.update(a.rules)
    sources = set(rule_sources(kb, rules, scenario))
    return Finding(
        id="hosts_where_spouse_pays",
        value=len(paying),
        low=None,
        high=None,
        estimate=False,
        text=_msg(kb, "finding_spouse_pays", count=len(paying), total=len(members)),
        method=_msg(kb, "method_spouse_pays"),
        sources=tuple(sorted(sources)),
        as_of=kb.meta.as_of,
    )


def emergency_free_everywhere(kb: KnowledgeBase, day: dt.date, scenario: str | None = None) -> Finding:
    """Host states where emergency care is free for every family member from every other state."""
    hosts = list(kb.states)
    free_hosts: list[str] = []
    rules: set[str] = set()
    for host in hosts:
        ok = True
        for origin in hosts:
            if origin == host:
                continue
            for person in ("spouse", "child", "parent"):
                case = Case(
                    host,
                    origin,
                    person,
                    applied_status(kb, host, origin, day, scenario),
                    "stay",
                    "emergency",
                    day,
                    scenario=scenario,
                )
                res = resolve(kb, case)
                rules.update(res.rules)
                ok &= res.level == "free"
        if ok:
            free_hosts.append(host)
    sources = set(rule_sources(kb, rules, scenario))
    return Finding(
        id="emergency_free_everywhere",
        value=len(free_hosts),
        low=None,
        high=None,
        estimate=False,
        text=_msg(kb, "finding_emergency_free", count=len(free_hosts), total=len(hosts)),
        method=_msg(kb, "method_emergency_free"),
        sources=tuple(sorted(sources)),
        as_of=kb.meta.as_of,
    )


def headline_findings(kb: KnowledgeBase, day: dt.date, scenario: str | None = None) -> list[Finding]:
    """The Overview's three findings on ``day``, under the law in force or under ``scenario``; kept per
    knowledge base (≈ 300 answers: 50 ms on every rerun of the Overview before)."""
    return list(kept(kb, "headline_findings", (day, scenario), lambda: _headline_findings(kb, day, scenario), 64))


def _headline_findings(kb: KnowledgeBase, day: dt.date, scenario: str | None) -> tuple[Finding, ...]:
    host = kb.meta.default_view.host
    findings = [
        children_without_cover(kb, day, host, scenario),
        hosts_where_spouse_pays(kb, day, "eaeu", scenario),
        emergency_free_everywhere(kb, day, scenario),
    ]
    return tuple(f for f in findings if f is not None)
