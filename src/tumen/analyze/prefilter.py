"""Cheap necessary conditions for regular expressions: skip a search that cannot match.

Every match of a pattern contains one of its needles: literal strings read from the
parsed pattern. A substring test on the case-folded text is much faster than running the
pattern, and a pattern whose needles are all absent cannot match, so skipping it changes
no result. Folding mirrors `re`'s own case-insensitive matching (simple lowercase plus the
extra equivalences of re._casefix), so a needle found case-insensitively by the pattern is
also found in the folded text; patterns that cannot be read this way get no needles.
"""

from __future__ import annotations

import bisect
import importlib
import itertools
import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any


def _private(name: str) -> Any:
    """A private module of `re` (Python 3.11+), or None: then every pattern simply runs."""
    try:
        return importlib.import_module(name)
    except ImportError:  # pragma: no cover
        return None


_parser = _private("re._parser")
_casefix = _private("re._casefix")
sre = _private("re._constants")

# Above this many alternatives a needle set is dropped: the test would cost more than it saves.
_MAX_NEEDLES = 48
# Above this many characters a match is too wide to look for around its needles.
_MAX_WIDTH = 200
# A pattern without these characters is its own only needle (no need to parse it).
_SPECIAL = frozenset(".^$*+?{}[]\\|()#")
# İ is the only character whose lowercase is two characters; `re` lowers it to "i".
_BEFORE_LOWER = {0x130: "i"}


def _equivalences() -> dict[int, str]:
    """Each character `re` treats as equal to another when ignoring case, to one of them."""
    if _casefix is None:  # pragma: no cover
        return {}
    classes: list[set[int]] = []
    for code, extra in _casefix._EXTRA_CASES.items():
        members = {code, *extra}
        joined = [c for c in classes if c & members]
        for c in joined:
            members |= c
            classes.remove(c)
        classes.append(members)
    return {m: chr(min(c)) for c in classes for m in c if m != min(c)}


_EQUIVALENT = _equivalences()


def fold(text: str) -> str:
    """Text as `re` compares it when ignoring case; same length as text."""
    return text.translate(_BEFORE_LOWER).lower().translate(_EQUIVALENT)


@lru_cache(maxsize=8)
def folded(text: str) -> str:
    """fold(text), kept for the few texts being analysed (one fold per text, not per search)."""
    return fold(text)


def _product(left: frozenset[str], right: frozenset[str]) -> frozenset[str] | None:
    out = frozenset(a + b for a, b in itertools.product(left, right))
    return out if len(out) <= _MAX_NEEDLES else None


def _exact_seq(items: Any) -> frozenset[str] | None:
    """The finite set of strings a sequence matches, or None."""
    out: frozenset[str] | None = frozenset({""})
    for op, av in items:
        part = _exact(op, av)
        if part is None or out is None:
            return None
        out = _product(out, part)
    return out


def _exact(op: Any, av: Any) -> frozenset[str] | None:
    """The finite set of strings one item matches ("" for zero-width items), or None."""
    if op is sre.LITERAL:
        return frozenset({chr(av)})
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return frozenset({""})
    if op is sre.IN and all(o is sre.LITERAL for o, _ in av) and len(av) <= _MAX_NEEDLES:
        return frozenset(chr(c) for _, c in av)
    if op is sre.SUBPATTERN:
        return _exact_seq(av[3])
    if op is sre.BRANCH:
        parts = [_exact_seq(b) for b in av[1]]
        if any(p is None for p in parts):
            return None
        union = frozenset().union(*parts)  # type: ignore[arg-type]
        return union if len(union) <= _MAX_NEEDLES else None
    return None


def _required(op: Any, av: Any) -> frozenset[str] | None:
    """Needles every match of an item that is not exact contains, or None."""
    if op is sre.SUBPATTERN:
        return _best(_candidates(av[3]))
    if op is sre.ATOMIC_GROUP:
        return _best(_candidates(av))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) and av[0] >= 1:
        return _best(_candidates(av[2]))
    if op is sre.BRANCH:
        parts = [_best(_candidates(b)) for b in av[1]]
        if any(p is None for p in parts):
            return None
        union = frozenset().union(*parts)  # type: ignore[arg-type]
        return union if len(union) <= _MAX_NEEDLES else None
    return None


def _candidates(items: Any) -> list[frozenset[str]]:
    """Needle sets of a sequence: runs of exact items joined, and what other items require."""
    found: list[frozenset[str]] = []
    run = frozenset({""})
    for op, av in items:
        part = _exact(op, av)
        joined = _product(run, part) if part is not None else None
        if joined is not None:
            run = joined
            continue
        found.append(run)
        run = part if part is not None else frozenset({""})
        if part is None:
            inner = _required(op, av)
            if inner is not None:
                found.append(inner)
    found.append(run)
    return [c for c in found if "" not in c]


def _best(candidates: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective needle set: longest shortest needle, then fewest needles."""
    if not candidates:
        return None
    return max(candidates, key=lambda c: (min(map(len, c)), -len(c)))


@lru_cache(maxsize=4096)
def needles(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Folded strings one of which every match of rx contains; None when none are known."""
    if _parser is None:  # pragma: no cover
        return None
    if rx.pattern and _SPECIAL.isdisjoint(rx.pattern) and not rx.flags & re.VERBOSE:
        return (fold(rx.pattern),)
    try:
        best = _best(_candidates(_parser.parse(rx.pattern, rx.flags)))
    except Exception:  # an unreadable pattern just runs every time
        return None
    return tuple(sorted({fold(n) for n in best})) if best else None


def may_match(rx: re.Pattern[str], text: str, start: int = 0, end: int | None = None) -> bool:
    """False only when rx cannot match inside text[start:end]."""
    found = needles(rx)
    if found is None:
        return True
    low = folded(text)
    stop = len(text) if end is None else end
    if len(found) == 1:  # the usual case: no generator to build per call
        return low.find(found[0], start, stop) >= 0
    return any(low.find(n, start, stop) >= 0 for n in found)


def spans(rx: re.Pattern[str], text: str) -> list[tuple[int, int]] | None:
    """Sorted spans of rx's needles in text (a match lies around one), None when unknown."""
    found = needles(rx)
    if found is None:
        return None
    low = folded(text)
    out = []
    for needle in found:
        at = low.find(needle)
        while at >= 0:
            out.append((at, at + len(needle)))
            at = low.find(needle, at + 1)
    return sorted(out)


def within(found: list[tuple[int, int]] | None, start: int, end: int) -> bool:
    """Whether one of spans() lies inside start..end (True when the spans are unknown)."""
    if found is None:
        return True
    for s, e in found[bisect.bisect_left(found, (start, start)) :]:
        if s >= end:
            return False
        if e <= end:
            return True
    return False


@lru_cache(maxsize=4096)
def _width(rx: re.Pattern[str]) -> int | None:
    """The most characters one match of rx spans, when rx is led by a boundary ("\\b"),
    which leaves `re` no first character to search for, and its matches are short."""
    if _parser is None:  # pragma: no cover
        return None
    try:
        parsed = _parser.parse(rx.pattern, rx.flags)
    except Exception:
        return None
    if not len(parsed) or parsed[0][0] is not sre.AT:
        return None  # re finds where a match can start by itself
    widest = int(parsed.getwidth()[1])
    return widest if widest <= _MAX_WIDTH else None


def _starts(found: list[tuple[int, int]], width: int) -> list[tuple[int, int]]:
    """Where a match can start (merged half-open ranges): at most `width` before the end
    of a needle, not after its start; of the needles from there on, the one ending first."""
    soonest = [e for _, e in found]
    for i in range(len(soonest) - 2, -1, -1):
        soonest[i] = min(soonest[i], soonest[i + 1])
    out: list[tuple[int, int]] = []
    for (start, _), end in zip(found, soonest, strict=True):
        a, b = max(0, end - width), start + 1
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        elif a < b:
            out.append((a, b))
    return out


def finditer(rx: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """rx.finditer(text), the same matches, trying only where one can start when that is
    cheaper: a match holds one of rx's needles, so it starts at most its widest match
    before the end of one and not after its start. `re` scanning a whole text for a
    pattern led by a word boundary ("\\bwere sold") passes over every character."""
    width, found = _width(rx), needles(rx)
    # one try at a place costs about as much as scanning 16 characters
    if width is None or found is None or 16 * (width + 1) * sum(
        folded(text).count(n) for n in found
    ) > len(text):
        yield from rx.finditer(text)
        return
    windows = _starts(spans(rx, text) or [], width)
    at = 0
    for a, b in windows:
        q = max(a, at)
        while q < b:
            hit = rx.match(text, q)
            if hit is None:
                q += 1
                continue
            yield hit
            at = hit.end()
            q = max(at, q + 1)
