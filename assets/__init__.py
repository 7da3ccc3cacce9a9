"""Art, fonts and sounds for the window game, shipped with the package.

Every file here is made for this project or licensed for it; `LICENSES.md` says which.
"""

from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent
