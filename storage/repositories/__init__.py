"""Repositories over one AsyncConnection; the domain ports' implementations and the bot's."""

from storage.repositories.chat_states import ChatStateRepository
from storage.repositories.contacts import SqlContactRepository
from storage.repositories.drafts import SqlDraftRepository
from storage.repositories.entries import SqlEntryRepository
from storage.repositories.groups import SqlGroupRepository
from storage.repositories.logged_segments import SqlLoggedSegmentRepository
from storage.repositories.outbox import SqlOutboxRepository
from storage.repositories.processed_updates import ProcessedUpdateRepository
from storage.repositories.salespeople import SqlSalespersonRepository
from storage.repositories.segments import SqlSegmentRepository
from storage.repositories.setup import SqlSetupRepository
from storage.repositories.templates import SqlTemplateRepository
from storage.repositories.todos import SqlScheduleMarkRepository, SqlTodoRepository
from storage.repositories.users import SqlUserRepository

__all__ = [
    "ChatStateRepository",
    "ProcessedUpdateRepository",
    "SqlContactRepository",
    "SqlDraftRepository",
    "SqlEntryRepository",
    "SqlGroupRepository",
    "SqlLoggedSegmentRepository",
    "SqlOutboxRepository",
    "SqlSalespersonRepository",
    "SqlScheduleMarkRepository",
    "SqlSegmentRepository",
    "SqlSetupRepository",
    "SqlTemplateRepository",
    "SqlTodoRepository",
    "SqlUserRepository",
]
