"""Scoring: the rubric model and the scorer. Imports nothing from `game`."""
