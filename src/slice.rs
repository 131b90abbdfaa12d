//! `slice`: CPython 3.11's slice objects (`Kind::Slice`) and extended indexing
//! with them: `seq[start:stop:step]` of a list, tuple, str or bytes, and a list's
//! slice assignment and deletion.
//!
//! Here: making one ([`Heap::slice`], the constructor `slice(…)`), `indices`, and
//! the slicing itself: the bounds unpacked as CPython's `PySlice_Unpack` (each one
//! `None` or an integer through `__index__`, the step not zero) and adjusted to a
//! sequence's length as its `PySlice_AdjustIndices`. The protocols a slice takes
//! part in are where the other builtin types' are: the repr (`repr.rs`), `==` and
//! ordering as the tuple `(start, stop, step)` (`protocols/equality.rs`, `ordering.rs`),
//! hashing (unhashable, as in 3.11), the attributes `start`, `stop`, `step`
//! (`protocols/attributes.rs`'s `builtin_attr`, read-only).
//!
//! Invariant: a slice never changes (its three values are fixed when it is made);
//! a slicing reads the bounds, which may run user code (`__index__`), then adjusts
//! them to the sequence's length at that moment, as CPython; a slice assignment
//! then reads the items to assign, which may run user code too (an iterator), and
//! changes the list in one arena pass that checks every position against the
//! list's length then (a step-1 range clamped to it, as CPython's
//! `list_ass_slice`; an extended slice's positions past it not written), so every
//! position a slicing touches is in range whatever the user code did.

use gc_arena::Collect;

use crate::heap::Ctx;
use crate::object::{Kind, Val};
use crate::{Error, Heap, Result, Value};

/// The keyword arguments of a call.
type Kwargs = [(std::rc::Rc<str>, Value)];

/// A slice's values, as given (any objects: `slice('a', [])` is a slice too).
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct SliceData<'gc> {
    pub start: Val<'gc>,
    pub stop: Val<'gc>,
    pub step: Val<'gc>,
}

impl<'gc> SliceData<'gc> {
    /// Handles to its start, stop and step, for work done outside the arena (bounds,
    /// comparisons, the repr).
    pub(crate) fn values(&self, cx: &Ctx<'_, 'gc>) -> [Value; 3] {
        [
            cx.value(&self.start),
            cx.value(&self.stop),
            cx.value(&self.step),
        ]
    }
}

/// A slice's bounds as integers (CPython's `PySlice_Unpack`): a missing start or
/// stop is the end the step runs from or to; the step is not zero, nor below
/// `-i64::MAX` (so that it can be negated).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Bounds {
    start: i64,
    stop: i64,
    step: i64,
}

/// Bounds adjusted to a sequence's length (CPython's `PySlice_AdjustIndices`):
/// the positions `start`, `start + step`… , `count` of them, all in range.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Span {
    start: i64,
    stop: i64,
    step: i64,
    count: usize,
}

impl Bounds {
    /// The span these bounds select in a sequence of `len` items.
    pub(crate) fn adjust(self, len: usize) -> Span {
        let len = len as i64;
        let Bounds {
            mut start,
            mut stop,
            step,
        } = self;
        let clamp = |i: &mut i64| {
            if *i < 0 {
                *i += len;
                if *i < 0 {
                    *i = if step < 0 { -1 } else { 0 };
                }
            } else if *i >= len {
                *i = if step < 0 { len - 1 } else { len };
            }
        };
        clamp(&mut start);
        clamp(&mut stop);
        let count = if step < 0 {
            if stop < start {
                (start - stop - 1) / -step + 1
            } else {
                0
            }
        } else if start < stop {
            (stop - start - 1) / step + 1
        } else {
            0
        };
        Span {
            start,
            stop,
            step,
            count: count as usize,
        }
    }
}

impl Span {
    /// The positions selected, in order (each in `0..len`).
    pub(crate) fn positions(self) -> impl Iterator<Item = usize> {
        (0..self.count).map(move |k| (self.start + k as i64 * self.step) as usize)
    }

    /// Whether it selects the whole of a sequence of `len` items, in order.
    fn whole(self, len: usize) -> bool {
        self.start == 0 && self.step == 1 && self.count == len
    }

    /// A step-1 span's range in a sequence of `len` items (the length it was
    /// adjusted to, or the one the sequence has since), empty at `start` when
    /// `stop` is before it (CPython's `list_ass_slice`, which clamps both to `len`).
    fn range(self, len: usize) -> std::ops::Range<usize> {
        let lo = (self.start.max(0) as usize).min(len);
        lo..(self.stop.max(0) as usize).clamp(lo, len)
    }
}

impl Heap {
    /// A new `slice(start, stop, step)` (Python's `slice` object, what `x[a:b:c]`
    /// indexes with); any value may be a bound, `None` for a missing one. Indexing
    /// a list, tuple, str or bytes with it ([`Heap::getitem`]) gives a new one of
    /// the same type (an exact tuple's or bytes' whole slice is itself), a list's
    /// slice can be assigned ([`Heap::setitem`], from any iterable) and deleted
    /// ([`Heap::delitem`]), and a user class's `__getitem__` receives it.
    ///
    /// ```
    /// use lethe::Value;
    /// let heap = lethe::Heap::new();
    /// let s = heap.slice(&Value::None, &Value::None, &(-2).into())?;
    /// assert_eq!(heap.repr(&s)?, "slice(None, None, -2)");
    /// assert_eq!(heap.getitem(&"abcde".into(), &s)?.as_str(), Some("eca"));
    /// let l = heap.list(&[1.into(), 2.into(), 3.into()])?;
    /// heap.setitem(&l, &heap.slice(&1.into(), &Value::None, &Value::None)?, &"xy".into())?;
    /// assert_eq!(heap.repr(&l)?, "[1, 'x', 'y']");
    /// let i = heap.call_method(&s, "indices", &[10.into()])?;
    /// assert_eq!(heap.repr(&i)?, "(9, -1, -2)");
    /// let err = heap.getitem(&l, &heap.slice(&Value::None, &Value::None, &0.into())?);
    /// assert_eq!(err.unwrap_err().to_string(), "ValueError: slice step cannot be zero");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn slice(&self, start: &Value, stop: &Value, step: &Value) -> Result<Value> {
        self.with(|cx| {
            let data = SliceData {
                start: cx.val(start)?,
                stop: cx.val(stop)?,
                step: cx.val(step)?,
            };
            Ok(cx.value(&Val::Obj(cx.alloc(Kind::Slice(Box::new(data)), None))))
        })
    }

    /// `slice(stop)`, `slice(start, stop[, step])`, as CPython's `slice_new`.
    pub(crate) fn construct_slice(&self, args: &[Value], kwargs: &Kwargs) -> Result<Value> {
        if !kwargs.is_empty() {
            return Err(Error::TypeError(
                "slice() takes no keyword arguments".into(),
            ));
        }
        let none = Value::None;
        match args {
            [] => Err(Error::TypeError(
                "slice expected at least 1 argument, got 0".into(),
            )),
            [stop] => self.slice(&none, stop, &none),
            [start, stop] => self.slice(start, stop, &none),
            [start, stop, step] => self.slice(start, stop, step),
            _ => Err(Error::TypeError(format!(
                "slice expected at most 3 arguments, got {}",
                args.len()
            ))),
        }
    }

    /// The start, stop and step of `v` if it is a slice.
    pub(crate) fn slice_parts(&self, v: &Value) -> Result<Option<[Value; 3]>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            Ok(match &cx.obj(v)?.borrow().kind {
                Kind::Slice(s) => Some(s.values(cx)),
                _ => None,
            })
        })
    }

    /// A slice bound: `None` is none; an int, or what has `__index__` (a proxy
    /// forwards to its referent's), is that integer (CPython's
    /// `_PyEval_SliceIndex`); anything else a `TypeError`.
    fn slice_index_of(&self, v: &Value) -> Result<Option<i64>> {
        match v {
            Value::None => Ok(None),
            Value::Int(i) => Ok(Some(*i)),
            _ if self.has_index(v) || self.is_proxy(v)? => self.as_index(v).map(Some),
            _ => Err(Error::TypeError(
                "slice indices must be integers or None or have an __index__ method".into(),
            )),
        }
    }

    /// Whether `v` is a proxy (alive or dead).
    fn is_proxy(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| Ok(cx.obj(v)?.borrow().kind.proxy_target(cx.mc).is_some()))
    }

    /// The step of a slice: 1 if missing; `ValueError` if zero.
    fn slice_step(&self, v: &Value) -> Result<i64> {
        match self.slice_index_of(v)? {
            None => Ok(1),
            Some(0) => Err(Error::ValueError("slice step cannot be zero".into())),
            Some(s) => Ok(s),
        }
    }

    /// A slice's bounds as integers, read in CPython's order (step, start, stop).
    pub(crate) fn unpack_slice(&self, parts: &[Value; 3]) -> Result<Bounds> {
        let step = self.slice_step(&parts[2])?.max(-i64::MAX);
        let start = self
            .slice_index_of(&parts[0])?
            .unwrap_or(if step < 0 { i64::MAX } else { 0 });
        let stop =
            self.slice_index_of(&parts[1])?
                .unwrap_or(if step < 0 { i64::MIN } else { i64::MAX });
        Ok(Bounds { start, stop, step })
    }

    /// `s.indices(len)`: the tuple `(start, stop, step)` of the positions `s`
    /// selects in a sequence of `len` items (CPython's `slice_indices`, whose
    /// arithmetic is unbounded: here in `i128`).
    pub(crate) fn slice_indices(&self, me: &Value, len: &Value) -> Result<Value> {
        let length = self.as_index(len)?;
        if length < 0 {
            return Err(Error::ValueError("length should not be negative".into()));
        }
        let [start, stop, step] = self
            .slice_parts(me)?
            .ok_or_else(|| Error::TypeError("descriptor 'indices' requires a 'slice'".into()))?;
        let step = self.slice_step(&step)?;
        let length = i128::from(length);
        let (lower, upper) = if step < 0 {
            (-1, length - 1)
        } else {
            (0, length)
        };
        let bound = |v: &Value, missing: i128| -> Result<i128> {
            Ok(match self.slice_index_of(v)? {
                None => missing,
                Some(i) if i < 0 => (i128::from(i) + length).max(lower),
                Some(i) => i128::from(i).min(upper),
            })
        };
        let start = bound(&start, if step < 0 { upper } else { lower })?;
        let stop = bound(&stop, if step < 0 { lower } else { upper })?;
        // (Both within `-1..=length`.)
        self.tuple(&[
            Value::Int(start as i64),
            Value::Int(stop as i64),
            Value::Int(step),
        ])
    }

    /// `c[s]` of a list or tuple `c` (or an instance of a subclass) and a slice
    /// `s`: a new list or tuple of the items selected; an exact tuple's whole
    /// slice is the tuple itself.
    pub(crate) fn seq_slice(&self, c: &Value, parts: &[Value; 3]) -> Result<Value> {
        let bounds = self.unpack_slice(parts)?;
        self.with(|cx| {
            let o = cx.obj(c)?;
            let data = o.borrow();
            let (Kind::List(v) | Kind::Tuple(v)) = &data.kind else {
                return Err(Error::TypeError("not a list or tuple".into()));
            };
            let tuple = matches!(data.kind, Kind::Tuple(_));
            let span = bounds.adjust(v.len());
            // (CPython's empty slice is its empty tuple: an empty exact tuple's.)
            if tuple && data.class.is_none() && (span.whole(v.len()) || v.is_empty()) {
                return Ok(c.clone());
            }
            let items: Vec<Val<'_>> = span.positions().map(|i| v[i].clone()).collect();
            drop(data);
            let kind = if tuple {
                Kind::Tuple(items)
            } else {
                Kind::List(items)
            };
            Ok(cx.value(&Val::Obj(cx.alloc(kind, None))))
        })
    }

    /// `text[s]` of a str (`c`, or an instance of a subclass of str, whose text
    /// is `text`): a str; an exact str's whole slice is itself.
    pub(crate) fn str_slice(&self, text: &crate::Str, parts: &[Value; 3]) -> Result<Value> {
        let bounds = self.unpack_slice(parts)?;
        // ASCII text (the usual case) is sliced by byte; other text by character.
        if text.is_ascii() {
            let span = bounds.adjust(text.len());
            if span.whole(text.len()) {
                return Ok(Value::Str(text.clone()));
            }
            if span.step == 1 {
                return Ok(Value::from(&text[span.range(text.len())]));
            }
            let bytes = text.as_bytes();
            let out: String = span.positions().map(|i| char::from(bytes[i])).collect();
            return Ok(Value::from(out));
        }
        let chars: Vec<char> = text.chars().collect();
        let span = bounds.adjust(chars.len());
        if span.whole(chars.len()) {
            return Ok(Value::Str(text.clone()));
        }
        let out: String = span.positions().map(|i| chars[i]).collect();
        Ok(Value::from(out))
    }

    /// `b[s]` of bytes `c` (whose bytes are `b`): bytes; the whole slice is `c`, and
    /// so is any slice of empty bytes (CPython's empty slice is its empty bytes).
    pub(crate) fn bytes_slice(&self, c: &Value, b: &[u8], parts: &[Value; 3]) -> Result<Value> {
        let span = self.unpack_slice(parts)?.adjust(b.len());
        if span.whole(b.len()) || b.is_empty() {
            return Ok(c.clone());
        }
        let out: Vec<u8> = span.positions().map(|i| b[i]).collect();
        self.bytes(&out)
    }

    /// `l[s] = value` of a list `l` (or an instance of a subclass) and a slice
    /// `s` (CPython's `list_ass_subscript`): a step-1 slice is replaced by the
    /// items, whatever their number; an extended one takes exactly as many items
    /// as it selects (`ValueError` otherwise). As CPython, the bounds are adjusted
    /// to the list's length before the items are read (`l` itself is copied, not
    /// iterated), and a step-1 range is clamped again to its length after.
    pub(crate) fn list_assign_slice(
        &self,
        c: &Value,
        parts: &[Value; 3],
        value: &Value,
    ) -> Result<()> {
        let bounds = self.unpack_slice(parts)?;
        let extended = bounds.step != 1;
        // Its length, and for `a[i:j] = a` a copy of it (whatever its class's
        // `__iter__`).
        let (len, own) = self.with(|cx| match &cx.obj(c)?.borrow().kind {
            Kind::List(l) => Ok((l.len(), value.is(c).then(|| cx.values(l)))),
            _ => Err(Error::TypeError("not a list".into())),
        })?;
        let span = bounds.adjust(len);
        let items = if let Some(own) = own {
            own
        } else {
            self.sequence_fast(
                value,
                if extended {
                    "must assign iterable to extended slice"
                } else {
                    "can only assign an iterable"
                },
            )?
        };
        self.with(|cx| {
            let o = cx.obj(c)?;
            let new = cx.vals(&items)?;
            let mut data = o.borrow_mut(cx.mc);
            let Kind::List(l) = &mut data.kind else {
                return Err(Error::TypeError("not a list".into()));
            };
            if !extended {
                // Reading the items may have changed the list's length
                // (`list_ass_slice` clamps to it).
                l.splice(span.range(l.len()), new);
                return Ok(());
            }
            if new.len() != span.count {
                return Err(Error::ValueError(format!(
                    "attempt to assign sequence of size {} to extended slice of size {}",
                    new.len(),
                    span.count
                )));
            }
            // (A position past a list the reading shrank is not written: CPython
            // writes past its array's end there.)
            for (i, v) in span.positions().zip(new) {
                if let Some(slot) = l.get_mut(i) {
                    *slot = v;
                }
            }
            Ok(())
        })
    }

    /// `del l[s]` of a list `l` (or an instance of a subclass) and a slice `s`.
    pub(crate) fn list_delete_slice(&self, c: &Value, parts: &[Value; 3]) -> Result<()> {
        let bounds = self.unpack_slice(parts)?;
        self.with(|cx| {
            let o = cx.obj(c)?;
            let mut data = o.borrow_mut(cx.mc);
            let Kind::List(l) = &mut data.kind else {
                return Err(Error::TypeError("not a list".into()));
            };
            let span = bounds.adjust(l.len());
            if span.step == 1 {
                l.drain(span.range(l.len()));
                return Ok(());
            }
            let mut gone = vec![false; l.len()];
            for i in span.positions() {
                gone[i] = true;
            }
            let mut i = 0;
            l.retain(|_| {
                i += 1;
                !gone[i - 1]
            });
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Bounds;

    /// CPython's answers for a few bounds over 5 items (`range(5)[s]`).
    #[test]
    fn adjust_matches_cpython() {
        let sel = |start, stop, step| -> Vec<usize> {
            Bounds { start, stop, step }.adjust(5).positions().collect()
        };
        assert_eq!(sel(0, i64::MAX, 1), [0, 1, 2, 3, 4]);
        assert_eq!(sel(i64::MAX, i64::MIN, -1), [4, 3, 2, 1, 0]);
        assert_eq!(sel(-2, i64::MAX, 1), [3, 4]);
        assert_eq!(sel(4, 1, -2), [4, 2]);
        assert_eq!(sel(i64::MAX, i64::MIN, -i64::MAX), [4]);
        assert_eq!(sel(i64::MIN, i64::MAX, 3), [0, 3]);
        assert!(sel(3, 1, 1).is_empty());
    }
}
