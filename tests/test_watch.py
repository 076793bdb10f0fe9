"""`serve --watch`: saving a source triggers an incremental rebuild, and pages reload."""

from __future__ import annotations

import time

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from teikit.build import BuildOptions
from teikit.watch import RELOAD_PATH, LiveReload, Watcher
from test_build import DOCS, UPPER, make_edition


def wait_for(predicate, seconds=15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_saving_a_source_rebuilds_only_what_changed(tmp_path):
    edition = make_edition(tmp_path, DOCS)
    watcher = Watcher(edition, BuildOptions(stages=(UPPER,), jobs=1, quiet=True))
    watcher.rebuild()
    # The test stage reads src/, so watch it as the records folder.
    watcher.watched_paths = lambda: [tmp_path / "src"]
    watcher.start()
    try:
        time.sleep(0.5)
        (tmp_path / "src" / "d2.txt").write_text("doc 2 saved\n", encoding="utf-8")
        assert wait_for(lambda: watcher.generation >= 2)
        assert (edition.build_dir / "out" / "d2.txt").read_text() == "DOC 2 SAVED\n"
    finally:
        watcher.stop()


def _app():
    async def page(request):
        return HTMLResponse("<html><body><p>hi</p></body></html>")

    async def data(request):
        return PlainTextResponse("plain")

    return Starlette(routes=[Route("/page.html", page), Route("/data.txt", data)])


def test_html_pages_get_the_reload_script_and_other_responses_do_not(tmp_path):
    watcher = Watcher(make_edition(tmp_path, {}))
    client = TestClient(LiveReload(_app(), watcher))
    page = client.get("/page.html")
    assert RELOAD_PATH in page.text
    assert page.text.index(RELOAD_PATH) < page.text.index("</body>")
    assert int(page.headers["content-length"]) == len(page.content)
    assert client.get("/data.txt").text == "plain"


def test_generation_endpoint_reports_rebuilds(tmp_path):
    watcher = Watcher(make_edition(tmp_path, {}), BuildOptions(stages=(UPPER,), jobs=1, quiet=True))
    client = TestClient(LiveReload(_app(), watcher))
    assert client.get(RELOAD_PATH).text == "0"
    watcher.rebuild()
    assert client.get(RELOAD_PATH).text == "1"
