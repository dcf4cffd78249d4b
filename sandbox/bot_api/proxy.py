"""Keep HTTP clients from sending loopback traffic through a proxy configured in the env."""

from __future__ import annotations

import os

LOOPBACK = ("127.0.0.1", "localhost")


def ensure_no_proxy() -> None:
    """Add 127.0.0.1 and localhost to NO_PROXY/no_proxy, keeping entries already there.

    httpx (used by python-telegram-bot) reads these when its client is created, so this must run
    before the Application is built.
    """
    for var in ("NO_PROXY", "no_proxy"):
        entries = [e.strip() for e in os.environ.get(var, "").split(",") if e.strip()]
        entries += [host for host in LOOPBACK if host not in entries]
        os.environ[var] = ",".join(entries)
