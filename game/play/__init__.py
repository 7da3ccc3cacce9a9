"""What every front end shares, with no widgets: the scenario list, a run with saving, the
conversation as entries, and the trainee's remembered profile and settings.

The terminal game (`game.tui`) and the window game (`game.gui`) both present these; keeping
them here, free of textual and pygame, means both front ends behave alike and the logic is
tested without a screen.
"""
