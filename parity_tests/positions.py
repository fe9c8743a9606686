"""Compare an R error message with its Python twin when the message names a position.

The rule (CONTRIBUTING.md, "Positions in messages"): a message that names a position
in an array or a vector counts the way its language indexes, so an R user reads
``row 2, column 3`` for ``X[2, 3]`` (1-based) and a Python user reads ``row 1, column 2``
for ``X[1, 2]`` (0-based). Counters that are not indices (iteration and epoch numbers,
line numbers of a file, which are 1-based in both) are the same number in both.

:func:`r_positions_to_python` rewrites the positions of an R message 0-based;
:func:`assert_same_message` then demands that the rest is the same text. A position
is one of

* a word ``row``, ``column``, ``entry``, ``position`` followed by a number
  (``first at row 2, column 3``, ``entry 2 is 0``);
* an integer subscript right after a name: ``layers_dims[1]``.

Anything else (the words, the values, the punctuation, the other numbers) must be
identical, so an off-by-one the other way (R 0-based), an off-by-two, or different
words all fail.
"""
from __future__ import annotations

import re

#: ``row 2``, ``column 3``, ``entry 1``, ``position 4`` (singular words only: ``2 columns`` is a count)
WORD_POSITION = re.compile(r"\b(row|column|entry|position) (\d+)\b")
#: ``layers_dims[1]``: an integer subscript after a name or a closing bracket
SUBSCRIPT = re.compile(r"(?<=[\w\]])\[(\d+)\]")


class PositionError(AssertionError):
    """An R message names position 0: it is not 1-based."""


def _shift(number: str, where: str, message: str) -> str:
    n = int(number)
    if n < 1:
        raise PositionError(f"R message names {where} {n}, which is not a 1-based position: {message!r}")
    return str(n - 1)


def r_positions_to_python(r_msg: str) -> str:
    """The R message with each 1-based position rewritten 0-based (Python's count)."""
    out = WORD_POSITION.sub(lambda m: f"{m.group(1)} {_shift(m.group(2), m.group(1), r_msg)}", r_msg)
    return SUBSCRIPT.sub(lambda m: f"[{_shift(m.group(1), 'subscript', r_msg)}]", out)


def positions(msg: str) -> list[str]:
    """The positions a message names, in order (``['row 1', 'column 2']``), for reports."""
    return [m.group(0) for m in WORD_POSITION.finditer(msg)] + [m.group(0) for m in SUBSCRIPT.finditer(msg)]


def assert_same_message(py_msg: str, r_msg: str | None, what: str = "message") -> None:
    """R's message, its positions made 0-based, equals Python's exactly.

    ``r_msg`` None (R raised nothing) fails. A message without positions is compared as
    plain text, so this is safe to use for every message comparison.
    """
    assert r_msg is not None, f"{what}: R raised no error; Python said {py_msg!r}"
    mapped = r_positions_to_python(r_msg)
    assert mapped == py_msg, (f"{what}: messages differ once R's 1-based positions are made 0-based:\n"
                              f"  R       {r_msg!r}\n  R -> py {mapped!r}\n  Python  {py_msg!r}")
