"""Benchmark the print volume's notes: does every footnote land on the page of its call? Prints figures.

Usage: python bench/pdf_note_pages.py [--frus FILE] [--documents 80] [--compare] [--keep DIR]

Imports a FRUS volume (default: 1964-68 XXIX part 1, Korea, which footnotes heavily), typesets
the first N documents as one volume, reads it back with pypdf (tests/pdf_pages.py) and prints the
pages, footnotes, each note printed on another page than its call, page numbers on the wrong side,
and the time. --compare typesets it a second time without teikit's repair of stray notes
(WeasyPrint's own placement), for the before/after pair.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

import pdf_pages  # noqa: E402
from teikit.edition import Edition  # noqa: E402
from teikit.render import pdf  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpora" / "frus" / "frus1964-68v29p1.xml"


def _import(source: Path, edition: Path, documents: int) -> Edition:
    edition.mkdir(parents=True)
    (edition / "edition.toml").write_bytes((ROOT / "edition.toml").read_bytes())
    imported = edition / "imported"
    subprocess.run([sys.executable, "-m", "teikit", "import", str(source), "-o", str(imported)],
                   check=True, capture_output=True)
    (edition / "tei").mkdir()
    for path in sorted(imported.glob("*.xml"))[:documents]:
        shutil.copy(path, edition / "tei" / path.name)
    return Edition.open(edition)


def _measure(edition: Edition, articles, target: Path) -> None:
    start = time.perf_counter()
    target.write_bytes(pdf.volume_pdf(articles, edition.settings, pdf.read_persons(edition.register_paths())))
    seconds = time.perf_counter() - start
    notes = pdf_pages.notes(target)
    strays = [n for n in notes if n.note_page != n.call_page]
    sides = [(page, n, side) for page, n, side in pdf_pages.head_numbers(target)
             if side != ("right" if n % 2 else "left") or n != page]
    print(f"  typeset in {seconds:.1f}s: {len(pdf_pages.reader_of(target).pages)} pages, {len(notes)} footnotes, "
          f"{len(strays)} printed on another page than their call, {len(sides)} page numbers on the wrong side")
    for note in strays:
        print(f"    note {note.number}: called on page {note.call_page}, printed on page {note.note_page}")
    for page, n, side in sides:
        print(f"    page {page}: number {n} at the {side}")


def main() -> None:
    """Import, typeset and check the volume; with --compare also without the repair of stray notes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frus", type=Path, default=DEFAULT)
    parser.add_argument("--documents", type=int, default=80)
    parser.add_argument("--compare", action="store_true")
    parser.add_argument("--keep", type=Path, help="folder to keep the edition and PDFs in")
    args = parser.parse_args()
    if not args.frus.exists():
        sys.exit(f"{args.frus}: not found (the FRUS corpus lives in ../shared/corpora/frus)")
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        edition = _import(args.frus, work / "edition", args.documents)
        articles = pdf.chronological([pdf.article(p) for p in edition.documents()])
        print(f"{args.frus.name}: {len(articles)} documents")
        if args.compare:
            repairs, pdf.NOTE_REPAIRS = pdf.NOTE_REPAIRS, 0
            print("WeasyPrint's own placement (no repair):")
            _measure(edition, articles, work / "volume-unrepaired.pdf")
            pdf.NOTE_REPAIRS = repairs
        print("teikit (stray notes repaired):")
        _measure(edition, articles, work / "volume.pdf")


if __name__ == "__main__":
    main()
