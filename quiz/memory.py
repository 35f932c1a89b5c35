"""What a process keeps of what it has rendered or built: a dict per kind, started over when full.

Why bounded: keys come from requests (query strings, class codes, error messages), so junk must not
grow memory without end; starting over costs one render per key, which is what the memory saves.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from flask import current_app

T = TypeVar("T")


def kept(store: dict, key, build: Callable[[], T], limit: int) -> T:
    """``store[key]``, built by ``build()`` the first time; a full store starts over."""
    found = store.get(key)
    if found is None:
        if len(store) >= limit:
            store.clear()
        found = store[key] = build()
    return found


def app_store(name: str) -> dict:
    """This app's store of one kind (one per app, so tests' apps never share)."""
    return current_app.extensions.setdefault(name, {})
