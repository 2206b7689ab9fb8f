"""Page 'coverage': host × origin heatmap for a person/status/residence/care and date; cell detail; corridor view."""


import streamlit as st

from components.charts import framed, kept_chart, pick_cell, show
from components.correction_form import correction_form, correction_target
from components.data_table import folded_table
from components.glossary import glossary_help, glossary_panel
from components.i18n import t
from components.knowledge import knowledge_base
from components.layout import page_header
from components.source_footer import law_notice, source_footer, source_line
from components.url_state import read_view_state, write_view_state
from components.widgets import (
    choice,
    date_picker,
    initial_index,
    replay_slider,
    scenario_picker,
    status_choice,
    view_switch,
)
from explorer.charts.coverage_heatmap import care_small_multiples_chart, corridor_heatmap, coverage_heatmap
from explorer.correction import coverage_offers
from explorer.views.coverage import (
    basis_lines,
    care_small_multiples,
    corridor_grid,
    coverage_grid,
    grid_table,
    kept_changes,
    status_text,
)
from policy import resolve
from policy.engine import MIN_DATE
from policy.engine import rule_sources as rule_sources_of
from policy.matrices import change_dates
from policy.models import CARES, PERSONS, RESIDENCES, VHIS
from policy.status import make_case_auto

lang = page_header("coverage")
kb = knowledge_base()
state = read_view_state(kb, lang)

c1, c2, c3, c4 = st.columns(4)
person = choice(c1, kb, "person", PERSONS, state.person, lang, "cov-person")
status = status_choice(c2, kb, state.status, lang, "cov-status")
residence = choice(c3, kb, "residence", RESIDENCES, state.residence, lang, "cov-residence")
care = choice(c4, kb, "care", CARES, state.care, lang, "cov-care")
c5, c6, c7 = st.columns(3)
day = date_picker(c5, state.resolved_date(kb), lang, "cov-date")
vhi = choice(c6, kb, "vhi", VHIS, state.vhi, lang, "cov-vhi")
scenario = scenario_picker(c7, kb, state.scenario, lang, "cov-scenario")
dates = change_dates(kb, MIN_DATE, max(kb.meta.as_of, day), scenario)  # a scenario's own dates too
replay_slider(st, dates, day, lang, "cov-replay", "cov-date")
state = state.replace(
    person=person, status=status, residence=residence, care=care, date=day, vhi=vhi, scenario=scenario
)
write_view_state(state, kb, keep=("person", "status", "residence", "care"))

law_notice(kb, day, lang)

grid = coverage_grid(kb, day, person, status, residence, care, scenario, vhi=vhi)
states = kb.state_names(lang)
subtitle = t(
    "coverage.subtitle",
    lang,
    person=kb.label("person", person, lang),
    status=status_text(kb, status, grid.loc[grid["applicable"], "status"], lang),
    residence=kb.label("residence", residence, lang),
    care=kb.label("care", care, lang),
    date=day,
)
if scenario:
    subtitle += " · " + kb.scenarios[scenario].name.in_lang(lang)
rule_sources = rule_sources_of(kb, grid.rules, scenario)
line = source_line(kb, rule_sources, lang)
view = view_switch(st, ("one_care", "all_cares"), state.view, lang, "cov-view")
state = state.replace(view=view)
write_view_state(state, kb, keep=("person", "status", "residence", "care"))
if view == "one_care":  # only the figure shown is built (kept: a rerun that changes none of its inputs reuses it)
    fig = kept_chart(
        kb,
        ("coverage", day, person, status, residence, care, scenario, vhi, lang),
        lambda: coverage_heatmap(
            grid,
            "host",
            "origin",
            states,
            states,
            kb,
            lang,
            row_title=t("coverage.host", lang),
            col_title=t("coverage.origin", lang),
            selectable=True,
            height=440,
        ),
    )
    event = show(
        framed(fig, t("coverage.title", lang), subtitle, line),
        "cov-heatmap",
        on_select="rerun",
        source_ids=rule_sources,
    )
    picked = pick_cell(event, "cell")
    if picked and picked != st.session_state.get("cov-cell-applied"):
        # a click on a cell chooses it below, once: the pickers stay free to change afterwards
        st.session_state["cov-cell-applied"] = picked
        st.session_state["cov-host"], st.session_state["cov-origin"] = picked
    st.caption(t("coverage.click_hint", lang))
else:
    multiples = care_small_multiples(kb, day, person, status, residence, scenario, vhi=vhi)
    sub_cares = t(
        "coverage.cares_subtitle",
        lang,
        person=kb.label("person", person, lang),
        status=status_text(kb, status, multiples.loc[multiples["applicable"], "status"], lang),
        residence=kb.label("residence", residence, lang),
        date=day,
    )
    show(
        framed(
            kept_chart(kb, ("cares", day, person, status, residence, scenario, vhi, lang),
                       lambda: care_small_multiples_chart(multiples, states, kb, lang)),
            t("coverage.cares_title", lang),
            sub_cares,
            line,
        ),
        "cov-cares",
        source_ids=rule_sources,
    )
st.caption(t("common.low_confidence_mark", lang))
earlier = [d for d in dates if d < day]
if earlier:
    before = coverage_grid(kb, earlier[-1], person, status, residence, care, scenario, vhi=vhi)
    changes = kept_changes(kb, before, grid)
    st.caption(t("coverage.changed", lang, count=len(changes), since=earlier[-1]))

folded_table(
    grid_table(grid, ["host", "origin", "status", "applicable", "level", "confidence", "basis", "payer"], lang),
    f"coverage-{person}-{status}-{residence}-{care}-{day}",
    kb,
    lang,
    t("coverage.title", lang),
    rule_sources,
    fold="cov-table-fold",
)
source_footer(kb, rule_sources, lang)

st.subheader(t("coverage.detail", lang))
d1, d2 = st.columns(2)
host = d1.selectbox(
    t("coverage.host", lang),
    list(kb.states),
    format_func=states.get,
    key="cov-host",
    **initial_index("cov-host", list(kb.states), state.host),
)
origin = d2.selectbox(
    t("coverage.origin", lang),
    list(kb.states),
    format_func=states.get,
    key="cov-origin",
    **initial_index("cov-origin", list(kb.states), state.origin),
)
state = state.replace(host=host, origin=origin)
write_view_state(state, kb, keep=("person", "status", "residence", "care"))
case = make_case_auto(
    kb,
    host=host,
    origin=origin,
    person=person,
    status=status,
    residence=residence,
    care=care,
    date=day,
    vhi=vhi,
    scenario=scenario,
)
answer = resolve(kb, case)
if answer.not_applicable_reason == "host_is_origin":
    # A national in their own state: the engine gives no level, basis or payer (not modelled).
    st.markdown(f"**{t('coverage.not_applicable', lang)}**")
    st.text(kb.message("note_host_is_origin", lang))
else:
    st.markdown(
        f"**{kb.label('level', answer.level, lang)}** · {t('common.confidence', lang)}: {kb.label('confidence', answer.confidence, lang)}"  # noqa: E501
    )
    st.text(t("coverage.status_applied", lang, status=status_text(kb, status, [case.status], lang)))
    st.text(answer.explanation[lang], help=glossary_help(kb, lang, answer.explanation[lang]))
    for basis in basis_lines(kb, answer.basis, lang):  # not `line`: the corridor chart's source line below
        st.text(f"• {basis}")
    for qid in answer.open_questions:
        st.text(f"? {kb.open_questions[qid].question.in_lang(lang)}")
    target = correction_target(kb)
    correction_form(lambda: coverage_offers(kb, answer, host, lang, target), target, lang, "cov-fix")

if host != origin:  # a corridor; a national in their own state has none (the note above says so): no chart of blanks
    st.subheader(t("coverage.corridor", lang, host=states[host], origin=states[origin]))
    corridor = corridor_grid(kb, day, host, origin, status, residence, scenario, vhi=vhi)
    fig2 = kept_chart(
        kb,
        ("corridor", day, host, origin, status, residence, scenario, vhi, lang),
        lambda: corridor_heatmap(corridor, kb, lang, height=220),
    )
    sub2 = t(
        "coverage.corridor_subtitle",
        lang,
        status=status_text(kb, status, corridor["status"], lang),
        residence=kb.label("residence", residence, lang),
        date=day,
    )
    show(
        framed(fig2, t("coverage.corridor", lang, host=states[host], origin=states[origin]), sub2, line),
        "cov-corridor",
        source_ids=rule_sources,
    )
    folded_table(
        grid_table(corridor, ["person", "care", "status", "applicable", "level", "confidence", "basis"], lang),
        f"corridor-{origin}-{host}-{day}",
        kb,
        lang,
        t("coverage.corridor", lang, host=states[host], origin=states[origin]),
        rule_sources,
        fold="cov-corridor-table-fold",
    )
glossary_panel(kb, lang)
