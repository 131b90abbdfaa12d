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
