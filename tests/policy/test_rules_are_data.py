import json
import re

from .conftest import ROOT, run_cli

CASE = ["resolve", "--host", "RU", "--origin", "KG", "--person", "spouse", "--status", "contract",
        "--residence", "stay", "--care", "primary", "--date", "2026-06-01", "--json"]


def test_editing_a_rule_in_yaml_changes_the_cli_answer(data_copy):
    before = json.loads(run_cli(*CASE, data=data_copy).stdout)
    path = data_copy / "entitlements" / "ru.yaml"
    text = path.read_text(encoding="utf-8")
    start = text.index("- id: ru-paid-eaeu-family\n")
    end = text.index("\n- id:", start)
    block = (
        text[start:end]
        .replace("level: paid", "level: insured")
        .replace("payer: household", "payer: host_insurance_fund")
    )
    path.write_text(text[:start] + block + text[end:], encoding="utf-8")
    after = json.loads(run_cli(*CASE, data=data_copy).stdout)
    assert before["level"] == "paid"
    assert after["level"] == "insured"
    assert "ru-paid-eaeu-family" in after["rules"]


def test_no_state_code_or_instrument_id_is_a_literal_in_policy(kb):
    codes = set(kb.states)
    ids = set(kb.instruments) | {r.id for r in kb.rules} | set(kb.scenarios)
    for path in sorted((ROOT / "policy").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        for literal in re.findall(r"""["']([^"'\n]{2,80})["']""", text):
            assert literal not in codes, f"{path.name}: state code {literal!r} written as a literal"
            assert literal not in ids, f"{path.name}: data id {literal!r} written as a literal"
