"""Train the topic model: `python -m tumen.eval.train_topics [--cv] [--out FILE]
[--extra-corpus DIR]`.

Training data: the project's labelled set (tests/fixtures/analysis), the `tune` split
of ../shared/corpus/articles-*/ when present, and the `tune` split of any further corpus
in the same layout (`--extra-corpus`); never the held-out set or a `check` split (the
model file lists each corpus with the stems of the tune texts it learnt from). One
L2 logistic regression per topic over topics.FEATURES (its cues, and the events, figures
and language of the whole text); a topic a text lists as optional
(`topics_optional`) is left out of that topic's training rows. Needs scikit-learn (the
`train` extra); analysis itself only reads the written JSON.

What each session tried and did not store, with its figures: docs/topic-model.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tumen.analyze import analyze_text
from tumen.analyze.topic_ngrams import (
    NgramScorer,
    scorer_from_json,
    scorer_to_json,
    worded,
)
from tumen.analyze.topics import FEATURES, MODEL_FILE, TopicModel, topic_features
from tumen.eval import train_provenance as prov
from tumen.eval.analysis import prf, project_sets
from tumen.eval.corpus import corpus_root, default_overlay
from tumen.eval.corpus import load_cases as load_corpus
from tumen.eval.labelled import labelled_texts, linked_groups, missing_corpora, source_counts
from tumen.models import TOPICS

OUT = Path(__file__).resolve().parents[1] / "analyze" / "data" / MODEL_FILE
# The intercept of a topic never (or always) seen in training: a probability of ~0 (~1).
_NEVER = -30.0
# Full-width digits become ASCII one for one, as analyze_text does.
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Sample:
    """A labelled text's words (as the n-gram scorer reads them), features, gold topics
    and the topics it leaves open."""

    source: str
    group: str
    text: str
    features: dict[str, tuple[float, ...]]
    topics: frozenset[str]
    optional: frozenset[str]


def sample(
    source: str, group: str, case: dict[str, Any], morphemes: tuple[str, ...] | None = None
) -> Sample:
    """Run the analysis on one labelled text and measure its topic features; the n-grams
    read the languages in `morphemes` as morphemes."""
    got = analyze_text(
        case["text"], title=case.get("title"), published=case.get("published"), topics=False
    )
    title = (case.get("title") or "").strip()
    full = (f"{title}\n\n" if title else "") + case["text"]
    full = full.translate(_FULLWIDTH)
    lang = got.language or "en"
    feats = topic_features(full, got.events, bool(got.statistics), title=title or None, lang=lang)
    exp = case["expected"]
    return Sample(
        source, group, worded(full, lang, Options().morphemes if morphemes is None else morphemes),
        feats,
        frozenset(exp["topics"]), frozenset(exp.get("topics_optional", [])),
    )


@dataclass(frozen=True)
class Options:
    """How the model is trained (the defaults are the shipped model's)."""

    c: float = 3.0
    corpus_weight: float = 2.0
    ngram_c: float = 30.0
    ngram_features: int = 8000
    ngram_sizes: tuple[int, int] = (2, 4)
    mix: float = 0.3
    threshold: float = 0.35
    # A topic with fewer labelled texts than this is given whenever its lexicon alone would
    # give it (0: never). Off in the shipped model: see session 17's try in the docstring.
    ngram_min_texts: int = 0
    # The languages the n-grams read as morphemes (the others as written): Japanese as
    # written read better out of corpus (session 18, in the docstring).
    morphemes: tuple[str, ...] = ("ko",)
    # Languages whose lexicon share is not `mix` ((language, share), ...).
    lang_mix: tuple[tuple[str, float], ...] = (("ja", 0.5),)

    @classmethod
    def recorded(cls, data: dict[str, Any]) -> Options:
        """The options a model file records (its JSON lists become tuples)."""
        return cls(**{k: _tuples(v) for k, v in data.items()})


def samples_of(texts: list[tuple[str, str, dict[str, Any]]], opts: Options) -> list[Sample]:
    """The samples of labelled texts; one incident told in two corpora shares a fold too
    (its names are in both)."""
    groups = linked_groups(texts)
    return [
        sample(src, g, case, opts.morphemes)
        for (src, _, case), g in zip(texts, groups, strict=True)
    ]


def _tuples(value: Any) -> Any:
    """JSON lists as tuples, nested ones too."""
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def fit(samples: list[Sample], opts: Options) -> TopicModel:
    """The lexicon scorer and the n-gram scorer, averaged by `mix` (for rare topics, never
    below the lexicon's)."""
    lexicon = fit_lexicon(samples, opts.c, opts.corpus_weight)
    ngrams = fit_ngrams(samples, opts) if opts.mix < 1 else None
    return TopicModel(
        lexicon.weights, lexicon.bias, opts.threshold, opts.mix, ngrams,
        rare_topics(samples, opts.ngram_min_texts), opts.lang_mix,
    )


def rare_topics(samples: list[Sample], least: int) -> frozenset[str]:
    """The topics fewer than `least` samples are labelled with."""
    return frozenset(t for t in TOPICS if sum(t in s.topics for s in samples) < least)


def fit_ngrams(samples: list[Sample], opts: Options) -> NgramScorer:
    """TF-IDF character n-grams inside words, one balanced logistic regression per topic."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vec = TfidfVectorizer(
        analyzer="char_wb", ngram_range=opts.ngram_sizes, min_df=2, sublinear_tf=True,
        max_features=opts.ngram_features,
    )
    x = vec.fit_transform([s.text for s in samples])
    topics: dict[str, dict[str, object]] = {}
    for topic in TOPICS:
        keep = [i for i, s in enumerate(samples) if topic not in s.optional]
        y = [int(topic in samples[i].topics) for i in keep]
        w, b = _logistic(x[keep], y, opts.ngram_c, None, balanced=True)
        topics[topic] = {"weights": w, "bias": b}
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.__getitem__)
    data = {
        "sizes": list(opts.ngram_sizes), "morphemes": list(opts.morphemes),
        "vocabulary": vocab, "idf": vec.idf_.tolist(),
    }
    # Rounded as the file stores it, so the model trained is the model shipped.
    return scorer_from_json(scorer_to_json(scorer_from_json({**data, "topics": topics})))


def fit_lexicon(samples: list[Sample], c: float, corpus_weight: float) -> TopicModel:
    """One logistic regression per topic over the lexicon features."""
    weights, bias = {}, {}
    for topic in TOPICS:
        rows = [s for s in samples if topic not in s.optional]
        x = [s.features[topic] for s in rows]
        y = [int(topic in s.topics) for s in rows]
        w = [1.0 if s.source == "fixtures" else corpus_weight for s in rows]
        coef, intercept = _logistic(x, y, c, w)
        weights[topic] = tuple(round(v, 5) for v in coef)
        bias[topic] = round(intercept, 5)
    return TopicModel(weights, bias, 0.5)


def _logistic(
    x: Any, y: list[int], c: float, weight: list[float] | None, *, balanced: bool = False
) -> tuple[list[float], float]:
    """Coefficients and intercept of an L2 logistic regression (liblinear: deterministic).
    A topic no training text has (or every text has) gets a constant verdict."""
    from sklearn.linear_model import LogisticRegression

    if len(set(y)) < 2:
        width = x.shape[1] if hasattr(x, "shape") else len(x[0])
        return [0.0] * width, (-_NEVER if any(y) else _NEVER)
    clf = LogisticRegression(C=c, solver="liblinear", class_weight="balanced" if balanced else None)
    clf.fit(x, y, sample_weight=weight)
    return [float(v) for v in clf.coef_[0]], float(clf.intercept_[0])


def _counts(model: TopicModel, samples: list[Sample]) -> tuple[int, int, int]:
    """True positives, predicted and gold topics (optional topics ignored)."""
    tp = n_pred = n_gold = 0
    for s in samples:
        pred = set(model.topics(s.text, s.features)) - s.optional
        tp += len(pred & s.topics)
        n_pred += len(pred)
        n_gold += len(s.topics)
    return tp, n_pred, n_gold


def micro_f1(model: TopicModel, samples: list[Sample]) -> tuple[float, float, float]:
    """Micro precision, recall and F1 of the model on samples."""
    return prf(*_counts(model, samples))


# Fold draws of the repeated cross-validation: one draw's figure moves by about .01 (real
# reports) and .02 (Japanese) with the draw alone, more than most options differ.
SEEDS = (0, 1, 2, 3, 4)


def cross_validate(
    samples: list[Sample], opts: Options, k: int = 5, seeds: tuple[int, ...] = SEEDS
) -> dict[str, list[tuple[float, float, float]]]:
    """Micro P/R/F1 of k folds per source and SLICES of the real reports, one figure per
    fold draw (seed); the texts of one group (an incident told by several outlets, a report
    in two languages) fall in one fold, or the n-grams of its names would be learnt from one
    report and found again in the other."""
    out: dict[str, list[tuple[float, float, float]]] = {}
    for seed in seeds:
        for key, counts in _tally(out_of_fold(samples, opts, k, seed), opts.threshold).items():
            if key.startswith("source ") or key in SLICES:
                out.setdefault(key.removeprefix("source "), []).append(prf(*counts))
    order = sorted(key for key in out if key not in SLICES) + [k for k in SLICES if k in out]
    return {key: out[key] for key in order}


def out_of_fold(
    samples: list[Sample], opts: Options, k: int, seed: int
) -> list[tuple[Sample, dict[str, float]]]:
    """Each text's topic probabilities from the model of the folds it is not in."""
    out = []
    for held, rest in _splits(samples, k, seed):
        model = fit(rest, opts)
        out += [(s, model.probabilities(s.text, s.features)) for s in held]
    return out


def _tally(
    probs: list[tuple[Sample, dict[str, float]]], threshold: float
) -> dict[str, list[int]]:
    """True positives, predicted and gold topics cut at threshold: per source ("source
    corpus-ja"), per language of the real reports ("ja"), per length of the real reports
    ("long", "short") and over them all ("real")."""
    out: dict[str, list[int]] = {}
    for s, p in probs:
        keys = [f"source {s.source}"]
        if s.source != "fixtures":
            keys += ["real", s.source.rsplit("-", 1)[-1], length(s)]
        count_topics(out, keys, s, predicted(s, p, threshold))
    return out


def predicted(s: Sample, probs: dict[str, float], threshold: float) -> set[str]:
    """The topics a text is given at threshold, its optional ones left out."""
    return {t for t, v in probs.items() if v >= threshold} - s.optional


def count_topics(out: dict[str, list[int]], keys: list[str], s: Sample, pred: set[str]) -> None:
    """Add a text's true positives, predicted and gold topics to each key's row."""
    for key in keys:
        row = out.setdefault(key, [0, 0, 0])
        row[0] += len(pred & s.topics)
        row[1] += len(pred)
        row[2] += len(s.topics)


# Where topics.FEATURES says a text is long (its lexicon cues are measured in that half).
_LONG = FEATURES.index("long_bias")


def length(s: Sample) -> str:
    """"long" or "short", as the lexicon features measure the text (topics._SHORT)."""
    return "long" if next(iter(s.features.values()))[_LONG] else "short"


def _splits(
    samples: list[Sample], k: int, seed: int = 0
) -> list[tuple[list[Sample], list[Sample]]]:
    """(held out, rest) of each of k folds, the groups dealt to folds in an order drawn
    from seed; the texts of one group share a fold."""
    groups = sorted({s.group for s in samples})
    random.Random(seed).shuffle(groups)
    fold_of = {g: i % k for i, g in enumerate(groups)}
    folds = [[s for s in samples if fold_of[s.group] == i] for i in range(k)]
    return [
        (held, [s for j, f in enumerate(folds) if j != i for s in f])
        for i, held in enumerate(folds)
    ]


# The mixes and thresholds `select` tries.
MIXES = (0.2, 0.3, 0.4, 0.5)
THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5)
# What `select` reports for each pair: over the real reports, per language and per length
# (every project-written text is short and nearly every real report long, so the short
# real reports are the only short texts the lexicon was not written on).
SLICES = ("real", "en", "ko", "ja", "long", "short")


def select(
    samples: list[Sample], opts: Options, k: int = 5, seeds: tuple[int, ...] = SEEDS
) -> tuple[Options, dict[tuple[float, float], dict[str, list[float]]]]:
    """The mix and threshold with the best mean out-of-fold micro-F1 over the fold draws
    on the real reports (the fixtures when there is no corpus), and every pair's F1 per
    draw and slice: a draw's model is fitted once per mix and cut at every threshold."""
    real = any(s.source != "fixtures" for s in samples)
    slices = SLICES if real else ("source fixtures",)
    grid: dict[tuple[float, float], dict[str, list[float]]] = {}
    for mix in MIXES:
        for seed in seeds:
            probs = out_of_fold(samples, replace(opts, mix=mix), k, seed)
            for threshold in THRESHOLDS:
                tally = _tally(probs, threshold)
                row = grid.setdefault((mix, threshold), {})
                for key in slices:
                    row.setdefault(key.removeprefix("source "), []).append(
                        prf(*tally.get(key, [0, 0, 0]))[2]
                    )
    first = slices[0].removeprefix("source ")
    mix, threshold = max(grid, key=lambda pair: statistics.mean(grid[pair][first]))
    return replace(opts, mix=mix, threshold=threshold), grid


def spread(values: list[float]) -> str:
    """Mean and standard deviation over fold draws, as printed."""
    sd = statistics.stdev(values) if len(values) > 1 else 0.0
    return f"{statistics.mean(values):.3f}±{sd:.3f}"


def corpora(corpus: Path, extra: tuple[Path, ...] = ()) -> list[dict[str, Any]]:
    """What each corpus the model learnt from is: its folder, its own description, and the
    ids of its tune texts (a development set may be relabelled or gone later): the first
    part of each file name, which is unique in its corpus (the rest repeats the report's
    title; the provenance's data digest covers whole names and texts)."""
    out = []
    for name, root, overlay in [("corpus", corpus, default_overlay())] + [
        (f"extra {n}", root, None) for n, root in enumerate(extra)
    ]:
        stems = sorted(c["id"] for c in load_corpus(root, split="tune", overlay=overlay))
        if not stems:
            continue
        about = [
            json.loads((root / folder / "gold.json").read_text("utf-8")).get("_about", "")
            for folder in ("articles-en", "articles-ko-ja")
            if (root / folder / "gold.json").exists()
        ]
        out.append({
            "name": name, "path": str(root), "about": next((a for a in about if a), ""),
            "tune_texts": len(stems), "tune_ids": [stem.split("-")[0] for stem in stems],
        })
    return out


def to_json(
    model: TopicModel,
    counts: dict[str, int],
    opts: Options,
    command: str = "",
    sources: list[dict[str, Any]] | None = None,
    provenance: dict[str, Any] | None = None,
) -> str:
    """The model file: how it was trained, on what (with the digests that let it be rebuilt
    and checked), features, threshold and every weight."""
    data: dict[str, Any] = {
        "command": command or "python -m tumen.eval.train_topics",
        "trained_on": counts,
        "corpora": sources or [],
        "options": {k: v for k, v in vars(opts).items()},
        "provenance": provenance or {},
        "features": list(FEATURES),
        "threshold": model.threshold,
        "mix": model.mix,
        # A weight of a feature no text has is written 0, not 0.0 (shorter; the same number).
        "topics": {
            t: {"weights": [0 if w == 0 else w for w in model.weights[t]], "bias": model.bias[t]}
            for t in TOPICS
        },
        "lexicon_floor": sorted(model.lexicon_floor),
        "lang_mix": dict(model.lang_mix),
    }
    if model.ngrams:
        data["ngrams"] = scorer_to_json(model.ngrams)
    return _lines(data) + "\n"


def _lines(value: Any, depth: int = 0) -> str:
    """Compact JSON with a line per key of the file, of `topics` and of `ngrams`, and per
    n-gram of the vocabulary: the file stays small and its diffs readable."""
    if isinstance(value, dict) and depth < 3:
        return "{\n" + ",\n".join(
            f"{json.dumps(k, ensure_ascii=False)}:{_lines(v, depth + 1)}" for k, v in value.items()
        ) + "\n}"
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value) and depth:
        return "[\n" + ",\n".join(json.dumps(v, ensure_ascii=False) for v in value) + "\n]"
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def provenance(
    texts: list[tuple[str, str, dict[str, Any]]], samples: list[Sample], out: Path
) -> dict[str, Any]:
    """Digests of the labelled texts and of the samples per source, the commit and the
    library versions: what a rebuild must match to give this very model."""
    rows = [
        [s.text, {t: list(v) for t, v in s.features.items()}, sorted(s.topics), sorted(s.optional)]
        for s in samples
    ]
    return {
        "data": prov.by_source((src, prov.case_row(case)) for src, _, case in texts),
        "samples": prov.by_source((s.source, row) for s, row in zip(samples, rows, strict=True)),
        **prov.commit(ignore=(out,)),
        "versions": prov.versions(),
    }


# What a rebuild compares: every part of the file but the record of how and where it ran.
_RECORD = ("command", "corpora", "provenance")


def verify(recorded: str, rebuilt: str) -> list[str]:
    """Why a rebuilt model file differs from the recorded one (nothing when it is the same
    model); the provenance says which input moved."""
    old, new = json.loads(recorded), json.loads(rebuilt)
    keys = sorted(set(old) | set(new))
    parts = [k for k in keys if k not in _RECORD and old.get(k) != new.get(k)]
    if not parts:
        return []
    causes = prov.differences(old.get("provenance", {}), new.get("provenance", {}))
    return [f"model parts differ: {', '.join(parts)}"] + (causes or ["no recorded input moved"])


def _options(argv: list[str] | None) -> tuple[argparse.Namespace, Options]:
    parser = argparse.ArgumentParser(prog="python -m tumen.eval.train_topics")
    parser.add_argument("--fixtures", type=Path, default=project_sets()["analysis"])
    parser.add_argument("--corpus", type=Path, default=corpus_root())
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--extra-corpus", type=Path, action="append", default=[], metavar="DIR",
        help="also train on the tune split of another labelled corpus in the same layout",
    )
    parser.add_argument(
        "--like", type=Path, metavar="MODEL",
        help="train with the options and corpora a model file records (its rebuild)",
    )
    parser.add_argument(
        "--verify", action="store_true",
        help="rebuild the --like model (default: the shipped one) without writing it and say "
        "whether it is the same; exit 1 and name the moved inputs if not",
    )
    parser.add_argument(
        "--cv", action="store_true",
        help="also print 5-fold micro P/R/F1 per source (mean±sd over 5 fold draws)",
    )
    parser.add_argument(
        "--select", action="store_true",
        help="choose the mix and threshold by repeated 5-fold cross-validation on the corpus texts",
    )
    base = Options()
    parser.add_argument("-C", dest="c", type=float, default=base.c, help="lexicon L2 inverse")
    parser.add_argument("--corpus-weight", type=float, default=base.corpus_weight)
    parser.add_argument("--ngram-c", type=float, default=base.ngram_c)
    parser.add_argument("--ngram-features", type=int, default=base.ngram_features)
    parser.add_argument("--mix", type=float, default=base.mix, help="lexicon share, 0-1")
    parser.add_argument("--threshold", type=float, default=base.threshold)
    parser.add_argument(
        "--ngram-min-texts", type=int, default=base.ngram_min_texts,
        help="a topic with fewer labelled texts is given whenever its lexicon gives it",
    )
    parser.add_argument(
        "--morphemes", default=",".join(base.morphemes), metavar="LANGS",
        help="the languages the n-grams read as morphemes, comma-separated (others as written)",
    )
    parser.add_argument(
        "--lang-mix", default=_flag_value(base.lang_mix), metavar="LANG=SHARE,...",
        help="the lexicon share of a language other than --mix (ja=0.5)",
    )
    args = parser.parse_args(argv)
    if args.verify and not args.like:
        args.like = OUT
    if args.like:
        return _like(args)
    opts = Options(
        c=args.c, corpus_weight=args.corpus_weight, ngram_c=args.ngram_c,
        ngram_features=args.ngram_features, mix=args.mix, threshold=args.threshold,
        ngram_min_texts=args.ngram_min_texts,
        morphemes=tuple(x for x in args.morphemes.split(",") if x),
        lang_mix=tuple(
            (k, float(v)) for k, v in (x.split("=") for x in args.lang_mix.split(",") if x)
        ),
    )
    return args, opts


def _like(args: argparse.Namespace) -> tuple[argparse.Namespace, Options]:
    """The options and corpora the --like model file records."""
    data = json.loads(args.like.read_text("utf-8"))
    roots = {c["name"]: Path(c["path"]) for c in data.get("corpora", [])}
    args.corpus = roots.get("corpus", args.corpus)
    args.extra_corpus = [roots[k] for k in sorted(roots) if k.startswith("extra ")]
    return args, Options.recorded(data["options"])


def _print_selection(samples: list[Sample], opts: Options) -> Options:
    """Run `select`, print every pair's figures and return the options it keeps."""
    opts, grid = select(samples, opts)
    print(f"{len(SEEDS)} draws of 5 folds, micro F1 mean±sd per slice:")
    for (mix, threshold), row in sorted(grid.items()):
        cells = " ".join(f"{key} {spread(v)}" for key, v in row.items())
        print(f"mix {mix} threshold {threshold}: {cells}")
    print(f"selected mix {opts.mix} threshold {opts.threshold}")
    return opts


def _print_cv(samples: list[Sample], opts: Options) -> None:
    """Print the repeated cross-validation's figures per source."""
    for source, figures in cross_validate(samples, opts).items():
        cells = (spread([row[i] for row in figures]) for i in range(3))
        print(f"{len(SEEDS)}x5-fold {source:<15} micro P {{}} R {{}} F1 {{}}".format(*cells))


def main(argv: list[str] | None = None) -> int:
    """Train on the fixtures and the corpus tune split; write the model JSON (or, with
    --verify, compare it with the model it should rebuild)."""
    args, opts = _options(argv)
    missing = missing_corpora(args.extra_corpus)
    if missing:
        print(f"error: no labelled corpus at {missing[0]}", file=sys.stderr)
        return 2
    texts = labelled_texts(args.fixtures, args.corpus, tuple(args.extra_corpus))
    if not texts:
        print(f"error: no labelled texts in {args.fixtures}", file=sys.stderr)
        return 2
    if not any(src != "fixtures" for src, _, _ in texts):
        print(f"note: no corpus at {args.corpus}; training on the fixtures only", file=sys.stderr)
    samples = samples_of(texts, opts)
    counts = source_counts(texts)
    if args.select:
        opts = _print_selection(samples, opts)
    if args.cv:
        _print_cv(samples, opts)
    model = fit(samples, opts)
    command = _command(args.extra_corpus, opts)
    sources = corpora(args.corpus, tuple(args.extra_corpus))
    target = args.like if args.verify else args.out
    record = provenance(texts, samples, target)
    written = to_json(model, counts, opts, command, sources, record)
    if args.verify:
        return _report(verify(target.read_text("utf-8"), written), target)
    args.out.write_text(written, "utf-8")
    p, r, f = micro_f1(model, samples)
    print(f"trained on {counts}; training micro P {p:.3f} R {r:.3f} F1 {f:.3f}; wrote {args.out}")
    return 0


def _command(extra: list[Path], opts: Options) -> str:
    """The command line that trains this model: its corpora and every option that is not
    the default (the file's "options" record them all)."""
    flags = {
        "c": "-C", "corpus_weight": "--corpus-weight", "ngram_c": "--ngram-c",
        "ngram_features": "--ngram-features", "mix": "--mix", "threshold": "--threshold",
        "ngram_min_texts": "--ngram-min-texts", "morphemes": "--morphemes",
        "lang_mix": "--lang-mix",
    }
    base = Options()
    parts = ["python -m tumen.eval.train_topics"] + [f"--extra-corpus {p}" for p in extra]
    for name, flag in flags.items():
        value = getattr(opts, name)
        if value != getattr(base, name):
            parts.append(f"{flag} {_flag_value(value)}")
    return " ".join(parts)


def _flag_value(value: object) -> str:
    """An option's value as its flag takes it (a list joined by commas, pairs by =)."""
    if not isinstance(value, tuple):
        return str(value)
    return ",".join(f"{v[0]}={v[1]}" if isinstance(v, tuple) else str(v) for v in value)


def _report(causes: list[str], target: Path) -> int:
    """Print whether the rebuild is the recorded model; 0 if it is."""
    if not causes:
        print(f"rebuilt {target} exactly")
        return 0
    print(f"the rebuild differs from {target}:\n  " + "\n  ".join(causes))
    return 1


if __name__ == "__main__":
    sys.exit(main())
