"""Split a saved release page into header, body and footer, and read what each holds.

The page is read as lines, top to bottom:

1. *Above the headline*: skip-links, menus, mastheads, section labels and a page date
   (a news site's "today" or repost date, so it is not the publication date) — skipped,
   but kept as evidence of the publisher.
2. *The headline*: the first line that reads like one (a few words, not a long sentence).
   A page that opens with a sentence has no headline and gets title '' (the reader shows
   the file name instead; inventing a title from the first sentence would put words in
   the publisher's mouth).
3. *Below the headline*: labelled fields, a byline, a dateline, a '- … -' subtitle and a
   repeat of the headline, until the first line that reads like article text.
4. *The body*, up to a footer marker ('Most Commented', 'Related articles' …), without
   widget lines inside it, and without a trailing '* unofficial translation' note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from viewer.ingest import chrome, metadata, publishers, structure
from viewer.ingest.dates import FoundDate, date_only, find_dateline, lead_date

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Hints:
    """What a container format states outright (HTML ``<meta>``, a Markdown '#' line)."""

    title: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    headings: frozenset[str] = frozenset()
    wrapped: bool | None = None  # None: decide from the line lengths
    # A bare date above the headline is a site's clock or repost date in saved text, but
    # in HTML (page header and navigation already removed) it is the article's own.
    date_above_title_counts: bool = False


@dataclass(slots=True)
class Release:
    title: str = ""
    subtitle: str | None = None
    author: str | None = None
    date: FoundDate | None = None
    publisher: str | None = None
    view_count: int | None = None
    note: str | None = None
    parts: list[structure.Part] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Other dates the header states (a repeated dateline, the site's clock above the
    # headline), as written: calendar references a reader may want listed.
    header_dates: list[str] = field(default_factory=list)


_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _key(text: str) -> str:
    # a repeated headline may differ from the first in spacing, case or quote style
    return _SPACES.sub(" ", text).strip().casefold().translate(_QUOTES)


def clean_lines(text: str) -> list[str]:
    # splitlines() also breaks on lone '\r', so old Mac files work like any other
    return [_INVISIBLE.sub("", line).strip() for line in text.splitlines()]


def mostly_hangul(text: str) -> bool:
    sample = text[:20000]
    hangul = len(_HANGUL.findall(sample))
    # settle the clear cases without counting every Latin letter
    if hangul < 0.15 * len(sample):
        return False
    if hangul > 0.5 * len(sample):
        return True
    return hangul > len(_LATIN.findall(sample))


_WORDISH = re.compile(r"\w")
# A headline never ends on one of these; a line that does was broken in two.
_FUNCTION_WORDS = frozenset({"the", "a", "an", "of", "on", "in", "to", "for", "and", "or", "with", "at",
                             "by", "from", "about", "between", "as", "its", "their", "into", "over"})
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")
_PLACE_DATE = re.compile(r"^[A-Z][A-Za-z.'\- ]{1,30},\s*(?P<date>[^,].{5,40})$")
_LIST_MARK = re.compile(r"^[•·▪◦*]\s+")


def _unbullet(line: str) -> str:
    # HTML metadata is often a <ul> of fields, which flattening turns into '• Date 2024-…'
    if len(line) >= 120 or line[:1] not in "•·▪◦*":
        return line
    return _LIST_MARK.sub("", line, count=1)


def _words(line: str) -> int:
    return len(line.split())


_CONTACT = re.compile(r"\(?\b0\d{1,2}[-)]\s?\d{3,4}-\d{4}\b|\+\d{1,3}[\s-]\d|[\w.+\-]+@[\w\-]+\.\w")


def _headline_like(line: str) -> bool:
    n = _words(line)
    if len(line) > 300 or structure.marker_of(line) or metadata.subtitle(line):
        return False
    if _CONTACT.search(line):  # a phone number or e-mail address: a contact line
        return False
    if n < 3 and not (n == 2 and _HANGUL.search(line)):
        return False
    # headlines do not end in a full stop ('… with the U.S.' aside); sentences do
    if line.endswith(".") and not _ABBREVIATION_END.search(line):
        return False
    return not (chrome.ends_sentence(line) and n > 15)


def _sentence_like(line: str) -> bool:
    n = _words(line)
    # Joint statements carry headlines of 30-40 words, but a headline never ends a sentence.
    return (structure.marker_of(line) is not None or structure.is_heading(line)
            or (n >= 8 and chrome.ends_sentence(line)) or n > 45)


def _header_furniture(line: str, korean_doc: bool) -> bool:
    if chrome.is_chrome(line, header=True) or chrome.is_section_label(line) or chrome.is_menu_line(line):
        return True
    if publishers.is_masthead(line) or publishers.from_lines([line], "") is not None:
        return True
    if metadata.is_text_marker(line):
        return True
    return not korean_doc and chrome.is_korean_menu_line(line)


class _Reader:
    """A cursor over the page's lines, filling a :class:`Release`."""

    def __init__(self, lines: list[str], hints: Hints) -> None:
        self.lines = lines
        self.hints = hints
        self.i = 0
        self.out = Release()
        self.header: list[str] = []
        self.korean = mostly_hangul("\n".join(lines))
        self.page_date: FoundDate | None = None
        self.preamble: str | None = None
        self.copyright: str | None = None
        self.source: str | None = None

    def _next_content(self, j: int) -> int | None:
        while j < len(self.lines):
            if self.lines[j]:
                return j
            j += 1
        return None

    def _take_date(self, found: FoundDate) -> None:
        if self.out.date is None:
            self.out.date = found
            return
        if found.iso != self.out.date.iso:
            self.out.extra.setdefault("other_date", found.text)
        if found.text != self.out.date.text and found.text not in self.out.header_dates:
            self.out.header_dates.append(found.text)

    def _apply(self, f: metadata.Field) -> None:
        if f.kind == "date":
            found = date_only(f.value)
            if found:
                self._take_date(found)
        elif f.kind == "views":
            self.out.view_count = int(f.value.replace(",", ""))
        elif f.kind == "author":
            if self.out.author is None:
                self.out.author = f.value
                # The label as written ('writer', 'Reporter', '작성자'): extraction gives
                # the byline person that role only where the page names it.
                self.out.extra.setdefault("author_label", f.label.strip())
        else:
            self.out.extra.setdefault(f.label.strip(), f.value)
            if chrome.fold(f.label) in ("source", "출처"):
                self.source = self.source or f.value

    def _field(self) -> bool:
        """Consume a labelled field at the cursor (label and value lines, or one line)."""
        line = _unbullet(self.lines[self.i])
        kind = metadata.label_kind(line)
        if kind is not None:
            j = self._next_content(self.i + 1)
            if j is not None and j - self.i <= 2 and metadata.accepts(kind, _unbullet(self.lines[j])):
                self._apply(metadata.Field(kind, line, _unbullet(self.lines[j])))
                self.i = j + 1
                return True
            return False
        fields = metadata.inline_fields(line)
        if fields:
            for f in fields:
                self._apply(f)
            self.i += 1
            return True
        return False

    def _date_line(self, line: str) -> FoundDate | None:
        return self._dated_line(line)[0]

    def _dated_line(self, line: str) -> tuple[FoundDate | None, bool]:
        """The date of a line that holds only a date, and whether a label came with it."""
        line = _unbullet(line)
        found = date_only(line)
        if found:
            return found, found.start > 0
        # 'Seoul, 16 February 2024' / 'WASHINGTON, July 11, 2024': a dateline on its own line
        m = _PLACE_DATE.match(line)
        if m:
            found = date_only(m.group("date"))
            if found:
                start = m.start("date") + found.start
                return FoundDate(found.iso, found.text, start, start + len(found.text), found.ambiguous), True
        # '08/08/2023 | Press release': a date sharing its line with a section label
        pieces = [p for p in re.split(r"\s*\|\s*", line) if p]
        if len(pieces) > 1:
            dates = [date_only(p) for p in pieces]
            rest = [p for p, d in zip(pieces, dates, strict=True) if d is None]
            if sum(d is not None for d in dates) == 1 and all(chrome.is_section_label(p) for p in rest):
                return next(d for d in dates if d is not None), True
        return None, False

    def _hint_index(self) -> int | None:
        if not self.hints.title:
            return None
        want = _key(self.hints.title)
        for j, line in enumerate(self.lines):
            k = _key(line)
            if k and (k == want or (len(k) >= 0.6 * len(want) and (k in want or want in k))):
                return j
        return None

    def read_title(self) -> None:
        hint_at = self._hint_index()
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            if hint_at is not None and self.i == hint_at:
                self.out.title = line
                self.i += 1
                return
            if self._field():
                continue
            self.header.append(line)
            found, labelled = self._dated_line(line)
            if found and labelled:
                self._take_date(found)  # 'Date: …' or '08/08/2023 | Press release'
                self.i += 1
                continue
            if found:
                self.page_date = self.page_date or found
                self.i += 1
                continue
            if hint_at is not None or _header_furniture(line, self.korean):
                self.i += 1
                continue
            who = metadata.preamble_publisher(line)
            if who:
                self.preamble = who
                self.i += 1
                continue
            if _headline_like(line) and not _sentence_like(line) and self._long_enough(line):
                self.out.title = line
                self.i += 1
                self._continue_title()
                return
            if _sentence_like(line) or chrome.ends_sentence(line):
                self.header.pop()
                return  # the page starts with its text: no headline
            self.i += 1  # a short unknown line above the headline: page furniture

    def _continue_title(self) -> None:
        """Join a headline that saving as text broke over two lines."""
        if self.i >= len(self.lines):
            return
        nxt = self.lines[self.i]
        last = self.out.title.split()[-1].casefold()
        dangling = last in _FUNCTION_WORDS or self.out.title.endswith((",", ":", "-", "–"))
        if not nxt or not (dangling or nxt[:1].islower()) or _sentence_like(nxt) or _words(nxt) > 20:
            return
        # 'hit', 'writer', 'created' are lower-case too: metadata is never a headline's tail
        if (metadata.label_kind(nxt) or metadata.inline_fields(nxt) or metadata.byline(nxt)
                or metadata.subtitle(nxt) or self._date_line(nxt) or chrome.is_chrome(nxt, header=True)
                or chrome.is_section_label(nxt)):
            return
        self.out.title = f"{self.out.title} {nxt}"
        self.i += 1

    def _long_enough(self, line: str) -> bool:
        # Three-word lines above a headline are mostly site names and menus ('Republic of
        # Korea', 'News and Events'); such a line is taken as the headline only when
        # metadata follows it.
        if _words(line) >= 4 or _HANGUL.search(line):
            return True
        j = self._next_content(self.i + 1)
        if j is None:
            return True
        nxt = self.lines[j]
        return bool(metadata.label_kind(_unbullet(nxt)) or metadata.inline_fields(_unbullet(nxt))
                    or self._date_line(nxt) or metadata.byline(nxt) or metadata.subtitle(nxt))

    def _repeated_title(self) -> bool:
        if not self.out.title:
            return False
        want = _key(self.out.title)
        acc = ""
        j = self.i
        for _ in range(4):
            while j < len(self.lines) and not self.lines[j]:
                j += 1
            if j >= len(self.lines):
                return False
            acc = _key(f"{acc} {self.lines[j]}")
            if acc == want:
                self.i = j + 1
                return True
            if not want.startswith(acc):
                return False
            j += 1
        return False

    def read_metadata(self) -> None:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line:
                self.i += 1
                continue
            if self._field() or self._repeated_title():
                continue
            by = metadata.byline(_unbullet(line))
            if by and self.out.author is None:
                self.out.author = by.author
                self.out.view_count = self.out.view_count or by.views
                self.i += 1
                continue
            found = self._date_line(line)
            if found:
                self._take_date(found)
                self.i += 1
                continue
            posted = metadata.posted_by(line)
            posted_date = date_only(posted[0]) if posted else None
            if posted and posted_date:
                self._take_date(posted_date)
                self.out.author = self.out.author or posted[1]
                self.i += 1
                continue
            if metadata.is_note(line) and self.out.note is None:
                self.out.note = line  # '※ unofficial translation' printed above the text
                self.i += 1
                continue
            sub = metadata.subtitle(line)
            if sub and self.out.subtitle is None:
                self.out.subtitle = sub
                self.i += 1
                continue
            if (chrome.is_chrome(line, header=True) or chrome.is_section_label(line)
                    or publishers.from_lines([line], "") is not None or metadata.is_text_marker(line)):
                self.header.append(line)
                self.i += 1
                continue
            if not _sentence_like(line) and _words(line) <= 12:
                # A short line right above a date line is an attribution
                # ('Antony J. Blinken, Secretary of State' / 'July 11, 2024').
                j = self._next_content(self.i + 1)
                if j is not None and self._date_line(self.lines[j]):
                    self.out.extra.setdefault("attribution", line)
                    self.header.append(line)
                    self.i += 1
                    continue
            return

    def _trailing_source(self, line: str) -> bool:
        """A closing 'Source: Yonhap' line: the outlet, not the article's text."""
        fields = metadata.inline_fields(line) if len(line) < 80 else []
        if len(fields) == 1 and chrome.fold(fields[0].label) in ("source", "출처"):
            self.source = self.source or fields[0].value
            return True
        return False

    def read_body(self) -> None:
        body: list[str] = []
        seen_text = False
        for line in self.lines[self.i:]:
            if not line or not _WORDISH.search(line):  # '* * *', '-----': decoration
                body.append("")
                continue
            if seen_text and chrome.is_footer_start(line):
                break
            if chrome.is_repost_line(line):
                rest = re.sub(r"^.*?\b(?:at|on|by)\b\s*", "", line, count=1).strip()
                if rest:
                    self.out.extra.setdefault("reposted_from", rest)
                body.append("")
                continue
            if chrome.is_chrome(line) or metadata.is_text_marker(line):
                holder = chrome.copyright_holder(line)
                if holder:
                    self.copyright = holder
                count = chrome.view_count(line)
                if count is not None and self.out.view_count is None:
                    self.out.view_count = count
                body.append("")
                continue
            body.append(line)
            seen_text = True
        notes: list[str] = []
        while body and (not body[-1] or metadata.is_note(body[-1]) or self._trailing_source(body[-1])):
            last = body.pop()
            if last and metadata.is_note(last):
                notes.insert(0, last)
        if notes:
            self.out.note = "\n".join([self.out.note, *notes] if self.out.note else notes)
        wrapped = self.hints.wrapped
        if wrapped is None:
            wrapped = structure.looks_hard_wrapped(body)
        paras = structure.paragraphs(body, wrapped, self.hints.headings)
        self.out.parts = structure.to_parts(paras, self.hints.headings)

    def finish(self) -> Release:
        out = self.out
        first = next((p[0] for p in out.parts if p[1] != "heading"), "")
        dateline = find_dateline(first) if first else None
        if dateline:
            out.extra["dateline"] = dateline.text
        if out.date is None and dateline and dateline.date:
            out.date = dateline.date
        if out.date is None and first:
            lead = lead_date(first)
            if lead:
                out.date = lead
                out.extra["date_source"] = "first sentence"
        if out.date is None and self.hints.date:
            out.date = date_only(self.hints.date)
        if out.date is None and self.page_date is not None:
            if self.hints.date_above_title_counts:
                out.date = self.page_date
            else:
                # a bare date above the headline is the site's, not the release's (module doc)
                out.extra["page_date"] = self.page_date.text
                out.header_dates.append(self.page_date.text)
        if out.date is not None and out.date.ambiguous:
            out.warnings.append(f"the date '{out.date.text}' could be read day-first or month-first; "
                                "month-first was assumed")
        found = publishers.from_lines(self.header, out.title)
        if found:
            out.publisher = found[0]
        elif self.preamble:
            out.publisher = self.preamble
        elif self.source:
            out.publisher = publishers.normalise(self.source)
        elif self.hints.publisher:
            out.publisher = publishers.normalise(self.hints.publisher)
        elif dateline and dateline.agency:
            out.publisher = publishers.normalise(dateline.agency)
        elif self.copyright and publishers.known(self.copyright):
            # only a known outlet: footers also credit web agencies and theme makers
            out.publisher = publishers.known(self.copyright)
        out.author = out.author or self.hints.author
        if not out.title and self.hints.title:
            out.title = self.hints.title
        if not out.parts:
            out.warnings.append("no article text was found below the headline")
        return out


def parse_release(text: str, hints: Hints | None = None) -> Release:
    """Read a release from its text (already decoded and, for HTML/PDF, flattened)."""
    reader = _Reader(clean_lines(text), hints or Hints())
    reader.read_title()
    reader.read_metadata()
    reader.read_body()
    if not reader.out.parts and not reader.out.title:
        # Nothing looked like a headline or an article (a note of a few words): keep every
        # line that is not furniture as the body rather than refusing the file.
        reader.i = 0
        reader.out.note = None  # found again by the second pass
        reader.read_body()
    return reader.finish()
