"""A local Telegram Bot API server: the one the end-to-end tests and `interlog sandbox` use."""

from .faults import FaultPlan
from .processor import MarkDoneProcessor
from .proxy import ensure_no_proxy
from .server import FakeTelegram
from .state import Chat, ChatMessage
from .user import FakeUser

__all__ = [
    "Chat",
    "ChatMessage",
    "FakeTelegram",
    "FakeUser",
    "FaultPlan",
    "MarkDoneProcessor",
    "ensure_no_proxy",
]
