"""Evaluation of each pipeline stage against the labelled sets in tests/fixtures/."""
