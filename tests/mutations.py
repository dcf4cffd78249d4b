"""Planted bugs the tests must catch: `python -m tests.mutations [name ...]`.

Each case replaces one piece of text in a copy of the source tree (the working tree is never
touched), runs only the tests that guard that rule, and passes when they FAIL. First the
same tests run unmutated and must pass, so a failure means the planted bug, not a broken
suite. A case whose text is no longer in the code fails too: update it with the code.

Add a case when a rule gets a test; keep the selection narrow, the whole run stays under a
minute (CI runs it)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SKIPPED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    "*.egg-info",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
)


@dataclass(frozen=True)
class Mutation:
    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]  # pytest node ids


CONTRACT_SQLITE = (
    "tests/contract/test_rules.py::test_storage_and_fakes_follow_the_domain_rules[sqlite]",
)
SERVICES = "tests/services/"
DRAFT_CAMPAIGN = (
    f"{SERVICES}test_interactions.py::"
    "test_the_campaign_goes_from_the_template_through_the_draft_to_the_entry[fake]"
)
PRIVACY = (
    f"{SERVICES}test_segments.py::"
    "test_a_contact_blocked_due_to_privacy_is_refused_when_logging[sqlite]"
)
FOLLOW_UP = (
    f"{SERVICES}test_segments.py::"
    "test_follow_up_segment_has_the_same_contacts_and_next_number[fake]"
)

RIGHTS = (
    f"{SERVICES}test_segment_rights.py::test_a_salesperson_cannot_log_a_colleagues_segment[fake]"
)
ACCESS = f"{SERVICES}test_access.py::"
TODOS = f"{SERVICES}test_todos.py::"
REMINDERS = (
    "tests/bot/followups/test_reminders.py::test_two_instances_send_each_reminder_once[postgresql]"
)

MUTATIONS = [
    Mutation(
        "entry from a draft without the draft's campaign",
        "domain/services/interactions.py",
        "        **contact_interaction_of(draft),\n",
        '        **{**contact_interaction_of(draft), "campaign_no": ""},\n',
        (DRAFT_CAMPAIGN,),
    ),
    Mutation(
        "logged segment entry without its template's campaign (SQL)",
        "storage/repositories/entries.py",
        'func.nullif(header_t.c.campaign_no, ""), template_t.c.campaign_no, ""',
        'func.nullif(header_t.c.campaign_no, ""), ""',
        CONTRACT_SQLITE,
    ),
    Mutation(
        "logged segment entry without its template's campaign (domain rule)",
        "domain/segment_rules.py",
        'campaign_no=header.campaign_no or (template.campaign_no if template else ""),',
        "campaign_no=header.campaign_no,",
        CONTRACT_SQLITE,
    ),
    Mutation(
        "a privacy-blocked line accepted by Log Segment (SQL)",
        "storage/repositories/segments.py",
        "            (contact_t.c.privacy_blocked, LineProblem.PRIVACY.value),\n",
        "",
        (*CONTRACT_SQLITE, PRIVACY),
    ),
    Mutation(
        "a privacy-blocked line accepted by Log Segment (domain rule)",
        "domain/segment_rules.py",
        "    if contact.privacy_blocked:\n        return LineProblem.PRIVACY\n",
        "",
        CONTRACT_SQLITE,
    ),
    Mutation(
        "the follow-up segment missing one contact (SQL)",
        "storage/repositories/segments.py",
        "        ).where(line_t.c.segment_no == source_no)\n",
        "        ).where(line_t.c.segment_no == source_no).offset(1)\n",
        CONTRACT_SQLITE,
    ),
    Mutation(
        "the follow-up segment missing one contact (domain rule)",
        "domain/segment_rules.py",
        "        for line in sorted(lines, key=lambda ln: ln.line_no)\n    ]\n",
        "        for line in sorted(lines, key=lambda ln: ln.line_no)[1:]\n    ]\n",
        (FOLLOW_UP,),
    ),
    Mutation(
        "a salesperson logging a colleague's segment",
        "domain/access.py",
        '    return user.is_admin or segment.salesperson_code in ("", user.salesperson_code)\n',
        "    return True\n",
        (RIGHTS, f"{ACCESS}test_a_salesperson_logs_own_or_unowned_segments_administrators_any"),
    ),
    Mutation(
        "a segment's lines not given with it (SQL)",
        "storage/repositories/segments.py",
        "            .values(salesperson_code=salesperson_code)\n",
        "            .values(salesperson_code=line_t.c.salesperson_code)\n",
        CONTRACT_SQLITE,
    ),
    Mutation(
        "a segment given to a blocked salesperson",
        "domain/services/segments.py",
        "        if salesperson.blocked:\n",
        "        if False:\n",
        (
            f"{SERVICES}test_segments.py::"
            "test_assigning_a_segment_is_for_administrators_and_names_a_usable_salesperson[fake]",
        ),
    ),
    Mutation(
        "a company criterion matching only a company's whole name (SQL)",
        "storage/repositories/contacts.py",
        "named.c.search_name.contains(by_name, autoescape=True)",
        "named.c.search_name == by_name",
        CONTRACT_SQLITE,
    ),
    Mutation(
        "a non-admin creating a segment through the service",
        "domain/access.py",
        '    if not may_administer(user):\n        raise Forbidden("admins_only")',
        '    if False:\n        raise Forbidden("admins_only")',
        (f"{ACCESS}test_only_administrators_manage_segments_and_series[create-fake]",),
    ),
    Mutation(
        "a blocked salesperson still served",
        "domain/access.py",
        "    if user.salesperson_blocked:\n        raise",
        "    if False:\n        raise",
        (f"{ACCESS}test_a_blocked_salesperson_can_do_nothing",),
    ),
    Mutation(
        "another's interaction being filled in touched",
        "domain/access.py",
        "    if draft.user_id != user.telegram_id:",
        "    if False:",
        (f"{ACCESS}test_an_interaction_being_filled_in_is_its_users_alone",),
    ),
    Mutation(
        "another's postponed interaction touched",
        "domain/access.py",
        '        raise NotFound("postponed_not_found", entry_no=entry.entry_no)',
        "        pass",
        (f"{ACCESS}test_a_postponed_interaction_is_its_salespersons_alone",),
    ),
    Mutation(
        "a colleague's to-do snoozed, canceled or closed",
        "domain/services/todos.py",
        "    return user.is_admin or todo.salesperson_code == user.salesperson_code\n",
        "    return True\n",
        (f"{TODOS}test_a_colleagues_todo_is_not_found_and_only_admins_filter[fake]",),
    ),
    Mutation(
        "a salesperson listing a colleague's to-dos",
        "domain/services/todos.py",
        "        if not may_administer(user):\n            raise Forbidden(",
        "        if False:\n            raise Forbidden(",
        (f"{TODOS}test_a_colleagues_todo_is_not_found_and_only_admins_filter[fake]",),
    ),
    Mutation(
        "a to-do's reminder claimed by two instances at once",
        "storage/repositories/todos.py",
        "where(t.c.no == no, t.c.reminded == false())",
        "where(t.c.no == no)",
        (REMINDERS,),
    ),
    Mutation(
        "an outbox message leased before Telegram's limits let it through",
        "bot/transport/outbox.py",
        "            await self._throttle.wait(message.chat_id)\n"
        "            async with self._uow_factory(priority=Priority.BACKGROUND) as uow:\n"
        "                now = self.now()\n"
        "                leased = await uow.outbox.lease(message.id, now=now, until=now + _LEASE)\n"
        "                await uow.commit()\n",
        "            async with self._uow_factory(priority=Priority.BACKGROUND) as uow:\n"
        "                now = self.now()\n"
        "                leased = await uow.outbox.lease(message.id, now=now, until=now + _LEASE)\n"
        "                await uow.commit()\n"
        "            await self._throttle.wait(message.chat_id)\n",
        (
            "tests/bot/test_outbox_lease.py::"
            "test_a_message_held_longer_than_a_lease_is_posted_once[sqlite]",
        ),
    ),
]


def _pytest(tree: Path, args: tuple[str, ...]) -> subprocess.CompletedProcess[str]:
    # The copy first on the path: the tests import the mutated code, not the installed one.
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONDONTWRITEBYTECODE": "1"}
    # One process per case: the cases themselves run two at a time.
    command = [sys.executable, "-m", "pytest", "-q", "-x", "-n", "0", "-p", "no:randomly"]
    command += ["-p", "no:cacheprovider", *args]
    return subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)


def _copy(into: Path) -> Path:
    tree = into / "tree"
    shutil.copytree(ROOT, tree, ignore=_SKIPPED)
    return tree


def _plant(case: Mutation, tmp: Path) -> tuple[str, float, str]:
    """(verdict, seconds, output) of one case, in a copy of its own."""
    started = time.monotonic()
    tree = _copy(tmp)
    target = tree / case.path
    original = target.read_text()
    if original.count(case.old) != 1:
        return "STALE", 0.0, f"the text to replace is not in {case.path} exactly once\n"
    target.write_text(original.replace(case.old, case.new))
    result = _pytest(tree, case.tests)
    seconds = time.monotonic() - started
    if result.returncode == 1:  # the tests ran and failed: the bug was caught
        return "caught", seconds, ""
    verdict = "SURVIVED" if result.returncode == 0 else f"ERROR {result.returncode}"
    return verdict, seconds, result.stdout[-3000:] + result.stderr[-2000:]


def run(cases: list[Mutation], *, workers: int) -> bool:
    with tempfile.TemporaryDirectory(prefix="interlog-mutations-") as tmp:
        base = Path(tmp)
        # Every selected test passes before anything is planted, so that a failure below
        # means the planted bug, not a broken suite.
        baseline = _pytest(
            _copy(base / "baseline"),
            tuple(dict.fromkeys(test for case in cases for test in case.tests)),
        )
        if baseline.returncode != 0:
            print(f"BASELINE FAILS\n{baseline.stdout[-3000:]}{baseline.stderr[-2000:]}")
            return False
        with ThreadPoolExecutor(max_workers=workers) as pool:
            outcomes = pool.map(
                lambda numbered: _plant(numbered[1], base / str(numbered[0])), enumerate(cases)
            )
            caught = True
            for case, (verdict, seconds, output) in zip(cases, outcomes, strict=True):
                print(f"{verdict:9} {case.name} ({seconds:.1f} s)\n{output}".rstrip())
                caught = caught and verdict == "caught"
        return caught


def main(argv: list[str]) -> int:
    cases = [m for m in MUTATIONS if not argv or any(a in m.name for a in argv)]
    started = time.monotonic()
    workers = int(os.environ.get("INTERLOG_MUTATION_WORKERS", "2"))
    ok = run(cases, workers=workers)
    verdict = "all caught" if ok else "NOT ALL CAUGHT"
    print(f"{len(cases)} planted bugs, {time.monotonic() - started:.0f} s: {verdict}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
