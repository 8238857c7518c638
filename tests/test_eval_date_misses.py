"""The table of why aligned events get the wrong date (eval/date_misses.py), on events and
candidates written for these tests."""

from __future__ import annotations

from tumen.analyze.events.dating import Candidate
from tumen.eval.date_misses import classify, table, wrong_dates
from tumen.eval.train_dates import Text
from tumen.models import Event, Evidence


def _cand(value: str | None, src: str, lang: str = "en") -> Candidate:
    return Candidate(value, {f"src={src}": 1.0, f"lang={lang}": 1.0})


def _event(date: str | None) -> Event:
    return Event(type="arrest", date=date, people=4, country="CN",
                 evidence=Evidence("Four were held.", 0, 15))


def test_each_class_by_where_the_gold_date_is() -> None:
    window = [_cand("2021-03-02", "s0"), _cand("2021-02-27", "s-2"), _cand("2021-03", "pub")]
    assert classify("2021-03-02", None, window, "2021-03") == "gold undated"
    assert classify("2021-03", "2021-03-02", window, "2021-03") == "finer or coarser"
    assert classify("2021-03-02", "2021", window, "2021-03") == "finer or coarser"
    assert classify(None, "2021-03-02", window, "2021-03") == "own sentence"
    assert classify("2021-03-02", "2021-02-27", window, "2021-03") == "window sentence"
    assert classify(None, "2021-03", window, "2021-03") == "publication"
    # outside every candidate window
    assert classify("2021-12-05", "2020-12-05", window, "2021-03") == "year rollover"
    assert classify(None, "2021-03-09", window, "2021-03-20") == "outside, publication month"
    assert classify(None, "2020-11", window, "2021-03-20") == "outside"


def test_only_aligned_events_dated_wrong_are_counted() -> None:
    right, wrong, alone = _event("2021-03-02"), _event(None), _event("2021-01-01")
    cands = [_cand("2021-03-02", "s0", "ko"), _cand(None, "none", "ko")]
    gold = [{"type": "arrest", "date": "2021-03-02"}, {"type": "arrest", "date": "2021-03-02"}]
    text = Text("x", "x1", [right, wrong, alone], [cands, cands, cands], gold, [],
                [[True, False], [True, False], None], [0, 1, None], "2021-03-04")
    rows = wrong_dates([text])
    assert [(c, lang, e.date, g) for c, lang, e, g in rows] == [
        ("own sentence", "ko", None, "2021-03-02")
    ]
    lines = table(rows).splitlines()
    assert lines[0].split() == ["class", "all", "en", "ko", "ja", "undated"]
    assert "own sentence                    1    0    1    0        1" in lines
    assert lines[-1].split() == ["wrong", "dates", "1", "0", "1", "0", "1"]
