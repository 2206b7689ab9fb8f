"""Interface strings in English and Russian (pure: no Streamlit).

Pure (no Streamlit): the catalogue lives in `locales/*.yaml`, one file per page or topic, each key
with its English and Russian text side by side. `components.i18n.current_lang()` reads the URL.
Catalogue strings are ours (trusted); never interpolate data or URL text into Markdown/HTML here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from policy.models import MONTHS_EN, date_in_lang

LANGS: tuple[str, ...] = ("en", "ru")
DEFAULT_LANG = "en"

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"


def _load_catalog(folder: Path) -> dict[str, dict[str, str]]:
    """Read every `locales/*.yaml` (key -> {en, ru}) into {lang: {key: text}}; a key twice is an error."""
    from policy.strict_yaml import load_file

    catalog: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for path in sorted(folder.glob("*.yaml")):
        data, _ = load_file(path)
        for key, texts in (data or {}).items():
            if key in catalog[DEFAULT_LANG]:
                raise ValueError(f"{path.name}: key {key!r} is defined twice")
            for lang in LANGS:
                catalog[lang][key] = texts.get(lang, "") if isinstance(texts, dict) else ""
    return catalog


CATALOG: Mapping[str, Mapping[str, str]] = _load_catalog(LOCALES_DIR)


def resolve_lang(value: object) -> str:
    """The language for a raw query-parameter value: 'en' or 'ru', anything else gives the default."""
    if isinstance(value, str) and value.strip().lower() in LANGS:
        return value.strip().lower()
    return DEFAULT_LANG


def fmt_date(day: dt.date, lang: str) -> str:
    """A date as its readers write it: 23.11.2026 in Russian, 23 Nov 2026 in English (the same as the
    dates the engine writes into its explanations: `policy.models.date_in_lang`)."""
    return date_in_lang(day, lang)


def fmt_partial_date(value: str, lang: str) -> str:
    """A date the data may give to the month or the year only ("2026-11-05", "2026-11", "2026") as its
    readers write it: 05.11.2026, 11.2026, 2026 in Russian; 5 Nov 2026, Nov 2026, 2026 in English.
    Any other text is returned as it is."""
    parts = value.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return value
    try:
        day = dt.date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except ValueError:
        return value
    if len(parts) == 3:
        return fmt_date(day, lang)
    if len(parts) == 2:
        return f"{day.month:02d}.{day.year}" if lang == "ru" else f"{MONTHS_EN[day.month - 1]} {day.year}"
    return str(day.year)


def fmt_number(value: float, lang: str, decimals: int | None = None) -> str:
    """12 345,6 in Russian (non-breaking space, decimal comma), 12,345.6 in English."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    text = f"{value:,.{decimals}f}"
    if lang == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def plural_form(value: float) -> str:
    """The form a Russian noun takes after ``value``: "one" (1, 21 сом), "few" (2–4, 22 сома; a
    fraction too: 1,5 сома) or "many" (0, 5–20, 25 сомов)."""
    if not float(value).is_integer():
        return "few"
    n = abs(int(value))
    if n % 10 == 1 and n % 100 != 11:
        return "one"
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return "few"
    return "many"


def currency_name(code: str, value: float, lang: str) -> str:
    """The currency after an amount of ``value``: its ISO code in English, its word in Russian in the
    form the number takes (locales/currency.yaml); a code the catalogue lacks stays as it is."""
    key = f"currency.{code}.{plural_form(value) if lang == 'ru' else 'many'}"
    return t(key, lang) if key in CATALOG[DEFAULT_LANG] else code


def _localised(value: object, lang: str) -> object:
    if isinstance(value, bool):
        return value
    if isinstance(value, dt.date):
        return fmt_date(value, lang)
    if isinstance(value, (int, float)):
        return fmt_number(value, lang)
    return value


def text_if_any(key: str, lang: str) -> str | None:
    """The string for `key` in `lang` (or English), or None where the catalogue has none: for the
    headers a table has a text for, and leaves as they are otherwise."""
    text = t(key, lang)
    return None if text == key else text


def t(key: str, lang: str, **fmt: object) -> str:
    """The string for `key` in `lang` (falls back to English, then to the key itself).

    Dates and numbers passed as values are written in the language's own format."""
    text = CATALOG.get(lang, {}).get(key) or CATALOG[DEFAULT_LANG].get(key) or key
    return text.format(**{k: _localised(v, lang) for k, v in fmt.items()}) if fmt else text
