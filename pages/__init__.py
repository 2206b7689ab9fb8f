"""pages: a package so that the import contracts (pyproject.toml) cover it."""
