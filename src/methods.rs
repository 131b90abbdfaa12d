//! The dict, set and list methods (`get`, `pop`, `update`, `union`, `clear`…) for plain
//! dicts, sets, frozensets and lists, and for instances of user classes derived from
//! them. The same `Heap` methods serve the weak containers
//! ([`weakref::mapping`](crate::weakref) and `weak_set`), which delegate here when
//! given a plain container.
//!
//! Invariant: these are built on the protocols (`lookup`, `setitem`, `delitem`, `iter`,
//! `contains`) and the table's own removal, so equality and hashing (and the user code
//! they may run) behave exactly as for item access.

use std::rc::Rc;

use crate::dict::Table;
use crate::object::{Kind, Val};
use crate::protocols::find_in_class;
use crate::protocols::lookup::DictChange;
use crate::{Error, Heap, Result, Value};

/// Which plain container a value is.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Plain {
    Dict,
    Set,
    FrozenSet,
    List,
}

/// The plain container kind of an object.
fn plain_of(kind: &Kind) -> Option<Plain> {
    match kind {
        Kind::Dict(_) => Some(Plain::Dict),
        Kind::Set(_) => Some(Plain::Set),
        Kind::FrozenSet(_) => Some(Plain::FrozenSet),
        Kind::List(_) => Some(Plain::List),
        _ => None,
    }
}

impl Heap {
    /// A list of `(key, value)` tuples: what `items()` returns here (a list, where
    /// CPython's dict returns a view).
    pub(crate) fn pairs_list(&self, items: Vec<(Value, Value)>) -> Result<Value> {
        let tuples: Vec<Value> = items
            .into_iter()
            .map(|(k, v)| self.tuple(&[k, v]))
            .collect::<Result<_>>()?;
        self.list(&tuples)
    }

    /// The plain container kind of `v`, if it is one.
    pub(crate) fn plain(&self, v: &Value) -> Result<Option<Plain>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| Ok(plain_of(&cx.obj(v)?.borrow().kind)))
    }

    /// `v` with a proxy resolved to its referent (`ReferenceError` once dead), and the
    /// plain container kind of that, if it is one: a dict, set or list method called
    /// through a proxy runs on the referent, as CPython's proxy forwards the attribute.
    pub(crate) fn plain_target(&self, v: &Value) -> Result<(Value, Option<Plain>)> {
        let Value::Obj(_) = v else {
            return Ok((v.clone(), None));
        };
        self.with(|cx| {
            let data = cx.obj(v)?.borrow();
            if let Some(t) = data.kind.proxy_target(cx.mc) {
                let t = t.ok_or_else(Error::dead_referent)?;
                let plain = plain_of(&t.borrow().kind);
                return Ok((cx.value(&Val::Obj(t)), plain));
            }
            Ok((v.clone(), plain_of(&data.kind)))
        })
    }

    pub(crate) fn no_method(&self, v: &Value, method: &str) -> Error {
        Error::AttributeError(format!(
            "'{}' object has no attribute '{method}'",
            self.type_name(v)
        ))
    }

    pub(crate) fn dict_get(&self, d: &Value, key: &Value, default: &Value) -> Result<Value> {
        Ok(self.lookup(d, key)?.unwrap_or_else(|| default.clone()))
    }

    pub(crate) fn dict_setdefault(&self, d: &Value, key: &Value, default: &Value) -> Result<Value> {
        let h = self.hash(key)?;
        let found = self.dict_update_entry(d, h, key, DictChange::Default(default))?;
        Ok(found.unwrap_or_else(|| default.clone()))
    }

    pub(crate) fn dict_pop(
        &self,
        d: &Value,
        key: &Value,
        default: Option<&Value>,
    ) -> Result<Value> {
        let missing = || default.cloned().ok_or_else(|| self.key_error(key));
        // As CPython's `dict.pop`, an empty dict answers before hashing the key: its
        // error (an unhashable key) does not stand then.
        // (The dict's own size: a subclass's `__len__` is not asked, as in CPython.)
        let empty = self.with(|cx| -> Result<bool> {
            Ok(match &cx.obj(d)?.borrow().kind {
                Kind::Dict(t) => t.len() == 0,
                _ => false,
            })
        })?;
        if empty {
            return missing();
        }
        let h = self.hash(key)?;
        match self.dict_update_entry(d, h, key, DictChange::Remove)? {
            Some(v) => Ok(v),
            None => missing(),
        }
    }

    /// The key to look `item` up by in a set after hashing it failed with `error`:
    /// a set is looked up as the frozenset it equals, as CPython's `set_contains_key`
    /// and `set_discard_key` do on that TypeError (made as CPython's `make_new_set`
    /// makes it, from the members' stored hashes: no `__hash__` is asked again); for
    /// anything else `error` stands.
    pub(crate) fn frozen_key(&self, item: &Value, error: Error) -> Result<Value> {
        let is_set = matches!(error, Error::TypeError(_))
            && matches!(item, Value::Obj(_))
            && self.with(|cx| -> Result<bool> {
                Ok(matches!(cx.obj(item)?.borrow().kind, Kind::Set(_)))
            })?;
        if is_set {
            self.new_set(Plain::FrozenSet, Some(item))
        } else {
            Err(error)
        }
    }

    /// Removes and returns the newest entry of a dict.
    fn pop_last(&self, c: &Value) -> Result<Option<(Value, Value)>> {
        self.with(|cx| {
            let o = cx.obj(c)?;
            let mut data = o.borrow_mut(cx.mc);
            let Kind::Dict(t) = &mut data.kind else {
                return Ok(None);
            };
            Ok(t.remove_last()
                .map(|e| (cx.value(&e.key), cx.value(&e.value))))
        })
    }

    pub(crate) fn dict_popitem(&self, d: &Value) -> Result<(Value, Value)> {
        self.pop_last(d)?
            .ok_or_else(|| Error::key_error_msg("popitem(): dictionary is empty"))
    }

    /// Merges dict `src` into dict `target` as CPython 3.11's `dict_merge` does when
    /// `src` is a dict whose class does not define `__iter__` (else `false`, and the
    /// caller reads `src` as any mapping, by `keys()` and `[]`, as CPython's
    /// `dict_merge` then does): an empty `src` changes nothing; an empty `target`
    /// takes a copy of the layout of a `src` without holes that is eight slots or
    /// fuller than a quarter ([`Table::clones_into_empty`], no key compared);
    /// otherwise `target` is resized once for them all if it has less room than
    /// `src` has keys, then each entry is read at its position
    /// when its turn comes (an entry removed meanwhile is skipped, a value replaced
    /// is seen) and stored under the hash stored with it (its `__hash__` is not asked
    /// again), and a change to `src`'s positions (an insertion, a `clear`, a
    /// `popitem`, a resize) made by the user code a store ran raises
    /// `RuntimeError: dict mutated during update`.
    pub(crate) fn dict_merge(&self, target: &Value, src: &Value) -> Result<bool> {
        if !matches!(src, Value::Obj(_)) {
            return Ok(false);
        }
        // `None`: not such a dict; else the positions of `src`, and whether it was
        // cloned into `target`.
        let start = self.with(|cx| -> Result<Option<(usize, bool)>> {
            let so = cx.obj(src)?;
            let to = cx.obj(target)?;
            let sdata = so.borrow();
            let Kind::Dict(st) = &sdata.kind else {
                return Ok(None);
            };
            if sdata.class.is_some()
                && crate::protocols::find_in_class(cx, so, "__iter__").is_some()
            {
                return Ok(None);
            }
            // `a.update(a)`: nothing to do (CPython's `other == mp`, asked only of a
            // dict read as a dict).
            if gc_arena::Gc::ptr_eq(so, to) {
                return Ok(Some((0, true)));
            }
            let n = st.positions();
            let mut tdata = to.borrow_mut(cx.mc);
            let Kind::Dict(tt) = &mut tdata.kind else {
                return Ok(None);
            };
            if st.len() == 0 {
                return Ok(Some((0, true)));
            }
            if tt.len() == 0 && st.clones_into_empty() {
                tt.replace_with(st.clone_dict());
                return Ok(Some((n, true)));
            }
            tt.presize_for(st);
            Ok(Some((n, false)))
        })?;
        let Some((n, cloned)) = start else {
            return Ok(false);
        };
        if cloned {
            return Ok(true);
        }
        let mut pos = 0usize;
        loop {
            let next = self.with(|cx| -> Result<Option<(usize, i64, Value, Value)>> {
                let so = cx.obj(src)?;
                let data = so.borrow();
                let Kind::Dict(st) = &data.kind else {
                    return Ok(None);
                };
                Ok(st
                    .next_from(pos)
                    .filter(|(i, _)| *i < n)
                    .map(|(i, e)| (i, e.hash, cx.value(&e.key), cx.value(&e.value))))
            })?;
            let Some((i, h, k, v)) = next else {
                return Ok(true);
            };
            self.dict_update_entry(target, h, &k, DictChange::Store(&v))?;
            let now = self.with(|cx| -> Result<usize> {
                Ok(match &cx.obj(src)?.borrow().kind {
                    Kind::Dict(st) => st.positions(),
                    _ => 0,
                })
            })?;
            if now != n {
                return Err(Error::RuntimeError("dict mutated during update".into()));
            }
            pos = i + 1;
        }
    }

    /// Stores keyword arguments into dict `d` as CPython's `d.update(**kw)` does:
    /// the keywords make a dict of their own first, sized for them at once
    /// (`_PyStack_AsDict`), which is merged into `d` ([`dict_merge`]: an empty `d`
    /// takes its layout). (`dict(**kw)` stores them one by one.)
    ///
    /// [`dict_merge`]: Heap::dict_merge
    pub(crate) fn dict_update_kwargs(&self, d: &Value, kwargs: &[(Rc<str>, Value)]) -> Result<()> {
        if kwargs.is_empty() {
            return Ok(());
        }
        let kw = self.with(|cx| {
            let t = Table::presized(kwargs.len());
            cx.value(&Val::Obj(cx.alloc(Kind::Dict(Box::new(t)), None)))
        });
        for (k, v) in kwargs {
            self.dict_store(&kw, &Value::Str(k.into()), v)?;
        }
        if !self.dict_merge(d, &kw)? {
            self.each_pair(&kw, |k, v| self.dict_store(d, &k, &v))?;
        }
        Ok(())
    }

    pub(crate) fn plain_update(&self, kind: Plain, c: &Value, other: &Value) -> Result<()> {
        match kind {
            Plain::Dict if self.dict_merge(c, other)? => Ok(()),
            Plain::Dict => self.each_pair(other, |k, v| self.dict_store(c, &k, &v)),
            // Each item added as the iterator gives it (an error part-way keeps
            // those added before it, as CPython's).
            Plain::Set => self.set_update(c, other),
            _ => Err(self.no_method(c, "update")),
        }
    }

    pub(crate) fn plain_copy(&self, kind: Plain, c: &Value) -> Result<Value> {
        match kind {
            Plain::Dict => {
                // CPython's `PyDict_Copy`: an empty dict at once, before it looks at
                // the class's `__iter__`; a copy of the layout, holes and all, of a
                // dict whose class keeps `dict.__iter__` and whose entries are at
                // most a third holes; else an empty dict merging it.
                let (d, copied) = self.with(|cx| -> Result<(Value, bool)> {
                    let o = cx.obj(c)?;
                    let data = o.borrow();
                    let Kind::Dict(t) = &data.kind else {
                        return Ok((Value::None, false));
                    };
                    let copy = if t.len() == 0 {
                        Table::default()
                    } else if t.copies_layout()
                        && (data.class.is_none() || find_in_class(cx, o, "__iter__").is_none())
                    {
                        t.clone_dict()
                    } else {
                        return Ok((Value::None, false));
                    };
                    let d = cx.alloc(Kind::Dict(Box::new(copy)), None);
                    Ok((cx.value(&Val::Obj(d)), true))
                })?;
                if copied {
                    return Ok(d);
                }
                let d = self.dict(&[])?;
                if !self.dict_merge(&d, c)? {
                    self.each_pair(c, |k, v| self.dict_store(&d, &k, &v))?;
                }
                Ok(d)
            }
            // An exact frozenset's copy is itself (it cannot change: CPython's
            // `frozenset_copy`); a subclass's instance copies into a plain frozenset.
            Plain::FrozenSet if self.is_exact_frozenset(c)? => Ok(c.clone()),
            Plain::Set | Plain::FrozenSet => self.new_set(kind, Some(c)),
            Plain::List => self.list(&self.raw_items(c)?),
        }
    }

    pub(crate) fn plain_clear(&self, kind: Plain, c: &Value) -> Result<()> {
        if kind == Plain::FrozenSet {
            return Err(self.no_method(c, "clear"));
        }
        self.with(|cx| {
            let o = cx.obj(c)?;
            match &mut o.borrow_mut(cx.mc).kind {
                Kind::Dict(t) | Kind::Set(t) => t.clear(),
                Kind::List(l) => l.clear(),
                _ => {}
            }
            Ok(())
        })
    }

    pub(crate) fn dict_values(&self, d: &Value) -> Result<Vec<Value>> {
        Ok(self.items(d)?.into_iter().map(|(_, v)| v).collect())
    }

    /// Removes `item` from a plain set; whether it was there.
    pub(crate) fn set_discard(&self, s: &Value, item: &Value) -> Result<bool> {
        match self.hash(item) {
            Ok(h) => self.set_discard_hashed(s, item, h),
            Err(e) => self.set_discard(s, &self.frozen_key(item, e)?),
        }
    }

    /// `l.pop(index)` of a list (the last item without `index`), as CPython's.
    pub(crate) fn list_pop(&self, l: &Value, index: Option<&Value>) -> Result<Value> {
        let i = index.map(|i| self.as_index(i)).transpose()?;
        self.with(|cx| {
            let o = cx.obj(l)?;
            let mut data = o.borrow_mut(cx.mc);
            let Kind::List(items) = &mut data.kind else {
                drop(data);
                return Err(Error::AttributeError(format!(
                    "'{}' object has no attribute 'pop'",
                    crate::repr::tp_name(cx, &Val::Obj(o))
                )));
            };
            if items.is_empty() {
                return Err(Error::IndexError("pop from empty list".into()));
            }
            let len = items.len() as i64;
            let i = i.unwrap_or(-1);
            let j = if i < 0 { i + len } else { i };
            if !(0..len).contains(&j) {
                return Err(Error::IndexError("pop index out of range".into()));
            }
            Ok(cx.value(&items.remove(j as usize)))
        })
    }

    /// `s.pop()` of a set: CPython's `set_pop`, the member at the set's finger or
    /// after it.
    pub(crate) fn plain_set_pop(&self, s: &Value) -> Result<Value> {
        let popped = self.with(|cx| -> Result<Option<Value>> {
            Ok(match &mut cx.obj(s)?.borrow_mut(cx.mc).kind {
                Kind::Set(t) => t.pop_member().map(|e| cx.value(&e.key)),
                _ => None,
            })
        })?;
        popped.ok_or_else(|| Error::key_error_msg("pop from an empty set"))
    }
}
