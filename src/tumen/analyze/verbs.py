"""English verb groups: which verb a word belongs to, and how the sentence tells it.

A part-of-speech tagger and phrase chunker (TextBlob's English parser: a Brill tagger over
a lexicon shipped in its wheel, no model download) finds each verb group ("had been
arrested", "will be sent", "are being held"); its auxiliaries say whether the act is told
as done (past, passive), planned or feared (modal, "to"), denied, ongoing or suspected, so
that an event verb is read as news only when its own group tells it happened. The words
that decide it are in data/verbs.yaml.
"""

from __future__ import annotations

import importlib.util
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from tumen.analyze.gazetteer import load_data

# Forms of a verb group that do not tell its act as done.
NOT_DONE = frozenset({"negated", "modal", "infinitive", "complement", "conditional"})
# Words, contractions' tails, numbers with their separators, hyphenated words, single marks.
_TOKEN = re.compile(r"\w+(?=n't)|n't|'\w+|\d[\d,.]*\d|\w+(?:-\w+)*|\S")
_BARE = {"VBD": "past", "VBZ": "present", "VBP": "present", "VBN": "participle", "VBG": "gerund"}


@dataclass(frozen=True)
class VerbGroup:
    """One verb group of a sentence; offsets are the sentence's."""

    start: int
    end: int
    head: int  # where its main verb (the group's last verb) starts
    lemma: str  # the main verb's lemma
    # past, present, perfect, pluperfect, progressive, participle, gerund (told as done or
    # being done); attributive (a gerund describing the noun before it: "defectors fleeing
    # to Laos"); modifier (a participle between an article and its noun: "the frozen
    # river", or a present form the tagger took for a verb: "their escape"); negated, modal,
    # infinitive, conditional (in a clause opened by "if"),
    # complement (a gerund someone is suspected of, fears or avoids): not done
    form: str
    passive: bool
    relative: bool  # right after a relative pronoun ("who were arrested")


@dataclass(frozen=True)
class _Words:
    modals: frozenset[str]
    negations: frozenset[str]
    be: frozenset[str]
    have: frozenset[str]
    relative: frozenset[str]
    conditions: frozenset[str]
    past_aux: frozenset[str]
    time_words: frozenset[str]
    factual: frozenset[str]
    speech_acts: frozenset[str]


@lru_cache(maxsize=1)
def _words() -> _Words:
    data = load_data("verbs.yaml")
    return _Words(**{k: frozenset(str(w) for w in data[k]) for k in _Words.__dataclass_fields__})


@lru_cache(maxsize=1)
def _parser() -> Any:
    """TextBlob's English tagger and chunker (its module textblob._text, stdlib only) with
    the lexicon files of its wheel. The module is loaded on its own: importing it as
    textblob._text runs textblob's package, which imports NLTK (a second or more at each
    start of a process) for nothing this uses."""
    spec = importlib.util.find_spec("textblob")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("textblob is not installed")
    root = Path(spec.submodule_search_locations[0])
    loader = importlib.util.spec_from_file_location("tumen_textblob_text", root / "_text.py")
    if loader is None or loader.loader is None:
        raise RuntimeError(f"no tagger module in {root}")
    text = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(text)
    en = root / "en"
    lexicon = text.Lexicon(
        path=str(en / "en-lexicon.txt"),
        morphology=str(en / "en-morphology.txt"),
        context=str(en / "en-context.txt"),
        entities=str(en / "en-entities.txt"),
        language="en",
    )
    return text.Parser(lexicon=lexicon, default=("NN", "NNP", "CD"), language="en")


@lru_cache(maxsize=4096)
def _lemma(word: str) -> str:
    from lemminflect import getLemma

    found = getLemma(word.lower(), upos="VERB")
    return found[0] if found else word.lower()


@dataclass(frozen=True)
class Token:
    """One word of a sentence with its part of speech and phrase chunk ("B-NP", "I-VP",
    "O"); offsets are the sentence's."""

    word: str
    tag: str
    chunk: str
    start: int
    end: int


@lru_cache(maxsize=512)
def chunks(sentence: str) -> tuple[Token, ...]:
    """The words of one sentence, tagged and chunked."""
    spans = [(m.start(), m.end()) for m in _TOKEN.finditer(sentence)]
    if not spans:
        return ()
    parser = _parser()
    chunked = parser.find_chunks(parser.find_tags([sentence[a:b] for a, b in spans]))
    return tuple(Token(c[0], c[1], c[2], a, b) for c, (a, b) in zip(chunked, spans, strict=True))


@lru_cache(maxsize=512)
def verb_groups(sentence: str) -> tuple[VerbGroup, ...]:
    """The verb groups of one sentence, in order."""
    tokens = chunks(sentence)
    if not tokens:
        return ()
    spans = [(t.start, t.end) for t in tokens]
    chunked = [[t.word, t.tag, t.chunk] for t in tokens]
    groups = []
    conditional = False  # inside a clause opened by "if", up to its comma
    i = 0
    while i < len(chunked):
        word = chunked[i][0].lower()
        conditional = (conditional or word in _words().conditions) and word != ","
        if chunked[i][2] != "B-VP":
            i += 1
            continue
        j = i + 1
        while j < len(chunked) and chunked[j][2] == "I-VP":
            j += 1
        group = _group(chunked, spans, i, j)
        if conditional and group.form not in NOT_DONE:
            group = replace(group, form="conditional")
        groups.append(group)
        i = j
    return tuple(groups)


def _group(chunked: list[list[str]], spans: list[tuple[int, int]], i: int, j: int) -> VerbGroup:
    """Read tokens i..j-1 (one verb chunk) with the words around it."""
    w = _words()
    words = [c[0].lower() for c in chunked[i:j]]
    tags = [c[1] for c in chunked[i:j]]
    verbs = [k for k, t in enumerate(tags) if t.startswith(("VB", "MD"))] or [len(words) - 1]
    head = verbs[-1]
    before = chunked[i - 1][0].lower() if i else ""
    # adverbs ("illegally entering", "was later arrested") say nothing of the form
    aux = [a for a, t in zip(words[:head], tags[:head], strict=True) if not t.startswith("RB")]
    form = _form(words[head], tags[head], aux, before)
    if _words().negations & {*words, before}:
        form = "negated"
    if form == "gerund" and before not in w.time_words:
        before_tag = chunked[i - 1][1][:2] if i else ""
        if aux == ["being"] or before_tag in ("IN", "VB", "TO", "RB", "JJ"):
            form = "complement"
        elif before_tag in ("NN", "PR"):
            form = "attributive"
    if form == "infinitive" and _factual(chunked, i, aux):
        form = "past"
    noun_after = j < len(chunked) and chunked[j][2] == "B-NP"
    bare = _after_article(chunked, i, aux)
    if bare and tags[head] in ("VBN", "VBD", "VBG") and noun_after:
        # a participle between an article and its noun describes it ("across the frozen
        # Yalu River", "a newly arrived family", "to the neighbouring country"): no verb
        # of the clause
        form = "modifier"
    elif bare and tags[head] in ("VB", "VBP", "VBZ"):
        # a bare present right after an article or a possessive is a noun the tagger took
        # for a verb ("halfway through their escape to Thailand"): no verb of the clause
        form = "modifier"
    elif form == "participle" and noun_after:
        # a bare participle with an object after it is a past tense the tagger took for
        # one ("Thai police arrested 12 North Koreans")
        form = "past"
    return VerbGroup(
        start=spans[i][0],
        end=spans[j - 1][1],
        head=spans[i + head][0],
        lemma=_lemma(words[head]),
        form=form,
        passive=any(a in w.be for a in aux) and tags[head] in ("VBN", "VBD"),
        relative=before in w.relative,
    )


def _after_article(chunked: list[list[str]], i: int, aux: list[str]) -> bool:
    """Whether a verb chunk with no auxiliary stands right after an article or possessive."""
    return not aux and i > 0 and chunked[i - 1][1] in ("DT", "PRP$")


def _factual(chunked: list[list[str]], i: int, aux: list[str]) -> bool:
    """Whether an infinitive tells what happened: perfect ("believed to have crossed"), or
    after a factual word up to four words before its "to"."""
    w = _words()
    if aux and aux[0] in w.have:
        return True
    return any(c[0].lower() in w.factual for c in chunked[max(0, i - 5) : i - 1])


def _form(verb: str, tag: str, aux: list[str], before: str) -> str:
    """How a verb group tells its act, the first that applies: planned, aimed at, ..."""
    w = _words()
    if w.modals & set(aux):
        return "modal"
    if before == "to" or (aux and aux[0] == "to"):
        return "infinitive"
    if aux == ["being"]:
        return "gerund"  # "after being arrested"; "avoid being repatriated" (a complement)
    if "being" in aux or (tag == "VBG" and any(a in w.be for a in aux)):
        return "progressive"
    if aux and aux[0] in w.have:
        return "pluperfect" if aux[0] == "had" else "perfect"
    if aux:
        return "past" if aux[0] in w.past_aux else "present"
    return _BARE.get(tag, "present")


def said_before(sentence: str, at: int, verb: int) -> bool:
    """Whether the words at offset `at` of a sentence follow a verb of saying that comes
    after no other verb and before the verb group at offset `verb` ("voiced concern on
    Thursday about those who were sent back"), or stand right before one that does
    ("the ministry on Monday demanded that China apologize for arresting them"): they
    belong to the saying."""
    if at >= verb:
        return False
    groups = verb_groups(sentence)
    before = [g for g in groups if g.end <= at]
    if before and before[-1].lemma in _words().speech_acts:
        return True
    # (English tells a time before its verb only between the subject and the verb, or
    # at the front of the clause: the next verb is the one it dates; a passive saying
    # tells of its subject's act: "in May, two men were reported to have crossed")
    after = next((g for g in groups if g.start >= at), None)
    return (after is not None and after.head < verb and not after.passive
            and after.lemma in _words().speech_acts)
