"""Tests for game.export.report.cohort: the cohort's page, its board and trainees, and long or right-to-left names."""

from __future__ import annotations

import re

import pytest

from game.export.report.cohort import cohort_report
from game.export.report.common import ReportError
from tests.fixtures.report.data import LONG_COHORT, RTL_PLAYER, mini_store, nasty_store
from tests.fixtures.report.page import Page, assert_nothing_injected
from tests.store_helpers import MONDAY, set_opted_out

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NOW = MONDAY + 86_400


def test_cohort_report_board_skills_and_trainees(tmp_path):
    """Cohort spring: three trainees on the board in rank order, skill means, trainee rows by mean."""
    page = Page(cohort_report(mini_store(tmp_path), "spring", NOW))
    text = " ".join(page.text)
    assert page.headings["h1"] == ["Cohort spring"]
    board = [row for row in page.rows if row and row[0].strip().isdigit()]
    assert [row[1] for row in board] == ["Ann", "Bob", "Cy"]
    assert "3 trainee(s) with 6 counted run(s) across 1 scenario(s)" in text
    assert page.row("Ann")[1:5] == ["2", "96.9%", "100.0%", "93.7%"]
    assert page.count("svg") == 3  # board, skill averages, score distribution
    assert_nothing_injected(page)


def test_opted_out_trainees_are_off_the_board_but_listed(tmp_path):
    """A trainee hidden from boards is not ranked, yet counted and marked in the trainee table."""
    store = mini_store(tmp_path)
    set_opted_out(store, "Bob")
    page = Page(cohort_report(store, "spring", NOW))
    board = [row[1] for row in page.rows if row and row[0].strip().isdigit()]
    assert board == ["Ann", "Cy"]
    assert page.row("Bob")[0] == "Bob (hidden from boards)"


def test_unknown_cohort_is_an_error(tmp_path):
    """A cohort nobody belongs to has no report."""
    with pytest.raises(ReportError, match="no runs for cohort 'winter'"):
        cohort_report(mini_store(tmp_path), "winter", NOW)


def test_ten_thousand_character_cohort_and_rtl_names_show_whole(tmp_path):
    """The 10,000-character cohort appears whole; Arabic and Chinese names appear as typed."""
    html = cohort_report(nasty_store(tmp_path), LONG_COHORT, NOW)
    page = Page(html)
    assert page.headings["h1"] == ["Cohort " + LONG_COHORT]
    assert f"<bdi>{RTL_PLAYER}</bdi>" in html
    assert_nothing_injected(page)


def practising_cohort(tmp_path):
    """Cohort 'may': Ann's ranked run is BAD (listening 20.8%); her three practice runs of it score 100%."""
    from tests.fixtures.report.data import MINI_TEXT, record
    from tests.store_helpers import BAD, BEST, open_tmp

    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", BAD, MONDAY + 3600, "may")
    for hour in (2, 3, 4):
        record(store, MINI_TEXT, "Ann", BEST, MONDAY + hour * 3600, "may", mode="practice")
    return store


def test_cohort_averages_count_ranked_runs_only_by_default(tmp_path):
    """The skill averages are over the ranked run alone, and the page says the practice runs were left out."""
    page = Page(cohort_report(practising_cohort(tmp_path), "may", NOW))
    assert page.row("Listening")[1:3] == ["20.8%", "1"]  # BAD scores 20.8% in listening
    assert "3 practice run(s) are left out of every average" in " ".join(page.text)


def test_cohort_averages_with_practice_when_asked(tmp_path):
    """include_practice counts all four runs in the averages."""
    page = Page(cohort_report(practising_cohort(tmp_path), "may", NOW, include_practice=True))
    assert page.row("Listening")[1:3] == ["80.2%", "4"]  # (20.8 + 3 × 100) / 4
    assert "practice and ranked (4 runs)" in " ".join(page.text)


# The skills' names are the rubric's prose: its own catalog (the `rubric` domain) translates them.
RUBRIC_SKILL_WORDS = {"Composure", "Empathy", "Listening", "Refusal", "technique", "Resolution"}


def test_the_cohort_report_in_chinese(tmp_path):
    """In zh-Hans the cohort page is Chinese (lang zh-Hans): every section heading, column heading, contents entry and
    glossary term, with the names, codes and numbers as they are; the font list names the bundled CJK face."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    html = cohort_report(mini_store(tmp_path), "spring", NOW)
    page = Page(html)
    assert '<html lang="zh-Hans">' in html
    assert page.headings["h1"] == ["学员组 spring"]
    assert page.headings["h2"] == ["概要", "排行榜", "技能平均分", "学员", "情景列表", "如何阅读本报告"]
    column_heads = [row for row in page.rows if row and row[0] in ("名次", "学员", "技能", "情景")]
    latin = {word for row in column_heads for cell in row for word in re.findall(r"[A-Za-z]+", cell)}
    assert column_heads and latin <= {"UTC"} | RUBRIC_SKILL_WORDS
    assert "3 名学员在 1 个情景中共计入 6 局" in " ".join(page.text)
    assert "Service Dojo · 学员组报告" in html and "如何阅读本报告" in html and "<dt>区分度指数</dt>" in html
    assert '"Noto Sans SC"' in html
    assert_nothing_injected(page)
