"""Signal receivers. Empty hooks for now: the listing cache (see docs/architecture.md)
will be invalidated here on publish, unpublish, move, delete and taxonomy edits."""
