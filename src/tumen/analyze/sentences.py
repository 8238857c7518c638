"""Sentence splitting with offsets, for English, Korean and Japanese."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at . ! ? 。 ！ ？ (plus closing quotes) before a space or end, or at a
# blank line; "Mr." style abbreviations and initials ("U.S.") do not end one.
_END = re.compile(
    r"(?<=[.!?])[\"'”’)\]]*(?:\s+|$)|(?<=[。！？])[」』”’）)]*\s*|\n\s*\n|\n(?=\s*[-*•])"
    # scraped timelines lose their line breaks: "without successMay 11 Seoul-based ..."
    r"|(?<=[a-z])(?=(?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December) \d)"
    # scraped pages lose the space after a full stop: "a slight increase.A ministry official"
    r"|(?<=[a-z]{2}[.!?])(?=[A-Z](?:[a-z]|\s))"
)
_ABBREV = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Mt|No|Gen|Col|Lt|Sgt|Rev|Prof|Jr|Sr|vs|etc|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|approx)|\b[A-Z]|\d"
    # a time of day or a Latin abbreviation: "at 11 p.m. on Sunday" goes on
    r"|\b(?:[ap]\.m|e\.g|i\.e))\.$"
)


@dataclass(frozen=True)
class Sentence:
    """A sentence and its character offsets in the text."""

    text: str
    start: int
    end: int


# A line with no closing punctuation before a capitalised line is a headline, caption or
# label ("Thailand detains N Korea migrants" then the lede), unless the text is hard-wrapped.
_LINE_END = re.compile(r"(?<=[A-Za-z)\]\"'”’])[ \t]*\n(?=[ \t]*[A-Z\d\"“‘'])")
# Korean and Japanese sentences close with punctuation (다. 。): a line that ends in a
# word is a headline, a caption or a byline, not the first half of a sentence.
_CJK_LINE_END = re.compile(
    r"(?<=[\uac00-\ud7a3\u3040-\u30ff\u4e00-\u9fff…」』])[ \t]*\n(?=[ \t]*\S)"
)
# A hard-wrapped text breaks its lines inside sentences: many lines then go on in lower case.
_WRAPPED = re.compile(r"(?<=[\w,])[ \t]*\n(?=[ \t]*[a-z])")


# A line break inside a paragraph: a line with text on both sides.
_INNER_BREAK = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*\S)")


def hard_wrapped(text: str) -> bool:
    """Whether the text breaks its lines inside sentences (many lines go on in lower case)."""
    return len(_WRAPPED.findall(text)) >= 3


def unwrap(text: str) -> str:
    """A hard-wrapped text with each line break inside a paragraph made a space, so that
    words a break split ("12 North\nKoreans") read as one phrase; blank lines, and so
    paragraphs, stay; offsets do not move."""
    if not hard_wrapped(text):
        return text
    return _INNER_BREAK.sub(lambda m: " " * len(m.group()), text)


def _breaks(text: str) -> list[re.Match[str]]:
    """Where sentences may end, in order: punctuation, blank lines, unpunctuated lines."""
    found = list(_END.finditer(text))
    if hard_wrapped(text):
        return found
    found += _LINE_END.finditer(text)
    return sorted(found, key=lambda m: m.start())


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences, keeping offsets; blank lines always split."""
    out: list[Sentence] = []
    start = 0
    for match in _breaks(text):
        if match.start() < start:
            continue
        end = match.start()
        piece = text[start:end].rstrip()
        if "\n\n" not in match.group() and _ABBREV.search(piece) and match.end() < len(text):
            # (past the quote that opens the next sentence: "… at 15. “Most …")
            nxt = text[match.end() :].lstrip("\"'“‘(")[:1]
            if not nxt.isupper():
                continue
            if re.search(r"\b(?:U\.S|U\.K|U\.N)\.$|\b(?:Mr|Mrs|Ms|Dr)\.$", piece):
                continue
        _append(out, text, start, end)
        start = match.end()
    _append(out, text, start, len(text))
    return out


def _append(out: list[Sentence], text: str, start: int, end: int, base: int = 0) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], base + start, base + end))


def split_headlines(sentences: list[Sentence]) -> list[Sentence]:
    """The sentences with Korean and Japanese headline lines cut from what follows them:
    an event is told in one line, while a statistic's figure may be in a headline and its
    period in the lede (so statistics read the sentences whole)."""
    out: list[Sentence] = []
    for sent in sentences:
        start = 0
        for hit in _CJK_LINE_END.finditer(sent.text):
            _append(out, sent.text, start, hit.start(), sent.start)
            start = hit.end()
        _append(out, sent.text, start, len(sent.text), sent.start)
    return out
