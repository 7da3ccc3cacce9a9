"""The store's official pack: the scenario contents and the rubric whose runs reach the official boards.

A pack is a set of scenario content hashes (with each one's id and file name) and one
rubric digest. Its owner sets it (`dojo official --set`; `dojo serve` sets it to the pack it
serves); a new store starts with the bundled pack and the bundled rubric. The pack is kept in
the `official_pack` table with its rubric digest and a seal (HMAC with the store's key) in
`dojo_meta`, so a pack edited in the database without the key is refused, not believed.

A run is 'official' when its scenario hash is in the pack and its rubric digest is the
pack's, else 'custom' (runs.pack). Setting a pack re-labels every run. The pack's texts are
not stored with it (a run stores the copy it needs); `dojo verify --repair` restores a
damaged copy from the pack's files on disk when one has the copy's hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Connection, literal_column, null, select, union_all, update

from game.i18n import _
from game.scenario.diagnostics import DiagnosticError
from game.scenario.loader import load_scenario_text
from game.store.copies import default_rubric_text
from game.store.db import Store
from game.store.driver import driver_rows
from game.store.errors import StoreError
from game.store.keys import SealKey, load_key
from game.store.tables import meta, official_pack, runs
from game.store.verify import dumps
from scoring.rubric import Rubric, RubricError, parse_rubric

OFFICIAL, CUSTOM = "official", "custom"
_RUBRIC_KEY, _SEAL_KEY = "official_rubric", "official_seal"
MAX_PACK_FILES = 500


@dataclass(frozen=True)
class PackFile:
    """One scenario of a pack: its content hash, id, file name and text."""

    content_hash: str
    scenario_id: str
    file_name: str
    text: str = ""


@dataclass(frozen=True)
class Pack:
    """The official pack: its scenarios (by content hash) and its rubric digest."""

    files: tuple[PackFile, ...]
    rubric_digest: str
    rubric_text: str = ""

    @property
    def hashes(self) -> frozenset[str]:
        """The content hashes of its scenarios."""
        return frozenset(item.content_hash for item in self.files)

    @property
    def scenario_ids(self) -> tuple[str, ...]:
        """The scenario ids of the pack, sorted, once each (the overall board's scenario set)."""
        return tuple(sorted({item.scenario_id for item in self.files}))

    def holds(self, content_hash: str, rubric_digest: str) -> bool:
        """True when a run of this content under this rubric is official."""
        return rubric_digest == self.rubric_digest and content_hash in self.hashes

    def sealed_text(self) -> str:
        """The canonical text the pack's seal is made over."""
        return dumps([self.rubric_digest, sorted([item.content_hash, item.scenario_id] for item in self.files)])


def pack_from_texts(texts: Iterable[tuple[str, str | bytes]], rubric_text: str) -> Pack:
    """A pack from (file name, text) pairs and a rubric text; StoreError names a file that does not load."""
    try:
        rubric = parse_rubric(rubric_text, "<official rubric>")
    except RubricError as error:
        raise StoreError(_("the official rubric does not load: {problem}").format(problem=str(error).splitlines()[0])) from None
    files: dict[str, PackFile] = {}
    for file_name, raw in texts:
        files.setdefault(*_pack_file(file_name, raw, rubric))
    return Pack(tuple(files.values()), rubric.digest, rubric_text)


def _pack_file(file_name: str, raw: str | bytes, rubric: Rubric) -> tuple[str, PackFile]:
    try:
        scenario = load_scenario_text(raw, file_name, rubric).scenario
    except DiagnosticError as error:
        first = str(error).splitlines()[0] if str(error) else _("it does not load")
        raise StoreError(_("{file} cannot join the official pack: {problem}").format(file=file_name, problem=first)) from None
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    return scenario.content_hash, PackFile(scenario.content_hash, scenario.id, Path(file_name).name, text)


def pack_from_paths(paths: Iterable[Path], rubric_text: str | None = None) -> Pack:
    """A pack from scenario files and folders (every *.yaml in a folder); StoreError if one cannot be read."""
    texts: list[tuple[str, bytes]] = []
    for path in paths:
        files = sorted(path.glob("*.yaml")) if path.is_dir() else [path]
        for file in files:
            if len(texts) >= MAX_PACK_FILES:
                raise StoreError(_("an official pack can hold at most {most} scenario files").format(most=MAX_PACK_FILES))
            try:
                texts.append((str(file), file.read_bytes()))
            except OSError as error:
                raise StoreError(_("cannot read {path}: {reason}").format(path=file, reason=error.strerror or error)) from None
    if not texts:
        raise StoreError(_("an official pack needs at least one scenario file"))
    return pack_from_texts(texts, rubric_text if rubric_text is not None else default_rubric_text())


@lru_cache(maxsize=1)
def bundled_pack() -> Pack:
    """The bundled scenarios with the bundled rubric (a new store's official pack)."""
    from scenarios import BUNDLED_DIR

    return pack_from_paths([BUNDLED_DIR])


# Stored ---------------------------------------------------------------------------------------------


def write_pack(connection: Connection, pack: Pack, key: SealKey, now: float = 0.0) -> None:
    """Inside a write transaction: make `pack` the official one, sealed with `key`, and re-label every run."""
    connection.execute(official_pack.delete())
    if pack.files:
        connection.execute(
            official_pack.insert(),
            [{"content_hash": item.content_hash, "scenario_id": item.scenario_id, "file_name": item.file_name} for item in pack.files],
        )
    _set_meta(connection, {_RUBRIC_KEY: pack.rubric_digest, _SEAL_KEY: f"{key.key_id}:{key.seal(pack.sealed_text())}"})
    hashes = sorted(pack.hashes)
    official = runs.c.content_hash.in_(hashes) & (runs.c.rubric_digest == pack.rubric_digest) if hashes else None
    connection.execute(update(runs).values(pack=CUSTOM))
    if official is not None:
        connection.execute(update(runs).where(official).values(pack=OFFICIAL))
    from game.store.standings import rebuild

    rebuild(connection)


def _set_meta(connection: Connection, values: Mapping[str, str]) -> None:
    for name, value in values.items():
        done = connection.execute(meta.update().where(meta.c.key == name).values(value=value)).rowcount
        if not done:
            connection.execute(meta.insert().values(key=name, value=value))


# Packs whose seal checked, by their stored seal, the key's id and their rows: a board view reads
# the pack (one small statement built once: a round trip is what a query costs on PostgreSQL)
# but does not rebuild or re-check an unchanged one. Its rows: (0, meta key, value, NULL) for
# the rubric and seal, then (1, content hash, scenario id, file name) per file, in stored order.
_CHECKED: dict[tuple[str, str, str, tuple[tuple[str, str, str], ...]], Pack] = {}
_PACK = select(
    union_all(
        select(literal_column("0").label("part"), meta.c.key, meta.c.value, null().label("file_name")).where(
            (meta.c.key == _RUBRIC_KEY) | (meta.c.key == _SEAL_KEY)
        ),
        select(literal_column("1"), official_pack.c.content_hash, official_pack.c.scenario_id, official_pack.c.file_name),
    ).subquery("pack")
)


def read_pack(connection: Connection, key: SealKey | None = None) -> Pack:
    """The store's official pack; StoreError when it was changed without the key (its seal does not check)."""
    stored: dict[str, str] = {}
    files: list[tuple[str, str, str]] = []
    for part, first, second, third in driver_rows(connection, _PACK, {}):
        if part == 0:
            stored[first] = second
        else:
            files.append((first, second, third))
    key = key or load_key()
    rows = tuple(files)
    memo = (stored.get(_SEAL_KEY, ""), stored.get(_RUBRIC_KEY, ""), key.key_id, rows)
    known = _CHECKED.get(memo)
    if known is not None:
        return known
    pack = Pack(tuple(PackFile(*row) for row in rows), stored.get(_RUBRIC_KEY, ""))
    if not rows and _SEAL_KEY not in stored:
        return pack  # no pack was ever set (an empty store in memory): nothing is official
    key_id, _colon, seal = stored.get(_SEAL_KEY, "").partition(":")
    if key_id != key.key_id:
        raise StoreError(
            _(
                "this store's official pack was set with another seal key (or none), so its boards cannot be trusted here; "
                "its owner sets it again with: dojo official --set FOLDER"
            )
        )
    if not key.checks(pack.sealed_text(), seal):
        raise StoreError(
            _("this store's official pack was changed outside dojo (its seal does not check); set it again with: dojo official --set FOLDER")
        )
    if len(_CHECKED) > 16:
        _CHECKED.clear()
    _CHECKED[memo] = pack
    return pack


def set_official(store: Store, pack: Pack, key: SealKey | None = None) -> Pack:
    """Make `pack` the store's official pack (the owner's act; it needs the key)."""
    key = key or load_key()
    with store.write() as connection:
        write_pack(connection, pack, key, store.clock())
    return pack


def official_pack_of(store: Store, key: SealKey | None = None) -> Pack:
    """The store's official pack, read in its own transaction."""
    with store.read() as connection:
        return read_pack(connection, key)


def pack_label(connection: Connection, content_hash: str, rubric_digest: str, key: SealKey | None = None) -> str:
    """'official' or 'custom' for a run of this content under this rubric (custom if the pack does not check)."""
    try:
        pack = read_pack(connection, key)
    except StoreError:
        return CUSTOM
    return OFFICIAL if pack.holds(content_hash, rubric_digest) else CUSTOM


def same_pack(a: Pack, b: Pack) -> bool:
    """True when two packs hold the same contents under the same rubric."""
    return a.rubric_digest == b.rubric_digest and a.hashes == b.hashes


__all__ = ["CUSTOM", "OFFICIAL", "Pack", "PackFile", "bundled_pack", "official_pack_of", "pack_from_paths", "read_pack", "set_official"]


# Damaged copies ------------------------------------------------------------------------------------


def text_hash(text: str) -> str | None:
    """The content hash of a scenario text (as the loader computes it), or None if it is not YAML at all."""
    from game.scenario.compile import content_hash
    from game.scenario.source import read_yaml

    try:
        return content_hash(read_yaml(text.encode("utf-8"), "<copy>").data)
    except (DiagnosticError, UnicodeEncodeError):
        return None


def damaged_copies(store: Store) -> list[str]:
    """The content hashes of stored scenario copies whose text no longer has that hash."""
    from game.store.tables import scenario_copies

    with store.read() as connection:
        rows = connection.execute(select(scenario_copies.c.content_hash, scenario_copies.c.text)).all()
    return [row.content_hash for row in rows if text_hash(row.text) != row.content_hash]


def repair_copies(store: Store, pack: Pack) -> tuple[list[str], list[str]]:
    """Restore each damaged scenario copy from the pack's file with its hash; (repaired, still damaged).

    Refused (StoreError) when SQLite finds the file itself damaged: writing into it could spread the damage.
    """
    from game.store.tables import scenario_copies
    from game.store.verify import integrity

    verdict = integrity(store)
    if verdict != "ok":
        raise StoreError(_("SQLite finds {where} damaged ({verdict}); nothing was written. Restore it from a backup").format(where=store.where, verdict=verdict))
    by_hash = {item.content_hash: item for item in pack.files if item.text}
    damaged = damaged_copies(store)
    fixable = [content_hash for content_hash in damaged if content_hash in by_hash]
    if fixable:
        with store.write() as connection:
            for content_hash in fixable:
                connection.execute(
                    scenario_copies.update().where(scenario_copies.c.content_hash == content_hash).values(text=by_hash[content_hash].text)
                )
    return fixable, [content_hash for content_hash in damaged if content_hash not in by_hash]
