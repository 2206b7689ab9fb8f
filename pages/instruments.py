"""Page 'instruments': every treaty, protocol, agreement, law, opinion and draft.

Filters, timeline, party matrix, detail."""

import datetime as dt

import streamlit as st

from components.charts import framed, kept_chart, show
from components.correction_form import correction_form, correction_target
from components.data_table import data_table, folded_table, static_table
from components.glossary import glossary_help, glossary_panel
from components.i18n import t
from components.instrument_links import encoding_view, related_links
from components.knowledge import knowledge_base
from components.layout import page_header
from components.source_footer import law_notice, source_footer, source_line
from components.url_state import read_view_state, write_view_state
from components.widgets import date_picker, initial, initial_index, view_switch
from explorer.charts.instrument_timeline import instrument_timeline_chart
from explorer.charts.party_matrix import party_label, party_matrix_chart
from explorer.correction import instrument_offers
from explorer.views.instruments import filter_instruments, instrument_detail, instrument_timeline, party_matrix
from policy.models import INSTRUMENT_STATUSES, INSTRUMENT_TYPES

lang = page_header("instruments")
kb = knowledge_base()
target = correction_target(kb)
state = read_view_state(kb, lang)
names = kb.state_names(lang)

c1, c2, c3 = st.columns(3)
types = c1.multiselect(
    t("instruments.types", lang),
    list(INSTRUMENT_TYPES),
    **initial("ins-types", "default", list(state.types)),
    format_func=lambda v: kb.label("instrument_type", v, lang),
    key="ins-types",
    placeholder=t("instruments.all", lang),
)
statuses = c2.multiselect(
    t("instruments.statuses", lang),
    list(INSTRUMENT_STATUSES),
    **initial("ins-statuses", "default", list(state.statuses)),
    format_func=lambda v: kb.label("instrument_status", v, lang),
    key="ins-statuses",
    placeholder=t("instruments.all", lang),
)
parties = ["", *kb.states]
party = c3.selectbox(
    t("instruments.party", lang),
    parties,
    **initial_index("ins-party", parties, state.party or ""),
    format_func=lambda c: t("instruments.any_party", lang) if not c else names[c],
    key="ins-party",
)
c4, c5 = st.columns(2)
day = date_picker(c4, state.resolved_date(kb), lang, "ins-date")
in_force_only = c5.toggle(t("instruments.in_force_only", lang), key="ins-inforce",
                          **initial("ins-inforce", "value", state.inforce))
state = state.replace(
    types=tuple(types), statuses=tuple(statuses), party=party or None, date=day, inforce=in_force_only
)
write_view_state(state, kb)
law_notice(kb, day, lang)

ids = filter_instruments(kb, tuple(types), tuple(statuses), party or None, day if in_force_only else None)
st.caption(t("instruments.count", lang, shown=len(ids), total=len(kb.instruments)))
if not ids:
    st.info(t("instruments.none", lang))
    st.stop()

timeline = instrument_timeline(kb, lang, ids=ids)
ids = list(timeline["instrument_id"])  # chronological, like the timeline
all_sources = [s for i in ids for s in kb.instruments[i].sources]
line = source_line(kb, all_sources, lang)
filters = t("instruments.filters", lang, count=len(ids), date=day)
view = view_switch(st, ("timeline", "parties", "table"), state.view, lang, "ins-view")
state = state.replace(view=view)
write_view_state(state, kb)
if view == "timeline":
    show(
        framed(kept_chart(kb, ("ins-timeline", tuple(ids), lang), lambda: instrument_timeline_chart(timeline, lang)),
               t("instruments.timeline", lang), filters, line),
        "ins-timeline",
        source_ids=all_sources,
    )
    st.caption(t("instruments.timeline_legend", lang))
    undated = timeline[timeline["start"].isna()]
    if len(undated):
        st.text(t("instruments.undated", lang) + " " + "; ".join(undated["name"]))
elif view == "parties":
    matrix = party_matrix(kb, day, ids)
    short = dict(zip(timeline["instrument_id"], timeline["name"], strict=False))
    show(
        framed(kept_chart(kb, ("ins-matrix", day, tuple(ids), lang),
                          lambda: party_matrix_chart(matrix, short, names, lang)),
               t("instruments.matrix", lang), filters, line),
        "ins-matrix",
        source_ids=all_sources,
    )
    table = matrix.assign(instrument=matrix["instrument_id"].map(short)).set_index("instrument")[list(kb.states)]
    folded_table(
        table.apply(lambda col: col.map(lambda v: party_label(v, lang))).rename(columns=names).reset_index(),
        "ins-parties",
        kb,
        lang,
        t("instruments.matrix", lang),
        all_sources,
    )
else:
    columns = [
        "instrument_id",
        "name",
        "full_name",
        "type_label",
        "status_label",
        "signed",
        "in_force",
        "ended",
        "parties",
        "confidence",
        "sources",
        "as_of",
    ]
    data_table(timeline[columns], "ins-table", kb, lang, t("instruments.table_title", lang), all_sources)

st.subheader(t("instruments.detail", lang))
wanted = st.session_state.get("ins-pick", state.instrument)
chosen = wanted if wanted in ids else state.instrument if state.instrument in ids else ids[0]
if st.session_state.get("ins-pick", chosen) != chosen:
    st.session_state["ins-pick"] = chosen  # the filters hid the one shown: the first that matches
label = dict(zip(timeline["instrument_id"], timeline["name"], strict=False))
chosen = st.selectbox(t("instruments.pick", lang), ids, format_func=label.get, key="ins-pick",
                      **initial_index("ins-pick", ids, chosen))
state = state.replace(instrument=chosen)
write_view_state(state, kb)
detail = instrument_detail(kb, chosen, day, lang)
with st.container(border=True):
    # Legal names are shown in their Russian original next to the English; all data is plain text.
    for key, name in detail["names"]:
        st.markdown(f"**{t(key, lang)}**")
        st.text(name)
    st.text(
        t(
            "instruments.facts",
            lang,
            type=detail["type"],
            status=detail["status"],
            signed=detail["signed"] or "—",
            # in force by its sources, from a date they do not give: say so, not "—" (as if never in force)
            in_force=detail["in_force"] or (t("instruments.date_not_verified", lang)
                                            if kb.instruments[chosen].status == "in_force" else "—"),
            ended=detail["ended"] or "—",
            confidence=kb.label("confidence", detail["confidence"], lang),
            as_of=dt.date.fromisoformat(detail["as_of"]),
        )
    )
    if detail["date_note"]:
        st.text(t("instruments.date_note", lang, note=detail["date_note"]))
    st.text(detail["summary"], help=glossary_help(kb, lang, detail["summary"]))
    w, f = st.columns(2)
    w.markdown(f"**{t('instruments.for_workers', lang)}**")
    w.text(detail["workers"], help=glossary_help(kb, lang, detail["workers"]))
    f.markdown(f"**{t('instruments.for_family', lang)}**")
    f.text(detail["family_members"], help=glossary_help(kb, lang, detail["family_members"]))
    if detail["parent"] or detail["members"]:
        related = [i for i in [detail["parent"], *detail["members"]] if i]
        st.text(t("instruments.related", lang, ids=", ".join(related)))
encoding_view(detail["encoding"], lang)
related_links(detail["related"], ids, lang)
st.markdown(f"**{t('instruments.parties', lang)}**")
static_table(
    [
        {
            t("col.state", lang): p["name"],
            t("instruments.from", lang): p["from"],
            t("instruments.to", lang): p["to"],
            t("instruments.on_date", lang, date=day): party_label(p["on_date"], lang),
            t("common.confidence", lang): kb.label("confidence", p["confidence"], lang),
            t("instruments.note", lang): p["note"],
        }
        for p in detail["parties"]
    ],
    f"ins-{chosen}-parties",
    kb,
    lang,
    t("instruments.parties", lang),
    kb.instruments[chosen].sources,
)
if detail["articles"]:
    st.markdown(f"**{t('instruments.articles', lang)}**")
    for article in detail["articles"]:
        st.text(
            f"{article['ref']}: {article['summary']} [{kb.label('confidence', article['confidence'], lang)}]",
            help=glossary_help(kb, lang, article["summary"]),
        )
if detail["separate_opinions"]:
    st.markdown(f"**{t('instruments.opinions', lang)}**")
    for opinion in detail["separate_opinions"]:
        st.text(f"{opinion['judge']}: {opinion['summary']}")
if detail["open_questions"]:
    st.markdown(f"**{t('instruments.open_questions', lang)}**")
    for question in detail["open_questions"]:
        st.text(f"? {question['question']}")
st.text(
    source_line(kb, kb.instruments[chosen].sources, lang)
)
folded_table(
    [
        {
            t("instruments.source_title", lang): s["title"],
            t("col.publisher", lang): s["publisher"],
            t("instruments.accessed", lang): s["accessed"],
            "URL": s["url"],
        }
        for s in detail["sources"]
    ],
    f"ins-{chosen}-sources",
    kb,
    lang,
    t("instruments.sources", lang),
    kb.instruments[chosen].sources,
    label=f"{t('instruments.sources', lang)} ({len(detail['sources'])})",
    fold="ins-sources-fold",
    column_config={"URL": st.column_config.LinkColumn("URL")},
)
correction_form(lambda: instrument_offers(kb, chosen, lang, target), target, lang, "ins-fix")
glossary_panel(kb, lang)
source_footer(kb, all_sources, lang)
