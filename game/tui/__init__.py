"""The Textual front end of `dojo play`: screens and widgets that present a `Session`.

Only this package imports textual. The modules without widgets (`settings`, `catalog`,
`playthrough`, `drawing`) are plain Python, so their logic is tested without a terminal.
Everything shown comes from what a Session, the scorer's ScoreCard, the analysis and the
store report: the front end computes no score and changes no state on its own.
"""
