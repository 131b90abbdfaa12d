//! Items: `len(x)`, `x[k]`, `x[k] = v`, `del x[k]`, `v in x`, `operator.index`, and the
//! containers' writes other modules share (`list_append`, `set_add`), for the builtin
//! containers, user instances with the special methods and proxies to either.
//!
//! Invariant: a builtin container's item is read and written inside one arena pass
//! when no user code decides it (a plain dict, list or tuple with an immediate key
//! is answered by the fast paths here); otherwise `__getitem__`, `__eq__`,
//! `__index__` or `__hash__` runs outside the arena first, as the module's invariant
//! says.

use crate::dict::Entry;
use crate::heap::Ctx;
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

use super::construct::int_of;
use super::hashing::immediate_hash;
use super::lookup::{DictChange, Probe, find_key_fast};
use super::{bind, find_in_class, is_user_instance};

/// What a missing protocol's message can name: the value's type name, the class's
/// own name if the value is a class, and whether it is a user instance or a builtin
/// sequence or set (CPython's "doesn't" against "does not").
struct Missing<'a> {
    type_name: &'a str,
    class: Option<&'a str>,
    sequence_or_instance: bool,
}

/// An index as a `what` (list or tuple) takes it: an int, a bool or an instance of a
/// subclass of int; else CPython's `TypeError` naming the index's type.
fn index<'gc>(cx: &Ctx<'_, 'gc>, key: &Value, what: &str) -> Result<i64> {
    let k = cx.val(key)?;
    // A proxy's `nb_index` forwards: its referent's index (`ReferenceError` once
    // dead), else the referent is no integer.
    if let Val::Obj(o) = &k
        && let Some(t) = o.borrow().kind.proxy_target(cx.mc)
    {
        let t = Val::Obj(t.ok_or_else(Error::dead_referent)?);
        return int_of(&t).ok_or_else(|| {
            Error::TypeError(format!(
                "'{}' object cannot be interpreted as an integer",
                tp_name(cx, &t)
            ))
        });
    }
    int_of(&k).ok_or_else(|| {
        Error::TypeError(format!(
            "{what} indices must be integers or slices, not {}",
            tp_name(cx, &k)
        ))
    })
}

/// The position in list `o` that `key` (an index, already read through `__index__`)
/// names for an item assignment or deletion; the index is read before the list is
/// borrowed, as it may be the list.
fn list_position<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, key: &Value) -> Result<usize> {
    let i = index(cx, key, "list")?;
    let len = match &o.borrow().kind {
        Kind::List(l) => l.len(),
        _ => 0,
    };
    position(len, i, "list", true)
}

/// The position `i` (negative from the end) names in a sequence of `len` items, or
/// CPython's `IndexError` (`what` is the sequence's type; `assignment` for a store or
/// a deletion).
fn position(len: usize, i: i64, what: &str, assignment: bool) -> Result<usize> {
    let j = if i < 0 { i + len as i64 } else { i };
    if j < 0 || j >= len as i64 {
        let assign = if assignment { " assignment" } else { "" };
        return Err(Error::IndexError(format!(
            "{what}{assign} index out of range"
        )));
    }
    Ok(j as usize)
}

/// "tuple" or "list", as an index error names the sequence.
fn sequence_name(kind: &Kind<'_>) -> &'static str {
    if matches!(kind, Kind::Tuple(_)) {
        "tuple"
    } else {
        "list"
    }
}

/// The value under `key` in `data` when it is a dict or a `WeakValueDictionary` and
/// `key` a value held by value, and no comparison on the way needs user code:
/// `Some(found)` (`None` inside: no entry, or a dead one), else `None`.
#[inline]
fn table_get_fast<'gc>(
    cx: &Ctx<'_, 'gc>,
    data: &crate::object::ObjectData<'gc>,
    key: &Value,
) -> Option<Option<Value>> {
    let hash = immediate_hash(key)?;
    let k = cx.val(key).ok()?;
    if let Some(cd) = crate::weakref::containers::container(data) {
        let v = cd.weak_value_get_fast(cx, &k, hash)?;
        return Some(v.map(|v| cx.value(&v)));
    }
    let Kind::Dict(t) = &data.kind else {
        return None;
    };
    let pos = find_key_fast(cx, t, &k, hash)?;
    Some(pos.and_then(|p| t.entry(p)).map(|e| cx.value(&e.value)))
}

impl Heap {
    /// Python's `len(v)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.len(&"abc".into())?, 3);
    /// assert!(heap.len(&1.into()).is_err());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn len(&self, v: &Value) -> Result<usize> {
        if let Value::Str(s) = v {
            return Ok(s.chars().count());
        }
        if let Some(t) = self.unproxy(v)? {
            return self.len(&t);
        }
        let r = self.with(|cx| -> Result<std::result::Result<usize, Option<Value>>> {
            let x = cx.val(v)?;
            let Val::Obj(o) = x else {
                return Err(Error::TypeError(format!(
                    "object of type '{}' has no len()",
                    tp_name(cx, &x)
                )));
            };
            if is_user_instance(o)
                && let Some(m) = find_in_class(cx, o, "__len__")
            {
                return Ok(Err(Some(bind(cx, &m, o))));
            }
            let data = o.borrow();
            Ok(Ok(match &data.kind {
                Kind::List(v) | Kind::Tuple(v) => v.len(),
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => t.len(),
                Kind::Str(s) => s.chars().count(),
                Kind::Bytes(b) => b.len(),
                Kind::WeakContainer(c) => c.visible_len(),
                Kind::View { dict, .. } => crate::dict_view::view_len(*dict),
                _ => {
                    return Err(Error::TypeError(format!(
                        "object of type '{}' has no len()",
                        tp_name(cx, &x)
                    )));
                }
            }))
        })?;
        match r {
            Ok(n) => Ok(n),
            Err(Some(m)) => match self.as_index(&self.call(&m, &[])?)? {
                i if i >= 0 => Ok(i as usize),
                _ => Err(Error::ValueError("__len__() should return >= 0".into())),
            },
            Err(None) => unreachable!(),
        }
    }

    /// Python's `operator.index(v)`: the integer `v` stands for where an index or a
    /// count is wanted (a list's index, `list.insert`, `list.pop`, a repetition
    /// count, a `__len__` result). An int or a bool is itself, as is an instance of
    /// a subclass of int; an instance of a class with `__index__` is what that
    /// returns, which must be an int (`TypeError: __index__ returned non-int (type
    /// str)`); a proxy is its referent's index (`ReferenceError` once it is dead);
    /// anything else is a `TypeError: 'X' object cannot be interpreted as an
    /// integer`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let ten = heap.class("Ten").method("__index__", |_, _| Ok(10.into())).build()?;
    /// let t = heap.call(&ten, &[])?;
    /// assert_eq!(heap.as_index(&t)?, 10);
    /// assert_eq!(heap.as_index(&heap.proxy(&t, None)?)?, 10);
    /// assert_eq!(heap.as_index(&true.into())?, 1);
    /// let l = heap.list(&[1.into(), 2.into()])?;
    /// heap.call_method(&l, "insert", &[t.clone(), 3.into()])?;
    /// assert_eq!(heap.repr(&l)?, "[1, 2, 3]");
    /// let err = heap.as_index(&1.5.into()).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: 'float' object cannot be interpreted as an integer");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn as_index(&self, v: &Value) -> Result<i64> {
        // (An int, the usual answer, without an arena pass.)
        if let Value::Int(i) = v {
            return Ok(*i);
        }
        let found = self.with(|cx| -> Result<std::result::Result<i64, Value>> {
            let mut x = cx.val(v)?;
            // A proxy's `nb_index` forwards to its referent's.
            if let Val::Obj(o) = &x
                && let Some(t) = o.borrow().kind.proxy_target(cx.mc)
            {
                x = Val::Obj(t.ok_or_else(Error::dead_referent)?);
            }
            if let Some(i) = int_of(&x) {
                return Ok(Ok(i));
            }
            if let Val::Obj(o) = &x
                && o.borrow().class.is_some()
                && let Some(m) = find_in_class(cx, *o, "__index__")
            {
                return Ok(Err(bind(cx, &m, *o)));
            }
            Err(Error::TypeError(format!(
                "'{}' object cannot be interpreted as an integer",
                tp_name(cx, &x)
            )))
        })?;
        let m = match found {
            Ok(i) => return Ok(i),
            Err(m) => m,
        };
        let r = self.call(&m, &[])?;
        self.with(|cx| {
            let x = cx.val(&r)?;
            int_of(&x).ok_or_else(|| {
                Error::TypeError(format!(
                    "__index__ returned non-int (type {})",
                    tp_name(cx, &x)
                ))
            })
        })
    }

    /// The integer `v` is without user code: an int, a bool, or an instance of a
    /// subclass of int (what a `__hash__` result must be).
    pub(crate) fn int_value(&self, v: &Value) -> Option<i64> {
        match v {
            Value::Int(i) => Some(*i),
            Value::Bool(b) => Some(i64::from(*b)),
            Value::Obj(_) => self.with(|cx| cx.val(v).ok().and_then(|x| int_of(&x))),
            _ => None,
        }
    }

    /// `key` as a sequence's index: when it is an instance of a class with
    /// `__index__` (or a proxy to one), the int that returns (CPython's list, tuple
    /// and str subscripts call `nb_index`); else `key` itself, which the index rules
    /// then take or refuse.
    fn index_key(&self, key: &Value) -> Result<Value> {
        let Value::Obj(_) = key else {
            return Ok(key.clone());
        };
        let user = self.with(|cx| -> Result<bool> {
            let mut x = cx.val(key)?;
            if let Val::Obj(o) = &x
                && let Some(Some(t)) = o.borrow().kind.proxy_target(cx.mc)
            {
                x = Val::Obj(t);
            }
            Ok(match x {
                Val::Obj(o) => {
                    int_of(&x).is_none()
                        && o.borrow().class.is_some()
                        && find_in_class(cx, o, "__index__").is_some()
                }
                _ => false,
            })
        })?;
        if user {
            Ok(Value::Int(self.as_index(key)?))
        } else {
            Ok(key.clone())
        }
    }

    /// Whether `v` has an index without asking it (CPython's `_PyIndex_Check`): an
    /// int, a bool, an int subclass's instance, an instance of a class with
    /// `__index__`, or a proxy (whose type has `nb_index`: asking it asks its
    /// referent, or raises `ReferenceError`).
    pub(crate) fn has_index(&self, v: &Value) -> bool {
        match v {
            Value::Int(_) | Value::Bool(_) => true,
            Value::Obj(_) => self.with(|cx| match cx.val(v) {
                Ok(Val::Obj(o)) => {
                    int_of(&Val::Obj(o)).is_some()
                        || o.borrow().kind.proxy_target(cx.mc).is_some()
                        || (o.borrow().class.is_some()
                            && find_in_class(cx, o, "__index__").is_some())
                }
                _ => false,
            }),
            _ => false,
        }
    }

    /// The `(key, value)` pairs of a dict (or of any iterable of pairs).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let items = heap.items(&d)?;
    /// assert_eq!(items[0].1.as_int(), Some(1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn items(&self, v: &Value) -> Result<Vec<(Value, Value)>> {
        if let Some(t) = self.unproxy(v)? {
            return self.items(&t);
        }
        // A weak dictionary's live items; a WeakSet is an iterable like any other.
        if self.ckind(v)?.is_some_and(|k| k.is_dict()) {
            return self.container_items(v);
        }
        let Value::Obj(_) = v else {
            return self.mapping_pairs(v);
        };
        let direct = self.with(|cx| -> Result<Option<Vec<(Value, Value)>>> {
            let o = cx.obj(v)?;
            let data = o.borrow();
            Ok(match &data.kind {
                Kind::Dict(t) => Some(
                    t.iter()
                        .map(|(_, e)| (cx.value(&e.key), cx.value(&e.value)))
                        .collect(),
                ),
                _ => None,
            })
        });
        match direct? {
            Some(items) => Ok(items),
            // A mapping with keys(), or an iterable of pairs.
            None => self.mapping_pairs(v),
        }
    }

    /// `d[key]` in one arena pass when `d` is a dict or a `WeakValueDictionary` and
    /// `key` a value held by value, and no comparison on the way needs user code:
    /// `Some(found)` (`None` inside: no entry, or a dead one), else `None` (and the
    /// general path answers, errors included).
    #[inline]
    pub(crate) fn get_fast(&self, d: &Value, key: &Value) -> Option<Option<Value>> {
        if matches!(d, Value::Obj(_)) && !matches!(key, Value::Obj(_)) {
            self.with(|cx| table_get_fast(cx, &cx.obj(d).ok()?.borrow(), key))
        } else {
            None
        }
    }

    /// `c[key]` in one arena pass for a list or tuple, or (as [`Heap::get_fast`]) a
    /// dict or `WeakValueDictionary`: `Some(result)`, else `None` (the general path
    /// answers).
    fn getitem_fast(&self, c: &Value, key: &Value) -> Option<Result<Value>> {
        let Value::Obj(_) = c else { return None };
        let found = self.with(|cx| {
            let o = cx.obj(c).ok()?;
            let data = o.borrow();
            // An instance of a user subclass may define `__getitem__` or `__missing__`.
            if data.class.is_some() {
                return None;
            }
            if let Kind::List(v) | Kind::Tuple(v) = &data.kind {
                // (An object key may have `__index__`: the general path asks it.)
                if let Value::Obj(_) = key {
                    return None;
                }
                let what = sequence_name(&data.kind);
                let i = index(cx, key, what).and_then(|i| position(v.len(), i, what, false));
                return Some(Ok(i.map(|i| cx.value(&v[i]))));
            }
            table_get_fast(cx, &data, key).map(Err)
        })?;
        // (A missing key's repr is made out of the arena pass.)
        Some(match found {
            Ok(item) => item,
            Err(entry) => entry.ok_or_else(|| self.key_error(key)),
        })
    }

    /// The builtin type of `v`'s storage, for the containers the item protocols
    /// dispatch on (dict, set, frozenset, list, tuple, bytes, the weak containers;
    /// also an instance of a user subclass of one), in one arena pass; `None` for
    /// anything else.
    pub(crate) fn table_kind(&self, v: &Value) -> Result<Option<Builtin>> {
        self.table_kind_unless(v, None)
    }

    /// [`table_kind`](Heap::table_kind), but `None` for an instance of a user subclass
    /// whose class defines `dunder` (its own `__getitem__`, say, comes first).
    fn table_kind_unless(&self, v: &Value, dunder: Option<&str>) -> Result<Option<Builtin>> {
        self.with(|cx| {
            let x = cx.val(v)?;
            if let (Val::Obj(o), Some(name)) = (&x, dunder)
                && o.borrow().class.is_some()
                && find_in_class(cx, *o, name).is_some()
            {
                return Ok(None);
            }
            Ok(match x {
                Val::Obj(o) => match &o.borrow().kind {
                    Kind::Dict(_) => Some(Builtin::Dict),
                    Kind::Set(_) => Some(Builtin::Set),
                    Kind::FrozenSet(_) => Some(Builtin::FrozenSet),
                    Kind::List(_) => Some(Builtin::List),
                    Kind::Tuple(_) => Some(Builtin::Tuple),
                    Kind::Bytes(_) => Some(Builtin::Bytes),
                    Kind::WeakContainer(c) => Some(c.builtin()),
                    _ => None,
                },
                _ => None,
            })
        })
    }

    /// Python's `container[key]`: list and tuple indexes (negative counts from the
    /// end), slices of lists, tuples, strs and bytes ([`Heap::slice`]), dict keys,
    /// weak dictionaries' keys, `__getitem__` of user classes.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let l = heap.list(&[1.into(), 2.into()])?;
    /// assert_eq!(heap.getitem(&l, &(-1).into())?.as_int(), Some(2));
    /// let d = heap.dict(&[])?;
    /// assert_eq!(heap.getitem(&d, &"k".into()).unwrap_err().to_string(), "KeyError: 'k'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn getitem(&self, c: &Value, key: &Value) -> Result<Value> {
        // A list or tuple, or a dict or WeakValueDictionary (a missing or dead entry:
        // KeyError) with a key held by value, in one arena pass.
        if let Some(found) = self.getitem_fast(c, key) {
            return found;
        }
        if let Some(t) = self.unproxy(c)? {
            return self.getitem(&t, key);
        }
        match self.table_kind_unless(c, Some("__getitem__"))? {
            Some(Builtin::Bytes) => match (self.try_bytes(c)?, self.slice_parts(key)?) {
                (Some(b), Some(parts)) => self.bytes_slice(c, &b, &parts),
                (Some(b), None) => self.bytes_item(&b, key),
                (None, _) => unreachable!("table_kind said bytes"),
            },
            Some(Builtin::Dict) => match self.lookup(c, key)? {
                Some(v) => Ok(v),
                // A dict subclass's `__missing__(key)` answers for a missing key
                // (its class's: `_PyObject_LookupSpecial`, not an instance attribute).
                None if let Some(m) = self.user_method(c, "__missing__")? => {
                    self.call(&m, std::slice::from_ref(key))
                }
                None => Err(self.key_error(key)),
            },
            Some(Builtin::List | Builtin::Tuple) => {
                if let Some(parts) = self.slice_parts(key)? {
                    return self.seq_slice(c, &parts);
                }
                let key = &self.index_key(key)?;
                self.with(|cx| {
                    let o = cx.obj(c)?;
                    let data = o.borrow();
                    let (Kind::List(v) | Kind::Tuple(v)) = &data.kind else {
                        unreachable!()
                    };
                    let what = sequence_name(&data.kind);
                    let i = position(v.len(), index(cx, key, what)?, what, false)?;
                    Ok(cx.value(&v[i]))
                })
            }
            Some(Builtin::WeakValueDictionary | Builtin::WeakKeyDictionary) => {
                self.container_getitem(c, key)
            }
            _ => match self.str_text(c)? {
                Some(text) if !self.has_user_method(c, "__getitem__")? => self.str_item(&text, key),
                // A class is "type 'C'" here, as CPython words it.
                _ => self.call_dunder(c, "__getitem__", std::slice::from_ref(key), |m| {
                    match m.class {
                        Some(class) => format!("type '{class}' is not subscriptable"),
                        None => format!("'{}' object is not subscriptable", m.type_name),
                    }
                }),
            },
        }
    }

    /// The text of a `str` or of an instance of a subclass of `str`.
    pub(crate) fn str_text(&self, v: &Value) -> Result<Option<crate::Str>> {
        Ok(match v {
            Value::Str(s) => Some(s.clone()),
            Value::Obj(_) => self.with(|cx| -> Result<_> {
                Ok(match &cx.obj(v)?.borrow().kind {
                    Kind::Str(s) => Some(s.clone()),
                    _ => None,
                })
            })?,
            _ => None,
        })
    }

    /// `text[key]`: the character at an int position (negative from the end).
    fn str_item(&self, text: &crate::Str, key: &Value) -> Result<Value> {
        if let Some(parts) = self.slice_parts(key)? {
            return self.str_slice(text, &parts);
        }
        // (CPython's `unicode_subscript` asks any index-like key, a proxy among
        // them, whose error then stands; anything else is refused by name.)
        let key = &match self.has_index(key) {
            true => Value::Int(self.as_index(key)?),
            false => key.clone(),
        };
        let i = self
            .with(|cx| index(cx, key, "string"))
            .map_err(|e| match e {
                Error::TypeError(_) => Error::TypeError(format!(
                    "string indices must be integers, not '{}'",
                    self.type_name(key)
                )),
                e => e,
            })?;
        // ASCII text (the usual case) is indexed by byte; other text is walked.
        if text.is_ascii() {
            let j = position(text.len(), i, "string", false)?;
            return Ok(Value::from(&text[j..=j]));
        }
        let len = text.chars().count();
        let j = position(len, i, "string", false)?;
        Ok(Value::from(
            text.chars().nth(j).map(String::from).unwrap_or_default(),
        ))
    }

    /// Python's `container[key] = value`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let d = heap.dict(&[])?;
    /// heap.setitem(&d, &"k".into(), &1.into())?;
    /// assert_eq!(heap.getitem(&d, &"k".into())?.as_int(), Some(1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn setitem(&self, c: &Value, key: &Value, value: &Value) -> Result<()> {
        if let Some(done) = self.setitem_fast(c, key, value) {
            return done;
        }
        match self.table_kind_unless(c, Some("__setitem__"))? {
            Some(Builtin::Dict) => self.dict_store(c, key, value),
            Some(Builtin::List) => {
                if let Some(parts) = self.slice_parts(key)? {
                    return self.list_assign_slice(c, &parts, value);
                }
                let key = &self.index_key(key)?;
                self.with(|cx| {
                    let o = cx.obj(c)?;
                    let v = cx.val(value)?;
                    let i = list_position(cx, o, key)?;
                    if let Kind::List(l) = &mut o.borrow_mut(cx.mc).kind {
                        l[i] = v;
                    }
                    Ok(())
                })
            }
            // (A WeakValueDictionary with a key held by value took `setitem_fast`
            // unless a stored key needs user code: the general path, then.)
            Some(Builtin::WeakValueDictionary | Builtin::WeakKeyDictionary) => {
                self.container_setitem(c, key, value)
            }
            // Not a table: a proxy stands for its referent (a proxy is no table).
            _ => match self.unproxy(c)? {
                Some(t) => self.setitem(&t, key, value),
                None => self.change_item_by_dunder(
                    c,
                    "__setitem__",
                    &[key.clone(), value.clone()],
                    |m, _| format!("'{}' object does not support item assignment", m.type_name),
                ),
            },
        }
    }

    /// Runs `f` in one arena pass with `c`'s object and `key`'s value and hash, when
    /// `c` is an object that is not an instance of a user class (whose own methods
    /// would come first) and `key` a value held by value; `None` otherwise, or when `f`
    /// gives up (the general path then answers).
    fn with_plain_table<T>(
        &self,
        c: &Value,
        key: &Value,
        f: impl for<'gc> FnOnce(&Ctx<'_, 'gc>, GcObj<'gc>, Val<'gc>, i64) -> Option<T>,
    ) -> Option<T> {
        let hash = immediate_hash(key)?;
        let Value::Obj(_) = c else { return None };
        self.with(|cx| {
            let o = cx.obj(c).ok()?;
            if o.borrow().class.is_some() {
                return None;
            }
            f(cx, o, cx.val(key).ok()?, hash)
        })
    }

    /// `del c[key]` in one arena pass when `c` is a dict or `WeakValueDictionary` (not
    /// an instance of a subclass) and `key` a value held by value, unless a stored key
    /// of the same hash needs user code to be compared: `Some(whether it was there,
    /// now removed)`, else `None` (the general path answers, as it would have).
    fn delitem_fast(&self, c: &Value, key: &Value) -> Option<bool> {
        self.with_plain_table(c, key, |cx, o, k, hash| {
            // (Not a dict: a WeakValueDictionary or nothing; the borrow ends first.)
            if !matches!(o.borrow().kind, Kind::Dict(_)) {
                return crate::weakref::containers::weak_value_remove_fast(cx, o, &k, hash);
            }
            let found = match &o.borrow().kind {
                Kind::Dict(t) => find_key_fast(cx, t, &k, hash)?,
                _ => return None,
            };
            if let (Some(pos), Kind::Dict(t)) = (found, &mut o.borrow_mut(cx.mc).kind) {
                t.remove(pos);
            }
            Some(found.is_some())
        })
    }

    /// `item in c` in one arena pass when `c` is a dict, set, frozenset or
    /// `WeakValueDictionary` (not an instance of a subclass) and `item` a value held by
    /// value, unless a stored key of the same hash needs user code to be compared:
    /// `Some(found)`, else `None` (the general path answers, as it would have).
    fn contains_fast(&self, c: &Value, item: &Value) -> Option<bool> {
        self.with_plain_table(c, item, |cx, o, k, hash| match &o.borrow().kind {
            Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => {
                Some(find_key_fast(cx, t, &k, hash)?.is_some())
            }
            Kind::WeakContainer(cd) => cd.weak_value_get_fast(cx, &k, hash).map(|v| v.is_some()),
            _ => None,
        })
    }

    /// `c[key] = value` in one arena pass when `c` is a dict or a
    /// `WeakValueDictionary` (not an instance of a subclass) and `key` a value held by
    /// value, unless a stored key of the same hash needs user code to be compared:
    /// `Some(result)`, else `None` (the general path stores it, as it would have).
    fn setitem_fast(&self, c: &Value, key: &Value, value: &Value) -> Option<Result<()>> {
        self.with_plain_table(c, key, |cx, o, k, hash| {
            // (Not a dict: a WeakValueDictionary or nothing; the borrow ends first.)
            if !matches!(o.borrow().kind, Kind::Dict(_)) {
                return crate::weakref::containers::weak_value_store_fast(cx, o, k, value, hash);
            }
            let found = match &o.borrow().kind {
                Kind::Dict(t) => find_key_fast(cx, t, &k, hash)?,
                _ => return None,
            };
            let v = match cx.val(value) {
                Ok(v) => v,
                Err(e) => return Some(Err(e)),
            };
            if let Kind::Dict(t) = &mut o.borrow_mut(cx.mc).kind {
                match found.and_then(|pos| t.entry_mut(pos)) {
                    Some(e) => e.value = v,
                    None => {
                        t.push(Entry {
                            hash,
                            key: k,
                            value: v,
                        });
                    }
                }
            }
            Some(Ok(()))
        })
    }

    /// Stores `key: value` in a dict (or a dict subclass's instance) itself: what
    /// `dict.__setitem__` does, which a subclass's own `__setitem__` does not
    /// intercept (`dict(...)`, `update` and `setdefault` store this way, as CPython's).
    pub(crate) fn dict_store(&self, c: &Value, key: &Value, value: &Value) -> Result<()> {
        self.dict_update_entry(c, self.hash(key)?, key, DictChange::Store(value))
            .map(|_| ())
    }

    /// One lookup of `key` (of hash `h`) in dict `c`, then `change` at the entry it
    /// found or for the key it did not, in one arena pass that re-checks the dict's
    /// version: when the key's `__eq__` changed the dict between the two, the lookup
    /// runs again (so a key is never stored twice, and what is answered is what is
    /// changed). Returns the value the entry had, if there was one.
    pub(crate) fn dict_update_entry(
        &self,
        c: &Value,
        h: i64,
        key: &Value,
        change: DictChange<'_>,
    ) -> Result<Option<Value>> {
        // A table of str keys storing another key is made general first, before
        // the lookup, as CPython's `insertdict` and `setdefault` do (`dict.rs`).
        if !matches!(change, DictChange::Remove) && !matches!(key, Value::Str(_)) {
            self.with(|cx| -> Result<()> {
                let k = cx.val(key)?;
                if let Kind::Dict(t) = &mut cx.obj(c)?.borrow_mut(cx.mc).kind {
                    t.prepare_store(&k);
                }
                Ok(())
            })?;
        }
        loop {
            let (probe, version) = self.probe_at(c, key, h)?;
            let done = self.with(|cx| -> Result<Option<Option<Value>>> {
                let o = cx.obj(c)?;
                let k = cx.val(key)?;
                let v = match change {
                    DictChange::Store(v) | DictChange::Default(v) => Some(cx.val(v)?),
                    DictChange::Remove => None,
                };
                let mut data = o.borrow_mut(cx.mc);
                let Kind::Dict(t) = &mut data.kind else {
                    return Err(Error::TypeError("not a dict".into()));
                };
                if t.version() != version {
                    return Ok(None);
                }
                Ok(Some(match probe {
                    Probe::Found(pos) => {
                        let old = t.entry(pos).map(|e| cx.value(&e.value));
                        match (change, v) {
                            (DictChange::Store(_), Some(v)) => {
                                if let Some(e) = t.entry_mut(pos) {
                                    e.value = v;
                                }
                            }
                            (DictChange::Remove, _) => {
                                t.remove(pos);
                            }
                            _ => {}
                        }
                        old
                    }
                    Probe::Missing => {
                        if let Some(v) = v {
                            t.push(Entry {
                                hash: h,
                                key: k,
                                value: v,
                            });
                        }
                        None
                    }
                }))
            })?;
            if let Some(old) = done {
                return Ok(old);
            }
        }
    }

    /// Python's `del container[key]`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let l = heap.list(&[1.into(), 2.into()])?;
    /// heap.delitem(&l, &0.into())?;
    /// assert_eq!(heap.repr(&l)?, "[2]");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn delitem(&self, c: &Value, key: &Value) -> Result<()> {
        if let Some(found) = self.delitem_fast(c, key) {
            return if found {
                Ok(())
            } else {
                Err(self.key_error(key))
            };
        }
        if let Some(t) = self.unproxy(c)? {
            return self.delitem(&t, key);
        }
        match self.table_kind_unless(c, Some("__delitem__"))? {
            Some(Builtin::Dict) => {
                let h = self.hash(key)?;
                match self.probe(c, key, h)? {
                    Probe::Missing => Err(self.key_error(key)),
                    Probe::Found(pos) => self.with(|cx| {
                        let o = cx.obj(c)?;
                        if let Kind::Dict(t) = &mut o.borrow_mut(cx.mc).kind {
                            t.remove(pos);
                        }
                        Ok(())
                    }),
                }
            }
            Some(Builtin::List) => {
                if let Some(parts) = self.slice_parts(key)? {
                    return self.list_delete_slice(c, &parts);
                }
                let key = &self.index_key(key)?;
                self.with(|cx| {
                    let o = cx.obj(c)?;
                    let i = list_position(cx, o, key)?;
                    if let Kind::List(l) = &mut o.borrow_mut(cx.mc).kind {
                        l.remove(i);
                    }
                    Ok(())
                })
            }
            Some(Builtin::WeakValueDictionary | Builtin::WeakKeyDictionary) => {
                self.container_delitem(c, key)
            }
            _ => {
                // CPython's two wordings: "doesn't" from `PySequence_DelItem`, reached
                // for a type with a sequence protocol (or a user class) and an
                // index-like key; else "does not" (`PyObject_DelItem`).
                let args = std::slice::from_ref(key);
                self.change_item_by_dunder(c, "__delitem__", args, |m, by_index| {
                    let verb = if by_index { "doesn't" } else { "does not" };
                    format!("'{}' object {verb} support item deletion", m.type_name)
                })
            }
        }
    }

    /// Python's `item in container`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = heap.set(&[1.into()])?;
    /// assert!(heap.contains(&s, &1.0.into())?);
    /// assert!(heap.contains(&"abc".into(), &"b".into())?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn contains(&self, c: &Value, item: &Value) -> Result<bool> {
        if let (Value::Str(hay), Value::Str(needle)) = (c, item) {
            return Ok(hay.contains(&**needle));
        }
        if let Some(found) = self.contains_fast(c, item) {
            return Ok(found);
        }
        if let Some(t) = self.unproxy(c)? {
            return self.contains(&t, item);
        }
        if let Some(found) = self.view_contains(c, item)? {
            return Ok(found);
        }
        match self.table_kind_unless(c, Some("__contains__"))? {
            Some(Builtin::Bytes) => match self.try_bytes(c)? {
                Some(b) => self.bytes_contains(&b, item),
                None => unreachable!("table_kind said bytes"),
            },
            Some(Builtin::Dict) => Ok(self.lookup(c, item)?.is_some()),
            Some(Builtin::Set | Builtin::FrozenSet) => match self.lookup(c, item) {
                Ok(found) => Ok(found.is_some()),
                Err(e) => Ok(self.lookup(c, &self.frozen_key(item, e)?)?.is_some()),
            },
            // Item by item, each read when it is compared (an `__eq__` may change
            // the list), as CPython's `list_contains`.
            Some(Builtin::List | Builtin::Tuple) => {
                Ok(self.seq_find(c, item, 0, i64::MAX)?.is_some())
            }
            Some(Builtin::WeakValueDictionary | Builtin::WeakKeyDictionary | Builtin::WeakSet) => {
                self.container_contains(c, item)
            }
            // A string (or an instance of a subclass of str without its own
            // `__contains__`): a substring.
            _ if let Some(hay) = self.str_text(c)?
                && !self.has_user_method(c, "__contains__")? =>
            {
                match self.str_text(item)? {
                    Some(needle) => Ok(hay.contains(&*needle)),
                    None => Err(Error::TypeError(format!(
                        "'in <string>' requires string as left operand, not {}",
                        self.type_name(item)
                    ))),
                }
            }
            // Without `__contains__`, anything is searched by iterating it (CPython's
            // `_PySequence_IterSearch`): a user `__iter__` or `__getitem__`, an
            // iterator (consumed as far as the item), else `argument of type 'X' is
            // not iterable`.
            _ if !self.has_user_method(c, "__contains__")? => self.iter_search(c, item),
            _ => {
                let r = self.call_dunder(c, "__contains__", std::slice::from_ref(item), |m| {
                    format!("argument of type '{}' is not iterable", m.type_name)
                });
                match r {
                    Ok(r) => self.truthy(&r),
                    // `__contains__ = None` blocks the protocol (CPython's
                    // `slot_sq_contains`): told apart once the call of None failed.
                    Err(Error::TypeError(e)) => Err(self
                        .with(|cx| match cx.val(c)? {
                            Val::Obj(o)
                                if matches!(
                                    find_in_class(cx, o, "__contains__"),
                                    Some(Val::None)
                                ) =>
                            {
                                Ok(Some(tp_name(cx, &Val::Obj(o))))
                            }
                            _ => Ok(None),
                        })?
                        .map_or(Error::TypeError(e), |t| {
                            Error::TypeError(format!("'{t}' object is not a container"))
                        })),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// Appends to a list (`l.append(v)`). Anything else is asked for its own
    /// `append` method, as Python's `l.append(v)` would (`AttributeError` if it has
    /// none).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let l = heap.list(&[])?;
    /// heap.list_append(&l, &1.into())?;
    /// assert_eq!(heap.repr(&l)?, "[1]");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn list_append(&self, list: &Value, v: &Value) -> Result<()> {
        if let Some(t) = self.unproxy(list)? {
            return self.list_append(&t, v);
        }
        let appended = self.with(|cx| {
            let x = cx.val(v)?;
            let Ok(o) = cx.obj(list) else {
                return Ok(false);
            };
            match &mut o.borrow_mut(cx.mc).kind {
                Kind::List(l) => {
                    l.push(x);
                    Ok(true)
                }
                _ => Ok(false),
            }
        })?;
        if !appended {
            // Not a list: `list.append(v)` as Python reads it, the object's own
            // `append` or CPython's AttributeError.
            self.call_method(list, "append", std::slice::from_ref(v))?;
        }
        Ok(())
    }

    /// Adds to a set or a `WeakSet` (`s.add(v)`). Anything else is asked for its own
    /// `add` method (`AttributeError` if it has none).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = heap.set(&[])?;
    /// heap.set_add(&s, &"a".into())?;
    /// heap.set_add(&s, &"a".into())?;
    /// assert_eq!(heap.len(&s)?, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn set_add(&self, set: &Value, v: &Value) -> Result<()> {
        if let Some(t) = self.unproxy(set)? {
            return self.set_add(&t, v);
        }
        match self.table_kind(set)? {
            Some(Builtin::Set) => self.set_insert(set, v),
            Some(Builtin::WeakSet) => {
                self.weak_set_commit(set)?;
                self.weakset_add(set, v)
            }
            // Not a set: `set.add(v)` as Python reads it.
            _ => self
                .call_method(set, "add", std::slice::from_ref(v))
                .map(|_| ()),
        }
    }

    fn set_insert(&self, set: &Value, v: &Value) -> Result<()> {
        let h = self.hash(v)?;
        self.set_add_hashed(set, v, h)
    }

    /// `c[key] = value` or `del c[key]` (`dunder`, with `args`: the key first) by
    /// `c`'s own method; else CPython's refusal, whose message `missing` makes (told
    /// whether the refusal is `PySequence_SetItem`'s or `PySequence_DelItem`'s: `c`
    /// has a sequence protocol and the key is index-like), after that key is
    /// converted, as `PyObject_SetItem` and `PyObject_DelItem` do first (its error
    /// stands: a proxy's referent's, an `__index__` that raises).
    fn change_item_by_dunder(
        &self,
        c: &Value,
        dunder: &str,
        args: &[Value],
        missing: impl Fn(&Missing<'_>, bool) -> String,
    ) -> Result<()> {
        let index_key = self.has_index(&args[0]);
        let by_index = std::cell::Cell::new(false);
        let r = self.call_dunder(c, dunder, args, |m| {
            by_index.set(m.sequence_or_instance && index_key);
            missing(m, by_index.get())
        });
        if by_index.get() {
            self.as_index(&args[0])?;
        }
        r.map(|_| ())
    }

    /// Calls `c.name(*args)` when `c` is a user instance whose class has `name`; else
    /// raises the `TypeError` whose message `missing` makes from what `c` is.
    fn call_dunder(
        &self,
        c: &Value,
        name: &str,
        args: &[Value],
        missing: impl Fn(&Missing<'_>) -> String,
    ) -> Result<Value> {
        let m = self.with(|cx| -> Result<Value> {
            let x = cx.val(c)?;
            // (Worked out only for the message, when the protocol is missing.)
            let missing = || {
                let (sequence_or_instance, class) = match &x {
                    Val::Str(_) => (true, None),
                    Val::Obj(o) => {
                        let data = o.borrow();
                        let class = match &data.kind {
                            Kind::Class(cd) => Some(cd.name.clone()),
                            _ => None,
                        };
                        // Builtin sequences and sets, and the types `weakref.py`
                        // defines in Python (user classes there).
                        let sequence = match &data.kind {
                            Kind::Tuple(_)
                            | Kind::Bytes(_)
                            | Kind::List(_)
                            | Kind::Set(_)
                            | Kind::FrozenSet(_)
                            | Kind::WeakContainer(_)
                            | Kind::Finalizer(_) => true,
                            Kind::WeakRef(w) => {
                                matches!(w.flavor, WeakFlavor::Method(_) | WeakFlavor::Keyed { .. })
                            }
                            _ => false,
                        };
                        (data.class.is_some() || sequence, class)
                    }
                    _ => (false, None),
                };
                Error::TypeError(missing(&Missing {
                    type_name: &tp_name(cx, &x),
                    class: class.as_deref(),
                    sequence_or_instance,
                }))
            };
            let Val::Obj(o) = x.clone() else {
                return Err(missing());
            };
            if !is_user_instance(o) {
                return Err(missing());
            }
            find_in_class(cx, o, name)
                .map(|m| bind(cx, &m, o))
                .ok_or_else(missing)
        })?;
        self.call(&m, args)
    }

    /// `KeyError(key)`, its message the key's repr. CPython keeps the key and
    /// makes the text only when the error is printed; a key whose repr raises then
    /// prints as `<exception str() failed>` (the traceback's words), which is the
    /// message here too.
    pub(crate) fn key_error(&self, key: &Value) -> Error {
        Error::KeyError(
            self.repr(key)
                .unwrap_or_else(|_| "<exception str() failed>".into()),
        )
    }
}
