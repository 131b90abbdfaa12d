"""A builtin left operand's comparison against user classes, in CPython 3.11.

``python3 builtin_left_comparisons.py > builtin_left_comparisons.expected`` writes
what ``runtime-tests/ordering.rs`` (test
``a_builtin_left_operand_answers_in_its_turn``) compares lethe with: for each left
operand (builtin values and objects, and instances of builtin subclasses that
define no method) and each operator, a line ``LEFT OP RESULTS``, one result per
right operand.  The right operands are instances of classes derived from ``int``,
``float``, ``str``, ``list``, ``tuple``, ``object`` and ``dict`` whose six
comparison methods return their own name (``'LT'`` for ``__lt__``…).  The left
operand's builtin comparison answers first, when it takes the right operand,
unless the right operand's type is a proper subclass of the left's; an error is
shown by its type.
"""
import operator


def comparing(base):
    methods = {name: (lambda tag: lambda self, other: tag)(tag)
               for name, tag in [("__eq__", "EQ"), ("__ne__", "NE"), ("__lt__", "LT"),
                                 ("__gt__", "GT"), ("__le__", "LE"), ("__ge__", "GE")]}
    name = "B" if base is object else base.__name__.upper()
    return type(name, (base,), methods)


RIGHTS = [comparing(int)(2), comparing(float)(2.0), comparing(str)("x"),
          comparing(list)([2]), comparing(tuple)((2,)), comparing(object)(),
          comparing(dict)()]
XF = type("XF", (float,), {})
XD = type("XD", (dict,), {})
XL = type("XL", (list,), {})
LEFTS = [False, True, 0, 2, 1.5, "x", (2,), [2], None, b"x", frozenset(), {},
         XF(1.5), XD(), XL([2])]
OPS = [("==", operator.eq), ("!=", operator.ne), ("<", operator.lt),
       ("<=", operator.le), (">", operator.gt), (">=", operator.ge)]

for left in LEFTS:
    for name, op in OPS:
        results = []
        for right in RIGHTS:
            try:
                results.append(repr(op(left, right)))
            except Exception as e:
                results.append(type(e).__name__)
        print(repr(left), name, " ".join(results))
