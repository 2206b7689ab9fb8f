"""AppTest: app.py runs every page, in both languages, without an exception."""

from __future__ import annotations

from pathlib import Path

import pytest

from components.i18n import LANGS, t
from tests.app.conftest import PAGES, ROOT, comparison_tables, open_folds, run_app


def texts(elements) -> list[str]:
    return [e.value for e in elements]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("url_path", PAGES)
def test_page_runs(url_path: str, lang: str) -> None:
    at = run_app(PAGES[url_path], lang=lang)
    assert not at.exception, [e.value for e in at.exception]
    assert texts(at.error) == []
    assert texts(at.title) == [t(f"page.{url_path}.title", lang)]


def test_default_page_is_overview() -> None:
    at = run_app()
    assert not at.exception
    assert texts(at.title) == [t("page.overview.title", "en")]


@pytest.mark.parametrize("value", ["fr", "", "x" * 500, "<b>ru</b>"])
def test_unknown_lang_is_english(value: str) -> None:
    at = run_app(PAGES["compare"], lang=value)
    assert not at.exception
    assert texts(at.title) == [t("page.compare.title", "en")]


def test_every_page_file_is_registered() -> None:
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py")
    assert files == sorted(PAGES.values()), "register every pages/*.py in app.py and in tests/app/conftest.py"


@pytest.mark.parametrize("lang", LANGS)
def test_language_buttons(lang: str) -> None:
    # Clicking is tested in the browser (tests/e2e): AppTest re-applies its own query_params on
    # every run, so the script's write to st.query_params does not survive st.rerun() there.
    at = run_app(PAGES["sources"], lang=lang)
    for code in LANGS:
        assert at.button(key=f"lang-{code}").disabled == (code == lang)


def test_invalid_data_shows_messages_not_a_traceback(monkeypatch, tmp_path: Path) -> None:
    (tmp_path / "meta.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("COVERAGE_DATA_DIR", str(tmp_path))
    for page in (None, PAGES["coverage"]):
        at = run_app(page)
        assert not at.exception
        assert len(at.error) == 1 and "did not validate" in at.error[0].value
        assert len(at.code) == 1 and "meta.yaml" in at.code[0].value
        assert texts(at.title) == []  # the page did not run


def test_the_pages_leave_the_kept_grids_and_analyses_as_they_were() -> None:
    """Coverage, Scenarios and Family share kept frames across sessions (explorer/views/coverage.py,
    policy/family.py): after the pages ran, with their folds open, each kept one still equals a fresh
    computation of its choice, so no page changed one in place."""
    import pandas as pd

    from components.knowledge import knowledge_base
    from explorer.views.coverage import care_small_multiples, corridor_grid, coverage_grid
    from policy.family import family_analysis
    from policy.kept import forget

    kb = knowledge_base()
    forget(kb, "view_grids", "view_changes", "family_analyses")
    FOLDS = {"coverage": ("cov-table-fold", "cov-corridor-table-fold"), "scenarios": ("scn-changes-fold",),
             "family": ("fam-table-fold",)}
    for page, query in (("coverage", {}), ("coverage", {"view": "all_cares", "host": "RU", "origin": "KG"}),
                        ("scenarios", {"scenario": "ru-oms-eaeu-families"}), ("family", {})):
        at = open_folds(run_app(PAGES[page], lang="ru", **query), *FOLDS[page])
        assert not at.exception, (page, [e.value for e in at.exception])
    grids = dict(kb.__dict__["_kept_view_grids"])
    analyses = dict(kb.__dict__["_kept_family_analyses"])
    assert {key[0] for key in grids} == {"coverage", "corridor", "cares"} and analyses
    forget(kb, "view_grids", "family_analyses")
    again = {"coverage": coverage_grid, "corridor": corridor_grid, "cares": care_small_multiples}
    for (kind, *args), frame in grids.items():
        fresh = again[kind](kb, *args)
        assert fresh is not frame
        pd.testing.assert_frame_equal(frame, fresh)
    for (household, lang), analysis in analyses.items():
        fresh_analysis = family_analysis(kb, household, lang)
        pd.testing.assert_frame_equal(analysis.grid, fresh_analysis.grid)
        assert (analysis.summary, analysis.changes) == (fresh_analysis.summary, fresh_analysis.changes)


def test_the_overview_and_instruments_leave_their_kept_timelines_as_they_were() -> None:
    """The instrument timelines are shared across sessions (explorer/views/instruments.py): after the
    Overview and Instruments ran in both languages, with their tables open, each kept one still equals a
    fresh one."""
    import pandas as pd

    from components.knowledge import knowledge_base
    from explorer.views.instruments import _instrument_timeline
    from policy.kept import forget

    kb = knowledge_base()
    forget(kb, "timelines")
    for lang in ("ru", "en"):
        for page, folds in (("overview", ("ov-timeline-table-fold",)), ("instruments", ())):
            at = open_folds(run_app(PAGES[page], lang=lang), *folds)
            assert not at.exception, (page, [e.value for e in at.exception])
    timelines = dict(kb.__dict__["_kept_timelines"])
    assert len(timelines) == 4, list(timelines)  # the Overview's key instruments and all, per language
    for (lang, ids), frame in timelines.items():
        pd.testing.assert_frame_equal(frame, _instrument_timeline(kb, lang, None if ids is None else list(ids)))

def test_compare_leaves_its_kept_comparisons_and_tables_as_they_were() -> None:
    """Compare shares its comparisons and their table frames across sessions (explorer/views/compare.py,
    components/comparison_table.py): after the page ran, with all rows and with the differing rows
    only, in both languages, each kept one still equals a fresh one, so nothing changed one in place."""
    import pandas as pd

    from components.comparison_table import _markdown
    from components.knowledge import knowledge_base
    from explorer.views.compare import compare_long, compare_states
    from policy.kept import forget

    kb = knowledge_base()
    forget(kb, "comparisons", "comparisons_differing", "comparison_tables")
    for lang in ("ru", "en"):
        for diff in ("0", "1"):
            at = run_app(PAGES["compare"], lang=lang, states="RU,KZ,KG,BY", origin="UZ", diff=diff)
            assert not at.exception, [e.value for e in at.exception]
            assert comparison_tables(at)
    comparisons = dict(kb.__dict__["_kept_comparisons"])
    tables = dict(kb.__dict__["_kept_comparison_tables"])
    assert len(comparisons) == 2 and len(tables) == 4  # per language; all rows and the differing ones
    for (states, day, lang, origin), long in comparisons.items():
        fresh = compare_long(kb, compare_states(kb, list(states), day, lang, origin=origin), lang)
        pd.testing.assert_frame_equal(long, fresh)
    for (_, (states, lang, max_chars)), ((long,), text) in tables.items():
        assert text == _markdown(kb, long, list(states), lang, max_chars)
