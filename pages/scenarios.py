"""Page 'scenarios': a policy what-if against the law in force — who gains what, where — and
scenarios of one's own, built from rule toggles or uploaded as YAML (validated, never executed)."""

import pandas as pd
import streamlit as st

from components.charts import framed, kept_chart, show
from components.data_table import folded_table
from components.folded import folded
from components.glossary import glossary_panel
from components.i18n import t
from components.impact_section import assumption_inputs, impact_section
from components.instrument_links import related_elsewhere
from components.knowledge import knowledge_base
from components.layout import page_header
from components.source_footer import law_notice, source_footer, source_line
from components.url_state import read_view_state, write_view_state
from components.widgets import choice, date_picker, status_choice
from explorer.charts.coverage_heatmap import coverage_heatmap
from explorer.view_state import shared_params
from explorer.views.common import coded, vocabulary_labels
from explorer.views.coverage import coverage_grid, kept_changes, status_text
from explorer.views.instruments import related_records
from policy.custom_scenario import (
    MAX_UPLOAD_BYTES,
    ScenarioBuildError,
    ScenarioFileError,
    build_scenario,
    parse_scenario,
    scenario_yaml,
    with_scenario,
)
from policy.engine import rule_sources as rule_sources_of
from policy.models import CARES, LEVELS, PERSONS, RESIDENCES, VHIS

lang = page_header("scenarios")
shared_kb = knowledge_base()
state = read_view_state(shared_kb, lang)
names = shared_kb.state_names(lang)

# Scenarios of the user's own live in this session only (a link cannot carry a whole scenario).
own: dict = st.session_state.setdefault("own-scenarios", {})
# The knowledge base with them is kept across reruns, so its cached matrices are too (rebuilt
# only when the user's scenarios or the shared data change).
built = st.session_state.get("own-kb")
if built is None or built[0] != tuple(own) or built[1] is not shared_kb:
    kb = shared_kb
    for scenario in own.values():
        kb = with_scenario(kb, scenario, "your scenario")
    st.session_state["own-kb"] = built = (tuple(own), shared_kb, kb)
kb = built[2]

options = list(kb.scenarios)
wanted = st.session_state.get("scn-chosen", state.scenario)
default = wanted if wanted in options else options[0]
# The key changes with the list, so a scenario just created or uploaded starts out chosen.
chosen = st.selectbox(t("scenarios.pick", lang), options, index=options.index(default), key=f"scn-pick-{len(options)}",
                      format_func=lambda s: kb.scenarios[s].name.in_lang(lang) + (" ★" if s in own else ""))
st.session_state["scn-chosen"] = chosen
scenario = kb.scenarios[chosen]
with st.container(border=True):
    st.text(scenario.description.in_lang(lang))
    st.text(t("scenarios.origin", lang, by=scenario.proposed_by.in_lang(lang), on=scenario.proposed_on or "—",
              status=t(f"scenarios.status.{scenario.status}", lang)))
    for joined in scenario.memberships:
        st.text(
            t(
                "scenarios.assumes.member",
                lang,
                state=names.get(joined.state, joined.state),
                group=kb.label("group", joined.group, lang),
                instruments="; ".join(
                    kb.instruments[i].name.in_lang(lang) for i in joined.instruments if i in kb.instruments
                ),
            )
        )
    if scenario.assume_in_force:
        st.text(
            t(
                "scenarios.assumes.in_force",
                lang,
                instruments="; ".join(
                    kb.instruments[a.id].name.in_lang(lang) for a in scenario.assume_in_force if a.id in kb.instruments
                ),
            )
        )
    for qid in scenario.open_questions:
        if qid in kb.open_questions:
            st.caption(t("scenarios.assumes.open", lang, question=kb.open_questions[qid].question.in_lang(lang)))
    st.caption(
        source_line(kb, scenario.sources, lang)
    )
    # the records the scenario rests on (the 1 Feb 2024 round table, ...), each opening on the Instruments page
    related_elsewhere(related_records(kb, list(scenario.related), lang),
                      shared_params(st.query_params.to_dict(), shared_kb), lang)

c1, c2, c3, c4, c5 = st.columns(5)
person = choice(c1, kb, "person", PERSONS, state.person, lang, "scn-person")
status = status_choice(c2, kb, state.status, lang, "scn-status")
residence = choice(c3, kb, "residence", RESIDENCES, state.residence, lang, "scn-residence")
care = choice(c4, kb, "care", CARES, state.care, lang, "scn-care")
day = date_picker(c5, state.resolved_date(kb), lang, "scn-date")
state = state.replace(
    scenario=chosen if chosen in shared_kb.scenarios else state.scenario,
    person=person,
    status=status,
    residence=residence,
    care=care,
    date=day,
)
write_view_state(state, shared_kb, keep=("scenario", "person", "status", "residence", "care"))
law_notice(kb, day, lang)

base = coverage_grid(kb, day, person, status, residence, care)
alt = coverage_grid(kb, day, person, status, residence, care, chosen)
changes = kept_changes(kb, base, alt)


def subtitle(grid: pd.DataFrame) -> str:
    """The chart's subtitle, naming the status its cells were answered for (under `auto` the
    scenario's new members change it)."""
    return t(
        "coverage.subtitle",
        lang,
        person=kb.label("person", person, lang),
        status=status_text(kb, status, grid.loc[grid["applicable"], "status"], lang),
        residence=kb.label("residence", residence, lang),
        care=kb.label("care", care, lang),
        date=day,
    )


# Each panel cites what it rests on: the baseline the law in force, the scenario its own rules.
base_sources = rule_sources_of(kb, base.rules)
rule_sources = rule_sources_of(kb, alt.rules, scenario.id)
line = source_line(kb, [*rule_sources, *scenario.sources], lang)
left, right = st.columns(2)
with left:
    show(
        framed(
            kept_chart(
                kb,
                ("scenario-base", day, person, status, residence, care, lang),
                lambda: coverage_heatmap(
                    base,
                    "host",
                    "origin",
                    names,
                    names,
                    kb,
                    lang,
                    t("coverage.host", lang),
                    t("coverage.origin", lang),
                    height=360,
                ),
            ),
            t("scenarios.baseline", lang),
            subtitle(base),
            source_line(kb, base_sources, lang),
        ),
        "scn-base",
        source_ids=base_sources,
    )
with right:
    show(
        framed(
            kept_chart(
                kb,
                ("scenario", chosen, day, person, status, residence, care, lang),
                lambda: coverage_heatmap(
                    alt,
                    "host",
                    "origin",
                    names,
                    names,
                    kb,
                    lang,
                    t("coverage.host", lang),
                    t("coverage.origin", lang),
                    height=360,
                    outlined=set(zip(changes["host"], changes["origin"], strict=False)),
                ),
            ),
            scenario.name.in_lang(lang),
            subtitle(alt),
            line,
        ),
        "scn-alt",
        source_ids=[*rule_sources, *scenario.sources],
    )
st.subheader(t("scenarios.changed", lang, count=len(changes)))
if len(changes):
    st.caption(t("scenarios.outlined", lang))
if len(changes):
    table = changes.assign(
        host=changes["host"].map(names),
        origin=changes["origin"].map(names),
        before=[
            kb.label("level", v, lang) if a else t("compare.not_applicable", lang)
            for v, a in zip(changes["level_before"], changes["applicable_before"], strict=False)
        ],
        after=[
            kb.label("level", v, lang) if a else t("compare.not_applicable", lang)
            for v, a in zip(changes["level_after"], changes["applicable_after"], strict=False)
        ],
    )[["host", "origin", "before", "after"]]
    folded_table(
        table,
        "scn-changes",
        kb,
        lang,
        t("scenarios.changed", lang, count=len(changes)),
        [*rule_sources, *scenario.sources],
        download=changes,
        column_config={
            "host": t("coverage.host", lang),
            "origin": t("coverage.origin", lang),
            "before": t("scenarios.before", lang),
            "after": t("scenarios.after", lang),
        },
    )
else:
    st.text(t("scenarios.no_change", lang))

st.subheader(t("impact.title", lang))
st.caption(t("impact.intro", lang))
i1, i2 = st.columns(2)
years = float(
    i1.number_input(
        t("impact.years", lang), min_value=0.0, max_value=80.0, value=float(state.years), step=1.0, key="imp-years",
        format="%g",  # 0 and 5.5 as written, not printf's default 0.00 and 5.50
    )
)
vhi = choice(i2, kb, "vhi", VHIS, state.vhi, lang, "imp-vhi")
overrides = assumption_inputs(kb, day, lang, dict(state.assume))
state = state.replace(years=years, vhi=vhi, assume=tuple(sorted(overrides.items())))
write_view_state(state, shared_kb, keep=("scenario", "person", "status", "residence", "care", "years", "vhi"))
impact_section(kb, day, chosen, years, vhi, care, overrides, lang)

# Building and uploading are folded: their editors open only for those who want them.
builder, building = folded(t("scenarios.build", lang), "scn-build-fold")
if building:
    with builder:
        st.caption(t("scenarios.build.help", lang))
        host = st.selectbox(
            t("coverage.host", lang),
            list(kb.states),
            index=list(kb.states).index(state.host),
            format_func=names.get,
            key="scn-build-host",
        )
        host_rules = [
            r
            for r in shared_kb.rules
            if host not in r.host.exclude and (r.host.states is None or host in r.host.states)
        ]
        # the level column holds labels, not codes (explorer.views.common.vocabulary_labels says why)
        level_labels = {"level": vocabulary_labels(kb, "level", LEVELS, lang)}
        rules = pd.DataFrame(
            [
                {
                    "on": True,
                    "rule": r.id,
                    "level": level_labels["level"][r.level],
                    "persons": ", ".join(kb.label("person", p, lang) for p in r.person),
                    "cares": ", ".join(kb.label("care", c, lang) for c in r.care),
                    "note": r.note.in_lang(lang),
                }
                for r in host_rules
            ]
        )
        edited = st.data_editor(
            rules,
            hide_index=True,
            width="stretch",
            key=f"scn-rules-{host}-{lang}",  # its edits hold labels of one language
            disabled=["rule", "persons", "cares", "note"],
            column_config={
                "on": st.column_config.CheckboxColumn(t("scenarios.on", lang)),
                "rule": t("scenarios.rule", lang),
                "level": st.column_config.SelectboxColumn(
                    t("family.level", lang), options=list(level_labels["level"].values()), required=True
                ),
                "persons": t("dim.person", lang),
                "cares": t("dim.care", lang),
                "note": t("col.note", lang),
            },
        )
        n1, n2 = st.columns(2)
        name_en = n1.text_input(t("scenarios.name_en", lang), max_chars=120, key="scn-name-en")
        name_ru = n2.text_input(t("scenarios.name_ru", lang), max_chars=120, key="scn-name-ru")
        if st.button(t("scenarios.create", lang), key="scn-create"):
            edited = coded(edited, level_labels)
            removed = list(edited.loc[~edited["on"].astype(bool), "rule"])
            levels = dict(
                zip(
                    edited.loc[edited["on"].astype(bool), "rule"],
                    edited.loc[edited["on"].astype(bool), "level"],
                    strict=True,
                )
            )
            try:
                made = build_scenario(shared_kb, name_en, name_ru, removed=removed, levels=levels)
            except ScenarioBuildError as problem:
                st.warning(t("scenarios.not_created", lang))
                st.text(t(f"scenarios.not_created.{problem.reason}", lang, rules=", ".join(problem.rules)))
            except ValueError as problem:  # the scenario itself does not validate: its message as plain text
                st.warning(t("scenarios.not_created", lang))
                st.text(str(problem))
            else:
                own[made.id] = made
                st.session_state["scn-chosen"] = made.id
                st.rerun()

        if own:
            st.caption(t("scenarios.own", lang))
            for sid, mine in own.items():
                st.download_button(
                    t("scenarios.download", lang, name=mine.name.in_lang(lang)),
                    scenario_yaml(mine),
                    file_name=f"{sid}.yaml",
                    mime="application/x-yaml",
                    key=f"scn-dl-{sid}",
                    on_click="ignore",
                )

uploader, uploading = folded(t("scenarios.upload", lang), "scn-upload-fold")
if uploading:
    with uploader:
        upload = st.file_uploader(
            t("scenarios.upload.label", lang, kb=MAX_UPLOAD_BYTES // 1024),
            type=["yaml", "yml"],
            key="scn-upload",
            max_upload_size=1,
        )
        if upload is not None:
            try:
                loaded = parse_scenario(shared_kb, upload.getvalue()[: MAX_UPLOAD_BYTES + 1], upload.name[:80])
            except ScenarioFileError as problem:
                st.error(t("scenarios.upload.bad", lang))
                st.code(
                    "\n".join(problem.problems), language=None, wrap_lines=True
                )  # plain text, whatever the file says
            else:
                if loaded.id not in own:
                    own[loaded.id] = loaded
                    st.session_state["scn-chosen"] = loaded.id
                    st.rerun()
                st.success(t("scenarios.upload.ok", lang, name=loaded.name.in_lang(lang)))

glossary_panel(kb, lang)
source_footer(kb, [*rule_sources, *scenario.sources], lang)
