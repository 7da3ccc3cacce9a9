"""Tests for game.export.report.html: autoescaping, the filters, strict rendering."""

from __future__ import annotations

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup

from game.export.report.html import (
    band_name,
    environment,
    outcome_title,
    percent,
    render,
    share,
    signed,
    user_text,
    when,
)

HOSTILE = '<script>alert(1)</script> "onload=x </svg> {{ 7*7 }} \x1b[31m فرح 陈静'


def test_user_text_is_escaped_visible_and_isolated():
    """Markup is escaped, the ESC made visible, and the whole wrapped in <bdi>."""
    shown = user_text(HOSTILE)
    assert isinstance(shown, Markup)
    assert shown == (
        "<bdi>&lt;script&gt;alert(1)&lt;/script&gt; &#34;onload=x &lt;/svg&gt; {{ 7*7 }} \\x1b[31m فرح 陈静</bdi>"
    )


def test_autoescape_is_on_for_every_template():
    """A value printed without a filter is escaped too, and data is never rendered as a template."""
    template = environment().from_string("{{ value }}|{{ value|u }}")
    out = template.render(value="<i>{{ 7*7 }}</i>")
    assert out == "&lt;i&gt;{{ 7*7 }}&lt;/i&gt;|<bdi>&lt;i&gt;{{ 7*7 }}&lt;/i&gt;</bdi>"
    assert "49" not in out


def test_number_filters():
    """Percents with one decimal, shares as whole percents, signed indexes with a true minus."""
    assert percent(73.44) == "73.4%" and percent(None) == "–"
    assert share(0.8) == "80%" and share(None) == "–"
    assert signed(0.45) == "+0.45" and signed(-0.3) == "\u22120.30" and signed(0.0) == "+0.00" and signed(None) == "–"


def test_bands_and_outcomes_are_named_in_the_active_locale():
    """A band keeps its name in English and an outcome id shows its rubric title; in zh-Hans both are the catalog's."""
    from game.i18n import rubric_text, use_locale

    assert band_name("Gold") == "Gold" and outcome_title("walked-out") == "Walked out"
    assert outcome_title("something-new") == "something-new"
    use_locale("zh-Hans")
    assert band_name("Gold") == rubric_text("Gold") != "Gold"
    assert outcome_title("walked-out") == rubric_text("Walked out") != "Walked out"


def test_when_is_utc():
    """Epoch seconds print as UTC date and time, whatever the local zone."""
    assert when(1_714_953_600.0) == "2024-05-06 00:00" and when(None) == "–"


def test_missing_values_fail_loudly():
    """A template that names a value the page did not provide raises instead of printing nothing."""
    with pytest.raises(UndefinedError):
        environment().from_string("{{ nothing }}").render()


def test_render_fills_in_the_style_unescaped():
    """The style sheet goes in as it is (quotes in font names must survive), with the version."""
    page = render("base.html", kind="Trainee", title_text="T", generated=0.0, source="db", counted=0, excluded=0,
                  excluded_why="", contents=[], definitions=[])
    assert '"Segoe UI"' in page and "&#34;Segoe UI&#34;" not in page
    assert '<meta name="generator" content="Service Dojo ' in page
