import pytest

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
