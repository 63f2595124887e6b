"""Markdown to the plain lines the release reader understands.

Only the syntax that would otherwise show up as stray characters is removed: heading
hashes, emphasis, links and images, block quotes, rules and list markers. The first '#'
heading is the title; later ones become headings of the body.
"""

from __future__ import annotations

import re

from viewer.ingest.release import Hints

_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_LIST = re.compile(r"^(\s*)([*+])\s+")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_REF_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EM = re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def _inline(text: str) -> str:
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1) or m.group(2), text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _CODE.sub(r"\1", text)
    text = _STRONG.sub(r"\2", text)
    text = _EM.sub(r"\2", text)
    return _HTML_TAG.sub("", text)


_FRONT_KEYS = {"title": "title", "date": "date", "published": "date", "author": "author",
               "publisher": "publisher", "source": "publisher"}


def _front_matter(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """YAML front matter ('---' / 'title: …' / '---') as note-taking and static-site tools write it."""
    if not lines or lines[0].strip() != "---":
        return {}, lines
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return {}, lines
    found: dict[str, str] = {}
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        field = _FRONT_KEYS.get(key.strip().lower())
        value = value.strip().strip("'\"")
        if sep and field and value:
            found.setdefault(field, value)
    return found, lines[end + 1:]


def markdown_to_text(source: str) -> tuple[str, Hints]:
    front, lines = _front_matter(source.splitlines())
    out: list[str] = []
    title: str | None = None
    headings: set[str] = set()
    in_fence = False
    for n, raw in enumerate(lines):
        if _FENCE.match(raw):
            in_fence = not in_fence
            out.append("")
            continue
        if in_fence:
            out.append(raw)
            continue
        nxt = lines[n + 1] if n + 1 < len(lines) else ""
        if raw.strip() and _SETEXT.match(nxt) and not _LIST.match(raw):
            # 'Title' underlined with '===' or '---' is a heading, not a rule
            text = _inline(raw.strip())
            if title is None and nxt.strip().startswith("="):
                title = text
            else:
                headings.add(text)
            out.append(text)
            continue
        if _SETEXT.match(raw) and out and out[-1] and (out[-1] == title or out[-1] in headings):
            out.append("")
            continue
        if _RULE.match(raw) or _REF_DEF.match(raw):
            out.append("")
            continue
        m = _ATX.match(raw)
        if m:
            text = _inline(m.group(2))
            if title is None and len(m.group(1)) == 1:
                title = text
            else:
                headings.add(text)
            out.extend(["", text, ""])
            continue
        line = _QUOTE.sub("", raw)
        line = _LIST.sub(lambda m: f"{m.group(1)}• ", line)
        out.append(_inline(line))
    # Markdown paragraphs are wrapped by convention: lines of one paragraph belong together.
    if front.get("title"):
        title = front["title"]
        out.insert(0, title)  # so the reader finds the headline where it expects it
    return "\n".join(out), Hints(title=title, date=front.get("date"), author=front.get("author"),
                                 publisher=front.get("publisher"), headings=frozenset(headings),
                                 wrapped=True)
