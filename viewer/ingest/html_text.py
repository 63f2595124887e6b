"""A saved HTML page to plain lines, plus what its ``<meta>`` tags state.

Parsed with BeautifulSoup's stdlib ``html.parser`` (no compiled parser to install, and it
never fetches anything: links, images and scripts are only ever read as text or dropped).
Navigation, scripts, forms and blocks whose class or id names them as share/menu/footer
furniture are removed before the text is read; the line-level rules in ``release`` then
handle what such markup does not announce.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, Tag
from bs4.element import CData, ProcessingInstruction

from viewer.ingest import publishers
from viewer.ingest.release import Hints

_DROP_TAGS: tuple[str, ...] = (
    "script", "style", "nav", "aside", "form", "noscript", "iframe", "svg", "button", "select",
    "template", "object", "embed", "canvas", "map", "audio", "video", "input", "textarea",
    "dialog", "menu", "link", "meta", "head",
)
_BLOCK_TAGS: frozenset[str] = frozenset({
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
    "table", "tr", "td", "th", "blockquote", "pre", "dl", "dt", "dd", "figure", "figcaption",
    "address", "hr", "caption", "center", "tbody", "thead", "tfoot", "header", "footer", "body",
    "html", "li", "summary", "details", "fieldset", "legend",
})
# class/id words of furniture blocks; matched as whole words of the attribute value.
# 'print' is left out on purpose: Korean government sites wrap the article in 'print_area'.
_FURNITURE = re.compile(
    r"(?:^|[\s_\-])(?:share|sharing|social|sns|breadcrumbs?|skip(?:nav|link)?|gnb|lnb|snb|menu|navbar|"
    r"nav|sidebar|related|comments?|cookies?|banner|popup|modal|utils?|utility|sitemap|"
    r"footer|tags|pagination|pager|advert|ads|promo|newsletter|subscribe|fontsize|font-size|"
    r"quick|top-?btn|btn-?top)(?:$|[\s_\-])",
    re.IGNORECASE,
)
_SKIP_STRINGS = (Comment, CData, ProcessingInstruction, Declaration, Doctype)
_WS = re.compile(r"[ \t\r\n\f]+")
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|–|—|::|<|>|»|·)\s+")
_DATE_META = (
    "article:published_time", "og:article:published_time", "article:published", "datepublished",
    "date", "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.date",
    "dcterms.created", "dcterms.issued", "sailthru.date", "parsely-pub-date", "created",
)
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl", "sailthru.author")
_PUBLISHER_META = ("og:site_name", "publisher", "dc.publisher", "application-name")
_LD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')


def declared_charset(raw: bytes) -> str | None:
    """The charset a page declares in its first bytes (``<meta charset=…>``)."""
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([\w\-]+)""", raw[:4096], re.IGNORECASE)
    return m.group(1).decode("ascii", "replace").lower() if m else None


def _meta(tags: list[Tag]) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in tags:
        if tag.name != "meta":
            continue
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        value = tag.get("content")
        if isinstance(key, str) and isinstance(value, str) and value.strip():
            found.setdefault(key.strip().lower(), value.strip())
    return found


def _text(tag: Tag) -> str:
    return _WS.sub(" ", tag.get_text(" ")).strip()


def _ld_date(tags: list[Tag]) -> str | None:
    for tag in tags:
        if tag.name == "script" and tag.get("type") == "application/ld+json":
            m = _LD_DATE.search(tag.string or "")
            if m:
                return m.group(1)
    return None


def _title_hint(tags: list[Tag], meta: dict[str, str]) -> str | None:
    for key in ("og:title", "twitter:title"):
        if meta.get(key):
            return _strip_site(meta[key])
    title_tag = next((t for t in tags if t.name == "title"), None)
    page_title = _WS.sub(" ", title_tag.get_text()).strip() if title_tag else ""
    h1s = [t for t in (_text(h) for h in tags if h.name == "h1") if t]
    # a logo in an <h1> names the site, not the release
    usable = [t for t in h1s if len(t.split()) >= 3 and not publishers.is_masthead(t)
              and publishers.known(t) is None]
    if page_title:
        folded = page_title.casefold()
        matching = [t for t in usable if t.casefold() in folded or folded in t.casefold()]
        if matching:
            return matching[-1]
    if usable:
        return usable[-1]  # a site name comes first in the markup, the headline later
    return _strip_site(page_title) if page_title else None


def _strip_site(title: str) -> str:
    # 'Headline | Ministry of Foreign Affairs': the longest piece is the headline
    pieces = [p for p in _TITLE_SPLIT.split(_WS.sub(" ", title).strip()) if p]
    return max(pieces, key=len) if pieces else title.strip()


def _time_hint(tags: list[Tag]) -> str | None:
    times = [t for t in tags if t.name == "time" and isinstance(t.get("datetime"), str)
             and str(t.get("datetime")).strip()]
    # prefer a <time> inside the article over one in a sidebar list of other news
    inside = [t for t in times if t.find_parent(["article", "main"]) is not None]
    chosen = (inside or times)[:1]
    return str(chosen[0].get("datetime")).strip() if chosen else None


def _is_furniture(tag: Tag) -> bool:
    if tag.name in _DROP_TAGS:
        return True
    if tag.name in ("header", "footer"):
        # an <article>'s own header holds its headline and date; the page's does not
        return tag.find_parent(["article", "main"]) is None
    if tag.name in ("html", "body", "article", "main"):
        return False
    if tag.get("role") in ("navigation", "banner", "contentinfo", "search"):
        return True
    attrs = " ".join([*(tag.get("class") or []), str(tag.get("id") or "")])
    return bool(attrs.strip()) and bool(_FURNITURE.search(attrs))


def _furniture(tags: list[Tag], total: int) -> set[int]:
    """ids of the outermost furniture blocks (their insides go with them)."""
    marked: set[int] = set()
    for tag in tags:
        if not _is_furniture(tag):
            continue
        # a wrapper around the whole page may carry a furniture word too: keep big blocks
        structural = tag.name in _DROP_TAGS or tag.name in ("header", "footer") or bool(tag.get("role"))
        if structural or len(tag.get_text()) < 0.4 * total:
            marked.add(id(tag))
    return marked


def _inside(tag: Tag | None, marked: set[int]) -> bool:
    # bs4's own 'decomposed' flag is looked up through a tree search on every untouched
    # tag, which is quadratic on deep pages; an id set is not.
    if tag is None:
        return False
    return id(tag) in marked or any(id(p) in marked for p in tag.parents)


def _walk(root: Tag) -> Iterator[str]:
    # Iterative, so deeply nested markup cannot exhaust the recursion limit.
    stack: list[tuple[object, bool]] = [(root, False)]
    counters: list[int] = []
    while stack:
        node, closing = stack.pop()
        if closing:
            assert isinstance(node, Tag)
            if node.name == "ol":
                counters.pop()
            yield "\n"
            continue
        if isinstance(node, NavigableString):
            if not isinstance(node, _SKIP_STRINGS):
                yield _WS.sub(" ", str(node))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "br":
            yield "\n"
            continue
        if node.name in _BLOCK_TAGS:
            yield "\n"
            if node.name == "ol":
                counters.append(0)
            if node.name == "li":
                parent = node.parent.name if node.parent is not None else ""
                if parent == "ol" and counters:
                    counters[-1] += 1
                    yield f"{counters[-1]}. "
                elif parent == "ul":
                    yield "• "
            stack.append((node, True))
        stack.extend((child, False) for child in reversed(node.contents))


def html_to_text(source: str) -> tuple[str, Hints]:
    soup = BeautifulSoup(source, "html.parser")
    tags = soup.find_all(True)  # one walk of the tree; everything below filters this list
    meta = _meta(tags)
    title = _title_hint(tags, meta)
    date = next((meta[k] for k in _DATE_META if meta.get(k)), None) or _ld_date(tags) or _time_hint(tags)
    author = next((meta[k] for k in _AUTHOR_META if meta.get(k) and "://" not in meta[k]), None)
    publisher = next((meta[k] for k in _PUBLISHER_META if meta.get(k)), None)
    marked = _furniture(tags, len(soup.get_text()))
    headings = frozenset(t for t in (_text(h) for h in tags if h.name in ("h2", "h3", "h4", "h5", "h6")
                                     and not _inside(h, marked)) if t)
    for tag in [t for t in tags if id(t) in marked and not _inside(t.parent, marked)]:
        tag.decompose()
    text = "".join(_walk(soup))
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", text)
    return text, Hints(title=title, date=date, author=author, publisher=publisher,
                       headings=headings, wrapped=False, date_above_title_counts=True)
