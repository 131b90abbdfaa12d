"""Hand-written edge cases of weakref.ref, proxy and WeakMethod, printed on CPython.

Used by ``runtime-tests/cpython_differential.rs`` (test ``refs_edge``), whose
``refs_edge::run`` does the same on lethe, case by case in the same order; the test
compares the two outputs line by line.  Usage: ``python3 refs_edge.py``.

Each case prints ``<label>: <result>`` (``Type: message`` for an exception).  The
cases cover callback attributes, the sharing of callback-less references, identity
shortcuts of ``==`` (a class whose ``__eq__`` is always false), ref/proxy/WeakMethod
cross comparisons and hashes, reflected comparisons through proxies, dead
references, a WeakMethod whose function dies first, and callback order.

Differences normalized here, marked ``NORMALIZE`` (src/differences.rs):
addresses are masked; a dead proxy's repr is lethe's spec form
``<weakproxy at 0x…; dead>``; ``isinstance(dead proxy, C)`` answers from the proxy's
own type (Known limits), where CPython raises ``ReferenceError``.
"""
import gc
import sys
import weakref

gc.disable()
from common import err, norm


def show(label, f):
    try:
        r = f()
    except Exception as e:
        r = err(e)
    print(label + ": " + (norm(r) if isinstance(r, str) else norm(repr(r))))


errs = []
sys.unraisablehook = lambda u: errs.append(err(u.exc_value))


def isinstance_dead_ok(v, cls):
    """NORMALIZE: isinstance of a dead proxy answers from the proxy's own type."""
    try:
        return isinstance(v, cls)
    except ReferenceError:
        return issubclass(type(v), cls)


class C:
    def m(self): return 1
    def n(self): return 2
class Never:
    def __eq__(self, o): return False
    __hash__ = object.__hash__
    def m(self): return 1
class Cnt:
    calls = 0
    def __eq__(self, o):
        Cnt.calls += 1; return True
    __hash__ = object.__hash__
    def m(self): return 1
    def n(self): return 2
class S:
    def __lt__(self, o): return True
def mk(cls):
    o = cls(); o.me = o; return o
def g(): return "g"
g.me = g
o = mk(C); cb = lambda r: None
r = weakref.ref(o, cb)
show("cb attr", lambda: r.__callback__ is cb)
show("cb attr none", lambda: weakref.ref(o).__callback__)
show("ref(o,None) shared", lambda: weakref.ref(o, None) is weakref.ref(o))
show("proxy(o,None) shared", lambda: weakref.proxy(o, None) is weakref.proxy(o))
show("count int", lambda: weakref.getweakrefcount(5))
show("refs int", lambda: weakref.getweakrefs(5))
show("count list", lambda: weakref.getweakrefcount([]))
show("ref func repr", lambda: repr(weakref.ref(g)))
show("ref cls repr", lambda: repr(weakref.ref(C)))
show("proxy func call", lambda: weakref.proxy(g)())
show("proxy cls call type", lambda: type(weakref.proxy(C)()).__name__)
show("proxy func repr", lambda: repr(weakref.proxy(g)))
show("ref call args", lambda: weakref.ref(o)(1))
show("ref call kw", lambda: weakref.ref(o)(a=1))
n = mk(Never)
show("ref never == itself", lambda: weakref.ref(n) == weakref.ref(n))
show("ref never != itself", lambda: weakref.ref(n) != weakref.ref(n))
show("proxy never == proxy", lambda: weakref.proxy(n) == weakref.proxy(n))
show("proxy never == n", lambda: weakref.proxy(n) == n)
show("n == n", lambda: n == n)
show("wm never == itself", lambda: weakref.WeakMethod(n.m) == weakref.WeakMethod(n.m))
c1 = mk(Cnt); c2 = mk(Cnt)
w1 = weakref.WeakMethod(c1.m); w2 = weakref.WeakMethod(c2.n)
Cnt.calls = 0
show("wm diff funcs eq", lambda: w1 == w2)
show("  __eq__ calls", lambda: str(Cnt.calls))
show("ref == proxy same", lambda: weakref.ref(o) == weakref.proxy(o))
show("proxy == ref same", lambda: weakref.proxy(o) == weakref.ref(o))
show("ref != proxy same", lambda: weakref.ref(o) != weakref.proxy(o))
show("ref == wm", lambda: weakref.ref(o) == weakref.WeakMethod(o.m))
show("wm == ref", lambda: weakref.WeakMethod(o.m) == weakref.ref(o))
show("hash ref == hash o", lambda: hash(weakref.ref(o)) == hash(o))
show("hash wm == hash o", lambda: hash(weakref.WeakMethod(o.m)) == hash(o))
s = mk(S)
show("3 < proxy(s)", lambda: 3 < weakref.proxy(s))
show("proxy(s) < 3", lambda: weakref.proxy(s) < 3)
show("3 < proxy(o)", lambda: 3 < weakref.proxy(o))
show("proxy(o) < 3", lambda: weakref.proxy(o) < 3)
show("ref < ref", lambda: weakref.ref(o) < weakref.ref(o))
show("callable proxy o", lambda: callable(weakref.proxy(o)))
show("callable proxy g", lambda: callable(weakref.proxy(g)))
show("isinstance proxy C", lambda: isinstance(weakref.proxy(o), C))
show("proxy bool", lambda: bool(weakref.proxy(o)))
show("proxy str", lambda: str(weakref.proxy(o)))
show("proxy getattr m()", lambda: weakref.proxy(o).m())
show("wm of proxy.m", lambda: weakref.WeakMethod(weakref.proxy(o).m)() == o.m)
show("wm instance", lambda: weakref.WeakMethod(o))
show("wm call eq", lambda: weakref.WeakMethod(o.m)() == o.m)
show("wm call is", lambda: weakref.WeakMethod(o.m)() is o.m)
show("ref(o) in [ref(o)]", lambda: weakref.ref(o) in [weakref.ref(o, cb)])
show("proxy in [o]", lambda: weakref.proxy(o) in [o])
show("o in [proxy]", lambda: o in [weakref.proxy(o)])
show("ref hash set dedup", lambda: len({weakref.ref(o), weakref.ref(o, cb)}))
# dead ref/proxy/wm
d = mk(C); dr = weakref.ref(d); dr2 = weakref.ref(d, cb); dp = weakref.proxy(d); dwm = weakref.WeakMethod(d.m); dwm2 = weakref.WeakMethod(d.m)
h = hash(dr2)
del d; gc.collect()
show("dead hash cached==", lambda: hash(dr2) == h)
show("dead hash not taken", lambda: hash(dr))
show("dead wm hash", lambda: hash(dwm))
show("dead ref == itself", lambda: dr == dr)
show("dead ref == other dead", lambda: dr == dr2)
show("dead wm == itself", lambda: dwm == dwm)
show("dead wm == other dead", lambda: dwm == dwm2)
show("dead proxy repr", lambda: repr(dp))
show("dead proxy == itself", lambda: dp == dp)
show("dead proxy != itself", lambda: dp != dp)
show("dead proxy is ProxyType", lambda: isinstance(dp, weakref.ProxyType))
show("dead proxy isinstance C", lambda: isinstance_dead_ok(dp, C))
show("dead proxy type", lambda: type(dp))
show("dead proxy bool", lambda: bool(dp))
show("dead proxy hash", lambda: hash(dp))
show("dead proxy in list", lambda: dp in [dp])
show("[dp] == [dp]", lambda: [dp] == [dp])
show("dead ref == live ref", lambda: dr == weakref.ref(o))
show("dead ref == live proxy", lambda: dr == weakref.proxy(o))
show("live ref == dead proxy", lambda: weakref.ref(o) == dp)
show("dead proxy == live ref", lambda: dp == weakref.ref(o))
gc.collect()
show("count after death", lambda: str(weakref.getweakrefcount(o)))
# function death for WeakMethod with live instance
class K: pass
k = mk(K)
def f(self): return "f"
f.me = f
K.f = f; bm = k.f; del K.f
log = []
wmf = weakref.WeakMethod(bm, lambda w: log.append("cb " + norm(repr(w)) + " " + repr(w())))
del bm, f; gc.collect()
show("wmf log", lambda: str(log))
show("wmf call", lambda: wmf())
show("wmf repr", lambda: repr(wmf))
show("wmf hash==hash k", lambda: hash(wmf) == hash(k))
show("wmf == itself", lambda: wmf == wmf)
show("wmf == ref(k)", lambda: wmf == weakref.ref(k))
show("ref(k) == wmf", lambda: weakref.ref(k) == wmf)
gc.collect()
show("count k", lambda: str(weakref.getweakrefcount(k)))
show("refs k types", lambda: str([type(x).__name__ for x in weakref.getweakrefs(k)]))
# callback order one object
q = mk(C); log2 = []
rs = [weakref.ref(q, lambda r, i=i: log2.append(i)) for i in range(3)]
p1 = weakref.proxy(q, lambda r: log2.append("p"))
wq = weakref.WeakMethod(q.m, lambda r: log2.append("wm"))
del q; gc.collect()
show("cb order", lambda: str(log2))
# raising callbacks don't stop
z = mk(C); log3 = []
def bad(r): raise KeyError("k")
za = weakref.ref(z, bad); zb = weakref.ref(z, lambda r: log3.append("ok"))
zc = weakref.ref(z, 7)
del z; gc.collect()
show("after raise", lambda: str(log3) + " " + str(sorted(errs)))
