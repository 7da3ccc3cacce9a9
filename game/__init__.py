"""Service Dojo: everything that loads, plays, stores and shows a scenario."""
