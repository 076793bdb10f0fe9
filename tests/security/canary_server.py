"""A loopback HTTP server for the attack tests: logs every request path, answers a DTD or text.

Run as `python canary_server.py LOG`: prints its port on the first line of stdout, then
appends each request's path to LOG. It runs in a process of its own, so a client that holds
the GIL (Saxon, libxml2) cannot deadlock it.
"""

from __future__ import annotations

import http.server
import sys

LEAK = b"CANARY-FROM-THE-NETWORK"


class Handler(http.server.BaseHTTPRequestHandler):
    """Records the path, then serves an entity declaration (for .dtd) or plain text."""

    def do_GET(self):
        with open(sys.argv[1], "a", encoding="utf-8") as log:
            log.write(self.path + "\n")
        body = b'<!ENTITY leak "' + LEAK + b'">' if self.path.endswith(".dtd") else LEAK
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
