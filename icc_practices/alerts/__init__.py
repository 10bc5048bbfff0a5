"""E-mail alerts for any filter of an index: sign-up with double opt-in, sending in
background batches, one-click unsubscribe (docs/how-to/alerts.md)."""
