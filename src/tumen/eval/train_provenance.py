"""What a learned model file must record to be rebuilt exactly: digests of the labelled
data it learnt from and of the samples its fitter read, the commit and the library
versions (`python -m tumen.eval.train_topics --verify` compares them with a retrain)."""

from __future__ import annotations

import hashlib
import json
import platform
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
# The libraries a fit or its features depend on (tokenisers, solvers, arrays).
LIBRARIES = (
    "scikit-learn", "scipy", "numpy", "kiwipiepy", "kiwipiepy_model", "sudachipy",
    "sudachidict_core",
)


def digest(rows: Iterable[object]) -> str:
    """sha256 of the rows in order, each as canonical JSON (floats by repr)."""
    h = hashlib.sha256()
    for row in rows:
        h.update(json.dumps(row, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def case_row(case: dict[str, Any]) -> list[object]:
    """What a labelled text gives a topic fit: its id, words, date and topic labels."""
    exp = case["expected"]
    return [
        case["id"], case.get("title"), case.get("published"), case["text"],
        sorted(exp["topics"]), sorted(exp.get("topics_optional", [])),
    ]


def by_source(rows: Iterable[tuple[str, object]]) -> dict[str, str]:
    """One digest per source over its rows, in training order."""
    grouped: dict[str, list[object]] = {}
    for source, row in rows:
        grouped.setdefault(source, []).append(row)
    return {source: digest(items) for source, items in sorted(grouped.items())}


def versions() -> dict[str, str]:
    """Python's and each installed library's version."""
    out = {"python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return out


# What the features and the fit are computed by: the package (a digest, since a rebase
# gives the same code another commit; the labelled texts have digests of their own).
CODE = ("src/tumen",)


def code(ignore: Iterable[Path] = ()) -> str:
    """sha256 of every file under CODE but the `ignore` files and compiled caches."""
    skip = {p.resolve() for p in ignore}
    files = sorted(
        p for root in CODE for p in (REPO / root).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.resolve() not in skip
    )
    return digest([str(p.relative_to(REPO)), hashlib.sha256(p.read_bytes()).hexdigest()]
                  for p in files)


def commit(ignore: Iterable[Path] = ()) -> dict[str, object]:
    """The checked-out commit, whether src/ differs from it (but for the `ignore` files,
    the model being written: a fit on a dirty tree cannot be rebuilt) and the code digest."""
    skip = {str(p.resolve().relative_to(REPO)) for p in ignore if p.resolve().is_relative_to(REPO)}
    try:
        head = _git("rev-parse", "HEAD").strip()
        status = _git("status", "--porcelain", "--", "src").splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "clean": False}
    dirty = [line[3:] for line in status if line[3:] not in skip]
    return {"commit": head, "clean": not dirty, "code": code(ignore)}


def _git(*args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(REPO), *args], check=True, capture_output=True, text=True
    ).stdout


def differences(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Where two provenance records part, in words (the cause of a model not rebuilt)."""
    out = []
    for key, what in (("data", "labelled texts"), ("samples", "samples as the fitter read")):
        a, b = old.get(key, {}), new.get(key, {})
        for source in sorted(set(a) | set(b)):
            if a.get(source) != b.get(source):
                out.append(f"{what} of {source} differ")
    for name in sorted(set(old.get("versions", {})) | set(new.get("versions", {}))):
        a, b = old.get("versions", {}).get(name), new.get("versions", {}).get(name)
        if a != b:
            out.append(f"{name} {a} -> {b}")
    if old.get("code") != new.get("code"):
        out.append(f"the code differs from that of the fit (at {old.get('commit')})")
    if not old.get("clean", False):
        out.append("the recorded fit ran on a tree with uncommitted changes")
    return out
