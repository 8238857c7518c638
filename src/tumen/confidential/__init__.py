"""Confidential case notes: encrypted at rest, audited, never in public output."""
