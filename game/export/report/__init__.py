"""`dojo report`: one self-contained HTML file about a trainee, a cohort or a scenario.

The work is split by job, one module each:

- `gather.py` reads the store (read-only) and turns stored runs and saves into plain facts,
  replaying each run's events on its stored scenario copy;
- `analytics.py` computes every figure from those facts (pure functions, no store);
- `svg.py` draws the charts as inline SVG;
- `templates.py` holds the page templates and the style sheet, `html.py` renders them
  with Jinja2 (autoescaping on);
- `trainee.py`, `cohort.py` and `items.py` put the three reports together (gather,
  compute, draw, render), sharing the page frame and glossary in `common.py`.

Nothing here is imported by `dojo` at start-up: the command imports the pages inside execute.
"""
