"""Telegram and command-line adapters over the domain core."""
