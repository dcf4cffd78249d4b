"""The Telegram transport: updates in (polling, webhook, inbox), requests out (HTTP, sending,
the outbox), and the housekeeping around them."""
