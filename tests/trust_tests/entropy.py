"""Check that a public identifier cannot be guessed: long enough, from a rich enough alphabet."""

import math
import string

# Alphabets from the narrowest; an identifier is scored against the narrowest that contains it.
ALPHABETS: list[tuple[str, str]] = [
    ("digits", string.digits),
    ("hex", string.digits + "abcdef"),
    ("HEX", string.digits + "ABCDEF"),
    ("base32", string.ascii_uppercase + "234567"),
    ("base36", string.digits + string.ascii_lowercase),
    ("base62", string.digits + string.ascii_letters),
    ("base64url", string.digits + string.ascii_letters + "-_"),
]
MIN_BITS = 128


def alphabet_size(value: str) -> int:
    """Return the size of the narrowest known alphabet containing every character of ``value``."""
    for _name, alphabet in ALPHABETS:
        if set(value) <= set(alphabet):
            return len(alphabet)
    return len(set(string.printable))


def entropy_bits(value: str) -> float:
    """Return the bits an identifier can carry at most: its length times log2 of its alphabet size."""
    return len(value) * math.log2(alphabet_size(value))


def assert_unguessable(value: str, *, min_bits: int = MIN_BITS) -> None:
    """Fail unless ``value`` looks like a random identifier of at least ``min_bits`` bits.

    ``secrets.token_urlsafe(24)`` (32 characters, 192 bits) passes; a primary key, a slug or a UUID1
    does not. A sequence (``12345``) is refused whatever its length.
    """
    assert value, "empty identifier"
    bits = entropy_bits(value)
    assert bits >= min_bits, f"{value!r} carries at most {bits:.0f} bits (< {min_bits}): guessable"
    assert not value.isdigit(), f"{value!r} is a number: enumerable"
    variety = min(len(value) // 4, alphabet_size(value) // 2)
    assert len(set(value)) >= variety, f"{value!r} uses too few distinct characters to be random"


def assert_unguessable_series(values: list[str], *, min_bits: int = MIN_BITS) -> None:
    """Fail unless every value is unguessable and no two are equal (a generator, not a constant)."""
    for value in values:
        assert_unguessable(value, min_bits=min_bits)
    assert len(set(values)) == len(values), "the generator repeats identifiers"
