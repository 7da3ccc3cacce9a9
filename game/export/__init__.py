"""Ways out of the game: text and JSON results, HTML reports, graphs, and xAPI for a learning
record store (`xapi` makes the statements, `lrs` talks to the LRS, `xapi_push` empties the
store's outbox into it, `xapi_pusher` does that in the background for `dojo serve`)."""
