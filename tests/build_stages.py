"""Small stages for testing the build engine without the real converters and renderers."""

from __future__ import annotations

import os
from pathlib import Path

from teikit.diagnostics import error
from teikit.pipeline import Stage, Task, TaskResult, changed_results, ok_keys
from teikit.tei import write_atomic


class UpperStage(Stage):
    """Upper-cases src/*.txt into build/out/; lines 'ref: per:x' cite register entries."""

    name = "upper"

    def plan(self, edition):
        out = edition.build_dir / "out"
        return [Task(self.name, p.name, (str(p),), (str(out / p.name),), {"out": str(out)})
                for p in sorted((edition.root / "src").glob("*.txt"))]

    @staticmethod
    def run(task: Task) -> TaskResult:
        source = Path(task.inputs[0])
        text = source.read_text(encoding="utf-8")
        if "CRASH" in text:
            os._exit(3)  # a worker killed mid-task
        if "RAISE" in text:
            raise RuntimeError("bad document")
        if "INVALID" in text:
            return TaskResult(task.key, diagnostics=[error(source, "T-BAD", "invalid", line=1, col=1)])
        refs = sorted(line[5:].strip() for line in text.splitlines() if line.startswith("ref: "))
        target = Path(task.params["out"]) / source.name
        write_atomic(target, text.upper())
        return TaskResult(task.key, outputs=[str(target)], summary={"first": text.split("\n", 1)[0]},
                          register_refs=refs)

    def finish(self, edition, results):
        lines = [f"{r.key}\t{r.summary.get('first', '')}" for r in results if r.ok]
        write_atomic(edition.build_dir / "out" / "index.txt", "\n".join(lines) + "\n")
        return []


class GateStage(UpperStage):
    """A stage named like the validator: a document with errors fails, and is left out of later stages."""

    name = "validate"

    @staticmethod
    def run(task: Task) -> TaskResult:
        result = UpperStage.run(task)
        result.ok = not result.diagnostics
        return result


class ChangedStage(UpperStage):
    """Writes the keys finish was told had changed, and all succeeded keys, to build/out/changed.txt."""

    name = "changed"

    def finish(self, edition, results):
        changed = [r.key for r in changed_results(results)]
        write_atomic(edition.build_dir / "out" / "changed.txt", f"{' '.join(changed)}\n{' '.join(ok_keys(results))}\n")
        return []


class ProposingStage(UpperStage):
    """Like UpperStage, and its finish adds every cited person the register lacks (as the converter does)."""

    name = "proposing"

    def finish(self, edition, results):
        register = edition.tei_dir / "persons.xml"
        text = register.read_text(encoding="utf-8")
        cited = sorted({ref[4:] for r in results for ref in r.register_refs})
        missing = [key for key in cited if f'xml:id="{key}"' not in text]
        if missing:
            people = "".join(f'<person xml:id="{key}"><persName>{key}</persName></person>\n' for key in missing)
            write_atomic(register, text.replace("</listPerson>", people + "</listPerson>"))
        return []


def reversed_copy(source: str, target: str) -> int:
    """Write a file's text reversed to target; return the process that did it (work a finish hands to the workers)."""
    write_atomic(target, Path(source).read_text(encoding="utf-8")[::-1])
    return os.getpid()


class LendingStage(UpperStage):
    """Like UpperStage, and its finish hands one more file per document to the workers the engine lends."""

    name = "lending"

    def finish(self, edition, results):
        out = edition.build_dir / "out"
        futures = [self.workers.submit(reversed_copy, r.outputs[0], str(out / f"{r.key}.rev")) for r in results if r.ok]
        pids = {future.result() for future in futures}
        write_atomic(out / "workers.txt", f"{self.workers.jobs} {'elsewhere' if os.getpid() not in pids else 'here'}\n")
        return []


class WarmStage(UpperStage):
    """Like LendingStage, and writes whether its finish's work ran in processes that ran its tasks."""

    name = "warm"

    @staticmethod
    def run(task: Task) -> TaskResult:
        result = UpperStage.run(task)
        result.summary["pid"] = os.getpid()
        return result

    def finish(self, edition, results):
        out = edition.build_dir / "out"
        ran = {r.summary["pid"] for r in results if r.ok}
        futures = [self.workers.submit(reversed_copy, r.outputs[0], str(out / f"{r.key}.rev")) for r in results if r.ok]
        lent = {future.result() for future in futures}
        write_atomic(out / "workers.txt", "the stage's own\n" if lent & ran else "fresh\n")
        return []
