"""Run ``strings_gen.py``'s operations on ``str`` values on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (tests ``strings_random`` and
``strings_edge``), whose ``strings::run`` runs the same ops on lethe and prints the
same format; CPython runs with ``PYTHONHASHSEED=0`` (strs and bytes hash, and sets
of them iterate, as lethe's do).  Usage: ``python3 strings_run.py OPS_FILE``.

Each op prints ``N OP -> RESULT``: the result's type name and repr (addresses
masked), or the error.
"""

from common import NO_VALUE, args_of, basic_value, fmt, run_lines, run_main, text, value_op


class S(str):
    pass


class Idx:
    def __init__(self, n):
        self.n = n

    def __index__(self):
        if self.n is None:
            raise ValueError("ix")
        return self.n


def answer(code):
    if code == "s":
        return "q!"
    if code == "S":
        return S("q!")
    if code == "i":
        return 5
    raise ValueError("q")


class Q:
    def __init__(self, code):
        self.code = code

    def __str__(self):
        return answer(self.code)


class R:
    def __init__(self, code):
        self.code = code

    def __repr__(self):
        return answer(self.code)


def val(t):
    v = basic_value(t)
    if v is not NO_VALUE:
        return v
    if t == "P":
        return ("x",)
    kind, rest = t.split(":", 1)
    if kind == "S":
        return S(text(rest))
    if kind == "q":
        return Q(rest)
    if kind == "r":
        return R(rest)
    if kind == "x":
        return Idx(None if rest == "R" else int(rest))
    raise ValueError(t)


def int64(i):
    """NORMALIZE: lethe's ints are 64-bit (src/differences.rs)."""
    if not -2**63 <= i < 2**63:
        raise OverflowError("int too large for lethe's 64-bit int")
    return i


def op(w):
    shared = value_op(w, val)
    if shared is not None:
        return shared
    k = w[0]
    if k in ("bytes", "strc", "Sc"):
        args, kw = args_of(w[1:], val)
        f = {"bytes": bytes, "strc": str, "Sc": S}[k]
        return fmt(f(*args, **kw))
    if k == "dec":
        args, kw = args_of(w[1:], val)
        return fmt(args[0].decode(*args[1:], **kw))
    a = [val(t) for t in w[1:]]
    if k == "tuple":
        return fmt(tuple(a))
    if k == "lstr":
        return fmt(str(a))
    if k == "int":
        return fmt(int64(int(*a)))
    if k == "float":
        if isinstance(a[0], bytes):
            # NORMALIZE: lethe's float() does not read bytes (src/differences.rs).
            raise TypeError("float() argument must be a string or a real number, "
                            "not 'bytes'")
        return fmt(float(a[0]))
    raise ValueError(k)


def run_seq(ops, out):
    run_lines(ops, out, op)


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
