"""The interface-string catalogue and the `lang` parameter."""

from __future__ import annotations

import string

import pytest

from components.i18n import CATALOG, DEFAULT_LANG, LANGS, resolve_lang, t


def test_languages_have_the_same_keys() -> None:
    assert set(CATALOG) == set(LANGS)
    for lang in LANGS:
        assert set(CATALOG[lang]) == set(CATALOG[DEFAULT_LANG]), lang


def test_same_placeholders_in_every_language() -> None:
    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in CATALOG[DEFAULT_LANG].items():
        for lang in LANGS:
            assert fields(CATALOG[lang][key]) == fields(text), (lang, key)


def test_no_empty_strings() -> None:
    for lang in LANGS:
        assert all(v.strip() for v in CATALOG[lang].values()), lang


@pytest.mark.parametrize(
    "value,expected",
    [("en", "en"), ("ru", "ru"), (" RU ", "ru"), ("fr", "en"), ("", "en"), (None, "en"), (["ru"], "en")],
)
def test_resolve_lang(value, expected: str) -> None:
    assert resolve_lang(value) == expected


def test_t_falls_back_to_english_then_key() -> None:
    assert t("page.compare.title", "xx") == CATALOG["en"]["page.compare.title"]
    assert t("no.such.key", "ru") == "no.such.key"
    assert t("data.as_of", "en", date="2026-01-01") == "Data as of 2026-01-01"


def test_dates_and_numbers_in_the_readers_format() -> None:
    import datetime as dt

    from components.i18n import fmt_date, fmt_number

    assert fmt_date(dt.date(2026, 3, 4), "ru") == "04.03.2026"
    assert fmt_date(dt.date(2026, 3, 4), "en") == "4 Mar 2026"
    assert fmt_number(379000, "ru") == "379\u00a0000"
    assert fmt_number(379000, "en") == "379,000"
    assert fmt_number(5.1, "ru") == "5,1"
    assert t("data.as_of", "ru", date=dt.date(2026, 11, 23)) == "Данные на 23.11.2026"


def test_a_currency_after_an_amount_is_its_code_in_english_and_its_word_in_russian() -> None:
    from explorer.i18n import currency_name
    from policy import load_knowledge_base

    assert [currency_name("KGS", n, "ru") for n in (1, 2, 5, 11, 21, 22, 1840, 11910, 1.5)] == [
        "сом", "сома", "сомов", "сомов", "сом", "сома", "сомов", "сомов", "сома"]
    assert currency_name("KGS", 1840, "en") == "KGS" and currency_name("KZT", 5950, "ru") == "тенге"
    assert currency_name("XXX", 3, "ru") == "XXX"  # a code the catalogue lacks stays as it is
    for state in load_knowledge_base().states.values():  # every state's currency has its Russian word
        assert currency_name(state.currency, 5, "ru") != state.currency, state.currency


def test_every_literal_key_in_the_code_is_in_the_catalogue() -> None:
    """t("some.key", ...) with a key the catalogue lacks would show the raw key on the page."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    missing = []
    for path in [root / "app.py", *sorted((root / "pages").glob("*.py")), *sorted((root / "components").glob("*.py"))]:
        for key in re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']""", path.read_text(encoding="utf-8")):
            if key not in CATALOG[DEFAULT_LANG]:
                missing.append(f"{path.name}: {key}")
    assert missing == []


RAW_KEY = __import__("re").compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$")


def _visible_strings(at) -> list[str]:
    strings = []
    for kind in ("title", "header", "subheader", "markdown", "text", "caption", "info", "warning", "error", "success"):
        strings += [str(e.value) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "text_input", "date_input", "toggle", "button", "select_slider"):
        strings += [str(e.label) for e in getattr(at, kind)]
    strings += [str(m.label) for m in at.metric]
    strings += [str(e.label) for e in at.expander]
    strings += [str(b.proto.label) for b in at.get("download_button")]
    return strings


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "page", ["overview", "compare", "instruments", "coverage", "family", "scenarios", "briefs", "sources"]
)
def test_no_page_shows_a_raw_key(page: str, lang: str) -> None:
    from tests.app.conftest import PAGES, run_app

    at = run_app(PAGES[page], lang=lang)
    assert not at.exception
    shown = _visible_strings(at)
    assert shown, "the page showed nothing"
    raw = [s for s in shown if RAW_KEY.match(s.strip()) or s.strip() in CATALOG[DEFAULT_LANG]]
    assert raw == []
