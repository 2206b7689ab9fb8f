"""Every /api/v1 route: answers with meta and headers, CSV twins, bad parameters, data versions, 404/405."""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
import sys
from pathlib import Path

import pytest

from api.routes import SPECS
from policy import load_knowledge_base
from policy.releases import release_versions

ROOT = Path(__file__).resolve().parents[2]
NEWEST = load_knowledge_base().meta.data_version  # the newest data this copy holds
CASE = "host=RU&origin=KG&person=spouse&status=contract&residence=stay&care=primary&date=2026-01-01"
HEADERS = ("x-data-version", "x-data-as-of", "x-sources-up-to", "x-last-checked", "x-licence", "x-citation")
# One good question per route (the tables need none).
GOOD = {
    "resolve": CASE,
    "matrix": "date=2025-06-01&host=RU",
    "impact": "scenario=ru-oms-3-years&assume=ratio.spouses_per_worker~0.3",
    "family": "host=KZ&origin=UZ&household=spouse~stay~none,child.4~temporary_permit~home&lang=ru",
    "compare": "states=RU,KZ,AM&date=2024-01-01",
    "findings": "date=2026-01-01",
    "states": "",
    "instruments": "",
    "sources": "",
    "open-questions": "",
    "scenarios": "",
    "meta": "",
    "openapi.json": "",
}
# One bad parameter per route that takes parameters: (query, parameter named in the 400).
BAD = [
    ("resolve", CASE.replace("host=RU", "host=XX"), "host"),
    ("resolve", CASE.replace("date=2026-01-01", "date=2026-13-01"), "date"),
    ("resolve", CASE.replace("&care=primary", ""), "care"),
    ("resolve", CASE + "&contribution-years=81", "contribution-years"),
    ("resolve", CASE + "&scenario=nope", "scenario"),
    ("matrix", "date=2009-12-31", "date"),
    ("matrix", "from=2020-01-01&to=2019-01-01", "to"),
    ("matrix", "from=2010-01-01&to=2035-12-31", "from"),  # over the cell limit without filters
    ("matrix", "date=2020-01-01&from=2020-01-01&to=2021-01-01", "date"),
    ("matrix", "vhi=gold", "vhi"),
    ("matrix", "format=xml", "format"),
    ("matrix", "person=cousin", "person"),
    ("impact", "assume=ratio.spouses_per_worker~9", "assume"),
    ("impact", "assume=nonsense", "assume"),
    # the same assumption twice with two values: the second silently won
    ("impact", "assume=ratio.spouses_per_worker~0.2,ratio.spouses_per_worker~0.3", "assume"),
    ("impact", "assume=ratio.spouses_per_worker~%D9%A0.%D9%A3", "assume"),  # ٠.٣: other scripts' digits
    ("impact", "contribution-years=%D9%A3", "contribution-years"),  # ٣, read by float() as 3
    ("resolve", CASE.replace("date=2026-01-01", "date=2026-W01-4"), "date"),  # an ISO week date
    ("matrix", "date=2026W01123", "date"),
    ("impact", "table=everything", "table"),
    ("impact", "contribution-years=-1", "contribution-years"),
    ("family", "household=uncle~stay~none", "household"),
    ("family", "household=" + ",".join(["child.3~stay~none"] * 12), "household"),
    ("family", "host=RU&origin=RU", "origin"),
    ("family", "lang=de", "lang"),
    ("compare", "states=RU,XX", "states"),
    ("compare", "origin=ZZ", "origin"),
    ("findings", "date=yesterday", "date"),
    ("states", "format=pdf", "format"),
    ("meta", "hots=RU", "hots"),  # an unknown parameter is named, not ignored
    ("meta", "dv=1.0", "dv"),
    ("sources", "dv=2026.11.4&dv=2026.11.3", "dv"),  # a parameter given twice
]


def _get(client, name: str, query: str = ""):
    return client.get(f"/api/v1/{name}" + (f"?{query}" if query else ""))


@pytest.mark.parametrize("name", list(GOOD))
def test_every_route_answers_with_data_version_as_of_licence_and_citation(client, name: str) -> None:
    response = _get(client, name, GOOD[name])
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    for header in HEADERS:
        assert response.headers[header], header
    assert response.headers["x-data-version"] == NEWEST
    assert response.headers["access-control-allow-origin"] == "*"
    assert "set-cookie" not in response.headers
    body = response.json()
    if name == "resolve":
        assert "meta" not in body and body["level"]
        return
    meta = body["x-meta" if name == "openapi.json" else "meta"]
    kb = load_knowledge_base()
    assert meta["data_version"] == NEWEST and meta["as_of"] == kb.last_checked.isoformat()
    assert meta["sources_up_to"] == kb.sources_up_to.isoformat() == response.headers["x-sources-up-to"]
    assert meta["last_checked"] == kb.last_checked.isoformat() == response.headers["x-last-checked"]
    assert "CC BY 4.0" in meta["licence"]["en"] and meta["citation"]["en"] and meta["citation"]["ru"]
    assert response.headers["x-citation"] == meta["citation"]["en"]


@pytest.mark.parametrize("spec", [s for s in SPECS if s.table], ids=lambda s: s.name)
def test_every_table_has_its_csv_twin(client, spec) -> None:
    json_rows = _get(client, spec.name, GOOD[spec.name]).json()["rows"]
    query = "&".join(p for p in (GOOD[spec.name], "format=csv") if p)
    response = _get(client, spec.name, query)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["x-data-version"] == NEWEST
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == len(json_rows) > 0
    assert list(rows[0]) == list(json_rows[0])


@pytest.mark.parametrize(("name", "query", "parameter"), BAD, ids=[f"{n}-{p}" for n, _, p in BAD])
def test_bad_input_is_a_400_naming_the_parameter_and_what_it_accepts(client, name, query, parameter) -> None:
    response = _get(client, name, query)
    assert response.status_code == 400, response.text
    body = response.json()
    assert body["error"] == "bad_parameter" and body["parameter"] == parameter
    assert body["accepts"] and body["message"]
    assert "Traceback" not in response.text


def test_unknown_data_version_lists_the_versions_held(client) -> None:
    body = _get(client, "resolve", CASE + "&dv=1999.1").json()
    assert body["parameter"] == "dv" and body["value"] == "1999.1"
    assert set(body["accepts"]) == {*release_versions(), NEWEST}


def test_a_pinned_data_version_answers_from_that_release(client) -> None:
    older = [v for v in release_versions() if v != NEWEST]
    assert older, "data/releases holds no older version to pin"
    response = _get(client, "states", f"dv={older[-1]}")
    assert response.status_code == 200
    assert response.headers["x-data-version"] == older[-1]
    meta = response.json()["meta"]
    assert meta["data_version"] == older[-1] and meta["pinned"] is True
    assert _get(client, "resolve", f"{CASE}&dv={older[-1]}").headers["x-data-version"] == older[-1]
    # dv= naming the newest version is the newest, not a pin
    assert _get(client, "meta", f"dv={NEWEST}").json()["meta"]["pinned"] is False


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/v1", "/api/v1/", "/api/v2/meta", "/api/v1/nope",
                                  "/api/v1/states/extra"])
def test_unknown_paths_under_api_are_a_json_404(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"] == "not_found"
    assert "/api/v1/resolve" in response.json()["routes"]


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
def test_the_api_is_read_only(client, method: str) -> None:
    response = client.request(method, "/api/v1/states")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
    assert "POST" not in response.headers["allow"]


def test_cors_preflight_allows_get_only(client) -> None:
    preflight = {"Origin": "https://news.example", "Access-Control-Request-Method": "GET"}
    response = client.options("/api/v1/matrix", headers=preflight)
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET, HEAD, OPTIONS"
    assert "access-control-allow-origin" not in client.get("/api/nope").headers  # CORS on /api/v1 only


def _cli(*args: str) -> bytes:
    done = subprocess.run([sys.executable, "-m", "policy", *args], cwd=ROOT, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


@pytest.mark.parametrize(
    "query",
    [CASE, CASE.replace("KG", "uz") + "&vhi=host&contribution-years=3.5&scenario=ru-oms-3-years",
     "host=KZ&origin=RU&person=child&status=patent&residence=temporary_permit&care=chronic&date=2031-05-05"],
)
def test_resolve_is_byte_for_byte_the_command_line(client, query: str) -> None:
    args = ["resolve"]
    for pair in query.split("&"):
        name, value = pair.split("=")
        args += [f"--{name}", value]
    assert client.get(f"/api/v1/resolve?{query}").content == _cli(*args)


def test_matrix_csv_of_one_date_is_the_command_line(client) -> None:
    expected = _cli("matrix", "--date", "2019-03-01", "--scenario", "uz-joins-eaeu", "--vhi", "home")
    got = client.get("/api/v1/matrix?date=2019-03-01&scenario=uz-joins-eaeu&vhi=home&format=csv").content
    assert got == expected


def test_impact_csv_is_the_command_line(client) -> None:
    expected = _cli("impact", "--scenario", "ru-oms-3-years", "--date", "2026-11-01", "--set",
                    "ratio.spouses_per_worker=0.3")
    got = client.get("/api/v1/impact?scenario=ru-oms-3-years&date=2026-11-01&assume=ratio.spouses_per_worker~0.3"
                     "&format=csv").content
    assert got == expected


def test_matrix_range_is_each_distinct_legal_state_once(client) -> None:
    body = client.get("/api/v1/matrix?from=2014-01-01&to=2026-12-31&host=RU&origin=KG").json()
    states = body["states"]
    assert 1 < len(states) < 30  # not one per day (13 years)
    assert states[0]["valid_from"] == "2014-01-01" and states[-1]["valid_to"] == "2026-12-31"
    for before, after in zip(states, states[1:], strict=False):
        assert dt.date.fromisoformat(after["valid_from"]) - dt.date.fromisoformat(before["valid_to"]) == dt.timedelta(1)
        assert before["rows"] != after["rows"]  # neighbours differ, or they would be one state
    # any day inside a state answers the same cells as the state
    day = client.get(f"/api/v1/matrix?date={states[1]['valid_to']}&host=RU&origin=KG").json()["rows"]
    assert [{k: v for k, v in r.items() if k != "date"} for r in day] == states[1]["rows"]
    csv_rows = list(csv.DictReader(io.StringIO(
        client.get("/api/v1/matrix?from=2014-01-01&to=2026-12-31&host=RU&origin=KG&format=csv").text)))
    assert len(csv_rows) == sum(len(s["rows"]) for s in states)
    assert list(csv_rows[0])[:2] == ["valid_from", "valid_to"]


def test_family_follows_the_link_encoding(client) -> None:
    body = client.get("/api/v1/family?host=RU&origin=KG&household=spouse~stay~none,child.19~stay~host").json()
    assert body["household"] == "spouse~stay~none,child.19~stay~host"
    assert {r["member"] for r in body["rows"]} == {0, 1, 2}
    assert body["summary"]


def test_family_says_which_care_a_members_age_puts_out_of_question(client) -> None:
    """A child of 4: antenatal care and childbirth are not asked (JSON null level, and why)."""
    body = client.get("/api/v1/family?host=RU&origin=KG&household=child.4~stay~none").json()
    child = [r for r in body["rows"] if r["member"] == 1]
    out = {r["care"] for r in child if r["applicable"] is False}
    assert out == {"antenatal", "childbirth"}
    for row in child:
        if row["care"] in out:
            assert row["level"] is None and row["not_applicable_reason"] == "age" and "15" in row["explanation"]
        else:
            assert row["level"] and row["applicable"] is True


def test_handlers_run_off_the_event_loop(client, monkeypatch) -> None:
    import asyncio

    import api.server

    seen: list[bool] = []
    render = api.server._render

    def spy(spec, request):
        try:
            asyncio.get_running_loop()
            seen.append(False)  # on the loop: sessions would wait for the answer
        except RuntimeError:
            seen.append(True)
        return render(spec, request)

    monkeypatch.setattr(api.server, "_render", spy)
    assert client.get("/api/v1/meta").status_code == 200
    assert seen == [True]


def test_a_failure_is_a_json_500_without_a_traceback(client, monkeypatch) -> None:
    import api.server

    def broken(spec, request):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(api.server, "_render", broken)
    response = client.get("/api/v1/meta")
    assert response.status_code == 500
    assert response.json()["error"] == "internal"
    assert "secret internals" not in response.text and "Traceback" not in response.text


def test_matrix_status_auto_keeps_each_pairs_own_status(client) -> None:
    from api.data import current_knowledge_base
    from policy.status import applied_statuses

    kb = current_knowledge_base()
    day = "2026-06-01"
    one = client.get(f"/api/v1/matrix?date={day}&status=auto&person=spouse&care=primary&residence=stay")
    assert one.status_code == 200, one.text
    rows = one.json()["rows"]
    applied = applied_statuses(kb, dt.date.fromisoformat(day))
    assert rows and all(r["status"] == applied[(r["host"], r["origin"])] for r in rows)
    assert len({(r["host"], r["origin"]) for r in rows}) == len(rows)  # one status per pair
    assert one.json()["filters"]["status"] == "auto"
    ranged = client.get("/api/v1/matrix?from=2014-01-01&to=2016-12-31&status=auto&host=KZ&origin=KG")
    assert ranged.status_code == 200, ranged.text
    for state in ranged.json()["states"]:
        first = dt.date.fromisoformat(state["valid_from"])
        want = applied_statuses(kb, first)[("KZ", "KG")]
        assert {r["status"] for r in state["rows"]} == {want}
    statuses = {s["rows"][0]["status"] for s in ranged.json()["states"]}
    assert statuses == {"patent", "contract"}  # KG joined the EAEU in August 2015
