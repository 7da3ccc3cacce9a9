"""Fuzz targets for the loader, the condition language, the engine and the rubric.

Each `test_fuzz_<target>.py` drives one target with hypothesis and checks one property:
every input is either accepted or refused with the target's documented error (a located
`DiagnosticError`, a `ConditionError` with a sane offset, a `SessionError`, a
`RubricError`), within a time bound. Any other exception, or a hang, is a bug.

How much runs:

* The normal test run keeps each target to a few hundred examples (seconds).
* `DOJO_FUZZ_EXAMPLES=20000 pytest -m fuzz tests/fuzz` runs every target for that many
  examples; `DOJO_FUZZ_SAVE=/tmp/found` also writes each failing input there, one file
  per input, to be copied into `tests/fuzz/corpus/<target>/` once the bug is fixed.
* `python -m tests.fuzz.atheris_loader` runs the loader under atheris, if installed.

`tests/fuzz/corpus/<target>/` keeps every input that ever made a target fail (and the
pathological ones worth keeping, such as alias bombs); `test_fuzz_corpus.py` replays all
of them on every run.
"""
