"""The background sender of `dojo serve --lrs` (game/export/xapi_pusher.py), against a real Ralph LRS."""

from __future__ import annotations

import threading

from game.export.lrs import LrsTarget
from game.export.xapi_push import PushReport
from game.export.xapi_pusher import Pusher
from game.store import outbox
from game.store.db import open_store
from tests.ralph_helpers import START_LIMIT, free_port, running_ralph
from tests.store_helpers import BEST, GOOD, open_tmp, record


def test_the_pusher_sends_at_start_and_once_more_when_stopped(tmp_path):
    """Started, it sends what waits at once; a run recorded later is sent by the last try stop() makes."""
    store = open_tmp(tmp_path)
    path = str(tmp_path / "dojo.db")
    with running_ralph(tmp_path / "ralph") as ralph:
        outbox.configure(store, lrs=ralph.url)
        record(store, "Ann", BEST)
        reports: list[PushReport] = []
        first = threading.Event()

        def note(report: PushReport) -> None:
            reports.append(report)
            first.set()

        pusher = Pusher(lambda: open_store(path), ralph.target, every=3600.0, report=note)
        pusher.start()
        first.wait(START_LIMIT)  # the first try is made as soon as it starts
        assert reports[0].sent == 6
        record(store, "Bob", GOOD)
        pusher.stop()
    assert outbox.counts(store) == outbox.Counts(0, 11, 0)
    store.close()


def test_with_the_lrs_down_one_try_keeps_everything(tmp_path):
    """push_once against nothing listening: a problem reported, every statement still waiting."""
    store = open_tmp(tmp_path)
    outbox.configure(store, lrs="http://127.0.0.1:9/xAPI/")
    record(store, "Ann", BEST)
    pusher = Pusher(lambda: open_store(str(tmp_path / "dojo.db")), LrsTarget(f"http://127.0.0.1:{free_port()}/xAPI/", "u", "p"))
    report = pusher.push_once()
    assert report is not None and report.problem is not None and report.waiting == 6
    assert outbox.counts(store).waiting == 6
    store.close()
