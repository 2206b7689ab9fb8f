"""Briefs page: renders in both languages, reads its brief from the link and writes choices back."""

from __future__ import annotations

import pytest

from components.i18n import t
from tests.app.conftest import PAGES, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def _param(at, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_host_brief_renders(lang):
    at = run_app(PAGES["briefs"], lang=lang)
    assert not at.exception
    assert at.title[0].value == t("page.briefs.title", lang)
    texts = [x.value for x in at.text]
    assert any(x.startswith(t("brief.title.host", lang, host="").split(":")[0] or "") for x in texts)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[:2] == [t("brief.download.html", lang), t("brief.download.pdf", lang)]
    # then each preview chart's PNG/SVG/CSV/Plotly JSON and each table's CSV/XLSX
    assert set(labels[2:]) == {t(f"download.{k}", lang) for k in ("png", "svg", "csv", "json", "xlsx")}


def test_corridor_brief_from_the_link():
    at = run_app(PAGES["briefs"], lang="ru", brief="corridor", host="RU", origin="KG")
    assert not at.exception
    assert _by_key(at, "selectbox", "brief-origin").value == "KG"
    assert "Кыргызстан → Россия: медицинская помощь трудящимся-мигрантам и членам их семей" in [
        x.value for x in at.text
    ]


def test_changing_the_host_updates_the_link():
    at = run_app(PAGES["briefs"], lang="en")
    _by_key(at, "selectbox", "brief-host").set_value("KZ").run()
    assert not at.exception
    assert _param(at, "host") == "KZ"
    assert _param(at, "brief") == "host"
    assert any(x.value.startswith("Kazakhstan: ") for x in at.text)


def test_same_host_and_origin_is_a_message():
    at = run_app(PAGES["briefs"], lang="en", brief="corridor", host="RU", origin="RU")
    assert not at.exception
    assert [w.value for w in at.warning] == [t("brief.same_state", "en")]


def test_bad_brief_kind_falls_back_with_a_notice():
    at = run_app(PAGES["briefs"], lang="en")
    at.query_params["brief"] = "<b>x</b>"
    at.run()
    assert not at.exception
    assert at.warning and any("<b>x</b>" in x.value for x in at.text)
