"""Family page: the household comes from the link, edits go back into it, the answers are the engine's."""

from __future__ import annotations

from components.i18n import t
from tests.app.conftest import PAGES, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def _param(at, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def test_family_reads_the_household_from_the_link():
    at = run_app(PAGES["family"], lang="en", host="RU", origin="TJ", status="patent", years="6",
                 household="spouse~temporary_permit~none,child.19~stay~home")
    assert not at.exception
    assert _by_key(at, "selectbox", "fam-origin").value == "TJ"
    assert _by_key(at, "number_input", "fam-years").value == 6.0
    texts = [x.value for x in at.text]
    assert any(x.startswith("• Spouse:") for x in texts)
    assert any("aged 19" in x for x in texts)  # the adult child is flagged


def test_family_writes_its_choices_to_the_link():
    at = run_app(PAGES["family"], lang="ru")
    _by_key(at, "selectbox", "fam-origin").set_value("UZ").run()
    assert not at.exception
    assert _param(at, "origin") == "UZ"
    assert _param(at, "household") == "spouse~stay~none,child.5~stay~none"


def test_same_host_and_origin_is_a_message_not_a_traceback():
    at = run_app(PAGES["family"], lang="en", host="RU", origin="RU")
    assert not at.exception
    assert [w.value for w in at.warning] == [t("family.invalid", "en")]


def test_family_shows_what_would_change_it():
    at = run_app(PAGES["family"], lang="en", host="RU", origin="KG", status="contract")
    changes = [x.value for x in at.text if x.value.startswith("→ ")]
    assert any("temporary residence permit" in c and "spouse" in c for c in changes)


def test_bad_household_parameter_falls_back_with_a_notice():
    at = run_app(PAGES["family"], lang="en")
    at.query_params["household"] = "<img src=x onerror=alert(1)>~stay~none"
    at.run()
    assert not at.exception
    assert at.warning
    assert any("<img" in x.value for x in at.text)  # shown back as plain text only


def test_the_household_editor_holds_words_in_the_readers_language_and_the_link_keeps_codes():
    """The editor's cells are what a screen reader reads from its accessible table: labels, never the
    codes ("spouse", "stay") a format_func would only have drawn over; the link keeps the codes."""
    from policy import load_knowledge_base

    kb = load_knowledge_base()
    household = "spouse~temporary_permit~none,child.19~stay~home"
    at = run_app(PAGES["family"], lang="ru", host="RU", origin="TJ", household=household)
    assert not at.exception
    editor = _by_key(at, "dataframe", "fam-household").value
    assert editor["role"].tolist() == [kb.label("person", "spouse", "ru"), kb.label("person", "child", "ru")]
    assert editor["residence"].tolist() == [kb.label("residence", "temporary_permit", "ru"),
                                            kb.label("residence", "stay", "ru")]
    assert editor["vhi"].tolist() == [kb.label("vhi", "none", "ru"), kb.label("vhi", "home", "ru")]
    assert _param(at, "household") == household
    assert any(x.value.lower().startswith("• " + kb.label("person", "spouse", "ru").lower()) for x in at.text)
