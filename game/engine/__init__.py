"""The engine: the event-sourced Session, analysis of the story graph, simulation."""
