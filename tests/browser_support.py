"""Helpers of the browser tests: a static server for a site, Debian's chromium, a recording session."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import chromium_path

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path):
    """Serve a site folder on a free local port; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def launch():
    """Yield Debian's headless chromium through Playwright (skips when it is not installed)."""
    executable = chromium_path()
    if executable is None:
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=executable,
                                     args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        yield launched
        launched.close()


class Session:
    """A browser page that records console errors, page errors and any request leaving the site."""

    def __init__(self, browser, base_url, **context_options):
        self.context = browser.new_context(**context_options)
        self.page = self.context.new_page()
        self.base = base_url
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route):
        if urlsplit(route.request.url).netloc != urlsplit(self.base).netloc:
            self.external.append(route.request.url)
            route.abort()
        else:
            route.continue_()

    def goto(self, relative: str):
        self.page.goto(self.base + relative)
        self.page.wait_for_load_state("load")
        return self.page

    def close(self):
        self.context.close()


def serious_violations(page) -> list:
    """Run axe on a page; return its serious and critical violations."""
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations"
                               ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))")
    return [v for v in violations if v["impact"] in ("serious", "critical")]


# Fixtures shared by the browser test modules; each module defines the `site` they serve.
@pytest.fixture(scope="module")
def base_url(site):
    """The module's site, served on a free local port."""
    yield from serve(site)


@pytest.fixture(scope="module")
def browser():
    """Debian's headless chromium, one per module."""
    yield from launch()


@pytest.fixture
def session(browser, base_url):
    """A recording browser page on the module's site."""
    s = Session(browser, base_url)
    yield s
    s.close()
