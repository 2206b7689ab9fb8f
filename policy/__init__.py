"""Coverage Explorer's pure core: data loading and validation, the entitlement engine, scenarios.

Never imports Streamlit, so any front end (or the command line) can use it.
"""

from policy.engine import (
    Case,
    CaseError,
    Resolution,
    coverage_report,
    make_case,
    matrix,
    resolve,
    rule_set,
)
from policy.knowledge_base import DataError, KnowledgeBase, load_knowledge_base

__all__ = [
    "Case",
    "CaseError",
    "DataError",
    "KnowledgeBase",
    "Resolution",
    "coverage_report",
    "load_knowledge_base",
    "make_case",
    "matrix",
    "resolve",
    "rule_set",
]
