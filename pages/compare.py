"""Page 'compare': two to five states side by side; differences highlighted; every cell's source in the detail view."""

import datetime as dt

import streamlit as st

from components.comparison_table import cell_text, comparison_table, row_label
from components.correction_form import correction_form, correction_target
from components.data_table import table_downloads
from components.glossary import glossary_help, glossary_panel
from components.i18n import t
from components.knowledge import knowledge_base
from components.layout import page_header
from components.source_footer import law_notice, source_footer
from components.url_state import read_view_state, write_view_state
from components.widgets import date_picker, initial
from explorer.correction import compare_offers
from explorer.views.compare import comparison, differing_only

MIN_STATES, MAX_STATES = 2, 5

lang = page_header("compare")
kb = knowledge_base()
state = read_view_state(kb, lang)
names = kb.state_names(lang)

c1, c2, c3 = st.columns([3, 1, 1])
chosen = c1.multiselect(t("compare.states", lang), list(kb.states), format_func=names.get,
                        max_selections=MAX_STATES, key="cmp-states", help=t("compare.states.help", lang),
                        **initial("cmp-states", "default", list(state.states[:MAX_STATES])))
origin = c2.selectbox(t("compare.origin", lang), list(kb.states), index=list(kb.states).index(state.origin),
                      format_func=names.get, key="cmp-origin", help=t("compare.origin.help", lang))
day = date_picker(c3, state.resolved_date(kb), lang, "cmp-date")
only_diff = st.toggle(t("compare.only_diff", lang), value=state.diff, key="cmp-diff")
state = state.replace(states=tuple(chosen) or state.states, origin=origin, date=day, diff=only_diff)
write_view_state(state, kb, keep=("states",))
law_notice(kb, day, lang)
if len(chosen) < MIN_STATES:
    st.warning(t("compare.pick_more", lang, low=MIN_STATES, high=MAX_STATES))
    st.stop()

long = comparison(kb, chosen, day, lang, origin)
shown = differing_only(kb, long) if only_diff else long
st.caption(t("compare.subtitle", lang, origin=names[origin], date=day, rows=shown["row"].nunique(),
             differ=long.loc[long["differs"], "row"].nunique()))
if shown.empty:
    st.info(t("compare.all_same", lang))
else:
    comparison_table(kb, shown, chosen, lang, key="cmp-table")
st.caption(t("compare.legend", lang))
glossary_panel(kb, lang)

st.subheader(t("compare.detail", lang))
rows = list(dict.fromkeys(long["row"]))
attr = state.attr if state.attr in rows else rows[0]
attr = st.selectbox(t("compare.attribute", lang), rows, index=rows.index(attr),
                    format_func=lambda k: row_label(kb, k, lang), key="cmp-attr")
state = state.replace(attr=attr)
write_view_state(state, kb, keep=("states",))
detail = long[long["row"] == attr]
for _, record in detail.iterrows():
    with st.container(border=True):
        value = cell_text(kb, record, lang)  # whole, not shortened as in the table
        st.markdown(f"**{names[record['state']]}**")
        # Plain text: cell values come from data files, never rendered as Markdown/HTML.
        st.text(value, help=glossary_help(kb, lang, value))
        if attr == "court_classification" and isinstance(record["detail"], str):
            st.text(f"{t('court.col.category', lang)}: {record['detail']}")
        elif isinstance(record["detail"], str) and record["detail"]:
            st.text(t("compare.basis", lang, basis=record["detail"]))
        if isinstance(record["source_id"], str):
            st.text(t("compare.cell_source", lang, title=record["source_title"], publisher=record["publisher"],
                      as_of=dt.date.fromisoformat(record["as_of"]) if isinstance(record["as_of"], str) else "—",
                      confidence=kb.label("confidence", record["confidence"], lang)
                      if isinstance(record["confidence"], str) else "—"))
            st.link_button(t("compare.open_source", lang), record["url"], type="tertiary")
        elif record["kind"] == "value":
            st.text(
                t(
                    "compare.no_single_source",
                    lang,
                    as_of=dt.date.fromisoformat(record["as_of"]) if isinstance(record["as_of"], str) else kb.meta.as_of,
                )
            )

target = correction_target(kb)
correction_form(lambda: compare_offers(kb, attr, chosen, day, origin, lang, target), target, lang, "cmp-fix")

export = long.assign(row_label=[row_label(kb, k, lang) for k in long["row"]], state_name=long["state"].map(names))
table_downloads(
    export,
    f"compare-{'-'.join(chosen)}-{origin}-{day}",
    kb,
    lang,
    t("page.compare.title", lang),
    [s for s in long["source_id"].dropna()],
)
source_footer(kb, [s for s in long["source_id"].dropna()], lang)
