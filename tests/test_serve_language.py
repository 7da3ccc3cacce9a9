"""The language of a served page (game/tui/serve/language.py): the trainee's pick, the browser's, the class's."""

from __future__ import annotations

import asyncio
import threading

from game.i18n import use_locale
from game.tui.serve import language
from game.tui.serve.language import _, browser_locale, choices, font_path, needs_cjk, page_locale, speaking


def test_the_browser_s_best_shipped_language_is_found() -> None:
    """Accept-Language is read by weight: the first shipped language wins, unshipped ones and '*' are passed over."""
    assert browser_locale("fr-FR,fr;q=0.9,zh-CN;q=0.8,en;q=0.5") == "zh-Hans"
    assert browser_locale("en-US,en;q=0.9,zh;q=0.8") == "en"
    assert browser_locale("en;q=0.2, zh-Hans;q=0.7") == "zh-Hans"
    assert browser_locale("de, fr, *") is None
    assert browser_locale("zh-TW") is None  # traditional Chinese is not what ships
    assert browser_locale("zh;q=junk, en;q=0") is None
    assert browser_locale(None) is None and browser_locale("") is None


def test_a_pick_beats_the_browser_which_beats_the_class() -> None:
    """?lang= first, then Accept-Language, then the class's own language (the process's)."""
    use_locale("zh-Hans")
    assert page_locale(None, "de") == "zh-Hans"
    assert page_locale("en", "zh-CN") == "en"
    assert page_locale("klingon", "zh-CN") == "zh-Hans"
    use_locale("en")
    assert page_locale(None, None) == "en"
    assert page_locale("zh-hans", None) == "zh-Hans"


def test_speaking_translates_for_the_block_only() -> None:
    """Inside speaking("zh-Hans") text is Chinese; after it, in the process's English again."""
    assert _("Join the class") == "Join the class"
    with speaking("zh-Hans") as chosen:
        assert chosen == "zh-Hans"
        assert _("Join the class") == "加入班级"
        with speaking("en"):
            assert _("Join the class") == "Join the class"
        assert _("Join the class") == "加入班级"
    assert _("Join the class") == "Join the class"
    assert language.current() == "en"


def test_an_unknown_language_means_the_class_s() -> None:
    """speaking() of a language that is not shipped speaks the process's."""
    use_locale("zh-Hans")
    with speaking("xx-YY") as chosen:
        assert chosen == "zh-Hans" and _("Join") == "加入"


def test_another_thread_keeps_the_process_language() -> None:
    """A thread (the trainer's view is built in one) is not moved by a page made meanwhile in another language."""
    seen: list[str] = []
    inside, done = threading.Event(), threading.Event()

    def other() -> None:
        """Read a word while the main thread is inside speaking()."""
        inside.wait(10)
        seen.append(_("Join"))
        done.set()

    worker = threading.Thread(target=other)
    worker.start()
    with speaking("zh-Hans"):
        inside.set()
        done.wait(10)
    worker.join(10)
    assert seen == ["Join"]


def test_concurrent_requests_each_keep_their_language() -> None:
    """Two requests served at once on one event loop each get their own language across awaits."""

    async def page(locale: str) -> str:
        """A word before and after a pause, in `locale`."""
        with speaking(locale):
            first = _("Join")
            await asyncio.sleep(0.01)
            return first + "/" + _("Join")

    async def both() -> list[str]:
        """Both pages at once."""
        return list(await asyncio.gather(page("zh-Hans"), page("en")))

    assert asyncio.run(both()) == ["加入/加入", "Join/Join"]


def test_the_picker_lists_each_language_in_itself() -> None:
    """English and Simplified Chinese, each named in its own language."""
    assert choices() == [("en", "English"), ("zh-Hans", "简体中文")]


def test_chinese_pages_and_chinese_names_need_the_cjk_font() -> None:
    """A Chinese page needs the CJK font, and so does an English one showing a Chinese class name."""
    assert needs_cjk("zh-Hans")
    assert needs_cjk("en", "Sept 九月")
    assert not needs_cjk("en", "September", "Café")


def test_the_bundled_cjk_font_is_found() -> None:
    """The font served to the pages is the OpenType Noto Sans SC that pygame-gui ships."""
    path = font_path()
    assert path is not None and path.name == "NotoSansSC-Regular.otf"
    assert path.read_bytes()[:4] == b"OTTO"
