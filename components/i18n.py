"""Interface strings in English and Russian, and the language chosen by the URL (`?lang=en|ru`).

`t(key, lang)` is pure (no Streamlit) so it can be unit-tested and the catalogue can later move to
YAML files without touching callers. Only `current_lang()` reads Streamlit's query parameters.
Catalogue strings are ours (trusted); never interpolate data or URL text into Markdown/HTML here.
"""

from __future__ import annotations

from typing import Mapping

LANGS: tuple[str, ...] = ("en", "ru")
DEFAULT_LANG = "en"

CATALOG: Mapping[str, Mapping[str, str]] = {
    "en": {
        "app.title": "Coverage Explorer",
        "app.tagline": "Medical-care entitlements of migrant workers and their families in EAEU/CIS states",
        "nav.heading": "Pages",
        "nav.language": "Language",
        "lang.en": "English",
        "lang.ru": "Русский",
        "page.overview.title": "Overview",
        "page.overview.description": "Headline findings: who is covered for what, where, and since when.",
        "page.compare.title": "Compare",
        "page.compare.description": "Compare states side by side for one worker or family member.",
        "page.instruments.title": "Instruments",
        "page.instruments.description": "Treaties, agreements and national laws, with their dates and parties.",
        "page.coverage.title": "Coverage",
        "page.coverage.description": "Coverage matrix by host state, origin state, person and type of care.",
        "page.sources.title": "Sources",
        "page.sources.description": "Every source the data relies on, with its publisher and access date.",
        "placeholder": "This page is being built.",
        "data.as_of": "Data as of {date}",
        "data.error.title": "The knowledge base in data/ did not validate ({count} problem(s)). The app cannot start until they are fixed:",
    },
    "ru": {
        "app.title": "Coverage Explorer",
        "app.tagline": "Право трудящихся-мигрантов и членов их семей на медицинскую помощь в государствах ЕАЭС и СНГ",
        "nav.heading": "Разделы",
        "nav.language": "Язык",
        "lang.en": "English",
        "lang.ru": "Русский",
        "page.overview.title": "Обзор",
        "page.overview.description": "Главные выводы: кто, где, на какую помощь и с какого времени имеет право.",
        "page.compare.title": "Сравнение",
        "page.compare.description": "Сравнение государств для одного работника или члена семьи.",
        "page.instruments.title": "Правовые акты",
        "page.instruments.description": "Договоры, соглашения и национальные законы: даты и участники.",
        "page.coverage.title": "Охват",
        "page.coverage.description": "Матрица охвата: государство пребывания, государство происхождения, лицо и вид помощи.",
        "page.sources.title": "Источники",
        "page.sources.description": "Все источники данных: издатель и дата обращения.",
        "placeholder": "Раздел в разработке.",
        "data.as_of": "Данные на {date}",
        "data.error.title": "База знаний в data/ не прошла проверку (проблем: {count}). Приложение не запустится, пока они не исправлены:",
    },
}


def resolve_lang(value: object) -> str:
    """The language for a raw query-parameter value: 'en' or 'ru', anything else gives the default."""
    if isinstance(value, str) and value.strip().lower() in LANGS:
        return value.strip().lower()
    return DEFAULT_LANG


def t(key: str, lang: str, **fmt: object) -> str:
    """The string for `key` in `lang` (falls back to English, then to the key itself)."""
    text = CATALOG.get(lang, {}).get(key) or CATALOG[DEFAULT_LANG].get(key) or key
    return text.format(**fmt) if fmt else text


def current_lang() -> str:
    """The language picked by the URL's `lang` query parameter (default 'en')."""
    import streamlit as st

    return resolve_lang(st.query_params.get("lang"))
