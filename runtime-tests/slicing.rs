//! `slice` objects and slicing: the public API (`Heap::slice`, the `slice` type
//! object, `indices`) and list, tuple, str and bytes slicing, a list's slice
//! assignment and deletion, each checked against a straightforward model of
//! Python's rules on random bounds and steps (huge ones included), with
//! `Heap::verify()` after each. (CPython's messages, case by case, are in
//! `cpython_differential`'s `errors`.)

use lethe::{Builtin, Heap, Value};
use proptest::prelude::*;

/// The positions `seq[start:stop:step]` selects in a sequence of `len` items, by
/// the language reference's rules, walked one step at a time (`None` for a zero
/// step, a `ValueError`).
fn model(
    len: usize,
    start: Option<i64>,
    stop: Option<i64>,
    step: Option<i64>,
) -> Option<Vec<usize>> {
    let len = len as i128;
    let step = i128::from(step.unwrap_or(1));
    if step == 0 {
        return None;
    }
    // A bound: negative counts from the end; then clamped to the walk's range,
    // `0..=len` forward, `-1..=len-1` backward.
    let bound = |b: Option<i64>, missing: i128| -> i128 {
        let Some(b) = b else { return missing };
        let b = i128::from(b);
        let b = if b < 0 { b + len } else { b };
        if step > 0 {
            b.clamp(0, len)
        } else {
            b.clamp(-1, len - 1)
        }
    };
    let (start, stop) = if step > 0 {
        (bound(start, 0), bound(stop, len))
    } else {
        (bound(start, len - 1), bound(stop, -1))
    };
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < stop) || (step < 0 && i > stop) {
        out.push(i as usize);
        i += step;
    }
    Some(out)
}

fn opt(v: Option<i64>) -> Value {
    v.map_or(Value::None, Value::from)
}

fn bound() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![
        3 => Just(None),
        6 => (-14i64..14).prop_map(Some),
        1 => Just(Some(i64::MAX)),
        1 => Just(Some(i64::MIN)),
    ]
}

fn step() -> impl Strategy<Value = Option<i64>> {
    prop_oneof![
        3 => Just(None),
        6 => (-4i64..=4).prop_map(Some),
        1 => Just(Some(i64::MAX)),
        1 => Just(Some(i64::MIN)),
    ]
}

#[test]
fn the_type_and_its_attributes() {
    let heap = Heap::new();
    let t = heap.builtin(Builtin::Slice);
    let s = heap.call(&t, &[1.into(), "a".into()]).unwrap();
    assert!(heap.type_of(&s).unwrap().is(&t));
    assert_eq!(heap.type_name(&s), "slice");
    assert_eq!(heap.getattr(&s, "start").unwrap().as_int(), Some(1));
    assert_eq!(heap.getattr(&s, "stop").unwrap().as_str(), Some("a"));
    assert!(heap.getattr(&s, "step").unwrap().is_none());
    assert_eq!(heap.repr(&s).unwrap(), "slice(1, 'a', None)");
    let err = heap.setattr(&s, "start", &2.into()).unwrap_err();
    assert_eq!(err.to_string(), "AttributeError: readonly attribute");
    let err = heap.hash(&s).unwrap_err();
    assert_eq!(err.to_string(), "TypeError: unhashable type: 'slice'");
    let err = heap.weakref(&s, None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: cannot create weak reference to 'slice' object"
    );
    let same = heap.slice(&1.into(), &"a".into(), &Value::None).unwrap();
    assert!(heap.eq(&s, &same).unwrap());
    heap.verify().unwrap();
}

#[test]
fn a_slice_holds_its_values_alive() {
    let heap = Heap::new();
    let l = heap.list(&[1.into()]).unwrap();
    let s = heap.slice(&l, &Value::None, &Value::None).unwrap();
    drop(l);
    heap.collect();
    heap.verify().unwrap();
    let start = heap.getattr(&s, "start").unwrap();
    assert_eq!(heap.repr(&start).unwrap(), "[1]");
    drop((s, start));
    heap.collect();
    heap.verify().unwrap();
}

#[test]
fn a_user_getitem_receives_the_slice() {
    let heap = Heap::new();
    let c = heap
        .class("C")
        .method("__getitem__", |_, a| Ok(a.get(1)?.clone()))
        .build()
        .unwrap();
    let o = heap.call(&c, &[]).unwrap();
    let s = heap.slice(&1.into(), &Value::None, &(-1).into()).unwrap();
    assert!(heap.getitem(&o, &s).unwrap().is(&s));
    let p = heap.proxy(&o, None).unwrap();
    assert!(heap.getitem(&p, &s).unwrap().is(&s));
    heap.verify().unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `list[s]`, `tuple[s]`, `str[s]` (ASCII and not), `bytes[s]` and
    /// `s.indices(len)` select what the model does; a zero step is a `ValueError`.
    #[test]
    fn getitem_agrees_with_the_model(len in 0usize..12, start in bound(), stop in bound(), st in step(),
                                     wide in any::<bool>()) {
        let heap = Heap::new();
        let items: Vec<i64> = (0..len as i64).map(|i| i * 10).collect();
        let alphabet: Vec<char> = if wide { "aé😀b€x".chars().collect() } else { "abcdef".chars().collect() };
        let chars: Vec<char> = (0..len).map(|i| alphabet[i % alphabet.len()]).collect();
        let text: String = chars.iter().collect();
        let raw: Vec<u8> = (0..len as u8).map(|i| i.wrapping_mul(37)).collect();
        let values: Vec<Value> = items.iter().map(|&i| i.into()).collect();
        let list = heap.list(&values).unwrap();
        let tuple = heap.tuple(&values).unwrap();
        let bytes = heap.bytes(&raw).unwrap();
        let s = heap.slice(&opt(start), &opt(stop), &opt(st)).unwrap();
        let want = model(len, start, stop, st);
        for seq in [&list, &tuple, &Value::from(text.as_str()), &bytes] {
            let got = heap.getitem(seq, &s);
            let Some(want) = &want else {
                prop_assert_eq!(got.unwrap_err().to_string(), "ValueError: slice step cannot be zero");
                continue;
            };
            let got = got.unwrap();
            prop_assert_eq!(heap.type_of(&got).unwrap().is(&heap.type_of(seq).unwrap()), true);
            if seq.is(&bytes) {
                let expect: Vec<u8> = want.iter().map(|&i| raw[i]).collect();
                prop_assert_eq!(heap.as_bytes(&got).unwrap(), expect);
            } else if let Some(t) = got.as_str() {
                let expect: String = want.iter().map(|&i| chars[i]).collect();
                prop_assert_eq!(t, expect.as_str());
            } else {
                let got: Vec<i64> = heap.iter(&got).unwrap().iter().map(|v| v.as_int().unwrap()).collect();
                let expect: Vec<i64> = want.iter().map(|&i| items[i]).collect();
                prop_assert_eq!(got, expect);
            }
        }
        // `indices` describes the same positions as `range(*s.indices(len))`.
        let ind = heap.call_method(&s, "indices", &[(len as i64).into()]);
        match &want {
            None => prop_assert!(ind.is_err()),
            Some(want) => {
                let t: Vec<i64> = heap.iter(&ind.unwrap()).unwrap().iter().map(|v| v.as_int().unwrap()).collect();
                let (a, b, c) = (i128::from(t[0]), i128::from(t[1]), i128::from(t[2]));
                let mut walked = Vec::new();
                let mut i = a;
                while (c > 0 && i < b) || (c < 0 && i > b) {
                    walked.push(i as usize);
                    i += c;
                }
                prop_assert_eq!(&walked, want);
            }
        }
        heap.verify().unwrap();
    }

    /// `list[s] = items` and `del list[s]` change the list as the model does: a
    /// step-1 slice is replaced by any number of items, an extended one takes
    /// exactly as many as it selects.
    #[test]
    fn setitem_and_delitem_agree_with_the_model(len in 0usize..12, start in bound(), stop in bound(),
                                                st in step(), extra in 0usize..4) {
        let heap = Heap::new();
        let items: Vec<i64> = (0..len as i64).collect();
        let values: Vec<Value> = items.iter().map(|&i| i.into()).collect();
        let s = heap.slice(&opt(start), &opt(stop), &opt(st)).unwrap();
        let want = model(len, start, stop, st);
        let contents = |l: &Value| -> Vec<i64> {
            heap.iter(l).unwrap().iter().map(|v| v.as_int().unwrap()).collect()
        };

        // Deletion.
        let list = heap.list(&values).unwrap();
        match (heap.delitem(&list, &s), &want) {
            (Err(e), None) => prop_assert_eq!(e.to_string(), "ValueError: slice step cannot be zero"),
            (Ok(()), Some(gone)) => {
                let expect: Vec<i64> = items.iter().copied().filter(|&i| !gone.contains(&(i as usize))).collect();
                prop_assert_eq!(contents(&list), expect);
            }
            (got, want) => prop_assert!(false, "{:?} for {:?}", got, want),
        }
        heap.verify().unwrap();

        // Assignment of `count` new items (100, 101…).
        let Some(sel) = want else { return Ok(()) };
        let extended = st.unwrap_or(1) != 1;
        let count = if extended { sel.len() } else { extra };
        let new: Vec<i64> = (100..100 + count as i64).collect();
        let list = heap.list(&values).unwrap();
        let new_list = heap.list(&new.iter().map(|&i| i.into()).collect::<Vec<_>>()).unwrap();
        heap.setitem(&list, &s, &new_list).unwrap();
        let mut expect = items.clone();
        if extended {
            for (&i, &v) in sel.iter().zip(&new) {
                expect[i] = v;
            }
        } else {
            // A step-1 slice: its positions, or the place it starts at when empty.
            let lo = match sel.first() {
                Some(&i) => i,
                None => {
                    let b = start.map_or(0, i128::from);
                    (if b < 0 { (b + len as i128).max(0) } else { b.min(len as i128) }) as usize
                }
            };
            expect.splice(lo..lo + sel.len(), new.iter().copied());
        }
        prop_assert_eq!(contents(&list), expect);
        // An extended slice given one item too many: refused, the list unchanged.
        if extended {
            let before = contents(&list);
            let more = heap.list(&vec![Value::from(0); sel.len() + 1]).unwrap();
            let err = heap.setitem(&list, &s, &more).unwrap_err();
            prop_assert_eq!(err.to_string(), format!(
                "ValueError: attempt to assign sequence of size {} to extended slice of size {}",
                sel.len() + 1, sel.len()));
            prop_assert_eq!(contents(&list), before);
        }
        heap.verify().unwrap();
    }
}

/// A slice assignment reads the items as CPython's `PySequence_Fast` does: `list`
/// of the value's iterator, so a user iterator's `__iter__` is asked twice (once by
/// `iter(x)`, once by `list(it)`) and its length hint after; an iterator without
/// `__iter__` is refused then. CPython 3.11:
///
/// ```python
/// class It:
///     def __init__(s): s.n = 0
///     def __iter__(s): log.append('iter'); return s
///     def __next__(s):
///         s.n += 1
///         if s.n > 2: raise StopIteration
///         return s.n
///     def __length_hint__(s): log.append('hint'); return 2
/// class X:
///     def __iter__(s): log.append('Xiter'); return It()
///     def __len__(s): log.append('Xlen'); return 2
/// l = [0, 9]; l[1:1] = X()     # [0, 1, 2, 9] ['Xiter', 'iter', 'hint']
/// l = [0, 9]; l[1:1] = It()    # [0, 1, 2, 9] ['iter', 'iter', 'hint']
/// list(X())                    # [1, 2] ['Xiter', 'Xlen']
/// class NoIter:
///     def __next__(s): raise StopIteration
/// class Y:
///     def __iter__(s): return NoIter()
/// l[0:0] = Y()                 # TypeError: 'NoIter' object is not iterable
/// list(Y())                    # []
/// ```
#[test]
fn a_slice_assignment_reads_a_list_of_the_iterator() {
    use std::{cell::RefCell, rc::Rc};
    let heap = Heap::new();
    let log = Rc::new(RefCell::new(Vec::<&str>::new()));
    let (l1, l2, l3, l4) = (log.clone(), log.clone(), log.clone(), log.clone());
    let it = heap
        .class("It")
        .attr("n", 0.into())
        .method("__iter__", move |_, a| {
            l1.borrow_mut().push("iter");
            Ok(a.get(0)?.clone())
        })
        .method("__next__", |h, a| {
            let n = h.getattr(a.get(0)?, "n")?.as_int().unwrap() + 1;
            h.setattr(a.get(0)?, "n", &n.into())?;
            if n > 2 {
                return Err(lethe::Error::StopIteration(String::new()));
            }
            Ok(n.into())
        })
        .method("__length_hint__", move |_, _| {
            l2.borrow_mut().push("hint");
            Ok(2.into())
        })
        .build()
        .unwrap();
    let it2 = it.clone();
    let x = heap
        .class("X")
        .method("__iter__", move |h, _| {
            l3.borrow_mut().push("Xiter");
            h.call(&it2, &[])
        })
        .method("__len__", move |_, _| {
            l4.borrow_mut().push("Xlen");
            Ok(2.into())
        })
        .build()
        .unwrap();
    let at = heap.slice(&1.into(), &1.into(), &Value::None).unwrap();
    for (source, calls) in [
        (&x, vec!["Xiter", "iter", "hint"]),
        (&it, vec!["iter", "iter", "hint"]),
    ] {
        let l = heap.list(&[0.into(), 9.into()]).unwrap();
        log.borrow_mut().clear();
        heap.setitem(&l, &at, &heap.call(source, &[]).unwrap())
            .unwrap();
        assert_eq!(heap.repr(&l).unwrap(), "[0, 1, 2, 9]");
        assert_eq!(*log.borrow(), calls);
    }
    log.borrow_mut().clear();
    let listed = heap
        .call(&heap.builtin(Builtin::List), &[heap.call(&x, &[]).unwrap()])
        .unwrap();
    assert_eq!(heap.repr(&listed).unwrap(), "[1, 2]");
    assert_eq!(*log.borrow(), ["Xiter", "Xlen"]);

    let no_iter = heap
        .class("NoIter")
        .method("__next__", |_, _| {
            Err(lethe::Error::StopIteration(String::new()))
        })
        .build()
        .unwrap();
    let y = heap
        .class("Y")
        .method("__iter__", move |h, _| h.call(&no_iter, &[]))
        .build()
        .unwrap();
    let l = heap.list(&[0.into()]).unwrap();
    let err = heap
        .setitem(&l, &at, &heap.call(&y, &[]).unwrap())
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "TypeError: 'NoIter' object is not iterable"
    );
    let listed = heap
        .call(&heap.builtin(Builtin::List), &[heap.call(&y, &[]).unwrap()])
        .unwrap();
    assert_eq!(heap.repr(&listed).unwrap(), "[]");
    heap.verify().unwrap();
}
