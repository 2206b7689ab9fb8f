"""Compare and Instruments pages: widgets read the link, write changes back, and show what they promise."""

from __future__ import annotations

import pytest

from components.i18n import t
from tests.app.conftest import PAGES, comparison_tables, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def _param(at, name: str):
    value = at.query_params.get(name)
    return value[0] if isinstance(value, list) else value


def _table(at):
    """The comparison table (one Markdown table): its cells' texts."""
    tables = comparison_tables(at)
    assert len(tables) == 1
    return tables[0]


def test_compare_reads_states_origin_and_date_from_the_link():
    at = run_app(PAGES["compare"], lang="en", states="RU,KZ,AM", origin="TJ", date="2020-06-01")
    assert not at.exception
    assert _by_key(at, "multiselect", "cmp-states").value == ["RU", "KZ", "AM"]
    assert _by_key(at, "selectbox", "cmp-origin").value == "TJ"
    assert list(_table(at).columns) == ["Russia", "Kazakhstan", "Armenia"]


def test_compare_writes_states_back_and_keeps_them_in_the_link():
    at = run_app(PAGES["compare"], lang="en")
    _by_key(at, "multiselect", "cmp-states").set_value(["BY", "AZ"]).run()
    assert not at.exception
    assert _param(at, "states") == "BY,AZ"
    assert list(_table(at).columns) == ["Belarus", "Azerbaijan"]


def test_compare_asks_for_two_states():
    at = run_app(PAGES["compare"], lang="ru", states="RU")
    assert not at.exception
    assert [w.value for w in at.warning] == [t("compare.pick_more", "ru", low=2, high=5)]
    assert comparison_tables(at) == []


def test_compare_only_differences_hides_equal_rows():
    full = run_app(PAGES["compare"], lang="en", states="RU,BY")
    diff = run_app(PAGES["compare"], lang="en", states="RU,BY", diff="1")
    assert _by_key(diff, "toggle", "cmp-diff").value is True
    rows_full, rows_diff = list(_table(full).index), list(_table(diff).index)
    assert 0 < len(rows_diff) < len(rows_full)
    assert t("compare.row.memberships", "en") in rows_full  # both EAEU and CIS members: equal
    assert t("compare.row.memberships", "en") not in rows_diff


def test_compare_shows_the_three_empty_kinds_differently():
    # KG as origin: the KG column's entitlement rows are "not applicable"; some indicators have no data.
    at = run_app(PAGES["compare"], lang="en", states="RU,KG,TM", origin="KG")
    values = _table(at).to_numpy().ravel().tolist()
    assert t("compare.not_applicable", "en") in values
    assert t("compare.no_data", "en") in values
    assert any(t("compare.no_entitlement", "en") in v for v in values)


def test_compare_detail_shows_each_states_source_and_as_of():
    at = run_app(PAGES["compare"], lang="ru", states="RU,KZ", attr="health_model")
    assert _by_key(at, "selectbox", "cmp-attr").value == "health_model"
    sources = [x.value for x in at.text if x.value.startswith("Источник:") and "Достоверность" in x.value]
    assert len(sources) == 2, "one source line, with as-of date, per state"
    assert len(at.get("link_button")) == 2


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_compare_table_downloads_as_csv_and_xlsx(lang: str):
    at = run_app(PAGES["compare"], lang=lang)
    assert [b.proto.label for b in at.get("download_button")] == [t("download.csv", lang), t("download.xlsx", lang)]


def test_instruments_filters_come_from_the_link():
    at = run_app(PAGES["instruments"], lang="en", types="treaty,court_opinion", statuses="in_force,advisory",
                 party="KG", date="2026-06-01")
    assert not at.exception
    assert _by_key(at, "multiselect", "ins-types").value == ["treaty", "court_opinion"]
    assert _by_key(at, "multiselect", "ins-statuses").value == ["in_force", "advisory"]
    assert _by_key(at, "selectbox", "ins-party").value == "KG"


def test_instruments_filter_narrows_the_list_and_goes_into_the_link():
    at = run_app(PAGES["instruments"], lang="en")
    everything = len(_by_key(at, "selectbox", "ins-pick").options)
    _by_key(at, "multiselect", "ins-types").set_value(["court_opinion"]).run()
    assert not at.exception
    assert _param(at, "types") == "court_opinion"
    assert 0 < len(_by_key(at, "selectbox", "ins-pick").options) < everything


def test_instruments_in_force_on_a_date():
    early = run_app(PAGES["instruments"], lang="en", inforce="1", date="2012-01-01")
    late = run_app(PAGES["instruments"], lang="en", inforce="1", date="2026-06-01")
    assert _by_key(early, "toggle", "ins-inforce").value is True
    assert len(_by_key(early, "selectbox", "ins-pick").options) < len(_by_key(late, "selectbox", "ins-pick").options)


def test_instruments_detail_shows_both_names_workers_family_and_sources():
    at = run_app(PAGES["instruments"], lang="en", instrument="eaeu-treaty-2014")
    assert not at.exception
    assert _by_key(at, "selectbox", "ins-pick").value == "eaeu-treaty-2014"
    texts = [x.value for x in at.text]
    assert any("Договор о Евразийском экономическом союзе" in x for x in texts), "the Russian original name"
    markdown = [m.value for m in at.markdown]
    assert f"**{t('instruments.for_workers', 'en')}**" in markdown
    assert f"**{t('instruments.for_family', 'en')}**" in markdown


def test_instruments_no_match_says_so():
    at = run_app(PAGES["instruments"], lang="ru", types="convention", party="TM")
    assert not at.exception
    assert t("instruments.none", "ru") in [i.value for i in at.info]


@pytest.mark.parametrize("view, charts", [("timeline", 1), ("parties", 1), ("table", 0)])
def test_instruments_draw_only_the_chosen_view(view: str, charts: int):
    at = run_app(PAGES["instruments"], lang="en", view=view)
    assert not at.exception
    assert at.get("button_group")[0].value == view
    assert len(at.get("plotly_chart")) == charts


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_comparison_frames_hold_each_states_cell_text_and_its_style(lang: str) -> None:
    """One cell per (attribute, state): its text is the record's cell text (shortened only past the
    limit), its style the record's display state; every cell of the frame comes from one record."""
    from components.comparison_table import (
        DIFFERS_BACKGROUND,
        KIND_STYLE,
        cell_text,
        comparison_frames,
        row_label,
    )
    from explorer.views.compare import compare_long, compare_states
    from policy import load_knowledge_base

    kb = load_knowledge_base()
    chosen = ["RU", "KZ", "KG", "AM"]
    long = compare_long(kb, compare_states(kb, chosen, kb.meta.as_of, lang, origin="TJ"), lang)
    display, css = comparison_frames(kb, long, chosen, lang, max_chars=60)
    assert list(display.columns) == [kb.states[c].name.in_lang(lang) for c in chosen]
    assert list(display.index) == [row_label(kb, k, lang) for k in dict.fromkeys(long["row"])]
    assert display.shape == (long["row"].nunique(), len(chosen)) and len(long) == display.size
    kinds = set()
    for record in long.to_dict("records"):
        r, c = row_label(kb, record["row"], lang), kb.states[record["state"]].name.in_lang(lang)
        whole = cell_text(kb, record, lang)
        shown = display.at[r, c]
        assert shown == whole if len(whole) <= 60 else (shown.endswith(" …") and whole.startswith(shown[:-2]))
        style = css.at[r, c]
        kinds.add(record["kind"])
        if record["kind"] in KIND_STYLE:
            assert style == KIND_STYLE[record["kind"]]
        else:
            assert style.startswith(f"background-color: {DIFFERS_BACKGROUND}") == bool(record["differs"])
    assert {"value", "no_data"} <= kinds  # the distinct display states are all exercised


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_markdown_table_carries_every_cell_its_text_and_colours(lang: str) -> None:
    """The table the page draws is one Markdown text: each cell holds the frame's (escaped) text, in
    the colours its style names (foreground, background), bold where the style is; a row per attribute."""
    from components.comparison_table import _literal_frames
    from explorer.plain_text import _style_properties, markdown_table
    from explorer.views.compare import compare_long, compare_states
    from policy import load_knowledge_base
    from tests.app.conftest import _UNESCAPED_PIPE

    kb = load_knowledge_base()
    chosen = ["RU", "KZ", "KG", "AM"]
    long = compare_long(kb, compare_states(kb, chosen, kb.meta.as_of, lang, origin="TJ"), lang)
    display, css = _literal_frames(kb, long, chosen, lang, 60)
    lines = markdown_table(display, css, index=True).split("\n")
    assert len(lines) == 2 + len(display)
    coloured = bold = 0
    for line, (label, texts), (_, styles) in zip(lines[2:], display.iterrows(), css.iterrows(), strict=True):
        cells = [c.strip() for c in _UNESCAPED_PIPE.split(line)[1:-1]]
        assert cells[0] == f"**{label}**" and len(cells) == 1 + len(chosen)
        for cell, text, style in zip(cells[1:], texts, styles, strict=True):
            props = _style_properties(style)
            assert text in cell
            if "color" in props or "background-color" in props:
                coloured += 1
                assert cell.removeprefix("**").startswith(f":color[{text}]{{")
                for attr, name in (("foreground", "color"), ("background", "background-color")):
                    assert (f'{attr}="{props[name]}"' in cell) if name in props else f"{attr}=" not in cell
            else:
                assert cell == text
            if props.get("font-weight") == "bold":
                bold += 1
                assert cell.startswith("**") and cell.endswith("**")
    assert coloured and bold  # differing rows, empty kinds and levels all drawn in colour


def test_a_data_text_cannot_break_the_markdown_table() -> None:
    """A line break, a pipe or a directive's brackets in a data text stay inside their cell."""
    import pandas as pd

    from components.comparison_table import literal
    from explorer.plain_text import markdown_table
    from tests.app.conftest import _UNESCAPED_PIPE

    display = literal(pd.DataFrame({"A": ['one\ntwo | three ]{foreground="red"} :color[x]'], "B": ["plain"]},
                                   index=["row"]))
    css = pd.DataFrame({"A": ["background-color: #FFF4CC"], "B": [""]}, index=display.index, columns=display.columns)
    lines = markdown_table(display, css, index=True).split("\n")
    assert len(lines) == 3
    cells = [c.strip() for c in _UNESCAPED_PIPE.split(lines[2])[1:-1]]
    assert len(cells) == 3 and cells[2] == "plain"
    assert cells[1].startswith(":color[one two \\| three \\]\\{foreground=")
    assert cells[1].endswith('{background="#FFF4CC"}')
    assert ":color[x]" not in lines[2] and "\\:color\\[x\\]" in lines[2]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_an_instrument_in_force_with_no_entry_date_says_the_date_is_not_verified(lang: str):
    """The 1992 CIS health agreement read "in force · … · in force — · ended —" (RU "действует · подписан"
    for an agreement): its entry into force now reads "date not verified", each date under its own name."""
    at = run_app(PAGES["instruments"], lang=lang, instrument="cis-1992-health-cooperation")
    assert not at.exception
    facts = next(x.value for x in at.text if t("instruments.date_not_verified", lang) in x.value)
    assert {"en": "entry into force: date not verified", "ru": "вступление в силу: дата не проверена"}[lang] in facts
    assert {"en": "ended: —", "ru": "прекращение: —"}[lang] in facts
