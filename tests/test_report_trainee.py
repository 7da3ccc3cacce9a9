"""Tests for game.export.report.trainee: the trainee's page, its figures, and a hostile name shown literally."""

from __future__ import annotations

import pytest

from game.export.report.common import ReportError
from game.export.report.gather import Filter, gather
from game.export.report.text import visible
from game.export.report.trainee import player_report
from tests.fixtures.report.data import (
    MINI_TEXT,
    NASTY_PLAYER,
    SCRIPT_LISTEN,
    SCRIPT_REFUSE,
    SCRIPTED_TEXT,
    WALKOUT,
    mini_store,
    nasty_store,
    record,
)
from tests.fixtures.report.page import Page, assert_nothing_injected
from tests.store_helpers import BAD, BEST, GOOD, MONDAY, open_tmp

pytestmark = pytest.mark.usefixtures("db_engine")  # every test here runs on SQLite and on PostgreSQL


NOW = MONDAY + 86_400


def test_player_report_figures(tmp_path):
    """Ann: 2 runs, best 100%, two Gold, rank 1 of 4, an unfinished save at 'ask'."""
    page = Page(player_report(mini_store(tmp_path), "Ann", NOW))
    text = " ".join(page.text)
    assert page.headings["h1"] == ["Ann"]
    assert {"Summary", "Score over time", "Trend per skill", "Bands and scenarios", "Runs", "Unfinished"} <= set(page.headings["h2"])
    assert "Rank 1 of 4 on the overall board" in text
    assert "Bands reached: Gold 2." in text
    assert "Overall score: first 100.0%, latest 93.7%" in text
    assert page.row("Listening")[1:5] == ["2", "100.0%", "64.7%", "82.3%"]  # BEST, then GOOD
    assert page.row("mini")[1:3] == ["ask", "1"]  # the unfinished save
    skills = [row[0] for row in page.rows if row and row[0] in ("Listening", "Empathy", "Refusal technique", "Resolution", "Composure")]
    assert "Listening" in skills and "Refusal technique" in skills
    assert page.count("svg") == 1 + len(skills)  # the overall trend and one chart per skill scored
    assert_nothing_injected(page)


def test_player_runs_are_listed_newest_first_with_their_ending(tmp_path):
    """The runs table shows each run's score, band and ending in words, its outcome by the rubric's title."""
    page = Page(player_report(mini_store(tmp_path), "Bob", NOW))
    runs = [row for row in page.rows if row and row[0].startswith("2024-")]
    assert [row[3] for row in runs] == ["19.6%", "93.7%"]
    assert runs[0][5] == "Gone (Walked out)" and runs[1][4] == "Gold"


def test_flagged_runs_are_listed_but_not_counted(tmp_path):
    """A flagged run shows 'flagged' in the table and is left out of the counted figures."""
    from tests.store_helpers import tamper

    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY + 60)
    tamper(store, gather(store, Filter(player="Ann")).runs[0].run_uid, status="flagged")
    page = Page(player_report(store, "Ann", NOW))
    text = " ".join(page.text)
    assert "1 run(s) counted" in text and "1 left out" in text
    assert [row[-1] for row in page.rows if row and row[0].startswith("2024-")] == ["verified", "flagged"]


@pytest.mark.parametrize("name", ["Nobody", "Eli"], ids=["unknown", "only-a-save"])
def test_player_without_runs_is_an_error(tmp_path, name):
    """An unknown trainee, or one with only an unfinished save, has no report."""
    with pytest.raises(ReportError, match=f"no runs for player '{name}'"):
        player_report(mini_store(tmp_path), name, NOW)


def test_hostile_player_name_shows_literally(tmp_path):
    """Markup, a quote-onload, </svg>, {{ }} and an ANSI escape in a name are shown as typed, nothing runs."""
    html = player_report(nasty_store(tmp_path), NASTY_PLAYER, NOW)
    page = Page(html)
    assert page.headings["h1"] == [visible(NASTY_PLAYER)]
    assert "<script>" not in html and "\x1b" not in html and "49" not in " ".join(page.headings["h1"])
    assert page.count("svg") == html.count("</svg>")  # the name's </svg> closed nothing
    assert_nothing_injected(page)


def review_rows(page: Page) -> list[list[str]]:
    """The rows of the per-decision review tables, in page order (their first cell is the turn)."""
    return [[cell.strip() for cell in row] for row in page.rows if row and row[0].strip().isdigit()]


def test_review_has_one_row_per_reply_newest_run_first(tmp_path):
    """Ann's review: GOOD (newest, two replies: best, good) then BEST (three replies, all best); no better reply named."""
    page = Page(player_report(mini_store(tmp_path), "Ann", NOW))
    rows = review_rows(page)
    assert [row[0] for row in rows] == ["1", "2", "1", "2", "3"]
    assert [row[1] for row in rows] == ["Tell me more.", "I can't do that, but we can repair it.", "Tell me more.", "Sorry, can you tell me all that again?", "I can't do that, but we can repair it."]
    assert [row[2].split()[0] for row in rows] == ["best", "good", "best", "best", "best"]
    assert rows[1][2].startswith("good close to the best") and rows[1][3] == "–"  # good: no 'better' line
    assert all(row[3] == "–" for row in rows)
    assert len(page.headings["h4"]) == 2 and page.headings["h4"][0].startswith("2024-05-06 02:00 UTC")
    assert_nothing_injected(page)


def test_walkout_review_names_the_better_reply(tmp_path):
    """Bob's walk-out: the refusal is graded below good in words, and 'Tell me more.' is shown as the better reply."""
    html = player_report(mini_store(tmp_path), "Bob", NOW)
    first = review_rows(Page(html))[0]
    grade = first[2].split()[0]
    assert first[1] == "No, we can't." and grade in ("slip", "mistake", "blunder")
    assert first[3] == "Tell me more."
    assert f'<span class="grade grade-{grade}">{grade}</span>' in html  # the colour carries the word itself


def test_each_run_date_links_to_its_review(tmp_path):
    """The Runs table's dates point at review anchors that exist on the page."""
    page = Page(player_report(mini_store(tmp_path), "Ann", NOW))
    links = [attrs["href"] for tag, attrs in page.tags if tag == "a" and (attrs.get("href") or "").startswith("#review-")]
    ids = {attrs.get("id") for _, attrs in page.tags}
    assert len(links) == 2 and all(link[1:] in ids for link in links)


def test_only_the_ten_newest_runs_are_reviewed_and_the_page_says_so(tmp_path):
    """Twelve runs: twelve in the table, ten reviews, and a sentence saying the two older ones have none."""
    store = open_tmp(tmp_path)
    for minute in range(12):
        record(store, MINI_TEXT, "Ann", GOOD, MONDAY + minute * 60)
    page = Page(player_report(store, "Ann", NOW))
    text = " ".join(" ".join(page.text).split())
    assert len([row for row in page.rows if row and row[0].startswith("2024-")]) == 12
    assert len(page.headings["h4"]) == 10 and len(review_rows(page)) == 20
    assert "the 10 most recent of 12 runs; the 2 older run(s) are in the table above only" in text


def test_run_with_a_damaged_copy_says_so_instead_of_a_table(tmp_path):
    """A run whose scenario copy was edited is listed as unreadable and its review says why; the other run keeps its table."""
    from game.store.tables import scenario_copies

    store = open_tmp(tmp_path)
    record(store, MINI_TEXT, "Ann", GOOD, MONDAY)
    record(store, MINI_TEXT.replace("title: Mini", "title: Mini two"), "Ann", BEST, MONDAY + 60)
    with store.write() as connection:
        connection.execute(scenario_copies.update().where(scenario_copies.c.text == MINI_TEXT).values(text=MINI_TEXT.replace("Fixed", "Mended")))
    page = Page(player_report(store, "Ann", NOW))
    text = "".join(page.text)
    assert [row[-1] for row in page.rows if row and row[0].startswith("2024-")] == ["verified", "unreadable"]
    assert "No review: the stored scenario copy" in text and "is damaged (its text no longer has its hash)." in text
    assert len(page.headings["h4"]) == 2 and len(review_rows(page)) == 3  # only the readable BEST run has a table
    assert "1 run(s) counted" in text and "1 left out" in text


def test_hostile_reply_text_in_the_review_shows_literally(tmp_path):
    """A reply and a better reply carrying <script>, a handler and closing tags are shown as typed, in their cells."""
    store = open_tmp(tmp_path)
    record(store, SCRIPTED_TEXT, "Ann", WALKOUT, MONDAY)
    record(store, SCRIPTED_TEXT, "Ann", BEST, MONDAY + 60)
    html = player_report(store, "Ann", NOW)
    page = Page(html)
    rows = review_rows(page)
    assert rows[0][1] == SCRIPT_LISTEN  # BEST, newest: the reply given
    walkout = rows[3]
    assert (walkout[1], walkout[3]) == (SCRIPT_REFUSE, SCRIPT_LISTEN)  # WALKOUT: the reply given and the better one
    assert all(len(row) == 4 for row in rows)  # no cell was closed or forged
    assert "<script>" not in html and "<img" not in html and "<!--" not in html and "{{ 7*7 }}" in rows[0][1]
    assert page.count("table") == html.count("</table>")
    assert_nothing_injected(page)


SKILL_TITLES = ("Listening", "Empathy", "Refusal technique", "Resolution", "Composure")


def practice_and_ranked_store(tmp_path):
    """Pat's history: practice runs of MINI at 100% alternate with ranked runs of two other scenarios, each improving on its repeat.

    Oldest first: practice mini 100%, practice mini 100%, ranked other-a (BAD), practice mini 100%,
    ranked other-b (BAD), ranked other-a (WALKOUT), ranked other-b (WALKOUT). Read run by run, every
    skill seems to fall by tens of points; compared like with like, nothing fell.
    """
    from tests.fixtures.report.data import MINI_TEXT as TEXT

    other_a = TEXT.replace("id: mini", "id: other-a").replace("title: Mini", "title: Other A")
    other_b = TEXT.replace("id: mini", "id: other-b").replace("title: Mini", "title: Other B")
    store = open_tmp(tmp_path)
    history = [
        (TEXT, BEST, "practice"), (TEXT, BEST, "practice"), (other_a, BAD, "ranked"), (TEXT, BEST, "practice"),
        (other_b, BAD, "ranked"), (other_a, WALKOUT, "ranked"), (other_b, WALKOUT, "ranked"),
    ]
    for hour, (text, choices, mode) in enumerate(history, start=1):
        record(store, text, "Pat", choices, MONDAY + hour * 3600, mode=mode)
    return store


def test_practice_at_100_between_ranked_runs_of_other_scenarios_is_no_fall(tmp_path):
    """Trends compare like with like (same mode, same scenario): no skill and not the overall score is called falling."""
    page = Page(player_report(practice_and_ranked_store(tmp_path), "Pat", NOW))
    trends = [row[-1] for row in page.rows if row and row[0].strip() in SKILL_TITLES and len(row) == 6]
    assert trends, "the skills table lists the trainee's skills"
    assert not [trend for trend in trends if "falling" in trend]
    text = " ".join(page.text)
    assert "falling" not in text.split("Score over time", 1)[1].split("Bands and scenarios", 1)[0]


def test_each_mode_has_its_own_trend_per_skill(tmp_path):
    """Ranked runs show their own rising trend (each scenario better on its repeat), practice its own steady one."""
    page = Page(player_report(practice_and_ranked_store(tmp_path), "Pat", NOW))
    listening = [row for row in page.rows if row and row[0].strip() == "Listening" and len(row) == 6]
    assert [row[1] for row in listening] == ["4", "3"]  # ranked first, then practice
    assert listening[0][-1].startswith("rising") and listening[1][-1].startswith("steady")


def test_abandoned_ranked_attempts_are_listed_as_such(tmp_path):
    """A ranked run started over shows in the trainee's page as abandoned, with its replies, and is not a counted run."""
    from game.store.sessions import SessionStore
    from tests.test_abandoned import started

    store = mini_store(tmp_path)
    saves = SessionStore(store)
    saves.save("Ann", started("ranked", ["listen", "again"]), MINI_TEXT)
    saves.discard("Ann", "mini")
    page = Page(player_report(store, "Ann", NOW))
    assert "Abandoned ranked attempts" in page.headings["h3"]
    [row] = [row for row in page.rows if "abandoned (started over)" in row]
    assert row[0].split() == ["Mini", "mini"] and row[1] == "2"
    text = " ".join(" ".join(page.text).split())
    assert "Runs counted 2" in text and "Abandoned 1 ranked attempts" in text  # the attempt is no counted run


def test_the_trainee_report_in_chinese(tmp_path):
    """In zh-Hans the trainee's page is Chinese (lang zh-Hans): its sections, run table, review and glossary."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    html = player_report(mini_store(tmp_path), "Ann", NOW)
    page = Page(html)
    assert '<html lang="zh-Hans">' in html
    assert page.headings["h2"] == ["概要", "得分变化", "各项技能的趋势", "等级与情景", "练习记录", "未完成", "如何阅读本报告"]
    assert "每次回复的评级" in page.headings["h3"]  # "Each reply, graded", one wording in every catalog
    heads = next(row for row in page.rows if row and row[0] == "完成时间（UTC）")
    assert heads == ["完成时间（UTC）", "情景", "模式", "得分", "等级", "结局", "回复数", "状态"]
    assert "排位" in html and "已核验" in html and "<dt>评级</dt>" in html
    assert_nothing_injected(page)
