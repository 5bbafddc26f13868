"""`mkdocs serve` rebuilds when an editor changes a corrections file."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import yaml

from tests.conftest import ARTICLE_URL

YAML_PATH = "corrections/russian-foreign-minister-visits-north-korea.yml"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def serve(project) -> tuple[subprocess.Popen, str]:
    """`mkdocs serve` on the project, and the article's URL there."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project.root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = urlsplit(yaml.safe_load((project.root / "mkdocs.yml").read_text())["site_url"]).path
    return server, f"http://127.0.0.1:{port}{base}{ARTICLE_URL}"


def test_serve_rebuilds_when_corrections_change(project) -> None:
    server, url = serve(project)
    try:
        assert wait_for(url, "Sergey Lavrov</ins>"), "the served article never showed the correction"
        path = project.root / YAML_PATH
        path.write_text(path.read_text("utf-8").replace(
            "corrected: Sergey Lavrov", "corrected: Sergey V. Lavrov"), "utf-8")
        assert wait_for(url, "Sergey V. Lavrov</ins>"), "changing the corrections file did not rebuild"
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_works_before_there_is_a_corrections_folder(project) -> None:
    (project.root / YAML_PATH).unlink()
    (project.root / "corrections").rmdir()
    server, url = serve(project)
    try:
        assert wait_for(url, "Sergey Lankov"), "the article was never served"
        assert server.poll() is None
    finally:
        server.terminate()
        server.wait(timeout=30)
