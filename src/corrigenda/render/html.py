"""Reader-facing HTML from Jinja templates with autoescaping: editors' text is never raw HTML."""

from __future__ import annotations

import datetime as dt
from functools import cache, lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape


@lru_cache(maxsize=4096)
def long_date(day: dt.date) -> str:
    """'19 Oct 2023', the newsroom style used in banners and notes."""
    return f"{day.day} {day:%b %Y}"


def char_refs(text: str) -> Markup:
    """Escaped text with each non-ASCII character as a character reference (¶ as &#182;)."""
    # For what the engine adds to every article (the Corrections heading's permalink), as
    # Python-Markdown writes its own (&para;): one such character stored a whole page of ASCII as
    # Latin-1, which MkDocs then encoded 20 times slower when writing it.
    return Markup(str(escape(text)).encode("ascii", "xmlcharrefreplace").decode("ascii"))


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """'1 correction', '31 corrections'."""
    return f"{count} {singular if count == 1 else (plural_form or singular + 's')}"


@cache
def environment() -> Environment:
    """The one Jinja environment of the engine; templates live beside this module."""
    env = Environment(
        loader=PackageLoader("corrigenda.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,  # package files: no need to stat each template at every render
    )
    env.filters["long_date"] = long_date
    env.filters["char_refs"] = char_refs
    env.globals["plural"] = plural
    return env


def render(template: str, **context: Any) -> Markup:
    """Render one of the engine's templates to safe HTML."""
    return Markup(environment().get_template(template).render(**context))
