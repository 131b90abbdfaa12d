//! Python's iterator protocol: `iter(x)` ([`Heap::iterator`]), `next(it)`
//! ([`Heap::next`]), `reversed(x)` ([`Heap::reversed`]), the builtin iterator objects
//! (`list_iterator`, `dict_keyiterator`, `reversed`…), and the iteration every other
//! operation does ([`Heap::iter`], `list(x)`, `l.extend(x)`, `x in y`…).
//!
//! Invariant: an iterator object holds what it iterates strongly (a traced `Val`)
//! until it is exhausted, then lets go of it and stays exhausted, as CPython's do; each
//! step reads its sequence as it is at that step (a list iterator sees the items
//! appended since, a dict or set iterator refuses a table whose size changed since it
//! was made, for good). User code (`__iter__`, `__next__`, `__getitem__`, `__len__`,
//! `__reversed__`) runs outside the arena, between the pass that reads the iterator
//! and the one that advances it.

use gc_arena::Collect;

use crate::heap::Ctx;
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::protocols::{bind, builtin_value, find_in_class, is_user_instance};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

/// Which builtin iterator an iterator object is.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum Flavor {
    List,
    Tuple,
    StrAscii,
    Str,
    DictKeys,
    DictReverseKeys,
    DictValues,
    DictReverseValues,
    DictItems,
    DictReverseItems,
    Set,
    /// The old sequence protocol: `seq[0]`, `seq[1]`… until `IndexError`.
    Seq,
    ListReverse,
    /// `seq[n - 1]` down to `seq[0]`.
    Reversed,
    /// A str's characters, last first (a `reversed` object, stepping back a byte
    /// offset at a time rather than indexing, which costs a str its length).
    StrReverse,
    /// A `bytes`'s items, as ints.
    Bytes,
    /// A weak container's members: `seq` is a list of the weak references its
    /// entries held when the iterator was made (a `KeyedRef` of a
    /// `WeakValueDictionary`'s value, a ref to a key or member), and a step gives the
    /// next member, or key, whose referent is still alive, so that the iterator
    /// keeps no member alive.
    WeakMembers,
}

impl Flavor {
    pub(crate) fn builtin(self) -> Builtin {
        match self {
            Flavor::List => Builtin::ListIterator,
            Flavor::Tuple => Builtin::TupleIterator,
            Flavor::StrAscii => Builtin::StrAsciiIterator,
            Flavor::Str => Builtin::StrIterator,
            Flavor::DictKeys => Builtin::DictKeyIterator,
            Flavor::DictReverseKeys => Builtin::DictReverseKeyIterator,
            Flavor::DictValues => Builtin::DictValueIterator,
            Flavor::DictReverseValues => Builtin::DictReverseValueIterator,
            Flavor::DictItems => Builtin::DictItemIterator,
            Flavor::DictReverseItems => Builtin::DictReverseItemIterator,
            Flavor::Set => Builtin::SetIterator,
            Flavor::Seq => Builtin::SeqIterator,
            Flavor::ListReverse => Builtin::ListReverseIterator,
            Flavor::Reversed | Flavor::StrReverse => Builtin::Reversed,
            Flavor::Bytes => Builtin::BytesIterator,
            // (CPython's is a generator; lethe has none.)
            Flavor::WeakMembers => Builtin::ListIterator,
        }
    }

    /// Whether it iterates a dict.
    fn is_dict(self) -> bool {
        matches!(
            self,
            Flavor::DictKeys
                | Flavor::DictReverseKeys
                | Flavor::DictValues
                | Flavor::DictReverseValues
                | Flavor::DictItems
                | Flavor::DictReverseItems
        )
    }

    /// Whether it iterates a dict last entry first.
    fn is_dict_reverse(self) -> bool {
        matches!(
            self,
            Flavor::DictReverseKeys | Flavor::DictReverseValues | Flavor::DictReverseItems
        )
    }
}

/// A builtin iterator's state.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct IterData<'gc> {
    /// What it iterates (a list, tuple, str, dict, set or any object with
    /// `__getitem__`); `Val::None` once exhausted.
    seq: Val<'gc>,
    #[collect(require_static)]
    pub(crate) flavor: Flavor,
    /// The next position: an index (counting down for the reverse iterators), a
    /// string's byte offset, a table's entry position.
    #[collect(require_static)]
    pos: i64,
    /// A dict or set iterator: the table's size when it was made (-1 once it
    /// changed, so that every later step refuses too, as CPython's).
    #[collect(require_static)]
    used: i64,
    /// A dict iterator: the entries it has yet to give (a dict whose keys were
    /// replaced by as many others is caught by it, as CPython's).
    #[collect(require_static)]
    left: i64,
}

/// What one step of a builtin iterator found without running user code.
enum Step<'gc> {
    Item(Val<'gc>),
    Done,
    /// The sequence protocol's step: `seq[pos]`, asked outside the arena.
    Index(Val<'gc>, i64),
    /// A dict items iterator's entry, to be made a `(key, value)` tuple.
    Pair(Val<'gc>, Val<'gc>),
}

/// The text of a str, or of an instance of a subclass of str.
fn text_of(v: &Val<'_>) -> Option<crate::Str> {
    match v {
        Val::Str(s) => Some(s.clone()),
        Val::Obj(o) => match &o.borrow().kind {
            Kind::Str(s) => Some(s.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// The size of the dict or set `seq`, if it is one.
fn table_len(seq: &Val<'_>) -> Option<usize> {
    match &seq.as_obj()?.borrow().kind {
        Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => Some(t.len()),
        _ => None,
    }
}

/// A new iterator of `flavor` over `seq`, starting where that flavour starts (a
/// `Reversed` one at `start`).
fn new_iter<'gc>(cx: &Ctx<'_, 'gc>, seq: Val<'gc>, flavor: Flavor, start: i64) -> Value {
    let len = |seq: &Val<'gc>| match seq {
        Val::Obj(o) => match &o.borrow().kind {
            Kind::List(v) | Kind::Tuple(v) => v.len() as i64,
            Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => t.len() as i64,
            _ => 0,
        },
        _ => 0,
    };
    let (pos, used) = match flavor {
        Flavor::ListReverse => (len(&seq) - 1, 0),
        Flavor::DictKeys | Flavor::DictValues | Flavor::DictItems | Flavor::Set => (0, len(&seq)),
        Flavor::DictReverseKeys | Flavor::DictReverseValues | Flavor::DictReverseItems => {
            let last = match seq.as_obj() {
                Some(o) => match &o.borrow().kind {
                    Kind::Dict(t) => t.positions() as i64 - 1,
                    _ => -1,
                },
                None => -1,
            };
            (last, len(&seq))
        }
        Flavor::Reversed => (start, 0),
        Flavor::StrReverse => (text_of(&seq).map_or(0, |t| t.len() as i64), 0),
        _ => (0, 0),
    };
    let data = IterData {
        seq,
        flavor,
        pos,
        used,
        left: used,
    };
    cx.value(&Val::Obj(cx.alloc(Kind::Iter(Box::new(data)), None)))
}

/// One step of builtin iterator `it`, as far as it goes without user code.
fn step<'gc>(mc: &gc_arena::Mutation<'gc>, it: &mut IterData<'gc>) -> Result<Step<'gc>> {
    if matches!(it.seq, Val::None) {
        return Ok(Step::Done);
    }
    let found = match it.flavor {
        Flavor::List | Flavor::Tuple | Flavor::ListReverse => {
            let item = it.seq.as_obj().and_then(|o| match &o.borrow().kind {
                Kind::List(v) | Kind::Tuple(v) => {
                    usize::try_from(it.pos).ok().and_then(|i| v.get(i)).cloned()
                }
                _ => None,
            });
            if item.is_some() {
                it.pos += if it.flavor == Flavor::ListReverse {
                    -1
                } else {
                    1
                };
            } else if it.flavor == Flavor::ListReverse {
                it.pos = -1;
            }
            item
        }
        Flavor::Bytes => {
            let byte = it.seq.as_obj().and_then(|o| match &o.borrow().kind {
                Kind::Bytes(b) => usize::try_from(it.pos).ok().and_then(|i| b.get(i)).copied(),
                _ => None,
            });
            byte.map(|b| {
                it.pos += 1;
                Val::Int(i64::from(b))
            })
        }
        Flavor::StrReverse => {
            let text = text_of(&it.seq).unwrap_or_default();
            let c = usize::try_from(it.pos)
                .ok()
                .and_then(|i| text.get(..i))
                .and_then(|t| t.chars().next_back());
            c.map(|c| {
                it.pos -= c.len_utf8() as i64;
                Val::Str(c.to_string().as_str().into())
            })
        }
        Flavor::StrAscii | Flavor::Str => {
            let text = text_of(&it.seq).unwrap_or_default();
            let c = usize::try_from(it.pos)
                .ok()
                .and_then(|i| text.get(i..))
                .and_then(|t| t.chars().next());
            c.map(|c| {
                it.pos += c.len_utf8() as i64;
                Val::Str(c.to_string().as_str().into())
            })
        }
        flavor if flavor.is_dict() || flavor == Flavor::Set => {
            let dict = flavor.is_dict();
            let reverse = flavor.is_dict_reverse();
            if table_len(&it.seq).map(|n| n as i64) != Some(it.used) {
                it.used = -1;
                return Err(Error::RuntimeError(
                    if dict {
                        "dictionary changed size during iteration"
                    } else {
                        "Set changed size during iteration"
                    }
                    .into(),
                ));
            }
            let found = it.seq.as_obj().and_then(|o| match &o.borrow().kind {
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => {
                    let at = usize::try_from(it.pos).ok()?;
                    let (i, e) = if reverse {
                        t.prev_from(at)?
                    } else {
                        t.next_from(at)?
                    };
                    Some((i as i64, e.key.clone(), e.value.clone()))
                }
                _ => None,
            });
            match found {
                // (Only a forward dict iterator checks this: CPython's
                // `dictreviter_iternext` goes on while the size is unchanged.)
                Some(_) if dict && !reverse && it.left == 0 => {
                    it.seq = Val::None;
                    return Err(Error::RuntimeError(
                        "dictionary keys changed during iteration".into(),
                    ));
                }
                Some((i, key, value)) => {
                    it.pos = if reverse { i - 1 } else { i + 1 };
                    it.left -= 1;
                    match flavor {
                        Flavor::DictValues | Flavor::DictReverseValues => Some(value),
                        Flavor::DictItems | Flavor::DictReverseItems => {
                            return Ok(Step::Pair(key, value));
                        }
                        _ => Some(key),
                    }
                }
                None => None,
            }
        }
        Flavor::WeakMembers => {
            let mut found = None;
            let list = it.seq.as_obj();
            let data = list.as_ref().map(|l| l.borrow());
            if let Some(Kind::List(refs)) = data.as_deref().map(|d| &d.kind) {
                while let Some(r) = usize::try_from(it.pos).ok().and_then(|i| refs.get(i)) {
                    it.pos += 1;
                    let Some(r) = r.as_obj() else { continue };
                    let r = r.borrow();
                    let Kind::WeakRef(w) = &r.kind else { continue };
                    let Some(referent) = w.referent.and_then(|x| x.upgrade(mc)) else {
                        continue;
                    };
                    found = Some(match &w.flavor {
                        WeakFlavor::Keyed { key } => key.clone(),
                        _ => Val::Obj(referent),
                    });
                    break;
                }
            }
            found
        }
        Flavor::Seq => return Ok(Step::Index(it.seq.clone(), it.pos)),
        Flavor::Reversed if it.pos >= 0 => return Ok(Step::Index(it.seq.clone(), it.pos)),
        // (`Reversed` once it passed `seq[0]`; the dict and set flavours are above.)
        _ => None,
    };
    Ok(match found {
        Some(v) => Step::Item(v),
        None => {
            it.seq = Val::None;
            Step::Done
        }
    })
}

/// Where `iter(x)` or `reversed(x)` goes before `x`'s builtin kind is looked at.
enum Redirect {
    /// To a proxy's referent.
    Proxy(Value),
    /// To the method of `x`'s class (bound).
    Call(Value),
}

/// The [`Redirect`] of object `o` for `iter` or `reversed`: a proxy's referent
/// (`ReferenceError` if it is dead), else the `dunder` of its class, bound, if it has
/// one (`refused()` if the class set it to `None`).
fn redirect<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    dunder: &str,
    refused: impl FnOnce() -> Error,
) -> Result<Option<Redirect>> {
    let data = o.borrow();
    if let Some(t) = data.kind.proxy_target(cx.mc) {
        let t = t.ok_or_else(Error::dead_referent)?;
        return Ok(Some(Redirect::Proxy(cx.value(&Val::Obj(t)))));
    }
    if data.class.is_none() {
        return Ok(None);
    }
    match find_in_class(cx, o, dunder) {
        Some(Val::None) => Err(refused()),
        Some(m) => Ok(Some(Redirect::Call(bind(cx, &m, o)))),
        None => Ok(None),
    }
}

/// Whether `o` is an iterator (CPython's `PyIter_Check`): a builtin iterator, a
/// proxy (whose type has `__next__`, whatever its referent), or an instance of a
/// class with `__next__`.
fn is_iterator_obj<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> bool {
    let data = o.borrow();
    match &data.kind {
        Kind::Iter(_) => true,
        Kind::WeakRef(w) if matches!(w.flavor, WeakFlavor::Proxy { .. }) => true,
        _ => data.class.is_some() && find_in_class(cx, o, "__next__").is_some(),
    }
}

/// The items of an iterable as [`Heap::snapshot`] finds them.
pub(crate) enum Snapshot {
    /// Read whole, without user code.
    Items(Vec<Value>),
    /// To be iterated through the protocol (this value: a proxy's referent).
    Protocol(Value),
}

impl Heap {
    /// Python's `iter(x)`: an iterator over `x`. A list, tuple, str, dict (its
    /// keys), set or frozenset gives its builtin iterator (`list_iterator`,
    /// `str_ascii_iterator`…), a dict view its dict's (`dict_keyiterator`,
    /// `dict_valueiterator`, `dict_itemiterator`); an instance of a class with `__iter__` what that
    /// returns, which must be an iterator (have `__next__`); one with `__getitem__`
    /// and no `__iter__` an `iterator` over `x[0]`, `x[1]`… until `IndexError`;
    /// an iterator itself; a proxy its referent's iterator; a weak container an
    /// iterator over the members it has now that are still alive when the iterator
    /// reaches them (it holds their weak references, not them; a
    /// `WeakValueDictionary` gives its keys). Else `TypeError: 'X' object is not
    /// iterable` (so too for a class whose `__iter__` is `None`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let l = heap.list(&[1.into()])?;
    /// let it = heap.iterator(&l)?;
    /// assert!(heap.repr(&it)?.starts_with("<list_iterator object at 0x"));
    /// assert!(heap.iterator(&it)?.is(&it));
    /// heap.list_append(&l, &2.into())?;            // a list iterator reads it live
    /// assert_eq!(heap.iter(&it)?.len(), 2);
    /// let err = heap.iterator(&1.into()).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: 'int' object is not iterable");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn iterator(&self, x: &Value) -> Result<Value> {
        enum Plan {
            Done(Value),
            Redirect(Redirect),
            Weak,
        }
        let plan = self.with(|cx| -> Result<Plan> {
            let v = cx.val(x)?;
            let not_iterable =
                || Error::TypeError(format!("'{}' object is not iterable", tp_name(cx, &v)));
            let o = match &v {
                Val::Str(s) => {
                    let flavor = if s.is_ascii() {
                        Flavor::StrAscii
                    } else {
                        Flavor::Str
                    };
                    return Ok(Plan::Done(new_iter(cx, v.clone(), flavor, 0)));
                }
                Val::Obj(o) => *o,
                _ => return Err(not_iterable()),
            };
            if let Some(r) = redirect(cx, o, "__iter__", not_iterable)? {
                return Ok(Plan::Redirect(r));
            }
            let data = o.borrow();
            let flavor = match &data.kind {
                Kind::List(_) => Flavor::List,
                Kind::Tuple(_) => Flavor::Tuple,
                Kind::Bytes(_) => Flavor::Bytes,
                Kind::Dict(_) => Flavor::DictKeys,
                Kind::Set(_) | Kind::FrozenSet(_) => Flavor::Set,
                // (A subclass's instance is never a compact ASCII string to
                // CPython: its iterator is a `str_iterator`.)
                Kind::Str(_) => Flavor::Str,
                Kind::Iter(_) => return Ok(Plan::Done(x.clone())),
                Kind::View { dict, view } => {
                    return Ok(Plan::Done(new_iter(
                        cx,
                        Val::Obj(*dict),
                        view.flavor(false),
                        0,
                    )));
                }
                Kind::WeakContainer(_) => return Ok(Plan::Weak),
                _ if data.class.is_some() && find_in_class(cx, o, "__getitem__").is_some() => {
                    Flavor::Seq
                }
                _ => return Err(not_iterable()),
            };
            drop(data);
            Ok(Plan::Done(new_iter(cx, v, flavor, 0)))
        })?;
        match plan {
            Plan::Done(it) => Ok(it),
            Plan::Redirect(Redirect::Proxy(t)) => self.iterator(&t),
            Plan::Redirect(Redirect::Call(m)) => {
                let it = self.call(&m, &[])?;
                if self.is_iterator(&it)? {
                    Ok(it)
                } else {
                    Err(Error::TypeError(format!(
                        "iter() returned non-iterator of type '{}'",
                        self.type_name(&it)
                    )))
                }
            }
            Plan::Weak => {
                let refs = self.list(&self.container_entry_refs(x)?)?;
                self.with(|cx| Ok(new_iter(cx, cx.val(&refs)?, Flavor::WeakMembers, 0)))
            }
        }
    }

    /// Python's `next(it)`: the next item of iterator `it`, `None` once it is
    /// exhausted (a builtin iterator stays so; a user `__next__` that raises
    /// [`Error::StopIteration`] ends it). A proxy gives its referent's next item
    /// (`TypeError: Weakref proxy referenced a non-iterator 'X' object` if that is
    /// no iterator, `ReferenceError` once it is dead); anything else that is not an
    /// iterator is a `TypeError: 'X' object is not an iterator`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let it = heap.iterator(&heap.dict(&[("a".into(), 1.into())])?)?;
    /// assert_eq!(heap.next(&it)?.unwrap().as_str(), Some("a"));
    /// assert!(heap.next(&it)?.is_none());
    /// let err = heap.next(&heap.list(&[])?).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: 'list' object is not an iterator");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn next(&self, it: &Value) -> Result<Option<Value>> {
        enum Plan {
            Item(Option<Value>),
            Index(Value, i64, bool),
            Call(Value),
            Proxy(Value),
        }
        let plan = self.with(|cx| -> Result<Plan> {
            let v = cx.val(it)?;
            let not_iterator =
                || Error::TypeError(format!("'{}' object is not an iterator", tp_name(cx, &v)));
            let Val::Obj(o) = &v else {
                return Err(not_iterator());
            };
            let o = *o;
            if matches!(o.borrow().kind, Kind::Iter(_)) {
                let mut data = o.borrow_mut(cx.mc);
                let Kind::Iter(d) = &mut data.kind else {
                    return Err(not_iterator());
                };
                let reversed = d.flavor == Flavor::Reversed;
                return Ok(match step(cx.mc, d)? {
                    Step::Item(x) => Plan::Item(Some(cx.value(&x))),
                    Step::Done => Plan::Item(None),
                    Step::Index(seq, i) => Plan::Index(cx.value(&seq), i, reversed),
                    Step::Pair(k, v) => {
                        let pair = cx.alloc(Kind::Tuple(vec![k, v]), None);
                        Plan::Item(Some(cx.value(&Val::Obj(pair))))
                    }
                });
            }
            let data = o.borrow();
            if let Some(t) = data.kind.proxy_target(cx.mc) {
                let t = t.ok_or_else(Error::dead_referent)?;
                if !is_iterator_obj(cx, t) {
                    return Err(Error::TypeError(format!(
                        "Weakref proxy referenced a non-iterator '{}' object",
                        tp_name(cx, &Val::Obj(t))
                    )));
                }
                return Ok(Plan::Proxy(cx.value(&Val::Obj(t))));
            }
            if data.class.is_some()
                && let Some(m) = find_in_class(cx, o, "__next__")
            {
                return Ok(Plan::Call(bind(cx, &m, o)));
            }
            Err(not_iterator())
        })?;
        match plan {
            Plan::Item(x) => Ok(x),
            Plan::Proxy(t) => self.next(&t),
            Plan::Call(m) => match self.call(&m, &[]) {
                Ok(x) => Ok(Some(x)),
                Err(Error::StopIteration(_)) => Ok(None),
                Err(e) => Err(e),
            },
            // CPython's `iter_iternext` and `reversed_next`: the index moves once the
            // item is there; `IndexError` (or `StopIteration`) ends the iteration.
            Plan::Index(seq, i, reversed) => match self.getitem(&seq, &Value::Int(i)) {
                Ok(x) => {
                    self.with_iter(it, |d| d.pos += if reversed { -1 } else { 1 })?;
                    Ok(Some(x))
                }
                Err(Error::IndexError(_) | Error::StopIteration(_)) => {
                    self.with_iter(it, |d| {
                        d.seq = Val::None;
                        if reversed {
                            d.pos = -1;
                        }
                    })?;
                    Ok(None)
                }
                // (`reversed_next` ends on any error, which it raises; `iter_iternext`
                // keeps its place.)
                Err(e) => {
                    if reversed {
                        self.with_iter(it, |d| {
                            d.seq = Val::None;
                            d.pos = -1;
                        })?;
                    }
                    Err(e)
                }
            },
        }
    }

    /// Runs `f` on builtin iterator `it`'s state.
    fn with_iter(&self, it: &Value, f: impl for<'gc> FnOnce(&mut IterData<'gc>)) -> Result<()> {
        self.with(|cx| {
            if let Kind::Iter(d) = &mut cx.obj(it)?.borrow_mut(cx.mc).kind {
                f(d);
            }
            Ok(())
        })
    }

    /// Whether `v` is an iterator (CPython's `PyIter_Check`): a builtin iterator, a
    /// proxy, or an instance of a class with `__next__`.
    pub(crate) fn is_iterator(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| Ok(is_iterator_obj(cx, cx.obj(v)?)))
    }

    /// Python's `reversed(x)`: `x.__reversed__()` if its class has it (whatever that
    /// returns; `TypeError: 'X' object is not reversible` if it is `None`), a
    /// `list_reverseiterator` of a list, a `dict_reversekeyiterator` of a dict (of a
    /// dict view, its `dict_reverse…iterator`), else,
    /// for a sequence (a tuple, a str, an instance with `__getitem__`), a `reversed`
    /// object from `x[len(x) - 1]` down to `x[0]`. A proxy calls its referent's
    /// `__reversed__` method (`AttributeError` if it has none), as CPython's does.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let r = heap.reversed(&heap.tuple(&[1.into(), 2.into()])?)?;
    /// assert!(heap.repr(&r)?.starts_with("<reversed object at 0x"));
    /// assert_eq!(heap.repr(&heap.list(&heap.iter(&r)?)?)?, "[2, 1]");
    /// let err = heap.reversed(&heap.set(&[])?).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: 'set' object is not reversible");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn reversed(&self, x: &Value) -> Result<Value> {
        enum Plan {
            Done(Value),
            Redirect(Redirect),
            Sequence,
        }
        let plan = self.with(|cx| -> Result<Plan> {
            let v = cx.val(x)?;
            let not_reversible =
                || Error::TypeError(format!("'{}' object is not reversible", tp_name(cx, &v)));
            let o = match &v {
                Val::Str(_) => {
                    return Ok(Plan::Done(new_iter(cx, v.clone(), Flavor::StrReverse, 0)));
                }
                Val::Obj(o) => *o,
                _ => return Err(not_reversible()),
            };
            if let Some(r) = redirect(cx, o, "__reversed__", not_reversible)? {
                return Ok(Plan::Redirect(r));
            }
            let data = o.borrow();
            let flavor = match &data.kind {
                Kind::List(_) => Flavor::ListReverse,
                Kind::Dict(_) => Flavor::DictReverseKeys,
                Kind::View { dict, view } => {
                    return Ok(Plan::Done(new_iter(
                        cx,
                        Val::Obj(*dict),
                        view.flavor(true),
                        0,
                    )));
                }
                // (A str subclass's own `__len__` or `__getitem__` is asked, as
                // CPython's `reversed` asks them.)
                Kind::Str(_)
                    if find_in_class(cx, o, "__len__").is_none()
                        && find_in_class(cx, o, "__getitem__").is_none() =>
                {
                    Flavor::StrReverse
                }
                Kind::Tuple(_) | Kind::Str(_) | Kind::Bytes(_) => return Ok(Plan::Sequence),
                _ if data.class.is_some() && find_in_class(cx, o, "__getitem__").is_some() => {
                    return Ok(Plan::Sequence);
                }
                _ => return Err(not_reversible()),
            };
            drop(data);
            Ok(Plan::Done(new_iter(cx, v, flavor, 0)))
        })?;
        match plan {
            Plan::Done(it) => Ok(it),
            Plan::Redirect(Redirect::Call(m)) => self.call(&m, &[]),
            Plan::Redirect(Redirect::Proxy(t)) => self.call_method(&t, "__reversed__", &[]),
            Plan::Sequence => {
                let n = self.len(x)? as i64;
                self.with(|cx| Ok(new_iter(cx, cx.val(x)?, Flavor::Reversed, n - 1)))
            }
        }
    }

    /// The builtin iterator `flavor` over `seq` (a list's `__reversed__` method…).
    pub(crate) fn builtin_iterator(&self, seq: &Value, flavor: Flavor) -> Result<Value> {
        self.with(|cx| Ok(new_iter(cx, cx.val(seq)?, flavor, 0)))
    }

    /// Python's `list(x)`: the items of iterable `x`, read through the iterator
    /// protocol ([`Heap::iterator`], then [`Heap::next`] until it is exhausted): a
    /// list's or tuple's elements, a dict's keys, a set's members, a string's
    /// characters, a weak container's live members, what a user class's `__iter__`
    /// (or `__getitem__`) gives, what is left of an iterator.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let keys = heap.iter(&d)?;
    /// assert_eq!(keys[0].as_str(), Some("a"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn iter(&self, v: &Value) -> Result<Vec<Value>> {
        let mut items = Vec::new();
        self.for_each(v, |item| {
            items.push(item);
            Ok(false)
        })?;
        Ok(items)
    }

    /// Gives `visit` the items of iterable `v` one at a time, each as the iterator
    /// gives it, until `visit` says it found what it looked for (then `true`). The
    /// builtin containers (without a user `__iter__`) are read whole first, as a
    /// snapshot.
    pub(crate) fn for_each(
        &self,
        v: &Value,
        mut visit: impl FnMut(Value) -> Result<bool>,
    ) -> Result<bool> {
        match self.snapshot(v)? {
            Snapshot::Items(items) => {
                for item in items {
                    if visit(item)? {
                        return Ok(true);
                    }
                }
            }
            Snapshot::Protocol(v) => {
                let it = self.iterator(&v)?;
                while let Some(item) = self.next(&it)? {
                    if visit(item)? {
                        return Ok(true);
                    }
                }
            }
        }
        Ok(false)
    }

    /// Visits the items of `v` as CPython's loops over `PyObject_GetIter(v)` get
    /// them: from its iterator, one at a time (never from a copy), so that a dict or
    /// set that `visit`'s user code resizes raises CPython's "changed size during
    /// iteration", and an entry it changes is read as it is then. Stops when `visit`
    /// returns `true`, and says whether it did.
    pub(crate) fn for_each_iterated(
        &self,
        v: &Value,
        mut visit: impl FnMut(Value) -> Result<bool>,
    ) -> Result<bool> {
        let it = self.iterator(v)?;
        while let Some(item) = self.next(&it)? {
            if visit(item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// The items of `v` read whole when that needs no user code (a str; a list,
    /// tuple, dict, set or frozenset, or an instance of a subclass without its own
    /// `__iter__`; a weak container), else what to iterate through the protocol.
    pub(crate) fn snapshot(&self, v: &Value) -> Result<Snapshot> {
        enum Found {
            Items(Vec<Value>),
            Proxy(Value),
            Weak,
            Protocol,
        }
        if let Value::Str(s) = v {
            return Ok(Snapshot::Items(
                s.chars().map(|c| Value::from(c.to_string())).collect(),
            ));
        }
        let Value::Obj(_) = v else {
            return Ok(Snapshot::Protocol(v.clone()));
        };
        let found = self.with(|cx| -> Result<Found> {
            let o = cx.obj(v)?;
            let data = o.borrow();
            if let Some(t) = data.kind.proxy_target(cx.mc) {
                let t = t.ok_or_else(Error::dead_referent)?;
                return Ok(Found::Proxy(cx.value(&Val::Obj(t))));
            }
            if data.class.is_some() && find_in_class(cx, o, "__iter__").is_some() {
                return Ok(Found::Protocol);
            }
            Ok(match &data.kind {
                Kind::List(items) | Kind::Tuple(items) => Found::Items(cx.values(items)),
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => {
                    Found::Items(t.iter().map(|(_, e)| cx.value(&e.key)).collect())
                }
                Kind::Str(s) => {
                    Found::Items(s.chars().map(|c| Value::from(c.to_string())).collect())
                }
                Kind::Bytes(b) => {
                    Found::Items(b.iter().map(|&c| Value::Int(i64::from(c))).collect())
                }
                Kind::WeakContainer(_) => Found::Weak,
                _ => Found::Protocol,
            })
        })?;
        Ok(match found {
            Found::Items(items) => Snapshot::Items(items),
            Found::Proxy(t) => self.snapshot(&t)?,
            Found::Weak => Snapshot::Items(self.container_members(v)?),
            Found::Protocol => Snapshot::Protocol(v.clone()),
        })
    }

    /// Python's `operator.length_hint(v, default)` (CPython's `PyObject_LengthHint`,
    /// which `list(v)`, `l.extend(v)`, `tuple(v)` and `bytes(v)` ask after making
    /// `v`'s iterator, to size what they build): `len(v)` if `v`'s type has a length,
    /// else what its `__length_hint__` returns (a user class's, or a builtin
    /// iterator's: the items it has left), else `default`. A proxy has a length
    /// (its referent's) and no `__length_hint__`.
    ///
    /// Errors: a `TypeError` raised by `__len__` or `__length_hint__` is passed
    /// over, any other raised; a negative `__len__` gives `ValueError: __len__()
    /// should return >= 0`; a `__length_hint__` returning `NotImplemented` gives
    /// `default`, a non-int `TypeError: __length_hint__ must be an integer, not
    /// str`, a negative one `ValueError: __length_hint__() should return >= 0`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let l = heap.list(&[1.into(), 2.into(), 3.into()])?;
    /// assert_eq!(heap.length_hint(&l, 0)?, 3);
    /// let it = heap.iterator(&l)?;
    /// heap.next(&it)?;
    /// assert_eq!(heap.length_hint(&it, 0)?, 2);            // the items left
    /// let stream = heap
    ///     .class("Stream")
    ///     .method("__length_hint__", |h, _| Ok(h.not_implemented()))
    ///     .build()?;
    /// assert_eq!(heap.length_hint(&heap.call(&stream, &[])?, 7)?, 7);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn length_hint(&self, v: &Value, default: usize) -> Result<usize> {
        // (`_PyObject_HasLen`, and `_PyObject_LookupSpecial` of `__length_hint__`:
        // a user class's, or a builtin iterator's own.)
        let (has_len, hint) = self.with(|cx| -> Result<(bool, Option<Option<Value>>)> {
            Ok(match cx.val(v)? {
                Val::Str(_) => (true, None),
                Val::Obj(o) => {
                    let data = o.borrow();
                    let hint = if is_user_instance(o) {
                        find_in_class(cx, o, "__length_hint__").map(|m| Some(bind(cx, &m, o)))
                    } else {
                        matches!(data.kind, Kind::Iter(_)).then_some(None)
                    };
                    (has_len(cx, o), hint)
                }
                _ => (false, None),
            })
        })?;
        if has_len {
            match self.len(v) {
                Ok(n) => return Ok(n),
                Err(Error::TypeError(_)) => {}
                Err(e) => return Err(e),
            }
        }
        let Some(m) = hint else {
            return Ok(default);
        };
        // (A `TypeError` out of the call is passed over too.)
        let r = match m.map_or_else(|| self.iterator_length_hint(v), |m| self.call(&m, &[])) {
            Ok(r) => r,
            Err(Error::TypeError(_)) => return Ok(default),
            Err(e) => return Err(e),
        };
        if self.is_not_implemented(&r) {
            return Ok(default);
        }
        let n = self.with(|cx| -> Result<Option<i64>> {
            Ok(match builtin_value(&cx.val(&r)?) {
                Some(Val::Int(n)) => Some(n),
                Some(Val::Bool(b)) => Some(i64::from(b)),
                _ => None,
            })
        })?;
        match n {
            Some(n) if n >= 0 => Ok(n as usize),
            Some(_) => Err(Error::ValueError(
                "__length_hint__() should return >= 0".into(),
            )),
            None => Err(Error::TypeError(format!(
                "__length_hint__ must be an integer, not {}",
                self.type_name(&r)
            ))),
        }
    }

    /// `it.__length_hint__()` of a builtin iterator (CPython's `listiter_len`,
    /// `dictiter_len`, `iter_len`, `reversed_len`…): how many items it has left,
    /// `0` once exhausted or once its dict or set changed size; a sequence
    /// iterator asks its sequence's `len()` (`NotImplemented` when it has none),
    /// and so does `reversed`.
    pub(crate) fn iterator_length_hint(&self, it: &Value) -> Result<Value> {
        enum Left {
            Known(usize),
            /// A sequence iterator's or `reversed`'s: the sequence, the position,
            /// and whether it is `reversed`.
            Ask(Value, i64, bool),
            NotImplemented,
        }
        let left = self.with(|cx| -> Result<Left> {
            let o = cx.obj(it)?;
            let data = o.borrow();
            let Kind::Iter(it) = &data.kind else {
                return Err(Error::TypeError(format!(
                    "descriptor '__length_hint__' requires an iterator, not '{}'",
                    tp_name(cx, &Val::Obj(o))
                )));
            };
            let seq = match &it.seq {
                Val::None => return Ok(Left::Known(0)),
                seq => seq,
            };
            let pos = usize::try_from(it.pos).unwrap_or(0);
            let len_of = |seq: &Val<'_>| match seq {
                Val::Obj(o) => match &o.borrow().kind {
                    Kind::List(v) | Kind::Tuple(v) => v.len(),
                    Kind::Bytes(b) => b.len(),
                    _ => 0,
                },
                _ => 0,
            };
            let text = || text_of(seq).unwrap_or_default();
            Ok(Left::Known(match it.flavor {
                Flavor::List | Flavor::Tuple | Flavor::Bytes | Flavor::WeakMembers => {
                    len_of(seq).saturating_sub(pos)
                }
                Flavor::ListReverse => match usize::try_from(it.pos + 1) {
                    Ok(n) if n <= len_of(seq) => n,
                    _ => 0,
                },
                Flavor::StrAscii | Flavor::Str => {
                    text().get(pos..).map_or(0, |t| t.chars().count())
                }
                Flavor::StrReverse => text().get(..pos).map_or(0, |t| t.chars().count()),
                Flavor::Seq | Flavor::Reversed => {
                    let reversed = it.flavor == Flavor::Reversed;
                    let has = seq.as_obj().is_some_and(|s| has_len(cx, s));
                    return Ok(if has || reversed {
                        Left::Ask(cx.value(seq), it.pos, reversed)
                    } else {
                        Left::NotImplemented
                    });
                }
                // A dict or set iterator: what it has yet to give, while the size
                // is the one it was made with.
                _ => match table_len(seq) {
                    Some(n) if n as i64 == it.used => usize::try_from(it.left).unwrap_or(0),
                    _ => 0,
                },
            }))
        })?;
        let n = match left {
            Left::Known(n) => n,
            Left::NotImplemented => return Ok(self.not_implemented()),
            Left::Ask(seq, pos, reversed) => {
                let size = self.len(&seq)? as i64;
                if reversed {
                    if size < pos + 1 { 0 } else { pos + 1 }
                } else {
                    (size - pos).max(0)
                }
                .try_into()
                .unwrap_or(0)
            }
        };
        Value::try_from(n)
    }

    /// Whether `v`'s [length hint](Heap::length_hint) may run user code, or answer
    /// `default` where lethe's own reading of `v` would not ask it: `v` is a proxy,
    /// a sequence iterator or `reversed` (which ask their sequence's `len()`), or an
    /// instance of a user class with `__len__` or `__length_hint__` or without a
    /// builtin base's length. Such an iterable is read as CPython reads it (its
    /// iterator, its hint, its items: [`read_hinted`](Heap::read_hinted)); any other
    /// answers its hint without user code (`list.extend` still reserves that room,
    /// which a sort running meanwhile notices).
    pub(crate) fn hint_asks_user(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            let data = o.borrow();
            // (A sequence iterator's and `reversed`'s hint asks their sequence's
            // `len()`.)
            let asks_len =
                matches!(&data.kind, Kind::Iter(it) if matches!(it.flavor, Flavor::Seq | Flavor::Reversed));
            Ok(asks_len
                || data.kind.proxy_target(cx.mc).is_some()
                || is_user_instance(o)
                    && (!has_builtin_len(&data.kind)
                        || find_in_class(cx, o, "__len__").is_some()
                        || find_in_class(cx, o, "__length_hint__").is_some()))
        })
    }

    /// The items of iterable `v` as CPython's `list(v)` (`default` 8) and
    /// `tuple(v)` (10) read them: for what [`hint_asks_user`](Heap::hint_asks_user),
    /// its iterator first, then its [length hint](Heap::length_hint), room for that
    /// many (`MemoryError` when there is none), then the items; anything else as
    /// [`Heap::iter`] reads it.
    pub(crate) fn read_hinted(&self, v: &Value, default: usize) -> Result<Vec<Value>> {
        if !self.hint_asks_user(v)? {
            return self.iter(v);
        }
        let it = self.iterator(v)?;
        let mut items = Vec::new();
        reserve_hint(&mut items, self.length_hint(v, default)?)?;
        while let Some(x) = self.next(&it)? {
            items.push(x);
        }
        Ok(items)
    }

    /// CPython's `PySequence_Fast(value, msg)`, which a slice assignment and a
    /// list extended by itself read their items with: an exact list's or tuple's
    /// items, else a list of `value`'s iterator (`list(iter(value))`); a
    /// `TypeError` making the iterator becomes `TypeError: {msg}`.
    pub(crate) fn sequence_fast(&self, value: &Value, msg: &str) -> Result<Vec<Value>> {
        if let Value::Obj(_) = value {
            let direct = self.with(|cx| -> Result<Option<Vec<Value>>> {
                let o = cx.obj(value)?;
                let data = o.borrow();
                Ok(match (&data.class, &data.kind) {
                    (None, Kind::List(v) | Kind::Tuple(v)) => Some(cx.values(v)),
                    _ => None,
                })
            })?;
            if let Some(items) = direct {
                return Ok(items);
            }
        }
        let it = self.iterator(value).map_err(|e| match e {
            Error::TypeError(_) => Error::TypeError(msg.into()),
            e => e,
        })?;
        // A list of the iterator, as `list(it)` reads it: a user iterator's
        // `__iter__` is asked again, then its length hint.
        self.read_hinted(&it, 8)
    }

    /// The items a builtin container holds, whatever its class defines (what
    /// CPython's C code reads of a list, tuple, dict, set or str, or of an instance
    /// of a subclass: a concatenation, a copy, a set operation's receiver); anything
    /// else iterated as [`Heap::iter`] does.
    pub(crate) fn raw_items(&self, v: &Value) -> Result<Vec<Value>> {
        if let Value::Obj(_) = v {
            let items = self.with(|cx| -> Result<Option<Vec<Value>>> {
                let o = cx.obj(v)?;
                let data = o.borrow();
                Ok(match &data.kind {
                    Kind::List(items) | Kind::Tuple(items) => Some(cx.values(items)),
                    Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => {
                        Some(t.iter().map(|(_, e)| cx.value(&e.key)).collect())
                    }
                    Kind::Str(s) => Some(s.chars().map(|c| Value::from(c.to_string())).collect()),
                    Kind::Bytes(b) => Some(b.iter().map(|&c| Value::Int(i64::from(c))).collect()),
                    _ => None,
                })
            })?;
            if let Some(items) = items {
                return Ok(items);
            }
        }
        self.iter(v)
    }

    /// `item in c` by iterating `c` (CPython's `_PySequence_IterSearch`, for what
    /// has no `__contains__`): a `TypeError` making the iterator becomes
    /// `argument of type 'X' is not iterable`.
    pub(crate) fn iter_search(&self, c: &Value, item: &Value) -> Result<bool> {
        let it = self.iterator(c).map_err(|e| match e {
            Error::TypeError(_) => Error::TypeError(format!(
                "argument of type '{}' is not iterable",
                self.type_name(c)
            )),
            e => e,
        })?;
        while let Some(x) = self.next(&it)? {
            if x.is(item) || self.eq(&x, item)? {
                return Ok(true);
            }
        }
        Ok(false)
    }
}

/// CPython's `_PyObject_HasLen`: whether `o`'s type has a length (a builtin
/// type's, a proxy's, which is its referent's, or a user class's `__len__`).
fn has_len<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> bool {
    let data = o.borrow();
    has_builtin_len(&data.kind)
        || data.kind.proxy_target(cx.mc).is_some()
        || is_user_instance(o) && find_in_class(cx, o, "__len__").is_some()
}

/// Whether an object of this kind has a length of its own (a builtin type's
/// `sq_length` or `mp_length`).
fn has_builtin_len(kind: &Kind<'_>) -> bool {
    matches!(
        kind,
        Kind::List(_)
            | Kind::Tuple(_)
            | Kind::Dict(_)
            | Kind::Set(_)
            | Kind::FrozenSet(_)
            | Kind::Str(_)
            | Kind::Bytes(_)
            | Kind::WeakContainer(_)
            | Kind::View { .. }
    )
}

/// Room for `n` more items, as CPython makes it for a length hint: `MemoryError`
/// (with CPython's empty message) when it cannot be had.
pub(crate) fn reserve_hint<T>(items: &mut Vec<T>, n: usize) -> Result<()> {
    items
        .try_reserve(n)
        .map_err(|_| Error::MemoryError(String::new()))
}
