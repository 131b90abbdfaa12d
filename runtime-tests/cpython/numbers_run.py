"""Run ``numbers_gen.py``'s operations on numbers on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (tests ``numbers_random`` and
``numbers_edge``), whose ``numbers::run`` runs the same ops on lethe and prints the
same format; the test compares the outputs line by line.  Usage:
``python3 numbers_run.py OPS_FILE``.

Each op prints ``N OP -> RESULT``, a RESULT being ``TYPE REPR`` or ``!Error:
message`` (``bin``: ``X OP Y``'s, then `` ; `` and ``X OP= Y``'s; ``repr``: the repr
and the str; ``cmp``: the six comparisons' results).

Differences normalized here, each marked ``NORMALIZE`` below (src/differences.rs):
an int result past 64 bits (lethe's ints are 64-bit: its ``OverflowError``), a
complex result or complex arithmetic's ``OverflowError`` (lethe has no complex
numbers: its ``ValueError``), a NaN's hash (CPython's is its identity's), ``str % x``
(lethe has no printf-style formatting). The generator draws no digits other than
ASCII's (lethe's ``int()`` and ``float()`` read those only).
"""
import operator
from urllib.parse import unquote

import common
from common import run_main

BINARY = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
          "//": operator.floordiv, "%": operator.mod, "**": operator.pow,
          "<<": operator.lshift, ">>": operator.rshift, "&": operator.and_,
          "|": operator.or_, "^": operator.xor, "@": operator.matmul}
INPLACE = {"+": operator.iadd, "-": operator.isub, "*": operator.imul,
           "/": operator.itruediv, "//": operator.ifloordiv, "%": operator.imod,
           "**": operator.ipow, "<<": operator.ilshift, ">>": operator.irshift,
           "&": operator.iand, "|": operator.ior, "^": operator.ixor,
           "@": operator.imatmul}
UNARY = {"neg": operator.neg, "pos": operator.pos, "invert": operator.invert, "abs": abs}
COMPARE = [operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge]
# NORMALIZE: lethe's ints are 64-bit.
OVERFLOW = "!OverflowError: int too large for lethe's 64-bit int"

class IntSub(int):
    pass


class FloatSub(float):
    pass


def value(tok):
    kind, text = tok.split(":", 1)
    if kind == "i":
        return int(text)
    if kind == "f":
        return float(text)
    if kind == "I":
        return IntSub(int(text))
    if kind == "F":
        return FloatSub(float(text))
    if kind == "b":
        return text == "True"
    if kind == "n":
        return None
    return unquote(text, errors="strict")


def err(e):
    return "!" + common.err(e)


def shown(v):
    if type(v) is complex:
        return "complex"  # NORMALIZE: lethe raises ValueError (no complex numbers)
    if type(v) is int and not -2 ** 63 <= v < 2 ** 63:
        return OVERFLOW
    return f"{type(v).__name__} {v!r}"


def huge(x, sym, y):
    """Whether ints ``x sym y`` is an int far past 64 bits (CPython would take long
    to make it, or run out of memory: the same normalized line, sooner)."""
    if not (isinstance(x, int) and isinstance(y, int)) or x == 0 or y < 0:
        return False
    if x in (1, -1) and sym == "**":
        return False
    return (sym == "**" and y * (abs(x).bit_length() - 1) > 256) or (sym == "<<" and y > 256)


def is_complex(e):
    """Whether ``e`` is complex arithmetic's (``(-1e308) ** 1.5`` overflows as a
    complex)."""
    return type(e) is OverflowError and str(e) == "complex exponentiation"


def attempt(f):
    try:
        return shown(f())
    except Exception as e:
        # NORMALIZE: lethe raises ValueError (no complex numbers).
        return "complex" if is_complex(e) else err(e)


def op(w):
    if w[0] == "bin":
        x, sym, y = value(w[1]), w[2], value(w[3])
        if sym == "%" and type(x) is str:
            return "skipped"  # NORMALIZE: lethe has no printf-style formatting
        if huge(x, sym, y):
            return f"{OVERFLOW} ; {OVERFLOW}"
        return (attempt(lambda: BINARY[sym](x, y)) + " ; "
                + attempt(lambda: INPLACE[sym](x, y)))
    if w[0] == "un":
        x = value(w[2])
        return attempt(lambda: UNARY[w[1]](x))
    x = value(w[1])
    if w[0] == "repr":
        return f"{repr(x)} ; {str(x)}"
    if w[0] == "hash":
        if isinstance(x, float) and x != x:
            return "hash of nan"  # NORMALIZE: CPython hashes a NaN by identity
        return attempt(lambda: hash(x))
    if w[0] == "truth":
        return str(bool(x))
    if w[0] == "cmp":
        y = value(w[2])
        return " ".join(attempt(lambda: f(x, y)).removeprefix("bool ") for f in COMPARE)
    if w[0] == "int":
        return attempt(lambda: int(x))
    if w[0] == "float":
        return attempt(lambda: float(x))
    if w[0] == "bool":
        return attempt(lambda: bool(x))
    if w[0] == "index":
        # (lethe's `Heap::as_index` gives an i64: the value only.)
        return attempt(lambda: int(operator.index(x)))
    if w[0] == "intb":
        return attempt(lambda: int(x, value(w[2])))
    raise ValueError(f"op {w}")


def run_seq(ops, out):
    for i, line in enumerate(ops):
        out.append(f"{i} {line} -> {op(line.split())}")


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
