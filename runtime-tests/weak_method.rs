//! `weakref.WeakMethod`: spec checklist items 21–23 and the ports of CPython's
//! `WeakMethodTestCase` (M01–M08).

#[path = "support/mod.rs"]
mod support;

use lethe::{Builtin, Heap, Value};
use support::*;

/// CPython's `_subclass()`: `class C(Object): def some_method(self): return 6`.
fn subclass(heap: &Heap, object_cls: &Value) -> Value {
    heap.class("C")
        .base(object_cls)
        .method("some_method", |_, _| Ok(6.into()))
        .build()
        .unwrap()
}

fn wm(heap: &Heap, obj: &Value, name: &str, callback: Option<&Value>) -> Value {
    let m = heap.getattr(obj, name).unwrap();
    heap.weak_method(&m, callback).unwrap()
}

// ---------------------------------------------------------------- spec items

#[test]
fn item_21_weak_method_takes_a_bound_method() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let o = object(&heap, &cls, 1);
    let r = wm(&heap, &o, "some_method", None);
    assert!(heap.isinstance(&r, &heap.builtin(Builtin::Ref)).unwrap());
    let m1 = deref(&heap, &r);
    let m2 = deref(&heap, &r);
    assert!(!m1.is(&m2), "a new bound method each time");
    assert!(
        heap.type_of(&m1)
            .unwrap()
            .is(&heap.builtin(Builtin::Method))
    );
    assert!(heap.getattr(&m1, "__self__").unwrap().is(&o));
    let func = heap.getattr(&cls, "some_method").unwrap();
    assert!(heap.getattr(&m1, "__func__").unwrap().is(&func));
    assert!(heap.getattr(&m2, "__func__").unwrap().is(&func));
    assert_eq!(heap.call(&m1, &[]).unwrap().as_int(), Some(4));
    // Not a bound method.
    for v in [func.clone(), 1.into(), o.clone()] {
        let err = heap.weak_method(&v, None).unwrap_err();
        let tname = heap.repr(&heap.type_of(&v).unwrap()).unwrap();
        assert_eq!(
            err.to_string(),
            format!("TypeError: argument should be a bound method, not {tname}")
        );
    }
    assert_eq!(
        heap.weak_method(&func, None).unwrap_err().to_string(),
        "TypeError: argument should be a bound method, not <class 'function'>"
    );
}

#[test]
fn item_22_dies_with_instance_or_function_callback_once() {
    let heap = Heap::new();
    let object_cls = object_class(&heap);
    // Instance first.
    let c = subclass(&heap, &object_cls);
    let (calls, cb) = recorder(&heap, "append");
    let o = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", Some(&cb));
    let o_ref = heap.weakref(&o, None).unwrap();
    drop(o);
    heap.collect();
    assert!(
        dead(&heap, &o_ref),
        "the WeakMethod does not keep its instance"
    );
    assert!(dead(&heap, &r));
    heap.delattr(&c, "some_method").unwrap();
    heap.collect();
    assert_eq!(heap.len(&calls).unwrap(), 1);
    assert!(items(&heap, &calls)[0].is(&r));
    // Function first.
    let c = subclass(&heap, &object_cls);
    let (calls, cb) = recorder(&heap, "append");
    let o = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", Some(&cb));
    let f_ref = heap
        .weakref(&heap.getattr(&c, "some_method").unwrap(), None)
        .unwrap();
    heap.delattr(&c, "some_method").unwrap();
    heap.collect();
    assert!(
        dead(&heap, &f_ref),
        "the WeakMethod does not keep its function"
    );
    assert!(dead(&heap, &r));
    assert_eq!(heap.len(&calls).unwrap(), 1);
    drop(o);
    heap.collect();
    assert_eq!(heap.len(&calls).unwrap(), 1);
    assert!(items(&heap, &calls)[0].is(&r));
}

#[test]
fn item_22_instance_and_function_die_together_callback_once() {
    let heap = Heap::new();
    let object_cls = object_class(&heap);
    let c = subclass(&heap, &object_cls);
    let (calls, cb) = recorder(&heap, "append");
    let o = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", Some(&cb));
    heap.delattr(&c, "some_method").unwrap();
    drop(o);
    let report = heap.collect();
    assert!(report.errors.is_empty());
    assert!(dead(&heap, &r));
    let got = items(&heap, &calls);
    assert_eq!(got.len(), 1);
    assert!(got[0].is(&r));
    heap.collect();
    assert_eq!(heap.len(&calls).unwrap(), 1);
}

#[test]
fn item_22_function_dead_instance_alive() {
    // The instance is still there: the WeakMethod still hashes like it and still
    // counts as a weak reference to it, but calling it gives None and it compares
    // by identity.
    let heap = Heap::new();
    let object_cls = object_class(&heap);
    let c = subclass(&heap, &object_cls);
    let o = object(&heap, &c, 1);
    let o2 = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", None);
    let r2 = wm(&heap, &o2, "some_method", None);
    assert!(heap.eq(&r, &r2).unwrap());
    heap.delattr(&c, "some_method").unwrap();
    heap.collect();
    assert!(dead(&heap, &r));
    assert!(!heap.eq(&r, &r2).unwrap());
    assert!(heap.eq(&r, &r).unwrap());
    assert_eq!(heap.hash(&r).unwrap(), heap.hash(&o).unwrap());
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
}

#[test]
fn item_23_equality_and_hash() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let y = object(&heap, &cls, 1);
    let a = wm(&heap, &x, "some_method", None);
    let b = wm(&heap, &y, "some_method", None);
    let c = wm(&heap, &x, "other_method", None);
    assert!(heap.eq(&a, &b).unwrap());
    assert!(!heap.eq(&a, &c).unwrap());
    assert_eq!(heap.hash(&a).unwrap(), heap.hash(&x).unwrap());
    assert_eq!(heap.hash(&c).unwrap(), heap.hash(&x).unwrap());
    let ha = heap.hash(&a).unwrap();
    drop((x, y));
    heap.collect();
    assert!(!heap.eq(&a, &b).unwrap());
    assert!(heap.eq(&a, &a).unwrap());
    assert_eq!(heap.hash(&a).unwrap(), ha);
    assert_eq!(type_error(heap.hash(&b)), "weak object has gone away");
}

// ------------------------------------------- CPython WeakMethodTestCase ports

#[test]
fn m01_test_alive() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let o = object(&heap, &cls, 1);
    let r = wm(&heap, &o, "some_method", None);
    assert!(heap.isinstance(&r, &heap.builtin(Builtin::Ref)).unwrap());
    let m = deref(&heap, &r);
    assert!(heap.isinstance(&m, &heap.builtin(Builtin::Method)).unwrap());
    assert!(heap.getattr(&m, "__self__").unwrap().is(&o));
    let bound = heap.getattr(&o, "some_method").unwrap();
    assert!(
        heap.getattr(&m, "__func__")
            .unwrap()
            .is(&heap.getattr(&bound, "__func__").unwrap())
    );
    assert_eq!(heap.call(&m, &[]).unwrap().as_int(), Some(4));
    let unbound = heap.getattr(&cls, "some_method").unwrap();
    assert_eq!(
        type_error(heap.weak_method(&unbound, None)),
        "argument should be a bound method, not <class 'function'>"
    );
}

#[test]
fn m02_test_object_dead() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let o = object(&heap, &cls, 1);
    let r = wm(&heap, &o, "some_method", None);
    drop(o);
    assert!(!dead(&heap, &r));
    heap.collect();
    assert!(dead(&heap, &r));
}

#[test]
fn m03_test_method_dead() {
    let heap = Heap::new();
    let object_cls = object_class(&heap);
    let c = subclass(&heap, &object_cls);
    let o = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", None);
    heap.delattr(&c, "some_method").unwrap();
    assert!(!dead(&heap, &r));
    heap.collect();
    assert!(dead(&heap, &r));
    assert_eq!(
        heap.call_method(&o, "some_method", &[]).unwrap().as_int(),
        Some(4)
    );
}

#[test]
fn m04_test_callback_when_object_dead() {
    let heap = Heap::new();
    let object_cls = object_class(&heap);
    let c = subclass(&heap, &object_cls);
    let (calls, cb) = recorder(&heap, "append");
    let o = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", Some(&cb));
    drop(o);
    heap.collect();
    let got = items(&heap, &calls);
    assert_eq!(got.len(), 1);
    assert!(got[0].is(&r));
    let replacement = heap.getattr(&object_cls, "some_method").unwrap();
    heap.setattr(&c, "some_method", &replacement).unwrap();
    heap.collect();
    assert_eq!(heap.len(&calls).unwrap(), 1);
}

#[test]
fn m05_test_callback_when_method_dead() {
    let heap = Heap::new();
    let object_cls = object_class(&heap);
    let c = subclass(&heap, &object_cls);
    let (calls, cb) = recorder(&heap, "append");
    let o = object(&heap, &c, 1);
    let r = wm(&heap, &o, "some_method", Some(&cb));
    heap.delattr(&c, "some_method").unwrap();
    heap.collect();
    let got = items(&heap, &calls);
    assert_eq!(got.len(), 1);
    assert!(got[0].is(&r));
    drop(o);
    heap.collect();
    assert_eq!(heap.len(&calls).unwrap(), 1);
}

#[test]
fn m06_test_no_cycles() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let o = object(&heap, &cls, 1);
    let (calls, cb) = recorder(&heap, "cb");
    let r = wm(&heap, &o, "some_method", Some(&cb));
    let wr = heap.weakref(&r, None).unwrap();
    drop(r);
    heap.collect();
    assert!(dead(&heap, &wr));
    assert_eq!(heap.len(&calls).unwrap(), 0);
    assert_eq!(
        heap.call_method(&o, "some_method", &[]).unwrap().as_int(),
        Some(4)
    );
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 0);
}

#[test]
fn m07_test_equality() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let y = object(&heap, &cls, 1);
    let a = wm(&heap, &x, "some_method", None);
    let b = wm(&heap, &y, "some_method", None);
    let c = wm(&heap, &x, "other_method", None);
    let d = wm(&heap, &y, "other_method", None);
    let z = object(&heap, &cls, 2);
    let e = wm(&heap, &z, "some_method", None);
    let f = wm(&heap, &z, "other_method", None);
    let check_eq = |p: &Value, q: &Value| assert!(heap.eq(p, q).unwrap() && heap.eq(q, p).unwrap());
    let check_ne =
        |p: &Value, q: &Value| assert!(!heap.eq(p, q).unwrap() && !heap.eq(q, p).unwrap());
    check_eq(&a, &b);
    check_eq(&c, &d);
    for (p, q) in [(&a, &c), (&a, &d), (&b, &c), (&b, &d)] {
        check_ne(p, q);
    }
    for (p, q) in [(&a, &e), (&a, &f), (&b, &e), (&b, &f)] {
        check_ne(p, q);
    }
    check_ne(&a, &heap.getattr(&x, "some_method").unwrap());
    assert!(heap.eq(&a, &always_eq(&heap)).unwrap());
    drop((x, y, z));
    heap.collect();
    let all = [&a, &b, &c, &d, &e, &f];
    for p in all {
        for q in all {
            assert_eq!(heap.eq(p, q).unwrap(), p.is(q));
        }
    }
}

#[test]
fn m08_test_hashing() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let y = object(&heap, &cls, 1);
    let a = wm(&heap, &x, "some_method", None);
    let b = wm(&heap, &y, "some_method", None);
    let c = wm(&heap, &y, "other_method", None);
    assert_eq!(heap.hash(&a).unwrap(), heap.hash(&b).unwrap());
    let ha = heap.hash(&a).unwrap();
    drop((x, y));
    heap.collect();
    assert_eq!(heap.hash(&a).unwrap(), ha);
    assert_eq!(heap.hash(&b).unwrap(), ha);
    assert_eq!(type_error(heap.hash(&c)), "weak object has gone away");
}

// ------------------------------------------------- objects with __self__ and __func__

/// `class Duck: def __init__(self, f, s): self.__func__ = f; self.__self__ = s`.
fn duck_class(heap: &Heap) -> Value {
    heap.class("Duck")
        .method("__init__", |heap, a| {
            heap.setattr(a.get(0)?, "__func__", a.get(1)?)?;
            heap.setattr(a.get(0)?, "__self__", a.get(2)?)?;
            Ok(Value::None)
        })
        .build()
        .unwrap()
}

// CPython 3.11 (WeakMethod.__new__ reads meth.__self__ and meth.__func__; __call__
// returns self._meth_type(func, obj)): `type(wm()) is Duck`, its __func__ and __self__
// the same objects; equal to another Duck's WeakMethod over the same pair, not to the
// bound method's over the same instance.
#[test]
fn any_object_with_self_and_func_is_remade_by_its_type() {
    let heap = Heap::new();
    let duck = duck_class(&heap);
    let c = object(&heap, &object_class(&heap), 1);
    let f = heap.function("f", |_, a| Ok(a.get(0)?.clone()));
    let d = heap.call(&duck, &[f.clone(), c.clone()]).unwrap();
    let w = heap.weak_method(&d, None).unwrap();
    let r = deref(&heap, &w);
    assert!(heap.type_of(&r).unwrap().is(&duck));
    assert!(!r.is(&d), "a new object each call");
    assert!(heap.getattr(&r, "__func__").unwrap().is(&f));
    assert!(heap.getattr(&r, "__self__").unwrap().is(&c));
    let d2 = heap.call(&duck, &[f.clone(), c.clone()]).unwrap();
    let w2 = heap.weak_method(&d2, None).unwrap();
    assert!(heap.eq(&w, &w2).unwrap());
    assert!(!heap.ne(&w, &w2).unwrap());
    let bound = wm(&heap, &c, "some_method", None);
    assert!(!heap.eq(&w, &bound).unwrap());
    assert!(heap.ne(&w, &bound).unwrap());
    // The object itself is not held: only its __self__ and __func__ are (weakly).
    drop((d, d2, r));
    heap.collect();
    assert!(!deref(&heap, &w).is_none());
    drop(f);
    heap.collect();
    assert!(deref(&heap, &w).is_none());
    heap.verify().unwrap();
}

// CPython: the function's `__eq__` is asked after the instances' (`ref.__eq__(self,
// other) and self._func_ref == other._func_ref`), so two WeakMethods over equal
// callables are equal.
#[test]
fn weak_methods_compare_their_functions_with_eq() {
    let heap = Heap::new();
    let duck = duck_class(&heap);
    let c = object(&heap, &object_class(&heap), 1);
    let (f, g) = (always_eq(&heap), always_eq(&heap));
    let d1 = heap.call(&duck, &[f.clone(), c.clone()]).unwrap();
    let d2 = heap.call(&duck, &[g.clone(), c.clone()]).unwrap();
    let (w1, w2) = (
        heap.weak_method(&d1, None).unwrap(),
        heap.weak_method(&d2, None).unwrap(),
    );
    assert!(heap.eq(&w1, &w2).unwrap());
    assert!(!heap.ne(&w1, &w2).unwrap());
}

// CPython: `NoInit() takes no arguments`, `cannot create weak reference to 'int'
// object` (for __func__, then for __self__), the bound-method TypeError once __self__
// is gone, the `ValueError` a `__getattr__` raises, and `[].append` (no __func__).
#[test]
fn self_and_func_errors_read_as_cpythons() {
    let heap = Heap::new();
    let c = object(&heap, &object_class(&heap), 1);
    let f = heap.function("f", |_, _| Ok(Value::None));
    let no_init = heap.class("NoInit").build().unwrap();
    let nd = heap.call(&no_init, &[]).unwrap();
    heap.setattr(&nd, "__self__", &c).unwrap();
    heap.setattr(&nd, "__func__", &f).unwrap();
    let w = heap.weak_method(&nd, None).unwrap();
    assert_eq!(
        heap.call(&w, &[]).unwrap_err().to_string(),
        "TypeError: NoInit() takes no arguments"
    );
    heap.setattr(&nd, "__func__", &5.into()).unwrap();
    let msg = |v: &Value| heap.weak_method(v, None).unwrap_err().to_string();
    assert_eq!(
        msg(&nd),
        "TypeError: cannot create weak reference to 'int' object"
    );
    heap.setattr(&nd, "__self__", &5.into()).unwrap();
    assert_eq!(
        msg(&nd),
        "TypeError: cannot create weak reference to 'int' object"
    );
    heap.delattr(&nd, "__self__").unwrap();
    assert_eq!(
        msg(&nd),
        "TypeError: argument should be a bound method, not <class '__main__.NoInit'>"
    );
    let raising = heap
        .class("G")
        .method("__getattr__", |_, a| {
            Err(lethe::Error::ValueError(a.get(1)?.as_str().unwrap().into()))
        })
        .build()
        .unwrap();
    let g = heap.call(&raising, &[]).unwrap();
    assert_eq!(msg(&g), "ValueError: __self__");
    let append = heap.getattr(&heap.list(&[]).unwrap(), "append").unwrap();
    assert_eq!(
        msg(&append),
        "TypeError: argument should be a bound method, not <class 'builtin_function_or_method'>"
    );
    heap.verify().unwrap();
}

// CPython: a proxy to a bound method has both (read through the proxy), so the
// WeakMethod is made, and calling it calls `weakref.CallableProxyType(func, obj)`.
#[test]
fn a_proxy_to_a_bound_method_is_taken_and_its_type_refuses_to_remake_it() {
    let heap = Heap::new();
    let c = object(&heap, &object_class(&heap), 1);
    let m = heap.getattr(&c, "some_method").unwrap();
    let p = heap.proxy(&m, None).unwrap();
    let w = heap.weak_method(&p, None).unwrap();
    assert_eq!(
        heap.call(&w, &[]).unwrap_err().to_string(),
        "TypeError: cannot create 'weakref.CallableProxyType' instances"
    );
    drop(m);
    heap.collect();
    assert_reference_error(heap.weak_method(&p, None));
    heap.verify().unwrap();
}

// CPython: `class D: def __getattr__(s, n): return s`; `WeakMethod(d)` refers to `d`
// twice (as `__self__` and as `__func__`). `_func_ref` is made after the WeakMethod, so
// `getweakrefs(d)` lists it first (`['ReferenceType', 'WeakMethod']`) and
// `d.__weakref__` is it.
#[test]
fn one_object_as_self_and_func_lists_the_function_ref_first() {
    let heap = Heap::new();
    let d_cls = heap
        .class("D")
        .method("__getattr__", |_, a| Ok(a.get(0)?.clone()))
        .build()
        .unwrap();
    let d = heap.call(&d_cls, &[]).unwrap();
    let w = heap.weak_method(&d, None).unwrap();
    let refs = heap.getweakrefs(&d).unwrap();
    let types: Vec<String> = refs
        .iter()
        .map(|r| heap.repr(&heap.type_of(r).unwrap()).unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "<class 'weakref.ReferenceType'>",
            "<class 'weakref.WeakMethod'>"
        ]
    );
    assert!(refs[1].is(&w));
    assert!(heap.getattr(&d, "__weakref__").unwrap().is(&refs[0]));
    heap.verify().unwrap();
}

// CPython: `ref.__eq__(self, other) and self._func_ref == other._func_ref` reads the
// functions' references after the instances' `__eq__`; one that lets the function die
// (and collects) leaves two dead references, which compare by identity: `w1 == w2` is
// False and `w1 != w2` True.
#[test]
fn a_function_dying_in_the_instances_eq_leaves_weak_methods_unequal() {
    let heap = Heap::new();
    let duck = duck_class(&heap);
    let holder = heap.list(&[]).unwrap();
    let held = holder.clone();
    let cls = heap
        .class("C")
        .method("__eq__", move |heap, _| {
            heap.clear(&held)?;
            heap.collect();
            Ok(true.into())
        })
        .build()
        .unwrap();
    let (c1, c2) = (heap.call(&cls, &[]).unwrap(), heap.call(&cls, &[]).unwrap());
    for (op, expected) in [("==", false), ("!=", true)] {
        let f = heap.function("f", |_, _| Ok(Value::None));
        heap.list_append(&holder, &f).unwrap();
        let wm = |c: &Value| {
            let d = heap.call(&duck, &[f.clone(), c.clone()]).unwrap();
            heap.weak_method(&d, None).unwrap()
        };
        let (w1, w2) = (wm(&c1), wm(&c2));
        drop(f);
        let got = match op {
            "==" => heap.eq(&w1, &w2).unwrap(),
            _ => heap.ne(&w1, &w2).unwrap(),
        };
        assert_eq!(got, expected, "{op}");
        assert!(deref(&heap, &w1).is_none());
    }
    heap.verify().unwrap();
}

// CPython's WeakMethod keeps `self_wr = ref(self)` for its callbacks:
// `getweakrefcount(wm)` is 1, `wm.__weakref__` is that reference, and `ref(wm)` is it.
#[test]
fn a_weak_method_has_its_own_shared_reference() {
    let heap = Heap::new();
    let o = object(&heap, &object_class(&heap), 1);
    let w = wm(&heap, &o, "some_method", None);
    assert_eq!(heap.getweakrefcount(&w).unwrap(), 1);
    let self_wr = heap.getattr(&w, "__weakref__").unwrap();
    assert!(heap.weakref(&w, None).unwrap().is(&self_wr));
    assert!(deref(&heap, &self_wr).is(&w));
    assert_eq!(
        heap.setattr(&w, "__weakref__", &1.into())
            .unwrap_err()
            .to_string(),
        "AttributeError: attribute '__weakref__' of 'WeakMethod' objects is not writable"
    );
    // It does not keep the WeakMethod: dropped, both go in one collection.
    drop(w);
    heap.collect();
    assert!(deref(&heap, &self_wr).is_none());
    heap.verify().unwrap();
}
