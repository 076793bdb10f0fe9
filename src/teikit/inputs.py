"""A command's arguments (files, folders, globs) to the list of its input files: one way for every command."""

from __future__ import annotations

import glob
import os
from pathlib import Path
from typing import Iterable


# The file that makes a folder an edition, and the folder below it that holds what teikit builds
# (edition.SETTINGS_FILE and Edition.build_dir, which import this module).
EDITION_MARK = "edition.toml"
EDITION_OUTPUTS = ("build",)


class MissingInput(Exception):
    """Arguments that name no file (a path that does not exist, a glob that matches nothing), and the files the others name."""

    def __init__(self, missing: list[tuple[str, str]], files: list[str]):
        super().__init__("; ".join(f"{argument}: {reason}" for argument, reason in missing))
        self.missing = missing
        self.files = files


def walk(folder: str | Path, suffix: str | None = None, leave_out: Iterable[str] = (),
         skip: Iterable[str | Path] = ()) -> list[str]:
    """Return the files below a folder as strings, sorted: hidden files and folders, an edition's build folder and the folders `skip` left out.

    With `suffix`, only names ending in it; names in `leave_out` (the registers) are left out.
    """
    leave_out = frozenset(leave_out)
    skipped = {os.path.realpath(path) for path in skip}
    found = []
    for where, dirs, files in os.walk(folder):
        # An edition's outputs (site, PDFs, exports, copies of its TEI) are not its inputs.
        outputs = EDITION_OUTPUTS if EDITION_MARK in files else ()
        dirs[:] = [d for d in dirs if not d.startswith(".") and d not in outputs
                   and not (skipped and os.path.realpath(os.path.join(where, d)) in skipped)]
        found.extend(os.path.join(where, name) for name in files
                     if not name.startswith(".") and name not in leave_out
                     and (suffix is None or name.endswith(suffix)))
    return sorted(found)


def list_inputs(arguments: Iterable[str | Path], suffix: str | None = ".xml", leave_out: Iterable[str] = (),
                skip: Iterable[str | Path] = ()) -> list[str]:
    """Return the files named by a command's arguments, in order, each once.

    A file is taken as given; a folder gives every file below it (see `walk`: with `suffix`,
    those ending in it; not hidden, not in `leave_out`, not under `skip`); a glob (`*`, `?`,
    `[...]`, `**` for any depth) gives the files it matches but those in `leave_out`, sorted.
    Raises MissingInput naming every argument that names no file (with the files the others name).
    """
    leave_out = tuple(leave_out)
    files: list[str] = []
    missing: list[tuple[str, str]] = []
    for argument in map(str, arguments):
        if os.path.isdir(argument):
            files += walk(argument, suffix, leave_out, skip)
        elif os.path.exists(argument):
            files.append(argument)
        elif glob.has_magic(argument):
            matches = sorted(m for m in glob.glob(argument, recursive=True)
                             if os.path.isfile(m) and os.path.basename(m) not in leave_out)
            if not matches:
                missing.append((argument, "no file matches this pattern"))
            files += matches
        else:
            missing.append((argument, "no such file or folder"))
    # Each file once, as first named ("tei/a.xml" and "./tei/a.xml" are one file).
    unique: dict[str, str] = {}
    for path in files:
        unique.setdefault(os.path.normpath(path), path)
    if missing:
        raise MissingInput(missing, list(unique.values()))
    return list(unique.values())
