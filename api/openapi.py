"""The OpenAPI 3.1 document served at /api/v1/openapi.json, built from the route table (api/routes.py)."""

from __future__ import annotations

from typing import Any

from api.routes import SPECS, Spec
from policy.knowledge_base import KnowledgeBase

HEADERS = {
    "X-Data-Version": "the data version that answered (pin it with dv=)",
    "X-Data-As-Of": "when the data was last checked for changes (the same as X-Last-Checked)",
    "X-Sources-Up-To": "the newest date a source states the law (a later date is answered with the law as last known)",
    "X-Last-Checked": "when the knowledge base was last searched for changes in the law",
    "X-Query-Dates": "the dates the question was about, comma-separated",
    "X-Licence": "the data's licence",
    "X-Citation": "how to cite this answer",
}
DV = {
    "name": "dv",
    "in": "query",
    "required": False,
    "description": "pin a data version, as shared links do (the versions held: /api/v1/meta); unknown: 400",
    "schema": {"type": "string"},
}
FORMAT = {
    "name": "format",
    "in": "query",
    "required": False,
    "description": "json (rows inside a meta-carrying object) or csv (the table alone; meta in the headers)",
    "schema": {"type": "string", "enum": ["json", "csv"], "default": "json"},
}
ERROR = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {
        "error": {"type": "string"},
        "message": {"type": "string"},
        "parameter": {"type": "string", "description": "the parameter at fault"},
        "value": {"type": "string"},
        "accepts": {"description": "the values the parameter accepts"},
    },
}


def _operation(spec: Spec) -> dict[str, Any]:
    params = [
        {"name": p.name, "in": "query", "required": p.required, "description": p.description, "schema": p.schema}
        for p in spec.params
    ]
    params.append(DV)
    if spec.table:
        params.append(FORMAT)
    headers = {name: {"description": text, "schema": {"type": "string"}} for name, text in HEADERS.items()}
    content: dict[str, Any] = {"application/json": {"schema": {"type": "object"}}}
    if spec.table:
        content["text/csv"] = {"schema": {"type": "string"}}
    return {
        "operationId": spec.name.replace("-", "_").replace(".", "_"),
        "summary": spec.summary,
        "parameters": params,
        "responses": {
            "200": {"description": "the answer", "headers": headers, "content": content},
            "400": {
                "description": "a bad parameter: the body names it and the values it accepts",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
            },
        },
    }


def document(kb: KnowledgeBase, server: str = "") -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Coverage Explorer API",
            "version": "1",
            "description": (
                "Read-only answers behind Coverage Explorer's views: the entitlement engine, the coverage "
                "matrix, the impact of scenarios, and the data's tables. Every answer carries the data version, "
                "the as-of date, the licence and a citation (headers, and a meta object in JSON bodies except "
                f"resolve's). Data: {kb.meta.licence.en}"
            ),
            "license": {"name": "CC BY 4.0 (data)", "url": str(kb.meta.licence_url or "")} if kb.meta.licence_url
            else {"name": "see the data's licence"},
        },
        "servers": [{"url": server or "/"}],
        "paths": {spec.path: {"get": _operation(spec)} for spec in SPECS},
        "components": {"schemas": {"Error": ERROR}},
    }
