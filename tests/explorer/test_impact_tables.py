"""The Scenarios page's impact tables in the reader's language (explorer/views/impact.py): every
column of the per-corridor table and of the figures-used table has a header in English and Russian,
and what they hold is in words; the files keep the ids and column names."""

from __future__ import annotations

import re

import pytest

from explorer.i18n import LANGS
from explorer.views.impact import corridor_headers, corridor_table, parameters_table
from policy.impact import golden_table, impact

LATIN = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def result(kb):
    return impact(kb, kb.meta.as_of, kb.meta.default_view.scenario)


@pytest.mark.parametrize("lang", LANGS)
def test_every_corridor_column_has_a_header(kb, result, lang):
    columns = list(golden_table(result).columns)
    headers = corridor_headers(columns, kb, lang)
    assert set(headers) == set(columns), sorted(set(columns) - set(headers))
    assert len(set(headers.values())) == len(columns)  # no two columns read alike
    for column, header in headers.items():
        assert header != column and "{" not in header and "impact." not in header, (column, header)
        if lang == "ru":
            assert not LATIN.search(header.replace("USD", "")), (column, header)


def test_the_patterned_headers_say_which_bound_and_series(kb):
    en = corridor_headers(["family_lacking_scenario_high", "family_lacking_childbirth_baseline",
                           "family_gap_cost_usd_low", "spouse_central"], kb, "en")
    assert en["family_lacking_scenario_high"] == "Family members without cover, scenario (high estimate)"
    assert "childbirth" in en["family_lacking_childbirth_baseline"].lower()
    assert "law in force" in en["family_lacking_childbirth_baseline"]
    assert en["family_gap_cost_usd_low"] == "Cost of the gap, USD (low estimate)"
    assert en["spouse_central"].endswith("(central estimate)")


@pytest.mark.parametrize("lang", LANGS)
def test_the_corridor_table_reads_in_words(kb, result, lang):
    raw = golden_table(result)
    shown = corridor_table(raw, kb, lang)
    scenario = kb.scenarios[kb.meta.default_view.scenario]
    assert set(shown["scenario"]) == {scenario.name.in_lang(lang)}
    assert not set(shown["workers_measure"]) & {"stock", "flow", "patents"}
    payers = {p for text in raw["scenario_payers"] for p in str(text).split()}
    assert payers and not payers & {p for text in shown["scenario_payers"] for p in str(text).split(", ")}
    assert list(shown.columns) == list(raw.columns) and len(shown) == len(raw)
    assert raw["scenario"].iloc[0] == scenario.id  # the file's table keeps the ids


@pytest.mark.parametrize("lang", LANGS)
def test_the_figures_used_read_in_words(kb, result, lang):
    raw = result.parameters
    shown, headers = parameters_table(raw, kb, lang)
    assert set(headers) == set(raw.columns)
    assert not set(shown["figure"]) & set(kb.figures)  # names, not ids
    assert "sourced" not in set(shown["kind"])
    if lang == "ru":
        assert not any(LATIN.search(text) for text in shown["kind"])
    assert set(raw["figure"]) <= set(kb.figures)
