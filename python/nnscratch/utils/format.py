"""Formatting for messages and printed lines, shared with R (R/utils-format.R).

Numbers are printed with C ``printf`` formats that both languages share
(``%g``, ``%d``, ``%.6f``, ``%.17g``); strings in messages with ``quote_text``.
"""
from __future__ import annotations

_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


def quote_text(text):
    """A string quoted for a message, the same in both languages.

    ``'text'``, with backslash, tab, newline and CR written as ``\\\\``, ``\\t``,
    ``\\n``, ``\\r`` and other control characters as ``\\xNN``; ``"text"`` when the
    text has a single quote and no double quote, else inner single quotes
    become ``\\'``. Every other character is left as it is.
    """
    out = "".join(_ESCAPES.get(c, f"\\x{ord(c):02x}" if ord(c) < 0x20 or ord(c) == 0x7F else c) for c in str(text))
    if "'" in out and '"' not in out:
        return f'"{out}"'
    return "'" + out.replace("'", "\\'") + "'"


def quote_list(texts):
    """Strings as a bracketed list of quoted strings: ``['Cat', 'Dog']``."""
    return "[" + ", ".join(quote_text(t) for t in texts) + "]"
