"""Run ``containers_gen.py``'s sequences on CPython's WeakSet and WeakKeyDictionary.

Used by ``runtime-tests/cpython_differential.rs`` (tests ``containers_random`` and
``containers_edge``), whose ``containers::run`` runs the same ops on lethe and
prints the same format; the test compares the outputs line by line.  Usage:
``python3 containers_run.py OPS_FILE``; the file holds sequences ``SEQ …`` …
``END`` (``containers_gen.py``'s output, or the hand-written ``containers_edge.ops``;
lines starting with ``#`` are comments).

Each op prints ``<n> <op> => <result> | <len of every container>``.  Values are
printed by ``fmt`` (handles by their tag ``o<k>``).  Handles get a self-cycle
(``self.me = self``) and the cyclic collector is disabled, so that they die only at
``collect`` here too (lethe frees nothing between collections).

Differences normalized here, each marked ``NORMALIZE`` below (src/differences.rs describes the documented ones):

- a WeakSet's members, in ``show`` and ``repr``, are sorted, and ``repr``'s
  addresses are replaced by the referents' tags: set order follows hashes and table
  sizes, which differ (Known limits: "Keys of one hash…", "Values differ…");
- ``intersection_update`` keeps the set's own members, as lethe's does (Known
  limits: "s.intersection_update(other) … keeps the set's own members");
- a container compared (``test``, ``cmp``) while entries that died during an
  open iteration await removal compares as its live entries (``live``), and
  ``keyrefs`` leaves out such entries that died while the dictionary is iterated, as
  lethe's does (Known limits: "An entry that died during the loop (its removal
  pending) is skipped …");
- a WeakSet's ``pop`` of one of several members prints ``popped-one`` and puts it
  back, its iterators print ``item`` for every step (end included): which member
  comes first is the set order again; a member yielded twice prints ``BAD twice``;
- CPython's iterators are generators whose suspended frame holds the item last
  yielded, keeping it alive until the next step; lethe's hold nothing, so
  ``unhold`` clears those locals after each step (not a documented difference: an
  implementation detail of CPython's ``_weakrefset``/``weakref`` generators).
"""
import gc
import re
import weakref

gc.disable()

from common import KNode, Node, UNode, fmt_value, run_main, unhold_locals  # noqa: E402


def unhold(g):
    """NORMALIZE: drop the references a suspended iterator generator holds."""
    unhold_locals(g, ("item", "obj", "key", "value", "o"))


idtag = {}


def reg(o):
    idtag[id(o)] = o.tag
    return o


def fmt(v):
    return fmt_value(v, own_fmt)


def own_fmt(v):
    if isinstance(v, weakref.WeakSet):
        return "WS" + show(v)
    if isinstance(v, weakref.WeakKeyDictionary):
        return "WKD" + show(v)
    if isinstance(v, weakref.ref):
        o = v()
        return "ref(dead)" if o is None else f"ref({fmt(o)})"
    return None


def show(c):
    if isinstance(c, weakref.WeakSet):
        # NORMALIZE: set order.
        return "{" + ",".join(sorted(fmt(e) for e in c)) + "}"
    return "[" + ",".join(f"{fmt(k)}:{fmt(v)}" for k, v in c.items()) + "]"


def err(e):
    text = f"{type(e).__name__}: {e}"
    # A `KeyError` showing a weak reference: its address masked, its referent as a
    # tag, as `repr` shows them.
    return normrepr(text) if "<weakref at 0x" in text else text


RX = re.compile(r"<weakref at 0x[0-9a-f]+; (?:to '(\w+)' at (0x[0-9a-f]+)|dead)>")


def normrepr(s):
    """NORMALIZE: a container's repr: addresses masked, members as sorted tags."""
    if s.startswith("<WeakKeyDictionary at 0x"):
        return "<WeakKeyDictionary at X>"
    if s == "set()":
        return s
    items = []
    for m in RX.finditer(s):
        if m.group(1) is None:
            items.append("dead")
        else:
            items.append(f"{m.group(1)}:{idtag.get(int(m.group(2), 16), '?')}")
    return RX.sub("R", s) + " " + ",".join(sorted(items))


def live(c):
    """NORMALIZE: a container with entries that died while it is iterated (their
    removal pending) compares as its live entries: lethe treats such an entry as
    gone, CPython counts it until the loop ends (Known limits: "An entry that died
    during the loop (its removal pending) is skipped, and ==, issubset …")."""
    if isinstance(c, weakref.WeakSet) and c._pending_removals:
        return weakref.WeakSet(list(c))
    if isinstance(c, weakref.WeakKeyDictionary) and c._pending_removals:
        return weakref.WeakKeyDictionary(list(c.items()))
    return c


CMP = {"lt": lambda a, b: a < b, "le": lambda a, b: a <= b, "gt": lambda a, b: a > b,
       "ge": lambda a, b: a >= b, "eq": lambda a, b: a == b, "ne": lambda a, b: a != b}


def run_seq(lines, out):
    H = [None] * 6
    C = {}
    I = [None, None]
    Ikind = [None, None]
    Iyield = [None, None]
    cnt = 0

    def mk(cls, *a):
        nonlocal cnt
        cnt += 1
        return reg(cls(f"o{cnt}", *a))

    def X(t):
        """An operand token: h<i> handle, i<n> int, s str, L list, U unhashable
        node, E set, tN / tK<k> temporary node, None."""
        if t[0] == "h":
            return H[int(t[1:])]
        if t[0] == "i":
            return int(t[1:])
        if t == "s":
            return "a"
        if t == "L":
            return []
        if t == "U":
            return mk(UNode)
        if t == "E":
            return set()
        if t == "tN":
            return mk(Node)
        if t.startswith("tK"):
            return mk(KNode, int(t[2:]))
        if t == "None":
            return None
        raise ValueError(t)

    def IT(t):
        """An iterable token: a container name, none, an operand, or
        list:/tuple:/set:/dict:/pairs: with comma-separated items."""
        if t[0] in "SD" and len(t) == 2:
            return C[t]
        if t == "none":
            return None
        if ":" not in t:
            return X(t)
        kind, body = t.split(":", 1)
        parts = [p for p in body.split(",") if p]
        if kind == "list":
            return [X(p) for p in parts]
        if kind == "tuple":
            return tuple(X(p) for p in parts)
        if kind == "set":
            return set(X(p) for p in parts)
        if kind == "dict":
            d = {}
            for p in parts:
                a, b = p.split("=")
                d[X(a)] = X(b)
            return d
        if kind == "pairs":
            return [(X(p.split("=")[0]), X(p.split("=")[1])) for p in parts]
        raise ValueError(t)

    def do(n, w):
        op = w[0]
        r = None
        if op == "new":
            H[int(w[1])] = mk(Node) if w[2] == "N" else mk(KNode, int(w[3]))
            r = H[int(w[1])]
        elif op == "drop":
            H[int(w[1])] = None
        elif op == "collect":
            gc.collect()
            r = "done"
        elif op == "mkws":
            a = IT(w[2])
            C[w[1]] = weakref.WeakSet(a) if a is not None else weakref.WeakSet()
            r = C[w[1]]
        elif op == "mkwkd":
            C[w[1]] = weakref.WeakKeyDictionary(IT(w[2]))
            r = C[w[1]]
        elif op == "add":
            C[w[1]].add(X(w[2]))
        elif op == "discard":
            C[w[1]].discard(X(w[2]))
        elif op == "remove":
            C[w[1]].remove(X(w[2]))
        elif op == "pop":
            s = C[w[1]]
            if len(list(s)) >= 2:
                # NORMALIZE: which member pops is the set order.
                e = s.pop()
                r = "popped-one"
                s.add(e)
                del e
            else:
                r = s.pop()
        elif op == "contains":
            r = X(w[2]) in C[w[1]]
        elif op == "len":
            r = len(C[w[1]])
        elif op == "repr":
            r = normrepr(repr(C[w[1]]))
        elif op == "show":
            r = show(C[w[1]])
        elif op == "clear":
            C[w[1]].clear()
        elif op == "copy":
            C[w[2]] = C[w[1]].copy()
            r = C[w[2]]
        elif op == "update":
            C[w[1]].update(IT(w[2]))
        elif op == "iop":
            s = C[w[2]]
            own = list(s.data)
            getattr(s, w[1])(IT(w[3]))
            if w[1] == "intersection_update":
                # NORMALIZE: lethe keeps the set's own members (their references,
                # with the set's callback), CPython's the equal items of the operand
                # (Known limits: "s.intersection_update(other) … keeps the set's
                # own members").
                kept = [r for r in own if r in s.data]
                s.data.clear()
                s.data.update(kept)
            del s
        elif op == "binop":
            res = getattr(C[w[2]], w[1])(IT(w[3]))
            C[w[4]] = res
            r = res
            del res
        elif op == "test":
            r = getattr(live(C[w[2]]), w[1])(live(IT(w[3])))
        elif op == "cmp":
            r = CMP[w[1]](live(IT(w[2])), live(IT(w[3])))
        elif op == "or":
            r = IT(w[1]) | IT(w[2])
        elif op == "dior":
            d = C[w[1]]
            d |= IT(w[2])
            del d
        elif op == "setitem":
            C[w[1]][X(w[2])] = X(w[3])
        elif op == "getitem":
            r = C[w[1]][X(w[2])]
        elif op == "delitem":
            del C[w[1]][X(w[2])]
        elif op == "get":
            r = C[w[1]].get(X(w[2]), X(w[3]))
        elif op == "dpop":
            r = C[w[1]].pop(X(w[2]))
        elif op == "dpopd":
            r = C[w[1]].pop(X(w[2]), X(w[3]))
        elif op == "popitem":
            r = C[w[1]].popitem()
        elif op == "setdefault":
            r = C[w[1]].setdefault(X(w[2]), X(w[3]))
        elif op == "keyrefs":
            # NORMALIZE: an entry that died while the dictionary is iterated (its
            # removal pending) is gone for lethe, CPython lists it until the loop
            # ends (Known limits: "An entry that died during the loop …").
            r = [k for k in C[w[1]].keyrefs() if k() is not None]
        elif op == "items":
            r = list(C[w[1]].items())
        elif op == "values":
            r = list(C[w[1]].values())
        elif op == "iter":
            # Opens iterator w[1] and takes its first step.
            i = int(w[1])
            c = C[w[2]]
            I[i] = iter(c) if w[3] == "keys" else iter(getattr(c, w[3])())
            Ikind[i] = "S" if w[2][0] == "S" else "D"
            Iyield[i] = set()
            r = do(n, ["next", w[1]])
        elif op in ("next", "close") and I[int(w[1])] is None:
            r = "noiter"
        elif op == "next":
            i = int(w[1])
            try:
                e = next(I[i])
                unhold(I[i])
                if Ikind[i] == "S":
                    if id(e) in Iyield[i]:
                        out.append(f"{n} BAD twice {fmt(e)}")
                    Iyield[i].add(id(e))
                    r = "item"  # NORMALIZE: set order
                else:
                    r = e
                del e
            except StopIteration:
                # NORMALIZE: set order (how many members a set's iterator yields
                # after a change depends on where they sit).
                r = "item" if Ikind[i] == "S" else "stop"
        elif op == "close":
            i = int(w[1])
            I[i].close()
            I[i] = None
            r = "closed"
        else:
            raise SystemExit("unknown op " + op)
        return r

    def ln(c):
        try:
            return str(len(c))
        except Exception as e:
            return "ERR" + err(e)

    for n, line in enumerate(lines):
        w = line.split()
        op = w[0]
        try:
            res = fmt(do(n, w))
        except Exception as e:
            res = "ERR " + err(e)
            # A failed constructor still leaves the slot holding an empty container.
            if op in ("mkws", "binop"):
                k = w[1] if op == "mkws" else w[4]
                if k not in C:
                    C[k] = weakref.WeakSet()
            if op == "mkwkd" and w[1] not in C:
                C[w[1]] = weakref.WeakKeyDictionary()
            if op == "iter":
                I[int(w[1])] = None
        lens = " ".join(f"{k}={ln(C[k])}" for k in sorted(C))
        out.append(f"{n} {line} => {res} | {lens}")
    for it in I:
        if it is not None:
            it.close()
    I = None
    C.clear()
    H = None
    gc.collect()


if __name__ == "__main__":
    run_main(run_seq, freeze=True)
