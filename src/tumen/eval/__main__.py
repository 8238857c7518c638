"""Run one evaluation: `python -m tumen.eval listing|analysis|incidents [ARGS]`."""

from __future__ import annotations

import importlib
import sys

STAGES = ("listing", "analysis", "incidents")


def main(argv: list[str]) -> int:
    """Dispatch to tumen.eval.<stage>.main."""
    if not argv or argv[0] not in STAGES:
        print(f"usage: python -m tumen.eval {{{'|'.join(STAGES)}}} [ARGS]", file=sys.stderr)
        return 2
    module = importlib.import_module(f"tumen.eval.{argv[0]}")
    result: int = module.main(argv[1:])
    return result


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
