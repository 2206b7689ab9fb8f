"""The view layer's tests share the domain's fixtures: the knowledge base and a private copy of data/."""

from tests.policy.conftest import DATA, ROOT, data_copy, kb, run_cli  # noqa: F401
