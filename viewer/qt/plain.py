"""Show text from imported files literally where Qt would guess it is HTML.

Qt renders a tooltip as rich text when it *looks* like markup (``Qt.mightBeRichText``), so
a title such as ``<b>Talks</b>`` would turn bold — or an ``<img>`` would be loaded. Every
tooltip that carries document text goes through :func:`tooltip`, which escapes it and
keeps its line breaks.
"""

from __future__ import annotations

import html


def tooltip(text: str) -> str:
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"
