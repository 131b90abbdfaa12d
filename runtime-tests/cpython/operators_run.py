"""Run ``operators_gen.py``'s operators on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``operators_random``), whose
``operators::run`` runs the same ops on lethe and prints the same format; the test
compares the outputs line by line.  Usage: ``python3 operators_run.py OPS_FILE``.

For each pair, each binary operator: ``X OP Y -> RESULT | CALLS`` and
``X OP= Y -> RESULT [is:L] [is:ref] [is:R] ; left=REPR | CALLS`` (whether the
result is the left operand, the left proxy's referent, the right operand; ``left``,
the left operand afterwards); then each unary operator on each operand,
``OP X -> RESULT | CALLS``.  RESULT is ``TYPE REPR`` or ``!Error: message``; CALLS
the methods called, in order, as ``Class.method(selftype,othertype)`` (``proxy``
for a proxy).  An operator the ops ``skip`` prints ``X OP Y -> skipped``.

Differences normalized here, each marked ``NORMALIZE`` below (src/differences.rs):
a complex result (lethe has no complex numbers); whether a str, bytes or tuple
result is an operand itself (CPython hands an operand back for ``t + ()``,
``t * 1``…, lethe makes a new one); the dead proxy's repr.
"""
import operator
import re
import weakref

import common
from common import run_main
from compare_run import run_pairs
from operators_gen import OPS, UNARY

HEX = re.compile(r"0x[0-9a-fA-F]+")
BINARY = {sym: getattr(operator, name if name not in ("and", "or") else name + "_")
          for sym, name in OPS}
INPLACE = {sym: getattr(operator, "i" + name) for sym, name in OPS}
UNARY_OPS = {"neg": (operator.neg, "-"), "pos": (operator.pos, "+"),
             "invert": (operator.invert, "~"), "abs": (abs, "abs()")}
VALUE_TYPES = (bool, int, float, str, bytes, type(None))
LOG = []


def norm(s):
    s = HEX.sub("0x?", s)
    # NORMALIZE: a dead proxy's repr (lethe's is the spec's form).
    return s.replace("<weakproxy at 0x? to NoneType at 0x?>", "<weakproxy at 0x?; dead>")


def type_name(o):
    return "proxy" if type(o) in weakref.ProxyTypes else type(o).__name__


def err(e):
    return "!" + common.err(e)


def shown(v):
    if type(v) is complex:
        return "complex"  # NORMALIZE: lethe raises ValueError (no complex numbers)
    try:
        return f"{type_name(v)} {norm(repr(v))}"
    except Exception as e:
        return f"{type_name(v)} <repr {err(e)}>"


def answer(tag, code, me, other):
    if code == "N":
        return NotImplemented
    if code == "R":
        raise ValueError(tag)
    if code == "I":
        return 2 if tag.endswith("__index__") else 7
    return {"T": tag, "S": me, "O": other, "L": [tag]}[code]


def method(cname, mname, code):
    tag = f"{cname}.{mname}"
    if mname in ("__neg__", "__pos__", "__invert__", "__abs__", "__index__"):
        def f(self):
            LOG.append(f"{tag}({type_name(self)})")
            return answer(tag, code, self, None)
    else:
        def f(self, other):
            LOG.append(f"{tag}({type_name(self)},{type_name(other)})")
            return answer(tag, code, self, other)
    return f


def run_seq(ops, out):
    def operate(w, operands):
        skip = set(w[3][len("skip="):].split(",")) if len(w) > 3 else set()
        x, y = w[1], w[2]
        for sym, _ in OPS:
            if sym in skip:
                out.append(f"{x} {sym} {y} -> skipped")
                out.append(f"{x} {sym}= {y} -> skipped")
                continue
            (a, b), _ = operands()
            LOG.clear()
            try:
                res = shown(BINARY[sym](a, b))
            except Exception as e:
                res = err(e)
            out.append(f"{x} {sym} {y} -> {res} | {' '.join(LOG)}")
            (a, b), (ra, rb) = operands()
            if sym == "+" and w[0] == "same" and isinstance(rb, list):
                # A list extending itself through a proxy to itself never ends.
                out.append(f"{x} += {y} -> skipped")
                continue
            LOG.clear()
            flags = ""
            try:
                r = INPLACE[sym](a, b)
                res = shown(r)
                # NORMALIZE: no identity for a str, bytes or tuple result.
                if type(r) not in (str, bytes, tuple):
                    if type(a) not in VALUE_TYPES and r is a:
                        flags += " is:L"
                    if ra is not None and r is ra:
                        flags += " is:ref"
                    if type(b) not in VALUE_TYPES and r is b:
                        flags += " is:R"
            except Exception as e:
                res = err(e)
            try:
                left = norm(repr(a))
            except Exception as e:
                left = err(e)
            out.append(f"{x} {sym}= {y} -> {res}{flags} ; left={left} | {' '.join(LOG)}")
        for u in UNARY:
            f, sym = UNARY_OPS[u]
            for spec, o in zip((x, y), operands()[0]):
                LOG.clear()
                try:
                    res = shown(f(o))
                except Exception as e:
                    res = err(e)
                out.append(f"{sym} {spec} -> {res} | {' '.join(LOG)}")

    run_pairs(ops, method, operate)


if __name__ == "__main__":
    run_main(run_seq, freeze=False)
