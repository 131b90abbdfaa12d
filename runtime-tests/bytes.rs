//! `bytes`: the public API (`Heap::bytes`, `Heap::as_bytes`, the `bytes` type
//! object) and the protocols on random contents, each followed by
//! `Heap::verify()`. (CPython's messages, case by case, are in
//! `cpython_differential`'s `errors`.)

use lethe::{BinaryOp, Builtin, CompareOp, Error, Heap, Value};
use proptest::prelude::*;

fn bytes_type(heap: &Heap) -> Value {
    heap.builtin(Builtin::Bytes)
}

#[test]
fn made_and_read_back() {
    let heap = Heap::new();
    let all: Vec<u8> = (0..=255).collect();
    let b = heap.bytes(&all).unwrap();
    assert_eq!(heap.as_bytes(&b).unwrap(), all);
    assert_eq!(heap.len(&b).unwrap(), 256);
    assert_eq!(heap.type_name(&b), "bytes");
    assert!(heap.type_of(&b).unwrap().is(&bytes_type(&heap)));
    let empty = heap.bytes(b"").unwrap();
    assert_eq!(heap.as_bytes(&empty).unwrap(), Vec::<u8>::new());
    assert!(!heap.truthy(&empty).unwrap());
    assert_eq!(heap.repr(&empty).unwrap(), "b''");
    assert_eq!(heap.hash(&empty).unwrap(), 0);
    heap.verify().unwrap();
}

#[test]
fn as_bytes_refuses_anything_else() {
    let heap = Heap::new();
    let c = heap.class("C").build().unwrap();
    let o = heap.call(&c, &[]).unwrap();
    let p = heap.proxy(&o, None).unwrap();
    for (v, name) in [
        (Value::from("ab"), "str"),
        (Value::from(1), "int"),
        (Value::None, "NoneType"),
        (heap.list(&[1.into()]).unwrap(), "list"),
        (o.clone(), "C"),
        (p, "weakref.ProxyType"),
    ] {
        let err = heap.as_bytes(&v).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("TypeError: a bytes-like object is required, not '{name}'")
        );
    }
    let other = Heap::new();
    let foreign = other.bytes(b"x").unwrap();
    assert!(matches!(
        heap.as_bytes(&foreign),
        Err(Error::RuntimeError(_))
    ));
    heap.verify().unwrap();
}

#[test]
fn the_type_object_constructs_as_cpython() {
    let heap = Heap::new();
    let t = bytes_type(&heap);
    assert_eq!(heap.repr(&t).unwrap(), "<class 'bytes'>");
    let zeros = heap.call(&t, &[3.into()]).unwrap();
    assert_eq!(heap.as_bytes(&zeros).unwrap(), vec![0, 0, 0]);
    let l = heap.list(&[104.into(), 105.into()]).unwrap();
    assert_eq!(heap.as_bytes(&heap.call(&t, &[l]).unwrap()).unwrap(), b"hi");
    let b = heap.bytes(b"same").unwrap();
    assert!(heap.call(&t, std::slice::from_ref(&b)).unwrap().is(&b));
    let err = heap.call(&t, &["x".into()]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: string argument without an encoding"
    );
    let e = heap.call(&t, &["é".into(), "utf-8".into()]).unwrap();
    assert_eq!(heap.as_bytes(&e).unwrap(), "é".as_bytes());
    let err = heap.call(&t, &[(-1).into()]).unwrap_err();
    assert_eq!(err.to_string(), "ValueError: negative count");
    let err = heap.class("B").base(&t).build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: type 'bytes' is not an acceptable base type"
    );
    heap.verify().unwrap();
}

#[test]
fn a_user_classs_bytes_method_is_called() {
    let heap = Heap::new();
    let c = heap
        .class("C")
        .method("__bytes__", |h, _| h.bytes(b"\x00\xff"))
        .build()
        .unwrap();
    let o = heap.call(&c, &[]).unwrap();
    let b = heap
        .call(&bytes_type(&heap), std::slice::from_ref(&o))
        .unwrap();
    assert_eq!(heap.repr(&b).unwrap(), r"b'\x00\xff'");
    let p = heap.proxy(&o, None).unwrap();
    let b = heap.call(&bytes_type(&heap), &[p]).unwrap();
    assert_eq!(heap.as_bytes(&b).unwrap(), vec![0, 255]);
    heap.verify().unwrap();
}

#[test]
fn bytes_are_values_not_weakly_referenceable_and_collected() {
    let heap = Heap::new();
    let b = heap.bytes(b"abc").unwrap();
    let err = heap.weakref(&b, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: cannot create weak reference to 'bytes' object"
    );
    let d = heap.dict(&[(b.clone(), 1.into())]).unwrap();
    let key = heap.bytes(b"abc").unwrap();
    assert_eq!(heap.getitem(&d, &key).unwrap().as_int(), Some(1));
    assert!(!heap.contains(&d, &"abc".into()).unwrap());
    let before = heap.stats().live_objects;
    drop((b, d, key));
    let report = heap.collect();
    assert!(report.freed >= 3, "{report:?}");
    assert!(heap.stats().live_objects < before);
    heap.verify().unwrap();
}

#[test]
fn methods_are_bound_builtin_methods() {
    let heap = Heap::new();
    let b = heap.bytes(b"abcab").unwrap();
    let find = heap.getattr(&b, "find").unwrap();
    assert!(
        heap.repr(&find)
            .unwrap()
            .starts_with("<built-in method find of bytes object at 0x")
    );
    let ab = heap.bytes(b"ab").unwrap();
    assert_eq!(
        heap.call(&find, std::slice::from_ref(&ab))
            .unwrap()
            .as_int(),
        Some(0)
    );
    assert_eq!(
        heap.call_method(&b, "count", std::slice::from_ref(&ab))
            .unwrap()
            .as_int(),
        Some(2)
    );
    assert_eq!(
        heap.call_method(&b, "decode", &[]).unwrap().as_str(),
        Some("abcab")
    );
    let err = heap
        .call_method(&heap.bytes(b"\xff").unwrap(), "decode", &[])
        .unwrap_err();
    assert_eq!(err.type_name(), "UnicodeDecodeError");
    assert_eq!(
        err.to_string(),
        "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
    );
    heap.verify().unwrap();
}

/// `find`, `rfind`, `count` and `in` on 1 MB take linear time (review 61: a naive
/// scan took 7.6 s for `(b'a' * 10**6).find(b'a' * 500000 + b'b')`, CPython 2 ms).
#[test]
fn searches_of_a_megabyte_are_linear() {
    let heap = Heap::new();
    let n = 1_000_000;
    let hay = heap.bytes(&vec![b'a'; n]).unwrap();
    let mut needle = vec![b'a'; n / 2];
    needle.push(b'b');
    let needle = heap.bytes(&needle).unwrap();
    let t = std::time::Instant::now();
    for m in ["find", "rfind"] {
        let r = heap
            .call_method(&hay, m, std::slice::from_ref(&needle))
            .unwrap();
        assert_eq!(r.as_int(), Some(-1));
    }
    let r = heap
        .call_method(&hay, "count", std::slice::from_ref(&needle))
        .unwrap();
    assert_eq!(r.as_int(), Some(0));
    assert!(!heap.contains(&hay, &needle).unwrap());
    let aa = heap.bytes(b"aa").unwrap();
    let r = heap.call_method(&hay, "count", &[aa]).unwrap();
    assert_eq!(r.as_int(), Some(n as i64 / 2));
    // (The quadratic scan took minutes here; a linear one well under a second.)
    assert!(t.elapsed().as_secs() < 30, "{:?}", t.elapsed());
    heap.verify().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// `find`, `rfind` and `count` (non-overlapping) agree with a naive scan, on a
    /// two-letter alphabet where the needle's borders matter.
    #[test]
    fn searches_agree_with_a_naive_scan(a in proptest::collection::vec(97u8..99, 0..40),
                                        b in proptest::collection::vec(97u8..99, 0..6)) {
        let heap = Heap::new();
        let (x, y) = (heap.bytes(&a).unwrap(), heap.bytes(&b).unwrap());
        let at: Vec<usize> = (0..=a.len().saturating_sub(b.len()))
            .filter(|&i| b.len() <= a.len() && a[i..i + b.len()] == b[..])
            .collect();
        let find = |m: &str| heap.call_method(&x, m, std::slice::from_ref(&y)).unwrap().as_int().unwrap();
        prop_assert_eq!(find("find"), at.first().map_or(-1, |&i| i as i64));
        prop_assert_eq!(find("rfind"), at.last().map_or(-1, |&i| i as i64));
        let mut count = 0;
        let mut next = 0;
        for &i in &at {
            if i >= next {
                count += 1;
                next = i + b.len().max(1);
            }
        }
        if b.is_empty() {
            count = a.len() + 1;
        }
        prop_assert_eq!(find("count"), count as i64);
        heap.verify().unwrap();
    }

    /// The protocols agree with Rust's view of the same bytes, and nothing panics
    /// or leaves the heap inconsistent.
    #[test]
    fn protocols_agree_with_the_bytes(a in proptest::collection::vec(any::<u8>(), 0..24),
                                      b in proptest::collection::vec(any::<u8>(), 0..24),
                                      i in -30i64..30) {
        let heap = Heap::new();
        let (x, y) = (heap.bytes(&a).unwrap(), heap.bytes(&b).unwrap());
        prop_assert_eq!(heap.len(&x).unwrap(), a.len());
        prop_assert_eq!(heap.eq(&x, &y).unwrap(), a == b);
        prop_assert_eq!(heap.compare(&x, &y, CompareOp::Lt).unwrap(), a < b);
        prop_assert_eq!(heap.compare(&x, &y, CompareOp::Ge).unwrap(), a >= b);
        if a == b {
            prop_assert_eq!(heap.hash(&x).unwrap(), heap.hash(&y).unwrap());
        }
        let sum = heap.binary_op(&x, &y, BinaryOp::Add).unwrap();
        prop_assert_eq!(heap.as_bytes(&sum).unwrap(), [a.clone(), b.clone()].concat());
        let items: Vec<i64> = heap.iter(&x).unwrap().iter().map(|v| v.as_int().unwrap()).collect();
        prop_assert_eq!(items, a.iter().map(|&c| i64::from(c)).collect::<Vec<_>>());
        let rebuilt = heap.call(&heap.builtin(Builtin::Bytes), &[heap.list(&heap.iter(&x).unwrap()).unwrap()]).unwrap();
        prop_assert!(heap.eq(&rebuilt, &x).unwrap());
        let n = a.len() as i64;
        let item = heap.getitem(&x, &i.into());
        let at = if i < 0 { i + n } else { i };
        match usize::try_from(at).ok().and_then(|k| a.get(k)) {
            Some(c) => prop_assert_eq!(item.unwrap().as_int(), Some(i64::from(*c))),
            None => prop_assert_eq!(item.unwrap_err().to_string(), "IndexError: index out of range"),
        }
        let found = heap.contains(&x, &y).unwrap();
        prop_assert_eq!(found, b.is_empty() || a.windows(b.len()).any(|w| w == &b[..]));
        let repr = heap.repr(&x).unwrap();
        prop_assert!(repr.starts_with('b') && repr.is_ascii());
        let _ = heap.call_method(&x, "decode", &[]);
        let _ = heap.call_method(&x, "decode", &["ascii".into(), "replace".into()]);
        let _ = heap.call_method(&x, "find", &[y.clone(), i.into()]);
        let _ = heap.call_method(&x, "rfind", &[y.clone(), i.into(), (-i).into()]);
        let _ = heap.call_method(&x, "count", &[y.clone(), (-i).into()]);
        let _ = heap.call_method(&x, "startswith", &[y.clone(), i.into()]);
        let _ = heap.call_method(&x, "endswith", &[y.clone(), Value::None, i.into()]);
        let _ = heap.binary_op(&x, &i.into(), BinaryOp::Mul);
        let _ = heap.contains(&x, &(i * 10).into());
        heap.verify().unwrap();
        drop((x, y, sum, rebuilt));
        heap.collect();
        heap.verify().unwrap();
    }
}
