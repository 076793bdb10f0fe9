"""Every command's help names the same metavariables as its options and arguments, and as the README's command table."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from teikit.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
# The names click prints for a parameter without a metavar: a help text must not use them.
CLICK_TYPE_NAMES = {"TEXT", "INTEGER", "FLOAT", "BOOLEAN", "DIRECTORY", "FILENAME", "PATH", "UUID", "RANGE"}
CAPS = re.compile(r"(?<![\w./<-])[A-Z][A-Z_]+(?:=[A-Z]+)?(?![\w.-]*[a-z/])")


def leaf_commands() -> list[tuple[str, click.Command]]:
    """Return (path, command) for every runnable command, subcommands of groups included."""
    found, todo = [], [("", main)]
    while todo:
        path, command = todo.pop()
        if isinstance(command, click.Group):
            ctx = click.Context(command)
            todo += [(f"{path} {name}".strip(), command.get_command(ctx, name)) for name in command.list_commands(ctx)]
        else:
            found.append((path, command))
    return sorted(found, key=lambda item: item[0])


def bare(metavar: str) -> str:
    """Return a metavar without its optional brackets and repetition dots: '[FILE]...' -> 'FILE'."""
    return metavar.replace("[", "").replace("]", "").replace("...", "")


def metavars(command: click.Command) -> dict[str, click.Parameter]:
    """Return each metavar the command's usage and option list show -> its parameter (flags and choices have none)."""
    ctx = click.Context(command)
    shown = {}
    for param in command.params:
        if getattr(param, "is_flag", False) or param.name == "help" or isinstance(param.type, click.Choice) and param.metavar is None:
            continue
        shown[bare(param.make_metavar(ctx))] = param
    return shown


def vocabulary() -> set[str]:
    """Return every word a help text could mean as a metavariable: all metavars, parameter names, click's type names."""
    words = set(CLICK_TYPE_NAMES)
    for _, command in leaf_commands():
        words |= set(metavars(command))
        words |= {p.name.upper() for p in command.params if not getattr(p, "is_flag", False) and p.name != "help"}
    return words


def help_texts(command: click.Command) -> list[str]:
    """Return the command's help and every option's help."""
    return [command.help or ""] + [getattr(p, "help", None) or "" for p in command.params]


COMMANDS = leaf_commands()


def test_every_command_is_found():
    assert {path for path, _ in COMMANDS} == {"build", "convert", "export", "import", "init", "render html",
                                             "render pdf", "review", "serve", "text", "validate"}


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_every_value_has_a_metavar_of_its_own_not_a_type_name(path, command):
    # An option shown as TEXT or INTEGER RANGE, or an argument as DIRECTORY, says nothing a help text can refer to.
    ctx = click.Context(command)
    for param in command.params:
        if getattr(param, "is_flag", False) or param.name == "help" or isinstance(param.type, click.Choice):
            continue
        assert param.metavar, f"teikit {path}: {param.name} has no metavar (click shows {param.make_metavar(ctx)})"
        assert not set(bare(param.metavar).split()) & CLICK_TYPE_NAMES - {"PATH"}, f"teikit {path}: {param.metavar}"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_help_texts_name_only_the_commands_own_metavars(path, command):
    own, words = set(metavars(command)), vocabulary()
    for text in help_texts(command):
        for word in CAPS.findall(text):
            assert word not in words or word in own, f"teikit {path}: help names {word}; its metavars: {sorted(own)}"


def test_the_same_option_of_the_same_type_has_the_same_metavar_everywhere():
    seen: dict[tuple, tuple[str, str]] = {}
    for path, command in COMMANDS:
        for param in command.params:
            if not isinstance(param, click.Option) or param.is_flag or param.metavar is None:
                continue
            kind = (max(param.opts, key=len), type(param.type).__name__, getattr(param.type, "file_okay", None),
                    getattr(param.type, "dir_okay", None))
            first = seen.setdefault(kind, (path, param.metavar))
            assert first[1] == param.metavar, f"{kind[0]}: {first[1]} in teikit {first[0]}, {param.metavar} in teikit {path}"


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_the_usage_line_shows_the_arguments_metavars(path, command):
    out = CliRunner().invoke(main, path.split() + ["--help"], prog_name="teikit").output
    usage = out.splitlines()[0]
    expected = " ".join(p.make_metavar(click.Context(command)) for p in command.params if isinstance(p, click.Argument))
    assert usage == f"Usage: teikit {path} [OPTIONS] {expected}".rstrip()
    for metavar in metavars(command):
        assert metavar in out


def readme_rows() -> dict[str, list[str]]:
    """Return the README command table: command path -> the tokens of its usage after the path."""
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `teikit ([^`]+)` \|", line)
        if not match:
            continue
        tokens = match.group(1).replace("\\|", "|").split()
        path = next(p for p, _ in sorted(COMMANDS, key=lambda c: -len(c[0])) if " ".join(tokens).startswith(p))
        rows[path] = tokens[len(path.split()):]
    return rows


@pytest.mark.parametrize("path,command", COMMANDS, ids=[p for p, _ in COMMANDS])
def test_the_readme_usage_line_names_the_same_options_and_metavars(path, command):
    tokens = readme_rows().get(path)
    assert tokens is not None, f"teikit {path} has no row in the README's command table"
    options = {opt: param for param in command.params if isinstance(param, click.Option)
               for opt in param.opts + param.secondary_opts}
    own = metavars(command)
    named = set()
    for number, raw in enumerate(tokens):
        token = raw.strip("[]")
        if token.startswith("-"):
            assert token in options, f"README: teikit {path} has no option {token}"
            named.add(options[token].name)
            continue
        previous = tokens[number - 1].strip("[]") if number else ""
        param = options.get(previous)
        if param is not None and isinstance(param.type, click.Choice):
            assert set(token.split("|")) == set(param.type.choices), f"README: teikit {path} {previous} {token}"
        elif param is not None:
            assert bare(token) == param.metavar, f"README: teikit {path} {previous} {token}, help: {param.metavar}"
        else:
            assert bare(token) in own, f"README: teikit {path} names {token}; its metavars: {sorted(own)}"
            named.add(own[bare(token)].name)
    required = {p.name for p in command.params if p.required}
    assert required <= named, f"README: teikit {path} leaves out {sorted(required - named)}"
