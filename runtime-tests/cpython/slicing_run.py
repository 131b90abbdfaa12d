"""Run ``slicing_gen.py``'s sequences on CPython's lists and print one line per op.

Used by ``runtime-tests/cpython_differential.rs`` (test ``slicing_random``), whose
``slicing::run`` runs the same ops on lethe and prints the same format; the test
compares the two outputs line by line.  Usage: ``python3 slicing_run.py OPS_FILE``.

Each sequence starts with its header (``SEQ seed n``); each op prints
``<op> => <result> <repr of X>``, the result being the slice's repr for ``get``,
``None`` for ``set`` and ``del``, or ``Type: message`` for an exception.  Objects
get a self-cycle (``self.me = self``) and the cyclic collector is disabled, so that
they die only at a collection here too (lethe frees nothing between collections).
Members of a WeakSet print as ``W`` (set order differs between the two).

Differences normalized here, each marked ``NORMALIZE`` below (src/differences.rs describes them):

- what a finalizer lets go of is freed by the same collection when the finalizers
  allocated (a follow-up pass of lethe's ``collect()``), by CPython's at once
  (reference counting) or by the next one (cycles): so a collection here is
  followed by another whenever finalizers ran (Known limits: "What a callback or
  finalizer lets go of … unless the callbacks allocated").
"""
import gc
import sys
import weakref

from common import collect_settled, err

gc.disable()


class Cyc:
    def __init__(self, n=0):
        self.me = self
        self.n = n

    def __index__(self):
        return self.n

    def __repr__(self):
        return "W" if self.n >= 400 else f"Cyc({self.n})"


X = None
# Finalizers run so far, and whether a collection is underway.
RAN = [0]
IN_GC = [False]


def fin(a):
    RAN[0] += 1
    act(a)


def ins88():
    RAN[0] += 1
    X.insert(0, 88)


def collect():
    # As lethe's collect(): nothing when called by a finalizer during a collection.
    if IN_GC[0]:
        return
    IN_GC[0] = True
    try:
        # NORMALIZE: lethe's follow-up pass. The finalizers that let anything go
        # (clr, del2, gcf) allocate on lethe's side (a bound method, an object),
        # so: another pass after any pass that ran finalizers.
        collect_settled(lambda: RAN[0])
    finally:
        IN_GC[0] = False


def act(a):
    x = X
    if a == "gc":
        collect()
    elif a == "app":
        x.append(77)
    elif a == "clr":
        x.clear()
    elif a == "del2":
        for _ in range(min(2, len(x))):
            x.pop(0)
    elif a == "ext3":
        x.append(5)
        x.append(6)
        x.append(7)
    elif a == "gcf":
        c = Cyc()
        weakref.finalize(c, ins88)
        del c
        collect()
    elif a == "raise":
        raise ValueError("act")


class CI:
    def __init__(self, n, a):
        self.n = n
        self.a = a

    def __index__(self):
        act(self.a)
        return self.n


class It:
    def __init__(self, n, a):
        self.n = n
        self.a = a
        self.k = 0

    def __iter__(self):
        return self

    def __next__(self):
        act(self.a)
        if self.k >= self.n:
            raise StopIteration
        self.k += 1
        return 100 + self.k


def bound(tok):
    if tok == "N":
        return None
    t = tok.split(":")
    if t[0] == "i":
        return int(t[1])
    if t[0] == "c":
        return CI(int(t[1]), t[2])
    if t[0] == "p":
        return weakref.proxy(Cyc(int(t[1])))
    raise SystemExit("bad bound " + tok)


def value(tok, keep):
    t = tok.split(":")
    if t[0] == "l":
        return [200 + k for k in range(int(t[1]))]
    if t[0] == "t":
        return tuple(300 + k for k in range(int(t[1])))
    if t[0] == "it":
        return It(int(t[1]), t[2])
    if t[0] == "ws":
        ws = weakref.WeakSet()
        for k in range(int(t[1])):
            c = Cyc(400 + k)
            keep.append(c)
            ws.add(c)
        for k in range(int(t[2])):
            ws.add(Cyc(500 + k))
        return ws
    if t[0] == "x":
        return X
    if t[0] == "fz":
        out = []
        for k in range(int(t[1])):
            c = Cyc(600 + k)
            weakref.finalize(c, fin, t[2])
            out.append(c)
        return out
    if t[0] == "int":
        return 5
    raise SystemExit("bad value " + tok)


def detach_all():
    for f in list(weakref.finalize._registry):
        f.detach()


def main():
    global X
    keep = []
    out = []
    with open(sys.argv[1]) as f:
        for line in f:
            line = line.strip()
            w = line.split()
            if not w:
                continue
            if w[0] == "SEQ":
                # The previous sequence's objects go without running anything.
                detach_all()
                X = None
                keep = []
                gc.collect()
                sys.stdout.write("".join(out))
                out = []
                X = list(range(int(w[2])))
                out.append(line + "\n")
                continue
            if w[0] == "pre":
                c = Cyc()
                if w[1] == "gcf":
                    weakref.finalize(c, ins88)
                else:
                    weakref.finalize(c, fin, w[1])
                del c
                out.append(line + "\n")
                continue
            keep = []
            v = s = None
            try:
                if w[0] == "set":
                    v = value(w[4], keep)
                s = slice(bound(w[1]), bound(w[2]), bound(w[3]))
                if w[0] == "get":
                    r = repr(X[s])
                elif w[0] == "set":
                    X[s] = v
                    r = "None"
                elif w[0] == "del":
                    del X[s]
                    r = "None"
                else:
                    raise SystemExit("unknown op " + w[0])
            except Exception as e:
                r = err(e)
            v = s = None
            out.append(f"{line} => {r} {X!r}\n")
    sys.stdout.write("".join(out))
    # Not at exit: the finalizers left would run then.
    detach_all()


if __name__ == "__main__":
    # What exists now (modules, classes) is left out of every collection.
    gc.freeze()
    main()
