"""Issue 14's seed records on the pages: the EAEU Court's classification on the Overview and Compare,
an instrument's encoding decision and related links, the scenario's related records."""

from __future__ import annotations

import pytest

from explorer.i18n import t
from explorer.plain_text import escape_markdown
from policy import load_knowledge_base
from tests.app.conftest import PAGES, comparison_tables, markdown_tables, run_app


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
    court = next(tb for tb in markdown_tables(at) if escape_markdown(t("court.col.court", lang)) in tb.columns)
    assert len(court) == 5
    cells = " ".join(str(v) for v in court.to_numpy().ravel())
    assert escape_markdown(t("court.by.press_paraphrase", lang)) in cells
    assert "Avesta" in cells and escape_markdown(t("court.col.as_of", lang)) in court.columns


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_compare_has_the_courts_row_and_its_detail_names_the_source(lang):
    at = run_app(PAGES["compare"], lang=lang, states="RU,KZ,UZ", attr="court_classification")
    assert not at.exception
    table = comparison_tables(at)[0]
    assert escape_markdown(t("compare.row.court_classification", lang)) in list(table.index)  # Markdown: escaped
    texts = [x.value for x in at.text]
    assert sum(t("court.col.category", lang) in x for x in texts) == 2, "RU and KZ: the Court's group"
    kb = load_knowledge_base()
    source = kb.sources["avesta-2026-03-05-court-opinion"]
    title = source.title_en if lang == "en" and source.title_en else source.title
    assert sum(title in x for x in texts) == 2, "each EAEU cell names its source"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_instrument_detail_shows_the_encoding_decision_and_the_date_note(lang):
    at = run_app(PAGES["instruments"], lang=lang, instrument="by-tm-medcare-memorandum-2014")
    assert not at.exception
    texts = [x.value for x in at.text]
    assert t("instruments.encoding.encoded", lang) in texts
    assert any(x.startswith("• ") and "by-tm-emergency" in x for x in texts)
    assert f"**{t('instruments.encoding', lang)}**" in [m.value for m in at.markdown]
    at = run_app(PAGES["instruments"], lang=lang, instrument="cis-roundtable-2024-02-01")
    texts = [x.value for x in at.text]
    assert t("instruments.encoding.not_encoded", lang) in texts
    assert any(x.startswith(t("instruments.date_note", lang, note="")) for x in texts)


def test_a_related_link_chooses_that_record_and_changes_the_link():
    # the filter shows events only: the statement it links to is not among them, so the filters clear
    at = run_app(PAGES["instruments"], lang="en", instrument="cis-roundtable-2024-02-01", types="event")
    assert _by_key(at, "selectbox", "ins-pick").value == "cis-roundtable-2024-02-01"
    link = _by_key(at, "button", "ins-related-cis-execcom-statement-2024-02-01")
    link.click().run()
    assert not at.exception and not at.warning
    assert _by_key(at, "selectbox", "ins-pick").value == "cis-execcom-statement-2024-02-01"
    assert _param(at, "instrument") == "cis-execcom-statement-2024-02-01" and _param(at, "types") is None
    # and back: the statement links to the round table, within the same (now unfiltered) list
    _by_key(at, "button", "ins-related-cis-roundtable-2024-02-01")
    _by_key(at, "button", "ins-related-cis-draft-health-insurance-agreement").click().run()
    assert _param(at, "instrument") == "cis-draft-health-insurance-agreement"


def test_the_scenario_links_to_the_round_table_with_its_source():
    at = run_app(PAGES["scenarios"], lang="en", scenario="cis-vhi-recognition")
    assert not at.exception
    links = [p.proto for p in at.get("page_link") if "instrument=" in p.proto.query_string]
    assert "instrument=cis-roundtable-2024-02-01" in links[0].query_string and links[0].page == "instruments"
    assert "Round table" in links[0].label or "round table" in links[0].label
    kb = load_knowledge_base()
    title = kb.sources["embassylife-2024-02-02-roundtable"].title
    assert any(title in c.value and "2 Feb 2024" in c.value for c in at.caption), "its source and as-of beside it"
