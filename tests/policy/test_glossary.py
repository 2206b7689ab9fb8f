"""The glossary: every entry is complete and sourced, and terms are found where they appear."""

from __future__ import annotations

import pytest

from policy.glossary import explain, terms_in

REQUIRED = {"oms", "osms", "vhi", "rvp", "vnzh", "patent"}


def test_glossary_has_the_terms_users_meet(kb) -> None:
    assert REQUIRED <= set(kb.vocabulary.glossary)
    for term_id, entry in kb.vocabulary.glossary.items():
        assert entry.term.en and entry.term.ru and entry.definition.en and entry.definition.ru, term_id
        assert all(sid in kb.sources for sid in entry.sources), term_id


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Family members are not insured under OMS.", ["oms"]),
        ("Члены семьи не застрахованы в системе ОМС.", ["oms"]),
        ("temporary residence permit", ["rvp"]),  # not also "residence permit"
        ("permanent residence permit", ["vnzh"]),
        ("a residence permit or a temporary residence permit", ["rvp", "vnzh"]),
        ("patent or work permit", ["patent"]),
        ("ROMS and COMSOL and patently", []),  # whole words only
        ("oms", []),  # abbreviations are case-sensitive
        ("VHI bought in the home state; OSMS in Kazakhstan", ["osms", "vhi"]),
        ("", []),
    ],
)
def test_terms_in(kb, text: str, expected: list[str]) -> None:
    assert sorted(terms_in(kb, text)) == sorted(expected)


def test_explain_names_the_term_in_the_language(kb) -> None:
    text = explain(kb, "ru", ["ДМС, купленный в стране гражданства"])
    assert text is not None and text.startswith("ДМС / VHI (добровольное медицинское страхование)")
    assert explain(kb, "en", ["a VHI policy"]).startswith("VHI / ДМС (")
    assert explain(kb, "en", ["nothing to explain here"]) is None


def test_every_vocabulary_label_with_a_term_is_explained(kb) -> None:
    """The labels users pick from (status, residence, VHI) carry the terms the glossary explains."""
    for lang in ("en", "ru"):
        assert terms_in(kb, getattr(kb.vocabulary.status["patent"].label, lang)) == ["patent"]
        assert terms_in(kb, getattr(kb.vocabulary.vhi["host"].label, lang)) == ["vhi"]
    assert terms_in(kb, kb.vocabulary.residence["temporary_permit"].label.en) == ["rvp"]
    assert terms_in(kb, kb.vocabulary.residence["permanent_permit"].label.ru) == ["vnzh"]
