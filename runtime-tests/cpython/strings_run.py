"""Run ``strings_gen.py``'s operations on ``str`` values on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (tests ``strings_random`` and
``strings_edge``), whose ``strings::run`` runs the same ops on lethe and prints the
same format; CPython runs with ``PYTHONHASHSEED=0`` (strs and bytes hash, and sets
of them iterate, as lethe's do).  Usage: ``python3 strings_run.py OPS_FILE``.

Each op prints ``N OP -> RESULT``: the result's type name and repr (addresses
masked), or the error.
"""
import operator

from common import err, norm, run_main


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
    if t in ("N", "T", "F"):
        return {"N": None, "T": True, "F": False}[t]
    if t == "o":
        return object()
    if t == "L":
        return ["x"]
    if t == "P":
        return ("x",)
    kind, rest = t.split(":", 1)
    if kind in ("s", "S"):
        s = "".join(chr(int(c, 16)) for c in rest.split(",")) if rest else ""
        return S(s) if kind == "S" else s
    if kind == "b":
        return bytes.fromhex(rest)
    if kind == "i":
        return int(rest)
    if kind == "f":
        return float(rest)
    if kind == "q":
        return Q(rest)
    if kind == "r":
        return R(rest)
    if kind == "x":
        return Idx(None if rest == "R" else int(rest))
    raise ValueError(t)


def fmt(v):
    return f"{type(v).__name__} {norm(repr(v))}"


def items_of(it):
    out = []
    for x in it:
        out.append(repr(x))
    return "[" + ", ".join(out) + "]"


def args_of(toks):
    args, kw = [], {}
    for t in toks:
        if "=" in t:
            k, v = t.split("=", 1)
            kw[k] = val(v)
        else:
            args.append(val(t))
    return args, kw


def int64(i):
    """NORMALIZE: lethe's ints are 64-bit (src/differences.rs)."""
    if not -2**63 <= i < 2**63:
        raise OverflowError("int too large for lethe's 64-bit int")
    return i


CMP = {"lt": operator.lt, "le": operator.le, "eq": operator.eq, "ne": operator.ne,
       "gt": operator.gt, "ge": operator.ge}


def op(w):
    k = w[0]
    if k == "cmp":
        return fmt(CMP[w[1]](val(w[2]), val(w[3])))
    if k in ("bytes", "strc", "Sc"):
        args, kw = args_of(w[1:])
        f = {"bytes": bytes, "strc": str, "Sc": S}[k]
        return fmt(f(*args, **kw))
    if k == "dec":
        args, kw = args_of(w[1:])
        return fmt(args[0].decode(*args[1:], **kw))
    if k in ("hint", "rhint"):
        x = val(w[1])
        it = iter(x) if k == "hint" else reversed(x)
        for _ in range(int(w[2])):
            if next(it, None) is None:
                break
        return fmt(operator.length_hint(it, 99))
    a = [val(t) for t in w[1:]]
    if k == "repr":
        return fmt(a[0])
    if k == "str":
        # (Heap::str gives the text: what a __str__ returned, an S too, as a str.)
        return fmt(str.__str__(str(a[0])))
    if k == "len":
        return fmt(len(a[0]))
    if k == "bool":
        return fmt(bool(a[0]))
    if k == "hash":
        return fmt(hash(a[0]))
    if k == "get":
        return fmt(a[0][a[1]])
    if k == "sl":
        return fmt(a[0][a[1]:a[2]:a[3]])
    if k in ("iter", "rev"):
        it = iter(a[0]) if k == "iter" else reversed(a[0])
        return f"{type(it).__name__} {items_of(it)}"
    if k == "in":
        return fmt(a[0] in a[1])
    if k == "add":
        return fmt(a[0] + a[1])
    if k == "mul":
        return fmt(a[0] * a[1])
    if k == "iadd":
        x = a[0]
        x += a[1]
        return fmt(x)
    if k == "imul":
        x = a[0]
        x *= a[1]
        return fmt(x)
    if k == "set":
        return fmt(set(a))
    if k == "fset":
        return fmt(frozenset(a))
    if k == "dict":
        return fmt({x: i for i, x in enumerate(a)})
    if k == "list":
        return fmt(a)
    if k == "tuple":
        return fmt(tuple(a))
    if k == "lstr":
        return fmt(str(a))
    if k == "sort":
        return fmt(sorted(a))
    if k == "inl":
        return fmt(a[0] in a[1:])
    if k == "ins":
        return fmt(a[0] in set(a[1:]))
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
    for n, line in enumerate(ops):
        try:
            res = op(line.split())
        except Exception as e:
            res = err(e)
        out.append(f"{n} {line} -> {res}")


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
