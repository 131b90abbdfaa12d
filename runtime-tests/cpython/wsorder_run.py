"""Run ``wsorder_gen.py``'s sequences of ``WeakSet`` changes on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``wsorder_random``), whose
``wsorder::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 wsorder_run.py OPS_FILE``.

Each op prints ``<n> <op> => <result>`` (``None``, a member's tag, or the error: a
``KeyError`` of ``remove`` without its text, which shows addresses; then ``eq`` and
the ``E.__eq__`` calls the op made, ``a=b`` for ``a.__eq__(b)``, in order), then one line
per WeakSet, ``  S<k> [<tags in iteration order>]``. ``data``'s result lists the
referents of ``ws.data``'s references in its order (``dead`` for a dead one), and
``repr``'s lists the
references of the set's repr in its order, each as its referent's tag or ``dead``.
A member's place in the order is its place in the set's table, which follows the
hashes ``K.__hash__`` returns and the table's history.

One difference is normalized (``NORMALIZE`` below; src/differences.rs,
"``ws.intersection_update(other)``"): CPython's ``&=`` keeps references made
without the set's removal callback, so a member that dies later leaves its dead
reference in the table (and in ``len()``), where lethe's removes it. ``iand`` here
runs CPython's code with the callback added.
"""
import gc
import re
import weakref

from common import err, run_main

gc.disable()

REF = re.compile(r"<weakref at 0x[0-9a-f]+; (?:dead|to '\w+' at 0x([0-9a-f]+))>")


class K:
    """A member: its tag, and the hash it reports. It holds itself, so that only a
    collection frees it."""

    def __init__(self, tag, h):
        self.tag = tag
        self.h = h
        self.me = self

    def __hash__(self):
        return self.h


EQS = []  # the running op's E.__eq__ calls


class E(K):
    """A member whose ``__eq__`` (identity) logs each call: which colliding members a
    lookup asks, in which order."""

    def __eq__(self, o):
        EQS.append(f"{self.tag}={getattr(o, 'tag', '?')}")
        return self is o

    __hash__ = K.__hash__


def iand(s, other):
    """NORMALIZE: ``WeakSet.__iand__`` with the set's callback on the references
    it keeps (see the docstring)."""
    if s._pending_removals:
        s._commit_removals()
    s.data.intersection_update(weakref.ref(item, s._remove) for item in other)


def run_seq(ops, out):
    objs = {}
    sets = {}
    tags = {}

    def many(t):
        if t == "-":
            return []
        if t.startswith("S"):
            return sets[int(t[1:])]
        return [objs[int(i)] for i in t.split(",")]

    for n, line in enumerate(ops):
        w = line.split()
        op = w[0]
        res = "None"
        try:
            if op in ("mk", "mke"):
                o = (K if op == "mk" else E)(f"o{w[1]}", int(w[2]))
                objs[int(w[1])] = o
                tags[id(o)] = o.tag
            elif op == "new":
                sets[int(w[1])] = weakref.WeakSet()
            elif op == "from":
                sets[int(w[1])] = weakref.WeakSet(many(w[2]))
            elif op == "add":
                sets[int(w[1])].add(objs[int(w[2])])
            elif op == "discard":
                sets[int(w[1])].discard(objs[int(w[2])])
            elif op == "remove":
                try:
                    sets[int(w[1])].remove(objs[int(w[2])])
                except KeyError:
                    res = "KeyError"
            elif op == "pop":
                res = sets[int(w[1])].pop().tag
            elif op == "clear":
                sets[int(w[1])].clear()
            elif op in ("update", "isub", "iand", "ixor"):
                s = sets[int(w[1])]
                other = many(w[2])
                if op == "update":
                    s.update(other)
                elif op == "isub":
                    s -= other
                elif op == "iand":
                    iand(s, other)
                else:
                    s ^= other
            elif op in ("union", "inter", "diff", "symdiff"):
                s = sets[int(w[2])]
                other = many(w[3])
                sets[int(w[1])] = {"union": s.union, "inter": s.intersection,
                                   "diff": s.difference,
                                   "symdiff": s.symmetric_difference}[op](other)
            elif op == "copy":
                sets[int(w[1])] = sets[int(w[2])].copy()
            elif op == "drop":
                del objs[int(w[1])]
            elif op == "collect":
                gc.collect()
            elif op == "data":
                res = " ".join("dead" if r() is None else r().tag
                               for r in sets[int(w[1])].data)
                res = f"[{res}]"
            elif op == "repr":
                res = " ".join(tags[int(a, 16)] if a else "dead"
                               for a in REF.findall(repr(sets[int(w[1])])))
                res = f"[{res}]"
            else:
                raise SystemExit(f"bad op {line}")
        except Exception as e:  # noqa: BLE001 - every error is printed
            res = "ERR " + err(e)
        # (What the op held is let go of, so that a dropped member dies at the
        # next collection.)
        o = s = other = None
        if EQS:
            res += " eq " + " ".join(EQS)
            EQS.clear()
        out.append(f"{n} {line} => {res}")
        for k in sorted(sets):
            out.append(f"  S{k} [{' '.join(o.tag for o in sets[k])}]")


if __name__ == "__main__":
    run_main(run_seq, True)
