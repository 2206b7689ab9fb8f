"""The English-prose detector of the Russian-text browser test (tests/russian_text.py) can fail, and
the view layer gives every data text in Russian (with the marker where a release has English only)."""

from __future__ import annotations

import datetime as dt

import pytest

from explorer.i18n import t
from policy import load_knowledge_base
from policy.migrations import ENGLISH_ONLY_MARKER
from tests.russian_text import ALLOWED, english_runs, exempt_phrases, find_english, is_word


@pytest.fixture(scope="module")
def kb():
    return load_knowledge_base()


# --- the detector ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "emergency and urgent (ambulance) care clause",  # a legal basis's note, left in English
        "Скачать: Download plot as a PNG",
        "Источник: Минздрав (reproduction, English machine translation)",
        "РВП / temporary residence permit (разрешение на временное проживание)",
        "Skip to main content",
        "Follow-up draft",
    ],
)
def test_english_prose_is_found(text: str) -> None:
    assert english_runs(text), text
    assert find_english([("here", text)], []), text


@pytest.mark.parametrize(
    "text",
    [
        "Право по источникам не новее 20.03.2026; версия данных 2026.12.1",
        "ОМС, ДМС, OMS, VHI, CSV, XLSX, PDF, KZ, RU",  # acronyms and codes are not words
        "Основание: eaeu-treaty-2014 (ст. 96); cis-vhi-recognition; legal_text",  # identifiers
        "https://www.example.org/some/long/path?with=query words",  # URLs
        "Скачать PNG · SVG",
        "Протокол (приложение № 30) — ст. 96",
        "Word",  # one Latin word is not prose
    ],
)
def test_russian_text_passes(text: str) -> None:
    assert english_runs(text) == [], english_runs(text)


def test_titles_and_publishers_of_sources_are_exempt_and_nothing_else(kb) -> None:
    exempt = exempt_phrases(kb)
    english_titles = [s.title for s in kb.sources.values() if len(english_runs(s.title))]
    assert english_titles, "the data has English titles (the exemption is exercised)"
    title = english_titles[0]
    assert find_english([("bibliography", f"Источник: {title}")], exempt) == []
    # the same title with one English word of ours next to it is still found, and named with its place
    found = find_english([("bibliography", f"{title} translated here")], exempt)
    assert [(f.phrase, f.where) for f in found] == [("translated here", "bibliography")]
    # a publisher's name is exempt as a whole word only
    assert set(ALLOWED) <= set(exempt)


def test_a_finding_names_the_string_and_where_it_was_found() -> None:
    found = find_english([("/coverage?lang=ru · cov-heatmap (chart hover)", "ОМС — planned care under VHI")], [])
    assert len(found) == 1
    assert "planned care under" in str(found[0]) and "cov-heatmap (chart hover)" in str(found[0])


def test_words_and_not_words() -> None:
    assert is_word("care") and is_word("Care,") and is_word("Follow-up")
    assert not any(is_word(w) for w in ("OMS", "of", "ст.", "eaeu-annex30", "cis-vhi-recognition", "2026", "ОМС"))


# --- the view layer in Russian ------------------------------------------------------------------------


def test_every_legal_basis_and_data_text_is_russian_in_the_russian_views(kb) -> None:
    from explorer.charts.coverage_heatmap import cells
    from explorer.views.coverage import basis_lines, corridor_grid, coverage_grid, grid_table
    from explorer.views.instruments import instrument_detail
    from policy import make_case, resolve

    exempt = exempt_phrases(kb)
    day = kb.last_checked
    texts: list[tuple[str, str]] = []
    for care in ("primary", "emergency", "childbirth"):
        grid = coverage_grid(kb, day, "spouse", "auto", "stay", care)
        names = kb.state_names("ru")
        texts += [(f"heatmap {care} {r['row']}-{r['col']}", r["basis"])
                  for r in cells(grid, "host", "origin", names, names, kb, "ru")]
        texts += [(f"coverage table {care}", b) for b in grid_table(grid, ["host", "basis"], "ru")["basis"]]
    for host, origin in (("RU", "KG"), ("KZ", "UZ"), ("AM", "RU")):
        corridor = corridor_grid(kb, day, host, origin, "contract", "stay")
        texts += [(f"corridor table {host}-{origin}", b) for b in grid_table(corridor, ["basis"], "ru")["basis"]]
        answer = resolve(kb, make_case(kb, host=host, origin=origin, person="spouse", status="contract",
                                       residence="stay", care="primary", date=day))
        texts += [(f"cell detail {host}-{origin}", line) for line in basis_lines(kb, answer.basis, "ru")]
    from explorer.views.compare import compare_states

    rows = compare_states(kb, list(kb.states), day, "ru", origin="KG")
    texts += [(f"compare {key} {code}", cell.text) for key, cells in rows.items() for code, cell in cells.items()]
    texts += [(f"compare {key} {code} basis", cell.detail or "") for key, cells in rows.items()
              for code, cell in cells.items() if key != "instruments_in_force"]
    for iid in kb.instruments:
        detail = instrument_detail(kb, iid, day, "ru")
        texts += [(f"instrument {iid} name", name) for _, name in detail["names"]]
        texts += [(f"instrument {iid} article", a["ref"]) for a in detail["articles"]]
    found = find_english(texts, exempt)
    assert not found, "\n".join(map(str, found[:40]))


def test_the_english_view_keeps_the_english_articles(kb) -> None:
    from explorer.views.coverage import corridor_grid, grid_table

    corridor = corridor_grid(kb, kb.last_checked, "RU", "KG", "contract", "stay")
    assert grid_table(corridor, ["basis"], "en")["basis"].tolist() == corridor["basis"].tolist()
    assert grid_table(corridor, ["basis"], "ru")["basis"].tolist() == corridor["basis_ru"].tolist()


def test_an_old_release_shows_its_english_only_texts_with_the_marker() -> None:
    from explorer.views.coverage import basis_lines
    from policy import make_case, resolve
    from policy.releases import load_release, release_versions

    old = next(v for v in release_versions(None) if v.startswith("2026.11"))
    released = load_release(old)
    answer = resolve(released, make_case(released, host="RU", origin="KG", person="spouse", status="contract",
                                         residence="stay", care="emergency", date=released.meta.as_of))
    lines = basis_lines(released, answer.basis, "ru")
    with_article = [line for line in lines if " — " in line]
    assert with_article and all(ENGLISH_ONLY_MARKER.strip() in line for line in with_article)
    english = find_english([("old release", line) for line in lines], exempt_phrases(released))
    assert english, "the English behind the marker is still English (the browser test would see it)"
    assert all(ENGLISH_ONLY_MARKER.strip() in f.context for f in english)


# --- the "law as last known" notice ---------------------------------------------------------------------


def test_the_notice_compares_with_sources_up_to_not_last_checked(kb) -> None:
    from explorer.views.common import law_notice

    assert kb.sources_up_to < kb.last_checked
    assert law_notice(kb, kb.sources_up_to, "en") is None
    between = kb.sources_up_to + dt.timedelta(days=1)
    assert between <= kb.last_checked  # a date before last_checked but after the newest source
    for lang in ("en", "ru"):
        assert law_notice(kb, between, lang) == t("common.after_as_of", lang, as_of=kb.sources_up_to,
                                                  checked=kb.last_checked)


def test_meeting_slides_show_the_notice(kb) -> None:
    from explorer import meeting

    for step in range(1, meeting.step_count(kb) + 1):
        late = meeting.slide(kb, step, kb.last_checked, "ru")
        assert late.notice == t("common.after_as_of", "ru", as_of=kb.sources_up_to, checked=kb.last_checked)
        assert meeting.slide(kb, step, kb.sources_up_to, "ru").notice == ""


def test_widget_texts_cover_what_the_browser_test_met() -> None:
    from explorer.widget_texts import script, table

    data = table()
    assert data["exact"]["Skip to main content"] and data["exact"]["Show/hide columns"]
    assert ["^Help for (.+?)$", "Справка: $1"] in data["patterns"]
    assert data["months"]["December"] == "декабря"
    text = script()
    assert text.startswith("<script>") and text.count("</script>") == 1  # the data cannot close the tag
