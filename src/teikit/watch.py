"""Rebuild what changed when a record, a TEI file, a register or a stylesheet is saved.

`Watcher` runs incremental builds in a background thread; `LiveReload` is the ASGI
middleware that adds a tiny script to served HTML pages so an open page reloads itself
after each rebuild.
"""

from __future__ import annotations

import threading
from pathlib import Path

from .build import BuildOptions, run_build
from .build.progress import make_console
from .edition import SETTINGS_FILE, Edition
from .resources import xslt_path

RELOAD_PATH = "/__teikit/generation"
_SCRIPT = (
    "<script>(function(){var g=null;function poll(){fetch('" + RELOAD_PATH + "',{cache:'no-store'})"
    ".then(function(r){return r.text()}).then(function(t){if(g!==null&&t!==g){location.reload()}g=t})"
    ".catch(function(){}).finally(function(){setTimeout(poll,1000)})}poll()})();</script>"
).encode()


class Watcher:
    """Watches an edition's sources and runs an incremental build after every change."""

    def __init__(self, edition: Edition, options: BuildOptions | None = None):
        self.edition = edition
        self.options = options or BuildOptions(quiet=True)
        self.generation = 0
        self.last_exit_code: int | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def watched_paths(self) -> list[Path]:
        """Return the folders and files whose changes trigger a rebuild."""
        candidates = [self.edition.records_dir, self.edition.tei_dir, self.edition.root / SETTINGS_FILE,
                      xslt_path(), self.edition.root / "xslt"]
        return [p for p in candidates if p.exists()]

    def rebuild(self) -> int:
        """Run one incremental build and bump the generation the pages poll for."""
        outcome = run_build(self.edition, self.options, console=make_console())
        self.last_exit_code = outcome.exit_code
        self.generation += 1
        return outcome.exit_code

    def _loop(self) -> None:
        from watchfiles import watch

        build_dir = str(self.edition.build_dir)

        def relevant(change, path: str) -> bool:
            # The build writes build/ and temporary files; those must not trigger builds.
            name = Path(path).name
            return not path.startswith(build_dir) and not name.startswith(".") and not name.endswith(".tmp")

        for _changes in watch(*self.watched_paths(), watch_filter=relevant, stop_event=self._stop,
                              debounce=300, rust_timeout=500, yield_on_timeout=False):
            self.rebuild()

    def start(self) -> None:
        """Start watching in a daemon thread."""
        self._thread = threading.Thread(target=self._loop, name="teikit-watch", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop watching."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)


class LiveReload:
    """ASGI middleware: answers the generation endpoint and injects the reload script into HTML."""

    def __init__(self, app, watcher: Watcher):
        self.app = app
        self.watcher = watcher

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] == RELOAD_PATH:
            body = str(self.watcher.generation).encode()
            await send({"type": "http.response.start", "status": 200,
                        "headers": [(b"content-type", b"text/plain"), (b"cache-control", b"no-store"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})
            return
        state = {"html": False, "start": None, "chunks": []}

        async def wrapped_send(message):
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                state["html"] = headers.get(b"content-type", b"").startswith(b"text/html")
                if not state["html"]:
                    await send(message)
                else:
                    state["start"] = message
                return
            if not state["html"]:
                await send(message)
                return
            state["chunks"].append(message.get("body", b""))
            if message.get("more_body"):
                return
            body = b"".join(state["chunks"])
            marker = body.rfind(b"</body>")
            body = body[:marker] + _SCRIPT + body[marker:] if marker >= 0 else body + _SCRIPT
            start = state["start"]
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers.append((b"content-length", str(len(body)).encode()))
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, wrapped_send)
