"""Sources & method page: version, licence, downloads, confidence legend, open questions, bibliography."""

from __future__ import annotations

import pytest

from components.i18n import t
from policy import load_knowledge_base
from tests.app.conftest import PAGES, run_app

KB = load_knowledge_base()


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_sources_page_shows_version_licence_and_its_downloads(lang: str) -> None:
    at = run_app(PAGES["sources"], lang=lang)
    assert not at.exception
    assert KB.meta.data_version in [m.value for m in at.metric]
    # both dates (issue 14): the law as the newest source states it, and when the base was last checked
    from explorer.i18n import fmt_date

    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("sources.as_of", lang)] == fmt_date(KB.sources_up_to, lang)
    assert metrics[t("sources.checked", lang)] == fmt_date(KB.last_checked, lang)
    texts = [x.value for x in at.text]
    cite = t("sources.cite", lang, attribution=KB.meta.attribution.in_lang(lang), sources_up_to=KB.sources_up_to,
             last_checked=KB.last_checked)
    assert cite in texts
    assert getattr(KB.meta.licence, lang) in texts
    labels = [b.proto.label for b in at.get("download_button")]
    whole = [t(f"downloads.{k}", lang) for k in ("zip", "xlsx", "json")]
    per_table = [t("download.csv", lang), t("download.xlsx", lang)]
    assert labels == whole + per_table * 2, "the knowledge base, then the open questions and the bibliography"


def test_bibliography_lists_every_source_and_the_search_narrows_it() -> None:
    at = run_app(PAGES["sources"], lang="en")
    frames = at.dataframe
    assert len(frames) == 2
    questions, sources = frames[0].value, frames[1].value
    assert len(questions) == len(KB.open_questions)
    assert len(sources) == len(KB.sources)
    at.text_input(key="src-bib-filter").input("Adilet").run()
    narrowed = at.dataframe[1].value
    assert 0 < len(narrowed) < len(KB.sources)
    assert narrowed["publisher"].str.contains("Adilet").all()
    assert t("sources.shown", "en", shown=len(narrowed), total=len(KB.sources)) in [c.value for c in at.caption]


def test_open_question_search_and_hostile_text_is_inert() -> None:
    at = run_app(PAGES["sources"], lang="ru")
    at.text_input(key="src-oq-filter").input("<script>alert(1)</script>").run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 0


def test_confidence_legend_has_every_level_in_both_languages() -> None:
    for lang in ("en", "ru"):
        at = run_app(PAGES["sources"], lang=lang)
        texts = [x.value for x in at.text]
        for level, label in KB.vocabulary.confidence.items():
            assert any(x.startswith(getattr(label.label, lang) + ":") for x in texts), (lang, level)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_bibliography_writes_languages_as_words_and_publication_dates_as_the_reader_does(lang: str) -> None:
    """The bibliography read 'ru' / 'en' and '2025-05-12' in both languages. The grid keeps the ISO text
    it sorts by and draws the date as the reader writes it; the files keep the codes and ISO dates."""
    from streamlit import dataframe_util

    from explorer.i18n import fmt_partial_date
    from explorer.views.common import language_names

    at = run_app(PAGES["sources"], lang=lang)
    assert not at.exception
    grid = at.dataframe[1]
    sources = grid.value
    names = language_names(lang)
    assert set(sources["language"]) <= set(names.values()) and names["ru"] in set(sources["language"])
    drawn = dataframe_util.convert_arrow_bytes_to_pandas_df(grid.proto.arrow_data.styler.display_values)
    published = [(v, d) for v, d in zip(sources["published"], drawn["published"], strict=True) if v]
    assert {len(v) for v, _ in published} == {4, 7, 10}  # years, months and days
    assert all(d == fmt_partial_date(v, lang) for v, d in published), published[:3]
    by_id = {s.id: s for s in KB.sources.values()}
    assert all((by_id[i].published or "") == v for i, v in zip(sources["source_id"], sources["published"], strict=True))
