"""Benchmarks that anyone can re-run: `python -m bench extraction|ingest|dedupe|search|all`."""
