"""What a bot sees, the bots that read only the form of replies, and bots loaded from a file.

A bot is a function that is shown one moment of a run and answers with the id of a
reply on offer. What it is shown is a `BotView`: a frozen, read-only picture of what a
trainee sees at that moment (the scenario, where the story is, the transcript so far,
the replies in the order shown, the meters and the turn), and nothing a trainee does not
see: no tags, no scores, no analysis.

`dojo simulate SCENARIO --bot FILE.py:FUNCTION` plays a manager's or researcher's own
bot: `FUNCTION(view)` is called at every moment with a reply on offer and must return
one of `view.replies`' ids. Every way that can go wrong (no such file, a syntax error,
no such function, the function raises, an id not on offer) is a `BotError` whose one-line
message names the bot.

The form bots here (`longest`, `shortest`, `warmest`, `most-concessions`, `first`,
`last`) read only the text and position of the replies. A scenario where one of them
scores well rewards the way replies are written rather than what they do; lint checks
for that (DOJO406, DOJO407). Every tie is broken by the run's seeded generator among
the tied replies taken in order of id, so a bot's figures never depend on the order the
replies happen to be listed in, except for `first` and `last`, whose whole rule is that
order.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import random
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from game.engine.session import Session
from game.i18n import N_, _
from game.scenario.model import ChoiceSpec

# The name the transcript gives the trainee's own replies.
TRAINEE = "You"


@dataclass(frozen=True)
class Line:
    """One thing said: the speaker's name as shown, the text, and whether it was the trainee's own reply."""

    speaker: str
    text: str
    own: bool = False


@dataclass(frozen=True)
class Reply:
    """One reply on offer: its id (what a bot returns to choose it) and its text as shown."""

    id: str
    text: str


@dataclass(frozen=True)
class BotView:
    """One moment of a run as a trainee sees it; what a bot is given to choose a reply.

    * `scenario_id`: the scenario's `id`.
    * `node_id`: the id of the node the story is at.
    * `turn`: how many replies have been made so far (0 at the first), as `turn` in conditions.
    * `transcript`: everything said so far, oldest first, ending with what is said now:
      each a `Line` of `speaker` (a cast member's name, or "You" for the trainee),
      `text` and `own` (True for the trainee's own replies).
    * `replies`: the replies on offer, in the order shown, each a `Reply` of `id` and `text`.
    * `meters`: every meter's value by its name (a read-only mapping).
    * `seed`: a number fixed by the run's seed and the turn; `random.Random(view.seed)`
      gives a bot randomness that repeats exactly with the same `--seed`.

    The view is frozen and holds only tuples, strings, numbers and a read-only mapping,
    so a bot cannot change the run through it.
    """

    scenario_id: str
    node_id: str
    turn: int
    transcript: tuple[Line, ...]
    replies: tuple[Reply, ...]
    meters: Mapping[str, int]
    seed: int

    @property
    def reply_ids(self) -> tuple[str, ...]:
        """The ids of the replies on offer, in the order shown."""
        return tuple(reply.id for reply in self.replies)


def written_length(choice: ChoiceSpec) -> float:
    """How long a reply is as written: the mean length of its wordings (lint's DOJO407 measure)."""
    return sum(len(text) for __, text in choice.wordings) / len(choice.wordings)


def view_of(session: Session, seed: int) -> BotView:
    """The view of a session's current moment; `seed` becomes `BotView.seed`."""
    return Viewer().view(session, seed)


class Viewer:
    """Makes the views of one run as it goes, adding each new turn to the transcript once
    (a long run does not rebuild its whole transcript at every reply)."""

    def __init__(self) -> None:
        self._said: list[Line] = []
        self._turns = 0

    def view(self, session: Session, seed: int) -> BotView:
        """The view of the session's current moment; `seed` becomes `BotView.seed`."""
        turns = session.turns
        if len(turns) < self._turns:  # taken back by an undo: start again
            self._said, self._turns = [], 0
        for turn in turns[self._turns :]:
            self._said += [Line(line.speaker_name, line.text) for line in turn.lines]
            self._said.append(Line(TRAINEE, turn.text, own=True))  # the wording the trainee was shown
        self._turns = len(turns)
        node = session.node
        return BotView(
            scenario_id=session.scenario.id,
            node_id=node.id if node is not None else session.core_state.at,
            turn=session.core_state.turn,
            transcript=(*self._said, *(Line(line.speaker_name, line.text) for line in session.lines)),
            replies=tuple(Reply(reply.id, reply.text) for reply in session.offered),
            meters=MappingProxyType(dict(session.meters)),
            seed=seed,
        )


def moment_seed(run_seed: int, turn: int) -> int:
    """`BotView.seed` for a run's turn: the same run seed and turn always give the same number."""
    # A string seed is hashed with SHA-512 by `random`, so it is the same in every process.
    return random.Random(f"bot:{run_seed}:{turn}").randrange(2**31)


# The form bots ---------------------------------------------------------------------------

# Words of apology and empathy that `warmest` counts. A trailing * matches any ending
# (frustrat* is frustrated, frustrating, frustration); matching ignores case.
WARM_WORDS: tuple[str, ...] = (
    "sorry",
    "apolog*",
    "understand*",
    "feel*",
    "frustrat*",
    "appreciate*",
    "completely",
    "absolutely",
    "totally",
    "upset*",
    "awful",
    "terrible",
    "imagine",
    "thank*",
)
# Words and phrases of concession that `most-concessions` counts, matched the same way.
CONCESSION_WORDS: tuple[str, ...] = (
    "refund*",
    "free",
    "discount*",
    "waive*",
    "no charge",
    "on us",
    "on the house",
    "replace*",
    "compensat*",
    "voucher*",
    "credit",
    "complimentary",
    "money back",
    "reimburs*",
)

_WORD = re.compile(r"[^\W\d_]+")


def words(text: str) -> tuple[str, ...]:
    """The words of a text, in lower case (letters only: "don't" is "don" and "t")."""
    return tuple(_WORD.findall(text.casefold()))


@functools.lru_cache(maxsize=64)
def _term_pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    """One regex for a word list, matched against a text's words joined by single spaces."""
    parts = [" ".join(re.escape(w[:-1]) + r"\S*" if w.endswith("*") else re.escape(w) for w in term.split()) for term in terms]
    return re.compile(r"(?<!\S)(?:" + "|".join(parts) + r")(?!\S)")


@functools.lru_cache(maxsize=4096)
def count_terms(text: str, terms: tuple[str, ...]) -> int:
    """How many times the words or phrases of `terms` occur in `text` (see WARM_WORDS)."""
    return len(_term_pattern(terms).findall(" ".join(words(text))))


def warmth(text: str) -> int:
    """How many apology and empathy words (WARM_WORDS) a reply uses."""
    return count_terms(text, WARM_WORDS)


def concessions(text: str) -> int:
    """How many concession words and phrases (CONCESSION_WORDS) a reply uses."""
    return count_terms(text, CONCESSION_WORDS)


def pick_most(replies: Sequence[Reply], measure: Callable[[Reply], float], rng: random.Random) -> str:
    """The id of the reply measuring most; ties go to the seeded generator, never to position.

    The tied replies are put in order of id before the draw, so the same seed picks the
    same reply whatever order they were listed in.
    """
    values = {reply.id: measure(reply) for reply in replies}
    top = max(values.values())
    return rng.choice(sorted(reply_id for reply_id, value in values.items() if value == top))


FormBot = Callable[[BotView, random.Random], str]

FORM_BOTS: dict[str, FormBot] = {
    "longest": lambda view, rng: pick_most(view.replies, lambda reply: len(reply.text), rng),
    "shortest": lambda view, rng: pick_most(view.replies, lambda reply: -len(reply.text), rng),
    "warmest": lambda view, rng: pick_most(view.replies, lambda reply: warmth(reply.text), rng),
    "most-concessions": lambda view, rng: pick_most(view.replies, lambda reply: concessions(reply.text), rng),
    "first": lambda view, rng: view.replies[0].id,
    "last": lambda view, rng: view.replies[-1].id,
}
FORM_BOT_HELP = {
    "longest": N_("the reply with the most characters"),
    "shortest": N_("the reply with the fewest characters"),
    "warmest": N_("the reply with the most apology and empathy words"),
    "most-concessions": N_("the reply with the most concession words"),
    "first": N_("the first reply shown"),
    "last": N_("the last reply shown"),
}


# Bots from a file ---------------------------------------------------------------------------


class BotError(Exception):
    """A bot that cannot be loaded or misbehaved; the message is one line naming the bot."""


FileBot = Callable[[BotView], object]


def load_file_bot(spec: str) -> FileBot:
    """The function named by `FILE.py:FUNCTION`; raises BotError if it cannot be had.

    The file is Python and runs with your permissions, like any script: load only bots
    you trust.
    """
    path_text, colon, name = spec.rpartition(":")
    if not colon or not path_text or not name or "/" in name or "\\" in name:
        raise BotError(_("bot '{spec}': name the function after the file, as FILE.py:FUNCTION").format(spec=spec))
    path = Path(path_text)
    if not path.is_file():
        message = _("bot file {file} not found") if not path.exists() else _("bot file {file} is not a file")
        raise BotError(message.format(file=path_text))
    module_name = f"_dojo_bot_{abs(hash(str(path.resolve())))}"
    loader_spec = importlib.util.spec_from_file_location(module_name, path)
    if loader_spec is None or loader_spec.loader is None:
        raise BotError(_("bot file {file} cannot be loaded as Python (it should end in .py)").format(file=path_text))
    module = importlib.util.module_from_spec(loader_spec)
    sys.modules[module_name] = module  # so that dataclasses and the like in the file work
    try:
        loader_spec.loader.exec_module(module)
    except SyntaxError as error:
        sys.modules.pop(module_name, None)
        raise BotError(
            _("bot file {file} has a syntax error at line {line}: {problem}").format(file=path_text, line=error.lineno, problem=error.msg)
        ) from None
    except (Exception, SystemExit) as error:
        sys.modules.pop(module_name, None)
        raise BotError(_("bot file {file} failed to load: {problem}").format(file=path_text, problem=_describe(error))) from None
    function = getattr(module, name, None)
    if function is None:
        raise BotError(_("bot file {file} has no function '{name}'").format(file=path_text, name=name))
    if not callable(function):
        raise BotError(_("bot {spec}: '{name}' in {file} is not a function").format(spec=spec, name=name, file=path_text))
    return function


def ask_file_bot(function: FileBot, spec: str, view: BotView) -> str:
    """Call a file bot on a view and check its answer; raises BotError naming the bot and the moment."""
    where = _("at node '{node}', turn {turn}").format(node=view.node_id, turn=view.turn)
    try:
        answer = function(view)
    except (Exception, SystemExit) as error:
        raise BotError(_("bot {spec} raised {problem} ({where})").format(spec=spec, problem=_describe(error), where=where)) from None
    if not isinstance(answer, str):
        raise BotError(
            _("bot {spec} returned {answer} ({type}), not a reply id ({where})").format(
                spec=spec, answer=_short(answer), type=type(answer).__name__, where=where
            )
        )
    if answer not in view.reply_ids:
        raise BotError(
            _("bot {spec} returned {answer}, which is not a reply on offer ({where}; on offer: {replies})").format(
                spec=spec, answer=_short(answer), where=where, replies=", ".join(sorted(view.reply_ids))
            )
        )
    return answer


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(error: BaseException) -> str:
    message = str(error)
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def parse_skill(spec: str) -> float:
    """P of `skilled:P`, a number from 0 to 1; raises BotError otherwise."""
    text = spec.partition(":")[2]
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and 0.0 <= value <= 1.0):
        raise BotError(_("bot '{spec}': P in skilled:P must be a number from 0 to 1, such as skilled:0.8").format(spec=spec))
    return value
