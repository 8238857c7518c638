"""Alerts, digests and briefs: watch rules, their delivery, and documents to send."""
