"""The trainer's pages (game/tui/serve/trainer_page.py): nothing a trainee types can run, and nothing loads from elsewhere."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from game.tui.serve.language import speaking
from game.tui.serve.trainer_page import CSP, SCRIPT, STYLE, join_html, projector_html, refused_html, trainer_html

PLACEHOLDER = "CLASSNAMEPLACEHOLDER"


@given(st.text(max_size=80))
def test_a_class_name_is_always_escaped(name: str) -> None:
    """Whatever the class is called, a page holds it only HTML-escaped: the page is the same page with the escaped name put in."""
    for make in (trainer_html, projector_html):
        assert make(name) == make(PLACEHOLDER).replace(PLACEHOLDER, html.escape(name))


def test_the_policy_allows_only_this_server_and_no_inline_code() -> None:
    """The CSP allows scripts, styles and connections from this server only, never inline, never framed."""
    assert "script-src 'self'" in CSP and "style-src 'self'" in CSP and "connect-src 'self'" in CSP
    assert "unsafe-inline" not in CSP and "unsafe-eval" not in CSP and "frame-ancestors 'none'" in CSP
    for page in (trainer_html("x"), projector_html("x"), join_html("WRONG"), refused_html("t", "x")):
        assert not re.search(r"<script>|<style>|\son\w+=", page), "no inline script, style or handler"
        assert not re.search(r"(?:src|href)=\"https?://", page), "nothing from another server"


def test_the_script_writes_text_never_markup() -> None:
    """The page's script sets textContent and builds elements; it never parses a string as HTML."""
    assert "textContent" in SCRIPT
    for parsing in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert parsing not in SCRIPT


def test_a_wrong_code_is_shown_escaped_and_short() -> None:
    """The join page repeats a wrong code escaped and cut to 20 characters."""
    page = join_html("<b>" + "X" * 50)
    assert "&lt;b&gt;" in page and "X" * 30 not in page


# In Chinese ------------------------------------------------------------------------------------

# Words a Chinese page may keep in Latin letters: the product's name, a language's own name, file kinds.
LATIN_ALLOWED = {"Service", "Dojo", "English", "HTML", "CSV"}


class _Visible(HTMLParser):
    """The text a reader sees: text nodes (outside script and style), titles, placeholders and labels."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note placeholders and aria labels; skip what is inside script and style."""
        if tag in ("script", "style"):
            self._hidden += 1
        self.parts.extend(value or "" for name, value in attrs if name in ("placeholder", "aria-label", "title"))

    def handle_endtag(self, tag: str) -> None:
        """Leave script and style."""
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        """Keep the text."""
        if not self._hidden:
            self.parts.append(data)


def latin_words(page: str, *names: str) -> set[str]:
    """The words in Latin letters a reader sees on `page`, besides the allowed ones and `names`."""
    reader = _Visible()
    reader.feed(page)
    return set(re.findall(r"[A-Za-z]{2,}", " ".join(reader.parts))) - LATIN_ALLOWED - set(names)


def test_the_join_page_in_chinese_has_no_english_words() -> None:
    """The join page made in zh-Hans is Chinese throughout (lang zh-Hans), its picker on 简体中文; names only in Latin."""
    with speaking("zh-Hans"):
        page = join_html("WRONG1")
    assert '<html lang="zh-Hans">' in page
    assert '<option value="zh-Hans" lang="zh-Hans" selected>简体中文</option>' in page
    assert latin_words(page, "WRONG") == set()
    assert "加入班级" in page and "班级代码" in page
    assert {"Join", "the", "class"} <= latin_words(join_html("WRONG1"))  # the check itself sees English


def test_the_join_page_offers_the_language_in_the_form() -> None:
    """The join form sends the picked language with the code (?lang=), English selected on an English page."""
    page = join_html()
    assert '<select id="lang" name="lang">' in page
    assert '<option value="en" lang="en" selected>English</option>' in page


def test_the_trainer_pages_in_chinese_have_no_english_words() -> None:
    """The trainer's screen and the projector made in zh-Hans say everything in Chinese, lang zh-Hans."""
    with speaking("zh-Hans"):
        pages = [trainer_html("九月新员工"), projector_html("九月新员工"), refused_html("标题", "正文")]
    for page in pages:
        assert '<html lang="zh-Hans">' in page
        assert latin_words(page) == set(), page[:200]


def test_the_script_s_words_come_translated_from_the_page() -> None:
    """The script writes no English of its own: its words are in the page's data-labels, in the page's language."""
    for english in ("in the list", "joined ·", "runs finished", "Connection lost", "The round is", "Join at", "no band", "Done."):
        assert english not in SCRIPT
    with speaking("zh-Hans"):
        page = trainer_html("x")
    labels = json.loads(html.unescape(re.search(r'data-labels="([^"]*)"', page).group(1)))
    assert labels["states"] == {"joined": "正在选情景", "playing": "练习中", "finished": "已完成", "left": "已离开", "away": "暂离"}
    assert labels["roster_counts"] == "已加入 {joined} 人 · 练习中 {playing} 人 · 已完成 {finished} 局"
    english = json.loads(html.unescape(re.search(r'data-labels="([^"]*)"', trainer_html("x")).group(1)))
    assert english["states"]["joined"] == "in the list" and english["lost"] == "Connection lost: trying again…"


def test_the_stylesheet_draws_chinese_with_the_bundled_font() -> None:
    """The stylesheet declares the bundled Noto Sans SC, served here, for CJK characters, and names it in the font list."""
    assert '@font-face { font-family: "Noto Sans SC"; src: local("Noto Sans SC"), url("/fonts/NotoSansSC-Regular.otf")' in STYLE
    assert "unicode-range: U+2E80" in STYLE
    assert '"Noto Sans SC"' in STYLE.split("body {", 1)[1].split("}", 1)[0]
    assert "font-src 'self'" in CSP
