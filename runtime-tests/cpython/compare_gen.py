"""Generate random rich comparisons between builtin values and user classes.

Used by ``runtime-tests/cpython_differential.rs`` (test ``compare_random``): the same
ops text is run by ``compare_run.py`` on CPython and by ``compare::run`` in that file
on lethe, and the two outputs must agree line by line: for each pair of operands,
the result of ``==``, ``!=``, ``<``, ``<=``, ``>`` and ``>=`` (or the error) and the
comparison methods each called, in order. It checks the order in which CPython's
``do_richcompare`` asks the operands: the left operand's comparison, then the right
operand's reflected one, or the other way round when the right operand's type is a
proper subclass of the left's; a builtin type's comparison (``int``'s, a list's…)
taking or declining the other operand as its C code does; ``NotImplemented`` passed
on; proxies handing the comparison to their referents. (Written from review
helper-94's harness, which found three such bugs.)

Usage: ``python3 compare_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` and made from ``random.Random(s)`` alone.

The ops:

- ``class NAME BASES M=CODE ...``: a class ``NAME`` (``A`` to ``D``) derived from
  ``BASES`` (comma-separated: ``object``, a builtin type that can be subclassed, or
  an earlier class; one or two of them), defining each comparison method ``M``
  (``__eq__``, ``__ne__``, ``__lt__``, ``__le__``, ``__gt__``, ``__ge__``) to log its
  call and then, by ``CODE``: ``T`` return its own name (``'A.__lt__'``), ``N``
  return ``NotImplemented``, ``R`` raise ``ValueError``, ``F`` return ``False``, ``Z``
  return ``0``, ``E`` return ``[]``;
- ``pair X Y``: compare operand ``X`` with operand ``Y``, by all six operators;
  ``same X Y``: the same, both operands made from one instance (one of them may be
  a proxy to it). An operand is ``v:VALUE`` (a builtin value or object, written as
  Python writes it), ``i:C:K`` (a new instance of class ``C``, made from ``K`` as
  its builtin base takes it: ``make`` below) or ``p:C:K`` (a ``weakref.proxy`` to
  one, kept alive by the sequence).
"""
import random
import sys
import weakref

BUILTINS = ["object", "int", "float", "str", "list", "tuple", "dict", "set", "frozenset"]
BUILTIN_TYPES = {name: eval(name) for name in BUILTINS}
METHODS = ["__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__"]
CODES = ["T", "T", "T", "N", "N", "N", "R", "F", "Z", "E"]
VALUES = ["False", "True", "0", "2", "1", "1.5", "2.0", "'x'", "'y'", "None", "b'x'",
          "[2]", "(2,)", "[1,2]", "(1,2)", "{}", "{1:2}", "set()", "{2}", "frozenset()",
          "frozenset({2})", "{1:2}.keys()", "{1:2}.items()", "{1:2}.values()"]


def builtin_base(cls):
    """The builtin type whose value an instance of ``cls`` holds."""
    for b in cls.__mro__:
        if b in (int, float, str, list, tuple, dict, set, frozenset):
            return b
    return object


def make(cls, k):
    """An instance of ``cls`` made from ``k`` (0, 1 or 2) as its builtin base takes it."""
    arg = {int: (k,), float: ({0: -1.5, 1: 1.5, 2: 2.0}[k],), str: ("x" * k,),
           list: ([k] if k else [],), tuple: ((k,) if k else (),),
           dict: ({1: k} if k else {},), set: ({k} if k else set(),),
           frozenset: ({k} if k else set(),), object: ()}[builtin_base(cls)]
    return cls(*arg)


def draw_class(r, made, name, namespace=None):
    """Random bases for a class ``name`` (a builtin type, or one or two earlier
    classes of ``made``), and the class CPython makes of them with ``namespace``, or
    ``None`` where it cannot."""
    kind = r.random()
    if not made or kind < 0.4:
        bases = [r.choice(BUILTINS)]
    elif kind < 0.8:
        bases = [r.choice(list(made))]
    else:
        bases = [r.choice(list(made) + BUILTINS), r.choice(list(made) + BUILTINS)]
    if len(set(bases)) != len(bases):
        bases = bases[:1]
    try:
        cls = type(name, tuple(made.get(b) or BUILTIN_TYPES[b] for b in bases),
                   namespace or {})
    except TypeError:  # an MRO or layout conflict: no such class
        return bases, None
    return bases, cls


def class_line(name, bases, methods):
    """The ``class`` op."""
    return f"class {name} {','.join(bases)}" + "".join(f" {m}={c}" for m, c in methods.items())


def draw_pairs(r, made, values, ks):
    """Two to five ``(op, X, Y)``: a ``pair`` of random operands (a value among
    ``values``, an instance of a class of ``made`` made from one of ``ks``, or a
    proxy to one), or the ``same`` instance on both sides (one may be a proxy)."""
    names = list(made)

    def operand():
        x = r.random()
        if x < 0.35 or not names:
            return "v:" + r.choice(values)
        c = r.choice(names)
        k = r.choice(ks)
        if x < 0.8:
            return f"i:{c}:{k}"
        try:  # a proxy only to what can be weakly referenced
            weakref.ref(make(made[c], k))
        except TypeError:
            return f"i:{c}:{k}"
        return f"p:{c}:{k}"

    pairs = []
    for _ in range(r.randint(2, 5)):
        a = operand()
        if r.random() < 0.1 and not a.startswith("v"):
            b = r.choice(["i", "p"]) + a[1:] if a.startswith("p") else a
            if a.startswith("p") and r.random() < 0.5:
                a, b = b, a
            pairs.append(("same", a, b))
        else:
            pairs.append(("pair", a, operand()))
    return pairs


def gen(seed):
    r = random.Random(seed)
    out = [f"SEQ {seed}"]
    made = {}  # name: the class (without its methods), to try the layout
    for name in "ABCD"[:r.randint(1, 4)]:
        bases, cls = draw_class(r, made, name)
        if cls is None:
            continue
        made[name] = cls
        share = 0 if r.random() < 0.25 else 0.35
        methods = {m: r.choice(CODES) for m in METHODS if r.random() < share}
        out.append(class_line(name, bases, methods))
    out += [f"{op} {a} {b}" for op, a, b in draw_pairs(r, made, VALUES, [1, 2])]
    out.append("END")
    return "\n".join(out)


if __name__ == "__main__":
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    for s in range(seed0, seed0 + count):
        print(gen(s))
