//! The methods `WeakValueDictionary` and `WeakKeyDictionary` share (CPython's
//! `MutableMapping` API), the operators `|` and `|=` of all three containers, their
//! `.data` and `copy`.
//!
//! Invariant: every method reads and writes the container only through the core in
//! [`containers`](super::containers), so dead entries are invisible to all of them,
//! and user code (`__eq__`, `__hash__`, a source's `keys()`) runs outside the arena.

use crate::methods::Plain;
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

const DICTS: &[Builtin] = &[Builtin::WeakValueDictionary, Builtin::WeakKeyDictionary];
const ALL: &[Builtin] = &[
    Builtin::WeakValueDictionary,
    Builtin::WeakKeyDictionary,
    Builtin::WeakSet,
];

impl Heap {
    /// For a `dict` or a weak dictionary.
    ///
    /// `d.get(key, default)` for a weak dictionary: the value under `key`, or
    /// `default` if there is none or it died.
    ///
    /// Errors: a `WeakKeyDictionary` key that cannot be weakly referenced gives
    /// `TypeError`; an unhashable key gives `TypeError`.
    ///
    /// ```
    /// use lethe::Value;
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[("k".into(), v.clone())])?;
    /// assert!(heap.get(&d, &"k".into(), &Value::None)?.is(&v));
    /// drop(v);
    /// heap.collect();
    /// assert_eq!(heap.get(&d, &"k".into(), &3.into())?.as_int(), Some(3));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn get(&self, d: &Value, key: &Value, default: &Value) -> Result<Value> {
        if let Some(found) = self.get_fast(d, key) {
            return Ok(found.unwrap_or_else(|| default.clone()));
        }
        let (d, plain) = self.plain_target(d)?;
        let d = &d;
        if plain == Some(Plain::Dict) {
            return self.dict_get(d, key, default);
        }
        Ok(self.weak_get(d, key)?.unwrap_or_else(|| default.clone()))
    }

    /// `d.get(key)` of a weak dictionary: `None` when it has no entry under `key` or
    /// the entry's weak object died.
    pub(crate) fn weak_get(&self, d: &Value, key: &Value) -> Result<Option<Value>> {
        let kind = self.expect_container(d, "get", DICTS)?;
        let h = self.key_hash(kind, key)?;
        match self.find_slot(d, key, h)? {
            Some(loc) => Ok(self.slot_pair(d, loc)?.map(|(_, v)| v)),
            None => Ok(None),
        }
    }

    /// For a `dict` or a weak dictionary.
    ///
    /// `d.setdefault(key, default)`: the live value under `key`, else stores `default`
    /// under `key` and returns it (a dead value counts as absent).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (v1, v2) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let d = heap.weak_value_dict(&[])?;
    /// assert!(heap.setdefault(&d, &"key".into(), &v1)?.is(&v1));
    /// assert!(heap.setdefault(&d, &"key".into(), &v2)?.is(&v1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn setdefault(&self, d: &Value, key: &Value, default: &Value) -> Result<Value> {
        let (d, plain) = self.plain_target(d)?;
        let d = &d;
        if plain == Some(Plain::Dict) {
            return self.dict_setdefault(d, key, default);
        }
        let kind = self.expect_container(d, "setdefault", DICTS)?;
        let h = self.key_hash(kind, key)?;
        // (A dead entry found here is replaced in its place by the store.)
        if let Some(loc) = self.find_present(d, key, h)?
            && let Some((_, v)) = self.slot_pair(d, loc)?
        {
            return Ok(v);
        }
        self.container_store(d, key, default)?;
        Ok(default.clone())
    }

    /// For a `dict` or a weak dictionary (for a list, `l.pop(key)` with `key` the
    /// index; a set's and a `WeakSet`'s `pop` take no key: CPython's `TypeError`).
    ///
    /// `d.pop(key[, default])` for a weak dictionary: removes the entry and returns its
    /// value; without an entry (or with a dead one) returns `default`, or raises
    /// `KeyError: key` when no default is given.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[("k".into(), v.clone())])?;
    /// assert!(heap.pop(&d, &"k".into(), None)?.is(&v));
    /// assert_eq!(heap.pop(&d, &"k".into(), None).unwrap_err().to_string(), "KeyError: 'k'");
    /// assert_eq!(heap.pop(&d, &"k".into(), Some(&909.into()))?.as_int(), Some(909));
    /// let l = heap.list(&[1.into(), 2.into(), 3.into()])?;
    /// assert_eq!(heap.pop(&l, &0.into(), None)?.as_int(), Some(1));
    /// assert_eq!(heap.pop(&l, &5.into(), None).unwrap_err().to_string(),
    ///            "IndexError: pop index out of range");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn pop(&self, d: &Value, key: &Value, default: Option<&Value>) -> Result<Value> {
        let (d, plain) = self.plain_target(d)?;
        let d = &d;
        // What `x.pop(key[, default])` does to a list or a set.
        let given = 1 + usize::from(default.is_some());
        match plain {
            Some(Plain::Dict) => return self.dict_pop(d, key, default),
            Some(Plain::List) if default.is_some() => {
                return Err(Error::TypeError(
                    "pop expected at most 1 argument, got 2".into(),
                ));
            }
            Some(Plain::List) => return self.list_pop(d, Some(key)),
            Some(Plain::Set) => {
                return Err(Error::TypeError(format!(
                    "set.pop() takes no arguments ({given} given)"
                )));
            }
            _ if self.ckind(d)?.is_some_and(|k| !k.is_dict()) => {
                return Err(Error::TypeError(format!(
                    "WeakSet.pop() takes 1 positional argument but {} were given",
                    given + 1
                )));
            }
            _ => {}
        }
        match self.weak_pop(d, key)? {
            Some(v) => Ok(v),
            None => default
                .cloned()
                .ok_or_else(|| self.container_key_error(d, key)),
        }
    }

    /// `d.pop(key)` of a weak dictionary: the removed entry's value, or `None` when
    /// it has no entry under `key` or the entry's weak object died.
    pub(crate) fn weak_pop(&self, d: &Value, key: &Value) -> Result<Option<Value>> {
        let kind = self.expect_container(d, "pop", DICTS)?;
        // `self.data.pop(ref(key), *args)` / `self.data.pop(key)`: a dict with no
        // entries answers without hashing the key (another heap's is refused all
        // the same).
        self.with(|cx| cx.val(key).map(drop))?;
        self.key_ref_check(kind, key)?;
        if self.len(d)? == 0 {
            return Ok(None);
        }
        let h = self.hash(key)?;
        // A dead entry whose removal has not run is removed too (`KeyError` or the
        // default then), as CPython's `self.data.pop(key)()`.
        if let Some(loc) = self.find_present(d, key, h)? {
            return Ok(self.remove_slot(d, loc)?.map(|(_, v)| v));
        }
        Ok(None)
    }

    /// For a `dict` or a weak dictionary (both give the newest entry).
    ///
    /// `d.popitem()` for a weak dictionary: removes and returns the newest live
    /// `(key, value)`, skipping (and removing) dead entries.
    ///
    /// Errors: `KeyError: 'popitem(): dictionary is empty'`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let d = heap.weak_key_dict(&[])?;
    /// assert_eq!(heap.popitem(&d).unwrap_err().to_string(),
    ///            "KeyError: 'popitem(): dictionary is empty'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn popitem(&self, d: &Value) -> Result<(Value, Value)> {
        let (d, plain) = self.plain_target(d)?;
        let d = &d;
        if plain == Some(Plain::Dict) {
            return self.dict_popitem(d);
        }
        self.expect_container(d, "popitem", DICTS)?;
        self.container_pop(d)?
            .ok_or_else(|| Error::key_error_msg("popitem(): dictionary is empty"))
    }

    /// For a `dict`, a `set` or a weak container.
    ///
    /// `c.update(other)`: for a weak dictionary, stores the pairs of `other` (as
    /// `weakref.py` reads them: nothing from `None`, the pairs of `other.items()` if
    /// it has that method, else those of a mapping; an object with `keys()` and item
    /// access, or an iterable of pairs, is read into a dict first, as `dict(other)`:
    /// a malformed or unhashable pair stores none, and a key given twice stores its
    /// last value); for a `WeakSet`, adds the members of the iterable `other`.
    ///
    /// Errors raised while reading `other` propagate; so does the `TypeError` of a key
    /// (member, value of a `WeakValueDictionary`) that cannot be weakly referenced.
    /// Entries stored before such a key stay.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[])?;
    /// heap.update(&d, &heap.dict(&[("a".into(), v.clone())])?)?;
    /// assert_eq!(heap.len(&d)?, 1);
    /// let err = heap.update(&d, &heap.list(&[heap.tuple(&[1.into(), 2.into(), 3.into()])?])?);
    /// assert_eq!(err.unwrap_err().to_string(),
    ///     "ValueError: dictionary update sequence element #0 has length 3; 2 is required");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn update(&self, c: &Value, other: &Value) -> Result<()> {
        let (c, plain) = self.plain_target(c)?;
        let c = &c;
        if let Some(p) = plain {
            return self.plain_update(p, c, other);
        }
        let kind = self.expect_container(c, "update", ALL)?;
        if kind.is_dict() {
            // As `weakref.py`'s: nothing from `None`; the `items()` of an object that
            // has them; else what `dict(other)` would read.
            if other.is_none() {
                return Ok(());
            }
            // Pairs that are not a mapping's become `dict(other)` first, as
            // `weakref.py` has them: a bad pair stores none, and of a key given twice
            // the last value is stored.
            let mapping = self.plain(other)? == Some(Plain::Dict)
                || self.ckind(other)?.is_some_and(|k| k.is_dict());
            // `hasattr(other, "items")` (its class, its own attributes, its
            // `__getattr__`); a dict's or weak dictionary's own entries unless its
            // class overrides `items`.
            let source = if mapping && !self.has_user_method(other, "items")? {
                other.clone()
            } else if matches!(other, Value::Obj(_)) && self.hasattr(other, "items")? {
                self.call_method(other, "items", &[])?
            } else {
                let pairs = self.dict(&[])?;
                self.each_pair(other, |k, v| self.setitem(&pairs, &k, &v))?;
                pairs
            };
            self.each_pair(&source, |k, v| self.container_store(c, &k, &v))?;
        } else {
            self.weak_set_commit(c)?;
            // (`ws.update(ws)` too: each member is added again, its `__eq__` asked,
            // as CPython's loop does.)
            self.for_each(other, |item| {
                self.container_store(c, &item, &Value::None)?;
                Ok(false)
            })?;
        }
        Ok(())
    }

    /// For a `dict`, `set`, `frozenset`, `list` or a weak container.
    ///
    /// `c.copy()`: a new container of the same kind (and mode) with the live entries;
    /// an exact `frozenset`'s copy is itself, as CPython's (an instance of a subclass
    /// of `set` or `frozenset` copies into the builtin type).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let ws = heap.weak_set(std::slice::from_ref(&a))?;
    /// let dup = heap.copy(&ws)?;
    /// assert!(heap.eq(&dup, &ws)? && !dup.is(&ws));
    /// heap.set_add(&dup, &b)?;                    // independent of the original
    /// assert!(!heap.contains(&ws, &b)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn copy(&self, c: &Value) -> Result<Value> {
        let (c, plain) = self.plain_target(c)?;
        let c = &c;
        if let Some(p) = plain {
            return self.plain_copy(p, c);
        }
        let kind = self.expect_container(c, "copy", ALL)?;
        let new = self.new_container(kind);
        for (k, v) in self.live_pairs(c)? {
            self.container_store(&new, &k, &v)?;
        }
        Ok(new)
    }

    /// For a `dict`, `set`, `list` or a weak container.
    ///
    /// `c.clear()`: removes every entry.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let k = heap.call(&cls, &[])?;
    /// let d = heap.weak_key_dict(&[(k.clone(), 1.into())])?;
    /// heap.clear(&d)?;
    /// assert_eq!(heap.len(&d)?, 0);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn clear(&self, c: &Value) -> Result<()> {
        let (c, plain) = self.plain_target(c)?;
        let c = &c;
        if let Some(p) = plain {
            return self.plain_clear(p, c);
        }
        self.expect_container(c, "clear", ALL)?;
        self.container_clear(c)
    }

    /// The live values of a weak dictionary, in insertion order (`list(d.values())`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let k = heap.call(&cls, &[])?;
    /// let d = heap.weak_key_dict(&[(k.clone(), "v".into())])?;
    /// assert_eq!(heap.values(&d)?[0].as_str(), Some("v"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn values(&self, d: &Value) -> Result<Vec<Value>> {
        let (d, plain) = self.plain_target(d)?;
        let d = &d;
        if plain == Some(Plain::Dict) {
            return self.dict_values(d);
        }
        self.expect_container(d, "values", DICTS)?;
        Ok(self.live_pairs(d)?.into_iter().map(|(_, v)| v).collect())
    }

    /// `c.data`, as a snapshot: a `dict` `{key: KeyedRef}` of the live entries for a
    /// `WeakValueDictionary`, `{ref(key): value}` for a `WeakKeyDictionary`; for a
    /// `WeakSet` a `set` of its references laid out as its own table (so it iterates
    /// and prints as the WeakSet does, as CPython's `ws.data` is that table), a dead
    /// one whose removal waits for an open iterator included.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Employee").build()?;
    /// let e = heap.call(&cls, &[])?;
    /// let d = heap.weak_key_dict(&[(e.clone(), "William".into())])?;
    /// let data = heap.weak_data(&d)?;
    /// assert!(heap.repr(&data)?.starts_with("{<weakref at 0x"));
    /// assert!(heap.repr(&data)?.ends_with(">: 'William'}"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_data(&self, c: &Value) -> Result<Value> {
        let c = &self.through_proxy(c)?;
        self.expect_container(c, "data", ALL)?;
        match self.weak_set_data(c)? {
            Some(set) => Ok(set),
            None => self.dict(&self.data_pairs(c)?),
        }
    }

    /// `a | b` where `a` or `b` is a weak container: for weak dictionaries a new
    /// container of the weak side's type with the items of `a` then `b` (`b` may be a
    /// dict or weak dictionary; `dict | weak` gives the weak type); for a `WeakSet`,
    /// [`union`](Heap::union). A proxy operand is taken as it is, not as its
    /// referent (so a `TypeError`); [`binary_op`](Heap::binary_op) with
    /// [`BinaryOp::Or`](crate::BinaryOp::Or) sees through it, as Python's `|` does.
    ///
    /// Errors: `TypeError: unsupported operand type(s) for |: …`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// let w1 = heap.weak_value_dict(&[(1.into(), a.clone())])?;
    /// let w2 = heap.weak_value_dict(&[(1.into(), b.clone()), (2.into(), a.clone())])?;
    /// let u = heap.weak_or(&w1, &w2)?;
    /// assert!(heap.getitem(&u, &1.into())?.is(&b));
    /// assert_eq!(heap.type_name(&u), "WeakValueDictionary");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_or(&self, a: &Value, b: &Value) -> Result<Value> {
        let (ka, kb) = (self.ckind(a)?, self.ckind(b)?);
        match (ka, kb) {
            (Some(k), _) if !k.is_dict() => self.union(a, b),
            (Some(k), _) if self.is_mapping(b)? => {
                let c = self.new_container(k);
                self.update(&c, a)?;
                self.update(&c, b)?;
                Ok(c)
            }
            (_, Some(k)) if k.is_dict() && self.is_mapping(a)? => {
                let c = self.new_container(k);
                self.update(&c, a)?;
                self.update(&c, b)?;
                Ok(c)
            }
            _ => Err(Error::TypeError(format!(
                "unsupported operand type(s) for |: '{}' and '{}'",
                self.type_name(a),
                self.type_name(b)
            ))),
        }
    }

    /// `a |= b` for a weak container `a`: [`update`](Heap::update) in place (a weak
    /// dictionary also accepts an iterable of pairs).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let c = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[])?;
    /// heap.weak_ior(&d, &heap.list(&[heap.tuple(&[5.into(), c.clone()])?])?)?;
    /// assert!(heap.getitem(&d, &5.into())?.is(&c));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_ior(&self, a: &Value, b: &Value) -> Result<()> {
        self.update(a, b)
    }

    pub(crate) fn is_mapping(&self, v: &Value) -> Result<bool> {
        if let Some(k) = self.ckind(v)? {
            return Ok(k.is_dict());
        }
        Ok(self.type_name(v) == "dict" || self.isinstance(v, &self.builtin(Builtin::Dict))?)
    }
}
