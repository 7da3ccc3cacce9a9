"""An example bot for `dojo simulate`: a cautious trainee who asks first and never gives money away.

Run it from the project folder with

    dojo simulate scenarios/late-birthday-parcel.yaml --bot docs/bots/cautious.py:choose

A bot is a plain function. At every moment with a reply to make, it is given a `BotView`
(what a trainee sees then) and returns the `id` of one of `view.replies`. The view has:

    view.scenario_id   the scenario's id, e.g. "late-birthday-parcel"
    view.node_id       the node the story is at, e.g. "opening"
    view.turn          replies made so far: 0 at the first
    view.transcript    everything said so far, oldest first; each line has .speaker (a
                       name, or "You"), .text and .own (True for the trainee's replies)
    view.replies       the replies on offer in the order shown; each has .id and .text
    view.meters        each meter's value by name, e.g. view.meters["anger"]
    view.seed          a number fixed by --seed and the turn: random.Random(view.seed)
                       gives randomness that repeats exactly

It never sees tags, points or the analysis: only what a trainee sees.
"""

import random

# Words that give something away; this bot keeps clear of replies that use them.
GIVE_AWAY = ("refund", "free", "voucher", "discount", "money back", "on us")


def choose(view):
    """Ask a question early on; keep it short when the customer is angry; never give money away."""
    rng = random.Random(view.seed)
    offered = sorted(view.replies, key=lambda reply: reply.id)
    careful = [reply for reply in offered if not any(word in reply.text.lower() for word in GIVE_AWAY)] or offered

    if view.turn < 2:
        questions = [reply for reply in careful if reply.text.rstrip().endswith("?")]
        if questions:
            return rng.choice(questions).id

    customer = [line for line in view.transcript if not line.own]
    shouting = bool(customer) and "!" in customer[-1].text
    if view.meters.get("anger", 0) >= 70 or shouting:
        return min(careful, key=lambda reply: len(reply.text)).id

    return rng.choice(careful).id
