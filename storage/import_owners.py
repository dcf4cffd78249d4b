"""Who runs a contact import (domain.ports.ImportOwners): a process on a host, named
"host:pid" in the import journal; on this host the operating system tells whether it
still lives."""

from __future__ import annotations

import os
import socket


class HostProcesses:
    def this_process(self) -> str:
        return f"{socket.gethostname()}:{os.getpid()}"

    def may_run(self, owner: str) -> bool:
        """Whether the import `owner` may still be running: its process on this host lives
        (on another host it cannot be told, and is taken to run)."""
        host, _, pid = owner.rpartition(":")
        if host != socket.gethostname() or not pid.isdigit():
            return True
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except PermissionError:  # a process of another user has that id
            return True
        return True
