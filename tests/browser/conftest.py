"""Browser fixtures: the built site served on loopback as GitHub Pages would, and headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Page, Route

from tests.browser.chromium import launch
from tests.browser.server import serve_site
from tests.conftest import REPO

SCREENSHOTS = REPO / "screenshots" / "tests"


@pytest.fixture(scope="session")
def base_url(site) -> Iterator[str]:
    """The built site's address, under the same path as its public site_url."""
    path = urlsplit(yaml.safe_load((REPO / "mkdocs.yml").read_text())["site_url"]).path.strip("/")
    with serve_site(site.site, prefix=path) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with launch() as chromium:
        yield chromium


def _loopback_only(route: Route) -> None:
    """Tests never reach the network: anything not on this machine is refused."""
    host = urlsplit(route.request.url).hostname
    if host in {"127.0.0.1", "localhost"}:
        route.continue_()
    else:
        route.abort()


def new_context(browser: Browser, **options) -> BrowserContext:
    """A fresh browser profile whose requests stay on loopback."""
    context = browser.new_context(**options)
    context.route("**/*", _loopback_only)
    return context


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page with JavaScript."""
    context = new_context(browser, viewport={"width": 1280, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    """Where browser tests leave pictures for people to look at (ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
