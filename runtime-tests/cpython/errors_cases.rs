//! The error paths of the public API, case by case, for `cpython_differential`'s
//! `errors` test (from review helper-52): every case is a Python snippet (statements
//! separated by ` ;; `, the last one an expression, `  # note` for the reader) and the
//! same operation on lethe. [`run`] runs the lethe side on a fresh heap per case,
//! calls `Heap::verify()` after it and again after a collection, catches panics, and
//! returns one line per case, `CASE<TAB>python<TAB>lethe's result` (`OK <repr>` or
//! the error's Display; ` [VERIFY FAILED: …]` or `PANIC: …` when that happened),
//! after the `PRELUDE` lines; `errors.py` runs the Python side and compares.
//! A snippet starting with `#` is lethe-only: the text after `#` is the expected
//! output; `#!` marks a lethe-only case shown for review, not compared.

// (A case passes its arguments as `&[x.clone(), …]` whatever their number: one form
// for all of them, as the Python snippet beside it reads.)
#![allow(clippy::cloned_ref_to_slice_refs)]

use std::panic::{AssertUnwindSafe, catch_unwind};

use lethe::{BinaryOp, Builtin, CompareOp, Error, Heap, Result, UnaryOp, Value};

/// What the Python driver executes before every case (kept here so both sides live in
/// one file; the driver reads it from the output's `PRELUDE` lines).
const PRELUDE: &str = r#"
import weakref, gc
from dataclasses import dataclass
class C:
    def m(self, *a, **k): return 1
class Callable:
    def __call__(self, *a, **k): return 1
class U:
    def __eq__(self, other): return self is other
class MyInt(int):
    def m(self, *a, **k): return 1
class MyStr(str): pass
class MyTuple(tuple): pass
class MyList(list): pass
class MyDict(dict): pass
class MySet(set): pass
@dataclass(eq=False, repr=False)
class P:
    x: object
    y: object
class BadRepr:
    def __repr__(self): return 1
class BadStr:
    def __str__(self): return 1
class NegLen:
    def __len__(self): return -1
class StrLen:
    def __len__(self): return 'x'
class BadHash:
    def __hash__(self): return 'x'
class BadBool:
    def __bool__(self): return 1
class InitRet:
    def __init__(self, *a, **k): return 1
class KeyErrItem:
    def __getitem__(self, i): raise KeyError(i)
class Nones:
    __len__ = None; __getitem__ = None; __setitem__ = None; __delitem__ = None
    __contains__ = None; __call__ = None; __bool__ = None; __lt__ = None; __getattr__ = None
class ReprNone:
    __repr__ = None
class NonCallInit:
    __init__ = 1
class GetAttrRaises:
    def __getattr__(self, name): raise ValueError(name)
def f(*a, **k): return None
o = C(); o2 = C(); co = Callable(); u = U(); mi = MyInt(1); ml = MyList(); md = MyDict()
r = weakref.ref(o); p = weakref.proxy(o); cp = weakref.proxy(co); wm = weakref.WeakMethod(o.m)
fin = weakref.finalize(o, f)
dfin = weakref.finalize(o, f); dfin()
def _mk():
    t = C(); c2 = Callable(); w = weakref.WeakValueDictionary()
    return weakref.proxy(t), weakref.ref(t), weakref.WeakMethod(t.m), weakref.proxy(c2), weakref.proxy(w)
dp, dr, dwm, dcp, dpw = _mk(); gc.collect()
wvd = weakref.WeakValueDictionary({'a': o}); wkd = weakref.WeakKeyDictionary({o: 1}); ws = weakref.WeakSet([o])
ewvd = weakref.WeakValueDictionary(); ewkd = weakref.WeakKeyDictionary(); ews = weakref.WeakSet()
pwvd = weakref.proxy(wvd); pws = weakref.proxy(ws)
kr = wvd.valuerefs()[0]
pml = weakref.proxy(ml); pmd = weakref.proxy(md); mset = MySet([1]); pms = weakref.proxy(mset)
def _mk2():
    a = MyList(); b = MyDict()
    return weakref.proxy(a), weakref.proxy(b)
dpml, dpmd = _mk2(); gc.collect()
l = [1, 2, 3]; d = {'a': 1}; s = {1, 2}; fs = frozenset({1}); t = (1, 2); st = 'abc'
el = []; ed = {}; es = set()
class EqErr:
    def __eq__(self, other): raise ValueError('eq')
class OwnAppend(list):
    def append(self, x): return 'mine'
def neg(x): return -x
def first(x): return x[0]
def grow(x): l.append(99); return x
import operator
def _S(x):
    if isinstance(x, (set, frozenset)): return f"{type(x).__name__}{sorted(x)}"
    return repr(x)
def _E(e): return f"{type(e).__name__}: {e}" if str(e) else type(e).__name__
def _T(f):
    try: return _S(f())
    except Exception as e: return _E(e)
def _IP(op, a, b):
    try: r = getattr(operator, op)(a, b)
    except Exception as e: return _E(e) + ' ' + _S(a)
    return f"{_S(r)} {_S(a)} {(r is a) if isinstance(a, (list, set, dict)) else None}"
class Ar:
    def __add__(self, o): return 'Ar.add'
    def __radd__(self, o): return 'Ar.radd'
    def __iadd__(self, o): return 'Ar.iadd'
    def __sub__(self, o): return 'Ar.sub'
class Br(Ar):
    def __radd__(self, o): return 'Br.radd'
class Cr(Ar): pass
class Ni:
    def __add__(self, o): return NotImplemented
    def __radd__(self, o): return NotImplemented
    def __iadd__(self, o): return NotImplemented
    def __mul__(self, o): return NotImplemented
class Ro:
    def __radd__(self, o): return ('Ro.radd', o)
    def __rmul__(self, o): return 'Ro.rmul'
    def __rsub__(self, o): return NotImplemented
    def __rmatmul__(self, o): return 'Ro.rmatmul'
    def __ror__(self, o): return 'Ro.ror'
class Un:
    def __neg__(self): return 'neg'
    def __pos__(self): return 'pos'
    def __invert__(self): return 'inv'
    def __abs__(self): return 'abs'
    def __matmul__(self, o): return 'Un.matmul'
class MyInt2(int):
    def __radd__(self, o): return 'MyInt2.radd'
class MyList2(list):
    def __radd__(self, o): return 'MyList2.radd'
class Dn:
    def __eq__(self, o): return NotImplemented
    def __lt__(self, o): return NotImplemented
class DnSub(Dn):
    def __eq__(self, o): return 'y'
    def __gt__(self, o): return 'y'
class Lt:
    def __lt__(self, o): return ''
    def __gt__(self, o): return ''
    def __eq__(self, o): return ''
class LtSub(Lt):
    def __gt__(self, o): return 'y'
    def __eq__(self, o): return 'y'
class NiInt(int):
    def __eq__(self, o): return NotImplemented
    def __lt__(self, o): return NotImplemented
class EqList(list):
    def __eq__(self, o): return True
class IaddList(list):
    def __iadd__(self, o): return NotImplemented
class RmulList(list):
    def __rmul__(self, o): return 'r'
class AddStr(str):
    def __add__(self, o): return NotImplemented
"#;

#[allow(dead_code)]
struct E {
    c: Value,
    callable: Value,
    u_cls: Value,
    my_int: Value,
    my_str: Value,
    my_tuple: Value,
    my_list: Value,
    my_dict: Value,
    my_set: Value,
    pt: Value,
    bad_repr: Value,
    bad_str: Value,
    neg_len: Value,
    str_len: Value,
    bad_hash: Value,
    bad_bool: Value,
    init_ret: Value,
    key_err_item: Value,
    getattr_raises: Value,
    nones: Value,
    repr_none: Value,
    non_call_init: Value,
    pml: Value,
    pms: Value,
    mset: Value,
    pmd: Value,
    dpml: Value,
    dpmd: Value,
    f: Value,
    o: Value,
    o2: Value,
    co: Value,
    u: Value,
    mi: Value,
    ml: Value,
    md: Value,
    r: Value,
    p: Value,
    cp: Value,
    wm: Value,
    fin: Value,
    dfin: Value,
    dp: Value,
    dr: Value,
    dwm: Value,
    dcp: Value,
    dpw: Value,
    wvd: Value,
    wkd: Value,
    ws: Value,
    ewvd: Value,
    ewkd: Value,
    ews: Value,
    pwvd: Value,
    pws: Value,
    kr: Value,
    l: Value,
    d: Value,
    s: Value,
    fs: Value,
    t: Value,
    st: Value,
    el: Value,
    ed: Value,
    es: Value,
    foreign: Value,
    foreign_list: Value,
    _other: Heap,
}

fn setup(h: &Heap) -> Result<E> {
    let one = |_: &Heap, _: &lethe::Args<'_>| -> Result<Value> { Ok(1.into()) };
    let c = h.class("C").method("m", one).build()?;
    let callable = h.class("Callable").method("__call__", one).build()?;
    let u_cls = h
        .class("U")
        .method("__eq__", |_, a| Ok(a.get(0)?.is(a.get(1)?).into()))
        .build()?;
    let b = |x: Builtin| h.builtin(x);
    let my_int = h
        .class("MyInt")
        .base(&b(Builtin::Int))
        .method("m", one)
        .build()?;
    let my_str = h.class("MyStr").base(&b(Builtin::Str)).build()?;
    let my_tuple = h.class("MyTuple").base(&b(Builtin::Tuple)).build()?;
    let my_list = h.class("MyList").base(&b(Builtin::List)).build()?;
    let my_dict = h.class("MyDict").base(&b(Builtin::Dict)).build()?;
    let pt = h.class("P").fields(&["x", "y"]).build()?;
    let bad_repr = h.class("BadRepr").method("__repr__", one).build()?;
    let bad_str = h.class("BadStr").method("__str__", one).build()?;
    let neg_len = h
        .class("NegLen")
        .method("__len__", |_, _| Ok((-1).into()))
        .build()?;
    let str_len = h
        .class("StrLen")
        .method("__len__", |_, _| Ok("x".into()))
        .build()?;
    let bad_hash = h
        .class("BadHash")
        .method("__hash__", |_, _| Ok("x".into()))
        .build()?;
    let bad_bool = h.class("BadBool").method("__bool__", one).build()?;
    let init_ret = h.class("InitRet").method("__init__", one).build()?;
    let key_err_item = h
        .class("KeyErrItem")
        .method("__getitem__", |h, a| {
            Err(Error::KeyError(h.repr(a.get(1)?)?))
        })
        .build()?;
    let getattr_raises = h
        .class("GetAttrRaises")
        .method("__getattr__", |h, a| {
            Err(Error::ValueError(h.str(a.get(1)?)?))
        })
        .build()?;
    let nones = {
        let mut cb = h.class("Nones");
        for n in [
            "__len__",
            "__getitem__",
            "__setitem__",
            "__delitem__",
            "__contains__",
            "__call__",
            "__bool__",
            "__lt__",
            "__getattr__",
        ] {
            cb = cb.attr(n, Value::None);
        }
        cb.build()?
    };
    let repr_none = h.class("ReprNone").attr("__repr__", Value::None).build()?;
    let non_call_init = h.class("NonCallInit").attr("__init__", 1.into()).build()?;
    let f = h.function("f", |_, _| Ok(Value::None));
    let o = h.call(&c, &[])?;
    let o2 = h.call(&c, &[])?;
    let co = h.call(&callable, &[])?;
    let u = h.call(&u_cls, &[])?;
    let mi = h.call(&my_int, &[1.into()])?;
    let ml = h.call(&my_list, &[])?;
    let md = h.call(&my_dict, &[])?;
    let r = h.weakref(&o, None)?;
    let p = h.proxy(&o, None)?;
    let cp = h.proxy(&co, None)?;
    let wm = h.weak_method(&h.getattr(&o, "m")?, None)?;
    let fin = h.finalize(&o, &f, &[], &[])?;
    let dfin = h.finalize(&o, &f, &[], &[])?;
    h.call(&dfin, &[])?;
    let (dp, dr, dwm, dcp, dpw) = {
        let t = h.call(&c, &[])?;
        let c2 = h.call(&callable, &[])?;
        let w = h.weak_value_dict(&[])?;
        (
            h.proxy(&t, None)?,
            h.weakref(&t, None)?,
            h.weak_method(&h.getattr(&t, "m")?, None)?,
            h.proxy(&c2, None)?,
            h.proxy(&w, None)?,
        )
    };
    h.collect();
    let wvd = h.weak_value_dict(&[("a".into(), o.clone())])?;
    let wkd = h.weak_key_dict(&[(o.clone(), 1.into())])?;
    let ws = h.weak_set(std::slice::from_ref(&o))?;
    let ewvd = h.weak_value_dict(&[])?;
    let ewkd = h.weak_key_dict(&[])?;
    let ews = h.weak_set(&[])?;
    let pwvd = h.proxy(&wvd, None)?;
    let pws = h.proxy(&ws, None)?;
    let kr = h.valuerefs(&wvd)?.remove(0);
    let my_set = h.class("MySet").base(&b(Builtin::Set)).build()?;
    let mset = h.call(&my_set, &[h.list(&[1.into()])?])?;
    let pms = h.proxy(&mset, None)?;
    let pml = h.proxy(&ml, None)?;
    let pmd = h.proxy(&md, None)?;
    let (dpml, dpmd) = {
        let a = h.call(&my_list, &[])?;
        let b = h.call(&my_dict, &[])?;
        (h.proxy(&a, None)?, h.proxy(&b, None)?)
    };
    h.collect();
    let l = h.list(&[1.into(), 2.into(), 3.into()])?;
    let d = h.dict(&[("a".into(), 1.into())])?;
    let s = h.set(&[1.into(), 2.into()])?;
    let fs = h.frozenset(&[1.into()])?;
    let t = h.tuple(&[1.into(), 2.into()])?;
    let st = "abc".into();
    let el = h.list(&[])?;
    let ed = h.dict(&[])?;
    let es = h.set(&[])?;
    let other = Heap::new();
    let oc = other.class("C").build()?;
    let foreign = other.call(&oc, &[])?;
    let foreign_list = other.list(&[1.into()])?;
    Ok(E {
        c,
        callable,
        u_cls,
        my_int,
        my_str,
        my_tuple,
        my_list,
        my_dict,
        my_set,
        pt,
        bad_repr,
        bad_str,
        neg_len,
        str_len,
        bad_hash,
        bad_bool,
        init_ret,
        key_err_item,
        getattr_raises,
        nones,
        repr_none,
        non_call_init,
        pml,
        pms,
        mset,
        pmd,
        dpml,
        dpmd,
        f,
        o,
        o2,
        co,
        u,
        mi,
        ml,
        md,
        r,
        p,
        cp,
        wm,
        fin,
        dfin,
        dp,
        dr,
        dwm,
        dcp,
        dpw,
        wvd,
        wkd,
        ws,
        ewvd,
        ewkd,
        ews,
        pwvd,
        pws,
        kr,
        l,
        d,
        s,
        fs,
        t,
        st,
        el,
        ed,
        es,
        foreign,
        foreign_list,
        _other: other,
    })
}

/// A result as the driver prints Python's: `OK <repr>` or `Type: message`.
trait Out {
    fn show(self, h: &Heap) -> String;
}
fn repr_or(h: &Heap, v: &Value) -> String {
    h.repr(v).unwrap_or_else(|e| format!("<repr failed: {e}>"))
}
impl Out for Value {
    fn show(self, h: &Heap) -> String {
        repr_or(h, &self)
    }
}
impl Out for bool {
    fn show(self, _: &Heap) -> String {
        if self { "True" } else { "False" }.into()
    }
}
impl Out for usize {
    fn show(self, _: &Heap) -> String {
        self.to_string()
    }
}
impl Out for i64 {
    fn show(self, _: &Heap) -> String {
        self.to_string()
    }
}
impl Out for () {
    fn show(self, _: &Heap) -> String {
        "None".into()
    }
}
impl Out for String {
    fn show(self, h: &Heap) -> String {
        repr_or(h, &Value::from(self.as_str()))
    }
}
impl Out for Vec<Value> {
    fn show(self, h: &Heap) -> String {
        match h.list(&self) {
            Ok(l) => repr_or(h, &l),
            Err(e) => format!("<list failed: {e}>"),
        }
    }
}
impl Out for (Value, Value) {
    fn show(self, h: &Heap) -> String {
        match h.tuple(&[self.0, self.1]) {
            Ok(t) => repr_or(h, &t),
            Err(e) => format!("<tuple failed: {e}>"),
        }
    }
}
impl Out for Vec<(Value, Value)> {
    fn show(self, h: &Heap) -> String {
        let items: Vec<Value> = self
            .into_iter()
            .map(|(k, v)| h.tuple(&[k, v]).expect("tuple"))
            .collect();
        items.show(h)
    }
}
impl Out for Option<Value> {
    fn show(self, h: &Heap) -> String {
        self.unwrap_or(Value::None).show(h)
    }
}
impl<T: Out> Out for Result<T> {
    fn show(self, h: &Heap) -> String {
        match self {
            Ok(v) => format!("OK {}", v.show(h)),
            Err(e) => e.to_string(),
        }
    }
}

type Case = (&'static str, Box<dyn Fn(&Heap, &E) -> String>);

macro_rules! cases {
    ($( $py:literal => |$h:ident, $e:ident| $body:expr ;)*) => {
        vec![$( (
            $py,
            Box::new(|$h: &Heap, $e: &E| -> String {
                let _ = $e; // (not every case needs the set-up)
                $body.show($h)
            }) as Box<dyn Fn(&Heap, &E) -> String>,
        ) ),*]
    };
}

fn i(n: i64) -> Value {
    n.into()
}
fn s(x: &str) -> Value {
    x.into()
}
fn f64v(x: f64) -> Value {
    x.into()
}
fn bi(h: &Heap, b: Builtin) -> Value {
    h.builtin(b)
}
/// `getattr(x, name)`, unwrapped (the cases use it to reach bound methods).
fn ga(h: &Heap, x: &Value, name: &str) -> Value {
    h.getattr(x, name).expect("getattr in a case's set-up")
}

// ---- helpers of the builtin-method cases (what PRELUDE's EqErr, OwnAppend, neg,
// first and grow are on the lethe side) ----

fn lst(h: &Heap, items: &[Value]) -> Value {
    h.list(items).expect("list")
}
/// `x.name(*args, **kw)`.
fn mk(h: &Heap, x: &Value, name: &str, args: &[Value], kw: &[(&str, Value)]) -> Result<Value> {
    h.call_kw(&h.getattr(x, name)?, args, kw)
}
/// `(x.name(*args), x)`: the result, and the receiver after the call.
fn cm(h: &Heap, x: &Value, name: &str, args: &[Value]) -> Result<Value> {
    let r = h.call_method(x, name, args)?;
    h.tuple(&[r, x.clone()])
}
/// `(x.name(*args, **kw), x)`.
fn cmk(h: &Heap, x: &Value, name: &str, args: &[Value], kw: &[(&str, Value)]) -> Result<Value> {
    let r = mk(h, x, name, args, kw)?;
    h.tuple(&[r, x.clone()])
}
fn eq_err(h: &Heap) -> Value {
    let c = h
        .class("EqErr")
        .method("__eq__", |_, _| Err(Error::ValueError("eq".into())))
        .build()
        .expect("class");
    h.call(&c, &[]).expect("instance")
}
fn own_append(h: &Heap) -> Value {
    let c = h
        .class("OwnAppend")
        .base(&h.builtin(Builtin::List))
        .method("append", |_, _| Ok("mine".into()))
        .build()
        .expect("class");
    h.call(&c, &[]).expect("instance")
}
fn neg(h: &Heap) -> Value {
    h.function("neg", |_, a| Ok(Value::Int(-a.int(0)?)))
}
fn first(h: &Heap) -> Value {
    h.function("first", |h, a| h.getitem(a.get(0)?, &0.into()))
}
/// `grow(x)`: appends 99 to `l`, returns `x`.
fn grow(h: &Heap, l: &Value) -> Value {
    h.closure("grow", std::slice::from_ref(l), |h, a| {
        h.list_append(&a.captures[0], &99.into())?;
        Ok(a.get(0)?.clone())
    })
    .expect("closure")
}
/// A list of `(int, str)` tuples.
fn pairs_list(h: &Heap, items: &[(i64, &str)]) -> Value {
    let items: Vec<Value> = items
        .iter()
        .map(|(a, b)| h.tuple(&[i(*a), s(b)]).expect("tuple"))
        .collect();
    lst(h, &items)
}
/// `[((i * 7) % 5, i) for i in range(n)]`.
fn mod_pairs(h: &Heap, n: i64) -> Value {
    let items: Vec<Value> = (0..n)
        .map(|k| h.tuple(&[i((k * 7) % 5), i(k)]).expect("tuple"))
        .collect();
    lst(h, &items)
}

fn all_cases() -> Vec<Case> {
    use Builtin as B;
    cases! {
        // ---- weakref.ref: what cannot be referenced -------------------------------
        "weakref.ref(1)" => |h, e| h.weakref(&i(1), None);
        "weakref.ref('s')" => |h, e| h.weakref(&s("s"), None);
        "weakref.ref(None)" => |h, e| h.weakref(&Value::None, None);
        "weakref.ref(1.5)" => |h, e| h.weakref(&f64v(1.5), None);
        "weakref.ref(True)" => |h, e| h.weakref(&true.into(), None);
        "weakref.ref(l)" => |h, e| h.weakref(&e.l, None);
        "weakref.ref(d)" => |h, e| h.weakref(&e.d, None);
        "weakref.ref(t)" => |h, e| h.weakref(&e.t, None);
        "weakref.ref(s)" => |h, e| h.weakref(&e.s, None);
        "weakref.ref(fs)" => |h, e| h.weakref(&e.fs, None);
        "weakref.ref(object())" => |h, e| h.weakref(&h.object().unwrap(), None);
        "weakref.ref(mi)" => |h, e| h.weakref(&e.mi, None);
        "x = MyStr('a') ;; weakref.ref(x)" => |h, e| h.weakref(&h.call(&e.my_str, &[s("a")]).unwrap(), None);
        "weakref.ref(MyTuple())" => |h, e| h.weakref(&h.call(&e.my_tuple, &[]).unwrap(), None);
        "weakref.ref(ml) is not None" => |h, e| h.weakref(&e.ml, None).map(|_| true);
        "weakref.ref(md) is not None" => |h, e| h.weakref(&e.md, None).map(|_| true);
        "weakref.ref(p)" => |h, e| h.weakref(&e.p, None);
        "weakref.ref(cp)" => |h, e| h.weakref(&e.cp, None);
        "weakref.ref(dp)" => |h, e| h.weakref(&e.dp, None);
        "weakref.ref(fin)" => |h, e| h.weakref(&e.fin, None);
        "weakref.ref(r) is not None" => |h, e| h.weakref(&e.r, None).map(|_| true);
        "weakref.ref(wm) is not None" => |h, e| h.weakref(&e.wm, None).map(|_| true);
        "weakref.ref(kr) is not None" => |h, e| h.weakref(&e.kr, None).map(|_| true);
        "weakref.ref(o.m) is not None" => |h, e| h.weakref(&ga(h, &e.o, "m"), None).map(|_| true);
        "weakref.ref(C) is not None" => |h, e| h.weakref(&e.c, None).map(|_| true);
        "weakref.ref(int) is not None" => |h, e| h.weakref(&bi(h, B::Int), None).map(|_| true);
        "weakref.ref(f) is not None" => |h, e| h.weakref(&e.f, None).map(|_| true);
        "weakref.ref(ws) is not None" => |h, e| h.weakref(&e.ws, None).map(|_| true);
        "weakref.ref(o, 1) is not None" => |h, e| h.weakref(&e.o, Some(&i(1))).map(|_| true);
        // ---- weakref.ref called as a type ----------------------------------------
        "weakref.ref()" => |h, e| h.call(&bi(h, B::Ref), &[]);
        "weakref.ref(o, f, 1)" => |h, e| h.call(&bi(h, B::Ref), &[e.o.clone(), e.f.clone(), i(1)]);
        "weakref.ref(o, callback=f)" => |h, e| h.call_kw(&bi(h, B::Ref), &[e.o.clone()], &[("callback", e.f.clone())]);
        "weakref.ref(1, f)" => |h, e| h.call(&bi(h, B::Ref), &[i(1), e.f.clone()]);
        "weakref.ref(o, None)() is o" => |h, e| h.call(&h.call(&bi(h, B::Ref), &[e.o.clone(), Value::None]).unwrap(), &[]).map(|v| v.is(&e.o));
        // ---- calling a ref ------------------------------------------------------
        "r(1)" => |h, e| h.call(&e.r, &[i(1)]);
        "r(1, 2)" => |h, e| h.call(&e.r, &[i(1), i(2)]);
        "r(x=1)" => |h, e| h.call_kw(&e.r, &[], &[("x", i(1))]);
        "dr(1)" => |h, e| h.call(&e.dr, &[i(1)]);
        "dr()" => |h, e| h.call(&e.dr, &[]);
        "kr(1)" => |h, e| h.call(&e.kr, &[i(1)]);
        // ---- ref attributes / protocols ------------------------------------------
        "r.zz" => |h, e| h.getattr(&e.r, "zz");
        "dr.zz" => |h, e| h.getattr(&e.dr, "zz");
        "r.zz = 1" => |h, e| h.setattr(&e.r, "zz", &i(1));
        "del r.zz" => |h, e| h.delattr(&e.r, "zz");
        "r.__callback__ = f" => |h, e| h.setattr(&e.r, "__callback__", &e.f);
        "del r.__callback__" => |h, e| h.delattr(&e.r, "__callback__");
        "dr.__callback__" => |h, e| h.getattr(&e.dr, "__callback__");
        // The classes `weakref.py` and `_weakrefset.py` define have a `__module__`;
        // the builtin reference type has none (fresh seed 33,617,247).
        "r.__module__" => |h, e| h.getattr(&e.r, "__module__");
        "wm.__module__" => |h, e| h.getattr(&e.wm, "__module__");
        "kr.__module__" => |h, e| h.getattr(&e.kr, "__module__");
        "fin.__module__" => |h, e| h.getattr(&e.fin, "__module__");
        "wvd.__module__" => |h, e| h.getattr(&e.wvd, "__module__");
        "wkd.__module__" => |h, e| h.getattr(&e.wkd, "__module__");
        "ws.__module__" => |h, e| h.getattr(&e.ws, "__module__");
        "p.__module__" => |h, e| h.getattr(&e.p, "__module__");
        "r[0]" => |h, e| h.getitem(&e.r, &i(0));
        "r[0] = 1" => |h, e| h.setitem(&e.r, &i(0), &i(1));
        "del r[0]" => |h, e| h.delitem(&e.r, &i(0));
        "len(r)" => |h, e| h.len(&e.r);
        "1 in r" => |h, e| h.contains(&e.r, &i(1));
        "list(r)" => |h, e| h.iter(&e.r);
        "r < r" => |h, e| h.compare(&e.r, &e.r, CompareOp::Lt);
        "dr >= r" => |h, e| h.compare(&e.dr, &e.r, CompareOp::Ge);
        "hash(dr)" => |h, e| h.hash(&e.dr);
        "hash(weakref.ref(u))" => |h, e| h.hash(&h.weakref(&e.u, None).unwrap());
        "int(r)" => |h, e| h.call(&bi(h, B::Int), &[e.r.clone()]);
        "float(r)" => |h, e| h.call(&bi(h, B::Float), &[e.r.clone()]);
        "kr.zz" => |h, e| h.getattr(&kr_of(e), "zz");
        "kr.key = 5 ;; kr.key" => |h, e| h.setattr(&e.kr, "key", &i(5)).and_then(|()| h.getattr(&e.kr, "key"));
        "kr.zz = 5" => |h, e| h.setattr(&e.kr, "zz", &i(5));
        "len(kr)" => |h, e| h.len(&e.kr);
        "weakref.KeyedRef(o, None, 'k').key" => |h, e| h.call(&bi(h, B::KeyedRef), &[e.o.clone(), Value::None, s("k")]).and_then(|k| h.getattr(&k, "key"));
        "weakref.KeyedRef()" => |h, e| h.call(&bi(h, B::KeyedRef), &[]);
        "weakref.KeyedRef(1, None, 'k')" => |h, e| h.call(&bi(h, B::KeyedRef), &[i(1), Value::None, s("k")]);
        // ---- weakref.proxy --------------------------------------------------------
        "weakref.proxy(1)" => |h, e| h.proxy(&i(1), None);
        "weakref.proxy('s')" => |h, e| h.proxy(&s("s"), None);
        "weakref.proxy(None)" => |h, e| h.proxy(&Value::None, None);
        "weakref.proxy(l)" => |h, e| h.proxy(&e.l, None);
        "weakref.proxy(d)" => |h, e| h.proxy(&e.d, None);
        "weakref.proxy(t)" => |h, e| h.proxy(&e.t, None);
        "weakref.proxy(mi)" => |h, e| h.proxy(&e.mi, None);
        "weakref.proxy(p)" => |h, e| h.proxy(&e.p, None);
        "weakref.proxy(cp)" => |h, e| h.proxy(&e.cp, None);
        "weakref.proxy(dp)" => |h, e| h.proxy(&e.dp, None);
        "weakref.proxy(dcp)" => |h, e| h.proxy(&e.dcp, None);
        "weakref.proxy(fin)" => |h, e| h.proxy(&e.fin, None);
        "weakref.proxy(o, 1) is not None" => |h, e| h.proxy(&e.o, Some(&i(1))).map(|_| true);
        "weakref.ProxyType(o)" => |h, e| h.call(&bi(h, B::Proxy), &[e.o.clone()]);
        "weakref.CallableProxyType(co)" => |h, e| h.call(&bi(h, B::CallableProxy), &[e.co.clone()]);
        // ---- a live proxy forwarding errors ------------------------------------
        "p()" => |h, e| h.call(&e.p, &[]);
        "p.zz" => |h, e| h.getattr(&e.p, "zz");
        "del p.zz" => |h, e| h.delattr(&e.p, "zz");
        "cp.zz" => |h, e| h.getattr(&e.cp, "zz");
        "len(p)" => |h, e| h.len(&e.p);
        "p[0]" => |h, e| h.getitem(&e.p, &i(0));
        "p[0] = 1" => |h, e| h.setitem(&e.p, &i(0), &i(1));
        "del p[0]" => |h, e| h.delitem(&e.p, &i(0));
        "1 in p" => |h, e| h.contains(&e.p, &i(1));
        "list(p)" => |h, e| h.iter(&e.p);
        "hash(p)" => |h, e| h.hash(&e.p);
        "hash(cp)" => |h, e| h.hash(&e.cp);
        "p < 1" => |h, e| h.compare(&e.p, &i(1), CompareOp::Lt);
        "1 <= p" => |h, e| h.compare(&i(1), &e.p, CompareOp::Le);
        "int(p)" => |h, e| h.call(&bi(h, B::Int), &[e.p.clone()]);
        "float(p)" => |h, e| h.call(&bi(h, B::Float), &[e.p.clone()]);
        "weakref.WeakMethod(p)" => |h, e| h.weak_method(&e.p, None);
        "p in ws" => |h, e| h.contains(&e.ws, &e.p);
        "ws.add(p)" => |h, e| h.set_add(&e.ws, &e.p);
        "wvd['k'] = p" => |h, e| h.setitem(&e.wvd, &s("k"), &e.p);
        "wkd[p] = 1" => |h, e| h.setitem(&e.wkd, &e.p, &i(1));
        "weakref.getweakrefcount(p)" => |h, e| h.getweakrefcount(&e.p);
        "weakref.finalize(p, f)" => |h, e| h.finalize(&e.p, &e.f, &[], &[]);
        "pwvd['zz']" => |h, e| h.getitem(&e.pwvd, &s("zz"));
        "pwvd.get([])" => |h, e| h.get(&e.pwvd, &e.el, &Value::None);
        "pwvd.zz" => |h, e| h.getattr(&e.pwvd, "zz");
        "pws.add(1)" => |h, e| h.set_add(&e.pws, &i(1));
        "pws.remove(1)" => |h, e| h.remove(&e.pws, &i(1));
        "pws.pop() ;; pws.pop()" => |h, e| h.set_pop(&e.pws).and_then(|_| h.set_pop(&e.pws));
        // ---- a dead proxy, every operation -----------------------------------------
        "dp.x" => |h, e| h.getattr(&e.dp, "x");
        "dp.x = 1" => |h, e| h.setattr(&e.dp, "x", &i(1));
        "del dp.x" => |h, e| h.delattr(&e.dp, "x");
        "dp.__class__" => |h, e| h.getattr(&e.dp, "__class__");
        "str(dp)" => |h, e| h.str(&e.dp);
        "len(dp)" => |h, e| h.len(&e.dp);
        "dp[0]" => |h, e| h.getitem(&e.dp, &i(0));
        "dp[0] = 1" => |h, e| h.setitem(&e.dp, &i(0), &i(1));
        "del dp[0]" => |h, e| h.delitem(&e.dp, &i(0));
        "1 in dp" => |h, e| h.contains(&e.dp, &i(1));
        "list(dp)" => |h, e| h.iter(&e.dp);
        "bool(dp)" => |h, e| h.truthy(&e.dp);
        "dp == 1" => |h, e| h.eq(&e.dp, &i(1));
        "dp != 1" => |h, e| h.ne(&e.dp, &i(1));
        "1 == dp" => |h, e| h.eq(&i(1), &e.dp);
        "dp == dp" => |h, e| h.eq(&e.dp, &e.dp);
        "dp < 1" => |h, e| h.compare(&e.dp, &i(1), CompareOp::Lt);
        "1 > dp" => |h, e| h.compare(&i(1), &e.dp, CompareOp::Gt);
        "hash(dp)" => |h, e| h.hash(&e.dp);
        "dp()" => |h, e| h.call(&e.dp, &[]);
        "dcp()" => |h, e| h.call(&e.dcp, &[]);
        "dcp(1, x=2)" => |h, e| h.call_kw(&e.dcp, &[i(1)], &[("x", i(2))]);
        "int(dp)" => |h, e| h.call(&bi(h, B::Int), &[e.dp.clone()]);
        "float(dp)" => |h, e| h.call(&bi(h, B::Float), &[e.dp.clone()]);
        "str(dp, 'utf-8')" => |h, e| h.call(&bi(h, B::Str), &[e.dp.clone(), s("utf-8")]);
        "[dp] == [dp]" => |h, e| h.eq(&h.list(&[e.dp.clone()]).unwrap(), &h.list(&[e.dp.clone()]).unwrap());
        "dp in [dp]" => |h, e| h.contains(&h.list(&[e.dp.clone()]).unwrap(), &e.dp);
        "dp in [1]" => |h, e| h.contains(&h.list(&[i(1)]).unwrap(), &e.dp);
        "[dp] == [1]" => |h, e| h.eq(&h.list(&[e.dp.clone()]).unwrap(), &h.list(&[i(1)]).unwrap());
        "(dp,) < (1,)" => |h, e| h.compare(&h.tuple(&[e.dp.clone()]).unwrap(), &h.tuple(&[i(1)]).unwrap(), CompareOp::Lt);
        "{dp}" => |h, e| h.set(&[e.dp.clone()]);
        "{dp: 1}" => |h, e| h.dict(&[(e.dp.clone(), i(1))]);
        "dp in d" => |h, e| h.contains(&e.d, &e.dp);
        "dp in ws" => |h, e| h.contains(&e.ws, &e.dp);
        "dp in wvd" => |h, e| h.contains(&e.wvd, &e.dp);
        "dp in wkd" => |h, e| h.contains(&e.wkd, &e.dp);
        "ws.add(dp)" => |h, e| h.set_add(&e.ws, &e.dp);
        "wvd['k'] = dp" => |h, e| h.setitem(&e.wvd, &s("k"), &e.dp);
        "wkd[dp] = 1" => |h, e| h.setitem(&e.wkd, &e.dp, &i(1));
        "l[dp]" => |h, e| h.getitem(&e.l, &e.dp);
        "d[dp]" => |h, e| h.getitem(&e.d, &e.dp);
        "weakref.WeakMethod(dp)" => |h, e| h.weak_method(&e.dp, None);
        "weakref.getweakrefcount(dp)" => |h, e| h.getweakrefcount(&e.dp);
        "weakref.getweakrefs(dp)" => |h, e| h.getweakrefs(&e.dp);
        "weakref.finalize(dp, f)" => |h, e| h.finalize(&e.dp, &e.f, &[], &[]);
        "weakref.finalize(o, dp)() is None" => |h, e| h.finalize(&e.o, &e.dp, &[], &[]).and_then(|fz| h.call(&fz, &[])).map(|v| v.is_none());
        "weakref.ref(o, dcp) is not None" => |h, e| h.weakref(&e.o, Some(&e.dcp)).map(|_| true);
        "isinstance(1, dp)" => |h, e| h.isinstance(&i(1), &e.dp);
        "int(MyStr('1'), dp)" => |h, e| h.call(&bi(h, B::Int), &[s("1"), e.dp.clone()]);
        "setattr(o, 'x', dp) ;; 'ok'" => |h, e| h.setattr(&e.o, "x", &e.dp).and_then(|()| h.getattr(&e.o, "x")).map(|_| "ok".to_string());
        "dpw['a']" => |h, e| h.getitem(&e.dpw, &s("a"));
        "dpw['a'] = o" => |h, e| h.setitem(&e.dpw, &s("a"), &e.o);
        "len(dpw)" => |h, e| h.len(&e.dpw);
        "dpw.get('a')" => |h, e| h.get(&e.dpw, &s("a"), &Value::None);
        "dpw.pop('a')" => |h, e| h.pop(&e.dpw, &s("a"), None);
        "dpw.update({})" => |h, e| h.update(&e.dpw, &e.ed);
        "dpw.copy()" => |h, e| h.copy(&e.dpw);
        "dpw.clear()" => |h, e| h.clear(&e.dpw);
        "dpw.valuerefs()" => |h, e| h.valuerefs(&e.dpw);
        "dpw.values()" => |h, e| h.values(&e.dpw);
        "dpw.popitem()" => |h, e| h.popitem(&e.dpw);
        "dpw.setdefault('a', o)" => |h, e| h.setdefault(&e.dpw, &s("a"), &e.o);
        "dpw.data" => |h, e| h.weak_data(&e.dpw);
        "dpw | {}" => |h, e| h.weak_or(&e.dpw, &e.ed);
        "list(dpw.items())" => |h, e| h.items(&e.dpw);
        // ---- WeakMethod -----------------------------------------------------------
        "weakref.WeakMethod(f)" => |h, e| h.weak_method(&e.f, None);
        "weakref.WeakMethod(1)" => |h, e| h.weak_method(&i(1), None);
        "weakref.WeakMethod(None)" => |h, e| h.weak_method(&Value::None, None);
        "weakref.WeakMethod(C.m)" => |h, e| h.weak_method(&ga(h, &e.c, "m"), None);
        "weakref.WeakMethod(o)" => |h, e| h.weak_method(&e.o, None);
        "weakref.WeakMethod(r)" => |h, e| h.weak_method(&e.r, None);
        "weakref.WeakMethod(mi.m)" => |h, e| h.weak_method(&ga(h, &e.mi, "m"), None);
        "weakref.WeakMethod(o.m, 1) is not None" => |h, e| h.weak_method(&ga(h, &e.o, "m"), Some(&i(1))).map(|_| true);
        "weakref.WeakMethod()" => |h, e| h.call(&bi(h, B::WeakMethod), &[]);
        "weakref.WeakMethod(o.m, f, 1)" => |h, e| h.call(&bi(h, B::WeakMethod), &[ga(h, &e.o, "m"), e.f.clone(), i(1)]);
        "weakref.WeakMethod(o.m, x=1)" => |h, e| h.call_kw(&bi(h, B::WeakMethod), &[ga(h, &e.o, "m")], &[("x", i(1))]);
        "weakref.WeakMethod(o.m, callback=1).__callback__ is not None" => |h, e| h.call_kw(&bi(h, B::WeakMethod), &[ga(h, &e.o, "m")], &[("callback", i(1))]).and_then(|w| h.getattr(&w, "__callback__")).map(|v| !v.is_none());
        "wm(1)" => |h, e| h.call(&e.wm, &[i(1)]);
        "wm(x=1)" => |h, e| h.call_kw(&e.wm, &[], &[("x", i(1))]);
        "dwm(1)" => |h, e| h.call(&e.dwm, &[i(1)]);
        "wm.zz" => |h, e| h.getattr(&e.wm, "zz");
        "wm.zz = 1" => |h, e| h.setattr(&e.wm, "zz", &i(1));
        "wm.__callback__ = 1" => |h, e| h.setattr(&e.wm, "__callback__", &i(1));
        "wm[0]" => |h, e| h.getitem(&e.wm, &i(0));
        "len(wm)" => |h, e| h.len(&e.wm);
        "hash(dwm)" => |h, e| h.hash(&e.dwm);
        "wm < wm" => |h, e| h.compare(&e.wm, &e.wm, CompareOp::Lt);
        // ---- finalize -------------------------------------------------------------
        "weakref.finalize()" => |h, e| h.call(&bi(h, B::Finalize), &[]);
        "weakref.finalize(o)" => |h, e| h.call(&bi(h, B::Finalize), &[e.o.clone()]);
        "weakref.finalize(1, f)" => |h, e| h.finalize(&i(1), &e.f, &[], &[]);
        "weakref.finalize(l, f)" => |h, e| h.finalize(&e.l, &e.f, &[], &[]);
        "weakref.finalize(None, f)" => |h, e| h.finalize(&Value::None, &e.f, &[], &[]);
        "weakref.finalize(mi, f)" => |h, e| h.finalize(&e.mi, &e.f, &[], &[]);
        "weakref.finalize(o, 1).alive" => |h, e| h.finalize(&e.o, &i(1), &[], &[]).and_then(|fz| h.finalizer_alive(&fz));
        "weakref.finalize(o, 1)()" => |h, e| h.finalize(&e.o, &i(1), &[], &[]).and_then(|fz| h.call(&fz, &[]));
        "weakref.finalize(o, f, 1, obj=2).peek()[1:]" => |h, e| h.call_kw(&bi(h, B::Finalize), &[e.o.clone(), e.f.clone(), i(1)], &[("obj", i(2))]).and_then(|fz| h.call_method(&fz, "peek", &[])).and_then(|pk| { let (a, b, c) = (h.getitem(&pk, &i(1))?, h.getitem(&pk, &i(2))?, h.getitem(&pk, &i(3))?); h.tuple(&[a, b, c]) });
        "weakref.finalize(o, f, func=2).peek()[3]" => |h, e| h.call_kw(&bi(h, B::Finalize), &[e.o.clone(), e.f.clone()], &[("func", i(2))]).and_then(|fz| h.call_method(&fz, "peek", &[])).and_then(|pk| h.getitem(&pk, &i(3)));
        "fin(1)" => |h, e| h.call(&e.fin, &[i(1)]);
        "fin(1, 2)" => |h, e| h.call(&e.fin, &[i(1), i(2)]);
        "fin(x=1)" => |h, e| h.call_kw(&e.fin, &[], &[("x", i(1))]);
        "fin(1, _=2)" => |h, e| h.call_kw(&e.fin, &[i(1)], &[("_", i(2))]);
        "dfin(1, 2)" => |h, e| h.call(&e.dfin, &[i(1), i(2)]);
        "fin.detach(1)" => |h, e| h.call_method(&e.fin, "detach", &[i(1)]);
        "fin.peek(1)" => |h, e| h.call_method(&e.fin, "peek", &[i(1)]);
        "fin.detach(x=1)" => |h, e| h.getattr(&e.fin, "detach").and_then(|m| h.call_kw(&m, &[], &[("x", i(1))]));
        "fin.alive = False" => |h, e| h.setattr(&e.fin, "alive", &false.into());
        "del fin.alive" => |h, e| h.delattr(&e.fin, "alive");
        "del fin.atexit" => |h, e| h.delattr(&e.fin, "atexit");
        "fin.atexit = BadBool() ;; fin.atexit" => |h, e| h.setattr(&e.fin, "atexit", &h.call(&e.bad_bool, &[]).unwrap()).and_then(|()| h.finalizer_atexit(&e.fin));
        "fin.atexit = dp ;; fin.atexit" => |h, e| h.setattr(&e.fin, "atexit", &e.dp).and_then(|()| h.finalizer_atexit(&e.fin));
        "fin.zz" => |h, e| h.getattr(&e.fin, "zz");
        "fin.zz = 1" => |h, e| h.setattr(&e.fin, "zz", &i(1));
        "del fin.zz" => |h, e| h.delattr(&e.fin, "zz");
        "fin[0]" => |h, e| h.getitem(&e.fin, &i(0));
        "len(fin)" => |h, e| h.len(&e.fin);
        "1 in fin" => |h, e| h.contains(&e.fin, &i(1));
        "fin < fin" => |h, e| h.compare(&e.fin, &e.fin, CompareOp::Lt);
        "(1).detach()" => |h, e| h.finalizer_detach(&i(1)).map(|x| x.is_some());
        "r.peek()" => |h, e| h.finalizer_peek(&e.r).map(|x| x.is_some());
        "l.alive" => |h, e| h.finalizer_alive(&e.l);
        "o.atexit" => |h, e| h.finalizer_atexit(&e.o);
        "dp.atexit = True" => |h, e| h.set_finalizer_atexit(&e.dp, true);
        // ---- getweakrefcount / getweakrefs -----------------------------------------
        "weakref.getweakrefcount(1)" => |h, e| h.getweakrefcount(&i(1));
        "weakref.getweakrefcount(l)" => |h, e| h.getweakrefcount(&e.l);
        "weakref.getweakrefcount(None)" => |h, e| h.getweakrefcount(&Value::None);
        "weakref.getweakrefs(1)" => |h, e| h.getweakrefs(&i(1));
        "weakref.getweakrefs('s')" => |h, e| h.getweakrefs(&s("s"));
        "weakref.getweakrefs(l)" => |h, e| h.getweakrefs(&e.l);
        "weakref.getweakrefcount(p)" => |h, e| h.getweakrefcount(&e.p);
        // ---- WeakValueDictionary ----------------------------------------------------
        "wvd['zz']" => |h, e| h.getitem(&e.wvd, &s("zz"));
        "wvd[1]" => |h, e| h.getitem(&e.wvd, &i(1));
        "wvd[[]]" => |h, e| h.getitem(&e.wvd, &e.el);
        "wvd[u]" => |h, e| h.getitem(&e.wvd, &e.u);
        "wvd['k'] = 1" => |h, e| h.setitem(&e.wvd, &s("k"), &i(1));
        "wvd['k'] = None" => |h, e| h.setitem(&e.wvd, &s("k"), &Value::None);
        "wvd['k'] = l" => |h, e| h.setitem(&e.wvd, &s("k"), &e.l);
        "wvd[[]] = o" => |h, e| h.setitem(&e.wvd, &e.el, &e.o);
        "wvd[[]] = 1" => |h, e| h.setitem(&e.wvd, &e.el, &i(1));
        "del wvd['zz']" => |h, e| h.delitem(&e.wvd, &s("zz"));
        "del wvd[[]]" => |h, e| h.delitem(&e.wvd, &e.el);
        "del ewvd[[]]" => |h, e| h.delitem(&e.ewvd, &e.el);
        "[] in wvd" => |h, e| h.contains(&e.wvd, &e.el);
        "[] in ewvd" => |h, e| h.contains(&e.ewvd, &e.el);
        "wvd.get([])" => |h, e| h.get(&e.wvd, &e.el, &Value::None);
        "ewvd.get([])" => |h, e| h.get(&e.ewvd, &e.el, &Value::None);
        "wvd.pop('zz')" => |h, e| h.pop(&e.wvd, &s("zz"), None);
        "wvd.pop([])" => |h, e| h.pop(&e.wvd, &e.el, None);
        "ewvd.pop([])" => |h, e| h.pop(&e.ewvd, &e.el, None);
        "ewvd.pop([], 1)" => |h, e| h.pop(&e.ewvd, &e.el, Some(&i(1)));
        "wvd.pop([], 1)" => |h, e| h.pop(&e.wvd, &e.el, Some(&i(1)));
        "ewvd.pop('zz')" => |h, e| h.pop(&e.ewvd, &s("zz"), None);
        "ewvd.popitem()" => |h, e| h.popitem(&e.ewvd);
        "wvd.setdefault('k')" => |h, e| h.setdefault(&e.wvd, &s("k"), &Value::None);
        "wvd.setdefault('k', 1)" => |h, e| h.setdefault(&e.wvd, &s("k"), &i(1));
        "wvd.setdefault([], o)" => |h, e| h.setdefault(&e.wvd, &e.el, &e.o);
        "wvd.update(1)" => |h, e| h.update(&e.wvd, &i(1));
        "wvd.update([1])" => |h, e| h.update(&e.wvd, &h.list(&[i(1)]).unwrap());
        "wvd.update([(1,)])" => |h, e| h.update(&e.wvd, &h.list(&[h.tuple(&[i(1)]).unwrap()]).unwrap());
        "wvd.update([('k', 1)])" => |h, e| h.update(&e.wvd, &h.list(&[h.tuple(&[s("k"), i(1)]).unwrap()]).unwrap());
        "wvd.update({'k': 1})" => |h, e| h.update(&e.wvd, &h.dict(&[(s("k"), i(1))]).unwrap());
        "wvd.update({'k': o, 'j': 1}) ;; sorted(wvd)" => |h, e| { let r = h.update(&e.wvd, &h.dict(&[(s("k"), e.o.clone()), (s("j"), i(1))]).unwrap()); r.map(|()| h.iter(&e.wvd).unwrap()) };
        "wvd.update([([], o)])" => |h, e| h.update(&e.wvd, &h.list(&[h.tuple(&[e.el.clone(), e.o.clone()]).unwrap()]).unwrap());
        "wvd.update('ab')" => |h, e| h.update(&e.wvd, &s("ab"));
        "wvd.update(['ab'])" => |h, e| h.update(&e.wvd, &h.list(&[s("ab")]).unwrap());
        "wvd.update(ws)" => |h, e| h.update(&e.wvd, &e.ws);
        "wvd | 1" => |h, e| h.weak_or(&e.wvd, &i(1));
        "1 | wvd" => |h, e| h.weak_or(&i(1), &e.wvd);
        "wvd | [('k', o)]" => |h, e| h.weak_or(&e.wvd, &h.list(&[h.tuple(&[s("k"), e.o.clone()]).unwrap()]).unwrap());
        "wvd | {'k': 1}" => |h, e| h.weak_or(&e.wvd, &h.dict(&[(s("k"), i(1))]).unwrap());
        "wvd | wkd" => |h, e| h.weak_or(&e.wvd, &e.wkd).map(|v| h.type_name(&v));
        "wvd |= 1" => |h, e| h.weak_ior(&e.wvd, &i(1));
        "wvd |= {'k': 1}" => |h, e| h.weak_ior(&e.wvd, &h.dict(&[(s("k"), i(1))]).unwrap());
        "hash(wvd)" => |h, e| h.hash(&e.wvd);
        "wvd < wvd" => |h, e| h.compare(&e.wvd, &e.wvd, CompareOp::Lt);
        "wvd()" => |h, e| h.call(&e.wvd, &[]);
        "wvd[()]" => |h, e| h.getitem(&e.wvd, &h.tuple(&[]).unwrap());
        "wvd.keyrefs()" => |h, e| h.keyrefs(&e.wvd);
        "wkd.valuerefs()" => |h, e| h.valuerefs(&e.wkd);
        "d.keyrefs()" => |h, e| h.keyrefs(&e.d);
        "ws.valuerefs()" => |h, e| h.valuerefs(&e.ws);
        "l.data" => |h, e| h.weak_data(&e.l);
        "wvd.nosuch" => |h, e| h.getattr(&e.wvd, "nosuch");
        "wvd.x = 1 ;; wvd.x" => |h, e| h.setattr(&e.wvd, "x", &i(1)).and_then(|()| h.getattr(&e.wvd, "x"));
        "del wvd.nosuch" => |h, e| h.delattr(&e.wvd, "nosuch");
        "wvd.data = 1" => |h, e| h.setattr(&e.wvd, "data", &i(1));
        // WeakValueDictionary's methods with Python's argument binding.
        "wvd.get()" => |h, e| h.call_method(&e.wvd, "get", &[]);
        "wvd.get(1, 2, 3)" => |h, e| h.call_method(&e.wvd, "get", &[i(1), i(2), i(3)]);
        "wvd.get(key='a', x=1)" => |h, e| h.call_kw(&ga(h, &e.wvd, "get"), &[], &[("key", s("a")), ("x", i(1))]);
        "wvd.get('a', key='a')" => |h, e| h.call_kw(&ga(h, &e.wvd, "get"), &[s("a")], &[("key", s("a"))]);
        "wvd.keys(1)" => |h, e| h.call_method(&e.wvd, "keys", &[i(1)]);
        "wvd.values(1)" => |h, e| h.call_method(&e.wvd, "values", &[i(1)]);
        "wvd.items(1)" => |h, e| h.call_method(&e.wvd, "items", &[i(1)]);
        "wvd.pop()" => |h, e| h.call_method(&e.wvd, "pop", &[]);
        "wvd.pop('zz', 1, 2)" => |h, e| h.call_method(&e.wvd, "pop", &[s("zz"), i(1), i(2)]);
        "wvd.pop(key='zz')" => |h, e| h.call_kw(&ga(h, &e.wvd, "pop"), &[], &[("key", s("zz"))]);
        "wvd.pop('zz', default=1)" => |h, e| h.call_kw(&ga(h, &e.wvd, "pop"), &[s("zz")], &[("default", i(1))]);
        "wvd.popitem(1)" => |h, e| h.call_method(&e.wvd, "popitem", &[i(1)]);
        "wvd.update(1, 2)" => |h, e| h.call_method(&e.wvd, "update", &[i(1), i(2)]);
        "wvd.update(k=1)" => |h, e| h.call_kw(&ga(h, &e.wvd, "update"), &[], &[("k", i(1))]);
        "wvd.clear(1)" => |h, e| h.call_method(&e.wvd, "clear", &[i(1)]);
        "wvd.copy(1)" => |h, e| h.call_method(&e.wvd, "copy", &[i(1)]);
        "wvd.setdefault()" => |h, e| h.call_method(&e.wvd, "setdefault", &[]);
        "wvd.setdefault(1, 2, 3)" => |h, e| h.call_method(&e.wvd, "setdefault", &[i(1), i(2), i(3)]);
        "wvd.valuerefs(1)" => |h, e| h.call_method(&e.wvd, "valuerefs", &[i(1)]);
        "wvd.itervaluerefs(1)" => |h, e| h.call_method(&e.wvd, "itervaluerefs", &[i(1)]);
        "wvd.__getitem__()" => |h, e| h.call_method(&e.wvd, "__getitem__", &[]);
        "wvd.__setitem__('k')" => |h, e| h.call_method(&e.wvd, "__setitem__", &[s("k")]);
        "wvd.__delitem__('zz')" => |h, e| h.call_method(&e.wvd, "__delitem__", &[s("zz")]);
        "wvd.__contains__()" => |h, e| h.call_method(&e.wvd, "__contains__", &[]);
        "wvd.__len__(1)" => |h, e| h.call_method(&e.wvd, "__len__", &[i(1)]);
        "wvd.__eq__()" => |h, e| h.call_method(&e.wvd, "__eq__", &[]);
        "wvd.__or__(1)" => |h, e| h.call_method(&e.wvd, "__or__", &[i(1)]);
        "wvd.__ior__(1)" => |h, e| h.call_method(&e.wvd, "__ior__", &[i(1)]);
        "wvd.get.__func__(1, 'a')" => |h, e| h.call(&ga(h, &ga(h, &e.wvd, "get"), "__func__"), &[i(1), s("a")]);
        "wvd.get.__func__(d, 'a')" => |h, e| h.call(&ga(h, &ga(h, &e.wvd, "get"), "__func__"), &[e.d.clone(), s("a")]);
        "wvd.get.__func__()" => |h, e| h.call(&ga(h, &ga(h, &e.wvd, "get"), "__func__"), &[]);
        "wvd.__len__.__func__(ws)" => |h, e| h.call(&ga(h, &ga(h, &e.wvd, "__len__"), "__func__"), &[e.ws.clone()]);
        "wvd.__getitem__.__func__(ws, 1)" => |h, e| h.call(&ga(h, &ga(h, &e.wvd, "__getitem__"), "__func__"), &[e.ws.clone(), i(1)]);
        // ---- WeakValueDictionary / WeakKeyDictionary / WeakSet constructors --------
        "weakref.WeakValueDictionary(1)" => |h, e| h.call(&bi(h, B::WeakValueDictionary), &[i(1)]);
        "weakref.WeakValueDictionary({'a': 1})" => |h, e| h.call(&bi(h, B::WeakValueDictionary), &[h.dict(&[(s("a"), i(1))]).unwrap()]);
        "weakref.WeakValueDictionary(1, 2)" => |h, e| h.call(&bi(h, B::WeakValueDictionary), &[i(1), i(2)]);
        "weakref.WeakValueDictionary(x=1)" => |h, e| h.call_kw(&bi(h, B::WeakValueDictionary), &[], &[("x", i(1))]);
        "weakref.WeakValueDictionary([[]])" => |h, e| h.call(&bi(h, B::WeakValueDictionary), &[h.list(&[h.list(&[]).unwrap()]).unwrap()]);
        "weakref.WeakKeyDictionary(1)" => |h, e| h.call(&bi(h, B::WeakKeyDictionary), &[i(1)]);
        "weakref.WeakKeyDictionary({1: 2})" => |h, e| h.call(&bi(h, B::WeakKeyDictionary), &[h.dict(&[(i(1), i(2))]).unwrap()]);
        "weakref.WeakKeyDictionary(1, 2)" => |h, e| h.call(&bi(h, B::WeakKeyDictionary), &[i(1), i(2)]);
        "weakref.WeakKeyDictionary(x=1)" => |h, e| h.call_kw(&bi(h, B::WeakKeyDictionary), &[], &[("x", i(1))]);
        "len(weakref.WeakKeyDictionary(dict={o: 1}))" => |h, e| h.call_kw(&bi(h, B::WeakKeyDictionary), &[], &[("dict", h.dict(&[(e.o.clone(), i(1))]).unwrap())]).and_then(|w| h.len(&w));
        "weakref.WeakSet(1)" => |h, e| h.call(&bi(h, B::WeakSet), &[i(1)]);
        "weakref.WeakSet([1])" => |h, e| h.call(&bi(h, B::WeakSet), &[h.list(&[i(1)]).unwrap()]);
        "weakref.WeakSet([u])" => |h, e| h.call(&bi(h, B::WeakSet), &[h.list(&[e.u.clone()]).unwrap()]);
        "weakref.WeakSet(1, 2)" => |h, e| h.call(&bi(h, B::WeakSet), &[i(1), i(2)]);
        "weakref.WeakSet(x=1)" => |h, e| h.call_kw(&bi(h, B::WeakSet), &[], &[("x", i(1))]);
        "len(weakref.WeakSet(data=[o]))" => |h, e| h.call_kw(&bi(h, B::WeakSet), &[], &[("data", h.list(&[e.o.clone()]).unwrap())]).and_then(|w| h.len(&w));
        "len(weakref.WeakSet(None))" => |h, e| h.call(&bi(h, B::WeakSet), &[Value::None]).and_then(|w| h.len(&w));
        "weakref.WeakValueDictionary(None)" => |h, e| h.call(&bi(h, B::WeakValueDictionary), &[Value::None]);
        "len(weakref.WeakKeyDictionary(None))" => |h, e| h.call(&bi(h, B::WeakKeyDictionary), &[Value::None]).and_then(|w| h.len(&w));
        "# TypeError: cannot create weak reference to 'int' object" => |h, e| h.weak_set(&[i(1)]);
        "# TypeError: cannot create weak reference to 'int' object" => |h, e| h.weak_value_dict(&[(s("k"), i(1))]);
        "# TypeError: unhashable type: 'list'" => |h, e| h.weak_value_dict(&[(e.el.clone(), e.o.clone())]);
        "# TypeError: cannot create weak reference to 'int' object" => |h, e| h.weak_key_dict(&[(i(1), i(1))]);
        "# TypeError: unhashable type: 'U'" => |h, e| h.weak_key_dict(&[(e.u.clone(), i(1))]);
        "# TypeError: unhashable type: 'U'" => |h, e| h.weak_key_dict_ephemeron(&[(e.u.clone(), i(1))]);
        "# TypeError: cannot create weak reference to 'str' object" => |h, e| h.weak_key_dict_ephemeron(&[(s("k"), i(1))]);
        // ---- WeakKeyDictionary -----------------------------------------------------
        "wkd[1]" => |h, e| h.getitem(&e.wkd, &i(1));
        "wkd[[]]" => |h, e| h.getitem(&e.wkd, &e.el);
        "wkd[u]" => |h, e| h.getitem(&e.wkd, &e.u);
        "ewkd[u]" => |h, e| h.getitem(&e.ewkd, &e.u);
        "wkd[1] = 2" => |h, e| h.setitem(&e.wkd, &i(1), &i(2));
        "wkd[u] = 2" => |h, e| h.setitem(&e.wkd, &e.u, &i(2));
        "wkd[None] = 2" => |h, e| h.setitem(&e.wkd, &Value::None, &i(2));
        "del wkd[1]" => |h, e| h.delitem(&e.wkd, &i(1));
        "del wkd[u]" => |h, e| h.delitem(&e.wkd, &e.u);
        "del ewkd[1]" => |h, e| h.delitem(&e.ewkd, &i(1));
        "1 in wkd" => |h, e| h.contains(&e.wkd, &i(1));
        "[] in wkd" => |h, e| h.contains(&e.wkd, &e.el);
        "u in wkd" => |h, e| h.contains(&e.wkd, &e.u);
        "u in ewkd" => |h, e| h.contains(&e.ewkd, &e.u);
        "wkd.get(1)" => |h, e| h.get(&e.wkd, &i(1), &Value::None);
        "wkd.get(u)" => |h, e| h.get(&e.wkd, &e.u, &Value::None);
        "wkd.get([])" => |h, e| h.get(&e.wkd, &e.el, &Value::None);
        "wkd.pop(1)" => |h, e| h.pop(&e.wkd, &i(1), None);
        "ewkd.pop(1)" => |h, e| h.pop(&e.ewkd, &i(1), None);
        "ewkd.pop(1, 2)" => |h, e| h.pop(&e.ewkd, &i(1), Some(&i(2)));
        "ewkd.pop(u)" => |h, e| h.pop(&e.ewkd, &e.u, None);
        "wkd.pop(u)" => |h, e| h.pop(&e.wkd, &e.u, None);
        "wkd.pop(u, 1)" => |h, e| h.pop(&e.wkd, &e.u, Some(&i(1)));
        "wkd.pop(o2, 1, 2)" => |h, e| h.call_method(&e.wkd, "pop", &[e.o2.clone(), i(1), i(2)]);
        "wkd.pop(1, 1, 2)" => |h, e| h.call_method(&e.wkd, "pop", &[i(1), i(1), i(2)]);
        "ewkd.popitem()" => |h, e| h.popitem(&e.ewkd);
        "wkd.setdefault(1)" => |h, e| h.setdefault(&e.wkd, &i(1), &Value::None);
        "wkd.setdefault(u, 1)" => |h, e| h.setdefault(&e.wkd, &e.u, &i(1));
        "wkd.update({1: 2})" => |h, e| h.update(&e.wkd, &h.dict(&[(i(1), i(2))]).unwrap());
        "wkd.update(1)" => |h, e| h.update(&e.wkd, &i(1));
        "wkd.update([1])" => |h, e| h.update(&e.wkd, &h.list(&[i(1)]).unwrap());
        "wkd.update([(o2, 1, 2)])" => |h, e| h.update(&e.wkd, &h.list(&[h.tuple(&[e.o2.clone(), i(1), i(2)]).unwrap()]).unwrap());
        "wkd.update({o2: 1, 5: 2}) ;; len(wkd)" => |h, e| { let r = h.update(&e.wkd, &h.dict(&[(e.o2.clone(), i(1)), (i(5), i(2))]).unwrap()); r.map(|()| h.len(&e.wkd).unwrap()) };
        "wkd.update(x=1)" => |h, e| h.call_kw(&ga(h, &e.wkd, "update"), &[], &[("x", i(1))]);
        "wkd.update(dict=1)" => |h, e| h.call_kw(&ga(h, &e.wkd, "update"), &[], &[("dict", i(1))]);
        "wkd | 1" => |h, e| h.weak_or(&e.wkd, &i(1));
        "wkd | {1: 2}" => |h, e| h.weak_or(&e.wkd, &h.dict(&[(i(1), i(2))]).unwrap());
        "{1: 2} | wkd" => |h, e| h.weak_or(&h.dict(&[(i(1), i(2))]).unwrap(), &e.wkd);
        "hash(wkd)" => |h, e| h.hash(&e.wkd);
        "wkd.keyrefs(1)" => |h, e| h.call_method(&e.wkd, "keyrefs", &[i(1)]);
        "wkd.get()" => |h, e| h.call_method(&e.wkd, "get", &[]);
        "wkd.__eq__(1, 2)" => |h, e| h.call_method(&e.wkd, "__eq__", &[i(1), i(2)]);
        "wkd.__contains__(key=1)" => |h, e| h.call_kw(&ga(h, &e.wkd, "__contains__"), &[], &[("key", i(1))]);
        "wkd.update(1, 2)" => |h, e| h.call_method(&e.wkd, "update", &[i(1), i(2)]);
        // ---- WeakSet ----------------------------------------------------------------
        "ws.add(1)" => |h, e| h.set_add(&e.ws, &i(1));
        "ws.add(u)" => |h, e| h.set_add(&e.ws, &e.u);
        "ws.add(None)" => |h, e| h.set_add(&e.ws, &Value::None);
        "ws.remove(1)" => |h, e| h.remove(&e.ws, &i(1));
        "ws.remove(u)" => |h, e| h.remove(&e.ws, &e.u);
        "ews.remove(u)" => |h, e| h.remove(&e.ews, &e.u);
        "ws.discard(1)" => |h, e| h.discard(&e.ws, &i(1));
        "ws.discard(u)" => |h, e| h.discard(&e.ws, &e.u);
        "ws.discard([])" => |h, e| h.discard(&e.ws, &e.el);
        "1 in ws" => |h, e| h.contains(&e.ws, &i(1));
        "[] in ws" => |h, e| h.contains(&e.ws, &e.el);
        "u in ws" => |h, e| h.contains(&e.ws, &e.u);
        "ews.pop()" => |h, e| h.set_pop(&e.ews);
        "ws.update(1)" => |h, e| h.update(&e.ws, &i(1));
        "ws.update([1])" => |h, e| h.update(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.update([o2, 1]) ;; len(ws)" => |h, e| { let r = h.update(&e.ws, &h.list(&[e.o2.clone(), i(1)]).unwrap()); r.map(|()| h.len(&e.ws).unwrap()) };
        "ws.union(1)" => |h, e| h.union(&e.ws, &i(1));
        "ws.union([1])" => |h, e| h.union(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws | 1" => |h, e| h.weak_or(&e.ws, &i(1));
        "ws.intersection(1)" => |h, e| h.intersection(&e.ws, &i(1));
        "len(ws.intersection([1, []]))" => |h, e| h.intersection(&e.ws, &h.list(&[i(1), e.el.clone()]).unwrap()).and_then(|w| h.len(&w));
        "ws.intersection([u])" => |h, e| h.intersection(&e.ws, &h.list(&[e.u.clone()]).unwrap());
        "ws.difference(1)" => |h, e| h.difference(&e.ws, &i(1));
        "ws.difference([1])" => |h, e| h.difference(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.symmetric_difference(1)" => |h, e| h.symmetric_difference(&e.ws, &i(1));
        "ws.symmetric_difference([1])" => |h, e| h.symmetric_difference(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.difference_update(1)" => |h, e| h.difference_update(&e.ws, &i(1));
        "ws.difference_update([1])" => |h, e| h.difference_update(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.intersection_update(1)" => |h, e| h.intersection_update(&e.ws, &i(1));
        "ws.intersection_update([1]) ;; len(ws)" => |h, e| h.intersection_update(&e.ws, &h.list(&[i(1)]).unwrap()).map(|()| h.len(&e.ws).unwrap());
        "ws.symmetric_difference_update(1)" => |h, e| h.symmetric_difference_update(&e.ws, &i(1));
        "ws.symmetric_difference_update([1])" => |h, e| h.symmetric_difference_update(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.issubset(1)" => |h, e| h.issubset(&e.ws, &i(1));
        "ws.issubset([1])" => |h, e| h.issubset(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.issuperset(1)" => |h, e| h.issuperset(&e.ws, &i(1));
        "ws.issuperset([1])" => |h, e| h.issuperset(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws < 1" => |h, e| h.is_proper_subset(&e.ws, &i(1));
        "ws > [1]" => |h, e| h.is_proper_superset(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws.isdisjoint(1)" => |h, e| h.isdisjoint(&e.ws, &i(1));
        "ws.isdisjoint([1])" => |h, e| h.isdisjoint(&e.ws, &h.list(&[i(1)]).unwrap());
        "ws < ws" => |h, e| h.compare(&e.ws, &e.ws, CompareOp::Lt);
        "ws <= 1" => |h, e| h.compare(&e.ws, &i(1), CompareOp::Le);
        "ws < s" => |h, e| h.compare(&e.ws, &e.s, CompareOp::Lt);
        "hash(ws)" => |h, e| h.hash(&e.ws);
        "ws[0]" => |h, e| h.getitem(&e.ws, &i(0));
        "ws[0] = 1" => |h, e| h.setitem(&e.ws, &i(0), &i(1));
        "del ws[0]" => |h, e| h.delitem(&e.ws, &i(0));
        "ws()" => |h, e| h.call(&e.ws, &[]);
        "ws.get(1)" => |h, e| h.get(&e.ws, &i(1), &Value::None);
        "ws.pop(1) <- pop(ws, 1) as a mapping" => |h, e| h.pop(&e.ws, &i(1), None);
        "ws.popitem()" => |h, e| h.popitem(&e.ws);
        "ws.setdefault(1)" => |h, e| h.setdefault(&e.ws, &i(1), &Value::None);
        "ws.values()" => |h, e| h.values(&e.ws);
        "ws.keyrefs()" => |h, e| h.keyrefs(&e.ws);
        "ws.zz" => |h, e| h.getattr(&e.ws, "zz");
        "ws.zz = 1 ;; ws.zz" => |h, e| h.setattr(&e.ws, "zz", &i(1)).and_then(|()| h.getattr(&e.ws, "zz"));
        "ws.add()" => |h, e| h.call_method(&e.ws, "add", &[]);
        "ws.add(o, o)" => |h, e| h.call_method(&e.ws, "add", &[e.o.clone(), e.o.clone()]);
        "ws.add(x=o)" => |h, e| h.call_kw(&ga(h, &e.ws, "add"), &[], &[("x", e.o.clone())]);
        "ws.add(item=1)" => |h, e| h.call_kw(&ga(h, &e.ws, "add"), &[], &[("item", i(1))]);
        "ws.pop(1)" => |h, e| h.call_method(&e.ws, "pop", &[i(1)]);
        "ws.union()" => |h, e| h.call_method(&e.ws, "union", &[]);
        "ws.union(1, 2)" => |h, e| h.call_method(&e.ws, "union", &[i(1), i(2)]);
        "ws.issubset()" => |h, e| h.call_method(&e.ws, "issubset", &[]);
        "ws.__contains__()" => |h, e| h.call_method(&e.ws, "__contains__", &[]);
        "ws.clear(1)" => |h, e| h.call_method(&e.ws, "clear", &[i(1)]);
        "ws.update()" => |h, e| h.call_method(&e.ws, "update", &[]);
        "ws.__ior__(1)" => |h, e| h.call_method(&e.ws, "__ior__", &[i(1)]);
        "ws.__eq__()" => |h, e| h.call_method(&e.ws, "__eq__", &[]);
        "ws.__lt__(1)" => |h, e| h.call_method(&e.ws, "__lt__", &[i(1)]);
        "ws.__le__(1)" => |h, e| h.call_method(&e.ws, "__le__", &[i(1)]);
        "ws.__gt__(1)" => |h, e| h.call_method(&e.ws, "__gt__", &[i(1)]);
        "ws.__sub__(1)" => |h, e| h.call_method(&e.ws, "__sub__", &[i(1)]);
        "ws.__and__(1)" => |h, e| h.call_method(&e.ws, "__and__", &[i(1)]);
        "ws.__xor__(1)" => |h, e| h.call_method(&e.ws, "__xor__", &[i(1)]);
        "ws.__isub__(1)" => |h, e| h.call_method(&e.ws, "__isub__", &[i(1)]);
        "ws.__iand__(1)" => |h, e| h.call_method(&e.ws, "__iand__", &[i(1)]);
        "ws.__ixor__(1)" => |h, e| h.call_method(&e.ws, "__ixor__", &[i(1)]);
        "ws.discard(item=1)" => |h, e| h.call_kw(&ga(h, &e.ws, "discard"), &[], &[("item", i(1))]);
        "ws.copy(1)" => |h, e| h.call_method(&e.ws, "copy", &[i(1)]);
        "ws.remove()" => |h, e| h.call_method(&e.ws, "remove", &[]);
        "ws.isdisjoint(other=1)" => |h, e| h.call_kw(&ga(h, &e.ws, "isdisjoint"), &[], &[("other", i(1))]);
        // ---- builtin containers: item access --------------------------------------
        "l[5]" => |h, e| h.getitem(&e.l, &i(5));
        "l[-4]" => |h, e| h.getitem(&e.l, &i(-4));
        "l['x']" => |h, e| h.getitem(&e.l, &s("x"));
        "l[1.0]" => |h, e| h.getitem(&e.l, &f64v(1.0));
        "l[None]" => |h, e| h.getitem(&e.l, &Value::None);
        "l[True]" => |h, e| h.getitem(&e.l, &true.into());
        "l[mi]" => |h, e| h.getitem(&e.l, &e.mi);
        "l[o]" => |h, e| h.getitem(&e.l, &e.o);
        "l[p]" => |h, e| h.getitem(&e.l, &e.p);
        "l[2**63-1]" => |h, e| h.getitem(&e.l, &i(i64::MAX));
        "l[-2**63]" => |h, e| h.getitem(&e.l, &i(i64::MIN));
        "l[5] = 1" => |h, e| h.setitem(&e.l, &i(5), &i(1));
        "l['x'] = 1" => |h, e| h.setitem(&e.l, &s("x"), &i(1));
        "l[-2**63] = 1" => |h, e| h.setitem(&e.l, &i(i64::MIN), &i(1));
        "del l[5]" => |h, e| h.delitem(&e.l, &i(5));
        "del l['x']" => |h, e| h.delitem(&e.l, &s("x"));
        "del l[-2**63]" => |h, e| h.delitem(&e.l, &i(i64::MIN));
        "el[0]" => |h, e| h.getitem(&e.el, &i(0));
        "t[5]" => |h, e| h.getitem(&e.t, &i(5));
        "t['x']" => |h, e| h.getitem(&e.t, &s("x"));
        "t[0] = 1" => |h, e| h.setitem(&e.t, &i(0), &i(1));
        "del t[0]" => |h, e| h.delitem(&e.t, &i(0));
        "st[5]" => |h, e| h.getitem(&e.st, &i(5));
        "st['x']" => |h, e| h.getitem(&e.st, &s("x"));
        "st[1.0]" => |h, e| h.getitem(&e.st, &f64v(1.0));
        "st[0] = 'x'" => |h, e| h.setitem(&e.st, &i(0), &s("x"));
        "del st[0]" => |h, e| h.delitem(&e.st, &i(0));
        // A proxy is index-like (its type has `nb_index`): converted before the
        // refusal, its referent's error stands (review helper-101).
        "st[p]" => |h, e| h.getitem(&e.st, &e.p);
        "st[dp]" => |h, e| h.getitem(&e.st, &e.dp);
        "t[p] = 1" => |h, e| h.setitem(&e.t, &e.p, &i(1));
        "del t[p]" => |h, e| h.delitem(&e.t, &e.p);
        "del t[dp]" => |h, e| h.delitem(&e.t, &e.dp);
        "st[p] = 'x'" => |h, e| h.setitem(&e.st, &e.p, &s("x"));
        "del st[p]" => |h, e| h.delitem(&e.st, &e.p);
        "del fs[p]" => |h, e| h.delitem(&e.fs, &e.p);
        "fs[p] = 1" => |h, e| h.setitem(&e.fs, &e.p, &i(1));
        "del o[p]" => |h, e| h.delitem(&e.o, &e.p);
        "o[p] = 1" => |h, e| h.setitem(&e.o, &e.p, &i(1));
        "del fs[1]" => |h, e| h.delitem(&e.fs, &i(1));
        "d['zz']" => |h, e| h.getitem(&e.d, &s("zz"));
        "d[[]]" => |h, e| h.getitem(&e.d, &e.el);
        "d[{1}]" => |h, e| h.getitem(&e.d, &e.s);
        "d[(1, [])]" => |h, e| h.getitem(&e.d, &h.tuple(&[i(1), e.el.clone()]).unwrap());
        "d[[]] = 1" => |h, e| h.setitem(&e.d, &e.el, &i(1));
        "del d['zz']" => |h, e| h.delitem(&e.d, &s("zz"));
        "del d[[]]" => |h, e| h.delitem(&e.d, &e.el);
        "ed[[]]" => |h, e| h.getitem(&e.ed, &e.el);
        "d[('a',)]" => |h, e| h.getitem(&e.d, &h.tuple(&[s("a")]).unwrap());
        "d[u]" => |h, e| h.getitem(&e.d, &e.u);
        "d[BadHash()]" => |h, e| h.getitem(&e.d, &h.call(&e.bad_hash, &[]).unwrap());
        "md['zz']" => |h, e| h.getitem(&e.md, &s("zz"));
        "ml[0]" => |h, e| h.getitem(&e.ml, &i(0));
        "s[0]" => |h, e| h.getitem(&e.s, &i(0));
        "s[0] = 1" => |h, e| h.setitem(&e.s, &i(0), &i(1));
        "del s[0]" => |h, e| h.delitem(&e.s, &i(0));
        "fs[0]" => |h, e| h.getitem(&e.fs, &i(0));
        "fs[0] = 1" => |h, e| h.setitem(&e.fs, &i(0), &i(1));
        "(1)[0]" => |h, e| h.getitem(&i(1), &i(0));
        "(1.5)[0]" => |h, e| h.getitem(&f64v(1.5), &i(0));
        "True[0]" => |h, e| h.getitem(&true.into(), &i(0));
        "None[0]" => |h, e| h.getitem(&Value::None, &i(0));
        "None[0] = 1" => |h, e| h.setitem(&Value::None, &i(0), &i(1));
        "del None[0]" => |h, e| h.delitem(&Value::None, &i(0));
        "o[0]" => |h, e| h.getitem(&e.o, &i(0));
        "o[0] = 1" => |h, e| h.setitem(&e.o, &i(0), &i(1));
        "del o[0]" => |h, e| h.delitem(&e.o, &i(0));
        "f[0]" => |h, e| h.getitem(&e.f, &i(0));
        "o.m[0]" => |h, e| h.getitem(&ga(h, &e.o, "m"), &i(0));
        "C[0]" => |h, e| h.getitem(&e.c, &i(0));
        "int[0] = 1" => |h, e| h.setitem(&bi(h, B::Int), &i(0), &i(1));
        "del C[0]" => |h, e| h.delitem(&e.c, &i(0));
        "mi[0]" => |h, e| h.getitem(&e.mi, &i(0));
        "KeyErrItem()[0]" => |h, e| h.getitem(&h.call(&e.key_err_item, &[]).unwrap(), &i(0));
        // ---- len / contains / iteration / truth -----------------------------------
        "len(1)" => |h, e| h.len(&i(1));
        "len(1.5)" => |h, e| h.len(&f64v(1.5));
        "len(True)" => |h, e| h.len(&true.into());
        "len(None)" => |h, e| h.len(&Value::None);
        "len(o)" => |h, e| h.len(&e.o);
        "len(C)" => |h, e| h.len(&e.c);
        "len(f)" => |h, e| h.len(&e.f);
        "len(o.m)" => |h, e| h.len(&ga(h, &e.o, "m"));
        "len(NegLen())" => |h, e| h.len(&h.call(&e.neg_len, &[]).unwrap());
        "len(StrLen())" => |h, e| h.len(&h.call(&e.str_len, &[]).unwrap());
        "bool(NegLen())" => |h, e| h.truthy(&h.call(&e.neg_len, &[]).unwrap());
        "bool(StrLen())" => |h, e| h.truthy(&h.call(&e.str_len, &[]).unwrap());
        "bool(BadBool())" => |h, e| h.truthy(&h.call(&e.bad_bool, &[]).unwrap());
        "1 in 1" => |h, e| h.contains(&i(1), &i(1));
        "1 in 1.5" => |h, e| h.contains(&f64v(1.5), &i(1));
        "1 in None" => |h, e| h.contains(&Value::None, &i(1));
        "1 in o" => |h, e| h.contains(&e.o, &i(1));
        "1 in f" => |h, e| h.contains(&e.f, &i(1));
        "1 in C" => |h, e| h.contains(&e.c, &i(1));
        "1 in st" => |h, e| h.contains(&e.st, &i(1));
        "None in st" => |h, e| h.contains(&e.st, &Value::None);
        "[] in s" => |h, e| h.contains(&e.s, &e.el);
        "[] in fs" => |h, e| h.contains(&e.fs, &e.el);
        "[] in d" => |h, e| h.contains(&e.d, &e.el);
        "[] in ed" => |h, e| h.contains(&e.ed, &e.el);
        "[] in es" => |h, e| h.contains(&e.es, &e.el);
        "{1} in s" => |h, e| h.contains(&e.s, &h.set(&[i(1)]).unwrap());
        "set() in fs" => |h, e| h.contains(&e.fs, &e.es);
        "{1} in d" => |h, e| h.contains(&e.d, &h.set(&[i(1)]).unwrap());
        "u in s" => |h, e| h.contains(&e.s, &e.u);
        "[] in l" => |h, e| h.contains(&e.l, &e.el);
        "[] in t" => |h, e| h.contains(&e.t, &e.el);
        "1 in KeyErrItem()" => |h, e| h.contains(&h.call(&e.key_err_item, &[]).unwrap(), &i(1));
        "list(1)" => |h, e| h.iter(&i(1));
        "list(1.5)" => |h, e| h.iter(&f64v(1.5));
        "list(None)" => |h, e| h.iter(&Value::None);
        "list(o)" => |h, e| h.iter(&e.o);
        "list(C)" => |h, e| h.iter(&e.c);
        "list(f)" => |h, e| h.iter(&e.f);
        "list(fin)" => |h, e| h.iter(&e.fin);
        "list(KeyErrItem())" => |h, e| h.iter(&h.call(&e.key_err_item, &[]).unwrap());
        "list(dict(1).items())  # items(1)" => |h, e| h.items(&i(1));
        "list(dict(l).items())  # items(l)" => |h, e| h.items(&e.l);
        // ---- methods of plain containers through the Heap ---------------------------
        "s.remove(5)" => |h, e| h.remove(&e.s, &i(5));
        "s.remove([])" => |h, e| h.remove(&e.s, &e.el);
        "s.remove({1})" => |h, e| h.remove(&e.s, &h.set(&[i(1)]).unwrap());
        "s.discard([])" => |h, e| h.discard(&e.s, &e.el);
        "s.discard(set())" => |h, e| h.discard(&e.s, &e.es);
        "es.pop()" => |h, e| h.set_pop(&e.es);
        "el.pop()" => |h, e| h.set_pop(&e.el);
        "fs.pop()" => |h, e| h.set_pop(&e.fs);
        "d.pop()  # set_pop(d)" => |h, e| h.set_pop(&e.d);
        "s.add([])" => |h, e| h.set_add(&e.s, &e.el);
        "fs.add(1)" => |h, e| h.set_add(&e.fs, &i(1));
        "l.add(1)" => |h, e| h.set_add(&e.l, &i(1));
        "d.add(1)" => |h, e| h.set_add(&e.d, &i(1));
        "(1).add(1)" => |h, e| h.set_add(&i(1), &i(1));
        "t.append(1)" => |h, e| h.list_append(&e.t, &i(1));
        "s.append(1)" => |h, e| h.list_append(&e.s, &i(1));
        "None.append(1)" => |h, e| h.list_append(&Value::None, &i(1));
        "p.append(1)  # proxy to C" => |h, e| h.list_append(&e.p, &i(1));
        "d.pop('zz')" => |h, e| h.pop(&e.d, &s("zz"), None);
        "d.pop([])" => |h, e| h.pop(&e.d, &e.el, None);
        "ed.pop([])" => |h, e| h.pop(&e.ed, &e.el, None);
        "l.pop(5)  # pop(l, 5)" => |h, e| h.pop(&e.l, &i(5), None);
        "s.pop(1)  # pop(s, 1)" => |h, e| h.pop(&e.s, &i(1), None);
        "ed.popitem()" => |h, e| h.popitem(&e.ed);
        "l.popitem()" => |h, e| h.popitem(&e.l);
        "d.get([])" => |h, e| h.get(&e.d, &e.el, &Value::None);
        "ed.get([])" => |h, e| h.get(&e.ed, &e.el, &Value::None);
        "l.get(0)" => |h, e| h.get(&e.l, &i(0), &Value::None);
        "(1).get(0)" => |h, e| h.get(&i(1), &i(0), &Value::None);
        "d.setdefault([], 1)" => |h, e| h.setdefault(&e.d, &e.el, &i(1));
        "l.setdefault(0)" => |h, e| h.setdefault(&e.l, &i(0), &Value::None);
        "d.update(1)" => |h, e| h.update(&e.d, &i(1));
        "d.update([1])" => |h, e| h.update(&e.d, &h.list(&[i(1)]).unwrap());
        "d.update([(1, 2, 3)])" => |h, e| h.update(&e.d, &h.list(&[h.tuple(&[i(1), i(2), i(3)]).unwrap()]).unwrap());
        "d.update([([], 1)])" => |h, e| h.update(&e.d, &h.list(&[h.tuple(&[e.el.clone(), i(1)]).unwrap()]).unwrap());
        "d.update(['ab', 'c'])" => |h, e| h.update(&e.d, &h.list(&[s("ab"), s("c")]).unwrap());
        "d.update(None)" => |h, e| h.update(&e.d, &Value::None);
        "d.update(o)" => |h, e| h.update(&e.d, &e.o);
        "s.update(1)" => |h, e| h.update(&e.s, &i(1));
        "s.update([[]])" => |h, e| h.update(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.update(None)" => |h, e| h.update(&e.s, &Value::None);
        "l.update([])" => |h, e| h.update(&e.l, &e.el);
        "fs.update([1])" => |h, e| h.update(&e.fs, &h.list(&[i(1)]).unwrap());
        "(1).update([])" => |h, e| h.update(&i(1), &e.el);
        "s.union(1)" => |h, e| h.union(&e.s, &i(1));
        "s.union([[]])" => |h, e| h.union(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "fs.union(1)" => |h, e| h.union(&e.fs, &i(1));
        "l.union([])" => |h, e| h.union(&e.l, &e.el);
        "s.intersection(1)" => |h, e| h.intersection(&e.s, &i(1));
        "s.intersection([[]])" => |h, e| h.intersection(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.difference(1)" => |h, e| h.difference(&e.s, &i(1));
        "s.difference([[]])" => |h, e| h.difference(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.symmetric_difference(1)" => |h, e| h.symmetric_difference(&e.s, &i(1));
        "s.symmetric_difference([[]])" => |h, e| h.symmetric_difference(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.difference_update(1)" => |h, e| h.difference_update(&e.s, &i(1));
        "s.intersection_update(1)" => |h, e| h.intersection_update(&e.s, &i(1));
        "s.intersection_update([[]])" => |h, e| h.intersection_update(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.symmetric_difference_update(1)" => |h, e| h.symmetric_difference_update(&e.s, &i(1));
        "fs.difference_update([])" => |h, e| h.difference_update(&e.fs, &e.el);
        "s.issubset(1)" => |h, e| h.issubset(&e.s, &i(1));
        "s.issubset([[]])" => |h, e| h.issubset(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.issuperset(1)" => |h, e| h.issuperset(&e.s, &i(1));
        "s.issuperset([[]])" => |h, e| h.issuperset(&e.s, &h.list(&[e.el.clone()]).unwrap());
        "s.isdisjoint(1)" => |h, e| h.isdisjoint(&e.s, &i(1));
        "s.isdisjoint([[]])" => |h, e| h.isdisjoint(&e.s, &h.list(&[e.el.clone()]).unwrap());

        "d.issubset([])" => |h, e| h.issubset(&e.d, &e.el);
        "(1).copy()" => |h, e| h.copy(&i(1));
        "t.copy()" => |h, e| h.copy(&e.t);
        "o.copy()" => |h, e| h.copy(&e.o);
        "t.clear()" => |h, e| h.clear(&e.t);
        "st.clear()" => |h, e| h.clear(&e.st);
        "fs.clear()" => |h, e| h.clear(&e.fs);
        "l.values()" => |h, e| h.values(&e.l);
        "s.values()" => |h, e| h.values(&e.s);
        "d | 1  # weak_or(d, 1)" => |h, e| h.weak_or(&e.d, &i(1));
        "s | 1  # weak_or(s, 1)" => |h, e| h.weak_or(&e.s, &i(1));
        "l | 1  # weak_or(l, 1)" => |h, e| h.weak_or(&e.l, &i(1));
        "l.data" => |h, e| h.weak_data(&e.l);
        // ---- constructors of builtin types ----------------------------------------
        "list(1, 2)" => |h, e| h.call(&bi(h, B::List), &[i(1), i(2)]);
        "list(x=1)" => |h, e| h.call_kw(&bi(h, B::List), &[], &[("x", i(1))]);
        "tuple(1, 2)" => |h, e| h.call(&bi(h, B::Tuple), &[i(1), i(2)]);
        "tuple(x=1)" => |h, e| h.call_kw(&bi(h, B::Tuple), &[], &[("x", i(1))]);
        "tuple(1)" => |h, e| h.call(&bi(h, B::Tuple), &[i(1)]);
        "set(1, 2)" => |h, e| h.call(&bi(h, B::Set), &[i(1), i(2)]);
        "set(x=1)" => |h, e| h.call_kw(&bi(h, B::Set), &[], &[("x", i(1))]);
        "set([[]])" => |h, e| h.call(&bi(h, B::Set), &[h.list(&[e.el.clone()]).unwrap()]);
        "set(1)" => |h, e| h.call(&bi(h, B::Set), &[i(1)]);
        "frozenset(1, 2)" => |h, e| h.call(&bi(h, B::FrozenSet), &[i(1), i(2)]);
        "frozenset([[]])" => |h, e| h.call(&bi(h, B::FrozenSet), &[h.list(&[e.el.clone()]).unwrap()]);
        "frozenset(x=1)" => |h, e| h.call_kw(&bi(h, B::FrozenSet), &[], &[("x", i(1))]);
        "dict(1)" => |h, e| h.call(&bi(h, B::Dict), &[i(1)]);
        "dict(1, 2)" => |h, e| h.call(&bi(h, B::Dict), &[i(1), i(2)]);
        "dict([1])" => |h, e| h.call(&bi(h, B::Dict), &[h.list(&[i(1)]).unwrap()]);
        "dict([(1, 2, 3)])" => |h, e| h.call(&bi(h, B::Dict), &[h.list(&[h.tuple(&[i(1), i(2), i(3)]).unwrap()]).unwrap()]);
        "dict([([], 1)])" => |h, e| h.call(&bi(h, B::Dict), &[h.list(&[h.tuple(&[e.el.clone(), i(1)]).unwrap()]).unwrap()]);
        "dict([(1, 2), 'abc'])" => |h, e| h.call(&bi(h, B::Dict), &[h.list(&[h.tuple(&[i(1), i(2)]).unwrap(), s("abc")]).unwrap()]);
        "dict(o)" => |h, e| h.call(&bi(h, B::Dict), &[e.o.clone()]);
        "dict(None)" => |h, e| h.call(&bi(h, B::Dict), &[Value::None]);
        "dict(ws)" => |h, e| h.call(&bi(h, B::Dict), &[e.ws.clone()]);
        "object(1)" => |h, e| h.call(&bi(h, B::Object), &[i(1)]);
        "object(x=1)" => |h, e| h.call_kw(&bi(h, B::Object), &[], &[("x", i(1))]);
        "type()" => |h, e| h.call(&bi(h, B::Type), &[]);
        "type(1, 2)" => |h, e| h.call(&bi(h, B::Type), &[i(1), i(2)]);
        "type(1, x=2)" => |h, e| h.call_kw(&bi(h, B::Type), &[i(1)], &[("x", i(2))]);
        "type(None)(1)" => |h, e| h.call(&bi(h, B::NoneType), &[i(1)]);
        "type(None)(x=1)" => |h, e| h.call_kw(&bi(h, B::NoneType), &[], &[("x", i(1))]);
        "bool(1, 2)" => |h, e| h.call(&bi(h, B::Bool), &[i(1), i(2)]);
        "bool(x=1)" => |h, e| h.call_kw(&bi(h, B::Bool), &[], &[("x", i(1))]);
        "bool(dp)" => |h, e| h.call(&bi(h, B::Bool), &[e.dp.clone()]);
        "type(f)()" => |h, e| h.call(&bi(h, B::Function), &[]);
        "type(o.m)()" => |h, e| h.call(&bi(h, B::Method), &[]);
        "type(o.m)(f, o)()" => |h, e| h.call(&bi(h, B::Method), &[e.f.clone(), e.o.clone()]).and_then(|m| h.call(&m, &[]));
        // ---- int() / float() / str() ----------------------------------------------
        "int('abc')" => |h, e| h.call(&bi(h, B::Int), &[s("abc")]);
        "int('')" => |h, e| h.call(&bi(h, B::Int), &[s("")]);
        "int('  ')" => |h, e| h.call(&bi(h, B::Int), &[s("  ")]);
        "int('1.5')" => |h, e| h.call(&bi(h, B::Int), &[s("1.5")]);
        "int('1__0')" => |h, e| h.call(&bi(h, B::Int), &[s("1__0")]);
        "int('_1')" => |h, e| h.call(&bi(h, B::Int), &[s("_1")]);
        "int('1_000')" => |h, e| h.call(&bi(h, B::Int), &[s("1_000")]);
        "int(' -12 ')" => |h, e| h.call(&bi(h, B::Int), &[s(" -12 ")]);
        "int('+')" => |h, e| h.call(&bi(h, B::Int), &[s("+")]);
        "int('0x10')" => |h, e| h.call(&bi(h, B::Int), &[s("0x10")]);
        "int('a' * 300)" => |h, e| h.call(&bi(h, B::Int), &[s(&"a".repeat(300))]);
        "int(None)" => |h, e| h.call(&bi(h, B::Int), &[Value::None]);
        "int(l)" => |h, e| h.call(&bi(h, B::Int), &[e.l.clone()]);
        "int(o)" => |h, e| h.call(&bi(h, B::Int), &[e.o.clone()]);
        "int(float('nan'))" => |h, e| h.call(&bi(h, B::Int), &[f64v(f64::NAN)]);
        "int(float('inf'))" => |h, e| h.call(&bi(h, B::Int), &[f64v(f64::INFINITY)]);
        "int(float('-inf'))" => |h, e| h.call(&bi(h, B::Int), &[f64v(f64::NEG_INFINITY)]);
        "int('10', 1)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), i(1)]);
        "int('10', 37)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), i(37)]);
        "int('10', -1)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), i(-1)]);
        "int('10', 2**62)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), i(1 << 62)]);
        "int(10, 2)" => |h, e| h.call(&bi(h, B::Int), &[i(10), i(2)]);
        "int(None, 10)" => |h, e| h.call(&bi(h, B::Int), &[Value::None, i(10)]);
        "int('10', 'x')" => |h, e| h.call(&bi(h, B::Int), &[s("10"), s("x")]);
        "int('10', 1.5)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), f64v(1.5)]);
        "int('10', None)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), Value::None]);
        "int('10', mi)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), e.mi.clone()]);
        "int('9', 8)" => |h, e| h.call(&bi(h, B::Int), &[s("9"), i(8)]);
        "int('010', 0)" => |h, e| h.call(&bi(h, B::Int), &[s("010"), i(0)]);
        "int('0b2', 0)" => |h, e| h.call(&bi(h, B::Int), &[s("0b2"), i(0)]);
        "int('0x', 16)" => |h, e| h.call(&bi(h, B::Int), &[s("0x"), i(16)]);
        "int('12', base=2)" => |h, e| h.call_kw(&bi(h, B::Int), &[s("12")], &[("base", i(2))]);
        "int(x='12')" => |h, e| h.call_kw(&bi(h, B::Int), &[], &[("x", s("12"))]);
        "int(base=2)" => |h, e| h.call_kw(&bi(h, B::Int), &[], &[("base", i(2))]);
        "int('1', 2, 3)" => |h, e| h.call(&bi(h, B::Int), &[s("1"), i(2), i(3)]);
        "int('1', 2, base=3)" => |h, e| h.call_kw(&bi(h, B::Int), &[s("1"), i(2)], &[("base", i(3))]);
        "int(p)" => |h, e| h.call(&bi(h, B::Int), &[e.p.clone()]);
        "int(MyStr('x'))" => |h, e| h.call(&bi(h, B::Int), &[h.call(&e.my_str, &[s("x")]).unwrap()]);
        "int('١٢')" => |h, e| h.call(&bi(h, B::Int), &[s("١٢")]);
        "float('abc')" => |h, e| h.call(&bi(h, B::Float), &[s("abc")]);
        "float('')" => |h, e| h.call(&bi(h, B::Float), &[s("")]);
        "float('0x10')" => |h, e| h.call(&bi(h, B::Float), &[s("0x10")]);
        "float('1e')" => |h, e| h.call(&bi(h, B::Float), &[s("1e")]);
        "float('1_0.5')" => |h, e| h.call(&bi(h, B::Float), &[s("1_0.5")]);
        "float('1__0')" => |h, e| h.call(&bi(h, B::Float), &[s("1__0")]);
        "float('infinity')" => |h, e| h.call(&bi(h, B::Float), &[s("infinity")]);
        "float('nanx')" => |h, e| h.call(&bi(h, B::Float), &[s("nanx")]);
        "float(None)" => |h, e| h.call(&bi(h, B::Float), &[Value::None]);
        "float(l)" => |h, e| h.call(&bi(h, B::Float), &[e.l.clone()]);
        "float(o)" => |h, e| h.call(&bi(h, B::Float), &[e.o.clone()]);
        "float(1, 2)" => |h, e| h.call(&bi(h, B::Float), &[i(1), i(2)]);
        "float(x=1)" => |h, e| h.call_kw(&bi(h, B::Float), &[], &[("x", i(1))]);
        "float('x' * 200)" => |h, e| h.call(&bi(h, B::Float), &[s(&"x".repeat(200))]);
        "str(1, 2, 3, 4)" => |h, e| h.call(&bi(h, B::Str), &[i(1), i(2), i(3), i(4)]);
        "str(x=1)" => |h, e| h.call_kw(&bi(h, B::Str), &[], &[("x", i(1))]);
        "str(1, 'utf-8')" => |h, e| h.call(&bi(h, B::Str), &[i(1), s("utf-8")]);
        "str('a', 'utf-8')" => |h, e| h.call(&bi(h, B::Str), &[s("a"), s("utf-8")]);
        "str(1, encoding=1)" => |h, e| h.call_kw(&bi(h, B::Str), &[i(1)], &[("encoding", i(1))]);
        "str(1, errors=None)" => |h, e| h.call_kw(&bi(h, B::Str), &[i(1)], &[("errors", Value::None)]);
        "str(1, object=1)" => |h, e| h.call_kw(&bi(h, B::Str), &[i(1)], &[("object", i(1))]);
        "str(BadStr())" => |h, e| h.str(&h.call(&e.bad_str, &[]).unwrap());
        "str(BadRepr())" => |h, e| h.str(&h.call(&e.bad_repr, &[]).unwrap());
        "repr(BadRepr())" => |h, e| h.repr(&h.call(&e.bad_repr, &[]).unwrap());
        "repr([BadRepr()])" => |h, e| h.repr(&h.list(&[h.call(&e.bad_repr, &[]).unwrap()]).unwrap());
        "'BadStr' in str([BadStr()])" => |h, e| h.str(&h.list(&[h.call(&e.bad_str, &[]).unwrap()]).unwrap()).map(|x| x.contains("BadStr"));
        "str(BadStr())  # via the str type" => |h, e| h.call(&bi(h, B::Str), &[h.call(&e.bad_str, &[]).unwrap()]);
        // ---- hashing ---------------------------------------------------------------
        "hash([])" => |h, e| h.hash(&e.el);
        "hash({})" => |h, e| h.hash(&e.ed);
        "hash(set())" => |h, e| h.hash(&e.es);
        "hash((1, []))" => |h, e| h.hash(&h.tuple(&[i(1), e.el.clone()]).unwrap());
        "hash(frozenset([1])) == hash(frozenset([1]))" => |h, e| Ok::<bool, Error>(h.hash(&e.fs).unwrap() == h.hash(&h.frozenset(&[i(1)]).unwrap()).unwrap());
        "hash(u)" => |h, e| h.hash(&e.u);
        "hash(BadHash())" => |h, e| h.hash(&h.call(&e.bad_hash, &[]).unwrap());
        "hash(ml)" => |h, e| h.hash(&e.ml);
        "hash(md)" => |h, e| h.hash(&e.md);
        "hash(weakref.proxy(u))" => |h, e| h.hash(&h.proxy(&e.u, None).unwrap());
        "{u}" => |h, e| h.set(&[e.u.clone()]);
        "{[]: 1}" => |h, e| h.dict(&[(e.el.clone(), i(1))]);
        "frozenset([u])" => |h, e| h.frozenset(&[e.u.clone()]);
        "{BadHash()}" => |h, e| h.set(&[h.call(&e.bad_hash, &[]).unwrap()]);
        // ---- ordering --------------------------------------------------------------
        "1 < 'a'" => |h, e| h.compare(&i(1), &s("a"), CompareOp::Lt);
        "'a' >= 1" => |h, e| h.compare(&s("a"), &i(1), CompareOp::Ge);
        "[] < 1" => |h, e| h.compare(&e.el, &i(1), CompareOp::Lt);
        "None < None" => |h, e| h.compare(&Value::None, &Value::None, CompareOp::Lt);
        "o < o2" => |h, e| h.compare(&e.o, &e.o2, CompareOp::Lt);
        "o > 1" => |h, e| h.compare(&e.o, &i(1), CompareOp::Gt);
        "[1] < ['a']" => |h, e| h.compare(&h.list(&[i(1)]).unwrap(), &h.list(&[s("a")]).unwrap(), CompareOp::Lt);
        "(1,) <= ('a',)" => |h, e| h.compare(&h.tuple(&[i(1)]).unwrap(), &h.tuple(&[s("a")]).unwrap(), CompareOp::Le);
        "{1} < [1]" => |h, e| h.compare(&e.s, &h.list(&[i(1)]).unwrap(), CompareOp::Lt);
        "{} < {}" => |h, e| h.compare(&e.ed, &e.ed, CompareOp::Lt);
        "f < f" => |h, e| h.compare(&e.f, &e.f, CompareOp::Lt);
        "C < C" => |h, e| h.compare(&e.c, &e.c, CompareOp::Lt);
        "1.5 < None" => |h, e| h.compare(&f64v(1.5), &Value::None, CompareOp::Lt);
        "True < 'x'" => |h, e| h.compare(&true.into(), &s("x"), CompareOp::Lt);
        "[o] < [o2]" => |h, e| h.compare(&h.list(&[e.o.clone()]).unwrap(), &h.list(&[e.o2.clone()]).unwrap(), CompareOp::Lt);
        "mi < 'x'" => |h, e| h.compare(&e.mi, &s("x"), CompareOp::Lt);
        "ml < 1" => |h, e| h.compare(&e.ml, &i(1), CompareOp::Lt);
        "fs <= 1" => |h, e| h.compare(&e.fs, &i(1), CompareOp::Le);
        // ---- attributes ------------------------------------------------------------
        "o.zz" => |h, e| h.getattr(&e.o, "zz");
        "C.zz" => |h, e| h.getattr(&e.c, "zz");
        "int.zz" => |h, e| h.getattr(&bi(h, B::Int), "zz");
        "weakref.ref.zz" => |h, e| h.getattr(&bi(h, B::Ref), "zz");
        "weakref.WeakSet.zz" => |h, e| h.getattr(&bi(h, B::WeakSet), "zz");
        "(1).zz" => |h, e| h.getattr(&i(1), "zz");
        "(1.5).zz" => |h, e| h.getattr(&f64v(1.5), "zz");
        "True.zz" => |h, e| h.getattr(&true.into(), "zz");
        "'a'.zz" => |h, e| h.getattr(&s("a"), "zz");
        "None.zz" => |h, e| h.getattr(&Value::None, "zz");
        "l.zz" => |h, e| h.getattr(&e.l, "zz");
        "d.zz" => |h, e| h.getattr(&e.d, "zz");
        "t.zz" => |h, e| h.getattr(&e.t, "zz");
        "f.zz" => |h, e| h.getattr(&e.f, "zz");
        "o.m.zz" => |h, e| h.getattr(&ga(h, &e.o, "m"), "zz");
        "mi.zz" => |h, e| h.getattr(&e.mi, "zz");
        "GetAttrRaises().zz" => |h, e| h.getattr(&h.call(&e.getattr_raises, &[]).unwrap(), "zz");
        "hasattr(GetAttrRaises(), 'zz')" => |h, e| h.hasattr(&h.call(&e.getattr_raises, &[]).unwrap(), "zz");
        "hasattr(dp, 'zz')" => |h, e| h.hasattr(&e.dp, "zz");
        "o.zz()" => |h, e| h.call_method(&e.o, "zz", &[]);
        "(1).zz()" => |h, e| h.call_method(&i(1), "zz", &[]);
        "setattr(1, 'x', 1)" => |h, e| h.setattr(&i(1), "x", &i(1));
        "setattr(1.5, 'x', 1)" => |h, e| h.setattr(&f64v(1.5), "x", &i(1));
        "setattr(None, 'x', 1)" => |h, e| h.setattr(&Value::None, "x", &i(1));
        "setattr('a', 'x', 1)" => |h, e| h.setattr(&s("a"), "x", &i(1));
        "setattr(l, 'x', 1)" => |h, e| h.setattr(&e.l, "x", &i(1));
        "setattr(d, 'x', 1)" => |h, e| h.setattr(&e.d, "x", &i(1));
        "setattr(t, 'x', 1)" => |h, e| h.setattr(&e.t, "x", &i(1));
        "setattr(s, 'x', 1)" => |h, e| h.setattr(&e.s, "x", &i(1));
        "setattr(int, 'x', 1)" => |h, e| h.setattr(&bi(h, B::Int), "x", &i(1));
        "setattr(weakref.ref, 'x', 1)" => |h, e| h.setattr(&bi(h, B::Ref), "x", &i(1));
        "setattr(weakref.WeakSet, 'x', 1) ;; weakref.WeakSet.x" => |h, e| h.setattr(&bi(h, B::WeakSet), "x", &i(1)).and_then(|()| h.getattr(&bi(h, B::WeakSet), "x"));
        "setattr(o.m, 'x', 1)" => |h, e| h.setattr(&ga(h, &e.o, "m"), "x", &i(1));
        "setattr(mi, 'x', 1) ;; mi.x" => |h, e| h.setattr(&e.mi, "x", &i(1)).and_then(|()| h.getattr(&e.mi, "x"));
        "setattr(f, '__name__', 1)" => |h, e| h.setattr(&e.f, "__name__", &i(1));
        "setattr(f, '__qualname__', 1)" => |h, e| h.setattr(&e.f, "__qualname__", &i(1));
        "setattr(C, '__name__', 1)" => |h, e| h.setattr(&e.c, "__name__", &i(1));
        "setattr(C, '__qualname__', 1)" => |h, e| h.setattr(&e.c, "__qualname__", &i(1));
        "setattr(C, '__bases__', 1)" => |h, e| h.setattr(&e.c, "__bases__", &i(1));
        "setattr(C, '__bases__', ())" => |h, e| h.setattr(&e.c, "__bases__", &h.tuple(&[]).unwrap());
        "setattr(C, '__bases__', (1,))" => |h, e| h.setattr(&e.c, "__bases__", &h.tuple(&[i(1)]).unwrap());
        "setattr(C, '__mro__', ())" => |h, e| h.setattr(&e.c, "__mro__", &h.tuple(&[]).unwrap());
        "setattr(o, '__class__', 1)" => |h, e| h.setattr(&e.o, "__class__", &i(1));
        "setattr(o, '__dict__', 1)" => |h, e| h.setattr(&e.o, "__dict__", &i(1));
        "delattr(o, 'zz')" => |h, e| h.delattr(&e.o, "zz");
        "delattr(C, 'zz')" => |h, e| h.delattr(&e.c, "zz");
        "delattr(1, 'x')" => |h, e| h.delattr(&i(1), "x");
        "delattr(None, 'x')" => |h, e| h.delattr(&Value::None, "x");
        "delattr(l, 'x')" => |h, e| h.delattr(&e.l, "x");
        "delattr(int, 'x')" => |h, e| h.delattr(&bi(h, B::Int), "x");
        "delattr(f, 'zz')" => |h, e| h.delattr(&e.f, "zz");
        "delattr(f, '__name__')" => |h, e| h.delattr(&e.f, "__name__");
        "delattr(f, '__qualname__')" => |h, e| h.delattr(&e.f, "__qualname__");
        "delattr(C, '__name__')" => |h, e| h.delattr(&e.c, "__name__");
        "delattr(o, '__class__')" => |h, e| h.delattr(&e.o, "__class__");
        "delattr(o.m, 'x')" => |h, e| h.delattr(&ga(h, &e.o, "m"), "x");
        "delattr(o.m, '__self__')" => |h, e| h.delattr(&ga(h, &e.o, "m"), "__self__");
        "setattr(o.m, '__self__', 1)" => |h, e| h.setattr(&ga(h, &e.o, "m"), "__self__", &i(1));
        "delattr(ws, 'x')" => |h, e| h.delattr(&e.ws, "x");
        "delattr(r, 'zz')" => |h, e| h.delattr(&e.r, "zz");
        "delattr(mi, 'zz')" => |h, e| h.delattr(&e.mi, "zz");
        "setattr(r, '__class__', C)" => |h, e| h.setattr(&e.r, "__class__", &e.c);
        // ---- calls -----------------------------------------------------------------
        "(1)()" => |h, e| h.call(&i(1), &[]);
        "(1.5)()" => |h, e| h.call(&f64v(1.5), &[]);
        "True()" => |h, e| h.call(&true.into(), &[]);
        "None()" => |h, e| h.call(&Value::None, &[]);
        "'s'()" => |h, e| h.call(&s("s"), &[]);
        "l()" => |h, e| h.call(&e.l, &[]);
        "d()" => |h, e| h.call(&e.d, &[]);
        "t()" => |h, e| h.call(&e.t, &[]);
        "s()" => |h, e| h.call(&e.s, &[]);
        "o()" => |h, e| h.call(&e.o, &[]);
        "mi()" => |h, e| h.call(&e.mi, &[]);
        "ml()" => |h, e| h.call(&e.ml, &[]);
        "wkd()" => |h, e| h.call(&e.wkd, &[]);
        "C(1)" => |h, e| h.call(&e.c, &[i(1)]);
        "C(x=1)" => |h, e| h.call_kw(&e.c, &[], &[("x", i(1))]);
        "P()" => |h, e| h.call(&e.pt, &[]);
        "P(1)" => |h, e| h.call(&e.pt, &[i(1)]);
        "P(1, 2, 3)" => |h, e| h.call(&e.pt, &[i(1), i(2), i(3)]);
        "P(1, z=2)" => |h, e| h.call_kw(&e.pt, &[i(1)], &[("z", i(2))]);
        "P(1, x=2)" => |h, e| h.call_kw(&e.pt, &[i(1)], &[("x", i(2))]);
        "P(y=1)" => |h, e| h.call_kw(&e.pt, &[], &[("y", i(1))]);
        "InitRet()" => |h, e| h.call(&e.init_ret, &[]);
        "MyInt('x')" => |h, e| h.call(&e.my_int, &[s("x")]);
        "MyInt(1, 2, 3)" => |h, e| h.call(&e.my_int, &[i(1), i(2), i(3)]);
        "MyInt(x=1)" => |h, e| h.call_kw(&e.my_int, &[], &[("x", i(1))]);
        "MyList(1)" => |h, e| h.call(&e.my_list, &[i(1)]);
        "MyList(1, 2)" => |h, e| h.call(&e.my_list, &[i(1), i(2)]);
        "MyTuple(1)" => |h, e| h.call(&e.my_tuple, &[i(1)]);
        "MyDict([1])" => |h, e| h.call(&e.my_dict, &[h.list(&[i(1)]).unwrap()]);
        "MyStr(1, 2)" => |h, e| h.call(&e.my_str, &[i(1), i(2)]);
        "isinstance(1, 1)" => |h, e| h.isinstance(&i(1), &i(1));
        "isinstance(1, (str, 1))" => |h, e| h.isinstance(&i(1), &h.tuple(&[bi(h, B::Str), i(1)]).unwrap());
        "isinstance(1, [int])" => |h, e| h.isinstance(&i(1), &h.list(&[bi(h, B::Int)]).unwrap());
        "isinstance(1, o)" => |h, e| h.isinstance(&i(1), &e.o);
        "isinstance(1, p)" => |h, e| h.isinstance(&i(1), &e.p);
        "isinstance(1, (int, 1))" => |h, e| h.isinstance(&i(1), &h.tuple(&[bi(h, B::Int), i(1)]).unwrap());

        // ---- second round ------------------------------------------------------------
        "fin.alive" => |h, e| h.getattr(&e.fin, "alive");
        "fin.atexit" => |h, e| h.getattr(&e.fin, "atexit");
        "hasattr(fin, 'peek')" => |h, e| h.hasattr(&e.fin, "peek");
        "fin.detach() is not None" => |h, e| h.call_method(&e.fin, "detach", &[]).map(|v| !v.is_none());
        "weakref.ProxyType.zz" => |h, e| h.getattr(&bi(h, B::Proxy), "zz");
        "weakref.CallableProxyType.zz" => |h, e| h.getattr(&bi(h, B::CallableProxy), "zz");
        "weakref.KeyedRef.zz" => |h, e| h.getattr(&bi(h, B::KeyedRef), "zz");
        "type(None).zz" => |h, e| h.getattr(&bi(h, B::NoneType), "zz");
        "type(f).zz" => |h, e| h.getattr(&bi(h, B::Function), "zz");
        "delattr(weakref.ref, 'x')" => |h, e| h.delattr(&bi(h, B::Ref), "x");
        "delattr(weakref.ProxyType, 'x')" => |h, e| h.delattr(&bi(h, B::Proxy), "x");
        "setattr(weakref.ProxyType, 'x', 1)" => |h, e| h.setattr(&bi(h, B::Proxy), "x", &i(1));
        "setattr(1, '__class__', C)" => |h, e| h.setattr(&i(1), "__class__", &e.c);
        "setattr(l, '__class__', C)" => |h, e| h.setattr(&e.l, "__class__", &e.c);
        "setattr(f, '__class__', C)" => |h, e| h.setattr(&e.f, "__class__", &e.c);
        "setattr(fin, '__class__', C)" => |h, e| h.setattr(&e.fin, "__class__", &e.c);


        "del fs[0]" => |h, e| h.delitem(&e.fs, &i(0));
        "del (1)[0]" => |h, e| h.delitem(&i(1), &i(0));
        "del f[0]" => |h, e| h.delitem(&e.f, &i(0));
        "del fin[0]" => |h, e| h.delitem(&e.fin, &i(0));
        "del wm[0]" => |h, e| h.delitem(&e.wm, &i(0));
        "del wkd[0]" => |h, e| h.delitem(&e.wkd, &i(0));
        "del pws[0]" => |h, e| h.delitem(&e.pws, &i(0));
        "dp.get(1)" => |h, e| h.get(&e.dp, &i(1), &Value::None);
        "dp.update({})" => |h, e| h.update(&e.dp, &e.ed);
        "dp.pop(1)" => |h, e| h.pop(&e.dp, &i(1), None);
        "dp.add(1)" => |h, e| h.set_add(&e.dp, &i(1));
        "dp.append(1)" => |h, e| h.list_append(&e.dp, &i(1));
        "dp.remove(1)" => |h, e| h.remove(&e.dp, &i(1));
        "dp.discard(1)" => |h, e| h.discard(&e.dp, &i(1));
        "dp.union([])" => |h, e| h.union(&e.dp, &e.el);
        "dp.issubset([])" => |h, e| h.issubset(&e.dp, &e.el);
        "dp.copy()" => |h, e| h.copy(&e.dp);
        "dp.clear()" => |h, e| h.clear(&e.dp);
        "dp.keyrefs()" => |h, e| h.keyrefs(&e.dp);
        "dp.values()" => |h, e| h.values(&e.dp);
        "dp.popitem()" => |h, e| h.popitem(&e.dp);
        "dp.setdefault(1)" => |h, e| h.setdefault(&e.dp, &i(1), &Value::None);
        "dp.pop()  # set_pop(dp)" => |h, e| h.set_pop(&e.dp);
        "dp.data" => |h, e| h.weak_data(&e.dp);
        "dp.m()" => |h, e| h.call_method(&e.dp, "m", &[]);
        "dp.intersection([])" => |h, e| h.intersection(&e.dp, &e.el);
        "dp.isdisjoint([])" => |h, e| h.isdisjoint(&e.dp, &e.el);
        "dp.valuerefs()" => |h, e| h.valuerefs(&e.dp);
        "s.update(dp)" => |h, e| h.update(&e.s, &e.dp);
        "d.update(dp)" => |h, e| h.update(&e.d, &e.dp);
        "ws.update(dp)" => |h, e| h.update(&e.ws, &e.dp);
        "wvd.update(dp)" => |h, e| h.update(&e.wvd, &e.dp);
        "wkd.update(dp)" => |h, e| h.update(&e.wkd, &e.dp);
        "ws | dp" => |h, e| h.weak_or(&e.ws, &e.dp);
        "ws.issubset(dp)" => |h, e| h.issubset(&e.ws, &e.dp);
        "s.issubset(dp)" => |h, e| h.issubset(&e.s, &e.dp);
        "wvd | dp" => |h, e| h.weak_or(&e.wvd, &e.dp);
        "ws == dp" => |h, e| h.eq(&e.ws, &e.dp);
        "dict(dp)" => |h, e| h.call(&bi(h, B::Dict), &[e.dp.clone()]);
        "set(dp)" => |h, e| h.call(&bi(h, B::Set), &[e.dp.clone()]);
        "weakref.WeakSet(dp)" => |h, e| h.call(&bi(h, B::WeakSet), &[e.dp.clone()]);
        "weakref.WeakValueDictionary(dp)" => |h, e| h.call(&bi(h, B::WeakValueDictionary), &[e.dp.clone()]);
        "weakref.ref(o, dp) is not None" => |h, e| h.weakref(&e.o, Some(&e.dp)).map(|_| true);
        "pml[5]" => |h, e| h.getitem(&e.pml, &i(5));
        "pml[0] = 1" => |h, e| h.setitem(&e.pml, &i(0), &i(1));
        "del pml[0]" => |h, e| h.delitem(&e.pml, &i(0));
        "pml.append(1) ;; len(ml)" => |h, e| h.list_append(&e.pml, &i(1)).map(|()| h.len(&e.ml).unwrap());
        "pml.pop()" => |h, e| h.set_pop(&e.pml);
        "pml < 1" => |h, e| h.compare(&e.pml, &i(1), CompareOp::Lt);
        "hash(pml)" => |h, e| h.hash(&e.pml);
        "[] in pml" => |h, e| h.contains(&e.pml, &e.el);
        "pmd['zz']" => |h, e| h.getitem(&e.pmd, &s("zz"));
        "pmd[[]] = 1" => |h, e| h.setitem(&e.pmd, &e.el, &i(1));
        "pmd.pop('zz')" => |h, e| h.pop(&e.pmd, &s("zz"), None);
        "pmd.get([])" => |h, e| h.get(&e.pmd, &e.el, &Value::None);
        "pmd.update(1)" => |h, e| h.update(&e.pmd, &i(1));
        "pmd.popitem()" => |h, e| h.popitem(&e.pmd);
        "pmd.setdefault([])" => |h, e| h.setdefault(&e.pmd, &e.el, &Value::None);
        "[] in pmd" => |h, e| h.contains(&e.pmd, &e.el);
        "dpml[0]" => |h, e| h.getitem(&e.dpml, &i(0));
        "dpml.append(1)" => |h, e| h.list_append(&e.dpml, &i(1));
        "len(dpml)" => |h, e| h.len(&e.dpml);
        "dpmd['a']" => |h, e| h.getitem(&e.dpmd, &s("a"));
        "dpmd.get('a')" => |h, e| h.get(&e.dpmd, &s("a"), &Value::None);
        "dpmd.update({})" => |h, e| h.update(&e.dpmd, &e.ed);
        "dpmd.pop('a')" => |h, e| h.pop(&e.dpmd, &s("a"), None);
        "'a' in dpmd" => |h, e| h.contains(&e.dpmd, &s("a"));
        "list(dpmd.items())" => |h, e| h.items(&e.dpmd);
        "dpmd.values()" => |h, e| h.values(&e.dpmd);
        "dpmd.copy()" => |h, e| h.copy(&e.dpmd);
        "dpmd.clear()" => |h, e| h.clear(&e.dpmd);
        "dpmd.popitem()" => |h, e| h.popitem(&e.dpmd);
        "dpmd.setdefault('a')" => |h, e| h.setdefault(&e.dpmd, &s("a"), &Value::None);
        "len(Nones())" => |h, e| h.len(&h.call(&e.nones, &[]).unwrap());
        "Nones()[0]" => |h, e| h.getitem(&h.call(&e.nones, &[]).unwrap(), &i(0));
        "Nones()[0] = 1" => |h, e| h.setitem(&h.call(&e.nones, &[]).unwrap(), &i(0), &i(1));
        "del Nones()[0]" => |h, e| h.delitem(&h.call(&e.nones, &[]).unwrap(), &i(0));
        "1 in Nones()" => |h, e| h.contains(&h.call(&e.nones, &[]).unwrap(), &i(1));
        "Nones()()" => |h, e| h.call(&h.call(&e.nones, &[]).unwrap(), &[]);
        "bool(Nones())" => |h, e| h.truthy(&h.call(&e.nones, &[]).unwrap());
        "Nones() < 1" => |h, e| h.compare(&h.call(&e.nones, &[]).unwrap(), &i(1), CompareOp::Lt);
        "Nones().zz" => |h, e| h.getattr(&h.call(&e.nones, &[]).unwrap(), "zz");
        "list(Nones())" => |h, e| h.iter(&h.call(&e.nones, &[]).unwrap());
        "repr(ReprNone())" => |h, e| h.repr(&h.call(&e.repr_none, &[]).unwrap());
        "str(ReprNone())" => |h, e| h.str(&h.call(&e.repr_none, &[]).unwrap());
        "NonCallInit()" => |h, e| h.call(&e.non_call_init, &[]);
        "n = Nones() ;; type(weakref.proxy(n)).__name__" => |h, e| { let n = h.call(&e.nones, &[]).unwrap(); h.proxy(&n, None).map(|p| h.type_name(&p).trim_start_matches("weakref.").to_string()) };
        "str(o, 'utf-8')" => |h, e| h.call(&bi(h, B::Str), &[e.o.clone(), s("utf-8")]);
        "int(True, 2)" => |h, e| h.call(&bi(h, B::Int), &[true.into(), i(2)]);
        "int('10', True)" => |h, e| h.call(&bi(h, B::Int), &[s("10"), true.into()]);
        "int(mi, 10)" => |h, e| h.call(&bi(h, B::Int), &[e.mi.clone(), i(10)]);
        "int(MyStr('10'), 2)" => |h, e| h.call(&bi(h, B::Int), &[h.call(&e.my_str, &[s("10")]).unwrap(), i(2)]);
        "float('-')" => |h, e| h.call(&bi(h, B::Float), &[s("-")]);
        "float(MyStr(' 1.5 '))" => |h, e| h.call(&bi(h, B::Float), &[h.call(&e.my_str, &[s(" 1.5 ")]).unwrap()]);
        "MyList(x=1)" => |h, e| h.call_kw(&e.my_list, &[], &[("x", i(1))]);
        "MyDict(1, 2)" => |h, e| h.call(&e.my_dict, &[i(1), i(2)]);
        "MyTuple(x=1)" => |h, e| h.call_kw(&e.my_tuple, &[], &[("x", i(1))]);
        "MyStr(x=1)" => |h, e| h.call_kw(&e.my_str, &[], &[("x", i(1))]);
        "MyTuple(1, 2)" => |h, e| h.call(&e.my_tuple, &[i(1), i(2)]);
        "d[BadHash()] = 1" => |h, e| h.setitem(&e.d, &h.call(&e.bad_hash, &[]).unwrap(), &i(1));
        "BadHash() in s" => |h, e| h.contains(&e.s, &h.call(&e.bad_hash, &[]).unwrap());
        "wvd[BadHash()] = o" => |h, e| h.setitem(&e.wvd, &h.call(&e.bad_hash, &[]).unwrap(), &e.o);
        "wkd[BadHash()] = 1" => |h, e| h.setitem(&e.wkd, &h.call(&e.bad_hash, &[]).unwrap(), &i(1));
        "ws.add(BadHash())" => |h, e| h.set_add(&e.ws, &h.call(&e.bad_hash, &[]).unwrap());
        "BadHash() in ws" => |h, e| h.contains(&e.ws, &h.call(&e.bad_hash, &[]).unwrap());
        "BadHash() in wkd" => |h, e| h.contains(&e.wkd, &h.call(&e.bad_hash, &[]).unwrap());
        "b = BadHash() ;; hash(weakref.ref(b))" => |h, e| { let b = h.call(&e.bad_hash, &[]).unwrap(); let r = h.weakref(&b, None).unwrap(); h.hash(&r) };
        "#! set_payload(1)" => |h, e| h.set_payload(&i(1), 5u8);
        "#! set_payload(l)" => |h, e| h.set_payload(&e.l, 5u8);
        "#! payload(dp)" => |h, e| h.payload::<u8>(&e.dp).map(|x| x.is_some());
        "#! weak_iter(l)" => |h, e| h.weak_iter(&e.l).map(|_| ());
        "# ReferenceError: weakly-referenced object no longer exists" => |h, e| h.weak_iter(&e.dp).map(|_| ());
        "#! weak_iter_values(ws)" => |h, e| h.weak_iter_values(&e.ws).map(|_| ());
        "# ReferenceError: weakly-referenced object no longer exists" => |h, e| h.weak_iter_items(&e.dpw).map(|_| ());
        "#! weak_iter_refs(ws)" => |h, e| h.weak_iter_refs(&e.ws).map(|_| ());
        "#! referent(1)" => |h, e| h.referent(&i(1));
        "#! referent(dp)" => |h, e| h.referent(&e.dp);
        "#! is_ephemeron(ws)" => |h, e| h.is_ephemeron(&e.ws);
        "#! is_ephemeron(1)" => |h, e| h.is_ephemeron(&i(1));
        "#! keyrefs(1)" => |h, e| h.keyrefs(&i(1));
        "#! valuerefs(dpw)" => |h, e| h.valuerefs(&e.dpw);
        "#! weak_data(1)" => |h, e| h.weak_data(&i(1));
        "#! finalizer_detach(dfin)" => |h, e| h.finalizer_detach(&e.dfin).map(|x| x.is_some());
        "#! set_finalizer_atexit(dfin)" => |h, e| h.set_finalizer_atexit(&e.dfin, false);
        "#! id(dp)" => |h, e| h.id(&e.dp).map(|_| ());
        "#! type_of(dp)" => |h, e| h.type_of(&e.dp);

        "md.get([])" => |h, e| h.get(&e.md, &e.el, &Value::None);
        "md.pop('zz')" => |h, e| h.pop(&e.md, &s("zz"), None);
        "md.update(1)" => |h, e| h.update(&e.md, &i(1));
        "md.popitem()" => |h, e| h.popitem(&e.md);
        "md.setdefault([])" => |h, e| h.setdefault(&e.md, &e.el, &Value::None);
        "md.copy()" => |h, e| h.copy(&e.md);
        "md.values()" => |h, e| h.values(&e.md);
        "ml.append(1) ;; len(ml)" => |h, e| h.list_append(&e.ml, &i(1)).map(|()| h.len(&e.ml).unwrap());
        "ml[5]" => |h, e| h.getitem(&e.ml, &i(5));
        "pmd.copy()" => |h, e| h.copy(&e.pmd);
        "pmd.values()" => |h, e| h.values(&e.pmd);
        "pmd.clear()" => |h, e| h.clear(&e.pmd);
        "del kr[0]" => |h, e| h.delitem(&e.kr, &i(0));
        "kr[0]" => |h, e| h.getitem(&e.kr, &i(0));
        "pws.pop(1) <- pop(pws, 1)" => |h, e| h.pop(&e.pws, &i(1), None);

        "pms.add([])" => |h, e| h.set_add(&e.pms, &e.el);
        "pms.remove(5)" => |h, e| h.remove(&e.pms, &i(5));
        "pms.discard([])" => |h, e| h.discard(&e.pms, &e.el);
        "pms.update(1)" => |h, e| h.update(&e.pms, &i(1));
        "pms.union(1)" => |h, e| h.union(&e.pms, &i(1));
        "pms.issubset(1)" => |h, e| h.issubset(&e.pms, &i(1));
        "pms.isdisjoint(1)" => |h, e| h.isdisjoint(&e.pms, &i(1));
        "pms.pop() ;; pms.pop()" => |h, e| h.set_pop(&e.pms).and_then(|_| h.set_pop(&e.pms));
        "pms.intersection_update(1)" => |h, e| h.intersection_update(&e.pms, &i(1));
        "pms.copy()" => |h, e| h.copy(&e.pms);
        "mset.add([])" => |h, e| h.set_add(&e.mset, &e.el);
        "mset.union(1)" => |h, e| h.union(&e.mset, &i(1));
        "mset.remove(5)" => |h, e| h.remove(&e.mset, &i(5));

        "d.update(ws)" => |h, e| h.update(&e.d, &e.ws);
        "MyDict(ws)" => |h, e| h.call(&e.my_dict, &[e.ws.clone()]);
        "wkd.update(ws)" => |h, e| h.update(&e.wkd, &e.ws);
        "dict(pws)" => |h, e| h.call(&bi(h, B::Dict), &[e.pws.clone()]);
        "setattr(f, '__class__', C) ;; f.__class__" => |h, e| h.setattr(&e.f, "__class__", &e.c).and_then(|()| h.getattr(&e.f, "__class__"));
        // ---- objects of another heap (lethe only) ---------------------------------
        "# RuntimeError: handle belongs to another heap" => |h, e| h.getitem(&e.foreign_list, &i(0));
        "# RuntimeError: handle belongs to another heap" => |h, e| h.setitem(&e.wvd, &s("k"), &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.setitem(&e.wkd, &e.foreign, &i(1));
        "# RuntimeError: handle belongs to another heap" => |h, e| h.set_add(&e.ws, &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.contains(&e.ws, &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.contains(&e.wkd, &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.get(&e.wvd, &e.foreign, &Value::None);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.get(&e.wkd, &e.foreign, &Value::None);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.pop(&e.wkd, &e.foreign, None);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.remove(&e.ws, &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.discard(&e.ws, &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.update(&e.ws, &e.foreign_list);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.update(&e.d, &e.foreign_list);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.union(&e.ws, &e.foreign_list);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.issubset(&e.s, &e.foreign_list);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_or(&e.wvd, &e.foreign_list);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.setdefault(&e.wvd, &s("k"), &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_method(&e.foreign, None);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.finalize(&e.o, &e.foreign, &[], &[]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.finalize(&e.o, &e.f, &[e.foreign.clone()], &[]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.finalize(&e.o, &e.f, &[], &[("k", e.foreign.clone())]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weakref(&e.o, Some(&e.foreign));
        "# RuntimeError: handle belongs to another heap" => |h, e| h.proxy(&e.o, Some(&e.foreign));
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_value_dict(&[(s("k"), e.foreign.clone())]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_key_dict(&[(e.foreign.clone(), i(1))]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_set(std::slice::from_ref(&e.foreign));
        "# RuntimeError: handle belongs to another heap" => |h, e| h.getweakrefcount(&e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.set_finalizer_atexit(&e.foreign, true);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.is_callable(&e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.referent(&e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.keyrefs(&e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_iter(&e.foreign).map(|_| ());

        "# RuntimeError: handle belongs to another heap" => |h, e| h.call(&bi(h, B::Ref), &[e.foreign.clone()]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.call(&e.pt, &[e.foreign.clone(), i(1)]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.call_kw(&e.pt, &[i(1)], &[("y", e.foreign.clone())]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.call(&e.my_list, &[e.foreign_list.clone()]);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.compare(&e.o, &e.foreign, CompareOp::Lt);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.eq(&e.d, &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.type_of(&e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.setattr(&e.p, "x", &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.setitem(&e.pwvd, &s("x"), &e.foreign);
        "# RuntimeError: handle belongs to another heap" => |h, e| h.weak_iter_values(&e.foreign).map(|_| ());
        "# RuntimeError: handle belongs to another heap" => |h, e| h.finalizer_detach(&e.foreign).map(|_| ());
        // ---- methods of builtin types as attributes (builtin_methods.rs) -------------
        // list
        "(l.append(4), l)" => |h, e| cm(h, &e.l, "append", &[i(4)]);
        "l.append()" => |h, e| h.call_method(&e.l, "append", &[]);
        "l.append(1, 2)" => |h, e| h.call_method(&e.l, "append", &[i(1), i(2)]);
        "l.append(x=1)" => |h, e| mk(h, &e.l, "append", &[], &[("x", i(1))]);
        "l.append(1, x=1)" => |h, e| mk(h, &e.l, "append", &[i(1)], &[("x", i(1))]);
        "(l.append(l), l)" => |h, e| cm(h, &e.l, "append", &[e.l.clone()]);
        "x = [] ;; f = x.append ;; f(1) ;; f(2) ;; x" => |h, e| { let x = lst(h, &[]); let f = ga(h, &x, "append"); h.call(&f, &[i(1)]).and_then(|_| h.call(&f, &[i(2)])).map(|_| x) };
        "(l.extend([4, 5]), l)" => |h, e| cm(h, &e.l, "extend", &[lst(h, &[i(4), i(5)])]);
        "(l.extend(l), l)" => |h, e| cm(h, &e.l, "extend", &[e.l.clone()]);
        "(l.extend((7,)), l)" => |h, e| cm(h, &e.l, "extend", &[h.tuple(&[i(7)]).unwrap()]);
        "(l.extend({'k': 1}), l)" => |h, e| cm(h, &e.l, "extend", &[h.dict(&[(s("k"), i(1))]).unwrap()]);
        "(l.extend('ab'), l)" => |h, e| cm(h, &e.l, "extend", &[s("ab")]);
        "l.extend(1)" => |h, e| h.call_method(&e.l, "extend", &[i(1)]);
        "l.extend()" => |h, e| h.call_method(&e.l, "extend", &[]);
        "l.extend(x=[])" => |h, e| mk(h, &e.l, "extend", &[], &[("x", lst(h, &[]))]);
        "(l.insert(0, 9), l)" => |h, e| cm(h, &e.l, "insert", &[i(0), i(9)]);
        "(l.insert(-1, 9), l)" => |h, e| cm(h, &e.l, "insert", &[i(-1), i(9)]);
        "(l.insert(-10, 9), l)" => |h, e| cm(h, &e.l, "insert", &[i(-10), i(9)]);
        "(l.insert(10, 9), l)" => |h, e| cm(h, &e.l, "insert", &[i(10), i(9)]);
        "(l.insert(True, 9), l)" => |h, e| cm(h, &e.l, "insert", &[true.into(), i(9)]);
        "(l.insert(mi, 9), l)" => |h, e| cm(h, &e.l, "insert", &[e.mi.clone(), i(9)]);
        "l.insert(1)" => |h, e| h.call_method(&e.l, "insert", &[i(1)]);
        "l.insert()" => |h, e| h.call_method(&e.l, "insert", &[]);
        "l.insert(1, 2, 3)" => |h, e| h.call_method(&e.l, "insert", &[i(1), i(2), i(3)]);
        "l.insert('a', 1)" => |h, e| h.call_method(&e.l, "insert", &[s("a"), i(1)]);
        "l.insert(1.5, 1)" => |h, e| h.call_method(&e.l, "insert", &[f64v(1.5), i(1)]);
        "l.insert(None, 1)" => |h, e| h.call_method(&e.l, "insert", &[Value::None, i(1)]);
        "l.insert(index=1, object=2)" => |h, e| mk(h, &e.l, "insert", &[], &[("index", i(1)), ("object", i(2))]);
        "(l.remove(2), l)" => |h, e| cm(h, &e.l, "remove", &[i(2)]);
        "(l.remove(2.0), l)" => |h, e| cm(h, &e.l, "remove", &[f64v(2.0)]);
        "(l.remove(True), l)" => |h, e| cm(h, &e.l, "remove", &[true.into()]);
        "l.remove(5)" => |h, e| h.call_method(&e.l, "remove", &[i(5)]);
        "el.remove(1)" => |h, e| h.call_method(&e.el, "remove", &[i(1)]);
        "l.remove()" => |h, e| h.call_method(&e.l, "remove", &[]);
        "l.remove(x=1)" => |h, e| mk(h, &e.l, "remove", &[], &[("x", i(1))]);
        "[1, EqErr()].remove(5)" => |h, e| h.call_method(&lst(h, &[i(1), eq_err(h)]), "remove", &[i(5)]);
        "x = EqErr() ;; y = [x] ;; (y.remove(x), y)" => |h, e| { let x = eq_err(h); let y = lst(h, &[x.clone()]); cm(h, &y, "remove", &[x]) };
        "(l.pop(), l)" => |h, e| cm(h, &e.l, "pop", &[]);
        "(l.pop(0), l)" => |h, e| cm(h, &e.l, "pop", &[i(0)]);
        "(l.pop(-1), l)" => |h, e| cm(h, &e.l, "pop", &[i(-1)]);
        "(l.pop(True), l)" => |h, e| cm(h, &e.l, "pop", &[true.into()]);
        "l.pop(5)" => |h, e| h.call_method(&e.l, "pop", &[i(5)]);
        "l.pop(-4)" => |h, e| h.call_method(&e.l, "pop", &[i(-4)]);
        "el.pop()" => |h, e| h.call_method(&e.el, "pop", &[]);
        "l.pop(1, 2)" => |h, e| h.call_method(&e.l, "pop", &[i(1), i(2)]);
        "l.pop('a')" => |h, e| h.call_method(&e.l, "pop", &[s("a")]);
        "l.pop(x=1)" => |h, e| mk(h, &e.l, "pop", &[], &[("x", i(1))]);
        "(l.clear(), l)" => |h, e| cm(h, &e.l, "clear", &[]);
        "l.clear(1)" => |h, e| h.call_method(&e.l, "clear", &[i(1)]);
        "l.clear(x=1)" => |h, e| mk(h, &e.l, "clear", &[], &[("x", i(1))]);
        "l.copy()" => |h, e| h.call_method(&e.l, "copy", &[]);
        "l.copy() is l" => |h, e| h.call_method(&e.l, "copy", &[]).map(|c| c.is(&e.l));
        "l.copy(1)" => |h, e| h.call_method(&e.l, "copy", &[i(1)]);
        "ml.append(1) ;; type(ml.copy())" => |h, e| h.call_method(&e.ml, "append", &[i(1)]).and_then(|_| h.call_method(&e.ml, "copy", &[])).and_then(|c| h.type_of(&c));
        "l.index(2)" => |h, e| h.call_method(&e.l, "index", &[i(2)]);
        "l.index(2.0)" => |h, e| h.call_method(&e.l, "index", &[f64v(2.0)]);
        "l.index(mi)" => |h, e| h.call_method(&e.l, "index", &[e.mi.clone()]);
        "l.index(5)" => |h, e| h.call_method(&e.l, "index", &[i(5)]);
        "l.index('a')" => |h, e| h.call_method(&e.l, "index", &[s("a")]);
        "l.index(el)" => |h, e| h.call_method(&e.l, "index", &[e.el.clone()]);
        "l.index()" => |h, e| h.call_method(&e.l, "index", &[]);
        "l.index(1, 2, 3, 4)" => |h, e| h.call_method(&e.l, "index", &[i(1), i(2), i(3), i(4)]);
        "l.index(1, 1)" => |h, e| h.call_method(&e.l, "index", &[i(1), i(1)]);
        "l.index(3, -1)" => |h, e| h.call_method(&e.l, "index", &[i(3), i(-1)]);
        "l.index(3, 0, -1)" => |h, e| h.call_method(&e.l, "index", &[i(3), i(0), i(-1)]);
        "l.index(2, -10, 10)" => |h, e| h.call_method(&e.l, "index", &[i(2), i(-10), i(10)]);
        "l.index(1, 0, -10)" => |h, e| h.call_method(&e.l, "index", &[i(1), i(0), i(-10)]);
        "l.index(2, True)" => |h, e| h.call_method(&e.l, "index", &[i(2), true.into()]);
        "l.index(2, mi, 5)" => |h, e| h.call_method(&e.l, "index", &[i(2), e.mi.clone(), i(5)]);
        "l.index(1, 'a')" => |h, e| h.call_method(&e.l, "index", &[i(1), s("a")]);
        "l.index(1, None)" => |h, e| h.call_method(&e.l, "index", &[i(1), Value::None]);
        "l.index(1, 0, 1.5)" => |h, e| h.call_method(&e.l, "index", &[i(1), i(0), f64v(1.5)]);
        "l.index(x=1)" => |h, e| mk(h, &e.l, "index", &[], &[("x", i(1))]);
        "[1, EqErr()].index(5)" => |h, e| h.call_method(&lst(h, &[i(1), eq_err(h)]), "index", &[i(5)]);
        "x = EqErr() ;; [x].index(x)" => |h, e| { let x = eq_err(h); h.call_method(&lst(h, &[x.clone()]), "index", &[x]) };
        "l.count(1)" => |h, e| h.call_method(&e.l, "count", &[i(1)]);
        "[1, 1.0, True, 2].count(1)" => |h, e| h.call_method(&lst(h, &[i(1), f64v(1.0), true.into(), i(2)]), "count", &[i(1)]);
        "l.count(5)" => |h, e| h.call_method(&e.l, "count", &[i(5)]);
        "l.count()" => |h, e| h.call_method(&e.l, "count", &[]);
        "l.count(1, 2)" => |h, e| h.call_method(&e.l, "count", &[i(1), i(2)]);
        "l.count(x=1)" => |h, e| mk(h, &e.l, "count", &[], &[("x", i(1))]);
        "[EqErr()].count(1)" => |h, e| h.call_method(&lst(h, &[eq_err(h)]), "count", &[i(1)]);
        "(l.reverse(), l)" => |h, e| cm(h, &e.l, "reverse", &[]);
        "(el.reverse(), el)" => |h, e| cm(h, &e.el, "reverse", &[]);
        "l.reverse(1)" => |h, e| h.call_method(&e.l, "reverse", &[i(1)]);
        "x = [3, 1, 2] ;; (x.sort(), x)" => |h, e| cm(h, &lst(h, &[i(3), i(1), i(2)]), "sort", &[]);
        "x = [3, 1, 2] ;; (x.sort(reverse=True), x)" => |h, e| cmk(h, &lst(h, &[i(3), i(1), i(2)]), "sort", &[], &[("reverse", true.into())]);
        "x = [3, 1, 2] ;; (x.sort(reverse=1), x)" => |h, e| cmk(h, &lst(h, &[i(3), i(1), i(2)]), "sort", &[], &[("reverse", i(1))]);
        "x = [3, 1, 2] ;; (x.sort(key=neg), x)" => |h, e| cmk(h, &lst(h, &[i(3), i(1), i(2)]), "sort", &[], &[("key", neg(h))]);
        "x = [3, 1, 2] ;; (x.sort(key=None, reverse=False), x)" => |h, e| cmk(h, &lst(h, &[i(3), i(1), i(2)]), "sort", &[], &[("key", Value::None), ("reverse", false.into())]);
        "x = [(1, 'b'), (0, 'a'), (1, 'a'), (0, 'c')] ;; (x.sort(key=first), x)" => |h, e| cmk(h, &pairs_list(h, &[(1, "b"), (0, "a"), (1, "a"), (0, "c")]), "sort", &[], &[("key", first(h))]);
        "x = [(1, 'b'), (0, 'a'), (1, 'a'), (0, 'c')] ;; (x.sort(key=first, reverse=True), x)" => |h, e| cmk(h, &pairs_list(h, &[(1, "b"), (0, "a"), (1, "a"), (0, "c")]), "sort", &[], &[("key", first(h)), ("reverse", true.into())]);
        "x = [(1, 'b'), (0, 'a'), (1, 'a'), (0, 'c')] ;; (x.sort(), x)" => |h, e| cm(h, &pairs_list(h, &[(1, "b"), (0, "a"), (1, "a"), (0, "c")]), "sort", &[]);
        "x = [((i * 7) % 5, i) for i in range(100)] ;; (x.sort(key=first), x)" => |h, e| cmk(h, &mod_pairs(h, 100), "sort", &[], &[("key", first(h))]);
        "x = [((i * 7) % 5, i) for i in range(100)] ;; (x.sort(key=first, reverse=True), x)" => |h, e| cmk(h, &mod_pairs(h, 100), "sort", &[], &[("key", first(h)), ("reverse", true.into())]);
        "x = [(i * 37) % 101 for i in range(101)] ;; (x.sort(), x)" => |h, e| cm(h, &lst(h, &(0..101).map(|k| i((k * 37) % 101)).collect::<Vec<_>>()), "sort", &[]);
        "x = [5, 4, 3, 2, 1, 6, 0] ;; (x.sort(), x)" => |h, e| cm(h, &lst(h, &[i(5), i(4), i(3), i(2), i(1), i(6), i(0)]), "sort", &[]);
        "x = [1.5, True, 0, -2] ;; (x.sort(), x)" => |h, e| cm(h, &lst(h, &[f64v(1.5), true.into(), i(0), i(-2)]), "sort", &[]);
        "x = ['b', 'a', 'c'] ;; (x.sort(), x)" => |h, e| cm(h, &lst(h, &[s("b"), s("a"), s("c")]), "sort", &[]);
        "l.sort(1)" => |h, e| h.call_method(&e.l, "sort", &[i(1)]);
        "l.sort(1, x=2)" => |h, e| mk(h, &e.l, "sort", &[i(1)], &[("x", i(2))]);
        "l.sort(x=1)" => |h, e| mk(h, &e.l, "sort", &[], &[("x", i(1))]);
        "l.sort(key=1)" => |h, e| mk(h, &e.l, "sort", &[], &[("key", i(1))]);
        "el.sort(key=1)" => |h, e| mk(h, &e.el, "sort", &[], &[("key", i(1))]);
        "l.sort(reverse='a')" => |h, e| mk(h, &e.l, "sort", &[], &[("reverse", s("a"))]);
        "l.sort(reverse=None)" => |h, e| mk(h, &e.l, "sort", &[], &[("reverse", Value::None)]);
        "l.sort(reverse=1.5)" => |h, e| mk(h, &e.l, "sort", &[], &[("reverse", f64v(1.5))]);
        "[1, 'a'].sort()" => |h, e| h.call_method(&lst(h, &[i(1), s("a")]), "sort", &[]);
        "['a', 1].sort()" => |h, e| h.call_method(&lst(h, &[s("a"), i(1)]), "sort", &[]);
        "[3, 1, 'a', 2].sort()" => |h, e| h.call_method(&lst(h, &[i(3), i(1), s("a"), i(2)]), "sort", &[]);
        "[o, o2].sort()" => |h, e| h.call_method(&lst(h, &[e.o.clone(), e.o2.clone()]), "sort", &[]);
        "[o].sort()" => |h, e| h.call_method(&lst(h, &[e.o.clone()]), "sort", &[]);
        "x = [3, 1, 'a', 2] ;; with __import__('contextlib').suppress(TypeError): x.sort() ;; x" => |h, e| { let x = lst(h, &[i(3), i(1), s("a"), i(2)]); let _ = h.call_method(&x, "sort", &[]); Ok::<Value, Error>(x) };
        "x = [2, 1] * 40 + ['x'] ;; with __import__('contextlib').suppress(TypeError): x.sort() ;; len(x)" => |h, e| { let mut v: Vec<Value> = (0..80).map(|k| i(2 - k % 2)).collect(); v.push(s("x")); let x = lst(h, &v); let _ = h.call_method(&x, "sort", &[]); h.len(&x) };
        "x = [3, 1, 2] ;; with __import__('contextlib').suppress(TypeError): x.sort(key=first) ;; x" => |h, e| { let x = lst(h, &[i(3), i(1), i(2)]); let _ = mk(h, &x, "sort", &[], &[("key", first(h))]); Ok::<Value, Error>(x) };
        "l.sort(key=grow)" => |h, e| mk(h, &e.l, "sort", &[], &[("key", grow(h, &e.l))]);
        "with __import__('contextlib').suppress(ValueError): l.sort(key=grow) ;; l" => |h, e| { let _ = mk(h, &e.l, "sort", &[], &[("key", grow(h, &e.l))]); Ok::<Value, Error>(e.l.clone()) };
        "(l.sort(key=el.append), el)" => |h, e| mk(h, &e.l, "sort", &[], &[("key", ga(h, &e.el, "append"))]).and_then(|r| h.tuple(&[r, e.el.clone()]));
        // list subclasses, proxies
        "(ml.append(1), ml)" => |h, e| cm(h, &e.ml, "append", &[i(1)]);
        "ml.append()" => |h, e| h.call_method(&e.ml, "append", &[]);
        "m = ml.append ;; m(x=1)" => |h, e| mk(h, &e.ml, "append", &[], &[("x", i(1))]);
        "ml.extend([3, 1, 2]) ;; (ml.sort(), ml)" => |h, e| { h.call_method(&e.ml, "extend", &[lst(h, &[i(3), i(1), i(2)])]).unwrap(); cm(h, &e.ml, "sort", &[]) };
        "ml.extend([1]) ;; ml.index(2)" => |h, e| { h.call_method(&e.ml, "extend", &[lst(h, &[i(1)])]).unwrap(); h.call_method(&e.ml, "index", &[i(2)]) };
        "x = OwnAppend() ;; (x.append(1), x)" => |h, e| cm(h, &own_append(h), "append", &[i(1)]);
        "x = OwnAppend() ;; x.extend([1]) ;; (x.pop(), x)" => |h, e| { let x = own_append(h); h.call_method(&x, "extend", &[lst(h, &[i(1)])]).unwrap(); cm(h, &x, "pop", &[]) };
        "ml.pop = 5 ;; ml.pop" => |h, e| h.setattr(&e.ml, "pop", &i(5)).and_then(|_| h.getattr(&e.ml, "pop"));
        "(pml.append(1), ml)" => |h, e| h.call_method(&e.pml, "append", &[i(1)]).and_then(|r| h.tuple(&[r, e.ml.clone()]));
        "pml.append(1) ;; (pml.pop(), ml)" => |h, e| { h.call_method(&e.pml, "append", &[i(1)]).unwrap(); h.call_method(&e.pml, "pop", &[]).and_then(|r| h.tuple(&[r, e.ml.clone()])) };
        "pml.append()" => |h, e| h.call_method(&e.pml, "append", &[]);
        "pml.append.__self__ is ml" => |h, e| h.getattr(&ga(h, &e.pml, "append"), "__self__").map(|v| v.is(&e.ml));
        "dpml.append(1)" => |h, e| h.call_method(&e.dpml, "append", &[i(1)]);
        "dpml.sort" => |h, e| h.getattr(&e.dpml, "sort");
        "ml.clear(1)" => |h, e| h.call_method(&e.ml, "clear", &[i(1)]);
        "m = ml.clear ;; m(1)" => |h, e| h.call(&ga(h, &e.ml, "clear"), &[i(1)]);
        "m = ml.append ;; m()" => |h, e| h.call(&ga(h, &e.ml, "append"), &[]);
        "m = ml.insert ;; m(i=1)" => |h, e| mk(h, &e.ml, "insert", &[], &[("i", i(1))]);
        "m = ml.insert ;; m(1)" => |h, e| h.call(&ga(h, &e.ml, "insert"), &[i(1)]);
        "m = ml.sort ;; m(1)" => |h, e| h.call(&ga(h, &e.ml, "sort"), &[i(1)]);
        "m = mset.union ;; m(x=1)" => |h, e| mk(h, &e.mset, "union", &[], &[("x", i(1))]);
        "mset.union(1)" => |h, e| h.call_method(&e.mset, "union", &[i(1)]);
        "m = mset.add ;; m(1, 2)" => |h, e| h.call(&ga(h, &e.mset, "add"), &[i(1), i(2)]);
        "m = md.get ;; m(x=1)" => |h, e| mk(h, &e.md, "get", &[], &[("x", i(1))]);
        "m = md.keys ;; m(1)" => |h, e| h.call(&ga(h, &e.md, "keys"), &[i(1)]);
        "m = l.append ;; m()" => |h, e| h.call(&ga(h, &e.l, "append"), &[]);
        "m = fs.copy ;; m(1)" => |h, e| h.call(&ga(h, &e.fs, "copy"), &[i(1)]);
        "x = MyTuple() ;; m = x.count ;; m()" => |h, e| h.call(&ga(h, &h.call(&e.my_tuple, &[]).unwrap(), "count"), &[]);
        "x = MyTuple() ;; x.count()" => |h, e| h.call_method(&h.call(&e.my_tuple, &[]).unwrap(), "count", &[]);
        "ml.foo = l.append ;; ml.foo()  # another object's method" => |h, e| h.setattr(&e.ml, "foo", &ga(h, &e.l, "append")).and_then(|_| h.call_method(&e.ml, "foo", &[]));
        "pms.add()" => |h, e| h.call_method(&e.pms, "add", &[]);
        "m = l.append ;; p = weakref.proxy(m) ;; p(4) ;; (type(p), l)" => |h, e| { let m = ga(h, &e.l, "append"); let p = h.proxy(&m, None).unwrap(); h.call(&p, &[i(4)]).and_then(|_| h.tuple(&[h.type_of(&p).unwrap(), e.l.clone()])) };
        "l.index(2, 0, 2)" => |h, e| h.call_method(&e.l, "index", &[i(2), i(0), i(2)]);
        "l.index(3, 0, 2)" => |h, e| h.call_method(&e.l, "index", &[i(3), i(0), i(2)]);
        "x = [1, 2, 1] ;; (x.remove(1), x)" => |h, e| cm(h, &lst(h, &[i(1), i(2), i(1)]), "remove", &[i(1)]);
        "x = [[]] ;; x.count([])" => |h, e| h.call_method(&lst(h, &[lst(h, &[])]), "count", &[lst(h, &[])]);
        "x = {1: 'a'} ;; x.get(1.0)" => |h, e| h.call_method(&h.dict(&[(i(1), s("a"))]).unwrap(), "get", &[f64v(1.0)]);
        "d.update(o)  # call_method" => |h, e| h.call_method(&e.d, "update", &[e.o.clone()]);
        "(s.update('ab'), len(s))" => |h, e| h.call_method(&e.s, "update", &[s("ab")]).and_then(|r| h.tuple(&[r, Value::try_from(h.len(&e.s)?)?]));
        "(s.update(s), s)" => |h, e| cm(h, &e.s, "update", &[e.s.clone()]);
        "ml.extend([3, 1, 2]) ;; (ml.sort(key=neg), ml)" => |h, e| { h.call_method(&e.ml, "extend", &[lst(h, &[i(3), i(1), i(2)])]).unwrap(); cmk(h, &e.ml, "sort", &[], &[("key", neg(h))]) };
        "x = [3, 1, 2] ;; y = x.copy() ;; y.append(4) ;; (x, y)" => |h, e| { let x = lst(h, &[i(3), i(1), i(2)]); let y = h.call_method(&x, "copy", &[]).unwrap(); h.call_method(&y, "append", &[i(4)]).and_then(|_| h.tuple(&[x, y])) };
        "x = {'a': [1]} ;; y = x.copy() ;; y['a'].append(2) ;; x" => |h, e| { let x = h.dict(&[(s("a"), lst(h, &[i(1)]))]).unwrap(); let y = h.call_method(&x, "copy", &[]).unwrap(); h.getitem(&y, &s("a")).and_then(|v| h.call_method(&v, "append", &[i(2)])).map(|_| x) };
        "hasattr(dpml, 'sort')" => |h, e| h.hasattr(&e.dpml, "sort");
        // dict
        "d.get('a')" => |h, e| h.call_method(&e.d, "get", &[s("a")]);
        "d.get('z')" => |h, e| h.call_method(&e.d, "get", &[s("z")]);
        "d.get('z', 5)" => |h, e| h.call_method(&e.d, "get", &[s("z"), i(5)]);
        "d.get()" => |h, e| h.call_method(&e.d, "get", &[]);
        "d.get(1, 2, 3)" => |h, e| h.call_method(&e.d, "get", &[i(1), i(2), i(3)]);
        "d.get(key=1)" => |h, e| mk(h, &e.d, "get", &[], &[("key", i(1))]);
        "d.get([])" => |h, e| h.call_method(&e.d, "get", &[e.el.clone()]);
        "(d.setdefault('b', 2), d)" => |h, e| cm(h, &e.d, "setdefault", &[s("b"), i(2)]);
        "(d.setdefault('a', 2), d)" => |h, e| cm(h, &e.d, "setdefault", &[s("a"), i(2)]);
        "(d.setdefault('z'), d)" => |h, e| cm(h, &e.d, "setdefault", &[s("z")]);
        "d.setdefault()" => |h, e| h.call_method(&e.d, "setdefault", &[]);
        "d.setdefault(1, 2, 3)" => |h, e| h.call_method(&e.d, "setdefault", &[i(1), i(2), i(3)]);
        "d.setdefault([])" => |h, e| h.call_method(&e.d, "setdefault", &[e.el.clone()]);
        "d.setdefault(key=1)" => |h, e| mk(h, &e.d, "setdefault", &[], &[("key", i(1))]);
        "(d.pop('a'), d)" => |h, e| cm(h, &e.d, "pop", &[s("a")]);
        "d.pop('z')" => |h, e| h.call_method(&e.d, "pop", &[s("z")]);
        "(d.pop('z', 0), d)" => |h, e| cm(h, &e.d, "pop", &[s("z"), i(0)]);
        "d.pop()" => |h, e| h.call_method(&e.d, "pop", &[]);
        "d.pop(1, 2, 3)" => |h, e| h.call_method(&e.d, "pop", &[i(1), i(2), i(3)]);
        "d.pop([])" => |h, e| h.call_method(&e.d, "pop", &[e.el.clone()]);
        "ed.pop([])" => |h, e| h.call_method(&e.ed, "pop", &[e.el.clone()]);
        "d.pop(key='a')" => |h, e| mk(h, &e.d, "pop", &[], &[("key", s("a"))]);
        "(d.popitem(), d)" => |h, e| cm(h, &e.d, "popitem", &[]);
        "ed.popitem()" => |h, e| h.call_method(&e.ed, "popitem", &[]);
        "d.popitem(1)" => |h, e| h.call_method(&e.d, "popitem", &[i(1)]);
        "(d.update({'b': 2}), d)" => |h, e| cm(h, &e.d, "update", &[h.dict(&[(s("b"), i(2))]).unwrap()]);
        "(d.update([('c', 3)], e=4), d)" => |h, e| cmk(h, &e.d, "update", &[lst(h, &[h.tuple(&[s("c"), i(3)]).unwrap()])], &[("e", i(4))]);
        "(d.update(x=1, a=2), d)" => |h, e| cmk(h, &e.d, "update", &[], &[("x", i(1)), ("a", i(2))]);
        "(d.update(), d)" => |h, e| cm(h, &e.d, "update", &[]);
        "(d.update(d), d)" => |h, e| cm(h, &e.d, "update", &[e.d.clone()]);
        "(d.update(md), d)" => |h, e| cm(h, &e.d, "update", &[e.md.clone()]);
        "d.update(1, 2)" => |h, e| h.call_method(&e.d, "update", &[i(1), i(2)]);
        "d.update(1)" => |h, e| h.call_method(&e.d, "update", &[i(1)]);
        "d.update([1])" => |h, e| h.call_method(&e.d, "update", &[lst(h, &[i(1)])]);
        "d.update(None)" => |h, e| h.call_method(&e.d, "update", &[Value::None]);
        "d.copy()" => |h, e| h.call_method(&e.d, "copy", &[]);
        "d.copy() is d" => |h, e| h.call_method(&e.d, "copy", &[]).map(|c| c.is(&e.d));
        "d.copy(1)" => |h, e| h.call_method(&e.d, "copy", &[i(1)]);
        "type(md.copy())" => |h, e| h.call_method(&e.md, "copy", &[]).and_then(|c| h.type_of(&c));
        "(d.clear(), d)" => |h, e| cm(h, &e.d, "clear", &[]);
        "d.clear(1)" => |h, e| h.call_method(&e.d, "clear", &[i(1)]);
        "d['b'] = 2 ;; list(d.keys())" => |h, e| { h.setitem(&e.d, &s("b"), &i(2)).unwrap(); h.call_method(&e.d, "keys", &[]).and_then(|v| h.list(&h.iter(&v)?)) };
        "d['b'] = 2 ;; list(d.values())" => |h, e| { h.setitem(&e.d, &s("b"), &i(2)).unwrap(); h.call_method(&e.d, "values", &[]).and_then(|v| h.list(&h.iter(&v)?)) };
        "d['b'] = 2 ;; list(d.items())" => |h, e| { h.setitem(&e.d, &s("b"), &i(2)).unwrap(); h.call_method(&e.d, "items", &[]).and_then(|v| h.list(&h.iter(&v)?)) };
        "list(ed.items())" => |h, e| h.call_method(&e.ed, "items", &[]).and_then(|v| h.list(&h.iter(&v)?));
        "d.keys(1)" => |h, e| h.call_method(&e.d, "keys", &[i(1)]);
        "d.values(1)" => |h, e| h.call_method(&e.d, "values", &[i(1)]);
        "d.items(x=1)" => |h, e| mk(h, &e.d, "items", &[], &[("x", i(1))]);
        "(md.update(a=1), md)" => |h, e| cmk(h, &e.md, "update", &[], &[("a", i(1))]);
        "md.update(a=1) ;; md.get('a')" => |h, e| { mk(h, &e.md, "update", &[], &[("a", i(1))]).unwrap(); h.call_method(&e.md, "get", &[s("a")]) };
        "md.get()" => |h, e| h.call_method(&e.md, "get", &[]);
        "(pmd.setdefault('k', 1), md)" => |h, e| h.call_method(&e.pmd, "setdefault", &[s("k"), i(1)]).and_then(|r| h.tuple(&[r, e.md.clone()]));
        "pmd.pop('k')" => |h, e| h.call_method(&e.pmd, "pop", &[s("k")]);
        "dpmd.get(1)" => |h, e| h.call_method(&e.dpmd, "get", &[i(1)]);
        "d.zz()" => |h, e| h.call_method(&e.d, "zz", &[]);
        "d.add(1)  # call_method" => |h, e| h.call_method(&e.d, "add", &[i(1)]);
        // set
        "(s.add(3), s)" => |h, e| cm(h, &e.s, "add", &[i(3)]);
        "(s.add(1), s)" => |h, e| cm(h, &e.s, "add", &[i(1)]);
        "s.add()" => |h, e| h.call_method(&e.s, "add", &[]);
        "s.add([])" => |h, e| h.call_method(&e.s, "add", &[e.el.clone()]);
        "s.add(x=1)" => |h, e| mk(h, &e.s, "add", &[], &[("x", i(1))]);
        "(s.discard(1), s)" => |h, e| cm(h, &e.s, "discard", &[i(1)]);
        "(s.discard(5), s)" => |h, e| cm(h, &e.s, "discard", &[i(5)]);
        "s.discard([])" => |h, e| h.call_method(&e.s, "discard", &[e.el.clone()]);
        "s.discard()" => |h, e| h.call_method(&e.s, "discard", &[]);
        "(s.remove(1), s)" => |h, e| cm(h, &e.s, "remove", &[i(1)]);
        "s.remove(5)" => |h, e| h.call_method(&e.s, "remove", &[i(5)]);
        "s.remove([])" => |h, e| h.call_method(&e.s, "remove", &[e.el.clone()]);
        "s.remove(set())" => |h, e| h.call_method(&e.s, "remove", &[h.set(&[]).unwrap()]);
        "x = {5} ;; (x.pop(), x)" => |h, e| cm(h, &h.set(&[i(5)]).unwrap(), "pop", &[]);
        "es.pop()" => |h, e| h.call_method(&e.es, "pop", &[]);
        "s.pop(1)" => |h, e| h.call_method(&e.s, "pop", &[i(1)]);
        "(s.clear(), s)" => |h, e| cm(h, &e.s, "clear", &[]);
        "s.clear(1)" => |h, e| h.call_method(&e.s, "clear", &[i(1)]);
        "s.copy()" => |h, e| h.call_method(&e.s, "copy", &[]);
        "s.copy() is s" => |h, e| h.call_method(&e.s, "copy", &[]).map(|c| c.is(&e.s));
        "type(mset.copy())" => |h, e| h.call_method(&e.mset, "copy", &[]).and_then(|c| h.type_of(&c));
        "s.union([3])" => |h, e| h.call_method(&e.s, "union", &[lst(h, &[i(3)])]);
        "s.union()" => |h, e| h.call_method(&e.s, "union", &[]);
        "s.union() is s" => |h, e| h.call_method(&e.s, "union", &[]).map(|c| c.is(&e.s));
        "s.union([3], (4,))" => |h, e| h.call_method(&e.s, "union", &[lst(h, &[i(3)]), h.tuple(&[i(4)]).unwrap()]);
        "s.union(1)" => |h, e| h.call_method(&e.s, "union", &[i(1)]);
        "s.union([3], 1)" => |h, e| h.call_method(&e.s, "union", &[lst(h, &[i(3)]), i(1)]);
        "m = s.union ;; m(x=1)" => |h, e| mk(h, &e.s, "union", &[], &[("x", i(1))]);
        "s.intersection([2, 3])" => |h, e| h.call_method(&e.s, "intersection", &[lst(h, &[i(2), i(3)])]);
        "s.intersection()" => |h, e| h.call_method(&e.s, "intersection", &[]);
        "s.intersection([1, 2], [2])" => |h, e| h.call_method(&e.s, "intersection", &[lst(h, &[i(1), i(2)]), lst(h, &[i(2)])]);
        "s.intersection(1)" => |h, e| h.call_method(&e.s, "intersection", &[i(1)]);
        "s.intersection([[]])" => |h, e| h.call_method(&e.s, "intersection", &[lst(h, &[e.el.clone()])]);
        "s.difference([2])" => |h, e| h.call_method(&e.s, "difference", &[lst(h, &[i(2)])]);
        "s.difference()" => |h, e| h.call_method(&e.s, "difference", &[]);
        "s.difference([1], [2])" => |h, e| h.call_method(&e.s, "difference", &[lst(h, &[i(1)]), lst(h, &[i(2)])]);
        "s.difference(1)" => |h, e| h.call_method(&e.s, "difference", &[i(1)]);
        "s.symmetric_difference([2, 3])" => |h, e| h.call_method(&e.s, "symmetric_difference", &[lst(h, &[i(2), i(3)])]);
        "s.symmetric_difference()" => |h, e| h.call_method(&e.s, "symmetric_difference", &[]);
        "s.symmetric_difference([1], [2])" => |h, e| h.call_method(&e.s, "symmetric_difference", &[lst(h, &[i(1)]), lst(h, &[i(2)])]);
        "s.symmetric_difference(1)" => |h, e| h.call_method(&e.s, "symmetric_difference", &[i(1)]);
        "(s.update([3], [4]), s)" => |h, e| cm(h, &e.s, "update", &[lst(h, &[i(3)]), lst(h, &[i(4)])]);
        "(s.update(), s)" => |h, e| cm(h, &e.s, "update", &[]);
        "s.update(1)" => |h, e| h.call_method(&e.s, "update", &[i(1)]);
        "m = s.update ;; m(x=1)" => |h, e| mk(h, &e.s, "update", &[], &[("x", i(1))]);
        "(s.intersection_update([2, 3]), s)" => |h, e| cm(h, &e.s, "intersection_update", &[lst(h, &[i(2), i(3)])]);
        "(s.intersection_update([1, 2], [2]), s)" => |h, e| cm(h, &e.s, "intersection_update", &[lst(h, &[i(1), i(2)]), lst(h, &[i(2)])]);
        "(s.intersection_update(), s)" => |h, e| cm(h, &e.s, "intersection_update", &[]);
        "s.intersection_update(1)" => |h, e| h.call_method(&e.s, "intersection_update", &[i(1)]);
        "m = s.intersection_update ;; m(x=1)" => |h, e| mk(h, &e.s, "intersection_update", &[], &[("x", i(1))]);
        "(s.difference_update([1], [2]), s)" => |h, e| cm(h, &e.s, "difference_update", &[lst(h, &[i(1)]), lst(h, &[i(2)])]);
        "(s.difference_update(), s)" => |h, e| cm(h, &e.s, "difference_update", &[]);
        "(s.difference_update(s), s)" => |h, e| cm(h, &e.s, "difference_update", &[e.s.clone()]);
        "s.difference_update(1)" => |h, e| h.call_method(&e.s, "difference_update", &[i(1)]);
        "(s.symmetric_difference_update([2, 3]), s)" => |h, e| cm(h, &e.s, "symmetric_difference_update", &[lst(h, &[i(2), i(3)])]);
        "(s.symmetric_difference_update(s), s)" => |h, e| cm(h, &e.s, "symmetric_difference_update", &[e.s.clone()]);
        "s.symmetric_difference_update()" => |h, e| h.call_method(&e.s, "symmetric_difference_update", &[]);
        "s.symmetric_difference_update(1)" => |h, e| h.call_method(&e.s, "symmetric_difference_update", &[i(1)]);
        "s.issubset([1, 2, 3])" => |h, e| h.call_method(&e.s, "issubset", &[lst(h, &[i(1), i(2), i(3)])]);
        "s.issubset([1])" => |h, e| h.call_method(&e.s, "issubset", &[lst(h, &[i(1)])]);
        "s.issubset()" => |h, e| h.call_method(&e.s, "issubset", &[]);
        "s.issubset(1)" => |h, e| h.call_method(&e.s, "issubset", &[i(1)]);
        "s.issuperset([1])" => |h, e| h.call_method(&e.s, "issuperset", &[lst(h, &[i(1)])]);
        "s.issuperset([5])" => |h, e| h.call_method(&e.s, "issuperset", &[lst(h, &[i(5)])]);
        "s.issuperset(1)" => |h, e| h.call_method(&e.s, "issuperset", &[i(1)]);
        "s.isdisjoint([3])" => |h, e| h.call_method(&e.s, "isdisjoint", &[lst(h, &[i(3)])]);
        "s.isdisjoint([1])" => |h, e| h.call_method(&e.s, "isdisjoint", &[lst(h, &[i(1)])]);
        "s.isdisjoint(1)" => |h, e| h.call_method(&e.s, "isdisjoint", &[i(1)]);
        "s.isdisjoint(x=1)" => |h, e| mk(h, &e.s, "isdisjoint", &[], &[("x", i(1))]);
        "(mset.add(2), mset)" => |h, e| cm(h, &e.mset, "add", &[i(2)]);
        "mset.add()" => |h, e| h.call_method(&e.mset, "add", &[]);
        "mset.union([2])" => |h, e| h.call_method(&e.mset, "union", &[lst(h, &[i(2)])]);
        "(pms.add(3), mset)" => |h, e| h.call_method(&e.pms, "add", &[i(3)]).and_then(|r| h.tuple(&[r, e.mset.clone()]));
        "pms.issubset([1, 2])" => |h, e| h.call_method(&e.pms, "issubset", &[lst(h, &[i(1), i(2)])]);
        // frozenset
        "fs.copy() is fs" => |h, e| h.call_method(&e.fs, "copy", &[]).map(|c| c.is(&e.fs));
        "fs.copy(1)" => |h, e| h.call_method(&e.fs, "copy", &[i(1)]);
        "fs.union([2])" => |h, e| h.call_method(&e.fs, "union", &[lst(h, &[i(2)])]);
        "fs.union()" => |h, e| h.call_method(&e.fs, "union", &[]);
        "fs.union() is fs" => |h, e| h.call_method(&e.fs, "union", &[]).map(|c| c.is(&e.fs));
        "m = fs.union ;; m(x=1)" => |h, e| mk(h, &e.fs, "union", &[], &[("x", i(1))]);
        "fs.intersection([1], [1, 2])" => |h, e| h.call_method(&e.fs, "intersection", &[lst(h, &[i(1)]), lst(h, &[i(1), i(2)])]);
        "fs.difference([1])" => |h, e| h.call_method(&e.fs, "difference", &[lst(h, &[i(1)])]);
        "fs.symmetric_difference([2])" => |h, e| h.call_method(&e.fs, "symmetric_difference", &[lst(h, &[i(2)])]);
        "fs.symmetric_difference()" => |h, e| h.call_method(&e.fs, "symmetric_difference", &[]);
        "fs.issubset([1])" => |h, e| h.call_method(&e.fs, "issubset", &[lst(h, &[i(1)])]);
        "fs.issuperset([])" => |h, e| h.call_method(&e.fs, "issuperset", &[lst(h, &[])]);
        "fs.isdisjoint([2])" => |h, e| h.call_method(&e.fs, "isdisjoint", &[lst(h, &[i(2)])]);
        "fs.add(1)  # call_method" => |h, e| h.call_method(&e.fs, "add", &[i(1)]);
        "fs.update" => |h, e| h.getattr(&e.fs, "update");
        "hasattr(fs, 'intersection_update')" => |h, e| h.hasattr(&e.fs, "intersection_update");
        // tuple
        "t.index(2)" => |h, e| h.call_method(&e.t, "index", &[i(2)]);
        "t.index(5)" => |h, e| h.call_method(&e.t, "index", &[i(5)]);
        "t.index()" => |h, e| h.call_method(&e.t, "index", &[]);
        "t.index(1, 1)" => |h, e| h.call_method(&e.t, "index", &[i(1), i(1)]);
        "t.index(2, -1)" => |h, e| h.call_method(&e.t, "index", &[i(2), i(-1)]);
        "t.index(1, 0, 1, 2)" => |h, e| h.call_method(&e.t, "index", &[i(1), i(0), i(1), i(2)]);
        "t.index(1, 'a')" => |h, e| h.call_method(&e.t, "index", &[i(1), s("a")]);
        "t.index(x=1)" => |h, e| mk(h, &e.t, "index", &[], &[("x", i(1))]);
        "t.count(1)" => |h, e| h.call_method(&e.t, "count", &[i(1)]);
        "t.count()" => |h, e| h.call_method(&e.t, "count", &[]);
        "t.count(1, 2)" => |h, e| h.call_method(&e.t, "count", &[i(1), i(2)]);
        "x = MyTuple([1, 2]) ;; x.index(2)" => |h, e| h.call_method(&h.call(&e.my_tuple, &[lst(h, &[i(1), i(2)])]).unwrap(), "index", &[i(2)]);
        "x = MyTuple([1, 2]) ;; x.count(3)" => |h, e| h.call_method(&h.call(&e.my_tuple, &[lst(h, &[i(1), i(2)])]).unwrap(), "count", &[i(3)]);
        "t.sort" => |h, e| h.getattr(&e.t, "sort");
        "hasattr(t, 'count')" => |h, e| h.hasattr(&e.t, "count");
        // the bound method object
        "type(l.append)" => |h, e| h.type_of(&ga(h, &e.l, "append"));
        "type(d.get)" => |h, e| h.type_of(&ga(h, &e.d, "get"));
        "l.append.__name__" => |h, e| h.getattr(&ga(h, &e.l, "append"), "__name__");
        "l.append.__qualname__" => |h, e| h.getattr(&ga(h, &e.l, "append"), "__qualname__");
        "ml.append.__qualname__" => |h, e| h.getattr(&ga(h, &e.ml, "append"), "__qualname__");
        "fs.union.__qualname__" => |h, e| h.getattr(&ga(h, &e.fs, "union"), "__qualname__");
        "l.append.__module__" => |h, e| h.getattr(&ga(h, &e.l, "append"), "__module__");
        "l.append.__func__" => |h, e| h.getattr(&ga(h, &e.l, "append"), "__func__");
        "l.append.__self__ is l" => |h, e| h.getattr(&ga(h, &e.l, "append"), "__self__").map(|v| v.is(&e.l));
        "d.get.__self__ is d" => |h, e| h.getattr(&ga(h, &e.d, "get"), "__self__").map(|v| v.is(&e.d));
        "t.count.__self__ is t" => |h, e| h.getattr(&ga(h, &e.t, "count"), "__self__").map(|v| v.is(&e.t));
        "l.append.__class__" => |h, e| h.getattr(&ga(h, &e.l, "append"), "__class__");
        "l.append == l.append" => |h, e| h.eq(&ga(h, &e.l, "append"), &ga(h, &e.l, "append"));
        "l.append != l.append" => |h, e| h.ne(&ga(h, &e.l, "append"), &ga(h, &e.l, "append"));
        "l.append == el.append" => |h, e| h.eq(&ga(h, &e.l, "append"), &ga(h, &e.el, "append"));
        "l.append == l.extend" => |h, e| h.eq(&ga(h, &e.l, "append"), &ga(h, &e.l, "extend"));
        "l.append == 1" => |h, e| h.eq(&ga(h, &e.l, "append"), &i(1));
        "l.append is l.append" => |h, e| Ok::<bool, Error>(ga(h, &e.l, "append").is(&ga(h, &e.l, "append")));
        "hash(l.append) == hash(l.append)" => |h, e| Ok::<bool, Error>(h.hash(&ga(h, &e.l, "append")).unwrap() == h.hash(&ga(h, &e.l, "append")).unwrap());
        "{l.append: 1}[l.append]" => |h, e| h.dict(&[(ga(h, &e.l, "append"), i(1))]).and_then(|x| h.getitem(&x, &ga(h, &e.l, "append")));
        "callable(l.append)" => |h, e| h.is_callable(&ga(h, &e.l, "append"));
        "repr(l.append)" => |h, e| h.repr(&ga(h, &e.l, "append"));
        "repr(ml.append)" => |h, e| h.repr(&ga(h, &e.ml, "append"));
        "repr(d.get)" => |h, e| h.repr(&ga(h, &e.d, "get"));
        "repr(pml.append)" => |h, e| h.repr(&ga(h, &e.pml, "append"));
        "str(l.append)" => |h, e| h.str(&ga(h, &e.l, "append"));
        "bool(l.append)" => |h, e| h.truthy(&ga(h, &e.l, "append"));
        "l.append.zz" => |h, e| h.getattr(&ga(h, &e.l, "append"), "zz");
        "l.append.zz = 1" => |h, e| h.setattr(&ga(h, &e.l, "append"), "zz", &i(1));
        "l.append.__name__ = 'x'" => |h, e| h.setattr(&ga(h, &e.l, "append"), "__name__", &s("x"));
        "l.append.__self__ = 1" => |h, e| h.setattr(&ga(h, &e.l, "append"), "__self__", &i(1));
        "del l.append.__self__" => |h, e| h.delattr(&ga(h, &e.l, "append"), "__self__");
        "del l.append.zz" => |h, e| h.delattr(&ga(h, &e.l, "append"), "zz");
        "l.append = 1" => |h, e| h.setattr(&e.l, "append", &i(1));
        "del l.append" => |h, e| h.delattr(&e.l, "append");
        "d.get = 1" => |h, e| h.setattr(&e.d, "get", &i(1));
        "t.count = 1" => |h, e| h.setattr(&e.t, "count", &i(1));
        "fs.add = 1" => |h, e| h.setattr(&e.fs, "add", &i(1));
        "ml.append = 1 ;; ml.append" => |h, e| h.setattr(&e.ml, "append", &i(1)).and_then(|_| h.getattr(&e.ml, "append"));
        "del ml.append" => |h, e| h.delattr(&e.ml, "append");
        "class X(type(l.append)): pass" => |h, e| h.class("X").base(&h.type_of(&ga(h, &e.l, "append")).unwrap()).build();
        "type(l.append)()" => |h, e| h.call(&h.type_of(&ga(h, &e.l, "append")).unwrap(), &[]);
        "weakref.ref(l.append) is not None" => |h, e| h.weakref(&ga(h, &e.l, "append"), None).map(|_| true);
        "weakref.WeakMethod(l.append)" => |h, e| h.weak_method(&ga(h, &e.l, "append"), None);
        "l.append[0]" => |h, e| h.getitem(&ga(h, &e.l, "append"), &i(0));
        "len(l.append)" => |h, e| h.len(&ga(h, &e.l, "append"));
        "l.append < l.append" => |h, e| h.compare(&ga(h, &e.l, "append"), &ga(h, &e.l, "append"), CompareOp::Lt);
        "hasattr(l, 'append')" => |h, e| h.hasattr(&e.l, "append");
        "hasattr(l, 'add')" => |h, e| h.hasattr(&e.l, "add");
        "hasattr(ml, 'sort')" => |h, e| h.hasattr(&e.ml, "sort");
        "hasattr(d, 'setdefault')" => |h, e| h.hasattr(&e.d, "setdefault");
        "hasattr(s, 'symmetric_difference_update')" => |h, e| h.hasattr(&e.s, "symmetric_difference_update");
        "hasattr(pms, 'add')" => |h, e| h.hasattr(&e.pms, "add");
        "l.append.__self__.append.__self__ is l" => |h, e| h.getattr(&ga(h, &ga(h, &e.l, "append"), "__self__"), "append").and_then(|m| h.getattr(&m, "__self__")).map(|v| v.is(&e.l));

    }
}

fn kr_of(e: &E) -> Value {
    e.kr.clone()
}

/// Runs every case; returns the text `errors.py` reads, the number of cases, and of
/// those that panicked or left the heap inconsistent.
pub fn run() -> (String, usize, usize, usize) {
    use std::fmt::Write as _;
    let mut cases = all_cases();
    cases.extend(arith::cases());
    cases.extend(iters::cases());
    cases.extend(views::cases());
    cases.extend(byts::cases());
    cases.extend(slc::cases());
    let mut text = String::new();
    for line in PRELUDE
        .lines()
        .chain(iters::ITER_PRELUDE.lines())
        .chain(byts::BYTES_PRELUDE.lines())
        .chain(slc::SLICE_PRELUDE.lines())
    {
        let _ = writeln!(text, "PRELUDE\t{line}");
    }
    let mut panics = 0;
    let mut inconsistent = 0;
    for (py, run) in &cases {
        let heap = Heap::new();
        let env = setup(&heap).expect("set-up");
        let got = catch_unwind(AssertUnwindSafe(|| run(&heap, &env)));
        let mut out = match got {
            Ok(s) => s,
            Err(p) => {
                panics += 1;
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                format!("PANIC: {msg}")
            }
        };
        let verified = catch_unwind(AssertUnwindSafe(|| heap.verify()));
        match verified {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                inconsistent += 1;
                out.push_str(&format!(" [VERIFY FAILED: {e}]"));
            }
            Err(_) => {
                inconsistent += 1;
                out.push_str(" [VERIFY PANICKED]");
            }
        }
        // A collection and a second verify: what the error left behind must collect.
        let after = catch_unwind(AssertUnwindSafe(|| {
            drop(env);
            heap.collect();
            heap.verify()
        }));
        match after {
            Ok(Ok(())) => {}
            Ok(Err(e)) => {
                inconsistent += 1;
                out.push_str(&format!(" [VERIFY AFTER COLLECT FAILED: {e}]"));
            }
            Err(_) => {
                inconsistent += 1;
                out.push_str(" [COLLECT/VERIFY PANICKED]");
            }
        }
        let out = out.replace('\t', "\\t").replace('\n', "\\n");
        let _ = writeln!(text, "CASE\t{py}\t{out}");
    }
    (text, cases.len(), panics, inconsistent)
}

/// The operators (`arithmetic.rs`): a table of every binary operator, plain and in
/// place, over every pairing of builtin operands, the unary operators over each, and
/// cases of user classes, `NotImplemented`, the subclass rule and proxies. A table
/// case evaluates a row (one operator, one left operand, every right operand) as a
/// tuple of `_T`/`_IP` texts (PRELUDE), so a set prints sorted (`set[1, 2]`: lethe's
/// sets iterate in insertion order, CPython's in hash order) and an in-place case
/// shows its result, the receiver afterwards, and (for a list, set or dict) whether
/// the result is the receiver.
mod arith {
    use super::*;

    type Mk = fn(&Heap, &E) -> Value;

    const OPS: [(BinaryOp, &str); 13] = [
        (BinaryOp::Add, "add"),
        (BinaryOp::Sub, "sub"),
        (BinaryOp::Mul, "mul"),
        (BinaryOp::MatMul, "matmul"),
        (BinaryOp::TrueDiv, "truediv"),
        (BinaryOp::FloorDiv, "floordiv"),
        (BinaryOp::Mod, "mod"),
        (BinaryOp::Pow, "pow"),
        (BinaryOp::LShift, "lshift"),
        (BinaryOp::RShift, "rshift"),
        (BinaryOp::And, "and_"),
        (BinaryOp::Or, "or_"),
        (BinaryOp::Xor, "xor"),
    ];

    fn operands() -> Vec<(&'static str, Mk)> {
        vec![
            ("0", |_, _| i(0)),
            ("7", |_, _| i(7)),
            ("-3", |_, _| i(-3)),
            ("True", |_, _| true.into()),
            ("False", |_, _| false.into()),
            ("2.5", |_, _| f64v(2.5)),
            ("-2.0", |_, _| f64v(-2.0)),
            ("0.0", |_, _| f64v(0.0)),
            ("'ab'", |_, _| s("ab")),
            ("''", |_, _| s("")),
            ("[1, 2]", |h, _| lst(h, &[i(1), i(2)])),
            ("(1,)", |h, _| h.tuple(&[i(1)]).unwrap()),
            ("{1, 2}", |h, _| h.set(&[i(1), i(2)]).unwrap()),
            ("frozenset({2, 3})", |h, _| {
                h.frozenset(&[i(2), i(3)]).unwrap()
            }),
            ("{'a': 1}", |h, _| h.dict(&[(s("a"), i(1))]).unwrap()),
            ("None", |_, _| Value::None),
            ("mi", |_, e| e.mi.clone()),
            ("MyStr('x')", |h, e| h.call(&e.my_str, &[s("x")]).unwrap()),
            ("MyList([3])", |h, e| {
                h.call(&e.my_list, &[lst(h, &[i(3)])]).unwrap()
            }),
            ("MyTuple((4,))", |h, e| {
                h.call(&e.my_tuple, &[h.tuple(&[i(4)]).unwrap()]).unwrap()
            }),
            ("MySet([1])", |h, e| {
                h.call(&e.my_set, &[lst(h, &[i(1)])]).unwrap()
            }),
            ("MyDict({'b': 2})", |h, e| {
                h.call(&e.my_dict, &[h.dict(&[(s("b"), i(2))]).unwrap()])
                    .unwrap()
            }),
            ("o", |_, e| e.o.clone()),
        ]
    }

    /// `_S(x)`: a set or frozenset as its sorted members, anything else its repr.
    fn show(h: &Heap, v: &Value) -> String {
        let is_set = [Builtin::Set, Builtin::FrozenSet]
            .iter()
            .any(|b| h.isinstance(v, &h.builtin(*b)).unwrap_or(false));
        if is_set {
            let mut items = h.iter(v).expect("members");
            items.sort_by_key(|x| x.as_int());
            return format!("{}{}", h.type_name(v), repr_or(h, &lst(h, &items)));
        }
        repr_or(h, v)
    }

    /// `_T(lambda: …)`.
    fn t(h: &Heap, r: Result<Value>) -> Value {
        match r {
            Ok(v) => show(h, &v).into(),
            Err(e) => e.to_string().into(),
        }
    }

    /// `_IP(op, a, b)`.
    fn ip(h: &Heap, a: &Value, b: &Value, op: BinaryOp) -> Value {
        match h.inplace_op(a, b, op) {
            Ok(r) => {
                let mutable = [Builtin::List, Builtin::Set, Builtin::Dict]
                    .iter()
                    .any(|b| h.isinstance(a, &h.builtin(*b)).unwrap_or(false));
                let same = if !mutable {
                    "None"
                } else if r.is(a) {
                    "True"
                } else {
                    "False"
                };
                format!("{} {} {same}", show(h, &r), show(h, a)).into()
            }
            Err(e) => format!("{e} {}", show(h, a)).into(),
        }
    }

    fn leak(s: String) -> &'static str {
        Box::leak(s.into_boxed_str())
    }

    /// A negative base to a fractional power is complex in CPython (lethe has no
    /// complex numbers: an explicit case in `ERRORS_KNOWN` shows it).
    /// So is `str % x`, printf-style formatting, which lethe leaves out.
    fn complex(op: BinaryOp, l: &str, r: &str) -> bool {
        op == BinaryOp::Pow && matches!(l, "-3" | "-2.0") && r == "2.5"
    }
    fn formatting(op: BinaryOp, l: &str) -> bool {
        op == BinaryOp::Mod && matches!(l, "'ab'" | "''" | "MyStr('x')")
    }

    fn table() -> Vec<Case> {
        let mut out: Vec<Case> = Vec::new();
        for (op, name) in OPS {
            for (lpy, lmk) in operands() {
                if formatting(op, lpy) {
                    continue;
                }
                let rights: Vec<(&str, Mk)> = operands()
                    .into_iter()
                    .filter(|(r, _)| !complex(op, lpy, r))
                    .collect();
                let texts: Vec<String> = rights
                    .iter()
                    .map(|(r, _)| format!("_T(lambda: ({lpy}) {} ({r}))", op.symbol()))
                    .collect();
                let py = leak(format!("({},)", texts.join(", ")));
                let rs = rights.clone();
                out.push((
                    py,
                    Box::new(move |h: &Heap, e: &E| {
                        let vals: Vec<Value> = rs
                            .iter()
                            .map(|(_, rmk)| t(h, h.binary_op(&lmk(h, e), &rmk(h, e), op)))
                            .collect();
                        h.tuple(&vals).show(h)
                    }),
                ));
                let texts: Vec<String> = rights
                    .iter()
                    .map(|(r, _)| format!("_IP('i{}', {lpy}, {r})", name.trim_end_matches('_')))
                    .collect();
                let py = leak(format!("({},)", texts.join(", ")));
                out.push((
                    py,
                    Box::new(move |h: &Heap, e: &E| {
                        let vals: Vec<Value> = rights
                            .iter()
                            .map(|(_, rmk)| ip(h, &lmk(h, e), &rmk(h, e), op))
                            .collect();
                        h.tuple(&vals).show(h)
                    }),
                ));
            }
        }
        for (py, mk) in operands() {
            let text = leak(format!(
                "(_T(lambda: -({py})), _T(lambda: +({py})), _T(lambda: ~({py})), _T(lambda: abs({py})))"
            ));
            out.push((
                text,
                Box::new(move |h: &Heap, e: &E| {
                    let vals: Vec<Value> =
                        [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Invert, UnaryOp::Abs]
                            .into_iter()
                            .map(|op| t(h, h.unary_op(&mk(h, e), op)))
                            .collect();
                    h.tuple(&vals).show(h)
                }),
            ));
        }
        out
    }

    /// PRELUDE's operator classes.
    struct U {
        ar: Value,
        br: Value,
        cr: Value,
        ni: Value,
        ro: Value,
        un: Value,
        my_int2: Value,
        my_list2: Value,
    }

    fn text(x: &'static str) -> impl Fn(&Heap, &lethe::Args<'_>) -> Result<Value> {
        move |_, _| Ok(x.into())
    }

    fn u(h: &Heap) -> U {
        let ar = h
            .class("Ar")
            .method("__add__", text("Ar.add"))
            .method("__radd__", text("Ar.radd"))
            .method("__iadd__", text("Ar.iadd"))
            .method("__sub__", text("Ar.sub"))
            .build()
            .unwrap();
        let br = h
            .class("Br")
            .base(&ar)
            .method("__radd__", text("Br.radd"))
            .build()
            .unwrap();
        let cr = h.class("Cr").base(&ar).build().unwrap();
        let ni_f = |h: &Heap, _: &lethe::Args<'_>| Ok(h.not_implemented());
        let ni = h
            .class("Ni")
            .method("__add__", ni_f)
            .method("__radd__", ni_f)
            .method("__iadd__", ni_f)
            .method("__mul__", ni_f)
            .build()
            .unwrap();
        let ro = h
            .class("Ro")
            .method("__radd__", |h, a| {
                h.tuple(&["Ro.radd".into(), a.get(1)?.clone()])
            })
            .method("__rmul__", text("Ro.rmul"))
            .method("__rsub__", ni_f)
            .method("__rmatmul__", text("Ro.rmatmul"))
            .method("__ror__", text("Ro.ror"))
            .build()
            .unwrap();
        let un = h
            .class("Un")
            .method("__neg__", text("neg"))
            .method("__pos__", text("pos"))
            .method("__invert__", text("inv"))
            .method("__abs__", text("abs"))
            .method("__matmul__", text("Un.matmul"))
            .build()
            .unwrap();
        let my_int2 = h
            .class("MyInt2")
            .base(&h.builtin(Builtin::Int))
            .method("__radd__", text("MyInt2.radd"))
            .build()
            .unwrap();
        let my_list2 = h
            .class("MyList2")
            .base(&h.builtin(Builtin::List))
            .method("__radd__", text("MyList2.radd"))
            .build()
            .unwrap();
        U {
            ar,
            br,
            cr,
            ni,
            ro,
            un,
            my_int2,
            my_list2,
        }
    }

    fn new(h: &Heap, c: &Value) -> Value {
        h.call(c, &[]).unwrap()
    }

    /// PRELUDE's comparison classes.
    struct Cmp {
        dn: Value,
        dn_sub: Value,
        lt: Value,
        lt_sub: Value,
        ni_int: Value,
    }

    fn cmp(h: &Heap) -> Cmp {
        let ni_f = |h: &Heap, _: &lethe::Args<'_>| Ok(h.not_implemented());
        let dn = h
            .class("Dn")
            .method("__eq__", ni_f)
            .method("__lt__", ni_f)
            .build()
            .unwrap();
        let dn_sub = h
            .class("DnSub")
            .base(&dn)
            .method("__eq__", text("y"))
            .method("__gt__", text("y"))
            .build()
            .unwrap();
        let lt = h
            .class("Lt")
            .method("__lt__", text(""))
            .method("__gt__", text(""))
            .method("__eq__", text(""))
            .build()
            .unwrap();
        let lt_sub = h
            .class("LtSub")
            .base(&lt)
            .method("__gt__", text("y"))
            .method("__eq__", text("y"))
            .build()
            .unwrap();
        let ni_int = h
            .class("NiInt")
            .base(&h.builtin(Builtin::Int))
            .method("__eq__", ni_f)
            .method("__lt__", ni_f)
            .build()
            .unwrap();
        Cmp {
            dn,
            dn_sub,
            lt,
            lt_sub,
            ni_int,
        }
    }
    fn bop(h: &Heap, a: &Value, b: &Value, op: BinaryOp) -> Result<Value> {
        h.binary_op(a, b, op)
    }
    fn add(h: &Heap, a: &Value, b: &Value) -> Result<Value> {
        h.binary_op(a, b, BinaryOp::Add)
    }
    fn iadd(h: &Heap, a: &Value, b: &Value) -> Result<Value> {
        h.inplace_op(a, b, BinaryOp::Add)
    }
    /// A tuple of results, or the first error.
    fn tt(h: &Heap, items: Vec<Result<Value>>) -> Result<Value> {
        let items: Vec<Value> = items.into_iter().collect::<Result<_>>()?;
        h.tuple(&items)
    }
    fn tup(h: &Heap, items: &[Value]) -> Value {
        h.tuple(items).unwrap()
    }
    fn proxy(h: &Heap, v: &Value) -> Value {
        h.proxy(v, None).unwrap()
    }
    fn huge() -> Value {
        i(1 << 62)
    }

    fn explicit() -> Vec<Case> {
        use BinaryOp as Op;
        cases! {
            // ---- NotImplemented ------------------------------------------------------
            "NotImplemented" => |h, e| Ok::<Value, Error>(h.not_implemented());
            "type(NotImplemented)" => |h, e| h.type_of(&h.not_implemented());
            "type(NotImplemented)() is NotImplemented" => |h, e| h.call(&h.builtin(Builtin::NotImplementedType), &[]).map(|v| v.is(&h.not_implemented()));
            "type(NotImplemented)(1)" => |h, e| h.call(&h.builtin(Builtin::NotImplementedType), &[i(1)]);
            "class X(type(NotImplemented)): pass" => |h, e| h.class("X").base(&h.builtin(Builtin::NotImplementedType)).build();
            "weakref.ref(NotImplemented)" => |h, e| h.weakref(&h.not_implemented(), None);
            "bool(NotImplemented)" => |h, e| h.truthy(&h.not_implemented());
            "NotImplemented == NotImplemented" => |h, e| h.eq(&h.not_implemented(), &h.not_implemented());
            "NotImplemented.x = 1" => |h, e| h.setattr(&h.not_implemented(), "x", &i(1));
            "repr(type(NotImplemented))" => |h, e| h.repr(&h.builtin(Builtin::NotImplementedType));
            "isinstance(NotImplemented, object)" => |h, e| h.isinstance(&h.not_implemented(), &h.builtin(Builtin::Object));
            "NotImplemented + 1" => |h, e| add(h, &h.not_implemented(), &i(1));
            // ---- user classes ----------------------------------------------------------
            "Ar() + 1" => |h, e| { let u = u(h); add(h, &new(h, &u.ar), &i(1)) };
            "1 + Ar()" => |h, e| { let u = u(h); add(h, &i(1), &new(h, &u.ar)) };
            "Ar() + Ar()" => |h, e| { let u = u(h); add(h, &new(h, &u.ar), &new(h, &u.ar)) };
            "Ar() + Br()  # a subclass overriding __radd__ first" => |h, e| { let u = u(h); add(h, &new(h, &u.ar), &new(h, &u.br)) };
            "Br() + Ar()" => |h, e| { let u = u(h); add(h, &new(h, &u.br), &new(h, &u.ar)) };
            "Ar() + Cr()  # a subclass not overriding it: the left first" => |h, e| { let u = u(h); add(h, &new(h, &u.ar), &new(h, &u.cr)) };
            "Ar() - Br()" => |h, e| { let u = u(h); bop(h, &new(h, &u.ar), &new(h, &u.br), Op::Sub) };
            "1 - Ar()" => |h, e| { let u = u(h); bop(h, &i(1), &new(h, &u.ar), Op::Sub) };
            "Ar() * 2" => |h, e| { let u = u(h); bop(h, &new(h, &u.ar), &i(2), Op::Mul) };
            "Ni() + 1" => |h, e| { let u = u(h); add(h, &new(h, &u.ni), &i(1)) };
            "1 + Ni()" => |h, e| { let u = u(h); add(h, &i(1), &new(h, &u.ni)) };
            "Ni() + Ni()" => |h, e| { let u = u(h); add(h, &new(h, &u.ni), &new(h, &u.ni)) };
            "Ni() + Ar()" => |h, e| { let u = u(h); add(h, &new(h, &u.ni), &new(h, &u.ar)) };
            "Ar() + Ni()" => |h, e| { let u = u(h); add(h, &new(h, &u.ar), &new(h, &u.ni)) };
            "[1] + Ni()" => |h, e| { let u = u(h); add(h, &lst(h, &[i(1)]), &new(h, &u.ni)) };
            "'a' * Ni()" => |h, e| { let u = u(h); bop(h, &s("a"), &new(h, &u.ni), Op::Mul) };
            "Ni() * 'a'" => |h, e| { let u = u(h); bop(h, &new(h, &u.ni), &s("a"), Op::Mul) };
            "[1] + Ro()" => |h, e| { let u = u(h); add(h, &lst(h, &[i(1)]), &new(h, &u.ro)) };
            "'a' * Ro()" => |h, e| { let u = u(h); bop(h, &s("a"), &new(h, &u.ro), Op::Mul) };
            "1 - Ro()" => |h, e| { let u = u(h); bop(h, &i(1), &new(h, &u.ro), Op::Sub) };
            "1 @ Ro()" => |h, e| { let u = u(h); bop(h, &i(1), &new(h, &u.ro), Op::MatMul) };
            "{1} | Ro()" => |h, e| { let u = u(h); bop(h, &h.set(&[i(1)]).unwrap(), &new(h, &u.ro), Op::Or) };
            "Ro() + 1" => |h, e| { let u = u(h); add(h, &new(h, &u.ro), &i(1)) };
            "Un() @ 1" => |h, e| { let u = u(h); bop(h, &new(h, &u.un), &i(1), Op::MatMul) };
            "Un() @ Ro()" => |h, e| { let u = u(h); bop(h, &new(h, &u.un), &new(h, &u.ro), Op::MatMul) };
            "(-Un(), +Un(), ~Un(), abs(Un()))" => |h, e| { let u = u(h); let x = new(h, &u.un); tt(h, vec![h.unary_op(&x, UnaryOp::Neg), h.unary_op(&x, UnaryOp::Pos), h.unary_op(&x, UnaryOp::Invert), h.unary_op(&x, UnaryOp::Abs)] ) };
            "-Ar()" => |h, e| { let u = u(h); h.unary_op(&new(h, &u.ar), UnaryOp::Neg) };
            "abs(Ar())" => |h, e| { let u = u(h); h.unary_op(&new(h, &u.ar), UnaryOp::Abs) };
            "x = Ar() ;; x += 1 ;; x" => |h, e| { let u = u(h); iadd(h, &new(h, &u.ar), &i(1)) };
            "x = Br() ;; x += Ar() ;; x" => |h, e| { let u = u(h); iadd(h, &new(h, &u.br), &new(h, &u.ar)) };
            "x = 5 ;; x += Ar() ;; x" => |h, e| { let u = u(h); iadd(h, &i(5), &new(h, &u.ar)) };
            "x = Ar() ;; x -= 1 ;; x" => |h, e| { let u = u(h); h.inplace_op(&new(h, &u.ar), &i(1), Op::Sub) };
            "x = Ni() ;; x += 1" => |h, e| { let u = u(h); iadd(h, &new(h, &u.ni), &i(1)) };
            "x = Ni() ;; x += Ar() ;; x" => |h, e| { let u = u(h); iadd(h, &new(h, &u.ni), &new(h, &u.ar)) };
            "x = [1] ;; y = x ;; x += Ro() ;; (x, y)  # the number methods before the list's" => |h, e| { let u = u(h); let y = lst(h, &[i(1)]); iadd(h, &y, &new(h, &u.ro)).map(|x| tup(h, &[x, y])) };
            "x = [1] ;; x *= Ro() ;; x" => |h, e| { let u = u(h); h.inplace_op(&lst(h, &[i(1)]), &new(h, &u.ro), Op::Mul) };
            "x = [1] ;; x *= Ni()" => |h, e| { let u = u(h); h.inplace_op(&lst(h, &[i(1)]), &new(h, &u.ni), Op::Mul) };
            "x = Ni() ;; x *= [1]" => |h, e| { let u = u(h); h.inplace_op(&new(h, &u.ni), &lst(h, &[i(1)]), Op::Mul) };
            "x = Ar() ;; x *= [1]" => |h, e| { let u = u(h); h.inplace_op(&new(h, &u.ar), &lst(h, &[i(1)]), Op::Mul) };
            "x = 3 ;; x *= [1] ;; x" => |h, e| h.inplace_op(&i(3), &lst(h, &[i(1)]), Op::Mul);
            "x = None ;; x *= [1] ;; x" => |h, e| h.inplace_op(&Value::None, &lst(h, &[i(1)]), Op::Mul);
            "x = 1.5 ;; x *= 'a'" => |h, e| h.inplace_op(&f64v(1.5), &s("a"), Op::Mul);
            // ---- subclasses of builtin types ------------------------------------------
            "1 + MyInt2(2)  # a subclass of int overriding __radd__" => |h, e| { let u = u(h); add(h, &i(1), &h.call(&u.my_int2, &[i(2)]).unwrap()) };
            "MyInt2(2) + 1" => |h, e| { let u = u(h); add(h, &h.call(&u.my_int2, &[i(2)]).unwrap(), &i(1)) };
            "MyInt2(2) + MyInt2(3)" => |h, e| { let u = u(h); add(h, &h.call(&u.my_int2, &[i(2)]).unwrap(), &h.call(&u.my_int2, &[i(3)]).unwrap()) };
            "True + MyInt2(3)" => |h, e| { let u = u(h); add(h, &true.into(), &h.call(&u.my_int2, &[i(3)]).unwrap()) };
            "2.5 + MyInt2(3)" => |h, e| { let u = u(h); add(h, &f64v(2.5), &h.call(&u.my_int2, &[i(3)]).unwrap()) };
            "mi + MyInt2(3)" => |h, e| { let u = u(h); add(h, &e.mi, &h.call(&u.my_int2, &[i(3)]).unwrap()) };
            "MyInt2(2) - 1" => |h, e| { let u = u(h); bop(h, &h.call(&u.my_int2, &[i(2)]).unwrap(), &i(1), Op::Sub) };
            "[1] + MyList2([2])" => |h, e| { let u = u(h); add(h, &lst(h, &[i(1)]), &h.call(&u.my_list2, &[lst(h, &[i(2)])]).unwrap()) };
            "MyList2([2]) + 1" => |h, e| { let u = u(h); add(h, &h.call(&u.my_list2, &[lst(h, &[i(2)])]).unwrap(), &i(1)) };
            "1 + MyList2([2])" => |h, e| { let u = u(h); add(h, &i(1), &h.call(&u.my_list2, &[lst(h, &[i(2)])]).unwrap()) };
            "type(mi + 1)" => |h, e| add(h, &e.mi, &i(1)).and_then(|v| h.type_of(&v));
            "type(-mi)" => |h, e| h.unary_op(&e.mi, UnaryOp::Neg).and_then(|v| h.type_of(&v));
            "type(MyStr('a') + 'b')" => |h, e| add(h, &h.call(&e.my_str, &[s("a")]).unwrap(), &s("b")).and_then(|v| h.type_of(&v));
            "type(MyList([1]) + [2])" => |h, e| add(h, &h.call(&e.my_list, &[lst(h, &[i(1)])]).unwrap(), &lst(h, &[i(2)])).and_then(|v| h.type_of(&v));
            "type(MyTuple([1]) * 2)" => |h, e| bop(h, &h.call(&e.my_tuple, &[lst(h, &[i(1)])]).unwrap(), &i(2), Op::Mul).and_then(|v| h.type_of(&v));
            "type(MySet([1]) | {2})" => |h, e| bop(h, &h.call(&e.my_set, &[lst(h, &[i(1)])]).unwrap(), &h.set(&[i(2)]).unwrap(), Op::Or).and_then(|v| h.type_of(&v));
            "type(frozenset() | {2})" => |h, e| bop(h, &h.frozenset(&[]).unwrap(), &h.set(&[i(2)]).unwrap(), Op::Or).and_then(|v| h.type_of(&v));
            "type({2} - frozenset())" => |h, e| bop(h, &h.set(&[i(2)]).unwrap(), &h.frozenset(&[]).unwrap(), Op::Sub).and_then(|v| h.type_of(&v));
            "type(MyDict(a=1) | {})" => |h, e| bop(h, &h.call_kw(&e.my_dict, &[], &[("a", i(1))]).unwrap(), &h.dict(&[]).unwrap(), Op::Or).and_then(|v| h.type_of(&v));
            "x = ml ;; x += [1] ;; (x is ml, ml)" => |h, e| iadd(h, &e.ml, &lst(h, &[i(1)])).map(|x| tup(h, &[x.is(&e.ml).into(), e.ml.clone()]));
            "x = OwnAppend() ;; y = x ;; x += [1] ;; (x is y, x)" => |h, e| { let y = own_append(h); iadd(h, &y, &lst(h, &[i(1)])).map(|x| tup(h, &[x.is(&y).into(), x])) };
            "x = mset ;; x |= {5} ;; (x is mset, mset)" => |h, e| h.inplace_op(&e.mset, &h.set(&[i(5)]).unwrap(), Op::Or).map(|x| tup(h, &[x.is(&e.mset).into(), e.mset.clone()]));
            "x = [1, 2] ;; x *= 0 ;; x" => |h, e| h.inplace_op(&lst(h, &[i(1), i(2)]), &i(0), Op::Mul);
            "x = [1, 2] ;; x *= -1 ;; x" => |h, e| h.inplace_op(&lst(h, &[i(1), i(2)]), &i(-1), Op::Mul);
            "x = [1, 2] ;; x += 'ab' ;; x" => |h, e| iadd(h, &lst(h, &[i(1), i(2)]), &s("ab"));
            "x = [1, 2] ;; x += {'k': 1} ;; x" => |h, e| iadd(h, &lst(h, &[i(1), i(2)]), &h.dict(&[(s("k"), i(1))]).unwrap());
            "x = [1, 2] ;; x += x ;; x" => |h, e| { let x = lst(h, &[i(1), i(2)]); iadd(h, &x, &x) };
            "x = [1, 2] ;; x *= True ;; x" => |h, e| h.inplace_op(&lst(h, &[i(1), i(2)]), &true.into(), Op::Mul);
            "x = {1, 2} ;; x &= {2, 3} ;; x" => |h, e| h.inplace_op(&h.set(&[i(1), i(2)]).unwrap(), &h.set(&[i(2), i(3)]).unwrap(), Op::And);
            "x = {1, 2} ;; x ^= x ;; x" => |h, e| { let x = h.set(&[i(1), i(2)]).unwrap(); h.inplace_op(&x, &x, Op::Xor) };
            "x = {1, 2} ;; x -= x ;; x" => |h, e| { let x = h.set(&[i(1), i(2)]).unwrap(); h.inplace_op(&x, &x, Op::Sub) };
            "x = {'a': 1} ;; x |= [('b', 2)] ;; x" => |h, e| h.inplace_op(&h.dict(&[(s("a"), i(1))]).unwrap(), &lst(h, &[tup(h, &[s("b"), i(2)])]), Op::Or);
            "x = {'a': 1} ;; x |= [1]" => |h, e| h.inplace_op(&h.dict(&[(s("a"), i(1))]).unwrap(), &lst(h, &[i(1)]), Op::Or);
            "x = {'a': 1} ;; x |= {'a': 2, 'c': 3} ;; x" => |h, e| h.inplace_op(&h.dict(&[(s("a"), i(1))]).unwrap(), &h.dict(&[(s("a"), i(2)), (s("c"), i(3))]).unwrap(), Op::Or);
            "{'a': 1} | {'a': 2, 'c': 3}" => |h, e| bop(h, &h.dict(&[(s("a"), i(1))]).unwrap(), &h.dict(&[(s("a"), i(2)), (s("c"), i(3))]).unwrap(), Op::Or);
            "{'a': 1} | md" => |h, e| bop(h, &h.dict(&[(s("a"), i(1))]).unwrap(), &e.md, Op::Or);
            "[1, 2] * 3" => |h, e| bop(h, &lst(h, &[i(1), i(2)]), &i(3), Op::Mul);
            "3 * (1, 2)" => |h, e| bop(h, &i(3), &tup(h, &[i(1), i(2)]), Op::Mul);
            "'ab' * -1" => |h, e| bop(h, &s("ab"), &i(-1), Op::Mul);
            "[1] * 1.0" => |h, e| bop(h, &lst(h, &[i(1)]), &f64v(1.0), Op::Mul);
            "(1,) + [2]" => |h, e| add(h, &tup(h, &[i(1)]), &lst(h, &[i(2)]));
            "'a' + 1" => |h, e| add(h, &s("a"), &i(1));
            "[1] * (2**62)" => |h, e| bop(h, &lst(h, &[i(1)]), &huge(), Op::Mul);
            "'ab' * (2**62)" => |h, e| bop(h, &s("ab"), &huge(), Op::Mul);
            "'a' * (2**62)" => |h, e| bop(h, &s("a"), &huge(), Op::Mul);
            // ---- numbers: rounding, signs, zero, limits ------------------------------------
            "(7 // -2, -7 // 2, 7 % -2, -7 % 2, -7 % -2, 7 // 2)" => |h, e| tt(h, vec![bop(h, &i(7), &i(-2), Op::FloorDiv), bop(h, &i(-7), &i(2), Op::FloorDiv), bop(h, &i(7), &i(-2), Op::Mod), bop(h, &i(-7), &i(2), Op::Mod), bop(h, &i(-7), &i(-2), Op::Mod), bop(h, &i(7), &i(2), Op::FloorDiv)] );
            "(7.5 // 2, -7.5 // 2, 7.5 % -2, -7.5 % 2, -0.0 % 5, 0.0 % -5, -1e-300 % 1.0, 1.0 // 0.1)" => |h, e| tt(h, vec![bop(h, &f64v(7.5), &i(2), Op::FloorDiv), bop(h, &f64v(-7.5), &i(2), Op::FloorDiv), bop(h, &f64v(7.5), &i(-2), Op::Mod), bop(h, &f64v(-7.5), &i(2), Op::Mod), bop(h, &f64v(-0.0), &i(5), Op::Mod), bop(h, &f64v(0.0), &i(-5), Op::Mod), bop(h, &f64v(-1e-300), &f64v(1.0), Op::Mod), bop(h, &f64v(1.0), &f64v(0.1), Op::FloorDiv)] );
            "(-0.0 // 1, 0.0 // -1, -1 // 2.0, 1e308 * 10, -1e308 * 10, 1e308 + 1e308 - 1e308)" => |h, e| tt(h, vec![bop(h, &f64v(-0.0), &i(1), Op::FloorDiv), bop(h, &f64v(0.0), &i(-1), Op::FloorDiv), bop(h, &i(-1), &f64v(2.0), Op::FloorDiv), bop(h, &f64v(1e308), &i(10), Op::Mul), bop(h, &f64v(-1e308), &i(10), Op::Mul), bop(h, &f64v(1e308), &f64v(1e308), Op::Add).and_then(|x| bop(h, &x, &f64v(1e308), Op::Sub))] );
            "(1 / 3, 2 / -4, 9007199254740993 / 1, 9007199254740993 / 3, -9223372036854775807 / 10, 4611686018427387905 / 7, 123456789012345678 / 1000000007)" => |h, e| tt(h, vec![bop(h, &i(1), &i(3), Op::TrueDiv), bop(h, &i(2), &i(-4), Op::TrueDiv), bop(h, &i(9007199254740993), &i(1), Op::TrueDiv), bop(h, &i(9007199254740993), &i(3), Op::TrueDiv), bop(h, &i(-9223372036854775807), &i(10), Op::TrueDiv), bop(h, &i(4611686018427387905), &i(7), Op::TrueDiv), bop(h, &i(123456789012345678), &i(1000000007), Op::TrueDiv)] );
            "(1 / 9223372036854775807, 9223372036854775807 / 3, (-9223372036854775807 - 1) / -1, 3 / 9007199254740995)" => |h, e| tt(h, vec![bop(h, &i(1), &i(i64::MAX), Op::TrueDiv), bop(h, &i(i64::MAX), &i(3), Op::TrueDiv), bop(h, &i(i64::MIN), &i(-1), Op::TrueDiv), bop(h, &i(3), &i(9007199254740995), Op::TrueDiv)] );
            "(2 ** -1, (-2) ** -3, 2 ** 62, (-2) ** 63, 0 ** 0, 1 ** 9223372036854775807, (-1) ** 9223372036854775807, 0 ** 9223372036854775807)" => |h, e| tt(h, vec![bop(h, &i(2), &i(-1), Op::Pow), bop(h, &i(-2), &i(-3), Op::Pow), bop(h, &i(2), &i(62), Op::Pow), bop(h, &i(-2), &i(63), Op::Pow), bop(h, &i(0), &i(0), Op::Pow), bop(h, &i(1), &i(i64::MAX), Op::Pow), bop(h, &i(-1), &i(i64::MAX), Op::Pow), bop(h, &i(0), &i(i64::MAX), Op::Pow)] );
            "(2.0 ** 0.5, (-2.0) ** 3, (-8.0) ** -1.0, 0.0 ** 0.0, 1.0 ** 1e308, 2.0 ** -1080, 10 ** -2, (-0.0) ** 3, (-0.0) ** 2)" => |h, e| tt(h, vec![bop(h, &f64v(2.0), &f64v(0.5), Op::Pow), bop(h, &f64v(-2.0), &i(3), Op::Pow), bop(h, &f64v(-8.0), &f64v(-1.0), Op::Pow), bop(h, &f64v(0.0), &f64v(0.0), Op::Pow), bop(h, &f64v(1.0), &f64v(1e308), Op::Pow), bop(h, &f64v(2.0), &i(-1080), Op::Pow), bop(h, &i(10), &i(-2), Op::Pow), bop(h, &f64v(-0.0), &i(3), Op::Pow), bop(h, &f64v(-0.0), &i(2), Op::Pow)] );
            "(1 << 62, -1 << 63, 5 >> 70, -5 >> 70, -5 >> 1, 0 << 100, True << 3, 7 >> True)" => |h, e| tt(h, vec![bop(h, &i(1), &i(62), Op::LShift), bop(h, &i(-1), &i(63), Op::LShift), bop(h, &i(5), &i(70), Op::RShift), bop(h, &i(-5), &i(70), Op::RShift), bop(h, &i(-5), &i(1), Op::RShift), bop(h, &i(0), &i(100), Op::LShift), bop(h, &true.into(), &i(3), Op::LShift), bop(h, &i(7), &true.into(), Op::RShift)] );
            "(True & True, True | False, True ^ True, True & 3, 6 & 3, -6 | 3, -6 ^ 3, ~True, ~False, -True, +False, abs(True))" => |h, e| tt(h, vec![bop(h, &true.into(), &true.into(), Op::And), bop(h, &true.into(), &false.into(), Op::Or), bop(h, &true.into(), &true.into(), Op::Xor), bop(h, &true.into(), &i(3), Op::And), bop(h, &i(6), &i(3), Op::And), bop(h, &i(-6), &i(3), Op::Or), bop(h, &i(-6), &i(3), Op::Xor), h.unary_op(&true.into(), UnaryOp::Invert), h.unary_op(&false.into(), UnaryOp::Invert), h.unary_op(&true.into(), UnaryOp::Neg), h.unary_op(&false.into(), UnaryOp::Pos), h.unary_op(&true.into(), UnaryOp::Abs)] );
            "1 << -1" => |h, e| bop(h, &i(1), &i(-1), Op::LShift);
            "1 >> -1" => |h, e| bop(h, &i(1), &i(-1), Op::RShift);
            "1 // 0" => |h, e| bop(h, &i(1), &i(0), Op::FloorDiv);
            "1 % 0" => |h, e| bop(h, &i(1), &i(0), Op::Mod);
            "1 / 0" => |h, e| bop(h, &i(1), &i(0), Op::TrueDiv);
            "1.0 / 0" => |h, e| bop(h, &f64v(1.0), &i(0), Op::TrueDiv);
            "1 / 0.0" => |h, e| bop(h, &i(1), &f64v(0.0), Op::TrueDiv);
            "1.0 // 0.0" => |h, e| bop(h, &f64v(1.0), &f64v(0.0), Op::FloorDiv);
            "1.0 % 0" => |h, e| bop(h, &f64v(1.0), &i(0), Op::Mod);
            "0 ** -1" => |h, e| bop(h, &i(0), &i(-1), Op::Pow);
            "0.0 ** -2.5" => |h, e| bop(h, &f64v(0.0), &f64v(-2.5), Op::Pow);
            "2.0 ** 10000" => |h, e| bop(h, &f64v(2.0), &i(10000), Op::Pow);
            "10 ** -400" => |h, e| bop(h, &i(10), &i(-400), Op::Pow);
            "(-10.0) ** 309" => |h, e| bop(h, &f64v(-10.0), &i(309), Op::Pow);
            "x = 2 ;; x **= 'a'" => |h, e| h.inplace_op(&i(2), &s("a"), Op::Pow);
            "2 ** 'a'" => |h, e| bop(h, &i(2), &s("a"), Op::Pow);
            "1 @ 1" => |h, e| bop(h, &i(1), &i(1), Op::MatMul);
            "x = 1 ;; x @= 1" => |h, e| h.inplace_op(&i(1), &i(1), Op::MatMul);
            "-(-9223372036854775807)" => |h, e| h.unary_op(&i(-i64::MAX), UnaryOp::Neg);
            "9223372036854775806 + 1" => |h, e| bop(h, &i(i64::MAX - 1), &i(1), Op::Add);
            "-9223372036854775807 - 1" => |h, e| bop(h, &i(-i64::MAX), &i(1), Op::Sub);
            // ---- beyond 64 bits (ERRORS_KNOWN) and what lethe leaves out ------------------
            "9223372036854775807 + 1" => |h, e| bop(h, &i(i64::MAX), &i(1), Op::Add);
            "4611686018427387904 * 2" => |h, e| bop(h, &huge(), &i(2), Op::Mul);
            "(-9223372036854775807 - 1) // -1" => |h, e| bop(h, &i(i64::MIN), &i(-1), Op::FloorDiv);
            "-(-9223372036854775807 - 1)" => |h, e| h.unary_op(&i(i64::MIN), UnaryOp::Neg);
            "abs(-9223372036854775807 - 1)" => |h, e| h.unary_op(&i(i64::MIN), UnaryOp::Abs);
            "1 << 63" => |h, e| bop(h, &i(1), &i(63), Op::LShift);
            "3 ** 40" => |h, e| bop(h, &i(3), &i(40), Op::Pow);
            "(-8) ** 0.5" => |h, e| bop(h, &i(-8), &f64v(0.5), Op::Pow);
            "'%s' % 1" => |h, e| bop(h, &s("%s"), &i(1), Op::Mod);
            // ---- proxies ------------------------------------------------------------
            "p + 1" => |h, e| add(h, &e.p, &i(1));
            "1 + p" => |h, e| add(h, &i(1), &e.p);
            "p + p" => |h, e| add(h, &e.p, &e.p);
            "dp + 1" => |h, e| add(h, &e.dp, &i(1));
            "1 + dp" => |h, e| add(h, &i(1), &e.dp);
            "dp + dp" => |h, e| add(h, &e.dp, &e.dp);
            "p + dp" => |h, e| add(h, &e.p, &e.dp);
            "-p" => |h, e| h.unary_op(&e.p, UnaryOp::Neg);
            "-dp" => |h, e| h.unary_op(&e.dp, UnaryOp::Neg);
            "abs(dp)" => |h, e| h.unary_op(&e.dp, UnaryOp::Abs);
            "~cp" => |h, e| h.unary_op(&e.cp, UnaryOp::Invert);
            "pml + [1]" => |h, e| add(h, &e.pml, &lst(h, &[i(1)]));
            "[1] + pml" => |h, e| add(h, &lst(h, &[i(1)]), &e.pml);
            "pml * 2" => |h, e| bop(h, &e.pml, &i(2), Op::Mul);
            "2 * pml" => |h, e| bop(h, &i(2), &e.pml, Op::Mul);
            "pml + pml" => |h, e| add(h, &e.pml, &e.pml);
            "pml + (1,)" => |h, e| add(h, &e.pml, &tup(h, &[i(1)]));
            "dpml + []" => |h, e| add(h, &e.dpml, &lst(h, &[]));
            "[] + dpml" => |h, e| add(h, &lst(h, &[]), &e.dpml);
            "pms | {5}" => |h, e| bop(h, &e.pms, &h.set(&[i(5)]).unwrap(), Op::Or);
            "{5} - pms" => |h, e| bop(h, &h.set(&[i(5)]).unwrap(), &e.pms, Op::Sub);
            "pmd | {'b': 2}" => |h, e| bop(h, &e.pmd, &h.dict(&[(s("b"), i(2))]).unwrap(), Op::Or);
            "{'b': 2} | pmd" => |h, e| bop(h, &h.dict(&[(s("b"), i(2))]).unwrap(), &e.pmd, Op::Or);
            "dpmd | {}" => |h, e| bop(h, &e.dpmd, &h.dict(&[]).unwrap(), Op::Or);
            "x = pml ;; x += [7] ;; (x is ml, type(x), ml)" => |h, e| iadd(h, &e.pml, &lst(h, &[i(7)])).map(|x| tup(h, &[x.is(&e.ml).into(), h.type_of(&x).unwrap(), e.ml.clone()]));
            "x = pml ;; x *= 2 ;; x is ml" => |h, e| h.inplace_op(&e.pml, &i(2), Op::Mul).map(|x| x.is(&e.ml));
            "x = [0] ;; x += pml ;; x" => |h, e| iadd(h, &lst(h, &[i(0)]), &e.pml);
            "x = [0] ;; y = x ;; x += pml ;; x is y" => |h, e| { let y = lst(h, &[i(0)]); iadd(h, &y, &e.pml).map(|x| x.is(&y)) };
            "x = pms ;; x |= {7} ;; (x is mset, mset)" => |h, e| h.inplace_op(&e.pms, &h.set(&[i(7)]).unwrap(), Op::Or).map(|x| tup(h, &[x.is(&e.mset).into(), e.mset.clone()]));
            "x = pmd ;; x |= {'z': 1} ;; (x is md, md)" => |h, e| h.inplace_op(&e.pmd, &h.dict(&[(s("z"), i(1))]).unwrap(), Op::Or).map(|x| tup(h, &[x.is(&e.md).into(), e.md.clone()]));
            "x = dp ;; x += 1" => |h, e| iadd(h, &e.dp, &i(1));
            "x = 1 ;; x += dp" => |h, e| iadd(h, &i(1), &e.dp);
            "x = p ;; x += 1" => |h, e| iadd(h, &e.p, &i(1));
            "x = Ar() ;; px = weakref.proxy(x) ;; px + 1" => |h, e| { let u = u(h); let x = new(h, &u.ar); add(h, &proxy(h, &x), &i(1)) };
            "x = Ar() ;; px = weakref.proxy(x) ;; 1 + px" => |h, e| { let u = u(h); let x = new(h, &u.ar); add(h, &i(1), &proxy(h, &x)) };
            "x = Ar() ;; px = weakref.proxy(x) ;; px - px" => |h, e| { let u = u(h); let x = new(h, &u.ar); let px = proxy(h, &x); bop(h, &px, &px, Op::Sub) };
            "x = Ar() ;; px = weakref.proxy(x) ;; Ni() + px" => |h, e| { let u = u(h); let x = new(h, &u.ar); add(h, &new(h, &u.ni), &proxy(h, &x)) };
            "x = Ar() ;; px = weakref.proxy(x) ;; px + Ni()" => |h, e| { let u = u(h); let x = new(h, &u.ar); add(h, &proxy(h, &x), &new(h, &u.ni)) };
            "x = Ar() ;; px = weakref.proxy(x) ;; Br() + px" => |h, e| { let u = u(h); let x = new(h, &u.ar); add(h, &new(h, &u.br), &proxy(h, &x)) };
            "x = Br() ;; px = weakref.proxy(x) ;; Ar() + px" => |h, e| { let u = u(h); let x = new(h, &u.br); add(h, &new(h, &u.ar), &proxy(h, &x)) };
            "x = Ar() ;; px = weakref.proxy(x) ;; px += 1 ;; px" => |h, e| { let u = u(h); let x = new(h, &u.ar); iadd(h, &proxy(h, &x), &i(1)) };
            "x = Ar() ;; px = weakref.proxy(x) ;; y = 1 ;; y += px ;; y" => |h, e| { let u = u(h); let x = new(h, &u.ar); iadd(h, &i(1), &proxy(h, &x)) };
            "x = Un() ;; px = weakref.proxy(x) ;; (-px, +px, ~px, abs(px), px @ 1)" => |h, e| { let u = u(h); let x = new(h, &u.un); let px = proxy(h, &x); tt(h, vec![h.unary_op(&px, UnaryOp::Neg), h.unary_op(&px, UnaryOp::Pos), h.unary_op(&px, UnaryOp::Invert), h.unary_op(&px, UnaryOp::Abs), bop(h, &px, &i(1), Op::MatMul)] ) };
            "x = Ro() ;; px = weakref.proxy(x) ;; [1] + px" => |h, e| { let u = u(h); let x = new(h, &u.ro); add(h, &lst(h, &[i(1)]), &proxy(h, &x)) };
            "x = Ro() ;; px = weakref.proxy(x) ;; 'a' * px" => |h, e| { let u = u(h); let x = new(h, &u.ro); bop(h, &s("a"), &proxy(h, &x), Op::Mul) };
            "x = IaddList([1]) ;; y = x ;; x += [2] ;; (x, x is y, type(x))" => |h, e| { let c = h.class("IaddList").base(&h.builtin(Builtin::List)).method("__iadd__", |h, _| Ok(h.not_implemented())).build().unwrap(); let y = h.call(&c, &[lst(h, &[i(1)])]).unwrap(); iadd(h, &y, &lst(h, &[i(2)])).and_then(|x| tt(h, vec![Ok(x.clone()), Ok(x.is(&y).into()), h.type_of(&x)])) };
            "(RmulList([1]) * 2, 2 * RmulList([1]), 'a' * RmulList([1]))" => |h, e| { let c = h.class("RmulList").base(&h.builtin(Builtin::List)).method("__rmul__", text("r")).build().unwrap(); let x = || h.call(&c, &[lst(h, &[i(1)])]).unwrap(); tt(h, vec![bop(h, &x(), &i(2), Op::Mul), bop(h, &i(2), &x(), Op::Mul), bop(h, &s("a"), &x(), Op::Mul)]) };
            "RmulList([1]) * 'a'" => |h, e| { let c = h.class("RmulList").base(&h.builtin(Builtin::List)).method("__rmul__", text("r")).build().unwrap(); bop(h, &h.call(&c, &[lst(h, &[i(1)])]).unwrap(), &s("a"), Op::Mul) };
            "x = RmulList([1]) ;; y = x ;; x *= 2 ;; (x, x is y, type(x))" => |h, e| { let c = h.class("RmulList").base(&h.builtin(Builtin::List)).method("__rmul__", text("r")).build().unwrap(); let y = h.call(&c, &[lst(h, &[i(1)])]).unwrap(); h.inplace_op(&y, &i(2), Op::Mul).and_then(|x| tt(h, vec![Ok(x.clone()), Ok(x.is(&y).into()), h.type_of(&x)])) };
            "AddStr('a') + 'b'" => |h, e| { let c = h.class("AddStr").base(&h.builtin(Builtin::Str)).method("__add__", |h, _| Ok(h.not_implemented())).build().unwrap(); add(h, &h.call(&c, &[s("a")]).unwrap(), &s("b")) };
            "'b' + AddStr('a')" => |h, e| { let c = h.class("AddStr").base(&h.builtin(Builtin::Str)).method("__add__", |h, _| Ok(h.not_implemented())).build().unwrap(); add(h, &s("b"), &h.call(&c, &[s("a")]).unwrap()) };
            "'é' * (2**62)" => |h, e| bop(h, &s("é"), &huge(), Op::Mul);
            // ---- comparisons honoring NotImplemented -------------------------------------
            "Dn() == Dn()" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.dn), &new(h, &c.dn)) };
            "x = Dn() ;; x == x" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.eq(&x, &x) };
            "Dn() != Dn()" => |h, e| { let c = cmp(h); h.ne(&new(h, &c.dn), &new(h, &c.dn)) };
            "x = Dn() ;; x != x" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.ne(&x, &x) };
            "Dn() == 1" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.dn), &i(1)) };
            "1 != Dn()" => |h, e| { let c = cmp(h); h.ne(&i(1), &new(h, &c.dn)) };
            "Dn() == o" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.dn), &e.o) };
            "Dn() < 1" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.dn), &i(1), CompareOp::Lt) };
            "1 > Dn()" => |h, e| { let c = cmp(h); h.compare(&i(1), &new(h, &c.dn), CompareOp::Gt) };
            "Dn() < Dn()" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.dn), &new(h, &c.dn), CompareOp::Lt) };
            "Dn() <= Dn()" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.dn), &new(h, &c.dn), CompareOp::Le) };
            "bool(Dn() == DnSub())  # the subclass's reflected method first" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.dn), &new(h, &c.dn_sub)) };
            "bool(DnSub() == Dn())" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.dn_sub), &new(h, &c.dn)) };
            "bool(Dn() != DnSub())" => |h, e| { let c = cmp(h); h.ne(&new(h, &c.dn), &new(h, &c.dn_sub)) };
            "bool(Dn() < DnSub())" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.dn), &new(h, &c.dn_sub), CompareOp::Lt) };
            "DnSub() < Dn()" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.dn_sub), &new(h, &c.dn), CompareOp::Lt) };
            "bool(Lt() < LtSub())" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.lt), &new(h, &c.lt_sub), CompareOp::Lt) };
            "bool(Lt() > LtSub())" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.lt), &new(h, &c.lt_sub), CompareOp::Gt) };
            "bool(LtSub() < Lt())" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.lt_sub), &new(h, &c.lt), CompareOp::Lt) };
            "bool(Lt() == LtSub())" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.lt), &new(h, &c.lt_sub)) };
            "bool(Lt() != LtSub())" => |h, e| { let c = cmp(h); h.ne(&new(h, &c.lt), &new(h, &c.lt_sub)) };
            "bool(LtSub() != Lt())" => |h, e| { let c = cmp(h); h.ne(&new(h, &c.lt_sub), &new(h, &c.lt)) };
            "bool(Lt() != Lt())" => |h, e| { let c = cmp(h); h.ne(&new(h, &c.lt), &new(h, &c.lt)) };
            "NiInt(1) == 1" => |h, e| { let c = cmp(h); h.eq(&h.call(&c.ni_int, &[i(1)]).unwrap(), &i(1)) };
            "1 == NiInt(1)" => |h, e| { let c = cmp(h); h.eq(&i(1), &h.call(&c.ni_int, &[i(1)]).unwrap()) };
            "NiInt(1) == NiInt(1)" => |h, e| { let c = cmp(h); h.eq(&h.call(&c.ni_int, &[i(1)]).unwrap(), &h.call(&c.ni_int, &[i(1)]).unwrap()) };
            "NiInt(1) != 1" => |h, e| { let c = cmp(h); h.ne(&h.call(&c.ni_int, &[i(1)]).unwrap(), &i(1)) };
            "NiInt(1) != NiInt(1)" => |h, e| { let c = cmp(h); h.ne(&h.call(&c.ni_int, &[i(1)]).unwrap(), &h.call(&c.ni_int, &[i(1)]).unwrap()) };
            "NiInt(1) < 2" => |h, e| { let c = cmp(h); h.compare(&h.call(&c.ni_int, &[i(1)]).unwrap(), &i(2), CompareOp::Lt) };
            "NiInt(1) < NiInt(2)" => |h, e| { let c = cmp(h); h.compare(&h.call(&c.ni_int, &[i(1)]).unwrap(), &h.call(&c.ni_int, &[i(2)]).unwrap(), CompareOp::Lt) };
            "x = Dn() ;; px = weakref.proxy(x) ;; x == px" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.eq(&x, &proxy(h, &x)) };
            "x = Dn() ;; px = weakref.proxy(x) ;; x != px" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.ne(&x, &proxy(h, &x)) };
            "x = Dn() ;; px = weakref.proxy(x) ;; Dn() == px" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.eq(&new(h, &c.dn), &proxy(h, &x)) };
            "x = Dn() ;; px = weakref.proxy(x) ;; x < px" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.compare(&x, &proxy(h, &x), CompareOp::Lt) };
            "x = Dn() ;; px = weakref.proxy(x) ;; px == x" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.eq(&proxy(h, &x), &x) };
            "Dn() == dp" => |h, e| { let c = cmp(h); h.eq(&new(h, &c.dn), &e.dp) };
            "Dn() != dp" => |h, e| { let c = cmp(h); h.ne(&new(h, &c.dn), &e.dp) };
            "Dn() < dp" => |h, e| { let c = cmp(h); h.compare(&new(h, &c.dn), &e.dp, CompareOp::Lt) };
            "[Dn()] == [Dn()]" => |h, e| { let c = cmp(h); h.eq(&lst(h, &[new(h, &c.dn)]), &lst(h, &[new(h, &c.dn)])) };
            "x = Dn() ;; [x] == [x]" => |h, e| { let c = cmp(h); let x = new(h, &c.dn); h.eq(&lst(h, &[x.clone()]), &lst(h, &[x])) };
            "Dn() in [1, Dn()]" => |h, e| { let c = cmp(h); h.contains(&lst(h, &[i(1), new(h, &c.dn)]), &new(h, &c.dn)) };
            "NiInt(1) != 'a'" => |h, e| { let c = cmp(h); h.ne(&h.call(&c.ni_int, &[i(1)]).unwrap(), &s("a")) };
            "x = NiInt(1) ;; x == x" => |h, e| { let c = cmp(h); let x = h.call(&c.ni_int, &[i(1)]).unwrap(); h.eq(&x, &x) };
            "ml != Dn()" => |h, e| { let c = cmp(h); h.ne(&e.ml, &new(h, &c.dn)) };
            "(EqList() == [1], EqList() != [1], [1] != EqList(), EqList([1]) != [1])" => |h, e| { let el = h.class("EqList").base(&h.builtin(Builtin::List)).method("__eq__", |_, _| Ok(true.into())).build().unwrap(); let x = || h.call(&el, &[]).unwrap(); let one = || lst(h, &[i(1)]); tt(h, vec![h.eq(&x(), &one()).map(Value::from), h.ne(&x(), &one()).map(Value::from), h.ne(&one(), &x()).map(Value::from), h.ne(&h.call(&el, &[one()]).unwrap(), &one()).map(Value::from)]) };
            "NiInt(1) in [1]" => |h, e| { let c = cmp(h); h.contains(&lst(h, &[i(1)]), &h.call(&c.ni_int, &[i(1)]).unwrap()) };
            // ---- the weak containers' Python-level operators ---------------------------
            "wvd | {'b': o}" => |h, e| bop(h, &e.wvd, &h.dict(&[(s("b"), e.o.clone())]).unwrap(), Op::Or);
            "len({'b': o} | wvd)" => |h, e| bop(h, &h.dict(&[(s("b"), e.o.clone())]).unwrap(), &e.wvd, Op::Or).and_then(|v| h.len(&v));
            "wvd | 1" => |h, e| bop(h, &e.wvd, &i(1), Op::Or);
            "wvd | dp  # through binary_op" => |h, e| bop(h, &e.wvd, &e.dp, Op::Or);
            "wvd.__ror__(1)" => |h, e| h.call_method(&e.wvd, "__ror__", &[i(1)]);
            "wvd.__or__(dp)" => |h, e| h.call_method(&e.wvd, "__or__", &[e.dp.clone()]);
            "len(wvd.__or__(pmd))" => |h, e| h.call_method(&e.wvd, "__or__", &[e.pmd.clone()]).and_then(|v| h.len(&v));
            "1 | wvd" => |h, e| bop(h, &i(1), &e.wvd, Op::Or);
            "x = ewvd ;; x |= wvd ;; (x is ewvd, len(ewvd))" => |h, e| h.inplace_op(&e.ewvd, &e.wvd, Op::Or).and_then(|x| Ok(tup(h, &[x.is(&e.ewvd).into(), i(h.len(&e.ewvd)? as i64)])));
            "len(ws | ews)" => |h, e| bop(h, &e.ws, &e.ews, Op::Or).and_then(|v| h.len(&v));
            "len(ws - ws)" => |h, e| bop(h, &e.ws, &e.ws, Op::Sub).and_then(|v| h.len(&v));
            "ws | 1" => |h, e| bop(h, &e.ws, &i(1), Op::Or);
            "{1} | ws" => |h, e| bop(h, &h.set(&[i(1)]).unwrap(), &e.ws, Op::Or);
            "x = ews ;; x |= ws ;; (x is ews, len(ews))" => |h, e| h.inplace_op(&e.ews, &e.ws, Op::Or).and_then(|x| Ok(tup(h, &[x.is(&e.ews).into(), i(h.len(&e.ews)? as i64)])));
            "dpw | {}  # through binary_op" => |h, e| bop(h, &e.dpw, &h.dict(&[]).unwrap(), Op::Or);
            "pwvd | {}" => |h, e| bop(h, &e.pwvd, &h.dict(&[]).unwrap(), Op::Or);
            "'ab' % 1.5" => |h, e| bop(h, &s("ab"), &f64v(1.5), Op::Mod);
            "1 % 'ab'" => |h, e| bop(h, &i(1), &s("ab"), Op::Mod);
        }
    }

    pub fn cases() -> Vec<Case> {
        let mut out = table();
        out.extend(explicit());
        out
    }
}

/// The iterator protocol (`iter`, `next`, `reversed`, the builtin iterators), the
/// user classes that take part in it (`__iter__`, `__next__`, `__reversed__`,
/// `__index__`) everywhere lethe iterates, and proxies forwarding them. Their
/// classes are PRELUDE's last (`ITER_PRELUDE`), made on the lethe side by [`itc`].
mod iters {
    use super::*;

    /// PRELUDE's iterator classes.
    pub const ITER_PRELUDE: &str = r#"
class It3:
    i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i > 3: raise StopIteration
        return self.i
class Iter3:
    def __iter__(self): return It3()
class IterNone:
    __iter__ = None
    def __getitem__(self, i): return i
class IterNI:
    def __iter__(self): return NotImplemented
class IterList:
    def __iter__(self): return [1, 2]
class IterBad:
    i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i > 2: raise ValueError('bad next')
        return self.i
class IterRaise:
    def __iter__(self): raise TypeError('from iter')
class NextOnly:
    def __next__(self): return 1
class NextNone:
    __next__ = None
    def __iter__(self): return self
class IterPairs:
    def __iter__(self): return iter([('a', 1), ('b', 2)])
class IterProxyF:
    def __iter__(self): return weakref.proxy(f)
class GetOnly:
    def __getitem__(self, i):
        if i >= 2: raise IndexError(i)
        return i
class StopGet:
    def __getitem__(self, i):
        if i >= 2: raise StopIteration
        return i
class Seq3:
    def __len__(self): return 3
    def __getitem__(self, i):
        if i >= 3: raise IndexError(i)
        return i * 10
class Rev:
    def __reversed__(self): return 'custom'
class RevNone:
    __reversed__ = None
    def __len__(self): return 2
    def __getitem__(self, i): return i
class Idx1:
    def __index__(self): return 1
class IdxStr:
    def __index__(self): return 'a'
class IdxRaise:
    def __index__(self): raise ValueError('idx')
class LenIdx:
    def __len__(self): return Idx1()
class HashIdx:
    def __hash__(self): return Idx1()
class IterList2(list):
    def __iter__(self): return iter([7])
class Contains3(It3):
    def __contains__(self, x): return x == 'c'
"#;

    /// The lethe side of [`ITER_PRELUDE`]'s classes.
    pub struct Itc {
        it3: Value,
        iter3: Value,
        iter_none: Value,
        iter_ni: Value,
        iter_list: Value,
        iter_bad: Value,
        iter_raise: Value,
        next_only: Value,
        next_none: Value,
        iter_pairs: Value,
        iter_proxy_f: Value,
        get_only: Value,
        stop_get: Value,
        seq3: Value,
        rev: Value,
        rev_none: Value,
        idx1: Value,
        idx_str: Value,
        idx_raise: Value,
        len_idx: Value,
        hash_idx: Value,
        iter_list2: Value,
        contains3: Value,
    }

    /// `self.i += 1`, returning the new `i`.
    fn bump(h: &Heap, me: &Value) -> Result<i64> {
        let i = h.getattr(me, "i")?.as_int().unwrap_or(0) + 1;
        h.setattr(me, "i", &i.into())?;
        Ok(i)
    }

    fn stop() -> Error {
        Error::StopIteration(String::new())
    }

    pub fn itc(h: &Heap, e: &E) -> Itc {
        let me = |_: &Heap, a: &lethe::Args<'_>| -> Result<Value> { Ok(a.get(0)?.clone()) };
        let it3 = h
            .class("It3")
            .attr("i", i(0))
            .method("__iter__", me)
            .method("__next__", |h, a| match bump(h, a.get(0)?)? {
                n if n > 3 => Err(stop()),
                n => Ok(i(n)),
            })
            .build()
            .unwrap();
        let it3c = it3.clone();
        let iter3 = h
            .class("Iter3")
            .method("__iter__", move |h, _| h.call(&it3c, &[]))
            .build()
            .unwrap();
        let iter_none = h
            .class("IterNone")
            .attr("__iter__", Value::None)
            .method("__getitem__", |_, a| Ok(a.get(1)?.clone()))
            .build()
            .unwrap();
        let iter_ni = h
            .class("IterNI")
            .method("__iter__", |h, _| Ok(h.not_implemented()))
            .build()
            .unwrap();
        let iter_list = h
            .class("IterList")
            .method("__iter__", |h, _| h.list(&[i(1), i(2)]))
            .build()
            .unwrap();
        let iter_bad = h
            .class("IterBad")
            .attr("i", i(0))
            .method("__iter__", me)
            .method("__next__", |h, a| match bump(h, a.get(0)?)? {
                n if n > 2 => Err(Error::ValueError("bad next".into())),
                n => Ok(i(n)),
            })
            .build()
            .unwrap();
        let iter_raise = h
            .class("IterRaise")
            .method("__iter__", |_, _| Err(Error::TypeError("from iter".into())))
            .build()
            .unwrap();
        let next_only = h
            .class("NextOnly")
            .method("__next__", |_, _| Ok(i(1)))
            .build()
            .unwrap();
        let next_none = h
            .class("NextNone")
            .attr("__next__", Value::None)
            .method("__iter__", me)
            .build()
            .unwrap();
        let iter_pairs = h
            .class("IterPairs")
            .method("__iter__", |h, _| {
                let pairs = [h.tuple(&[s("a"), i(1)])?, h.tuple(&[s("b"), i(2)])?];
                h.iterator(&h.list(&pairs)?)
            })
            .build()
            .unwrap();
        let f = e.f.clone();
        let iter_proxy_f = h
            .class("IterProxyF")
            .method("__iter__", move |h, _| h.proxy(&f, None))
            .build()
            .unwrap();
        let get_only = h
            .class("GetOnly")
            .method("__getitem__", |h, a| match a.get(1)?.as_int() {
                Some(n) if n >= 2 => Err(Error::IndexError(h.repr(&i(n))?)),
                _ => Ok(a.get(1)?.clone()),
            })
            .build()
            .unwrap();
        let stop_get = h
            .class("StopGet")
            .method("__getitem__", |_, a| match a.get(1)?.as_int() {
                Some(n) if n >= 2 => Err(stop()),
                _ => Ok(a.get(1)?.clone()),
            })
            .build()
            .unwrap();
        let seq3 = h
            .class("Seq3")
            .method("__len__", |_, _| Ok(i(3)))
            .method("__getitem__", |h, a| match a.get(1)?.as_int() {
                Some(n) if n >= 3 => Err(Error::IndexError(h.repr(&i(n))?)),
                Some(n) => Ok(i(n * 10)),
                None => Err(Error::TypeError("bad".into())),
            })
            .build()
            .unwrap();
        let rev = h
            .class("Rev")
            .method("__reversed__", |_, _| Ok(s("custom")))
            .build()
            .unwrap();
        let rev_none = h
            .class("RevNone")
            .attr("__reversed__", Value::None)
            .method("__len__", |_, _| Ok(i(2)))
            .method("__getitem__", |_, a| Ok(a.get(1)?.clone()))
            .build()
            .unwrap();
        let idx1 = h
            .class("Idx1")
            .method("__index__", |_, _| Ok(i(1)))
            .build()
            .unwrap();
        let idx_str = h
            .class("IdxStr")
            .method("__index__", |_, _| Ok(s("a")))
            .build()
            .unwrap();
        let idx_raise = h
            .class("IdxRaise")
            .method("__index__", |_, _| Err(Error::ValueError("idx".into())))
            .build()
            .unwrap();
        let idx1c = idx1.clone();
        let len_idx = h
            .class("LenIdx")
            .method("__len__", move |h, _| h.call(&idx1c, &[]))
            .build()
            .unwrap();
        let idx1c = idx1.clone();
        let hash_idx = h
            .class("HashIdx")
            .method("__hash__", move |h, _| h.call(&idx1c, &[]))
            .build()
            .unwrap();
        let iter_list2 = h
            .class("IterList2")
            .base(&h.builtin(Builtin::List))
            .method("__iter__", |h, _| h.iterator(&h.list(&[i(7)])?))
            .build()
            .unwrap();
        let contains3 = h
            .class("Contains3")
            .base(&it3)
            .method("__contains__", |_, a| {
                Ok((a.get(1)?.as_str() == Some("c")).into())
            })
            .build()
            .unwrap();
        Itc {
            it3,
            iter3,
            iter_none,
            iter_ni,
            iter_list,
            iter_bad,
            iter_raise,
            next_only,
            next_none,
            iter_pairs,
            iter_proxy_f,
            get_only,
            stop_get,
            seq3,
            rev,
            rev_none,
            idx1,
            idx_str,
            idx_raise,
            len_idx,
            hash_idx,
            iter_list2,
            contains3,
        }
    }

    /// `C()`.
    fn new(h: &Heap, c: &Value) -> Value {
        h.call(c, &[]).expect("instance")
    }
    /// `next(it)`: `StopIteration` once it is exhausted.
    fn nx(h: &Heap, it: &Value) -> Result<Value> {
        h.next(it)?.ok_or_else(stop)
    }
    /// `[next(it) for _ in range(n)]`.
    fn nxs(h: &Heap, it: &Value, n: usize) -> Result<Value> {
        let mut out = Vec::new();
        for _ in 0..n {
            out.push(nx(h, it)?);
        }
        h.list(&out)
    }
    /// `list(x)`.
    fn list_of(h: &Heap, x: &Value) -> Result<Value> {
        h.list(&h.iter(x)?)
    }
    fn it(h: &Heap, x: &Value) -> Value {
        h.iterator(x).expect("iter")
    }
    fn px(h: &Heap, x: &Value) -> Value {
        h.proxy(x, None).expect("proxy")
    }
    /// `_S(x)` of a set: `set[…]`, its members sorted.
    fn sset(h: &Heap, x: &Value) -> Value {
        let l = h.list(&h.iter(x).unwrap()).unwrap();
        h.call_method(&l, "sort", &[]).unwrap();
        s(&format!("set{}", h.repr(&l).unwrap()))
    }
    fn dab(h: &Heap) -> Value {
        h.dict(&[(s("a"), i(1)), (s("b"), i(2))]).unwrap()
    }
    /// `_T(f)`'s effect: runs `f`, ignoring its error.
    fn quiet<T>(r: Result<T>) {
        let _ = r;
    }

    pub fn cases() -> Vec<Case> {
        use Builtin as B;
        cases! {
            // ---- the builtin iterators: types, reprs, steps --------------------------
            "iter(l)" => |h, e| h.iterator(&e.l);
            "iter(t)" => |h, e| h.iterator(&e.t);
            "iter(st)" => |h, e| h.iterator(&e.st);
            "iter('é')" => |h, e| h.iterator(&s("é"));
            "iter(d)" => |h, e| h.iterator(&e.d);
            "iter(s)" => |h, e| h.iterator(&e.s);
            "iter(fs)" => |h, e| h.iterator(&e.fs);
            "iter(ml)" => |h, e| h.iterator(&e.ml);
            "iter(md)" => |h, e| h.iterator(&e.md);
            "iter(mset)" => |h, e| h.iterator(&e.mset);
            "iter(MyStr('a'))" => |h, e| h.iterator(&h.call(&e.my_str, &[s("a")]).unwrap());
            "iter(MyStr('é'))" => |h, e| h.iterator(&h.call(&e.my_str, &[s("é")]).unwrap());
            "iter(MyTuple())" => |h, e| h.iterator(&h.call(&e.my_tuple, &[]).unwrap());
            "iter(GetOnly())" => |h, e| { let c = itc(h, e); h.iterator(&new(h, &c.get_only)) };
            "reversed(l)" => |h, e| h.reversed(&e.l);
            "reversed(t)" => |h, e| h.reversed(&e.t);
            "reversed(st)" => |h, e| h.reversed(&e.st);
            "reversed(d)" => |h, e| h.reversed(&e.d);
            "reversed(ml)" => |h, e| h.reversed(&e.ml);
            "reversed(md)" => |h, e| h.reversed(&e.md);
            "reversed(Seq3())" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.seq3)) };
            "type(iter(l))" => |h, e| h.type_of(&it(h, &e.l));
            "type(iter(st))" => |h, e| h.type_of(&it(h, &e.st));
            "type(iter('é'))" => |h, e| h.type_of(&it(h, &s("é")));
            "type(iter(d))" => |h, e| h.type_of(&it(h, &e.d));
            "type(reversed(d))" => |h, e| h.reversed(&e.d).and_then(|r| h.type_of(&r));
            "type(reversed(t))" => |h, e| h.reversed(&e.t).and_then(|r| h.type_of(&r));
            "type(iter(GetOnly()))" => |h, e| { let c = itc(h, e); h.type_of(&it(h, &new(h, &c.get_only))) };
            "type(iter(l))()" => |h, e| h.call(&bi(h, B::ListIterator), &[]);
            "type(iter(GetOnly()))()" => |h, e| h.call(&bi(h, B::SeqIterator), &[]);
            "x = iter(l) ;; iter(x) is x" => |h, e| { let x = it(h, &e.l); h.iterator(&x).map(|y| y.is(&x)) };
            "x = iter(l) ;; [next(x), next(x), next(x)]" => |h, e| nxs(h, &it(h, &e.l), 3);
            "x = iter(l) ;; list(x) ;; next(x)" => |h, e| { let x = it(h, &e.l); h.iter(&x).unwrap(); nx(h, &x) };
            "x = iter(l) ;; next(x) ;; l.append(4) ;; list(x)" => |h, e| { let x = it(h, &e.l); nx(h, &x).unwrap(); h.list_append(&e.l, &i(4)).unwrap(); list_of(h, &x) };
            "x = iter(l) ;; list(x) ;; l.append(4) ;; list(x)" => |h, e| { let x = it(h, &e.l); h.iter(&x).unwrap(); h.list_append(&e.l, &i(4)).unwrap(); list_of(h, &x) };
            "x = iter(l) ;; l.clear() ;; list(x)" => |h, e| { let x = it(h, &e.l); h.call_method(&e.l, "clear", &[]).unwrap(); list_of(h, &x) };
            "x = iter(t) ;; [next(x), next(x), _T(lambda: next(x))]" => |h, e| { let x = it(h, &e.t); let a = nx(h, &x).unwrap(); let b = nx(h, &x).unwrap(); h.list(&[a, b, s(&nx(h, &x).unwrap_err().to_string())]) };
            "x = reversed(l) ;; next(x) ;; l.append(4) ;; list(x)" => |h, e| { let x = h.reversed(&e.l).unwrap(); nx(h, &x).unwrap(); h.list_append(&e.l, &i(4)).unwrap(); list_of(h, &x) };
            "x = reversed(l) ;; l.clear() ;; list(x)" => |h, e| { let x = h.reversed(&e.l).unwrap(); h.call_method(&e.l, "clear", &[]).unwrap(); list_of(h, &x) };
            "x = reversed(l) ;; list(x) ;; l.append(4) ;; list(x)" => |h, e| { let x = h.reversed(&e.l).unwrap(); h.iter(&x).unwrap(); h.list_append(&e.l, &i(4)).unwrap(); list_of(h, &x) };
            "list(reversed(t))" => |h, e| h.reversed(&e.t).and_then(|r| list_of(h, &r));
            "list(reversed('héllo'))" => |h, e| h.reversed(&s("héllo")).and_then(|r| list_of(h, &r));
            "list(reversed({'a': 1, 'b': 2}))" => |h, e| h.reversed(&dab(h)).and_then(|r| list_of(h, &r));
            "list(iter('héllo'))" => |h, e| list_of(h, &it(h, &s("héllo")));
            "x = iter(st) ;; [next(x), next(x), next(x), _T(lambda: next(x))]" => |h, e| { let x = it(h, &e.st); let mut v = Vec::new(); for _ in 0..3 { v.push(nx(h, &x).unwrap()); } v.push(s(&nx(h, &x).unwrap_err().to_string())); h.list(&v) };
            "list(iter(d))" => |h, e| list_of(h, &it(h, &e.d));
            "list(iter(s))" => |h, e| list_of(h, &it(h, &e.s));
            "x = iter(d) ;; d['b'] = 2 ;; next(x)" => |h, e| { let x = it(h, &e.d); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); nx(h, &x) };
            "x = iter(d) ;; d['b'] = 2 ;; _T(lambda: next(x)) ;; del d['b'] ;; next(x)" => |h, e| { let x = it(h, &e.d); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); quiet(h.next(&x)); h.delitem(&e.d, &s("b")).unwrap(); nx(h, &x) };
            "x = iter(d) ;; d['a'] = 5 ;; list(x)" => |h, e| { let x = it(h, &e.d); h.setitem(&e.d, &s("a"), &i(5)).unwrap(); list_of(h, &x) };
            "x = reversed(d) ;; d['b'] = 2 ;; next(x)" => |h, e| { let x = h.reversed(&e.d).unwrap(); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); nx(h, &x) };
            "x = {'a': 1, 'b': 2} ;; y = iter(x) ;; next(y) ;; del x['a'] ;; x['c'] = 3 ;; list(y)" => |h, e| { let x = dab(h); let y = it(h, &x); nx(h, &y).unwrap(); h.delitem(&x, &s("a")).unwrap(); h.setitem(&x, &s("c"), &i(3)).unwrap(); list_of(h, &y) };
            "x = iter(s) ;; s.add(3) ;; next(x)" => |h, e| { let x = it(h, &e.s); h.set_add(&e.s, &i(3)).unwrap(); nx(h, &x) };
            "x = iter(s) ;; s.add(3) ;; _T(lambda: next(x)) ;; s.discard(3) ;; next(x)" => |h, e| { let x = it(h, &e.s); h.set_add(&e.s, &i(3)).unwrap(); quiet(h.next(&x)); h.call_method(&e.s, "discard", &[i(3)]).unwrap(); nx(h, &x) };
            "x = iter(s) ;; list(x) ;; s.add(3) ;; next(x)" => |h, e| { let x = it(h, &e.s); h.iter(&x).unwrap(); h.set_add(&e.s, &i(3)).unwrap(); nx(h, &x) };
            "x = iter(md) ;; md['k'] = 1 ;; next(x)" => |h, e| { let x = it(h, &e.md); h.setitem(&e.md, &s("k"), &i(1)).unwrap(); nx(h, &x) };
            // ---- the builtin iterators' methods and attributes -----------------------
            "x = iter(l) ;; x.__next__()" => |h, e| h.call_method(&it(h, &e.l), "__next__", &[]);
            "iter(el).__next__()" => |h, e| h.call_method(&it(h, &e.el), "__next__", &[]);
            "iter(l).__next__(1)" => |h, e| h.call_method(&it(h, &e.l), "__next__", &[i(1)]);
            "iter(l).__next__(a=1)" => |h, e| mk(h, &it(h, &e.l), "__next__", &[], &[("a", i(1))]);
            "iter(l).__iter__(1)" => |h, e| h.call_method(&it(h, &e.l), "__iter__", &[i(1)]);
            "x = iter(l) ;; x.__iter__() is x" => |h, e| { let x = it(h, &e.l); h.call_method(&x, "__iter__", &[]).map(|y| y.is(&x)) };
            "iter(l).__next__" => |h, e| h.getattr(&it(h, &e.l), "__next__");
            "reversed(t).__next__" => |h, e| h.getattr(&h.reversed(&e.t).unwrap(), "__next__");
            "type(iter(l).__next__)" => |h, e| h.type_of(&ga(h, &it(h, &e.l), "__next__"));
            "iter(l).__next__.__qualname__" => |h, e| h.getattr(&ga(h, &it(h, &e.l), "__next__"), "__qualname__");
            "iter(l).__next__.__name__" => |h, e| h.getattr(&ga(h, &it(h, &e.l), "__next__"), "__name__");
            "x = iter(l) ;; f2 = x.__next__ ;; [f2(), f2()]" => |h, e| { let f2 = ga(h, &it(h, &e.l), "__next__"); let a = h.call(&f2, &[]).unwrap(); h.call(&f2, &[]).map(|b| lst(h, &[a, b])) };
            "l.__reversed__" => |h, e| h.getattr(&e.l, "__reversed__");
            "d.__reversed__" => |h, e| h.getattr(&e.d, "__reversed__");
            "list(l.__reversed__())" => |h, e| h.call_method(&e.l, "__reversed__", &[]).and_then(|r| list_of(h, &r));
            "l.__reversed__(1)" => |h, e| h.call_method(&e.l, "__reversed__", &[i(1)]);
            "hasattr(iter(l), '__next__')" => |h, e| h.hasattr(&it(h, &e.l), "__next__");
            "hasattr(l, '__next__')" => |h, e| h.hasattr(&e.l, "__next__");
            "iter(l).x" => |h, e| h.getattr(&it(h, &e.l), "x");
            "setattr(iter(l), '__next__', 1)" => |h, e| h.setattr(&it(h, &e.l), "__next__", &i(1));
            "setattr(iter(l), 'x', 1)" => |h, e| h.setattr(&it(h, &e.l), "x", &i(1));
            "weakref.ref(iter(l))" => |h, e| h.weakref(&it(h, &e.l), None);
            "weakref.ref(reversed(t))" => |h, e| h.weakref(&h.reversed(&e.t).unwrap(), None);
            "weakref.proxy(iter(d))" => |h, e| h.proxy(&it(h, &e.d), None);
            "weakref.ref(iter(l).__next__)" => |h, e| h.weakref(&ga(h, &it(h, &e.l), "__next__"), None);
            "x = iter(l) ;; x == x" => |h, e| { let x = it(h, &e.l); h.eq(&x, &x) };
            "iter(l) == iter(l)" => |h, e| h.eq(&it(h, &e.l), &it(h, &e.l));
            "bool(iter(el))" => |h, e| h.truthy(&it(h, &e.el));
            "len(iter(l))" => |h, e| h.len(&it(h, &e.l));
            "iter(l)[0]" => |h, e| h.getitem(&it(h, &e.l), &i(0));
            "2 in iter(l)" => |h, e| h.contains(&it(h, &e.l), &i(2));
            "x = iter(l) ;; 2 in x ;; list(x)" => |h, e| { let x = it(h, &e.l); h.contains(&x, &i(2)).unwrap(); list_of(h, &x) };
            "5 in iter(l)" => |h, e| h.contains(&it(h, &e.l), &i(5));
            "reversed()" => |h, e| h.call(&bi(h, B::Reversed), &[]);
            "reversed(l, 1)" => |h, e| h.call(&bi(h, B::Reversed), &[e.l.clone(), i(1)]);
            "reversed(seq=l)" => |h, e| h.call_kw(&bi(h, B::Reversed), &[], &[("seq", e.l.clone())]);
            "list(reversed(t))  # reversed called as a type" => |h, e| h.call(&bi(h, B::Reversed), &[e.t.clone()]).and_then(|r| list_of(h, &r));
            // ---- not iterable, not an iterator, not reversible -----------------------
            "iter(1)" => |h, e| h.iterator(&i(1));
            "iter(None)" => |h, e| h.iterator(&Value::None);
            "iter(o)" => |h, e| h.iterator(&e.o);
            "iter(C)" => |h, e| h.iterator(&e.c);
            "iter(f)" => |h, e| h.iterator(&e.f);
            "next(1)" => |h, e| h.next(&i(1));
            "next(l)" => |h, e| h.next(&e.l);
            "next(o)" => |h, e| h.next(&e.o);
            "next(ws)" => |h, e| h.next(&e.ws);
            "reversed(1)" => |h, e| h.reversed(&i(1));
            "reversed(None)" => |h, e| h.reversed(&Value::None);
            "reversed(s)" => |h, e| h.reversed(&e.s);
            "reversed(fs)" => |h, e| h.reversed(&e.fs);
            "reversed(o)" => |h, e| h.reversed(&e.o);
            "reversed(mset)" => |h, e| h.reversed(&e.mset);
            "reversed(iter(l))" => |h, e| h.reversed(&it(h, &e.l));
            "reversed(ws)" => |h, e| h.reversed(&e.ws);
            "reversed(wvd)" => |h, e| h.reversed(&e.wvd);
            "reversed(wkd)" => |h, e| h.reversed(&e.wkd);
            "reversed(f)" => |h, e| h.reversed(&e.f);
            // ---- user iterables and iterators ----------------------------------------
            "list(Iter3())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.iter3)) };
            "tuple(Iter3())" => |h, e| { let c = itc(h, e); h.call(&bi(h, B::Tuple), &[new(h, &c.iter3)]) };
            "set(Iter3())" => |h, e| { let c = itc(h, e); h.call(&bi(h, B::Set), &[new(h, &c.iter3)]) };
            "frozenset(Iter3())" => |h, e| { let c = itc(h, e); h.call(&bi(h, B::FrozenSet), &[new(h, &c.iter3)]) };
            "dict(IterPairs())" => |h, e| { let c = itc(h, e); h.call(&bi(h, B::Dict), &[new(h, &c.iter_pairs)]) };
            "x = {} ;; x.update(IterPairs()) ;; x" => |h, e| { let c = itc(h, e); let x = h.dict(&[]).unwrap(); h.call_method(&x, "update", &[new(h, &c.iter_pairs)]).map(|_| x) };
            "sorted(Iter3(), reverse=True)" => |h, e| { let c = itc(h, e); let x = list_of(h, &new(h, &c.iter3)).unwrap(); mk(h, &x, "sort", &[], &[("reverse", true.into())]).map(|_| x) };
            "list(It3())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.it3)) };
            "x = It3() ;; [next(x), next(x), next(x), _T(lambda: next(x))]" => |h, e| { let c = itc(h, e); let x = new(h, &c.it3); let mut v = Vec::new(); for _ in 0..3 { v.push(nx(h, &x).unwrap()); } v.push(s(&nx(h, &x).unwrap_err().to_string())); h.list(&v) };
            "x = It3() ;; iter(x) is x" => |h, e| { let c = itc(h, e); let x = new(h, &c.it3); h.iterator(&x).map(|y| y.is(&x)) };
            "x = It3() ;; next(x) ;; list(x)" => |h, e| { let c = itc(h, e); let x = new(h, &c.it3); nx(h, &x).unwrap(); list_of(h, &x) };
            "list(GetOnly())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.get_only)) };
            "list(StopGet())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.stop_get)) };
            "x = iter(GetOnly()) ;; list(x) ;; next(x)" => |h, e| { let c = itc(h, e); let x = it(h, &new(h, &c.get_only)); h.iter(&x).unwrap(); nx(h, &x) };
            "x = iter(GetOnly()) ;; [next(x), next(x)]" => |h, e| { let c = itc(h, e); nxs(h, &it(h, &new(h, &c.get_only)), 2) };
            "list(IterNone())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.iter_none)) };
            "iter(IterNone())" => |h, e| { let c = itc(h, e); h.iterator(&new(h, &c.iter_none)) };
            "iter(IterNI())" => |h, e| { let c = itc(h, e); h.iterator(&new(h, &c.iter_ni)) };
            "list(IterNI())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.iter_ni)) };
            "iter(IterList())" => |h, e| { let c = itc(h, e); h.iterator(&new(h, &c.iter_list)) };
            "set(IterList())" => |h, e| { let c = itc(h, e); h.call(&bi(h, B::Set), &[new(h, &c.iter_list)]) };
            "list(IterBad())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.iter_bad)) };
            "list(IterRaise())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.iter_raise)) };
            "iter(NextOnly())" => |h, e| { let c = itc(h, e); h.iterator(&new(h, &c.next_only)) };
            "next(NextOnly())" => |h, e| { let c = itc(h, e); nx(h, &new(h, &c.next_only)) };
            "next(Iter3())" => |h, e| { let c = itc(h, e); h.next(&new(h, &c.iter3)) };
            "next(NextNone())" => |h, e| { let c = itc(h, e); h.next(&new(h, &c.next_none)) };
            "list(NextNone())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.next_none)) };
            "list(IterProxyF())" => |h, e| { let c = itc(h, e); list_of(h, &new(h, &c.iter_proxy_f)) };
            "iter(IterProxyF())" => |h, e| { let c = itc(h, e); h.iterator(&new(h, &c.iter_proxy_f)) };
            "list(IterList2([1, 2]))" => |h, e| { let c = itc(h, e); list_of(h, &h.call(&c.iter_list2, &[lst(h, &[i(1), i(2)])]).unwrap()) };
            "IterList2([1, 2]) + [3]" => |h, e| { let c = itc(h, e); h.binary_op(&h.call(&c.iter_list2, &[lst(h, &[i(1), i(2)])]).unwrap(), &lst(h, &[i(3)]), BinaryOp::Add) };
            "x = [0] ;; x.extend(IterList2([1, 2])) ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(0)]); h.call_method(&x, "extend", &[h.call(&c.iter_list2, &[lst(h, &[i(1), i(2)])]).unwrap()]).map(|_| x) };
            "3 in IterList2([1, 2])  # list's own __contains__" => |h, e| { let c = itc(h, e); h.contains(&h.call(&c.iter_list2, &[lst(h, &[i(1), i(2)])]).unwrap(), &i(3)) };
            // ---- user iterables wherever lethe iterates ------------------------------
            "x = [0] ;; x.extend(Iter3()) ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(0)]); h.call_method(&x, "extend", &[new(h, &c.iter3)]).map(|_| x) };
            "x = [0] ;; x += Iter3() ;; x" => |h, e| { let c = itc(h, e); h.inplace_op(&lst(h, &[i(0)]), &new(h, &c.iter3), BinaryOp::Add) };
            "x = [0] ;; x.extend(IterBad())" => |h, e| { let c = itc(h, e); h.call_method(&lst(h, &[i(0)]), "extend", &[new(h, &c.iter_bad)]) };
            "x = [0] ;; _T(lambda: x.extend(IterBad())) ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(0)]); quiet(h.call_method(&x, "extend", &[new(h, &c.iter_bad)])); Ok::<_, Error>(x) };
            "_IP('iadd', [0], IterBad())" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(0)]); Ok::<_, Error>(match h.inplace_op(&x, &new(h, &c.iter_bad), BinaryOp::Add) { Ok(_) => s("?"), Err(err) => s(&format!("{err} {}", h.repr(&x).unwrap())) }) };
            "x = [0] ;; x.extend(GetOnly()) ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(0)]); h.call_method(&x, "extend", &[new(h, &c.get_only)]).map(|_| x) };
            "x = {0} ;; _T(lambda: x.update(IterBad())) ;; _S(x)" => |h, e| { let c = itc(h, e); let x = h.set(&[i(0)]).unwrap(); quiet(h.call_method(&x, "update", &[new(h, &c.iter_bad)])); Ok::<_, Error>(sset(h, &x)) };
            "x = {0} ;; x.update(Iter3()) ;; _S(x)" => |h, e| { let c = itc(h, e); let x = h.set(&[i(0)]).unwrap(); h.call_method(&x, "update", &[new(h, &c.iter3)]).map(|_| sset(h, &x)) };
            "2 in Iter3()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter3), &i(2)) };
            "5 in Iter3()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter3), &i(5)) };
            "x = It3() ;; 2 in x ;; next(x)" => |h, e| { let c = itc(h, e); let x = new(h, &c.it3); h.contains(&x, &i(2)).unwrap(); nx(h, &x) };
            "'c' in Contains3()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.contains3), &s("c")) };
            "1 in Contains3()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.contains3), &i(1)) };
            "1 in GetOnly()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.get_only), &i(1)) };
            "1 in IterNone()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter_none), &i(1)) };
            "1 in IterRaise()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter_raise), &i(1)) };
            "1 in IterNI()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter_ni), &i(1)) };
            "1 in IterBad()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter_bad), &i(1)) };
            "5 in IterBad()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.iter_bad), &i(5)) };
            "1 in NextOnly()" => |h, e| { let c = itc(h, e); h.contains(&new(h, &c.next_only), &i(1)) };
            "{1, 2}.issuperset(Iter3())" => |h, e| { let c = itc(h, e); h.call_method(&h.set(&[i(1), i(2)]).unwrap(), "issuperset", &[new(h, &c.iter3)]) };
            "_S({1, 2, 5}.difference(It3()))" => |h, e| { let c = itc(h, e); h.call_method(&h.set(&[i(1), i(2), i(5)]).unwrap(), "difference", &[new(h, &c.it3)]).map(|v| sset(h, &v)) };
            "_S({1, 2, 5}.intersection(It3()))" => |h, e| { let c = itc(h, e); h.call_method(&h.set(&[i(1), i(2), i(5)]).unwrap(), "intersection", &[new(h, &c.it3)]).map(|v| sset(h, &v)) };
            "_S({1, 5}.symmetric_difference(It3()))" => |h, e| { let c = itc(h, e); h.call_method(&h.set(&[i(1), i(5)]).unwrap(), "symmetric_difference", &[new(h, &c.it3)]).map(|v| sset(h, &v)) };
            "{1}.isdisjoint(It3())" => |h, e| { let c = itc(h, e); h.call_method(&h.set(&[i(1)]).unwrap(), "isdisjoint", &[new(h, &c.it3)]) };
            "len(weakref.WeakSet(IterProxyF()))" => |h, e| { let c = itc(h, e); h.call(&bi(h, B::WeakSet), &[new(h, &c.iter_proxy_f)]).and_then(|w| h.len(&w)) };
            "x = weakref.WeakSet() ;; x.update(IterList()) ;; x" => |h, e| { let c = itc(h, e); let x = h.weak_set(&[]).unwrap(); h.call_method(&x, "update", &[new(h, &c.iter_list)]).map(|_| x) };
            "list(iter(It3()))" => |h, e| { let c = itc(h, e); list_of(h, &it(h, &new(h, &c.it3))) };
            // ---- reversed with user classes ------------------------------------------
            "reversed(Rev())" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.rev)) };
            "reversed(RevNone())" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.rev_none)) };
            "list(reversed(Seq3()))" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.seq3)).and_then(|r| list_of(h, &r)) };
            "x = reversed(Seq3()) ;; [next(x), next(x)]" => |h, e| { let c = itc(h, e); nxs(h, &h.reversed(&new(h, &c.seq3)).unwrap(), 2) };
            "reversed(GetOnly())" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.get_only)) };
            "reversed(Iter3())" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.iter3)) };
            "reversed(It3())" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.it3)) };
            "list(reversed(IterList2([1, 2])))" => |h, e| { let c = itc(h, e); h.reversed(&h.call(&c.iter_list2, &[lst(h, &[i(1), i(2)])]).unwrap()).and_then(|r| list_of(h, &r)) };
            "list(reversed(LenIdx()))  # no __getitem__" => |h, e| { let c = itc(h, e); h.reversed(&new(h, &c.len_idx)).and_then(|r| list_of(h, &r)) };
            // ---- __index__ -------------------------------------------------------------
            "operator.index(Idx1())" => |h, e| { let c = itc(h, e); h.as_index(&new(h, &c.idx1)) };
            "operator.index(IdxStr())" => |h, e| { let c = itc(h, e); h.as_index(&new(h, &c.idx_str)) };
            "operator.index(IdxRaise())" => |h, e| { let c = itc(h, e); h.as_index(&new(h, &c.idx_raise)) };
            "operator.index(1.5)" => |h, e| h.as_index(&f64v(1.5));
            "operator.index('a')" => |h, e| h.as_index(&s("a"));
            "operator.index(o)" => |h, e| h.as_index(&e.o);
            "operator.index(mi)" => |h, e| h.as_index(&e.mi);
            "operator.index(p)" => |h, e| h.as_index(&e.p);
            "operator.index(dp)" => |h, e| h.as_index(&e.dp);
            "l[Idx1()]" => |h, e| { let c = itc(h, e); h.getitem(&e.l, &new(h, &c.idx1)) };
            "l[IdxStr()]" => |h, e| { let c = itc(h, e); h.getitem(&e.l, &new(h, &c.idx_str)) };
            "l[IdxRaise()]" => |h, e| { let c = itc(h, e); h.getitem(&e.l, &new(h, &c.idx_raise)) };
            "t[Idx1()]" => |h, e| { let c = itc(h, e); h.getitem(&e.t, &new(h, &c.idx1)) };
            "st[Idx1()]" => |h, e| { let c = itc(h, e); h.getitem(&e.st, &new(h, &c.idx1)) };
            "st[IdxStr()]" => |h, e| { let c = itc(h, e); h.getitem(&e.st, &new(h, &c.idx_str)) };
            "l[o]" => |h, e| h.getitem(&e.l, &e.o);
            "x = [1, 2] ;; x[Idx1()] = 5 ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(1), i(2)]); h.setitem(&x, &new(h, &c.idx1), &i(5)).map(|_| x) };
            "x = [1, 2] ;; del x[Idx1()] ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(1), i(2)]); h.delitem(&x, &new(h, &c.idx1)).map(|_| x) };
            "x = [1, 2] ;; x[IdxStr()] = 5" => |h, e| { let c = itc(h, e); h.setitem(&lst(h, &[i(1), i(2)]), &new(h, &c.idx_str), &i(5)) };
            "del t[Idx1()]" => |h, e| { let c = itc(h, e); h.delitem(&e.t, &new(h, &c.idx1)) };
            "del o[Idx1()]" => |h, e| { let c = itc(h, e); h.delitem(&e.o, &new(h, &c.idx1)) };
            "x = Idx1() ;; l[weakref.proxy(x)]" => |h, e| { let c = itc(h, e); let x = new(h, &c.idx1); h.getitem(&e.l, &px(h, &x)) };
            "x = Idx1() ;; operator.index(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.idx1); h.as_index(&px(h, &x)) };
            "[1, 2] * Idx1()" => |h, e| { let c = itc(h, e); h.binary_op(&lst(h, &[i(1), i(2)]), &new(h, &c.idx1), BinaryOp::Mul) };
            "Idx1() * 'ab'" => |h, e| { let c = itc(h, e); h.binary_op(&new(h, &c.idx1), &s("ab"), BinaryOp::Mul) };
            "t * Idx1()" => |h, e| { let c = itc(h, e); h.binary_op(&e.t, &new(h, &c.idx1), BinaryOp::Mul) };
            "[1] * IdxStr()" => |h, e| { let c = itc(h, e); h.binary_op(&lst(h, &[i(1)]), &new(h, &c.idx_str), BinaryOp::Mul) };
            "[1] * IdxRaise()" => |h, e| { let c = itc(h, e); h.binary_op(&lst(h, &[i(1)]), &new(h, &c.idx_raise), BinaryOp::Mul) };
            "x = [1] ;; x *= Idx1() ;; x" => |h, e| { let c = itc(h, e); h.inplace_op(&lst(h, &[i(1)]), &new(h, &c.idx1), BinaryOp::Mul) };
            "[1] * o" => |h, e| h.binary_op(&lst(h, &[i(1)]), &e.o, BinaryOp::Mul);
            "x = [1, 2] ;; x.insert(Idx1(), 9) ;; x" => |h, e| { let c = itc(h, e); let x = lst(h, &[i(1), i(2)]); h.call_method(&x, "insert", &[new(h, &c.idx1), i(9)]).map(|_| x) };
            "x = [1, 2] ;; x.pop(Idx1())" => |h, e| { let c = itc(h, e); h.call_method(&lst(h, &[i(1), i(2)]), "pop", &[new(h, &c.idx1)]) };
            "x = [1, 2] ;; x.pop(IdxStr())" => |h, e| { let c = itc(h, e); h.call_method(&lst(h, &[i(1), i(2)]), "pop", &[new(h, &c.idx_str)]) };
            "l.index(3, Idx1())" => |h, e| { let c = itc(h, e); h.call_method(&e.l, "index", &[i(3), new(h, &c.idx1)]) };
            "len(LenIdx())" => |h, e| { let c = itc(h, e); h.len(&new(h, &c.len_idx)) };
            "bool(LenIdx())" => |h, e| { let c = itc(h, e); h.truthy(&new(h, &c.len_idx)) };
            "hash(HashIdx())" => |h, e| { let c = itc(h, e); h.hash(&new(h, &c.hash_idx)) };
            // ---- proxies ---------------------------------------------------------------
            "iter(p)" => |h, e| h.iterator(&e.p);
            "iter(dp)" => |h, e| h.iterator(&e.dp);
            "next(p)" => |h, e| h.next(&e.p);
            "next(cp)" => |h, e| h.next(&e.cp);
            "next(dp)" => |h, e| h.next(&e.dp);
            "next(pml)" => |h, e| h.next(&e.pml);
            "reversed(p)" => |h, e| h.reversed(&e.p);
            "reversed(dp)" => |h, e| h.reversed(&e.dp);
            "reversed(pms)" => |h, e| h.reversed(&e.pms);
            "reversed(dpml)" => |h, e| h.reversed(&e.dpml);
            "list(reversed(pml))" => |h, e| h.reversed(&e.pml).and_then(|r| list_of(h, &r));
            "list(reversed(pmd))" => |h, e| h.reversed(&e.pmd).and_then(|r| list_of(h, &r));
            "type(iter(pml))" => |h, e| h.iterator(&e.pml).and_then(|x| h.type_of(&x));
            "list(pmd)" => |h, e| list_of(h, &e.pmd);
            "list(dpmd)" => |h, e| list_of(h, &e.dpmd);
            "x = It3() ;; y = weakref.proxy(x) ;; [next(y), next(y)]" => |h, e| { let c = itc(h, e); let x = new(h, &c.it3); nxs(h, &px(h, &x), 2) };
            "x = It3() ;; iter(weakref.proxy(x)) is x" => |h, e| { let c = itc(h, e); let x = new(h, &c.it3); h.iterator(&px(h, &x)).map(|y| y.is(&x)) };
            "x = Iter3() ;; list(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter3); list_of(h, &px(h, &x)) };
            "x = Iter3() ;; 2 in weakref.proxy(x)" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter3); h.contains(&px(h, &x), &i(2)) };
            "x = IterNone() ;; 1 in weakref.proxy(x)" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter_none); h.contains(&px(h, &x), &i(1)) };
            "x = IterNI() ;; 1 in weakref.proxy(x)" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter_ni); h.contains(&px(h, &x), &i(1)) };
            "x = IterNI() ;; iter(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter_ni); h.iterator(&px(h, &x)) };
            "x = Iter3() ;; next(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter3); h.next(&px(h, &x)) };
            "x = NextOnly() ;; next(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.next_only); h.next(&px(h, &x)) };
            "x = NextOnly() ;; iter(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.next_only); h.iterator(&px(h, &x)) };
            "x = Seq3() ;; reversed(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.seq3); h.reversed(&px(h, &x)) };
            "x = Rev() ;; reversed(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.rev); h.reversed(&px(h, &x)) };
            "x = RevNone() ;; reversed(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.rev_none); h.reversed(&px(h, &x)) };
            "x = Seq3() ;; list(weakref.proxy(x))" => |h, e| { let c = itc(h, e); let x = new(h, &c.seq3); list_of(h, &px(h, &x)) };
            "x = Iter3() ;; y = [0] ;; y.extend(weakref.proxy(x)) ;; y" => |h, e| { let c = itc(h, e); let x = new(h, &c.iter3); let y = lst(h, &[i(0)]); h.call_method(&y, "extend", &[px(h, &x)]).map(|_| y) };
            "x = Iter3() ;; y = weakref.proxy(x) ;; del x ;; gc.collect() ;; list(y)" => |h, e| { let c = itc(h, e); let y = px(h, &new(h, &c.iter3)); h.collect(); list_of(h, &y) };
            "x = It3() ;; y = weakref.proxy(x) ;; del x ;; gc.collect() ;; next(y)" => |h, e| { let c = itc(h, e); let y = px(h, &new(h, &c.it3)); h.collect(); h.next(&y) };
            "x = Rev() ;; y = weakref.proxy(x) ;; del x ;; gc.collect() ;; reversed(y)" => |h, e| { let c = itc(h, e); let y = px(h, &new(h, &c.rev)); h.collect(); h.reversed(&y) };
            "x = Idx1() ;; y = weakref.proxy(x) ;; del x ;; gc.collect() ;; l[y]" => |h, e| { let c = itc(h, e); let y = px(h, &new(h, &c.idx1)); h.collect(); h.getitem(&e.l, &y) };
        }
    }
}

/// The dict views: `d.keys()`, `d.values()`, `d.items()` and their iterators.
mod views {
    use super::*;

    /// `x.keys()`, `x.values()` or `x.items()`.
    fn vw(h: &Heap, x: &Value, which: &str) -> Value {
        h.call_method(x, which, &[]).expect("view")
    }
    fn kv(h: &Heap, x: &Value) -> Value {
        vw(h, x, "keys")
    }
    fn vv(h: &Heap, x: &Value) -> Value {
        vw(h, x, "values")
    }
    fn iv(h: &Heap, x: &Value) -> Value {
        vw(h, x, "items")
    }
    fn it(h: &Heap, x: &Value) -> Value {
        h.iterator(x).expect("iter")
    }
    fn nx(h: &Heap, it: &Value) -> Result<Value> {
        h.next(it)?
            .ok_or_else(|| Error::StopIteration(String::new()))
    }
    fn list_of(h: &Heap, x: &Value) -> Result<Value> {
        h.list(&h.iter(x)?)
    }
    /// `_S(x)` of a set: `set[…]`, its members sorted.
    fn sset(h: &Heap, x: Result<Value>) -> Result<Value> {
        let x = x?;
        let l = h.list(&h.iter(&x)?)?;
        h.call_method(&l, "sort", &[])?;
        Ok(s(&format!("{}{}", h.type_name(&x), h.repr(&l)?)))
    }
    fn dab(h: &Heap) -> Value {
        h.dict(&[(s("a"), i(1)), (s("b"), i(2))]).unwrap()
    }
    fn st(h: &Heap, items: &[Value]) -> Value {
        h.set(items).unwrap()
    }
    fn tp(h: &Heap, items: &[Value]) -> Value {
        h.tuple(items).unwrap()
    }
    fn op(h: &Heap, a: &Value, b: &Value, o: BinaryOp) -> Result<Value> {
        h.binary_op(a, b, o)
    }
    /// `DI(a=1)`: a dict subclass whose `__iter__` gives 99.
    fn di(h: &Heap) -> Value {
        let c = h
            .class("DI")
            .base(&h.builtin(Builtin::Dict))
            .method("__iter__", |h, _| h.iterator(&h.list(&[99.into()])?))
            .build()
            .unwrap();
        let x = h.call(&c, &[]).unwrap();
        h.setitem(&x, &s("a"), &i(1)).unwrap();
        x
    }
    fn dl(h: &Heap, fill: bool) -> Value {
        let c = h
            .class("DL")
            .base(&h.builtin(Builtin::Dict))
            .method("__len__", |_, _| Ok(5.into()))
            .method("__contains__", |_, _| Ok(true.into()))
            .build()
            .unwrap();
        let x = h.call(&c, &[]).unwrap();
        if fill {
            h.setitem(&x, &s("a"), &i(1)).unwrap();
        }
        x
    }
    fn dg(h: &Heap) -> Value {
        let c = h
            .class("DG")
            .base(&h.builtin(Builtin::Dict))
            .method("__getitem__", |_, _| Ok(5.into()))
            .build()
            .unwrap();
        let x = h.call(&c, &[]).unwrap();
        h.setitem(&x, &s("a"), &i(1)).unwrap();
        x
    }
    /// `SE(items)`: a set subclass with one dunder overridden as the snippet says.
    fn sub_set(h: &Heap, dunder: &str, items: &[Value]) -> Value {
        let b = h.class("SE").base(&h.builtin(Builtin::Set));
        let c = match dunder {
            "__eq__" | "__gt__" => b.method(dunder, |_, _| Ok(false.into())),
            "__len__" => b.method(dunder, |_, _| Ok(7.into())),
            _ => b.method(dunder, |_, _| Ok(true.into())),
        }
        .build()
        .unwrap();
        h.call(&c, &[lst(h, items)]).unwrap()
    }
    /// `M()`: its `__eq__` clears `d` and returns `ret`.
    fn clearer(h: &Heap, d: &Value, ret: Value) -> Value {
        let c = h
            .class("M")
            .attr("d", d.clone())
            .attr("ret", ret)
            .method("__eq__", |h, a| {
                let me = a.get(0)?;
                h.call_method(&h.getattr(me, "d")?, "clear", &[])?;
                h.getattr(me, "ret")
            })
            .build()
            .unwrap();
        h.call(&c, &[]).unwrap()
    }
    fn fk(h: &Heap, n: i64) -> Value {
        let items: Vec<(Value, Value)> = (0..n).map(|k| (i(k), Value::None)).collect();
        h.dict(&items).unwrap()
    }
    /// `H` (its `__hash__` counts its calls in `H.n`) and an instance.
    fn counter(h: &Heap) -> (Value, Value) {
        let c = h.class("H").attr("n", i(0)).build().unwrap();
        let f = h
            .closure("__hash__", &[c.clone()], |h, a| {
                let c = &a.captures[0];
                let n = h.getattr(c, "n")?.as_int().unwrap();
                h.setattr(c, "n", &i(n + 1))?;
                Ok(1.into())
            })
            .unwrap();
        h.setattr(&c, "__hash__", &f).unwrap();
        let k = h.call(&c, &[]).unwrap();
        (c, k)
    }

    pub fn cases() -> Vec<Case> {
        use BinaryOp::{Add, And, Or, Sub, Xor};
        cases! {
            // ---- what they are --------------------------------------------------------
            "d.keys()" => |h, e| h.call_method(&e.d, "keys", &[]);
            "d.values()" => |h, e| h.call_method(&e.d, "values", &[]);
            "d.items()" => |h, e| h.call_method(&e.d, "items", &[]);
            "ed.keys()" => |h, e| h.call_method(&e.ed, "keys", &[]);
            "ed.values()" => |h, e| h.call_method(&e.ed, "values", &[]);
            "ed.items()" => |h, e| h.call_method(&e.ed, "items", &[]);
            "{'a': 1, 'b': (2, 'x')}.items()" => |h, e| { let x = h.dict(&[(s("a"), i(1)), (s("b"), tp(h, &[i(2), s("x")]))]).unwrap(); h.call_method(&x, "items", &[]) };
            "md['k'] = 1 ;; md.items()" => |h, e| { h.setitem(&e.md, &s("k"), &i(1)).unwrap(); h.call_method(&e.md, "items", &[]) };
            "pmd.keys()" => |h, e| h.call_method(&e.pmd, "keys", &[]);
            "type(d.keys())" => |h, e| h.type_of(&kv(h, &e.d));
            "type(d.values())" => |h, e| h.type_of(&vv(h, &e.d));
            "type(d.items())" => |h, e| h.type_of(&iv(h, &e.d));
            "type(d.keys())()" => |h, e| h.call(&h.type_of(&kv(h, &e.d)).unwrap(), &[]);
            "type(iter(d.keys()))" => |h, e| h.type_of(&it(h, &kv(h, &e.d)));
            "type(iter(d.values()))" => |h, e| h.type_of(&it(h, &vv(h, &e.d)));
            "type(iter(d.items()))" => |h, e| h.type_of(&it(h, &iv(h, &e.d)));
            "type(reversed(d.keys()))" => |h, e| h.reversed(&kv(h, &e.d)).and_then(|r| h.type_of(&r));
            "type(reversed(d.values()))" => |h, e| h.reversed(&vv(h, &e.d)).and_then(|r| h.type_of(&r));
            "type(reversed(d.items()))" => |h, e| h.reversed(&iv(h, &e.d)).and_then(|r| h.type_of(&r));
            "iter(d.values())" => |h, e| h.iterator(&vv(h, &e.d));
            "iter(d.items())" => |h, e| h.iterator(&iv(h, &e.d));
            "reversed(d.items())" => |h, e| h.reversed(&iv(h, &e.d));
            "reversed(d.values())" => |h, e| h.reversed(&vv(h, &e.d));
            "type(iter(d.values()))()" => |h, e| h.call(&h.type_of(&it(h, &vv(h, &e.d))).unwrap(), &[]);
            "d.keys().x" => |h, e| h.getattr(&kv(h, &e.d), "x");
            "setattr(d.items(), 'x', 1)" => |h, e| h.setattr(&iv(h, &e.d), "x", &i(1));
            "d.keys()[0]" => |h, e| h.getitem(&kv(h, &e.d), &i(0));
            "d.values().isdisjoint" => |h, e| h.getattr(&vv(h, &e.d), "isdisjoint");
            "hasattr(d.items(), 'isdisjoint')" => |h, e| h.hasattr(&iv(h, &e.d), "isdisjoint");
            "d.keys().isdisjoint" => |h, e| h.getattr(&kv(h, &e.d), "isdisjoint");
            // ---- live: they show the dict as it is --------------------------------
            "x = d.keys() ;; d['b'] = 2 ;; x" => |h, e| { let x = kv(h, &e.d); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); Ok::<_, Error>(x) };
            "x = d.values() ;; d['b'] = 2 ;; del d['a'] ;; x" => |h, e| { let x = vv(h, &e.d); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); h.delitem(&e.d, &s("a")).unwrap(); Ok::<_, Error>(x) };
            "x = d.items() ;; d.clear() ;; x" => |h, e| { let x = iv(h, &e.d); h.call_method(&e.d, "clear", &[]).unwrap(); Ok::<_, Error>(x) };
            "x = d.items() ;; d['a'] = 5 ;; x" => |h, e| { let x = iv(h, &e.d); h.setitem(&e.d, &s("a"), &i(5)).unwrap(); Ok::<_, Error>(x) };
            "x = {'q': 1}.keys() ;; gc.collect() ;; list(x)" => |h, e| { let x = kv(h, &h.dict(&[(s("q"), i(1))]).unwrap()); h.collect(); list_of(h, &x) };
            "x = {'q': [1]}.items() ;; gc.collect() ;; list(x)" => |h, e| { let x = iv(h, &h.dict(&[(s("q"), lst(h, &[i(1)]))]).unwrap()); h.collect(); list_of(h, &x) };
            // ---- len, truth --------------------------------------------------------------
            "len(d.keys())" => |h, e| h.len(&kv(h, &e.d));
            "len(ed.values())" => |h, e| h.len(&vv(h, &e.ed));
            "x = d.items() ;; d['b'] = 2 ;; len(x)" => |h, e| { let x = iv(h, &e.d); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); h.len(&x) };
            "bool(ed.keys())" => |h, e| h.truthy(&kv(h, &e.ed));
            "bool(d.items())" => |h, e| h.truthy(&iv(h, &e.d));
            "bool(d.values())" => |h, e| h.truthy(&vv(h, &e.d));
            "x = d.values() ;; d.clear() ;; bool(x)" => |h, e| { let x = vv(h, &e.d); h.call_method(&e.d, "clear", &[]).unwrap(); h.truthy(&x) };
            // ---- iteration -------------------------------------------------------------
            "list({'a': 1, 'b': 2}.keys())" => |h, e| list_of(h, &kv(h, &dab(h)));
            "list({'a': 1, 'b': 2}.values())" => |h, e| list_of(h, &vv(h, &dab(h)));
            "list({'a': 1, 'b': 2}.items())" => |h, e| list_of(h, &iv(h, &dab(h)));
            "list(reversed({'a': 1, 'b': 2}.keys()))" => |h, e| h.reversed(&kv(h, &dab(h))).and_then(|r| list_of(h, &r));
            "list(reversed({'a': 1, 'b': 2}.values()))" => |h, e| h.reversed(&vv(h, &dab(h))).and_then(|r| list_of(h, &r));
            "list(reversed({'a': 1, 'b': 2}.items()))" => |h, e| h.reversed(&iv(h, &dab(h))).and_then(|r| list_of(h, &r));
            "list({'a': 1, 'b': 2}.keys().__reversed__())" => |h, e| h.call_method(&kv(h, &dab(h)), "__reversed__", &[]).and_then(|r| list_of(h, &r));
            "list({'a': 1, 'b': 2}.values().__reversed__())" => |h, e| h.call_method(&vv(h, &dab(h)), "__reversed__", &[]).and_then(|r| list_of(h, &r));
            "d.values().__reversed__(1)" => |h, e| h.call_method(&vv(h, &e.d), "__reversed__", &[i(1)]);
            "d.items().__reversed__(1)" => |h, e| h.call_method(&iv(h, &e.d), "__reversed__", &[i(1)]);
            "x = iter(d.items()) ;; [next(x), _T(lambda: next(x))]" => |h, e| { let x = it(h, &iv(h, &e.d)); let a = nx(h, &x).unwrap(); h.list(&[a, s(&nx(h, &x).unwrap_err().to_string())]) };
            "x = iter(d.values()) ;; x.__next__()" => |h, e| h.call_method(&it(h, &vv(h, &e.d)), "__next__", &[]);
            "x = iter(d.items()) ;; x.__iter__() is x" => |h, e| { let x = it(h, &iv(h, &e.d)); h.call_method(&x, "__iter__", &[]).map(|y| y.is(&x)) };
            "x = iter(d.values()) ;; d['b'] = 2 ;; next(x)" => |h, e| { let x = it(h, &vv(h, &e.d)); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); nx(h, &x) };
            "x = iter(d.items()) ;; d['b'] = 2 ;; next(x)" => |h, e| { let x = it(h, &iv(h, &e.d)); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); nx(h, &x) };
            "x = iter(d.keys()) ;; del d['a'] ;; next(x)" => |h, e| { let x = it(h, &kv(h, &e.d)); h.delitem(&e.d, &s("a")).unwrap(); nx(h, &x) };
            "x = reversed(d.values()) ;; d['b'] = 2 ;; next(x)" => |h, e| { let x = h.reversed(&vv(h, &e.d)).unwrap(); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); nx(h, &x) };
            "x = reversed(d.items()) ;; d['b'] = 2 ;; next(x)" => |h, e| { let x = h.reversed(&iv(h, &e.d)).unwrap(); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); nx(h, &x) };
            "x = iter(d.items()) ;; d['a'] = 5 ;; list(x)" => |h, e| { let x = it(h, &iv(h, &e.d)); h.setitem(&e.d, &s("a"), &i(5)).unwrap(); list_of(h, &x) };
            "x = iter(d.values()) ;; d['b'] = 2 ;; _T(lambda: next(x)) ;; del d['b'] ;; next(x)" => |h, e| { let x = it(h, &vv(h, &e.d)); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); let _ = h.next(&x); h.delitem(&e.d, &s("b")).unwrap(); nx(h, &x) };
            "x = {'a': 1, 'b': 2} ;; y = iter(x.values()) ;; next(y) ;; del x['a'] ;; x['c'] = 3 ;; list(y)" => |h, e| { let x = dab(h); let y = it(h, &vv(h, &x)); nx(h, &y).unwrap(); h.delitem(&x, &s("a")).unwrap(); h.setitem(&x, &s("c"), &i(3)).unwrap(); list_of(h, &y) };
            "x = {'a': 1, 'b': 2} ;; y = iter(x.items()) ;; next(y) ;; del x['a'] ;; x['c'] = 3 ;; list(y)" => |h, e| { let x = dab(h); let y = it(h, &iv(h, &x)); nx(h, &y).unwrap(); h.delitem(&x, &s("a")).unwrap(); h.setitem(&x, &s("c"), &i(3)).unwrap(); list_of(h, &y) };
            "weakref.ref(iter(d.items()))" => |h, e| h.weakref(&it(h, &iv(h, &e.d)), None);
            "x = {} ;; x.update(d.items()) ;; x" => |h, e| { let x = h.dict(&[]).unwrap(); h.call_method(&x, "update", &[iv(h, &e.d)]).map(|_| x) };
            "dict({'a': 1, 'b': 2}.items())" => |h, e| h.call(&bi(h, Builtin::Dict), &[iv(h, &dab(h))]);
            "tuple({'a': 1, 'b': 2}.values())" => |h, e| h.call(&bi(h, Builtin::Tuple), &[vv(h, &dab(h))]);
            "_S(set({'a': 1, 'b': 2}.keys()))" => |h, e| sset(h, h.call(&bi(h, Builtin::Set), &[kv(h, &dab(h))]));
            "x = [0] ;; x.extend(d.values()) ;; x" => |h, e| { let x = lst(h, &[i(0)]); h.call_method(&x, "extend", &[vv(h, &e.d)]).map(|_| x) };
            // ---- in --------------------------------------------------------------------
            "'a' in d.keys()" => |h, e| h.contains(&kv(h, &e.d), &s("a"));
            "'z' in d.keys()" => |h, e| h.contains(&kv(h, &e.d), &s("z"));
            "[] in d.keys()" => |h, e| h.contains(&kv(h, &e.d), &lst(h, &[]));
            "1.0 in {1: 'x'}.keys()" => |h, e| h.contains(&kv(h, &h.dict(&[(i(1), s("x"))]).unwrap()), &f64v(1.0));
            "('a', 1) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a"), i(1)]));
            "('a', 1.0) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a"), f64v(1.0)]));
            "('a', 2) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a"), i(2)]));
            "('z', 1) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("z"), i(1)]));
            "['a', 1] in d.items()" => |h, e| h.contains(&iv(h, &e.d), &lst(h, &[s("a"), i(1)]));
            "('a',) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a")]));
            "('a', 1, 2) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a"), i(1), i(2)]));
            "'a' in d.items()" => |h, e| h.contains(&iv(h, &e.d), &s("a"));
            "([], 1) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[lst(h, &[]), i(1)]));
            "MyTuple(('a', 1)) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &h.call(&e.my_tuple, &[tp(h, &[s("a"), i(1)])]).unwrap());
            "('a', EqErr()) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a"), eq_err(h)]));
            "1 in d.values()" => |h, e| h.contains(&vv(h, &e.d), &i(1));
            "2 in d.values()" => |h, e| h.contains(&vv(h, &e.d), &i(2));
            "[] in d.values()" => |h, e| h.contains(&vv(h, &e.d), &lst(h, &[]));
            "EqErr() in d.values()" => |h, e| h.contains(&vv(h, &e.d), &eq_err(h));
            "EqErr() in ed.values()" => |h, e| h.contains(&vv(h, &e.ed), &eq_err(h));
            // ---- hash, weakref -----------------------------------------------------------
            "hash(d.keys())" => |h, e| h.hash(&kv(h, &e.d));
            "x = d.values() ;; hash(x) == hash(x)" => |h, e| { let x = vv(h, &e.d); h.hash(&x).and_then(|a| Ok(a == h.hash(&x)?)) };
            "hash(d.items())" => |h, e| h.hash(&iv(h, &e.d));
            "{d.keys(): 1}" => |h, e| h.dict(&[(kv(h, &e.d), i(1))]);
            "{d.values()}" => |h, e| h.set(&[vv(h, &e.d)]);
            "weakref.ref(d.keys())" => |h, e| h.weakref(&kv(h, &e.d), None);
            "weakref.ref(d.values())" => |h, e| h.weakref(&vv(h, &e.d), None);
            "weakref.proxy(d.items())" => |h, e| h.proxy(&iv(h, &e.d), None);
            "weakref.WeakSet([d.keys()])" => |h, e| h.weak_set(&[kv(h, &e.d)]);
            // ---- == -----------------------------------------------------------------------
            "d.keys() == {'a'}" => |h, e| h.eq(&kv(h, &e.d), &st(h, &[s("a")]));
            "{'a'} == d.keys()" => |h, e| h.eq(&st(h, &[s("a")]), &kv(h, &e.d));
            "d.keys() != {'a'}" => |h, e| h.ne(&kv(h, &e.d), &st(h, &[s("a")]));
            "{'a'} != d.keys()" => |h, e| h.ne(&st(h, &[s("a")]), &kv(h, &e.d));
            "d.keys() == frozenset({'a'})" => |h, e| h.eq(&kv(h, &e.d), &h.frozenset(&[s("a")]).unwrap());
            "d.keys() == {'b'}" => |h, e| h.eq(&kv(h, &e.d), &st(h, &[s("b")]));
            "d.keys() == {'a', 'b'}" => |h, e| h.eq(&kv(h, &e.d), &st(h, &[s("a"), s("b")]));
            "d.keys() == ['a']" => |h, e| h.eq(&kv(h, &e.d), &lst(h, &[s("a")]));
            "d.keys() != ['a']" => |h, e| h.ne(&kv(h, &e.d), &lst(h, &[s("a")]));
            "d.keys() == {'a': 5}.keys()" => |h, e| h.eq(&kv(h, &e.d), &kv(h, &h.dict(&[(s("a"), i(5))]).unwrap()));
            "d.keys() == d.keys()" => |h, e| h.eq(&kv(h, &e.d), &kv(h, &e.d));
            "d.items() == {('a', 1)}" => |h, e| h.eq(&iv(h, &e.d), &st(h, &[tp(h, &[s("a"), i(1)])]));
            "d.items() == {('a', 2)}" => |h, e| h.eq(&iv(h, &e.d), &st(h, &[tp(h, &[s("a"), i(2)])]));
            "d.items() == {'a': 1}.items()" => |h, e| h.eq(&iv(h, &e.d), &iv(h, &h.dict(&[(s("a"), i(1))]).unwrap()));
            "d.items() == d.keys()" => |h, e| h.eq(&iv(h, &e.d), &kv(h, &e.d));
            "ed.keys() == ed.items()" => |h, e| h.eq(&kv(h, &e.ed), &iv(h, &e.ed));
            "md.keys() == set()" => |h, e| h.eq(&kv(h, &e.md), &st(h, &[]));
            "d.keys() == mset" => |h, e| h.eq(&kv(h, &e.d), &e.mset);
            "{1: 'x'}.keys() == mset" => |h, e| h.eq(&kv(h, &h.dict(&[(i(1), s("x"))]).unwrap()), &e.mset);
            "d.values() == d.values()" => |h, e| h.eq(&vv(h, &e.d), &vv(h, &e.d));
            "x = d.values() ;; x == x" => |h, e| { let x = vv(h, &e.d); h.eq(&x, &x) };
            "x = d.values() ;; x != x" => |h, e| { let x = vv(h, &e.d); h.ne(&x, &x) };
            "d.values() == {1}" => |h, e| h.eq(&vv(h, &e.d), &st(h, &[i(1)]));
            "{1} == d.values()" => |h, e| h.eq(&st(h, &[i(1)]), &vv(h, &e.d));
            "d.keys() == d.values()" => |h, e| h.eq(&kv(h, &e.d), &vv(h, &e.d));
            "d.values() == [1]" => |h, e| h.eq(&vv(h, &e.d), &lst(h, &[i(1)]));
            "{(1, 2): 3}.items() == {((1, 2), 3)}" => |h, e| h.eq(&iv(h, &h.dict(&[(tp(h, &[i(1), i(2)]), i(3))]).unwrap()), &st(h, &[tp(h, &[tp(h, &[i(1), i(2)]), i(3)])]));
            "{'a': []}.items() == {'a': []}.items()" => |h, e| h.eq(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()));
            // ---- <, <=, >, >= (subset and superset) --------------------------------------
            "d.keys() < {'a', 'b'}" => |h, e| h.compare(&kv(h, &e.d), &st(h, &[s("a"), s("b")]), CompareOp::Lt);
            "d.keys() < {'a'}" => |h, e| h.compare(&kv(h, &e.d), &st(h, &[s("a")]), CompareOp::Lt);
            "d.keys() <= {'a'}" => |h, e| h.compare(&kv(h, &e.d), &st(h, &[s("a")]), CompareOp::Le);
            "d.keys() >= set()" => |h, e| h.compare(&kv(h, &e.d), &st(h, &[]), CompareOp::Ge);
            "d.keys() > {'b'}" => |h, e| h.compare(&kv(h, &e.d), &st(h, &[s("b")]), CompareOp::Gt);
            "{'a', 'b'} > d.keys()" => |h, e| h.compare(&st(h, &[s("a"), s("b")]), &kv(h, &e.d), CompareOp::Gt);
            "frozenset() < d.keys()" => |h, e| h.compare(&h.frozenset(&[]).unwrap(), &kv(h, &e.d), CompareOp::Lt);
            "d.items() <= {'a': 1, 'b': 2}.items()" => |h, e| h.compare(&iv(h, &e.d), &iv(h, &dab(h)), CompareOp::Le);
            "d.items() > {'a': 2}.items()" => |h, e| h.compare(&iv(h, &e.d), &iv(h, &h.dict(&[(s("a"), i(2))]).unwrap()), CompareOp::Gt);
            "d.keys() <= d.items()" => |h, e| h.compare(&kv(h, &e.d), &iv(h, &e.d), CompareOp::Le);
            "d.keys() < ['a', 'b']" => |h, e| h.compare(&kv(h, &e.d), &lst(h, &[s("a"), s("b")]), CompareOp::Lt);
            "d.values() < d.values()" => |h, e| h.compare(&vv(h, &e.d), &vv(h, &e.d), CompareOp::Lt);
            "d.values() <= {1}" => |h, e| h.compare(&vv(h, &e.d), &st(h, &[i(1)]), CompareOp::Le);
            "1 < d.keys()" => |h, e| h.compare(&i(1), &kv(h, &e.d), CompareOp::Lt);
            // ---- the set operations ---------------------------------------------------
            "_S(d.keys() & {'a', 'b'})" => |h, e| sset(h, op(h, &kv(h, &e.d), &st(h, &[s("a"), s("b")]), And));
            "_S(d.keys() | {'b'})" => |h, e| sset(h, op(h, &kv(h, &e.d), &st(h, &[s("b")]), Or));
            "_S(d.keys() - {'a'})" => |h, e| sset(h, op(h, &kv(h, &e.d), &st(h, &[s("a")]), Sub));
            "_S(d.keys() ^ {'a', 'b'})" => |h, e| sset(h, op(h, &kv(h, &e.d), &st(h, &[s("a"), s("b")]), Xor));
            "_S({'a', 'b'} & d.keys())" => |h, e| sset(h, op(h, &st(h, &[s("a"), s("b")]), &kv(h, &e.d), And));
            "_S({'b'} | d.keys())" => |h, e| sset(h, op(h, &st(h, &[s("b")]), &kv(h, &e.d), Or));
            "_S({'a', 'b'} - d.keys())" => |h, e| sset(h, op(h, &st(h, &[s("a"), s("b")]), &kv(h, &e.d), Sub));
            "_S(frozenset({'b'}) ^ d.keys())" => |h, e| sset(h, op(h, &h.frozenset(&[s("b")]).unwrap(), &kv(h, &e.d), Xor));
            "_S(['a', 'c'] - d.keys())" => |h, e| sset(h, op(h, &lst(h, &[s("a"), s("c")]), &kv(h, &e.d), Sub));
            "_S(d.keys() & ['a', 'c'])" => |h, e| sset(h, op(h, &kv(h, &e.d), &lst(h, &[s("a"), s("c")]), And));
            "_S(d.keys() | 'xy')" => |h, e| sset(h, op(h, &kv(h, &e.d), &s("xy"), Or));
            "_S(d.keys() - d.keys())" => |h, e| sset(h, op(h, &kv(h, &e.d), &kv(h, &e.d), Sub));
            "_S({'a': 1, 'b': 2}.keys() & {'b': 0, 'c': 0}.keys())" => |h, e| sset(h, op(h, &kv(h, &dab(h)), &kv(h, &h.dict(&[(s("b"), i(0)), (s("c"), i(0))]).unwrap()), And));
            "_S(d.items() & {('a', 1), ('b', 2)})" => |h, e| sset(h, op(h, &iv(h, &e.d), &st(h, &[tp(h, &[s("a"), i(1)]), tp(h, &[s("b"), i(2)])]), And));
            "len(d.items() | d.keys())" => |h, e| op(h, &iv(h, &e.d), &kv(h, &e.d), Or).and_then(|r| h.len(&r));
            "_S(d.items() - [('a', 1)])" => |h, e| sset(h, op(h, &iv(h, &e.d), &lst(h, &[tp(h, &[s("a"), i(1)])]), Sub));
            "_S(d.items() ^ {'a': 1, 'b': 2}.items())" => |h, e| sset(h, op(h, &iv(h, &e.d), &iv(h, &dab(h)), Xor));
            "{'a': []}.items() ^ {'a': []}.items()" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), Xor);
            "{'a': []}.items() ^ {'a': [1]}.items()" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &iv(h, &h.dict(&[(s("a"), lst(h, &[i(1)]))]).unwrap()), Xor);
            "_S({'a': 1, 'b': 2}.items() ^ {'b': 2, 'c': 3}.items())" => |h, e| sset(h, op(h, &iv(h, &dab(h)), &iv(h, &h.dict(&[(s("b"), i(2)), (s("c"), i(3))]).unwrap()), Xor));
            "{'a': EqErr()}.items() ^ {'a': 1}.items()" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), eq_err(h))]).unwrap()), &iv(h, &h.dict(&[(s("a"), i(1))]).unwrap()), Xor);
            "_S(d.keys() & [])" => |h, e| sset(h, op(h, &kv(h, &e.d), &lst(h, &[]), And));
            "_S(ed.keys() | [])" => |h, e| sset(h, op(h, &kv(h, &e.ed), &lst(h, &[]), Or));
            "type(d.keys() & set())" => |h, e| op(h, &kv(h, &e.d), &st(h, &[]), And).and_then(|r| h.type_of(&r));
            "type(frozenset() | d.keys())" => |h, e| op(h, &h.frozenset(&[]).unwrap(), &kv(h, &e.d), Or).and_then(|r| h.type_of(&r));
            "d.keys() & 1" => |h, e| op(h, &kv(h, &e.d), &i(1), And);
            "1 & d.keys()" => |h, e| op(h, &i(1), &kv(h, &e.d), And);
            "d.keys() | 1" => |h, e| op(h, &kv(h, &e.d), &i(1), Or);
            "True | d.keys()" => |h, e| op(h, &true.into(), &kv(h, &e.d), Or);
            "d.keys() - 1" => |h, e| op(h, &kv(h, &e.d), &i(1), Sub);
            "1.5 - d.keys()" => |h, e| op(h, &f64v(1.5), &kv(h, &e.d), Sub);
            "d.keys() ^ None" => |h, e| op(h, &kv(h, &e.d), &Value::None, Xor);
            "d.keys() & [[1]]" => |h, e| op(h, &kv(h, &e.d), &lst(h, &[lst(h, &[i(1)])]), And);
            "d.keys() | [[1]]" => |h, e| op(h, &kv(h, &e.d), &lst(h, &[lst(h, &[i(1)])]), Or);
            "{'a': []}.items() & {('a', 1)}" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &st(h, &[tp(h, &[s("a"), i(1)])]), And);
            "d.values() & {1}" => |h, e| op(h, &vv(h, &e.d), &st(h, &[i(1)]), And);
            "{1} | d.values()" => |h, e| op(h, &st(h, &[i(1)]), &vv(h, &e.d), Or);
            "d.keys() + d.keys()" => |h, e| op(h, &kv(h, &e.d), &kv(h, &e.d), Add);
            "x = d.keys() ;; x |= {'b'} ;; _S(x)" => |h, e| sset(h, h.inplace_op(&kv(h, &e.d), &st(h, &[s("b")]), Or));
            "x = {'b'} ;; x &= d.keys() ;; _S(x)" => |h, e| sset(h, h.inplace_op(&st(h, &[s("b")]), &kv(h, &e.d), And));
            "x = d.keys() ;; y = x - set() ;; d['b'] = 2 ;; _S(y)" => |h, e| { let y = op(h, &kv(h, &e.d), &st(h, &[]), Sub).unwrap(); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); sset(h, Ok(y)) };
            // ---- isdisjoint ---------------------------------------------------------------
            "d.keys().isdisjoint({'b'})" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[st(h, &[s("b")])]);
            "d.keys().isdisjoint(['a'])" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[lst(h, &[s("a")])]);
            "d.keys().isdisjoint('xa')" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[s("xa")]);
            "d.items().isdisjoint([('a', 1)])" => |h, e| h.call_method(&iv(h, &e.d), "isdisjoint", &[lst(h, &[tp(h, &[s("a"), i(1)])])]);
            "d.items().isdisjoint(d.keys())" => |h, e| h.call_method(&iv(h, &e.d), "isdisjoint", &[kv(h, &e.d)]);
            "d.keys().isdisjoint(1)" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[i(1)]);
            "d.keys().isdisjoint()" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[]);
            "d.items().isdisjoint(1, 2)" => |h, e| h.call_method(&iv(h, &e.d), "isdisjoint", &[i(1), i(2)]);
            "d.keys().isdisjoint([[1]])" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[lst(h, &[lst(h, &[i(1)])])]);
            "d.values().isdisjoint([])" => |h, e| h.call_method(&vv(h, &e.d), "isdisjoint", &[lst(h, &[])]);
            "x = ed.keys() ;; x.isdisjoint(x)" => |h, e| { let x = kv(h, &e.ed); h.call_method(&x, "isdisjoint", &[x.clone()]) };
            "x = d.keys() ;; x.isdisjoint(x)" => |h, e| { let x = kv(h, &e.d); h.call_method(&x, "isdisjoint", &[x.clone()]) };
            // ---- repr of a dict holding itself, or its view -----------------------------
            "x = {} ;; x['a'] = x ;; x.keys()" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &s("a"), &x).unwrap(); h.call_method(&x, "keys", &[]) };
            "x = {} ;; x['a'] = x ;; x.values()" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &s("a"), &x).unwrap(); h.call_method(&x, "values", &[]) };
            "x = {} ;; x['a'] = x ;; x.items()" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &s("a"), &x).unwrap(); h.call_method(&x, "items", &[]) };
            "x = {} ;; v = x.values() ;; x['v'] = v ;; v" => |h, e| { let x = h.dict(&[]).unwrap(); let v = vv(h, &x); h.setitem(&x, &s("v"), &v).unwrap(); Ok::<_, Error>(v) };
            "x = {} ;; v = x.items() ;; x['v'] = v ;; v" => |h, e| { let x = h.dict(&[]).unwrap(); let v = iv(h, &x); h.setitem(&x, &s("v"), &v).unwrap(); Ok::<_, Error>(v) };
            "x = {} ;; v = x.values() ;; x['v'] = v ;; x" => |h, e| { let x = h.dict(&[]).unwrap(); let v = vv(h, &x); h.setitem(&x, &s("v"), &v).unwrap(); Ok::<_, Error>(x) };
            "x = {} ;; v = x.keys() ;; x[1] = [v] ;; x.values()" => |h, e| { let x = h.dict(&[]).unwrap(); let v = kv(h, &x); h.setitem(&x, &i(1), &lst(h, &[v])).unwrap(); h.call_method(&x, "values", &[]) };
            "str(d.items())" => |h, e| h.str(&iv(h, &e.d));
            "[d.keys()]" => |h, e| Ok::<_, Error>(lst(h, &[kv(h, &e.d)]));
            // ---- review helper-59: views of dict subclasses, `&` and `isdisjoint` as
            // CPython's (which side is iterated, which asked `in`), a set subclass's
            // methods not asked before the view's comparison, mutation mid-iteration,
            // nesting, `items() ^ items()` hashing no key again ---------------------
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; _S(x.keys() | set())" => |h, e| sset(h, op(h, &kv(h, &di(h)), &st(h, &[]), Or));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; _S(x.keys() - set())" => |h, e| sset(h, op(h, &kv(h, &di(h)), &st(h, &[]), Sub));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; _S(x.keys() ^ set())" => |h, e| sset(h, op(h, &kv(h, &di(h)), &st(h, &[]), Xor));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; _S(x.keys() & {'a', 99})" => |h, e| sset(h, op(h, &kv(h, &di(h)), &st(h, &[s("a"), i(99)]), And));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; list(x.keys())" => |h, e| list_of(h, &kv(h, &di(h)));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; x.keys() == {'a'}" => |h, e| h.eq(&kv(h, &di(h)), &st(h, &[s("a")]));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; x.keys() <= {'a'}" => |h, e| h.compare(&kv(h, &di(h)), &st(h, &[s("a")]), CompareOp::Le);
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; x.keys().isdisjoint(['a'])" => |h, e| h.call_method(&kv(h, &di(h)), "isdisjoint", &[lst(h, &[s("a")])]);
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; len(d.keys() | x)" => |h, e| op(h, &kv(h, &e.d), &di(h), Or).and_then(|r| h.len(&r));
            "class DI(dict): __iter__ = lambda s: iter([99]) ;; x = DI(a=1) ;; _S(x.items() | set())" => |h, e| sset(h, op(h, &iv(h, &di(h)), &st(h, &[]), Or));
            "class DL(dict): __len__ = lambda s: 5; __contains__ = lambda s, k: True ;; x = DL(a=1) ;; [len(x.keys()), 'z' in x.keys(), x.keys() == {'a'}, bool(DL().keys()), x.keys() < {'a', 'b'}]" => |h, e| (|| -> Result<Value> { let x = dl(h, true); let y = dl(h, false); Ok::<_, Error>(lst(h, &[h.len(&kv(h, &x)).map(|n| i(n as i64))?, h.contains(&kv(h, &x), &s("z"))?.into(), h.eq(&kv(h, &x), &st(h, &[s("a")]))?.into(), h.truthy(&kv(h, &y))?.into(), h.compare(&kv(h, &x), &st(h, &[s("a"), s("b")]), CompareOp::Lt)?.into()])) })();
            "class DG(dict): __getitem__ = lambda s, k: 5 ;; x = DG(a=1) ;; [('a', 1) in x.items(), ('a', 5) in x.items(), list(x.items()), list(x.values())]" => |h, e| (|| -> Result<Value> { let x = dg(h); Ok::<_, Error>(lst(h, &[h.contains(&iv(h, &x), &tp(h, &[s("a"), i(1)]))?.into(), h.contains(&iv(h, &x), &tp(h, &[s("a"), i(5)]))?.into(), list_of(h, &iv(h, &x))?, list_of(h, &vv(h, &x))?])) })();
            "{'a': []}.items() & []" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &lst(h, &[]), And);
            "{'a': []}.items() & {'b': 2}.items()" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &iv(h, &h.dict(&[(s("b"), i(2))]).unwrap()), And);
            "{'a': [], 'b': 1}.items() & {('b', 1)}" => |h, e| op(h, &iv(h, &h.dict(&[(s("a"), lst(h, &[])), (s("b"), i(1))]).unwrap()), &st(h, &[tp(h, &[s("b"), i(1)])]), And);
            "[('a', [])] & d.items()" => |h, e| op(h, &lst(h, &[tp(h, &[s("a"), lst(h, &[])])]), &iv(h, &e.d), And);
            "[('a', 1), ('a', 1)] & d.items()" => |h, e| op(h, &lst(h, &[tp(h, &[s("a"), i(1)]), tp(h, &[s("a"), i(1)])]), &iv(h, &e.d), And);
            "{'a': []}.items().isdisjoint({('a', 1), ('b', 2)})" => |h, e| h.call_method(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), "isdisjoint", &[st(h, &[tp(h, &[s("a"), i(1)]), tp(h, &[s("b"), i(2)])])]);
            "{'a': []}.items().isdisjoint([('a', 1), ('b', 2)])" => |h, e| h.call_method(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), "isdisjoint", &[lst(h, &[tp(h, &[s("a"), i(1)]), tp(h, &[s("b"), i(2)])])]);
            "class SE(set): __eq__ = lambda s, o: False ;; d.keys() == SE({'a'})" => |h, e| h.eq(&kv(h, &e.d), &sub_set(h, "__eq__", &[s("a")]));
            "class SE(set): __eq__ = lambda s, o: False ;; d.keys() != SE({'a'})" => |h, e| h.ne(&kv(h, &e.d), &sub_set(h, "__eq__", &[s("a")]));
            "class SE(set): __gt__ = lambda s, o: False ;; d.keys() < SE({'a', 'b'})" => |h, e| h.compare(&kv(h, &e.d), &sub_set(h, "__gt__", &[s("a"), s("b")]), CompareOp::Lt);
            "class SE(set): __len__ = lambda s: 7 ;; d.keys() == SE({'a'})" => |h, e| h.eq(&kv(h, &e.d), &sub_set(h, "__len__", &[s("a")]));
            "class SE(set): __contains__ = lambda s, x: True ;; d.keys() == SE({'z'})" => |h, e| h.eq(&kv(h, &e.d), &sub_set(h, "__contains__", &[s("z")]));
            "class SE(set): __contains__ = lambda s, x: True ;; d.keys().isdisjoint(SE({'y', 'z'}))" => |h, e| h.call_method(&kv(h, &e.d), "isdisjoint", &[sub_set(h, "__contains__", &[s("y"), s("z")])]);
            "class SE(set): __contains__ = lambda s, x: True ;; d.keys() <= SE({'y', 'z'})" => |h, e| h.compare(&kv(h, &e.d), &sub_set(h, "__contains__", &[s("y"), s("z")]), CompareOp::Le);
            "class M: __eq__ = lambda s, o: d.clear() ;; M() in d.values()" => |h, e| h.contains(&vv(h, &e.d), &clearer(h, &e.d, Value::None));
            "class M: __eq__ = lambda s, o: d.clear() or True ;; ('a', M()) in d.items()" => |h, e| h.contains(&iv(h, &e.d), &tp(h, &[s("a"), clearer(h, &e.d, true.into())]));
            "class M: __eq__ = lambda s, o: d.clear() ;; d['b'] = M() ;; d.items() == {'a': 1, 'b': 2}.items()" => |h, e| { h.setitem(&e.d, &s("b"), &clearer(h, &e.d, Value::None)).unwrap(); h.eq(&iv(h, &e.d), &iv(h, &dab(h))) };
            "class M: __eq__ = lambda s, o: d.clear() ;; d['b'] = M() ;; {'a': 1, 'b': 2}.items() == d.items()" => |h, e| { h.setitem(&e.d, &s("b"), &clearer(h, &e.d, Value::None)).unwrap(); h.eq(&iv(h, &dab(h)), &iv(h, &e.d)) };
            "class M: __eq__ = lambda s, o: d.clear() ;; d['b'] = M() ;; {'b': 2}.items() ^ d.items()" => |h, e| { h.setitem(&e.d, &s("b"), &clearer(h, &e.d, Value::None)).unwrap(); op(h, &iv(h, &h.dict(&[(s("b"), i(2))]).unwrap()), &iv(h, &e.d), Xor) };
            "class M: __eq__ = lambda s, o: d.clear() ;; d['b'] = M() ;; d.items() ^ {'b': 2, 'c': 3}.items()" => |h, e| { h.setitem(&e.d, &s("b"), &clearer(h, &e.d, Value::None)).unwrap(); op(h, &iv(h, &e.d), &iv(h, &h.dict(&[(s("b"), i(2)), (s("c"), i(3))]).unwrap()), Xor).and_then(|r| h.len(&r)) };
            "x = iter(d.keys()) ;; del d['a'] ;; d['c'] = 3 ;; list(x)" => |h, e| { let x = it(h, &kv(h, &e.d)); h.delitem(&e.d, &s("a")).unwrap(); h.setitem(&e.d, &s("c"), &i(3)).unwrap(); list_of(h, &x) };
            "x = reversed(d.keys()) ;; del d['a'] ;; d['c'] = 3 ;; list(x)" => |h, e| { let x = h.reversed(&kv(h, &e.d)).unwrap(); h.delitem(&e.d, &s("a")).unwrap(); h.setitem(&e.d, &s("c"), &i(3)).unwrap(); list_of(h, &x) };
            "x = iter(d.keys()) ;; list(x) ;; d['b'] = 2 ;; list(x)" => |h, e| { let x = it(h, &kv(h, &e.d)); list_of(h, &x).unwrap(); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); list_of(h, &x) };
            "x = reversed(d.items()) ;; list(x) ;; d['b'] = 2 ;; list(x)" => |h, e| { let x = h.reversed(&iv(h, &e.d)).unwrap(); list_of(h, &x).unwrap(); h.setitem(&e.d, &s("b"), &i(2)).unwrap(); list_of(h, &x) };
            "x = dict.fromkeys(range(3)) ;; y = reversed(x.keys()) ;; del x[2] ;; x[9] = 0 ;; list(y)" => |h, e| { let x = fk(h, 3); let y = h.reversed(&kv(h, &x)).unwrap(); h.delitem(&x, &i(2)).unwrap(); h.setitem(&x, &i(9), &i(0)).unwrap(); list_of(h, &y) };
            "x = dict.fromkeys(range(3)) ;; y = reversed(x.keys()) ;; del x[0] ;; x[9] = 0 ;; list(y)" => |h, e| { let x = fk(h, 3); let y = h.reversed(&kv(h, &x)).unwrap(); h.delitem(&x, &i(0)).unwrap(); h.setitem(&x, &i(9), &i(0)).unwrap(); list_of(h, &y) };
            "x = dict.fromkeys(range(3)) ;; y = iter(x.keys()) ;; next(y) ;; del x[0] ;; x[9] = 0 ;; list(y)" => |h, e| { let x = fk(h, 3); let y = it(h, &kv(h, &x)); nx(h, &y).unwrap(); h.delitem(&x, &i(0)).unwrap(); h.setitem(&x, &i(9), &i(0)).unwrap(); list_of(h, &y) };
            "x = dict.fromkeys(range(3)) ;; y = iter(x.keys()) ;; next(y) ;; del x[2] ;; x[9] = 0 ;; list(y)" => |h, e| { let x = fk(h, 3); let y = it(h, &kv(h, &x)); nx(h, &y).unwrap(); h.delitem(&x, &i(2)).unwrap(); h.setitem(&x, &i(9), &i(0)).unwrap(); list_of(h, &y) };
            "x = dict.fromkeys(range(3)) ;; y = reversed(x.keys()) ;; [x.__setitem__(i, 0) for i in range(3, 50)] ;; [x.__delitem__(i) for i in range(3, 50)] ;; list(y)" => |h, e| { let x = fk(h, 3); let y = h.reversed(&kv(h, &x)).unwrap(); for k in 3..50 { h.setitem(&x, &i(k), &i(0)).unwrap(); } for k in 3..50 { h.delitem(&x, &i(k)).unwrap(); } list_of(h, &y) };
            "x = dict.fromkeys(range(5)) ;; y = iter(x.keys()) ;; next(y) ;; del x[0] ;; del x[1] ;; [x.__setitem__(i, 0) for i in range(5, 21)] ;; [x.__delitem__(i) for i in range(7, 21)] ;; list(y)" => |h, e| { let x = fk(h, 5); let y = it(h, &kv(h, &x)); nx(h, &y).unwrap(); h.delitem(&x, &i(0)).unwrap(); h.delitem(&x, &i(1)).unwrap(); for k in 5..21 { h.setitem(&x, &i(k), &i(0)).unwrap(); } for k in 7..21 { h.delitem(&x, &i(k)).unwrap(); } list_of(h, &y) };
            "x = dict.fromkeys(range(5)) ;; y = reversed(x.items()) ;; next(y) ;; del x[0] ;; del x[1] ;; [x.__setitem__(i, 0) for i in range(5, 21)] ;; [x.__delitem__(i) for i in range(7, 21)] ;; list(y)" => |h, e| { let x = fk(h, 5); let y = h.reversed(&iv(h, &x)).unwrap(); nx(h, &y).unwrap(); h.delitem(&x, &i(0)).unwrap(); h.delitem(&x, &i(1)).unwrap(); for k in 5..21 { h.setitem(&x, &i(k), &i(0)).unwrap(); } for k in 7..21 { h.delitem(&x, &i(k)).unwrap(); } list_of(h, &y) };
            "x = {} ;; x[1] = x.values() ;; x.values()" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &i(1), &vv(h, &x)).unwrap(); Ok::<_, Error>(vv(h, &x)) };
            "x = {} ;; x[1] = x.items() ;; x" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &i(1), &iv(h, &x)).unwrap(); Ok::<_, Error>(x) };
            "x = {} ;; x[1] = x.keys() ;; x" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &i(1), &kv(h, &x)).unwrap(); Ok::<_, Error>(x) };
            "x = [] ;; y = {1: x} ;; x.append(y.values()) ;; x" => |h, e| { let x = lst(h, &[]); let y = h.dict(&[(i(1), x.clone())]).unwrap(); h.list_append(&x, &vv(h, &y)).unwrap(); Ok::<_, Error>(x) };
            "x = {} ;; v = x.items() ;; x[1] = v ;; v == v" => |h, e| { let x = h.dict(&[]).unwrap(); let v = iv(h, &x); h.setitem(&x, &i(1), &v).unwrap(); h.eq(&v, &v) };
            "x = {} ;; v = x.items() ;; x[1] = v ;; v == x.items()" => |h, e| { let x = h.dict(&[]).unwrap(); let v = iv(h, &x); h.setitem(&x, &i(1), &v).unwrap(); h.eq(&v, &iv(h, &x)) };
            "len(d.items() ^ d.keys())" => |h, e| op(h, &iv(h, &e.d), &kv(h, &e.d), Xor).and_then(|r| h.len(&r));
            "len(d.keys() ^ d)" => |h, e| op(h, &kv(h, &e.d), &e.d, Xor).and_then(|r| h.len(&r));
            "d.keys() - iter([[1]])" => |h, e| op(h, &kv(h, &e.d), &h.iterator(&lst(h, &[lst(h, &[i(1)])])).unwrap(), Sub);
            "d.keys() ^ [[1]]" => |h, e| op(h, &kv(h, &e.d), &lst(h, &[lst(h, &[i(1)])]), Xor);
            "['a'] < d.keys()" => |h, e| h.compare(&lst(h, &[s("a")]), &kv(h, &e.d), CompareOp::Lt);
            "{1: 1}.keys() == {1: 1}.items()" => |h, e| h.eq(&kv(h, &h.dict(&[(i(1), i(1))]).unwrap()), &iv(h, &h.dict(&[(i(1), i(1))]).unwrap()));
            "class H: n = 0; __hash__ = lambda s: setattr(H, 'n', H.n + 1) or 1 ;; k = H() ;; x = {k: 1} ;; y = {k: 2} ;; H.n = 0 ;; z = x.items() ^ y.items() ;; H.n" => |h, e| { let (c, k) = counter(h); let x = h.dict(&[(k.clone(), i(1))]).unwrap(); let y = h.dict(&[(k, i(2))]).unwrap(); h.setattr(&c, "n", &i(0)).unwrap(); op(h, &iv(h, &x), &iv(h, &y), Xor).unwrap(); h.getattr(&c, "n") };
            "x = d.values() ;; {x: 1}[x]" => |h, e| { let x = vv(h, &e.d); h.getitem(&h.dict(&[(x.clone(), i(1))]).unwrap(), &x) };
            "d.items() < d.keys()" => |h, e| h.compare(&iv(h, &e.d), &kv(h, &e.d), CompareOp::Lt);
            "d.items() >= {('a', 1)}" => |h, e| h.compare(&iv(h, &e.d), &st(h, &[tp(h, &[s("a"), i(1)])]), CompareOp::Ge);
            "{'a': []}.items() >= set()" => |h, e| h.compare(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &st(h, &[]), CompareOp::Ge);
            "{'a': []}.items() <= set()" => |h, e| h.compare(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &st(h, &[]), CompareOp::Le);
            "{'a': []}.items() > {('b', 1)}" => |h, e| h.compare(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &st(h, &[tp(h, &[s("b"), i(1)])]), CompareOp::Gt);
            "{'a': []}.items() == {('b', 1)}" => |h, e| h.eq(&iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()), &st(h, &[tp(h, &[s("b"), i(1)])]));
            "{('b', 1)} == {'a': []}.items()" => |h, e| h.eq(&st(h, &[tp(h, &[s("b"), i(1)])]), &iv(h, &h.dict(&[(s("a"), lst(h, &[]))]).unwrap()));
        }
    }
}

/// `bytes`: the constructor (`__bytes__`, counts, iterables of ints, a str with an
/// encoding), repr, `len`, truth, comparisons, hashing, `in`, indexing, iteration,
/// `+` and `*`, the methods, and a proxy's `__bytes__`. Their classes are PRELUDE's
/// last (`BYTES_PRELUDE`), made on the lethe side by [`bc`] and [`bx`].
mod byts {
    use super::*;

    /// PRELUDE's classes of the bytes cases.
    pub const BYTES_PRELUDE: &str = r#"
class Bb:
    def __bytes__(self): return b'from bytes'
class BInt:
    def __bytes__(self): return 1
class BRaise:
    def __bytes__(self): raise ValueError('no bytes')
class BIdx:
    def __index__(self): return 2
class BIter:
    def __iter__(self): return 1
class BStr:
    def __str__(self): return 'string'
    def __bytes__(self): return b'bytes'
class BIdxErr:
    def __index__(self): raise ValueError('idx')
class BIdxStr:
    def __index__(self): return 'a'
class BNone:
    __bytes__ = None
class BEq:
    def __eq__(self, o): return 'BEq.eq'
    def __gt__(self, o): return 'BEq.gt'
    def __radd__(self, o): return 'BEq.radd'
    def __rmul__(self, o): return 'BEq.rmul'
class BItBad:
    i = 0
    def __iter__(self): return self
    def __next__(self):
        self.i += 1
        if self.i > 2: raise ValueError('bad next')
        return self.i
"#;

    /// The lethe side of [`BYTES_PRELUDE`]'s classes.
    pub struct Bc {
        bb: Value,
        b_int: Value,
        b_raise: Value,
        b_idx: Value,
        b_iter: Value,
        b_str: Value,
    }

    /// The lethe side of [`BYTES_PRELUDE`]'s edge classes (`BIdxErr`…).
    pub struct Bx {
        idx_err: Value,
        idx_str: Value,
        none: Value,
        eq: Value,
        it_bad: Value,
        class_bb: Value,
    }

    pub fn bx(h: &Heap) -> Bx {
        let cls = |name: &str, m: &str, f: fn(&Heap, &lethe::Args<'_>) -> Result<Value>| {
            let c = h.class(name).method(m, f).build().unwrap();
            h.call(&c, &[]).unwrap()
        };
        let new = |c: Value| h.call(&c, &[]).unwrap();
        Bx {
            idx_err: cls("BIdxErr", "__index__", |_, _| {
                Err(Error::ValueError("idx".into()))
            }),
            idx_str: cls("BIdxStr", "__index__", |_, _| Ok(s("a"))),
            none: new(h
                .class("BNone")
                .attr("__bytes__", Value::None)
                .build()
                .unwrap()),
            eq: new(h
                .class("BEq")
                .method("__eq__", |_, _| Ok(s("BEq.eq")))
                .method("__gt__", |_, _| Ok(s("BEq.gt")))
                .method("__radd__", |_, _| Ok(s("BEq.radd")))
                .method("__rmul__", |_, _| Ok(s("BEq.rmul")))
                .build()
                .unwrap()),
            it_bad: new(h
                .class("BItBad")
                .attr("i", i(0))
                .method("__iter__", |_, a| Ok(a.get(0)?.clone()))
                .method("__next__", |h, a| {
                    let me = a.get(0)?;
                    let n = h.getattr(me, "i")?.as_int().unwrap_or(0) + 1;
                    h.setattr(me, "i", &i(n))?;
                    if n > 2 {
                        return Err(Error::ValueError("bad next".into()));
                    }
                    Ok(i(n))
                })
                .build()
                .unwrap()),
            class_bb: h
                .class("Bb")
                .method("__bytes__", |h, _| h.bytes(b"from bytes"))
                .build()
                .unwrap(),
        }
    }

    pub fn bc(h: &Heap) -> Bc {
        let cls = |name: &str, m: &str, f: fn(&Heap, &lethe::Args<'_>) -> Result<Value>| {
            let c = h.class(name).method(m, f).build().unwrap();
            h.call(&c, &[]).unwrap()
        };
        let b_str = h
            .class("BStr")
            .method("__str__", |_, _| Ok(s("string")))
            .method("__bytes__", |h, _| h.bytes(b"bytes"))
            .build()
            .unwrap();
        Bc {
            bb: cls("Bb", "__bytes__", |h, _| h.bytes(b"from bytes")),
            b_int: cls("BInt", "__bytes__", |_, _| Ok(i(1))),
            b_raise: cls("BRaise", "__bytes__", |_, _| {
                Err(Error::ValueError("no bytes".into()))
            }),
            b_idx: cls("BIdx", "__index__", |_, _| Ok(i(2))),
            b_iter: cls("BIter", "__iter__", |_, _| Ok(i(1))),
            b_str: h.call(&b_str, &[]).unwrap(),
        }
    }

    fn b(h: &Heap, x: &[u8]) -> Value {
        h.bytes(x).unwrap()
    }
    /// `bytes(*args)`.
    fn by(h: &Heap, args: &[Value]) -> Result<Value> {
        h.call(&h.builtin(Builtin::Bytes), args)
    }
    /// `bytes(*args, **kw)`.
    fn byk(h: &Heap, args: &[Value], kw: &[(&str, Value)]) -> Result<Value> {
        h.call_kw(&h.builtin(Builtin::Bytes), args, kw)
    }
    fn nx(h: &Heap, it: &Value) -> Result<Value> {
        h.next(it)?
            .ok_or_else(|| Error::StopIteration(String::new()))
    }
    fn list_of(h: &Heap, x: &Value) -> Result<Value> {
        h.list(&h.iter(x)?)
    }
    fn abcab(h: &Heap, name: &str, args: &[Value]) -> Result<Value> {
        h.call_method(&b(h, b"abcab"), name, args)
    }
    fn abc(h: &Heap, name: &str, args: &[Value]) -> Result<Value> {
        h.call_method(&b(h, b"abc"), name, args)
    }
    fn tp(h: &Heap, items: &[Value]) -> Value {
        h.tuple(items).unwrap()
    }

    pub fn cases() -> Vec<Case> {
        use BinaryOp::{Add, Mod, Mul, Sub};
        use CompareOp::{Ge, Gt, Le, Lt};
        cases! {
            // ---- the constructor ------------------------------------------------------
            "bytes()" => |h, e| by(h, &[]);
            "bytes(3)" => |h, e| by(h, &[i(3)]);
            "bytes(0)" => |h, e| by(h, &[i(0)]);
            "bytes(-1)" => |h, e| by(h, &[i(-1)]);
            "bytes(True)" => |h, e| by(h, &[true.into()]);
            "bytes(mi)" => |h, e| by(h, &[e.mi.clone()]);
            "bytes(BIdx())" => |h, e| by(h, &[bc(h).b_idx]);
            "bytes([65, 66, 67])" => |h, e| by(h, &[lst(h, &[i(65), i(66), i(67)])]);
            "bytes((0, 255))" => |h, e| by(h, &[tp(h, &[i(0), i(255)])]);
            "bytes([256])" => |h, e| by(h, &[lst(h, &[i(256)])]);
            "bytes([-1])" => |h, e| by(h, &[lst(h, &[i(-1)])]);
            "bytes(['a'])" => |h, e| by(h, &[lst(h, &[s("a")])]);
            "bytes([1.5])" => |h, e| by(h, &[lst(h, &[f64v(1.5)])]);
            "bytes([None])" => |h, e| by(h, &[lst(h, &[Value::None])]);
            "bytes([True, BIdx()])" => |h, e| by(h, &[lst(h, &[true.into(), bc(h).b_idx])]);
            "bytes(iter([1, 2]))" => |h, e| by(h, &[h.iterator(&lst(h, &[i(1), i(2)])).unwrap()]);
            "bytes({1: 'a'})" => |h, e| by(h, &[h.dict(&[(i(1), s("a"))]).unwrap()]);
            "bytes(ml)" => |h, e| by(h, &[e.ml.clone()]);
            "bytes(frozenset([7]))" => |h, e| by(h, &[h.frozenset(&[i(7)]).unwrap()]);
            "bytes(b'abc')" => |h, e| by(h, &[b(h, b"abc")]);
            "x = b'abc' ;; bytes(x) is x" => |h, e| { let x = b(h, b"abc"); by(h, &[x.clone()]).map(|y| y.is(&x)) };
            "bytes(1.5)" => |h, e| by(h, &[f64v(1.5)]);
            "bytes(None)" => |h, e| by(h, &[Value::None]);
            "bytes(o)" => |h, e| by(h, &[e.o.clone()]);
            "bytes(BIter())" => |h, e| by(h, &[bc(h).b_iter]);
            "bytes(Bb())" => |h, e| by(h, &[bc(h).bb]);
            "bytes(BInt())" => |h, e| by(h, &[bc(h).b_int]);
            "bytes(BRaise())" => |h, e| by(h, &[bc(h).b_raise]);
            "bytes(BStr())" => |h, e| by(h, &[bc(h).b_str]);
            "str(BStr())" => |h, e| h.str(&bc(h).b_str);
            "bytes('abc')" => |h, e| by(h, &[s("abc")]);
            "bytes('')" => |h, e| by(h, &[s("")]);
            "bytes(MyStr('a'))" => |h, e| by(h, &[h.call(&e.my_str, &[s("a")]).unwrap()]);
            "bytes(MyStr('a'), 'ascii')" => |h, e| by(h, &[h.call(&e.my_str, &[s("a")]).unwrap(), s("ascii")]);
            "bytes('abc', 'utf-8')" => |h, e| by(h, &[s("abc"), s("utf-8")]);
            "bytes('é', 'utf-8')" => |h, e| by(h, &[s("é"), s("utf-8")]);
            "bytes('é', 'UTF_8')" => |h, e| by(h, &[s("é"), s("UTF_8")]);
            "bytes('é€', 'utf8')" => |h, e| by(h, &[s("é€"), s("utf8")]);
            "bytes('é', 'latin-1')" => |h, e| by(h, &[s("é"), s("latin-1")]);
            "bytes('é', 'ascii')" => |h, e| by(h, &[s("é"), s("ascii")]);
            "bytes('aéé', 'ascii')" => |h, e| by(h, &[s("aéé"), s("ascii")]);
            "bytes('aéb', 'ascii', 'ignore')" => |h, e| by(h, &[s("aéb"), s("ascii"), s("ignore")]);
            "bytes('aéb', 'ascii', 'replace')" => |h, e| by(h, &[s("aéb"), s("ascii"), s("replace")]);
            "bytes('aé', 'ascii', 'zz')" => |h, e| by(h, &[s("aé"), s("ascii"), s("zz")]);
            "bytes('a', 'ascii', 'zz')" => |h, e| by(h, &[s("a"), s("ascii"), s("zz")]);
            "bytes('€', 'latin-1')" => |h, e| by(h, &[s("€"), s("latin-1")]);
            "bytes('😀', 'latin1')" => |h, e| by(h, &[s("😀"), s("latin1")]);
            "bytes('a', 'zz')" => |h, e| by(h, &[s("a"), s("zz")]);
            "bytes(1, 'utf-8')" => |h, e| by(h, &[i(1), s("utf-8")]);
            "bytes(b'a', 'utf-8')" => |h, e| by(h, &[b(h, b"a"), s("utf-8")]);
            "bytes('a', errors='strict')" => |h, e| byk(h, &[s("a")], &[("errors", s("strict"))]);
            "bytes(1, errors='strict')" => |h, e| byk(h, &[i(1)], &[("errors", s("strict"))]);
            "bytes(encoding='utf-8')" => |h, e| byk(h, &[], &[("encoding", s("utf-8"))]);
            "bytes(errors='x')" => |h, e| byk(h, &[], &[("errors", s("x"))]);
            "bytes('a', 1)" => |h, e| by(h, &[s("a"), i(1)]);
            "bytes('a', 'utf-8', 1)" => |h, e| by(h, &[s("a"), s("utf-8"), i(1)]);
            "bytes(1, 2, 3, 4)" => |h, e| by(h, &[i(1), i(2), i(3), i(4)]);
            "bytes(x=1)" => |h, e| byk(h, &[], &[("x", i(1))]);
            "bytes(1, source=2)" => |h, e| byk(h, &[i(1)], &[("source", i(2))]);
            "bytes(source=[1])" => |h, e| byk(h, &[], &[("source", lst(h, &[i(1)]))]);
            "bytes(source='é', encoding='utf-8')" => |h, e| byk(h, &[], &[("source", s("é")), ("encoding", s("utf-8"))]);
            "type(b'')" => |h, e| h.type_of(&b(h, b""));
            "bytes" => |h, e| Ok::<_, Error>(h.builtin(Builtin::Bytes));
            "type(bytes(2))" => |h, e| by(h, &[i(2)]).and_then(|x| h.type_of(&x));
            "isinstance(b'a', bytes)" => |h, e| h.isinstance(&b(h, b"a"), &h.builtin(Builtin::Bytes));
            "isinstance('a', bytes)" => |h, e| h.isinstance(&s("a"), &h.builtin(Builtin::Bytes));
            "isinstance(b'a', object)" => |h, e| h.isinstance(&b(h, b"a"), &h.builtin(Builtin::Object));
            "# TypeError: type 'bytes' is not an acceptable base type" => |h, e| h.class("B").base(&h.builtin(Builtin::Bytes)).build();
            "weakref.ref(b'a')" => |h, e| h.weakref(&b(h, b"a"), None);
            "weakref.proxy(b'a')" => |h, e| h.proxy(&b(h, b"a"), None);
            "weakref.WeakSet([b'a'])" => |h, e| h.weak_set(&[b(h, b"a")]);
            "b'a'.x" => |h, e| h.getattr(&b(h, b"a"), "x");
            "setattr(b'a', 'x', 1)" => |h, e| h.setattr(&b(h, b"a"), "x", &i(1));
            "setattr(b'a', 'count', 1)" => |h, e| h.setattr(&b(h, b"a"), "count", &i(1));
            "b'a'()" => |h, e| h.call(&b(h, b"a"), &[]);
            // ---- a proxy's __bytes__ (weakrefobject.c's proxy_bytes) ------------------
            "x = Bb() ;; bytes(weakref.proxy(x))" => |h, e| { let x = bc(h).bb; by(h, &[h.proxy(&x, None).unwrap()]) };
            "x = BStr() ;; bytes(weakref.proxy(x))" => |h, e| { let x = bc(h).b_str; by(h, &[h.proxy(&x, None).unwrap()]) };
            "x = BStr() ;; str(weakref.proxy(x))" => |h, e| { let x = bc(h).b_str; h.str(&h.proxy(&x, None).unwrap()) };
            "x = BInt() ;; bytes(weakref.proxy(x))" => |h, e| { let x = bc(h).b_int; by(h, &[h.proxy(&x, None).unwrap()]) };
            "x = BRaise() ;; bytes(weakref.proxy(x))" => |h, e| { let x = bc(h).b_raise; by(h, &[h.proxy(&x, None).unwrap()]) };
            "bytes(p)" => |h, e| by(h, &[e.p.clone()]);
            "bytes(pml)" => |h, e| by(h, &[e.pml.clone()]);
            "bytes(dp)" => |h, e| by(h, &[e.dp.clone()]);
            "bytes(dpml)" => |h, e| by(h, &[e.dpml.clone()]);
            "x = Bb() ;; weakref.proxy(x).__bytes__()" => |h, e| { let x = bc(h).bb; h.call_method(&h.proxy(&x, None).unwrap(), "__bytes__", &[]) };
            "x = Bb() ;; hasattr(weakref.proxy(x), '__bytes__')" => |h, e| { let x = bc(h).bb; h.hasattr(&h.proxy(&x, None).unwrap(), "__bytes__") };
            "hasattr(p, '__bytes__')" => |h, e| h.hasattr(&e.p, "__bytes__");
            "p.__bytes__" => |h, e| h.getattr(&e.p, "__bytes__");
            "dp.__bytes__" => |h, e| h.getattr(&e.dp, "__bytes__");
            // ---- repr, str ------------------------------------------------------------
            "b''" => |h, e| Ok::<_, Error>(b(h, b""));
            "b'abc'" => |h, e| Ok::<_, Error>(b(h, b"abc"));
            r#"b"it's""# => |h, e| Ok::<_, Error>(b(h, b"it's"));
            r#"b'it\'s "q"'"# => |h, e| Ok::<_, Error>(b(h, b"it's \"q\""));
            r#"b'"'"# => |h, e| Ok::<_, Error>(b(h, b"\""));
            r"b'\x00\x01\x1f'" => |h, e| Ok::<_, Error>(b(h, b"\x00\x01\x1f"));
            r"b'\n\t\r'" => |h, e| Ok::<_, Error>(b(h, b"\n\t\r"));
            r"b'\\'" => |h, e| Ok::<_, Error>(b(h, b"\\"));
            r"b'a b~'" => |h, e| Ok::<_, Error>(b(h, b"a b~"));
            "bytes([127, 128, 200, 255])" => |h, e| Ok::<_, Error>(b(h, &[127, 128, 200, 255]));
            "bytes(range(32, 48))" => |h, e| Ok::<_, Error>(b(h, &(32..48).collect::<Vec<u8>>()));
            "str(b'ab')" => |h, e| h.str(&b(h, b"ab"));
            r#"str(b"it's")"# => |h, e| h.str(&b(h, b"it's"));
            "[b'a', b'']" => |h, e| h.list(&[b(h, b"a"), b(h, b"")]);
            "(b'a',)" => |h, e| h.tuple(&[b(h, b"a")]);
            "{b'a': b'b'}" => |h, e| h.dict(&[(b(h, b"a"), b(h, b"b"))]);
            // ---- len, truth -----------------------------------------------------------
            "len(b'')" => |h, e| h.len(&b(h, b""));
            "len(b'abc')" => |h, e| h.len(&b(h, b"abc"));
            "len(bytes(1000))" => |h, e| by(h, &[i(1000)]).and_then(|x| h.len(&x));
            "bool(b'')" => |h, e| h.truthy(&b(h, b""));
            "bool(b'a')" => |h, e| h.truthy(&b(h, b"a"));
            "bool(bytes(1))" => |h, e| by(h, &[i(1)]).and_then(|x| h.truthy(&x));
            // ---- ==, !=, ordering -----------------------------------------------------
            "b'a' == b'a'" => |h, e| h.eq(&b(h, b"a"), &b(h, b"a"));
            "b'a' == b'b'" => |h, e| h.eq(&b(h, b"a"), &b(h, b"b"));
            "b'a' == b'ab'" => |h, e| h.eq(&b(h, b"a"), &b(h, b"ab"));
            "b'a' != b'a'" => |h, e| h.ne(&b(h, b"a"), &b(h, b"a"));
            "b'a' != b'b'" => |h, e| h.ne(&b(h, b"a"), &b(h, b"b"));
            "b'a' == 'a'" => |h, e| h.eq(&b(h, b"a"), &s("a"));
            "'a' == b'a'" => |h, e| h.eq(&s("a"), &b(h, b"a"));
            "b'a' != 'a'" => |h, e| h.ne(&b(h, b"a"), &s("a"));
            r"b'\x01' == 1" => |h, e| h.eq(&b(h, b"\x01"), &i(1));
            "b'' == None" => |h, e| h.eq(&b(h, b""), &Value::None);
            "b'' == ()" => |h, e| h.eq(&b(h, b""), &tp(h, &[]));
            "b'a' == MyStr('a')" => |h, e| h.eq(&b(h, b"a"), &h.call(&e.my_str, &[s("a")]).unwrap());
            "b'a' < b'b'" => |h, e| h.compare(&b(h, b"a"), &b(h, b"b"), Lt);
            "b'ab' < b'a'" => |h, e| h.compare(&b(h, b"ab"), &b(h, b"a"), Lt);
            "b'a' <= b'a'" => |h, e| h.compare(&b(h, b"a"), &b(h, b"a"), Le);
            "b'b' > b'ab'" => |h, e| h.compare(&b(h, b"b"), &b(h, b"ab"), Gt);
            "b'' >= b''" => |h, e| h.compare(&b(h, b""), &b(h, b""), Ge);
            r"b'\xff' > b'a'" => |h, e| h.compare(&b(h, b"\xff"), &b(h, b"a"), Gt);
            "b'' < b'a'" => |h, e| h.compare(&b(h, b""), &b(h, b"a"), Lt);
            "b'a' < 'b'" => |h, e| h.compare(&b(h, b"a"), &s("b"), Lt);
            "'a' < b'b'" => |h, e| h.compare(&s("a"), &b(h, b"b"), Lt);
            "b'a' <= 1" => |h, e| h.compare(&b(h, b"a"), &i(1), Le);
            "b'a' >= None" => |h, e| h.compare(&b(h, b"a"), &Value::None, Ge);
            "b'a' > [97]" => |h, e| h.compare(&b(h, b"a"), &lst(h, &[i(97)]), Gt);
            "[b'a', 1] < [b'b', 0]" => |h, e| h.compare(&lst(h, &[b(h, b"a"), i(1)]), &lst(h, &[b(h, b"b"), i(0)]), Lt);
            "(b'a', 1) == (b'a', 1)" => |h, e| h.eq(&tp(h, &[b(h, b"a"), i(1)]), &tp(h, &[b(h, b"a"), i(1)]));
            "x = [b'b', b'a', b'ab'] ;; x.sort() ;; x" => |h, e| { let x = lst(h, &[b(h, b"b"), b(h, b"a"), b(h, b"ab")]); h.call_method(&x, "sort", &[]).map(|_| x) };
            "x = [b'b', 'a'] ;; x.sort()" => |h, e| h.call_method(&lst(h, &[b(h, b"b"), s("a")]), "sort", &[]);
            // ---- hash ---------------------------------------------------------------
            "hash(b'')" => |h, e| h.hash(&b(h, b""));
            "hash(b'ab') == hash(b'ab')" => |h, e| Ok::<_, Error>(h.hash(&b(h, b"ab")).unwrap() == h.hash(&b(h, b"ab")).unwrap());
            "hash(b'ab') == hash(bytes([97, 98]))" => |h, e| Ok::<_, Error>(h.hash(&b(h, b"ab")).unwrap() == h.hash(&by(h, &[lst(h, &[i(97), i(98)])]).unwrap()).unwrap());
            "hash(b'ab') == hash('ab')" => |h, e| Ok::<_, Error>(h.hash(&b(h, b"ab")).unwrap() == h.hash(&s("ab")).unwrap());
            "{b'a': 1}[b'a']" => |h, e| h.getitem(&h.dict(&[(b(h, b"a"), i(1))]).unwrap(), &b(h, b"a"));
            "{b'a': 1}['a']" => |h, e| h.getitem(&h.dict(&[(b(h, b"a"), i(1))]).unwrap(), &s("a"));
            "{b'a': 1}.get(97)" => |h, e| h.call_method(&h.dict(&[(b(h, b"a"), i(1))]).unwrap(), "get", &[i(97)]);
            "b'a' in {b'a'}" => |h, e| h.contains(&h.set(&[b(h, b"a")]).unwrap(), &b(h, b"a"));
            "len({b'a', b'a', b'b', 'a'})" => |h, e| h.len(&h.set(&[b(h, b"a"), b(h, b"a"), b(h, b"b"), s("a")]).unwrap());
            "frozenset([b'a']) == frozenset([b'a'])" => |h, e| h.eq(&h.frozenset(&[b(h, b"a")]).unwrap(), &h.frozenset(&[b(h, b"a")]).unwrap());
            "hash((b'a', 1)) == hash((b'a', 1))" => |h, e| Ok::<_, Error>(h.hash(&tp(h, &[b(h, b"a"), i(1)])).unwrap() == h.hash(&tp(h, &[b(h, b"a"), i(1)])).unwrap());
            // ---- in -------------------------------------------------------------------
            "97 in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &i(97));
            "100 in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &i(100));
            "b'bc' in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &b(h, b"bc"));
            "b'' in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &b(h, b""));
            "b'ac' in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &b(h, b"ac"));
            "b'abcd' in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &b(h, b"abcd"));
            "256 in b'a'" => |h, e| h.contains(&b(h, b"a"), &i(256));
            "-1 in b'a'" => |h, e| h.contains(&b(h, b"a"), &i(-1));
            "'a' in b'a'" => |h, e| h.contains(&b(h, b"a"), &s("a"));
            "1.5 in b'a'" => |h, e| h.contains(&b(h, b"a"), &f64v(1.5));
            "None in b'a'" => |h, e| h.contains(&b(h, b"a"), &Value::None);
            "[97] in b'a'" => |h, e| h.contains(&b(h, b"a"), &lst(h, &[i(97)]));
            r"True in b'\x01'" => |h, e| h.contains(&b(h, b"\x01"), &true.into());
            r"BIdx() in b'\x02'" => |h, e| h.contains(&b(h, b"\x02"), &bc(h).b_idx);
            "b'a' in 'abc'" => |h, e| h.contains(&s("abc"), &b(h, b"a"));
            "b'a' in [b'a']" => |h, e| h.contains(&lst(h, &[b(h, b"a")]), &b(h, b"a"));
            "b'a' in ['a']" => |h, e| h.contains(&lst(h, &[s("a")]), &b(h, b"a"));
            // ---- indexing --------------------------------------------------------------
            "b'abc'[0]" => |h, e| h.getitem(&b(h, b"abc"), &i(0));
            "b'abc'[-1]" => |h, e| h.getitem(&b(h, b"abc"), &i(-1));
            "b'abc'[-3]" => |h, e| h.getitem(&b(h, b"abc"), &i(-3));
            "b'abc'[3]" => |h, e| h.getitem(&b(h, b"abc"), &i(3));
            "b'abc'[-4]" => |h, e| h.getitem(&b(h, b"abc"), &i(-4));
            "b''[0]" => |h, e| h.getitem(&b(h, b""), &i(0));
            "b'abc'[True]" => |h, e| h.getitem(&b(h, b"abc"), &true.into());
            "b'abc'[BIdx()]" => |h, e| h.getitem(&b(h, b"abc"), &bc(h).b_idx);
            "b'abc'[mi]" => |h, e| h.getitem(&b(h, b"abc"), &e.mi);
            "x = 'x' ;; b'abc'[x]" => |h, e| h.getitem(&b(h, b"abc"), &s("x"));
            "x = 1.5 ;; b'abc'[x]" => |h, e| h.getitem(&b(h, b"abc"), &f64v(1.5));
            "x = None ;; b'abc'[x]" => |h, e| h.getitem(&b(h, b"abc"), &Value::None);
            "x = b'a' ;; x[0] = 1" => |h, e| h.setitem(&b(h, b"a"), &i(0), &i(1));
            "x = b'a' ;; del x[0]" => |h, e| h.delitem(&b(h, b"a"), &i(0));
            // ---- iteration -------------------------------------------------------------
            "list(b'abc')" => |h, e| list_of(h, &b(h, b"abc"));
            "list(b'')" => |h, e| list_of(h, &b(h, b""));
            "tuple(bytes([0, 255]))" => |h, e| h.call(&bi(h, Builtin::Tuple), &[b(h, &[0, 255])]);
            "len(set(b'aab'))" => |h, e| h.call(&bi(h, Builtin::Set), &[b(h, b"aab")]).and_then(|x| h.len(&x));
            "iter(b'ab')" => |h, e| h.iterator(&b(h, b"ab"));
            "type(iter(b''))" => |h, e| h.iterator(&b(h, b"")).and_then(|x| h.type_of(&x));
            "type(iter(b''))()" => |h, e| h.call(&h.type_of(&h.iterator(&b(h, b"")).unwrap()).unwrap(), &[]);
            "x = iter(b'ab') ;; [next(x), next(x), _T(lambda: next(x))]" => |h, e| { let x = h.iterator(&b(h, b"ab")).unwrap(); let p = nx(h, &x).unwrap(); let q = nx(h, &x).unwrap(); h.list(&[p, q, s(&nx(h, &x).unwrap_err().to_string())]) };
            "x = iter(b'a') ;; x.__next__()" => |h, e| h.call_method(&h.iterator(&b(h, b"a")).unwrap(), "__next__", &[]);
            "x = iter(b'a') ;; x.__iter__() is x" => |h, e| { let x = h.iterator(&b(h, b"a")).unwrap(); h.call_method(&x, "__iter__", &[]).map(|y| y.is(&x)) };
            "x = iter(b'') ;; x.__next__()" => |h, e| h.call_method(&h.iterator(&b(h, b"")).unwrap(), "__next__", &[]);
            "list(reversed(b'abc'))" => |h, e| h.reversed(&b(h, b"abc")).and_then(|r| list_of(h, &r));
            "list(reversed(b''))" => |h, e| h.reversed(&b(h, b"")).and_then(|r| list_of(h, &r));
            "type(reversed(b'ab'))" => |h, e| h.reversed(&b(h, b"ab")).and_then(|r| h.type_of(&r));
            "b'a'.__reversed__" => |h, e| h.getattr(&b(h, b"a"), "__reversed__");
            "x = [0] ;; x.extend(b'ab') ;; x" => |h, e| { let x = lst(h, &[i(0)]); h.call_method(&x, "extend", &[b(h, b"ab")]).map(|_| x) };
            "x = [0] ;; x += b'ab' ;; x" => |h, e| { let x = lst(h, &[i(0)]); h.inplace_op(&x, &b(h, b"ab"), Add).map(|_| x) };
            "weakref.ref(iter(b'a'))" => |h, e| h.weakref(&h.iterator(&b(h, b"a")).unwrap(), None);
            "[b'a', b'b'].index(b'b')" => |h, e| h.call_method(&lst(h, &[b(h, b"a"), b(h, b"b")]), "index", &[b(h, b"b")]);
            "(b'a', b'a').count(b'a')" => |h, e| h.call_method(&tp(h, &[b(h, b"a"), b(h, b"a")]), "count", &[b(h, b"a")]);
            // ---- + and * --------------------------------------------------------------
            "b'ab' + b'cd'" => |h, e| h.binary_op(&b(h, b"ab"), &b(h, b"cd"), Add);
            "b'' + b''" => |h, e| h.binary_op(&b(h, b""), &b(h, b""), Add);
            "b'a' + 'b'" => |h, e| h.binary_op(&b(h, b"a"), &s("b"), Add);
            "b'a' + 1" => |h, e| h.binary_op(&b(h, b"a"), &i(1), Add);
            "b'a' + None" => |h, e| h.binary_op(&b(h, b"a"), &Value::None, Add);
            "b'a' + [1]" => |h, e| h.binary_op(&b(h, b"a"), &lst(h, &[i(1)]), Add);
            "'a' + b'b'" => |h, e| h.binary_op(&s("a"), &b(h, b"b"), Add);
            "[1] + b'a'" => |h, e| h.binary_op(&lst(h, &[i(1)]), &b(h, b"a"), Add);
            "(1,) + b'a'" => |h, e| h.binary_op(&tp(h, &[i(1)]), &b(h, b"a"), Add);
            "1 + b'a'" => |h, e| h.binary_op(&i(1), &b(h, b"a"), Add);
            "b'ab' * 2" => |h, e| h.binary_op(&b(h, b"ab"), &i(2), Mul);
            "2 * b'ab'" => |h, e| h.binary_op(&i(2), &b(h, b"ab"), Mul);
            "b'ab' * 0" => |h, e| h.binary_op(&b(h, b"ab"), &i(0), Mul);
            "b'ab' * -1" => |h, e| h.binary_op(&b(h, b"ab"), &i(-1), Mul);
            "b'a' * True" => |h, e| h.binary_op(&b(h, b"a"), &true.into(), Mul);
            "b'a' * BIdx()" => |h, e| h.binary_op(&b(h, b"a"), &bc(h).b_idx, Mul);
            "BIdx() * b'a'" => |h, e| h.binary_op(&bc(h).b_idx, &b(h, b"a"), Mul);
            "b'a' * mi" => |h, e| h.binary_op(&b(h, b"a"), &e.mi, Mul);
            "b'a' * 'x'" => |h, e| h.binary_op(&b(h, b"a"), &s("x"), Mul);
            "b'a' * 1.5" => |h, e| h.binary_op(&b(h, b"a"), &f64v(1.5), Mul);
            "b'a' * b'a'" => |h, e| h.binary_op(&b(h, b"a"), &b(h, b"a"), Mul);
            "'a' * b'a'" => |h, e| h.binary_op(&s("a"), &b(h, b"a"), Mul);
            "b'a' * (2 ** 40)" => |h, e| h.binary_op(&b(h, b"a"), &i(1 << 40), Mul);
            "b'' * (2 ** 40)" => |h, e| h.binary_op(&b(h, b""), &i(1 << 40), Mul);
            "b'a' - b'a'" => |h, e| h.binary_op(&b(h, b"a"), &b(h, b"a"), Sub);
            "b'%d' % 1" => |h, e| h.binary_op(&b(h, b"%d"), &i(1), Mod);
            "1 % b'a'" => |h, e| h.binary_op(&i(1), &b(h, b"a"), Mod);
            "-b'a'" => |h, e| h.unary_op(&b(h, b"a"), UnaryOp::Neg);
            "x = b'a' ;; x += b'b' ;; x" => |h, e| h.inplace_op(&b(h, b"a"), &b(h, b"b"), Add);
            "x = b'a' ;; y = x ;; x += b'b' ;; y" => |h, e| { let x = b(h, b"a"); h.inplace_op(&x, &b(h, b"b"), Add).map(|_| x) };
            "x = b'a' ;; x += 'b'" => |h, e| h.inplace_op(&b(h, b"a"), &s("b"), Add);
            "x = b'ab' ;; x *= 2 ;; x" => |h, e| h.inplace_op(&b(h, b"ab"), &i(2), Mul);
            "x = b'ab' ;; x *= 'x'" => |h, e| h.inplace_op(&b(h, b"ab"), &s("x"), Mul);
            "x = 3 ;; x *= b'ab' ;; x" => |h, e| h.inplace_op(&i(3), &b(h, b"ab"), Mul);
            "x = b'a' ;; x -= b'a'" => |h, e| h.inplace_op(&b(h, b"a"), &b(h, b"a"), Sub);
            // ---- methods -----------------------------------------------------------------
            "b'abcab'.count(b'ab')" => |h, e| abcab(h, "count", &[b(h, b"ab")]);
            "b'abcab'.count(97)" => |h, e| abcab(h, "count", &[i(97)]);
            "b'abcab'.count(b'')" => |h, e| abcab(h, "count", &[b(h, b"")]);
            "b'abcab'.count(b'', 6)" => |h, e| abcab(h, "count", &[b(h, b""), i(6)]);
            "b'abcab'.count(b'a', 1)" => |h, e| abcab(h, "count", &[b(h, b"a"), i(1)]);
            "b'abcab'.count(b'a', 0, 3)" => |h, e| abcab(h, "count", &[b(h, b"a"), i(0), i(3)]);
            "b'abcab'.count(b'a', -2)" => |h, e| abcab(h, "count", &[b(h, b"a"), i(-2)]);
            "b'abcab'.count(b'a', None, None)" => |h, e| abcab(h, "count", &[b(h, b"a"), Value::None, Value::None]);
            "b'aaaa'.count(b'aa')" => |h, e| h.call_method(&b(h, b"aaaa"), "count", &[b(h, b"aa")]);
            "b'abcab'.count('a')" => |h, e| abcab(h, "count", &[s("a")]);
            "b'abcab'.count(256)" => |h, e| abcab(h, "count", &[i(256)]);
            "b'abcab'.count()" => |h, e| abcab(h, "count", &[]);
            "b'abcab'.count(1, 2, 3, 4)" => |h, e| abcab(h, "count", &[i(1), i(2), i(3), i(4)]);
            "m = b'abcab'.count ;; m(x=1)" => |h, e| h.call_kw(&h.getattr(&b(h, b"abcab"), "count").unwrap(), &[], &[("x", i(1))]);
            "b'abcab'.find(b'b')" => |h, e| abcab(h, "find", &[b(h, b"b")]);
            "b'abcab'.find(b'z')" => |h, e| abcab(h, "find", &[b(h, b"z")]);
            "b'abcab'.find(b'b', 2)" => |h, e| abcab(h, "find", &[b(h, b"b"), i(2)]);
            "b'abcab'.find(98, -2)" => |h, e| abcab(h, "find", &[i(98), i(-2)]);
            "b'abcab'.find(b'', 5)" => |h, e| abcab(h, "find", &[b(h, b""), i(5)]);
            "b'abcab'.find(b'', 10)" => |h, e| abcab(h, "find", &[b(h, b""), i(10)]);
            "b'abcab'.find(b'ab', 1, 4)" => |h, e| abcab(h, "find", &[b(h, b"ab"), i(1), i(4)]);
            "b'abcab'.find(b'b', 'x')" => |h, e| abcab(h, "find", &[b(h, b"b"), s("x")]);
            "b'abcab'.find(b'b', BIdx())" => |h, e| abcab(h, "find", &[b(h, b"b"), bc(h).b_idx]);
            "b'abcab'.rfind(b'b')" => |h, e| abcab(h, "rfind", &[b(h, b"b")]);
            "b'abcab'.rfind(b'')" => |h, e| abcab(h, "rfind", &[b(h, b"")]);
            "b'abcab'.rfind(b'a', 0, 4)" => |h, e| abcab(h, "rfind", &[b(h, b"a"), i(0), i(4)]);
            "b'abcab'.index(b'c')" => |h, e| abcab(h, "index", &[b(h, b"c")]);
            "b'abcab'.index(b'z')" => |h, e| abcab(h, "index", &[b(h, b"z")]);
            "b'abcab'.rindex(b'a')" => |h, e| abcab(h, "rindex", &[b(h, b"a")]);
            "b'abcab'.rindex(b'c', 3)" => |h, e| abcab(h, "rindex", &[b(h, b"c"), i(3)]);
            "b'abcab'.index()" => |h, e| abcab(h, "index", &[]);
            "b'abc'.startswith(b'ab')" => |h, e| abc(h, "startswith", &[b(h, b"ab")]);
            "b'abc'.startswith(b'bc')" => |h, e| abc(h, "startswith", &[b(h, b"bc")]);
            "b'abc'.startswith((b'x', b'a'))" => |h, e| abc(h, "startswith", &[tp(h, &[b(h, b"x"), b(h, b"a")])]);
            "b'abc'.startswith(())" => |h, e| abc(h, "startswith", &[tp(h, &[])]);
            "b'abc'.startswith(b'b', 1)" => |h, e| abc(h, "startswith", &[b(h, b"b"), i(1)]);
            "b'abc'.startswith(b'', 3)" => |h, e| abc(h, "startswith", &[b(h, b""), i(3)]);
            "b'abc'.startswith(b'', 4)" => |h, e| abc(h, "startswith", &[b(h, b""), i(4)]);
            "b'abc'.startswith(b'abcd')" => |h, e| abc(h, "startswith", &[b(h, b"abcd")]);
            "b'abc'.endswith(b'bc')" => |h, e| abc(h, "endswith", &[b(h, b"bc")]);
            "b'abc'.endswith(b'b', 0, 2)" => |h, e| abc(h, "endswith", &[b(h, b"b"), i(0), i(2)]);
            "b'abc'.endswith(b'a', -5, -2)" => |h, e| abc(h, "endswith", &[b(h, b"a"), i(-5), i(-2)]);
            "b'abc'.endswith(b'', 4)" => |h, e| abc(h, "endswith", &[b(h, b""), i(4)]);
            "b'abc'.startswith('a')" => |h, e| abc(h, "startswith", &[s("a")]);
            "b'abc'.endswith(97)" => |h, e| abc(h, "endswith", &[i(97)]);
            "b'abc'.endswith([b'c'])" => |h, e| abc(h, "endswith", &[lst(h, &[b(h, b"c")])]);
            "b'abc'.startswith(('a',))" => |h, e| abc(h, "startswith", &[tp(h, &[s("a")])]);
            "b'abc'.startswith((b'a', 'a'))" => |h, e| abc(h, "startswith", &[tp(h, &[b(h, b"a"), s("a")])]);
            "b'abc'.startswith()" => |h, e| abc(h, "startswith", &[]);
            "b'abc'.endswith(b'c', 0, 3, 4)" => |h, e| abc(h, "endswith", &[b(h, b"c"), i(0), i(3), i(4)]);
            "b'abc'.startswith(b'a', None, 'x')" => |h, e| abc(h, "startswith", &[b(h, b"a"), Value::None, s("x")]);
            "b'abc'.decode()" => |h, e| abc(h, "decode", &[]);
            r"b'\xc3\xa9'.decode()" => |h, e| h.call_method(&b(h, b"\xc3\xa9"), "decode", &[]);
            r"b'\xc3\xa9'.decode('latin-1')" => |h, e| h.call_method(&b(h, b"\xc3\xa9"), "decode", &[s("latin-1")]);
            r"b'\xff'.decode()" => |h, e| h.call_method(&b(h, b"\xff"), "decode", &[]);
            r"b'a\x80'.decode('utf-8')" => |h, e| h.call_method(&b(h, b"a\x80"), "decode", &[s("utf-8")]);
            r"b'a\xe2\x82'.decode()" => |h, e| h.call_method(&b(h, b"a\xe2\x82"), "decode", &[]);
            r"b'\xe2'.decode()" => |h, e| h.call_method(&b(h, b"\xe2"), "decode", &[]);
            r"b'\xe2(\xa1'.decode()" => |h, e| h.call_method(&b(h, b"\xe2(\xa1"), "decode", &[]);
            r"b'\xf0\x9f\x98('.decode()" => |h, e| h.call_method(&b(h, b"\xf0\x9f\x98("), "decode", &[]);
            r"b'\xed\xa0\x80'.decode()" => |h, e| h.call_method(&b(h, b"\xed\xa0\x80"), "decode", &[]);
            r"b'\xc0\x80'.decode()" => |h, e| h.call_method(&b(h, b"\xc0\x80"), "decode", &[]);
            r"b'\xf0\x9f\x98\x80'.decode()" => |h, e| h.call_method(&b(h, b"\xf0\x9f\x98\x80"), "decode", &[]);
            r"b'ab\xff'.decode('ascii')" => |h, e| h.call_method(&b(h, b"ab\xff"), "decode", &[s("ascii")]);
            r"b'a\xffb\xfe'.decode('utf-8', 'replace')" => |h, e| h.call_method(&b(h, b"a\xffb\xfe"), "decode", &[s("utf-8"), s("replace")]);
            r"b'a\xe2\x82b'.decode('utf-8', 'replace')" => |h, e| h.call_method(&b(h, b"a\xe2\x82b"), "decode", &[s("utf-8"), s("replace")]);
            r"b'a\xffb'.decode('utf-8', 'ignore')" => |h, e| h.call_method(&b(h, b"a\xffb"), "decode", &[s("utf-8"), s("ignore")]);
            r"b'a\xffb'.decode('ascii', 'replace')" => |h, e| h.call_method(&b(h, b"a\xffb"), "decode", &[s("ascii"), s("replace")]);
            r"b'a\xffb'.decode('ascii', 'ignore')" => |h, e| h.call_method(&b(h, b"a\xffb"), "decode", &[s("ascii"), s("ignore")]);
            r"b'\xff'.decode('utf-8', 'zz')" => |h, e| h.call_method(&b(h, b"\xff"), "decode", &[s("utf-8"), s("zz")]);
            "b'a'.decode('utf-8', 'zz')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf-8"), s("zz")]);
            r"b'\x80\xff'.decode('latin1')" => |h, e| h.call_method(&b(h, b"\x80\xff"), "decode", &[s("latin1")]);
            "b'abc'.decode('UTF8')" => |h, e| abc(h, "decode", &[s("UTF8")]);
            "b'abc'.decode('zz')" => |h, e| abc(h, "decode", &[s("zz")]);
            "b'abc'.decode(1)" => |h, e| abc(h, "decode", &[i(1)]);
            "b'abc'.decode('ascii', 1)" => |h, e| abc(h, "decode", &[s("ascii"), i(1)]);
            "b'abc'.decode('a', 'b', 'c')" => |h, e| abc(h, "decode", &[s("a"), s("b"), s("c")]);
            "b'abc'.decode(x=1)" => |h, e| h.call_kw(&h.getattr(&b(h, b"abc"), "decode").unwrap(), &[], &[("x", i(1))]);
            "x = b'a' ;; del x['k']" => |h, e| h.delitem(&b(h, b"a"), &s("k"));
            "b'abc'.decode(encoding='ascii')" => |h, e| h.call_kw(&h.getattr(&b(h, b"abc"), "decode").unwrap(), &[], &[("encoding", s("ascii"))]);
            "b'abc'.decode('ascii', encoding='ascii')" => |h, e| h.call_kw(&h.getattr(&b(h, b"abc"), "decode").unwrap(), &[s("ascii")], &[("encoding", s("ascii"))]);
            "b'a'.__bytes__()" => |h, e| h.call_method(&b(h, b"a"), "__bytes__", &[]);
            "x = b'a' ;; x.__bytes__() is x" => |h, e| { let x = b(h, b"a"); h.call_method(&x, "__bytes__", &[]).map(|y| y.is(&x)) };
            "b''.__bytes__(1)" => |h, e| h.call_method(&b(h, b""), "__bytes__", &[i(1)]);
            "b'a'.count" => |h, e| h.getattr(&b(h, b"a"), "count");
            "type(b'a'.find)" => |h, e| h.getattr(&b(h, b"a"), "find").and_then(|m| h.type_of(&m));
            "b'a'.find.__self__" => |h, e| h.getattr(&b(h, b"a"), "find").and_then(|m| h.getattr(&m, "__self__"));
            "hasattr(b'a', 'decode')" => |h, e| h.hasattr(&b(h, b"a"), "decode");
            // ---- str() and int() of bytes ------------------------------------------------
            "str(b'ab', 'ascii')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"ab"), s("ascii")]);
            r"str(b'a\xff', 'utf-8', 'replace')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"a\xff"), s("utf-8"), s("replace")]);
            r"str(b'a\xff', errors='ignore')" => |h, e| h.call_kw(&bi(h, Builtin::Str), &[b(h, b"a\xff")], &[("errors", s("ignore"))]);
            r"str(b'\xff', 'ascii')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"\xff"), s("ascii")]);
            "str(b'a', 'zz')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"a"), s("zz")]);
            "int(b'12')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"12")]);
            "int(b' -7 ')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b" -7 ")]);
            "int(b'ff', 16)" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"ff"), i(16)]);
            "int(b'x')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"x")]);
            r"int(b'\xff')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"\xff")]);
            // ---- review: the order of checks, edge bounds, identity, codec lookup ----------
            "b'abc'.find('x', 'y')" => |h, e| abc(h, "find", &[s("x"), s("y")]);
            "b'abc'.count(256, 'y')" => |h, e| abc(h, "count", &[i(256), s("y")]);
            "b'abc'.index(b'a', None, [])" => |h, e| abc(h, "index", &[b(h, b"a"), Value::None, lst(h, &[])]);
            "b'abc'.startswith('a', 'y')" => |h, e| abc(h, "startswith", &[s("a"), s("y")]);
            "b'abc'.find(b'', 3)" => |h, e| abc(h, "find", &[b(h, b""), i(3)]);
            "b'abc'.find(b'', 4)" => |h, e| abc(h, "find", &[b(h, b""), i(4)]);
            "b'abc'.rfind(b'', -1)" => |h, e| abc(h, "rfind", &[b(h, b""), i(-1)]);
            "b'abc'.rfind(b'', 4)" => |h, e| abc(h, "rfind", &[b(h, b""), i(4)]);
            "b'abc'.count(b'', 2, 1)" => |h, e| abc(h, "count", &[b(h, b""), i(2), i(1)]);
            "b'abc'.count(b'', -100, 100)" => |h, e| abc(h, "count", &[b(h, b""), i(-100), i(100)]);
            "b'abc'.find(b'c', -1, 100)" => |h, e| abc(h, "find", &[b(h, b"c"), i(-1), i(100)]);
            "b'abc'.find(b'a', 2 ** 62)" => |h, e| abc(h, "find", &[b(h, b"a"), i(1 << 62)]);
            "b'abc'.find(b'a', -2 ** 62, 2 ** 62)" => |h, e| abc(h, "find", &[b(h, b"a"), i(-(1 << 62)), i(1 << 62)]);
            "b'abc'.rfind(b'', 2 ** 63 - 1)" => |h, e| abc(h, "rfind", &[b(h, b""), i(i64::MAX)]);
            "b'abc'.count(b'', -2 ** 63)" => |h, e| abc(h, "count", &[b(h, b""), i(i64::MIN)]);
            "b'abc'.count(b'', 2 ** 63 - 1, -2 ** 63)" => |h, e| abc(h, "count", &[b(h, b""), i(i64::MAX), i(i64::MIN)]);
            "b'abc'.rindex(b'', -2 ** 63, -2 ** 63)" => |h, e| abc(h, "rindex", &[b(h, b""), i(i64::MIN), i(i64::MIN)]);
            "b'abc'.startswith(b'', 2 ** 63 - 1)" => |h, e| abc(h, "startswith", &[b(h, b""), i(i64::MAX)]);
            "b'abc'.endswith(b'', -2 ** 63, 2 ** 63 - 1)" => |h, e| abc(h, "endswith", &[b(h, b""), i(i64::MIN), i(i64::MAX)]);
            "b'abc'.endswith(b'', 3, 2)" => |h, e| abc(h, "endswith", &[b(h, b""), i(3), i(2)]);
            "b'abc'.startswith(b'', 2, 1)" => |h, e| abc(h, "startswith", &[b(h, b""), i(2), i(1)]);
            "b'abc'.endswith((b'x', b'bc'), 1)" => |h, e| abc(h, "endswith", &[tp(h, &[b(h, b"x"), b(h, b"bc")]), i(1)]);
            "b'abc'.startswith((b'x', (b'a',)))" => |h, e| abc(h, "startswith", &[tp(h, &[b(h, b"x"), tp(h, &[b(h, b"a")])])]);
            "m = b'abc'.find ;; m(sub=b'a')" => |h, e| h.call_kw(&h.getattr(&b(h, b"abc"), "find").unwrap(), &[], &[("sub", b(h, b"a"))]);
            "m = b'abc'.startswith ;; m(prefix=b'a')" => |h, e| h.call_kw(&h.getattr(&b(h, b"abc"), "startswith").unwrap(), &[], &[("prefix", b(h, b"a"))]);
            "b'abc'.count(True)" => |h, e| abc(h, "count", &[true.into()]);
            "b'abc'.find(BIdxErr())" => |h, e| abc(h, "find", &[bx(h).idx_err]);
            "b'abc'.find(BIdxStr())" => |h, e| abc(h, "find", &[bx(h).idx_str]);
            "b'abc'[-2 ** 63]" => |h, e| h.getitem(&b(h, b"abc"), &i(i64::MIN));
            "b'abc'[2 ** 63 - 1]" => |h, e| h.getitem(&b(h, b"abc"), &i(i64::MAX));
            "b'' in b''" => |h, e| h.contains(&b(h, b""), &b(h, b""));
            "b'a' in b''" => |h, e| h.contains(&b(h, b""), &b(h, b"a"));
            "0 in b''" => |h, e| h.contains(&b(h, b""), &i(0));
            "BIdxErr() in b'a'" => |h, e| h.contains(&b(h, b"a"), &bx(h).idx_err);
            "BIdxStr() in b'a'" => |h, e| h.contains(&b(h, b"a"), &bx(h).idx_str);
            "bytes(BIdxErr())" => |h, e| by(h, &[bx(h).idx_err]);
            "bytes(BIdxStr())" => |h, e| by(h, &[bx(h).idx_str]);
            "bytes([BIdxErr()])" => |h, e| by(h, &[lst(h, &[bx(h).idx_err])]);
            "b'a' * BIdxErr()" => |h, e| h.binary_op(&b(h, b"a"), &bx(h).idx_err, Mul);
            "bytes(2 ** 63 - 1)" => |h, e| by(h, &[i(i64::MAX)]);
            "bytes(2 ** 62)" => |h, e| by(h, &[i(1 << 62)]);
            "bytes(Bb)" => |h, e| by(h, &[bx(h).class_bb]);
            "bytes(BNone())" => |h, e| by(h, &[bx(h).none]);
            "bytes(BItBad())" => |h, e| by(h, &[bx(h).it_bad]);
            "bytes({200: 0, 1: 0})" => |h, e| by(h, &[h.dict(&[(i(200), i(0)), (i(1), i(0))]).unwrap()]);
            "bytes('a', None)" => |h, e| by(h, &[s("a"), Value::None]);
            "bytes('a', 'ascii', None)" => |h, e| by(h, &[s("a"), s("ascii"), Value::None]);
            "b'a'.decode(None)" => |h, e| h.call_method(&b(h, b"a"), "decode", &[Value::None]);
            "b'a'.decode('ascii', None)" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("ascii"), Value::None]);
            "bytes(a=1, b=2, c=3, d=4)" => |h, e| byk(h, &[], &[("a", i(1)), ("b", i(2)), ("c", i(3)), ("d", i(4))]);
            "b'a'.decode(x=1, y=2, z=3)" => |h, e| h.call_kw(&h.getattr(&b(h, b"a"), "decode").unwrap(), &[], &[("x", i(1)), ("y", i(2)), ("z", i(3))]);
            "bytes(1, x=1, source=2)" => |h, e| byk(h, &[i(1)], &[("x", i(1)), ("source", i(2))]);
            "b'a'.decode('ascii', x=1)" => |h, e| h.call_kw(&h.getattr(&b(h, b"a"), "decode").unwrap(), &[s("ascii")], &[("x", i(1))]);
            r"b'a'.decode('utf-8\x00')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf-8\0")]);
            r"b'a'.decode('utf-8', 'strict\x00')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf-8"), s("strict\0")]);
            r"bytes('a', 'utf-8\x00')" => |h, e| by(h, &[s("a"), s("utf-8\0")]);
            r"bytes('a', 'ascii', '\x00')" => |h, e| by(h, &[s("a"), s("ascii"), s("\0")]);
            r"str(b'a', 'utf-8\x00')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"a"), s("utf-8\0")]);
            r"str(b'a', 'utf-8', '\x00')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"a"), s("utf-8"), s("\0")]);
            "b''.decode('zz')" => |h, e| h.call_method(&b(h, b""), "decode", &[s("zz")]);
            "b''.decode('zz', 'zz')" => |h, e| h.call_method(&b(h, b""), "decode", &[s("zz"), s("zz")]);
            "str(b'', 'zz')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b""), s("zz")]);
            "bytes('', 'zz')" => |h, e| by(h, &[s(""), s("zz")]);
            "b'a'.decode('utf--8')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf--8")]);
            "b'a'.decode('utf-8!')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf-8!")]);
            r"b'a'.decode('\tUTF 8 ')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("\tUTF 8 ")]);
            "b'a'.decode('utf8_ucs2')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf8_ucs2")]);
            "b'a'.decode('csisolatin1')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("csisolatin1")]);
            "b'a'.decode('ansi_x3.4_1968')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("ansi_x3.4_1968")]);
            "b'a'.decode('ANSI_X3-4-1968')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("ANSI_X3-4-1968")]);
            "b'a'.decode('iso8859')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("iso8859")]);
            "b'a'.decode('ibm819')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("ibm819")]);
            "b'a'.decode('u.t.f.8')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("u.t.f.8")]);
            "b'a'.decode('utf.8')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("utf.8")]);
            "b'a'.decode('.utf8')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s(".utf8")]);
            "b'a'.decode('UTF-8é')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("UTF-8é")]);
            "b'a'.decode('usèascii')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("usèascii")]);
            "b'a'.decode('')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("")]);
            "b'a'.decode('-')" => |h, e| h.call_method(&b(h, b"a"), "decode", &[s("-")]);
            "bytes('é', 'L1')" => |h, e| by(h, &[s("é"), s("L1")]);
            "b'ab' * (2 ** 62)" => |h, e| h.binary_op(&b(h, b"ab"), &i(1 << 62), Mul);
            "b'a' * (2 ** 63 - 1)" => |h, e| h.binary_op(&b(h, b"a"), &i(i64::MAX), Mul);
            "x = b'ab' ;; x * 1 is x" => |h, e| { let x = b(h, b"ab"); h.binary_op(&x, &i(1), Mul).map(|y| y.is(&x)) };
            "x = b'' ;; x * 5 is x" => |h, e| { let x = b(h, b""); h.binary_op(&x, &i(5), Mul).map(|y| y.is(&x)) };
            "x = b'ab' ;; (x + b'') is x" => |h, e| { let x = b(h, b"ab"); h.binary_op(&x, &b(h, b""), Add).map(|y| y.is(&x)) };
            "x = b'ab' ;; (b'' + x) is x" => |h, e| { let x = b(h, b"ab"); h.binary_op(&b(h, b""), &x, Add).map(|y| y.is(&x)) };
            "x = b'ab' ;; y = x ;; x *= 1 ;; x is y" => |h, e| { let x = b(h, b"ab"); h.inplace_op(&x, &i(1), Mul).map(|y| y.is(&x)) };
            "x = b'ab' ;; y = x ;; x += b'' ;; x is y" => |h, e| { let x = b(h, b"ab"); h.inplace_op(&x, &b(h, b""), Add).map(|y| y.is(&x)) };
            "int(b' 12 ')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b" 12 ")]);
            "int(b'1_0')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"1_0")]);
            "int(b'1__0')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"1__0")]);
            r"int(b'\x0b12\x0c')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"\x0b12\x0c")]);
            r"int(b'\x1c12')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"\x1c12")]);
            r"int(b'12\x00')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"12\x00")]);
            "int(b'0x_1f', 0)" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"0x_1f"), i(0)]);
            "int(b'')" => |h, e| h.call(&bi(h, Builtin::Int), &[b(h, b"")]);
            "str(b'x', 'utf-8', 'bogus')" => |h, e| h.call(&bi(h, Builtin::Str), &[b(h, b"x"), s("utf-8"), s("bogus")]);
            r"str(b'\xff', errors='bogus')" => |h, e| h.call_kw(&bi(h, Builtin::Str), &[b(h, b"\xff")], &[("errors", s("bogus"))]);
            r"b'a\xf0\x9f\x98'.decode()" => |h, e| h.call_method(&b(h, b"a\xf0\x9f\x98"), "decode", &[]);
            r"b'\xf4\x90\x80\x80'.decode()" => |h, e| h.call_method(&b(h, b"\xf4\x90\x80\x80"), "decode", &[]);
            r"b'\xe0\x80'.decode()" => |h, e| h.call_method(&b(h, b"\xe0\x80"), "decode", &[]);
            r"b'\xed\xa0'.decode()" => |h, e| h.call_method(&b(h, b"\xed\xa0"), "decode", &[]);
            r"b'\xc2\xc2'.decode()" => |h, e| h.call_method(&b(h, b"\xc2\xc2"), "decode", &[]);
            r"b'\xf8\x88\x80\x80\x80'.decode()" => |h, e| h.call_method(&b(h, b"\xf8\x88\x80\x80\x80"), "decode", &[]);
            r"b'\xf0\x9f\x98\x80\xff'.decode()" => |h, e| h.call_method(&b(h, b"\xf0\x9f\x98\x80\xff"), "decode", &[]);
            r"b'\xf0\x9f\x98'.decode('utf-8', 'replace')" => |h, e| h.call_method(&b(h, b"\xf0\x9f\x98"), "decode", &[s("utf-8"), s("replace")]);
            r"b'\xe0\x80\x80'.decode('utf-8', 'replace')" => |h, e| h.call_method(&b(h, b"\xe0\x80\x80"), "decode", &[s("utf-8"), s("replace")]);
            r"b'a\xc2'.decode('utf-8', 'ignore')" => |h, e| h.call_method(&b(h, b"a\xc2"), "decode", &[s("utf-8"), s("ignore")]);
            r"b'\xff\xfe'.decode('ascii')" => |h, e| h.call_method(&b(h, b"\xff\xfe"), "decode", &[s("ascii")]);
            "bytes('aéé€b', 'latin-1', 'replace')" => |h, e| by(h, &[s("aéé€b"), s("latin-1"), s("replace")]);
            "bytes('a€€', 'latin-1')" => |h, e| by(h, &[s("a€€"), s("latin-1")]);
            "bool(b'a' == BEq())" => |h, e| h.eq(&b(h, b"a"), &bx(h).eq);
            "bool(BEq() == b'a')" => |h, e| h.eq(&bx(h).eq, &b(h, b"a"));
            "bool(b'a' != BEq())" => |h, e| h.ne(&b(h, b"a"), &bx(h).eq);
            "bool(b'a' < BEq())" => |h, e| h.compare(&b(h, b"a"), &bx(h).eq, Lt);
            "b'a' + BEq()" => |h, e| h.binary_op(&b(h, b"a"), &bx(h).eq, Add);
            "b'a' * BEq()" => |h, e| h.binary_op(&b(h, b"a"), &bx(h).eq, Mul);
            "bool(b'a' in [BEq()])" => |h, e| h.contains(&lst(h, &[bx(h).eq]), &b(h, b"a"));
            "b'a' == p" => |h, e| h.eq(&b(h, b"a"), &e.p);
            "b'a' < p" => |h, e| h.compare(&b(h, b"a"), &e.p, Lt);
            "b'a' + p" => |h, e| h.binary_op(&b(h, b"a"), &e.p, Add);
            "b'a' == dp" => |h, e| h.eq(&b(h, b"a"), &e.dp);
            "len({b'ab': 1, bytes([97, 98]): 2, 'ab': 3})" => |h, e| h.len(&h.dict(&[(b(h, b"ab"), i(1)), (by(h, &[lst(h, &[i(97), i(98)])]).unwrap(), i(2)), (s("ab"), i(3))]).unwrap());
            "{b'ab': 1, bytes([97, 98]): 2}" => |h, e| h.dict(&[(b(h, b"ab"), i(1)), (by(h, &[lst(h, &[i(97), i(98)])]).unwrap(), i(2))]);
        }
    }
}

/// `slice`: the constructor, attributes, `indices`, repr, comparisons, hashing, and
/// slicing lists, tuples, strs and bytes (negative and huge bounds and steps,
/// `__index__` bounds, proxies), a list's slice assignment and deletion, and user
/// classes' `__getitem__`/`__setitem__`/`__delitem__` receiving the slice; then
/// (the `review:` sections, from review helper-67) the bounds' types (`int` and
/// `float` subclasses with `__index__`, `__index__ = None`, bools, `__index__` that
/// changes the list), comparisons with other types and user classes, slices in
/// containers, operators, identity of empty and whole slices, non-sequences, and
/// slice assignment of a list to itself, of iterators that change the list, with
/// iterators open over it; and (review helper-68) collections run in the middle of
/// a slicing, by a bound's `__index__` or the assigned items' iterator, whose
/// finalizers, weakref callbacks and `__del__` change the list, empty the `WeakSet`
/// being assigned or kill a proxy bound. Their classes are PRELUDE's last (`SLICE_PRELUDE`),
/// made on the lethe side by [`sc`].
mod slc {
    use super::*;

    /// PRELUDE's classes of the slice cases.
    pub const SLICE_PRELUDE: &str = r#"
class SlGet:
    def __getitem__(self, k): return ('get', k)
class SlSet:
    def __setitem__(self, k, v): self.got = (k, v)
class SlDel:
    def __delitem__(self, k): self.got = k
class SlIdx:
    def __init__(self, n): self.n = n
    def __index__(self): return self.n
class SlIdxErr:
    def __index__(self): raise ValueError('idx')
class SlList(list):
    def __getitem__(self, k): return ('SlList', k)
class SlIter:
    def __iter__(self): return iter('xyz')
class SlIterType:
    def __iter__(self): raise TypeError('from iter')
class SlIterErr:
    def __iter__(self): raise ValueError('from iter')
class SlIdxInt(int):
    def __index__(self): return 5
class SlIdxFloat(float):
    def __index__(self): return 2
class SlNoneIdx:
    __index__ = None
class SlIterList(list):
    def __iter__(self): return iter([9])
class SlGrow:
    def __init__(self, l, k, v): self.l = l; self.k = k; self.v = v
    def __iter__(self):
        if self.k > 0: self.l.extend([99] * self.k)
        else: del self.l[:-self.k]
        return iter(self.v)
class SlMut:
    def __init__(self, l, n): self.l = l; self.n = n
    def __index__(self): self.l.clear(); return self.n
class SlCmp:
    def __eq__(self, o): return 'y'
    def __lt__(self, o): return 'y'
    def __gt__(self, o): return 'y'
class SlLenList(list):
    def __len__(self): return 100
class SlBadIter:
    def __iter__(self): return 1
class SlNextType:
    def __iter__(self): return self
    def __next__(self): raise TypeError('from next')
class SlCyc:
    def __init__(self, n=0): self.me = self; self.n = n
    def __index__(self): return self.n
class SlColl:
    def __init__(self, n): self.n = n
    def __index__(self): gc.collect(); return self.n
class SlCollIt:
    def __init__(self, v): self.v = list(v)
    def __iter__(self): return self
    def __next__(self):
        gc.collect()
        if not self.v: raise StopIteration
        return self.v.pop(0)
class SlDelApp:
    def __init__(self, l): self.me = self; self.l = l
    def __del__(self): self.l.append('del')
class SlRec:
    def __index__(self): self.x[self:]; return 0
def sl_doomed(f, *a):
    c = SlCyc(); weakref.finalize(c, f, *a)
def sl_pcyc(n): return weakref.proxy(SlCyc(n))
def sl_setsl(l, a, b, c, v): l[a:b:c] = v
def sl_delsl(l, a, b, c): del l[a:b:c]
"#;

    /// The lethe side of [`SLICE_PRELUDE`]'s classes.
    pub struct Sc {
        get: Value,
        set: Value,
        del: Value,
        idx: Value,
        idx_err: Value,
        list: Value,
        iter: Value,
        iter_type: Value,
        iter_err: Value,
        idx_int: Value,
        idx_float: Value,
        none_idx: Value,
        iter_list: Value,
        grow: Value,
        mut_idx: Value,
        cmp: Value,
        dn: Value,
        len_list: Value,
        bad_iter: Value,
        next_type: Value,
        cyc: Value,
        coll: Value,
        coll_it: Value,
        del_app: Value,
        rec: Value,
        setsl: Value,
        delsl: Value,
    }

    pub fn sc(h: &Heap) -> Sc {
        let new = |c: Result<Value>| h.call(&c.unwrap(), &[]).unwrap();
        Sc {
            get: new(h
                .class("SlGet")
                .method("__getitem__", |h, a| {
                    h.tuple(&[s("get"), a.get(1)?.clone()])
                })
                .build()),
            set: new(h
                .class("SlSet")
                .method("__setitem__", |h, a| {
                    let got = h.tuple(&[a.get(1)?.clone(), a.get(2)?.clone()])?;
                    h.setattr(a.get(0)?, "got", &got)?;
                    Ok(Value::None)
                })
                .build()),
            del: new(h
                .class("SlDel")
                .method("__delitem__", |h, a| {
                    h.setattr(a.get(0)?, "got", a.get(1)?)?;
                    Ok(Value::None)
                })
                .build()),
            idx: h
                .class("SlIdx")
                .method("__init__", |h, a| {
                    h.setattr(a.get(0)?, "n", a.get(1)?)?;
                    Ok(Value::None)
                })
                .method("__index__", |h, a| h.getattr(a.get(0)?, "n"))
                .build()
                .unwrap(),
            idx_err: new(h
                .class("SlIdxErr")
                .method("__index__", |_, _| Err(Error::ValueError("idx".into())))
                .build()),
            list: h
                .class("SlList")
                .base(&h.builtin(Builtin::List))
                .method("__getitem__", |h, a| {
                    h.tuple(&[s("SlList"), a.get(1)?.clone()])
                })
                .build()
                .unwrap(),
            iter: new(h
                .class("SlIter")
                .method("__iter__", |h, _| h.iterator(&s("xyz")))
                .build()),
            iter_type: new(h
                .class("SlIterType")
                .method("__iter__", |_, _| Err(Error::TypeError("from iter".into())))
                .build()),
            iter_err: new(h
                .class("SlIterErr")
                .method("__iter__", |_, _| {
                    Err(Error::ValueError("from iter".into()))
                })
                .build()),
            idx_int: h
                .class("SlIdxInt")
                .base(&h.builtin(Builtin::Int))
                .method("__index__", |_, _| Ok(i(5)))
                .build()
                .unwrap(),
            idx_float: h
                .class("SlIdxFloat")
                .base(&h.builtin(Builtin::Float))
                .method("__index__", |_, _| Ok(i(2)))
                .build()
                .unwrap(),
            none_idx: new(h.class("SlNoneIdx").attr("__index__", Value::None).build()),
            iter_list: h
                .class("SlIterList")
                .base(&h.builtin(Builtin::List))
                .method("__iter__", |h, _| h.iterator(&lst(h, &[i(9)])))
                .build()
                .unwrap(),
            grow: h
                .class("SlGrow")
                .method("__init__", |h, a| {
                    for (k, name) in ["l", "k", "v"].into_iter().enumerate() {
                        h.setattr(a.get(0)?, name, a.get(k + 1)?)?;
                    }
                    Ok(Value::None)
                })
                .method("__iter__", |h, a| {
                    let me = a.get(0)?;
                    let l = h.getattr(me, "l")?;
                    let k = h.getattr(me, "k")?.as_int().unwrap_or(0);
                    if k > 0 {
                        h.call_method(&l, "extend", &[lst(h, &vec![i(99); k as usize])])?;
                    } else {
                        h.delitem(&l, &h.slice(&Value::None, &i(-k), &Value::None)?)?;
                    }
                    h.iterator(&h.getattr(me, "v")?)
                })
                .build()
                .unwrap(),
            mut_idx: h
                .class("SlMut")
                .method("__init__", |h, a| {
                    h.setattr(a.get(0)?, "l", a.get(1)?)?;
                    h.setattr(a.get(0)?, "n", a.get(2)?)?;
                    Ok(Value::None)
                })
                .method("__index__", |h, a| {
                    h.call_method(&h.getattr(a.get(0)?, "l")?, "clear", &[])?;
                    h.getattr(a.get(0)?, "n")
                })
                .build()
                .unwrap(),
            cmp: new(h
                .class("SlCmp")
                .method("__eq__", |_, _| Ok(s("y")))
                .method("__lt__", |_, _| Ok(s("y")))
                .method("__gt__", |_, _| Ok(s("y")))
                .build()),
            len_list: h
                .class("SlLenList")
                .base(&h.builtin(Builtin::List))
                .method("__len__", |_, _| Ok(i(100)))
                .build()
                .unwrap(),
            bad_iter: new(h
                .class("SlBadIter")
                .method("__iter__", |_, _| Ok(i(1)))
                .build()),
            next_type: new(h
                .class("SlNextType")
                .method("__iter__", |_, a| Ok(a.get(0)?.clone()))
                .method("__next__", |_, _| Err(Error::TypeError("from next".into())))
                .build()),
            cyc: h
                .class("SlCyc")
                .method("__init__", |h, a| {
                    h.setattr(a.get(0)?, "me", a.get(0)?)?;
                    let n = a.get(1).cloned().unwrap_or(Value::Int(0));
                    h.setattr(a.get(0)?, "n", &n)?;
                    Ok(Value::None)
                })
                .method("__index__", |h, a| h.getattr(a.get(0)?, "n"))
                .build()
                .unwrap(),
            coll: h
                .class("SlColl")
                .method("__init__", |h, a| {
                    h.setattr(a.get(0)?, "n", a.get(1)?)?;
                    Ok(Value::None)
                })
                .method("__index__", |h, a| {
                    h.collect();
                    h.getattr(a.get(0)?, "n")
                })
                .build()
                .unwrap(),
            coll_it: h
                .class("SlCollIt")
                .method("__init__", |h, a| {
                    let v = h.call(&h.builtin(Builtin::List), &[a.get(1)?.clone()])?;
                    h.setattr(a.get(0)?, "v", &v)?;
                    Ok(Value::None)
                })
                .method("__iter__", |_, a| Ok(a.get(0)?.clone()))
                .method("__next__", |h, a| {
                    h.collect();
                    let v = h.getattr(a.get(0)?, "v")?;
                    if h.len(&v)? == 0 {
                        return Err(Error::StopIteration(String::new()));
                    }
                    h.call_method(&v, "pop", &[i(0)])
                })
                .build()
                .unwrap(),
            del_app: h
                .class("SlDelApp")
                .method("__init__", |h, a| {
                    h.setattr(a.get(0)?, "me", a.get(0)?)?;
                    h.setattr(a.get(0)?, "l", a.get(1)?)?;
                    Ok(Value::None)
                })
                .method("__del__", |h, a| {
                    h.list_append(&h.getattr(a.get(0)?, "l")?, &s("del"))?;
                    Ok(Value::None)
                })
                .build()
                .unwrap(),
            rec: h
                .class("SlRec")
                .method("__index__", |h, a| {
                    let me = a.get(0)?;
                    let x = h.getattr(me, "x")?;
                    h.getitem(&x, &h.slice(me, &Value::None, &Value::None)?)?;
                    Ok(i(0))
                })
                .build()
                .unwrap(),
            setsl: h.function("sl_setsl", |h, a| {
                let s = h.slice(a.get(1)?, a.get(2)?, a.get(3)?)?;
                h.setitem(a.get(0)?, &s, a.get(4)?)?;
                Ok(Value::None)
            }),
            delsl: h.function("sl_delsl", |h, a| {
                let s = h.slice(a.get(1)?, a.get(2)?, a.get(3)?)?;
                h.delitem(a.get(0)?, &s)?;
                Ok(Value::None)
            }),
            dn: new(h
                .class("Dn")
                .method("__eq__", |h, _| Ok(h.not_implemented()))
                .method("__lt__", |h, _| Ok(h.not_implemented()))
                .build()),
        }
    }

    const MAX: i64 = i64::MAX;
    const MIN: i64 = i64::MIN;

    fn n() -> Value {
        Value::None
    }
    /// `slice(a, b, c)`.
    fn sl(h: &Heap, a: Value, b: Value, c: Value) -> Value {
        h.slice(&a, &b, &c).unwrap()
    }
    /// `SlIdx(v)`.
    fn ix(h: &Heap, v: Value) -> Value {
        h.call(&sc(h).idx, &[v]).unwrap()
    }
    /// `slice(*args)`.
    fn slc(h: &Heap, args: &[Value]) -> Result<Value> {
        h.call(&h.builtin(Builtin::Slice), args)
    }
    /// `[0, 1, …, k - 1]`.
    fn rl(h: &Heap, k: i64) -> Value {
        lst(h, &(0..k).map(i).collect::<Vec<_>>())
    }
    fn tp(h: &Heap, items: &[Value]) -> Value {
        h.tuple(items).unwrap()
    }
    fn b(h: &Heap, x: &[u8]) -> Value {
        h.bytes(x).unwrap()
    }
    fn ind(h: &Heap, sl: Value, args: &[Value]) -> Result<Value> {
        h.call_method(&sl, "indices", args)
    }
    /// `x[k] = v ;; x`.
    fn set_then(h: &Heap, x: Value, k: Value, v: Value) -> Result<Value> {
        h.setitem(&x, &k, &v)?;
        Ok(x)
    }
    /// `del x[k] ;; x`.
    fn del_then(h: &Heap, x: Value, k: Value) -> Result<Value> {
        h.delitem(&x, &k)?;
        Ok(x)
    }
    fn my_list(h: &Heap, e: &E, items: &[Value]) -> Value {
        h.call(&e.my_list, &[lst(h, items)]).unwrap()
    }
    /// `SlColl(n)`: an index whose `__index__` collects first.
    fn coll(h: &Heap, n: i64) -> Value {
        h.call(&sc(h).coll, &[i(n)]).unwrap()
    }
    /// `SlCollIt(v)`.
    fn coll_it(h: &Heap, v: Value) -> Value {
        h.call(&sc(h).coll_it, &[v]).unwrap()
    }
    /// `SlCyc(n)`.
    fn cyc(h: &Heap, n: i64) -> Value {
        h.call(&sc(h).cyc, &[i(n)]).unwrap()
    }
    /// `sl_doomed(f, *args)`: a finalizer `f(*args)` of an object only a cycle holds
    /// (it runs at the next collection).
    fn doomed(h: &Heap, f: Value, args: &[Value]) {
        h.finalize(&cyc(h, 0), &f, args, &[]).unwrap();
    }
    /// `sl_pcyc(n)`: a proxy to `SlCyc(n)`, which only a cycle holds.
    fn pcyc(h: &Heap, n: i64) -> Value {
        h.proxy(&cyc(h, n), None).unwrap()
    }

    pub fn cases() -> Vec<Case> {
        use CompareOp::{Ge, Gt, Le, Lt};
        cases! {
            // ---- the constructor and attributes ---------------------------------------
            "slice(3)" => |h, e| slc(h, &[i(3)]);
            "slice(1, 3)" => |h, e| slc(h, &[i(1), i(3)]);
            "slice(1, 3, 2)" => |h, e| slc(h, &[i(1), i(3), i(2)]);
            "slice(None)" => |h, e| slc(h, &[n()]);
            "slice()" => |h, e| slc(h, &[]);
            "slice(1, 2, 3, 4)" => |h, e| slc(h, &[i(1), i(2), i(3), i(4)]);
            "slice(stop=1)" => |h, e| h.call_kw(&bi(h, Builtin::Slice), &[], &[("stop", i(1))]);
            "slice(1, step=2)" => |h, e| h.call_kw(&bi(h, Builtin::Slice), &[i(1)], &[("step", i(2))]);
            "slice('a', [1], o)" => |h, e| slc(h, &[s("a"), lst(h, &[i(1)]), e.o.clone()]);
            "slice(1, 2).start" => |h, e| h.getattr(&sl(h, i(1), i(2), n()), "start");
            "slice(1, 2).stop" => |h, e| h.getattr(&sl(h, i(1), i(2), n()), "stop");
            "slice(1).step" => |h, e| h.getattr(&slc(h, &[i(1)]).unwrap(), "step");
            "slice(1).start" => |h, e| h.getattr(&slc(h, &[i(1)]).unwrap(), "start");
            "slice(1, 2, 3).step" => |h, e| h.getattr(&sl(h, i(1), i(2), i(3)), "step");
            "slice(l).stop is l" => |h, e| h.getattr(&slc(h, &[e.l.clone()]).unwrap(), "stop").map(|v| v.is(&e.l));
            "setattr(slice(1), 'start', 2)" => |h, e| h.setattr(&slc(h, &[i(1)]).unwrap(), "start", &i(2));
            "setattr(slice(1), 'step', 2)" => |h, e| h.setattr(&slc(h, &[i(1)]).unwrap(), "step", &i(2));
            "delattr(slice(1), 'stop')" => |h, e| h.delattr(&slc(h, &[i(1)]).unwrap(), "stop");
            "delattr(slice(1), 'x')" => |h, e| h.delattr(&slc(h, &[i(1)]).unwrap(), "x");
            "setattr(slice(1), 'x', 2)" => |h, e| h.setattr(&slc(h, &[i(1)]).unwrap(), "x", &i(2));
            "slice(1).x" => |h, e| h.getattr(&slc(h, &[i(1)]).unwrap(), "x");
            "setattr(slice(1), 'indices', 2)" => |h, e| h.setattr(&slc(h, &[i(1)]).unwrap(), "indices", &i(2));
            "hasattr(slice(1), 'indices')" => |h, e| h.hasattr(&slc(h, &[i(1)]).unwrap(), "indices");
            "type(slice(1))" => |h, e| h.type_of(&slc(h, &[i(1)]).unwrap());
            "slice" => |h, e| Ok::<_, Error>(bi(h, Builtin::Slice));
            "isinstance(slice(1), slice)" => |h, e| h.isinstance(&slc(h, &[i(1)]).unwrap(), &bi(h, Builtin::Slice));
            "isinstance(slice(1), tuple)" => |h, e| h.isinstance(&slc(h, &[i(1)]).unwrap(), &bi(h, Builtin::Tuple));
            "# TypeError: type 'slice' is not an acceptable base type" => |h, e| h.class("Q").base(&bi(h, Builtin::Slice)).build();
            "weakref.ref(slice(1))" => |h, e| h.weakref(&slc(h, &[i(1)]).unwrap(), None);
            "weakref.proxy(slice(1))" => |h, e| h.proxy(&slc(h, &[i(1)]).unwrap(), None);
            "hash(slice(1))" => |h, e| h.hash(&slc(h, &[i(1)]).unwrap());
            "{slice(1): 1}" => |h, e| h.dict(&[(slc(h, &[i(1)]).unwrap(), i(1))]);
            "slice(1) in {1}" => |h, e| h.contains(&h.set(&[i(1)]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(1) in [slice(1)]" => |h, e| h.contains(&lst(h, &[slc(h, &[i(1)]).unwrap()]), &slc(h, &[i(1)]).unwrap());
            "len(slice(1))" => |h, e| h.len(&slc(h, &[i(1)]).unwrap());
            "iter(slice(1))" => |h, e| h.iterator(&slc(h, &[i(1)]).unwrap());
            "slice(1)[0]" => |h, e| h.getitem(&slc(h, &[i(1)]).unwrap(), &i(0));
            "slice(1)()" => |h, e| h.call(&slc(h, &[i(1)]).unwrap(), &[]);
            "bool(slice(None))" => |h, e| h.truthy(&slc(h, &[n()]).unwrap());
            "str(slice(1, 2))" => |h, e| h.str(&sl(h, i(1), i(2), n()));
            "repr(slice(slice(1), None, -1))" => |h, e| h.repr(&sl(h, slc(h, &[i(1)]).unwrap(), n(), i(-1)));
            "repr(slice('a', b'b', 1.5))" => |h, e| h.repr(&sl(h, s("a"), b(h, b"b"), f64v(1.5)));
            "x = [] ;; x.append(slice(x)) ;; repr(x)" => |h, e| { let x = lst(h, &[]); h.list_append(&x, &slc(h, &[x.clone()]).unwrap()).unwrap(); h.repr(&x) };
            "x = [] ;; x.append(slice(x)) ;; repr(x[0])" => |h, e| { let x = lst(h, &[]); h.list_append(&x, &slc(h, &[x.clone()]).unwrap()).unwrap(); h.repr(&h.getitem(&x, &i(0)).unwrap()) };
            // ---- comparisons: as the tuples (start, stop, step) -----------------------
            "slice(1) == slice(1)" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(1, 2) == slice(1, 3)" => |h, e| h.eq(&sl(h, i(1), i(2), n()), &sl(h, i(1), i(3), n()));
            "slice(1) != slice(1)" => |h, e| h.ne(&slc(h, &[i(1)]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(1) == slice(True)" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &slc(h, &[true.into()]).unwrap());
            "slice(1) == (None, 1, None)" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &tp(h, &[n(), i(1), n()]));
            "slice(1, 2) < slice(1, 3)" => |h, e| h.compare(&sl(h, i(1), i(2), n()), &sl(h, i(1), i(3), n()), Lt);
            "slice(1, 2) >= slice(1, 2)" => |h, e| h.compare(&sl(h, i(1), i(2), n()), &sl(h, i(1), i(2), n()), Ge);
            "slice(2, 1) < slice(1, 2)" => |h, e| h.compare(&sl(h, i(2), i(1), n()), &sl(h, i(1), i(2), n()), Lt);
            "slice(None) < slice(1)" => |h, e| h.compare(&slc(h, &[n()]).unwrap(), &slc(h, &[i(1)]).unwrap(), Lt);
            "slice(1) < slice(1)" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &slc(h, &[i(1)]).unwrap(), Lt);
            "slice(1) < (None, 1, None)" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &tp(h, &[n(), i(1), n()]), Lt);
            "slice(1) < 1" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &i(1), Lt);
            "slice(1, 'a') < slice(1, 'b')" => |h, e| h.compare(&sl(h, i(1), s("a"), n()), &sl(h, i(1), s("b"), n()), Lt);
            "x = slice(float('nan')) ;; x == x" => |h, e| { let x = slc(h, &[f64v(f64::NAN)]).unwrap(); h.eq(&x, &x) };
            "x = slice(float('nan')) ;; x <= x" => |h, e| { let x = slc(h, &[f64v(f64::NAN)]).unwrap(); h.compare(&x, &x, Le) };
            "x = slice(float('nan')) ;; x < x" => |h, e| { let x = slc(h, &[f64v(f64::NAN)]).unwrap(); h.compare(&x, &x, Lt) };
            "slice(float('nan')) == slice(float('nan'))" => |h, e| h.eq(&slc(h, &[f64v(f64::NAN)]).unwrap(), &slc(h, &[f64v(f64::NAN)]).unwrap());
            "slice(u) == slice(u)" => |h, e| h.eq(&slc(h, &[e.u.clone()]).unwrap(), &slc(h, &[e.u.clone()]).unwrap());
            "slice(EqErr()) == slice(1)" => |h, e| h.eq(&slc(h, &[eq_err(h)]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(None, None, EqErr()) <= slice(None, None, 1)" => |h, e| h.compare(&sl(h, n(), n(), eq_err(h)), &sl(h, n(), n(), i(1)), Le);
            // ---- indices ---------------------------------------------------------------
            "slice(None).indices(5)" => |h, e| ind(h, slc(h, &[n()]).unwrap(), &[i(5)]);
            "slice(None, None, -1).indices(5)" => |h, e| ind(h, sl(h, n(), n(), i(-1)), &[i(5)]);
            "slice(-100, 100).indices(5)" => |h, e| ind(h, sl(h, i(-100), i(100), n()), &[i(5)]);
            "slice(100, -100, -2).indices(5)" => |h, e| ind(h, sl(h, i(100), i(-100), i(-2)), &[i(5)]);
            "slice(-2, -1).indices(5)" => |h, e| ind(h, sl(h, i(-2), i(-1), n()), &[i(5)]);
            "slice(1, 3).indices(0)" => |h, e| ind(h, sl(h, i(1), i(3), n()), &[i(0)]);
            "slice(None, None, -1).indices(0)" => |h, e| ind(h, sl(h, n(), n(), i(-1)), &[i(0)]);
            "slice(1).indices(-1)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[i(-1)]);
            "slice(1).indices(1.5)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[f64v(1.5)]);
            "slice(1).indices('a')" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[s("a")]);
            "slice(1).indices(None)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[n()]);
            "slice(1).indices()" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[]);
            "slice(1).indices(1, 2)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[i(1), i(2)]);
            "slice(0, 1, 0).indices(3)" => |h, e| ind(h, sl(h, i(0), i(1), i(0)), &[i(3)]);
            "slice('a').indices(3)" => |h, e| ind(h, slc(h, &[s("a")]).unwrap(), &[i(3)]);
            "slice(None, None, 1.5).indices(3)" => |h, e| ind(h, sl(h, n(), n(), f64v(1.5)), &[i(3)]);
            "slice('a', None, 0).indices(3)" => |h, e| ind(h, sl(h, s("a"), n(), i(0)), &[i(3)]);
            "slice(1, 2, 'a').indices(-1)" => |h, e| ind(h, sl(h, i(1), i(2), s("a")), &[i(-1)]);
            "slice(SlIdx(2)).indices(SlIdx(1))" => |h, e| ind(h, slc(h, &[ix(h, i(2))]).unwrap(), &[ix(h, i(1))]);
            "slice(SlIdx(-2), None, SlIdx(-1)).indices(SlIdx(5))" => |h, e| ind(h, sl(h, ix(h, i(-2)), n(), ix(h, i(-1))), &[ix(h, i(5))]);
            "slice(None, None, -2**63).indices(5)" => |h, e| ind(h, sl(h, n(), n(), i(MIN)), &[i(5)]);
            "slice(0, 10, -2**63).indices(5)" => |h, e| ind(h, sl(h, i(0), i(10), i(MIN)), &[i(5)]);
            "slice(2**63-1, -2**63).indices(5)" => |h, e| ind(h, sl(h, i(MAX), i(MIN), n()), &[i(5)]);
            "slice(-2**63, 2**63-1, 2**63-1).indices(2**63-1)" => |h, e| ind(h, sl(h, i(MIN), i(MAX), i(MAX)), &[i(MAX)]);
            "slice(None, None, -1).indices(2**63-1)" => |h, e| ind(h, sl(h, n(), n(), i(-1)), &[i(MAX)]);
            "slice(SlIdx('a')).indices(3)" => |h, e| ind(h, slc(h, &[ix(h, s("a"))]).unwrap(), &[i(3)]);
            "slice(SlIdxErr()).indices(3)" => |h, e| ind(h, slc(h, &[sc(h).idx_err]).unwrap(), &[i(3)]);
            "slice(1).indices(SlIdxErr())" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[sc(h).idx_err]);
            "slice(1).indices(True)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[true.into()]);
            "slice(mi, None, mi).indices(5)" => |h, e| ind(h, sl(h, e.mi.clone(), n(), e.mi.clone()), &[i(5)]);
            "slice(1).indices(mi)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[e.mi.clone()]);
            "slice(p).indices(3)" => |h, e| ind(h, slc(h, &[e.p.clone()]).unwrap(), &[i(3)]);
            "slice(dp).indices(3)" => |h, e| ind(h, slc(h, &[e.dp.clone()]).unwrap(), &[i(3)]);
            "x = SlIdx(2) ;; slice(weakref.proxy(x)).indices(3)" => |h, e| { let x = ix(h, i(2)); ind(h, slc(h, &[h.proxy(&x, None).unwrap()]).unwrap(), &[i(3)]) };
            // ---- list[slice] ----------------------------------------------------------------
            "[0, 1, 2, 3, 4][1:3]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(1), i(3), n()));
            "[0, 1, 2, 3, 4][::-1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), i(-1)));
            "[0, 1, 2, 3, 4][::2]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), i(2)));
            "[0, 1, 2, 3, 4][-2:]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(-2), n(), n()));
            "[0, 1, 2, 3, 4][:-2]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), i(-2), n()));
            "[0, 1, 2, 3, 4][3:1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(3), i(1), n()));
            "[0, 1, 2, 3, 4][3:1:-1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(3), i(1), i(-1)));
            "[0, 1, 2, 3, 4][-1:-4:-2]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(-1), i(-4), i(-2)));
            "[0, 1, 2, 3, 4][-100:100]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(-100), i(100), n()));
            "[0, 1, 2, 3, 4][100:-100:-2]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(100), i(-100), i(-2)));
            "[0, 1, 2, 3, 4][1:100:3]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(1), i(100), i(3)));
            "[0, 1, 2, 3, 4][::-2**63]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), i(MIN)));
            "[0, 1, 2, 3, 4][::2**63-1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), i(MAX)));
            "[0, 1, 2, 3, 4][-2**63:2**63-1:2**63-1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(MIN), i(MAX), i(MAX)));
            "[0, 1, 2, 3, 4][2**63-1::-1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(MAX), n(), i(-1)));
            "[0, 1, 2, 3, 4][:-2**63:-1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), i(MIN), i(-1)));
            "[0, 1, 2, 3, 4][2**63-1:-2**63:-2**63]" => |h, e| h.getitem(&rl(h, 5), &sl(h, i(MAX), i(MIN), i(MIN)));
            "[0, 1, 2, 3, 4][::0]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), i(0)));
            "[0, 1, 2, 3, 4]['a':]" => |h, e| h.getitem(&rl(h, 5), &sl(h, s("a"), n(), n()));
            "[0, 1, 2, 3, 4][:1.5]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), f64v(1.5), n()));
            "[0, 1, 2, 3, 4][:'a':0]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), s("a"), i(0)));
            "[0, 1, 2, 3, 4][::'a']" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), s("a")));
            "[0, 1, 2, 3, 4][::None]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), n()));
            "[0, 1, 2, 3, 4][SlIdx(1):SlIdx(3)]" => |h, e| h.getitem(&rl(h, 5), &sl(h, ix(h, i(1)), ix(h, i(3)), n()));
            "[0, 1, 2, 3, 4][SlIdx(-2)::SlIdx(-1)]" => |h, e| h.getitem(&rl(h, 5), &sl(h, ix(h, i(-2)), n(), ix(h, i(-1))));
            "[0, 1, 2, 3, 4][::SlIdx(0)]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), ix(h, i(0))));
            "[0, 1, 2, 3, 4][SlIdx(2**63-1):]" => |h, e| h.getitem(&rl(h, 5), &sl(h, ix(h, i(MAX)), n(), n()));
            "[0, 1, 2, 3, 4][SlIdx(-2**63)::SlIdx(-2**63)]" => |h, e| h.getitem(&rl(h, 5), &sl(h, ix(h, i(MIN)), n(), ix(h, i(MIN))));
            "[0, 1, 2, 3, 4][SlIdx('a'):]" => |h, e| h.getitem(&rl(h, 5), &sl(h, ix(h, s("a")), n(), n()));
            "[0, 1, 2, 3, 4][SlIdx(1.5):]" => |h, e| h.getitem(&rl(h, 5), &sl(h, ix(h, f64v(1.5)), n(), n()));
            "[0, 1, 2, 3, 4][SlIdxErr():]" => |h, e| h.getitem(&rl(h, 5), &sl(h, sc(h).idx_err, n(), n()));
            "[0, 1, 2, 3, 4][:SlIdxErr():0]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), sc(h).idx_err, i(0)));
            "[0, 1, 2, 3, 4][True:]" => |h, e| h.getitem(&rl(h, 5), &sl(h, true.into(), n(), n()));
            "[0, 1, 2, 3, 4][mi:]" => |h, e| h.getitem(&rl(h, 5), &sl(h, e.mi.clone(), n(), n()));
            "[0, 1, 2, 3, 4][p:]" => |h, e| h.getitem(&rl(h, 5), &sl(h, e.p.clone(), n(), n()));
            "[0, 1, 2, 3, 4][dp:]" => |h, e| h.getitem(&rl(h, 5), &sl(h, e.dp.clone(), n(), n()));
            "x = SlIdx(3) ;; [0, 1, 2, 3, 4][weakref.proxy(x):]" => |h, e| { let x = ix(h, i(3)); h.getitem(&rl(h, 5), &sl(h, h.proxy(&x, None).unwrap(), n(), n())) };
            "x = [0, 1, 2] ;; y = x[:] ;; (y == x, y is x)" => |h, e| { let x = rl(h, 3); let y = h.getitem(&x, &sl(h, n(), n(), n())).unwrap(); Ok::<_, Error>(tp(h, &[h.eq(&y, &x).unwrap().into(), y.is(&x).into()])) };
            "[][5:]" => |h, e| h.getitem(&lst(h, &[]), &sl(h, i(5), n(), n()));
            "[[1], [2]][::-1]" => |h, e| h.getitem(&lst(h, &[lst(h, &[i(1)]), lst(h, &[i(2)])]), &sl(h, n(), n(), i(-1)));
            "x = [[1]] ;; x[:][0] is x[0]" => |h, e| { let x = lst(h, &[lst(h, &[i(1)])]); let y = h.getitem(&x, &sl(h, n(), n(), n())).unwrap(); Ok::<_, Error>(h.getitem(&y, &i(0)).unwrap().is(&h.getitem(&x, &i(0)).unwrap())) };
            "type(MyList([1, 2, 3])[1:])" => |h, e| h.getitem(&my_list(h, e, &[i(1), i(2), i(3)]), &sl(h, i(1), n(), n())).and_then(|x| h.type_of(&x));
            "MyList([1, 2, 3])[::-1]" => |h, e| h.getitem(&my_list(h, e, &[i(1), i(2), i(3)]), &sl(h, n(), n(), i(-1)));
            "SlList([0, 1, 2])[1:]" => |h, e| h.getitem(&h.call(&sc(h).list, &[rl(h, 3)]).unwrap(), &sl(h, i(1), n(), n()));
            "SlGet()[1:2]" => |h, e| h.getitem(&sc(h).get, &sl(h, i(1), i(2), n()));
            "SlGet()[::-1]" => |h, e| h.getitem(&sc(h).get, &sl(h, n(), n(), i(-1)));
            "SlGet()['a':o:0]" => |h, e| h.getitem(&sc(h).get, &sl(h, s("a"), e.o.clone(), i(0)));
            "SlGet()[1:2, ::3]" => |h, e| h.getitem(&sc(h).get, &tp(h, &[sl(h, i(1), i(2), n()), sl(h, n(), n(), i(3))]));
            "x = SlGet() ;; weakref.proxy(x)[1:]" => |h, e| { let x = sc(h).get; h.getitem(&h.proxy(&x, None).unwrap(), &sl(h, i(1), n(), n())) };
            "pml[:]" => |h, e| h.getitem(&e.pml, &sl(h, n(), n(), n()));
            "x = MyList([1, 2, 3]) ;; weakref.proxy(x)[::2]" => |h, e| { let x = my_list(h, e, &[i(1), i(2), i(3)]); h.getitem(&h.proxy(&x, None).unwrap(), &sl(h, n(), n(), i(2))) };
            "x = MyList([1, 2, 3]) ;; weakref.proxy(x)[::0]" => |h, e| { let x = my_list(h, e, &[i(1), i(2), i(3)]); h.getitem(&h.proxy(&x, None).unwrap(), &sl(h, n(), n(), i(0))) };
            "dpml[:]" => |h, e| h.getitem(&e.dpml, &sl(h, n(), n(), n()));
            "{}[1:2]" => |h, e| h.getitem(&h.dict(&[]).unwrap(), &sl(h, i(1), i(2), n()));
            "md[1:]" => |h, e| h.getitem(&e.md, &sl(h, i(1), n(), n()));
            "wvd[1:]" => |h, e| h.getitem(&e.wvd, &sl(h, i(1), n(), n()));
            "1[1:]" => |h, e| h.getitem(&i(1), &sl(h, i(1), n(), n()));
            "o[1:]" => |h, e| h.getitem(&e.o, &sl(h, i(1), n(), n()));
            "s[1:]" => |h, e| h.getitem(&e.s, &sl(h, i(1), n(), n()));
            // ---- tuple[slice] ---------------------------------------------------------------
            "(0, 1, 2, 3, 4)[1:4:2]" => |h, e| h.getitem(&tp(h, &[i(0), i(1), i(2), i(3), i(4)]), &sl(h, i(1), i(4), i(2)));
            "(0, 1, 2)[::-1]" => |h, e| h.getitem(&tp(h, &[i(0), i(1), i(2)]), &sl(h, n(), n(), i(-1)));
            "(0, 1, 2)[1:2]" => |h, e| h.getitem(&tp(h, &[i(0), i(1), i(2)]), &sl(h, i(1), i(2), n()));
            "x = (1, 2) ;; x[:] is x" => |h, e| { let x = tp(h, &[i(1), i(2)]); h.getitem(&x, &sl(h, n(), n(), n())).map(|y| y.is(&x)) };
            "x = (1, 2) ;; x[0:2:1] is x" => |h, e| { let x = tp(h, &[i(1), i(2)]); h.getitem(&x, &sl(h, i(0), i(2), i(1))).map(|y| y.is(&x)) };
            "x = (1, 2) ;; x[-5:5] is x" => |h, e| { let x = tp(h, &[i(1), i(2)]); h.getitem(&x, &sl(h, i(-5), i(5), n())).map(|y| y.is(&x)) };
            "x = (1, 2) ;; x[::-1] is x" => |h, e| { let x = tp(h, &[i(1), i(2)]); h.getitem(&x, &sl(h, n(), n(), i(-1))).map(|y| y.is(&x)) };
            "x = (1, 2) ;; x[:1] is x" => |h, e| { let x = tp(h, &[i(1), i(2)]); h.getitem(&x, &sl(h, n(), i(1), n())).map(|y| y.is(&x)) };
            "x = MyTuple((1, 2)) ;; x[:] is x" => |h, e| { let x = h.call(&e.my_tuple, &[tp(h, &[i(1), i(2)])]).unwrap(); h.getitem(&x, &sl(h, n(), n(), n())).map(|y| y.is(&x)) };
            "type(MyTuple((1, 2))[:])" => |h, e| h.getitem(&h.call(&e.my_tuple, &[tp(h, &[i(1), i(2)])]).unwrap(), &sl(h, n(), n(), n())).and_then(|x| h.type_of(&x));
            "(1, 2)[5:]" => |h, e| h.getitem(&tp(h, &[i(1), i(2)]), &sl(h, i(5), n(), n()));
            "(1,)[::-1]" => |h, e| h.getitem(&tp(h, &[i(1)]), &sl(h, n(), n(), i(-1)));
            "(1, 2)['a':]" => |h, e| h.getitem(&tp(h, &[i(1), i(2)]), &sl(h, s("a"), n(), n()));
            "t[::0]" => |h, e| h.getitem(&e.t, &sl(h, n(), n(), i(0)));
            "t[SlIdx(1):]" => |h, e| h.getitem(&e.t, &sl(h, ix(h, i(1)), n(), n()));
            "t[:-2**63:-2**63]" => |h, e| h.getitem(&e.t, &sl(h, n(), i(MIN), i(MIN)));
            // ---- str[slice] -----------------------------------------------------------------
            "'abcdef'[1:4]" => |h, e| h.getitem(&s("abcdef"), &sl(h, i(1), i(4), n()));
            "'abcdef'[::-2]" => |h, e| h.getitem(&s("abcdef"), &sl(h, n(), n(), i(-2)));
            "'abcdef'[-2:]" => |h, e| h.getitem(&s("abcdef"), &sl(h, i(-2), n(), n()));
            "'abcdef'[4:1:-1]" => |h, e| h.getitem(&s("abcdef"), &sl(h, i(4), i(1), i(-1)));
            "'héllo wörld'[1:8:2]" => |h, e| h.getitem(&s("héllo wörld"), &sl(h, i(1), i(8), i(2)));
            "'héllo'[::-1]" => |h, e| h.getitem(&s("héllo"), &sl(h, n(), n(), i(-1)));
            "'héllo'[1:3]" => |h, e| h.getitem(&s("héllo"), &sl(h, i(1), i(3), n()));
            "'😀a😀b'[::2]" => |h, e| h.getitem(&s("😀a😀b"), &sl(h, n(), n(), i(2)));
            "'😀a😀b'[-1:-3:-1]" => |h, e| h.getitem(&s("😀a😀b"), &sl(h, i(-1), i(-3), i(-1)));
            "'abc'[5:]" => |h, e| h.getitem(&s("abc"), &sl(h, i(5), n(), n()));
            "'abc'[:]" => |h, e| h.getitem(&s("abc"), &sl(h, n(), n(), n()));
            "''[::-1]" => |h, e| h.getitem(&s(""), &sl(h, n(), n(), i(-1)));
            "'abc'[::0]" => |h, e| h.getitem(&s("abc"), &sl(h, n(), n(), i(0)));
            "'abc'[1.5:]" => |h, e| h.getitem(&s("abc"), &sl(h, f64v(1.5), n(), n()));
            "'abc'[SlIdx(1):]" => |h, e| h.getitem(&s("abc"), &sl(h, ix(h, i(1)), n(), n()));
            "'abc'[SlIdxErr():]" => |h, e| h.getitem(&s("abc"), &sl(h, sc(h).idx_err, n(), n()));
            "'abc'[:2**63-1]" => |h, e| h.getitem(&s("abc"), &sl(h, n(), i(MAX), n()));
            "'abc'[-2**63:]" => |h, e| h.getitem(&s("abc"), &sl(h, i(MIN), n(), n()));
            "'héllo'[-2**63::-1]" => |h, e| h.getitem(&s("héllo"), &sl(h, i(MIN), n(), i(-1)));
            "'héllo'[::-2**63]" => |h, e| h.getitem(&s("héllo"), &sl(h, n(), n(), i(MIN)));
            "MyStr('abcd')[1:3]" => |h, e| h.getitem(&h.call(&e.my_str, &[s("abcd")]).unwrap(), &sl(h, i(1), i(3), n()));
            "type(MyStr('abcd')[:])" => |h, e| h.getitem(&h.call(&e.my_str, &[s("abcd")]).unwrap(), &sl(h, n(), n(), n())).and_then(|x| h.type_of(&x));
            "st[::-1]" => |h, e| h.getitem(&e.st, &sl(h, n(), n(), i(-1)));
            // ---- bytes[slice] ---------------------------------------------------------------
            "b'abcdef'[1:4]" => |h, e| h.getitem(&b(h, b"abcdef"), &sl(h, i(1), i(4), n()));
            "b'abcdef'[::-1]" => |h, e| h.getitem(&b(h, b"abcdef"), &sl(h, n(), n(), i(-1)));
            "b'abcdef'[-5::2]" => |h, e| h.getitem(&b(h, b"abcdef"), &sl(h, i(-5), n(), i(2)));
            "b'abc'[5:]" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, i(5), n(), n()));
            "x = b'abc' ;; x[:] is x" => |h, e| { let x = b(h, b"abc"); h.getitem(&x, &sl(h, n(), n(), n())).map(|y| y.is(&x)) };
            "x = b'abc' ;; x[::1] is x" => |h, e| { let x = b(h, b"abc"); h.getitem(&x, &sl(h, n(), n(), i(1))).map(|y| y.is(&x)) };
            "x = b'abc' ;; x[:2] is x" => |h, e| { let x = b(h, b"abc"); h.getitem(&x, &sl(h, n(), i(2), n())).map(|y| y.is(&x)) };
            "b'abc'[::0]" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, n(), n(), i(0)));
            "b'abc'['a':]" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, s("a"), n(), n()));
            "b'abc'[SlIdx(-1):]" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, ix(h, i(-1)), n(), n()));
            "type(b'abc'[:1])" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, n(), i(1), n())).and_then(|x| h.type_of(&x));
            r"b'\x00\xff'[::-1]" => |h, e| h.getitem(&b(h, b"\x00\xff"), &sl(h, n(), n(), i(-1)));
            "b'abc'[2**63-1:-2**63:-2**63]" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, i(MAX), i(MIN), i(MIN)));
            // ---- list[slice] = iterable -----------------------------------------------------
            "x = [0, 1, 2, 3, 4] ;; x[1:3] = 'ab' ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(1), i(3), n()), s("ab"));
            "x = [0, 1, 2, 3, 4] ;; x[1:3] = [] ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(1), i(3), n()), lst(h, &[]));
            "x = [0, 1, 2] ;; x[1:1] = (7, 8) ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), i(1), n()), tp(h, &[i(7), i(8)]));
            "x = [0, 1, 2] ;; x[5:] = [9] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(5), n(), n()), lst(h, &[i(9)]));
            "x = [0, 1, 2] ;; x[3:1] = [9] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(3), i(1), n()), lst(h, &[i(9)]));
            "x = [0, 1, 2] ;; x[2:0] = [9] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(2), i(0), n()), lst(h, &[i(9)]));
            "x = [0, 1, 2] ;; x[-100:100] = [] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(-100), i(100), n()), lst(h, &[]));
            "x = [0, 1, 2] ;; x[:] = x ;; x" => |h, e| { let x = rl(h, 3); set_then(h, x.clone(), sl(h, n(), n(), n()), x) };
            "x = [0, 1, 2] ;; x[1:] = x ;; x" => |h, e| { let x = rl(h, 3); set_then(h, x.clone(), sl(h, i(1), n(), n()), x) };
            "x = [0, 1, 2] ;; x[::-1] = x ;; x" => |h, e| { let x = rl(h, 3); set_then(h, x.clone(), sl(h, n(), n(), i(-1)), x) };
            "x = [0, 1, 2, 3, 4] ;; x[::2] = 'abc' ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, n(), n(), i(2)), s("abc"));
            "x = [0, 1, 2, 3, 4] ;; x[::-2] = 'abc' ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, n(), n(), i(-2)), s("abc"));
            "x = [0, 1, 2, 3, 4] ;; x[::2] = [1] ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, n(), n(), i(2)), lst(h, &[i(1)]));
            "x = [0, 1, 2, 3, 4] ;; x[3:1:2] = [1] ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(3), i(1), i(2)), lst(h, &[i(1)]));
            "x = [0, 1, 2, 3, 4] ;; x[3:1:2] = [] ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(3), i(1), i(2)), lst(h, &[]));
            "x = [0, 1, 2] ;; x[::2] = 1" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), i(1));
            "x = [0, 1, 2] ;; x[0:1] = 1" => |h, e| set_then(h, rl(h, 3), sl(h, i(0), i(1), n()), i(1));
            "x = [0, 1, 2] ;; x[0:1] = None" => |h, e| set_then(h, rl(h, 3), sl(h, i(0), i(1), n()), n());
            "x = [0, 1, 2] ;; x[::0] = []" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(0)), lst(h, &[]));
            "x = [0, 1, 2] ;; x[::0] = 1" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(0)), i(1));
            "x = [0, 1, 2] ;; x['a':] = []" => |h, e| set_then(h, rl(h, 3), sl(h, s("a"), n(), n()), lst(h, &[]));
            "x = [0, 1, 2] ;; x['a':] = 1" => |h, e| set_then(h, rl(h, 3), sl(h, s("a"), n(), n()), i(1));
            "x = [0, 1, 2] ;; x[::2] = {7: 0, 8: 0} ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), h.dict(&[(i(7), i(0)), (i(8), i(0))]).unwrap());
            "x = [0, 1, 2] ;; x[1:] = SlIter() ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), sc(h).iter);
            "x = [0, 1, 2] ;; x[::-1] = SlIter() ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(-1)), sc(h).iter);
            "x = [0, 1, 2] ;; x[1:] = SlIterType()" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), sc(h).iter_type);
            "x = [0, 1, 2] ;; x[::2] = SlIterType()" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), sc(h).iter_type);
            "x = [0, 1, 2] ;; x[1:] = SlIterErr()" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), sc(h).iter_err);
            "x = [0, 1, 2] ;; x[1:] = iter([5, 6]) ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), h.iterator(&lst(h, &[i(5), i(6)])).unwrap());
            "x = [0, 1, 2] ;; x[1:] = b'ab' ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), b(h, b"ab"));
            "x = [0, 1, 2] ;; x[1:] = pml ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.pml.clone());
            "x = [0, 1, 2] ;; x[1:] = dpml" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.dpml.clone());
            "x = [0, 1, 2] ;; x[::1] = 'ab' ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(1)), s("ab"));
            "x = [0, 1, 2, 3] ;; x[SlIdx(1):SlIdx(3)] = [9] ;; x" => |h, e| set_then(h, rl(h, 4), sl(h, ix(h, i(1)), ix(h, i(3)), n()), lst(h, &[i(9)]));
            "x = [0, 1, 2] ;; x[SlIdxErr():] = 1" => |h, e| set_then(h, rl(h, 3), sl(h, sc(h).idx_err, n(), n()), i(1));
            "x = [0, 1, 2] ;; x[:2**63-1] = [] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), i(MAX), n()), lst(h, &[]));
            "x = [0, 1, 2] ;; x[-2**63:] = [5] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(MIN), n(), n()), lst(h, &[i(5)]));
            "x = [0, 1, 2] ;; x[::-2**63] = [9] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(MIN)), lst(h, &[i(9)]));
            "x = [0, 1, 2] ;; x[::2**63-1] = [9, 8] ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(MAX)), lst(h, &[i(9), i(8)]));
            "x = [0, 1, 2] ;; x[0:2] = x[1:] ;; x" => |h, e| { let x = rl(h, 3); let y = h.getitem(&x, &sl(h, i(1), n(), n())).unwrap(); set_then(h, x, sl(h, i(0), i(2), n()), y) };
            "x = MyList([1, 2, 3]) ;; x[1:] = [5] ;; x" => |h, e| set_then(h, my_list(h, e, &[i(1), i(2), i(3)]), sl(h, i(1), n(), n()), lst(h, &[i(5)]));
            "x = MyList([1, 2, 3]) ;; weakref.proxy(x)[:1] = [] ;; x" => |h, e| { let x = my_list(h, e, &[i(1), i(2), i(3)]); h.setitem(&h.proxy(&x, None).unwrap(), &sl(h, n(), i(1), n()), &lst(h, &[])).map(|_| x) };
            "dpml[:] = []" => |h, e| h.setitem(&e.dpml, &sl(h, n(), n(), n()), &lst(h, &[]));
            "x = SlSet() ;; x[1:2] = 5 ;; x.got" => |h, e| { let x = sc(h).set; h.setitem(&x, &sl(h, i(1), i(2), n()), &i(5)).and_then(|_| h.getattr(&x, "got")) };
            "x = SlList([0, 1]) ;; x[:1] = [7] ;; list(x)" => |h, e| { let x = h.call(&sc(h).list, &[rl(h, 2)]).unwrap(); h.setitem(&x, &sl(h, n(), i(1), n()), &lst(h, &[i(7)])).and_then(|_| h.call(&bi(h, Builtin::List), &[x])) };
            "x = (1, 2) ;; x[0:1] = [1]" => |h, e| h.setitem(&tp(h, &[i(1), i(2)]), &sl(h, i(0), i(1), n()), &lst(h, &[i(1)]));
            "x = 'ab' ;; x[0:1] = 'c'" => |h, e| h.setitem(&s("ab"), &sl(h, i(0), i(1), n()), &s("c"));
            "x = b'ab' ;; x[0:1] = b'c'" => |h, e| h.setitem(&b(h, b"ab"), &sl(h, i(0), i(1), n()), &b(h, b"c"));
            "x = {} ;; x[1:2] = 3" => |h, e| h.setitem(&h.dict(&[]).unwrap(), &sl(h, i(1), i(2), n()), &i(3));
            "x = o ;; x[1:2] = 3" => |h, e| h.setitem(&e.o, &sl(h, i(1), i(2), n()), &i(3));
            // ---- del list[slice] ------------------------------------------------------------
            "x = [0, 1, 2, 3, 4] ;; del x[1:3] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, i(1), i(3), n()));
            "x = [0, 1, 2, 3, 4] ;; del x[::2] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, n(), n(), i(2)));
            "x = [0, 1, 2, 3, 4] ;; del x[::-2] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, n(), n(), i(-2)));
            "x = [0, 1, 2, 3, 4] ;; del x[-2::-3] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, i(-2), n(), i(-3)));
            "x = [0, 1, 2, 3, 4] ;; del x[3:1] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, i(3), i(1), n()));
            "x = [0, 1, 2, 3, 4] ;; del x[:] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, n(), n(), n()));
            "x = [0, 1, 2, 3, 4] ;; del x[-2**63:2**63-1:3] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, i(MIN), i(MAX), i(3)));
            "x = [0, 1, 2, 3, 4] ;; del x[::-2**63] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, n(), n(), i(MIN)));
            "x = [0, 1, 2, 3, 4] ;; del x[SlIdx(-3):] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, ix(h, i(-3)), n(), n()));
            "x = [] ;; del x[::-1] ;; x" => |h, e| del_then(h, lst(h, &[]), sl(h, n(), n(), i(-1)));
            "x = [0, 1, 2] ;; del x[::0]" => |h, e| del_then(h, rl(h, 3), sl(h, n(), n(), i(0)));
            "x = [0, 1, 2] ;; del x[:'a']" => |h, e| del_then(h, rl(h, 3), sl(h, n(), s("a"), n()));
            "x = [0, 1, 2] ;; del x[SlIdxErr():]" => |h, e| del_then(h, rl(h, 3), sl(h, sc(h).idx_err, n(), n()));
            "x = (1, 2) ;; del x[:1]" => |h, e| del_then(h, tp(h, &[i(1), i(2)]), sl(h, n(), i(1), n()));
            "x = 'ab' ;; del x[:1]" => |h, e| del_then(h, s("ab"), sl(h, n(), i(1), n()));
            "x = b'ab' ;; del x[:1]" => |h, e| del_then(h, b(h, b"ab"), sl(h, n(), i(1), n()));
            "x = SlDel() ;; del x[::2] ;; x.got" => |h, e| { let x = sc(h).del; h.delitem(&x, &sl(h, n(), n(), i(2))).and_then(|_| h.getattr(&x, "got")) };
            "x = MyList([1, 2, 3]) ;; del x[::2] ;; x" => |h, e| del_then(h, my_list(h, e, &[i(1), i(2), i(3)]), sl(h, n(), n(), i(2)));
            "x = MyList([1, 2, 3]) ;; del weakref.proxy(x)[1:] ;; x" => |h, e| { let x = my_list(h, e, &[i(1), i(2), i(3)]); h.delitem(&h.proxy(&x, None).unwrap(), &sl(h, i(1), n(), n())).map(|_| x) };
            "del dpml[:]" => |h, e| h.delitem(&e.dpml, &sl(h, n(), n(), n()));
            "x = {} ;; del x[1:]" => |h, e| del_then(h, h.dict(&[]).unwrap(), sl(h, i(1), n(), n()));
            "x = o ;; del x[1:]" => |h, e| del_then(h, e.o.clone(), sl(h, i(1), n(), n()));
            // ---- review: the constructor and attributes -----------------------------------
            "slice(1, None)" => |h, e| slc(h, &[i(1), n()]);
            "slice(None, None, None)" => |h, e| slc(h, &[n(), n(), n()]);
            "slice(1, **{})" => |h, e| h.call_kw(&bi(h, Builtin::Slice), &[i(1)], &[]);
            "slice(1, 2, 3, x=4)" => |h, e| h.call_kw(&bi(h, Builtin::Slice), &[i(1), i(2), i(3)], &[("x", i(4))]);
            "slice(2**63-1, -2**63, -2**63)" => |h, e| slc(h, &[i(MAX), i(MIN), i(MIN)]);
            "slice(True, False)" => |h, e| slc(h, &[true.into(), false.into()]);
            "slice(1.5, 2.5, 0.5)" => |h, e| slc(h, &[f64v(1.5), f64v(2.5), f64v(0.5)]);
            "x = slice(p) ;; x.stop is p" => |h, e| h.getattr(&slc(h, &[e.p.clone()]).unwrap(), "stop").map(|v| v.is(&e.p));
            "x = slice(dp) ;; x.stop is dp" => |h, e| h.getattr(&slc(h, &[e.dp.clone()]).unwrap(), "stop").map(|v| v.is(&e.dp));
            "delattr(slice(1), 'start')" => |h, e| h.delattr(&slc(h, &[i(1)]).unwrap(), "start");
            "setattr(slice(1), 'stop', 2)" => |h, e| h.setattr(&slc(h, &[i(1)]).unwrap(), "stop", &i(2));
            "hasattr(slice(1), 'start')" => |h, e| h.hasattr(&slc(h, &[i(1)]).unwrap(), "start");
            "hasattr(slice(1), 'step')" => |h, e| h.hasattr(&slc(h, &[i(1)]).unwrap(), "step");
            "hasattr(slice(1), '__len__')" => |h, e| h.hasattr(&slc(h, &[i(1)]).unwrap(), "__len__");
            "hasattr(slice(1), 'append')" => |h, e| h.hasattr(&slc(h, &[i(1)]).unwrap(), "append");
            "slice(1).count" => |h, e| h.getattr(&slc(h, &[i(1)]).unwrap(), "count");
            "repr(slice(1).indices)" => |h, e| h.getattr(&slc(h, &[i(1)]).unwrap(), "indices").and_then(|m| h.repr(&m));
            "repr(slice.indices)" => |h, e| h.getattr(&bi(h, Builtin::Slice), "indices").and_then(|m| h.repr(&m));
            "slice.indices(slice(1), 3)" => |h, e| h.getattr(&bi(h, Builtin::Slice), "indices").and_then(|m| h.call(&m, &[slc(h, &[i(1)]).unwrap(), i(3)]));
            "slice(1).indices(len=3)" => |h, e| h.call_kw(&ga(h, &slc(h, &[i(1)]).unwrap(), "indices"), &[], &[("len", i(3))]);
            "type(slice(1)) is slice" => |h, e| h.type_of(&slc(h, &[i(1)]).unwrap()).map(|t| t.is(&bi(h, Builtin::Slice)));
            "type(slice)" => |h, e| h.type_of(&bi(h, Builtin::Slice));
            "slice(1).__class__" => |h, e| h.getattr(&slc(h, &[i(1)]).unwrap(), "__class__");
            "weakref.WeakSet([slice(1)])" => |h, e| h.weak_set(&[slc(h, &[i(1)]).unwrap()]);
            "weakref.proxy(SlIdxInt(1))" => |h, e| h.proxy(&h.call(&sc(h).idx_int, &[i(1)]).unwrap(), None);
            // ---- review: repr -------------------------------------------------------------
            "repr(slice(o))" => |h, e| h.repr(&slc(h, &[e.o.clone()]).unwrap());
            "repr(slice(p, o))" => |h, e| h.repr(&slc(h, &[e.p.clone(), e.o.clone()]).unwrap());
            "repr(slice(BadRepr()))" => |h, e| h.repr(&slc(h, &[h.call(&e.bad_repr, &[]).unwrap()]).unwrap());
            "repr(slice(ReprNone()))" => |h, e| h.repr(&slc(h, &[h.call(&e.repr_none, &[]).unwrap()]).unwrap());
            "repr(slice((1, 2), [3], {4: 5}))" => |h, e| h.repr(&sl(h, tp(h, &[i(1), i(2)]), lst(h, &[i(3)]), h.dict(&[(i(4), i(5))]).unwrap()));
            r"repr(slice(-1, 'x\n', b'\x00'))" => |h, e| h.repr(&sl(h, i(-1), s("x\n"), b(h, b"\x00")));
            "str(slice(MyStr('a')))" => |h, e| h.str(&slc(h, &[h.call(&e.my_str, &[s("a")]).unwrap()]).unwrap());
            "repr(slice(slice(slice(1))))" => |h, e| h.repr(&slc(h, &[slc(h, &[slc(h, &[i(1)]).unwrap()]).unwrap()]).unwrap());
            "x = [] ;; x.append(slice(None, x, x)) ;; repr(x)" => |h, e| { let x = lst(h, &[]); h.list_append(&x, &sl(h, n(), x.clone(), x.clone())).unwrap(); h.repr(&x) };
            "x = {} ;; x[1] = slice(x) ;; repr(x)" => |h, e| { let x = h.dict(&[]).unwrap(); h.setitem(&x, &i(1), &slc(h, &[x.clone()]).unwrap()).unwrap(); h.repr(&x) };
            "repr([slice(1), (slice(2),)])" => |h, e| h.repr(&lst(h, &[slc(h, &[i(1)]).unwrap(), tp(h, &[slc(h, &[i(2)]).unwrap()])]));
            // ---- review: indices ----------------------------------------------------------
            "slice(-2**63, None, -1).indices(5)" => |h, e| ind(h, sl(h, i(MIN), n(), i(-1)), &[i(5)]);
            "slice(2**63-1).indices(0)" => |h, e| ind(h, slc(h, &[i(MAX)]).unwrap(), &[i(0)]);
            "slice(None, None, 2**63-1).indices(5)" => |h, e| ind(h, sl(h, n(), n(), i(MAX)), &[i(5)]);
            "slice(1, 2, 3).indices(-2**63)" => |h, e| ind(h, sl(h, i(1), i(2), i(3)), &[i(MIN)]);
            "slice(-2**63, 2**63-1).indices(2**63-1)" => |h, e| ind(h, sl(h, i(MIN), i(MAX), n()), &[i(MAX)]);
            "slice(None, -2**63, -1).indices(2**63-1)" => |h, e| ind(h, sl(h, n(), i(MIN), i(-1)), &[i(MAX)]);
            "slice(SlIdxInt(1)).indices(SlIdxInt(3))" => |h, e| { let c = sc(h).idx_int; ind(h, slc(h, &[h.call(&c, &[i(1)]).unwrap()]).unwrap(), &[h.call(&c, &[i(3)]).unwrap()]) };
            "slice(1).indices(SlIdxFloat(1.5))" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[h.call(&sc(h).idx_float, &[f64v(1.5)]).unwrap()]);
            "slice(SlIdxFloat(1.5)).indices(5)" => |h, e| ind(h, slc(h, &[h.call(&sc(h).idx_float, &[f64v(1.5)]).unwrap()]).unwrap(), &[i(5)]);
            "slice(1).indices(p)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[e.p.clone()]);
            "slice(1).indices(dp)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[e.dp.clone()]);
            "slice(1).indices(SlNoneIdx())" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[sc(h).none_idx]);
            "slice(1).indices(SlIdx('a'))" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[ix(h, s("a"))]);
            "slice(1).indices([])" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[lst(h, &[])]);
            "slice(1).indices(1.0)" => |h, e| ind(h, slc(h, &[i(1)]).unwrap(), &[f64v(1.0)]);
            "slice(None, None, True).indices(3)" => |h, e| ind(h, sl(h, n(), n(), true.into()), &[i(3)]);
            "slice(1, 2, 0).indices(-1)" => |h, e| ind(h, sl(h, i(1), i(2), i(0)), &[i(-1)]);
            "slice(SlNoneIdx()).indices(3)" => |h, e| ind(h, slc(h, &[sc(h).none_idx]).unwrap(), &[i(3)]);
            "slice(None, None, SlIdxErr()).indices(3)" => |h, e| ind(h, sl(h, n(), n(), sc(h).idx_err), &[i(3)]);
            "slice(SlIdxErr(), None, 0).indices(3)" => |h, e| ind(h, sl(h, sc(h).idx_err, n(), i(0)), &[i(3)]);
            "slice(None, None, SlIdx(-1)).indices(SlIdx(0))" => |h, e| ind(h, sl(h, n(), n(), ix(h, i(-1))), &[ix(h, i(0))]);
            "slice(5, 2, -1).indices(3)" => |h, e| ind(h, sl(h, i(5), i(2), i(-1)), &[i(3)]);
            // ---- review: comparisons ------------------------------------------------------
            "slice(1) < slice(1, 2)" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &sl(h, i(1), i(2), n()), Lt);
            "slice(1, 2) > slice(1, 1)" => |h, e| h.compare(&sl(h, i(1), i(2), n()), &sl(h, i(1), i(1), n()), Gt);
            "slice(1, 2, 3) <= slice(1, 2, 4)" => |h, e| h.compare(&sl(h, i(1), i(2), i(3)), &sl(h, i(1), i(2), i(4)), Le);
            "slice(0, 0) < slice(0, 0, 1)" => |h, e| h.compare(&sl(h, i(0), i(0), n()), &sl(h, i(0), i(0), i(1)), Lt);
            "slice(1) == 1" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &i(1));
            "1 == slice(1)" => |h, e| h.eq(&i(1), &slc(h, &[i(1)]).unwrap());
            "slice(1) != 'a'" => |h, e| h.ne(&slc(h, &[i(1)]).unwrap(), &s("a"));
            "slice(1) > None" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &n(), Gt);
            "None < slice(1)" => |h, e| h.compare(&n(), &slc(h, &[i(1)]).unwrap(), Lt);
            "bool(slice(1) < SlCmp())" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &sc(h).cmp, Lt);
            "bool(slice(1) == SlCmp())" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &sc(h).cmp);
            "bool(SlCmp() != slice(1))" => |h, e| h.ne(&sc(h).cmp, &slc(h, &[i(1)]).unwrap());
            "SlCmp() <= slice(1)" => |h, e| h.compare(&sc(h).cmp, &slc(h, &[i(1)]).unwrap(), Le);
            "slice(1) == Dn()" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &sc(h).dn);
            "slice(1) <= Dn()" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &sc(h).dn, Le);
            "slice(1) < (1,)" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &tp(h, &[i(1)]), Lt);
            "(1,) < slice(1)" => |h, e| h.compare(&tp(h, &[i(1)]), &slc(h, &[i(1)]).unwrap(), Lt);
            "slice(1, 2) == slice(1.0, 2.0)" => |h, e| h.eq(&sl(h, i(1), i(2), n()), &sl(h, f64v(1.0), f64v(2.0), n()));
            "slice(EqErr()) != slice(1)" => |h, e| h.ne(&slc(h, &[eq_err(h)]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "x = EqErr() ;; slice(x) == slice(x)" => |h, e| { let x = eq_err(h); h.eq(&slc(h, &[x.clone()]).unwrap(), &slc(h, &[x]).unwrap()) };
            "x = EqErr() ;; slice(x) < slice(x)" => |h, e| { let x = eq_err(h); h.compare(&slc(h, &[x.clone()]).unwrap(), &slc(h, &[x]).unwrap(), Lt) };
            "slice(1, EqErr()) < slice(2, EqErr())" => |h, e| h.compare(&sl(h, i(1), eq_err(h), n()), &sl(h, i(2), eq_err(h), n()), Lt);
            "slice(1, 2) < slice(1, 2, EqErr())" => |h, e| h.compare(&sl(h, i(1), i(2), n()), &sl(h, i(1), i(2), eq_err(h)), Lt);
            "slice(p) == slice(o)" => |h, e| h.eq(&slc(h, &[e.p.clone()]).unwrap(), &slc(h, &[e.o.clone()]).unwrap());
            "slice(dp) == slice(dp)" => |h, e| h.eq(&slc(h, &[e.dp.clone()]).unwrap(), &slc(h, &[e.dp.clone()]).unwrap());
            "slice(dp) == slice(1)" => |h, e| h.eq(&slc(h, &[e.dp.clone()]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice([1], 2) < slice([1, 2], 1)" => |h, e| h.compare(&sl(h, lst(h, &[i(1)]), i(2), n()), &sl(h, lst(h, &[i(1), i(2)]), i(1), n()), Lt);
            "slice(1) == slice(None, 1)" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &sl(h, n(), i(1), n()));
            "slice(1) >= slice(0)" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &slc(h, &[i(0)]).unwrap(), Ge);
            "slice(1) != slice(1, 2)" => |h, e| h.ne(&slc(h, &[i(1)]).unwrap(), &sl(h, i(1), i(2), n()));
            "slice(1) == [None, 1, None]" => |h, e| h.eq(&slc(h, &[i(1)]).unwrap(), &lst(h, &[n(), i(1), n()]));
            "slice(u) < slice(u)" => |h, e| h.compare(&slc(h, &[e.u.clone()]).unwrap(), &slc(h, &[e.u.clone()]).unwrap(), Lt);
            "x = slice(1) ;; x > x" => |h, e| { let x = slc(h, &[i(1)]).unwrap(); h.compare(&x, &x, Gt) };
            "x = slice(1) ;; x != x" => |h, e| { let x = slc(h, &[i(1)]).unwrap(); h.ne(&x, &x) };
            "x = slice(o, 'a') ;; x >= x" => |h, e| { let x = sl(h, e.o.clone(), s("a"), n()); h.compare(&x, &x, Ge) };
            "x = [slice(3), slice(1), slice(2)] ;; x.sort() ;; x" => |h, e| { let x = lst(h, &[slc(h, &[i(3)]).unwrap(), slc(h, &[i(1)]).unwrap(), slc(h, &[i(2)]).unwrap()]); h.call_method(&x, "sort", &[]).map(|_| x) };
            "[slice(1), slice(None)].sort()" => |h, e| h.call_method(&lst(h, &[slc(h, &[i(1)]).unwrap(), slc(h, &[n()]).unwrap()]), "sort", &[]);
            "(slice(1),) == (slice(1),)" => |h, e| h.eq(&tp(h, &[slc(h, &[i(1)]).unwrap()]), &tp(h, &[slc(h, &[i(1)]).unwrap()]));
            // ---- review: hashing, containers, in ------------------------------------------
            "hash((slice(1),))" => |h, e| h.hash(&tp(h, &[slc(h, &[i(1)]).unwrap()]));
            "{slice(1)}" => |h, e| h.set(&[slc(h, &[i(1)]).unwrap()]);
            "x = {} ;; x[slice(1)] = 1" => |h, e| h.setitem(&h.dict(&[]).unwrap(), &slc(h, &[i(1)]).unwrap(), &i(1));
            "slice(1) in d" => |h, e| h.contains(&e.d, &slc(h, &[i(1)]).unwrap());
            "d.get(slice(1))" => |h, e| h.call_method(&e.d, "get", &[slc(h, &[i(1)]).unwrap()]);
            "frozenset([slice(1)])" => |h, e| h.frozenset(&[slc(h, &[i(1)]).unwrap()]);
            "{(1, slice(1)): 1}" => |h, e| h.dict(&[(tp(h, &[i(1), slc(h, &[i(1)]).unwrap()]), i(1))]);
            "slice(1) in fs" => |h, e| h.contains(&e.fs, &slc(h, &[i(1)]).unwrap());
            "ws.add(slice(1))" => |h, e| h.call_method(&e.ws, "add", &[slc(h, &[i(1)]).unwrap()]);
            "slice(1) in ws" => |h, e| h.contains(&e.ws, &slc(h, &[i(1)]).unwrap());
            "slice(1) in wkd" => |h, e| h.contains(&e.wkd, &slc(h, &[i(1)]).unwrap());
            "wkd[slice(1)]" => |h, e| h.getitem(&e.wkd, &slc(h, &[i(1)]).unwrap());
            "x = weakref.WeakKeyDictionary() ;; x[slice(1)] = 1" => |h, e| h.setitem(&h.weak_key_dict(&[]).unwrap(), &slc(h, &[i(1)]).unwrap(), &i(1));
            "wvd[slice(1)] = o" => |h, e| h.setitem(&e.wvd, &slc(h, &[i(1)]).unwrap(), &e.o);
            "wvd['k'] = slice(1)" => |h, e| h.setitem(&e.wvd, &s("k"), &slc(h, &[i(1)]).unwrap());
            "slice(1) in [1, slice(1)]" => |h, e| h.contains(&lst(h, &[i(1), slc(h, &[i(1)]).unwrap()]), &slc(h, &[i(1)]).unwrap());
            "1 in slice(1)" => |h, e| h.contains(&slc(h, &[i(1)]).unwrap(), &i(1));
            "slice(1) in 'abc'" => |h, e| h.contains(&s("abc"), &slc(h, &[i(1)]).unwrap());
            "slice(1) in b'abc'" => |h, e| h.contains(&b(h, b"abc"), &slc(h, &[i(1)]).unwrap());
            "slice(1) in d.keys()" => |h, e| h.contains(&h.call_method(&e.d, "keys", &[]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(1) in d.values()" => |h, e| h.contains(&h.call_method(&e.d, "values", &[]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(1) in d.items()" => |h, e| h.contains(&h.call_method(&e.d, "items", &[]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "[slice(1)].index(slice(1))" => |h, e| h.call_method(&lst(h, &[slc(h, &[i(1)]).unwrap()]), "index", &[slc(h, &[i(1)]).unwrap()]);
            "[1, 2].count(slice(1))" => |h, e| h.call_method(&lst(h, &[i(1), i(2)]), "count", &[slc(h, &[i(1)]).unwrap()]);
            // ---- review: operators --------------------------------------------------------
            "slice(1) + slice(2)" => |h, e| h.binary_op(&slc(h, &[i(1)]).unwrap(), &slc(h, &[i(2)]).unwrap(), BinaryOp::Add);
            "slice(1) * 2" => |h, e| h.binary_op(&slc(h, &[i(1)]).unwrap(), &i(2), BinaryOp::Mul);
            "2 * slice(1)" => |h, e| h.binary_op(&i(2), &slc(h, &[i(1)]).unwrap(), BinaryOp::Mul);
            "slice(1) | slice(1)" => |h, e| h.binary_op(&slc(h, &[i(1)]).unwrap(), &slc(h, &[i(1)]).unwrap(), BinaryOp::Or);
            "-slice(1)" => |h, e| h.unary_op(&slc(h, &[i(1)]).unwrap(), UnaryOp::Neg);
            "~slice(1)" => |h, e| h.unary_op(&slc(h, &[i(1)]).unwrap(), UnaryOp::Invert);
            "abs(slice(1))" => |h, e| h.unary_op(&slc(h, &[i(1)]).unwrap(), UnaryOp::Abs);
            "[1] + slice(1)" => |h, e| h.binary_op(&lst(h, &[i(1)]), &slc(h, &[i(1)]).unwrap(), BinaryOp::Add);
            "(1,) + slice(1)" => |h, e| h.binary_op(&tp(h, &[i(1)]), &slc(h, &[i(1)]).unwrap(), BinaryOp::Add);
            "'a' + slice(1)" => |h, e| h.binary_op(&s("a"), &slc(h, &[i(1)]).unwrap(), BinaryOp::Add);
            "x = [1] ;; x += slice(1)" => |h, e| h.inplace_op(&lst(h, &[i(1)]), &slc(h, &[i(1)]).unwrap(), BinaryOp::Add);
            "x = slice(1) ;; x += 1" => |h, e| h.inplace_op(&slc(h, &[i(1)]).unwrap(), &i(1), BinaryOp::Add);
            // ---- review: the bounds's types -----------------------------------------------
            "[0, 1, 2, 3][::True]" => |h, e| h.getitem(&rl(h, 4), &sl(h, n(), n(), true.into()));
            "[0, 1, 2][False:True]" => |h, e| h.getitem(&rl(h, 3), &sl(h, false.into(), true.into(), n()));
            "[0, 1, 2, 3, 4, 5][SlIdxInt(1):]" => |h, e| h.getitem(&rl(h, 6), &sl(h, h.call(&sc(h).idx_int, &[i(1)]).unwrap(), n(), n()));
            "[0, 1, 2, 3][SlIdxFloat(0.5):]" => |h, e| h.getitem(&rl(h, 4), &sl(h, h.call(&sc(h).idx_float, &[f64v(0.5)]).unwrap(), n(), n()));
            "[0, 1][SlNoneIdx():]" => |h, e| h.getitem(&rl(h, 2), &sl(h, sc(h).none_idx, n(), n()));
            "'ab'[:SlNoneIdx()]" => |h, e| h.getitem(&s("ab"), &sl(h, n(), sc(h).none_idx, n()));
            "[0, 1, 2][SlIdx(True):]" => |h, e| h.getitem(&rl(h, 3), &sl(h, ix(h, true.into()), n(), n()));
            "[0, 1, 2][SlIdx(mi):]" => |h, e| h.getitem(&rl(h, 3), &sl(h, ix(h, e.mi.clone()), n(), n()));
            "[0, 1, 2][SlIdx(SlIdx(1)):]" => |h, e| h.getitem(&rl(h, 3), &sl(h, ix(h, ix(h, i(1))), n(), n()));
            "[0, 1, 2][SlIdx(None):]" => |h, e| h.getitem(&rl(h, 3), &sl(h, ix(h, n()), n(), n()));
            "[0, 1, 2][:o]" => |h, e| h.getitem(&rl(h, 3), &sl(h, n(), e.o.clone(), n()));
            "[0, 1, 2][:(1,)]" => |h, e| h.getitem(&rl(h, 3), &sl(h, n(), tp(h, &[i(1)]), n()));
            "[0, 1, 2][::1.0]" => |h, e| h.getitem(&rl(h, 3), &sl(h, n(), n(), f64v(1.0)));
            "[0, 1, 2][:'1']" => |h, e| h.getitem(&rl(h, 3), &sl(h, n(), s("1"), n()));
            "[0, 1, 2][dp::0]" => |h, e| h.getitem(&rl(h, 3), &sl(h, e.dp.clone(), n(), i(0)));
            "[0, 1, 2][p::0]" => |h, e| h.getitem(&rl(h, 3), &sl(h, e.p.clone(), n(), i(0)));
            "[0, 1, 2][SlIdxErr()::'a']" => |h, e| h.getitem(&rl(h, 3), &sl(h, sc(h).idx_err, n(), s("a")));
            "[0, 1, 2][SlIdxErr():'a']" => |h, e| h.getitem(&rl(h, 3), &sl(h, sc(h).idx_err, s("a"), n()));
            "[0, 1, 2][2**63-1:2**63-1]" => |h, e| h.getitem(&rl(h, 3), &sl(h, i(MAX), i(MAX), n()));
            "[0, 1, 2][-2**63:-2**63]" => |h, e| h.getitem(&rl(h, 3), &sl(h, i(MIN), i(MIN), n()));
            "[0, 1, 2][-2**63::-1]" => |h, e| h.getitem(&rl(h, 3), &sl(h, i(MIN), n(), i(-1)));
            "[0, 1, 2][2**63-1:-2**63:-1]" => |h, e| h.getitem(&rl(h, 3), &sl(h, i(MAX), i(MIN), i(-1)));
            "[0, 1, 2, 3, 4][::-2**63+1]" => |h, e| h.getitem(&rl(h, 5), &sl(h, n(), n(), i(-MAX)));
            "(0, 1, 2, 3)[::2**62]" => |h, e| h.getitem(&tp(h, &[i(0), i(1), i(2), i(3)]), &sl(h, n(), n(), i(1 << 62)));
            "x = [0, 1, 2, 3] ;; x[SlMut(x, 1):]" => |h, e| { let x = rl(h, 4); let m = h.call(&sc(h).mut_idx, &[x.clone(), i(1)]).unwrap(); h.getitem(&x, &sl(h, m, n(), n())) };
            "x = [0, 1, 2, 3] ;; x[:SlMut(x, -1)]" => |h, e| { let x = rl(h, 4); let m = h.call(&sc(h).mut_idx, &[x.clone(), i(-1)]).unwrap(); h.getitem(&x, &sl(h, n(), m, n())) };
            "x = [0, 1, 2, 3] ;; x[SlMut(x, 1):] = [7] ;; x" => |h, e| { let x = rl(h, 4); let m = h.call(&sc(h).mut_idx, &[x.clone(), i(1)]).unwrap(); set_then(h, x, sl(h, m, n(), n()), lst(h, &[i(7)])) };
            "x = [0, 1, 2, 3] ;; x[::SlMut(x, 2)] = [] ;; x" => |h, e| { let x = rl(h, 4); let m = h.call(&sc(h).mut_idx, &[x.clone(), i(2)]).unwrap(); set_then(h, x, sl(h, n(), n(), m), lst(h, &[])) };
            "x = [0, 1, 2, 3] ;; del x[::SlMut(x, 2)] ;; x" => |h, e| { let x = rl(h, 4); let m = h.call(&sc(h).mut_idx, &[x.clone(), i(2)]).unwrap(); del_then(h, x, sl(h, n(), n(), m)) };
            "x = [0, 1, 2, 3] ;; y = SlMut(x, 2) ;; y.l = [] ;; x[y:] = 'ab' ;; x" => |h, e| { let x = rl(h, 4); let m = h.call(&sc(h).mut_idx, &[x.clone(), i(2)]).unwrap(); h.setattr(&m, "l", &lst(h, &[])).unwrap(); set_then(h, x, sl(h, m, n(), n()), s("ab")) };
            "[1, 2, 3].index(3, SlIdx(1))" => |h, e| h.call_method(&lst(h, &[i(1), i(2), i(3)]), "index", &[i(3), ix(h, i(1))]);
            "[1, 2, 3].index(1, None)" => |h, e| h.call_method(&lst(h, &[i(1), i(2), i(3)]), "index", &[i(1), n()]);
            "[1, 2, 3].index(3, -2**63, 2**63-1)" => |h, e| h.call_method(&lst(h, &[i(1), i(2), i(3)]), "index", &[i(3), i(MIN), i(MAX)]);
            "(1, 2, 3).index(2, 'a')" => |h, e| h.call_method(&tp(h, &[i(1), i(2), i(3)]), "index", &[i(2), s("a")]);
            // ---- review: empty, subclasses, identity, text ---------------------------------
            "x = MyTuple(()) ;; type(x[:])" => |h, e| { let x = h.call(&e.my_tuple, &[tp(h, &[])]).unwrap(); h.getitem(&x, &sl(h, n(), n(), n())).and_then(|y| h.type_of(&y)) };
            "MyTuple((1, 2, 3))[::-1]" => |h, e| h.getitem(&h.call(&e.my_tuple, &[tp(h, &[i(1), i(2), i(3)])]).unwrap(), &sl(h, n(), n(), i(-1)));
            "type(MyStr('')[:])" => |h, e| h.getitem(&h.call(&e.my_str, &[s("")]).unwrap(), &sl(h, n(), n(), n())).and_then(|x| h.type_of(&x));
            "MyStr('héllo')[::-1]" => |h, e| h.getitem(&h.call(&e.my_str, &[s("héllo")]).unwrap(), &sl(h, n(), n(), i(-1)));
            "type(MyStr('héllo')[1:])" => |h, e| h.getitem(&h.call(&e.my_str, &[s("héllo")]).unwrap(), &sl(h, i(1), n(), n())).and_then(|x| h.type_of(&x));
            "x = 'héllo' ;; x[::1] is x" => |h, e| { let x = s("héllo"); h.getitem(&x, &sl(h, n(), n(), i(1))).map(|y| y.is(&x)) };
            "(1, 2)[5:] is ()" => |h, e| h.getitem(&tp(h, &[i(1), i(2)]), &sl(h, i(5), n(), n())).map(|y| y.is(&tp(h, &[])));
            "b'abc'[5:] is b''" => |h, e| h.getitem(&b(h, b"abc"), &sl(h, i(5), n(), n())).map(|y| y.is(&b(h, b"")));
            "x = () ;; x[5:] is x" => |h, e| { let x = tp(h, &[]); h.getitem(&x, &sl(h, i(5), n(), n())).map(|y| y.is(&x)) };
            "x = MyTuple(()) ;; x[:] is x" => |h, e| { let x = h.call(&e.my_tuple, &[tp(h, &[])]).unwrap(); h.getitem(&x, &sl(h, n(), n(), n())).map(|y| y.is(&x)) };
            "x = () ;; x[::-1] is x" => |h, e| { let x = tp(h, &[]); h.getitem(&x, &sl(h, n(), n(), i(-1))).map(|y| y.is(&x)) };
            "x = (1, 2) ;; x[-2**63:2**63-1:1] is x" => |h, e| { let x = tp(h, &[i(1), i(2)]); h.getitem(&x, &sl(h, i(MIN), i(MAX), i(1))).map(|y| y.is(&x)) };
            "x = b'' ;; x[::-1] is x" => |h, e| { let x = b(h, b""); h.getitem(&x, &sl(h, n(), n(), i(-1))).map(|y| y.is(&x)) };
            "x = b'abc' ;; x[-2**63:2**63-1] is x" => |h, e| { let x = b(h, b"abc"); h.getitem(&x, &sl(h, i(MIN), i(MAX), n())).map(|y| y.is(&x)) };
            "x = [] ;; x[:] is x" => |h, e| { let x = lst(h, &[]); h.getitem(&x, &sl(h, n(), n(), n())).map(|y| y.is(&x)) };
            "type(MyList()[:])" => |h, e| h.getitem(&my_list(h, e, &[]), &sl(h, n(), n(), n())).and_then(|x| h.type_of(&x));
            "x = MyList([1, 2]) ;; x[:] == x" => |h, e| { let x = my_list(h, e, &[i(1), i(2)]); h.getitem(&x, &sl(h, n(), n(), n())).and_then(|y| h.eq(&y, &x)) };
            "''[1:]" => |h, e| h.getitem(&s(""), &sl(h, i(1), n(), n()));
            "b''[::-1]" => |h, e| h.getitem(&b(h, b""), &sl(h, n(), n(), i(-1)));
            "()[::-1]" => |h, e| h.getitem(&tp(h, &[]), &sl(h, n(), n(), i(-1)));
            "[][::-1]" => |h, e| h.getitem(&lst(h, &[]), &sl(h, n(), n(), i(-1)));
            "'aé😀'[::-1]" => |h, e| h.getitem(&s("aé😀"), &sl(h, n(), n(), i(-1)));
            "'aé😀'[-2:]" => |h, e| h.getitem(&s("aé😀"), &sl(h, i(-2), n(), n()));
            "'aé😀'[1:2]" => |h, e| h.getitem(&s("aé😀"), &sl(h, i(1), i(2), n()));
            "'aé😀'[5::-2]" => |h, e| h.getitem(&s("aé😀"), &sl(h, i(5), n(), i(-2)));
            r"'e\u0301'[::-1]" => |h, e| h.getitem(&s("e\u{301}"), &sl(h, n(), n(), i(-1)));
            r"'\x00a\n'[::-1]" => |h, e| h.getitem(&s("\0a\n"), &sl(h, n(), n(), i(-1)));
            r"b'\x00\x80a'[1::-1]" => |h, e| h.getitem(&b(h, b"\x00\x80a"), &sl(h, i(1), n(), i(-1)));
            "'abc'[::-1][::-1]" => |h, e| h.getitem(&h.getitem(&s("abc"), &sl(h, n(), n(), i(-1))).unwrap(), &sl(h, n(), n(), i(-1)));
            "(1, 2)[1:, 2]" => |h, e| h.getitem(&tp(h, &[i(1), i(2)]), &tp(h, &[sl(h, i(1), n(), n()), i(2)]));
            "[1, 2][1:, 2]" => |h, e| h.getitem(&lst(h, &[i(1), i(2)]), &tp(h, &[sl(h, i(1), n(), n()), i(2)]));
            "'ab'[1:, 2]" => |h, e| h.getitem(&s("ab"), &tp(h, &[sl(h, i(1), n(), n()), i(2)]));
            "b'ab'[1:, 2]" => |h, e| h.getitem(&b(h, b"ab"), &tp(h, &[sl(h, i(1), n(), n()), i(2)]));
            // ---- review: not sequences ----------------------------------------------------
            "ws[1:]" => |h, e| h.getitem(&e.ws, &sl(h, i(1), n(), n()));
            "pws[1:]" => |h, e| h.getitem(&e.pws, &sl(h, i(1), n(), n()));
            "wkd[1:]" => |h, e| h.getitem(&e.wkd, &sl(h, i(1), n(), n()));
            "d.keys()[1:]" => |h, e| h.getitem(&h.call_method(&e.d, "keys", &[]).unwrap(), &sl(h, i(1), n(), n()));
            "d.values()[::-1]" => |h, e| h.getitem(&h.call_method(&e.d, "values", &[]).unwrap(), &sl(h, n(), n(), i(-1)));
            "d.items()[0:]" => |h, e| h.getitem(&h.call_method(&e.d, "items", &[]).unwrap(), &sl(h, i(0), n(), n()));
            "iter([1])[1:]" => |h, e| h.getitem(&h.iterator(&lst(h, &[i(1)])).unwrap(), &sl(h, i(1), n(), n()));
            "fs[1:]" => |h, e| h.getitem(&e.fs, &sl(h, i(1), n(), n()));
            "f[1:]" => |h, e| h.getitem(&e.f, &sl(h, i(1), n(), n()));
            "C[1:]" => |h, e| h.getitem(&e.c, &sl(h, i(1), n(), n()));
            "slice[1:]" => |h, e| h.getitem(&bi(h, Builtin::Slice), &sl(h, i(1), n(), n()));
            "x = None ;; x[1:]" => |h, e| h.getitem(&n(), &sl(h, i(1), n(), n()));
            "x = True ;; x[1:]" => |h, e| h.getitem(&true.into(), &sl(h, i(1), n(), n()));
            "r[1:]" => |h, e| h.getitem(&e.r, &sl(h, i(1), n(), n()));
            "p[1:]" => |h, e| h.getitem(&e.p, &sl(h, i(1), n(), n()));
            "slice(1)[1:]" => |h, e| h.getitem(&slc(h, &[i(1)]).unwrap(), &sl(h, i(1), n(), n()));
            "d.keys()[1:] = 1" => |h, e| h.setitem(&h.call_method(&e.d, "keys", &[]).unwrap(), &sl(h, i(1), n(), n()), &i(1));
            "ws[1:] = []" => |h, e| h.setitem(&e.ws, &sl(h, i(1), n(), n()), &lst(h, &[]));
            "s[1:] = []" => |h, e| h.setitem(&e.s, &sl(h, i(1), n(), n()), &lst(h, &[]));
            "wvd[1:] = o" => |h, e| h.setitem(&e.wvd, &sl(h, i(1), n(), n()), &e.o);
            "wkd[1:] = 1" => |h, e| h.setitem(&e.wkd, &sl(h, i(1), n(), n()), &i(1));
            "md[1:] = 1" => |h, e| h.setitem(&e.md, &sl(h, i(1), n(), n()), &i(1));
            "x = 1 ;; x[1:] = 2" => |h, e| h.setitem(&i(1), &sl(h, i(1), n(), n()), &i(2));
            "slice(1)[1:] = 2" => |h, e| h.setitem(&slc(h, &[i(1)]).unwrap(), &sl(h, i(1), n(), n()), &i(2));
            "del ws[1:]" => |h, e| h.delitem(&e.ws, &sl(h, i(1), n(), n()));
            "del d.keys()[1:]" => |h, e| h.delitem(&h.call_method(&e.d, "keys", &[]).unwrap(), &sl(h, i(1), n(), n()));
            "del wvd[1:]" => |h, e| h.delitem(&e.wvd, &sl(h, i(1), n(), n()));
            "del wkd[1:]" => |h, e| h.delitem(&e.wkd, &sl(h, i(1), n(), n()));
            "del md[1:]" => |h, e| h.delitem(&e.md, &sl(h, i(1), n(), n()));
            "del s[1:]" => |h, e| h.delitem(&e.s, &sl(h, i(1), n(), n()));
            // ---- review: user classes and proxies -----------------------------------------
            "SlGet()[1:2:3]" => |h, e| h.getitem(&sc(h).get, &sl(h, i(1), i(2), i(3)));
            "SlGet()[:]" => |h, e| h.getitem(&sc(h).get, &sl(h, n(), n(), n()));
            "SlGet()[SlIdxErr():]" => |h, e| h.getitem(&sc(h).get, &sl(h, sc(h).idx_err, n(), n()));
            "x = SlGet() ;; weakref.proxy(x)[::0]" => |h, e| { let x = sc(h).get; h.getitem(&h.proxy(&x, None).unwrap(), &sl(h, n(), n(), i(0))) };
            "x = SlSet() ;; x[::0] = 1 ;; x.got" => |h, e| { let x = sc(h).set; h.setitem(&x, &sl(h, n(), n(), i(0)), &i(1)).and_then(|_| h.getattr(&x, "got")) };
            "x = SlSet() ;; weakref.proxy(x)[::2] = 'v' ;; x.got" => |h, e| { let x = sc(h).set; h.setitem(&h.proxy(&x, None).unwrap(), &sl(h, n(), n(), i(2)), &s("v")).and_then(|_| h.getattr(&x, "got")) };
            "x = SlDel() ;; del weakref.proxy(x)[1:2] ;; x.got" => |h, e| { let x = sc(h).del; h.delitem(&h.proxy(&x, None).unwrap(), &sl(h, i(1), i(2), n())).and_then(|_| h.getattr(&x, "got")) };
            "SlList([0, 1, 2])[::-1]" => |h, e| h.getitem(&h.call(&sc(h).list, &[rl(h, 3)]).unwrap(), &sl(h, n(), n(), i(-1)));
            "x = SlList([0, 1, 2]) ;; del x[:1] ;; list(x)" => |h, e| { let x = h.call(&sc(h).list, &[rl(h, 3)]).unwrap(); h.delitem(&x, &sl(h, n(), i(1), n())).and_then(|_| h.call(&bi(h, Builtin::List), &[x])) };
            "x = MyList([0, 1, 2, 3]) ;; y = weakref.proxy(x) ;; del y[::-2] ;; x" => |h, e| { let x = my_list(h, e, &[i(0), i(1), i(2), i(3)]); h.delitem(&h.proxy(&x, None).unwrap(), &sl(h, n(), n(), i(-2))).map(|_| x) };
            "x = MyList([0, 1, 2]) ;; y = weakref.proxy(x) ;; y[::-1] = y ;; x" => |h, e| { let x = my_list(h, e, &[i(0), i(1), i(2)]); let y = h.proxy(&x, None).unwrap(); h.setitem(&y, &sl(h, n(), n(), i(-1)), &y).map(|_| x) };
            "x = MyList([0, 1, 2]) ;; k = SlIdx(1) ;; x[weakref.proxy(k):]" => |h, e| { let x = my_list(h, e, &[i(0), i(1), i(2)]); let k = ix(h, i(1)); h.getitem(&x, &sl(h, h.proxy(&k, None).unwrap(), n(), n())) };
            // ---- review: slice assignment -------------------------------------------------
            "x = [0, 1, 2] ;; x[:] = 'abc' ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), n()), s("abc"));
            "x = [0, 1, 2] ;; x[1:1] = x ;; x" => |h, e| { let x = rl(h, 3); set_then(h, x.clone(), sl(h, i(1), i(1), n()), x) };
            "x = [0, 1, 2, 3] ;; x[::2] = x[:2] ;; x" => |h, e| { let x = rl(h, 4); let y = h.getitem(&x, &sl(h, n(), i(2), n())).unwrap(); set_then(h, x, sl(h, n(), n(), i(2)), y) };
            "x = [0, 1, 2, 3] ;; x[::2] = x" => |h, e| { let x = rl(h, 4); set_then(h, x.clone(), sl(h, n(), n(), i(2)), x) };
            "x = [0, 1, 2, 3] ;; x[::2] = x[::-2] ;; x" => |h, e| { let x = rl(h, 4); let y = h.getitem(&x, &sl(h, n(), n(), i(-2))).unwrap(); set_then(h, x, sl(h, n(), n(), i(2)), y) };
            "x = [0, 1, 2] ;; x[1:] = {5} ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), h.set(&[i(5)]).unwrap());
            "x = [0, 1, 2] ;; x[1:] = {'a': 1} ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), h.dict(&[(s("a"), i(1))]).unwrap());
            "x = [0, 1, 2] ;; x[1:] = ws ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.ws.clone());
            "x = [0, 1, 2] ;; x[::2] = pws" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), e.pws.clone());
            "x = [0, 1, 2] ;; x[1:] = d.keys() ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), h.call_method(&e.d, "keys", &[]).unwrap());
            "x = [0, 1, 2] ;; x[1:] = d.items() ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), h.call_method(&e.d, "items", &[]).unwrap());
            "x = [0, 1, 2] ;; x[1:] = iter(x) ;; x" => |h, e| { let x = rl(h, 3); let it = h.iterator(&x).unwrap(); set_then(h, x, sl(h, i(1), n(), n()), it) };
            "x = [0, 1, 2] ;; x[::-1] = iter(x) ;; x" => |h, e| { let x = rl(h, 3); let it = h.iterator(&x).unwrap(); set_then(h, x, sl(h, n(), n(), i(-1)), it) };
            "x = [0, 1, 2] ;; x[::-1] = reversed(x) ;; x" => |h, e| { let x = rl(h, 3); let it = h.reversed(&x).unwrap(); set_then(h, x, sl(h, n(), n(), i(-1)), it) };
            "x = [0, 1, 2] ;; x[1:] = o" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.o.clone());
            "x = [0, 1, 2] ;; x[::2] = o" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), e.o.clone());
            "x = [0, 1, 2] ;; x[::2] = p" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), e.p.clone());
            "x = [0, 1, 2] ;; x[1:] = p" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.p.clone());
            "x = [0, 1, 2] ;; x[::2] = dp" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), e.dp.clone());
            "x = [0, 1, 2] ;; x[1:] = 1.5" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), f64v(1.5));
            "x = [0, 1, 2] ;; x[::-1] = slice(1)" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(-1)), slc(h, &[i(1)]).unwrap());
            "x = [0, 1, 2] ;; x[1:] = KeyErrItem() ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), h.call(&e.key_err_item, &[]).unwrap());
            "x = [0, 1, 2, 3, 4] ;; x[::-1] = 'abcde' ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, n(), n(), i(-1)), s("abcde"));
            "x = [0, 1, 2, 3, 4] ;; x[3:0:-1] = 'abc' ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(3), i(0), i(-1)), s("abc"));
            "x = [0, 1, 2, 3, 4] ;; x[3:0:-1] = 'ab'" => |h, e| set_then(h, rl(h, 5), sl(h, i(3), i(0), i(-1)), s("ab"));
            "x = [0, 1, 2, 3, 4] ;; x[0:3:-1] = [] ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(0), i(3), i(-1)), lst(h, &[]));
            "x = [0, 1, 2, 3, 4] ;; x[4:1] = 'ab' ;; x" => |h, e| set_then(h, rl(h, 5), sl(h, i(4), i(1), n()), s("ab"));
            "x = [0, 1, 2] ;; x[-1:-3] = 'a' ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(-1), i(-3), n()), s("a"));
            "x = [0, 1, 2] ;; x[-2**63:1] = 'ab' ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(MIN), i(1), n()), s("ab"));
            "x = [0, 1, 2] ;; x[2**63-1:] = 'ab' ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(MAX), n(), n()), s("ab"));
            "x = [] ;; x[::-1] = [] ;; x" => |h, e| set_then(h, lst(h, &[]), sl(h, n(), n(), i(-1)), lst(h, &[]));
            "x = [] ;; x[::2] = 'a'" => |h, e| set_then(h, lst(h, &[]), sl(h, n(), n(), i(2)), s("a"));
            "x = SlIterList([1, 2]) ;; x[:] = x ;; x[:]" => |h, e| { let x = h.call(&sc(h).iter_list, &[lst(h, &[i(1), i(2)])]).unwrap(); h.setitem(&x, &sl(h, n(), n(), n()), &x).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = SlIterList([1, 2]) ;; x[::-1] = x ;; x[:]" => |h, e| { let x = h.call(&sc(h).iter_list, &[lst(h, &[i(1), i(2)])]).unwrap(); h.setitem(&x, &sl(h, n(), n(), i(-1)), &x).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = SlIterList([1, 2]) ;; x[1:1] = x ;; x[:]" => |h, e| { let x = h.call(&sc(h).iter_list, &[lst(h, &[i(1), i(2)])]).unwrap(); h.setitem(&x, &sl(h, i(1), i(1), n()), &x).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = SlIterList([1, 2]) ;; y = [0, 0, 0] ;; y[1:] = x ;; y" => |h, e| { let x = h.call(&sc(h).iter_list, &[lst(h, &[i(1), i(2)])]).unwrap(); set_then(h, rl(h, 3), sl(h, i(1), n(), n()), x) };
            "x = SlIterList([1, 2]) ;; y = [0, 0] ;; y[::-1] = x" => |h, e| { let x = h.call(&sc(h).iter_list, &[lst(h, &[i(1), i(2)])]).unwrap(); set_then(h, rl(h, 2), sl(h, n(), n(), i(-1)), x) };
            "x = SlIterList([1, 2]) ;; y = weakref.proxy(x) ;; y[:] = y ;; x[:]" => |h, e| { let x = h.call(&sc(h).iter_list, &[lst(h, &[i(1), i(2)])]).unwrap(); let y = h.proxy(&x, None).unwrap(); h.setitem(&y, &sl(h, n(), n(), n()), &y).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = MyList([1, 2]) ;; x[::-1] = x ;; x" => |h, e| { let x = my_list(h, e, &[i(1), i(2)]); set_then(h, x.clone(), sl(h, n(), n(), i(-1)), x) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[-1:] = SlGrow(x, 1, 'a') ;; x" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(1), s("a")]).unwrap(); set_then(h, x, sl(h, i(-1), n(), n()), g) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[4:] = SlGrow(x, -3, 'a') ;; x" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(-3), s("a")]).unwrap(); set_then(h, x, sl(h, i(4), n(), n()), g) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[1:3] = SlGrow(x, -5, 'ab') ;; x" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(-5), s("ab")]).unwrap(); set_then(h, x, sl(h, i(1), i(3), n()), g) };
            "x = [0, 1, 2] ;; x[:] = SlGrow(x, 2, 'ab') ;; x" => |h, e| { let x = rl(h, 3); let g = h.call(&sc(h).grow, &[x.clone(), i(2), s("ab")]).unwrap(); set_then(h, x, sl(h, n(), n(), n()), g) };
            "x = [0, 1, 2] ;; x[-2:] = SlGrow(x, 2, '') ;; x" => |h, e| { let x = rl(h, 3); let g = h.call(&sc(h).grow, &[x.clone(), i(2), s("")]).unwrap(); set_then(h, x, sl(h, i(-2), n(), n()), g) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[::2] = SlGrow(x, 1, 'abc') ;; x" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(1), s("abc")]).unwrap(); set_then(h, x, sl(h, n(), n(), i(2)), g) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[::2] = SlGrow(x, 2, 'abcd')" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(2), s("abcd")]).unwrap(); set_then(h, x, sl(h, n(), n(), i(2)), g) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[::-3] = SlGrow(x, 3, 'ab') ;; x" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(3), s("ab")]).unwrap(); set_then(h, x, sl(h, n(), n(), i(-3)), g) };
            "x = [0, 1, 2, 3, 4, 5] ;; x[::2] = SlGrow(x, -1, 'abc') ;; x" => |h, e| { let x = rl(h, 6); let g = h.call(&sc(h).grow, &[x.clone(), i(-1), s("abc")]).unwrap(); set_then(h, x, sl(h, n(), n(), i(2)), g) };
            // `x = [0, 1, 2] ;; x[::-1] = SlGrow(x, -1, 'abc') ;; x`: CPython writes 'a'
            // past the list's end (undefined behaviour, not run); lethe skips it.
            "# OK ['c', 'b']" => |h, e| { let x = rl(h, 3); let g = h.call(&sc(h).grow, &[x.clone(), i(-1), s("abc")]).unwrap(); set_then(h, x, sl(h, n(), n(), i(-1)), g) };
            // ---- review: open iterators and deletion --------------------------------------
            "x = [0, 1, 2, 3] ;; it = iter(x) ;; next(it) ;; del x[::2] ;; list(it)" => |h, e| { let x = rl(h, 4); let it = h.iterator(&x).unwrap(); h.next(&it).unwrap(); h.delitem(&x, &sl(h, n(), n(), i(2))).unwrap(); h.call(&bi(h, Builtin::List), &[it]) };
            "x = [0, 1, 2, 3] ;; it = iter(x) ;; next(it) ;; x[::2] = 'ab' ;; list(it)" => |h, e| { let x = rl(h, 4); let it = h.iterator(&x).unwrap(); h.next(&it).unwrap(); h.setitem(&x, &sl(h, n(), n(), i(2)), &s("ab")).unwrap(); h.call(&bi(h, Builtin::List), &[it]) };
            "x = [0, 1, 2, 3] ;; it = reversed(x) ;; next(it) ;; del x[:2] ;; list(it)" => |h, e| { let x = rl(h, 4); let it = h.reversed(&x).unwrap(); h.next(&it).unwrap(); h.delitem(&x, &sl(h, n(), i(2), n())).unwrap(); h.call(&bi(h, Builtin::List), &[it]) };
            "x = [0, 1, 2, 3] ;; it = reversed(x) ;; next(it) ;; x[:0] = 'ab' ;; list(it)" => |h, e| { let x = rl(h, 4); let it = h.reversed(&x).unwrap(); h.next(&it).unwrap(); h.setitem(&x, &sl(h, n(), i(0), n()), &s("ab")).unwrap(); h.call(&bi(h, Builtin::List), &[it]) };
            "x = [0, 1, 2, 3] ;; it = iter(x) ;; list(it) ;; x[:] = 'ab' ;; list(it)" => |h, e| { let x = rl(h, 4); let it = h.iterator(&x).unwrap(); h.call(&bi(h, Builtin::List), &[it.clone()]).unwrap(); h.setitem(&x, &sl(h, n(), n(), n()), &s("ab")).unwrap(); h.call(&bi(h, Builtin::List), &[it]) };
            "x = [0, 1, 2, 3, 4, 5, 6] ;; del x[1::3] ;; x" => |h, e| del_then(h, rl(h, 7), sl(h, i(1), n(), i(3)));
            "x = [0, 1, 2, 3, 4, 5, 6] ;; del x[5:0:-2] ;; x" => |h, e| del_then(h, rl(h, 7), sl(h, i(5), i(0), i(-2)));
            "x = [0, 1, 2, 3, 4] ;; del x[1:4:-1] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, i(1), i(4), i(-1)));
            "x = [0, 1, 2, 3, 4] ;; del x[::2**63-1] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, n(), n(), i(MAX)));
            "x = [0, 1, 2, 3, 4] ;; del x[-1:-2**63:-1] ;; x" => |h, e| del_then(h, rl(h, 5), sl(h, i(-1), i(MIN), i(-1)));
            "x = [0, 1, 2] ;; del x[5:] ;; x" => |h, e| del_then(h, rl(h, 3), sl(h, i(5), n(), n()));
            "x = [0, 1, 2] ;; del x[-2**63:-2] ;; x" => |h, e| del_then(h, rl(h, 3), sl(h, i(MIN), i(-2), n()));
            "x = [0, 1, 2] ;; del x[2:0:-1] ;; x" => |h, e| del_then(h, rl(h, 3), sl(h, i(2), i(0), i(-1)));
            "x = [0, 1, 2] ;; del x[p:]" => |h, e| del_then(h, rl(h, 3), sl(h, e.p.clone(), n(), n()));
            "x = [0, 1, 2] ;; del x[::SlIdx(-1)] ;; x" => |h, e| del_then(h, rl(h, 3), sl(h, n(), n(), ix(h, i(-1))));
            "x = [0, 1, 2] ;; del x[:SlIdxInt(1)] ;; x" => |h, e| del_then(h, rl(h, 3), sl(h, n(), h.call(&sc(h).idx_int, &[i(1)]).unwrap(), n()));
            "bool(slice(SlCmp()) == slice(1))" => |h, e| h.eq(&slc(h, &[sc(h).cmp]).unwrap(), &slc(h, &[i(1)]).unwrap());
            "slice(SlCmp(), 1) < slice(2, 2)" => |h, e| h.compare(&sl(h, sc(h).cmp, i(1), n()), &sl(h, i(2), i(2), n()), Lt);
            "slice(1) < slice(SlCmp())" => |h, e| h.compare(&slc(h, &[i(1)]).unwrap(), &slc(h, &[sc(h).cmp]).unwrap(), Lt);
            "slice(Dn()) == slice(Dn())" => |h, e| h.eq(&slc(h, &[sc(h).dn]).unwrap(), &slc(h, &[sc(h).dn]).unwrap());
            "x = slice(1, 5, 2).indices ;; x(3)" => |h, e| h.call(&ga(h, &sl(h, i(1), i(5), i(2)), "indices"), &[i(3)]);
            "slice(1).indices == slice(1).indices" => |h, e| h.eq(&ga(h, &slc(h, &[i(1)]).unwrap(), "indices"), &ga(h, &slc(h, &[i(1)]).unwrap(), "indices"));
            "x = slice(1) ;; x.indices == x.indices" => |h, e| { let x = slc(h, &[i(1)]).unwrap(); h.eq(&ga(h, &x, "indices"), &ga(h, &x, "indices")) };
            "x = MyStr('abc') ;; weakref.proxy(x)[1:]" => |h, e| { let x = h.call(&e.my_str, &[s("abc")]).unwrap(); h.getitem(&h.proxy(&x, None).unwrap(), &sl(h, i(1), n(), n())) };
            "weakref.proxy(MyTuple((1, 2)))" => |h, e| h.proxy(&h.call(&e.my_tuple, &[tp(h, &[i(1), i(2)])]).unwrap(), None);
            "x = SlLenList([0, 1, 2]) ;; x[::-1]" => |h, e| h.getitem(&h.call(&sc(h).len_list, &[rl(h, 3)]).unwrap(), &sl(h, n(), n(), i(-1)));
            "x = SlLenList([0, 1, 2]) ;; x[-1:] = 'a' ;; x[:]" => |h, e| { let x = h.call(&sc(h).len_list, &[rl(h, 3)]).unwrap(); h.setitem(&x, &sl(h, i(-1), n(), n()), &s("a")).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = SlLenList([0, 1, 2]) ;; x[::-2] = 'ab' ;; x[:]" => |h, e| { let x = h.call(&sc(h).len_list, &[rl(h, 3)]).unwrap(); h.setitem(&x, &sl(h, n(), n(), i(-2)), &s("ab")).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = SlLenList([0, 1, 2]) ;; del x[-2:] ;; x[:]" => |h, e| { let x = h.call(&sc(h).len_list, &[rl(h, 3)]).unwrap(); h.delitem(&x, &sl(h, i(-2), n(), n())).and_then(|_| h.getitem(&x, &sl(h, n(), n(), n()))) };
            "x = [0, 1, 2] ;; x[1:] = wkd ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.wkd.clone());
            "x = [0, 1, 2] ;; x[1:] = wvd ;; x" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), e.wvd.clone());
            "x = [0, 1, 2] ;; x[1:] = SlBadIter()" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), sc(h).bad_iter);
            "x = [0, 1, 2] ;; x[::2] = SlBadIter()" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), sc(h).bad_iter);
            "x = [0, 1, 2] ;; x[1:] = SlNextType()" => |h, e| set_then(h, rl(h, 3), sl(h, i(1), n(), n()), sc(h).next_type);
            "x = [0, 1, 2] ;; x[::2] = SlNextType()" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), sc(h).next_type);
            "x = [0, 1, 2] ;; x[::2] = []" => |h, e| set_then(h, rl(h, 3), sl(h, n(), n(), i(2)), lst(h, &[]));
            "x = [[0], 1] ;; y = x[0] ;; del x[:1] ;; y" => |h, e| { let x = lst(h, &[lst(h, &[i(0)]), i(1)]); let y = h.getitem(&x, &i(0)).unwrap(); h.delitem(&x, &sl(h, n(), i(1), n())).map(|_| y) };
            // ---- review: collections, finalizers and weak references mid-slicing ---------
            // (review helper-68: a bound's `__index__` or the items' iterator collects,
            // and what dies then changes the list, empties a WeakSet or kills a proxy.)
            "x = list(range(6)) ;; sl_doomed(x.clear) ;; (x[SlColl(1):4], x)" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "clear"), &[]); h.getitem(&x, &sl(h, coll(h, 1), i(4), n())).map(|r| tp(h, &[r, x])) };
            "x = list(range(6)) ;; sl_doomed(x.clear) ;; (x[::SlColl(2)], x)" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "clear"), &[]); h.getitem(&x, &sl(h, n(), n(), coll(h, 2))).map(|r| tp(h, &[r, x])) };
            "x = list(range(6)) ;; sl_doomed(x.extend, [6, 7, 8]) ;; (x[SlColl(0)::2], x)" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "extend"), &[lst(h, &[i(6), i(7), i(8)])]); h.getitem(&x, &sl(h, coll(h, 0), n(), i(2))).map(|r| tp(h, &[r, x])) };
            "x = MyTuple(range(6)) ;; sl_doomed(x.count, 1) ;; x[SlColl(1):SlColl(-1)]" => |h, e| { let x = h.call(&e.my_tuple, &[rl(h, 6)]).unwrap(); doomed(h, ga(h, &x, "count"), &[i(1)]); h.getitem(&x, &sl(h, coll(h, 1), coll(h, -1), n())) };
            "x = list(range(6)) ;; sl_doomed(x.clear) ;; x[SlColl(1):4] = [9, 9] ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "clear"), &[]); set_then(h, x, sl(h, coll(h, 1), i(4), n()), lst(h, &[i(9), i(9)])) };
            "x = list(range(6)) ;; sl_doomed(x.clear) ;; x[SlColl(0)::2] = [7, 8, 9]" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "clear"), &[]); set_then(h, x, sl(h, coll(h, 0), n(), i(2)), lst(h, &[i(7), i(8), i(9)])) };
            "x = list(range(6)) ;; sl_doomed(x.extend, [6, 7]) ;; x[SlColl(0)::2] = [7, 8, 9, 10] ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "extend"), &[lst(h, &[i(6), i(7)])]); set_then(h, x, sl(h, coll(h, 0), n(), i(2)), lst(h, &[i(7), i(8), i(9), i(10)])) };
            "x = list(range(6)) ;; sl_doomed(x.clear) ;; del x[SlColl(1):4] ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "clear"), &[]); del_then(h, x, sl(h, coll(h, 1), i(4), n())) };
            "x = list(range(6)) ;; sl_doomed(x.extend, [6, 7, 8]) ;; del x[SlColl(0)::2] ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "extend"), &[lst(h, &[i(6), i(7), i(8)])]); del_then(h, x, sl(h, coll(h, 0), n(), i(2))) };
            "x = list(range(6)) ;; sl_doomed(x.pop, 0) ;; del x[SlColl(-1)::-2] ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "pop"), &[i(0)]); del_then(h, x, sl(h, coll(h, -1), n(), i(-2))) };
            "x = list(range(6)) ;; sl_doomed(sl_setsl, x, None, None, 2, 'abc') ;; (x[SlColl(0)::3], x)" => |h, e| { let x = rl(h, 6); doomed(h, sc(h).setsl, &[x.clone(), n(), n(), i(2), s("abc")]); h.getitem(&x, &sl(h, coll(h, 0), n(), i(3))).map(|r| tp(h, &[r, x])) };
            "x = list(range(6)) ;; sl_doomed(sl_delsl, x, None, None, 2) ;; x[1:SlColl(5)] = 'xy' ;; x" => |h, e| { let x = rl(h, 6); doomed(h, sc(h).delsl, &[x.clone(), n(), n(), i(2)]); set_then(h, x, sl(h, i(1), coll(h, 5), n()), s("xy")) };
            "x = list(range(6)) ;; sl_doomed(sl_delsl, x, 1, None, None) ;; x[SlColl(3):] = x ;; x" => |h, e| { let x = rl(h, 6); doomed(h, sc(h).delsl, &[x.clone(), i(1), n(), n()]); set_then(h, x.clone(), sl(h, coll(h, 3), n(), n()), x) };
            "x = list(range(6)) ;; sl_doomed(x.clear) ;; x[1:3] = SlCollIt([7, 8]) ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "clear"), &[]); set_then(h, x, sl(h, i(1), i(3), n()), coll_it(h, lst(h, &[i(7), i(8)]))) };
            "x = list(range(6)) ;; sl_doomed(x.extend, [6, 7]) ;; x[1:3] = SlCollIt([7, 8]) ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "extend"), &[lst(h, &[i(6), i(7)])]); set_then(h, x, sl(h, i(1), i(3), n()), coll_it(h, lst(h, &[i(7), i(8)]))) };
            "x = list(range(6)) ;; sl_doomed(x.extend, [6, 7]) ;; x[::3] = SlCollIt([7, 8]) ;; x" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "extend"), &[lst(h, &[i(6), i(7)])]); set_then(h, x, sl(h, n(), n(), i(3)), coll_it(h, lst(h, &[i(7), i(8)]))) };
            "x = list(range(6)) ;; sl_doomed(x.extend, [6, 7]) ;; x[::3] = SlCollIt([7])" => |h, e| { let x = rl(h, 6); doomed(h, ga(h, &x, "extend"), &[lst(h, &[i(6), i(7)])]); set_then(h, x, sl(h, n(), n(), i(3)), coll_it(h, lst(h, &[i(7)]))) };
            "x = list(range(6)) ;; w = weakref.WeakSet([SlCyc(1)]) ;; x[SlColl(0):2] = w ;; x" => |h, e| { let x = rl(h, 6); let w = h.weak_set(&[cyc(h, 1)]).unwrap(); set_then(h, x, sl(h, coll(h, 0), i(2), n()), w) };
            "x = list(range(6)) ;; w = weakref.WeakSet([SlCyc(1), SlCyc(2)]) ;; x[SlColl(0):4:3] = w" => |h, e| { let x = rl(h, 6); let w = h.weak_set(&[cyc(h, 1), cyc(h, 2)]).unwrap(); set_then(h, x, sl(h, coll(h, 0), i(4), i(3)), w) };
            "x = list(range(6)) ;; w = weakref.WeakSet([SlCyc(1)]) ;; x[::SlColl(2)] = w" => |h, e| { let x = rl(h, 6); let w = h.weak_set(&[cyc(h, 1)]).unwrap(); set_then(h, x, sl(h, n(), n(), coll(h, 2)), w) };
            "x = list(range(6)) ;; k = SlCyc(1) ;; w = weakref.WeakSet([k, SlCyc(2)]) ;; x[SlColl(0):1] = w ;; (len(x), x[0] is k, len(w))" => |h, e| { let x = rl(h, 6); let k = cyc(h, 1); let w = h.weak_set(&[k.clone(), cyc(h, 2)]).unwrap(); h.setitem(&x, &sl(h, coll(h, 0), i(1), n()), &w).and_then(|_| Ok(tp(h, &[h.len(&x).map(|l| i(l as i64))?, h.getitem(&x, &i(0))?.is(&k).into(), i(h.len(&w)? as i64)]))) };
            "x = list(range(6)) ;; k = SlCyc(1) ;; w = weakref.WeakSet([k, SlCyc(2)]) ;; x[1:SlColl(5):3] = w ;; (len(x), x[1] is k)" => |h, e| { let x = rl(h, 6); let k = cyc(h, 1); let w = h.weak_set(&[k.clone(), cyc(h, 2)]).unwrap(); h.setitem(&x, &sl(h, i(1), coll(h, 5), i(3)), &w).and_then(|_| Ok(tp(h, &[h.len(&x).map(|l| i(l as i64))?, h.getitem(&x, &i(1))?.is(&k).into()]))) };
            "x = list(range(6)) ;; w = weakref.WeakSet([SlCyc(1)]) ;; x[0:2] = SlCollIt(w) ;; len(x)" => |h, e| { let x = rl(h, 6); let w = h.weak_set(&[cyc(h, 1)]).unwrap(); h.setitem(&x, &sl(h, i(0), i(2), n()), &coll_it(h, w)).and_then(|_| h.len(&x)) };
            "x = list(range(6)) ;; w = weakref.WeakValueDictionary({'a': SlCyc(1)}) ;; x[SlColl(0):2] = w ;; (x, len(w))" => |h, e| { let x = rl(h, 6); let w = h.weak_value_dict(&[(s("a"), cyc(h, 1))]).unwrap(); h.setitem(&x, &sl(h, coll(h, 0), i(2), n()), &w).and_then(|_| Ok(tp(h, &[x, i(h.len(&w)? as i64)]))) };
            "x = list(range(6)) ;; w = weakref.WeakKeyDictionary({SlCyc(1): 1}) ;; x[SlColl(0):2] = w ;; (x, len(w))" => |h, e| { let x = rl(h, 6); let w = h.weak_key_dict(&[(cyc(h, 1), i(1))]).unwrap(); h.setitem(&x, &sl(h, coll(h, 0), i(2), n()), &w).and_then(|_| Ok(tp(h, &[x, i(h.len(&w)? as i64)]))) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[SlColl(0):p]" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); h.getitem(&x, &sl(h, coll(h, 0), p, n())) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[p::SlColl(1)]" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); h.getitem(&x, &sl(h, p, n(), coll(h, 1))) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[SlColl(0)::p]" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); h.getitem(&x, &sl(h, coll(h, 0), n(), p)) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[SlColl(0):p] = []" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); set_then(h, x, sl(h, coll(h, 0), p, n()), lst(h, &[])) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[SlColl(0):p:2] = []" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); set_then(h, x, sl(h, coll(h, 0), p, i(2)), lst(h, &[])) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; del x[SlColl(0):p]" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); del_then(h, x, sl(h, coll(h, 0), p, n())) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[0:p] = SlCollIt([1]) ;; x" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); set_then(h, x, sl(h, i(0), p, n()), coll_it(h, lst(h, &[i(1)]))) };
            "x = list(range(6)) ;; p = sl_pcyc(3) ;; x[0:2] = SlCollIt([p]) ;; (len(x), x[1:])" => |h, e| { let x = rl(h, 6); let p = pcyc(h, 3); h.setitem(&x, &sl(h, i(0), i(2), n()), &coll_it(h, lst(h, &[p]))).and_then(|_| Ok(tp(h, &[i(h.len(&x)? as i64), h.getitem(&x, &sl(h, i(1), n(), n()))?]))) };
            "p = sl_pcyc(3) ;; slice(SlColl(0), p).indices(5)" => |h, e| { let p = pcyc(h, 3); ind(h, sl(h, coll(h, 0), p, n()), &[i(5)]) };
            "p = sl_pcyc(3) ;; slice(p).indices(SlColl(5))" => |h, e| { let p = pcyc(h, 3); ind(h, slc(h, &[p]).unwrap(), &[coll(h, 5)]) };
            "p = sl_pcyc(5) ;; slice(SlColl(1)).indices(p)" => |h, e| { let p = pcyc(h, 5); ind(h, slc(h, &[coll(h, 1)]).unwrap(), &[p]) };
            "'abcdef'[SlColl(0):sl_pcyc(3)]" => |h, e| h.getitem(&s("abcdef"), &sl(h, coll(h, 0), pcyc(h, 3), n()));
            "b'abcdef'[SlColl(0):sl_pcyc(3)]" => |h, e| h.getitem(&b(h, b"abcdef"), &sl(h, coll(h, 0), pcyc(h, 3), n()));
            "t[SlColl(0):sl_pcyc(1)]" => |h, e| h.getitem(&e.t, &sl(h, coll(h, 0), pcyc(h, 1), n()));
            "MyStr('abcdef')[sl_pcyc(1)::SlColl(1)]" => |h, e| h.getitem(&h.call(&e.my_str, &[s("abcdef")]).unwrap(), &sl(h, pcyc(h, 1), n(), coll(h, 1)));
            "x = MyList(range(6)) ;; x.append(x) ;; px = weakref.proxy(x) ;; del x ;; (px[SlColl(1):3], len(px))" => |h, e| { let px = { let x = my_list(h, e, &(0..6).map(i).collect::<Vec<_>>()); h.list_append(&x, &x).unwrap(); h.proxy(&x, None).unwrap() }; h.getitem(&px, &sl(h, coll(h, 1), i(3), n())).and_then(|r| Ok(tp(h, &[r, i(h.len(&px)? as i64)]))) };
            "x = MyList(range(6)) ;; x.append(x) ;; px = weakref.proxy(x) ;; del x ;; px[SlColl(1):3] = [9] ;; len(px)" => |h, e| { let px = { let x = my_list(h, e, &(0..6).map(i).collect::<Vec<_>>()); h.list_append(&x, &x).unwrap(); h.proxy(&x, None).unwrap() }; h.setitem(&px, &sl(h, coll(h, 1), i(3), n()), &lst(h, &[i(9)])).and_then(|_| h.len(&px)) };
            "x = MyList(range(6)) ;; x.append(x) ;; px = weakref.proxy(x) ;; del x ;; del px[SlColl(1):3] ;; gc.collect() ;; len(px)" => |h, e| { let px = { let x = my_list(h, e, &(0..6).map(i).collect::<Vec<_>>()); h.list_append(&x, &x).unwrap(); h.proxy(&x, None).unwrap() }; h.delitem(&px, &sl(h, coll(h, 1), i(3), n())).and_then(|_| { h.collect(); h.len(&px) }) };
            "x = list(range(6)) ;; c = SlCyc() ;; r = weakref.ref(c, lambda r: x.insert(0, 'cb')) ;; del c ;; (x[SlColl(0):3], x)" => |h, e| { let x = rl(h, 6); let cb = h.closure("cb", &[x.clone()], |h, a| h.call_method(&a.captures[0], "insert", &[i(0), s("cb")])).unwrap(); let r = h.weakref(&cyc(h, 0), Some(&cb)).unwrap(); let got = h.getitem(&x, &sl(h, coll(h, 0), i(3), n())).map(|v| tp(h, &[v, x])); drop(r); got };
            "x = list(range(6)) ;; SlDelApp(x) ;; (x[SlColl(-1):], x)" => |h, e| { let x = rl(h, 6); h.call(&sc(h).del_app, &[x.clone()]).unwrap(); h.getitem(&x, &sl(h, coll(h, -1), n(), n())).map(|v| tp(h, &[v, x])) };
            "x = list(range(6)) ;; SlDelApp(x) ;; del x[SlColl(-1):] ;; x" => |h, e| { let x = rl(h, 6); h.call(&sc(h).del_app, &[x.clone()]).unwrap(); del_then(h, x, sl(h, coll(h, -1), n(), n())) };
            "x = [1, 2, 3] ;; r = SlRec() ;; r.x = x ;; x[r:]" => |h, e| { let x = lst(h, &[i(1), i(2), i(3)]); let r = h.call(&sc(h).rec, &[]).unwrap(); h.setattr(&r, "x", &x).unwrap(); h.getitem(&x, &sl(h, r, n(), n())) };
        }
    }
}
