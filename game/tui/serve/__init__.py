"""`dojo serve`: the terminal game served to browsers on a LAN through textual-serve.

`reaper` kills app processes that outlive their browser (the orphan bug in pitfalls.md);
`page` is the browser page, which makes no request off the serving machine; `server` wraps
textual-serve's `Server` with the reaper, that page, and one shared store for every trainee;
`guard` decides who may open a seat (Host, Origin, the `--max-trainees` cap) and checks what
a browser sends.
"""

from __future__ import annotations
