"""Helpers shared by the CPython runners of the differential tests
(``runtime-tests/cpython_differential.rs``): the normalization of printed values
and of raised errors into the lines lethe's runners print."""
import ctypes
import gc
import operator
import re
import sys

HEX = re.compile(r"0x[0-9a-fA-F]+")


def norm(s):
    s = HEX.sub("0x?", s)
    # NORMALIZE: dead proxy repr (lethe's spec form; src/differences.rs).
    return s.replace("<weakproxy at 0x? to NoneType at 0x?>", "<weakproxy at 0x?; dead>")


def err(e):
    m = str(e)
    return f"{type(e).__name__}: {m}" if m else type(e).__name__



# ---- the operations the value harnesses (strings, bytes) share

CMP = {"lt": operator.lt, "le": operator.le, "eq": operator.eq, "ne": operator.ne,
       "gt": operator.gt, "ge": operator.ge}


def fmt(v):
    """A value harness's printed result: the type's name and the repr."""
    return f"{type(v).__name__} {norm(repr(v))}"


def items_of(it):
    return "[" + ", ".join(repr(x) for x in it) + "]"


def args_of(toks, val):
    """The positional and keyword (``name=TOKEN``) arguments of a call, each token
    read by ``val``."""
    args, kw = [], {}
    for t in toks:
        if "=" in t:
            k, v = t.split("=", 1)
            kw[k] = val(v)
        else:
            args.append(val(t))
    return args, kw


NO_VALUE = object()


def text(rest):
    """The text of a ``s:`` token's code points (hex, comma-separated)."""
    return "".join(chr(int(c, 16)) for c in rest.split(",")) if rest else ""


def basic_value(t):
    """A token of the strings and bytes vocabularies' shared part: ``N``, ``T``,
    ``F``, ``o`` (a new ``object()``), ``L`` (``['x']``), ``s:``, ``b:``, ``i:``,
    ``f:``; ``NO_VALUE`` for another."""
    if t in ("N", "T", "F"):
        return {"N": None, "T": True, "F": False}[t]
    if t == "o":
        return object()
    if t == "L":
        return ["x"]
    kind, _, rest = t.partition(":")
    if kind == "s":
        return text(rest)
    if kind == "b":
        return bytes.fromhex(rest)
    if kind == "i":
        return int(rest)
    if kind == "f":
        return float(rest)
    return NO_VALUE


def run_lines(ops, out, op):
    """Runs one sequence's lines through ``op``, printing ``N LINE -> RESULT`` (what
    ``op`` returned, or the error). Lethe's side: ``value_ops::run_lines``."""
    for n, line in enumerate(ops):
        try:
            res = op(line.split())
        except Exception as e:
            res = err(e)
        out.append(f"{n} {line} -> {res}")


def value_op(w, val):
    """The operation of line ``w`` (its tokens read by ``val``) if it is one the
    strings and bytes harnesses share: the printed result; else ``None`` (the
    runner's own). Lethe's side: ``value_op`` in ``cpython_differential.rs``."""
    k = w[0]
    if k == "cmp":
        return fmt(CMP[w[1]](val(w[2]), val(w[3])))
    if k in ("hint", "rhint"):
        x = val(w[1])
        it = iter(x) if k == "hint" else reversed(x)
        for _ in range(int(w[2])):
            if next(it, None) is None:
                break
        return fmt(operator.length_hint(it, 99))
    if k not in VALUE_OPS:
        return None
    a = [val(t) for t in w[1:]]
    if k in ("iter", "rev"):
        it = iter(a[0]) if k == "iter" else reversed(a[0])
        return f"{type(it).__name__} {items_of(it)}"
    if k == "iadd":
        x = a[0]
        x += a[1]
        return fmt(x)
    if k == "imul":
        x = a[0]
        x *= a[1]
        return fmt(x)
    return fmt(VALUE_OPS[k](a))


VALUE_OPS = {
    "repr": lambda a: a[0],
    # (Heap::str gives the text: what a __str__ returned, a str subclass's too, as
    # a str.)
    "str": lambda a: str.__str__(str(a[0])),
    "len": lambda a: len(a[0]),
    "bool": lambda a: bool(a[0]),
    "hash": lambda a: hash(a[0]),
    "get": lambda a: a[0][a[1]],
    "sl": lambda a: a[0][a[1]:a[2]:a[3]],
    "iter": None, "rev": None, "iadd": None, "imul": None,  # (above)
    "in": lambda a: a[0] in a[1],
    "add": lambda a: a[0] + a[1],
    "mul": lambda a: a[0] * a[1],
    "set": set,
    "fset": frozenset,
    "dict": lambda a: {x: i for i, x in enumerate(a)},
    "list": lambda a: a,
    "sort": sorted,
    "inl": lambda a: a[0] in a[1:],
    "ins": lambda a: a[0] in set(a[1:]),
}

# Before 3.13 a write to f_locals reaches the frame only through
# PyFrame_LocalsToFast; from 3.13 (PEP 667) f_locals writes through.
_LOCALS_TO_FAST = getattr(ctypes.pythonapi, "PyFrame_LocalsToFast", None)
if _LOCALS_TO_FAST is not None:
    _LOCALS_TO_FAST.argtypes = [ctypes.py_object, ctypes.c_int]


def unhold_locals(g, names):
    """NORMALIZE: drop the references a suspended iterator generator holds in its
    locals ``names`` (lethe's iterators hold none of them)."""
    f = getattr(g, "gi_frame", None)
    if f is None:
        return
    loc = f.f_locals
    for k in names:
        if k in loc:
            loc[k] = None
    if _LOCALS_TO_FAST is not None:
        _LOCALS_TO_FAST(f, 0)


class Node:
    """A weakly referenceable object named ``tag``, which holds itself (so only a
    collection frees it, as lethe's are freed)."""

    def __init__(self, tag):
        self.tag = tag
        self.me = self

    def __repr__(self):
        return self.tag


class KNode(Node):
    """A ``Node`` equal to and hashed as any other with the same key ``k``."""

    def __init__(self, tag, k):
        super().__init__(tag)
        self.k = k

    def __eq__(self, o):
        return hasattr(o, "k") and self.k == o.k

    def __hash__(self):
        return hash(self.k)


class UNode(Node):
    """Unhashable (``__eq__`` without ``__hash__``)."""

    def __eq__(self, o):
        return self is o


MAX_FOLLOW_UPS = 32


def collect_settled(logged):
    """``gc.collect()``, repeated while ``logged()`` (a count that grows as the
    callbacks, finalizers and ``__del__``s run: the lines they logged, or how many
    started) grows, at most ``1 + MAX_FOLLOW_UPS`` times. NORMALIZE: what they let
    go of is freed by CPython's next collection (the objects hold themselves), by
    lethe's in a follow-up pass of the same one when they allocated, as every one
    does on lethe's side (src/differences.rs: "What a callback or finalizer
    lets go of")."""
    import gc
    for _ in range(1 + MAX_FOLLOW_UPS):
        ran = logged()
        gc.collect()
        if logged() == ran:
            break


def run_sequences(path, run_seq):
    """Runs each ``SEQ ...`` to ``END`` sequence of the ops file ``path`` through
    ``run_seq(ops, out)``, which appends its lines to ``out`` (headed by the ``SEQ``
    line), and prints them when the sequence ends: a list of every sequence's lines
    would make every ``gc.collect()`` traverse it."""
    cur = None
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("SEQ"):
                cur = []
                out = [line]
            elif line == "END":
                run_seq(cur, out)
                sys.stdout.write("\n".join(out) + "\n")
            else:
                cur.append(line)


def run_main(run_seq, freeze):
    """A runner's entry point: ``run_sequences`` over the ops file named on the
    command line. With ``freeze``, what exists by then (modules, classes) is first
    left out of every collection (``gc.freeze()``): a ``gc.collect()`` then costs
    what the sequence made, not the interpreter's size."""
    if freeze:
        gc.freeze()
    run_sequences(sys.argv[1], run_seq)


class Pooled:
    """A pooled object of the set and dict/list runners: printed by its tag, ``k``
    its key (what equality and hashing read, in the subclasses)."""
    def __init__(self, tag, k):
        self.tag = tag
        self.k = k

    def __repr__(self):
        return self.tag


def method_calls(names, most=3):
    """``{(name, n): call}`` for each of ``names`` and ``n`` up to ``most``:
    ``call(r, a0, …)`` is ``r.name(a0, …)``, a method call as Python code writes
    it, with its arguments listed (so a builtin method's argument errors name its
    type, ``list.append()``, as lethe's ``Heap::call_method`` does; a call of the
    bound method, ``f = r.append; f(…)``, names the receiver's class)."""
    return {(name, n): eval(f"lambda r, {''.join(f'a{i}, ' for i in range(n))}: "
                            f"r.{name}({', '.join(f'a{i}' for i in range(n))})")
            for n in range(most + 1) for name in names}


def fmt_value(v, own):
    """The printed form of ``v`` the containers and WVD runners share: immediates,
    tuples and lists of values, a ``Node``'s tag, ``set``/``dict`` for the builtin
    containers; ``own(v)`` (``None``: not one of the runner's own types) is asked
    after the lists, for the runner's weak containers and references."""
    def f(x):
        return fmt_value(x, own)

    if v is None:
        return "None"
    if v is True or v is False:
        return str(v)
    if isinstance(v, int):
        return f"i{v}"
    if isinstance(v, str):
        return f"s:{v}"
    if isinstance(v, tuple):
        return "(" + ",".join(f(e) for e in v) + ")"
    if isinstance(v, list):
        return "[" + ",".join(f(e) for e in v) + "]"
    s = own(v)
    if s is not None:
        return s
    if isinstance(v, Node):
        return v.tag
    if isinstance(v, (set, frozenset)):
        return "set"
    if isinstance(v, dict):
        return "dict"
    return "?" + type(v).__name__


def pick(R, table, rest):
    """For the generators: one ``R.random()`` drawn against ``table``'s cumulative
    bounds, ``(bound, make)`` in increasing order; the ``make`` of the first bound
    above the draw, else ``rest()``, is called and its value returned."""
    r = R.random()
    for bound, make in table:
        if r < bound:
            return make()
    return rest()


def write_sequences(gen_seq):
    """Prints the sequences for seeds ``argv[1]`` to ``argv[1] + argv[2]``, each
    ``SEQ <seed>`` (`` py`` for an odd seed: its ops go through Python-level
    calls on lethe's side), ``gen_seq(random.Random(seed))``'s ops, and ``END``."""
    import random
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    out = []
    for s in range(seed0, seed0 + count):
        out.append(f"SEQ {s}" + (" py" if s % 2 else ""))
        out += gen_seq(random.Random(s))
        out.append("END")
    sys.stdout.write("\n".join(out) + "\n")
