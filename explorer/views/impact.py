"""The Scenarios page's impact section, and meeting mode's impact step: what they say when corridors
are left out of an estimate, or when there is nothing to estimate."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from explorer.i18n import t, text_if_any
from policy.impact import Impact, first_stock_date
from policy.knowledge_base import KnowledgeBase


def left_out_note(kb: KnowledgeBase, result: Impact, lang: str) -> str | None:
    """The corridors whose latest worker count is too old to use (and its year), or None."""
    if not result.stale:
        return None
    names = kb.state_names(lang)
    return t("impact.stale", lang, corridors=", ".join(f"{names[o]} → {names[h]}" for h, o, _ in result.stale),
             year=str(min(d.year for _, _, d in result.stale)))


def no_estimate_note(kb: KnowledgeBase, result: Impact, day: dt.date, lang: str) -> str:
    """Why an impact has no corridor: every count too old, or the date before the first count."""
    first = first_stock_date(kb)
    return left_out_note(kb, result, lang) or t("impact.no_corridors", lang, date=day, first=first if first else "—")


BOUNDS = ("low", "central", "high")
SERIES = ("baseline", "scenario")
# The impact's per-corridor table (policy.impact.golden_table) names its columns by pattern: the
# patterns' headers are composed from their parts, so a new care or bound needs no new text.
_LACKING = re.compile(r"(family|worker)_lacking_(baseline|scenario)_(low|central|high)")
_LACKING_CARE = re.compile(r"family_lacking_([a-z]+)_(baseline|scenario)")
_BOUNDED = re.compile(
    r"(family|covered_by_scenario|family_gap_cost|family_gap_cost_usd|scenario_cost)_(low|central|high)")
_PERSON_CENTRAL = re.compile(r"([a-z]+)_central")


def corridor_headers(columns: list[str], kb: KnowledgeBase, lang: str) -> dict[str, str]:
    """The headers of the impact's per-corridor table in ``lang``, for every column it has (the
    files keep the column names: a script reads those)."""
    headers: dict[str, str] = {}
    bound = {b: t(f"impact.bound.{b}", lang) for b in BOUNDS}
    series = {"baseline": t("impact.col.law", lang), "scenario": t("impact.col.under_scenario", lang)}
    for column in columns:
        if (text := text_if_any(f"impact.col.{column}", lang) or text_if_any(f"col.{column}", lang)) is not None:
            headers[column] = text
        elif match := _LACKING.fullmatch(column):
            who, when, b = match.groups()
            headers[column] = t(f"impact.col.{who}_lacking", lang, series=series[when], bound=bound[b])
        elif (match := _LACKING_CARE.fullmatch(column)) and match.group(1) in kb.vocabulary.care:
            care, when = match.groups()
            headers[column] = t("impact.col.family_lacking_care", lang, care=kb.label("care", care, lang),
                                series=series[when])
        elif match := _BOUNDED.fullmatch(column):
            what, b = match.groups()
            headers[column] = t(f"impact.col.bounded.{what}", lang, bound=bound[b])
        elif (match := _PERSON_CENTRAL.fullmatch(column)) and match.group(1) in kb.vocabulary.person:
            headers[column] = t("impact.col.person_central", lang, person=kb.label("person", match.group(1), lang),
                                bound=bound["central"])
    return headers


def corridor_table(table: pd.DataFrame, kb: KnowledgeBase, lang: str) -> pd.DataFrame:
    """The per-corridor table as a reader sees it: the scenario's name, the measure and the payers in
    words (states, statuses and policies are named by ``reader_table`` when it is drawn)."""
    scenario = {s: kb.scenarios[s].name.in_lang(lang) for s in table["scenario"].unique() if s in kb.scenarios}
    payers: dict[str, str] = {p: kb.label("payer", p, lang) for p in kb.vocabulary.payer}
    return table.assign(
        scenario=table["scenario"].map(lambda s: scenario.get(s, s)),
        workers_measure=table["workers_measure"].map(lambda m: t(f"impact.measure.{m}", lang)),
        scenario_payers=table["scenario_payers"].map(
            lambda text: ", ".join(payers.get(p, p) for p in str(text).split()) if isinstance(text, str) else text),
    )


def parameters_table(parameters: pd.DataFrame, kb: KnowledgeBase, lang: str) -> tuple[pd.DataFrame, dict[str, str]]:
    """The figures an impact used as a reader sees them: each figure's name (its id stays in the
    files), its kind in words; and the headers in ``lang``."""
    names = {f: figure.name.in_lang(lang) for f, figure in kb.figures.items()}
    shown = parameters.assign(
        figure=parameters["figure"].map(lambda f: names.get(f, f)),
        kind=parameters["kind"].map(lambda k: t(f"impact.kind.{k}", lang)),
    )
    headers = {c: text for c in parameters.columns if (text := text_if_any(f"impact.param.{c}", lang)) is not None}
    return shown, headers
