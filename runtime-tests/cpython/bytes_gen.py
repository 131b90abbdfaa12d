"""Generate random sequences of operations on ``bytes`` values.

Used by ``runtime-tests/cpython_differential.rs`` (test ``bytes_random``): the same
ops text is run by ``bytes_run.py`` on CPython (with ``PYTHONHASHSEED=0``) and by
``bytes::run`` in that file on lethe, and the two outputs must agree line by line:
each op's result (type name and repr, addresses masked) or error.

Usage: ``python3 bytes_gen.py SEED0 COUNT`` prints COUNT sequences, the one for seed
``s`` headed ``SEQ s`` (``SEQ s py`` for an odd seed: lethe's runner then calls the
methods through the bound method, ``getattr`` and a call, rather than
``Heap::call_method``) and made from ``random.Random(s)`` alone.

A value is a token without spaces:

- ``b:HEXBYTES`` a ``bytes`` (``b:`` empty);
- ``s:HEX,HEX,…`` a ``str`` of those code points (``s:`` the empty string);
- ``i:N`` an int (within 64 bits: lethe's ints are, src/differences.rs), ``f:REPR``
  a float, ``N``, ``T``, ``F`` (``None``, ``True``, ``False``), ``o`` an
  ``object()``, ``L`` the list ``['x']``;
- ``x:N`` an instance of ``Idx``, whose ``__index__`` returns ``N`` (``x:R`` raises
  ``ValueError('ix')``, ``x:E`` raises ``TypeError('ixt')``, ``x:s`` returns the
  str ``'a'``, ``x:t`` returns ``True`` and ``x:i`` an ``I(97)``, which CPython
  3.11 takes with a ``DeprecationWarning``, none in lethe: src/differences.rs);
- ``B:K`` an instance of ``Bb``, whose ``__bytes__`` answers by ``K``: ``b`` the
  bytes ``b'by'``, ``s`` the str ``'by'``, ``i`` the int ``5``, ``R`` raises
  ``ValueError('bb')``;
- ``I:N`` an instance of ``class I(int)`` equal to ``N``;
- ``Y:K`` an instance of ``Y``, whose ``__index__`` answers as an ``Idx``'s of
  code ``K`` and whose ``__iter__`` gives ``97, 98``;
- ``Z:i`` an instance of ``Z`` whose own attribute ``__bytes__`` (not its class's)
  is ``b'z'``, ``Z:n`` an instance of ``Zn``, whose class's ``__bytes__`` is
  ``None``;
- ``p:TOK`` a ``weakref.proxy`` to the object of token ``TOK`` (an ``x:``, ``B:``,
  ``Y:`` or ``I:`` one), kept alive to the sequence's end;
- ``D:A|B|…`` the dict ``{A: 0, B: 1, …}``;
- ``t:A|B|…`` a tuple of those values (``t:`` the empty tuple), ``l:A|B|…`` a list,
  ``g:A|B|…`` an instance of ``It``, an iterator giving them in turn, ``R`` among
  them raising ``ValueError('it')`` when reached.

The ops (each prints its result or error):

- ``repr A``, ``str A`` (``repr(str(A))``), ``len A``, ``bool A``, ``hash A``,
  ``hasht A…`` (``hash((A, …))``);
- ``get A K`` (``A[K]``), ``sl A X Y Z`` (``A[X:Y:Z]``);
- ``iter A``, ``rev A``: the iterator's type and every item it gives; ``hint A K``:
  ``iter(A)``'s length hint after ``K`` steps, ``rhint A K`` that of ``reversed(A)``;
- ``in A B`` (``A in B``), ``add A B``, ``mul A B``, ``iadd A B``, ``imul A B``,
  ``cmp OP A B`` (``OP`` one of ``lt le eq ne gt ge``);
- ``is WHAT A …``: whether a result is the operand ``A`` itself: ``bytes``
  (``bytes(A) is A``), ``addr`` (``A + b'' is A``), ``addl`` (``b'' + A is A``),
  ``mul N`` (``A * N is A``), ``sl X Y Z`` (``A[X:Y:Z] is A``), ``dunder``
  (``A.__bytes__() is A``);
- ``set A…``, ``fset A…``, ``dict A…`` (``{A: 0, …}``), ``list A…``, ``sort A…``
  (``sorted([A, …])``), ``inl A B…``, ``ins A B…`` (``A in [B, …]``, ``A in {B,
  …}``);
- ``m NAME A ARG…``: ``A.NAME(ARG, …)``, an ``ARG`` may be ``name=V``, a keyword
  argument (``count``, ``find``, ``rfind``, ``index``, ``rindex``, ``startswith``,
  ``endswith``, ``decode``, ``__bytes__``);
- ``attr NAME A``: ``getattr(A, NAME)`` (a method of those, ``__class__`` or a
  name bytes lacks);
- ``bytes ARG…``: ``bytes(ARG, …)``, keywords as for ``m``;
- ``mut C K``: ``bytes(c)`` of a container ``c`` holding an instance of ``M``, whose
  ``__index__`` changes ``c`` by ``K`` and returns 97: ``C`` is ``l`` (``c = [98,
  m, 100]``), ``D`` (``{98: 0, m: 1, 100: 2}``), ``S`` (``{m}``) or ``t`` (``(98,
  m, 100)``, which ``m`` cannot change); ``K`` is ``a`` (``append(99)``, ``c[99] =
  3``, ``add(99)``), ``c`` (``clear()``), ``p`` (``pop()``, ``popitem()``,
  ``pop()``), ``x`` (``c[2] = 300``, ``c[100] = 5``, ``discard(5)``), ``k`` (a
  dict's ``pop(98)`` then ``c[99] = 0``; a list's ``insert(0, 97)`` once).

Bytes are drawn mostly from a few byte values (so that searches find things), also
from all 256 (every repr escape) and as slices of other operands; needles are bytes,
ints in and out of ``range(256)``, bools, ``__index__`` objects and wrong types;
bounds are ints (small, negative, about 2**63), ``None``, bools, ``__index__``
objects (raising too) and wrong types.
"""
import unicodedata

from common import pick, write_sequences

SMALL = [0x61, 0x62, 0x63, 0x61, 0x62, 0x00, 0x27, 0x22, 0x5c, 0x0a, 0x7f, 0x80,
         0xff, 0xc3, 0xa9, 0x20]
# (No count between 2**20 and 2**50: CPython would allocate it, and fill it.)
HUGE = [2**62, -2**62, 2**63 - 1, -2**63, 2**61, 2**50, -2**31, -2**32]
# Indexes and bounds only (never a count or an item of the constructor's).
BOUNDS = HUGE + [2**31, 2**32]
ENCODINGS = ["utf-8", "utf8", "UTF-8", "ascii", "latin-1", "latin1", "bogus", "U8",
             "", "utf-8\x00"]
ERRORS = ["strict", "ignore", "replace", "bogus", ""]
METHODS = ["count", "find", "rfind", "index", "rindex", "startswith", "endswith"]


def tok_str(s):
    return "s:" + ",".join("%x" % ord(c) for c in s)


def raw_bytes(r):
    k = r.random()
    n = r.choice([0, 0, 1, 1, 2, 3, 3, 4, 5, 6, 8])
    if k < 0.8:
        return bytes(r.choice(SMALL) for _ in range(n))
    if k < 0.95:
        return bytes(r.randrange(256) for _ in range(n))
    return bytes(r.choice([0x61, 0x61, 0x62]) for _ in range(r.randint(8, 30)))


def bytes_tok(r, b=None):
    return "b:" + (raw_bytes(r) if b is None else b).hex()


def decodable_tok(r):
    """Bytes whose UTF-8 text has no code point unassigned in Unicode 14.0 (one
    assigned since shows as it is in lethe's repr: src/differences.rs)."""
    while True:
        b = raw_bytes(r)
        if r.random() < 0.2:
            b += r.choice(["\u00e9", "\u20ac", "\U0001f600", "\u4e2d"]).encode()
        if all(unicodedata.category(c) != "Cn" for c in b.decode("utf-8", "ignore")):
            return "b:" + b.hex()


def str_tok(r):
    n = r.choice([0, 1, 1, 2, 3])
    return tok_str("".join(r.choice("ab\x00'\u00e9\u4e2d") for _ in range(n)))


def int_tok(r):
    return "i:%d" % pick(r, [(0.5, lambda: r.randint(-3, 9)),
                             (0.8, lambda: r.choice([0x61, 0x62, 0, 255, 256, -1, 127,
                                                     128, 300]))],
                         lambda: r.choice(HUGE))


def idx_tok(r):
    k = r.random()
    if k < 0.15:
        return "I:" + r.choice(["0", "1", "97", "-1", "256", "3", str(2**62)])
    code = r.choice(["R", "E", "s", "t", "i", "0", "1", "-1", "97", "256", "-2",
                     str(2**63 - 1), str(-2**63), "3"])
    if k < 0.25:
        return "Y:" + code
    if k < 0.35:
        return "p:" + r.choice(["x", "Y"]) + ":" + code
    return "x:" + code


def special_tok(r):
    """An object whose ``__bytes__`` or ``__index__`` the constructor asks."""
    return pick(r, [(0.5, lambda: "B:" + r.choice("bsiR")),
                    (0.65, lambda: "p:B:" + r.choice("bsiR")),
                    (0.8, lambda: "Z:" + r.choice("in"))],
                lambda: idx_tok(r))


def any_tok(r, depth=0):
    def plain():
        return r.choice(["N", "T", "F", "o", "L"])

    def container():
        # (A container's items are not containers.)
        if depth:
            return plain()
        return r.choice("tlgD") + ":" + "|".join(any_tok(r, 1) for _ in range(r.randint(0, 3)))

    return pick(r, [(0.35, lambda: bytes_tok(r)), (0.5, lambda: str_tok(r)),
                    (0.65, lambda: int_tok(r)),
                    (0.69, lambda: "f:" + repr(r.choice([1.0, -0.0, 2.5, float("nan")]))),
                    (0.76, lambda: idx_tok(r)), (0.8, lambda: special_tok(r)),
                    (0.88, container)],
                plain)


def hashable_tok(r):
    """A value whose hash lethe computes as CPython does: bytes, strs, ints, bools
    (not an object or ``None``, hashed by address in CPython, nor a NaN:
    src/differences.rs)."""
    return pick(r, [(0.6, lambda: bytes_tok(r)), (0.85, lambda: str_tok(r)),
                    (0.95, lambda: int_tok(r))],
                lambda: r.choice(["T", "F"]))


def text_twin(tok):
    """The str whose code points are the bytes of bytes token ``tok``."""
    b = bytes.fromhex(tok[2:])
    return tok_str(b.decode("latin-1"))


def part_of(r, tok):
    """A slice of bytes token ``tok`` (the empty bytes too)."""
    b = bytes.fromhex(tok[2:])
    i = r.randint(0, len(b))
    j = r.randint(i, len(b))
    return bytes_tok(r, b[i:j])


def needle_tok(r, hay):
    b = bytes.fromhex(hay[2:])

    def an_int():
        if b and r.random() < 0.6:
            return "i:%d" % r.choice(b)
        return int_tok(r)

    return pick(r, [(0.35, lambda: part_of(r, hay)), (0.45, lambda: bytes_tok(r)),
                    (0.6, an_int), (0.66, lambda: r.choice(["T", "F"])),
                    (0.74, lambda: idx_tok(r)), (0.78, lambda: "b:")],
                lambda: any_tok(r))


def bound_tok(r):
    return pick(r, [(0.25, lambda: "N"), (0.6, lambda: "i:%d" % r.randint(-9, 9)),
                    (0.72, lambda: "i:%d" % r.choice(BOUNDS)),
                    (0.82, lambda: r.choice(["T", "F"])), (0.92, lambda: idx_tok(r))],
                lambda: any_tok(r))


def count_tok(r):
    # (Huge counts: any non-empty bytes times one of them needs more than 2**50
    # bytes, which no allocation gives: no CPython run fills memory.)
    return pick(r, [(0.55, lambda: "i:%d" % r.randint(-3, 4)),
                    (0.65, lambda: r.choice(["T", "F"])),
                    (0.78, lambda: "i:%d" % r.choice([2**62, 2**63 - 1, 2**61, 2**50,
                                                      -2**63])),
                    (0.9, lambda: "x:" + r.choice(["2", "0", "-1", "R", "E", "s",
                                                   str(2**62)]))],
                lambda: any_tok(r))


def kwarg(r, names):
    name = r.choice(names)
    return name + "=" + (any_tok(r) if r.random() < 0.5 else bound_tok(r))


def method_op(r):
    a = bytes_tok(r)
    k = r.random()
    if k < 0.6:
        name = r.choice(METHODS[:5])
        args = [needle_tok(r, a)]
    elif k < 0.85:
        name = r.choice(METHODS[5:])
        p = r.random()
        if p < 0.4:
            args = [part_of(r, a)]
        elif p < 0.75:
            items = [part_of(r, a) if r.random() < 0.7 else any_tok(r, 1)
                     for _ in range(r.choice([0, 1, 2, 2, 3]))]
            args = ["t:" + "|".join(items)]
        else:
            args = [needle_tok(r, a)]
    elif k < 0.95:
        name = "decode"
        a = decodable_tok(r)
        args = []
        for i in range(r.choice([0, 1, 1, 2, 2, 3])):
            if r.random() < 0.85:
                args.append(tok_str(r.choice(ENCODINGS if i == 0 else ERRORS)))
            else:
                args.append(any_tok(r))
        if r.random() < 0.3:
            args.append(r.choice(["encoding", "errors", "x", "encoding"]) + "=" +
                        (tok_str(r.choice(ENCODINGS + ERRORS)) if r.random() < 0.7 else any_tok(r)))
        return ["m", name, a] + args
    else:
        name = "__bytes__"
        args = [any_tok(r) for _ in range(r.choice([0, 0, 0, 1, 2]))]
    if name != "__bytes__":
        # Bounds, mostly within range.
        n = r.choice([0, 0, 1, 1, 1, 2, 2, 2, 3])
        args += [bound_tok(r) for _ in range(n)]
    if r.random() < 0.08:
        args = args[:r.randint(0, len(args))]
    if r.random() < 0.05:
        args.append(kwarg(r, ["start", "end", "sub", "x"]))
    return ["m", name, a] + args


def ctor_op(r):
    k = r.random()
    if k < 0.15:
        first = "i:%d" % r.choice([0, 1, 3, 5, -1, -5, 2**50, 2**62, 2**63 - 1, -2**63])
    elif k < 0.25:
        first = r.choice(["T", "F", "x:3", "x:0", "x:-1", "x:R", "x:E", "x:s", "x:" + str(2**62),
                          "I:2", "I:-1", "Y:2", "Y:E", "Y:R", "Y:s", "p:x:2", "p:Y:E", "p:I:1"])
    elif k < 0.5:
        kind = r.choice("tlgD")
        items = []
        for _ in range(r.randint(0, 5)):
            p = r.random()
            if p < 0.7:
                items.append("i:%d" % r.choice([0, 1, 97, 98, 255, 127, 128, 10]))
            elif p < 0.8:
                items.append("i:%d" % r.choice([256, -1, 2**62, -2**63]))
            elif p < 0.85 and kind == "g":
                items.append("R")
            else:
                items.append(r.choice(["T", "F", "x:97", "x:300", "x:R", "x:E", "s:61",
                                       "b:61", "f:1.0", "N", "I:98", "I:256", "p:x:99",
                                       "Y:97"]))
        first = kind + ":" + "|".join(items)
    elif k < 0.6:
        first = special_tok(r)
    elif k < 0.75:
        first = str_tok(r)
    else:
        first = any_tok(r)
    args = [first]
    if r.random() < 0.05:
        args = []
    extra = r.choice([0, 0, 0, 1, 1, 2])
    if extra and args and r.random() < 0.6:
        first = args[0] = str_tok(r)
    for i in range(extra):
        if r.random() < 0.8:
            args.append(tok_str(r.choice(ENCODINGS if i == 0 else ERRORS)))
        else:
            args.append(any_tok(r))
    if r.random() < 0.25:
        name = r.choice(["source", "encoding", "errors", "x", "encoding"])
        if name == "source":
            val = first
        else:
            val = tok_str(r.choice(ENCODINGS + ERRORS)) if r.random() < 0.7 else any_tok(r)
        args.append(name + "=" + val)
        if r.random() < 0.5 and args[0] == first:
            args = args[1:]
    return ["bytes"] + args


def gen_op(r):
    k = r.random()
    if k < 0.06:
        a = bytes_tok(r) if r.random() < 0.5 else "b:" + bytes(
            r.randrange(256) for _ in range(r.randint(1, 8))).hex()
        return [r.choice(["repr", "repr", "str"]), a]
    if k < 0.09:
        return [r.choice(["len", "bool"]), bytes_tok(r) if r.random() < 0.9 else any_tok(r)]
    if k < 0.13:
        if r.random() < 0.8:
            return ["hash", bytes_tok(r) if r.random() < 0.85 else hashable_tok(r)]
        return ["hasht"] + [hashable_tok(r) for _ in range(r.randint(0, 3))]
    if k < 0.18:
        k2 = r.random()
        if k2 < 0.5:
            key = "i:%d" % r.randint(-6, 6)
        elif k2 < 0.65:
            key = "i:%d" % r.choice(BOUNDS)
        elif k2 < 0.8:
            key = r.choice(["T", "F"])
        elif k2 < 0.9:
            key = idx_tok(r)
        else:
            key = any_tok(r)
        return ["get", bytes_tok(r), key]
    if k < 0.24:
        return ["sl", bytes_tok(r), bound_tok(r), bound_tok(r),
                bound_tok(r) if r.random() < 0.5 else "N"]
    if k < 0.28:
        op = r.choice(["iter", "rev", "hint", "rhint"])
        return [op, bytes_tok(r)] + ([str(r.randint(0, 4))] if "hint" in op else [])
    if k < 0.35:
        b = bytes_tok(r)
        a = needle_tok(r, b)
        if r.random() < 0.1:
            b = any_tok(r)
        return ["in", a, b]
    if k < 0.40:
        a, b = bytes_tok(r), bytes_tok(r) if r.random() < 0.75 else any_tok(r)
        if r.random() < 0.2:
            a, b = b, a
        return [r.choice(["add", "add", "iadd"]), a, b]
    if k < 0.45:
        a, b = bytes_tok(r), count_tok(r)
        if r.random() < 0.3:
            a, b = b, a
        return [r.choice(["mul", "mul", "imul"]), a, b]
    if k < 0.52:
        a = bytes_tok(r)
        p = r.random()
        if p < 0.3:
            b = a
        elif p < 0.45:
            b = part_of(r, a)
        elif p < 0.6:
            b = text_twin(a)
        elif p < 0.75:
            b = bytes_tok(r)
        else:
            b = any_tok(r)
        if r.random() < 0.3:
            a, b = b, a
        return ["cmp", r.choice(["lt", "le", "eq", "ne", "gt", "ge"]), a, b]
    if k < 0.56:
        a = bytes_tok(r)
        what = r.choice(["bytes", "addr", "addl", "mul", "sl", "dunder"])
        if what == "mul":
            return ["is", what, a, r.choice(["i:1", "i:0", "i:2", "T", "x:1", "i:-1"])]
        if what == "sl":
            return ["is", what, a] + [r.choice(["N", "i:0", "i:-100", "i:100", "i:1", "i:-1"])
                                       for _ in range(3)]
        if what in ("addr", "addl") and a == "b:":
            # (lethe has no empty bytes singleton, so ``b'' + b''`` is the right
            # operand, a new empty bytes, not CPython's one b'': src/differences.rs.)
            a = "b:61"
        return ["is", what, a]
    if k < 0.62:
        kind = r.choice(["set", "set", "fset", "dict", "list", "sort", "sort", "inl", "ins"])
        items = []
        for _ in range(r.randint(0, 6)):
            t = hashable_tok(r)
            if items and r.random() < 0.3 and items[-1].startswith("b:"):
                t = text_twin(items[-1])
            items.append(t)
        if kind in ("inl", "ins"):
            if items and r.random() < 0.5:
                a = r.choice(items)
                if a.startswith("b:") and r.random() < 0.4:
                    a = text_twin(a)
            else:
                a = hashable_tok(r)
            items.insert(0, a)
        if kind == "sort" and r.random() < 0.8:
            items = [t for t in items if t.startswith("b:")]
        return [kind] + items
    if k < 0.845:
        return method_op(r)
    if k < 0.86:
        c = r.choice("lDSt")
        return ["mut", c, r.choice("acpxk")]
    if k < 0.88:
        return ["attr", r.choice(METHODS + ["decode", "__bytes__", "__class__", "nope"]),
                # (Not a str: lethe's strs have no methods, src/differences.rs.)
                bytes_tok(r) if r.random() < 0.9 else r.choice(["i:1", "N", "L", "x:1", "T"])]
    return ctor_op(r)


def gen_seq(r):
    return [" ".join(gen_op(r)) for _ in range(r.randint(4, 12))]


if __name__ == "__main__":
    write_sequences(gen_seq)
