""""Suggest a correction" through the view layer (explorer/correction.py): what each detail view
offers, the reader's bad input as a one-line reason in their language, and a note made this way that,
applied with `git apply` to a copy of data/, passes `policy check` and changes what the app answers."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from explorer.correction import (
    Target,
    compare_offers,
    coverage_offers,
    field_label,
    instrument_offers,
    make_note,
    summary_in,
)
from explorer.i18n import CATALOG, t
from explorer.views.overview import court_classifications
from policy import load_knowledge_base, resolve
from policy.correction import CorrectionError
from policy.engine import Case

from .conftest import DATA, run_cli

D = dt.date


@pytest.fixture()
def tree(tmp_path):
    """A copy of data/ inside a folder that `git apply` runs in (the diff's paths are data/...)."""
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("releases"))
    return tmp_path


def _target(kb, root=None) -> Target:
    return Target(kb.meta.data_version, kb.meta.data_version, root / "data" if root else None)


def _apply(root, diff: str) -> None:
    done = subprocess.run(["git", "apply", "--verbose", "-"], cwd=root, input=diff, text=True, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr


SPOUSE_IN_RU = Case("RU", "KG", "spouse", "contract", "stay", "primary", D(2026, 6, 1))


def test_a_coverage_cells_note_applies_passes_check_and_changes_the_answer(kb, tree):
    answer = resolve(kb, SPOUSE_IN_RU)
    offers = coverage_offers(kb, answer, "RU", "en", _target(kb, tree))
    rule = answer.rules[0]
    level = next(o for o in offers if o.key == f"{rule}:level")
    assert level.kind == "choice" and level.current == answer.level and "voluntary" in level.choices
    note = make_note(offers, level.key, "voluntary", "Письмо Минздрава о ДМС для семей", "https://example.org/letter",
                     "families can buy VHI", _target(kb, tree), "en", today=kb.meta.last_checked)
    _apply(tree, note.diff)
    check = run_cli("check", data=tree / "data")
    assert check.returncode == 0, check.stdout + check.stderr
    done = run_cli("resolve", "--host", "RU", "--origin", "KG", "--person", "spouse", "--status", "contract",
                   "--residence", "stay", "--care", "primary", "--date", "2026-06-01", data=tree / "data")
    assert json.loads(done.stdout)["level"] == "voluntary"
    fixed = load_knowledge_base(tree / "data")
    assert note.source_id in fixed.rules_by_id[rule].sources and fixed.sources[note.source_id].confidence == "low"


def test_a_compare_facts_note_applies_and_the_view_shows_the_new_value(kb, tree):
    offers = compare_offers(kb, "court_classification", ["RU", "KZ", "UZ"], kb.meta.last_checked, "UZ", "ru",
                            _target(kb, tree))
    assert {o.record_id for o in offers} == {"RU", "KZ"}, "the Court classified EAEU members only"
    whose = next(o for o in offers if o.key == "KZ:court_classification.wording_by")
    assert whose.shown == t("court.by.press_paraphrase", "ru")
    note = make_note(offers, whose.key, "court", "Консультативное заключение Суда ЕАЭС по делу Р-7/25",
                     "https://courteurasian.org/court_cases/eaeu/P-7.25/", "", _target(kb, tree), "ru",
                     today=kb.meta.last_checked)
    _apply(tree, note.diff)
    assert run_cli("check", data=tree / "data").returncode == 0
    fixed = load_knowledge_base(tree / "data")
    court = fixed.states["KZ"].court_classification
    assert court.wording_by == "court" and court.confidence == "low" and court.source == note.source_id
    row = court_classifications(fixed, fixed.meta.last_checked, "en").set_index("state").loc["KZ"]
    assert t("court.by.court", "en") in row["court"] and row["source_id"] == note.source_id


def test_an_instruments_date_note_applies_and_passes_check(kb, tree):
    offers = instrument_offers(kb, "cis-roundtable-2024-02-01", "en", _target(kb, tree))
    assert {"signed", "in_force", "status", "date_note.en", "date_note.ru", "summary.ru"} <= {o.field for o in offers}
    assert not any(o.field.startswith("parties[") for o in offers), "its parties are written inline: not offered"
    note = make_note(offers, "cis-roundtable-2024-02-01:date_note.en", "Held on 1 February 2024 (the year is in "
                     "the Executive Committee's own report).", "CIS Executive Committee news",
                     "https://cis.minsk.by/news/roundtable", "the year is known", _target(kb, tree), "en",
                     today=kb.meta.last_checked)
    _apply(tree, note.diff)
    assert run_cli("check", data=tree / "data").returncode == 0
    fixed = load_knowledge_base(tree / "data").instruments["cis-roundtable-2024-02-01"]
    assert fixed.date_note.en.startswith("Held on 1 February 2024") and fixed.confidence == "low"


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("field, value, title, url, reason", [
    ("level", "voluntary", "A letter", "", "no_url"),
    ("level", "voluntary", "A letter", "javascript:alert(1)", "url"),
    ("level", "voluntary", "A letter", "https://x.example/<script>", "url"),
    ("level", "voluntary", "A letter", "ftp://x.example/a", "url"),
    ("level", "voluntary", "", "https://x.example/a", "no_title"),
    ("no_such_field", "voluntary", "A letter", "https://x.example/a", "field"),
    ("level", "expensive", "A letter", "https://x.example/a", "choice"),
    ("level", "", "A letter", "https://x.example/a", "empty_value"),
    ("valid_from", "1 Jan 2017", "A letter", "https://x.example/a", "date"),
    ("valid_from", "2017-02-30", "A letter", "https://x.example/a", "date"),
])
def test_bad_input_gives_one_line_in_the_readers_language(kb, lang, field, value, title, url, reason):
    rule = "ru-paid-eaeu-family"
    offers = coverage_offers(kb, resolve(kb, SPOUSE_IN_RU), "RU", lang, _target(kb))
    with pytest.raises(CorrectionError) as raised:
        make_note(offers, f"{rule}:{field}", value, title, url, "", _target(kb), lang)
    message = str(raised.value)
    assert "\n" not in message and message.split(":")[0] == t(f"correction.error.{reason}", lang).split(":")[0]


def test_the_same_value_is_not_a_correction(kb):
    offers = instrument_offers(kb, "eaeu-accession-kg", "en", _target(kb))
    with pytest.raises(CorrectionError, match="already"):
        make_note(offers, "eaeu-accession-kg:in_force", "2015-08-12", "t", "https://x.example", "", _target(kb), "en")


def test_every_offered_field_is_named_in_both_languages(kb):
    target = _target(kb)
    offers = [*instrument_offers(kb, "eaeu-treaty-2014", "en", target),
              *coverage_offers(kb, resolve(kb, SPOUSE_IN_RU), "RU", "en", target)]
    for row in ("health_model", "court_classification", "scheme", "fund", "contributions", "memberships",
                "foreigners", "family_members", "emergency", "spouse_primary", "instruments_in_force"):
        offers += compare_offers(kb, row, ["RU", "KZ", "TM"], kb.meta.last_checked, "UZ", "en", target)
    names = {part.split("[")[0] for o in offers for part in o.field.split(".")}
    for name in names:
        for lang in ("en", "ru"):
            assert CATALOG[lang].get(f"correction.field.{name}"), (name, lang)
    assert field_label("parties[1].valid_from", "ru") == "Участник 2 › С"
    assert compare_offers(kb, "instruments_in_force", ["RU", "KZ"], kb.meta.last_checked, "UZ", "en", target) == []


def test_an_older_data_version_is_offered_and_diffed_as_it_was(kb):
    # a link pinned to release 2026.11.4: the fields offered are those the record has in that release
    target = Target("2026.11.4", kb.meta.data_version)
    answer = resolve(kb, Case("AM", "KG", "worker", "contract", "stay", "primary", D(2026, 6, 1)))
    offers = coverage_offers(kb, answer, "AM", "en", target)
    level = next(o for o in offers if o.field == "level")
    note = make_note(offers, level.key, "paid" if level.current != "paid" else "free", "UHIF",
                     "https://uhif.am/en/insurance", "", target, "en", today=kb.meta.last_checked)
    assert "Data version: 2026.11.4" in note.summary


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_a_dates_offer_reads_as_the_readers_language_writes_it_and_the_note_keeps_iso(kb, lang):
    """The Russian form offered 'СНГ: охрана здоровья (1992) · Подписан: 1992-06-26'."""
    inst = next(i for i in kb.instruments.values() if i.signed)
    signed = next(o for o in instrument_offers(kb, inst.id, lang, _target(kb)) if o.field == "signed")
    assert signed.kind == "date" and signed.current == inst.signed.isoformat()  # the note's terms stay ISO
    written = {"en": f"{inst.signed.day} {inst.signed.strftime('%b')} {inst.signed.year}",
               "ru": inst.signed.strftime("%d.%m.%Y")}[lang]
    assert signed.shown == written and signed.label.endswith(f"{t('correction.field.signed', lang)}: {written}")


def test_the_russian_summary_is_labelled_in_russian_with_the_english_original(kb):
    offers = coverage_offers(kb, resolve(kb, SPOUSE_IN_RU), "RU", "ru", _target(kb))
    note = make_note(offers, "ru-paid-eaeu-family:level", "voluntary", "Письмо", "https://example.org/l", "",
                     _target(kb), "ru", today=kb.meta.last_checked)
    text = summary_in(note, "ru")
    assert text.startswith("Исправление для Coverage Explorer") and "Версия данных:" in text
    assert text.endswith(note.summary) and summary_in(note, "en") == note.summary
