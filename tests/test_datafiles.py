"""The package's YAML data files: read safely, and no key written twice."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import tumen
from tumen.datafiles import load_yaml

DATA = sorted(Path(tumen.__file__).parent.rglob("*.yaml"))


def test_a_key_written_twice_in_one_mapping_is_refused_with_both_lines() -> None:
    text = "verbs:\n  arrive: arrival\n  leave: departure\n  arrive: [arrival, return]\n"
    with pytest.raises(yaml.constructor.ConstructorError) as caught:
        load_yaml(text)
    assert "'arrive' twice" in str(caught.value)
    assert "line 2" in str(caught.value) and "line 4" in str(caught.value)


def test_the_same_key_in_different_mappings_and_aliases_still_load() -> None:
    text = "a: &x {k: 1}\nb: *x\nc: {k: 2}\n"
    assert load_yaml(text) == {"a": {"k": 1}, "b": {"k": 1}, "c": {"k": 2}}


def test_no_arbitrary_objects() -> None:
    with pytest.raises(yaml.constructor.ConstructorError):
        load_yaml("!!python/object/apply:os.system ['true']")


@pytest.mark.parametrize("path", DATA, ids=lambda p: p.name)
def test_every_data_file_of_the_package_loads(path: Path) -> None:
    assert load_yaml(path.read_text("utf-8")) is not None
