"""Starts Ralph's LRS (uvicorn, ralph.api:app) with its file-system backend appending to its file.

Run by Ralph's own Python, never imported by the game or its tests. Ralph 5.1's file-system LRS
backend writes its one statements file with the operation CREATE, which refuses a file that
exists: every POST after the first fails with a 500. An LRS must keep taking statements, so this
launcher makes that backend APPEND (the operation its file-system data backend offers for it);
everything else, validation, auth, queries and conflicts included, is Ralph's own.
Usage: python ralph_append.py HOST PORT
"""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host=sys.argv[1], port=int(sys.argv[2]), log_level="info")
