"""Run ``refs_gen.py``'s operation sequences on CPython and print one line per op.

Used by ``runtime-tests/cpython_differential.rs`` (test ``refs_random``), whose
``refs::run`` runs the same ops on lethe and prints the same format; the test
compares the two outputs line by line.  Usage: ``python3 refs_run.py OPS_FILE``.

Each line is ``<op> => <result>`` (the result, or ``Type: message`` for an
exception); ``collect`` is followed by one indented line per callback it ran and
one per error a callback raised.  Every object and function gets a self-cycle
(``o.me = o``) and the cyclic collector is disabled, so that objects die only at
``collect`` here too (lethe frees nothing between collections).

Differences normalized here, each marked ``NORMALIZE`` below (src/differences.rs describes the documented ones):

- addresses (``0x…``) are masked, they differ between any two runs;
- a dead proxy's repr: lethe's is ``<weakproxy at 0x…; dead>`` (its spec's form,
  asserted by ``runtime-tests/reprs.rs``), CPython's names ``NoneType``;
- ``hash`` prints only small hashes (the keys' own ``__hash__``): an object's hash
  is lethe's own function (Known limits: "Values differ … in their hashed forms");
- ``isinstance(dead proxy, C)`` answers from the proxy's own type (Known limits),
  CPython's raises ``ReferenceError``;
- the callbacks a collection runs are listed grouped by referent (in run order
  within one), and the errors sorted: the order across objects dying together is
  not defined by CPython (Known limits, on ``collect()`` during shutdown).
"""
import gc
import sys
import weakref

gc.disable()
NO, NR, NF, NB = 6, 8, 3, 3
from common import err, norm


class C:
    def m(self):
        return "m:" + self.name


class E:
    def m(self):
        return "m:" + self.name

    def __eq__(self, other):
        return self.key == getattr(other, "key", None)

    def __hash__(self):
        return self.key


class Q:
    def m(self):
        return "m:" + self.name

    def __eq__(self, other):
        return self.key == getattr(other, "key", None)


class S:
    def m(self):
        return "m:" + self.name

    def __len__(self):
        return self.key

    def __getitem__(self, i):
        if i >= self.key:
            raise IndexError("S index out of range")
        return i * 10

    def __call__(self, *a):
        return "called:" + self.name + ":" + str(len(a))

    def __repr__(self):
        return "<S " + self.name + ">"

    def __lt__(self, other):
        return self.key < getattr(other, "key", -1)


class Z:
    def m(self):
        return "m:" + self.name

    def __bool__(self):
        return self.key % 2 == 1

    def __contains__(self, x):
        return x == self.key

    def __str__(self):
        return "Z-str:" + self.name


CLS = dict(C=C, E=E, Q=Q, S=S, Z=Z)


def is_proxy(r):
    return type(r) in weakref.ProxyTypes


class State:
    def __init__(self):
        self.O = [None] * NO
        self.R = [None] * NR
        self.F = [None] * NF
        self.B = [None] * NB
        self.keep = []
        self.cblog = []  # (referent group, line)
        self.errs = []
        self.silent = False


st = None


def slot_of(r):
    for j, x in enumerate(st.R):
        if x is r:
            return j
    return -1


def desc(r):
    if is_proxy(r):
        return f"proxy slot={slot_of(r)} repr={norm(repr(r))}"
    return f"ref dead={r() is None} slot={slot_of(r)} repr={norm(repr(r))}"


def make_cb(kind, tag, group):
    if kind == "none":
        return None
    if kind == "nocall":
        return 42
    if kind == "log":
        def cb(r):
            if not st.silent:
                st.cblog.append((group, f"cb {tag}: {desc(r)}"))
        return cb

    def cbr(r):
        if not st.silent:
            st.cblog.append((group, f"cbraise {tag}: {desc(r)}"))
        raise ValueError("boom " + tag)
    return cbr


def hook(u):
    if not st.silent:
        st.errs.append(err(u.exc_value))


sys.unraisablehook = hook


def val(kind):
    """A value of another type, for ``refv`` (weak references to builtins etc.)."""
    simple = {"int": lambda: 5, "str": lambda: "s", "list": list, "dict": dict,
              "tuple": tuple, "float": lambda: 1.5, "none": lambda: None,
              "bool": lambda: True, "object": object, "set": set,
              "frozenset": frozenset, "cls": lambda: C}
    if kind in simple:
        return simple[kind]()
    if kind == "func":
        def g():
            pass
        return g
    o = C()
    o.me = o
    o.name = "x"
    if kind == "bound":
        return o.m
    st.keep.append(o)
    if kind == "ref":
        return weakref.ref(o)
    if kind == "proxy":
        return weakref.proxy(o)
    return weakref.WeakMethod(o.m)


def fmt(v):
    if isinstance(v, bool) or v is None or isinstance(v, int):
        return repr(v)
    return norm(repr(v))


def new_state():
    global st
    if st is not None:
        # The previous sequence's leftovers die silently.
        st.silent = True
        st.O = st.R = st.F = st.B = st.keep = None
        gc.collect()
    st = State()


def step(t):
    O, R, F, B = st.O, st.R, st.F, st.B
    op = t[0]
    a = t[1:]
    if op == "new":
        i = int(a[0])
        o = CLS[a[1]]()
        o.me = o
        o.key = int(a[2])
        o.name = "o" + a[3]
        O[i] = o
        return "ok"
    if op == "del":
        O[int(a[0])] = None
        return "ok"
    if op in ("ref", "proxy", "wm"):
        j, i = int(a[0]), int(a[1])
        cbk, s, grp = a[2], a[3], a[4]
        if op == "wm":
            grp = grp + "/wm" + s
        cb = make_cb(cbk, f"{op}{s}", grp)
        R[j] = None
        if op == "ref":
            r = weakref.ref(O[i], cb)
        elif op == "proxy":
            r = weakref.proxy(O[i], cb)
        else:
            r = weakref.WeakMethod(O[i].m, cb)
        R[j] = r
        return "ok " + fmt(type(r))
    if op == "newf":
        def g(self):
            return "g:" + self.name
        g.__qualname__ = "g"  # as lethe's native function "g" is named
        g.me = g
        F[int(a[0])] = g
        return "ok"
    if op == "delf":
        F[int(a[0])] = None
        return "ok"
    if op == "wmf":
        # A WeakMethod whose function is F[f], reachable only through it.
        j, i, f = int(a[0]), int(a[1]), int(a[2])
        cbk, s, grp = a[3], a[4], a[5]
        cb = make_cb(cbk, f"wmf{s}", grp + "/wmf" + s)
        R[j] = None
        cls = type(O[i])
        cls.g = F[f]
        bm = O[i].g
        del cls.g
        r = weakref.WeakMethod(bm, cb)
        del bm
        R[j] = r
        return "ok"
    if op == "bind":
        B[int(a[0])] = O[int(a[1])].m
        return "ok"
    if op == "unbind":
        B[int(a[0])] = None
        return "ok"
    if op == "refv":
        j = int(a[0])
        R[j] = None
        v = val(a[1])
        f = {"ref": weakref.ref, "proxy": weakref.proxy, "wm": weakref.WeakMethod}[a[2]]
        r = f(v)
        t = fmt(type(r))
        del r, v
        return "ok " + t
    if op == "dref":
        R[int(a[0])] = None
        return "ok"
    if op == "collect":
        gc.collect()
        log = st.cblog
        st.cblog = []
        res = []
        # NORMALIZE: callbacks grouped by referent, errors sorted.
        for g in sorted(set(g for g, _ in log)):
            res += [line for gg, line in log if gg == g]
        res += ["error " + e for e in sorted(st.errs)]
        st.errs = []
        return "collected" + "".join("\n  " + line for line in res)
    if op == "count":
        return str(weakref.getweakrefcount(O[int(a[0])]))
    if op == "refs":
        return str([slot_of(r) for r in weakref.getweakrefs(O[int(a[0])])])
    r = R[int(a[0])]
    if op == "call":
        return fmt(r())
    if op == "callp":
        return fmt(r(*range(int(a[1]))))
    if op == "is":
        return str(r is R[int(a[1])])
    if op == "eq":
        return str(r == R[int(a[1])])
    if op == "ne":
        return str(r != R[int(a[1])])
    if op == "eqo":
        return str(r == O[int(a[1])])
    if op == "oeq":
        return str(O[int(a[1])] == r)
    if op == "hash":
        # NORMALIZE: only the keys' own small hashes are comparable.
        h = hash(r)
        return str(h) if 0 <= h < 100 else "h"
    if op == "repr":
        return norm(repr(r))
    if op == "str":
        return norm(str(r))
    if op == "ga":
        return fmt(getattr(r, a[1]))
    if op == "sa":
        setattr(r, a[1], int(a[2]))
        return "ok"
    if op == "da":
        delattr(r, a[1])
        return "ok"
    if op == "len":
        return str(len(r))
    if op == "bool":
        return str(bool(r))
    if op == "gi":
        return fmt(r[int(a[1])])
    if op == "iter":
        return fmt(list(r))
    if op == "in":
        return str(int(a[1]) in r)
    if op == "lt":
        return str(bool(r < R[int(a[1])]))
    if op == "lto":
        return str(bool(r < O[int(a[1])]))
    if op == "olt":
        return str(bool(O[int(a[1])] < r))
    if op == "type":
        return fmt(type(r))
    if op == "isi":
        cls = CLS[a[1]]
        try:
            return str(isinstance(r, cls))
        except ReferenceError:
            # NORMALIZE: a dead proxy answers from its own type (Known limits).
            return str(issubclass(type(r), cls))
    raise Exception("unknown op " + op)


def main():
    # Lines are written as they come: a list of them would make every
    # gc.collect() traverse it.
    out = sys.stdout
    with open(sys.argv[1]) as f:
        for line in f:
            t = line.split()
            if not t:
                continue
            if t[0] == "seq":
                new_state()
                out.write(line.strip() + "\n")
                continue
            try:
                res = step(t)
            except Exception as e:
                res = err(e)
            out.write(line.strip() + " => " + res + "\n")


if __name__ == "__main__":
    # What exists now (modules, classes) is left out of every collection: a
    # gc.collect() then costs what the sequence made, not the interpreter's size.
    gc.freeze()
    main()
