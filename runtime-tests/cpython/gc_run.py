"""Run ``gc_gen.py``'s sequences on CPython's cyclic collector.

Used by ``runtime-tests/cpython_differential.rs`` (test ``collection_random``),
whose ``collection::run`` runs the same ops on lethe and prints the same format;
the test compares the outputs line by line.  Usage: ``python3 gc_run.py OPS_FILE``.

Each op prints ``<n> <op> => <result>``.  ``collect`` prints ``done [<lines>]
errors [<errors>]`` (what the ``__del__``s, weak reference callbacks and
finalizers it ran logged, and the exceptions they raised, caught by
``sys.unraisablehook`` as lethe's ``CollectReport.errors``), then ``state W
[<ref>=<referent>,…] NW [<label>=<referent>,…] F [<label>=<alive>,…] reach
[<tag>:<getweakrefcount>,…]``: the program's weak references, those the
``__del__``s made, the finalizers, and every object the roots (the slots ``H`` and
the resurrection list ``R``) reach, with its weak reference count.

A callable (``__del__`` labelled ``del:<tag>``, a reference's callback ``w<n>`` or
``x<n>``, a finalizer's function ``f<n>``, and those ``__del__`` makes, ``nwc:<tag>``
and ``nf:<tag>``) logs its label, then each action's result: ``rd:k`` (what
``W[k]()`` gives), ``drop:i`` (``H[i] = None``), ``newk`` (an object ``n:<label>``
kept in ``R``), ``newd`` (an object ``n:<label>`` with a ``__del__``, dropped),
``raise`` (``ValueError(<label>)``, last); and in a ``__del__``: ``res`` (``self``
into ``R``), ``resp`` (``self.p0`` into ``R``), ``nwr`` / ``nwrc`` (a new weak
reference to ``self``, without / with a callback, kept in ``NW``), ``nfin`` (a new
``finalize(self, …)``).  A ``__del__`` of the program's objects also logs
``cbs=<n>``, how many callbacks and finalizers have run so far in the sequence:
CPython 3.11 runs every weak reference callback of a collection
(``handle_weakrefs``) before any ``__del__`` (``finalize_garbage``), as lethe's
steps 4 and 5 do, so the count is the same whatever the order within each phase.

Every object holds itself (``o.me = o``) and the automatic collector is off, so an
object dies only at ``collect`` here too, never at once by reference counting.

Normalized here, each marked ``NORMALIZE`` below:

- the order of what one ``collect`` ran: CPython's order across objects dying
  together is its collector's list's (unspecified; lethe's is oldest referent
  first), and lethe's passes group the dead differently from CPython's repeated
  collections (next item), so a collection's lines are sorted, and so are its
  errors (the count ``cbs=`` keeps the callbacks-before-``__del__`` order checked);
- what a callable lets go of (a slot it drops, an object it makes and drops) is
  freed by CPython's next collection, by lethe's in a follow-up pass of the same
  one, since every callable allocates on lethe's side (src/differences.rs:
  "What a callback or finalizer lets go of … unless the callbacks allocated"): a
  ``collect`` here is ``gc.collect()`` repeated while callables run
  (``common.collect_settled``; counted as they start: one whose action raises logs
  nothing, and allocated all the same).
"""
import gc
import sys
import weakref

gc.disable()

from common import collect_settled, err, run_main  # noqa: E402

NH = 8


class N:
    """An object without ``__del__``, tagged ``tag``."""

    def __init__(self, tag):
        self.tag = tag
        self.me = self


class D(N):
    """An object whose ``__del__`` runs the actions ``acts``."""

    def __init__(self, tag, acts):
        super().__init__(tag)
        self.acts = acts

    def __del__(self):
        if ST is not None:  # (not the objects a finished sequence left)
            ST.run(f"del:{self.tag}", self.acts, self)


class State:
    def __init__(self):
        self.H = [None] * NH
        self.R = []  # what the __del__s resurrect
        self.W = []  # the program's weak references (`wr`), by number
        self.X = 0  # how many references the objects hold (`wrin`)
        self.NW = {}  # label -> a reference a __del__ made
        self.F = []  # the program's finalizers (`fin`), by number
        self.NF = {}  # label -> a finalizer a __del__ made
        self.cnt = 0
        self.cbs = 0
        self.log = []
        self.errs = []
        self.ran = 0  # callables and __del__s started (see collect)

    def callable(self, label, acts, counted=True):
        """A callback or finalizer function ``label`` running ``acts``."""
        def f(*_):
            if counted:
                self.cbs += 1
            self.run(label, acts, None)
        return f

    def run(self, label, acts, me):
        self.ran += 1
        words = [label]
        if me is not None and not me.tag.startswith("n:"):
            words.append(f"cbs={self.cbs}")
        raise_ = False
        for a in acts.split(","):
            if a == "-":
                continue
            if a == "raise":
                raise_ = True
                continue
            words.append(f"{a}={self.act(a, label, me)}")
        self.log.append(" ".join(words))
        if raise_:
            raise ValueError(label)

    def act(self, a, label, me):
        if a.startswith("rd:"):
            return fmt(self.W[int(a[3:])]())
        if a.startswith("drop:"):
            self.H[int(a[5:])] = None
            return "None"
        if a == "newk":
            self.R.append(N(f"n:{label}"))
            return f"n:{label}"
        if a == "newd":
            D(f"n:{label}", "-")
            return f"n:{label}"
        if a == "res":
            self.R.append(me)
            return me.tag
        if a == "resp":
            p = getattr(me, "p0", None)
            if p is not None:
                self.R.append(p)
            return fmt(p)
        if a == "nwr":
            self.NW[f"nw:{me.tag}"] = weakref.ref(me)
            return "None"
        if a == "nwrc":
            k = f"nwc:{me.tag}"
            self.NW[k] = weakref.ref(me, self.callable(k, "-"))
            return "None"
        if a == "nfin":
            k = f"nf:{me.tag}"
            self.NF[k] = weakref.finalize(me, self.callable(k, "-"))
            return "None"
        raise SystemExit("unknown action " + a)

    def op(self, w):
        op = w[0]
        if op == "new":
            self.cnt += 1
            tag = f"o{self.cnt}"
            self.H[int(w[1])] = N(tag) if w[2] == "N" else D(tag, w[3])
            return tag
        if op == "drop":
            self.H[int(w[1])] = None
            return "None"
        if op == "link":
            setattr(self.H[int(w[1])], f"p{w[2]}", self.H[int(w[3])])
            return "None"
        if op == "wr":
            label = f"w{len(self.W)}"
            cb = None if w[2] == "-" else self.callable(label, w[2])
            self.W.append(weakref.ref(self.H[int(w[1])], cb))
            return label
        if op == "wrin":
            label = f"x{self.X}"
            self.X += 1
            self.H[int(w[1])].w = weakref.ref(self.H[int(w[2])], self.callable(label, w[3]))
            return label
        if op == "fin":
            label = f"f{len(self.F)}"
            self.F.append(weakref.finalize(self.H[int(w[1])], self.callable(label, w[2])))
            return label
        if op == "unres":
            self.R.clear()
            return "None"
        if op == "collect":
            collect_settled(lambda: self.ran)
            log, self.log = sorted(self.log), []  # NORMALIZE: the order (header)
            errs, self.errs = sorted(self.errs), []
            return f"done [{'; '.join(log)}] errors [{'; '.join(errs)}] {self.state()}"
        raise SystemExit("unknown op " + op)

    def state(self):
        w = ",".join(f"w{k}={fmt(r())}" for k, r in enumerate(self.W))
        nw = ",".join(f"{k}={fmt(self.NW[k]())}" for k in sorted(self.NW))
        f = ",".join([f"f{k}={x.alive}" for k, x in enumerate(self.F)]
                     + [f"{k}={self.NF[k].alive}" for k in sorted(self.NF)])
        seen = {}
        todo = [o for o in self.H + self.R if o is not None]
        while todo:
            o = todo.pop()
            if o.tag in seen:
                continue
            seen[o.tag] = weakref.getweakrefcount(o)
            todo += [p for p in (getattr(o, "p0", None), getattr(o, "p1", None)) if p is not None]
        reach = ",".join(f"{t}:{seen[t]}" for t in sorted(seen))
        return f"state W [{w}] NW [{nw}] F [{f}] reach [{reach}]"


def fmt(o):
    return "None" if o is None else o.tag


ST = None


def unraisable(u):
    if ST is not None:
        ST.errs.append(err(u.exc_value))


sys.unraisablehook = unraisable


def run_seq(lines, out):
    global ST
    ST = st = State()
    for n, line in enumerate(lines):
        try:
            res = st.op(line.split())
        except Exception as e:
            res = "ERR " + err(e)
        out.append(f"{n} {line} => {res}")
    for f in list(weakref.finalize._registry):
        f.detach()
    st.H = st.R = st.W = st.NW = st.F = st.NF = None
    ST = None
    del st
    gc.collect()


if __name__ == "__main__":
    run_main(run_seq, freeze=True)
