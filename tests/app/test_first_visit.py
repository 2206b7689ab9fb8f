"""What a first visit shows (issue 13): Coverage opens on every corridor (worker's status `auto`),
Family names the status applied and shows no raw `None`, Overview's headings do not repeat the
titles of the charts under them."""

from __future__ import annotations

import pytest

from components.i18n import t
from policy import load_knowledge_base, make_case, resolve
from tests.app.conftest import PAGES, open_folds, run_app


def _by_key(at, kind: str, key: str):
    return next(w for w in getattr(at, kind) if w.key == key)


def _coverage_table(at):
    open_folds(at, "cov-table-fold")
    assert not at.exception
    return next(d.value for d in at.dataframe if {"host", "origin", "applicable"} <= set(d.value.columns))


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_coverage_opens_on_every_corridor(lang: str) -> None:
    kb = load_knowledge_base()
    at = run_app(PAGES["coverage"], lang=lang)
    assert not at.exception
    assert _by_key(at, "selectbox", "cov-status").value == "auto"
    grid = _coverage_table(at)
    n = len(kb.states)
    assert len(grid) == n * n  # host × origin, the diagonal (host = origin) drawn as not applicable
    corridors = grid["host"] != grid["origin"]
    assert grid.loc[corridors, "applicable"].all() and not grid.loc[~corridors, "applicable"].any()
    assert int(grid["applicable"].sum()) == n * (n - 1) == 90
    # each cell is answered for its own pair's status: both occur on the as-of date (the table shows
    # the statuses' labels and the states' names in the page's language)
    names, status = kb.state_names(lang), {s: kb.label("status", s, lang) for s in ("contract", "patent")}
    assert set(grid.loc[corridors, "status"]) == {status["contract"], status["patent"]}
    assert set(grid.loc[(grid.host == names["RU"]) & (grid.origin == names["KG"]), "status"]) == {status["contract"]}
    assert set(grid.loc[(grid.host == names["RU"]) & (grid.origin == names["UZ"]), "status"]) == {status["patent"]}


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_cell_detail_names_the_status_applied(lang: str) -> None:
    kb = load_knowledge_base()
    for origin, status in (("UZ", "patent"), ("KG", "contract")):
        at = run_app(PAGES["coverage"], lang=lang, host="RU", origin=origin)
        assert not at.exception
        named = t("status.auto.applied", lang, status=kb.label("status", status, lang))
        texts = [x.value for x in at.text]
        assert t("coverage.status_applied", lang, status=named) in texts


def test_an_old_v1_link_without_status_keeps_contract() -> None:
    at = run_app(PAGES["coverage"], lang="en", v="1", person="spouse")
    assert not at.exception and not at.warning
    assert _by_key(at, "selectbox", "cov-status").value == "contract"
    grid = _coverage_table(at)
    contract = load_knowledge_base().label("status", "contract", "en")
    corridor = grid["host"] != grid["origin"]  # a national in their own state holds no migrant status
    assert set(grid.loc[corridor, "status"]) == {contract} and not grid.loc[~corridor, "status"].astype(bool).any()
    assert int(grid["applicable"].sum()) == 20  # the EAEU pairs only
    status = at.query_params["status"]
    assert (status[0] if isinstance(status, list) else status) == "contract"  # the rewritten link says so


def test_scenarios_with_auto_count_the_scenarios_new_members() -> None:
    at = run_app(PAGES["scenarios"], lang="en", scenario="uz-joins-eaeu", person="worker", care="primary")
    assert not at.exception
    assert _by_key(at, "selectbox", "scn-status").value == "auto"
    open_folds(at, "scn-changes-fold")
    changes = next(d.value for d in at.dataframe if {"host", "origin", "before", "after"} <= set(d.value.columns))
    kb = load_knowledge_base()
    row = changes[(changes["host"] == kb.states["RU"].name.en) & (changes["origin"] == kb.states["UZ"].name.en)]
    # an Uzbek worker in Russia: a patent worker under the law in force (a level, not "not applicable"),
    # a contract worker once Uzbekistan is a member
    case = dict(host="RU", origin="UZ", person="worker", residence="stay", care="primary", date=kb.meta.as_of)
    before = resolve(kb, make_case(kb, **case, status="patent"))
    after = resolve(kb, make_case(kb, **case, status="contract", scenario="uz-joins-eaeu"))
    assert len(row) == 1 and before.applicable and after.applicable
    assert row["before"].iloc[0] == kb.label("level", before.level, "en") != t("compare.not_applicable", "en")
    assert row["after"].iloc[0] == kb.label("level", after.level, "en")


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_family_answers_for_the_status_applied_and_shows_no_none(lang: str) -> None:
    at = run_app(PAGES["family"], lang=lang, host="RU", origin="UZ")
    assert not at.exception
    assert _by_key(at, "selectbox", "fam-status").value == "auto"
    open_folds(at, "fam-table-fold")
    table = next(d.value for d in at.dataframe if "explanation" in d.value.columns)
    patent = load_knowledge_base().label("status", "patent", lang)
    # every answered cell names the status applied (maternity care for the child of 5 is not asked)
    asked = table["level_label"].astype(bool)
    assert all(patent in text for text in table.loc[asked, "explanation"]) and asked.sum() >= len(table) - 2
    editor = next(d for d in at.dataframe if d.key == "fam-household")
    assert editor.value["age"].isna().any()  # the default spouse has no age…
    assert editor.proto.placeholder == "—"  # …and the editor shows a dash for it, not "None"
    shown = [x.value for x in (*at.text, *at.markdown, *at.caption, *at.subheader)]
    assert not [x for x in shown if "None" in x]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_overview_headings_do_not_repeat_the_chart_titles(lang: str) -> None:
    at = run_app(PAGES["overview"], lang=lang)
    assert not at.exception
    headings = [s.value for s in at.subheader]
    titles = [t("overview.region", lang), t("overview.timeline", lang)]
    for heading in headings:
        for title in titles:
            assert heading != title and heading not in title and title not in heading, (heading, title)
    assert t("overview.region.heading", lang) in headings and t("overview.timeline.heading", lang) in headings
