"""A person's look from a hash of id and name (game/gui/looks.py): titles, and one id in two scenarios."""

from __future__ import annotations

from game.gui import looks
from game.gui.looks import look_for


def test_titles_guide_hair_and_beards():
    """'Mrs' never gets a beard; with no title nobody does, and nobody is drawn bald."""
    for i in range(200):
        assert look_for(f"id-{i}", "Mrs Varga").beard == ""
        assert look_for(f"id-{i}", "Ms Lin").hair_style in looks.FEMININE_STYLES
        neutral = look_for(f"id-{i}")
        assert neutral.beard == "" and neutral.hair_style != "receding"
    assert any(look_for(f"id-{i}", "Mr Gao").beard for i in range(50))


def test_two_people_with_one_id_in_two_scenarios_look_different():
    """Ms Lin (the shoe shop) and Mr Lin (the diner) are both cast as `lin`; their names keep their faces apart."""
    shoe, diner = look_for("lin", "Ms Lin"), look_for("lin", "Mr Lin")
    features = lambda look: (look.skin, look.hair, look.eyes, look.clothes, look.backdrop)  # noqa: E731
    assert features(shoe) != features(diner)
    assert look_for("lin", "Ms Lin") == shoe  # the same person looks the same every time
