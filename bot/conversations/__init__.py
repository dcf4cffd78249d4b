"""The conversations: one pipeline for every update, the router, and one module per command."""
