"""Reading the package's YAML data files (lexicons, gazetteer, rules) quickly and safely."""

from __future__ import annotations

from typing import Any

import yaml

# libyaml's safe loader reads the gazetteer ~10 x faster than the pure-Python one, which
# otherwise dominates the start-up of `tumen analyze`
_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (no arbitrary objects)."""
    return yaml.load(text, Loader=_LOADER)
