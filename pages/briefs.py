"""Page 'briefs': a one-page brief on a host state or a corridor; preview, HTML and PDF downloads."""

import datetime as dt

import streamlit as st

from components.charts import show
from components.data_table import folded_table, static_table
from components.i18n import t
from components.knowledge import knowledge_base
from components.layout import page_header
from components.share_dialog import base_url
from components.url_state import read_view_state, write_view_state
from components.widgets import choice, date_picker, initial_index, scenario_picker, status_choice
from explorer.brief.html import brief_html
from explorer.brief.model import build_brief
from explorer.brief.pdf import brief_pdf
from explorer.export import safe_name
from explorer.share import share_link
from explorer.view_state import BRIEFS, encode
from policy.kept import kept
from policy.models import RESIDENCES

lang = page_header("briefs")
kb = knowledge_base()
state = read_view_state(kb, lang)
names = kb.state_names(lang)
codes = list(kb.states)

kind = st.segmented_control(t("brief.kind", lang), list(BRIEFS), default=state.brief, key="brief-kind",
                            format_func=lambda k: t(f"brief.kind.{k}", lang), required=True) or state.brief
c1, c2, c3 = st.columns(3)
host = c1.selectbox(t("brief.host", lang), codes, format_func=names.get, key="brief-host",
                    **initial_index("brief-host", codes, state.host))
origin = state.origin
if kind == "corridor":
    origin = c2.selectbox(t("brief.origin", lang), codes, format_func=names.get, key="brief-origin",
                          **initial_index("brief-origin", codes, state.origin))
    status = status_choice(c3, kb, state.status, lang, "brief-status")
else:
    status = state.status
c4, c5, c6 = st.columns(3)
residence = choice(c4, kb, "residence", RESIDENCES, state.residence, lang, "brief-residence")
day = date_picker(c5, state.resolved_date(kb), lang, "brief-date")
scenario = scenario_picker(c6, kb, state.scenario, lang, "brief-scenario")
state = state.replace(brief=kind, host=host, origin=origin, status=status, residence=residence, date=day,
                      scenario=scenario)
write_view_state(state, kb, keep=("brief", "host"))

if kind == "corridor" and origin == host:
    st.warning(t("brief.same_state", lang))
    st.stop()

# The brief names the link to this view (pinned to the data version), like the Share dialog's.
base = base_url()
link = share_link(base, "briefs", encode(state, kb), kb.meta.data_version) if base else ""
# Kept per knowledge base: building a brief answers ≈ 600 cells (0.15 s), on every rerun before.
subject = (lang, day, host, origin if kind == "corridor" else None, status, residence, scenario)
brief = kept(kb, "briefs", (*subject, link, dt.date.today()), lambda: build_brief(kb, *subject, link=link), 32)
stem = safe_name("brief", lang, host, origin if kind == "corridor" else "", day.isoformat(), scenario or "")

d1, d2 = st.columns(2)
# Callables: the file is rendered on the click only (the PDF's charts take a second or two).
d1.download_button(t("brief.download.html", lang), data=lambda: brief_html(brief).encode("utf-8"),
                   file_name=f"{stem}.html", mime="text/html", key="brief-html", on_click="ignore",
                   help=t("brief.download.help", lang))
d2.download_button(t("brief.download.pdf", lang), data=lambda: brief_pdf(brief), file_name=f"{stem}.pdf",
                   mime="application/pdf", key="brief-pdf", on_click="ignore", help=t("brief.download.help", lang))

# Preview: the brief's own data, shown as plain text and tables (no HTML from data, ever).
st.subheader(t("brief.preview", lang))
st.text(brief.title)
st.text(brief.subtitle)
for note in brief.notes:
    st.info(note)
st.text(brief.model_heading)  # holds a state's name (data): plain text, never Markdown
cols = {k: t(f"brief.col.{k}", lang) for k in ("attribute", "value", "source", "publisher", "title", "accessed")}
static_table([{cols["attribute"]: f.label, cols["value"]: f.text, cols["source"]: f.source} for f in brief.model],
             "brief-model", kb, lang, brief.model_heading)
st.markdown(f"#### {t('brief.section.coverage', lang)}")
st.caption(brief.legend)
for n, section in enumerate(brief.sections):
    st.text(section.heading)
    if section.note:
        st.caption(section.note)
    show(section.chart, f"brief-chart-{n}")
st.markdown(f"#### {t('brief.section.basis', lang)}")
for line in brief.basis:
    st.text(f"• {line.name}" + (f" — {'; '.join(line.articles)}" if line.articles else ""))
st.markdown(f"#### {t('brief.section.questions', lang)}")
for q in brief.questions:
    st.text(f"? {q.question} ({q.status})")
if brief.more_questions:
    st.caption(t("brief.oq.more", lang, count=brief.more_questions))
folded_table([{cols["publisher"]: s.publisher, cols["title"]: s.title, "URL": s.url, cols["accessed"]: s.accessed}
              for s in brief.sources], "brief-sources", kb, lang, t("brief.section.sources", lang),
             label=f"{t('brief.section.sources', lang)} ({len(brief.sources)})",
             column_config={"URL": st.column_config.LinkColumn()})
st.text(brief.data_line)
st.text(brief.licence)
