"""Exit statuses, as diff(1): 0 same, 1 different (only for checks), 2 trouble."""

SAME = 0
"""No difference of the kinds asked about (and the default for commands that succeed)."""
DIFFERENT = 1
"""`clausediff check` found a change of a kind named in --fail-on."""
TROUBLE = 2
"""Bad input, bad usage, or an output that could not be written."""
INTERRUPTED = 130
"""Ctrl-C: nothing partial was written."""
TERMINATED = 143
"""SIGTERM (128 + 15): handled like Ctrl-C, nothing partial was written."""
