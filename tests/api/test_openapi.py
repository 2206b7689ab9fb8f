"""The OpenAPI document validates (pinned openapi-spec-validator) and lists exactly the routes."""

from __future__ import annotations

from openapi_spec_validator import validate
from starlette.routing import Route

from api.server import api_routes


def _document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_document_validates(client) -> None:
    validate(_document(client))


def test_the_documents_paths_are_exactly_the_routes(client) -> None:
    routes = {r.path for r in api_routes() if isinstance(r, Route) and r.path.startswith("/api/v1/")}
    paths = set(_document(client)["paths"])
    assert paths == routes
    for path in paths:  # and each one answers (no parameter is required but resolve's)
        status = client.get(path).status_code
        assert status == (400 if path.endswith("/resolve") else 200), path


def test_every_parameter_a_route_accepts_is_documented(client) -> None:
    document = _document(client)
    for path, item in document["paths"].items():
        documented = {p["name"] for p in item["get"]["parameters"]}
        response = client.get(path, params={"surely-not-a-parameter": "1"})
        assert response.status_code == 400
        assert set(response.json()["accepts"]) == documented, path
