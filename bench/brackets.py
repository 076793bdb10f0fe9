"""Per-class precision and recall of the bracket classifier against brackets labelled by hand.

Usage: python bench/brackets.py [LABELS ...] [-v] [--confusion]

LABELS are label files or folders of them (default: tests/cases/brackets/labels). A label file
is tab-separated: a `# record: PATH` line (PATH relative to the repository root, or absolute),
then one line per bracket of that record: `LINE<TAB>WORDS<TAB>CLASS`, WORDS being the bracket's
content without the brackets (whitespace and Markdown `_`/`*` are ignored when matching). The
classes are those of teikit.encode.brackets.CLASSES. Every bracket of a labelled record should
be labelled: a bracket the converter reads but the file does not list counts against precision.

The record is converted as `teikit convert` does (a fresh copy of the registers); each label is
matched to the converter's decision with the same words on the nearest line. Records whose file
is absent (../shared/ not checked out) are skipped and counted.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from teikit.convert import convert_record  # noqa: E402
from teikit.encode.brackets import CLASSES  # noqa: E402
from teikit.registers import Registers  # noqa: E402

NONE = "(none)"


def norm(text: str) -> str:
    """Return bracket words as compared: Markdown decoration and spacing removed."""
    return " ".join(text.replace("_", " ").replace("*", " ").split())


def label_files(paths: list[str]) -> list[Path]:
    """Return the label files named (folders walked, sorted)."""
    files: list[Path] = []
    for item in paths or [str(ROOT / "tests" / "cases" / "brackets" / "labels")]:
        path = Path(item)
        files += sorted(path.glob("*.tsv")) if path.is_dir() else [path]
    return files


def read_labels(path: Path) -> tuple[Path | None, list[tuple[int, str, str]]]:
    """Return the record a label file is about and its (line, words, class) labels."""
    record = None
    labels = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("# record:"):
            name = raw.split(":", 1)[1].strip().split(" (")[0]
            record = Path(name) if Path(name).is_absolute() else ROOT / name
        elif raw.strip() and not raw.startswith("#"):
            line, words, cls = raw.split("\t")
            if cls not in CLASSES:
                raise SystemExit(f"{path}: unknown class {cls!r} (one of {', '.join(CLASSES)})")
            labels.append((int(line), norm(words), cls))
    return record, labels


def match(labels, decisions):
    """Pair each label with the decision of the same words on the nearest line; return pairs and leftovers."""
    free = defaultdict(list)
    for decision in decisions:
        free[norm(decision.content)].append(decision)
    pairs = []
    for line, words, cls in labels:
        candidates = free.get(words) or []
        if not candidates:
            # A bracket whose extent is a matter of reading (one "]" with no "["): words that
            # overlap on the same line.
            candidates = [d for group in free.values() for d in group
                          if d.line == line and (norm(d.content) in words or words in norm(d.content))]
            for d in candidates[:1]:
                free[norm(d.content)].remove(d)
                pairs.append(((line, words, cls), d))
            if candidates:
                continue
        if not candidates:
            pairs.append(((line, words, cls), None))
            continue
        best = min(candidates, key=lambda d: abs(d.line - line))
        candidates.remove(best)
        pairs.append(((line, words, cls), best))
    leftovers = [d for group in free.values() for d in group]
    return pairs, leftovers


def main(argv=None) -> int:
    """Print per-class precision and recall (and, with -v, every disagreement)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labels", nargs="*")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    parser.add_argument("--confusion", action="store_true", help="print the confusion counts")
    args = parser.parse_args(argv)
    gold, predicted, correct = Counter(), Counter(), Counter()
    confusion = Counter()
    low = skipped = records = 0
    for path in label_files(args.labels):
        record, labels = read_labels(path)
        if record is None or not record.exists():
            skipped += 1
            continue
        records += 1
        result = convert_record(record, Registers.load(None))
        pairs, leftovers = match(labels, result.brackets)
        for (line, words, cls), decision in pairs:
            got = decision.cls if decision else NONE
            gold[cls] += 1
            predicted[got] += 1
            confusion[(cls, got)] += 1
            low += bool(decision and decision.cert == "low")
            if got == cls:
                correct[cls] += 1
            elif args.verbose:
                print(f"{record.name}:{line}: [{words[:70]}] labelled {cls}, read as {got}"
                      + (" (low)" if decision and decision.cert == "low" else ""))
        for decision in leftovers:
            predicted[decision.cls] += 1
            confusion[(NONE, decision.cls)] += 1
            if args.verbose:
                print(f"{record.name}:{decision.line}: [{norm(decision.content)[:70]}] not labelled, read as {decision.cls}")
    total = sum(gold.values())
    print(f"{total} labelled brackets in {records} records ({skipped} label files skipped: record absent); "
          f"{low} read with low certainty")
    print(f"{'class':<15}{'labelled':>9}{'read as':>9}{'precision':>11}{'recall':>8}")
    for cls in CLASSES:
        if not gold[cls] and not predicted[cls]:
            continue
        precision = correct[cls] / predicted[cls] if predicted[cls] else float("nan")
        recall = correct[cls] / gold[cls] if gold[cls] else float("nan")
        print(f"{cls:<15}{gold[cls]:>9}{predicted[cls]:>9}{precision:>11.3f}{recall:>8.3f}")
    if predicted[NONE]:
        print(f"{'(not read)':<15}{'':>9}{predicted[NONE]:>9}")
    print(f"accuracy: {sum(correct.values()) / total:.3f}" if total else "accuracy: n/a")
    if args.confusion:
        for (cls, got), count in sorted(confusion.items()):
            if cls != got:
                print(f"  {cls:>15} -> {got:<15} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
