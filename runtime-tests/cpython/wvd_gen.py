"""Generate random operation sequences on WeakValueDictionary.

Used by ``runtime-tests/cpython_differential.rs`` (test ``wvd_random``): the same
ops text is run by ``wvd_run.py`` on CPython and by ``wvd::run`` in that file on
lethe, and the two outputs must agree line by line.

Usage: ``python3 wvd_gen.py SEED0 COUNT`` prints COUNT sequences, the one for seed
``s`` headed ``SEQ s <flags>`` and made from ``random.Random(s)`` alone (its flags
too), so ``python3 wvd_gen.py s 1`` reproduces it.  Each sequence is 10 to 50 ops
on six handles (``h0``..``h5``: plain ``Node``s, ``KNode``s equal and hashed by a
key, or ``Node``s that act on a dictionary when they die), two
WeakValueDictionaries (``W0``, ``W1``) and two open iterators.  Keys are ints,
strings, tuples, ``True``, handles and temporary ``KNode``s, or unhashable (a list,
a set, a tuple holding a list, an ``UNode``); values are handles, temporaries
(which die at the next ``collect``) or cannot be weakly referenced (an int, a list,
``None``, a str, a tuple).  Every method of ``weakref.py``'s class is used:
``d[k] = v``, ``d[k]``, ``del d[k]``, ``get``, ``in``, ``len``, ``setdefault``,
``pop``, ``popitem``, ``update`` (a dict, pairs, keywords, another dictionary,
malformed input), ``clear``, ``copy``, ``copy.copy``, ``keys``/``values``/
``items``, ``valuerefs``, ``itervaluerefs``, iteration, ``==``, ``|``, ``|=``, the
``KeyedRef``s (their ``key``, referent and callback) and the constructor.

An acting handle (``new i A <how> <action>``, or ``watch i <how> <action>`` on any
handle) runs ``<action>`` (``set``, ``del``, ``get``, ``in``, ``len``, ``pop``,
``setdefault`` or ``show`` on ``W0``/``W1``) when it dies: from its ``__del__``
(``del``), a weak reference callback (``cb``) or a ``weakref.finalize`` (``fin``).
A callback or finalizer made after the value was stored runs before the
dictionary's removal, and its changes find the dead entry (``del`` removes it,
``set`` replaces it in its place).
It dies alone: the sequence collects three times before dropping it (a collection
that removes entries lets go of their keys, which the next one frees: a chain of
such), and right after: the order of callbacks across objects dying together is
not CPython's to define (src/differences.rs: "the order of callbacks across
objects dying together, which CPython does not define and lethe gives oldest
referent first"); for one object both run the newest reference's first.  Its
action's value is a live handle or a value that fails, never a new object (an
object made and dropped by a ``__del__`` is freed by CPython at once, by lethe
within the collection).

No op changes a dictionary while an iterator over it is open, nor does an
action run then: a change during iteration raises ``RuntimeError`` at the
iterator's next step on lethe, where CPython's tolerates some (src/differences.rs:
"Iterating a weak container raises RuntimeError at the next step after any
explicit insertion or removal"; and "A WeakValueDictionary changed while an
iterator over it is open commits the removals … only when the last iterator
closes").  ``KeyedRef.key`` is never reassigned: a reassigned key's removal differs
by design (Known limits: "a WeakValueDictionary's removes the entry of its argument
only").

Seeds are headed ``SEQ s py`` when odd: lethe's runner then calls the methods by
name (``Heap::call_method``, as Python code does) instead of the typed ``Heap``
methods; CPython's runner ignores the flag.
"""
import re

from common import write_sequences

NH = 6
KEYS = ["k0", "k1", "k2", "k3", "kT", "sa", "sb", "T1", "T2"]
UNHASHABLE = ["L", "E", "TL", "U"]
BADVALS = ["i5", "L", "None", "sx", "T1"]
ACTS = ["set", "del", "get", "in", "len", "pop", "setdefault", "show"]
MUTATING_ACTS = ("set", "del", "pop", "setdefault")
MUTATORS = ("set", "del", "setdefault", "pop", "popd", "popitem", "update", "clear",
            "ior", "mk", "copy", "ccopy", "krcb")
KEY_IN_PAIRS = re.compile(r"[:,]h(\d)=")
KEY_OPS = ("set", "get", "del", "getd", "in", "setdefault", "pop", "popd")


def gen_seq(R):
    out = []
    live = [False] * NH
    acting = [None] * NH  # the dictionaries a handle's actions change
    iters = [None, None]  # the dictionary each iterator walks
    keyed = set()  # the handles ever used as keys (never made acting)

    def lh():
        c = [i for i in range(NH) if live[i]]
        return R.choice(c) if c else None

    def key(hashable_only=False):
        r = R.random()
        # (Not an acting handle: a key outlives its handle, and could then die with
        # other objects.)
        c = [i for i in range(NH) if live[i] and acting[i] is None]
        if r < 0.25 and c:
            return f"h{R.choice(c)}"
        if r < 0.35:
            return f"tK{R.randrange(3)}"
        if r < 0.42 and not hashable_only:
            return R.choice(UNHASHABLE)
        return R.choice(KEYS)

    def val(live_only=False):
        r = R.random()
        h = lh()
        if r < 0.6 and h is not None:
            return f"h{h}"
        if r < 0.8 and not live_only:
            return "tN"
        return R.choice(BADVALS)

    def w():
        return f"W{R.randrange(2)}"

    def pairs(n, hashable_only):
        return ",".join(f"{key(hashable_only)}={val()}" for _ in range(n))

    def src(for_update=True):
        """A mapping or iterable of pairs (``update``, the constructor, ``==``,
        ``|``)."""
        r = R.random()
        n = R.randrange(4)
        if r < 0.35:
            return "dict:" + pairs(n, True)
        if r < 0.55:
            return "pairs:" + pairs(n, R.random() < 0.8)
        if r < 0.7:
            return w()
        if r < 0.77:
            return "none"
        return R.choice(["i5", "bad3", "badi", "list:", "dict:", "L"]) if for_update \
            else "dict:" + pairs(n, True)

    def action(how):
        acts = ACTS
        # (No temporary: its key would be made during the collection; no handle:
        # a key outlives its handle.)
        k = R.choice(KEYS)
        a = R.choice(acts)
        t = w()
        if a in ("set", "setdefault"):
            return f"{a} {t} {k} {val(True)}"
        if a in ("len", "show"):
            return f"{a} {t}"
        return f"{a} {t} {k}"

    def busy(d):
        return d in iters

    out.append(f"mk W0 {src()}")
    out.append(f"mk W1 {src()}")
    for _ in range(R.randrange(10, 50)):
        r = R.random()
        if r < 0.13:
            i = R.randrange(NH)
            if acting[i] is not None and live[i]:
                continue  # (an acting handle is only dropped, below)
            acting[i] = None
            how = R.choice(["del", "cb", "fin"])
            act = action(how)  # (before the handle is live: it names others)
            live[i] = True
            keyed.discard(i)
            q = R.random()
            if q < 0.45:
                out.append(f"new {i} N")
            elif q < 0.75:
                out.append(f"new {i} K {R.randrange(3)}")
            else:
                acting[i] = {act.split()[1]} if act.split()[0] in MUTATING_ACTS else set()
                out.append(f"new {i} A {how} {act}")
            continue
        if r < 0.2:
            h = lh()
            if h is None:
                continue
            if acting[h] is not None:
                # Its actions change no dictionary being iterated, and it dies alone
                # (see the module's docstring): the iterators close first, since
                # closing one commits the removals it held back, letting go of keys
                # that the collections then free (seed 33,840,795).
                for j in range(2):
                    if iters[j] is not None and iters[j] in acting[h]:
                        out.append(f"close {j}")
                        iters[j] = None
                out += ["collect"] * 3
                live[h] = False
                acting[h] = None
                out += [f"drop {h}", "collect"]
                continue
            live[h] = False
            out.append(f"drop {h}")
            continue
        if r < 0.27:
            out.append("collect")
            continue
        if r < 0.3:
            h = lh()
            if h is None:
                continue
            if h in keyed:
                continue
            if acting[h] is None:
                acting[h] = set()
            how = R.choice(["cb", "fin"])
            act = action(how)
            if act.split()[0] in MUTATING_ACTS:
                acting[h].add(act.split()[1])
            out.append(f"watch {h} {how} {act}")
            continue
        d = w()
        ops = [f"set {d} {key()} {val()}", f"set {d} {key()} {val()}",
               f"set {d} {key(True)} {val(True)}",
               f"get {d} {key()}", f"del {d} {key()}",
               f"getd {d} {key()}", f"getd {d} {key()} {val()}",
               f"in {d} {key()}", f"len {d}", f"show {d}",
               f"setdefault {d} {key()}", f"setdefault {d} {key()} {val()}",
               f"pop {d} {key()}", f"popd {d} {key()} {val()}", f"popitem {d}",
               f"update {d} {src()}", f"clear {d}",
               f"keys {d}", f"values {d}", f"items {d}", f"list {d}",
               f"valuerefs {d}", f"itervaluerefs {d}",
               f"kr {d} {R.randrange(3)}", f"krcb {d} {R.randrange(3)}",
               f"eq {d} {src(False)}", f"eq {src(False)} {d}",
               f"or {d} {src()}", f"or {src()} {d}", f"ior {d} {src()}"]
        if R.random() < 0.3:
            kws = ",".join(f"{name}={val()}"
                           for name in R.sample(["a", "b", "other", "self"], R.randrange(1, 3)))
            ops.append(f"update {d} {R.choice(['none', src()])} kw:{kws}")
            ops.append(f"mk {d} {R.choice(['none', src()])} kw:{kws}")
        ops += [f"mk {d} {src()}", f"copy {d} {w()}", f"ccopy {d} {w()}"]
        for j in range(2):
            if iters[j] is None:
                # (Not `iter(d)`: lethe's is a `list_iterator` over the entries'
                # references, which defers no removal, so a dead entry's key is not
                # kept until the loop ends as CPython's generator keeps it
                # (src/differences.rs: "an iterator over a weak container is a
                # `list_iterator` … lethe's does not see them").)
                ops.append(f"iter {j} {d} {R.choice(['keys', 'values', 'items', 'refs'])}")
            else:
                ops += [f"next {j}"] * 3 + [f"close {j}"]
        op = R.choice(ops)
        t = op.split()
        if t[0] in MUTATORS:
            # The dictionary changed (a copy's target is replaced).
            tgt = t[2] if t[0] in ("copy", "ccopy") else t[1]
            if busy(tgt):
                continue
        if t[0] == "iter":
            iters[int(t[1])] = t[2]
        if t[0] == "close":
            iters[int(t[1])] = None
        keyed.update(int(m) for m in KEY_IN_PAIRS.findall(op))
        if t[0] in KEY_OPS and t[2][0] == "h":
            keyed.add(int(t[2][1:]))
        out.append(op)
    return out


def main():
    write_sequences(gen_seq)


if __name__ == "__main__":
    main()
