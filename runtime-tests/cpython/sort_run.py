"""Run ``sort_gen.py``'s sequences of ``list.sort`` calls on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``sort_random``), whose
``sorting::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 sort_run.py OPS_FILE``.

Each op prints ``<n> <op> <KEY> <REV> <FAIL> <LIE> (<len> items)``, then one line per
``<`` the sort asked, ``  lt <a> <b>`` (``  lt <a> <b> raises`` for the one that
raised), then ``  => None`` or ``  => ERR <type>: <message>``, then ``  l = …``,
``l``'s repr (its items' tags in order). An ``S``'s tag is ``s<i>``, ``i`` counting
the sequence's ``S``s from 0.
"""

from common import err, run_main

ST = None  # the running sequence's State


class S:
    """An item: its tag, and the key its ``__lt__`` compares."""

    def __init__(self, tag, k):
        self.tag = tag
        self.k = k

    def __lt__(self, o):
        ST.asked += 1
        if ST.asked == ST.fail:
            ST.out.append(f"  lt {self.tag} {o.tag} raises")
            raise ValueError(f"comparison {ST.asked} fails")
        ST.out.append(f"  lt {self.tag} {o.tag}")
        if ST.lie:
            return (ST.asked * 40503 + ST.lie) % 7 < 3
        return self.k < o.k

    def __repr__(self):
        return self.tag


class State:
    def __init__(self, out):
        self.out = out
        self.lst = []
        self.made = 0
        self.asked = 0
        self.fail = 0
        self.lie = 0

    def make(self, ks):
        items = [S(f"s{self.made + i}", int(k)) for i, k in enumerate(ks.split(","))]
        self.made += len(items)
        return items


def run_seq(ops, out):
    global ST
    st = ST = State(out)
    for n, line in enumerate(ops):
        w = line.split()
        op, key, rev, fail, lie = w[0], w[1], w[2], int(w[3]), int(w[4])
        if op == "new":
            st.lst = st.make(w[5])
        elif op == "ext":
            st.lst.extend(st.make(w[5]))
        kw = {} if key == "none" else {"key": lambda s: s}
        if rev != "-":
            kw["reverse"] = int(rev)
        out.append(f"{n} {op} {key} {rev} {fail} {lie} ({len(st.lst)} items)")
        st.asked, st.fail, st.lie = 0, fail, lie
        try:
            r = repr(st.lst.sort(**kw))
        except Exception as e:  # noqa: BLE001 - every error is printed
            r = "ERR " + err(e)
        out.append(f"  => {r}")
        out.append(f"  l = {st.lst!r}")


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
