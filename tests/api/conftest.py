"""The API in-process: its routes in a bare Starlette app, driven by Starlette's TestClient (httpx2)."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from api.server import api_routes


@pytest.fixture(scope="session")
def client() -> TestClient:
    return TestClient(Starlette(routes=api_routes()))
