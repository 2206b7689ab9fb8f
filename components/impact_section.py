"""The Scenarios page's impact section: assumptions, three charts with ranges, tables and CSVs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from components.charts import framed, kept_chart, show
from components.data_table import data_table, folded_table
from components.folded import folded
from components.i18n import fmt_number, t
from components.source_footer import source_line
from explorer.charts.impact_charts import corridor_bars_spec, cost_ranges_spec, level_flow_spec
from explorer.i18n import text_if_any
from explorer.views.impact import corridor_headers, corridor_table, left_out_note, no_estimate_note, parameters_table
from policy import KnowledgeBase
from policy.impact import (
    Impact,
    assumptions,
    corridor_bars,
    cost_ranges,
    golden_table,
    impact,
    level_flow,
    param,
)
from policy.kept import kept

KEPT_IMPACT_TABLES = 128  # tables drawn from impacts, kept per knowledge base: up to ≈ 10 per impact


def _range(row: pd.Series, prefix: str, lang: str) -> str:
    return (f"{fmt_number(round(row[f'{prefix}_central']), lang)} "
            f"({fmt_number(round(row[f'{prefix}_low']), lang)}–{fmt_number(round(row[f'{prefix}_high']), lang)})")


def _display(
    frame: pd.DataFrame, kb: KnowledgeBase, lang: str, names: dict[str, str], scenario_name: str
) -> pd.DataFrame:
    out = frame.copy()
    values = {
        "host": names.get,
        "origin": names.get,
        "series": {"baseline": t("scenarios.baseline", lang), "scenario": scenario_name}.get,
        "level": lambda v: kb.label("level", v, lang),
        "payer": lambda v: kb.label("payer", v, lang),
    }
    for column, label in values.items():
        if column in out:
            out[column] = out[column].map(label)
    for column in out.columns:
        if out[column].dtype.kind == "f" and column not in ("unit_cost", "usd_rate"):
            out[column] = out[column].round(0)
    headers = {
        "host": t("coverage.host", lang),
        "origin": t("coverage.origin", lang),
        "series": t("impact.series", lang),
        "level": t("family.level", lang),
    }
    for column in out.columns:
        if column not in headers and (text := text_if_any(f"impact.col.{column}", lang)) is not None:
            headers[column] = text
    return out[[c for c in out.columns if c in headers]].rename(columns=headers)


def _summary(corridors: pd.DataFrame, names: dict[str, str], lang: str) -> pd.DataFrame:
    """One row per corridor: workers, family members, those lacking cover before and after, cost (each
    central with its range)."""
    return pd.DataFrame(
        {
            t("impact.col.corridor", lang): [
                f"{names[o]} → {names[h]}" for h, o in zip(corridors.host, corridors.origin, strict=False)
            ],
            t("impact.col.workers", lang): [fmt_number(v, lang) for v in corridors.workers],
            t("impact.col.family", lang): [_range(r, "family", lang) for _, r in corridors.iterrows()],
            t("impact.col.lacking_before", lang): [
                _range(r, "family_lacking_baseline", lang) for _, r in corridors.iterrows()
            ],
            t("impact.col.lacking_after", lang): [
                _range(r, "family_lacking_scenario", lang) for _, r in corridors.iterrows()
            ],
            t("impact.col.cost", lang): [
                f"{_range(r, 'scenario_cost', lang)} {r.currency}" for _, r in corridors.iterrows()
            ],
        }
    )


def assumption_inputs(kb: KnowledgeBase, day: dt.date, lang: str, linked: dict[str, float]) -> dict[str, float]:
    """One slider per assumption stem, within its range, starting where the link put it; only sliders
    off their central value become overrides (and go into the link)."""
    overrides: dict[str, float] = {}
    ranges = assumptions(kb)
    panel, is_open = folded(t("impact.assumptions", lang), "imp-assumptions")
    for stem, (low, high) in ranges.items():
        example = next((fid for fid in kb.figures if fid.startswith(stem + ".")), None)
        found = param(kb, example, day) if example else None
        default = found.central if found else low
        step = 100.0 if high > 10 else 0.01
        if not is_open:  # folded: the link's values hold (the sliders are drawn once it is opened)
            if stem in linked and float(linked[stem]) != default:
                overrides[stem] = float(linked[stem])
            continue
        with panel:
            value = st.slider(
                t(f"impact.assumption.{stem}", lang),
                min_value=float(low),
                max_value=float(high),
                value=float(linked.get(stem, default)),
                step=step,
                format="plain",  # the number as written (4000, 0.2), not printf's "%0.2f" (4000.00, 0.20)
                key=f"imp-{stem}",
                help=t("impact.assumption.help", lang, low=fmt_number(low, lang), high=fmt_number(high, lang)),
            )
        if value != default:
            overrides[stem] = value
    return overrides


def impact_section(
    kb: KnowledgeBase,
    day: dt.date,
    scenario: str,
    years: float,
    vhi: str,
    care: str,
    overrides: dict[str, float],
    lang: str,
) -> Impact:
    names = kb.state_names(lang)
    result = impact(kb, day, scenario, years=years, vhi=vhi, overrides=overrides)
    # The tables and charts drawn from one impact are kept with it: a rerun or another session with
    # the same inputs does not build them again (the bars' figure ≈ 60 ms, the corridor table ≈ 35 ms,
    # the tables shown ≈ 5 ms each, per language).
    inputs = result.key

    def kept_table(name: str, build):  # noqa: ANN001, ANN202
        return kept(kb, "impact_tables", (name, *inputs), build, KEPT_IMPACT_TABLES)
    scenario_name = kb.scenarios[scenario].name.in_lang(lang)
    subtitle = t("impact.subtitle", lang, scenario=scenario_name, date=day, years=fmt_number(years, lang))
    if result.corridors.empty:  # nothing to estimate: every count too old, or the date before the first
        st.info(no_estimate_note(kb, result, day, lang))
        return result
    stale = left_out_note(kb, result, lang)
    sources = [s for p in result.parameters["sources"] for s in str(p).split()]
    all_sources = [*sources, *kb.scenarios[scenario].sources]
    line = source_line(kb, [*sources, *kb.scenarios[scenario].sources], lang)
    st.caption(t("impact.estimate", lang))
    if stale:
        st.caption(stale)
    fmt = ",.0f"
    view = (
        st.segmented_control(
            t("common.view", lang),
            ["bars", "flow", "cost"],
            default="bars",
            key="imp-view",
            format_func=lambda v: {
                "bars": t("impact.bars.title", lang),
                "flow": t("impact.flow.title", lang, care=kb.label("care", care, lang)),
                "cost": t("impact.cost.title", lang),
            }[v],
        )
        or "bars"
    )
    if view == "bars":
        bars = kept_table("bars", lambda: corridor_bars(result))
        spec = kept_chart(kb, ("imp-bars", *inputs, lang), lambda: corridor_bars_spec(
            bars,
            names,
            {"baseline": t("scenarios.baseline", lang), "scenario": scenario_name},
            t("impact.bars.axis", lang),
            t("impact.series", lang),
            fmt,
            lang,
        ))
        show(
            framed(spec, t("impact.bars.title", lang), subtitle, line),
            "imp-bars",
            source_ids=all_sources,
        )
        table = raw = bars
        title = t("impact.bars.title", lang)
    elif view == "flow":
        flow = kept_table(f"flow-{care}", lambda: level_flow(result, care))
        spec = kept_chart(kb, ("imp-flow", care, *inputs, lang), lambda: level_flow_spec(
            flow,
            names,
            {lvl: kb.label("level", lvl, lang) for lvl in kb.vocabulary.level},
            t("impact.flow.axis", lang),
            t("family.level", lang),
            fmt,
            lang,
        ))
        show(
            framed(
                spec, t("impact.flow.title", lang, care=kb.label("care", care, lang)), subtitle, line
            ),
            "imp-flow",
            source_ids=all_sources,
        )
        table = raw = flow
        title = t("impact.flow.title", lang, care=kb.label("care", care, lang))
    else:
        costs = kept_table("costs", lambda: cost_ranges(result).assign(
            what_key=lambda c: [
                ("new:" + p) if w == "newly_covered" else "gap" for w, p in zip(c.what, c.payer, strict=True)
            ]
        ))
        labels = {f"new:{p}": t("impact.cost.new", lang, payer=kb.label("payer", p, lang)) for p in kb.vocabulary.payer}
        labels["gap"] = t("impact.cost.gap", lang)
        spec = kept_chart(kb, ("imp-cost", *inputs, lang), lambda: cost_ranges_spec(
            costs, names, labels, t("impact.cost.axis", lang), t("impact.cost.what", lang), fmt, lang))
        show(
            framed(spec, t("impact.cost.title", lang), subtitle, line),
            "imp-cost",
            source_ids=all_sources,
        )
        raw = costs.drop(columns=["what_key"])
        table = raw.assign(what=costs["what_key"].map(labels))
        title = t("impact.cost.title", lang)
    # On screen: translated headers and labels; the files keep the data's own columns and codes.
    shown = kept_table(f"display-{view}-{care if view == 'flow' else ''}-{lang}",
                       lambda: _display(table, kb, lang, names, scenario_name))
    year_headers = [t(f"impact.col.{c}", lang) for c in table.columns if str(c).endswith("_year")]
    folded_table(shown, f"imp-table-{view}", kb, lang, title, all_sources, download=raw,
                 plain_numbers=year_headers)  # a year under its header in words: 2025, not 2 025

    summary = kept_table(f"summary-{lang}", lambda: _summary(result.corridors, names, lang))
    data_table(summary, "imp-summary", kb, lang, t("impact.title", lang), all_sources)
    # On screen in the page's language (names, words, headers); the files keep the ids and column names.
    corridors = kept_table("corridors", lambda: golden_table(result))
    folded_table(
        kept_table(f"corridors-{lang}", lambda: corridor_table(corridors, kb, lang)),
        f"impact-{scenario}-{day}",
        kb,
        lang,
        t("impact.table.corridors", lang),
        all_sources,
        download=corridors,
        label=t("impact.table.corridors", lang),
        fold="imp-corridors-fold",
        caption=t("impact.table.corridors.caption", lang),
        column_config=corridor_headers(list(corridors.columns), kb, lang),
    )
    parameters, parameter_headers = kept_table(f"parameters-{lang}",
                                               lambda: parameters_table(result.parameters, kb, lang))
    folded_table(
        parameters,
        "imp-params",
        kb,
        lang,
        t("impact.table.parameters", lang),
        all_sources,
        download=result.parameters,
        label=t("impact.table.parameters", lang),
        column_config=parameter_headers,
    )
    return result
