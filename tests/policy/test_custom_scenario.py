"""User scenarios: built from toggles, downloaded as YAML, uploaded back; bad files refused, data untouched."""

from __future__ import annotations

import datetime as dt

import pytest

from policy.custom_scenario import (
    MAX_UPLOAD_BYTES,
    UPLOAD_FILE,
    ScenarioBuildError,
    ScenarioFileError,
    build_scenario,
    parse_scenario,
    scenario_yaml,
    with_scenario,
)
from policy.engine import matrix

DAY = dt.date(2026, 6, 1)
RULE = "ru-paid-eaeu-family"


def test_build_download_upload_round_trip_changes_the_answers(kb) -> None:
    scenario = build_scenario(kb, "Families insured", "Семьи застрахованы", levels={RULE: "insured"})
    back = parse_scenario(kb, scenario_yaml(scenario))
    assert back == scenario
    copy = with_scenario(kb, back)
    base, alt = matrix(kb, DAY), matrix(copy, DAY, back.id)
    changed = base["level"].fillna("") != alt["level"].fillna("")  # no level on both sides is no change
    assert changed.any()
    assert set(alt.loc[changed, "host"]) == {"RU"}
    assert back.id not in kb.scenarios  # the shared knowledge base is untouched


def test_switching_a_rule_off(kb) -> None:
    scenario = build_scenario(kb, "No RU paid rule", "", removed=[RULE])
    assert [c.op for c in scenario.changes] == ["remove"] and scenario.name.ru == "No RU paid rule"
    assert parse_scenario(kb, scenario_yaml(scenario)) == scenario


@pytest.mark.parametrize("removed, levels, reason, rules", [
    ([], {}, "changes_nothing", ()),
    ([], {RULE: "paid"}, "changes_nothing", ()),
    (["no-such-rule"], {}, "unknown_rules", ("no-such-rule",)),
])
def test_a_scenario_that_changes_nothing_or_names_unknown_rules_is_refused(kb, removed, levels, reason, rules) -> None:
    """With a reason a page can word in its reader's language (the English message was shown in Russian)."""
    with pytest.raises(ScenarioBuildError) as info:
        build_scenario(kb, "x", "x", removed=removed, levels=levels)
    assert info.value.reason == reason and info.value.rules == rules
    assert isinstance(info.value, ValueError) and str(info.value)  # the command line's English message


def test_a_changed_levels_note_names_the_level_in_words_of_each_language(kb) -> None:
    change = next(c for c in build_scenario(kb, "x", "x", levels={RULE: "insured"}).changes if c.op == "replace")
    note = change.rule.note
    assert kb.label("level", "insured", "en") in note.en
    assert f"«{kb.label('level', 'insured', 'ru')}»" in note.ru and "insured" not in note.ru


@pytest.mark.parametrize("data, expected", [
    (b"\xff\xfe", "not UTF-8"),
    (b"id: [unclosed", "not valid YAML"),
    (b"- 1\n- 2\n", "expected one scenario"),
    (b"!!python/object/apply:os.system ['echo hi']", "YAML"),
    (b"id: x-y\nname: {en: a, ru: b}\n", "required field is missing"),
    (b"x" * (MAX_UPLOAD_BYTES + 1), "larger than"),
])
def test_bad_files_give_a_clear_message(kb, data: bytes, expected: str) -> None:
    with pytest.raises(ScenarioFileError) as info:
        parse_scenario(kb, data)
    assert any(expected in p for p in info.value.problems), info.value.problems


def test_references_are_cross_checked(kb) -> None:
    scenario = build_scenario(kb, "Refs", "Refs", removed=[RULE])
    text = scenario_yaml(scenario).decode().replace(f"id: {RULE}", "id: no-such-rule")
    with pytest.raises(ScenarioFileError) as info:
        parse_scenario(kb, text.encode())
    assert any("no baseline rule 'no-such-rule'" in p for p in info.value.problems)


def test_a_predefined_id_cannot_be_overwritten(kb) -> None:
    scenario = build_scenario(kb, "Mine", "Mine", removed=[RULE])
    text = scenario_yaml(scenario).decode().replace(f"id: {scenario.id}", f"id: {next(iter(kb.scenarios))}", 1)
    with pytest.raises(ScenarioFileError) as info:
        parse_scenario(kb, text.encode())
    assert "predefined" in info.value.problems[0]


def _accession(state: str, group: str, instruments: str) -> bytes:
    return f"""
id: my-accession
name: {{en: "An accession", ru: "Присоединение"}}
description: {{en: "d", ru: "о"}}
proposed_by: {{en: "me", ru: "я"}}
status: hypothetical
memberships:
  - state: {state}
    group: {group}
    instruments: [{instruments}]
sources: [kun-2020-12-11-uz-eaeu-observer]
as_of: 2026-11-23
""".encode()


@pytest.mark.parametrize("state,group,instruments,message", [
    ("XX", "eaeu", "eaeu-treaty-2014", "memberships[0].state"),
    ("KG", "eaeu", "eaeu-treaty-2014", "already a member of eaeu"),
    ("TJ", "eaeu", "no-such-treaty", "unknown instrument 'no-such-treaty'"),
    ("TJ", "eaeu", "ru-326fz-oms", "is a national law"),
    ("TJ", "nato", "eaeu-treaty-2014", "memberships[0].group': Input should be"),
])
def test_an_uploaded_accession_is_checked(kb, state, group, instruments, message) -> None:
    with pytest.raises(ScenarioFileError) as error:
        parse_scenario(kb, _accession(state, group, instruments))
    assert any(message in problem for problem in error.value.problems), error.value.problems


def test_an_uploaded_accession_changes_only_its_state(kb) -> None:
    scenario = parse_scenario(kb, _accession("TJ", "eaeu", "eaeu-treaty-2014, eaeu-annex30"))
    copy = with_scenario(kb, scenario)
    base, alt = matrix(kb, DAY), matrix(copy, DAY, scenario.id)
    changed = (base["level"].fillna("") != alt["level"].fillna("")) | (base["applicable"] != alt["applicable"])
    assert changed.any()
    touched = alt.loc[changed]
    assert ((touched.host == "TJ") | (touched.origin == "TJ")).all()


# Files that once crashed the reader: libyaml's composer recursed in C until the process died (the
# whole server with it), or Python ran out of recursion, or an integer had too many digits. Read in a
# child process, so a crash fails this test instead of ending the test run.
DEEP_FILES = {
    "flow sequences": "[" * 30000 + "]" * 30000,
    "flow mappings": "{a: " * 8000 + "1" + "}" * 8000,
    "block sequences on one line": "- " * 30000 + "x",
    "indented mappings": "".join(" " * i + "a:\n" for i in range(300)) + " " * 300 + "a: 1\n",
    "a 5,000-digit number": "id: x\nsize: " + "9" * 5000 + "\n",
}
_READ_EACH = """
import json, sys
from policy import load_knowledge_base
from policy.custom_scenario import ScenarioFileError, parse_scenario
kb = load_knowledge_base()
for name, text in json.load(sys.stdin).items():
    try:
        parse_scenario(kb, text.encode())
    except ScenarioFileError as problem:
        print(name, "|", problem.problems[0])
    else:
        print(name, "| read")
"""


def test_files_nested_too_deep_are_refused_with_a_message_not_a_crash() -> None:
    import json
    import subprocess
    import sys
    from pathlib import Path

    assert all(len(text.encode()) <= MAX_UPLOAD_BYTES for text in DEEP_FILES.values())  # all can be uploaded
    done = subprocess.run([sys.executable, "-c", _READ_EACH], input=json.dumps(DEEP_FILES), capture_output=True,
                          text=True, cwd=Path(__file__).parents[2], timeout=120)
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    answers = dict(line.split(" | ", 1) for line in done.stdout.splitlines())
    assert set(answers) == set(DEEP_FILES)
    for name, answer in answers.items():
        expected = "cannot be read" if "number" in name else "nested deeper than 64 levels"
        assert answer.startswith(UPLOAD_FILE) and expected in answer, (name, answer)
