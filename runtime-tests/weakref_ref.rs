//! `weakref.ref`, callbacks, `getweakrefcount`/`getweakrefs`, and which objects can
//! be weakly referenced: spec checklist items 1–14 and 35–37, and the ports of
//! CPython's `ReferencesTestCase` that are about refs (R01–R06, R08, R15, R25–R26,
//! R28–R44). Not ported: the C-API/threshold tests the cases file skips.

#[path = "support/mod.rs"]
mod support;

use lethe::{Builtin, CompareOp, Error, Heap, Value};
use support::*;

// ---------------------------------------------------------------- spec items

#[test]
fn item_01_ref_returns_referent_until_collected() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let r = heap.weakref(&o, None).unwrap();
    assert!(deref(&heap, &r).is(&o));
    drop(o);
    // Eligible, not gone: nothing changes outside collect().
    assert!(!dead(&heap, &r));
    assert_eq!(heap.getweakrefcount(&deref(&heap, &r)).unwrap(), 1);
    let report = heap.collect();
    assert_eq!(report.freed, 1);
    assert!(dead(&heap, &r));
}

#[test]
fn item_01_nothing_dies_without_collect() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let (log, cb) = recorder(&heap, "cb");
    let mut refs = Vec::new();
    for _ in 0..50 {
        let o = instance(&heap, &c);
        refs.push(heap.weakref(&o, Some(&cb)).unwrap());
    }
    // Plenty of allocation, no collect(): every referent is still there.
    for _ in 0..1000 {
        let _ = heap.list(&[]).unwrap();
    }
    assert!(refs.iter().all(|r| !dead(&heap, r)));
    assert_eq!(heap.len(&log).unwrap(), 0);
    heap.collect();
    assert!(refs.iter().all(|r| dead(&heap, r)));
    assert_eq!(heap.len(&log).unwrap(), 50);
}

#[test]
fn item_02_refs_without_callback_are_shared() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let r1 = heap.weakref(&o, None).unwrap();
    let r2 = heap.weakref(&o, Some(&Value::None)).unwrap();
    assert!(r1.is(&r2));
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let r3 = heap.weakref(&o, Some(&cb)).unwrap();
    let r4 = heap.weakref(&o, Some(&cb)).unwrap();
    assert!(!r3.is(&r4));
    assert!(!r3.is(&r1));
    assert!(heap.weakref(&o, None).unwrap().is(&r1));
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 3);
}

#[test]
fn item_03_callback_attribute() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let (_log, cb) = recorder(&heap, "cb");
    let r = heap.weakref(&o, Some(&cb)).unwrap();
    assert!(heap.getattr(&r, "__callback__").unwrap().is(&cb));
    let plain = heap.weakref(&o, None).unwrap();
    assert!(heap.getattr(&plain, "__callback__").unwrap().is_none());
    let err = heap.setattr(&r, "__callback__", &Value::None).unwrap_err();
    assert_eq!(err.to_string(), "AttributeError: readonly attribute");
    drop(o);
    heap.collect();
    assert!(heap.getattr(&r, "__callback__").unwrap().is_none());
}

#[test]
fn item_03_callback_attribute_none_after_cyclic_collection() {
    // CPython 3.11 keeps __callback__ set after a cyclic collection; the spec fixes it.
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    heap.setattr(&o, "cycle", &o).unwrap();
    let (log, cb) = recorder(&heap, "cb");
    let r = heap.weakref(&o, Some(&cb)).unwrap();
    drop(o);
    heap.collect();
    assert_eq!(heap.len(&log).unwrap(), 1);
    assert!(heap.getattr(&r, "__callback__").unwrap().is_none());
}

#[test]
fn item_04_callback_runs_once_with_the_ref_after_all_refs_cleared() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let other = instance(&heap, &c);
    let log = heap.list(&[]).unwrap();
    let holder = heap.list(&[]).unwrap();
    // The callback records its argument, and what every ref in `holder` gives.
    let cb = heap
        .closure("cb", &[log.clone(), holder.clone()], |heap, a| {
            heap.list_append(&a.captures[0], a.get(0)?)?;
            for r in heap.iter(&a.captures[1])? {
                let v = heap.call(&r, &[])?;
                heap.list_append(&a.captures[0], &v)?;
            }
            Ok(Value::None)
        })
        .unwrap();
    let r1 = heap.weakref(&o, Some(&cb)).unwrap();
    let plain = heap.weakref(&o, None).unwrap();
    let r_other = heap.weakref(&other, None).unwrap();
    heap.list_append(&holder, &plain).unwrap();
    heap.list_append(&holder, &r_other).unwrap();
    drop((o, other));
    heap.collect();
    let got = items(&heap, &log);
    assert_eq!(got.len(), 3);
    assert!(got[0].is(&r1));
    assert!(
        got[1].is_none(),
        "the shared ref to o is cleared before callbacks"
    );
    assert!(got[2].is_none(), "refs to the other dead object too");
    heap.collect();
    assert_eq!(heap.len(&log).unwrap(), 3, "callback ran exactly once");
}

#[test]
fn item_05_no_callback_when_ref_dies_first_or_together() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let (log, cb) = recorder(&heap, "cb");
    // Dies before: dropped ref, collected while the referent lives.
    let o = instance(&heap, &c);
    let r = heap.weakref(&o, Some(&cb)).unwrap();
    drop(r);
    heap.collect();
    drop(o);
    heap.collect();
    // Dies together: the ref is an attribute of its own referent.
    let o2 = instance(&heap, &c);
    let r2 = heap.weakref(&o2, Some(&cb)).unwrap();
    heap.setattr(&o2, "wr", &r2).unwrap();
    drop((o2, r2));
    let report = heap.collect();
    assert_eq!(report.callbacks_run, 0);
    assert_eq!(heap.len(&log).unwrap(), 0);
}

#[test]
fn item_06_ref_holds_its_callback_strongly() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let log = heap.list(&[]).unwrap();
    let cb = labelled(&heap, &log, "called");
    let cb_ref = heap.weakref(&cb, None).unwrap();
    let r = heap.weakref(&o, Some(&cb)).unwrap();
    drop(cb);
    heap.collect();
    assert!(!dead(&heap, &cb_ref), "the ref keeps its callback alive");
    drop(o);
    heap.collect();
    assert_eq!(strs(&heap, &log), ["called"]);
    heap.collect();
    assert!(dead(&heap, &cb_ref), "released once it has run");
    drop(r);
}

#[test]
fn item_06_callback_closing_over_referent_keeps_it_alive() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let cb = heap
        .closure("cb", std::slice::from_ref(&o), |_, _| Ok(Value::None))
        .unwrap();
    let r = heap.weakref(&o, Some(&cb)).unwrap();
    let probe = heap.weakref(&o, None).unwrap();
    drop((o, cb));
    heap.collect();
    heap.collect();
    assert!(!dead(&heap, &probe));
    assert!(!dead(&heap, &r));
}

#[test]
fn item_07_callback_errors_are_reported_and_collection_goes_on() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let log = heap.list(&[]).unwrap();
    let first = labelled(&heap, &log, "first");
    let failing = heap
        .closure("failing", std::slice::from_ref(&log), |heap, a| {
            heap.list_append(&a.captures[0], &"failing".into())?;
            Err(Error::ValueError("boom".into()))
        })
        .unwrap();
    let third = labelled(&heap, &log, "third");
    let _r1 = heap.weakref(&o, Some(&first)).unwrap();
    let _r2 = heap.weakref(&o, Some(&failing)).unwrap();
    let _r3 = heap.weakref(&o, Some(&third)).unwrap();
    let failing_repr = heap.repr(&failing).unwrap();
    drop(o);
    let report = heap.collect();
    assert_eq!(strs(&heap, &log), ["third", "failing", "first"]);
    assert_eq!(report.freed, 1);
    assert_eq!(report.callbacks_run, 3);
    assert_eq!(report.errors.len(), 1);
    assert_eq!(
        report.errors[0].context,
        format!("Exception ignored in: {failing_repr}")
    );
    assert_eq!(report.errors[0].error, Error::ValueError("boom".into()));
}

#[test]
fn item_08_non_callable_callback_accepted_then_reported() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let r = heap.weakref(&o, Some(&42.into())).unwrap();
    assert_eq!(heap.getattr(&r, "__callback__").unwrap().as_int(), Some(42));
    drop(o);
    let report = heap.collect();
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].context, "Exception ignored in: 42");
    assert_eq!(
        report.errors[0].error.to_string(),
        "TypeError: 'int' object is not callable"
    );
    assert!(dead(&heap, &r));
}

#[test]
fn item_09_hash_is_referent_hash_and_cached() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 42);
    let y = object(&heap, &cls, 42);
    let a = heap.weakref(&x, None).unwrap();
    let b = heap.weakref(&y, None).unwrap();
    assert_eq!(heap.hash(&a).unwrap(), heap.hash(&42.into()).unwrap());
    drop((x, y));
    heap.collect();
    assert_eq!(heap.hash(&a).unwrap(), heap.hash(&42.into()).unwrap());
    assert_eq!(type_error(heap.hash(&b)), "weak object has gone away");
}

#[test]
fn item_09_hash_is_cached_after_first_use() {
    let heap = Heap::new();
    let log = Log::default();
    let l2 = log.clone();
    let cls = heap
        .class("Counted")
        .method("__hash__", move |_, _| {
            l2.push("__hash__");
            Ok(7.into())
        })
        .build()
        .unwrap();
    let o = instance(&heap, &cls);
    let r = heap.weakref(&o, None).unwrap();
    assert_eq!(heap.hash(&r).unwrap(), 7);
    assert_eq!(heap.hash(&r).unwrap(), 7);
    assert_eq!(log.get(), ["__hash__"], "the referent is hashed once");
    drop(o);
    heap.collect();
    assert_eq!(heap.hash(&r).unwrap(), 7);
}

#[test]
fn item_09_equality_live_by_referent_dead_by_identity() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let y = object(&heap, &cls, 1);
    let z = object(&heap, &cls, 2);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let a = heap.weakref(&x, None).unwrap();
    let b = heap.weakref(&y, None).unwrap();
    let c = heap.weakref(&z, None).unwrap();
    let a2 = heap.weakref(&x, Some(&cb)).unwrap();
    assert!(heap.eq(&a, &b).unwrap());
    assert!(!heap.eq(&a, &c).unwrap());
    assert!(heap.eq(&a, &a2).unwrap());
    drop((x, y, z));
    heap.collect();
    assert!(!heap.eq(&a, &b).unwrap());
    assert!(
        !heap.eq(&a, &a2).unwrap(),
        "dead: distinct refs are unequal"
    );
    assert!(heap.eq(&a, &a).unwrap());
}

/// R38 `test_ordering`: weak references support `==` only; every ordering raises,
/// alive or dead.
#[test]
fn item_09_ordering_raises_type_error() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let a = heap.weakref(&o, None).unwrap();
    let b = heap.weakref(&o, Some(&cb)).unwrap();
    let check = |heap: &Heap| {
        for op in [CompareOp::Lt, CompareOp::Le, CompareOp::Gt, CompareOp::Ge] {
            let err = heap.compare(&a, &b, op).unwrap_err();
            assert_eq!(
                err.to_string(),
                format!(
                    "TypeError: '{}' not supported between instances of 'weakref.ReferenceType' and 'weakref.ReferenceType'",
                    op.symbol()
                )
            );
        }
    };
    check(&heap);
    drop(o);
    heap.collect();
    check(&heap);
}

#[test]
fn item_10_no_weak_reference_to_ref_or_proxy() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let r = heap.weakref(&o, None).unwrap();
    let p = heap.proxy(&o, None).unwrap();
    let f = heap.function("f", |_, _| Ok(Value::None));
    let cp = heap.proxy(&f, None).unwrap();
    assert_eq!(
        heap.weakref(&r, None).unwrap_err().to_string(),
        "TypeError: cannot create weak reference to 'weakref.ReferenceType' object"
    );
    assert_eq!(
        heap.weakref(&p, None).unwrap_err().to_string(),
        "TypeError: cannot create weak reference to 'weakref.ProxyType' object"
    );
    assert_eq!(
        heap.weakref(&cp, None).unwrap_err().to_string(),
        "TypeError: cannot create weak reference to 'weakref.CallableProxyType' object"
    );
    assert_eq!(
        heap.proxy(&r, None).unwrap_err().to_string(),
        "TypeError: cannot create weak reference to 'weakref.ReferenceType' object"
    );
}

#[test]
fn item_11_count_refs_and_proxies_zero_for_unreferenceable() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let _r1 = heap.weakref(&o, None).unwrap();
    let _r2 = heap.weakref(&o, Some(&cb)).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 2);
    let _p1 = heap.proxy(&o, None).unwrap();
    let _p2 = heap.proxy(&o, Some(&cb)).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 4);
    assert_eq!(heap.getweakrefs(&o).unwrap().len(), 4);
    for v in [
        Value::from(1),
        Value::from("s"),
        Value::None,
        heap.list(&[]).unwrap(),
        heap.dict(&[]).unwrap(),
    ] {
        assert_eq!(heap.getweakrefcount(&v).unwrap(), 0);
        assert!(heap.getweakrefs(&v).unwrap().is_empty());
    }
}

#[test]
fn item_12_dropped_ref_counts_until_collected() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let r1 = heap.weakref(&o, Some(&cb)).unwrap();
    let r2 = heap.weakref(&o, Some(&cb)).unwrap();
    drop(r1);
    assert_eq!(
        heap.getweakrefcount(&o).unwrap(),
        2,
        "eligible still counts"
    );
    heap.collect();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
    assert!(heap.getweakrefs(&o).unwrap()[0].is(&r2));
}

#[test]
fn item_13_getweakrefs_order() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let r_cb1 = heap.weakref(&o, Some(&cb)).unwrap();
    let p_cb = heap.proxy(&o, Some(&cb)).unwrap();
    let p = heap.proxy(&o, None).unwrap();
    let r_cb2 = heap.weakref(&o, Some(&cb)).unwrap();
    let r = heap.weakref(&o, None).unwrap();
    let r_cb3 = heap.weakref(&o, Some(&cb)).unwrap();
    let got = heap.getweakrefs(&o).unwrap();
    let want = [&r, &p, &r_cb3, &r_cb2, &p_cb, &r_cb1];
    assert_eq!(got.len(), want.len());
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!(g.is(w), "position {i}");
    }
}

#[test]
fn item_14_finalize_and_weak_method_add_counted_refs() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 0);
    let f = heap.function("f", |_, _| Ok(Value::None));
    let fin = heap.finalize(&o, &f, &[], &[]).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
    let wm = heap
        .weak_method(&heap.getattr(&o, "method").unwrap(), None)
        .unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 2);
    assert!(heap.getweakrefs(&o).unwrap().iter().any(|r| r.is(&wm)));
    heap.finalizer_detach(&fin).unwrap();
    drop(wm);
    heap.collect();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 0);
}

#[test]
fn item_14_weak_containers_add_counted_refs() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let wvd = heap
        .call(&heap.builtin(Builtin::WeakValueDictionary), &[])
        .unwrap();
    heap.setitem(&wvd, &"k".into(), &o).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
    let wkd = heap
        .call(&heap.builtin(Builtin::WeakKeyDictionary), &[])
        .unwrap();
    heap.setitem(&wkd, &o, &1.into()).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 2);
    let ws = heap.call(&heap.builtin(Builtin::WeakSet), &[]).unwrap();
    heap.set_add(&ws, &o).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 3);
    drop((wvd, wkd, ws));
    heap.collect();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 0);
}

#[test]
fn item_35_not_weakly_referenceable() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let f = heap.function("f", |_, _| Ok(Value::None));
    let cases: Vec<(Value, &str)> = vec![
        (heap.list(&[]).unwrap(), "list"),
        (heap.dict(&[]).unwrap(), "dict"),
        (heap.tuple(&[]).unwrap(), "tuple"),
        (1.into(), "int"),
        ("s".into(), "str"),
        (1.5.into(), "float"),
        (true.into(), "bool"),
        (Value::None, "NoneType"),
        (heap.object().unwrap(), "object"),
        (heap.finalize(&o, &f, &[], &[]).unwrap(), "finalize"),
        (heap.weakref(&o, None).unwrap(), "weakref.ReferenceType"),
        (heap.proxy(&o, None).unwrap(), "weakref.ProxyType"),
    ];
    for (v, name) in cases {
        assert_eq!(
            heap.weakref(&v, None).unwrap_err().to_string(),
            format!("TypeError: cannot create weak reference to '{name}' object")
        );
    }
}

#[test]
fn item_36_weakly_referenceable() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let method = heap.getattr(&o, "method").unwrap();
    let cases = vec![
        o.clone(),
        heap.function("f", |_, _| Ok(Value::None)),
        method,
        c.clone(),
        heap.builtin(Builtin::Int),
        heap.set(&[]).unwrap(),
        heap.frozenset(&[]).unwrap(),
    ];
    for v in cases {
        let r = heap.weakref(&v, None).unwrap();
        assert!(deref(&heap, &r).is(&v));
    }
}

#[test]
fn item_37_builtin_subclasses() {
    let heap = Heap::new();
    for (base, ok) in [
        (Builtin::List, true),
        (Builtin::Dict, true),
        (Builtin::Str, true),
        (Builtin::Float, true),
        (Builtin::Set, true),
        (Builtin::Tuple, false),
        (Builtin::Int, false),
    ] {
        let name = format!("My{base:?}");
        let cls = heap.class(&name).base(&heap.builtin(base)).build().unwrap();
        let v = heap.call(&cls, &[]).unwrap();
        match heap.weakref(&v, None) {
            Ok(r) => {
                assert!(ok, "{name} should not be weakly referenceable");
                assert!(deref(&heap, &r).is(&v));
            }
            Err(e) => {
                assert!(!ok, "{name}: {e}");
                assert_eq!(
                    e.to_string(),
                    format!("TypeError: cannot create weak reference to '{name}' object")
                );
            }
        }
    }
}

// ------------------------------------------- CPython ReferencesTestCase ports

/// `C()`, `create_function()` and `create_bound_method()`.
fn factories(heap: &Heap) -> Vec<Value> {
    let c = class_c(heap);
    vec![
        instance(heap, &c),
        heap.function("f", |_, _| Ok(Value::None)),
        heap.getattr(&instance(heap, &c), "method").unwrap(),
    ]
}

#[test]
fn r01_test_basic_ref() {
    let heap = Heap::new();
    for o in factories(&heap) {
        let r = heap.weakref(&o, None).unwrap();
        assert!(!dead(&heap, &r));
        assert!(deref(&heap, &r).is(&o));
    }
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let wr = heap.weakref(&o, None).unwrap();
    assert_eq!(
        heap.repr(&wr).unwrap(),
        format!(
            "<weakref at {}; to 'C' at {}>",
            addr(&heap, &wr),
            addr(&heap, &o)
        )
    );
    drop(o);
    heap.collect();
    assert_eq!(
        heap.repr(&wr).unwrap(),
        format!("<weakref at {}; dead>", addr(&heap, &wr))
    );
}

#[test]
fn r02_test_repr_failure_gh99184() {
    let heap = Heap::new();
    let my_config = heap
        .class("MyConfig")
        .base(&heap.builtin(Builtin::Dict))
        .method("__getattr__", |heap, a| heap.getitem(a.get(0)?, a.get(1)?))
        .build()
        .unwrap();
    let obj = heap.call(&my_config, &[]).unwrap();
    heap.setitem(&obj, &"offset".into(), &5.into()).unwrap();
    let w = heap.weakref(&obj, None).unwrap();
    assert!(heap.repr(&w).unwrap().contains("MyConfig"));
    assert!(heap.str(&w).unwrap().contains("MyConfig"));
}

#[test]
fn r03_test_basic_callback() {
    let heap = Heap::new();
    for o in factories(&heap) {
        let (log, cb) = recorder(&heap, "callback");
        let r = heap.weakref(&o, Some(&cb)).unwrap();
        drop(o);
        heap.collect();
        assert_eq!(heap.len(&log).unwrap(), 1);
        assert!(dead(&heap, &r));
    }
}

#[test]
fn r04_test_multiple_callbacks() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let (log, cb) = recorder(&heap, "callback");
    let r1 = heap.weakref(&o, Some(&cb)).unwrap();
    let r2 = heap.weakref(&o, Some(&cb)).unwrap();
    drop(o);
    heap.collect();
    assert!(dead(&heap, &r1));
    assert!(dead(&heap, &r2));
    let got = items(&heap, &log);
    assert_eq!(got.len(), 2);
    assert!(got[0].is(&r2) && got[1].is(&r1), "newest first");
}

#[test]
fn r05_test_multiple_selfref_callbacks() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let log = heap.list(&[]).unwrap();
    let first_ref_holder = heap.list(&[]).unwrap();
    let cb = heap
        .closure("cb", &[log.clone(), first_ref_holder.clone()], |heap, a| {
            let self_ref = heap.getitem(&a.captures[1], &0.into())?;
            let ref1 = heap.getitem(&a.captures[1], &1.into())?;
            let got = heap.tuple(&[
                a.get(0)?.clone(),
                heap.call(&self_ref, &[])?,
                heap.call(&ref1, &[])?,
            ])?;
            heap.list_append(&a.captures[0], &got).map(|_| Value::None)
        })
        .unwrap();
    let obj = instance(&heap, &c);
    let self_ref = heap.weakref(&obj, Some(&cb)).unwrap();
    let ref1 = heap.weakref(&obj, Some(&cb)).unwrap();
    heap.list_append(&first_ref_holder, &self_ref).unwrap();
    heap.list_append(&first_ref_holder, &ref1).unwrap();
    drop(obj);
    heap.collect();
    let calls = items(&heap, &log);
    assert_eq!(calls.len(), 2);
    let first = heap.iter(&calls[0]).unwrap();
    let second = heap.iter(&calls[1]).unwrap();
    assert!(first[0].is(&ref1), "newest first");
    assert!(second[0].is(&self_ref));
    for call in [first, second] {
        assert!(call[1].is_none() && call[2].is_none());
    }
}

#[test]
fn r06_test_constructor_kwargs() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let r = heap.call_kw(
        &heap.builtin(Builtin::Ref),
        &[o],
        &[("callback", Value::None)],
    );
    assert!(matches!(r, Err(Error::TypeError(_))), "{r:?}");
}

#[test]
fn r08_test_ref_reuse() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let r1 = heap.weakref(&o, None).unwrap();
    let _p = heap.proxy(&o, None).unwrap();
    let r2 = heap.weakref(&o, None).unwrap();
    assert!(r1.is(&r2));
    let o = instance(&heap, &c);
    let p = heap.proxy(&o, None).unwrap();
    let r1 = heap.weakref(&o, None).unwrap();
    let r2 = heap.weakref(&o, None).unwrap();
    assert!(r1.is(&r2));
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 2);
    drop(p);
    heap.collect();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
}

#[test]
fn r15_test_shared_ref_without_callback() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let o = object(&heap, &cls, 1);
    let none = Value::None;
    for (first, second) in [
        (Some(&none), Some(&none)),
        (None, Some(&none)),
        (None, None),
        (Some(&none), None),
    ] {
        let r1 = heap.weakref(&o, first).unwrap();
        let r2 = heap.weakref(&o, second).unwrap();
        assert!(r1.is(&r2));
    }
}

#[test]
fn r25_test_getweakrefcount() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let (log, cb) = recorder(&heap, "callback");
    let r1 = heap.weakref(&o, None).unwrap();
    let r2 = heap.weakref(&o, Some(&cb)).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 2);
    let p1 = heap.proxy(&o, None).unwrap();
    let p2 = heap.proxy(&o, Some(&cb)).unwrap();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 4);
    drop((r1, r2, p1, p2));
    heap.collect();
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 0);
    assert_eq!(heap.getweakrefcount(&1.into()).unwrap(), 0);
    assert_eq!(heap.len(&log).unwrap(), 0);
}

#[test]
fn r26_test_getweakrefs() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let (_log, cb) = recorder(&heap, "callback");
    let o = instance(&heap, &c);
    let r1 = heap.weakref(&o, Some(&cb)).unwrap();
    let r2 = heap.weakref(&o, Some(&cb)).unwrap();
    drop(r1);
    heap.collect();
    let refs = heap.getweakrefs(&o).unwrap();
    assert_eq!(refs.len(), 1);
    assert!(refs[0].is(&r2));

    let o = instance(&heap, &c);
    let r1 = heap.weakref(&o, Some(&cb)).unwrap();
    let r2 = heap.weakref(&o, Some(&cb)).unwrap();
    drop(r2);
    heap.collect();
    let refs = heap.getweakrefs(&o).unwrap();
    assert_eq!(refs.len(), 1);
    assert!(refs[0].is(&r1));
    drop((refs, r1));
    heap.collect();
    assert!(heap.getweakrefs(&o).unwrap().is_empty());
    assert!(heap.getweakrefs(&1.into()).unwrap().is_empty());
}

#[test]
fn r28_test_callbacks_protected() {
    let heap = Heap::new();
    let data = heap.dict(&[]).unwrap();
    let remove = heap
        .closure("remove", std::slice::from_ref(&data), |heap, a| {
            heap.delitem(&a.captures[0], a.get(0)?)?;
            Ok(Value::None)
        })
        .unwrap();
    let bogus = || Error::Custom {
        name: "BogusError".into(),
        message: String::new(),
    };
    let encapsulate = || -> lethe::Result<()> {
        let f = heap.function("f", |heap, _| heap.tuple(&[]));
        let r = heap.weakref(&f, Some(&remove))?;
        heap.setitem(&data, &r, &Value::None)?;
        Err(bogus())
    };
    assert_eq!(encapsulate(), Err(bogus()));
    assert_eq!(encapsulate(), Err(bogus()));
    assert_eq!(heap.len(&data).unwrap(), 2);
    let report = heap.collect();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(report.callbacks_run, 2);
    assert_eq!(heap.len(&data).unwrap(), 0);
}

#[test]
fn r29_test_sf_bug_840829() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let log = heap.list(&[]).unwrap();
    // The callback collects; the nested collect() does nothing and returns 0.
    let collecting = heap
        .closure("collecting", std::slice::from_ref(&log), |heap, a| {
            let report = heap.collect();
            heap.list_append(&a.captures[0], &Value::try_from(report.freed)?)?;
            heap.list_append(&a.captures[0], &(report.cycle as i64).into())?;
            Ok(Value::None)
        })
        .unwrap();
    let cobj = instance(&heap, &c);
    let wr = heap.weakref(&cobj, Some(&collecting)).unwrap();
    drop(cobj);
    heap.collect();
    assert_eq!(heap.repr(&log).unwrap(), "[0, 0]");
    drop(wr);

    let c1 = instance(&heap, &c);
    heap.setattr(&c1, "i", &instance(&heap, &c)).unwrap();
    let wr = heap
        .weakref(&heap.getattr(&c1, "i").unwrap(), Some(&collecting))
        .unwrap();
    let c2 = instance(&heap, &c);
    heap.setattr(&c2, "c1", &c1).unwrap();
    drop((c1, c2));
    heap.collect();
    assert_eq!(heap.repr(&log).unwrap(), "[0, 0, 0, 0]");
    assert!(dead(&heap, &wr));
}

#[test]
fn r30_test_callback_in_cycle() {
    // On every collection path (support::MODES); and, as a variant, with `wr` kept
    // outside the cycle (CPython: `wr = I.wr; del I, J, II; gc.collect()` frees
    // nothing and runs no callback; `del wr; gc.collect()` frees all, no callback).
    for mode in MODES {
        for keep_wr in [false, true] {
            let heap = Heap::new();
            let log = Log::default();
            let j = heap.class("J").build().unwrap();
            let l2 = log.clone();
            let ii = heap
                .class("II")
                .method("acallback", move |heap, a| {
                    l2.push("acallback");
                    heap.getattr(a.get(0)?, "J")
                })
                .build()
                .unwrap();
            let i = heap.call(&ii, &[]).unwrap();
            heap.setattr(&i, "J", &j).unwrap();
            let cb = heap.getattr(&i, "acallback").unwrap();
            let wr = heap.weakref(&j, Some(&cb)).unwrap();
            heap.setattr(&i, "wr", &wr).unwrap();
            drop((i, j, ii, cb));
            if keep_wr {
                collect_by(&heap, mode);
                assert!(
                    !dead(&heap, &wr),
                    "{mode:?}: J kept by wr -> callback -> I -> J"
                );
                let probe = heap.weakref(&deref(&heap, &wr), None).unwrap();
                drop(wr);
                collect_by(&heap, mode);
                collect_by(&heap, mode);
                assert!(dead(&heap, &probe), "{mode:?}");
            } else {
                drop(wr);
                let report = collect_by(&heap, mode);
                assert!(report.errors.is_empty());
            }
            assert_eq!(log.get(), Vec::<String>::new(), "{mode:?}");
        }
    }
}

/// `class C: def cb(self, _): self.me; self.c1; self.wr` (records that it ran).
fn cb_class(heap: &Heap, name: &str, log: &Log) -> Value {
    let log = log.clone();
    heap.class(name)
        .method("cb", move |heap, a| {
            log.push("cb");
            let me = a.get(0)?;
            heap.getattr(me, "me")?;
            heap.getattr(me, "c1")?;
            heap.getattr(me, "wr")
        })
        .build()
        .unwrap()
}

#[test]
fn r31_test_callback_reachable_one_way() {
    // On every collection path (support::MODES).
    for mode in MODES {
        let heap = Heap::new();
        let log = Log::default();
        let c = cb_class(&heap, "C", &log);
        let c1 = instance(&heap, &c);
        let c2 = instance(&heap, &c);
        heap.setattr(&c2, "me", &c2).unwrap();
        heap.setattr(&c2, "c1", &c1).unwrap();
        let cb = heap.getattr(&c2, "cb").unwrap();
        let wr = heap.weakref(&c1, Some(&cb)).unwrap();
        heap.setattr(&c2, "wr", &wr).unwrap();
        drop((c1, c2, cb, wr));
        let report = collect_by(&heap, mode);
        assert!(report.errors.is_empty());
        assert_eq!(report.callbacks_run, 0);
        assert_eq!(log.get(), Vec::<String>::new());
    }
}

#[test]
fn r32_test_callback_different_classes() {
    // On every collection path (support::MODES).
    for mode in MODES {
        let heap = Heap::new();
        let log = Log::default();
        let c = cb_class(&heap, "C", &log);
        let d = heap.class("D").build().unwrap();
        let c1 = instance(&heap, &d);
        let c2 = instance(&heap, &c);
        heap.setattr(&c2, "me", &c2).unwrap();
        heap.setattr(&c2, "c1", &c1).unwrap();
        let cb = heap.getattr(&c2, "cb").unwrap();
        let wr = heap.weakref(&c1, Some(&cb)).unwrap();
        heap.setattr(&c2, "wr", &wr).unwrap();
        drop((c1, c2, cb, wr, c, d));
        let report = collect_by(&heap, mode);
        assert!(report.errors.is_empty());
        assert_eq!(log.get(), Vec::<String>::new());
    }
}

#[test]
fn r33_test_callback_in_cycle_resurrection() {
    // On every collection path (support::MODES).
    for mode in MODES {
        let heap = Heap::new();
        let alist = heap.list(&[]).unwrap();
        let log = Log::default();
        let l2 = log.clone();
        let c = heap
            .class("C")
            .method("__init__", |heap, a| {
                heap.setattr(a.get(0)?, "attribute", a.get(1)?)?;
                Ok(Value::None)
            })
            .method("acallback", move |heap, a| {
                // alist.append(self.c): recorded on the Rust side (methods cannot capture).
                l2.push(heap.repr(&heap.getattr(&heap.getattr(a.get(0)?, "c")?, "attribute")?)?);
                Ok(Value::None)
            })
            .build()
            .unwrap();
        let c1 = heap.call(&c, &[1.into()]).unwrap();
        let c2 = heap.call(&c, &[2.into()]).unwrap();
        heap.setattr(&c1, "c", &c2).unwrap();
        heap.setattr(&c2, "c", &c1).unwrap();
        let w1 = heap
            .weakref(&c2, Some(&heap.getattr(&c1, "acallback").unwrap()))
            .unwrap();
        heap.setattr(&c1, "wr", &w1).unwrap();
        let w2 = heap
            .weakref(&c1, Some(&heap.getattr(&c2, "acallback").unwrap()))
            .unwrap();
        heap.setattr(&c2, "wr", &w2).unwrap();
        drop((w1, w2));
        let went_away = labelled(&heap, &alist, "C went away");
        let wr = heap.weakref(&c, Some(&went_away)).unwrap();
        drop((c1, c2, c));
        assert_eq!(heap.len(&alist).unwrap(), 0);
        collect_by(&heap, mode);
        assert_eq!(strs(&heap, &alist), ["C went away"]);
        assert!(dead(&heap, &wr));
        assert_eq!(log.get(), Vec::<String>::new());
        collect_by(&heap, mode);
        assert_eq!(strs(&heap, &alist), ["C went away"]);
        assert_eq!(log.get(), Vec::<String>::new());
    }
}

#[test]
fn r34_test_callbacks_on_callback() {
    // On every collection path (support::MODES).
    for mode in MODES {
        let heap = Heap::new();
        let alist = heap.list(&[]).unwrap();
        let log = Log::default();
        let l2 = log.clone();
        let c = heap
            .class("C")
            .method("cb", move |_, _| {
                l2.push("cb called");
                Ok(Value::None)
            })
            .build()
            .unwrap();
        let cobj = instance(&heap, &c);
        let d = instance(&heap, &c);
        heap.setattr(&cobj, "other", &d).unwrap();
        heap.setattr(&d, "other", &cobj).unwrap();
        let callback = heap.getattr(&cobj, "cb").unwrap();
        heap.setattr(&cobj, "wr", &heap.weakref(&d, Some(&callback)).unwrap())
            .unwrap();
        let d_cb = heap.getattr(&d, "cb").unwrap();
        heap.setattr(&d, "wr", &heap.weakref(&callback, Some(&d_cb)).unwrap())
            .unwrap();
        drop(d_cb);
        let safe = labelled(&heap, &alist, "safe_callback called");
        let external_wr = heap.weakref(&callback, Some(&safe)).unwrap();
        assert!(deref(&heap, &external_wr).is(&callback));
        drop((callback, cobj, d, c));
        assert_eq!(heap.len(&alist).unwrap(), 0);
        collect_by(&heap, mode);
        assert_eq!(strs(&heap, &alist), ["safe_callback called"]);
        assert!(dead(&heap, &external_wr));
        assert_eq!(log.get(), Vec::<String>::new());
        heap.list_append(&alist, &"x".into()).unwrap();
        collect_by(&heap, mode);
        assert_eq!(strs(&heap, &alist), ["safe_callback called", "x"]);
    }
}

#[test]
fn r35_test_ref_created_during_del() {
    // On every collection path (support::MODES).
    for mode in MODES {
        let heap = Heap::new();
        let saved: std::rc::Rc<std::cell::RefCell<Option<Value>>> = Default::default();
        let s2 = saved.clone();
        let log = Log::default();
        let l2 = log.clone();
        let target = heap
            .class("Target")
            .method("__del__", move |heap, a| {
                l2.push("__del__");
                *s2.borrow_mut() = Some(heap.weakref(a.get(0)?, None)?);
                Ok(Value::None)
            })
            .build()
            .unwrap();
        let w = instance(&heap, &target);
        drop(w);
        let report = collect_by(&heap, mode);
        // (The full path's unrelated object has a `__del__` too.)
        let unrelated = usize::from(matches!(mode, Mode::Full));
        assert_eq!(report.dels_run, 1 + unrelated);
        assert_eq!(log.get(), ["__del__"]);
        let ref_from_del = saved.borrow_mut().take().unwrap();
        assert!(dead(&heap, &ref_from_del));
        assert_eq!(
            heap.repr(&ref_from_del).unwrap(),
            format!("<weakref at {}; dead>", addr(&heap, &ref_from_del))
        );
        collect_by(&heap, mode);
        assert_eq!(log.get(), ["__del__"], "__del__ never runs twice");
    }
}

#[test]
fn r36_test_classes() {
    let heap = Heap::new();
    let a_cls = heap.class("A").build().unwrap();
    let (l, append) = recorder(&heap, "append");
    heap.weakref(&heap.builtin(Builtin::Int), None).unwrap();
    let a = heap.weakref(&a_cls, Some(&append)).unwrap();
    drop(a_cls);
    heap.collect();
    assert!(dead(&heap, &a));
    let got = items(&heap, &l);
    assert_eq!(got.len(), 1);
    assert!(got[0].is(&a));
}

#[test]
fn r37_test_equality() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let y = object(&heap, &cls, 1);
    let z = object(&heap, &cls, 2);
    let a = heap.weakref(&x, None).unwrap();
    let b = heap.weakref(&y, None).unwrap();
    let c = heap.weakref(&z, None).unwrap();
    let d = heap.weakref(&x, None).unwrap();
    assert!(heap.eq(&a, &b).unwrap());
    assert!(!heap.eq(&a, &c).unwrap());
    assert!(heap.eq(&a, &d).unwrap());
    assert!(
        !heap.eq(&a, &x).unwrap(),
        "a ref is not equal to its referent"
    );
    assert!(!heap.eq(&x, &a).unwrap());
    let always = always_eq(&heap);
    assert!(heap.eq(&a, &always).unwrap());
    drop((x, y, z));
    heap.collect();
    for r in [&a, &b, &c] {
        assert!(dead(&heap, r));
    }
    assert!(!heap.eq(&a, &b).unwrap());
    assert!(!heap.eq(&a, &c).unwrap());
    assert_eq!(heap.eq(&a, &d).unwrap(), a.is(&d));
    assert!(a.is(&d), "shared");
}

#[test]
fn r39_test_hashing() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 42);
    let y = object(&heap, &cls, 42);
    let a = heap.weakref(&x, None).unwrap();
    let b = heap.weakref(&y, None).unwrap();
    let h42 = heap.hash(&42.into()).unwrap();
    assert_eq!(heap.hash(&a).unwrap(), h42);
    drop((x, y));
    heap.collect();
    assert_eq!(heap.hash(&a).unwrap(), h42);
    assert_eq!(type_error(heap.hash(&b)), "weak object has gone away");
}

#[test]
fn r41_test_callback_attribute() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let r1 = heap.weakref(&x, Some(&cb)).unwrap();
    assert!(heap.getattr(&r1, "__callback__").unwrap().is(&cb));
    let r2 = heap.weakref(&x, None).unwrap();
    assert!(heap.getattr(&r2, "__callback__").unwrap().is_none());
}

#[test]
fn r42_test_callback_attribute_after_deletion() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let (_log, cb) = recorder(&heap, "callback");
    let x = object(&heap, &cls, 1);
    let r = heap.weakref(&x, Some(&cb)).unwrap();
    assert!(!heap.getattr(&r, "__callback__").unwrap().is_none());
    drop(x);
    heap.collect();
    assert!(heap.getattr(&r, "__callback__").unwrap().is_none());
    // The RefCycle variant (CPython's cyclic path keeps it; the spec does not).
    let x = object(&heap, &cls, 2);
    heap.setattr(&x, "cycle", &x).unwrap();
    let r = heap.weakref(&x, Some(&cb)).unwrap();
    drop(x);
    heap.collect();
    assert!(heap.getattr(&r, "__callback__").unwrap().is_none());
}

#[test]
fn r43_test_set_callback_attribute() {
    let heap = Heap::new();
    let cls = object_class(&heap);
    let x = object(&heap, &cls, 1);
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let r1 = heap.weakref(&x, Some(&cb)).unwrap();
    let other = heap.function("other", |_, _| Ok(Value::None));
    match heap.setattr(&r1, "__callback__", &other) {
        Err(Error::AttributeError(m)) => assert_eq!(m, "readonly attribute"),
        other => panic!("expected AttributeError, got {other:?}"),
    }
}

#[test]
fn r44_test_callback_gcs() {
    let heap = Heap::new();
    let log = Log::default();
    let l2 = log.clone();
    let cls = object_builder(&heap, "ObjectWithDel")
        .method("__del__", move |_, _| {
            l2.push("__del__");
            Ok(Value::None)
        })
        .build()
        .unwrap();
    let x = object(&heap, &cls, 1);
    let inner = heap.list(&[]).unwrap();
    let cb = heap
        .closure("cb", std::slice::from_ref(&inner), |heap, a| {
            let report = heap.collect();
            heap.list_append(&a.captures[0], &Value::try_from(report.freed)?)?;
            Ok(Value::None)
        })
        .unwrap();
    let r1 = heap.weakref(&x, Some(&cb)).unwrap();
    drop(x);
    let report = heap.collect();
    assert!(report.errors.is_empty());
    assert_eq!(heap.repr(&inner).unwrap(), "[0]");
    assert_eq!(log.get(), ["__del__"]);
    assert!(dead(&heap, &r1));
}

#[test]
fn r40_test_trashcan_16602() {
    // A chain of 100 objects, each a WeakKeyDictionary value keyed by its parent,
    // each with a weak reference (with callback) to its parent. Dropping the root
    // drains the chain one link per collect() in the default (non-ephemeron) mode;
    // each callback sees its (still alive) child.
    let heap = Heap::new();
    let seen = heap.list(&[]).unwrap();
    let c_cls = heap
        .class("C")
        .method("__init__", |heap, a| {
            let this = a.get(0)?;
            let parent = a.get(1)?;
            if !parent.is_none() {
                let wself = heap.weakref(this, None)?;
                let log = a.get(2)?;
                let cb = heap.closure("cb", &[wself, log.clone()], |heap, a| {
                    let o = heap.call(&a.captures[0], &[])?;
                    heap.list_append(&a.captures[1], &(!o.is_none()).into())?;
                    Ok(Value::None)
                })?;
                heap.setattr(this, "wparent", &heap.weakref(parent, Some(&cb))?)?;
            }
            Ok(Value::None)
        })
        .build()
        .unwrap();
    let d = heap
        .call(&heap.builtin(Builtin::WeakKeyDictionary), &[])
        .unwrap();
    let root = heap.call(&c_cls, &[Value::None, Value::None]).unwrap();
    let mut c = root.clone();
    for _ in 0..100 {
        let child = heap.call(&c_cls, &[c.clone(), seen.clone()]).unwrap();
        heap.setitem(&d, &c, &child).unwrap();
        c = child;
    }
    assert_eq!(heap.len(&d).unwrap(), 100);
    drop(root);
    let mut collections = 0;
    while heap.len(&d).unwrap() > 0 && collections < 200 {
        let report = heap.collect();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        collections += 1;
    }
    assert_eq!(heap.len(&d).unwrap(), 0);
    assert!(collections <= 101, "{collections} collections");
    let seen = items(&heap, &seen);
    assert_eq!(seen.len(), 100);
    assert!(seen.iter().all(|v| v.as_bool() == Some(true)));
    assert!(
        heap.getattr(&c, "wparent").is_ok(),
        "the last child lives on"
    );
}

/// Runs `heap.step` with a tiny budget until a cycle completes.
fn finish_by_steps(heap: &Heap) -> lethe::CollectReport {
    loop {
        if let Some(r) = heap.step(1.0) {
            return r;
        }
    }
}

#[test]
fn item_02_shared_ref_reused_while_a_cycle_is_under_way() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let keep: Vec<Value> = (0..50).map(|_| instance(&heap, &c)).collect();
    let o = instance(&heap, &c);
    let r = heap.weakref(&o, None).unwrap();
    drop(r); // the shared ref is now garbage
    assert!(heap.step(1.0).is_none(), "the cycle is under way");
    let r2 = heap.weakref(&o, None).unwrap(); // reuses it
    let report = finish_by_steps(&heap);
    assert!(report.errors.is_empty());
    assert!(deref(&heap, &r2).is(&o));
    heap.collect();
    assert!(deref(&heap, &r2).is(&o));
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
    drop(o);
    heap.collect();
    assert!(dead(&heap, &r2));
    drop(keep);
}

#[test]
fn item_04_callbacks_when_collecting_by_steps() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let keep: Vec<Value> = (0..50).map(|_| instance(&heap, &c)).collect();
    let (log, cb) = recorder(&heap, "cb");
    let o = instance(&heap, &c);
    let r = heap.weakref(&o, Some(&cb)).unwrap();
    drop(o);
    let report = finish_by_steps(&heap);
    assert_eq!(report.callbacks_run, 1);
    assert!(dead(&heap, &r));
    // A ref made while a cycle is under way, to an object dropped meanwhile, dies
    // by the next cycle at the latest.
    assert!(heap.step(1.0).is_none());
    let o2 = instance(&heap, &c);
    let r2 = heap.weakref(&o2, Some(&cb)).unwrap();
    drop(o2);
    finish_by_steps(&heap);
    heap.collect();
    assert!(dead(&heap, &r2));
    let got = items(&heap, &log);
    assert_eq!(got.len(), 2);
    assert!(got[0].is(&r) && got[1].is(&r2));
    drop(keep);
}

/// The table of weak slots keeps a chunk of allocation numbers as a map while few of
/// them are weakly referenced and as an array once many are: many referents (an array),
/// most of their references then dropped (a map again), then many new referents; every
/// live reference is counted, read and called back through each change.
#[test]
fn weak_slots_stay_right_while_their_table_changes_form() {
    let heap = Heap::new();
    let c = heap.class("C").build().unwrap();
    let fired = std::rc::Rc::new(std::cell::Cell::new(0usize));
    let f = fired.clone();
    let cb = heap.function("cb", move |_, _| {
        f.set(f.get() + 1);
        Ok(Value::None)
    });
    let make = |n: usize| -> Vec<Value> { (0..n).map(|_| heap.call(&c, &[]).unwrap()).collect() };
    let objs = make(3000);
    // One ref with a callback each, and a second (without) on every third object.
    let mut refs: Vec<Vec<Value>> = objs
        .iter()
        .enumerate()
        .map(|(i, o)| {
            let mut rs = vec![heap.weakref(o, Some(&cb)).unwrap()];
            if i % 3 == 0 {
                rs.push(heap.weakref(o, None).unwrap());
            }
            rs
        })
        .collect();
    heap.verify().unwrap();
    let count = |o: &Value| heap.getweakrefcount(o).unwrap();
    assert!(objs.iter().zip(&refs).all(|(o, rs)| count(o) == rs.len()));
    // Drop the references of all but every tenth object: their slots go.
    for (i, rs) in refs.iter_mut().enumerate() {
        if i % 10 != 0 {
            rs.clear();
        }
    }
    heap.collect();
    heap.verify().unwrap();
    assert!(objs.iter().zip(&refs).all(|(o, rs)| count(o) == rs.len()));
    for (o, rs) in objs.iter().zip(&refs) {
        for r in rs {
            assert!(heap.call(r, &[]).unwrap().is(o));
        }
    }
    // New referents fill new chunks; then every object dies.
    let more = make(3000);
    let more_refs: Vec<Value> = more
        .iter()
        .map(|o| heap.weakref(o, Some(&cb)).unwrap())
        .collect();
    heap.verify().unwrap();
    assert!(more.iter().all(|o| count(o) == 1));
    drop((objs, more));
    heap.collect();
    heap.verify().unwrap();
    assert_eq!(
        fired.get(),
        300 + 3000,
        "one callback per live ref with one"
    );
    assert!(
        refs.iter()
            .flatten()
            .chain(&more_refs)
            .all(|r| heap.call(r, &[]).unwrap().is_none())
    );
}

/// The shared `ref(o)` and `proxy(o)` are found at the front of `o`'s slot, however
/// many weak references with callbacks were made before them (review helper-30:
/// each `ref(o)` read the whole slot), and `getweakrefs` keeps CPython's order.
#[test]
fn shared_refs_are_found_among_many_with_callbacks() {
    let heap = Heap::new();
    let c = heap.class("C").build().unwrap();
    let o = heap.call(&c, &[]).unwrap();
    let cb = heap.function("cb", |_, _| Ok(Value::None));
    let with_cb: Vec<Value> = (0..100)
        .map(|_| heap.weakref(&o, Some(&cb)).unwrap())
        .collect();
    let r = heap.weakref(&o, None).unwrap();
    let p = heap.proxy(&o, None).unwrap();
    assert!(heap.weakref(&o, None).unwrap().is(&r));
    assert!(heap.proxy(&o, None).unwrap().is(&p));
    let later = heap.weakref(&o, Some(&cb)).unwrap();
    let refs = heap.getweakrefs(&o).unwrap();
    assert_eq!(refs.len(), 103);
    assert!(refs[0].is(&r) && refs[1].is(&p) && refs[2].is(&later));
    assert!(refs[102].is(&with_cb[0]), "then the others, newest first");
    // The shared ref dies; a new one is shared from then on.
    drop((r, refs));
    heap.collect();
    let r2 = heap.weakref(&o, None).unwrap();
    assert!(heap.weakref(&o, None).unwrap().is(&r2));
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 103);
    heap.verify().unwrap();
}

// ------------------------------------- comparisons, as CPython's (review helper-45)

/// `class Never: def __eq__(s, o): return False`.
fn never_class(heap: &Heap) -> Value {
    heap.class("Never")
        .method("__eq__", |_, _| Ok(false.into()))
        .build()
        .unwrap()
}

/// `==` has no identity shortcut: `n == n` asks `n.__eq__`, and so does comparing a
/// weak reference (or a proxy) to `n` with another: CPython's `weakref_richcompare`
/// and `proxy_richcompare` call `PyObject_RichCompare` on the referents. Containers'
/// item comparisons keep theirs.
#[test]
fn equal_to_itself_only_if_its_eq_says_so() {
    let heap = Heap::new();
    let n = heap.call(&never_class(&heap), &[]).unwrap();
    let r = heap.weakref(&n, None).unwrap();
    let p = heap.proxy(&n, None).unwrap();
    // Python: n == n, n != n, ref(n) == ref(n), ref(n) != ref(n), proxy(n) == n
    //         False True False True False
    assert!(!heap.eq(&n, &n).unwrap());
    assert!(heap.ne(&n, &n).unwrap());
    assert!(!heap.eq(&r, &r).unwrap());
    assert!(heap.ne(&r, &r).unwrap());
    assert!(!heap.eq(&p, &n).unwrap());
    // [n] == [n] and {1: n} == {1: n}: the items are the same object.
    let l = heap.list(std::slice::from_ref(&n)).unwrap();
    assert!(
        heap.eq(&l, &heap.list(std::slice::from_ref(&n)).unwrap())
            .unwrap()
    );
    assert!(heap.eq(&l, &l).unwrap());
    let d = heap.dict(&[(1.into(), n.clone())]).unwrap();
    assert!(
        heap.eq(&d, &heap.dict(&[(1.into(), n.clone())]).unwrap())
            .unwrap()
    );
    // A dead reference is equal to itself only (identity).
    drop((n, l, d, p));
    heap.collect();
    assert!(heap.eq(&r, &r).unwrap());
    assert!(!heap.ne(&r, &r).unwrap());
}

/// A NaN held by a float subclass's instance is not equal to itself under `==`.
#[test]
fn a_nan_float_subclass_instance_is_not_equal_to_itself() {
    let heap = Heap::new();
    let f = heap
        .class("F")
        .base(&heap.builtin(Builtin::Float))
        .build()
        .unwrap();
    let x = heap.call(&f, &[f64::NAN.into()]).unwrap();
    assert!(!heap.eq(&x, &x).unwrap());
    // In a list it is (the same object).
    let l = heap.list(std::slice::from_ref(&x)).unwrap();
    assert!(heap.eq(&l, &heap.list(&[x]).unwrap()).unwrap());
}

/// A weak reference on the left answers `==`/`!=` against a proxy on the right:
/// by the referents while both live, by identity once either is dead (no
/// `ReferenceError`). A proxy on the left compares its referent with the reference.
#[test]
fn a_ref_compares_with_a_proxy_as_with_a_weak_reference() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let (r, p) = (
        heap.weakref(&o, None).unwrap(),
        heap.proxy(&o, None).unwrap(),
    );
    // Python: r == p, r != p, p == r, p != r  ->  True False False True
    assert!(heap.eq(&r, &p).unwrap());
    assert!(!heap.ne(&r, &p).unwrap());
    assert!(!heap.eq(&p, &r).unwrap());
    assert!(heap.ne(&p, &r).unwrap());
    let d = instance(&heap, &c);
    let (dp, dr) = (
        heap.proxy(&d, None).unwrap(),
        heap.weakref(&d, None).unwrap(),
    );
    drop(d);
    heap.collect();
    // Python: r == dp, r != dp, dr == dr, dr != dr, dr == r  ->  False True True False False
    assert!(!heap.eq(&r, &dp).unwrap());
    assert!(heap.ne(&r, &dp).unwrap());
    assert!(heap.eq(&dr, &dr).unwrap());
    assert!(!heap.ne(&dr, &dr).unwrap());
    assert!(!heap.eq(&dr, &r).unwrap());
}

/// `ref(x) != ref(y)` is the referents' `!=` (their own `__ne__`), not the negation
/// of their `==`.
#[test]
fn refs_not_equal_asks_the_referents_ne() {
    let heap = Heap::new();
    let ne = heap
        .class("Ne")
        .method("__eq__", |_, _| Ok(true.into()))
        .method("__ne__", |_, _| Ok(true.into()))
        .build()
        .unwrap();
    let (x, y) = (heap.call(&ne, &[]).unwrap(), heap.call(&ne, &[]).unwrap());
    let (rx, ry) = (
        heap.weakref(&x, None).unwrap(),
        heap.weakref(&y, None).unwrap(),
    );
    // Python: ref(x) != ref(y), ref(x) == ref(y)  ->  True True
    assert!(heap.ne(&rx, &ry).unwrap());
    assert!(heap.eq(&rx, &ry).unwrap());
}

/// Two `WeakMethod`s compare their instances first (`ref.__eq__(self, other) and
/// self._func_ref == other._func_ref`), so the instances' `__eq__` runs, and raises
/// through, even when the functions differ.
#[test]
fn weak_methods_compare_instances_before_functions() {
    use std::cell::Cell;
    use std::rc::Rc;
    let heap = Heap::new();
    let calls = Rc::new(Cell::new(0));
    let c2 = calls.clone();
    let cnt = heap
        .class("Cnt")
        .method("__eq__", move |_, _| {
            c2.set(c2.get() + 1);
            Ok(true.into())
        })
        .method("m", |_, _| Ok(Value::None))
        .method("n", |_, _| Ok(Value::None))
        .build()
        .unwrap();
    let (a, b) = (heap.call(&cnt, &[]).unwrap(), heap.call(&cnt, &[]).unwrap());
    let wm = |o: &Value, name: &str| {
        let m = heap.getattr(o, name).unwrap();
        heap.weak_method(&m, None).unwrap()
    };
    let (am, bn, bm) = (wm(&a, "m"), wm(&b, "n"), wm(&b, "m"));
    // Python: WeakMethod(a.m) == WeakMethod(b.n), Cnt.calls -> False 1;
    //         != -> True 2; WeakMethod(a.m) == WeakMethod(b.m) -> True 3
    assert!(!heap.eq(&am, &bn).unwrap());
    assert_eq!(calls.get(), 1);
    assert!(heap.ne(&am, &bn).unwrap());
    assert_eq!(calls.get(), 2);
    assert!(heap.eq(&am, &bm).unwrap());
    assert_eq!(calls.get(), 3);
    // An instance's `__eq__` that raises raises through, the functions differing.
    let bad = heap
        .class("Bad")
        .method("__eq__", |_, _| {
            Err(Error::AttributeError(
                "'Bad' object has no attribute 'x'".into(),
            ))
        })
        .method("m", |_, _| Ok(Value::None))
        .method("n", |_, _| Ok(Value::None))
        .build()
        .unwrap();
    let (x, y) = (heap.call(&bad, &[]).unwrap(), heap.call(&bad, &[]).unwrap());
    let err = heap.eq(&wm(&x, "m"), &wm(&y, "n")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "AttributeError: 'Bad' object has no attribute 'x'"
    );
}

/// An ordering against a proxy on the right, which the left operand declines, is
/// asked of the proxy reflected, and CPython's proxy runs the whole comparison again
/// on its referent: an error names that comparison.
#[test]
fn ordering_against_a_right_hand_proxy_is_its_referents_reflected() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let (r, p) = (
        heap.weakref(&o, None).unwrap(),
        heap.proxy(&o, None).unwrap(),
    );
    let list = heap.list(&[1.into()]).unwrap();
    let cases: [(&Value, &Value, CompareOp, &str); 4] = [
        (
            &3.into(),
            &p,
            CompareOp::Lt,
            "'>' not supported between instances of 'C' and 'int'",
        ),
        (
            &r,
            &p,
            CompareOp::Lt,
            "'>' not supported between instances of 'C' and 'weakref.ReferenceType'",
        ),
        (
            &p,
            &3.into(),
            CompareOp::Lt,
            "'<' not supported between instances of 'C' and 'int'",
        ),
        (
            &list,
            &p,
            CompareOp::Le,
            "'>=' not supported between instances of 'C' and 'list'",
        ),
    ];
    for (a, b, op, want) in cases {
        assert_eq!(type_error(heap.compare(a, b, op)), want);
    }
    // The referent's own method is asked, reflected: 3 < proxy(k) is k > 3.
    let k = heap
        .class("K")
        .method("__gt__", |_, a| Ok(heap_is_int(a.get(1)?).into()))
        .build()
        .unwrap();
    let k = heap.call(&k, &[]).unwrap();
    let pk = heap.proxy(&k, None).unwrap();
    assert!(heap.compare(&3.into(), &pk, CompareOp::Lt).unwrap());
    // A dead proxy raises ReferenceError.
    drop((o, k));
    heap.collect();
    assert_reference_error(heap.compare(&3.into(), &p, CompareOp::Lt));
}

fn heap_is_int(v: &Value) -> bool {
    matches!(v, Value::Int(_))
}

/// A `WeakMethod` compared with anything but a `WeakMethod` declines
/// (`NotImplemented`), so the other side answers, reflected: a ref compares its own
/// referent first, a proxy its referent with the `WeakMethod` itself (found by the
/// CPython differential test, `cpython_differential.rs`).
#[test]
fn a_weak_method_defers_to_a_ref_or_proxy() {
    let heap = Heap::new();
    let c = class_c(&heap);
    let o = instance(&heap, &c);
    let wm = heap
        .weak_method(&heap.getattr(&o, "method").unwrap(), None)
        .unwrap();
    let (r, p) = (
        heap.weakref(&o, None).unwrap(),
        heap.proxy(&o, None).unwrap(),
    );
    // Python: wm == r, r == wm, wm == p, wm != p, wm != r -> True True False True False
    assert!(heap.eq(&wm, &r).unwrap());
    assert!(heap.eq(&r, &wm).unwrap());
    assert!(!heap.eq(&wm, &p).unwrap());
    assert!(heap.ne(&wm, &p).unwrap());
    assert!(!heap.ne(&wm, &r).unwrap());
    // Python: wm == dead_proxy -> ReferenceError
    let d = instance(&heap, &c);
    let dp = heap.proxy(&d, None).unwrap();
    drop(d);
    heap.collect();
    assert_reference_error(heap.eq(&wm, &dp));
}

/// The weak-reference types called as Python calls them bind their arguments as
/// `weakref.py`'s `__new__`/`__init__` do, with CPython's messages (review
/// helper-52: `WeakMethod` dropped extra arguments, `KeyedRef` could not be made).
#[test]
fn weakmethod_keyedref_and_finalize_bind_their_arguments_as_cpython() {
    let heap = Heap::new();
    let c = heap
        .class("C")
        .method("m", |_, _| Ok(Value::None))
        .build()
        .unwrap();
    let o = heap.call(&c, &[]).unwrap();
    let m = heap.getattr(&o, "m").unwrap();
    let call = |b: Builtin, args: &[Value], kw: &[(&str, Value)]| {
        heap.call_kw(&heap.builtin(b), args, kw)
            .map(|_| "ok".to_string())
            .unwrap_or_else(|e| e.to_string())
    };
    let f = heap.function("f", |_, _| Ok(Value::None));
    type Case<'a> = (Builtin, Vec<Value>, Vec<(&'a str, Value)>, &'a str);
    let cases: Vec<Case> = vec![
        (
            Builtin::WeakMethod,
            vec![],
            vec![],
            "TypeError: WeakMethod.__new__() missing 1 required positional argument: 'meth'",
        ),
        (
            Builtin::WeakMethod,
            vec![m.clone(), f.clone(), 1.into()],
            vec![],
            "TypeError: WeakMethod.__new__() takes from 2 to 3 positional arguments but 4 were given",
        ),
        (
            Builtin::WeakMethod,
            vec![m.clone()],
            vec![("x", 1.into())],
            "TypeError: WeakMethod.__new__() got an unexpected keyword argument 'x'",
        ),
        (
            Builtin::WeakMethod,
            vec![m.clone(), Value::None],
            vec![("callback", Value::None)],
            "TypeError: WeakMethod.__new__() got multiple values for argument 'callback'",
        ),
        (
            Builtin::WeakMethod,
            vec![m.clone()],
            vec![("callback", f.clone())],
            "TypeError: ref() takes no keyword arguments",
        ),
        (
            Builtin::WeakMethod,
            vec![1.into()],
            vec![("callback", f.clone())],
            "TypeError: argument should be a bound method, not <class 'int'>",
        ),
        (
            Builtin::WeakMethod,
            vec![m.clone(), f.clone()],
            vec![],
            "ok",
        ),
        (
            Builtin::KeyedRef,
            vec![],
            vec![],
            "TypeError: KeyedRef.__new__() missing 3 required positional arguments: 'ob', 'callback', and 'key'",
        ),
        (
            Builtin::KeyedRef,
            vec![o.clone(), Value::None],
            vec![],
            "TypeError: KeyedRef.__new__() missing 1 required positional argument: 'key'",
        ),
        (
            Builtin::KeyedRef,
            vec![o.clone(), Value::None, 1.into(), 2.into()],
            vec![],
            "TypeError: KeyedRef.__new__() takes 4 positional arguments but 5 were given",
        ),
        (
            Builtin::KeyedRef,
            vec![1.into(), Value::None, 1.into()],
            vec![],
            "TypeError: cannot create weak reference to 'int' object",
        ),
        (
            Builtin::KeyedRef,
            vec![o.clone(), Value::None],
            vec![("key", 1.into())],
            "ok",
        ),
        (
            Builtin::Finalize,
            vec![],
            vec![],
            "TypeError: finalize.__init__() missing 2 required positional arguments: 'obj' and 'func'",
        ),
        (
            Builtin::Finalize,
            vec![o.clone()],
            vec![("func", f.clone())],
            "TypeError: finalize.__init__() missing 1 required positional argument: 'func'",
        ),
    ];
    for (b, args, kw, want) in &cases {
        assert_eq!(call(*b, args, kw), *want, "{b:?} {args:?} {kw:?}");
    }
    heap.verify().unwrap();

    // A KeyedRef: a weak reference with a reassignable key and its callback.
    let kr = heap
        .call(
            &heap.builtin(Builtin::KeyedRef),
            &[o.clone(), f.clone(), "k".into()],
        )
        .unwrap();
    assert_eq!(heap.type_name(&kr), "KeyedRef");
    assert!(heap.call(&kr, &[]).unwrap().is(&o));
    assert!(heap.getattr(&kr, "__callback__").unwrap().is(&f));
    assert_eq!(heap.getattr(&kr, "key").unwrap().as_str(), Some("k"));
    heap.setattr(&kr, "key", &5.into()).unwrap();
    assert_eq!(heap.getattr(&kr, "key").unwrap().as_int(), Some(5));
    heap.collect(); // the references the cases made and dropped
    assert_eq!(heap.getweakrefcount(&o).unwrap(), 1);
    drop((o, m, cases));
    heap.collect();
    assert!(heap.call(&kr, &[]).unwrap().is_none());
    heap.verify().unwrap();
}
