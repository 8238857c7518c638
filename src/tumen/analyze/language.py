"""Language identification: script counts for CJK, lingua for the rest."""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

LANGUAGES = (
    Language.ENGLISH,
    Language.KOREAN,
    Language.JAPANESE,
    Language.CHINESE,
    Language.FRENCH,
    Language.GERMAN,
    Language.SPANISH,
    Language.RUSSIAN,
    Language.ITALIAN,
    Language.PORTUGUESE,
    Language.DUTCH,
    Language.VIETNAMESE,
    Language.THAI,
    Language.INDONESIAN,
)
# Languages told apart by their script that the analysis does not read: DESIGN.md asks for
# reports in English, Korean and Japanese. A Chinese page keeps its language and says it
# was not analysed (Analysis.analysed); the Japanese rules it used to get found no event
# in Chinese (their verb endings are kana) and gave topics from shared characters.
NOT_READ = frozenset({"zh"})
# Lingua is accurate well before this many characters; the cap keeps long pages fast.
SAMPLE_CHARS = 3000


# Above this many characters lingua's trigram-only mode is as accurate as its full mode
# (its documentation: the higher n-grams matter for short texts), and it loads in
# milliseconds instead of more than a second of reading every n-gram model.
LONG_TEXT = 120


@lru_cache(maxsize=2)
def detector(short: bool = False) -> LanguageDetector:
    """The lingua detector, built once: full accuracy for short texts, trigrams for long."""
    builder = LanguageDetectorBuilder.from_languages(*LANGUAGES)
    return builder.build() if short else builder.with_low_accuracy_mode().build()


def _script_counts(text: str) -> dict[str, int]:
    counts = {"hangul": 0, "kana": 0, "han": 0, "letter": 0}
    # Counter tallies in C; the loop then runs once per distinct character, not per character.
    for char, n in Counter(text).items():
        code = ord(char)
        if 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
            counts["hangul"] += n
        elif 0x3040 <= code <= 0x30FF:
            counts["kana"] += n
        elif 0x4E00 <= code <= 0x9FFF:
            counts["han"] += n
        elif char.isalpha():
            counts["letter"] += n
    return counts


def _cjk_language(counts: dict[str, int]) -> str | None:
    """Decide ko/ja/zh from script shares when East Asian script dominates."""
    hangul, kana, han, letters = counts["hangul"], counts["kana"], counts["han"], counts["letter"]
    # A Latin letter carries about a fifth of the content of a CJK character.
    cjk = hangul + kana + han
    if cjk * 5 < letters:
        return None
    if hangul >= kana + han * 0.5:
        return "ko"
    if kana >= 0.05 * (kana + han):
        return "ja"
    return "zh"


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the dominant language of text, or None when unsure."""
    if not text or not text.strip():
        return None
    counts = _script_counts(text)
    if sum(counts.values()) < 3:
        return None
    cjk = _cjk_language(counts)
    if cjk:
        return cjk
    sample = text[:SAMPLE_CHARS]
    found = detector(short=len(sample.strip()) < LONG_TEXT).detect_language_of(sample)
    if found is None:
        return None
    return str(found.iso_code_639_1.name.lower())
