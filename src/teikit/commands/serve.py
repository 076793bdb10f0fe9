"""`teikit serve`: serve the edition's HTML site, DTS and OAI-PMH on loopback with uvicorn."""

from __future__ import annotations

from pathlib import Path

import click

from ..edition import Edition, EditionError


def build_app(edition_dir: Path, oai_page_size: int = 100, dts_page_size: int = 100):
    """Open the edition and return its ASGI application (raises click.UsageError for a bad folder)."""
    from ..exchange.app import create_app

    try:
        edition = Edition.open(edition_dir)
    except EditionError as exc:
        raise click.UsageError(str(exc)) from exc
    return create_app(edition, oai_page_size=oai_page_size, dts_page_size=dts_page_size)


@click.command(name="serve")
@click.option("--host", metavar="HOST", default="127.0.0.1", show_default=True,
              help="Interface to bind; the default keeps the server on this machine.")
@click.option("--port", metavar="PORT", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port.")
@click.option("--edition", "edition_dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=Path("."), show_default=True,
              help="The edition folder.")
@click.option("--page-size", metavar="N", type=click.IntRange(1, 10000), default=100, show_default=True,
              help="Records per OAI-PMH page and members per DTS page.")
@click.option("--watch", is_flag=True,
              help="Rebuild what changed when a record, TEI file or stylesheet is saved; open pages reload.")
def serve(host: str, port: int, edition_dir: Path, page_size: int, watch: bool):
    """Serve the edition: HTML site at /, DTS at /api/dts, OAI-PMH at /oai."""
    import uvicorn

    from ..exchange.http import server_config

    app = build_app(edition_dir, page_size, page_size)
    index = app.state.index
    if watch:
        from ..watch import LiveReload, Watcher

        watcher = Watcher(Edition.open(edition_dir))
        click.echo("Building before serving; watching for changes", err=True)
        watcher.rebuild()
        watcher.start()
        app = LiveReload(app, watcher)
    index.refresh()
    for problem in index.problems:
        click.echo(f"{problem.format()} (not served)", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}, reachable from other machines", err=True)
    click.echo(f"Serving {Path(edition_dir).resolve()} at http://{host}:{port}/ (DTS /api/dts, OAI-PMH /oai)")
    uvicorn.Server(server_config(app, host, port, log_level="warning")).run()
