"""Dates and numbers as a link, the API or the command line write them: plain ASCII, one form each.

Python's own readers accept more than a person means: ``date.fromisoformat`` reads ISO week dates
(``2026-W01-1`` is 29 December 2025), and ``float`` and ``int`` read other scripts' digits (``٣``,
``５``), underscores (``1_000``) and ``inf``. A value that reaches the engine by one of those forms
would answer a question nobody asked, so every outside reader goes through these.
"""

from __future__ import annotations

import datetime as dt
import re

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
WHOLE_NUMBER = re.compile(r"[0-9]{1,9}")


def iso_day(text: str) -> dt.date:
    """``YYYY-MM-DD`` in ASCII digits (surrounding spaces allowed); ValueError otherwise."""
    value = text.strip()
    if not ISO_DAY.fullmatch(value):
        raise ValueError(f"not a date YYYY-MM-DD: {text!r}")
    return dt.date.fromisoformat(value)


def plain_number(text: str) -> float:
    """A decimal number in ASCII digits (``12``, ``-0.5``, ``1e3``); ValueError otherwise."""
    value = text.strip()
    if not PLAIN_NUMBER.fullmatch(value):
        raise ValueError(f"not a number: {text!r}")
    return float(value)


def whole_number(text: str) -> int:
    """A whole number from 0 in ASCII digits, at most 9 of them; ValueError otherwise."""
    value = text.strip()
    if not WHOLE_NUMBER.fullmatch(value):
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)
