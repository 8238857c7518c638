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


def commit(ignore: Iterable[Path] = ()) -> dict[str, object]:
    """The checked-out commit and whether src/ and tests/fixtures/ differ from it (but for
    the `ignore` files, the model being written): a fit on a dirty tree cannot be rebuilt."""
    skip = {str(p.resolve().relative_to(REPO)) for p in ignore if p.resolve().is_relative_to(REPO)}
    try:
        head = _git("rev-parse", "HEAD").strip()
        status = _git("status", "--porcelain", "--", "src", "tests/fixtures").splitlines()
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "clean": False}
    dirty = [line[3:] for line in status if line[3:] not in skip]
    return {"commit": head, "clean": not dirty}


def same_code(recorded: str, ignore: Iterable[Path] = ()) -> bool:
    """Whether src/ and tests/fixtures/ here are as at the recorded commit (but for the
    `ignore` files): a model committed after its fit is rebuilt from the later commit."""
    skip = [f":(exclude){p.resolve().relative_to(REPO)}" for p in ignore]
    try:
        _git("diff", "--quiet", recorded, "--", "src", "tests/fixtures", *skip)
    except (OSError, subprocess.CalledProcessError):
        return False
    return True


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
    if old.get("commit") != new.get("commit"):
        out.append(f"trained at {old.get('commit')}, now at {new.get('commit')}")
    if not old.get("clean", False):
        out.append("the recorded fit ran on a tree with uncommitted changes")
    return out
