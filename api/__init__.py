"""Coverage Explorer's read-only HTTP API (`/api/v1/…`), served beside the pages by the same process.

Pure like policy/ and explorer/: Starlette handlers that call them, and never Streamlit (the import
contracts in pyproject.toml forbid `streamlit`, `components` and `pages` here; app.py hands these
routes to `st.App`). Layout: `data` (the knowledge base of a data version), `query` (validated
parameters, 400 answers), `answers` (one pure function per route), `server` (routes, headers, CORS,
the JSON 404) and `openapi` (the document at /api/v1/openapi.json, built from the same route table).
"""
