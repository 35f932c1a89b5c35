"""Pages rendered once with named holes, then filled per request by joining bytes.

Why: the pages a voter posts to (the next statement, the result) are nearly the same for every
voter; only a few parts depend on the answers. A template renders them once with ``hole(name)``
where those parts go, ``Holed`` splits the HTML at the holes, and a request fills them in one C
call (``bytes %``) or one join, instead of running Jinja again (``make bench``). Users:
``quiz.voter.statement_page`` and ``quiz.voter.result_page``.

The HTML is kept as UTF-8 bytes with the template's indentation taken out (``compact``): encoding
the mostly Swedish text per request cost more than filling it. Whatever fills a hole must be
escaped already (pre-rendered fragments, integers, the answer string): nothing here escapes.
"""

from __future__ import annotations

import re
from operator import itemgetter

from markupsafe import Markup

MARK = "\x00"  # marks a hole's name; not a character of HTML text
INDENT = re.compile(r"[ \t]*\n\s*")


def hole(name: str) -> Markup:
    """A named hole for a template to render where a request's value will go."""
    return Markup(f"{MARK}{name}{MARK}")


def compact(html: str) -> bytes:
    """Template indentation out (a newline and spaces render as one space anyway: the pages
    rendered this way have no ``pre`` or ``textarea``), as the UTF-8 bytes a response carries."""
    return INDENT.sub("\n", str(html)).encode()


class Holed:
    """Rendered HTML with named holes, filled by ``bytes %`` (one C call: faster than joining)."""

    __slots__ = ("literals", "names", "format", "values_in_order")

    def __init__(self, html: str):
        parts = compact(html).split(MARK.encode())
        self.literals = parts[0::2]
        self.names = [name.decode() for name in parts[1::2]]
        self.format = b"%b".join(literal.replace(b"%", b"%%") for literal in self.literals)
        # Values in hole order (a name may fill several holes), picked by one C call where possible.
        if len(self.names) > 1:
            self.values_in_order = itemgetter(*self.names)
        else:
            self.values_in_order = lambda values: tuple(values[name] for name in self.names)

    def fill(self, values: dict) -> bytes:
        """Every hole filled with ``values[name]`` (bytes)."""
        return self.format % self.values_in_order(values)

    def join(self, values: dict) -> bytes:
        """Like ``fill``, where a value may also be pieces (any iterable of bytes): the page's big
        parts are copied once, into the response, instead of joined first and then copied again."""
        out = []
        for literal, name in zip(self.literals, self.names):
            out.append(literal)
            value = values[name]
            if type(value) is bytes:
                out.append(value)
            else:
                out.extend(value)
        out.append(self.literals[-1])
        return b"".join(out)

    def halves(self) -> tuple[bytes, bytes]:
        """The two sides of a fragment with a single hole, to build whole blocks from."""
        if len(self.names) != 1:
            raise ValueError(f"halves() needs exactly one hole, found {len(self.names)}")
        return self.literals[0], self.literals[1]
