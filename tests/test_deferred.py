"""Modules deferred while importing (`memory.deferring`): the importer works as before, later
importers get the real module, and a plain `diff` never imports what it defers."""

from __future__ import annotations

import subprocess
import sys

from aligntools import S2019, S2020, SEEDS

from compare.memory import Deferred, deferring

IMPORT_DEFERRED = (
    "import sys\n"
    "from compare.memory import deferring\n"
    "with deferring('inspect', 'sys'):\n"
    "    import dataclasses\n"
    "stand_in = dataclasses.inspect\n"
    "print(type(stand_in).__name__, 'inspect' in sys.modules)\n"
    "@dataclasses.dataclass\n"
    "class C:\n"
    "    x: int\n"
    "    y: str = 'a'\n"
    "real = sys.modules['inspect']\n"
    "print(C.__doc__, 'inspect' in sys.modules, stand_in.signature is real.signature)\n"
)


def test_a_deferred_module_is_imported_when_its_importer_first_uses_it():
    out = subprocess.run(
        [sys.executable, "-c", IMPORT_DEFERRED], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    assert out[0] == "Deferred False"  # `sys` was imported already: never stood in for
    assert out[1] == "C(x: int, y: str = 'a') True True"  # the doc `dataclasses` writes


def test_after_the_block_importers_get_the_real_module():
    name = "compare_test_never_imported"
    with deferring(name, "os"):
        assert isinstance(sys.modules[name], Deferred)
        assert not isinstance(sys.modules["os"], Deferred)
    assert name not in sys.modules


def test_a_stand_in_imports_the_module_and_answers_as_it():
    stand_in = Deferred("colorsys")
    sys.modules.pop("colorsys", None)
    sys.modules["colorsys"] = stand_in
    try:
        assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
        assert sys.modules["colorsys"] is not stand_in
        assert stand_in.ONE_THIRD == sys.modules["colorsys"].ONE_THIRD
    finally:
        sys.modules.pop("colorsys", None)


LIST_MODULES = (
    "import contextlib, io, sys\n"
    "from compare.cli import console\n"
    "sys.argv = ['clausediff', *sys.argv[1:]]\n"
    "with contextlib.redirect_stdout(io.StringIO()):\n"
    "    run = console.command_line(sys.argv[1:])\n"
    "    status = run()\n"
    "print(status, ' '.join(sorted(sys.modules)))\n"
)


def test_a_plain_diff_imports_none_of_the_modules_it_defers():
    old, new = (str(SEEDS / n) for n in (S2019, S2020))
    out = subprocess.run(
        [sys.executable, "-c", LIST_MODULES, "diff", old, new, "--format", "json"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    status, names = out.split(" ", 1)
    loaded = set(names.split())
    assert int(status) == 0 and "compare.pipeline" in loaded  # it did the work
    assert not {"inspect", "ast", "dis", "ipaddress", "traceback"} & loaded
