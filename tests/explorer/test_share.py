"""Share: the link's public base (never loopback), pinning, citations in both languages, QR code."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest

from explorer.share import citation, public_base_url, qr_png, qr_svg, share_link, valid_base_url


@pytest.mark.parametrize("configured,request_url,lan,expected", [
    ("https://coverage.example.org/", "http://127.0.0.1:8501/x", "10.0.0.5", "https://coverage.example.org"),
    ("https://example.org/app/", None, None, "https://example.org/app"),
    (None, "http://192.168.1.20:8501/coverage?x=1", None, "http://192.168.1.20:8501"),
    (None, "http://127.0.0.1:8501/", "192.168.1.20", "http://192.168.1.20:8501"),
    (None, "http://localhost:8501/", None, None),
    (None, "http://[::1]:8501/", None, None),
    ("javascript:alert(1)", "http://0.0.0.0:8501/", None, None),
    ("ftp://x.org", None, "10.1.1.1", "http://10.1.1.1:8501"),
])
def test_public_base_is_never_loopback(configured, request_url, lan, expected) -> None:
    assert public_base_url(configured, request_url, 8501, lan) == expected


def test_base_url_refuses_queries_and_fragments() -> None:
    assert valid_base_url("https://x.org/?a=1") is None and valid_base_url("https://x.org/#f") is None


def test_link_carries_the_state_and_the_pin() -> None:
    link = share_link("https://x.org", "coverage", {"v": "1", "lang": "ru", "dv": "old"}, "2026.11.3")
    parts = urlsplit(link)
    assert parts.path == "/coverage" and parse_qs(parts.query) == {"v": ["1"], "lang": ["ru"], "dv": ["2026.11.3"]}
    assert "dv=" not in share_link("https://x.org", "", {"dv": "old"}, None)


@pytest.mark.parametrize(
    "lang,words", [("en", ["Data version", "accessed"]), ("ru", ["Версия данных", "дата обращения"])]
)
def test_citations_name_version_as_of_and_link(kb, lang, words) -> None:
    short = citation(kb, "View", "https://x.org/v", dt.date(2026, 11, 23), lang)
    full = citation(kb, "View", "https://x.org/v", dt.date(2026, 11, 23), lang, long=True)
    for text in (short, full):
        assert kb.meta.data_version in text and "https://x.org/v" in text and all(w in text for w in words)
    assert short in full and getattr(kb.meta.licence, lang) in full and f"({kb.meta.as_of.year})" in full
    assert ("23.11.2026" if lang == "ru" else "23 Nov 2026") in short
    # both dates (issue 14), as the page shows them
    from explorer.i18n import fmt_date

    assert fmt_date(kb.sources_up_to, lang) in short and fmt_date(kb.last_checked, lang) in short


def test_qr_codes_are_made_locally() -> None:
    assert qr_png("https://x.org/coverage?v=1").startswith(b"\x89PNG")
    assert qr_svg("https://x.org").lstrip().startswith("<svg")
