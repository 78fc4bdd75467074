"""Test-wide settings: hypothesis checks behaviour, never time (no per-example deadline)."""

from hypothesis import settings

# A deadline is a timing assertion: on a loaded 2-core machine an example of a correct
# function can take longer than hypothesis' default 200 ms and fail the suite.
settings.register_profile("clausediff", deadline=None)
settings.load_profile("clausediff")
