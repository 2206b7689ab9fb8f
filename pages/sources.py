"""Page 'sources': version and licence, downloads of the whole knowledge base, confidence, method,
open questions and the bibliography."""

import streamlit as st

from components.glossary import glossary_panel
from components.i18n import fmt_date, fmt_number, t
from components.knowledge import knowledge_base
from components.knowledge_downloads import knowledge_downloads
from components.layout import page_header
from components.searchable_table import searchable_table
from components.url_state import read_view_state, write_view_state
from explorer.bundle import bibliography, open_questions_view
from policy.models import CONFIDENCES

lang = page_header("sources")
kb = knowledge_base()
state = read_view_state(kb, lang)
write_view_state(state, kb)

# Three to a row: five in one cut the dates short ("20.03.2…") on a 1280 px screen with the sidebar.
c1, c2, c3 = st.columns(3)
c4, c5, _ = st.columns(3)
c1.metric(t("sources.version", lang), kb.meta.data_version)
c2.metric(t("sources.as_of", lang), fmt_date(kb.sources_up_to, lang))
c3.metric(t("sources.checked", lang), fmt_date(kb.last_checked, lang))
c4.metric(t("sources.count", lang), fmt_number(len(kb.sources), lang))
c5.metric(t("sources.questions", lang), fmt_number(len(kb.open_questions), lang))

st.subheader(t("sources.licence", lang))
st.text(kb.meta.licence.in_lang(lang))
st.text(t("sources.cite", lang, attribution=kb.meta.attribution.in_lang(lang), sources_up_to=kb.sources_up_to,
          last_checked=kb.last_checked))
st.text(t("sources.map_shapes", lang))

st.subheader(t("sources.downloads", lang))
knowledge_downloads(kb, lang, "src")
st.caption(t("sources.downloads.note", lang))

st.subheader(t("sources.confidence", lang))
for level in CONFIDENCES:
    label = kb.vocabulary.confidence[level]
    st.text(f"{label.label.in_lang(lang)}: {label.help.in_lang(lang) if label.help else ''}")
st.caption(t("sources.confidence.shown", lang))

st.subheader(t("sources.method", lang))
st.text(t("sources.method.text", lang))
glossary_panel(kb, lang)

st.subheader(t("sources.open_questions", lang))
questions = open_questions_view(kb, lang)
questions["status"] = questions["status"].map(lambda s: t(f"oq.status.{s}", lang))
searchable_table(questions, ["question", "context", "status", "states", "instruments", "sources", "as_of"],
                 {name: t(f"col.{name}", lang) for name in
                  ("question", "context", "status", "states", "instruments", "sources", "as_of")}, lang, "src-oq",
                 kb, t("sources.open_questions", lang))

st.subheader(t("sources.bibliography", lang))
columns = ["title", "publisher", "kind", "language", "published", "accessed", "cited_by", "url", "source_id", "note"]
labels = {name: t(f"col.{name}", lang) for name in columns if name not in ("url", "source_id")}
searchable_table(bibliography(kb, lang), columns,
                 {**labels, "url": st.column_config.LinkColumn("URL"), "source_id": "id"}, lang, "src-bib", kb,
                 t("sources.bibliography", lang))
st.text(kb.meta.licence.in_lang(lang))
