"""The trainer's pages (game/tui/serve/trainer_page.py): nothing a trainee types can run, and nothing loads from elsewhere."""

from __future__ import annotations

import html
import re

from hypothesis import given
from hypothesis import strategies as st

from game.tui.serve.trainer_page import CSP, SCRIPT, join_html, projector_html, refused_html, trainer_html

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
