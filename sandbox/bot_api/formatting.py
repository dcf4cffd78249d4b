"""Render HTML / MarkdownV2 message text to plain text, rejecting what Telegram rejects.

Only the mistakes that matter in practice are caught: unsupported or unbalanced HTML tags,
unescaped MarkdownV2 reserved characters and unclosed MarkdownV2 entities. Errors are raised as
``ValueError`` whose message is Telegram's description without the "Bad Request: " prefix.
"""

from __future__ import annotations

from html.parser import HTMLParser

_HTML_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a"}
    | {"code", "pre", "blockquote", "tg-emoji"}
)
_MD_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MD_TOGGLES = {"||": "Spoiler", "__": "Underline", "*": "Bold", "_": "Italic", "~": "Strikethrough"}


def render(text: str, parse_mode: str | None) -> str:
    """The plain text Telegram would store for ``text`` sent with ``parse_mode``."""
    mode = (parse_mode or "").lower()
    if mode == "html":
        return _render_html(text)
    if mode == "markdownv2":
        return _render_markdown_v2(text)
    return text


def _error(text: str, index: int, what: str) -> ValueError:
    offset = len(text[:index].encode("utf-8"))
    return ValueError(f"can't parse entities: {what} at byte offset {offset}")


class _Html(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = source
        self.lines = source.split("\n")
        self.out: list[str] = []
        self.open: list[str] = []

    def _index(self) -> int:
        line, col = self.getpos()
        return sum(len(part) + 1 for part in self.lines[: line - 1]) + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise _error(self.source, self._index(), f'Unsupported start tag "{tag}"')
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            expected = f'"</{self.open[-1]}>"' if self.open else "nothing"
            what = f'Unmatched end tag, expected {expected}, found "</{tag}>"'
            raise _error(self.source, self._index(), what)
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.out.append(data)


def _render_html(text: str) -> str:
    parser = _Html(text)
    parser.feed(text)
    parser.close()
    if parser.open:
        what = f'Can\'t find end tag corresponding to start tag "{parser.open[-1]}"'
        raise ValueError(f"can't parse entities: {what}")
    return "".join(parser.out)


def _skip_escaped(text: str, start: int, closer: str) -> int:
    """Index of the first unescaped ``closer`` at or after ``start`` (-1 if none)."""
    i = start
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text.startswith(closer, i):
            return i
        i += 1
    return -1


def _unescape(text: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        out.append(text[i])
        i += 1
    return "".join(out)


def _render_markdown_v2(text: str) -> str:
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            if i + 1 >= len(text):
                raise _error(text, i, "Character '\\' is reserved and must be escaped")
            out.append(text[i + 1])
            i += 2
            continue
        if ch == "`":
            fence = "```" if text.startswith("```", i) else "`"
            end = _skip_escaped(text, i + len(fence), fence)
            if end < 0:
                kind = "Pre" if fence == "```" else "Code"
                raise _error(text, i, f"Can't find end of {kind} entity")
            body = text[i + len(fence) : end]
            if fence == "```" and "\n" in body:
                body = body.split("\n", 1)[1]
            out.append(_unescape(body))
            i = end + len(fence)
            continue
        if text.startswith("![", i) or ch == "[":
            stack.append(("[", i))
            i += 2 if ch == "!" else 1
            continue
        if ch == "]" and stack and stack[-1][0] == "[":
            if not text.startswith("(", i + 1):
                raise _error(text, i + 1, "Can't find end of a URL for TextUrl entity")
            end = _skip_escaped(text, i + 2, ")")
            if end < 0:
                raise _error(text, i + 1, "Can't find end of a URL for TextUrl entity")
            stack.pop()
            i = end + 1
            continue
        if ch == ">" and (i == 0 or text[i - 1] == "\n"):
            i += 1
            continue
        marker = next((m for m in _MD_TOGGLES if text.startswith(m, i)), None)
        if marker is not None:
            if stack and stack[-1][0] == marker:
                stack.pop()
            elif any(open_marker == marker for open_marker, _ in stack):
                raise _error(text, i, f"Can't find end of {_MD_TOGGLES[stack[-1][0]]} entity")
            else:
                stack.append((marker, i))
            i += len(marker)
            continue
        if ch in _MD_RESERVED:
            what = f"Character '{ch}' is reserved and must be escaped with the preceding '\\'"
            raise ValueError(f"can't parse entities: {what}")
        out.append(ch)
        i += 1
    if stack:
        marker, start = stack[-1]
        entity = "TextUrl" if marker == "[" else _MD_TOGGLES[marker]
        raise _error(text, start, f"Can't find end of {entity} entity")
    return "".join(out)
