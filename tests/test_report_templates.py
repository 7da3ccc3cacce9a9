"""Tests for game.export.report.templates: pages that fetch nothing and run nothing."""

from __future__ import annotations

import re

import pytest

from game.export.report.html import environment
from game.export.report.templates import BASE, STYLE, TEMPLATES


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_every_template_compiles(name):
    """Each template parses in the report environment."""
    assert environment().get_template(name) is not None


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_no_template_refers_outside_the_page(name):
    """No script, no external src/href, no protocol-relative link, no @import or url() in any template."""
    text = TEMPLATES[name]
    assert "<script" not in text.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", text, re.IGNORECASE)
    assert "http" not in text.replace("http-equiv", "")


def test_style_sheet_loads_nothing():
    """The CSS uses system fonts only: no @import, @font-face or url()."""
    assert not re.search(r"@import|@font-face|url\(", STYLE)


def test_policy_forbids_scripts_and_fetches():
    """The page's Content-Security-Policy allows inline style and nothing else."""
    assert "default-src 'none'; style-src 'unsafe-inline'" in BASE


def test_user_text_always_goes_through_the_u_filter():
    """Every place a name, an id or scenario text is printed uses |u (or |plain in <title>)."""
    stored = re.compile(r"(player|cohort|team|text|ending_title|said|who|file|id|key|scenario_id|at_node|node|source)$")
    printed = re.findall(r"\{\{\s*([\w.]+)\s*(\|[^}]*)?\}\}", "".join(TEMPLATES.values()))
    checked = [(expression, filters) for expression, filters in printed if stored.search(expression)]
    assert len(checked) > 25
    assert [expression for expression, filters in checked if not filters.startswith(("|u", "|plain"))] == []
