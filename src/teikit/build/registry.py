"""The build's stages, in the order they run: one line per stage."""

from __future__ import annotations

import importlib
from functools import lru_cache

from ..pipeline import Stage

# Stage name -> "module:Class". A new stage is one module plus one line here. PDFs come
# before HTML so the document pages can link to the PDFs they find.
STAGES = {
    "convert": "teikit.stages.convert:ConvertStage",
    "validate": "teikit.stages.validate:ValidateStage",
    "pdf": "teikit.stages.pdf:PdfStage",
    "html": "teikit.stages.html:HtmlStage",
    "review": "teikit.stages.review:ReviewStage",
    "export": "teikit.stages.export:ExportStage",
}
ORDER = tuple(STAGES)


@lru_cache(maxsize=None)
def stage_class(name: str) -> type[Stage]:
    """Import and return the Stage subclass registered under name (or given as "module:Class")."""
    module_name, attr = STAGES.get(name, name).split(":")
    return getattr(importlib.import_module(module_name), attr)


def stage_spec(stage: Stage) -> str:
    """Return the "module:Class" that worker processes import to run a stage's tasks."""
    cls = type(stage)
    return f"{cls.__module__}:{cls.__qualname__}"


def installed_stages() -> list[str]:
    """Return the names of the stages whose modules import, in build order."""
    names = []
    for name in ORDER:
        try:
            stage_class(name)
        except ImportError:
            continue
        names.append(name)
    return names
