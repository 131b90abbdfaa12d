"""Which method answers an operator, in CPython 3.11, where lethe went wrong.

``python3 operator_turns.py > operator_turns.expected`` writes what
``runtime-tests/arithmetic.rs`` (test ``each_operand_answers_an_operator_in_its_turn``)
compares lethe with: one line per case, ``CASE -> RESULT | CALLS``, the result's
type and repr (and, in place, whether it is the left operand itself) or the error,
then the methods called, in order.  The cases are those review helper-95's random
operator tests found lethe answering otherwise: a list subclass's ``+=`` (list's
own ``__iadd__`` extends first), an int's method declining a float whichever side
it is on, a repetition count read by ``__index__`` (a proxy's too), a dict view
answering only ``|``, ``&``, ``-`` and ``^``, and a view's ``*=``.
"""
import weakref

log = []


def logged(name, result):
    def method(*args):
        log.append(name)
        return NotImplemented if result == "N" else (2 if result == "2" else name)
    return method


L = type("L", (list,), {"__add__": logged("L.__add__", "T")})
L2 = type("L2", (list,), {})
R = type("R", (), {"__radd__": logged("R.__radd__", "T")})
F = type("F", (float,), {"__sub__": logged("F.__sub__", "N")})
I = type("I", (int,), {"__radd__": logged("I.__radd__", "N")})
G = type("G", (float,), {"__radd__": logged("G.__radd__", "T")})
S = type("S", (str,), {"__rmul__": logged("S.__rmul__", "N")})
N = type("N", (), {"__index__": logged("N.__index__", "2")})
n = N()


def iadd(a, b):
    r = a
    r += b
    return f"{type(r).__name__} {r!r} same={r is a}"


def imul(a, b):
    r = a
    r *= b
    return f"{type(r).__name__} {r!r} same={r is a}"


def shown(r):
    return f"{type(r).__name__} {r!r}"


CASES = [
    ("L([1]) += [2]", lambda: iadd(L([1]), [2])),
    ("L2([1]) += R()", lambda: iadd(L2([1]), R())),
    ("[1] += R()", lambda: iadd([1], R())),
    ("L([1]) + [2]", lambda: shown(L([1]) + [2])),
    ("F(1.5) - -3", lambda: shown(F(1.5) - -3)),
    ("F(1.5) - 2.0", lambda: shown(F(1.5) - 2.0)),
    ("I(1) + G(1.5)", lambda: shown(I(1) + G(1.5))),
    ("1 + G(1.5)", lambda: shown(1 + G(1.5))),
    ("1 + 2.5", lambda: shown(1 + 2.5)),
    ("S('x') * N()", lambda: shown(S("x") * n)),
    ("S('x') * proxy(N())", lambda: shown(S("x") * weakref.proxy(n))),
    ("S('x') * 1.5", lambda: shown(S("x") * 1.5)),
    ("{1: 2}.keys() % 'ab'", lambda: shown({1: 2}.keys() % "ab")),
    ("{1: 2}.items() + 3", lambda: shown({1: 2}.items() + 3)),
    ("{1: 2}.keys() * 2", lambda: shown({1: 2}.keys() * 2)),
    ("{1: 2}.keys() | {3}", lambda: shown({1: 2}.keys() | {3})),
    ("[3] - {1: 2}.keys()", lambda: shown([3] - {1: 2}.keys())),
    ("{1: 2}.keys() *= [1]", lambda: imul({1: 2}.keys(), [1])),
]

for label, case in CASES:
    log.clear()
    try:
        result = case()
    except Exception as e:
        result = f"{type(e).__name__}: {e}"
    print(f"{label} -> {result} | {' '.join(log)}")
