"""End to end: reports opened in headless Chromium, offline, show what they should and run nothing.

Chromium loads the file with networking features off and dumps the DOM it built; the
test reads headings, the hostile player's name and the SVG charts from that DOM, not from
the file, so what counts is what a browser makes of the page. Skipped, saying so, only
where no Chromium is installed (.ci/run installs Debian's).
"""

from __future__ import annotations

import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from game.export.report.cohort import cohort_report
from game.export.report.items import scenario_report
from game.export.report.text import visible
from game.export.report.trainee import player_report
from tests.fixtures.report.data import (
    LONG_COHORT,
    NASTY_PLAYER,
    NASTY_REPLY,
    NASTY_TITLE,
    RTL_PLAYER,
    nasty_store,
)
from tests.store_helpers import MONDAY

CHROMIUM = next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic", "--hide-scrollbars",
]
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium installed (apt-get install chromium)")


class Dom(HTMLParser):
    """The elements, heading texts and text nodes of a DOM Chromium dumped."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[str] = []
        self.headings: dict[str, list[str]] = {"title": [], "h1": [], "h2": [], "h4": []}
        self.text: list[str] = []
        self._open: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        if tag in self.headings:
            self.headings[tag].append("")
        self._open.append(tag)

    def handle_endtag(self, tag):
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data):
        self.text.append(data)
        for tag in self._open:
            if tag in self.headings:
                self.headings[tag][-1] += data


def chromium(tmp_path: Path, page: Path, *mode: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on the file with a fresh profile."""
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *mode, page.as_uri()],  # type: ignore[list-item]
        capture_output=True, text=True, timeout=120, check=False, cwd=tmp_path,
    )


def dump(tmp_path: Path, html: str, name: str) -> Dom:
    """Write the page, let Chromium load it, and parse the DOM it dumps."""
    page = tmp_path / name
    page.write_text(html, encoding="utf-8")
    done = chromium(tmp_path, page, "--dump-dom")
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    return Dom(done.stdout)


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """One store of hostile names and texts for every browser test."""
    return nasty_store(tmp_path_factory.mktemp("reports"))


def test_player_report_in_the_browser(tmp_path, store):
    """The hostile name is the h1, literally; sections and charts are in the DOM; no script element exists."""
    dom = dump(tmp_path, player_report(store, NASTY_PLAYER, MONDAY + 86_400), "player.html")
    assert dom.headings["h1"] == [visible(NASTY_PLAYER)]
    assert dom.headings["title"][0] == visible(NASTY_PLAYER) + " · Service Dojo trainee report"  # then the charts' titles
    assert {"Summary", "Score over time", "Trend per skill", "Runs"} <= set(dom.headings["h2"])
    assert "script" not in dom.elements
    assert dom.elements.count("svg") >= 3 and "polyline" in dom.elements and "circle" in dom.elements
    assert dom.elements.count("h1") == 1  # the name's markup made no element of its own


def test_player_review_in_the_browser(tmp_path, store):
    """Each of the trainee's three runs has a review table; the hostile reply arrives whole, as text, and makes no element."""
    dom = dump(tmp_path, player_report(store, NASTY_PLAYER, MONDAY + 86_400), "review.html")
    assert len(dom.headings["h4"]) == 3 and dom.elements.count("table") == 3 + 3  # skills, scenarios, runs, then one per review
    assert NASTY_REPLY in dom.text  # one text node, as typed
    assert "b" not in dom.elements and "script" not in dom.elements


def test_cohort_and_scenario_reports_in_the_browser(tmp_path, store):
    """The 10,000-character cohort and the hostile scenario title arrive whole, as text."""
    cohort = dump(tmp_path, cohort_report(store, LONG_COHORT, MONDAY + 86_400), "cohort.html")
    assert cohort.headings["h1"] == ["Cohort " + LONG_COHORT]
    assert "bdi" in cohort.elements and "script" not in cohort.elements
    scenario = dump(tmp_path, scenario_report(store, "nasty", MONDAY + 86_400), "scenario.html")
    assert scenario.headings["h1"] == [NASTY_TITLE]
    assert "Choices at each decision" in scenario.headings["h2"]
    assert scenario.elements.count("svg") >= 4 and "script" not in scenario.elements
    assert RTL_PLAYER not in scenario.headings["h1"][0]


def test_screenshot_renders(tmp_path, store):
    """Chromium paints the page to a PNG of real size (the layout does not collapse)."""
    page = tmp_path / "player.html"
    page.write_text(player_report(store, NASTY_PLAYER, MONDAY + 86_400), encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = chromium(tmp_path, page, "--window-size=1200,1600", f"--screenshot={shot}")
    assert done.returncode == 0, done.stderr[-2000:]
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000
