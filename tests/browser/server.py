"""A static file server on loopback for a built site, as GitHub Pages would serve it."""

from __future__ import annotations

import functools
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files without logging every request to the test output."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib signature)
        return


@contextmanager
def serve_site(site: Path, prefix: str = "") -> Iterator[str]:
    """Serve `site` on a free loopback port under /prefix/ (as GitHub Pages serves a project site).

    Yields the base URL, ending in '/'.
    """
    with tempfile.TemporaryDirectory() as root:
        served = Path(root) / prefix if prefix else Path(root) / "site"
        served.symlink_to(site.resolve(), target_is_directory=True)
        handler = functools.partial(_QuietHandler, directory=str(served.parent if prefix else served))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            path = f"/{prefix}/" if prefix else "/"
            yield f"http://127.0.0.1:{server.server_address[1]}{path}"
        finally:
            server.shutdown()
            server.server_close()
