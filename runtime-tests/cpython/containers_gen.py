"""Generate random operation sequences on WeakSet and WeakKeyDictionary.

Used by ``runtime-tests/cpython_differential.rs`` (test ``containers_random``): the
same ops text is run by ``containers_run.py`` on CPython and by ``containers::run``
in that file on lethe, and the two outputs must agree line by line.

Usage: ``python3 containers_gen.py SEED0 COUNT`` prints COUNT sequences, the one for
seed ``s`` headed ``SEQ s <flags>`` and made from ``random.Random(s)`` alone (its
flags too), so ``python3 containers_gen.py s 1`` reproduces it.  Each sequence is
10 to 60 ops on six handles (``h0``..``h5``: plain ``Node``s or ``KNode``s, equal and
hashed by a key), three WeakSets (``S0``..``S2``) and two WeakKeyDictionaries
(``D0``, ``D1``), with two open iterators.  Operands mix live handles with
temporaries, unhashable values and values that cannot be weakly referenced.

No op changes a container while an iterator over it is open: a change during
iteration raises ``RuntimeError`` at the iterator's next step on lethe, where
CPython's tolerates some (src/differences.rs: "Iterating a weak container
raises RuntimeError at the next step after any explicit insertion or removal").

A WeakSet's ``repr`` is not emitted while an iterator over it that was open across
a ``collect`` is still open: the references that died then are in CPython's repr
until the iteration ends, and when it ends depends on the set order (the members
left to yield), which differs (src/differences.rs: "A `WeakSet` iterates
and prints in the order its members were added").

Seeds ``≡ 3 (mod 4)`` are headed ``SEQ s eph``: lethe's ``D`` dictionaries are then
its ephemeron variant (``Heap::weak_key_dict_ephemeron``), which CPython does not
have; values then never hold handles, so the plain dictionary's semantics apply.
"""
import random
import sys

NH = 6
MUTATORS = ("add", "discard", "remove", "pop", "iop", "setitem", "delitem", "dpop",
            "dpopd", "popitem", "setdefault", "dior", "update", "clear")
IOPS = ["update", "intersection_update", "difference_update", "symmetric_difference_update"]
BINOPS = ["union", "intersection", "difference", "symmetric_difference"]
CMPS = ["lt", "le", "gt", "ge", "eq", "ne"]


def gen_seq(R, eph):
    out = []
    live = [False] * NH
    S = [False] * 3
    D = [False] * 2
    iters = [None, None]  # the container each iterator walks
    # whether a WeakSet iterator was open across a collect (see the docstring)
    stale = [False, False]

    def lh():
        c = [i for i in range(NH) if live[i]]
        return R.choice(c) if c else None

    def x(hashable_only=False):
        """An operand: a live handle, a temporary, or (unless hashable_only) an
        unhashable or non-weakrefable value."""
        r = R.random()
        h = lh()
        if r < 0.6 and h is not None:
            return f"h{h}"
        opts = ["i5", "s", "tN", f"tK{R.randrange(3)}"]
        if not hashable_only:
            opts += ["L", "U", "E"]
        return R.choice(opts)

    def v():
        r = R.random()
        h = lh()
        if r < 0.3 and h is not None and not eph:
            return f"h{h}"
        return R.choice(["i1", "i2", "i3", "s", "None"])

    def cont(kind=None):
        c = []
        if kind in (None, "S"):
            c += [f"S{i}" for i in range(3) if S[i]]
        if kind in (None, "D"):
            c += [f"D{i}" for i in range(2) if D[i]]
        return R.choice(c) if c else None

    def iterable():
        r = R.random()
        n = R.randrange(4)
        if r < 0.3:
            return "list:" + ",".join(x() if R.random() < 0.15 else x(True) for _ in range(n))
        if r < 0.45:
            return cont() or "list:"
        if r < 0.55:
            hs = [f"h{h}" for h in range(NH) if live[h]] + ["tN", "tK0", "tK1"]
            return "set:" + ",".join(R.choice(hs) for _ in range(n))
        if r < 0.62:
            return "tuple:" + ",".join(x(True) for _ in range(n))
        if r < 0.72:
            return "dict:" + ",".join(f"{x(True)}={v()}" for _ in range(n))
        if r < 0.8:
            return "pairs:" + ",".join(f"{x(True)}={v()}" for _ in range(n))
        if r < 0.85:
            return "none"
        if r < 0.9:
            return "i5"
        return cont() or "list:"

    def busy(c):
        return c in iters

    for _ in range(R.randrange(10, 60)):
        r = R.random()
        if r < 0.12:
            i = R.randrange(NH)
            live[i] = True
            out.append(f"new {i} N" if R.random() < 0.5 else f"new {i} K {R.randrange(3)}")
            continue
        if r < 0.2:
            h = lh()
            if h is not None:
                live[h] = False
                out.append(f"drop {h}")
            continue
        if r < 0.27:
            out.append("collect")
            stale = [it is not None and it[0] == "S" for it in iters]
            continue
        if r < 0.3:
            i = R.randrange(3)
            if busy(f"S{i}"):
                continue
            it = iterable()
            S[i] = True
            out.append(f"mkws S{i} {it}")
            continue
        if r < 0.33:
            i = R.randrange(2)
            if busy(f"D{i}"):
                continue
            it = iterable()
            D[i] = True
            out.append(f"mkwkd D{i} {it}")
            continue
        s = cont("S")
        d = cont("D")
        c = cont()
        if c is None:
            continue
        ops = []
        if s:
            ops += [f"add {s} {x()}", f"discard {s} {x()}", f"remove {s} {x()}", f"pop {s}",
                    f"iop {R.choice(IOPS)} {s} {iterable()}",
                    f"iop {R.choice(IOPS)} {s} {cont('S')}"]
            dst = f"S{R.randrange(3)}"
            if not busy(dst):
                ops += [f"binop {R.choice(BINOPS)} {s} {iterable()} {dst}"]
            ops += [f"test {R.choice(['issubset', 'issuperset', 'isdisjoint'])} {s} {iterable()}"]
        if d:
            ops += [f"setitem {d} {x()} {v()}", f"setitem {d} {x()} {v()}", f"getitem {d} {x()}",
                    f"delitem {d} {x()}", f"get {d} {x()} {v()}", f"dpop {d} {x()}",
                    f"dpopd {d} {x()} {v()}", f"popitem {d}", f"setdefault {d} {x()} {v()}",
                    f"keyrefs {d}", f"items {d}", f"values {d}", f"dior {d} {iterable()}"]
        ops += [f"contains {c} {x()}", f"len {c}", f"repr {c}", f"show {c}",
                f"update {c} {iterable()}",
                f"cmp {R.choice(CMPS)} {c} {iterable()}",
                f"cmp {R.choice(CMPS)} {iterable()} {c}",
                f"or {c} {iterable()}", f"or {iterable()} {c}", f"clear {c}"]
        dst = c[0] + str(R.randrange(3 if c[0] == "S" else 2))
        if not busy(dst):
            ops.append(f"copy {c} {dst}")
        for i in range(2):
            if iters[i] is None:
                kind = "keys" if c[0] == "S" else R.choice(["keys", "values", "items"])
                ops.append(f"iter {i} {c} {kind}")
            else:
                ops += [f"next {i}"] * 3 + [f"close {i}"]
        op = R.choice(ops)
        w = op.split()
        if w[0] == "iter":
            iters[int(w[1])] = w[2]
            stale[int(w[1])] = False
        if w[0] == "close":
            iters[int(w[1])] = None
            stale[int(w[1])] = False
        if w[0] == "repr" and any(stale[i] and iters[i] == w[1] for i in range(2)):
            continue
        tgt = w[2] if w[0] == "iop" else w[1]
        if busy(tgt) and w[0] in MUTATORS:
            continue
        if w[0] == "copy" and busy(w[2]):
            continue
        out.append(op)
        if w[0] == "copy":
            (S if w[2][0] == "S" else D)[int(w[2][1])] = True
        if w[0] == "binop":
            S[int(w[4][1])] = True
    return out


def main():
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    out = []
    for s in range(seed0, seed0 + count):
        eph = s % 4 == 3
        out.append(f"SEQ {s}" + (" eph" if eph else ""))
        out += gen_seq(random.Random(s), eph)
        out.append("END")
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
