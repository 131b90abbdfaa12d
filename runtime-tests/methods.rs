//! The dict, set and list methods on plain containers (the same `Heap` methods serve
//! the weak containers, tested in containers.rs).

use lethe::{Heap, Value};

fn reprs(heap: &Heap, v: &Value) -> String {
    heap.repr(v).unwrap()
}

#[test]
fn dict_methods() {
    let heap = Heap::new();
    let d = heap
        .dict(&[("a".into(), 1.into()), ("b".into(), 2.into())])
        .unwrap();
    assert_eq!(
        heap.get(&d, &"a".into(), &Value::None).unwrap().as_int(),
        Some(1)
    );
    assert!(heap.get(&d, &"z".into(), &Value::None).unwrap().is_none());
    assert_eq!(
        heap.setdefault(&d, &"c".into(), &3.into())
            .unwrap()
            .as_int(),
        Some(3)
    );
    assert_eq!(
        heap.setdefault(&d, &"c".into(), &4.into())
            .unwrap()
            .as_int(),
        Some(3)
    );
    assert_eq!(heap.pop(&d, &"a".into(), None).unwrap().as_int(), Some(1));
    assert_eq!(
        heap.pop(&d, &"a".into(), None).unwrap_err().to_string(),
        "KeyError: 'a'"
    );
    assert_eq!(
        heap.pop(&d, &"a".into(), Some(&0.into())).unwrap().as_int(),
        Some(0)
    );
    assert_eq!(reprs(&heap, &d), "{'b': 2, 'c': 3}");
    let (k, v) = heap.popitem(&d).unwrap();
    assert_eq!((k.as_str(), v.as_int()), (Some("c"), Some(3)));
    heap.update(&d, &heap.dict(&[("x".into(), 9.into())]).unwrap())
        .unwrap();
    heap.update(
        &d,
        &heap
            .list(&[heap.tuple(&["y".into(), 8.into()]).unwrap()])
            .unwrap(),
    )
    .unwrap();
    assert_eq!(reprs(&heap, &d), "{'b': 2, 'x': 9, 'y': 8}");
    let values: Vec<i64> = heap
        .values(&d)
        .unwrap()
        .iter()
        .map(|v| v.as_int().unwrap())
        .collect();
    assert_eq!(values, vec![2, 9, 8]);
    let c = heap.copy(&d).unwrap();
    heap.clear(&d).unwrap();
    assert_eq!(reprs(&heap, &d), "{}");
    assert_eq!(reprs(&heap, &c), "{'b': 2, 'x': 9, 'y': 8}");
    assert_eq!(
        heap.popitem(&d).unwrap_err().to_string(),
        "KeyError: 'popitem(): dictionary is empty'"
    );
}

#[test]
fn set_methods() {
    let heap = Heap::new();
    let s = heap.set(&[1.into(), 2.into(), 3.into()]).unwrap();
    heap.discard(&s, &9.into()).unwrap();
    heap.remove(&s, &3.into()).unwrap();
    assert_eq!(
        heap.remove(&s, &3.into()).unwrap_err().to_string(),
        "KeyError: 3"
    );
    assert_eq!(reprs(&heap, &s), "{1, 2}");
    let other = heap.list(&[2.into(), 5.into()]).unwrap();
    assert_eq!(reprs(&heap, &heap.union(&s, &other).unwrap()), "{1, 2, 5}");
    assert_eq!(reprs(&heap, &heap.intersection(&s, &other).unwrap()), "{2}");
    assert_eq!(reprs(&heap, &heap.difference(&s, &other).unwrap()), "{1}");
    assert_eq!(
        reprs(&heap, &heap.symmetric_difference(&s, &other).unwrap()),
        "{1, 5}"
    );
    assert!(heap.issubset(&heap.set(&[2.into()]).unwrap(), &s).unwrap());
    assert!(
        heap.issuperset(&s, &heap.list(&[1.into()]).unwrap())
            .unwrap()
    );
    assert!(
        heap.isdisjoint(&s, &heap.list(&[7.into()]).unwrap())
            .unwrap()
    );
    heap.symmetric_difference_update(&s, &other).unwrap();
    assert_eq!(reprs(&heap, &s), "{1, 5}");
    heap.intersection_update(&s, &heap.list(&[5.into()]).unwrap())
        .unwrap();
    assert_eq!(reprs(&heap, &s), "{5}");
    heap.difference_update(&s, &heap.list(&[5.into()]).unwrap())
        .unwrap();
    assert_eq!(reprs(&heap, &s), "set()");
    heap.update(&s, &heap.list(&["a".into()]).unwrap()).unwrap();
    assert_eq!(heap.set_pop(&s).unwrap().as_str(), Some("a"));
    assert_eq!(
        heap.set_pop(&s).unwrap_err().to_string(),
        "KeyError: 'pop from an empty set'"
    );
}

#[test]
fn frozenset_methods_return_frozensets_and_refuse_mutation() {
    let heap = Heap::new();
    let f = heap.frozenset(&[1.into(), 2.into()]).unwrap();
    let u = heap.union(&f, &heap.list(&[3.into()]).unwrap()).unwrap();
    assert_eq!(reprs(&heap, &u), "frozenset({1, 2, 3})");
    assert_eq!(
        heap.clear(&f).unwrap_err().to_string(),
        "AttributeError: 'frozenset' object has no attribute 'clear'"
    );
    assert_eq!(
        heap.difference_update(&f, &u).unwrap_err().to_string(),
        "AttributeError: 'frozenset' object has no attribute 'difference_update'"
    );
}

#[test]
fn list_copy_and_clear() {
    let heap = Heap::new();
    let l = heap.list(&[1.into()]).unwrap();
    let c = heap.copy(&l).unwrap();
    heap.clear(&l).unwrap();
    assert_eq!(
        (reprs(&heap, &l), reprs(&heap, &c)),
        ("[]".to_string(), "[1]".to_string())
    );
}

#[test]
fn other_types_get_python_errors() {
    let heap = Heap::new();
    // `().get(1)`, `(1).discard(1)`: CPython's AttributeError (review helper-26).
    let t = heap.tuple(&[]).unwrap();
    assert_eq!(
        heap.get(&t, &1.into(), &Value::None)
            .unwrap_err()
            .to_string(),
        "AttributeError: 'tuple' object has no attribute 'get'"
    );
    assert_eq!(
        heap.discard(&1.into(), &1.into()).unwrap_err().to_string(),
        "AttributeError: 'int' object has no attribute 'discard'"
    );
}

/// The in-place set updates change the set in place: no member is re-hashed, and a
/// failure leaves the members it did not get to.
#[test]
fn set_updates_work_in_place() {
    use std::cell::Cell;
    use std::rc::Rc;
    let heap = Heap::new();
    let calls = Rc::new(Cell::new(0));
    let seen = calls.clone();
    let key = heap
        .class("K")
        .method("__hash__", move |_, _| {
            seen.set(seen.get() + 1);
            Ok(1.into())
        })
        .build()
        .unwrap();
    let x = heap.call(&key, &[]).unwrap();
    let s = heap.set(std::slice::from_ref(&x)).unwrap();
    assert_eq!(calls.get(), 1);
    heap.difference_update(&s, &heap.list(&[]).unwrap())
        .unwrap();
    heap.intersection_update(&s, &heap.list(std::slice::from_ref(&x)).unwrap())
        .unwrap();
    assert_eq!(heap.len(&s).unwrap(), 1);
    // intersection_update hashes x to build the other set and to look it up there.
    assert!(calls.get() <= 3, "{} hash calls", calls.get());
    heap.symmetric_difference_update(&s, &s.clone()).unwrap();
    assert_eq!(heap.len(&s).unwrap(), 0);
    let bad = heap
        .class("Bad")
        .method("__hash__", |_, _| {
            Err(lethe::Error::ValueError("no".into()))
        })
        .build()
        .unwrap();
    let t = heap.set(&[1.into(), 2.into()]).unwrap();
    let err = heap.difference_update(
        &t,
        &heap
            .list(&[1.into(), heap.call(&bad, &[]).unwrap()])
            .unwrap(),
    );
    assert_eq!(err.unwrap_err().to_string(), "ValueError: no");
    assert_eq!(reprs(&heap, &t), "{2}", "1 was removed before the failure");
}
