"""The README documents what the code offers (in the style of Datasette's tests/test_docs.py).

Each test reads one kind of thing from its source of truth in the code and one part of the README,
and fails naming every item the README misses: the link parameters (the view-state registry), the
pages (app.py's navigation), the command line's subcommands and their options (policy/cli.py), and
the API's routes and their parameters (api/routes.py, which the OpenAPI document is made from)."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from api.routes import PREFIX, SPECS
from explorer.view_state import FIELDS, RESERVED
from policy.cli import _parser

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _section(heading: str, readme: str = README) -> str:
    """The README's text under ``heading`` (any level), up to the next heading of the same or a higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", readme, re.M)
    assert match, f"the README has no section {heading!r}"
    level = len(match.group(1))
    rest = readme[match.end():]
    end = re.search(rf"^#{{1,{level}}} ", rest, re.M)
    return rest[: end.start()] if end else rest


def _table_rows(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header row starts with ``| header |``."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def _codes(cell: str) -> set[str]:
    return set(re.findall(r"`([^`]+)`", cell))


def link_parameter_gaps(readme: str) -> tuple[list[str], list[str]]:
    """(parameters the app reads that the README's table misses, parameters it lists that the app does not read)."""
    rows = _table_rows(_section("Link parameters", readme), "Parameter")
    documented = set().union(*(_codes(row[0]) for row in rows))
    expected = set(FIELDS) | {"v"} | (set(RESERVED) - {"embed_options"})
    return sorted(expected - documented), sorted(documented - expected)


def test_every_link_parameter_is_in_the_readme_table():
    missing, unknown = link_parameter_gaps(README)
    assert not missing, f"README 'Link parameters' misses: {', '.join(missing)}"
    assert not unknown, f"README 'Link parameters' documents parameters the app does not read: {', '.join(unknown)}"


def test_the_check_names_a_parameter_the_readme_drops():
    without_dv = "\n".join(line for line in README.splitlines() if not line.startswith("| `dv` |"))
    assert link_parameter_gaps(without_dv)[0] == ["dv"]


def _app_url_paths() -> set[str]:
    source = (ROOT / "app.py").read_text(encoding="utf-8")
    return set(re.findall(r'url_path="([^"]+)"', source))


def test_every_page_is_in_the_readme_pages_table():
    rows = _table_rows(_section("The pages"), "Page")
    links = set().union(*(_codes(row[1]) for row in rows))
    paths = {"/" if path == "home" else f"/{path}" for path in _app_url_paths() if path != "overview"}
    missing = sorted(paths - links)
    assert not missing, f"README 'The pages' misses: {', '.join(missing)}"
    unknown = sorted(links - paths)
    assert not unknown, f"README 'The pages' lists pages the app does not have: {', '.join(unknown)}"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in _parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(actions[0].choices)


def _cli_examples() -> str:
    blocks = re.findall(r"```bash\n(.*?)```", README, re.S)
    return "\n".join(block for block in blocks if "-m policy" in block)


def test_every_subcommand_has_an_example():
    examples = _cli_examples()
    shown = set(re.findall(r"-m policy (?:--data \S+ )?([a-z]+)", examples))
    missing = sorted(set(_subcommands()) - shown)
    assert not missing, f"README has no command-line example for: {', '.join(missing)}"


@pytest.mark.parametrize("command", sorted(_subcommands()))
def test_every_option_of_a_subcommand_is_shown(command):
    examples = _cli_examples()
    # the example lines of this subcommand, with their continuation lines
    shown: set[str] = set()
    for match in re.finditer(rf"-m policy {command}\b((?:[^\n]*\\\n)*[^\n]*)", examples):
        shown |= set(re.findall(r"(?<![\w-])-{1,2}[a-z][a-z-]*", match.group(1)))
    missing = sorted(
        max(action.option_strings, key=len)
        for action in _subcommands()[command]._actions
        if action.option_strings and "--help" not in action.option_strings and not set(action.option_strings) & shown
    )
    assert not missing, f"README's `policy {command}` example misses: {', '.join(missing)}"


API_SECTION = "The API (`/api/v1`)"


def _api_routes() -> dict[str, set[str]]:
    """Every route the API serves (its OpenAPI paths, under /api/v1), with its own parameters."""
    from api.data import current_knowledge_base
    from api.openapi import document

    paths = document(current_knowledge_base(), "http://localhost")["paths"]
    assert set(paths) == {spec.path for spec in SPECS}
    return {spec.path.removeprefix(PREFIX + "/"): {p.name for p in spec.params} for spec in SPECS}


def api_route_gaps(readme: str) -> tuple[list[str], list[str], list[str]]:
    """(routes the README's API table misses, routes it lists that the API lacks, route parameters
    missing from their route's row as `route: parameter`)."""
    rows = _table_rows(_section(API_SECTION, readme), "Route")
    routes = _api_routes()
    documented: dict[str, set[str]] = {}
    for row in rows:
        for name in _codes(row[0]):
            documented[name] = _codes(row[2]) if len(row) > 2 else set()
    missing = sorted(set(routes) - set(documented))
    unknown = sorted(set(documented) - set(routes))
    params = sorted(f"{name}: {param}" for name, wanted in routes.items() if name in documented
                    for param in wanted - documented[name])
    return missing, unknown, params


def test_every_api_route_and_parameter_is_in_the_readme() -> None:
    missing, unknown, params = api_route_gaps(README)
    assert not missing, f"README '{API_SECTION}' misses the routes: {', '.join(missing)}"
    assert not unknown, f"README '{API_SECTION}' lists routes the API does not have: {', '.join(unknown)}"
    assert not params, f"README '{API_SECTION}' misses parameters: {', '.join(params)}"


def test_the_check_names_a_route_the_readme_drops() -> None:
    without = "\n".join(line for line in README.splitlines() if not line.startswith("| `findings` |"))
    assert api_route_gaps(without)[0] == ["findings"]
    renamed = README.replace("| `family` | a household", "| `families` | a household")
    missing, unknown, _ = api_route_gaps(renamed)
    assert missing == ["family"] and unknown == ["families"]
    row = "| `states` (`RU,KZ,KG`), `date`, `origin`, `lang` |"
    assert row in README
    assert api_route_gaps(README.replace(row, "| `states` (`RU,KZ,KG`), `date`, `lang` |"))[2] == ["compare: origin"]


def test_every_api_route_has_a_curl_example() -> None:
    section = _section(API_SECTION)
    shown = set(re.findall(r"/api/v1/([a-z.-]+)", "\n".join(re.findall(r"```bash\n(.*?)```", section, re.S))))
    missing = sorted(set(_api_routes()) - shown)
    assert not missing, f"README '{API_SECTION}' has no curl example for: {', '.join(missing)}"
