"""Fuzzing every page's query parameters (hypothesis): 150 generated links per page, 1,050 in all,
valid values mixed with hostile and random ones. No link may raise, and nothing a link supplies may
reach Markdown (where it could become HTML); the page still draws its title."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from components.i18n import t
from explorer.view_state import FIELDS
from policy import load_knowledge_base
from policy.models import CARES, PERSONS, RESIDENCES, STATUSES, VHIS
from tests.app.conftest import APP, PAGES, TIMEOUT

KB = load_knowledge_base()
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES_PER_PAGE", "150"))
HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "**bold** [x](javascript:alert(1))",
           "../../etc/passwd", "%00", "\u202e", "' OR 1=1 --", "9" * 400, "NaN", "-1e309", "2026-02-30", "🙂"]
VALID = [*KB.state_codes, *PERSONS, *STATUSES, *RESIDENCES, *CARES, *VHIS, *KB.scenarios, "en", "ru", "1", "0",
         "2025-06-01", "2026-11-01", "RU,KZ,KG", "spouse~stay~none,child.4~stay~host", KB.meta.data_version,
         "ratio.spouses_per_worker~0.3", "timeline", "all_cares"]
values = st.one_of(st.sampled_from(VALID), st.sampled_from(HOSTILE), st.text(max_size=40))
names = st.sampled_from([*FIELDS, "v", "embed", "x", "<b>", "lang "])
links = st.dictionaries(names, values, max_size=6)

_APPS: dict[str, AppTest] = {}


def _app(page: str) -> AppTest:
    """One AppTest per page, reused: each example reruns the page with new parameters."""
    if page not in _APPS:
        at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
        at.switch_page(PAGES[page]).run()
        _APPS[page] = at
    return _APPS[page]


@pytest.mark.parametrize("page", list(PAGES))
def test_any_link_renders_the_page_without_an_exception(page: str) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(params=links)
    def run(params: dict[str, str]) -> None:
        at = _app(page)
        for key in list(at.query_params):
            del at.query_params[key]
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, (params, [e.value for e in at.exception])
        lang = "ru" if params.get("lang", "").strip().lower() == "ru" else "en"
        assert at.title[0].value == t(f"page.{page}.title", lang)
        markdown = " ".join(m.value for m in at.markdown)
        for value in params.values():
            if "<" in value or "](" in value:
                assert value not in markdown, value

    run()
