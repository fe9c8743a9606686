"""Formatting shared with R (nnscratch/utils/format.py; R/utils-format.R has the same cases)."""
from __future__ import annotations

import pytest

from nnscratch.utils.format import quote_list, quote_text


@pytest.mark.parametrize("text, quoted", [
    ("abc", "'abc'"),
    ("it's", '"it\'s"'),
    ("a'b\"c", "'a\\'b\"c'"),
    ('say "x"', "'say \"x\"'"),
    ("back\\slash", "'back\\\\slash'"),
    ("tab\tnew\nline\rcr\x01\x7f", "'tab\\tnew\\nline\\rcr\\x01\\x7f'"),
    ("é😀", "'é😀'"),
    ("", "''"),
    (3, "'3'"),
])
def test_quote_text(text, quoted):
    assert quote_text(text) == quoted


def test_quote_list():
    assert quote_list(["Cat", "Dog"]) == "['Cat', 'Dog']"
    assert quote_list([]) == "[]"
