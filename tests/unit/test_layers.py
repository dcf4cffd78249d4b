"""The layers import only what the README's architecture section says they may, and the
conversations reach the data only through the domain's services: they take the unit of
work as the domain's port, pass it on, and never read a repository themselves."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The steps of the conversations; the pipeline around them owns the unit of work.
CONVERSATIONS = [
    p for p in sorted((ROOT / "bot" / "conversations").glob("*.py")) if p.name != "pipeline.py"
] + [ROOT / "bot" / "errors.py"]


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


def test_the_command_line_reads_no_repository_of_the_domain() -> None:
    """`uow.users.list()` and the like: the command line, as the chat, goes through the
    services, which check the operator's rights. The bot's own bookkeeping of updates
    (`processed_updates`, no port of the domain) is read directly, as the transport does."""
    from domain.ports import UnitOfWork

    repositories = {name for name, value in vars(UnitOfWork).items() if isinstance(value, property)}
    assert "users" in repositories
    reached = [
        f"{path.relative_to(ROOT)}:{node.lineno} uow.{node.value.attr}"
        for path in sorted((ROOT / "cli").glob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Attribute)
        and isinstance(node.value.value, ast.Name)
        and node.value.value.id == "uow"
        and node.value.attr in repositories
    ]
    assert reached == []


OURS = {"bot", "cli", "domain", "sandbox", "storage", "bench", "tests"}

FORBIDDEN = {
    "domain": {
        "bot",
        "cli",
        "sandbox",
        "storage",
        "telegram",
        "sqlalchemy",
        "aiosqlite",
        "asyncpg",
    },
    "storage": {"bot", "cli", "sandbox", "telegram"},
    "bot": {"cli", "sandbox"},
    # The pipeline hands its replies to the transport; the transport knows no conversation.
    "bot/transport": {"bot.conversations"},
}


def _imports(folder: str) -> list[tuple[str, str]]:
    """(file, imported module) for every import in the folder's Python files."""
    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(str(path.relative_to(ROOT)), alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                found.append((str(path.relative_to(ROOT)), node.module))
    return found


@pytest.mark.parametrize("folder", sorted(FORBIDDEN))
def test_a_layer_imports_nothing_above_it(folder: str) -> None:
    wrong = [
        (file, module)
        for file, module in _imports(folder)
        if any(module == name or module.startswith(f"{name}.") for name in FORBIDDEN[folder])
    ]
    assert wrong == []


@pytest.mark.parametrize("folder", ["bot", "cli", "domain", "sandbox", "storage", "bench"])
def test_no_private_module_of_a_dependency_is_imported(folder: str) -> None:
    """An upgrade may change a dependency's private modules without notice."""
    private = [
        (file, module)
        for file, module in _imports(folder)
        if module.split(".")[0] not in OURS | set(sys.stdlib_module_names)
        and any(part.startswith("_") for part in module.split("."))
    ]
    assert private == []
