//! CPython's dict views: `d.keys()` (`dict_keys`), `d.values()` (`dict_values`) and
//! `d.items()` (`dict_items`), live windows on a dict.
//!
//! Invariant: a view holds its dict strongly (a traced pointer) and keeps nothing
//! else: its length, members, iteration, `in`, repr and comparisons read the dict as
//! it is at that moment (the dict's own table, whatever its class defines, as
//! CPython's C code reads it). Keys and items views are set-like (`==` against sets
//! and other set-like views, `&`, `|`, `-`, `^` giving a `set`, `isdisjoint`); a
//! values view is equal to itself only. Views are neither hashable nor weakly
//! referenceable. User code (`__eq__`, `__hash__` of the members) runs outside the
//! arena, on handles.

use crate::heap::Ctx;
use crate::iteration::Flavor;
use crate::methods::Plain;
use crate::object::{GcObj, Kind, Val};
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
    Ok(match &cx.obj(v)?.borrow().kind {
        Kind::Set(_) | Kind::FrozenSet(_) => Side::Set,
        Kind::View { view, .. } => Side::View(*view),
        _ => Side::Other,
    })
}

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
        let (sa, sb) =
            self.with(|cx| -> Result<(Side, Side)> { Ok((side_of(cx, a)?, side_of(cx, b)?)) })?;
        let set_like = |s: Side| matches!(s, Side::View(v) if v.set_like());
        let (view, other) = if set_like(sa) && matches!(sb, Side::Set | Side::View(_)) {
            (a, b)
        } else if set_like(sb) && sa == Side::Set {
            (b, a)
        } else {
            return Ok(None);
        };
        if matches!(sb, Side::View(View::Values)) {
            return Ok(None);
        }
        if self.len(view)? != self.len(other)? {
            return Ok(Some(false));
        }
        let missing = self.for_each(view, |x| Ok(!self.contains(other, &x)?))?;
        Ok(Some(!missing))
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
        let source = match self.as_view(a)? {
            Some((d, View::Keys)) => d,
            _ => a.clone(),
        };
        let result = self.set(&[])?;
        self.plain_update(Plain::Set, &result, &source)?;
        match op {
            BinaryOp::Or => self.plain_update(Plain::Set, &result, b)?,
            BinaryOp::And => self.plain_set_update(Plain::Set, &result, b, "intersection")?,
            BinaryOp::Sub => self.plain_set_update(Plain::Set, &result, b, "difference")?,
            _ => self.plain_set_update(Plain::Set, &result, b, "symmetric_difference")?,
        }
        Ok(result)
    }

    /// `d1.items() ^ d2.items()` as CPython's `dictitems_xor`: the pairs of `d2`
    /// whose key `d1` lacks or holds with an unequal value, then those of `d1` left,
    /// no value hashed (equal pairs with unhashable values cancel out).
    fn items_xor(&self, d1: &Value, d2: &Value) -> Result<Value> {
        let left = self.dict(&self.items(d1)?)?;
        let result = self.set(&[])?;
        for (k, v2) in self.items(d2)? {
            let same = match self.lookup(&left, &k)? {
                Some(v1) => v1.is(&v2) || self.eq(&v1, &v2)?,
                None => false,
            };
            if same {
                self.delitem(&left, &k)?;
            } else {
                self.set_add(&result, &self.tuple(&[k, v2])?)?;
            }
        }
        for (k, v) in self.items(&left)? {
            self.set_add(&result, &self.tuple(&[k, v])?)?;
        }
        Ok(result)
    }

    /// `view.isdisjoint(other)`: no item of `other` is in the view.
    pub(crate) fn view_isdisjoint(&self, v: &Value, other: &Value) -> Result<bool> {
        if other.is(v) {
            return Ok(self.len(v)? == 0);
        }
        let common = self.for_each(other, |x| self.contains(v, &x))?;
        Ok(!common)
    }
}
