"""Stage 2, check: every rule a catalogue change must pass, each returning problems with a code,
file and line; run.py runs them over a catalogue or a pull request's scope, report.py prints them."""
