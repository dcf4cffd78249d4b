"""Use cases as plain async functions over an open unit of work; the caller commits."""
