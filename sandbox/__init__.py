"""Interlog without Telegram: an embedded Bot API server, and the bot served to a browser chat."""
