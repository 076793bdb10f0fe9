"""Bounded load test of `teikit serve` on loopback: prints requests/s and latency percentiles.

Usage: python bench/serve.py [--edition DIR] [--requests 2000] [--clients 4]

Starts the server in its own process (uvicorn, one worker) on a free loopback port, then
sends the requests from concurrent clients, cycling through a mix of site pages, DTS
(entry, collection, navigation, passages) and OAI-PMH (Identify, ListRecords, GetRecord).
Exits non-zero if any request fails or answers with an unexpected status.
The default edition is the exchange test fixture (tests/fixtures/exchange/edition).
"""

from __future__ import annotations

import argparse
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EDITION = ROOT / "tests" / "fixtures" / "exchange" / "edition"


def free_port() -> int:
    """Return a TCP port free on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request_mix(base: str, first: str) -> list[str]:
    """Return the URLs one round of the load cycles through (first: a document with citable units)."""
    return [
        f"{base}/",
        f"{base}/api/dts",
        f"{base}/api/dts/collection",
        f"{base}/api/dts/collection?id={first}",
        f"{base}/api/dts/navigation?resource={first}&down=-1",
        f"{base}/api/dts/document?resource={first}&ref=1",
        f"{base}/api/dts/document?resource={first}",
        f"{base}/oai?verb=Identify",
        f"{base}/oai?verb=ListRecords&metadataPrefix=oai_dc",
        f"{base}/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=" + "{oai}" + first,
    ]


def start_server(edition: Path, port: int) -> subprocess.Popen:
    """Start `teikit serve` and wait until it answers."""
    process = subprocess.Popen([sys.executable, "-c", "from teikit.cli import main; main()", "serve",
                                "--port", str(port), "--edition", str(edition)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/dts", timeout=2)
            return process
        except httpx.TransportError:
            if process.poll() is not None:
                raise SystemExit(f"server exited: {process.stderr.read().decode()}")
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("server did not start within 30 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edition", type=Path, default=DEFAULT_EDITION)
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = start_server(args.edition, port)
    try:
        with httpx.Client() as client:
            archives = client.get(f"{base}/api/dts/collection", params={"page": "1"}).json()["member"]
            members = client.get(f"{base}/api/dts/collection", params={"id": archives[0]["@id"]}).json()["member"]
            # The OAI identifier prefix is whatever the repository uses; read it from a listing.
            listing = client.get(f"{base}/oai", params={"verb": "ListIdentifiers", "metadataPrefix": "oai_dc"}).text
        cited = [m["@id"] for m in members if m["maxCiteDepth"] > 0] or [members[0]["@id"]]
        prefix = listing.split("<identifier>", 1)[1].split("</identifier>", 1)[0].rsplit(":", 1)[0] + ":"
        urls = [u.replace("{oai}", prefix) for u in request_mix(base, cited[0])]
        # The site index is optional (the HTML may not be built): accept 404 there only.
        allowed = {f"{base}/": {200, 404}}

        latencies: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()
        counter = iter(range(args.requests))

        def worker():
            with httpx.Client(timeout=30) as client:
                for n in counter:
                    url = urls[n % len(urls)]
                    started = time.perf_counter()
                    try:
                        response = client.get(url)
                        status = response.status_code
                    except httpx.HTTPError as exc:
                        status, detail = 0, repr(exc)
                    elapsed = time.perf_counter() - started
                    with lock:
                        latencies.append(elapsed)
                        if status not in allowed.get(url, {200}):
                            errors.append(f"{url}: {status or detail}")

        threads = [threading.Thread(target=worker) for _ in range(args.clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(10)

    quantiles = statistics.quantiles(latencies, n=100)
    print(f"edition: {args.edition}")
    print(f"requests: {len(latencies)} from {args.clients} concurrent clients in {wall:.2f} s")
    print(f"throughput: {len(latencies) / wall:.0f} requests/s")
    print(f"latency ms: p50 {quantiles[49] * 1000:.1f}  p95 {quantiles[94] * 1000:.1f}  "
          f"p99 {quantiles[98] * 1000:.1f}  max {max(latencies) * 1000:.1f}")
    print(f"errors: {len(errors)}")
    for line in errors[:10]:
        print(f"  {line}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
