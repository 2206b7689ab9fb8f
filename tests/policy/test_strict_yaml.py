from pathlib import Path

import pytest
import yaml

from policy import strict_yaml
from policy.strict_yaml import YamlProblem, load_text


def test_dates_stay_text_and_plain_types_parse():
    data, _ = load_text("a: 2015-01-01\nb: true\nc: 5\nd: 5.5\ne: null\nf: 'NO'\n")
    assert data == {"a": "2015-01-01", "b": True, "c": 5, "d": 5.5, "e": None, "f": "NO"}


@pytest.mark.parametrize("text", ["code: NO\n", "x: yes\n", "x: Off\n", "- {a: on}\n", "on: 1\n"])
def test_yaml11_booleans_are_refused(text):
    with pytest.raises(YamlProblem, match="YAML 1.1 reads it as a boolean") as info:
        load_text(text)
    assert info.value.line == 1


def test_quoted_yaml11_words_are_text():
    data, _ = load_text("code: 'NO'\nanswer: \"yes\"\n")
    assert data == {"code": "NO", "answer": "yes"}


def test_duplicate_keys_are_refused_with_both_lines():
    with pytest.raises(YamlProblem, match=r"duplicate key 'id' \(first at line 1\)") as info:
        load_text("id: a\nname: x\nid: b\n")
    assert info.value.line == 3


def test_nested_duplicate_keys_are_refused():
    with pytest.raises(YamlProblem, match="duplicate key 'en'"):
        load_text("- note: {en: a, en: b}\n")


def test_syntax_error_has_a_line():
    with pytest.raises(YamlProblem, match="not valid YAML") as info:
        load_text("a: [1, 2\nb: 3\n")
    assert info.value.line is not None


def test_record_lines_are_recorded():
    data, lines = load_text("- id: a\n  x: 1\n- id: b\n")
    assert lines[id(data[0])] == 1 and lines[id(data[1])] == 3


# --- libyaml's parser reads exactly what PyYAML's own reads -----------------------------------------

ROOT = Path(__file__).resolve().parents[2]
MALFORMED = ["a: 1\na: 2\n", "a: NO\n", "a: 'x\nb: 2\n", "a:\n\t- 1\n", "a: [1, 2\n", "- a\nb: 1\n", "a: b: c\n",
             "a: 1\n  b: 2\n", "key: @x\n", "a: &x 1\nb: *y\n", "a: !!python/object:os.system x\n", "a: 1\n---\nb: 2\n",
             "- {a: on}\n", "a:\n  - b: 1\n    b: 2\n"]


def _lines_in_order(data, lines: dict[int, int]) -> list[int | None]:
    out: list[int | None] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            out.append(lines.get(id(value)))
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    return out


def _outcome(text: str, loader) -> tuple:
    try:
        data, lines = load_text(text, loader)
    except YamlProblem as problem:
        return ("refused", problem.message, problem.line)
    return ("read", data, _lines_in_order(data, lines))


def test_the_default_reader_is_libyamls() -> None:
    assert yaml.__with_libyaml__ and strict_yaml.LOADER is not strict_yaml._Loader  # PyPI's PyYAML has it


@pytest.mark.parametrize("path", sorted({*ROOT.glob("data/**/*.yaml"), *ROOT.glob("tests/**/*.yaml")}),
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_reads_every_file_as_pyyaml_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _outcome(text, strict_yaml.LOADER) == _outcome(text, strict_yaml._Loader)


@pytest.mark.parametrize("text", MALFORMED)
def test_refusals_are_pyyamls_whichever_parser_reads(text: str) -> None:
    """Same refusal, same message, same line (a syntax error is read again by PyYAML's parser: its
    messages name the character they found)."""
    fast = _outcome(text, strict_yaml.LOADER)
    assert fast[0] == "refused" and fast == _outcome(text, strict_yaml._Loader)
