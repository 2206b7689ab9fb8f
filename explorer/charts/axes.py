"""Date axes written in the reader's language: Streamlit loads no Plotly locale, so month names on a
date axis would stay English. Tick labels are made here (years, or months in the view's language)."""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "ru": ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"),
}


def date_ticks(start: dt.date, end: dt.date, lang: str, most: int = 8) -> tuple[list[str], list[str]]:
    """Tick positions (ISO dates) and labels for a date axis from ``start`` to ``end``: whole years
    when the span is long, otherwise months named in ``lang``."""
    months = (end.year - start.year) * 12 + end.month - start.month
    if months > 24:
        years = list(range(start.year + (1 if start > dt.date(start.year, 1, 1) else 0), end.year + 1))
        step = max(1, -(-len(years) // most))
        kept = years[::step]
        return [f"{y}-01-01" for y in kept], [str(y) for y in kept]
    names = MONTHS.get(lang, MONTHS["en"])
    values: list[str] = []
    labels: list[str] = []
    step = max(1, -(-max(months, 1) // most))
    y, m = start.year, start.month
    n = 0
    while (y, m) <= (end.year, end.month):
        if n % step == 0:
            values.append(f"{y}-{m:02d}-01")
            labels.append(f"{names[m - 1]} {y}" if m == 1 or not labels else names[m - 1])
        n += 1
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return values, labels
