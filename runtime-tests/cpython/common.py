"""Helpers shared by the CPython runners of the differential tests
(``runtime-tests/cpython_differential.rs``): the normalization of printed values
and of raised errors into the lines lethe's runners print."""
import re

HEX = re.compile(r"0x[0-9a-fA-F]+")


def norm(s):
    s = HEX.sub("0x?", s)
    # NORMALIZE: dead proxy repr (lethe's spec form; DESIGN.md, known limits).
    return s.replace("<weakproxy at 0x? to NoneType at 0x?>", "<weakproxy at 0x?; dead>")


def err(e):
    m = str(e)
    return f"{type(e).__name__}: {m}" if m else type(e).__name__
