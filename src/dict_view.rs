//! CPython's dict views: `d.keys()` (`dict_keys`), `d.values()` (`dict_values`) and
//! `d.items()` (`dict_items`), live windows on a dict.
//!
//! Invariant: a view holds its dict strongly (a traced pointer) and keeps nothing
//! else: its length, members, iteration, `in`, repr and comparisons read the dict as
//! it is at that moment (the dict's own table, whatever its class defines, as
//! CPython's C code reads it). Keys and items views are set-like (`==` and `<`…
//! against sets and other set-like views, answered by the view before any method of
//! the other operand's, `&`, `|`, `-`, `^` giving a `set`, `isdisjoint`), each as
//! CPython's `dictobject.c` does it, down to which side it iterates and which it
//! asks `in`; a values view is equal to itself only. Views are neither hashable nor weakly
//! referenceable. User code (`__eq__`, `__hash__` of the members) runs outside the
//! arena, on handles.

use crate::heap::Ctx;
use crate::iteration::Flavor;
use crate::methods::Plain;
use crate::object::{GcObj, Kind, Val};
use crate::protocols::lookup::Probe;
use crate::types::Builtin;
use crate::{BinaryOp, Heap, Result, Value};

/// Which view of a dict.
#[derive(Copy, Clone, PartialEq, Eq, Debug)]
pub(crate) enum View {
    Keys,
    Values,
    Items,
}

impl View {
    pub(crate) fn builtin(self) -> Builtin {
        match self {
            View::Keys => Builtin::DictKeys,
            View::Values => Builtin::DictValues,
            View::Items => Builtin::DictItems,
        }
    }

    /// Whether it is set-like (CPython's `PyDictViewSet_Check`): keys and items.
    pub(crate) fn set_like(self) -> bool {
        self != View::Values
    }

    /// The flavour of its iterator, forward or reversed.
    pub(crate) fn flavor(self, reverse: bool) -> Flavor {
        match (self, reverse) {
            (View::Keys, false) => Flavor::DictKeys,
            (View::Values, false) => Flavor::DictValues,
            (View::Items, false) => Flavor::DictItems,
            (View::Keys, true) => Flavor::DictReverseKeys,
            (View::Values, true) => Flavor::DictReverseValues,
            (View::Items, true) => Flavor::DictReverseItems,
        }
    }
}

/// The dict and the view of object `o`, if it is a view.
pub(crate) fn view_of<'gc>(o: GcObj<'gc>) -> Option<(GcObj<'gc>, View)> {
    match &o.borrow().kind {
        Kind::View { dict, view } => Some((*dict, *view)),
        _ => None,
    }
}

/// The number of entries of the dict a view shows.
pub(crate) fn view_len(dict: GcObj<'_>) -> usize {
    match &dict.borrow().kind {
        Kind::Dict(t) => t.len(),
        _ => 0,
    }
}

/// What `x` is to the set-like views' comparisons and operators.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Side {
    /// Exactly a `set` (CPython's `PySet_CheckExact`).
    ExactSet,
    /// A set or frozenset (or an instance of a subclass).
    Set,
    /// A view, of which kind.
    View(View),
    Other,
}

fn side_of<'gc>(cx: &Ctx<'_, 'gc>, v: &Value) -> Result<Side> {
    let Value::Obj(_) = v else {
        return Ok(Side::Other);
    };
    let o = cx.obj(v)?;
    let data = o.borrow();
    Ok(match &data.kind {
        Kind::Set(_) if data.class.is_none() => Side::ExactSet,
        Kind::Set(_) | Kind::FrozenSet(_) => Side::Set,
        Kind::View { view, .. } => Side::View(*view),
        _ => Side::Other,
    })
}

/// A dict entry read out of its table: key, value and the hash stored with them.
type Stored = (Value, Value, i64);

impl Heap {
    /// A new view of dict `d` (`d.keys()`, `d.values()`, `d.items()`).
    pub(crate) fn dict_view(&self, d: &Value, view: View) -> Result<Value> {
        self.with(|cx| {
            let dict = cx.obj(d)?;
            let v = cx.alloc(Kind::View { dict, view }, None);
            Ok(cx.value(&Val::Obj(v)))
        })
    }

    /// The view `v` is, with its dict, if it is one.
    fn as_view(&self, v: &Value) -> Result<Option<(Value, View)>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| Ok(view_of(cx.obj(v)?).map(|(d, view)| (cx.value(&Val::Obj(d)), view))))
    }

    /// What `v` is to the set-like views (see [`Side`]).
    fn side(&self, v: &Value) -> Result<Side> {
        self.with(|cx| side_of(cx, v))
    }

    /// Whether `v` is a set or frozenset (or a subclass's instance), or a set-like
    /// view: CPython's `PyAnySet_Check(v) || PyDictViewSet_Check(v)`.
    fn set_or_set_like(&self, v: &Value) -> Result<bool> {
        Ok(match self.side(v)? {
            Side::ExactSet | Side::Set => true,
            Side::View(view) => view.set_like(),
            Side::Other => false,
        })
    }

    /// `item in view` for a keys or items view (a values view is searched by
    /// iterating it): a key lookup in the dict; for items, a 2-tuple whose key is
    /// there with a value equal to its second item (anything else is not in it).
    pub(crate) fn view_contains(&self, c: &Value, item: &Value) -> Result<Option<bool>> {
        let Some((d, view)) = self.as_view(c)? else {
            return Ok(None);
        };
        match view {
            View::Keys => Ok(Some(self.lookup(&d, item)?.is_some())),
            View::Values => Ok(None),
            View::Items => {
                let pair = self.with(|cx| -> Result<Option<(Value, Value)>> {
                    let Value::Obj(_) = item else { return Ok(None) };
                    // (Exactly a tuple or an instance of a subclass: CPython's
                    // `PyTuple_Check`.)
                    Ok(match &cx.obj(item)?.borrow().kind {
                        Kind::Tuple(t) if t.len() == 2 => Some((cx.value(&t[0]), cx.value(&t[1]))),
                        _ => None,
                    })
                })?;
                let Some((k, v)) = pair else {
                    return Ok(Some(false));
                };
                Ok(Some(match self.lookup(&d, &k)? {
                    Some(found) => found.is(&v) || self.eq(&found, &v)?,
                    None => false,
                }))
            }
        }
    }

    /// `a == b` when `a` or `b` is a set-like view and the other a set, a frozenset
    /// or a set-like view (CPython's `dictview_richcompare`, the view's side asked
    /// whichever operand it is): the same size and every member of the view in the
    /// other. `None` for any other pair.
    pub(crate) fn view_eq(&self, a: &Value, b: &Value) -> Result<Option<bool>> {
        let (sa, sb) = (self.side(a)?, self.side(b)?);
        let set_like = |s: Side| matches!(s, Side::View(v) if v.set_like());
        let set = |s: Side| matches!(s, Side::ExactSet | Side::Set);
        let (view, other) = if set_like(sa) && (set(sb) || set_like(sb)) {
            (a, b)
        } else if set_like(sb) && set(sa) {
            (b, a)
        } else {
            return Ok(None);
        };
        if self.len(view)? != self.len(other)? {
            return Ok(Some(false));
        }
        Ok(Some(self.all_contained_in(view, other)?))
    }

    /// `a == b` asked of `a` first: [`view_eq`](Self::view_eq) when `a` is a set-like
    /// view, before any `__eq__` of `b` (a `set` subclass's is not asked: it is no
    /// subclass of the view's type, so CPython's `do_richcompare` asks the view
    /// first, and the view answers). `None` otherwise.
    pub(crate) fn view_eq_first(&self, a: &Value, b: &Value) -> Result<Option<bool>> {
        match self.side(a)? {
            Side::View(view) if view.set_like() => self.view_eq(a, b),
            _ => Ok(None),
        }
    }

    /// `a < b` (`<=`, `>`, `>=`) when `a` is a set-like view and `b` a set, a
    /// frozenset or a set-like view (CPython's `dictview_richcompare`: sizes first,
    /// by `len()`, then every item of the smaller side, iterated, `in` the other).
    /// `None` for any other pair.
    pub(crate) fn view_compare(
        &self,
        a: &Value,
        b: &Value,
        op: crate::CompareOp,
    ) -> Result<Option<bool>> {
        use crate::CompareOp::{Ge, Gt, Le, Lt};
        if !matches!(self.side(a)?, Side::View(v) if v.set_like()) || !self.set_or_set_like(b)? {
            return Ok(None);
        }
        let (la, lb) = (self.len(a)?, self.len(b)?);
        Ok(Some(match op {
            Lt => la < lb && self.all_contained_in(a, b)?,
            Le => la <= lb && self.all_contained_in(a, b)?,
            Gt => la > lb && self.all_contained_in(b, a)?,
            Ge => la >= lb && self.all_contained_in(b, a)?,
        }))
    }

    /// Every item of `x`, iterated, is `in` `y` (CPython's `all_contained_in`).
    fn all_contained_in(&self, x: &Value, y: &Value) -> Result<bool> {
        Ok(!self.for_each_iterated(x, |item| Ok(!self.contains(y, &item)?))?)
    }

    /// `a op b` (`&`, `|`, `-`, `^`) where `a` or `b` is a set-like view (CPython's
    /// `dictviews_and` and the others): a new `set` of the left operand's members
    /// (a keys view's dict's keys), updated by the right operand as
    /// `intersection_update`, `update`, `difference_update` or
    /// `symmetric_difference_update` would.
    pub(crate) fn view_set_op(&self, a: &Value, b: &Value, op: BinaryOp) -> Result<Value> {
        if op == BinaryOp::Xor
            && let (Some((d1, View::Items)), Some((d2, View::Items))) =
                (self.as_view(a)?, self.as_view(b)?)
        {
            return self.items_xor(&d1, &d2);
        }
        if op == BinaryOp::And {
            return self.view_and(a, b);
        }
        // A keys view of a plain dict is read as the dict (CPython's
        // `dictviews_to_set`); of a subclass's instance, as the view (its table, not
        // the class's `__iter__`).
        let source = match self.as_view(a)? {
            Some((d, View::Keys))
                if self.with(|cx| Ok(cx.obj(&d)?.borrow().class.is_none()))? =>
            {
                d
            }
            _ => a.clone(),
        };
        let result = self.set(&[])?;
        self.plain_update(Plain::Set, &result, &source)?;
        match op {
            BinaryOp::Or => self.plain_update(Plain::Set, &result, b)?,
            BinaryOp::Sub => self.plain_set_update(Plain::Set, &result, b, "difference")?,
            _ => self.plain_set_update(Plain::Set, &result, b, "symmetric_difference")?,
        }
        Ok(result)
    }

    /// `a & b` as CPython's `_PyDictView_Intersect`: with `me` the set-like view
    /// (either operand), `other.intersection(me)` if `other` is exactly a `set` no
    /// smaller than it; else a new `set` of the items of `other` (of the smaller of
    /// two set-like views) that are `in` the other side, as the iteration gives them
    /// (so a view's members are only looked up, never hashed as a whole: an items
    /// view with unhashable values meets an empty or disjoint operand).
    fn view_and(&self, a: &Value, b: &Value) -> Result<Value> {
        let a_set_like = matches!(self.side(a)?, Side::View(v) if v.set_like());
        let (mut me, mut other) = if a_set_like { (a, b) } else { (b, a) };
        let len_me = self.len(me)?;
        match self.side(other)? {
            Side::ExactSet if len_me <= self.len(other)? => {
                return self.plain_set_op(Plain::Set, other, me, "intersection");
            }
            Side::View(v) if v.set_like() && self.len(other)? > len_me => {
                std::mem::swap(&mut me, &mut other);
            }
            _ => {}
        }
        let result = self.set(&[])?;
        self.for_each_iterated(other, |x| {
            if self.contains(me, &x)? {
                self.set_add(&result, &x)?;
            }
            Ok(false)
        })?;
        Ok(result)
    }

    /// `d1.items() ^ d2.items()` as CPython's `dictitems_xor`: the pairs of `d2`
    /// whose key `d1` lacks or holds with an unequal value, then those of `d1` left,
    /// no value hashed (equal pairs with unhashable values cancel out), and no key
    /// hashed again (a copy of `d1`'s table looked up with `d2`'s stored hashes);
    /// `d2`'s entries read at their positions as their turn comes (`_PyDict_Next`:
    /// a value's `__eq__` may change `d2`, and an entry it removed is not read).
    fn items_xor(&self, d1: &Value, d2: &Value) -> Result<Value> {
        // CPython's `PyDict_Copy(d1)`: a copy of the layout, or an empty dict
        // merging `d1`, each key stored by a lookup (which asks the colliding keys
        // stored before it) or, for a class with its own `__iter__`, by `keys()`.
        let left = self.plain_copy(Plain::Dict, d1)?;
        let result = self.set(&[])?;
        let mut pos = 0;
        loop {
            let next = self.with(|cx| -> Result<Option<(usize, Stored)>> {
                Ok(match &cx.obj(d2)?.borrow().kind {
                    Kind::Dict(t) => t
                        .next_from(pos)
                        .map(|(i, e)| (i, (cx.value(&e.key), cx.value(&e.value), e.hash))),
                    _ => None,
                })
            })?;
            let Some((i, (k, v2, h))) = next else { break };
            pos = i + 1;
            let found = match self.probe(&left, &k, h)? {
                Probe::Found(pos) => self.with(|cx| {
                    Ok(match &cx.obj(&left)?.borrow().kind {
                        Kind::Dict(t) => t.entry(pos).map(|e| cx.value(&e.value)),
                        _ => None,
                    })
                })?,
                Probe::Missing => None,
            };
            let same = match found {
                Some(v1) => v1.is(&v2) || self.eq(&v1, &v2)?,
                None => false,
            };
            if same {
                // (Found again: the comparison may have run user code.)
                if let Probe::Found(pos) = self.probe(&left, &k, h)? {
                    self.with(|cx| {
                        if let Kind::Dict(t) = &mut cx.obj(&left)?.borrow_mut(cx.mc).kind {
                            t.remove(pos);
                        }
                        Ok(())
                    })?;
                }
            } else {
                self.set_add(&result, &self.tuple(&[k, v2])?)?;
            }
        }
        for (k, v) in self.items(&left)? {
            self.set_add(&result, &self.tuple(&[k, v])?)?;
        }
        Ok(result)
    }

    /// `view.isdisjoint(other)`: no item of `other` is in the view; or, when `other`
    /// is a set, a frozenset or a set-like view larger (by `len()`) than the view, no
    /// item of the view is in `other` (CPython's `dictviews_isdisjoint` iterates the
    /// smaller side).
    pub(crate) fn view_isdisjoint(&self, v: &Value, other: &Value) -> Result<bool> {
        if other.is(v) {
            return Ok(self.len(v)? == 0);
        }
        let (mut probed, mut iterated) = (v, other);
        if self.set_or_set_like(other)? && self.len(other)? > self.len(v)? {
            std::mem::swap(&mut probed, &mut iterated);
        }
        let common = self.for_each_iterated(iterated, |x| self.contains(probed, &x))?;
        Ok(!common)
    }
}
