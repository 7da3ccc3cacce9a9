"""The Textual front end of `dojo play`: screens and widgets that present a `Session`.

Only this package imports textual. What the window game shares with it (the scenario list,
a run with saving, the conversation, the settings) lives in `game.play`, free of widgets;
`drawing` here is plain Rich text, tested without a terminal.
Everything shown comes from what a Session, the scorer's ScoreCard, the analysis and the
store report: the front end computes no score and changes no state on its own.
"""
