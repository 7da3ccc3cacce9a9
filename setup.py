"""Build step of our own: compile the translation catalogs (.po -> .mo) into the package.

Everything else about the build is in pyproject.toml. The compiled catalogs are not kept in
git (they are built from the .po files, which are), so every wheel and every editable
install compiles them here, with Babel from [build-system] requires.
"""

from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

LOCALES = Path(__file__).parent / "game" / "i18n" / "locales"


def compile_catalogs() -> None:
    """Write the .mo beside each .po (an editable install reads them from the source folder)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for source in sorted(LOCALES.glob("*/LC_MESSAGES/*.po")):
        with source.open("rb") as file:
            catalog = read_po(file)
        with source.with_suffix(".mo").open("wb") as file:
            write_mo(file, catalog)


class BuildWithCatalogs(build_py):
    """build_py that compiles the catalogs first, so the package data includes them."""

    def run(self) -> None:
        compile_catalogs()
        super().run()


setup(cmdclass={"build_py": BuildWithCatalogs})
