""""Suggest a correction" on the pages: the reader fills the form and gets the note (shown as plain
text, two downloads); bad input is one plain-text line, never a traceback; nothing is written to data/."""

from __future__ import annotations

import pytest

from explorer.i18n import t
from explorer.plain_text import escape_markdown
from tests.app.conftest import PAGES, open_folds, run_app
from tests.policy.conftest import DATA

CORRECTIONS = DATA / "sources" / "corrections.yaml"


def _fill(at, key: str, field: str, value: str, title: str, url: str, what: str = ""):
    chooser = next(s for s in at.selectbox if s.key and s.key.startswith(f"{key}-field-"))
    chooser.set_value(field).run()
    value_box = next(w for w in [*at.text_input, *at.text_area, *at.selectbox]
                     if w.key and w.key.startswith(f"{key}-value-"))
    if hasattr(value_box, "input"):
        value_box.input(value)
    else:
        value_box.set_value(value)
    next(w for w in at.text_input if w.key == f"{key}-title").input(title)
    next(w for w in at.text_input if w.key == f"{key}-url").input(url)
    next(w for w in at.text_input if w.key == f"{key}-what").input(what)
    next(b for b in at.button if b.key and b.key.startswith(f"FormSubmitter:{key}-form")).click().run()
    return at


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_instrument_note_from_the_form(lang):
    existed = CORRECTIONS.exists()
    at = open_folds(run_app(PAGES["instruments"], lang=lang, instrument="eaeu-accession-kg"), "ins-fix-fold")
    _fill(at, "ins-fix", "eaeu-accession-kg:in_force", "2015-08-06", "EEC press release",
          "https://eec.eaeunion.org/news/kg", "the Commission announced 6 August")
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [t("correction.ready", lang)]
    summary = at.code[-1].value
    assert "Record: eaeu-accession-kg" in summary and "Proposed: in_force: 2015-08-06" in summary
    assert "EEC press release <https://eec.eaeunion.org/news/kg>" in summary
    labels = [b.proto.label for b in at.get("download_button")]
    assert t("correction.download_diff", lang) in labels and t("correction.download_summary", lang) in labels
    assert CORRECTIONS.exists() == existed, "the note is given to the reader, never written to data/"


def test_a_coverage_cells_note_and_a_compare_facts_note():
    at = open_folds(run_app(PAGES["coverage"], lang="en", host="RU", origin="KG", person="spouse",
                            status="contract", residence="stay", care="primary", date="2026-06-01"), "cov-fix-fold")
    _fill(at, "cov-fix", "ru-paid-eaeu-family:level", "voluntary", "A letter", "https://example.org/letter")
    assert not at.exception and not at.error and "Record: ru-paid-eaeu-family" in at.code[-1].value
    assert "Proposed: level: voluntary" in at.code[-1].value
    at = open_folds(run_app(PAGES["compare"], lang="ru", states="RU,KZ", attr="court_classification"), "cmp-fix-fold")
    _fill(at, "cmp-fix", "KZ:court_classification.wording_by", "court", "Заключение Суда ЕАЭС",
          "https://courteurasian.org/p-7-25")
    assert not at.exception and not at.error
    assert "Запись: KZ" in at.code[-1].value and "Поле: court_classification.wording_by" in at.code[-1].value


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("url, value, reason", [
    ("", "2015-08-06", "no_url"),
    ("javascript:alert(document.cookie)", "2015-08-06", "url"),
    ("https://x.example/a", "06.08.2015", "date"),
])
def test_bad_input_is_one_plain_line(lang, url, value, reason):
    at = open_folds(run_app(PAGES["instruments"], lang=lang, instrument="eaeu-accession-kg"), "ins-fix-fold")
    _fill(at, "ins-fix", "eaeu-accession-kg:in_force", value, "A title", url)
    assert not at.exception
    assert [e.value for e in at.error] == [escape_markdown(t(f"correction.error.{reason}", lang))]
    assert not at.success and not at.get("download_button") or all(
        b.proto.label != t("correction.download_diff", lang) for b in at.get("download_button"))
