"""One module per conversation; each step is one async function over a Ctx."""
