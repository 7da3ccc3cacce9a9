"""Writing the files commands produce, safely, in one place; and checking that a path can be a file name.

Every `--out`, `export --csv`, `dojo new` and `schema --out` writes through `write_output`:

- `-` means standard output.
- A regular file (or a name that does not exist yet) is written to a temporary file beside
  it, flushed to the disk, then renamed into place: a failed write (a full disk, a killed
  process) leaves the old file as it was and no partial or 0-byte file behind.
- A character device (`/dev/null`, a terminal) or a named pipe (FIFO) is written directly,
  never replaced: renaming a file onto `/dev/null` as root would replace the machine's
  `/dev/null` (pitfalls.md). A named pipe must already have a reader: it is opened without
  waiting, so a pipe nobody reads is one clear error, never a hang.
- Anything else (a folder, a block device, a socket) is refused, and so is a symbolic
  link: the target is named by its real path, never followed silently.

`name_problem` says why a path cannot name a file on this system (a part longer than the
system's NAME_MAX, usually 255 bytes, or the whole longer than PATH_MAX): commands check
their file arguments with it first, so an over-long name is one clear line.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO, TypeVar

from game.i18n import N_, _
from game.store.display import printable

STDOUT = "-"
DEFAULT_NAME_MAX = 255
DEFAULT_PATH_MAX = 4096
SHOWN_CHARACTERS = 240  # a path in a message is cut to this length: a 5,000-character name stays one readable line

T = TypeVar("T")


class OutputError(Exception):
    """A file that cannot be written (or a path that cannot name one), to report in one line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def shown(path: str | os.PathLike[str]) -> str:
    """A path for a message: printable, and cut short when it is very long."""
    text = printable(os.fspath(path))
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def _limit(name: str, default: int) -> int:
    """A file-system limit from pathconf, or the usual default where the system does not say."""
    try:
        value = os.pathconf("/", name)
    except (OSError, ValueError, AttributeError):
        return default
    return value if value > 0 else default


def name_problem(path: str | os.PathLike[str]) -> str | None:
    """Why `path` cannot name a file here (a name or the whole path too long), or None when it can."""
    raw = os.fsencode(path)
    name_max, path_max = _limit("PC_NAME_MAX", DEFAULT_NAME_MAX), _limit("PC_PATH_MAX", DEFAULT_PATH_MAX)
    if len(raw) >= path_max:
        return _("the path is {length:,} bytes long; this system allows {most:,}").format(length=len(raw), most=path_max - 1)
    longest = max((len(part) for part in raw.split(b"/")), default=0)
    if longest > name_max:
        return _("a file or folder name in it is {length:,} bytes long; this system allows {most:,}").format(length=longest, most=name_max)
    return None


# "cannot WHAT PATH: PROBLEM" for each WHAT a caller names (whole sentences, for translation).
_CANNOT = {
    "use": N_("cannot use {path}: {problem}"),
    "read": N_("cannot read {path}: {problem}"),
    "write": N_("cannot write {path}: {problem}"),
    "check": N_("cannot check {path}: {problem}"),
    "lint": N_("cannot lint {path}: {problem}"),
}


def check_name(path: str | os.PathLike[str], what: str = "use") -> None:
    """Raise OutputError ("cannot WHAT PATH: ...") when `path` cannot name a file here (`what`: one of _CANNOT)."""
    problem = name_problem(path)
    if problem is not None:
        raise OutputError(_(_CANNOT.get(what, _CANNOT["use"])).format(path=shown(path), problem=problem))


def _cannot_write(destination: str | os.PathLike[str], problem: str) -> OutputError:
    """'cannot write DESTINATION: PROBLEM'."""
    template = _CANNOT["write"]  # not `_(_CANNOT["write"])`: Babel before 2.13 extracts the key as a message
    return OutputError(_(template).format(path=shown(destination), problem=problem))


def _kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return _("it is a folder, and only regular files, named pipes and character devices are written")
    if stat.S_ISBLK(mode):
        return _("it is a block device, and only regular files, named pipes and character devices are written")
    if stat.S_ISSOCK(mode):
        return _("it is a socket, and only regular files, named pipes and character devices are written")
    return _("it is not a regular file, and only regular files, named pipes and character devices are written")


def check_destination(destination: str) -> None:
    """Fail early, before any work, when `destination` cannot be written (see the module docstring)."""
    if destination == STDOUT:
        return
    check_name(destination, "write")
    target = Path(destination)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as error:
        raise _cannot_write(destination, str(error.strerror or error)) from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise _cannot_write(
                destination,
                _("it is a symbolic link (to {target}); give the real path if you mean to write there").format(target=shown(os.readlink(target))),
            )
        if stat.S_ISDIR(info.st_mode):
            raise _cannot_write(destination, _("it is a folder; give a file name"))
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise _cannot_write(destination, _kind(info.st_mode))
        return
    folder = target.parent
    if not folder.is_dir():
        raise _cannot_write(destination, _("the folder {folder} does not exist").format(folder=shown(folder)))


def write_output(
    destination: str,
    produce: Callable[[IO[str]], T],
    *,
    encoding: str = "utf-8",
    newline: str | None = "\n",
    replace: bool = True,
) -> T:
    """Write what `produce(stream)` writes to `destination` (see the module docstring); returns its result.

    `replace=False` refuses an existing file (OutputError saying so) instead of replacing it.
    Every failure is an OutputError naming the destination.
    """
    if destination == STDOUT:
        return produce(sys.stdout)
    check_destination(destination)
    try:
        info: os.stat_result | None = os.lstat(destination)
    except FileNotFoundError:
        info = None
    if info is not None and not replace:
        raise OutputError(_("{path} already exists").format(path=shown(destination)))
    if info is not None and (stat.S_ISCHR(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
        return _write_special(destination, produce, encoding, newline, fifo=stat.S_ISFIFO(info.st_mode))
    return _write_regular(destination, produce, encoding, newline, replace, info)


def _failure(destination: str, error: OSError) -> OutputError:
    """One line for an OSError while writing `destination`."""
    if error.errno == errno.ENAMETOOLONG:
        return _cannot_write(destination, name_problem(destination) or _("the name is too long"))
    return _cannot_write(destination, str(error.strerror or error))


def _write_special(destination: str, produce: Callable[[IO[str]], T], encoding: str, newline: str | None, fifo: bool) -> T:
    """Write straight into a character device or a named pipe (never replacing it)."""
    flags = os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0) | (os.O_NONBLOCK if fifo else 0)
    try:
        descriptor = os.open(destination, flags)
    except OSError as error:
        if fifo and error.errno == errno.ENXIO:
            raise _cannot_write(destination, _("it is a named pipe and nothing is reading it; start the reader first")) from None
        raise _failure(destination, error) from None
    try:
        if fifo:  # the reader is there: from now on a write waits for it to read, as a pipe should
            import fcntl  # here: named pipes exist only where fcntl does

            fcntl.fcntl(descriptor, fcntl.F_SETFL, fcntl.fcntl(descriptor, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        with os.fdopen(descriptor, "w", encoding=encoding, newline=newline) as stream:
            descriptor = -1
            return produce(stream)
    except BrokenPipeError:
        raise _cannot_write(destination, _("the program reading the pipe stopped reading")) from None
    except OSError as error:
        raise _failure(destination, error) from None
    finally:
        if descriptor >= 0:
            os.close(descriptor)


def _write_regular(
    destination: str,
    produce: Callable[[IO[str]], T],
    encoding: str,
    newline: str | None,
    replace: bool,
    existing: os.stat_result | None,
) -> T:
    """A temporary file beside the target, flushed to the disk, then renamed (or linked) into place."""
    target = Path(destination)
    try:
        handle, temporary = tempfile.mkstemp(prefix=".dojo-", suffix=".tmp", dir=target.parent)
    except OSError as error:
        raise _failure(destination, error) from None
    try:
        with os.fdopen(handle, "w", encoding=encoding, newline=newline) as stream:
            result = produce(stream)
            stream.flush()
            os.fsync(stream.fileno())  # a full disk fails here, before the file is in place
        # mkstemp makes the file private; an output keeps the mode of the file it replaces, or the usual one.
        os.chmod(temporary, stat.S_IMODE(existing.st_mode) if existing is not None else 0o666 & ~_umask())
        if replace:
            os.replace(temporary, target)
        else:
            _place_new(temporary, target)
        return result
    except OSError as error:
        raise _failure(destination, error) from None
    finally:
        if os.path.lexists(temporary):
            os.unlink(temporary)


def _place_new(temporary: str, target: Path) -> None:
    """Put the finished file at `target` only if nothing is there (a hard link fails if it exists)."""
    try:
        os.link(temporary, target)
    except FileExistsError:
        raise OutputError(_("{path} already exists").format(path=shown(target))) from None
    except OSError as error:
        if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
            raise
        if os.path.lexists(target):  # a file system without hard links: check, then rename
            raise OutputError(_("{path} already exists").format(path=shown(target))) from None
        os.replace(temporary, target)


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is put back at once)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
