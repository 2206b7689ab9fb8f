"""Russian everywhere (issue 14): every page in Russian, with its folds, dialogs, menus and detail views
opened, shows no English prose; nor do the Russian brief's HTML and PDF.

What is read from the browser: every text node (Streamlit's own widget texts included), the accessible
names and tooltips (aria-label, title, placeholder, alt, Plotly's data-title), the text inside the
Plotly SVGs, the hover texts of every chart (read from the figure's data: a hover box is drawn only
under the mouse) and every cell of every data grid (drawn on a canvas; read from the grid's
accessible table while it is scrolled through). The rule and its exemptions: tests/russian_text.py.
"""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import expect

from components.i18n import t
from tests.e2e.helpers import (
    PAGES,
    app_exceptions,
    cell_position,
    goto_app,
    open_all_folds,
    open_share_dialog,
    wait_for_app,
)
from tests.russian_text import exempt_phrases, find_english, find_lone_words, report

# Text nodes, attributes and chart texts of the page, each with where it was found. Material icons
# are drawn from a ligature ("download" is the arrow icon): a glyph, not a word, so they are skipped.
COLLECT = r"""
() => {
  const out = [];
  const where = (el) => {
    const parts = [];
    for (let e = el; e && parts.length < 3; e = e.parentElement) {
      const key = [...(e.classList || [])].find(c => c.startsWith('st-key-'));
      const id = e.getAttribute && e.getAttribute('data-testid');
      if (key) parts.push(key.slice(7)); else if (id && parts.length === 0) parts.push(id);
    }
    return parts.reverse().join(' > ') || el.tagName.toLowerCase();
  };
  // Inline code in our Markdown (a text or a caption) names a command or a file (`python -m policy
  // impact`): not prose.
  const skip = 'script, style, noscript, [data-testid="stIconMaterial"], [data-testid="stIconEmoji"], ' +
               '[data-testid="stMarkdownContainer"] code, [data-testid="stCaptionContainer"] code';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || el.closest(skip)) continue;
    if (el.closest('svg text')) continue;  // whole SVG texts below (their lines are tspans)
    const text = node.nodeValue.trim();
    if (text) out.push([where(el), text]);
  }
  for (const text of document.querySelectorAll('svg text')) {
    if (text.parentElement.closest('svg text')) continue;
    const lines = text.querySelectorAll('tspan.line');
    const value = lines.length ? [...lines].map(l => l.textContent).join(' ') : text.textContent;
    if (value.trim()) out.push([where(text) + ' (chart text)', value]);
  }
  const attrs = ['aria-label', 'title', 'placeholder', 'alt', 'data-title', 'aria-placeholder',
                 'aria-roledescription', 'aria-description', 'aria-valuetext'];
  for (const el of document.querySelectorAll('*')) {
    if (el.closest('script, style')) continue;
    for (const a of attrs) {
      const v = el.getAttribute(a);
      if (v && v.trim()) out.push([where(el) + ' [' + a + ']', v]);
    }
  }
  const strings = (value, into) => {
    if (typeof value === 'string') into.push(value);
    else if (Array.isArray(value)) value.forEach(v => strings(v, into));
  };
  for (const gd of document.querySelectorAll('.js-plotly-plot')) {
    for (const trace of gd.data || []) {
      const found = [];
      strings(trace.hovertext, found); strings(trace.text, found); strings(trace.customdata, found);
      if (typeof trace.hovertemplate === 'string') found.push(trace.hovertemplate);
      for (const s of found) {
        const plain = s.replace(/%\{[^}]*\}/g, ' ').replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]+>/g, '');
        if (plain.trim()) out.push([where(gd) + ' (chart hover)', plain]);
      }
    }
  }
  return out;
}
"""

# A data grid draws its cells on a canvas; its accessible table holds the cells in view. Scrolled
# through, step by step, it gives every cell.
GRID_CELLS = r"""
async (grid) => {
  const scroller = grid.querySelector('.dvn-scroller');
  const seen = new Set();
  const read = () => grid.querySelectorAll('table[role="grid"] th, table[role="grid"] td')
      .forEach(c => { const t = c.textContent.trim(); if (t) seen.add(t); });
  const pause = () => new Promise(r => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(r)), 60));
  if (!scroller) { read(); return [...seen]; }
  const height = scroller.clientHeight, width = scroller.clientWidth;
  for (let top = 0; top < scroller.scrollHeight + height; top += Math.max(30, height - 40)) {
    for (let left = 0; left < scroller.scrollWidth + width; left += Math.max(30, width - 40)) {
      scroller.scrollTo(left, top);
      await pause(); read();
      if (scroller.scrollWidth <= width) break;
    }
    if (scroller.scrollHeight <= height) break;
  }
  scroller.scrollTo(0, 0);
  return [...seen];
}
"""


@pytest.fixture(scope="module")
def exempt() -> list[str]:
    from policy import load_knowledge_base

    return exempt_phrases(load_knowledge_base())


def collect(page, label: str) -> list[tuple[str, str]]:
    """Every text the page shows now, each with where it was found (``label`` names the view)."""
    texts = [(f"{label} · {where}", text) for where, text in page.evaluate(COLLECT)]
    for n, grid in enumerate(page.get_by_test_id("stDataFrame").all()):
        grid.scroll_into_view_if_needed()
        texts += [(f"{label} · data grid {n + 1}", cell) for cell in grid.evaluate(GRID_CELLS)]
    return texts


def collect_menus(page, label: str) -> list[tuple[str, str]]:
    """Open each Download menu (a popover: drawn only when opened), read it, close it."""
    texts: list[tuple[str, str]] = []
    menus = page.get_by_test_id("stPopover")
    for n in range(menus.count()):
        button = menus.nth(n).locator("button").first
        button.scroll_into_view_if_needed()
        button.click()
        body = page.get_by_test_id("stPopoverBody")
        expect(body).to_be_visible()
        texts += [(f"{label} · menu {n + 1} · {where}", text) for where, text in page.evaluate(COLLECT)
                  if "stPopoverBody" in where or "downloads" in where]
        page.keyboard.press("Escape")
        expect(body).to_have_count(0)
    return texts


def collect_share(page, label: str) -> list[tuple[str, str]]:
    """Open the Share dialog, read it, close it."""
    open_share_dialog(page)
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    texts = [(f"{label} · share dialog · {w}", t) for w, t in page.evaluate(COLLECT)]
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)
    wait_for_app(page)
    return texts


def open_selectbox(page, label: str, name: str) -> list[tuple[str, str]]:
    """Open a selectbox's list (its options, and Streamlit's own texts of an open list) and close it."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=name).first
    box.scroll_into_view_if_needed()
    dropdown = page.get_by_test_id("stSelectboxVirtualDropdown")
    for _ in range(3):  # a click during the rerun that follows a page's first run may be lost
        wait_for_app(page)
        box.locator("input").click()
        try:
            expect(dropdown).to_be_visible(timeout=3000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    expect(dropdown).to_be_visible()
    texts = [(f"{label} · list '{name}'", t) for t in dropdown.get_by_role("option").all_inner_texts()]
    texts += [(f"{label} · list '{name}' (open)", w) for _, w in page.evaluate(COLLECT)]
    box.locator("input").fill("zzzz")  # no option matches: Streamlit's "no results" text
    page.wait_for_timeout(300)
    texts += [(f"{label} · list '{name}' (no match)", w) for _, w in page.evaluate(COLLECT)]
    page.keyboard.press("Escape")
    return texts


def ready(page) -> None:
    """The page has drawn, and the script that puts Streamlit's own texts in Russian has run (a part
    of the page like any other: without it the check fails)."""
    page.wait_for_function("() => window.__coverageWidgetTexts === true", timeout=15_000)
    wait_for_app(page)


def check(findings) -> None:
    if findings:
        pytest.fail(report(findings), pytrace=False)


def page_texts(page, path: str) -> list[tuple[str, str]]:
    """The page in Russian with its folds opened, then its menus and the Share dialog."""
    texts = collect(page, path)
    open_all_folds(page)
    texts += collect(page, path + " (folds open)")
    texts += collect_menus(page, path)
    texts += collect_share(page, path)
    return texts


def choose(page, name: str) -> None:
    """Click the option ``name`` of a segmented control (one of a page's alternative views)."""
    page.get_by_test_id("stButtonGroup").get_by_role("radio", name=name, exact=True).click()
    wait_for_app(page)


def click_heatmap_cell(page, row: str, col: str) -> None:
    """Click the Coverage heatmap's cell (host ``row`` × origin ``col``, by name) where Plotly placed it."""
    page.mouse.click(*cell_position(page.get_by_test_id("stPlotlyChart").first, row, col))
    wait_for_app(page)


def detail_views(page, url_path: str, kb) -> list[tuple[str, str]]:
    """Each page's detail views and alternative views, opened one after the other and read."""
    ru = {code: state.name.ru for code, state in kb.states.items()}
    texts: list[tuple[str, str]] = []
    if url_path == "coverage":
        click_heatmap_cell(page, ru["KZ"], ru["UZ"])  # a cell's detail: its legal basis in words
        expect(page.get_by_test_id("stSelectbox").filter(has_text=t("coverage.host", "ru")).first.locator("input")
               ).to_have_value(ru["KZ"])
        texts += collect(page, "coverage · cell KZ×UZ")
        choose(page, t("view.all_cares", "ru"))
        texts += collect(page, "coverage · all types of care")
    elif url_path == "instruments":
        texts += open_selectbox(page, "instruments", t("instruments.pick", "ru"))  # every instrument's name
        for view in ("parties", "table"):
            choose(page, t(f"view.{view}", "ru"))
            texts += collect(page, f"instruments · {view}")
    elif url_path == "compare":
        for attr in ("foreigners", "spouse_primary"):
            page.goto(page.url.split("?")[0] + f"?lang=ru&attr={attr}", wait_until="domcontentloaded")
            ready(page)
            texts += collect(page, f"compare · detail {attr}")
    elif url_path == "scenarios":
        for view in ("flow", "cost"):
            name = {"flow": t("impact.flow.title", "ru", care=kb.label("care", "primary", "ru")),
                    "cost": t("impact.cost.title", "ru")}[view]
            choose(page, name)
            texts += collect(page, f"scenarios · impact {view}")
    elif url_path == "family":
        page.get_by_test_id("stDataFrame").first.hover()
        texts += collect(page, "family · household editor")
    elif url_path == "briefs":
        choose(page, t("brief.kind.host", "ru"))
        texts += collect(page, "briefs · host brief")
    return texts


@pytest.mark.parametrize("url_path", PAGES)
def test_page_in_russian_has_no_english(app_server, page, page_log, exempt, url_path: str) -> None:
    from policy import load_knowledge_base

    path = f"/{url_path}?lang=ru"
    goto_app(page, app_server, path)
    ready(page)
    texts = page_texts(page, path)
    texts += detail_views(page, url_path, load_knowledge_base())
    assert app_exceptions(page) == []
    assert len(texts) > 50  # the page was read, not an empty frame
    check(find_english(texts, exempt) + find_lone_words(texts, exempt))


def test_meeting_mode_in_russian_has_no_english(app_server, page, page_log, exempt) -> None:
    from explorer.meeting import step_count
    from policy import load_knowledge_base

    kb = load_knowledge_base()
    texts: list[tuple[str, str]] = []
    for step in range(1, step_count(kb) + 1):
        goto_app(page, app_server, f"/?mode=meeting&lang=ru&step={step}")
        ready(page)
        expect(page.locator(".st-key-meeting-counter [data-testid='stText']")).to_have_text(
            t("meeting.step", "ru", step=step, count=step_count(kb)))
        # the default date is later than the newest source: each slide says the law is the last known
        expect(page.locator(".st-key-meeting-notice")).to_contain_text(
            t("common.after_as_of", "ru", as_of=kb.sources_up_to, checked=kb.last_checked))
        texts += collect(page, f"meeting step {step}")
    assert app_exceptions(page) == []
    check(find_english(texts, exempt) + find_lone_words(texts, exempt))


class _Text(HTMLParser):
    """The text and the readable attributes of an HTML file (the brief), each with its tag; an SVG
    <text> is read whole (its lines are <tspan>s: a source's name may be wrapped over two)."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[tuple[str, str]] = []
        self.stack: list[str] = []
        self.svg_text: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)
        if tag == "text":
            self.svg_text = []
        for name, value in attrs:
            if name in ("title", "alt", "aria-label") and value:
                self.texts.append((f"brief HTML <{tag} {name}>", value))

    def handle_endtag(self, tag):
        if tag == "text" and self.svg_text is not None:
            self.texts.append(("brief HTML chart <text>", " ".join(self.svg_text)))
            self.svg_text = None
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        if not data.strip() or (self.stack and self.stack[-1] in ("style", "script")):
            return
        if self.svg_text is not None:
            self.svg_text.append(data.strip())
        else:
            self.texts.append((f"brief HTML <{self.stack[-1] if self.stack else 'document'}>", data))


def _download(page, key: str, target: Path) -> Path:
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-{key} button").first.click()
    path = target / info.value.suggested_filename
    info.value.save_as(path)
    return path


@pytest.mark.parametrize("kind", ["corridor", "host"])
def test_russian_brief_html_and_pdf_have_no_english(app_server, page, page_log, exempt, tmp_path, kind) -> None:
    from pypdf import PdfReader

    goto_app(page, app_server, f"/briefs?lang=ru&brief={kind}&host=RU&origin=KG")
    html = _download(page, "brief-html", tmp_path).read_text(encoding="utf-8")
    pdf = _download(page, "brief-pdf", tmp_path).read_bytes()
    parser = _Text()
    parser.feed(html)
    # the PDF's text, a page at a time with its line breaks undone (a source title wrapped over two
    # lines is then whole again, and exempt)
    reader = PdfReader(io.BytesIO(pdf))
    pdf_texts = [(f"brief PDF page {n + 1}", re.sub(r"\s+", " ", p.extract_text() or ""))
                 for n, p in enumerate(reader.pages)]
    assert len(parser.texts) > 20 and pdf_texts
    assert "Россия" in pdf_texts[0][1] and "Кыргызстан" in pdf_texts[0][1]
    check(find_english(parser.texts, exempt) + find_english(pdf_texts, exempt))


def test_the_check_fails_on_english_an_old_release_shows_marked(app_server, page, page_log, exempt) -> None:
    """The check is not blind: a release from before the Russian twins (data format 1, pinned by
    ``dv=``) shows its English-only texts behind the marker, and the browser check finds them, each
    in a text that carries the marker."""
    from policy.migrations import ENGLISH_ONLY_MARKER
    from policy.releases import load_release

    old = "2026.11.3"
    goto_app(page, app_server, f"/coverage?lang=ru&dv={old}&host=RU&origin=KG&care=emergency&person=spouse")
    texts = collect(page, "coverage, release " + old)
    found = find_english(texts, exempt_phrases(load_release(old)))
    assert found, "the English article notes of the old release are found"
    assert any("(chart hover)" in f.where for f in found)  # the heatmap's hover texts are read
    unmarked = [f for f in found if ENGLISH_ONLY_MARKER.strip() not in f.context]
    assert not unmarked, report(unmarked)


# Streamlit's own texts as the widget-texts script leaves them: the skip link and the charts' camera.
OWN_TEXTS = """() => ({
  skip: [...document.querySelectorAll('a')].map(a => a.textContent.trim())
        .find(s => s === 'Skip to main content' || s === 'Перейти к основному содержимому') || null,
  camera: [...document.querySelectorAll('.modebar-btn[data-title]')].map(b => b.getAttribute('data-title'))
          .find(s => /PNG/.test(s)) || null,
})"""


def test_streamlit_texts_follow_the_language_both_ways(app_server, page, page_log) -> None:
    """Russian puts Streamlit's own texts in Russian, English puts them back, and Russian again
    translates what was drawn in English meanwhile (the script skips its work on an English page
    until it has put something in Russian: this is the behaviour that must survive that)."""
    goto_app(page, app_server, "/coverage?lang=en")
    assert page.evaluate(OWN_TEXTS) == {"skip": "Skip to main content", "camera": "Download plot as a PNG"}
    page.locator(".st-key-lang-ru button").click()
    wait_for_app(page)
    expect(page.locator("a", has_text="Перейти к основному содержимому")).to_have_count(1, timeout=10_000)
    assert page.evaluate(OWN_TEXTS) == {"skip": "Перейти к основному содержимому", "camera": "Скачать график как PNG"}
    page.locator(".st-key-lang-en button").click()
    wait_for_app(page)
    expect(page.locator("a", has_text="Skip to main content")).to_have_count(1, timeout=10_000)
    assert page.evaluate(OWN_TEXTS) == {"skip": "Skip to main content", "camera": "Download plot as a PNG"}
    page.get_by_test_id("stPageLink").get_by_role("link", name="Scenarios", exact=True).first.click()
    wait_for_app(page)  # new charts drawn in English after the switch back
    assert page.evaluate(OWN_TEXTS)["camera"] == "Download plot as a PNG"
    page.locator(".st-key-lang-ru button").click()
    wait_for_app(page)
    expect(page.locator("a", has_text="Перейти к основному содержимому")).to_have_count(1, timeout=10_000)
    assert page.evaluate(OWN_TEXTS)["camera"] == "Скачать график как PNG"
    assert not app_exceptions(page)
