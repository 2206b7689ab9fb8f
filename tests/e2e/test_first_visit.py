"""What a first visit shows, in a real browser (issue 13): the Coverage page opens on every corridor
(worker's status `auto`), the Family page shows no raw `None` (an empty age is a dash, drawn on the
data editor's canvas, so it is read from the pixels), and the Overview's section headings do not
repeat the titles the charts under them carry."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from components.i18n import LANGS, t
from policy import load_knowledge_base
from tests.e2e.helpers import app_exceptions, close_popover, goto_app, open_fold, open_popover

KB = load_knowledge_base()


def chart_labelled(page, title: str, *inside: str):
    """The chart whose aria label (every chart is labelled with its title, subtitle and source line)
    starts with ``title`` and holds each of ``inside``; charts draw after the run, so it is awaited."""
    charts = page.get_by_test_id("stMain").locator(f'[aria-label^="{title}"]')
    expect(charts.first).to_be_attached()

    def label(i: int) -> str:  # the frame wraps its lines (Plotly does not): read the label as one line
        return " ".join((charts.nth(i).get_attribute("aria-label") or "").replace("<br>", " ").split())

    for i in range(charts.count()):
        if all(text in label(i) for text in inside):
            return charts.nth(i)
    raise AssertionError(f"no chart labelled {title!r} holds {inside}: {[label(i) for i in range(charts.count())]}")


@pytest.mark.parametrize("lang", LANGS)
def test_coverage_opens_on_every_corridor(app_server, page, page_log, lang: str) -> None:
    goto_app(page, app_server, f"/coverage?lang={lang}")
    # the chart names the statuses its cells were answered for
    chart_labelled(page, t("coverage.title", lang), t("status.auto.mixed", lang))
    # the table beside the chart, downloaded: every host ≠ origin cell applicable, under its pair's status
    open_fold(page, "cov-table-fold")
    key = f"coverage-spouse-auto-stay-primary-{KB.meta.as_of.isoformat()}"
    body = open_popover(page, f"{key}-downloads")
    with page.expect_download() as info:
        body.locator(f".st-key-{key}-csv button").click()
    close_popover(page)
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8-sig"))))
    n = len(KB.states)
    assert len(rows) == n * n
    corridors = [r for r in rows if r["host"] != r["origin"]]
    assert len(corridors) == 90 and all(r["applicable"] == "True" for r in corridors)
    assert not any(r["applicable"] == "True" for r in rows if r["host"] == r["origin"])
    assert {r["status"] for r in corridors} == {"contract", "patent"}
    assert app_exceptions(page) == []


def _grid_lines(img: Image.Image) -> tuple[list[int], list[int]]:
    """Rows and columns of the data editor's canvas that are grid lines (a light line across it)."""
    w, h = img.size
    px = img.load()
    rows = [y for y in range(h) if sum(px[x, y] < 245 for x in range(w)) > 0.8 * w]
    cols = [x for x in range(w) if sum(px[x, y] < 245 for y in range(h)) > 0.8 * h]
    merge = lambda lines: [v for i, v in enumerate(lines) if i == 0 or v - lines[i - 1] > 2]  # noqa: E731
    return merge(rows), merge(cols)


def _ink_width(img: Image.Image, box: tuple[int, int, int, int]) -> int:
    """How wide the text drawn in a cell is, in pixels (0: nothing drawn)."""
    x0, y0, x1, y1 = box
    px = img.load()
    xs = [x for x in range(x0 + 3, x1 - 2) for y in range(y0 + 3, y1 - 2) if px[x, y] < 200]
    return max(xs) - min(xs) + 1 if xs else 0


@pytest.mark.parametrize("lang", LANGS)
def test_family_shows_no_none(app_server, page, page_log, lang: str) -> None:
    goto_app(page, app_server, f"/family?lang={lang}")  # a bare link: a spouse (no age) and a child of 5
    main = page.get_by_test_id("stMain")
    assert "None" not in main.inner_text()
    editor = page.locator(".st-key-fam-household")
    expect(editor.locator("[role=columnheader]")).to_have_count(4)  # role, age, residence, policy
    headers = [h.strip() for h in editor.locator("[role=columnheader]").all_text_contents()]
    age = headers.index(t("family.age", lang))
    canvas = editor.locator("canvas").first
    page.wait_for_timeout(300)  # the grid paints its canvas after the run
    img = Image.open(io.BytesIO(canvas.screenshot())).convert("L")
    rows, cols = _grid_lines(img)
    cols = [c for c in cols if c > 0]  # the canvas's own left edge
    # columns: the row markers, then one per header; rows: the header, then one per member
    left, right = cols[age], cols[age + 1] if age + 1 < len(cols) else img.size[0]
    spouse = (left, rows[1], right, rows[2])
    child = (left, rows[2], right, rows[3])
    assert 0 < _ink_width(img, child) < 12  # "5"
    # a dash (about 10 px), not the word "None" (about 30 px) Streamlit draws for a missing value
    assert 0 < _ink_width(img, spouse) <= 16, _ink_width(img, spouse)
    # years of contributions as a number is written: "0", not printf's "0.00"
    expect(page.locator(".st-key-fam-years input")).to_have_value("0")
    assert app_exceptions(page) == []


@pytest.mark.parametrize("lang", LANGS)
def test_overview_headings_do_not_repeat_the_chart_titles(app_server, page, page_log, lang: str) -> None:
    goto_app(page, app_server, f"/overview?lang={lang}")
    headings = [h.strip() for h in page.get_by_test_id("stMain").locator("h1, h2, h3").all_inner_texts()]
    titles = [t("overview.region", lang), t("overview.timeline", lang)]
    for title in titles:
        chart_labelled(page, title)  # the chart keeps its title
        assert not [h for h in headings if h and (h in title or title in h)], (headings, title)
    assert t("overview.region.heading", lang) in headings and t("overview.timeline.heading", lang) in headings
    assert app_exceptions(page) == []
