"""Generate random operation sequences on weak references, proxies and WeakMethods.

Used by ``runtime-tests/cpython_differential.rs`` (test ``refs_random``): the same
ops text is run by ``refs_run.py`` on CPython and by ``refs::run`` in that file on
lethe, and the two outputs must agree line by line.

Usage: ``python3 refs_gen.py SEED0 COUNT [MAXLEN]`` prints COUNT sequences, the one
for seed ``s`` (``SEED0 <= s < SEED0 + COUNT``) headed ``seq s`` and made from
``random.Random(s)`` alone, so a single sequence is reproduced by
``python3 refs_gen.py s 1``.  Each sequence ends with ``collect``.

The state is six object slots (``O``), eight reference slots (``R``: refs, proxies
and WeakMethods, with callbacks that log, raise, are not callable or absent), three
function slots (``F``, for WeakMethods whose function can die before the instance)
and three bound-method slots (``B``).

What it avoids, so that the outputs are comparable (src/differences.rs, and
README.md on when objects die): lethe frees an unreachable object only when a
collection runs, CPython's reference counting frees an acyclic one at once.  The
runners give every object and function a self-cycle (``o.me = o``) so that CPython
also frees them only at ``gc.collect()``; weak reference objects cannot be given one,
so ``count`` and ``refs`` (``getweakrefcount``/``getweakrefs``, which would still see
a dropped reference object on lethe) are not emitted after a reference slot was
overwritten or dropped, until the next ``collect``.  For the same reason a ``ref``
made without a callback after such a drop may be the dropped one, shared again, with
the hash it cached while its referent lived (CPython's is a new one, with none); so
is every later ``ref`` without a callback to the same object, in any slot: ``hash``
is never emitted for a slot holding one.
"""
import random
import sys

NO, NR, NF, NB = 6, 8, 3, 3
CLASSES = ["C", "E", "Q", "S", "Z"]
CBS = ["none", "none", "log", "log", "raise", "nocall"]
ATTRS = ["name", "key", "missing", "me"]
VKINDS = ["int", "str", "list", "dict", "tuple", "float", "none", "bool", "object",
          "set", "frozenset", "func", "cls", "bound", "ref", "proxy", "wm"]
UNARY = ["call", "call", "is", "eq", "ne", "eqo", "oeq", "hash", "hash", "repr", "str",
         "ga", "sa", "da", "len", "bool", "gi", "iter", "in", "lt", "lto", "olt",
         "type", "isi", "callp"]


def gen(rng, n):
    """One sequence of ``n`` random steps (fewer ops: some steps emit nothing)."""
    O = [None] * NO
    R = [None] * NR
    F = [None] * NF
    ops = []
    serial = 0
    # A reference object was dropped since the last collect (see the docstring).
    dropped = False
    # The objects (by serial) whose shared ref may be a dropped one made again, and
    # the objects each slot's callback-less ref refers to (see the docstring).
    revived = set()
    shared_to = [None] * NR

    def nxt():
        nonlocal serial
        serial += 1
        return serial

    def occ(lst):
        return [i for i, x in enumerate(lst) if x is not None]

    for _ in range(n):
        k = rng.random()
        oi = occ(O)
        ri = occ(R)
        if k < 0.10 or not oi:
            i = rng.randrange(NO)
            c = rng.choice(CLASSES)
            s = nxt()
            ops.append(f"new {i} {c} {rng.randrange(4)} {s}")
            O[i] = (c, s)
        elif k < 0.15:
            i = rng.choice(oi)
            ops.append(f"del {i}")
            O[i] = None
        elif k < 0.30:
            j = rng.randrange(NR)
            i = rng.choice(oi)
            cb = rng.choice(CBS)
            kind = rng.choice(["ref", "ref", "proxy", "proxy", "wm"])
            dropped = dropped or R[j] is not None
            s = nxt()
            # The last field groups the callback log by referent (see "collect").
            ops.append(f"{kind} {j} {i} {cb} {s} o{O[i][1]}")
            R[j] = kind
            shared_to[j] = O[i][1] if kind == "ref" and cb == "none" else None
            if shared_to[j] is not None and dropped:
                revived.add(shared_to[j])
        elif k < 0.32:
            j = rng.randrange(NR)
            f = rng.randrange(NF)
            i = rng.choice(oi)
            cb = rng.choice(CBS)
            if F[f] is None:
                s = nxt()
                ops.append(f"newf {f} {s}")
                F[f] = s
            dropped = dropped or R[j] is not None
            s = nxt()
            ops.append(f"wmf {j} {i} {f} {cb} {s} f{F[f]}")
            R[j] = "wm"
            shared_to[j] = None
        elif k < 0.33:
            f = rng.randrange(NF)
            ops.append(f"delf {f}")
            F[f] = None
        elif k < 0.35:
            ops.append(f"bind {rng.randrange(NB)} {rng.choice(oi)}")
        elif k < 0.36:
            ops.append(f"unbind {rng.randrange(NB)}")
        elif k < 0.38:
            j = rng.randrange(NR)
            kind = rng.choice(VKINDS)
            dropped = dropped or R[j] is not None
            ops.append(f"refv {j} {kind} {rng.choice(['ref', 'proxy', 'wm'])}")
            R[j] = None
        elif k < 0.42:
            if ri:
                j = rng.choice(ri)
                dropped = True
                ops.append(f"dref {j}")
                R[j] = None
        elif k < 0.48:
            ops.append("collect")
            dropped = False
        elif k < 0.52:
            if not dropped:
                ops.append(f"{rng.choice(['count', 'refs'])} {rng.choice(oi)}")
        else:
            if not ri:
                continue
            j = rng.choice(ri)
            j2 = rng.choice(ri)
            i = rng.choice(oi)
            op = rng.choice(UNARY)
            if op in ("is", "eq", "ne", "lt"):
                ops.append(f"{op} {j} {j2}")
            elif op in ("eqo", "oeq", "lto", "olt"):
                ops.append(f"{op} {j} {i}")
            elif op == "ga":
                ops.append(f"ga {j} {rng.choice(ATTRS)}")
            elif op == "sa":
                ops.append(f"sa {j} {rng.choice(['key', 'extra'])} {rng.randrange(4)}")
            elif op == "da":
                ops.append(f"da {j} {rng.choice(['extra', 'key', 'missing'])}")
            elif op in ("gi", "in"):
                ops.append(f"{op} {j} {rng.randrange(4)}")
            elif op == "isi":
                ops.append(f"isi {j} {rng.choice(CLASSES)}")
            elif op == "callp":
                ops.append(f"callp {j} {rng.randrange(3)}")
            elif op == "hash" and shared_to[j] in revived:
                continue
            else:
                ops.append(f"{op} {j}")
    ops.append("collect")
    return ops


def main():
    seed0, count = int(sys.argv[1]), int(sys.argv[2])
    maxlen = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    out = []
    for s in range(seed0, seed0 + count):
        rng = random.Random(s)
        out.append(f"seq {s}")
        out.extend(gen(rng, rng.randrange(5, maxlen)))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
