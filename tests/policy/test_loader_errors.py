"""One test per kind of bad data file: the error names the file, the record and the field."""

import re
from pathlib import Path

import pytest

from policy import DataError, load_knowledge_base

from .conftest import run_cli


def _replace(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _errors(data: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        load_knowledge_base(data)
    return info.value.errors


def _one_matching(errors: list[str], pattern: str) -> str:
    hits = [e for e in errors if re.search(pattern, e)]
    assert hits, f"no error matches {pattern!r}; got: {errors}"
    return hits[0]


RULES = "entitlements/ru.yaml"


def test_the_shipped_data_is_valid(kb):
    assert len(kb.states) == 10


def test_duplicate_key(data_copy):
    _replace(data_copy / RULES, "  level: paid\n", "  level: paid\n  level: free\n")
    _one_matching(_errors(data_copy), r"^data/entitlements/ru\.yaml \(line \d+\): duplicate key 'level'")


def test_yaml11_boolean(data_copy):
    _replace(data_copy / RULES, "origin: [BY]", "origin: [NO]")
    _one_matching(_errors(data_copy), r"^data/entitlements/ru\.yaml \(line \d+\): ambiguous value 'NO'")


def test_unknown_field(data_copy):
    _replace(data_copy / RULES, "- id: ru-paid-foreigners\n", "- id: ru-paid-foreigners\n  colour: red\n")
    _one_matching(_errors(data_copy), r"record 'ru-paid-foreigners' \(line \d+\), field 'colour': unknown field")


def test_missing_field(data_copy):
    text = (data_copy / RULES).read_text(encoding="utf-8")
    start = text.index("- id: ru-paid-foreigners")
    block = text[start:]
    (data_copy / RULES).write_text(text[:start] + block.replace("  payer: household\n", "", 1), encoding="utf-8")
    _one_matching(_errors(data_copy), r"record 'ru-paid-foreigners'.*field 'payer': required field is missing")


def test_wrong_vocabulary_value(data_copy):
    text = (data_copy / RULES).read_text(encoding="utf-8")
    start = text.index("- id: ru-paid-foreigners")
    (data_copy / RULES).write_text(
        text[:start] + text[start:].replace("level: paid", "level: cheap", 1), encoding="utf-8"
    )
    _one_matching(_errors(data_copy), r"record 'ru-paid-foreigners'.*field 'level'")


def test_date_where_text_or_number_is_wrong(data_copy):
    _replace(data_copy / RULES, "valid_from: 2017-01-01", "valid_from: 1 January 2017")
    _one_matching(_errors(data_copy), r"record 'ru-oms-eaeu-workers'.*field 'valid_from': .*YYYY-MM-DD")


def test_impossible_calendar_date(data_copy):
    _replace(data_copy / RULES, "valid_from: 2017-01-01", "valid_from: 2017-02-30")
    _one_matching(_errors(data_copy), r"record 'ru-oms-eaeu-workers'.*field 'valid_from'.*not a real calendar date")


def test_dates_out_of_order(data_copy):
    _replace(data_copy / RULES, "  valid_to: 2025-11-28\n", "  valid_to: 2020-01-01\n")
    _one_matching(
        _errors(data_copy), r"record 'ru-oms-patent-3-years'.*end date 2020-01-01 is before start date 2023-01-01"
    )


def test_empty_russian_text(data_copy):
    text = (data_copy / RULES).read_text(encoding="utf-8")
    start = text.index("- id: ru-paid-foreigners")
    block = text[start:]
    ru_line = next(line for line in block.splitlines() if line.strip().startswith("ru: "))
    (data_copy / RULES).write_text(text[:start] + block.replace(ru_line, '    ru: " "', 1), encoding="utf-8")
    _one_matching(_errors(data_copy), r"record 'ru-paid-foreigners'.*field 'note\.ru': .*must not be empty")


def test_low_confidence_without_open_question(data_copy):
    _replace(data_copy / RULES, "  open_question: oq-ru-vhi-scope-family\n", "")
    _one_matching(_errors(data_copy), r"record 'ru-vhi-host-policy'.*must link an open_question")


def test_unknown_instrument_in_basis(data_copy):
    _replace(data_copy / RULES, "instrument: ru-by-medcare-2006,", "instrument: ru-by-medcare-2099,")
    _one_matching(
        _errors(data_copy),
        r"record 'ru-by-workers-equal'.*field 'basis\[0\]\.instrument': unknown instrument 'ru-by-medcare-2099'",
    )


def test_unknown_source(data_copy):
    _replace(data_copy / RULES, "sources: [slaidy-ru-by-medcare, prosmp-by-foreigners-care]", "sources: [nowhere-2099]")
    _one_matching(
        _errors(data_copy), r"record 'ru-by-workers-equal'.*field 'sources\[0\]': unknown source 'nowhere-2099'"
    )


def test_duplicate_id_across_files(data_copy):
    text = (data_copy / RULES).read_text(encoding="utf-8")
    start = text.index("- id: ru-paid-foreigners")
    (data_copy / "entitlements" / "zz-copy.yaml").write_text(text[start:], encoding="utf-8")
    _one_matching(
        _errors(data_copy),
        r"data/entitlements/zz-copy\.yaml: record 'ru-paid-foreigners'.*duplicate id .*already defined in data/entitlements/ru\.yaml",  # noqa: E501
    )


def test_file_that_is_not_a_list(data_copy):
    (data_copy / "entitlements" / "zz-map.yaml").write_text("id: x\n", encoding="utf-8")
    _one_matching(_errors(data_copy), r"data/entitlements/zz-map\.yaml: the file must be a YAML list")


@pytest.mark.parametrize("text", ["", "# the rules moved to ru.yaml\n"])
def test_a_file_with_no_records(data_copy, text):
    """An emptied file loaded as zero records: the problems then pointed at the files that cite them."""
    (data_copy / "entitlements" / "ru.yaml").write_text(text, encoding="utf-8")
    _one_matching(_errors(data_copy), r"^data/entitlements/ru\.yaml: the file holds no records")


def test_broken_yaml_syntax(data_copy):
    (data_copy / "entitlements" / "zz-broken.yaml").write_text("- id: [x\n", encoding="utf-8")
    _one_matching(_errors(data_copy), r"data/entitlements/zz-broken\.yaml \(line \d+\): not valid YAML")


def test_same_url_twice(data_copy):
    import yaml

    source_file = sorted((data_copy / "sources").glob("*.yaml"))[0]
    first = yaml.safe_load(source_file.read_text(encoding="utf-8"))[0]
    copy = {**first, "id": "zz-dup-" + first["id"][:60]}
    (data_copy / "sources" / "zz-dup.yaml").write_text(yaml.safe_dump([copy], allow_unicode=True), encoding="utf-8")
    _one_matching(_errors(data_copy), r"data/sources/zz-dup\.yaml: record 'zz-dup-.*field 'url': same URL as source")


def test_as_of_after_the_data_as_of(data_copy):
    _replace(data_copy / "meta.yaml", "last_checked: 2026-12-05", "last_checked: 2020-01-01")
    _one_matching(_errors(data_copy), r"field 'as_of': .* is after the data's as-of date 2020-01-01")


def test_state_with_no_rule_for_a_care_type(data_copy):
    for path in (data_copy / "entitlements").glob("*.yaml"):
        path.write_text("[]\n", encoding="utf-8")
    _one_matching(_errors(data_copy), r"no rule covers care 'emergency' in host RU")


def test_missing_single_file(data_copy):
    (data_copy / "vocabulary.yaml").unlink()
    _one_matching(_errors(data_copy), r"^data/vocabulary\.yaml: file is missing")


def test_vocabulary_missing_a_label(data_copy):
    _replace(data_copy / "vocabulary.yaml", "  parent: {label:", "  parents: {label:")
    errors = _errors(data_copy)
    _one_matching(errors, r"data/vocabulary\.yaml, field 'person\.parents")


def test_cli_check_reports_and_exits_1(data_copy):
    _replace(data_copy / RULES, "valid_from: 2017-01-01", "valid_from: soon")
    result = run_cli("check", data=data_copy, process=True)  # the real command: no traceback on its stderr
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert re.search(
        r"data/entitlements/ru\.yaml: record 'ru-oms-eaeu-workers' \(line \d+\), field 'valid_from'", result.stderr
    )


def test_cli_check_passes_on_shipped_data():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: ")


def test_a_law_source_accessed_after_the_last_check_is_refused_a_dataset_is_not(data_copy):
    """`last_checked` dates the last search for changes in the law: a source stating the law cannot be read
    after it; a dataset's definition (the reproductive ages, read later) may."""
    _replace(data_copy / "meta.yaml", "last_checked: 2026-12-05", "last_checked: 2026-12-07")
    errors = _errors_or_none(data_copy)
    assert not [e for e in errors if "sesric-sdg-3-7-1-reproductive-age" in e], errors  # a dataset, read on 12-08
    news = sorted((data_copy / "sources").glob("*.yaml"))[0]
    _replace(news, "accessed: 2026-03-15", "accessed: 2026-12-08")
    _one_matching(_errors(data_copy), r"field 'accessed': 2026-12-08 is after the data's as-of date 2026-12-07")


def _errors_or_none(data: Path) -> list[str]:
    try:
        load_knowledge_base(data)
    except DataError as problem:
        return problem.errors
    return []
