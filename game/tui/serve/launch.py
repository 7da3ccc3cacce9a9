"""The command each browser's app runs: `dojo play`, bound to die with the server that started it.

The reaper kills apps whose browser goes, and a clean stop kills the rest; but a server that is
SIGKILLed (or crashes) runs neither, and its apps would live on (pitfalls.md: spinning, deaf to
SIGTERM). So on Linux the app asks the kernel, before anything else, for SIGKILL when its parent
dies (prctl PR_SET_PDEATHSIG). The server starts this module with exec, no shell in between,
so the request is made by the app process itself. Elsewhere it is a no-op and only the reaper
guards. It is a module, not a preexec_fn: that hook is unsafe in a server that has threads.

Run as `python -m game.tui.serve.launch game.cli play --mode practice`: the entry module, then
its arguments, with the server's pid in DOJO_SERVE_PARENT: it is checked after the request, so
a server that died before the request was made leaves no app either. In a class, the language
the trainee picked on the join page is in DOJO_CLASS_LOCALE: the app shows everything in it from
its first screen. The entry is named by
whoever starts the server (`dojo serve`), not imported here: the front end sits below the
command line (architecture.md, the import-linter layers contract).
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from collections.abc import Mapping

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_ENV = "DOJO_SERVE_PARENT"


def die_with_parent(parent: int | None) -> bool:
    """Ask for SIGKILL when the parent dies (Linux); exit at once if `parent` is no longer it.

    Returns True if the kernel took the request, False where there is no prctl (not Linux).
    The kernel ties the signal to the thread that forked this process: the server forks its
    apps from its event-loop thread, which lives as long as the server does.
    """
    if not sys.platform.startswith("linux"):
        return False
    import ctypes  # here: only Linux pays for it

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        taken = libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:
        os._exit(1)  # the server died between our fork and the request: nothing to serve
    return taken


def expected_parent(environ: Mapping[str, str]) -> int | None:
    """The server's pid from DOJO_SERVE_PARENT, or None when it is missing or not a number."""
    text = environ.get(PARENT_ENV, "")
    return int(text) if text.isdigit() else None


def seat_language(environ: Mapping[str, str]) -> str | None:
    """Show this seat in the language its trainee picked (CLASS_LOCALE_ENV), when one was; the locale used, or None."""
    from game.i18n import use_locale
    from game.play.class_env import CLASS_LOCALE_ENV

    asked = environ.get(CLASS_LOCALE_ENV)
    return use_locale(asked) if asked else None


def main(argv: list[str]) -> int:
    """Bind this process to the server's life, then run entry module `argv[0]`'s main with the rest, in this process."""
    if not argv:
        print("usage: python -m game.tui.serve.launch ENTRY_MODULE [ARGS...]", file=sys.stderr)
        return 2
    die_with_parent(expected_parent(os.environ))
    seat_language(os.environ)
    entry = importlib.import_module(argv[0])  # after the request: a slow import must not widen the gap
    return int(entry.main(argv[1:]))


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
