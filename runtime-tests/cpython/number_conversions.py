"""The special methods CPython 3.11's ``int(x)`` and ``float(x)`` ask.

``python3 number_conversions.py > number_conversions.expected`` writes what
``runtime-tests/arithmetic.rs`` (test ``int_and_float_ask_the_special_methods_as_cpython``)
compares lethe with: for ``int`` and ``float`` and each class below, a line
``CONV BASE METHODS RESULT LOG``: the type and repr of the result, or the error, and
the methods called, in order.  A class ``X`` derives from ``BASE`` (``object``,
``int``, ``float`` or ``str``, its instance made from ``1``, ``1.5`` or ``'7'``) and
defines ``METHODS``, each ``name=value``: the method returns the value, or raises
``KeyError`` for ``KeyError``, or returns an ``Idx`` (whose ``__index__`` returns 3)
for ``Idx``, or a proxy to one for ``Proxy``.
"""
import warnings
import weakref

warnings.simplefilter("ignore")  # int subclasses returned, __trunc__: deprecated

BASES = [("object", object, ()), ("int", int, (1,)), ("float", float, (1.5,)),
         ("str", str, ("7",))]
VALUES = ["5", "2.5", "True", "'a'", "KeyError", "Idx", "Proxy"]
NAMES = ["__int__", "__float__", "__index__", "__trunc__"]
COMBOS = [[("__int__", "5"), ("__index__", "6")],
          [("__float__", "2.5"), ("__index__", "6")],
          [("__index__", "6"), ("__trunc__", "7")],
          [("__int__", "'a'"), ("__index__", "6")],
          [("__float__", "'a'"), ("__index__", "6")]]
log = []


class Idx:
    def __index__(self):
        log.append("Idx.__index__")
        return 3


KEPT = Idx()


def method(name, value):
    def m(self):
        log.append(name)
        if value == "KeyError":
            raise KeyError(name)
        if value == "Idx":
            return Idx()
        if value == "Proxy":
            return weakref.proxy(KEPT)
        return eval(value)
    return m


def cases():
    for name in NAMES:
        for value in VALUES:
            yield [(name, value)]
    yield from COMBOS
    yield []


def show(r):
    return f"{type(r).__name__} {r!r}"


for conv in (int, float):
    for bname, base, args in BASES:
        for methods in cases():
            X = type("X", (base,), {n: method(n, v) for n, v in methods})
            x = X(*args)
            log.clear()
            try:
                res = show(conv(x))
            except Exception as e:  # noqa: BLE001 - every error is printed
                res = f"{type(e).__name__}: {e}"
            shown = ",".join(f"{n}={v}" for n, v in methods) or "-"
            print(f"{conv.__name__} {bname} {shown} {res} [{' '.join(log)}]")
