"""Wording the reader sees, as the pages draw it: plain titles (no repository paths or commands), no
developer jargon or English words in the Russian view, labels that say what a number is."""

from __future__ import annotations

import re

import pytest

from components.i18n import t
from tests.app.conftest import PAGES, open_folds, run_app

LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_corridor_tables_fold_has_a_plain_title_and_names_the_command_in_its_caption(lang):
    at = open_folds(run_app(PAGES["scenarios"], lang=lang, scenario="ru-entry-vhi", date="2026-11-01"),
                    "imp-corridors-fold")
    assert not at.exception
    title = t("impact.table.corridors", lang)
    assert any(e.label == title for e in at.expander)
    for jargon in ("tests/", "golden", "python", "`"):
        assert jargon not in title
    captions = [c.value for c in at.caption]
    assert t("impact.table.corridors.caption", lang) in captions
    assert any("python -m policy impact" in c for c in captions)  # analysts still find the command


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_correction_form_says_where_to_send_the_note_without_readme_or_english_words(lang):
    at = open_folds(run_app(PAGES["instruments"], lang=lang, instrument="eaeu-accession-kg"), "ins-fix-fold")
    assert not at.exception
    intro = t("correction.intro", lang)
    assert intro in [c.value for c in at.caption]
    assert "README" not in intro  # a file in the repository, which the reader never sees
    if lang == "ru":
        assert not LATIN_WORD.findall(intro), "no English word (such as 'issue') in the Russian text"
        assert "задач" in intro


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_overviews_cards_read_as_sentences(lang):
    """The third card ended "…whatever their citizenship among the ten." / "…каким бы ни было их
    гражданство из десяти."; the first card's caption read "Оценка — см., как она получена."."""
    at = run_app(PAGES["overview"], lang=lang)
    assert not at.exception
    texts = " ".join(x.value for x in at.text)
    for garbled in ("among the ten", "из десяти"):
        assert garbled not in texts
    assert ("any of the other states" if lang == "en" else "из любого другого из этих государств") in texts
    captions = [c.value for c in at.caption]
    assert t("overview.estimate", lang) in captions
    assert "см.," not in t("overview.estimate", lang)
    assert ("see below" if lang == "en" else "см. ниже") in t("overview.estimate", lang)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_comparisons_rows_say_their_unit_once_and_write_currencies_as_the_page_does(lang):
    """"Personal remittances received, share of GDP, % of GDP"; and in Russian the contributions row
    wrote "1 840 KGS" beside a row (the data's text) writing "11 910 сомов"."""
    from tests.app.conftest import comparison_tables

    at = run_app(PAGES["compare"], lang=lang, states="RU,KZ,KG,AM", date="2026-06-01")
    assert not at.exception
    table = comparison_tables(at)[0]
    gdp = "GDP" if lang == "en" else "ВВП"
    labels = [label for label in table.index if gdp in label]
    assert labels  # remittances, a share of GDP
    for label in labels:
        assert label.count(gdp) == 1 and label.endswith(", %"), label
    contributions = table.at[t("compare.row.contributions", lang), "Kyrgyzstan" if lang == "en" else "Кыргызстан"]
    if lang == "en":
        assert "1,840 KGS" in contributions
    else:
        assert "1\u00a0840 сомов" in contributions and "KGS" not in contributions


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_scenarios_proposer_and_the_impacts_worker_count_read_properly(lang):
    """"Proposed by Kyrgyz Republic" (no article) / «Предложил(а): Кыргызская Республика» (a gendered verb
    for a state); "workers from the latest recent stock figure"."""
    at = run_app(PAGES["scenarios"], lang=lang, scenario="ru-oms-eaeu-families", date="2026-11-01")
    assert not at.exception
    texts = [x.value for x in at.text]
    proposer = "Proposed by: Kyrgyz Republic" if lang == "en" else "Автор предложения: Кыргызская Республика"
    assert any(x.startswith(proposer) for x in texts), texts
    assert not any("Предложил" in x for x in texts)
    intro = t("impact.intro", lang)
    assert intro in [c.value for c in at.caption]
    assert "latest recent" not in intro and "последней свежей" not in intro


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_sidebar_labels_the_data_version(lang):
    """"…05.12.2026 · 2026.12.2": the version, unlabelled after two dates, read as a third date."""
    from policy import load_knowledge_base

    version = load_knowledge_base().meta.data_version
    at = run_app(PAGES["overview"], lang=lang)
    assert not at.exception
    line = next(c.value for c in at.sidebar.caption if version in c.value)
    assert ("data version " if lang == "en" else "версия данных ") + version in line
    assert f"· {version}" not in line


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_national_in_their_own_state_is_told_the_app_does_not_model_it(lang):
    """«…его обеспечение инструмент не моделирует»: «инструмент» (and "tool") reads as a legal
    instrument in an app about treaties; the note names the app."""
    from policy import load_knowledge_base

    note = load_knowledge_base().message("note_host_is_origin", lang)
    at = run_app(PAGES["coverage"], lang=lang, host="RU", origin="RU")
    assert not at.exception
    assert note in [x.value for x in at.text]
    assert ("this app" if lang == "en" else "это приложение") in note
    assert "инструмент" not in note and "tool" not in note


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_coverage_pages_description_names_the_states_as_its_pickers_do(lang: str) -> None:
    """The Russian description said «государство пребывания, государство происхождения» above pickers
    named «Страна трудоустройства» and «Страна гражданства»."""
    described = t("page.coverage.description", lang).lower()
    assert t("coverage.host", lang).lower() in described and t("coverage.origin", lang).lower() in described
