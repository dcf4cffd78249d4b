"""Interlog's domain core: Relationship Management rules with no I/O of their own."""
