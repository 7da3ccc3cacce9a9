"""The sub-commands of `dojo`, one module each; `game.cli` registers them in one list."""
