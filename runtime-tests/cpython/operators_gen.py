"""Generate random binary, in-place and unary operators between builtin values and
user classes.

Used by ``runtime-tests/cpython_differential.rs`` (test ``operators_random``): the
same ops text is run by ``operators_run.py`` on CPython and by ``operators::run`` in
that file on lethe, and the two outputs must agree line by line: for each pair of
operands, every binary operator plain and in place, and every unary operator on
each, the result (its type and repr, whether it is an operand itself) or the error,
and the methods called, in order. It checks which operand's method answers in
CPython's ``binary_op1``/``binary_iop1`` order: a proper subclass's reflected method
first, a builtin type's method declining an operand it does not take, the
sequences' concatenation and repetition, a list subclass's ``+=``, proxies handing
the operation to their referents. (Written from review helper-95's harness, which
found five such bugs.)

Usage: ``python3 operators_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s`` and made from ``random.Random(s)`` alone.

The ops:

- ``class NAME BASES M=CODE ...``: a class ``NAME`` (``A`` to ``D``) derived from
  ``BASES`` (comma-separated: ``object``, a builtin type that can be subclassed, or
  an earlier class), defining each method ``M`` (binary, reflected and in-place
  operator methods, the unary ones, ``__index__``) to log its call and answer by
  ``CODE``: ``T`` its own name (``'A.__add__'``), ``N`` ``NotImplemented``, ``R``
  raise ``ValueError``, ``S`` self, ``O`` the other operand, ``I`` 7 (``__index__``:
  2), ``L`` a new list holding its name;
- ``pair X Y [skip=OPS]``: operand ``X`` with operand ``Y`` (``same X Y``: both made
  from one instance, one of them may be a proxy to it). An operand is
  ``v:VALUE`` (a builtin value or object, written as Python writes it),
  ``i:C:K`` (a new instance of class ``C`` made from ``K`` as ``make`` below does)
  or ``p:C:K`` (a ``weakref.proxy`` to one). The operators in ``skip`` (comma-
  separated symbols) print ``skipped`` on both sides: the documented differences of
  ``src/differences.rs``, decided here where CPython's classes tell them:
  - ``%`` with a str or bytes on the left (lethe has no printf-style formatting);
  - an operator whose reflected method CPython's ``method_is_overloaded`` and
    lethe's reading of it (the methods of user classes only: a builtin base's
    counts as none) see differently.

Classes that CPython cannot make are left out, and so are those deriving from a
str, list or tuple and, after it, from a user class defining ``__add__``,
``__radd__``, ``__mul__``, ``__rmul__``, ``__iadd__`` or ``__imul__`` (CPython keeps
that class's slots: ``src/differences.rs``).
"""
import random
import sys

from compare_gen import (BUILTIN_TYPES, builtin_base, class_line, draw_class, draw_pairs,
                         make)

OPS = [("+", "add"), ("-", "sub"), ("*", "mul"), ("@", "matmul"), ("/", "truediv"),
       ("//", "floordiv"), ("%", "mod"), ("**", "pow"), ("<<", "lshift"),
       (">>", "rshift"), ("&", "and"), ("|", "or"), ("^", "xor")]
OP_WEIGHTS = {"add": 4, "sub": 3, "mul": 4, "or": 3, "and": 3, "mod": 3, "pow": 3}
UNARY = ["neg", "pos", "invert", "abs"]
BIN_CODES = ["T", "T", "T", "N", "N", "N", "R", "S", "O", "I", "L"]
UN_CODES = ["T", "T", "N", "R", "S", "I"]
IDX_CODES = ["I", "I", "I", "T", "R", "N"]
# Small ints only (lethe's are 64-bit); negative numbers, so that fractional powers
# of them are complex in CPython (a documented difference the runners normalize).
VALUES = ["False", "True", "0", "2", "-3", "3", "7", "-7", "1.5", "-0.5", "2.0", "0.0",
          "-0.0", "1e308", "float('inf')", "float('nan')", "'x'", "''", "'ab'", "None",
          "b'x'", "b''", "[2]", "[1,2]", "[]", "(2,)", "()", "{}", "{1:2}", "set()",
          "{2}", "{1,2}", "frozenset()", "frozenset({2})", "{1:2}.keys()",
          "{1:2}.items()", "{1:2}.values()", "{}.keys()"]
SEQUENCES = (str, list, tuple)
SLOT_DUPS = {"__add__", "__radd__", "__mul__", "__rmul__", "__iadd__", "__imul__"}
BUILTIN_SET = set(BUILTIN_TYPES.values())


def slots_kept(cls):
    """Whether a user class after a str, list or tuple in ``cls``'s MRO defines one
    of the operator methods CPython keeps there (its ``resolve_slotdups``)."""
    seen = False
    for c in cls.__mro__:
        if c in SEQUENCES:
            seen = True
        elif seen and c not in BUILTIN_SET and SLOT_DUPS & set(vars(c)):
            return True
    return False


def lethe_lookup(t, name):
    """``name`` along ``t``'s MRO as lethe reads it for the overload rule: a user
    class's method, or none once a builtin type comes first."""
    for c in t.__mro__:
        if name in c.__dict__:
            return None if c in BUILTIN_SET else c.__dict__[name]
    return None


def overload_differs(ta, tb, rop):
    """Whether CPython's ``method_is_overloaded`` and lethe's reading of it differ
    for the right operand's type ``tb`` against the left's ``ta``."""
    if ta is tb or not issubclass(tb, ta) or ta in BUILTIN_SET or tb in BUILTIN_SET:
        return False
    rb = getattr(tb, rop, None)
    cpython = rb is not None and (getattr(ta, rop, None) is None or getattr(ta, rop) != rb)
    lb = lethe_lookup(tb, rop)
    lethe = lb is not None and (lethe_lookup(ta, rop) is None or lethe_lookup(ta, rop) is not lb)
    return cpython != lethe


def gen(seed):
    r = random.Random(seed)
    out = [f"SEQ {seed}"]
    made = {}  # name: the class, with placeholder methods of the same names
    for name in "ABCD"[:r.randint(1, 4)]:
        methods = {}
        if r.random() > 0.15:
            names = [op for _, op in OPS]
            weights = [OP_WEIGHTS.get(op, 1) for op in names]
            for op in dict.fromkeys(r.choices(names, weights, k=r.randint(1, 5))):
                forms = [f for f in ("", "r", "i") if r.random() < 0.5]
                for f in forms or [r.choice(["", "r", "i"])]:
                    methods[f"__{f}{op}__"] = r.choice(BIN_CODES)
            for u in UNARY:
                if r.random() < 0.2:
                    methods[f"__{u}__"] = r.choice(UN_CODES)
            if r.random() < 0.1:
                methods["__index__"] = r.choice(IDX_CODES)
        bases, cls = draw_class(r, made, name, {m: (lambda *a: None) for m in methods})
        if cls is None or slots_kept(cls):
            continue
        made[name] = cls
        out.append(class_line(name, bases, methods))

    def operand_type(spec):
        kind, rest = spec.split(":", 1)
        return type(eval(rest)) if kind == "v" else made[rest.split(":")[0]]

    for op, a, b in draw_pairs(r, made, VALUES, [0, 1, 2, 2]):
        ta, tb = operand_type(a), operand_type(b)
        skip = [sym for sym, name in OPS if overload_differs(ta, tb, f"__r{name}__")]
        if builtin_base(ta) is str or ta is bytes:
            skip.append("%")
        skip = f" skip={','.join(dict.fromkeys(skip))}" if skip else ""
        out.append(f"{op} {a} {b}{skip}")
    out.append("END")
    return "\n".join(out)


if __name__ == "__main__":
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    for s in range(seed0, seed0 + count):
        print(gen(s))
