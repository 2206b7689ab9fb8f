"""Issue 14's seed records on the pages: the EAEU Court's classification on the Overview and Compare,
an instrument's encoding decision and related links, the scenario's related records."""

from __future__ import annotations

import pytest

from explorer.i18n import t
from explorer.plain_text import escape_markdown
from policy import load_knowledge_base
from tests.app.conftest import PAGES, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def _param(at, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_overview_shows_the_courts_words_beside_the_model_with_source_and_date(lang):
    at = run_app(PAGES["overview"], lang=lang)
    assert not at.exception
    assert f"**{t('court.heading', lang)}**" in [m.value for m in at.markdown]
    court = next(tb.value for tb in at.table if escape_markdown(t("court.col.court", lang)) in tb.value.columns)
    assert len(court) == 5
    cells = " ".join(str(v) for v in court.to_numpy().ravel())
    assert escape_markdown(t("court.by.press_paraphrase", lang)) in cells
    assert "Avesta" in cells and escape_markdown(t("court.col.as_of", lang)) in court.columns


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_compare_has_the_courts_row_and_its_detail_names_the_source(lang):
    at = run_app(PAGES["compare"], lang=lang, states="RU,KZ,UZ", attr="court_classification")
    assert not at.exception
    table = at.table[0].value
    assert t("compare.row.court_classification", lang) in list(table.index)
    texts = [x.value for x in at.text]
    assert sum(t("court.col.category", lang) in x for x in texts) == 2, "RU and KZ: the Court's group"
    kb = load_knowledge_base()
    source = kb.sources["avesta-2026-03-05-court-opinion"]
    title = source.title_en if lang == "en" and source.title_en else source.title
    assert sum(title in x for x in texts) == 2, "each EAEU cell names its source"
