"""Reading the package's YAML data files (lexicons, gazetteer, rules) quickly and safely."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode

# libyaml's safe loader reads the gazetteer ~10 x faster than the pure-Python one, which
# otherwise dominates the start-up of `tumen analyze`
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """The safe loader, refusing a key written twice in one mapping.

    YAML lets the later entry win silently, so a lexicon entry added a second time would
    quietly drop the first one's words.
    """

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                key = (key_node.tag, key_node.value)
                if key in seen:
                    raise ConstructorError("while constructing a mapping", node.start_mark,
                                           f"found the key {key_node.value!r} twice",
                                           key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


def load_yaml(text: str) -> Any:
    """Parse YAML text with the safe loader (no arbitrary objects, no key written twice)."""
    return yaml.load(text, Loader=_Loader)
