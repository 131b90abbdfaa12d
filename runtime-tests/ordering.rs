//! Ordering comparisons (`<`, `<=`, `>`, `>=`) across the object model.

use lethe::{CompareOp, Heap, Value};

use CompareOp::{Ge, Gt, Le, Lt};

#[test]
fn numbers_compare_by_value_across_types() {
    let heap = Heap::new();
    assert!(heap.compare(&1.into(), &1.5.into(), Lt).unwrap());
    assert!(heap.compare(&true.into(), &1.into(), Le).unwrap());
    assert!(!heap.compare(&true.into(), &1.into(), Lt).unwrap());
    assert!(heap.compare(&3.into(), &2.into(), Gt).unwrap());
    assert!(!heap.compare(&f64::NAN.into(), &1.0.into(), Ge).unwrap());
}

#[test]
fn strings_compare_by_code_points() {
    let heap = Heap::new();
    assert!(heap.compare(&"abc".into(), &"abd".into(), Lt).unwrap());
    assert!(heap.compare(&"b".into(), &"abc".into(), Gt).unwrap());
    assert!(heap.compare(&"a".into(), &"a".into(), Ge).unwrap());
}

#[test]
fn sequences_compare_lexicographically() {
    let heap = Heap::new();
    let t = |items: &[Value]| heap.tuple(items).unwrap();
    assert!(
        heap.compare(&t(&[1.into(), 2.into()]), &t(&[1.into(), 3.into()]), Lt)
            .unwrap()
    );
    assert!(
        heap.compare(&t(&[1.into()]), &t(&[1.into(), 0.into()]), Lt)
            .unwrap()
    );
    assert!(
        heap.compare(&t(&[2.into()]), &t(&[1.into(), 9.into()]), Gt)
            .unwrap()
    );
    let l = heap.list(&["b".into()]).unwrap();
    let m = heap.list(&["a".into(), "z".into()]).unwrap();
    assert!(heap.compare(&l, &m, Gt).unwrap());
    // A tuple and a list do not order.
    let err = heap.compare(&t(&[]), &l, Lt).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: '<' not supported between instances of 'tuple' and 'list'"
    );
}

#[test]
fn sets_compare_by_inclusion() {
    let heap = Heap::new();
    let a = heap.set(&[1.into()]).unwrap();
    let b = heap.set(&[1.into(), 2.into()]).unwrap();
    assert!(heap.compare(&a, &b, Lt).unwrap());
    assert!(heap.compare(&a, &b, Le).unwrap());
    assert!(!heap.compare(&b, &b, Lt).unwrap());
    assert!(heap.compare(&b, &a, Gt).unwrap());
    assert!(heap.compare(&b, &b, Ge).unwrap());
}

#[test]
fn instances_use_rich_comparisons_and_reflection() {
    let heap = Heap::new();
    let cls = heap
        .class("Version")
        .method("__lt__", |heap, a| {
            let mine = heap.getattr(a.get(0)?, "n")?;
            let theirs = heap.getattr(a.get(1)?, "n")?;
            Ok(heap.compare(&mine, &theirs, CompareOp::Lt)?.into())
        })
        .build()
        .unwrap();
    let v = |n: i64| {
        let o = heap.call(&cls, &[]).unwrap();
        heap.setattr(&o, "n", &n.into()).unwrap();
        o
    };
    let (one, two) = (v(1), v(2));
    assert!(heap.compare(&one, &two, Lt).unwrap());
    // `two > one` has no __gt__: Python tries the reflected `one < two`.
    assert!(heap.compare(&two, &one, Gt).unwrap());
    let err = heap.compare(&one, &two, Le).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: '<=' not supported between instances of 'Version' and 'Version'"
    );
}

#[test]
fn none_does_not_order() {
    let heap = Heap::new();
    let err = heap.compare(&Value::None, &1.into(), Lt).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: '<' not supported between instances of 'NoneType' and 'int'"
    );
}

#[test]
fn weak_sets_compare_by_inclusion_of_live_members() {
    let heap = Heap::new();
    let cls = heap.class("C").build().unwrap();
    let a = heap.call(&cls, &[]).unwrap();
    let b = heap.call(&cls, &[]).unwrap();
    let small = heap.weak_set(std::slice::from_ref(&a)).unwrap();
    let big = heap.weak_set(&[a.clone(), b.clone()]).unwrap();
    assert!(heap.compare(&small, &big, Lt).unwrap());
    assert!(heap.compare(&big, &small, Ge).unwrap());
    assert!(!heap.compare(&big, &big, Gt).unwrap());
    // A WeakSet orders against a plain set too (CPython's _weakrefset), though it
    // never equals one.
    let plain = heap.set(&[a.clone(), b.clone()]).unwrap();
    assert!(heap.compare(&small, &plain, Lt).unwrap());
    assert!(heap.compare(&plain, &small, Ge).unwrap());
    assert!(
        !heap
            .eq(&small, &heap.set(std::slice::from_ref(&a)).unwrap())
            .unwrap()
    );
    drop(plain);
    // Once b dies, big holds only a: they are equal, neither is a proper subset.
    drop(b);
    heap.collect();
    assert!(!heap.compare(&small, &big, Lt).unwrap());
    assert!(heap.compare(&small, &big, Le).unwrap());
}

/// Ints compare exactly, also against floats (no rounding of the int to a double).
#[test]
fn large_ints_compare_exactly() {
    let heap = Heap::new();
    let big = Value::Int((1 << 53) + 1);
    let small = Value::Int(1 << 53);
    assert!(!heap.eq(&big, &small).unwrap());
    assert!(!heap.eq(&big, &Value::Float(2f64.powi(53))).unwrap());
    assert!(heap.eq(&small, &Value::Float(2f64.powi(53))).unwrap());
    assert!(heap.compare(&big, &small, Gt).unwrap());
    assert!(
        heap.compare(&big, &Value::Float(2f64.powi(53)), Gt)
            .unwrap()
    );
    assert!(
        !heap
            .contains(&heap.list(std::slice::from_ref(&small)).unwrap(), &big)
            .unwrap()
    );
    assert!(
        !heap
            .eq(&Value::Int(i64::MAX), &Value::Int(i64::MAX - 1))
            .unwrap()
    );
    assert!(
        heap.compare(&Value::Int(i64::MAX), &Value::Float(1e19), Lt)
            .unwrap()
    );
    assert!(
        heap.compare(&Value::Int(-5), &Value::Float(-5.5), Gt)
            .unwrap()
    );
    assert!(
        heap.compare(&Value::Int(5), &Value::Float(5.5), Lt)
            .unwrap()
    );
    assert!(
        heap.compare(&Value::Int(5), &Value::Float(f64::INFINITY), Lt)
            .unwrap()
    );
    assert!(
        !heap
            .compare(&Value::Int(5), &Value::Float(f64::NAN), Le)
            .unwrap()
    );
    assert_eq!(
        heap.hash(&small).unwrap(),
        heap.hash(&Value::Float(2f64.powi(53))).unwrap()
    );
}
