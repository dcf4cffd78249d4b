"""The `interlog` command line: running the bot and administering its database."""
