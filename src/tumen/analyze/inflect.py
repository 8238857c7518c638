"""English verb forms from their lemmas: `{v:arrest}` in a pattern reads every inflected
form of the verb ("arrests", "arrested", "arresting"), irregular ones too ("flee": "fled").

The bare form is left out: in English it is mostly a noun, an imperative or a plan ("to
arrest"), none of which reports an event. Forms come from lemminflect's tables.
"""

from __future__ import annotations

import re
from functools import lru_cache

_LEMMA = re.compile(r"\{v:([a-z]+)\}")
_TAGS = ("VBD", "VBN", "VBZ", "VBG")


@lru_cache(maxsize=256)
def verb_forms(lemma: str) -> tuple[str, ...]:
    """The inflected forms of an English verb (past, participles, third person)."""
    from lemminflect import getAllInflections

    # no guessing for a verb outside the tables: a lemma there is a typo in the rules
    found = getAllInflections(lemma, upos="VERB")
    forms = {f for tag in _TAGS for f in found.get(tag, ())}
    if not forms:
        raise ValueError(f"no English verb forms for {lemma!r}")
    return tuple(sorted(forms, key=lambda f: (-len(f), f)))


def expand_verbs(pattern: str) -> str:
    """A pattern with each `{v:lemma}` replaced by an alternation of the verb's forms."""
    return _LEMMA.sub(lambda m: "(?:" + "|".join(verb_forms(m.group(1))) + ")", pattern)
