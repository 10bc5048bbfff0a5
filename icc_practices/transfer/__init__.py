"""Bringing practices in and taking them out: one column list (``columns``) read by the
export, the import and the ICC template, so that the three never drift apart
(docs/how-to/import-and-export.md)."""
