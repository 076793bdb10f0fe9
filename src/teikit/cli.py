"""The `teikit` command line: a click group whose subcommands load on first use.

Exit status follows click: 0 clean, 1 data errors, 2 usage or environment errors.
"""

from __future__ import annotations

import difflib
import importlib
import sqlite3

import click

from . import __version__
from .diagnostics import error
from .inputs import MissingInput, list_inputs

# Command name -> "module:attribute". One line per command; the module is imported only
# when the command runs, so `teikit --help` stays fast and a broken optional stage cannot
# break the others.
COMMANDS = {
    "init": "teikit.commands.init:init",
    "build": "teikit.commands.build:build",
    "convert": "teikit.commands.convert:convert",
    "text": "teikit.commands.text:text",
    "validate": "teikit.commands.validate:validate",
    "render": "teikit.commands.render:render",
    "serve": "teikit.commands.serve:serve",
    "export": "teikit.commands.export:export",
    "import": "teikit.commands.imports:import_",
    "review": "teikit.commands.review:review",
}

HELP = {
    "init": "Create a new edition folder with the sample records.",
    "build": "Run every stage of the edition build (convert, validate, render, export).",
    "convert": "Convert archival records into TEI.",
    "text": "Print the record text back from a TEI file.",
    "validate": "Validate TEI against the edition schema and rules, or any RNG/XSD.",
    "render": "Render TEI as an HTML site or PDFs.",
    "serve": "Serve the edition: HTML site, DTS and OAI-PMH.",
    "export": "Export the edition: teiCorpus, BagIt, DataCite, Dublin Core, CSV.",
    "review": "List the converter's decisions of low certainty, for the editors.",
    "import": "Import other projects' TEI (e.g. a FRUS volume) into an edition.",
}


# SQLite's primary result codes for a database teikit cannot write: read-only, I/O error,
# cannot open, disk full.
_SQLITE_WRITE_FAILURES = {8, 10, 13, 14}


class OneLineFailure(click.ClickException):
    """A usage or environment failure shown as its diagnostic lines alone (no usage text), exit 2."""

    exit_code = 2

    def show(self, file=None) -> None:
        click.echo(self.format_message(), err=True)


class EnvironmentFailure(OneLineFailure):
    """A file teikit must write cannot be written (disk full, read-only or forbidden folder): one line, exit 2."""


def input_files(arguments, suffix: str | None = ".xml", leave_out=(), skip=()) -> list[str]:
    """Return the files a command's arguments name (teikit.inputs.list_inputs: files, folders, globs).

    An argument that names no file is a usage error: one line naming it (X003), exit 2.
    """
    try:
        return list_inputs(arguments, suffix, leave_out, skip)
    except MissingInput as exc:
        raise OneLineFailure("\n".join(error(argument, "X003", reason).format()
                                        for argument, reason in exc.missing)) from None


def environment_failure(exc: BaseException) -> EnvironmentFailure | None:
    """Return the one-line failure for an exception that the machine, not the data, caused (else None)."""
    if isinstance(exc, OSError):
        where = exc.filename or "teikit"
        return EnvironmentFailure(error(where, "B002", f"cannot write or read: {exc.strerror or exc}").format())
    if isinstance(exc, sqlite3.OperationalError) and (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF in _SQLITE_WRITE_FAILURES:
        return EnvironmentFailure(error("build", "B002", f"cannot write a database: {exc}").format())
    return None


class LazyGroup(click.Group):
    """A click group that imports each subcommand's module only when it is invoked."""

    def __init__(self, *args, table: dict[str, str] | None = None, help_lines: dict[str, str] | None = None,
                 **kwargs):
        super().__init__(*args, **kwargs)
        self.table = COMMANDS if table is None else table
        self.help_lines = HELP if help_lines is None else help_lines

    def list_commands(self, ctx):
        return sorted(self.table)

    def get_command(self, ctx, name):
        target = self.table.get(name)
        if target is None:
            return None
        module_name, attr = target.split(":")
        return getattr(importlib.import_module(module_name), attr)

    def resolve_command(self, ctx, args):
        """Find the subcommand; a mistyped name gets the closest ones ("did you mean build?")."""
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=3, cutoff=0.6)
            if close:
                ctx.fail(f"No such command '{name}'. Did you mean {' or '.join(close)}?")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx):
        """Run the subcommand; a disk that is full or a folder that cannot be written is one line, not a traceback."""
        try:
            return super().invoke(ctx)
        except (OSError, sqlite3.OperationalError) as exc:
            failure = environment_failure(exc)
            if failure is None:
                raise
            raise failure from exc

    def format_commands(self, ctx, formatter):
        rows = [(name, self.help_lines.get(name, "")) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="teikit")
def main():
    """teikit: scholarly digital editions of archival records in TEI P5."""
