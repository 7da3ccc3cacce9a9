"""The window game's screens, one module each: profile, picker, resume, play, debrief, boards, settings, help."""
