"""The catalogs (game/i18n/catalogs.py): every shipped locale translates every message of the source, compiled."""

from __future__ import annotations

import shutil

from game.i18n import DOMAINS, LOCALES, SOURCE_LOCALE
from game.i18n.catalogs import compile_catalogs, extract, gaps, main, po_path
from tests.conftest import REPO


def test_every_catalog_is_complete_and_compiled():
    """Every message of every domain has a reviewed (not fuzzy) translation with the same placeholders, compiled."""
    found = gaps()
    assert not found, "\n".join(str(gap) for gap in found[:40]) + f"\n({len(found)} in all; python -m game.i18n.catalogs update, translate, compile)"


def test_every_shipped_locale_has_a_file_per_domain():
    """Each shipped locale other than the source has a .po for every domain."""
    for locale in LOCALES:
        if locale != SOURCE_LOCALE:
            assert all(po_path(locale, domain).is_file() for domain in DOMAINS)


def test_a_new_source_string_is_reported_missing(tmp_path):
    """A string added to the source after translation is reported as missing, in its domain."""
    copy = tmp_path / "repo"
    shutil.copytree(REPO / "scoring", copy / "scoring")
    rubric = copy / "scoring" / "rubrics" / "default.yaml"
    rubric.write_text(rubric.read_text(encoding="utf-8").replace("  - name: Gold", "  - name: Platinum-ish Gold", 1), encoding="utf-8")
    found = gaps(root=copy, domains=["rubric"])
    assert [(gap.kind, gap.message) for gap in found if gap.kind != "uncompiled"] == [("missing", "Platinum-ish Gold")]


def test_the_rubric_domain_is_extracted_from_the_yaml():
    """Extracting the rubric domain finds the band names."""
    ids = {message.id for message in extract("rubric")}
    assert {"Gold", "Silver", "Bronze"} <= ids


def test_compiling_writes_a_mo_beside_each_po(tmp_path):
    """compile_catalogs writes one .mo per .po."""
    folder = tmp_path / "locales" / "zh_Hans" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(po_path("zh-Hans", "rubric"), folder / "rubric.po")
    assert compile_catalogs(tmp_path / "locales") == [folder / "rubric.mo"]


def test_an_unknown_domain_is_refused(capsys):
    """`check nosuch` exits 2 naming the domains."""
    assert main(["check", "nosuch"]) == 2
    assert "rubric" in capsys.readouterr().err


def test_no_two_domains_translate_one_message_differently():
    """A message held by two domains has one translation (gettext's chain would show one of them everywhere)."""
    from game.i18n.catalogs import clashes

    found = clashes()
    assert not found, "\n".join(str(gap) for gap in found[:40])


def test_a_stray_brace_is_text_not_a_placeholder():
    """A message with '{' and no '}' has no placeholders, and checking it does not fail."""
    from game.i18n.catalogs import _fields

    assert _fields("use { to open a mapping") == set() and _fields("{count} replies") == {"count"}
