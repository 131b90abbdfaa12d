"""Generate random sequences of a list's slicing, slice assignment and deletion.

Used by ``runtime-tests/cpython_differential.rs`` (test ``slicing_random``): the same
ops text is run by ``slicing_run.py`` on CPython and by ``slicing::run`` in that file
on lethe, and the two outputs must agree line by line.

Usage: ``python3 slicing_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s n`` (the list starts as ``list(range(n))``) and made from
``random.Random(s)`` alone, so ``python3 slicing_gen.py s 1`` reproduces it.  Each
sequence is 3 to 12 ops on one list ``X``:

- ``get START STOP STEP``, ``set START STOP STEP VALUE``, ``del START STOP STEP``:
  ``X[s]``, ``X[s] = v``, ``del X[s]`` for ``s = slice(START, STOP, STEP)``;
- ``pre ACT``: a finalizer ``ACT`` of an object only a cycle holds, so that it runs
  at the next collection (``gcf``: one that inserts 88 at the front of ``X``).

A bound is ``N`` (None), ``i:k`` (an int), ``c:k:ACT`` (an object whose
``__index__`` does ``ACT``, then returns ``k``) or ``p:k`` (a proxy to an object with
``__index__`` returning ``k``, which only a cycle holds: it dies at the next
collection).  A value is ``l:n`` (a list), ``t:n`` (a tuple), ``it:n:ACT`` (an
iterator of ``n`` items doing ``ACT`` at every ``__next__``), ``ws:a:b`` (a WeakSet
of ``a`` members held for the op and ``b`` dying at the next collection), ``x``
(``X`` itself), ``fz:n:ACT`` (a list of ``n`` objects, each with a finalizer doing
``ACT``) or ``int`` (not iterable).

An ``ACT`` is ``gc`` (a collection), ``app`` (append 77 to ``X``), ``clr`` (clear
``X``), ``del2`` (pop ``X``'s first two items), ``ext3`` (append 5, 6 and 7),
``gcf`` (make an object with a ``gcf`` finalizer, drop it and collect), ``none`` or
``raise`` (``ValueError``).

What it avoids: an iterator assigned to an extended slice that empties or shrinks
the list (``clr``, ``del2``, or a collection once a finalizer that could was
registered: by ``pre`` or by an ``fz`` value, whose objects die when the assignment
fails or the list lets them go): the positions ``list_ass_subscript`` computed
before reading the items are then out of range, and CPython 3.11 writes past the
list's end (undefined behaviour: a crash, or a corrupted heap); lethe does not write
those positions (``src/slice.rs``; src/differences.rs).
"""
import random
import sys

ACTS = ["gc", "app", "clr", "del2", "ext3", "gcf", "none", "raise"]
SHRINK = {"clr", "del2"}


def bound(R):
    r = R.random()
    if r < 0.25:
        return "N"
    if r < 0.6:
        return f"i:{R.randint(-8, 8)}"
    if r < 0.9:
        return f"c:{R.randint(-8, 8)}:{R.choice(ACTS)}"
    return f"p:{R.randint(-8, 8)}"


def step(R):
    r = R.random()
    if r < 0.4:
        return "N"
    k = R.choice([-3, -2, -1, 1, 1, 2, 3, 0])
    if r < 0.7:
        return f"i:{k}"
    if r < 0.9:
        return f"c:{k}:{R.choice(ACTS)}"
    return f"p:{k}"


def value(R, extended, shrinkers):
    r = R.random()
    if r < 0.3:
        return f"l:{R.randint(0, 4)}"
    if r < 0.4:
        return f"t:{R.randint(0, 4)}"
    if r < 0.6:
        acts = [a for a in ACTS
                if not (extended and (a in SHRINK or (shrinkers and a in ("gc", "gcf"))))]
        return f"it:{R.randint(0, 4)}:{R.choice(acts)}"
    if r < 0.8:
        return f"ws:{R.randint(0, 1)}:{R.randint(0, 3)}"
    if r < 0.85:
        return "x"
    if r < 0.95:
        return f"fz:{R.randint(1, 3)}:{R.choice(['app', 'clr', 'del2', 'ext3', 'gc', 'raise'])}"
    return "int"


def gen(seed):
    R = random.Random(seed)
    out = [f"SEQ {seed} {R.randint(0, 8)}"]
    # A finalizer registered so far may shrink the list at a collection.
    shrinkers = False
    for _ in range(R.randint(3, 12)):
        kind = R.choice(["get", "set", "del", "pre"])
        if kind == "pre":
            p = R.choice(["clr", "app", "del2", "ext3", "gcf"])
            shrinkers = shrinkers or p in SHRINK
            out.append(f"pre {p}")
            continue
        st = step(R)
        ops = [kind, bound(R), bound(R), st]
        if kind == "set":
            # An extended slice (any step but a literal 1 or None) must not shrink
            # while its items are read (see the docstring).
            ext = not (st == "N" or st == "i:1")
            v = value(R, ext, shrinkers)
            shrinkers = shrinkers or (v.startswith("fz:") and v.split(":")[2] in SHRINK)
            ops.append(v)
        out.append(" ".join(ops))
    return out


def main():
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    out = []
    for s in range(seed0, seed0 + count):
        out += gen(s)
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
