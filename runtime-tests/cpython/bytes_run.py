"""Run ``bytes_gen.py``'s operations on ``bytes`` values on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (tests ``bytes_random`` and
``bytes_edge``), whose ``bytes::run`` runs the same ops on lethe and prints the same
format; CPython runs with ``PYTHONHASHSEED=0`` (strs and bytes hash, and sets of
them iterate, as lethe's do).  Usage: ``python3 bytes_run.py OPS_FILE``.

Each op prints ``N OP -> RESULT``: the result's type name and repr (addresses
masked), or the error.
"""
import weakref

from common import NO_VALUE, args_of, basic_value, fmt, run_lines, run_main, value_op


class Idx:
    def __init__(self, code):
        self.code = code

    def __index__(self):
        if self.code == "R":
            raise ValueError("ix")
        if self.code == "E":
            raise TypeError("ixt")
        if self.code == "s":
            return "a"
        if self.code == "t":
            return True
        if self.code == "i":
            return I(97)
        return int(self.code)


class I(int):
    pass


class Y(Idx):
    def __iter__(self):
        return iter([97, 98])


class Z:
    pass


class Zn:
    __bytes__ = None


class M:
    """``bytes_gen.py``'s ``mut``: ``__index__`` changes ``c`` by ``k``."""

    def __init__(self, k):
        self.k = k
        self.c = None

    def __index__(self):
        c, k = self.c, self.k
        if k == "a":
            if isinstance(c, list):
                c.append(99)
            elif isinstance(c, dict):
                c[99] = 3
            elif isinstance(c, set):
                c.add(99)
        elif k == "c":
            if not isinstance(c, tuple):
                c.clear()
        elif k == "p":
            if isinstance(c, dict):
                c.popitem()
            elif not isinstance(c, tuple):
                c.pop()
        elif k == "x":
            if isinstance(c, list):
                c[2] = 300
            elif isinstance(c, dict):
                c[100] = 5
            elif isinstance(c, set):
                c.discard(5)
        elif k == "k":
            if isinstance(c, dict):
                c.pop(98)
                c[99] = 0
            elif isinstance(c, list):
                self.k = "n"
                c.insert(0, 97)
        return 97


def mut(cont, k):
    m = M(k)
    c = {"l": lambda: [98, m, 100], "D": lambda: {98: 0, m: 1, 100: 2},
         "S": lambda: {m}, "t": lambda: (98, m, 100)}[cont]()
    m.c = c
    return bytes(c)


# The referents of the sequence's proxies.
KEEP = []


class Bb:
    def __init__(self, code):
        self.code = code

    def __bytes__(self):
        if self.code == "b":
            return b"by"
        if self.code == "s":
            return "by"
        if self.code == "i":
            return 5
        raise ValueError("bb")


class It:
    def __init__(self, items):
        self.items = items
        self.at = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self.at >= len(self.items):
            raise StopIteration
        x = self.items[self.at]
        self.at += 1
        if x is It:
            raise ValueError("it")
        return x


def val(t):
    v = basic_value(t)
    if v is not NO_VALUE:
        return v
    if t == "R":
        return It  # (the marker of an It's item that raises)
    kind, rest = t.split(":", 1)
    if kind == "x":
        return Idx(rest)
    if kind == "B":
        return Bb(rest)
    if kind == "I":
        return I(int(rest))
    if kind == "Y":
        return Y(rest)
    if kind == "Z":
        if rest == "n":
            return Zn()
        z = Z()
        z.__bytes__ = b"z"
        return z
    if kind == "p":
        o = val(rest)
        KEEP.append(o)
        return weakref.proxy(o)
    if kind in "tlgD":
        items = [val(x) for x in rest.split("|")] if rest else []
        if kind == "D":
            return {x: i for i, x in enumerate(items)}
        return {"t": tuple, "l": list, "g": It}[kind](items)
    raise ValueError(t)


def op(w):
    shared = value_op(w, val)
    if shared is not None:
        return shared
    k = w[0]
    if k == "bytes":
        args, kw = args_of(w[1:], val)
        return fmt(bytes(*args, **kw))
    if k == "mut":
        return fmt(mut(w[1], w[2]))
    if k == "attr":
        return fmt(getattr(val(w[2]), w[1]))
    if k == "m":
        args, kw = args_of(w[3:], val)
        return fmt(getattr(val(w[2]), w[1])(*args, **kw))
    if k == "is":
        a = val(w[2])
        what = w[1]
        if what == "bytes":
            r = bytes(a)
        elif what == "addr":
            r = a + b""
        elif what == "addl":
            r = b"" + a
        elif what == "mul":
            r = a * val(w[3])
        elif what == "sl":
            r = a[val(w[3]):val(w[4]):val(w[5])]
        else:
            r = a.__bytes__()
        return fmt(r is a)
    if k == "hasht":
        return fmt(hash(tuple(val(t) for t in w[1:])))
    raise ValueError(k)


def run_seq(ops, out):
    KEEP.clear()
    run_lines(ops, out, op)


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
