"""Run ``wvd_gen.py``'s sequences on CPython's WeakValueDictionary.

Used by ``runtime-tests/cpython_differential.rs`` (test ``wvd_random``), whose
``wvd::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 wvd_run.py OPS_FILE``; the file
holds sequences ``SEQ …`` … ``END`` (``wvd_gen.py``'s output; lines starting with
``#`` are comments).

Each op prints ``<n> <op> => <result> | W0=<len> W1=<len>``.  Values are printed by
``fmt`` (handles by their tag ``o<k>``, a dictionary as ``WVD[key:value,…]`` in its
order, a ``KeyedRef`` as ``kr(key:value)``), errors as ``ERR <type>: <message>``.
Handles get a self-cycle (``self.me = self``) and the cyclic collector is disabled,
so that they die only at ``collect`` here too (lethe frees nothing between
collections).  What the acting handles' actions did during a collection is printed
by the ``collect`` op (``done [<action> => <result>; …]``), in the order they ran.

Differences normalized here, each marked ``NORMALIZE`` below (src/differences.rs describes them):

- a dictionary with entries that died while it is iterated (their removals
  pending) does not commit them before the loop ends, whatever the op: CPython
  3.11's ``len()``, ``d[k]``, ``in``, ``get``, ``copy``, ``items()``… commit them, so
  that its open iteration raises "dictionary changed size" at the next step
  (Known limits: "A WeakValueDictionary changed while an iterator over it is open
  commits the removals of entries that died meanwhile only when the last iterator
  closes"; and "An entry that died during the loop (its removal pending) is
  skipped"); its length is then its live entries (``wlen``, the ``len()`` of
  CPython's WeakSet and WeakKeyDictionary);
- what an acting handle's action lets go of is freed by the same collection on
  lethe (every action allocates there, so its ``collect()`` runs a follow-up pass),
  by CPython's at once (reference counting) or by the next one (cycles): so a
  collection here is followed by another whenever actions ran
  (``common.collect_settled``; Known limits, "What a callback or finalizer lets go
  of … unless the callbacks allocated");
- ``valuerefs()`` and ``itervaluerefs()`` leave out the references that died during
  the loop (Known limits: "``weak_iter_refs`` (``itervaluerefs()``…) skips
  references that died during the loop; CPython's yields them, dead");
- CPython's iterators are generators whose suspended frame holds the key and value
  last yielded, keeping them alive until the next step; lethe's hold nothing, so
  ``unhold`` clears those locals after each step (Known limits: "A paused iterator
  holds nothing").
"""
import copy
import gc
import weakref

gc.disable()

from common import (KNode, Node, UNode, collect_settled, fmt_value, run_main,  # noqa: E402
                    unhold_locals)


def unhold(g):
    """NORMALIZE: drop the references a suspended iterator generator holds."""
    unhold_locals(g, ("k", "v", "wr", "obj", "key", "o"))


class DNode(Node):
    """Runs its action (``self.act``) when it dies."""

    def __del__(self):
        if ST is not None:  # (not after its sequence)
            ST.act(self.act)


def fmt(v):
    return fmt_value(v, own_fmt)


def own_fmt(v):
    if isinstance(v, weakref.WeakValueDictionary):
        return "WVD[" + ",".join(f"{fmt(k)}:{fmt(x)}" for k, x in v.items()) + "]"
    if isinstance(v, weakref.KeyedRef):
        o = v()
        return f"kr({fmt(v.key)}:{'dead' if o is None else fmt(o)})"
    return None


def err(e):
    return f"{type(e).__name__}: {e}"


def wlen(d):
    """NORMALIZE: the live entries, without committing pending removals (those
    ``State.op_guarded`` set aside included)."""
    return len(d.data) - len(d._pending_removals) - len(getattr(d, "stashed", ()))


def live_refs(refs):
    """NORMALIZE: the references that died during a loop are left out."""
    return [r for r in refs if r() is not None]


class State:
    """One sequence's handles, dictionaries, open iterators and actions' log."""

    def __init__(self):
        self.H = [None] * 6
        self.W = {"W0": weakref.WeakValueDictionary(), "W1": weakref.WeakValueDictionary()}
        self.I = [None, None]
        self.keep = []  # the callback references
        self.log = []
        self.cnt = 0

    def mk(self, cls, *a):
        self.cnt += 1
        return cls(f"o{self.cnt}", *a)

    def X(self, t):
        """A key or value token: h<i> handle, k<n> int, kT True, sa/sb/sx str,
        T1/T2 tuples, TL a tuple holding a list, L list, E set, U unhashable
        node, tN / tK<k> temporary node, i5 int, None."""
        if t[0] == "h":
            return self.H[int(t[1:])]
        if t[0] == "k" and t[1:].isdigit():
            return int(t[1:])
        if t[0] == "i":
            return int(t[1:])
        return {
            "kT": lambda: True, "sa": lambda: "a", "sb": lambda: "b", "sx": lambda: "x",
            "T1": lambda: (1, "a"), "T2": lambda: ("a", (1, 2)), "TL": lambda: (1, []),
            "L": lambda: [], "E": lambda: set(), "U": lambda: self.mk(UNode),
            "tN": lambda: self.mk(Node), "None": lambda: None,
        }.get(t, lambda: None)() if not t.startswith("tK") else self.mk(KNode, int(t[2:]))

    def SRC(self, t):
        """A source token: W0/W1, none, i5, L, bad3 (a pair of three), badi (an
        int among the pairs), or dict:/pairs:/list: with k=v items."""
        if t in self.W:
            return self.W[t]
        if t == "none":
            return None
        if t == "bad3":
            return [(1, 2, 3)]
        if t == "badi":
            return [5]
        if ":" not in t:
            return self.X(t)
        kind, body = t.split(":", 1)
        items = [p.split("=") for p in body.split(",") if p]
        if kind == "dict":
            return {self.X(a): self.X(b) for a, b in items}
        if kind == "pairs":
            return [(self.X(a), self.X(b)) for a, b in items]
        return [self.X(a) for a, in items]

    def KW(self, t):
        return {a: self.X(b) for a, b in (p.split("=") for p in t[3:].split(","))}

    def act(self, spec):
        """An acting handle's action, run while it dies."""
        try:
            r = self.op_guarded(spec.split())
        except Exception as e:
            r = "ERR " + err(e)
        self.log.append(f"{spec} => {r}")

    def watch(self, o, how, spec):
        if how == "cb":
            self.keep.append(weakref.ref(o, lambda _wr, s=spec: self.act(s)))
        else:
            weakref.finalize(o, self.act, spec)

    def next(self, i):
        it, kind = self.I[i]
        while True:
            try:
                e = next(it)
            except StopIteration:
                return "s:stop"
            unhold(it)
            if kind == "refs" and e() is None:
                continue  # NORMALIZE: a reference that died during the loop
            return fmt(e)

    def op(self, w):
        """One op (an action's too); its result, formatted."""
        op = w[0]
        W = self.W
        if op == "new":
            i = int(w[1])
            if w[2] == "N":
                o = self.mk(Node)
            elif w[2] == "K":
                o = self.mk(KNode, int(w[3]))
            elif w[3] == "del":
                o = self.mk(DNode)
                o.act = " ".join(w[4:])
            else:
                o = self.mk(Node)
                self.watch(o, w[3], " ".join(w[4:]))
            self.H[i] = o
            return fmt(o)
        if op == "drop":
            self.H[int(w[1])] = None
            return "None"
        if op == "watch":
            self.watch(self.H[int(w[1])], w[2], " ".join(w[3:]))
            return "None"
        if op == "collect":
            # NORMALIZE: lethe's follow-up pass. Every action (a `__del__`'s too)
            # logs and allocates on lethe's side, so: another pass after any pass in
            # which actions ran.
            collect_settled(lambda: len(self.log))
            log, self.log = self.log, []
            return "done [" + "; ".join(log) + "]"
        if op == "mk":
            a = self.SRC(w[2])
            kw = self.KW(w[3]) if len(w) > 3 else {}
            W[w[1]] = weakref.WeakValueDictionary()  # (what a failure leaves)
            W[w[1]] = weakref.WeakValueDictionary(*([] if a is None else [a]), **kw)
            return fmt(W[w[1]])
        if op == "iter":
            i = int(w[1])
            self.I[i] = None
            d = W[w[2]]
            it = {"iter": lambda: iter(d), "keys": lambda: iter(d.keys()),
                  "values": lambda: iter(d.values()), "items": lambda: iter(d.items()),
                  "refs": d.itervaluerefs}[w[3]]()
            self.I[i] = (it, w[3])
            return self.next(i)
        if op in ("next", "close") and self.I[int(w[1])] is None:
            return "s:noiter"
        if op == "next":
            return self.next(int(w[1]))
        if op == "close":
            self.I[int(w[1])][0].close()
            self.I[int(w[1])] = None
            return "s:closed"
        d = W[w[1]] if w[1] in W else None
        if op == "set":
            k = self.X(w[2])  # (the key's token first, as lethe's runner reads them)
            d[k] = self.X(w[3])
            return "None"
        if op == "get":
            return fmt(d[self.X(w[2])])
        if op == "del":
            del d[self.X(w[2])]
            return "None"
        if op == "getd":
            k = self.X(w[2])
            return fmt(d.get(k, self.X(w[3])) if len(w) > 3 else d.get(k))
        if op == "in":
            return fmt(self.X(w[2]) in d)
        if op == "len":
            return fmt(wlen(d))
        if op == "show":
            return fmt(d)
        if op == "setdefault":
            k = self.X(w[2])
            return fmt(d.setdefault(k, self.X(w[3])) if len(w) > 3 else d.setdefault(k))
        if op == "pop":
            return fmt(d.pop(self.X(w[2])))
        if op == "popd":
            return fmt(d.pop(self.X(w[2]), self.X(w[3])))
        if op == "popitem":
            return fmt(d.popitem())
        if op == "update":
            a = self.SRC(w[2])
            kw = self.KW(w[3]) if len(w) > 3 else {}
            d.update(a, **kw)
            return "None"
        if op == "clear":
            d.clear()
            return "None"
        if op == "keys":
            return fmt(list(d.keys()))
        if op == "values":
            return fmt(list(d.values()))
        if op == "items":
            return fmt(list(d.items()))
        if op == "list":
            return fmt(list(d))
        if op == "valuerefs":
            return fmt(live_refs(d.valuerefs()))
        if op == "itervaluerefs":
            return fmt(live_refs(d.itervaluerefs()))
        if op in ("kr", "krcb"):
            refs = live_refs(d.valuerefs())
            i = int(w[2])
            if i >= len(refs):
                return "s:none"
            r = refs[i]
            if op == "krcb":
                # The removal callback called by hand on a live reference.
                return fmt(r.__callback__(r))
            return (f"{type(r).__name__} {fmt(r)} key={fmt(r.key)} "
                    f"{fmt(r() is d[r.key])} {fmt(r.__callback__ is not None)}")
        if op == "eq":
            a, b = (self.SRC(w[1]), self.SRC(w[2]))
            return fmt(a == b) + " " + fmt(a != b)
        if op == "or":
            return fmt(self.SRC(w[1]) | self.SRC(w[2]))
        if op == "ior":
            d |= self.SRC(w[2])
            W[w[1]] = d
            return "None"
        if op == "copy":
            W[w[2]] = d.copy()
            return fmt(W[w[2]])
        if op == "ccopy":
            W[w[2]] = copy.copy(d)
            return fmt(W[w[2]])
        raise SystemExit("unknown op " + op)

    def op_guarded(self, w):
        """NORMALIZE: the op without committing removals pending in a dictionary
        being iterated (its length then counts its live entries, ``wlen``)."""
        saved = {}
        for name, d in self.W.items():
            if not (d._iterating and d._pending_removals):
                continue
            if hasattr(d, "stashed"):  # (an action of an op: the op restores them)
                d.stashed += d._pending_removals
                d._pending_removals = []
            else:
                saved[name] = d
                d.stashed, d._pending_removals = d._pending_removals, []
        try:
            return self.op(w)
        finally:
            for d in saved.values():
                d._pending_removals = d.stashed + d._pending_removals
                del d.stashed
                if not d._iterating:
                    d._commit_removals()


ST = None


def run_seq(lines, out):
    global ST
    ST = st = State()
    for n, line in enumerate(lines):
        w = line.split()
        try:
            res = st.op_guarded(w)
        except Exception as e:
            res = "ERR " + err(e)
            if w[0] == "iter":
                st.I[int(w[1])] = None
        lens = " ".join(f"{k}={wlen(st.W[k])}" for k in sorted(st.W))
        out.append(f"{n} {line} => {res} | {lens}")
    for it in st.I:
        if it is not None:
            it[0].close()
    ST = None
    st.W.clear()
    st.H = None
    st.keep = None
    del st
    gc.collect()
    # (The finalizers left registered hold the finished sequence's actions.)
    for f in list(weakref.finalize._registry):
        f.detach()


if __name__ == "__main__":
    run_main(run_seq, freeze=True)
