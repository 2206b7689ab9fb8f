"""Every chart on every page carries its source line inside the figure: its sources, both dates of the
data and the data version (a screenshot, a PNG or an SVG of it then says where it comes from)."""

from __future__ import annotations

import json
import re

import pytest

from components.i18n import t
from policy import load_knowledge_base
from tests.app.conftest import PAGES, run_app

# Each page as it opens, and the views that draw other charts (Coverage with a cell chosen whose
# answer has a legal basis: its lines once took the place of the corridor chart's source line).
CHARTLESS = {"compare", "sources"}  # a comparison table, a bibliography: each with its own source column
VIEWS = [(page, {}) for page in PAGES if page not in CHARTLESS] + [
    ("coverage", {"host": "RU", "origin": "KG", "person": "spouse", "care": "primary"}),
    ("coverage", {"view": "all_cares"}),
    ("instruments", {"view": "parties"}),
    *(("overview", {"mode": "meeting", "step": str(step)}) for step in range(1, 6)),  # every slide
]


def _frame_lines(chart) -> list[str]:
    texts = [a.get("text", "") for a in json.loads(chart.proto.spec)["layout"].get("annotations", [])]
    return [re.sub(r"<[^>]+>", "", text.replace("<br>", " ")) for text in texts]


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("page, query", VIEWS)
def test_every_chart_names_its_sources_dates_and_version(page: str, query: dict, lang: str) -> None:
    kb = load_knowledge_base()
    at = run_app(PAGES[page], lang=lang, **query)
    assert not at.exception
    charts = at.get("plotly_chart")
    assert charts, page
    prefix = t("source.line", lang, sources="", sources_up_to="", last_checked="", version="").split(":")[0] + ":"
    for chart in charts:
        lines = [line for line in _frame_lines(chart) if line.startswith(prefix)]
        assert len(lines) == 1, (page, query, _frame_lines(chart))
        assert str(kb.meta.data_version) in lines[0] and str(kb.sources_up_to.year) in lines[0], lines[0]
