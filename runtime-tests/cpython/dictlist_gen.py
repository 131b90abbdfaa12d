"""Generate random sequences of plain dict and list methods and operators.

Used by ``runtime-tests/cpython_differential.rs`` (test ``dictlist_random``): the
same ops text is run by ``dictlist_run.py`` on CPython and by ``dictlist::run`` in
that file on lethe, and the two outputs must agree line by line.

Usage: ``python3 dictlist_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s [py]`` and made from ``random.Random(s)`` alone, so
``python3 dictlist_gen.py s 1`` reproduces it.  Odd seeds are flagged ``py``:
lethe's runner then calls every method by name (``Heap::call_method``) instead of
the typed ``Heap`` methods (``Heap::get``, ``Heap::pop``, ``Heap::list_append``…)
where one exists; CPython's runner ignores the flag.

A sequence first makes its pooled objects (``kpool``: five ``K``s equal to the
other ``K``s of their key 0..2, so ``K1`` and ``K3`` may be equal and distinct,
those of keys 0 and 1 hashed alike, whose ``__eq__``, ``__lt__`` and ``__hash__``
log; ``qpool``: two ``Q``s,
the same, whose ``__lt__`` also appends to ``l0``; ``epool``: two ``E``s, the
same but without ``__lt__``, whose ``__eq__`` changes ``l0``, popping its last
item, appending to it (up to 12 items) or clearing it; ``ppool``: two ``P``s,
only ever values, each hashed apart from everything (500 + its number), equal to
any ``P``, whose ``__eq__`` pops the newest item of ``d0``, so a dict comparison
or an items view's sees the dict change midway), two dict variables ``d0``,
``d1`` and two list variables ``l0``, ``l1``, then runs 15 to 40 ops:

- dict: ``dset D K V`` (``d[k] = v``), ``dget``, ``ddel``, ``din``, ``dlen``;
  ``dm D METHOD ARGS…`` (``get``, ``setdefault``, ``pop`` with and without a
  default, ``popitem``, ``update`` with a dict, pairs, an iterator, a mapping
  object with ``keys()`` or malformed input, ``copy``, ``clear``, a wrong
  argument count now and then), ``dkw D k=V,…`` (``update`` with keywords, and
  a positional argument too; a mapping object whose ``keys()`` names a key its
  ``[]`` lacks, ``mapbad:``), ``view D keys|values|items`` (the view's repr,
  ``len``, ``list(reversed(view))``), ``vin D keys|items X``, ``vop OP D
  keys|items OPERAND`` (``&``, ``|``, ``-``, ``^``, ``==``, ``<=``…),
  ``dctor OPERAND [k=V,…] >D`` (``dict(…)``), ``dbin |``, ``dibin |=``, ``dcmp
  ==|!=`` (also with ``swapof:D``, a copy of ``D`` whose ``P`` values are swapped
  for the other, equal ``P``), ``drev D`` (``list(reversed(d))``), ``diter D ACTION`` (iterates
  ``d`` and acts on it after the first key: adds, deletes, replaces a value,
  clears, for "changed size during iteration"; or, keeping its size, pops its
  last item or deletes the first key and adds ``X`` (``popadd``, ``deladd``), or
  deletes and adds back the first key seven times (``cycle``), which fills the
  table's room and resizes it midway, for "keys changed during iteration" and what
  such an iterator yields: where CPython's table resizes, which compacts the
  entries under the iterator's place), ``diterf dict:PAIRS ACTION X`` (the same on
  a fresh dict of 1 to 12 keys, some of them all strs, whose table CPython resizes
  when another key is stored).
- list: ``lm L METHOD ARGS…`` (``append``, ``extend`` with lists, tuples, dicts,
  sets, iterators and the list itself, ``insert`` at negative and out-of-range
  places, ``pop`` with and without an index, ``remove``, ``index`` with start and
  stop, ``count``, ``reverse``, ``copy``, ``clear``), ``lsort L KEY REVERSE``
  (no key, identity, type name, a key that raises on ``'b'``, one that appends to
  ``l0``, negation; ``reverse`` absent, false or true), ``lget``, ``lset``,
  ``ldel`` (index, negative, out of range), ``lin``, ``lbin +|* L OPERAND``,
  ``libin +=|*= L OPERAND``, ``lcmp OP A B`` (``==``, ``!=``, ``<``, ``<=``,
  ``>``, ``>=``).

Keys and items: ints, floats and bools equal across types (``i1``, ``f1``,
``T``…: which key object a dict keeps and which value), strs, tuples (``t1`` is
``(1, 'a')``, ``t2`` the equal ``(1.0, 'a')``, ``tK`` holds ``K0``, ``tL`` a
list), the pooled objects (``None`` only as an item or value), the variables themselves as values (so
recursive reprs ``{...}`` and ``[...]``), and unhashable lists.

Left out, as src/differences.rs has them differ: ints past 64 bits (every
int here is small); a ``set:`` operand holds distinct small non-negative ints in
ascending order, its order in both (kept from when lethe's sets iterated in
insertion order).  Two stored keys of one hash that are not equal are in: the
``K``s of keys 0 and 1 (hashed ``100 + key // 2``, apart from every other key),
whose ``__eq__`` calls show the order a lookup asks them in.
"""

from common import pick, write_sequences

NUMS = ["i0", "i1", "i2", "i3", "in1", "in2", "f0", "f1", "fh", "T", "F"]
STRS = ["sa", "sb", "sc"]
TUPS = ["t1", "t2", "tK", "t0"]
KS = [f"K{i}" for i in range(5)]
QS = ["Q0", "Q1"]
ES = ["E0", "E1"]
PS = ["P0", "P1"]
E_ACTS = ["pop", "app", "clr", "none"]
DVARS = ["d0", "d1"]
LVARS = ["l0", "l1"]
VARS = DVARS + LVARS
SORT_KEYS = ["none", "kid", "ktype", "kraise", "kmut", "kneg"]
VIEWS = ["keys", "values", "items"]
VOPS = ["&", "|", "-", "^", "==", "!=", "<", "<=", ">", ">="]
LCMP = ["==", "!=", "<", "<=", ">", ">="]
SAME_SIZE = ["popadd", "deladd", "cycle"]
DITER = ["none", "add", "del", "set", "clear"] + SAME_SIZE


def gen_seq(R):
    out = []

    def key(unhashable=0.0):
        if R.random() < unhashable:
            return R.choice(["L", "tL"])
        # (Not ``None``: CPython 3.11 hashes it by address, so where it sits in a
        # table, which decides how often a lookup meets the colliding ``K``s, varies
        # from run to run.)
        return pick(R, [(0.40, lambda: R.choice(NUMS)), (0.55, lambda: R.choice(STRS)),
                        (0.70, lambda: R.choice(TUPS)),
                        (0.90, lambda: R.choice(KS)), (0.95, lambda: R.choice(ES))],
                    lambda: R.choice(QS))

    def value():
        return pick(R, [(0.04, lambda: R.choice(PS)), (0.10, lambda: R.choice(VARS)),
                        (0.14, lambda: "N")], key)

    def items(n=None, unhashable=0.0):
        n = R.randrange(0, 5) if n is None else n
        return ",".join(key(unhashable) for _ in range(n))

    def pairs(n=None):
        n = R.randrange(0, 4) if n is None else n
        return ",".join(f"{key(0.03)}={value()}" for _ in range(n))

    def kwargs():
        # Mostly one or two (``a`` and ``b`` equal to ``sa`` and ``sb``), now and
        # then up to eight, which CPython gathers into a dict sized for them at once.
        n = R.randrange(1, 3) if R.random() < 0.8 else R.randrange(3, 9)
        names = ['a', 'b', 'sa'] if n < 3 else ['a', 'b', 'sa', 'c', 'd', 'e', 'f', 'g', 'h']
        return ",".join(f"{R.choice(names)}={value()}" for _ in range(n))

    def small_set():
        return ",".join(str(i) for i in sorted(R.sample(range(6), R.randrange(0, 4))))

    def seq_operand():
        return pick(R, [(0.3, lambda: R.choice(LVARS)), (0.55, lambda: f"list:{items()}"),
                        (0.7, lambda: f"tup:{items()}"), (0.8, lambda: f"it:{items()}"),
                        (0.86, lambda: f"set:{small_set()}"),
                        (0.88, lambda: f"{R.choice(['keysof', 'itemsof'])}:{R.choice(DVARS)}"),
                        (0.95, lambda: R.choice(DVARS))],
                    lambda: R.choice(["int", "none", "str:ab"]))

    def map_operand():
        return pick(R, [(0.3, lambda: R.choice(DVARS)), (0.55, lambda: f"dict:{pairs()}"),
                        (0.7, lambda: f"pairs:{pairs()}"), (0.78, lambda: f"mapobj:{pairs()}"),
                        (0.81, lambda: f"itp:{pairs()}"), (0.84, lambda: f"mapbad:{pairs()}"),
                        (0.92, lambda: R.choice(["bad1", "bad3", "badnon", "int", "none"]))],
                    lambda: R.choice(LVARS))

    def view_operand():
        return pick(R, [(0.3, lambda: f"set:{small_set()}"),
                        (0.5, lambda: f"list:{items(unhashable=0.05)}"),
                        (0.65, lambda: f"keysof:{R.choice(DVARS)}"),
                        (0.8, lambda: f"itemsof:{R.choice(DVARS)}"), (0.9, lambda: R.choice(DVARS))],
                    lambda: R.choice(["int", "tup:" + items()]))

    def target():
        return f" >{R.choice(DVARS)}" if R.random() < 0.5 else ""

    def index():
        return R.choice(["0", "1", "2", "-1", "-2", "5", "-7", "T", "fh", "sa"]) \
            if R.random() < 0.95 else "N"

    out.append("kpool " + " ".join(str(R.randrange(3)) for _ in KS))
    out.append("qpool " + " ".join(str(R.randrange(3)) for _ in QS))
    out.append("ppool 0 1")
    out.append("epool " + " ".join(f"{R.randrange(3)}:{R.choice(E_ACTS)}" for _ in ES))
    for d in DVARS:
        out.append(f"mk {d} dict:{pairs(R.randrange(0, 5))}")
    for l in LVARS:
        out.append(f"mk {l} list:{items(R.randrange(0, 6))}")
    for _ in range(R.randrange(15, 40)):
        r = R.random()
        D = R.choice(DVARS)
        L = R.choice(LVARS)
        if r < 0.09:
            out.append(f"dset {D} {key(0.03)} {value()}")
        elif r < 0.13:
            out.append(f"dget {D} {key(0.03)}")
        elif r < 0.16:
            out.append(f"ddel {D} {key(0.03)}")
        elif r < 0.18:
            out.append(f"din {D} {key(0.03)}")
        elif r < 0.30:
            m = R.choice(["get", "get", "setdefault", "setdefault", "pop", "pop",
                          "popitem", "update", "update", "copy", "clear"])
            if m in ("get", "setdefault", "pop"):
                n = R.choices([1, 2, 0, 3], [10, 10, 1, 1])[0]
                args = [key(0.03)] + [value() for _ in range(n - 1)]
                args = args[:n]
            elif m == "update":
                n = R.choices([1, 0, 2], [20, 1, 1])[0]
                args = [map_operand() for _ in range(n)]
            else:
                args = [] if R.random() < 0.95 else [value()]
            t = target() if m == "copy" else ""
            out.append(" ".join(["dm", D, m] + args) + t)
        elif r < 0.32:
            pos = f" {map_operand()}" if R.random() < 0.4 else ""
            out.append(f"dkw {D} {kwargs()}{pos}")
        elif r < 0.36:
            out.append(f"view {D} {R.choice(VIEWS)}")
        elif r < 0.38:
            v = R.choice(["keys", "items"])
            x = key(0.03) if v == "keys" else \
                R.choice([f"tup:{key()},{value()}", f"tup:{key()}", key(), "L"])
            out.append(f"vin {D} {v} {x}")
        elif r < 0.42:
            out.append(f"vop {R.choice(VOPS)} {D} {R.choice(['keys', 'items'])} "
                       f"{view_operand()}")
        elif r < 0.44:
            kw = f" {kwargs()}" if R.random() < 0.3 else ""
            args = map_operand() if R.random() < 0.9 else "-"
            out.append(f"dctor {args}{kw} >{D}")
        elif r < 0.47:
            out.append(f"dbin | {D} {map_operand()}" + target())
        elif r < 0.49:
            out.append(f"dibin |= {D} {map_operand()}")
        elif r < 0.51:
            b = f"swapof:{R.choice(DVARS)}" if R.random() < 0.3 else map_operand()
            out.append(f"dcmp {R.choice(['==', '!='])} {D} {b}")
        elif r < 0.52:
            out.append(f"drev {D}")
        elif r < 0.535:
            out.append(f"diter {D} {R.choice(DITER)} {key()}")
        elif r < 0.55:
            # A fresh dict, sometimes all strs (whose table another key resizes).
            n = R.randrange(1, 13)
            ps = pairs(n) if R.random() < 0.7 else ",".join(
                f"{R.choice(STRS)}={value()}" for _ in range(n))
            out.append(f"diterf dict:{ps} {R.choice(SAME_SIZE)} {key()}")
        elif r < 0.75:
            m = R.choice(["append", "append", "extend", "extend", "insert", "pop",
                          "pop", "remove", "index", "index", "count", "reverse",
                          "copy", "clear"])
            if m == "append":
                args = [value()]
            elif m == "extend":
                args = [L if R.random() < 0.15 else seq_operand()]
            elif m == "insert":
                args = [index(), value()]
            elif m == "pop":
                args = R.choice([[], [index()]])
            elif m == "remove" or m == "count":
                args = [key()]
            elif m == "index":
                args = [key()] + [index() for _ in range(R.choices([0, 1, 2], [3, 1, 1])[0])]
            else:
                args = []
            if R.random() < 0.03:
                args = args + ["i1"] if len(args) < 3 else args[:1]
            out.append(" ".join(["lm", L, m] + args))
        elif r < 0.82:
            rev = R.choice(["-", "0", "1"])
            out.append(f"lsort {L} {R.choice(SORT_KEYS)} {rev}")
        elif r < 0.85:
            out.append(f"lget {L} {index()}")
        elif r < 0.87:
            out.append(f"lset {L} {index()} {value()}")
        elif r < 0.89:
            out.append(f"ldel {L} {index()}")
        elif r < 0.91:
            out.append(f"lin {L} {key()}")
        elif r < 0.94:
            op = R.choice(["+", "*"])
            b = seq_operand() if op == "+" else R.choice(["0", "1", "2", "-1", "T", "fh"])
            out.append(f"lbin {op} {L} {b}")
        elif r < 0.96:
            op = R.choice(["+=", "*="])
            b = seq_operand() if op == "+=" else R.choice(["0", "1", "2", "-1", "T"])
            out.append(f"libin {op} {L} {b}")
        else:
            b = R.choice([R.choice(LVARS), f"list:{items()}", f"tup:{items()}"])
            out.append(f"lcmp {R.choice(LCMP)} {L} {b}")
    return out


def main():
    write_sequences(gen_seq)


if __name__ == "__main__":
    main()
