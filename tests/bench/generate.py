"""Generate large, valid scenario files for the benchmarks: `generate_scenario(n)` -> YAML text.

The scene is one long phone call about a broken coffee machine, laid out in layers:

* Layer 0 is the start node; every later layer holds `WIDTH` (4) nodes, the last one
  whatever is left over, so the file has exactly `n` nodes (`n >= 1`).
* Each node offers 3 or 4 replies: a good one (two positive rubric tags, calms the
  customer), a middling one (one small positive tag), a poor one (negative tags, raises
  anger) and, on three nodes in four, an extra: a reply offered only `when: trust >= 50`
  (from layer 3 on: trust cannot reach the gate sooner), caving (to the `policy-broken`
  ending) or handing over to a manager (`escalated`). The replies are written in an order
  that rotates from node to node, so the good one is not always first (lint's DOJO410).
  The replies of a node lead to different nodes of the next layer, so every node is
  reachable and the graph branches and merges like a real scene; the last layer's replies
  lead to the `delighted`, `resolved` and `partly-resolved` endings.
* Two meters: `anger` (the mood, good low, a walk-out threshold at 100 that ends the call
  at `walked-out`) and `trust`; one flag, `promised_callback`, set by one kind of good
  reply and read by a conditional line. Every third node opens with a pair of lines
  conditional on anger, every fifth with a pool of line variants.
* Loops: by default one node in every `LOOP_EVERY` (25) layers has its poor reply lead back
  to a node of the layer before ("we're going round in circles"), so the story graph has
  a few cycles, as real drafts do (4 in 500 nodes, 49 in 5,000; none below 102 nodes).
  Each loop costs anger, so random play always ends. `loop_every=None` gives an acyclic
  scene; a smaller number gives more loops.

All tags come from the default rubric, every reply has tags, and every ending is
reachable, so `dojo lint` finds no errors from 10 nodes up (below that the best path is
too short to earn in all four listed skills: DOJO403). Up to about 35 nodes the analysis
is exact; past that the state space (node x meter values x the scorer's pattern memory)
passes lint's 100,000-state limit and lint warns DOJO404 instead of judging the band.

The text is deterministic for a given `n` and `seed`. Strings are written as JSON
strings, which YAML reads as double-quoted scalars, so no text can break the file.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

WIDTH = 4  # nodes per layer after the start
LOOP_EVERY = 25  # one looping node per this many layers
TRUST_GATE = 50  # the trust a gated reply needs
GATE_DEPTH = 3  # the first layer with gated replies

ENDINGS: dict[str, tuple[str, str, str]] = {
    # id: (outcome, title, text)
    "machine-replaced": (
        "delighted",
        "A new machine by Friday",
        "A replacement arrives two days early with a bag of beans on the house. She posts a photo of her first cup.",
    ),
    "repair-booked": (
        "resolved",
        "Repair booked",
        "An engineer is booked for Thursday morning and she has the reference number written on the fridge.",
    ),
    "half-sorted": (
        "partly-resolved",
        "Half sorted",
        "She gets a refund of the delivery charge, but nobody has said when the machine will work again.",
    ),
    "manager-callback": (
        "escalated",
        "Passed upstairs",
        "The call goes to a manager's queue. She is promised a callback within two working days and is not pleased.",
    ),
    "free-machine": (
        "policy-broken",
        "The free machine",
        "A full refund and a new machine go out against policy. Finance asks questions on Monday.",
    ),
    "walked-out": (
        "walked-out",
        "Line dead",
        "She has heard enough and hangs up. A one-star review appears before you have finished your notes.",
    ),
}
LAST_LAYER_ENDINGS = ("machine-replaced", "repair-booked", "half-sorted")


@dataclass(frozen=True)
class Reply:
    """One kind of reply: its id, words, rubric tags and meter effects."""

    id: str
    text: str
    tags: tuple[str, ...]
    effects: str  # a YAML flow mapping, e.g. "{anger: -10, trust: +10}"


# Good replies: two positive tags each, rotated by layer so a best path earns in every skill.
GOOD = (
    Reply("invite", "Take your time and tell me everything that happened, from the start.",
          ("listening.let-vent", "listening.open-question"), "{anger: -10, trust: +5}"),
    Reply("paraphrase", "So it stopped heating after three weeks and the first repair didn't hold. Have I got that right?",
          ("listening.paraphrase", "listening.confirm-understanding"), "{anger: -10, trust: +10}"),
    Reply("acknowledge", "That sounds maddening, especially with guests coming. I'm sorry it has dragged on like this.",
          ("empathy.acknowledge-feeling", "empathy.apologise-for-inconvenience"), "{anger: -10, trust: +5}"),
    Reply("reason-and-option", "I can't refund a machine that's past thirty days, but I can send an engineer out free this week.",
          ("refusal.give-reason", "refusal.offer-alternative"), "{anger: -5, trust: +10}"),
    Reply("callback", "I'll ring the service centre now and call you back before four o'clock today.",
          ("refusal.time-commitment", "resolution.act-fast"), "{anger: -5, trust: +10, promised_callback: true}"),
    Reply("options", "There are two ways I can fix this: a repair on Thursday or a swap at the store. Which suits you?",
          ("resolution.offer-options", "resolution.ask-consent"), "{anger: -10, trust: +5}"),
    Reply("steady", "Let's take this one step at a time. I'm staying on the line until it's sorted.",
          ("composure.stay-calm", "composure.patience"), "{anger: -10, trust: +5}"),
)
# Middling replies: one small positive tag.
MEDIUM = (
    Reply("go-on", "I see. Please go on.", ("listening.show-interest",), "{anger: -5}"),
    Reply("sorry", "I'm sorry about that.", ("empathy.apologise",), "{anger: -5}"),
    Reply("thanks", "Thank you for telling us; it helps us fix these things.", ("empathy.thank-for-feedback",), "{trust: +5}"),
    Reply("notes", "Let me write that down so nothing gets lost.", ("listening.take-notes",), "{trust: +5}"),
    Reply("smile", "I'm glad you called us about it.", ("composure.smile-through",), "{anger: -5}"),
)
# Poor replies: negative tags that raise anger. Each is longer than every good reply, so the
# length of a reply never gives the good one away (lint's DOJO406 and DOJO407).
POOR = (
    Reply("cut-in", "Let me stop you there, because I can already see the whole order on my screen and I know exactly what has gone wrong.",
          ("listening.interrupt", "listening.jump-to-solution"), "{anger: +20}"),
    Reply("script", "I understand your frustration, and I want you to know that your call is very important to us and to the whole team here.", ("empathy.stock-phrase",), "{anger: +15}"),
    Reply("blame-courier", "The courier must have dropped it somewhere along the way, so that is really their problem to sort out, not ours, I'm afraid.",
          ("composure.blame-colleagues", "resolution.pass-the-buck"), "{anger: +20, trust: -10}"),
    Reply("flat-no", "No. We don't do refunds on that, and there is nothing else I can do for you about it, so I'm afraid that is the end of that.", ("refusal.premature", "refusal.curt"), "{anger: +25, trust: -5}"),
    Reply("lecture", "If you had descaled it every month like the manual says, this wouldn't have happened; it is all set out on page four of it.",
          ("empathy.lecture", "empathy.blame-customer"), "{anger: +25, trust: -10}"),
    Reply("vague", "I'll look into it when I get a moment, and someone from the team will get back to you at some point over the next while.",
          ("refusal.vague-check", "resolution.do-nothing"), "{anger: +15, trust: -5}"),
)
GATED = Reply("goodwill", "Since you've been so patient with us, I can add a year's free servicing on top.",
              ("resolution.fair-compensation", "resolution.use-authority"), "{anger: -15, trust: +10}")
CAVE = Reply("give-in", "Fine, I'll refund the lot and send a new one as well.",
             ("refusal.cave", "resolution.policy-break"), "{anger: -20}")
ESCALATE = Reply("manager", "This needs my manager's sign-off; I'll put you through to her now and stay on until she answers.",
                 ("resolution.escalate-properly",), "{anger: -5}")
START_EXTRA = Reply("listening", "I'm listening.", ("listening.show-interest",), "{trust: +5}")
LOOP_BACK = Reply("start-over", "Sorry, could we go back to the beginning? I've lost track.",
                  ("listening.ignore-cue",), "{anger: +15, trust: -5}")

LINES = (
    "It worked for three weeks and now it just blinks red at me.",
    "I've descaled it, I've unplugged it, I've done everything the leaflet says.",
    "I paid nearly four hundred pounds for this thing.",
    "My sister is staying this weekend and I promised her proper coffee.",
    "The last person I spoke to said someone would ring me. Nobody rang.",
    "I don't want a voucher. I want a machine that works.",
    "Is this going to take long? I'm on my lunch break.",
    "The engineer came, fiddled with it for ten minutes and left. Same problem the next day.",
    "I've been a customer of yours for twelve years.",
    "Honestly, I just want to know what happens next.",
    "The box said 'built to last'. It lasted a month.",
    "Your website says repairs take five days. It has been eleven.",
)
ANGRY_LINES = (
    "And don't tell me to turn it off and on again.",
    "I'm trying very hard to stay polite here.",
    "If one more person reads me a script, I'm cancelling everything.",
)
CALM_LINES = (
    "Sorry, I know none of this is your fault.",
    "Thanks for actually listening, by the way.",
    "Right. Where were we?",
)
VARIANTS = (
    ("So? What now?", "Well? What are you going to do?", "And? I'm waiting."),
    ("Hello? Are you still there?", "Did the line drop? Hello?"),
    ("Go on then.", "I'm listening.", "Let's hear it."),
)


def node_id(index: int) -> str:
    """The id of the node at `index` (0 is the start)."""
    return f"n{index:05d}"


def layers(count: int) -> list[list[int]]:
    """Node indexes by layer: the start alone, then WIDTH at a time."""
    if count < 1:
        raise ValueError("a scenario needs at least one node")
    rows = [[0]]
    rows += [list(range(first, min(first + WIDTH, count))) for first in range(1, count, WIDTH)]
    return rows


def generate_scenario(count: int, seed: int = 0, loop_every: int | None = LOOP_EVERY) -> str:
    """The YAML text of a valid scenario with exactly `count` nodes (see the module docstring)."""
    rng = random.Random(seed)
    rows = layers(count)
    out: list[str] = [_header(count)]
    for depth, row in enumerate(rows):
        following = rows[depth + 1] if depth + 1 < len(rows) else None
        previous = rows[depth - 1] if depth > 0 else None
        for slot, index in enumerate(row):
            # Never in the last layer, whose every reply must keep its ending reachable.
            looping = bool(loop_every) and depth % (loop_every or 1) == 0 and slot == 0
            loop_to = previous[0] if looping and previous and following else None
            out.append(_node(index, slot, depth, following, loop_to, rng))
    out.append(_endings())
    return "".join(out)


def _header(count: int) -> str:
    return f"""format: 1
id: generated-{count}
title: {json.dumps(f"The coffee machine ({count:,} nodes)")}
summary: >-
  Ms Adeyemi's new coffee machine has failed twice. A generated scene for benchmarks:
  {count} nodes in layers of {WIDTH}, two meters, a walk-out threshold and a few loops.
difficulty: 3
skills: [listening, empathy, refusal, resolution]
tags: [phone, repair, complaint, generated]
minutes: 20
cast:
  adeyemi: {{name: Ms Adeyemi, role: customer}}
  lead: {{name: Team lead, role: staff}}
meters:
  anger:
    label: Anger
    start: 60
    good: low
    thresholds:
      - {{at_least: 100, ending: walked-out}}
  trust: {{label: Trust, start: 30}}
mood: anger
vars:
  promised_callback: false
start: {node_id(0)}
nodes:
"""


def _node(index: int, slot: int, depth: int, following: list[int] | None, loop_to: int | None, rng: random.Random) -> str:
    """One node: its lines, then 3 or 4 replies."""
    parts = [f"  {node_id(index)}:\n    say:\n"]
    parts += _lines(index, loop_to, rng)
    parts.append("    choices:\n")
    good = GOOD[(depth + slot) % len(GOOD)]
    medium = MEDIUM[(depth + 2 * slot) % len(MEDIUM)]
    poor = POOR[(depth + 3 * slot) % len(POOR)]
    if following is None:  # the last layer: every reply ends the scene
        targets = list(LAST_LAYER_ENDINGS)
    else:
        targets = [node_id(following[(slot + k) % len(following)]) for k in range(3)]
    replies: list[tuple[Reply, str, str | None]] = [(good, targets[0], None), (medium, targets[1], None)]
    replies.append((LOOP_BACK, node_id(loop_to), None) if loop_to is not None else (poor, targets[2], None))
    replies += _extra(index, depth, following, slot)
    turn = (depth + slot) % len(replies)  # written in a rotating order, so the good reply is not always first (DOJO410)
    for reply, target, when in replies[turn:] + replies[:turn]:
        parts.append(_reply(reply, target, when, feedback=reply in POOR and index % 7 == 0))
    return "".join(parts)


def _extra(index: int, depth: int, following: list[int] | None, slot: int) -> list[tuple[Reply, str, str | None]]:
    """The fourth reply, on three nodes in four: gated on trust, caving, or escalating."""
    if index == 0 and following is not None:  # the start offers a fourth way into layer 1
        return [(START_EXTRA, node_id(following[3 % len(following)]), None)]
    kind = index % 4
    # Trust can first reach the gate after three replies: a gate earlier could never open.
    if kind == 0 and following is not None and depth >= GATE_DEPTH:
        return [(GATED, node_id(following[(slot + 3) % len(following)]), f"trust >= {TRUST_GATE}")]
    if kind == 1:
        return [(CAVE, "free-machine", None)]
    if kind == 2:
        return [(ESCALATE, "manager-callback", None)]
    return []


def _lines(index: int, loop_to: int | None, rng: random.Random) -> list[str]:
    """What the customer says at one node: some lines conditional, some with variants."""
    lines = []
    if index % 3 == 0:
        lines.append(f"      - when: anger >= 70\n        text: {json.dumps(rng.choice(ANGRY_LINES))}\n")
        lines.append(f"      - when: anger < 70\n        text: {json.dumps(rng.choice(CALM_LINES))}\n")
    if loop_to is not None:
        here = node_id(index)
        lines.append(f"      - when: visits(\"{here}\") > 1\n        text: \"We're going round in circles.\"\n")
    if index % 11 == 5:
        lines.append("      - when: promised_callback\n        text: \"And you said you'd call me back, so I'm holding you to it.\"\n")
    lines.append(f"      - {json.dumps(rng.choice(LINES))}\n")
    if index % 5 == 0:
        pool = ", ".join(json.dumps(text) for text in rng.choice(VARIANTS))
        lines.append(f"      - variants: [{pool}]\n")
    return lines


def _reply(reply: Reply, target: str, when: str | None, feedback: bool) -> str:
    """One reply in block style with flow-style tags and effects."""
    text = f"      - id: {reply.id}\n        text: {json.dumps(reply.text)}\n"
    if when is not None:
        text += f"        when: {when}\n"
    text += f"        tags: [{', '.join(reply.tags)}]\n        effects: {reply.effects}\n        next: {target}\n"
    if feedback:
        text += "        feedback: Ask what she needs before you decide what to say.\n"
    return text


def _endings() -> str:
    parts = ["endings:\n"]
    for key, (outcome, title, text) in ENDINGS.items():
        parts.append(f"  {key}:\n    outcome: {outcome}\n    title: {json.dumps(title)}\n    text: {json.dumps(text)}\n")
    return "".join(parts)
