"""The statistics rules: patterns and words from data/statistics.yaml, compiled once."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from functools import lru_cache

from tumen.analyze.gazetteer import load_data

# Fields read from the data file by another shape than one pattern under their own name.
_SPECIAL = frozenset(
    {
        "measures",
        "figure_measures",
        "default_country",
        "word_values",
        "host_countries",
        "most_arrivals",
    }
)


@dataclass(frozen=True)
class Rules:
    measures: tuple[tuple[str, re.Pattern[str]], ...]
    figure_measures: tuple[tuple[str, re.Pattern[str]], ...]
    default_country: dict[str, str]
    host_countries: frozenset[str]
    host_source: re.Pattern[str]
    continuation: re.Pattern[str]
    aggregate: re.Pattern[str]
    tally: re.Pattern[str]
    refuge: re.Pattern[str]
    not_people: re.Pattern[str]
    age_before: re.Pattern[str]
    threshold_after: re.Pattern[str]
    threshold_before: re.Pattern[str]
    range_before: re.Pattern[str]
    change_after: re.Pattern[str]
    change_before: re.Pattern[str]
    before_last: re.Pattern[str]
    period_before: re.Pattern[str]
    part_before: re.Pattern[str]
    part_after: re.Pattern[str]
    approximate_after: re.Pattern[str]
    cjk_counter: re.Pattern[str]
    year: re.Pattern[str]
    short_year: re.Pattern[str]
    short_year_count: re.Pattern[str]
    previous_period: re.Pattern[str]
    previous_after: re.Pattern[str]
    next_after: re.Pattern[str]
    next_period: re.Pattern[str]
    partial_year: re.Pattern[str]
    bare_month: re.Pattern[str]
    partial_period: re.Pattern[str]
    clause_cut: re.Pattern[str]
    bound_after: re.Pattern[str]
    bound_before: re.Pattern[str]
    respectively: re.Pattern[str]
    year_end: re.Pattern[str]
    year_end_before: re.Pattern[str]
    same_month: re.Pattern[str]
    line_break: re.Pattern[str]
    reference_before: re.Pattern[str]
    people_heads: re.Pattern[str]
    other_heads_cue: re.Pattern[str]
    month_then_year: re.Pattern[str]
    listed: re.Pattern[str]
    word_figure: re.Pattern[str]
    number_before: re.Pattern[str]
    thousand_figure: re.Pattern[str]
    none_or_one: re.Pattern[str]
    fiscal: re.Pattern[str]
    estimate_sentence: re.Pattern[str]
    word_values: dict[str, int]
    most_arrivals: dict[str, int]
    opening_period: re.Pattern[str]
    opening_host: re.Pattern[str]
    people_after: re.Pattern[str]
    subject_before: re.Pattern[str]
    clause_to_year: re.Pattern[str]
    as_of: re.Pattern[str]
    since_after: re.Pattern[str]
    defectors: re.Pattern[str]
    as_such_lemmas: re.Pattern[str]
    since_before: re.Pattern[str]
    since_when: re.Pattern[str]
    north_korean_origin: re.Pattern[str]


@lru_cache(maxsize=1)
def load_rules() -> Rules:
    """The rules, compiled (each pattern field from the data file's key of its name)."""
    data = load_data("statistics.yaml")
    # "{number}" in a pattern is a number in words.
    patterns = {
        f.name: re.compile(data[f.name].replace("{number}", data["number_words"]))
        for f in fields(Rules)
        if f.name not in _SPECIAL
    }
    return Rules(
        measures=tuple(
            (k, re.compile(p))
            for k, v in data["measures"].items()
            for p in ([v] if isinstance(v, str) else v)
        ),
        figure_measures=tuple((k, re.compile(v)) for k, v in data["figure_measures"].items()),
        default_country=dict(data["default_country"]),
        host_countries=frozenset(data["host_countries"]),
        word_values={str(k): int(v) for k, v in data["word_values"].items()},
        most_arrivals={str(k): int(v) for k, v in data["most_arrivals"].items()},
        **patterns,
    )
