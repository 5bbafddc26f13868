"""Generate a synthetic newsroom archive (articles and their corrections) for the benchmark.

    python scripts/bench/generate.py OUT [--articles 1000] [--corrections 30] [--seed 1]

OUT gets a copy of the project layout (mkdocs.yml, hooks/, overrides/, docs/index.md,
docs/stylesheets/) plus docs/articles/*.md and corrections/*.yml. The same arguments always
give the same files. With 0 corrections per article no corrections file is written: the same
kind of articles, none of them corrected, as a baseline.

Each correction plants its own phrase (built from a name, place, number, date or misspelling
that no other phrase on the page uses) in the article as many times as its selector needs:
once for plain, twice for prefix/suffix (with different words around it), three times for
occurrence, two or three for all. A correction has one selector: prefix and suffix are never
combined. Correction i of an article has kind i % 7 (name, date, terminology, fact, typo,
clarification, removal) and selector i % 5 (plain, prefix, suffix, occurrence, all): an
article of 7 or more corrections uses every kind and every selector, but a kind meets a
selector at only one i in 35, so an article of n corrections has min(n, 35) of the 35 pairs.
At 30, the five never made are terminology with plain, fact with prefix, typo with suffix,
clarification with occurrence and removal with all. Some phrases span emphasis, a link or a
soft line break. The first correction's original is also written in inline code and in a fenced
code block, where it must never be matched. With --verify (the default) every page is rendered
with the engine and must apply cleanly, so a generator mistake is reported here rather than by
the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sys
import textwrap
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KINDS = ("name", "date", "terminology", "fact", "typo", "clarification", "removal")
SELECTORS = ("plain", "prefix", "suffix", "occurrence", "all")
SCHEMA_LINE = "# yaml-language-server: $schema=../src/corrigenda/corrections.schema.json\n"
# The Markdown extensions a build uses (MkDocs adds tables and fenced_code to mkdocs.yml's).
EXTENSIONS = ("toc", "tables", "attr_list", "admonition", "pymdownx.details", "pymdownx.superfences")

FILLER = """
the council said on its budget and would review plans for roads schools and clinics after
months of debate among members who had argued that spending should rise while others warned
of costs in a region where growth has slowed and prices have risen sharply since last year
residents told reporters they wanted clear answers about water supplies power cuts and the
long delays at the border crossing which traders say have hurt small firms most analysts
expect talks to continue through the winter as both sides seek support from neighbours and
from lenders abroad who have asked for reforms before new loans are agreed officials added
that a report would be published later in the month with details of the proposals and the
views of local groups farmers unions and business owners many of whom attended the meeting
""".split()
CONNECTORS = ("reportedly", "later", "also", "then", "again", "finally", "formally", "publicly",
              "quietly", "briefly", "openly", "twice", "recently", "jointly", "firmly", "still")
FIRST = """Adela Bartek Cosmin Dalia Emeric Farida Gunnar Halina Ivo Jarmila Kasimir Ludmila
Marek Nadia Oldrich Petra Radek Sabina Tibor Ulrika Vaclav Wanda Xaver Yelena Zdenek Agata
Bohdan Cilka Dusan Edita Filip Greta Hynek Irena Jiri Klara Leos Milena Norbert Olga Pavel
Renata Stanislav Tereza Urban Vlasta Wenzel Zuzana""".split()
LAST = """Novak Horak Dvorak Kral Ruzicka Benes Fiala Sedlak Dolezal Zeman Kolar Navratil Cerny
Vesely Pokorny Hajek Jelinek Kratochvil Blaha Kopecky Soukup Konecny Mach Stepanek
Holub Matousek Bartos Vlcek Polak Kriz Musil Simek Hruby Janda Moravec Tuma Vacek""".split()
PLACES = """Brezno Kelmar Ostrava Vrbno Zlatno Drava Lipno Mirov Orlik Pisek Radvan Sokol
Tabor Ujezd Velen Zabreh Bystrice Chlum Doubrava Hostin Jesenik Kamenec Lomnice Mokra Nymburk
Opava Plana Roudnice Slavkov Trebon Uhrin Volary Zruc Bilina Cheb Decin Hranice Jicin Kadan
Litomysl""".split()
BODIES = ("Regional Council", "Water Authority", "Border Agency", "Farmers Union", "Port Trust",
          "Energy Board", "Transit Office", "Housing Fund")
TYPOS = {
    "goverment": "government", "recieved": "received", "seperate": "separate",
    "occured": "occurred", "untill": "until", "publically": "publicly", "wich": "which",
    "acommodate": "accommodate", "beleive": "believe", "comittee": "committee",
    "definately": "definitely", "enviroment": "environment", "foriegn": "foreign",
    "gaurantee": "guarantee", "independant": "independent", "liason": "liaison",
    "millenium": "millennium", "neccessary": "necessary", "parliment": "parliament",
    "posession": "possession", "reccomend": "recommend", "refered": "referred",
    "sucessful": "successful", "tommorow": "tomorrow", "truely": "truly", "wierd": "weird",
    "arguement": "argument", "calender": "calendar", "embarass": "embarrass",
    "existance": "existence", "greatful": "grateful", "harrass": "harass",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
NOTE_LINKS = ("https://example.org/standards/corrections", "https://example.org/style-guide")


@dataclass
class Planted:
    """One correction: its YAML fields and the Markdown of each place its original appears."""

    cid: str
    kind: str
    selector: str
    original: str
    corrected: str
    note: str
    markdown: list[str]          # the original as written at each place (may carry markup)
    fields: dict[str, object] = field(default_factory=dict)


@dataclass
class Sentence:
    """A sentence as written in Markdown and as readers see it."""

    markdown: str
    reader: str


class ArticleWriter:
    """Writes one article and its corrections from a seeded random generator."""

    def __init__(self, rng: random.Random, number: int, corrections: int) -> None:
        self.rng, self.number, self.count = rng, number, corrections
        self.first = rng.sample(FIRST, len(FIRST))
        self.last = rng.sample(LAST, len(LAST))
        self.places = rng.sample(PLACES, len(PLACES))
        self.typos = rng.sample(sorted(TYPOS), len(TYPOS))
        self.numbers = rng.sample(range(11, 99), 88)
        self.days = rng.sample([(d, m) for m in MONTHS for d in range(1, 29)], 28 * 12)

    # --- words -----------------------------------------------------------------------------

    def words(self, low: int, high: int) -> str:
        return " ".join(self.rng.choice(FILLER) for _ in range(self.rng.randint(low, high)))

    def filler(self) -> Sentence:
        text = self.words(9, 18)
        text = text[0].upper() + text[1:] + "."
        return Sentence(text, text)

    def title(self, low: int = 3, high: int = 6) -> str:
        text = self.words(low, high)
        return text[0].upper() + text[1:]

    def _take(self, pool: list, what: str):
        if not pool:
            raise SystemExit(f"article {self.number}: too many corrections for the {what} pool; "
                             f"use fewer --corrections")
        return pool.pop()

    # --- corrections -----------------------------------------------------------------------

    def planted(self, index: int, date: dt.date) -> Planted:
        """The index-th correction: kind and selector take turns (see the module's docstring)."""
        kind, selector = KINDS[index % len(KINDS)], SELECTORS[index % len(SELECTORS)]
        original, corrected, note = getattr(self, f"_{kind}")()
        copies = {"plain": 1, "prefix": 2, "suffix": 2, "occurrence": 3}.get(selector) or self.rng.randint(2, 3)
        markdown = [original] * copies
        if kind == "name" and " " in original:  # emphasis inside the original: "Ivo *Novak*"
            head, tail = original.rsplit(" ", 1)
            markdown[0] = f"{head} *{tail}*"
        elif kind == "terminology":  # the original as the text of a link
            markdown[-1] = f"[{original}](https://example.org/bodies/{self.number}-{index})"
        note_date = date + dt.timedelta(days=1 + index % 40)
        return Planted(f"a{self.number:04d}-{index:02d}-{kind}", kind, selector, original,
                       corrected, note, markdown, {"date": note_date.isoformat()})

    def _note(self, text: str) -> str:
        link = self.rng.choice(NOTE_LINKS)
        return f"{text} See our [corrections policy]({link})."

    def _name(self) -> tuple[str, str, str]:
        first, wrong, right = (self._take(pool, "name") for pool in (self.first, self.last, self.last))
        return (f"{first} {wrong}", f"{first} {right}",
                self._note(f"An earlier version of this article misspelled the surname of "
                           f"*{first} {right}*."))

    def _date(self) -> tuple[str, str, str]:
        (day, month), (day2, month2) = self._take(self.days, "date"), self._take(self.days, "date")
        return (f"on {day} {month}", f"on {day2} {month2}",
                self._note(f"An earlier version of this article gave the wrong date. It was "
                           f"**{day2} {month2}**, not {day} {month}."))

    def _terminology(self) -> tuple[str, str, str]:
        place, body = self._take(self.places, "place"), self.rng.choice(BODIES)
        return (f"{place} {body}", f"{place} Regional Assembly",
                self._note(f"An earlier version of this article used an outdated name for the "
                           f"*{place} Regional Assembly*."))

    def _fact(self) -> tuple[str, str, str]:
        wrong, right = self._take(self.numbers, "number"), self._take(self.numbers, "number")
        return (f"rose by {wrong} percent", f"rose by {right} percent",
                self._note(f"An earlier version of this article misstated the increase. It was "
                           f"{right} percent, not {wrong} percent."))

    def _typo(self) -> tuple[str, str, str]:
        wrong = self._take(self.typos, "misspelling")
        return wrong, TYPOS[wrong], f"An earlier version of this article misspelled *{TYPOS[wrong]}*."

    def _clarification(self) -> tuple[str, str, str]:
        first, last = self._take(self.first, "name"), self._take(self.last, "name")
        return (f"{first} {last}, an adviser,", f"{first} {last}, a former adviser,",
                self._note(f"This article has been updated to make clear that {first} {last} "
                           f"no longer advises the council."))

    def _removal(self) -> tuple[str, str, str]:
        place = self._take(self.places, "place")
        return (f", according to officials in {place}", "",
                self._note(f"An earlier version of this article attributed a claim to officials "
                           f"in {place}. They did not make it."))

    # --- text ------------------------------------------------------------------------------

    def carrier(self, planted: Planted, markdown: str, lead: str, trail: str) -> Sentence:
        """A sentence holding one copy of the original between two known words."""
        before = f"{self.title(3, 7)} {lead} "
        after = f" {trail} {self.words(3, 8)}."
        if planted.kind == "removal":  # ", according to ..." follows a word directly
            before = before.rstrip()
        return Sentence(before + markdown + after, before + planted.original + after)

    def sentences_for(self, planted: Planted) -> list[Sentence]:
        leads = self.rng.sample(CONNECTORS, len(planted.markdown))
        trails = self.rng.sample(CONNECTORS, len(planted.markdown))
        made = [self.carrier(planted, md, lead, trail)
                for md, lead, trail in zip(planted.markdown, leads, trails)]
        if planted.selector == "prefix":
            before = made[1].reader[:made[1].reader.index(planted.original)]
            planted.fields["prefix"] = before[before.rstrip().rfind(" ") + 1:]
        elif planted.selector == "suffix":
            after = made[0].reader[made[0].reader.index(planted.original) + len(planted.original):]
            planted.fields["suffix"] = " " + after.split()[0]
        elif planted.selector == "occurrence":
            planted.fields["occurrence"] = self.rng.randint(1, len(made))
        elif planted.selector == "all":
            planted.fields["all"] = True
        return made

    def write(self, date: dt.date) -> tuple[str, str, list[Planted]]:
        """(slug, Markdown, corrections) of the article."""
        rng = self.rng
        headline = self.title(5, 9)
        slug = "-".join(headline.lower().split()[:6]) + f"-{self.number:04d}"
        planted = [self.planted(i, date) for i in range(self.count)]
        carriers = [s for p in planted for s in self.sentences_for(p)]
        target_words = rng.randint(600, 1200)
        fill = [self.filler() for _ in range(max(8, (target_words - 14 * len(carriers)) // 13))]
        sentences = carriers + fill
        rng.shuffle(sentences)
        # Put the first filler sentence first, so the description is plain text.
        sentences.insert(0, sentences.pop(sentences.index(fill[0])))
        paragraphs, i = [], 0
        while i < len(sentences):
            n = rng.randint(3, 6)
            paragraphs.append(sentences[i:i + n])
            i += n
        code_phrase = planted[0].original if planted else "no corrections"
        blocks = [f"# {headline}"]
        sections = rng.randint(3, 5)
        per_section = max(1, len(paragraphs) // (sections + 1))
        for n, paragraph in enumerate(paragraphs):
            if n and n % per_section == 0:
                blocks.append(f"## {self.title()}")
            blocks.append(self.paragraph(paragraph))
            if n == 1:
                blocks.append(self.bullets())
            if n == 2:
                blocks.append(f"The data desk filed the name as `{code_phrase}` in the "
                              f"[archive](https://example.org/archive/{self.number}).")
            if n == 3:
                blocks.append(self.table())
            if n == 4:
                blocks.append(f"```python\nrecord = {{'text': {code_phrase!r}, 'id': {self.number}}}\n"
                              f"print(record['text'])\n```")
        description = json.dumps(sentences[0].reader, ensure_ascii=False)
        front = f"---\ndate: {date.isoformat()}\ndescription: {description}\n---\n\n"
        return slug, front + "\n\n".join(blocks) + "\n", planted

    def paragraph(self, sentences: list[Sentence]) -> str:
        return textwrap.fill(" ".join(s.markdown for s in sentences), width=96,
                             break_on_hyphens=False, break_long_words=False)

    def bullets(self) -> str:
        return "\n".join(f"- **{self.title(1, 2)}**: {self.words(5, 12)}" for _ in range(4))

    def table(self) -> str:
        rows = ["| District | Budget | Change |", "| --- | ---: | ---: |"]
        rows += [f"| {self.title(1, 2)} | {self.rng.randint(100, 9999):,} | "
                 f"{self.rng.randint(-20, 20)}% |" for _ in range(4)]
        return "\n".join(rows)


def corrections_yaml(page: str, planted: list[Planted]) -> str:
    """The corrections file; every string is JSON-quoted, which YAML reads as it is."""
    def q(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = [SCHEMA_LINE, f"page: {page}\n", "corrections:\n"]
    for p in planted:
        lines += [f"  - id: {p.cid}\n", f"    date: {p.fields['date']}\n", f"    kind: {p.kind}\n",
                  f"    original: {q(p.original)}\n"]
        if p.corrected:
            lines.append(f"    corrected: {q(p.corrected)}\n")
        lines.append(f"    note: {q(p.note)}\n")
        lines += [f"    {key}: {q(p.fields[key])}\n" for key in ("prefix", "suffix", "occurrence", "all")
                  if key in p.fields]
    return "".join(lines)


def copy_layout(out: Path, project: Path = REPO) -> None:
    """The project's config, hooks, theme overrides, front page and stylesheets; no articles."""
    if out.exists():
        shutil.rmtree(out)
    (out / "corrections").mkdir(parents=True)
    shutil.copy(project / "mkdocs.yml", out / "mkdocs.yml")
    for folder in ("hooks", "overrides", "docs/stylesheets"):
        if (project / folder).is_dir():
            shutil.copytree(project / folder, out / folder, ignore=shutil.ignore_patterns("__pycache__"))
    (out / "docs" / "articles").mkdir()
    shutil.copy(project / "docs" / "index.md", out / "docs" / "index.md")


def placements(planted: Planted) -> int:
    """How many places a correction must mark on the page."""
    return len(planted.markdown) if planted.selector == "all" else 1


def generate(out: Path, articles: int, corrections: int, seed: int = 1,
             project: Path = REPO) -> dict[str, dict[str, int]]:
    """Write the archive; return, for each page (relative to docs/), each correction's placements."""
    copy_layout(out, project)
    rng = random.Random(f"{seed}:{articles}:{corrections}")
    start = dt.date(2021, 1, 4)
    pages = {}
    for number in range(articles):
        date = start + dt.timedelta(days=number * 3 // 2)
        slug, text, planted = ArticleWriter(rng, number, corrections).write(date)
        page = f"articles/{slug}.md"
        (out / "docs" / page).write_text(text, encoding="utf-8")
        if planted:  # an article never corrected has no corrections file
            yml = corrections_yaml(page, planted)
            (out / "corrections" / f"{slug}.yml").write_text(yml, encoding="utf-8")
        pages[page] = {p.cid: placements(p) for p in planted}
    return pages


def verify(out: Path, pages: dict[str, dict[str, int]]) -> None:
    """Render every page with the engine: every correction must apply, as often as planted."""
    import markdown

    sys.path.insert(0, str(REPO / "src"))
    from corrigenda import CorrectionsError, CorrectionsExtension, load_catalog

    catalog = load_catalog(out / "corrections", out / "docs", out)
    extension = CorrectionsExtension(catalog)
    md = markdown.Markdown(extensions=[extension, *EXTENSIONS])
    for page, expected in pages.items():
        md.reset()
        extension.start_page(page)
        body = (out / "docs" / page).read_text(encoding="utf-8").split("---\n", 2)[2]
        md.convert(body)
        if extension.problems:
            raise CorrectionsError(extension.problems)
        applied = Counter(p.correction.id for p in extension.result.placements) if expected else {}
        if applied != expected:
            raise SystemExit(f"{page}: placed {dict(applied)}, planted {expected}")


def main(argv: list[str] | None = None) -> None:
    from run import PROJECT, number  # not at the top: run.py imports this module

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write (replaced if it exists)")
    parser.add_argument("--articles", type=number(1), default=1000)
    parser.add_argument("--corrections", type=number(0), default=30,
                        help="corrections per article (0: no corrections files)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--project", type=PROJECT, default=REPO,
                        help="the project whose mkdocs.yml, hooks/ and overrides/ are copied")
    parser.add_argument("--no-verify", dest="verify", action="store_false",
                        help="skip rendering every page with the engine")
    args = parser.parse_args(argv)
    pages = generate(args.out, args.articles, args.corrections, args.seed, args.project)
    if args.verify:
        verify(args.out, pages)
    print(f"{args.out}: {len(pages)} articles x {args.corrections} corrections")


if __name__ == "__main__":
    main()
