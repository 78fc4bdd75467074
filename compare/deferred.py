"""Modules imported when first used: stand-ins for imports a run may never need."""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager


class Deferred(types.ModuleType):
    """Stands in for a module not imported yet: the first name looked up in it imports it
    (and puts it in the stand-in's place), so code that does use it works as before."""

    def __getattr__(self, name: str) -> object:
        """The real module's `name`, the real module imported first if need be."""
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


@contextmanager
def deferring(*names: str) -> Iterator[None]:
    """While the block imports modules, the modules `names` (those not imported yet) are
    `Deferred` stand-ins: a module imported meanwhile that imports one of them gets the
    stand-in, which imports the real module the first time that module uses it. After the
    block a stand-in no longer answers `import` (any later importer gets the real module)."""
    placed = {name: Deferred(name) for name in names if name not in sys.modules}
    sys.modules.update(placed)
    try:
        yield
    finally:
        for name, stand_in in placed.items():
            if sys.modules.get(name) is stand_in:
                del sys.modules[name]
