"""The resume offer (game/gui/screens/resume.py): n starts afresh and forgets the save."""

from __future__ import annotations

import pygame

from game.engine.session import Session
from game.gui.screens.play import PlayScreen
from game.gui.screens.resume import ResumeScreen, resume_text
from tests.test_gui_app import close, drive, entry, key, make_app


def test_n_starts_over(tmp_path):
    """After leaving a run, n at the offer starts a fresh session."""
    app = make_app(tmp_path, entry("late-birthday-parcel"))
    try:
        drive(app, key(pygame.K_1, "1"), key(pygame.K_ESCAPE))
        app.top().select("late-birthday-parcel")
        drive(app, key(pygame.K_RETURN))
        offer = app.top()
        assert isinstance(offer, ResumeScreen) and "1 reply made" in resume_text(offer.saved)
        drive(app, key(pygame.K_n, "n"))
        assert isinstance(app.top(), PlayScreen) and app.top().playthrough.session.turns == ()
    finally:
        close(app)


def test_n_on_a_ranked_run_keeps_it_as_abandoned(tmp_path):
    """In ranked mode, n at the offer starts afresh and the left run is kept as an abandoned attempt (through the controller)."""
    from game.store.abandoned import list_abandoned

    app = make_app(tmp_path, entry("late-birthday-parcel"), mode="ranked")
    try:
        drive(app, key(pygame.K_1, "1"), key(pygame.K_ESCAPE))
        app.top().select("late-birthday-parcel")
        drive(app, key(pygame.K_RETURN))
        assert isinstance(app.top(), ResumeScreen)
        drive(app, key(pygame.K_n, "n"))
        assert isinstance(app.top(), PlayScreen) and app.top().playthrough.session.turns == ()
        [attempt] = list_abandoned(app.store)
        assert (attempt.scenario_id, attempt.mode, attempt.replies) == ("late-birthday-parcel", "ranked", 1)
    finally:
        close(app)


def test_the_offer_in_chinese_names_the_scenario_by_its_title_there(tmp_path):
    """In Chinese the offer is Chinese and names the scenario by the title it is listed under (the entry's), not the save's."""
    from game.i18n import use_locale

    use_locale("zh-Hans")
    session = Session(entry("late-birthday-parcel").scenario, seed=0)
    text = resume_text(session, "错过生日会的自行车")
    assert "「错过生日会的自行车」" in text and "练习" in text and "0" in text
