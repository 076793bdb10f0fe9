"""How `teikit serve` runs uvicorn: header and idle timeouts, so silent or dribbling clients cannot hold it."""

from __future__ import annotations

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

# Seconds a client has, from connecting (or from the end of the previous response), to send a
# request's complete headers. uvicorn has no such limit: fifty silent connections stayed open.
HEADER_TIMEOUT = 10.0
# Seconds an idle keep-alive connection stays open after a response.
IDLE_TIMEOUT = 5
# Seconds a POSTed form may take to arrive (OAI-PMH accepts its arguments as a form).
BODY_TIMEOUT = 10.0


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with a deadline for the request headers (a slowloris guard)."""

    def connection_made(self, transport) -> None:
        super().connection_made(transport)
        self._header_deadline = None
        self._arm()

    def on_response_complete(self) -> None:
        self._arm()
        super().on_response_complete()

    def connection_lost(self, exc) -> None:
        if self._header_deadline is not None:
            self._header_deadline.cancel()
        super().connection_lost(exc)

    def _arm(self) -> None:
        """Start the clock for the next request's headers."""
        if self._header_deadline is not None:
            self._header_deadline.cancel()
        self._header_deadline = self.loop.call_later(HEADER_TIMEOUT, self._expire, self.cycle)

    def _expire(self, cycle) -> None:
        # A new request cycle means its headers arrived in time; otherwise the client is stalling.
        if self.cycle is cycle and not self.transport.is_closing():
            self.transport.close()


def server_config(app, host: str, port: int, **options) -> uvicorn.Config:
    """Return the uvicorn configuration `teikit serve` (and the tests) run the application with."""
    return uvicorn.Config(app, host=host, port=port, http=GuardedH11Protocol, timeout_keep_alive=IDLE_TIMEOUT,
                          **options)
