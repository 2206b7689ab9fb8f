"""Page 'overview': three computed findings, the region by health-financing model, the key instruments' timeline."""

import datetime as dt

import streamlit as st

from components.charts import framed, kept_chart, show
from components.data_table import folded_table, static_table
from components.folded import folded
from components.glossary import glossary_help, glossary_panel
from components.i18n import fmt_date, fmt_number, t
from components.knowledge import knowledge_base
from components.layout import page_header
from components.source_footer import law_notice, source_footer, source_line
from components.url_state import read_view_state, write_view_state
from components.widgets import date_picker
from explorer.charts.instrument_timeline import instrument_timeline_chart
from explorer.charts.region_map import region_map
from explorer.views.instruments import instrument_timeline
from explorer.views.overview import court_classifications, key_instruments, region_models, source_in_words
from policy.findings import headline_findings

lang = page_header("overview")
kb = knowledge_base()
state = read_view_state(kb, lang)
day = date_picker(st, state.resolved_date(kb), lang, "ov-date")
state = state.replace(date=day)
write_view_state(state, kb)
law_notice(kb, day, lang)

st.subheader(t("overview.findings", lang))
findings = headline_findings(kb, day)
columns = st.columns(len(findings))
for column, finding in zip(columns, findings, strict=False):
    with column.container(border=True):
        # An estimate is shown rounded: its inputs are not precise to the person.
        value = (
            f"≈ {fmt_number(round(finding.value, -3), lang)}" if finding.estimate else fmt_number(finding.value, lang)
        )
        st.metric(t(f"finding.{finding.id}", lang), value)
        st.text(finding.text[lang], help=glossary_help(kb, lang, finding.text[lang]))
        if finding.estimate:
            st.caption(t("overview.estimate", lang))
        method, is_open = folded(t("overview.method", lang), f"ov-method-{finding.id}")
        if is_open:
            method.text(finding.method[lang])
            method.text(
                source_line(kb, finding.sources, lang)
            )

st.subheader(t("overview.region.heading", lang))  # the chart carries its own title
models = region_models(kb, day, lang)
model_sources = [s for s in models["source_id"] if isinstance(s, str)]
line = (
    source_line(kb, model_sources, lang)
    + " "
    + t("common.boundaries", lang)
)
show(
    framed(
        kept_chart(kb, ("region", day, lang), lambda: region_map(models, kb, lang)),
        t("overview.region", lang),
        t("overview.region_subtitle", lang, date=day),
        line,
    ),
    "ov-map",
    source_ids=model_sources,
)
table = models[["name", "model_label", "memberships", "confidence", "source_id", "as_of"]].assign(
    confidence=[kb.label("confidence", c, lang) if c else "" for c in models["confidence"]],
    source_id=[source_in_words(kb, s, lang) for s in models["source_id"]],
).rename(
    columns={
        "name": t("col.state", lang),
        "model_label": t("col.model", lang),
        "memberships": t("col.memberships", lang),
        "confidence": t("common.confidence", lang),
        "source_id": t("col.source", lang),
        "as_of": t("col.as_of", lang),
    }
)
folded_table(table, "ov-map-table", kb, lang, t("overview.region", lang), model_sources)
st.caption(t("common.boundaries", lang))

# The EAEU Court's coarser classification (2026), beside the dashboard's model, so a delegate can cite it.
st.markdown(f"**{t('court.heading', lang)}**")
st.caption(t("court.intro", lang))
court = court_classifications(kb, day, lang)
court_sources = list(dict.fromkeys(court["source_id"]))
static_table(
    [
        {
            t("col.state", lang): r["name"],
            t("court.col.model", lang): r["model_label"],
            t("court.col.court", lang): r["court"],
            t("court.col.source", lang): f"{r['source_title']} ({r['publisher']})",
            t("court.col.as_of", lang): fmt_date(dt.date.fromisoformat(r["as_of"]), lang),
        }
        for r in court.to_dict("records")
    ],
    "ov-court",
    kb,
    lang,
    t("court.heading", lang),
    court_sources,
)
st.caption(t("court.none", lang))

st.subheader(t("overview.timeline.heading", lang))
timeline = instrument_timeline(kb, lang, ids=key_instruments(kb))
tl_sources = [s for ids in timeline["sources"] for s in ids.split()]
tl_line = source_line(kb, tl_sources, lang)
show(
    framed(
        kept_chart(kb, ("key-timeline", lang), lambda: instrument_timeline_chart(timeline, lang)),
        t("overview.timeline", lang),
        t("overview.timeline_subtitle", lang),
        tl_line,
    ),
    "ov-timeline",
    source_ids=tl_sources,
)
pending = timeline[timeline["start"].isna()]
if len(pending):
    st.text(t("overview.pending", lang) + " " + "; ".join(pending["name"]))
folded_table(
    timeline[["name", "full_name", "type_label", "status_label", "signed", "in_force", "ended", "parties"]],
    "ov-timeline-table",
    kb,
    lang,
    t("overview.timeline", lang),
    tl_sources,
)
glossary_panel(kb, lang)
source_footer(kb, model_sources + court_sources + tl_sources, lang)
