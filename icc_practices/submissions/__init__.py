"""Proposing a practice: the public form (``views``), its abuse limits (``ratelimit``),
e-mails (``notifications``) and turning a proposal into a draft page (``conversion``)."""
