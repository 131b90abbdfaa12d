"""Run ``compare_gen.py``'s rich comparisons on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``compare_random``), whose
``compare::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 compare_run.py OPS_FILE``.

For each ``pair`` or ``same`` op, one line per operator (``==``, ``!=``, ``<``,
``<=``, ``>``, ``>=``): ``X OP Y -> RESULT | CALLS``, the result's repr or the error,
then the comparison methods called, in order, each as ``Class.method(self, other)``
with the operands' type names (``proxy`` for a proxy).
"""
import operator
import weakref

from common import err, run_main
from compare_gen import BUILTIN_TYPES, make

OPS = [("==", operator.eq), ("!=", operator.ne), ("<", operator.lt),
       ("<=", operator.le), (">", operator.gt), (">=", operator.ge)]
LOG = []


def type_name(o):
    return "proxy" if type(o) in weakref.ProxyTypes else type(o).__name__


def method(cname, mname, code):
    tag = f"{cname}.{mname}"

    def f(self, other):
        LOG.append(f"{tag}({type_name(self)},{type_name(other)})")
        if code == "N":
            return NotImplemented
        if code == "R":
            raise ValueError(tag)
        return {"T": tag, "F": False, "Z": 0, "E": []}[code]
    return f


def build_class(w, classes, method):
    """The ``class`` op ``w``: the class, each method made by ``method(class name,
    method name, code)``, into ``classes``."""
    name, bases = w[1], w[2].split(",")
    ns = {"__module__": "__main__"}
    for spec in w[3:]:
        m, code = spec.split("=")
        ns[m] = method(name, m, code)
    classes[name] = type(name, tuple(classes.get(b) or BUILTIN_TYPES[b] for b in bases), ns)


def make_operands(w, classes, keep):
    """The operands of the ``pair`` or ``same`` op ``w``, new ones (instances kept
    in ``keep``), and for each its proxy's referent (else ``None``)."""
    operands, referents = [], []
    shared = None
    for spec in w[1:3]:
        kind, rest = spec.split(":", 1)
        if kind == "v":
            operands.append(eval(rest))
            referents.append(None)
            continue
        c, k = rest.split(":")
        o = make(classes[c], int(k)) if shared is None else shared
        if w[0] == "same":
            shared = o
        keep.append(o)
        operands.append(o if kind == "i" else weakref.proxy(o))
        referents.append(None if kind == "i" else o)
    return operands, referents


def run_pairs(ops, method, each):
    """Runs a sequence's ops: each ``class`` op made (its methods by ``method``),
    and ``each(w, operands)`` for each ``pair`` or ``same`` op ``w``, ``operands()``
    making new ones (``make_operands``) whenever called."""
    classes, keep = {}, []
    for line in ops:
        w = line.split()
        if w[0] == "class":
            build_class(w, classes, method)
        else:
            each(w, lambda: make_operands(w, classes, keep))


def run_seq(ops, out):
    def compare(w, operands):
        (a, b), _ = operands()
        for sym, op in OPS:
            LOG.clear()
            try:
                result = repr(op(a, b))
            except Exception as e:
                result = err(e)
            out.append(f"{w[1]} {sym} {w[2]} -> {result} | {' '.join(LOG)}")

    run_pairs(ops, method, compare)


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
