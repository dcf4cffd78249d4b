"""The conversations reach the data only through the domain's services: they take the
unit of work as the domain's port, pass it on, and never read a repository themselves."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONVERSATIONS = [
    *sorted((ROOT / "bot" / "flows").glob("*.py")),
    *(ROOT / "bot" / name for name in ("cards.py", "pickers.py", "notifications.py")),
    *(ROOT / "bot" / name for name in ("context.py", "router.py", "errors.py")),
]


def _trees() -> list[tuple[str, ast.Module]]:
    return [(str(p.relative_to(ROOT)), ast.parse(p.read_text())) for p in CONVERSATIONS]


def test_no_conversation_imports_storage() -> None:
    imported = [
        (name, node.module)
        for name, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("storage")
    ]
    assert imported == []


def test_no_conversation_reads_a_repository() -> None:
    """`ctx.uow.contacts.get(...)` and the like: what a step shows comes from a service."""
    reached = [
        f"{name}:{node.lineno} uow.{node.attr}"
        for name, tree in _trees()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and node.value.attr == "uow"
    ]
    assert len(_trees()) > 10, "the list of conversation modules is stale"
    assert reached == []
