"""The one script the app draws on every page (components/layout.py), made of constants only (no data,
no URL text): Streamlit's own texts in Russian (explorer/widget_texts.py), and Streamlit's fonts
loaded as the tab opens.

Why the fonts: Plotly (3.x) draws a chart again, whole, when a font face that was not loaded as it
began drawing has loaded or is loading when it ends (its text may have been measured in a stand-in
font). Streamlit declares its faces and the browser loads each the first time a text uses it: moving
to the Scenarios page, its data grid was the first to use the monospace face, and each of the page's
three charts was drawn three times instead of twice. Loaded at once (from Streamlit's own server, once
per tab), no face changes while a chart draws. KaTeX's faces (formulas, which we never show) stay
unloaded.
"""

from __future__ import annotations

import functools

from explorer import widget_texts

FONTS_SCRIPT = """<script>
(() => {
  if (window.__coverageFonts || !document.fonts) return;
  window.__coverageFonts = true;
  document.fonts.forEach(face => {
    if (face.status === 'unloaded' && !face.family.startsWith('KaTeX')) face.load().catch(() => {});
  });
})();
</script>"""


# Streamlit cuts a metric's label and a button's label to one line with "…": a finding's label
# ("Государства, где экстренная помощь бесплатна для всех") and the Share button ("Поделиться ·
# цитировать · ска…") lost their ends in the Russian view at 1280 px. They wrap instead.
WRAP_CSS = """<style>
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] *,
[data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"],
[data-testid^="stBaseButton"] [data-testid="stMarkdownContainer"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
  height: auto !important;
}
</style>"""


@functools.cache
def script() -> str:
    """Both scripts, in one element (constants of our own: nothing from outside goes into them). Kept
    per process: every run of every page draws it, and building the texts' table took ≈ 1 ms."""
    return widget_texts.script() + FONTS_SCRIPT + WRAP_CSS
