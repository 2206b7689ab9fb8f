"""Page 'family': what one household can get, member by member and care by care, its legal basis,
a plain-language summary, and what would change it."""

import pandas as pd
import streamlit as st

from components.charts import framed, kept_chart, show
from components.data_table import folded_table
from components.glossary import glossary_help, glossary_panel
from components.i18n import t
from components.knowledge import knowledge_base
from components.layout import page_header
from components.source_footer import law_notice, source_footer, source_line
from components.url_state import read_view_state, write_view_state
from components.widgets import date_picker, initial_index, scenario_picker, status_choice
from explorer.charts.coverage_heatmap import coverage_heatmap
from explorer.view_state import HOUSEHOLD_ROLES, MAX_HOUSEHOLD
from explorer.views.common import coded, labelled, vocabulary_labels
from explorer.views.coverage import status_text
from policy.family import Household, Member, family_analysis, member_labels
from policy.models import CARES, RESIDENCES, VHIS
from policy.status import AUTO, applied_status

lang = page_header("family")
kb = knowledge_base()
state = read_view_state(kb, lang)
names = kb.state_names(lang)

c1, c2, c3 = st.columns(3)
host = c1.selectbox(t("coverage.host", lang), list(kb.states), format_func=names.get, key="fam-host",
                    **initial_index("fam-host", list(kb.states), state.host))
origin = c2.selectbox(t("coverage.origin", lang), list(kb.states), format_func=names.get, key="fam-origin",
                      **initial_index("fam-origin", list(kb.states), state.origin))
day = date_picker(c3, state.resolved_date(kb), lang, "fam-date")
c4, c5, c6 = st.columns(3)
status = status_choice(c4, kb, state.status, lang, "fam-status")
years = c5.number_input(t("family.years", lang), min_value=0.0, max_value=80.0, step=0.5, value=state.years,
                        key="fam-years", help=t("family.years.help", lang),
                        format="%g")  # 0 and 5.5 as written, not printf's default 0.00 and 5.50
scenario = scenario_picker(c6, kb, state.scenario, lang, "fam-scenario")

st.subheader(t("family.household", lang))
# The editor holds labels, not codes (explorer.views.common.vocabulary_labels says why).
labels = {
    "role": vocabulary_labels(kb, "person", HOUSEHOLD_ROLES, lang),
    "residence": vocabulary_labels(kb, "residence", RESIDENCES, lang),
    "vhi": vocabulary_labels(kb, "vhi", VHIS, lang),
}
rows = pd.DataFrame(state.household or [], columns=["role", "age", "residence", "vhi"]).astype({"age": "Int64"})
edited = st.data_editor(
    labelled(rows, labels),
    num_rows="dynamic",
    hide_index=True,
    key="fam-household",
    width="stretch",
    placeholder="—",  # an age left empty (a spouse's) shows as a dash, not Streamlit's "None"
    column_config={
        "role": st.column_config.SelectboxColumn(
            t("family.role", lang),
            options=list(labels["role"].values()),
            required=True,
            default=labels["role"]["child"],
        ),
        "age": st.column_config.NumberColumn(t("family.age", lang), min_value=0, max_value=120, step=1),
        "residence": st.column_config.SelectboxColumn(
            t("dim.residence", lang),
            options=list(labels["residence"].values()),
            required=True,
            default=labels["residence"]["stay"],
            help=glossary_help(kb, lang, *labels["residence"].values()),
        ),
        "vhi": st.column_config.SelectboxColumn(
            t("dim.vhi", lang),
            options=list(labels["vhi"].values()),
            required=True,
            default=labels["vhi"]["none"],
            help=glossary_help(kb, lang, labels["vhi"]["host"]),
        ),
    },
)
st.caption(t("family.household.help", lang, max=MAX_HOUSEHOLD))
members = tuple(
    (str(r.role), None if pd.isna(r.age) else int(r.age), str(r.residence), str(r.vhi))
    for r in coded(edited, labels).itertuples(index=False)
    if r.role in HOUSEHOLD_ROLES and r.residence in RESIDENCES and r.vhi in VHIS
)[:MAX_HOUSEHOLD]
state = state.replace(
    host=host, origin=origin, date=day, status=status, years=float(years), scenario=scenario, household=members
)
write_view_state(state, kb, keep=("host", "origin", "status", "household"))
law_notice(kb, day, lang)

# `auto`: the status this pair of states has on the date (with the scenario's memberships)
applied = applied_status(kb, host, origin, day, scenario) if status == AUTO else status
household = Household(
    host,
    origin,
    day,
    applied,
    float(years),
    (Member("worker"), *(Member(role, residence, vhi, age) for role, age, residence, vhi in members)),
    scenario,
)
try:
    analysis = family_analysis(kb, household, lang)
except ValueError as problem:  # e.g. host = origin: a plain message, never a traceback
    st.warning(t("family.invalid", lang))
    st.text(str(problem))
    st.stop()

grid = analysis.grid
st.subheader(t("family.summary", lang))
for line in analysis.summary:
    st.text("• " + line, help=glossary_help(kb, lang, line))

labels = member_labels(kb, household, lang)
rule_sources = [s for ids in grid["sources"] for s in ids.split()]
line = source_line(kb, rule_sources, lang)
subtitle = t(
    "family.subtitle",
    lang,
    origin=names[origin],
    host=names[host],
    status=status_text(kb, status, [applied], lang),
    years=years,
    date=day,
)
if scenario:
    subtitle += " · " + kb.scenarios[scenario].name.in_lang(lang)
chart = kept_chart(
    kb,
    ("family", household, lang),
    lambda: coverage_heatmap(
        grid,
        "member",
        "care",
        dict(enumerate(labels)),
        {c: kb.label("care", c, lang) for c in CARES},
        kb,
        lang,
        height=max(90, 44 * len(labels)),
    ),
)
show(framed(chart, t("family.title", lang), subtitle, line), "fam-grid", source_ids=rule_sources)
st.caption(t("common.low_confidence_mark", lang))

st.subheader(t("family.changes", lang))
if not analysis.changes:
    st.text(t("family.no_changes", lang))
for change in analysis.changes:
    st.text("→ " + change.text, help=glossary_help(kb, lang, change.text))

table = grid[
    [
        "member_label",
        "care_label",
        "level_label",
        "confidence_label",
        "payer_label",
        "basis",
        "sources",
        "open_questions",
        "explanation",
    ]
]
folded_table(
    table,
    "fam-table",
    kb,
    lang,
    t("family.basis", lang),
    rule_sources,
    download=grid,
    label=t("family.basis", lang),
    column_config={
        "member_label": t("family.member", lang),
        "care_label": t("dim.care", lang),
        "level_label": t("family.level", lang),
        "confidence_label": t("common.confidence", lang),
        "payer_label": t("family.payer", lang),
        "basis": t("family.legal_basis", lang),
        "sources": t("col.sources", lang),
        "open_questions": t("family.open_questions", lang),
        "explanation": t("family.explanation", lang),
    },
)
glossary_panel(kb, lang)
source_footer(kb, rule_sources, lang)
