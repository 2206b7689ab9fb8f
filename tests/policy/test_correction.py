"""A correction note applied with `git apply` to a copy of data/ passes `policy check`, and
`resolve` then reflects the new value (issue 14)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest

from policy import load_knowledge_base
from policy.correction import CorrectionError, correction_note

from .conftest import DATA, run_cli

TODAY = dt.date(2026, 12, 5)  # the app makes the note on the day the reader asks; here: last_checked


@pytest.fixture()
def data_tree(tmp_path):
    """A copy of data/ inside a folder that `git apply` runs in (paths are data/...)."""
    shutil.copytree(DATA, tmp_path / "data", ignore=shutil.ignore_patterns("releases"))
    return tmp_path


def _apply(root, diff: str) -> None:
    done = subprocess.run(["git", "apply", "--verbose", "-"], cwd=root, input=diff, text=True,
                          capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_a_rule_level_correction_applies_validates_and_changes_the_answer(data_tree):
    note = correction_note("ru-paid-eaeu-family", "level", "voluntary", "Письмо Минздрава о ДМС для семей",
                           "https://example.org/letter", what_is_wrong="families can buy VHI", today=TODAY,
                           data_dir=data_tree / "data")
    assert note.file == "data/entitlements/ru.yaml"
    assert "+  level: voluntary" in note.diff and "data/sources/corrections.yaml" in note.diff
    assert "Proposed: level: voluntary" in note.summary and "Record: ru-paid-eaeu-family" in note.summary
    _apply(data_tree, note.diff)
    check = run_cli("check", data=data_tree / "data")
    assert check.returncode == 0, check.stderr
    kb = load_knowledge_base(data_tree / "data")
    rule = kb.rules_by_id["ru-paid-eaeu-family"]
    # a rule may be low only with an open question: it keeps its confidence, cites the new source
    assert rule.level == "voluntary" and note.source_id in rule.sources
    source = kb.sources[note.source_id]
    assert source.accessed == TODAY and source.confidence == "low" and source.note_ru
    assert source.url == "https://example.org/letter" and source.language == "ru"
    done = run_cli("resolve", "--host", "RU", "--origin", "KG", "--person", "spouse", "--status", "contract",
                   "--residence", "stay", "--care", "primary", "--date", "2026-06-01", data=data_tree / "data")
    answer = json.loads(done.stdout)
    assert answer["level"] == "voluntary" and "ru-paid-eaeu-family" in answer["rules"]


def test_a_nested_date_correction_marks_only_that_fact(data_tree):
    # a reader says Kyrgyzstan joined on 6 August after all: the membership fact changes, cites the
    # new source with low confidence; resolve on 2015-08-08 then sees Annex 30
    note = correction_note("KG", "memberships[0].valid_from", "2015-08-06", "EEC press release",
                           "https://eec.eaeunion.org/news/kg", today=TODAY, data_dir=data_tree / "data")
    _apply(data_tree, note.diff)
    assert run_cli("check", data=data_tree / "data").returncode == 0
    kb = load_knowledge_base(data_tree / "data")
    membership = kb.states["KG"].memberships[0]
    assert membership.valid_from == dt.date(2015, 8, 6) and membership.confidence == "low"
    assert membership.source == note.source_id
    assert kb.states["KG"].memberships[1].confidence == "medium"  # the CIS membership is untouched
    assert "KG" in kb.members("eaeu", dt.date(2015, 8, 8))


def test_a_second_note_appends_to_the_corrections_file(data_tree):
    first = correction_note("eaeu-accession-kg", "summary.en", "Kyrgyzstan joined on 12 Aug 2015.", "A", "https://a.example/x",
                            today=TODAY, data_dir=data_tree / "data")
    _apply(data_tree, first.diff)
    second = correction_note("eaeu-accession-kg", "in_force", "2015-08-12", "B", "https://b.example/y",
                             today=TODAY, data_dir=data_tree / "data")
    assert "new file mode" not in second.diff
    _apply(data_tree, second.diff)
    kb = load_knowledge_base(data_tree / "data")
    inst = kb.instruments["eaeu-accession-kg"]
    assert inst.summary.en == "Kyrgyzstan joined on 12 Aug 2015." and inst.confidence == "low"
    assert {first.source_id, second.source_id} <= set(inst.sources)


def test_a_note_against_an_older_release_diffs_that_version():
    with pytest.raises(CorrectionError, match="no record"):
        correction_note("no-such-record", "level", "free", "t", "https://x.example", today=TODAY)
    old = correction_note("am-uhi-eaeu-worker", "level", "paid", "UHIF", "https://uhif.am/en/insurance",
                          data_version="2026.11.4", today=TODAY)
    assert "Data version: 2026.11.4" in old.summary and "-  level: insured" in old.diff


@pytest.mark.parametrize("field, url, message", [
    ("no_such_field", "https://x.example", "no field"),
    ("basis", "https://x.example", "structure"),
    ("level", "ftp://x", "http"),
])
def test_bad_requests_get_a_clear_reason(field, url, message):
    with pytest.raises(CorrectionError, match=message):
        correction_note("ru-paid-eaeu-family", field, "free", "t", url, today=TODAY)
