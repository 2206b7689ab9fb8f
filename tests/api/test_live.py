"""The API served by the app itself: `streamlit run app.py` finds the st.App in app.py and serves
the API's routes beside the pages, in the same process and on the same port."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from email.message import Message

from tests.e2e.helpers import start_app_server


def _get(url: str) -> tuple[int, Message, bytes]:
    """Status, headers (looked up without regard to case) and body."""
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_streamlit_run_serves_the_api_beside_the_pages() -> None:
    with start_app_server("api-live") as server:
        status, headers, body = _get(f"{server.url}/api/v1/meta")
        assert status == 200, body[:300]
        assert headers["Content-Type"].startswith("application/json")
        assert headers["X-Data-Version"] == json.loads(body)["meta"]["data_version"]
        assert "Set-Cookie" not in headers
        status, headers, body = _get(f"{server.url}/api/v1/no-such-route")
        assert status == 404 and json.loads(body)["error"] == "not_found"  # not the app's page
        status, _, body = _get(f"{server.url}/api/v1/resolve?host=RU&origin=KG&person=spouse&status=contract"
                               "&residence=stay&care=primary&date=2026-01-01")
        assert status == 200 and json.loads(body)["level"]
        for page in ("/", "/compare"):  # the pages are still the app
            status, headers, body = _get(f"{server.url}{page}")
            assert status == 200 and headers["Content-Type"].startswith("text/html"), page
        assert _get(f"{server.url}/_stcore/health")[2].strip() == b"ok"
