//! The operators (`arithmetic.rs`) where the differential test against CPython
//! (`cpython_differential`'s `errors`) cannot look: `NotImplemented`'s identity and
//! type across collections, the heap's consistency after failed operations, user
//! methods that collect or recurse in the middle of an operation.

use lethe::{BinaryOp, Builtin, Error, Heap, UnaryOp, Value};

#[test]
fn not_implemented_is_one_object_of_its_own_type() {
    let heap = Heap::new();
    // Made with the heap, as the builtin types are: not counted as an object.
    assert_eq!(heap.stats().live_objects, 0);
    let ni = heap.not_implemented();
    assert!(ni.is(&heap.not_implemented()));
    assert!(
        heap.type_of(&ni)
            .unwrap()
            .is(&heap.builtin(Builtin::NotImplementedType))
    );
    assert_eq!(heap.type_name(&ni), "NotImplementedType");
    assert_eq!(heap.repr(&ni).unwrap(), "NotImplemented");
    drop(ni);
    heap.collect();
    let again = heap.not_implemented();
    assert_eq!(heap.repr(&again).unwrap(), "NotImplemented");
    assert!(
        heap.call(&heap.builtin(Builtin::NotImplementedType), &[])
            .unwrap()
            .is(&again)
    );
    assert_eq!(heap.stats().live_objects, 0);
    heap.verify().unwrap();
    // Another heap's is another object (and a handle of one heap is refused by the
    // other).
    let other = Heap::new();
    assert!(!other.not_implemented().is(&again));
    assert!(matches!(
        heap.binary_op(&other.not_implemented(), &1.into(), BinaryOp::Add),
        Err(Error::RuntimeError(_))
    ));
}

#[test]
fn not_implemented_passes_to_the_other_operand() {
    let heap = Heap::new();
    let declines = heap
        .class("Declines")
        .method("__add__", |h, _| Ok(h.not_implemented()))
        .method("__iadd__", |h, _| Ok(h.not_implemented()))
        .build()
        .unwrap();
    let answers = heap
        .class("Answers")
        .method("__radd__", |h, a| {
            h.tuple(&["radd".into(), h.type_of(a.get(1)?)?])
        })
        .build()
        .unwrap();
    let d = heap.call(&declines, &[]).unwrap();
    let a = heap.call(&answers, &[]).unwrap();
    let r = heap.binary_op(&d, &a, BinaryOp::Add).unwrap();
    assert_eq!(
        heap.repr(&r).unwrap(),
        "('radd', <class '__main__.Declines'>)"
    );
    // `d += a`: `__iadd__` declines, then `__add__`, then `a.__radd__` answers.
    let r = heap.inplace_op(&d, &a, BinaryOp::Add).unwrap();
    assert_eq!(
        heap.repr(&r).unwrap(),
        "('radd', <class '__main__.Declines'>)"
    );
    let err = heap.inplace_op(&d, &1.into(), BinaryOp::Add).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: unsupported operand type(s) for +=: 'Declines' and 'int'"
    );
    // A method that returns NotImplemented from a unary operator is just a value.
    let neg = heap
        .class("Neg")
        .method("__neg__", |h, _| Ok(h.not_implemented()))
        .build()
        .unwrap();
    let n = heap.call(&neg, &[]).unwrap();
    assert!(
        heap.unary_op(&n, UnaryOp::Neg)
            .unwrap()
            .is(&heap.not_implemented())
    );
}

#[test]
fn failed_operations_leave_the_heap_consistent() {
    let heap = Heap::new();
    let l = heap.list(&[1.into(), 2.into()]).unwrap();
    let s = heap.set(&[1.into()]).unwrap();
    let d = heap.dict(&[("a".into(), 1.into())]).unwrap();
    let operands = [
        Value::None,
        1.into(),
        2.5.into(),
        "x".into(),
        l.clone(),
        s.clone(),
        d.clone(),
        heap.tuple(&[]).unwrap(),
    ];
    let mut errors = 0;
    for op in BinaryOp::ALL {
        for a in &operands {
            for b in &operands {
                errors += heap.binary_op(a, b, op).is_err() as usize;
                errors += heap.inplace_op(&heap.list(&[]).unwrap(), b, op).is_err() as usize;
            }
        }
    }
    assert!(errors > 500);
    heap.verify().unwrap();
    // `l += 1` fails before changing the list; `l += (3, 4)` changes it in place.
    assert!(heap.inplace_op(&l, &1.into(), BinaryOp::Add).is_err());
    let t = heap.tuple(&[3.into(), 4.into()]).unwrap();
    assert!(heap.inplace_op(&l, &t, BinaryOp::Add).unwrap().is(&l));
    assert_eq!(heap.repr(&l).unwrap(), "[1, 2, 3, 4]");
    drop((operands, l, s, d, t));
    heap.collect();
    heap.verify().unwrap();
    assert_eq!(heap.stats().live_objects, 0);
}

#[test]
fn a_method_may_collect_in_the_middle_of_an_operation() {
    let heap = Heap::new();
    let cls = heap
        .class("Collects")
        .method("__radd__", |h, a| {
            let fresh = h.list(&[a.get(1)?.clone()])?;
            h.collect();
            h.verify()?;
            Ok(fresh)
        })
        .build()
        .unwrap();
    let o = heap.call(&cls, &[]).unwrap();
    // The left operand, a list made for the call, is only held by the operation.
    let left = heap.list(&[7.into()]).unwrap();
    let r = heap.binary_op(&left, &o, BinaryOp::Add).unwrap();
    drop(left);
    heap.collect();
    assert_eq!(heap.repr(&r).unwrap(), "[[7]]");
    heap.verify().unwrap();
}

#[test]
fn a_method_recursing_into_its_operator_raises_recursion_error() {
    let heap = Heap::new();
    let cls = heap
        .class("Loops")
        .method("__add__", |h, a| {
            h.binary_op(a.get(0)?, a.get(1)?, BinaryOp::Add)
        })
        .build()
        .unwrap();
    let o = heap.call(&cls, &[]).unwrap();
    let err = heap.binary_op(&o, &1.into(), BinaryOp::Add).unwrap_err();
    assert!(matches!(err, Error::RecursionError(_)), "{err}");
    // Depth is given back: the next operation works.
    assert_eq!(
        heap.binary_op(&1.into(), &2.into(), BinaryOp::Add)
            .unwrap()
            .as_int(),
        Some(3)
    );
    heap.verify().unwrap();
}

#[test]
fn ints_stay_within_64_bits() {
    let heap = Heap::new();
    let err = heap
        .binary_op(&i64::MAX.into(), &1.into(), BinaryOp::Add)
        .unwrap_err();
    assert!(matches!(err, Error::OverflowError(_)), "{err}");
    assert_eq!(
        heap.binary_op(&i64::MIN.into(), &(-1).into(), BinaryOp::Mod)
            .unwrap()
            .as_int(),
        Some(0)
    );
    assert_eq!(
        heap.binary_op(&i64::MAX.into(), &3.into(), BinaryOp::TrueDiv)
            .unwrap()
            .as_float(),
        Some(3.0744573456182584e18)
    );
    let e = heap.binary_op(
        &heap.list(&[1.into()]).unwrap(),
        &(1i64 << 62).into(),
        BinaryOp::Mul,
    );
    assert!(matches!(e, Err(Error::MemoryError(_))));
}
