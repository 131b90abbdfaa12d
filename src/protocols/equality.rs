//! Equality: `a == b` and `a != b` as CPython's `do_richcompare` answers them (the
//! reflected operand first when it is a proper subclass, each operand's method in its
//! turn, identity last), through proxies and weak references, and the key equality
//! that dict and set lookups use.
//!
//! Invariant: what no user code and no recursion decides (the same object, two
//! immediate values, an object compared by identity) is answered inside the arena
//! pass that read it (`fast_eq`, `lookup_eq`, `item_eq_fast`), so a dict or set
//! lookup of such keys runs no user code; anything else (containers item by item,
//! instances by their `__eq__` or `__ne__`) is compared outside the arena, with the
//! recursion guard of `enter_comparison` held.

use crate::heap::Ctx;
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

use super::lookup::find_key_fast;
use super::{Operands, bind, builtin_value, find_in_class, is_user_instance, referent_of};

/// Whether the builtin rich comparison of `x` (a builtin value, or an instance of a
/// subclass of a builtin type, by its layout) answers for `y` rather than returning
/// `NotImplemented`, as CPython's do: `y` of the same builtin kind, or an int beside
/// a float (`float_richcompare` takes ints; `long_richcompare` takes no floats), any
/// set or frozenset beside a set.
pub(crate) fn builtin_cmp_answers(x: &Val<'_>, y: &Val<'_>) -> bool {
    match (builtin_cmp_kind(x), builtin_cmp_kind(y)) {
        (Some(kx), Some(ky)) => kx == ky || (kx == Builtin::Float && ky == Builtin::Int),
        _ => false,
    }
}

/// The builtin type whose comparison `v` has, by its layout (a frozenset's is a
/// set's: the two compare alike), among those [`builtin_cmp_answers`] knows.
fn builtin_cmp_kind(v: &Val<'_>) -> Option<Builtin> {
    Some(match v {
        Val::Int(_) | Val::Bool(_) => Builtin::Int,
        Val::Float(_) => Builtin::Float,
        Val::Str(_) => Builtin::Str,
        Val::Obj(o) => match Builtin::of_kind(&o.borrow().kind) {
            b @ (Builtin::Int
            | Builtin::Float
            | Builtin::Str
            | Builtin::Tuple
            | Builtin::Bytes
            | Builtin::List
            | Builtin::Dict
            | Builtin::Set) => b,
            Builtin::FrozenSet => Builtin::Set,
            _ => return None,
        },
        _ => return None,
    })
}

/// What a comparison gives: a `bool`, or the object a user's rich comparison method
/// returned, as Python's expression `a == b` gives it (truth-tested only where a
/// `bool` is wanted: [`Answer::truth`]).
pub(crate) enum Answer {
    Bool(bool),
    Raw(Value),
}

impl From<bool> for Answer {
    fn from(b: bool) -> Answer {
        Answer::Bool(b)
    }
}

impl Answer {
    /// Its truth (a raw object's `__bool__` or `__len__` asked).
    pub(crate) fn truth(&self, heap: &Heap) -> Result<bool> {
        match self {
            Answer::Bool(b) => Ok(*b),
            Answer::Raw(v) => heap.truthy(v),
        }
    }

    /// As the expression gives it.
    pub(crate) fn value(self) -> Value {
        match self {
            Answer::Bool(b) => Value::Bool(b),
            Answer::Raw(v) => v,
        }
    }
}

/// The `__eq__` of an instance of a user class, bound, if its class has one.
fn user_eq<'gc>(cx: &Ctx<'_, 'gc>, o: Option<GcObj<'gc>>) -> Option<Value> {
    let o = o.filter(|o| is_user_instance(*o))?;
    find_in_class(cx, o, "__eq__").map(|m| bind(cx, &m, o))
}

/// Where one arena pass of a dict's or set's `==` stopped (`EqPlan::Mapping`).
enum MappingStep {
    /// The answer, every entry read.
    Equal(bool),
    /// Entry `i` (key, value, stored hash), whose lookup in the right operand may run
    /// user code.
    Lookup(usize, Value, Value, i64),
    /// Entry `i`'s value and the right operand's, whose comparison may run user code.
    Values(usize, Value, Value),
}

/// Whether deciding `a == b` may need user code or recursion; `Some(answer)` when not.
pub(crate) fn fast_eq<'gc>(cx: &Ctx<'_, 'gc>, a: &Val<'gc>, b: &Val<'gc>) -> Option<bool> {
    match (a, b) {
        // The same object is equal to itself without asking only where nothing of
        // its own decides: `==` has no identity shortcut in CPython (an `__eq__`
        // returning False, a NaN float subclass, a live weak reference whose
        // referent's `__eq__` says no); containers' own item comparisons have one
        // (`lookup_eq`, and `eq`'s item loops).
        (Val::Obj(x), Val::Obj(y)) if gc_arena::Gc::ptr_eq(*x, *y) && !needs_slow_eq(cx, *x) => {
            Some(true)
        }
        (Val::Obj(x), other) | (other, Val::Obj(x)) => {
            if needs_slow_eq(cx, *x) {
                return None;
            }
            match other {
                Val::Obj(y) if needs_slow_eq(cx, *y) => None,
                _ => Some(false),
            }
        }
        (Val::Str(x), Val::Str(y)) => Some(x == y),
        (Val::Str(_), _) | (_, Val::Str(_)) => Some(false),
        (Val::None, Val::None) => Some(true),
        (Val::None, _) | (_, Val::None) => Some(false),
        _ => Some(num_cmp(num(a)?, num(b)?) == Some(std::cmp::Ordering::Equal)),
    }
}

fn num(v: &Val<'_>) -> Option<Num> {
    match v {
        Val::Bool(b) => Some(Num::Int(i64::from(*b))),
        Val::Int(i) => Some(Num::Int(*i)),
        Val::Float(f) => Some(Num::Float(*f)),
        _ => None,
    }
}

/// A number as Python compares it: ints exactly, floats as IEEE doubles.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Num {
    Int(i64),
    Float(f64),
}

/// Python's comparison of two numbers: exact between an int and a float (no rounding
/// of the int to a double), `None` when a NaN is involved.
pub(crate) fn num_cmp(a: Num, b: Num) -> Option<std::cmp::Ordering> {
    match (a, b) {
        (Num::Int(x), Num::Int(y)) => Some(x.cmp(&y)),
        (Num::Float(x), Num::Float(y)) => x.partial_cmp(&y),
        (Num::Int(x), Num::Float(y)) => int_float_cmp(x, y),
        (Num::Float(x), Num::Int(y)) => int_float_cmp(y, x).map(std::cmp::Ordering::reverse),
    }
}

fn int_float_cmp(i: i64, f: f64) -> Option<std::cmp::Ordering> {
    use std::cmp::Ordering::*;
    if f.is_nan() {
        return None;
    }
    let floor = f.floor();
    // Beyond i64's range (or infinite): the float decides by its sign.
    if floor >= 9.223_372_036_854_776e18 {
        return Some(Less);
    }
    if floor < -9.223_372_036_854_776e18 {
        return Some(Greater);
    }
    match i128::from(i).cmp(&(floor as i128)) {
        Equal if f > floor => Some(Less),
        other => Some(other),
    }
}

fn needs_slow_eq<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> bool {
    let data = o.borrow();
    match &data.kind {
        Kind::Tuple(_) | Kind::List(_) | Kind::Dict(_) | Kind::Set(_) | Kind::FrozenSet(_) => true,
        Kind::Int(_) | Kind::Float(_) | Kind::Str(_) | Kind::Bytes(_) | Kind::Slice(_) => true,
        Kind::Method { .. } | Kind::BuiltinMethod { .. } => true,
        // (Keys and items views compare as sets; a values view by identity.)
        Kind::View { view, .. } => view.set_like(),
        Kind::WeakRef(w) => !matches!(w.flavor, WeakFlavor::Proxy { .. }) || w.referent.is_some(),
        _ => data.class.is_some() && find_in_class(cx, o, "__eq__").is_some(),
    }
}

/// What `eq` needs to do after looking at both operands.
enum EqPlan {
    Done(bool),
    /// The operands' `__eq__` methods, in the order asked, each with its argument;
    /// and, should they all decline, whether the other operand's builtin comparison
    /// answers (else identity does), and whether that is the right operand's.
    Call(Vec<(Value, Value)>, bool, bool),
    /// No user `__eq__`, and the right operand's type is a proper subclass of the
    /// left's: its builtin comparison answers, with the operands swapped.
    Reflected,
    /// Items compared pairwise; then the answer is whether the lengths agree.
    Pairwise(Vec<(Value, Value)>, bool),
    /// Two lists of one length, their items read at each step ([`Heap::list_eq`]).
    Lists,
    /// Every key of the left in the right, with equal values (dicts) or not (sets).
    Mapping {
        left: Value,
        right: Value,
        values: bool,
    },
    /// Between weak references, or a `WeakMethod` and anything ([`weak_cmp`]).
    Weak(WeakCmp),
    /// A dict view on either side (`Heap::view_eq`; else identity).
    View,
}

/// How `==` or `!=` between `x` and `y` is decided when weak references decide it,
/// as CPython's `weakref_richcompare` and `WeakMethod.__eq__`/`__ne__`: a
/// `WeakMethod` on the left declines anything but a `WeakMethod` (`Reflected`: the
/// right operand answers); between two weak references (refs, `WeakMethod`s,
/// proxies kept as operands: a weak reference on the left answers for a proxy on
/// the right), if either is dead (a `WeakMethod` also once its function is), by
/// identity; else by the referents' comparison, with, between two `WeakMethod`s,
/// their functions' (asked after the referents', as `ref.__eq__(self, other) and
/// self._func_ref == other._func_ref`). `None` otherwise.
enum WeakCmp {
    Reflected,
    Identity(bool),
    /// The referents, and for two `WeakMethod`s their functions' references, compared
    /// after the referents (`ref.__eq__(self, other) and self._func_ref ==
    /// other._func_ref`).
    Referents(Value, Value, Option<(Value, Value)>),
}

/// Whether `v` is a `WeakMethod`, whose `__eq__`/`__ne__` return `NotImplemented`
/// for anything but another `WeakMethod`: the right operand then answers, reflected.
fn is_weak_method(v: &Val<'_>) -> bool {
    matches!(v, Val::Obj(o) if matches!(&o.borrow().kind,
        Kind::WeakRef(w) if matches!(w.flavor, WeakFlavor::Method(_))))
}

fn weak_cmp<'gc>(cx: &Ctx<'_, 'gc>, x: &Val<'gc>, y: &Val<'gc>) -> Option<WeakCmp> {
    if is_weak_method(x) && !is_weak_method(y) {
        return Some(WeakCmp::Reflected);
    }
    let (&Val::Obj(x), &Val::Obj(y)) = (x, y) else {
        return None;
    };
    let (xd, yd) = (x.borrow(), y.borrow());
    let (Kind::WeakRef(p), Kind::WeakRef(q)) = (&xd.kind, &yd.kind) else {
        return None;
    };
    let identity = Some(WeakCmp::Identity(gc_arena::Gc::ptr_eq(x, y)));
    let (Some(pt), Some(qt)) = (
        p.referent.and_then(|r| r.upgrade(cx.mc)),
        q.referent.and_then(|r| r.upgrade(cx.mc)),
    ) else {
        return identity;
    };
    let mut funcs = None;
    if let (WeakFlavor::Method(m1), WeakFlavor::Method(m2)) = (&p.flavor, &q.flavor) {
        // `WeakMethod._alive` is false once either referent died.
        if referent_of(cx, m1.func_ref).is_none() || referent_of(cx, m2.func_ref).is_none() {
            return identity;
        }
        // The references, not their referents: compared once the instances have
        // been, as references (a function the instances' `__eq__` let die makes them
        // compare by identity).
        funcs = Some((
            cx.value(&Val::Obj(m1.func_ref)),
            cx.value(&Val::Obj(m2.func_ref)),
        ));
    }
    Some(WeakCmp::Referents(
        cx.value(&Val::Obj(pt)),
        cx.value(&Val::Obj(qt)),
        funcs,
    ))
}

/// Key equality as CPython's dict and set lookups decide it: the same object (a
/// float with the same bits, lethe's floats being values: a NaN finds itself) is
/// equal without being asked; else `fast_eq`.
pub(crate) fn lookup_eq<'gc>(cx: &Ctx<'_, 'gc>, a: &Val<'gc>, b: &Val<'gc>) -> Option<bool> {
    if same(a, b) {
        Some(true)
    } else {
        fast_eq(cx, a, b)
    }
}

/// `a == b` between two items a container compares in place (a list's, a dict's
/// values), as CPython's `PyObject_RichCompareBool`: `Some` only where neither user
/// code nor a proxy or weak container could decide, the same object or value, or
/// two immediate values; else `None`. (`fast_eq` is for keys, which are hashable: it
/// would answer a dead proxy or two weak sets by identity.)
pub(crate) fn item_eq_fast<'gc>(cx: &Ctx<'_, 'gc>, a: &Val<'gc>, b: &Val<'gc>) -> Option<bool> {
    if same(a, b) {
        return Some(true);
    }
    match (a, b) {
        (Val::Obj(_), _) | (_, Val::Obj(_)) => None,
        _ => fast_eq(cx, a, b),
    }
}

/// Same object or same immediate value (no user code).
pub(crate) fn same<'gc>(a: &Val<'gc>, b: &Val<'gc>) -> bool {
    match (a, b) {
        (Val::Obj(x), Val::Obj(y)) => gc_arena::Gc::ptr_eq(*x, *y),
        (Val::Str(x), Val::Str(y)) => x == y,
        (Val::Int(x), Val::Int(y)) => x == y,
        (Val::Bool(x), Val::Bool(y)) => x == y,
        (Val::Float(x), Val::Float(y)) => x.to_bits() == y.to_bits(),
        (Val::None, Val::None) => true,
        _ => false,
    }
}

impl Heap {
    /// Python's `a != b`: the left operand's `__ne__`; else, if the left operand's class
    /// defines `__eq__`, its negation (what `object.__ne__` does); else the right
    /// operand's `__ne__` (reflected); else the negation of `a == b`.
    ///
    /// ```
    /// use lethe::Value;
    /// let heap = lethe::Heap::new();
    /// assert!(heap.ne(&1.into(), &2.into())?);
    /// assert!(!heap.ne(&1.into(), &1.0.into())?);
    /// // A class whose `__ne__` is not the negation of its `__eq__`.
    /// let odd = heap
    ///     .class("Odd")
    ///     .method("__eq__", |_, _| Ok(true.into()))
    ///     .method("__ne__", |_, _| Ok(true.into()))
    ///     .build()?;
    /// let o = heap.call(&odd, &[])?;
    /// assert!(heap.eq(&o, &Value::None)? && heap.ne(&o, &Value::None)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn ne(&self, a: &Value, b: &Value) -> Result<bool> {
        self.ne_answer(a, b)?.truth(self)
    }

    /// Python's expression `a != b`: what a user's `__ne__` returned, not
    /// truth-tested, else a `bool`, as [`ne`](Heap::ne) decides it (the negation of
    /// an `__eq__`'s result is a `bool`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").method("__ne__", |_, _| Ok("differs".into())).build()?;
    /// let o = heap.call(&c, &[])?;
    /// assert_eq!(heap.rich_ne(&o, &1.into())?.as_str(), Some("differs"));
    /// assert_eq!(heap.rich_ne(&1.into(), &1.into())?.as_bool(), Some(false));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn rich_ne(&self, a: &Value, b: &Value) -> Result<Value> {
        Ok(self.ne_answer(a, b)?.value())
    }

    fn ne_answer(&self, a: &Value, b: &Value) -> Result<Answer> {
        // A right-hand proxy is passed as it is to the left operand's `__ne__` or
        // `__eq__`, as `eq` passes it to `__eq__`.
        let (a, b) = match self.proxy_operands(a, b, |a| {
            Ok(self.is_weak_reference(a)?
                || self.has_user_method(a, "__ne__")?
                || self.has_user_method(a, "__eq__")?)
        })? {
            // The left operand's builtin comparison declines a proxy, whose own
            // runs the comparison again on its referent, reflected (`proxy != x`):
            // the referent's methods first.
            Operands::RightDeclined(rb) => return self.ne_answer(&rb, a),
            Operands::Pair(a, b) => (a, b),
        };
        if let Some(r) = self.view_eq_first(&a, &b)? {
            return Ok((!r).into()); // a set-like view on the left (dict_view.rs)
        }
        // Weak references: their referents' `!=` (`ref.__ne__(self, other) or
        // self._func_ref != other._func_ref` between two WeakMethods).
        if let Value::Obj(_) = &a {
            match self.with(|cx| Ok(weak_cmp(cx, &cx.val(&a)?, &cx.val(&b)?)))? {
                Some(WeakCmp::Reflected) => return self.ne_answer(&b, &a),
                Some(WeakCmp::Identity(same)) => return Ok((!same).into()),
                // (`x or y`: `x` if true, else `y`.)
                Some(WeakCmp::Referents(p, q, funcs)) => {
                    let first = self.ne_answer(&p, &q)?;
                    return match funcs {
                        Some((f, g)) if !first.truth(self)? => self.ne_answer(&f, &g),
                        _ => Ok(first),
                    };
                }
                None => {}
            }
        }
        // An instance's `!=` is its class's `__ne__`; else, for a subclass of a
        // builtin type, the builtin type's (`int.__ne__`: the values'); else the
        // negation of its `__eq__` (`object.__ne__`), passing on `NotImplemented`.
        // The left operand's first, unless the right operand's type is a proper
        // subclass of the left's.
        #[derive(Clone, Copy, PartialEq)]
        enum Ne {
            Method(&'static str),
            Builtin,
            None,
        }
        let slot = |x: &Value| -> Result<Ne> {
            Ok(if self.has_user_method(x, "__ne__")? {
                Ne::Method("__ne__")
            } else if self.builtin_layout_instance(x)? {
                Ne::Builtin
            } else if self.has_user_method(x, "__eq__")? {
                Ne::Method("__eq__")
            } else {
                Ne::None
            })
        };
        let (mut sa, mut sb) = (slot(&a)?, slot(&b)?);
        if sa == Ne::None && sb == Ne::None {
            return Ok((!self.eq(&a, &b)?).into());
        }
        // A builtin value or object has its type's `__ne__` too, asked in its turn:
        // on the left before the right operand's unless that is a proper subclass's
        // (`False != A(2)` for a subclass `A` of `int` is `int.__ne__`'s answer, not
        // `A`'s); on the right, once the left operand's declined, answering only an
        // operand it takes (`2 != A(2.0)`, `A` a subclass of `float` whose `__ne__`
        // declines, is identity's answer: `int.__ne__` declines a float).
        // (Among the builtin types whose comparison `builtin_cmp_answers` knows: a
        // view, a slice or a weak container answers in the fallback below.)
        let builtin = |v: &Value| -> Result<bool> {
            self.with(|cx| {
                let v = cx.val(v)?;
                let user = matches!(v, Val::Obj(o) if is_user_instance(o));
                Ok(!user && builtin_cmp_kind(&v).is_some())
            })
        };
        if sa == Ne::None && builtin(&a)? {
            sa = Ne::Builtin;
        }
        if sb == Ne::None && builtin(&b)? {
            sb = Ne::Builtin;
        }
        let order = if sb != Ne::None && self.proper_subclass_instance(&b, &a)? {
            [(&b, &a, sb), (&a, &b, sa)]
        } else {
            [(&a, &b, sa), (&b, &a, sb)]
        };
        for (x, y, slot) in order {
            match slot {
                // Looked up on the class, as CPython's slots are (not an instance
                // attribute of that name).
                Ne::Method(name) => {
                    let Some(m) = self.user_method(x, name)? else {
                        continue;
                    };
                    let r = self.call(&m, std::slice::from_ref(y))?;
                    if !self.is_not_implemented(&r) {
                        // (`object.__ne__` negates `__eq__`'s result: a `bool`.)
                        return Ok(if name == "__eq__" {
                            (!self.truthy(&r)?).into()
                        } else {
                            Answer::Raw(r)
                        });
                    }
                }
                // The builtin base's `__ne__`, unless it declines `y`.
                Ne::Builtin
                    if self.with(|cx| Ok(builtin_cmp_answers(&cx.val(x)?, &cx.val(y)?)))? =>
                {
                    return Ok((!self.eq_impl(x, y, true)?).into());
                }
                Ne::Builtin | Ne::None => {}
            }
        }
        if let Some(rb) = self.unproxy(&b)? {
            return self.ne_answer(&rb, &a);
        }
        // Both declined: identity; one did: the other operand's own comparison.
        if (sa != Ne::None && sb != Ne::None) || a.is(&b) {
            return Ok((!a.is(&b)).into());
        }
        Ok((!self.eq_impl(&a, &b, true)?).into())
    }

    /// One level of a comparison (`==`, `<`…), which may recurse into the items of
    /// containers: CPython's `RecursionError` "in comparison" past the depth limit.
    pub(crate) fn enter_comparison(&self) -> Result<impl Drop + '_> {
        self.enter_call().map_err(|e| match e {
            Error::RecursionError(_) => {
                Error::RecursionError("maximum recursion depth exceeded in comparison".into())
            }
            e => e,
        })
    }

    /// Python's `a == b`: numbers by value, strings and containers by contents,
    /// instances by `__eq__` (identity if the class defines none), live weak
    /// references by their referents, dead ones by identity; proxies compare their
    /// referents.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert!(heap.eq(&1.into(), &1.0.into())?);
    /// let a = heap.list(&[1.into()])?;
    /// let b = heap.list(&[1.into()])?;
    /// assert!(heap.eq(&a, &b)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn eq(&self, a: &Value, b: &Value) -> Result<bool> {
        self.eq_impl(a, b, false)
    }

    /// Python's expression `a == b`: what a user's `__eq__` returned, not
    /// truth-tested (an `__eq__` returning a list gives that list; so do weak
    /// references to such objects, and proxies), else a `bool`, as [`eq`](Heap::eq)
    /// decides it.
    ///
    /// ```
    /// use lethe::Value;
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").method("__eq__", |h, _| h.list(&[1.into()])).build()?;
    /// let o = heap.call(&c, &[])?;
    /// assert_eq!(heap.repr(&heap.rich_eq(&o, &2.into())?)?, "[1]");
    /// let r = heap.weakref(&o, None)?;
    /// assert_eq!(heap.repr(&heap.rich_eq(&r, &r)?)?, "[1]");
    /// assert!(heap.eq(&o, &2.into())?); // `bool([1])`
    /// assert_eq!(heap.rich_eq(&1.into(), &1.0.into())?.as_bool(), Some(true));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn rich_eq(&self, a: &Value, b: &Value) -> Result<Value> {
        Ok(self.eq_answer(a, b, false)?.value())
    }

    /// `a == b`; with `declined`, once the operands' `__eq__` methods returned
    /// `NotImplemented`: identity, or the builtin comparison of an operand that has no
    /// `__eq__` of its own (CPython's `do_richcompare` then asks that operand's type).
    fn eq_impl(&self, a: &Value, b: &Value, declined: bool) -> Result<bool> {
        self.eq_answer(a, b, declined)?.truth(self)
    }

    /// [`eq_impl`](Heap::eq_impl)'s answer, as the expression gives it.
    fn eq_answer(&self, a: &Value, b: &Value, declined: bool) -> Result<Answer> {
        let _depth = self.enter_comparison()?;
        let (a, b) = match self.proxy_operands(a, b, |a| {
            Ok(self.is_weak_reference(a)? || self.has_user_method(a, "__eq__")?)
        })? {
            // As `ne_answer`: the referent's methods first.
            Operands::RightDeclined(rb) => return self.eq_answer(&rb, a, declined),
            Operands::Pair(a, b) => (a, b),
        };
        if let Some(r) = self.container_eq(&a, &b)? {
            return Ok(r.into()); // a weak container on either side (weakref/containers.rs)
        }
        if let Some(r) = self.view_eq_first(&a, &b)? {
            return Ok(r.into()); // a set-like view on the left, a set or one on the right
        }

        let plan = self.with(|cx| -> Result<EqPlan> {
            let (x, y) = (cx.val(&a)?, cx.val(&b)?);
            if let Some(r) = fast_eq(cx, &x, &y) {
                return Ok(EqPlan::Done(r));
            }
            if let Some(w) = weak_cmp(cx, &x, &y) {
                return Ok(EqPlan::Weak(w));
            }
            let (xo, yo) = (x.as_obj(), y.as_obj());
            if declined {
                // Identity, once every user method declined; but a set's or dict's
                // own comparison answers first (it never declines another of its
                // kind), and looks its members up, which asks the `__eq__` of the
                // members of one hash met on the way even when it is compared with
                // itself (`x != x` of a set subclass's instance).
                if let (Some(p), Some(q)) = (xo, yo)
                    && gc_arena::Gc::ptr_eq(p, q)
                    && !matches!(
                        p.borrow().kind,
                        Kind::Set(_) | Kind::FrozenSet(_) | Kind::Dict(_)
                    )
                {
                    return Ok(EqPlan::Done(true));
                }
            } else {
                // `a == b` asks a.__eq__(b), then the reflected b.__eq__(a); the
                // reflected one first when `b`'s type is a proper subclass of `a`'s.
                let (ma, mb) = (user_eq(cx, xo), user_eq(cx, yo));
                let b_proper_subclass = || {
                    let (ta, tb) = (cx.type_of(&x), cx.type_of(&y));
                    !gc_arena::Gc::ptr_eq(ta, tb) && crate::class::is_subtype(tb, ta)
                };
                let b_first = mb.is_some() && b_proper_subclass();
                let both = ma.is_some() && mb.is_some();
                // The left operand's builtin comparison (a builtin value's, or a
                // builtin base's without a user `__eq__`) answers an operand of its
                // kind before the right one's reflected `__eq__` is asked. (Asked only
                // when there is a user `__eq__` to skip.)
                let no_ma = ma.is_none();
                let left_builtin = || no_ma && !b_first && builtin_cmp_answers(&x, &y);
                let mut calls = Vec::new();
                let (first, second) = if b_first {
                    ((mb, &a), (ma, &b))
                } else {
                    ((ma, &b), (mb, &a))
                };
                for (m, other) in [first, second] {
                    if let Some(m) = m {
                        calls.push((m, other.clone()));
                    }
                }
                if !calls.is_empty() && !left_builtin() {
                    // The operand without a user `__eq__` (none when both have one)
                    // answers once they decline only if its builtin comparison takes
                    // the other (`int.__eq__` declines a float).
                    let builtin_answers = !both
                        && if no_ma {
                            builtin_cmp_answers(&x, &y)
                        } else {
                            builtin_cmp_answers(&y, &x)
                        };
                    return Ok(EqPlan::Call(calls, builtin_answers, !no_ma));
                }
                // CPython asks the right operand's type first when it is a proper
                // subclass of the left's: its builtin base's comparison, which then
                // reads its own items first (`[a] == L([b])` asks `b.__eq__(a)`).
                if calls.is_empty() && yo.is_some() && b_proper_subclass() {
                    return Ok(EqPlan::Reflected);
                }
            }
            if let (Some(p), Some(q)) = (builtin_value(&x), builtin_value(&y)) {
                return Ok(EqPlan::Done(fast_eq(cx, &p, &q).unwrap_or(false)));
            }
            let (Some(xo), Some(yo)) = (xo, yo) else {
                return Ok(EqPlan::Done(false));
            };
            let (xd, yd) = (xo.borrow(), yo.borrow());
            Ok(match (&xd.kind, &yd.kind) {
                // A list of another length is unequal at once; a tuple's items are
                // compared first, up to the shorter's length (CPython's
                // `tuplerichcompare` has no length shortcut).
                (Kind::List(p), Kind::List(q)) if p.len() != q.len() => EqPlan::Done(false),
                (Kind::Bytes(p), Kind::Bytes(q)) => EqPlan::Done(p == q),
                // Slices compare as the tuples of their start, stop and step (a
                // slice is equal to itself without being asked: `slice_richcompare`).
                (Kind::Slice(_), Kind::Slice(_)) if gc_arena::Gc::ptr_eq(xo, yo) => {
                    EqPlan::Done(true)
                }
                (Kind::Slice(p), Kind::Slice(q)) => EqPlan::Pairwise(
                    [(&p.start, &q.start), (&p.stop, &q.stop), (&p.step, &q.step)]
                        .into_iter()
                        .map(|(i, j)| (cx.value(i), cx.value(j)))
                        .collect(),
                    true,
                ),
                (Kind::List(_), Kind::List(_)) => EqPlan::Lists,
                (Kind::Tuple(p), Kind::Tuple(q)) => EqPlan::Pairwise(
                    p.iter()
                        .zip(q)
                        .map(|(i, j)| (cx.value(i), cx.value(j)))
                        .collect(),
                    p.len() == q.len(),
                ),
                (Kind::Dict(p), Kind::Dict(q)) => {
                    if p.len() != q.len() {
                        EqPlan::Done(false)
                    } else {
                        EqPlan::Mapping {
                            left: a.clone(),
                            right: b.clone(),
                            values: true,
                        }
                    }
                }
                (Kind::Set(p) | Kind::FrozenSet(p), Kind::Set(q) | Kind::FrozenSet(q)) => {
                    // (CPython's `set_richcompare`: frozensets whose hashes were
                    // computed and differ are unequal without a member compared.)
                    let hashes_differ = matches!(
                        (p.cached_hash(), q.cached_hash()),
                        (Some(x), Some(y)) if x != y
                    );
                    if p.len() != q.len() || hashes_differ {
                        EqPlan::Done(false)
                    } else {
                        EqPlan::Mapping {
                            left: a.clone(),
                            right: b.clone(),
                            values: false,
                        }
                    }
                }
                // Bound methods: the same function bound to the same object.
                (
                    Kind::Method {
                        func: f1,
                        receiver: r1,
                    },
                    Kind::Method {
                        func: f2,
                        receiver: r2,
                    },
                ) => EqPlan::Done(gc_arena::Gc::ptr_eq(*f1, *f2) && same(r1, r2)),
                // Builtin methods: the same method bound to the same object.
                (
                    Kind::BuiltinMethod {
                        receiver: r1,
                        def: d1,
                    },
                    Kind::BuiltinMethod {
                        receiver: r2,
                        def: d2,
                    },
                ) => EqPlan::Done(gc_arena::Gc::ptr_eq(*r1, *r2) && std::ptr::eq(*d1, *d2)),
                // A set-like dict view and a set or view (dict_view.rs).
                (Kind::View { .. }, _) | (_, Kind::View { .. }) => EqPlan::View,
                _ => EqPlan::Done(false),
            })
        })?;
        let answer = match plan {
            EqPlan::Done(r) => Ok(r),
            EqPlan::View => Ok(self.view_eq(&a, &b)?.unwrap_or_else(|| a.is(&b))),
            EqPlan::Call(calls, builtin_answers, right_answers) => {
                for (m, other) in calls {
                    let r = self.call(&m, &[other])?;
                    if !self.is_not_implemented(&r) {
                        return Ok(Answer::Raw(r));
                    }
                }
                // Every `__eq__` declined. A proxy on the right answers with its
                // referent's comparison (`ReferenceError` once dead); else the other
                // operand's builtin comparison when it takes this one, else identity.
                if let Some(rb) = self.unproxy(&b)? {
                    return self.eq_answer(&rb, &a, false);
                }
                // A set-like view on the right takes a set (`dictview_richcompare`).
                if let Some(r) = self.view_eq_first(&b, &a)? {
                    return Ok(r.into());
                }
                if !builtin_answers || a.is(&b) {
                    return Ok(a.is(&b).into());
                }
                // (The right operand's comparison runs with the operands swapped.)
                return match right_answers {
                    true => self.eq_answer(&b, &a, true),
                    false => self.eq_answer(&a, &b, true),
                };
            }
            EqPlan::Reflected => return self.eq_answer(&b, &a, true),
            EqPlan::Weak(WeakCmp::Reflected) => return self.eq_answer(&b, &a, false),
            EqPlan::Weak(WeakCmp::Identity(same)) => Ok(same),
            // (`x and y`: `x` if false, else `y`.)
            EqPlan::Weak(WeakCmp::Referents(p, q, funcs)) => {
                let first = self.eq_answer(&p, &q, false)?;
                return match funcs {
                    Some((f, g)) if first.truth(self)? => self.eq_answer(&f, &g, false),
                    _ => Ok(first),
                };
            }
            // Items compare as CPython's `PyObject_RichCompareBool` does: the same
            // object (a float with the same bits: lethe's floats are values) is equal
            // without being asked, so a dead proxy, which raises when compared, or a
            // NaN equals itself in a list or dict.
            EqPlan::Lists => self.list_eq(&a, &b),
            EqPlan::Pairwise(pairs, same_len) => {
                for (p, q) in pairs {
                    if !(p.is(&q) || self.eq(&p, &q)?) {
                        return Ok(false.into());
                    }
                }
                Ok(same_len)
            }
            EqPlan::Mapping {
                left,
                right,
                values,
            } => {
                // Each entry of `left` read at its position when its turn comes, as
                // CPython's `dict_equal` and `set_issubset` read theirs (a value's
                // `__eq__` may change either side: an entry removed meanwhile is
                // not compared, one added after the position reached is), its key
                // looked up in `right` under the hash stored with it (its
                // `__hash__` is not asked again).
                // The entries whose lookup and value comparison run no user code go
                // in one arena pass (nothing can change either side meanwhile); the
                // pass stops at an entry that needs user code, which is compared
                // outside, and resumes after it.
                let mut pos = 0;
                loop {
                    let step = self.with(|cx| -> Result<MappingStep> {
                        let (ld, rd) = (cx.obj(&left)?.borrow(), cx.obj(&right)?.borrow());
                        let (Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t)) = &ld.kind else {
                            return Ok(MappingStep::Equal(true));
                        };
                        let rt = match &rd.kind {
                            Kind::Dict(r) | Kind::Set(r) | Kind::FrozenSet(r) => Some(r),
                            _ => None,
                        };
                        let mut from = pos;
                        while let Some((i, e)) = t.next_from(from) {
                            let lookup =
                                rt.and_then(|r| Some((r, find_key_fast(cx, r, &e.key, e.hash)?)));
                            let Some((r, found)) = lookup else {
                                let (k, v) = (cx.value(&e.key), cx.value(&e.value));
                                return Ok(MappingStep::Lookup(i, k, v, e.hash));
                            };
                            let Some(rpos) = found else {
                                return Ok(MappingStep::Equal(false));
                            };
                            if values && let Some(re) = r.entry(rpos) {
                                match item_eq_fast(cx, &e.value, &re.value) {
                                    Some(true) => {}
                                    Some(false) => return Ok(MappingStep::Equal(false)),
                                    None => {
                                        let (v, rv) = (cx.value(&e.value), cx.value(&re.value));
                                        return Ok(MappingStep::Values(i, v, rv));
                                    }
                                }
                            }
                            from = i + 1;
                        }
                        Ok(MappingStep::Equal(true))
                    })?;
                    match step {
                        MappingStep::Equal(answer) => return Ok(answer.into()),
                        MappingStep::Values(i, v, rv) => {
                            pos = i + 1;
                            if !self.eq(&v, &rv)? {
                                return Ok(false.into());
                            }
                        }
                        MappingStep::Lookup(i, k, v, h) => {
                            pos = i + 1;
                            match self.lookup_hashed(&right, &k, h)? {
                                None => return Ok(false.into()),
                                Some(rv) => {
                                    if values && !(v.is(&rv) || self.eq(&v, &rv)?) {
                                        return Ok(false.into());
                                    }
                                }
                            }
                        }
                    }
                }
            }
        };
        answer.map(Answer::from)
    }
}
