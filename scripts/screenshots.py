"""Build the site and photograph the article, the log and the front page, light and dark, desktop and phone."""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser.chromium import launch  # noqa: E402
from tests.browser.server import serve_site  # noqa: E402  (shared with the browser tests)

PAGES = {
    "article": "articles/russian-foreign-minister-visits-north-korea/",
    "log": "corrections/",
    "front": "",
}
VIEWPORTS = {"desktop": (1280, 900), "phone": (375, 812)}


def main(argv: list[str] | None = None) -> int:
    """Write PNGs to screenshots/ (ignored by git)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "screenshots")
    parser.add_argument("--full-page", action="store_true", help="capture whole pages, not the first screen")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                       cwd=REPO, check=True)
        with serve_site(site) as base, launch() as browser:
            for scheme in ("light", "dark"):
                for device, (width, height) in VIEWPORTS.items():
                    page = browser.new_page(viewport={"width": width, "height": height},
                                            color_scheme=scheme)
                    for name, url in PAGES.items():
                        page.goto(base + url)
                        path = args.out / f"{name}-{device}-{scheme}.png"
                        page.screenshot(path=str(path), full_page=args.full_page)
                        print(path.relative_to(REPO) if path.is_relative_to(REPO) else path)
                    page.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
