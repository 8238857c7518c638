"""The documentation names only commands and options that exist, and every command is named."""

from __future__ import annotations

import re
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import typer
from bench.__main__ import COMMANDS as BENCHES

from tumen.cli import app
from tumen.eval.__main__ import STAGES

ROOT = Path(__file__).parents[1]
README = ROOT / "README.md"
DOCS = [README, *sorted((ROOT / "docs").glob("*.md"))]
OPTION = re.compile(r"(?<![\w-])--?[a-z][a-z-]*")
# `python -m tumen.eval STAGE ...`, `python -m tumen.eval.MODULE ...`, `python -m bench A|B`
EVAL_LINE = re.compile(r"python -m tumen\.eval(?:\.(\w+)| (\w+))([^`\n]*)")
BENCH_LINE = re.compile(r"python -m bench ([\w|]+)")


def _command_block() -> list[str]:
    """The lines of the README's "Command line" block, each `tumen COMMAND ...`."""
    text = README.read_text(encoding="utf-8")
    block = text.split("## Command line", 1)[1].split("```", 2)[1]
    return [line for line in block.splitlines() if line.startswith("tumen ")]


def _usage(line: str) -> tuple[str, str]:
    """A documented command line's command word and the rest, without its comment."""
    words = line.split("#", 1)[0].split(None, 2)
    return words[1], words[2] if len(words) > 2 else ""


def _cli() -> Any:
    """The click group behind `tumen`."""
    return typer.main.get_command(app)


def _options(command: Any) -> set[str]:
    """Every option spelling a click command takes."""
    return {o for p in command.params for o in (*p.opts, *p.secondary_opts) if o[0] == "-"}


def test_every_command_is_in_the_readmes_command_block() -> None:
    documented = {_usage(line)[0] for line in _command_block()}
    assert set(_cli().commands) <= documented


@pytest.mark.parametrize("line", _command_block())
def test_a_documented_command_line_has_its_command_and_options(line: str) -> None:
    name, rest = _usage(line)
    command = _cli().commands.get(name)
    assert command is not None, f"no command tumen {name}"
    subcommands = getattr(command, "commands", None)
    if subcommands is not None:  # `tumen rules add|list|remove`: every one of them, and all
        assert set(rest.split()[0].split("|")) == set(subcommands), line
        return
    assert set(OPTION.findall(rest)) <= _options(command), line


def test_commands_the_readme_names_in_its_text_take_the_options_it_gives() -> None:
    spans = re.findall(r"`tumen ([a-z-]+)((?: [^`]*)?)`", README.read_text(encoding="utf-8"))
    assert len(spans) > 10
    for name, rest in spans:
        command = _cli().commands.get(name)
        assert command is not None, f"no command tumen {name}"
        assert set(OPTION.findall(rest)) <= _options(command), f"tumen {name}{rest}"


@cache
def _eval_help(module: str, stage: str) -> str:
    """What `python -m MODULE [STAGE] --help` prints (it runs no evaluation)."""
    argv = [sys.executable, "-m", module, *([stage] if stage else []), "--help"]
    out = subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    return out.stdout


def _eval_lines() -> list[tuple[str, str, str, str]]:
    """(document, module, stage, rest of the line) of every eval command the docs name."""
    found = []
    for path in DOCS:
        for module, stage, rest in EVAL_LINE.findall(path.read_text(encoding="utf-8")):
            name = f"tumen.eval.{module}" if module else "tumen.eval"
            found.append((path.name, name, stage, rest))
    return found


def test_eval_commands_named_in_the_docs_exist_with_their_options() -> None:
    lines = _eval_lines()
    assert {stage for _, _, stage, _ in lines} >= {"listing", "analysis", "incidents"}
    for doc, module, stage, rest in lines:
        assert not stage or stage in STAGES, f"{doc}: no stage {stage}"
        helped = _eval_help(module, stage)
        for option in OPTION.findall(rest):
            assert option in helped, f"{doc}: python -m {module} {stage} has no {option}"


def _section(title: str) -> str:
    """The README's section under this second-level heading."""
    return README.read_text(encoding="utf-8").split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]


def test_options_the_evaluation_section_names_belong_to_the_eval_it_describes() -> None:
    """Each paragraph of the README's evaluation section is about the eval it names first;
    the options it gives in backticks are that eval's."""
    names = re.compile(r"tumen\.eval(?:\.(\w+)| (\w+))")
    checked = 0
    for paragraph in _section("Evaluation and benchmarks").split("\n\n"):
        first = names.search(paragraph)
        if first is None:
            continue
        module, stage = first.groups()
        helped = _eval_help(f"tumen.eval.{module}" if module else "tumen.eval", stage or "")
        for span in re.findall(r"`([^`]*)`", paragraph):
            for option in OPTION.findall(span) if span.startswith("--") else []:
                assert option in helped, f"{first.group()} has no {option}"
                checked += 1
    assert checked >= 8


def test_benchmarks_named_in_the_docs_exist() -> None:
    named = {name for path in DOCS
             for group in BENCH_LINE.findall(path.read_text(encoding="utf-8"))
             for name in group.split("|")}
    assert {"extraction", "search", "web"} <= named
    assert named - {"all", "NAME"} <= set(BENCHES)
    for name in BENCHES:
        assert (ROOT / "bench" / f"{name}.py").is_file(), name


def test_make_targets_the_docs_name_exist() -> None:
    targets = set(re.findall(r"^([a-z-]+):", (ROOT / "Makefile").read_text(), re.M))
    named = {name for path in DOCS
             for name in re.findall(r"(?:^|`)make ([a-z-]+)", path.read_text(encoding="utf-8"),
                                    re.M)}
    assert {"demo", "test"} <= named <= targets
