"""Tables several stages build on first use (`ensure_*`), made once when stages run on several threads.

An `ensure_*` function checks whether its table exists and builds it if not. When the indicators
run on two threads, two rules can need the same table at once; both would see it missing and build
it, and the second build would replace the table under the first rule's queries. `builds(table)`
makes the check and the build one step: the first thread builds, the others wait and find it built.
"""

from __future__ import annotations

import functools
import threading
from typing import Callable, TypeVar

F = TypeVar("F", bound=Callable)

_locks: dict[str, threading.RLock] = {}
_locks_guard = threading.Lock()


def _lock(table: str) -> threading.RLock:
    with _locks_guard:
        return _locks.setdefault(table, threading.RLock())


def builds(table: str) -> Callable[[F], F]:
    """Decorate the function that creates `table` when it is missing.

    The lock is per table name, across engines: two screens in one process that build the same
    table wait for each other's build, which is correct (each checks its own engine) and rare."""

    def decorate(ensure: F) -> F:
        @functools.wraps(ensure)
        def once(*args, **kwargs):
            with _lock(table):
                return ensure(*args, **kwargs)

        return once  # type: ignore[return-value]

    return decorate
