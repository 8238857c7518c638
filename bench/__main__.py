"""`python -m bench extraction|ingest|dedupe|search|web|incidents|analyze|backfill|all [options]`.

A benchmark module either offers add_arguments(parser) and main(args), or a plain
main(argv) taking the remaining command-line words.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

COMMANDS = ("extraction", "ingest", "dedupe", "search", "web", "incidents", "analyze",
            "backfill")
# `all` runs reduced sizes (minutes, not hours); docs/benchmarks.md gives the full commands.
REDUCED = {
    "ingest": ["--docs", "1000"],
    "dedupe": ["--docs", "5000"],
    "search": ["--docs", "10000", "--queries", "100"],
    "web": ["--docs", "20000", "--clients", "20,100", "--requests", "200"],
    "incidents": ["100000"],
    "backfill": ["--records", "10000", "--shards", "10", "--ingest-records", "500"],
}


def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"bench.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"bench.{name}":
            return None  # a benchmark not written yet
        raise


def run(name: str, argv: list[str]) -> None:
    """Run one benchmark with its own options."""
    module = _module(name)
    if module is None:
        raise SystemExit(f"no benchmark named {name!r}")
    if not hasattr(module, "add_arguments"):
        module.main(argv)
        return
    parser = argparse.ArgumentParser(prog=f"python -m bench {name}",
                                     description=(module.__doc__ or "").splitlines()[0])
    module.add_arguments(parser)
    module.main(parser.parse_args(argv))


def main(argv: list[str] | None = None) -> None:
    """Run one benchmark, or all of them one after the other with default options."""
    words = sys.argv[1:] if argv is None else argv
    if not words or words[0] in ("-h", "--help"):
        print(__doc__)
        return
    if words[0] != "all":
        run(words[0], words[1:])
        return
    for name in COMMANDS:
        if _module(name) is not None:
            extra = words[1:] if name in ("ingest", "dedupe", "search") else []
            run(name, extra or REDUCED.get(name, []))
            print()
            sys.stdout.flush()


if __name__ == "__main__":
    main()
