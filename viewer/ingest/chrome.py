"""Site furniture that saved pages carry around the release text.

Everything here is data: lines are compared after :func:`fold` (case, spacing and edge
punctuation removed), so one entry covers 'Search', 'SEARCH' and 'Search:'. The lists are
for the genre — ministry, embassy, UN, State Department and news-site pages saved as text
or HTML — not for particular files. A line is only ever dropped when it is *entirely*
furniture; article sentences that mention 'Facebook' or 'print' stay.
"""

from __future__ import annotations

import re

_SPACE = re.compile(r"\s+")
_EDGE = " \t|:：·•»›>-–—"


def fold(line: str) -> str:
    return _SPACE.sub(" ", line).strip(_EDGE).casefold()


# Whole lines dropped wherever they occur: skip-links, menus, widgets, counters' labels.
CHROME_LINES: frozenset[str] = frozenset({
    "skip to main content", "skip to content", "skip navigation", "skip to navigation",
    "skip to main menu", "jump to content", "toggle navigation", "menu", "main menu", "open menu",
    "close menu", "close", "search", "search form", "search this site", "kor", "eng", "english",
    "korean", "english version", "한국어", "screen size", "font size", "text size", "a a a",
    "a+ a-", "print", "print this page", "print page", "share", "share this", "share this page",
    "share on facebook", "share on twitter", "tweet", "email", "e-mail", "copy link", "copy url",
    "link copy", "facebook", "twitter", "instagram", "youtube", "linkedin", "x", "whatsapp",
    "telegram", "kakaotalk", "kakao story", "naver blog", "rss", "back to top", "top", "go to top",
    "list", "go to list", "back to list", "home", "sitemap", "site map", "login", "log in",
    "sign in", "sign up", "subscribe", "views", "view", "hit", "hits", "advertisement",
    "loading", "loading...", "official news published at", "like", "leave a comment",
    "accept", "accept all cookies", "cookie settings", "accessibility", "privacy policy",
    "terms of use", "contact us", "(end)", "end", "ends", "-ends-", "- ends -", "###", "- end -",
    "share this article", "share this story",
    "바로가기 메뉴", "본문 바로가기", "주메뉴 바로가기", "검색창 열기", "검색창 닫기", "통합검색",
    "검색", "메뉴", "전체메뉴", "주메뉴 닫기", "주메뉴 버튼", "주메뉴 열기", "목록", "인쇄", "공유",
    "공유하기", "페이스북", "트위터", "카카오톡", "맨 위로", "위로", "닫기", "열기", "url 복사",
    "글자크기", "화면크기", "로그인", "사이트맵", "본문영역", "메뉴시작", "메뉴 시작",
})

# Korean furniture words: in the header of a page, a short Hangul line holding one of
# these is a skip-link or a menu button ('본문내용 바로가기 상단메뉴 가기').
_KOREAN_CHROME_WORDS: tuple[str, ...] = (
    "바로가기", "메뉴", "검색", "열기", "닫기", "버튼", "본문", "로그인", "사이트맵", "글자크기",
    "화면크기", "인쇄", "공유", "건너뛰기", "상단", "하단",
)

# A line where the page's own furniture begins: everything after it is dropped.
FOOTER_START: frozenset[str] = frozenset({
    "most commented", "most read", "most viewed", "most popular", "popular news", "popular posts",
    "related articles", "related news", "related posts", "related stories", "related content",
    "more news", "latest news", "recent posts", "recent news", "you may also like",
    "you might also like", "leave a reply", "comments", "share this", "like this",
    "previous post", "next post", "previous article", "next article", "recommended",
    "recommended articles", "trending", "top stories", "about the author", "tags", "topics",
    "related", "related links", "see also", "more from this author", "이전글", "다음글",
    "관련기사", "관련 기사", "많이 본 뉴스", "많이 본 기사", "댓글", "첨부파일", "첨부 파일",
    "attachments", "attached files", "file attachments",
})
_FOOTER_START_RE = re.compile(
    r"^(?:tags?|keywords?|categories|category|filed under|topics)\s*[:：]", re.IGNORECASE)

_SOCIAL = re.compile(
    r"^(?:\d{1,2}[.)]\s*|[-•·*]\s*)?(?:.{0,70}?\s)?"
    r"(?:facebook|instagram|twitter|youtube|linkedin|flickr|tiktok|threads|telegram|whatsapp|"
    r"kakaotalk|kakao\s?story|naver blog|blog|rss|x \(twitter\)|페이스북|트위터|인스타그램|유튜브|블로그)$",
    re.IGNORECASE,
)
_COUNTER = re.compile(
    r"^(?:(?:hits?|views?|조회수?|reads?|read count)\s*[:：]?\s*(?P<n>\d[\d,]*)"
    r"|(?P<n2>\d[\d,]*)\s+(?:views?|hits?|reads))$",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(
    r"^(?:©|ⓒ|\(c\)\s|copyright\b|all rights reserved|무단\s*전재|저작권)", re.IGNORECASE)
_REPOST = re.compile(
    r"^(?:official news published at|originally published (?:at|on|by)|"
    r"this (?:article|story|post) (?:was )?(?:first |originally )?(?:appeared|published))",
    re.IGNORECASE,
)
# A photo credit on its own line ('Photo: Yonhap', '(사진=통일부 제공)'); the caption stays.
_CREDIT = re.compile(
    r"^\(?(?:photo|image|graphic|video|사진|그래픽|영상)\s*(?:by|credit)?\s*[:=]\s*[^.]{1,60}\)?$",
    re.IGNORECASE,
)
_COPYRIGHT_HOLDER = re.compile(
    r"^(?:copyright\s*)?(?:©|ⓒ|\(c\))?\s*(?:copyright\s*)?(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?(?:by\s+)?"
    r"(?P<holder>[^.©]{2,60}?)[.,]?\s*(?:all rights reserved\.?)?$",
    re.IGNORECASE,
)
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LATIN = re.compile(r"[A-Za-z]")
_SENTENCE_END = re.compile(r"[.!?。]['\"”’)]*$")


def view_count(line: str) -> int | None:
    """The number of a 'hit 525' / 'Views 123' / '1,234 views' counter line."""
    m = _COUNTER.match(line.strip())
    if not m:
        return None
    return int((m.group("n") or m.group("n2")).replace(",", ""))


def is_social_link(line: str) -> bool:
    # Numbered social links ('1. Ministry of Foreign Affairs … facebook') look like
    # numbered paragraphs; they are told apart by ending on a network's name, no full stop.
    s = line.strip()
    return len(s) <= 100 and not _SENTENCE_END.search(s) and bool(_SOCIAL.match(s))


def copyright_holder(line: str) -> str | None:
    """Who a copyright footer names ('Copyright © Korea Times. All rights reserved.')."""
    s = line.strip()
    if not _COPYRIGHT.match(s.casefold()) or len(s) > 120:
        return None
    m = _COPYRIGHT_HOLDER.match(s)
    return m.group("holder").strip() if m else None


def is_repost_line(line: str) -> bool:
    return bool(_REPOST.match(line.strip()))


# Words of share/print/font widgets: a short line made only of them is a toolbar
# ('Print E-mail', 'facebook twitter kakaotalk URL copy', 'A+ A- Print').
_WIDGET_WORDS: frozenset[str] = frozenset({
    "print", "e-mail", "email", "mail", "share", "tweet", "facebook", "twitter", "x", "kakaotalk",
    "kakao", "kakaostory", "band", "line", "naver", "blog", "copy", "link", "url", "font", "size",
    "a+", "a-", "+", "-", "a", "list", "top", "pdf", "download", "save", "bookmark", "rss", "linkedin",
    "whatsapp", "telegram", "reddit", "pinterest", "인쇄", "공유", "복사", "글자", "크기", "확대", "축소",
    "페이스북", "트위터", "카카오톡", "카카오스토리", "밴드", "블로그", "목록", "스크랩",
})


def is_widget_line(line: str) -> bool:
    words = fold(line).split()
    return 1 < len(words) <= 10 and all(w.strip(",;") in _WIDGET_WORDS for w in words)


def is_chrome(line: str, *, header: bool = False) -> bool:
    """Whether ``line`` is site furniture (``header``: it sits above the headline)."""
    if len(line) > 120:  # furniture is short; skip the folding cost on article paragraphs
        return bool(_COPYRIGHT.match(line.lstrip()[:20].casefold())) or is_repost_line(line)
    f = fold(line)
    if not f:
        return True
    if f in CHROME_LINES or view_count(line) is not None or is_social_link(line) or is_widget_line(line):
        return True
    if _COPYRIGHT.match(f) or is_repost_line(line) or _CREDIT.match(f):
        return True
    if header and _HANGUL.search(f) and not _LATIN.search(f) and len(f.split()) <= 6:
        return any(word in f for word in _KOREAN_CHROME_WORDS)
    return False


def is_footer_start(line: str) -> bool:
    if len(line) > 80:
        return False
    return fold(line) in FOOTER_START or bool(_FOOTER_START_RE.match(line.strip()))


def is_korean_menu_line(line: str) -> bool:
    """A short all-Hangul line: above an English headline it is a masthead or a menu."""
    if len(line) > 60:
        return False
    f = fold(line)
    return bool(_HANGUL.search(f)) and not _LATIN.search(f) and len(f.split()) <= 4


# Section labels a site prints above a release ('Press Releases', 'Media Note',
# 'Home > Newsroom > Statements'). A line is one when every word is from this vocabulary.
SECTION_WORDS: frozenset[str] = frozenset({
    "press", "release", "releases", "statement", "statements", "media", "note", "notes",
    "advisory", "advisories", "news", "speeches", "speech", "remarks", "briefing", "briefings",
    "readout", "readouts", "notice", "notices", "announcements", "announcement", "newsroom",
    "room", "center", "centre", "home", "and", "&", "transcript", "transcripts", "fact", "sheet",
    "sheets", "events", "latest", "updates", "publications", "archive", "archives", "bulletin",
    "joint", "op-ed", "interviews", "interview", "photo", "video", "videos", "articles",
    "보도자료", "보도참고자료", "뉴스", "알림마당", "공지사항", "대변인", "브리핑", "소식", "홈", "언론보도",
})
_CRUMB = re.compile(r"\s*(?:>|›|»|/|\|)\s*|\s+")


def is_section_label(line: str) -> bool:
    if len(line) > 120:
        return False
    words = [w for w in _CRUMB.split(fold(line)) if w]
    return 0 < len(words) <= 8 and all(w in SECTION_WORDS for w in words)


_MENU_SPLIT = re.compile(r"\s+[|·/]\s+|\s*\|\s*")


def is_menu_line(line: str) -> bool:
    """'Home | About | Contact', 'English | 한국어': a row of short links."""
    if len(line) > 120:
        return False
    pieces = [p for p in _MENU_SPLIT.split(line.strip()) if p]
    return len(pieces) >= 2 and all(len(p.split()) <= 3 for p in pieces)


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line.strip()))
