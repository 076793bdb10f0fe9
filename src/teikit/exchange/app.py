"""The ASGI application of `teikit serve`: the HTML site, DTS at /api/dts and OAI-PMH at /oai."""

from __future__ import annotations

import asyncio
import json
import mimetypes
from pathlib import Path
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Route

from ..edition import Edition
from .dts import BASE, DTSError, DTSService, PARAMETERS
from .dts import Response as DTSResponse
from .http import BODY_TIMEOUT
from .index import EditionIndex
from .oai import OAIRepository

MAX_QUERY = 4096
MAX_FIELDS = 32
MAX_FORM_BYTES = 8192
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


class QueryError(ValueError):
    """A query string that cannot be read: too long, badly encoded or with too many fields."""

    def __init__(self, message: str, too_long: bool = False):
        super().__init__(message)
        self.too_long = too_long


def parse_query(raw: bytes | str) -> list[tuple[str, str]]:
    """Parse a query string strictly: UTF-8 percent-encoding, bounded length and field count."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("ascii")
        except UnicodeDecodeError:
            raise QueryError("the query string is not URL-encoded") from None
    if len(raw) > MAX_QUERY:
        raise QueryError(f"the query string is longer than {MAX_QUERY} characters", too_long=True)
    try:
        return parse_qsl(raw, keep_blank_values=True, strict_parsing=False, encoding="utf-8",
                         errors="strict", max_num_fields=MAX_FIELDS)
    except (UnicodeDecodeError, ValueError) as exc:
        raise QueryError(f"the query string cannot be read: {exc}") from None


async def _form_body(request: Request) -> bytes:
    """Read a POSTed form, refusing bodies larger than MAX_FORM_BYTES or slower than BODY_TIMEOUT."""
    try:
        return await asyncio.wait_for(_read_form(request), BODY_TIMEOUT)
    except asyncio.TimeoutError:
        raise QueryError(f"the request body did not arrive within {BODY_TIMEOUT:g} seconds") from None


async def _read_form(request: Request) -> bytes:
    body = bytearray()
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise QueryError(f"the request body is larger than {MAX_FORM_BYTES} bytes", too_long=True)
    return bytes(body)


def _json(response: DTSResponse) -> Response:
    body = response.body
    data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False, indent=2).encode()
    return Response(data, status_code=response.status, media_type=response.media_type,
                    headers={**SECURITY_HEADERS, **response.headers})


def _origin(request: Request) -> str:
    """Return scheme://host[:port] of the request, the base of every link the API gives."""
    return str(request.base_url).rstrip("/")


def _dts_error(exc: DTSError) -> Response:
    return _json(DTSResponse(exc.to_json(), status=exc.status))


def _dts_params(request: Request, endpoint: str) -> dict[str, str]:
    try:
        pairs = parse_query(request.scope.get("query_string", b""))
    except QueryError as exc:
        raise DTSError(414 if exc.too_long else 400, str(exc)) from None
    params: dict[str, str] = {}
    for name, value in pairs:
        if name not in PARAMETERS[endpoint]:
            continue
        if name in params:
            raise DTSError(400, f"the parameter {name} is repeated")
        params[name] = value
    return params


def safe_file(root: Path, url_path: str) -> Path | None:
    """Return the file below root that a decoded URL path names, or None if it is missing or outside root."""
    if "\x00" in url_path or "\\" in url_path:
        return None
    parts = [p for p in url_path.split("/") if p not in ("", ".")]
    # Hidden names (.teikit/, the build's bookkeeping; .git...) are not part of the published site.
    if any(p == ".." or p.startswith(("~", ".")) for p in parts):
        return None
    try:
        base = root.resolve(strict=True)
        target = base.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not target.is_relative_to(base):
        return None  # a symbolic link leading out of the site
    if target.is_dir():
        target = target / "index.html"
        if not target.is_file():
            return None
    return target if target.is_file() else None


def create_app(edition: Edition, oai_page_size: int = 100, dts_page_size: int = 100,
               rescan_interval: float = 1.0) -> Starlette:
    """Return the application serving one edition; edits on disk show within `rescan_interval` seconds."""
    index = EditionIndex(edition, rescan_interval)
    dts = DTSService(index, dts_page_size)
    oai = OAIRepository(index, oai_page_size)

    async def dts_entry(request: Request) -> Response:
        """The DTS entry point."""
        return _json(dts.entry(_origin(request)))

    def dts_endpoint(name: str):
        """Return the handler of one DTS endpoint."""

        async def endpoint(request: Request) -> Response:
            """Answer one DTS request, errors included."""
            try:
                params = _dts_params(request, name)
                origin = _origin(request)
                if name == "collection":
                    return _json(dts.collection(params, origin))
                if name == "navigation":
                    return _json(dts.navigation(params, str(request.url), origin))
                return _json(dts.document(params, origin))
            except DTSError as exc:
                return _dts_error(exc)

        return endpoint

    async def oai_endpoint(request: Request) -> Response:
        """Answer an OAI-PMH request (GET query or POST form)."""
        base_url = str(request.url.replace(query=""))
        try:
            raw = await _form_body(request) if request.method == "POST" else request.scope.get("query_string", b"")
            pairs = parse_query(raw)
        except QueryError as exc:
            # An unreadable request has no legal verb or arguments: the protocol's badArgument.
            data = oai.error("badArgument", str(exc), base_url)
            return Response(data, media_type="text/xml; charset=utf-8", headers=SECURITY_HEADERS)
        return Response(oai.handle(pairs, base_url), media_type="text/xml; charset=utf-8", headers=SECURITY_HEADERS)

    async def site(request: Request) -> Response:
        """Serve a file of the HTML site, never one outside it."""
        target = safe_file(edition.html_dir, request.path_params.get("path", ""))
        if target is None:
            return PlainTextResponse("Not found\n", status_code=404, headers=SECURITY_HEADERS)
        media_type = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        return FileResponse(target, media_type=media_type, headers=SECURITY_HEADERS)

    routes = [
        Route(BASE, dts_entry, methods=["GET", "HEAD"]),
        Route(BASE + "/", dts_entry, methods=["GET", "HEAD"]),
    ]
    for name in ("collection", "navigation", "document"):
        handler = dts_endpoint(name)
        routes.append(Route(f"{BASE}/{name}", handler, methods=["GET", "HEAD"]))
        routes.append(Route(f"{BASE}/{name}/", handler, methods=["GET", "HEAD"]))
    routes += [
        Route("/oai", oai_endpoint, methods=["GET", "POST"]),
        Route("/{path:path}", site, methods=["GET", "HEAD"]),
    ]
    app = Starlette(routes=routes)
    app.state.index = index
    return app
