"""Run ``finalize_gen.py``'s sequences on CPython's ``weakref.finalize``.

Used by ``runtime-tests/cpython_differential.rs`` (test ``finalize_random``), whose
``finalizers::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 finalize_run.py OPS_FILE``.

Each op prints ``<n> <op> => <result>``.  Values are printed by ``fmt``: objects by
their tag ``o<k>``, the finalizer made by a sequence's ``n``-th ``fin`` op as
``z<n>``, its function as ``f<n>`` (a ``meth`` peer's bound method as ``m(p<k>)``), a dict
as ``{k:v,…}``; errors as ``ERR <type>: <message>``.  What the functions and weak
reference callbacks log (their arguments, what an ``act`` did) is printed by the op
that ran them: ``collect`` and ``exit`` print ``done [<lines>] errors [<errors>]``,
in the order they ran; an exception a finalizer raised during a collection
(CPython's ``sys.unraisablehook``) or at exit (``sys.excepthook``) is one line
``<type>: <message>``, as lethe's ``CollectReport.errors`` and ``shutdown()``'s.
Objects hold themselves and the cyclic collector is disabled, so they die only at
``collect`` here too.

Differences normalized here, each marked ``NORMALIZE`` below
(src/differences.rs):

- what a finalizer lets go of (its arguments, once it has run) is freed by
  CPython's next collection (the objects hold themselves), by lethe's in a
  follow-up pass of the same one, since every function allocates on lethe's side
  ("What a callback or finalizer lets go of … unless the callbacks allocated"): a
  collection here (a function's ``collect`` too) is repeated while its callbacks
  logged anything, at most ``1 + MAX_FOLLOW_UPS`` times;
- after ``exit`` no op collects (lethe's ``collect()`` does nothing after
  shutdown, CPython's still runs weak reference callbacks: "``collect()`` and
  ``step()`` called during shutdown … do nothing"), and a function's ``collect``
  during ``exit`` is not generated for the same reason.
"""
import contextlib
import gc
import sys
import weakref

gc.disable()

from common import HEX, Node, collect_settled, err, fmt_value, run_main  # noqa: E402


class Peer:
    """A ``meth`` function's object (``p<n>``), made for the finalizer of object
    ``group`` and held by that finalizer only."""

    def __init__(self, tag, group):
        self.tag, self.group = tag, group

    def m(self, *a, **kw):
        with ST.running(self.group):
            ST.line(f"m({self.tag})({ST.args(a, kw)})")
        return None


class State:
    def __init__(self):
        self.H = [None] * 4
        self.F = [None] * 6
        self.fins = []  # every finalizer made, by number
        self.funcs = {}  # id -> label of the functions made
        self.keep = []
        self.log = []
        self.errs = []
        self.cnt = 0
        self.nfin = 0
        self.exiting = False
        self.depth = 0
        self.group = None

    @contextlib.contextmanager
    def running(self, group):
        """A callback or function of object ``group`` runs: its lines and those of
        what it calls are grouped under ``group``, unless called by another."""
        if self.depth == 0:
            self.group = group
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1

    def line(self, s):
        self.log.append((self.group, s))

    def fmt(self, v):
        return fmt_value(v, self.own)

    def own(self, v):
        """The printed form of this runner's own values (``None``: not one)."""
        if isinstance(v, dict):
            return "{" + ",".join(f"{k}:{self.fmt(x)}" for k, x in v.items()) + "}"
        if isinstance(v, weakref.finalize):
            for n, f in enumerate(self.fins):
                if f is v:
                    return f"z{n}"
            return "z?"
        if isinstance(v, Peer):
            return v.tag
        if hasattr(v, "__self__") and isinstance(v.__self__, Peer):
            return f"m({v.__self__.tag})"
        if id(v) in self.funcs:
            return self.funcs[id(v)][0]
        return None

    def args(self, a, kw):
        return ",".join([self.fmt(x) for x in a] + [f"{k}={self.fmt(x)}" for k, x in kw.items()])

    def X(self, t):
        if t[0] == "i":
            return int(t[1:])
        if t[0] == "s":
            return t[1:]
        if t[0] == "h":
            return self.H[int(t[1:])]
        if t[0] == "F":
            return self.F[int(t[1:])]
        raise SystemExit("bad token " + t)

    def func(self, t, label, group):
        if t in ("log", "ret", "raise"):
            def f(*a, **kw):
                with self.running(group):
                    self.line(f"{label}({self.args(a, kw)})")
                if t == "ret":
                    return "r" + label
                if t == "raise":
                    raise ValueError(label)
                return None
        elif t == "meth":
            self.cnt += 1
            return Peer(f"p{self.cnt}", group).m
        elif t.startswith("fin"):
            return self.F[int(t[3:])]
        elif t == "nc":
            return 5
        else:
            spec = t[4:].replace(",", " ")

            def f(*a, **kw):
                with self.running(group):
                    try:
                        r = self.op(spec.split())
                    except Exception as e:
                        r = "ERR " + err(e)
                    self.line(f"{label}({self.args(a, kw)}) {spec} => {r}")
        self.funcs[id(f)] = (label, f)
        return f

    def op(self, w):
        op = w[0]
        if op == "new":
            self.cnt += 1
            self.H[int(w[1])] = Node(f"o{self.cnt}")
            return self.fmt(self.H[int(w[1])])
        if op == "drop":
            self.H[int(w[1])] = None
            return "None"
        if op == "link":
            self.H[int(w[1])].peer = self.H[int(w[2])]
            return "None"
        if op == "wr":
            o = self.H[int(w[1])]
            self.cnt += 1
            label = f"cb{self.cnt}"

            def cb(_r, group=o.tag):
                with self.running(group):
                    self.line(label)

            self.keep.append(weakref.ref(o, cb))
            return label
        if op == "collect":
            if not self.exiting:  # (a function's collect during exit: see the header)
                self.collect()
            return "None"
        if op == "fin":
            n = self.nfin
            self.nfin += 1
            label = f"f{n}"
            o = self.H[int(w[2])]
            fn = self.func(w[3], label, getattr(o, "tag", None))
            a = [self.X(t) for t in w[4:] if not t.startswith("k:")]
            kw = {}
            for t in w[4:]:
                if t.startswith("k:"):
                    k, v = t[2:].split("=")
                    kw[k] = self.X(v)
            self.F[int(w[1])] = None
            f = weakref.finalize(o, fn, *a, **kw)
            self.fins.append(f)
            self.F[int(w[1])] = f
            return f"z{len(self.fins) - 1}"
        if op == "dropf":
            self.F[int(w[1])] = None
            return "None"
        f = self.F[int(w[1])]
        if op == "call":
            return self.fmt(f())
        if op == "detach":
            return self.fmt(f.detach())
        if op == "peek":
            return self.fmt(f.peek())
        if op == "alive":
            return self.fmt(f.alive)
        if op == "atexit":
            return self.fmt(f.atexit)
        if op == "setatexit":
            f.atexit = self.X(w[2]) if w[2] != "None" else None
            return "None"
        if op in ("call1", "call2"):
            return self.fmt(f(1) if op == "call1" else f(1, 2))
        if op == "peekis":
            a, b = f.peek(), f.peek()
            return "None" if a is None else self.fmt((a[2] is b[2], a[3] is b[3]))
        if op == "kwmut":
            p = f.peek()
            if p is not None:
                p[3]["z"] = 9
            return "None"
        if op == "repr":
            return HEX.sub("0x?", repr(f))
        raise SystemExit("unknown op " + op)

    def collect(self):
        """``gc.collect()``; NORMALIZE: repeated while its callbacks logged anything,
        as lethe's follow-up passes (see the header). (A function's, called during a
        collection, does nothing, as lethe's.)"""
        # (What it runs is grouped by its own callbacks' objects, not by the
        # function that collects.)
        depth, group, self.depth = self.depth, self.group, 0
        collect_settled(lambda: len(self.log))
        self.depth, self.group = depth, group

    def drain(self, grouped=True):
        """``done [<lines>] errors [<errors>]``; the lines grouped by object (in
        creation order) and the errors sorted unless ``grouped`` is false (at
        ``exit``, whose order CPython defines)."""
        log, self.log = self.log, []
        errs, self.errs = self.errs, []
        if grouped:
            log.sort(key=lambda e: int(e[0][1:]) if e[0] else 0)
            errs.sort()
        log = [s for _, s in log]
        return f"done [{'; '.join(log)}] errors [{'; '.join(errs)}]"


ST = None


def unraisable(u):
    ST.errs.append(err(u.exc_value))


def excepthook(t, v, tb):
    ST.errs.append(err(v))


sys.unraisablehook = unraisable
sys.excepthook = excepthook


def run_seq(lines, out):
    global ST
    ST = st = State()
    for n, line in enumerate(lines):
        w = line.split()
        try:
            if w[0] == "collect":
                st.collect()
                res = st.drain()
            elif w[0] == "exit":
                st.exiting = True
                weakref.finalize._exitfunc()
                res = st.drain(grouped=False)
            else:
                res = st.op(w)
                if st.log or st.errs:
                    res += " " + st.drain()
        except Exception as e:
            res = "ERR " + err(e)
            if st.log or st.errs:
                res += " " + st.drain()
        out.append(f"{n} {line} => {res}")
    weakref.finalize._shutdown = False
    for f in list(weakref.finalize._registry):
        f.detach()
    ST = None
    st.H = st.F = st.keep = st.fins = st.funcs = None
    del st
    gc.collect()


if __name__ == "__main__":
    run_main(run_seq, freeze=True)
