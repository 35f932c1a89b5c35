"""What a process keeps of what it has rendered or built: a store per kind, started over when full.

Why bounded: keys come from requests (query strings, class codes, error messages), so junk must not
grow memory without end; starting over costs one render per key, which is what the memory saves.
A store is full at ``limit`` entries or, for the stores of an app (``app_store``), at
``PAGE_MEMORY_BYTES`` of kept text: pages differ in size, and a count of 10,000 junk-URL pages
was 65 MB per worker.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, TypeVar

from flask import current_app

T = TypeVar("T")
DEFAULT_MAX_BYTES = 16 * 2**20


class Memory(dict):
    """A store that also counts the bytes of what it keeps (``nbytes``), up to ``max_bytes``."""

    def __init__(self, max_bytes: int):
        super().__init__()
        self.max_bytes = max_bytes
        self.nbytes = 0

    def clear(self) -> None:
        super().clear()
        self.nbytes = 0


def size_of(value, seen: set | None = None) -> int:
    """The bytes a kept value holds, counted for real: text and bytes exactly, and through the
    containers that hold them (dicts, lists, tuples, a pre-rendered skeleton's ``__slots__``, and
    whatever an object names in ``kept_parts()``, e.g. a quiz version's result-page parts). A part
    shared by several values (seen before in this count) counts once; anything else counts its
    own size only."""
    if isinstance(value, (str, bytes)):
        return sys.getsizeof(value)
    seen = set() if seen is None else seen
    if id(value) in seen:
        return 0
    seen.add(id(value))
    size = sys.getsizeof(value)
    if isinstance(value, dict):
        parts = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        parts = value
    elif hasattr(value, "kept_parts"):
        parts = value.kept_parts()
    else:
        parts = [getattr(value, name, None) for name in getattr(type(value), "__slots__", ())]
    for part in parts:
        if isinstance(part, (str, bytes, dict, list, tuple, set, frozenset)) or hasattr(part, "kept_parts") \
                or getattr(type(part), "__slots__", None):
            size += size_of(part, seen)
    return size


class NotKept(LookupError):
    """Raised instead of building, where nothing may be built (``only_kept``)."""


_ONLY_KEPT: ContextVar[bool] = ContextVar("valkompass_only_kept", default=False)


@contextmanager
def only_kept():
    """Serve only what is kept: a miss raises ``NotKept`` instead of building. The answers served
    before Flask (quiz.web.fast_path) run so: building renders templates, which need Flask's
    request, and a part built from a half-made context would be kept and served to everyone."""
    token = _ONLY_KEPT.set(True)
    try:
        yield
    finally:
        _ONLY_KEPT.reset(token)


def may_build() -> None:
    """Raise ``NotKept`` where nothing may be built (``only_kept``); for stores that are not ``kept``'s."""
    if _ONLY_KEPT.get():
        raise NotKept()


def kept(store: dict, key, build: Callable[[], T], limit: int) -> T:
    """``store[key]``, built by ``build()`` the first time; a full store starts over."""
    found = store.get(key)
    if found is None:
        if _ONLY_KEPT.get():
            raise NotKept(key)
        found = build()
        if isinstance(store, Memory):
            size = size_of(found)
            if len(store) >= limit or store.nbytes + size > store.max_bytes:
                store.clear()
            store.nbytes += size
        elif len(store) >= limit:
            store.clear()
        store[key] = found
    return found


KINDS: set[str] = set()  # every kind an app keeps, registered by the module that keeps it


def kind(name: str) -> str:
    """Register a kind of page (or parts of pages) kept in memory, for ``app_store(name)``.

    Why a registry: a page kept in memory must be keyed by everything the request carries
    (``quiz.web.context``); tests/test_carried.py checks every registered kind, so a new one is
    checked without a new test, and ``app_store`` refuses a kind nobody registered.
    """
    KINDS.add(name)
    return name


def app_store(name: str) -> Memory:
    """This app's store of one kind (one per app, so tests' apps never share)."""
    if name not in KINDS:
        raise KeyError(f"register {name!r} with quiz.web.memory.kind() first")
    store = current_app.extensions.get(name)
    if store is None:
        store = current_app.extensions[name] = Memory(current_app.config.get("PAGE_MEMORY_BYTES", DEFAULT_MAX_BYTES))
    return store
