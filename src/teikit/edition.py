"""An edition folder: its settings, records/, tei/, registers and build/ outputs."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .inputs import EDITION_MARK, walk

SETTINGS_FILE = EDITION_MARK
REGISTER_FILES = ("persons.xml", "places.xml")


class EditionError(Exception):
    """A usage or environment problem with the edition folder (exit status 2)."""


@dataclass(frozen=True)
class Settings:
    """The [edition] table of edition.toml, with defaults for what it leaves out."""

    title: str = "Untitled edition"
    short_title: str = ""
    editors: tuple[str, ...] = ()
    publisher: str = ""
    licence: str = ""
    licence_url: str = ""
    base_url: str = ""
    language: str = "en"
    identifier: str = "edition"
    # Whether the pdf stage typesets the whole volume besides each document's PDF.
    print_volume: bool = True
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, table: dict) -> "Settings":
        """Build settings from a parsed [edition] table."""
        known = {k: table[k] for k in cls.__dataclass_fields__ if k in table and k != "extra"}
        if "editors" in known:
            known["editors"] = tuple(known["editors"])
        extra = {k: v for k, v in table.items() if k not in cls.__dataclass_fields__}
        return cls(**known, extra=extra)

    def to_mapping(self) -> dict:
        """Return the settings as the plain, JSON-able table from_mapping reads (task parameters, digests)."""
        known = {name: getattr(self, name) for name in self.__dataclass_fields__ if name != "extra"}
        known["editors"] = list(self.editors)
        return {**self.extra, **known}


@dataclass(frozen=True)
class Edition:
    """Paths and settings of one edition folder."""

    root: Path
    settings: Settings
    # Documents the build leaves out of what it publishes (invalid ones): paths as strings.
    withheld: frozenset[str] = frozenset()

    @classmethod
    def open(cls, root: str | Path = ".") -> "Edition":
        """Open the edition at root, reading edition.toml when it exists."""
        root = Path(root).resolve()
        if not root.is_dir():
            raise EditionError(f"{root}: not a folder")
        settings_path = root / SETTINGS_FILE
        table: dict = {}
        if settings_path.exists():
            try:
                table = tomllib.loads(settings_path.read_text(encoding="utf-8")).get("edition", {})
            except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
                raise EditionError(f"{settings_path}: {exc}") from exc
        return cls(root, Settings.from_mapping(table))

    def own_stylesheet(self, fmt: str) -> Path | None:
        """Return the edition's own entry stylesheet of a format (xslt/html/html.xsl, xslt/print/print.xsl), if any.

        It imports the shipped one (<xsl:import href="teikit:html/html.xsl"/>) and overrides
        hooks or template rules, as a TEI Stylesheets profile does.
        """
        path = self.root / "xslt" / fmt / f"{fmt}.xsl"
        return path if path.is_file() else None

    @property
    def records_dir(self) -> Path:
        """Folder of input records."""
        return self.root / "records"

    @property
    def tei_dir(self) -> Path:
        """Folder of the TEI documents and registers (the primary data)."""
        return self.root / "tei"

    @property
    def build_dir(self) -> Path:
        """Folder of generated outputs."""
        return self.root / "build"

    @property
    def html_dir(self) -> Path:
        """Folder of the static HTML site."""
        return self.build_dir / "html"

    @property
    def print_dir(self) -> Path:
        """Folder of the PDF volume and per-document PDFs."""
        return self.build_dir / "print"

    @property
    def export_dir(self) -> Path:
        """Folder of exchange exports (corpus, DataCite, Dublin Core, CSV)."""
        return self.build_dir / "export"

    def register_paths(self) -> list[Path]:
        """Return the register files (persons.xml, places.xml) that exist."""
        return [self.tei_dir / name for name in REGISTER_FILES if (self.tei_dir / name).exists()]

    def documents(self) -> list[Path]:
        """Return the TEI documents of the edition, sorted, registers and withheld documents excluded."""
        return [Path(p) for p in self.document_files()]

    def document_files(self) -> list[str]:
        """Return the paths of the TEI documents as strings (cheaper than Paths by the ten thousand), withheld ones excluded."""
        # os.scandir rather than Path.glob: editions hold tens of thousands of files, and a
        # no-change build must list them in well under a second.
        try:
            entries = os.scandir(self.tei_dir)
        except OSError:
            return []
        with entries:
            names = sorted(e.name for e in entries
                           if e.name.endswith(".xml") and e.name not in REGISTER_FILES and e.is_file())
        base = str(self.tei_dir)
        paths = [f"{base}/{name}" for name in names]
        return [p for p in paths if p not in self.withheld] if self.withheld else paths

    def has_records(self) -> bool:
        """Return whether records/ holds at least one record (without listing them all)."""
        for _folder, dirs, files in os.walk(self.records_dir):
            dirs[:] = [d for d in dirs if not d.startswith(".")]
            if any(not f.startswith(".") for f in files):
                return True
        return False

    def records(self) -> list[Path]:
        """Return the input records (hidden files excepted), sorted, from all of records/."""
        return [Path(p) for p in self.record_files()]

    def record_files(self) -> list[str]:
        """Return the paths of the input records as strings, sorted (as `teikit convert` lists a folder)."""
        return walk(self.records_dir)
