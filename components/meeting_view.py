"""Meeting mode (`?mode=meeting&step=N`): one key view at a time, large and high-contrast, no chrome.

What each step shows is built in explorer/meeting.py; this draws it: the takeaway as the slide's
headline, the framed chart, the step counter, Back/Next (also the ← → keys) and, in the corner, the
QR code of the same view in the normal app. Back/Next write `step` into the URL (one view state,
explorer/view_state.py), so a reload or a shared link reopens the same step.
"""

from __future__ import annotations

import streamlit as st

from components.charts import show
from components.i18n import t
from components.share_dialog import base_url
from components.url_state import read_view_state, show_notice, write_view_state
from explorer import meeting
from explorer.share import qr_png, share_link
from policy import KnowledgeBase

# A constant: no URL or data text ever goes into it. Black on white (21:1), large type that grows
# with the screen (a third larger on a 1920×1080 one), Streamlit's chrome and sidebar hidden.
MEETING_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"], footer { display: none !important; }
.stApp, [data-testid="stMain"] { background: #fff !important; color: #000 !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2rem 0.5rem 2rem !important; max-width: 100% !important; }
.st-key-meeting-headline p, .st-key-meeting-headline div, .st-key-meeting-headline span {
  font-size: 30px !important; line-height: 1.2 !important; font-weight: 700 !important;
  color: #000 !important; font-family: "DejaVu Sans", Verdana, sans-serif !important; white-space: normal !important; }
.st-key-meeting-side .st-key-meeting-counter div, .st-key-meeting-side .st-key-meeting-counter span {
  font-size: 28px !important; font-weight: 700 !important; color: #000 !important;
  font-family: "DejaVu Sans", Verdana, sans-serif !important; }
.st-key-meeting-side p, .st-key-meeting-side div, .st-key-meeting-side span, .st-key-meeting-side small {
  color: #000 !important; font-family: "DejaVu Sans", Verdana, sans-serif !important; }
.st-key-meeting-side [data-testid="stCaptionContainer"], .st-key-meeting-side [data-testid="stCaptionContainer"] p {
  font-size: 17px !important; color: #000 !important; }
.st-key-meeting-side button { min-height: 3.2rem; border: 3px solid #000 !important; }
.st-key-meeting-side button p { font-size: 24px !important; font-weight: 700 !important; }
.st-key-meeting-side button[kind="primary"] { background: #000 !important; }
.st-key-meeting-side button[kind="primary"] p { color: #fff !important; }
.st-key-meeting-side button:disabled { border-color: #767676 !important; background: #fff !important; }
.st-key-meeting-side button:disabled p { color: #595959 !important; }
/* the QR code at most 170 px (240 on a large screen; projected, still large enough to scan),
   so the note on the date fits under it */
.st-key-meeting-qr { max-width: 170px; }
/* three sizes of the chart: the large one (type ×1.4) on a 1920×1080-class screen, the compact one
   (×0.8) on a 4:3 projector at 1024×768; hidden with the wrapper Streamlit puts around each, which
   would keep a gap above the next */
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting-chart-large),
[data-testid="stLayoutWrapper"]:has(> .st-key-meeting-chart-compact) { display: none !important; }
@media (max-width: 1199px) {
  [data-testid="stLayoutWrapper"]:has(> .st-key-meeting-chart-small) { display: none !important; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-meeting-chart-compact) { display: flex !important; }
  .st-key-meeting-headline p, .st-key-meeting-headline div, .st-key-meeting-headline span {
    font-size: 26px !important;
  }
  .st-key-meeting-side .st-key-meeting-counter div, .st-key-meeting-side .st-key-meeting-counter span {
    font-size: 24px !important;
  }
  .st-key-meeting-side button p { font-size: 20px !important; }
  .st-key-meeting-side [data-testid="stCaptionContainer"],
  .st-key-meeting-side [data-testid="stCaptionContainer"] p { font-size: 15px !important; }
  .st-key-meeting-qr { max-width: 140px; }
}
@media (min-width: 1600px) and (min-height: 900px) {
  [data-testid="stLayoutWrapper"]:has(> .st-key-meeting-chart-small) { display: none !important; }
  [data-testid="stLayoutWrapper"]:has(> .st-key-meeting-chart-large) { display: flex !important; }
  .st-key-meeting-headline p, .st-key-meeting-headline div, .st-key-meeting-headline span {
    font-size: 42px !important;
  }
  .st-key-meeting-side .st-key-meeting-counter div, .st-key-meeting-side .st-key-meeting-counter span {
    font-size: 40px !important;
  }
  .st-key-meeting-side button p { font-size: 32px !important; }
  .st-key-meeting-qr { max-width: 240px; }
  .st-key-meeting-side [data-testid="stCaptionContainer"],
  .st-key-meeting-side [data-testid="stCaptionContainer"] p { font-size: 24px !important; }
}
</style>
"""


def _qr_link(kb: KnowledgeBase, slide: meeting.Slide) -> str | None:
    base = base_url()  # the Share dialog's: configured, else the browser's, else the LAN address
    return share_link(base, slide.page, slide.params) if base else None


def _go(kb: KnowledgeBase, state, step: int) -> None:
    # a callback runs before the script: the run it triggers already reads the new step
    write_view_state(state.replace(step=step), kb)


def meeting_view(kb: KnowledgeBase, lang: str) -> None:
    """Draw the meeting view for the URL's view state (its `mode` is "meeting")."""
    st.html(MEETING_CSS)
    state = read_view_state(kb, lang)
    count = meeting.step_count(kb)
    step, notice = meeting.checked_step(kb, state.step)  # a step the sequence lacks: step 1, with a notice
    if notice is not None:
        show_notice(notice, lang)
    slide = meeting.slide(kb, step, state.resolved_date(kb), lang)
    main, side = st.columns([4, 1], gap="medium")
    with main:
        with st.container(key="meeting-headline"):
            st.text(slide.takeaway)  # plain text: computed from the data, never Markdown or HTML
        # every size is drawn; CSS shows the one for the screen (Python does not know its size)
        with st.container(key="meeting-chart-small"):
            show(slide.spec(), f"meeting-chart-{slide.id}")
        with st.container(key="meeting-chart-large"):
            show(slide.spec(meeting.LARGE), f"meeting-chart-{slide.id}-large")
        with st.container(key="meeting-chart-compact"):
            show(slide.spec(meeting.COMPACT), f"meeting-chart-{slide.id}-compact")
    with side.container(key="meeting-side"):
        with st.container(key="meeting-counter"):
            st.text(t("meeting.step", lang, step=step, count=count))
        st.button(
            t("meeting.next", lang),
            key="meeting-next",
            disabled=step >= count,
            shortcut="Right",
            on_click=_go,
            args=(kb, state, step + 1),
            type="primary",
            width="stretch",
        )
        st.button(
            t("meeting.back", lang),
            key="meeting-back",
            disabled=step <= 1,
            shortcut="Left",
            on_click=_go,
            args=(kb, state, step - 1),
            width="stretch",
        )
        link = _qr_link(kb, slide)
        if link:
            with st.container(key="meeting-qr"):
                st.image(qr_png(link, scale=8), width="stretch", alt=t("meeting.scan", lang))
            st.caption(t("meeting.scan", lang))
        else:
            st.caption(t("meeting.no_public_url", lang))
        if slide.notice:  # the law as last known: a room must not take it for the law of today
            with st.container(key="meeting-notice"):
                st.caption(slide.notice)
