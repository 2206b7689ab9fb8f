"""The Share dialog's JSON and CSV twin of each view (explorer.share.api_twin): every twin answers
200 through the API, with the same data the page shows for the same link parameters."""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qsl, urlsplit

import pytest

from api.answers import records
from api.data import current_knowledge_base
from explorer.share import TWIN_ROUTES, api_twin
from explorer.tables import all_tables
from explorer.view_state import decode
from explorer.views.compare import compare_long, compare_states
from explorer.views.coverage import coverage_grid
from policy.family import Household, Member, family_grid
from policy.impact import golden_table, impact
from policy.status import AUTO, applied_status

VIEWS = {  # page: link parameters (as the page writes them), a default view and a chosen one each
    "home": [{}, {"lang": "ru", "date": "2020-01-01"}],
    "instruments": [{}, {"types": "treaty", "inforce": "1"}],
    "sources": [{}],
    "coverage": [{}, {"person": "child", "status": "patent", "residence": "temporary_permit", "care": "emergency",
                      "date": "2016-03-01", "vhi": "host", "scenario": "ru-oms-eaeu-families"}],
    "compare": [{}, {"states": "RU,KZ,AM", "origin": "UZ", "date": "2019-05-05", "lang": "ru"}],
    "family": [{}, {"host": "KZ", "origin": "UZ", "household": "spouse~stay~none,child.4~temporary_permit~home",
                    "years": "3", "lang": "ru", "scenario": "uz-joins-eaeu", "status": "patent"}],
    "scenarios": [{}, {"scenario": "ru-oms-3-years", "years": "2", "vhi": "home", "date": "2026-06-01"}],
}
CASES = [(page, params) for page, views in VIEWS.items() for params in views]


def _get(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.text[:300])
    return response


@pytest.mark.parametrize(("page", "params"), CASES, ids=[f"{p}-{i}" for p, v in VIEWS.items() for i in range(len(v))])
def test_each_twin_answers_with_the_pages_data(client, page: str, params: dict[str, str]) -> None:
    kb = current_knowledge_base()
    twin = api_twin(kb, page, params)
    assert twin is not None
    json_url, csv_url = twin
    assert json_url.startswith(f"/api/v1/{TWIN_ROUTES[page]}") and csv_url == json_url + (
        "&format=csv" if "?" in json_url else "?format=csv")
    body = _get(client, json_url).json()
    rows = body["rows"]
    csv_rows = list(csv.DictReader(io.StringIO(_get(client, csv_url).text)))
    assert len(csv_rows) == len(rows) > 0
    state, _ = decode(params, kb)
    day = state.resolved_date(kb)
    if page in ("home", "instruments", "sources"):
        name = {"home": "states"}.get(page, page)
        expected = all_tables(kb)[name]
    elif page == "coverage":
        expected = coverage_grid(kb, day, state.person, state.status, state.residence, state.care, state.scenario,
                                 vhi=state.vhi)
        key = ["host", "origin", "person", "status", "residence", "care", "level"]
        assert sorted(tuple(r[k] for k in key) for r in rows) == sorted(
            tuple(r[k] for k in key) for r in records(expected))
        return
    elif page == "compare":
        expected = compare_long(kb, compare_states(kb, list(state.states), day, state.lang, state.origin), state.lang)
    elif page == "family":
        status = applied_status(kb, state.host, state.origin, day, state.scenario) if state.status == AUTO \
            else state.status
        members = (Member("worker"), *(Member(role, res, vhi, age) for role, age, res, vhi in state.household))
        household = Household(state.host, state.origin, day, status, state.years, members, state.scenario)
        expected = family_grid(kb, household, state.lang)
    else:  # scenarios
        result = impact(kb, day, state.scenario or next(iter(kb.scenarios)), years=state.years, vhi=state.vhi,
                        overrides=dict(state.assume))
        expected = golden_table(result)
    assert rows == records(expected)


def test_a_pinned_view_pins_its_twin(client) -> None:
    kb = current_knowledge_base()
    json_url, csv_url = api_twin(kb, "compare", {"states": "RU,KZ"}, pin_version=kb.meta.data_version)
    assert dict(parse_qsl(urlsplit(json_url).query))["dv"] == kb.meta.data_version
    assert _get(client, csv_url).headers["X-Data-Version"] == kb.meta.data_version


def test_pages_without_a_twin_and_a_bad_link_value() -> None:
    kb = current_knowledge_base()
    assert api_twin(kb, "briefs", {}) is None
    # a bad value falls back to its default, as the page does, so the twin never asks a 400
    json_url, _ = api_twin(kb, "coverage", {"care": "<script>", "date": "nope"})
    query = dict(parse_qsl(urlsplit(json_url).query))
    assert query["care"] == "primary" and query["date"] == kb.meta.as_of.isoformat()
