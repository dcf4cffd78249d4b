"""What `interlog run` imports before its first reply: nothing only some updates or
commands need."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_bot_starts_without_the_chart_library() -> None:
    """matplotlib (with numpy, a third of the start-up imports) comes with the first chart."""
    code = "import sys, bot.runner, cli.main; print(sorted({m.split('.')[0] for m in sys.modules}))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    assert "'bot'" in loaded  # the import ran
    assert "'matplotlib'" not in loaded and "'numpy'" not in loaded
    # Nor alembic: checking the schema is current reads one row (storage/schema.py).
    assert "'alembic'" not in loaded


def test_the_command_line_reads_its_arguments_without_the_sandbox() -> None:
    """Every command builds the parser, the sandbox's arguments included; the sandbox
    itself (the bot, a Bot API, a web page) is imported only by `interlog sandbox`."""
    code = "import sys, cli.main; cli.main._parser(); print(sorted(sys.modules))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    assert "'sandbox.cli'" in loaded  # the parser was built
    assert "'sandbox.session'" not in loaded and "'bot.app'" not in loaded
