"""Which files of an ingested folder are not reports (documentation, licences, data)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import PurePath

from tumen.datafiles import load_yaml

_HEADING = re.compile(r"^#{1,6} \S", re.M)
_FENCE = re.compile(r"^(```|~~~)", re.M)
_CODE_SPAN = re.compile(r"`[^`\n]+`")


@dataclass(frozen=True)
class SkipRules:
    """The contents of data/not_reports.yaml."""

    names: frozenset[str]
    extensions: frozenset[str]
    licence: re.Pattern[str]
    min_headings: int
    min_code_spans: int


@lru_cache(maxsize=1)
def rules() -> SkipRules:
    """The rules, read once from the package."""
    raw = load_yaml((resources.files("tumen") / "data" / "not_reports.yaml")
                     .read_text(encoding="utf-8"))
    return SkipRules(
        names=frozenset(raw["names"]), extensions=frozenset(raw["extensions"]),
        licence=re.compile("|".join(f"(?:{p})" for p in raw["licence_phrases"]), re.I),
        min_headings=raw["markdown"]["headings"], min_code_spans=raw["markdown"]["code_spans"])


def skipped_by_name(path: PurePath) -> str | None:
    """Why a file is not a report, judged by its name alone; None when it may be one."""
    r = rules()
    if path.name.startswith("."):
        return "hidden file"
    if path.name.lower().split(".")[0] in r.names:
        return "documentation of the folder"
    if path.suffix.lower() in r.extensions:
        return f"{path.suffix.lower()} file"
    return None


def skipped_by_content(body: bytes) -> str | None:
    """Why a file's text is not a report (a licence, Markdown documentation); else None."""
    r = rules()
    head = body[:8192].decode("utf-8", "replace")
    if r.licence.search(head):
        return "licence text"
    if len(_HEADING.findall(head)) >= r.min_headings and (
            _FENCE.search(head) or len(_CODE_SPAN.findall(head)) >= r.min_code_spans):
        return "Markdown documentation"
    return None
