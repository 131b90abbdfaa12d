//! The object protocols: type checks, equality and hashing, calls, attributes, and
//! the container operations.
//!
//! Invariant: an operation first inspects the arena (one [`Heap::with`] pass that
//! copies out handles), then runs whatever user code the protocol requires
//! (`__eq__`, `__hash__`, `__init__`, a native function…) outside the arena, then
//! writes its result back in a second pass that re-checks what it read. User code can
//! therefore do anything, including collect, without invalidating the operation.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use crate::class::Instantiated;
use crate::dict::Entry;
use crate::heap::{Ctx, MAX_DEPTH};
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::repr::{name_of, tp_name};
use crate::types::Builtin;
use crate::{Args, Error, Heap, Result, Value};

/// Looks `name` up in the type of `o` and its MRO (not in `o`'s own attributes).
pub(crate) fn find_in_class<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<Val<'gc>> {
    let t = cx.type_of_obj(o);
    find_in_mro(t, name)
}

/// Looks `name` up in class `t` and its MRO.
pub(crate) fn find_in_mro<'gc>(t: GcObj<'gc>, name: &str) -> Option<Val<'gc>> {
    let data = t.borrow();
    if let Some(v) = data.attr(name) {
        return Some(v.clone());
    }
    let Kind::Class(c) = &data.kind else {
        return None;
    };
    mro_attr(&c.mro, name)
}

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

/// `name` along `mro` (a class's bases, in order): the first class defining it. A
/// builtin type defining it as one of its own protocol methods ends the search with
/// `None` (its builtin behaviour answers, as CPython finds `dict.__repr__` in
/// `class B(dict, A)` before `A.__repr__`), though lethe keeps builtin types'
/// namespaces empty.
pub(crate) fn mro_attr<'gc>(mro: &[GcObj<'gc>], name: &str) -> Option<Val<'gc>> {
    for b in mro {
        let data = b.borrow();
        if let Some(v) = data.attr(name) {
            return Some(v.clone());
        }
        if let Kind::Class(c) = &data.kind
            && let Some(bt) = &c.builtin
            && builtin_defines(bt.0, name)
        {
            return None;
        }
    }
    None
}

/// Whether builtin type `b`'s own namespace holds protocol method `name` (CPython
/// 3.11's `name in b.__dict__`, for the methods lethe looks up on classes).
fn builtin_defines(b: Builtin, name: &str) -> bool {
    if crate::arithmetic::builtin_defines(b, name) {
        return true;
    }
    const ORDER: &[&str] = &[
        "__repr__", "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__hash__",
    ];
    const SEQUENCE: &[&str] = &["__len__", "__contains__", "__iter__"];
    let own: &[&str] = match b {
        Builtin::Int => &["__bool__", "__int__", "__float__", "__index__", "__trunc__"],
        Builtin::Float => &["__bool__", "__int__", "__float__", "__trunc__"],
        Builtin::Str => &["__str__", "__getitem__"],
        Builtin::Tuple => &["__getitem__"],
        Builtin::List | Builtin::Dict => &[
            "__init__",
            "__getitem__",
            "__setitem__",
            "__delitem__",
            "__reversed__",
        ],
        Builtin::Set => &["__init__"],
        Builtin::FrozenSet => &[],
        Builtin::Bytes => &["__getitem__", "__bytes__"],
        Builtin::Slice => &[],
        _ => return false,
    };
    let sequence = !matches!(b, Builtin::Int | Builtin::Float | Builtin::Slice);
    ORDER.contains(&name) || own.contains(&name) || (sequence && SEQUENCE.contains(&name))
}

/// A class attribute as seen through an instance: functions become bound methods.
pub(crate) fn bind<'gc>(cx: &Ctx<'_, 'gc>, v: &Val<'gc>, receiver: GcObj<'gc>) -> Value {
    if let Val::Obj(f) = v
        && matches!(f.borrow().kind, Kind::Function(_))
    {
        let m = cx.alloc(
            Kind::Method {
                func: *f,
                receiver: Val::Obj(receiver),
            },
            None,
        );
        return cx.value(&Val::Obj(m));
    }
    cx.value(v)
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

/// A native function, taken out of the arena to be called ([`Heap::call_native`]).
pub(crate) struct NativeCall {
    pub names: Rc<crate::object::FunctionNames>,
    pub code: crate::native::NativeFn,
    pub captures: Vec<Value>,
}

/// The native function `v` is, if it is one (what `call` would run for it).
pub(crate) fn native_of<'gc>(cx: &Ctx<'_, 'gc>, v: &Val<'gc>) -> Option<NativeCall> {
    let Val::Obj(o) = v else { return None };
    let data = o.borrow();
    match &data.kind {
        Kind::Function(fd) if data.class.is_none() => Some(NativeCall {
            names: fd.names.clone(),
            code: fd.code.0.get().clone(),
            captures: cx.values(&fd.captures),
        }),
        _ => None,
    }
}

pub(crate) fn is_user_instance(o: GcObj<'_>) -> bool {
    o.borrow().class.is_some()
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

/// Whether `o` hashes by identity, as CPython hashes by address: neither a
/// `__hash__` of its class's nor a value's hash (an int, float, str, bytes, tuple
/// or frozenset, or an instance of a subclass of one, or a weak reference, which
/// hashes as its referent).
pub(crate) fn hashes_by_address<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> bool {
    let data = o.borrow();
    if data.class.is_some() && find_in_class(cx, o, "__hash__").is_some() {
        return false;
    }
    !matches!(
        data.kind,
        Kind::Int(_)
            | Kind::Float(_)
            | Kind::Str(_)
            | Kind::Bytes(_)
            | Kind::Tuple(_)
            | Kind::FrozenSet(_)
            | Kind::WeakRef(_)
    )
}

/// The builtin value of an immediate or of an int/float/str subclass instance.
pub(crate) fn builtin_value<'gc>(v: &Val<'gc>) -> Option<Val<'gc>> {
    match v {
        Val::Obj(o) => match &o.borrow().kind {
            Kind::Int(i) => Some(Val::Int(*i)),
            Kind::Float(f) => Some(Val::Float(*f)),
            Kind::Str(s) => Some(Val::Str(s.clone())),
            _ => None,
        },
        other => Some(other.clone()),
    }
}

/// One arena pass of a lookup: the answer, or the candidates whose equality needs
/// user code (position, place in the probe sequence, key), in probe order, and the
/// answer if none of them is equal.
type ProbePass = std::result::Result<Probe, (Vec<(u32, usize, Value)>, Probe)>;

/// What [`Heap::dict_update_entry`] does at the entry of a key: store a value
/// (`d[k] = v`), store one only if the key is missing (`setdefault`), or remove the
/// entry (`pop`).
#[derive(Clone, Copy)]
pub(crate) enum DictChange<'a> {
    Store(&'a Value),
    Default(&'a Value),
    Remove,
}

/// A lookup's outcome in a hash table.
pub(crate) enum Probe {
    Found(u32),
    Missing,
}

/// A comparison's operands once proxies are unwrapped ([`Heap::proxy_operands`]).
pub(crate) enum Operands {
    Pair(Value, Value),
    /// A right-hand proxy's referent (live), the left operand having declined.
    RightDeclined(Value),
}

/// What `eq` needs to do after looking at both operands.
enum EqPlan {
    Done(bool),
    /// The operands' `__eq__` methods, in the order asked, each with its argument;
    /// and, should they all decline, whether the other operand's builtin comparison
    /// answers (else identity does).
    Call(Vec<(Value, Value)>, bool),
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

impl Heap {
    /// Python's `type(v)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let t = heap.type_of(&heap.list(&[])?)?;
    /// assert_eq!(heap.repr(&t)?, "<class 'list'>");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    ///
    /// Errors: `RuntimeError` for a handle from another heap.
    pub fn type_of(&self, v: &Value) -> Result<Value> {
        self.with(|cx| Ok(cx.value(&Val::Obj(cx.type_of(&cx.val(v)?)))))
    }

    /// The name of `v`'s type as Python's messages print it: `'Employee'`, `'list'`,
    /// `'weakref.ReferenceType'`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.type_name(&3.into()), "int");
    /// assert_eq!(heap.type_name(&lethe::Value::None), "NoneType");
    /// ```
    ///
    /// It is meant for messages and never fails: for a handle from another heap it
    /// gives `"<foreign>"` (use [`type_of`](Heap::type_of) to get the error).
    pub fn type_name(&self, v: &Value) -> String {
        self.with(|cx| match cx.val(v) {
            Ok(x) => tp_name(cx, &x),
            Err(_) => "<foreign>".into(),
        })
    }

    /// Python's `isinstance(v, cls)`, where `cls` is a class or a (nested) tuple of
    /// classes. A proxy is an instance of its own type and, as in CPython (which then
    /// asks `v.__class__`, which a proxy forwards), of its referent's; a dead proxy
    /// only of its own type (the spec keeps isinstance working on a dead proxy, where
    /// CPython raises `ReferenceError`).
    ///
    /// ```
    /// use lethe::Builtin;
    /// let heap = lethe::Heap::new();
    /// assert!(heap.isinstance(&true.into(), &heap.builtin(Builtin::Int))?);
    /// let either = heap.tuple(&[heap.builtin(Builtin::Float), heap.builtin(Builtin::Int)])?;
    /// assert!(heap.isinstance(&2.into(), &either)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn isinstance(&self, v: &Value, cls: &Value) -> Result<bool> {
        const NOT_A_TYPE: &str = "isinstance() arg 2 must be a type, a tuple of types, or a union";
        /// `isinstance(x, c)` for a class or a (nested) tuple, in CPython's order:
        /// a tuple's items one by one, each raising only when it is reached.
        fn check<'gc>(
            cx: &Ctx<'_, 'gc>,
            x: &Val<'gc>,
            c: GcObj<'gc>,
            depth: usize,
        ) -> Result<bool> {
            let items = match &c.borrow().kind {
                Kind::Class(_) => None,
                Kind::Tuple(items) => Some(items.clone()),
                // A proxy is not a type: CPython asks it for `__bases__`, which it
                // forwards (`ReferenceError` once dead), and a proxy to a class
                // then has no instances, as nothing's MRO holds the proxy itself.
                kind @ Kind::WeakRef(_) if let Some(r) = kind.proxy_target(cx.mc) => {
                    return match r {
                        None => Err(Error::dead_referent()),
                        Some(r) if matches!(r.borrow().kind, Kind::Class(_)) => Ok(false),
                        Some(_) => Err(Error::TypeError(NOT_A_TYPE.into())),
                    };
                }
                _ => return Err(Error::TypeError(NOT_A_TYPE.into())),
            };
            let Some(items) = items else {
                return instance_of(cx, x, c);
            };
            if depth >= MAX_DEPTH {
                return Err(Error::RecursionError(
                    "maximum recursion depth exceeded in __instancecheck__".into(),
                ));
            }
            for item in &items {
                let Val::Obj(o) = item else {
                    return Err(Error::TypeError(NOT_A_TYPE.into()));
                };
                if check(cx, x, *o, depth + 1)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        /// Whether `x`'s type is class `c` or a subclass; for a proxy, as CPython's
        /// `object_isinstance` then asks `x.__class__`, which a proxy forwards, its
        /// referent's type. A dead proxy is an instance of its own type only: the
        /// spec (item 18) has isinstance keep working once the referent is gone,
        /// where CPython's `__class__` lookup raises ReferenceError.
        fn instance_of<'gc>(cx: &Ctx<'_, 'gc>, x: &Val<'gc>, c: GcObj<'gc>) -> Result<bool> {
            let is_subclass = |t: GcObj<'gc>| {
                let data = t.borrow();
                let Kind::Class(tc) = &data.kind else {
                    return false;
                };
                gc_arena::Gc::ptr_eq(c, t) || tc.mro.iter().any(|m| gc_arena::Gc::ptr_eq(*m, c))
            };
            if is_subclass(cx.type_of(x)) {
                return Ok(true);
            }
            if let Val::Obj(o) = x
                && let Kind::WeakRef(w) = &o.borrow().kind
                && let WeakFlavor::Proxy { .. } = w.flavor
            {
                let referent = w.referent.and_then(|r| r.upgrade(cx.mc));
                return Ok(referent.is_some_and(|r| is_subclass(cx.type_of(&Val::Obj(r)))));
            }
            Ok(false)
        }
        self.with(|cx| {
            let x = cx.val(v)?;
            let c = cx.obj(cls).map_err(|e| match e {
                Error::RuntimeError(_) => e, // a handle of another heap
                _ => Error::TypeError(NOT_A_TYPE.into()),
            })?;
            check(cx, &x, c, 0)
        })
    }

    /// The operands of a rich comparison as CPython's proxies hand them over: a proxy
    /// on the left answers for both sides, unwrapped (its `tp_richcompare`). One on
    /// the right, when the left operand has no method of its own to ask (`left_asks`
    /// false), is [`Operands::RightDeclined`]: its referent, with which the caller
    /// runs the comparison again, reflected, as the proxy's own comparison does;
    /// else the left operand's method gets the proxy itself. A dead proxy unwrapped
    /// raises `ReferenceError`.
    pub(crate) fn proxy_operands(
        &self,
        a: &Value,
        b: &Value,
        left_asks: impl FnOnce(&Value) -> Result<bool>,
    ) -> Result<Operands> {
        let referent = |r: Option<Value>| r.ok_or_else(Error::dead_referent);
        Ok(match (self.proxy_referent(a)?, self.proxy_referent(b)?) {
            (Some(ra), None) => Operands::Pair(referent(ra)?, b.clone()),
            (Some(ra), Some(rb)) => Operands::Pair(referent(ra)?, referent(rb)?),
            (None, Some(rb)) if !left_asks(a)? => Operands::RightDeclined(referent(rb)?),
            _ => Operands::Pair(a.clone(), b.clone()),
        })
    }

    /// Whether `v` is an instance of a user subclass of a builtin type with a value
    /// (int, float, str, tuple, list, dict, set, frozenset).
    fn builtin_layout_instance(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| {
            let data = cx.obj(v)?.borrow();
            Ok(data.class.is_some()
                && !matches!(data.kind, Kind::Plain(_) | Kind::WeakContainer(_)))
        })
    }

    /// Whether `v` is a weak reference (a ref, `KeyedRef` or `WeakMethod`; not a
    /// proxy): CPython's `weakref_richcompare` answers `==` and `!=` against any weak
    /// reference, a proxy on the right included, without unwrapping it.
    fn is_weak_reference(&self, v: &Value) -> Result<bool> {
        let Value::Obj(_) = v else { return Ok(false) };
        self.with(|cx| {
            Ok(matches!(&cx.obj(v)?.borrow().kind,
                Kind::WeakRef(w) if !matches!(w.flavor, WeakFlavor::Proxy { .. })))
        })
    }

    /// If `v` is a proxy: `Some` of its referent (`None` when dead).
    fn proxy_referent(&self, v: &Value) -> Result<Option<Option<Value>>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            let data = o.borrow();
            Ok(data
                .kind
                .proxy_target(cx.mc)
                .map(|t| t.map(|t| cx.value(&Val::Obj(t)))))
        })
    }

    /// `v`'s referent if `v` is a proxy, else `v`: a method called on a proxy runs on
    /// its referent, as CPython's proxy forwards the attribute (`ReferenceError`
    /// once dead).
    pub(crate) fn through_proxy(&self, v: &Value) -> Result<Value> {
        Ok(self.unproxy(v)?.unwrap_or_else(|| v.clone()))
    }

    /// If `v` is a proxy: its referent, or `ReferenceError` when dead.
    pub(crate) fn unproxy(&self, v: &Value) -> Result<Option<Value>> {
        self.proxy_referent(v)?
            .map(|r| r.ok_or_else(Error::dead_referent))
            .transpose()
    }

    pub(crate) fn enter_call(&self) -> Result<DepthGuard<'_>> {
        let d = self.depth.get();
        if d >= MAX_DEPTH {
            return Err(Error::RecursionError(
                "maximum recursion depth exceeded".into(),
            ));
        }
        let stack = enter_stack()?;
        self.depth.set(d + 1);
        Ok(DepthGuard {
            heap: self,
            _stack: stack,
        })
    }

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
                let b_first = mb.is_some() && {
                    let (ta, tb) = (cx.type_of(&x), cx.type_of(&y));
                    !gc_arena::Gc::ptr_eq(ta, tb) && crate::class::is_subtype(tb, ta)
                };
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
                    return Ok(EqPlan::Call(calls, builtin_answers));
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
            EqPlan::Call(calls, builtin_answers) => {
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
                return self.eq_answer(&a, &b, true);
            }
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

    /// Python's `hash(v)`. Equal values hash alike (`hash(1) == hash(1.0) ==
    /// hash(True)`); lists, dicts, sets and proxies are unhashable; an instance hashes
    /// by `__hash__`, by identity if its class defines neither `__hash__` nor
    /// `__eq__`, and is unhashable if it defines only `__eq__`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.hash(&1.into())?, heap.hash(&1.0.into())?);
    /// let err = heap.hash(&heap.list(&[])?).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: unhashable type: 'list'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn hash(&self, v: &Value) -> Result<i64> {
        enum HashPlan {
            Done(i64),
            Call(Value),
            Tuple(Vec<Value>),
            Referent(Value),
        }
        let _depth = self.enter_call()?; // nested tuples recurse
        let plan = match v {
            Value::Obj(_) => self.with(|cx| -> Result<HashPlan> {
                let o = cx.obj(v)?;
                let data = o.borrow();
                let unhashable = || {
                    Error::TypeError(format!("unhashable type: '{}'", tp_name(cx, &Val::Obj(o))))
                };
                // The first `__hash__` along the MRO: `None` (what a class defining
                // `__eq__` without `__hash__` gets, class.rs) makes it unhashable.
                if data.class.is_some()
                    && let Some(m) = find_in_class(cx, o, "__hash__")
                {
                    if matches!(m, Val::None) {
                        return Err(unhashable());
                    }
                    drop(data);
                    return Ok(HashPlan::Call(bind(cx, &m, o)));
                }
                Ok(match &data.kind {
                    Kind::Int(i) => HashPlan::Done(hash_int(*i)),
                    Kind::Float(f) => HashPlan::Done(hash_float(*f)),
                    Kind::Str(s) => HashPlan::Done(hash_str(s)),
                    Kind::Bytes(b) => HashPlan::Done(crate::bytes::hash_bytes(b)),
                    Kind::Tuple(items) => HashPlan::Tuple(cx.values(items)),
                    // (Computed once, and kept for `==`, as CPython's.)
                    Kind::FrozenSet(t) => HashPlan::Done(t.cached_hash().unwrap_or_else(|| {
                        let h = frozenset_hash(t.iter().map(|(_, e)| e.hash));
                        t.cache_hash(h);
                        h
                    })),
                    // (A slice is unhashable in 3.11, hashable from 3.12.)
                    Kind::List(_) | Kind::Dict(_) | Kind::Set(_) | Kind::Slice(_) => {
                        return Err(unhashable());
                    }
                    Kind::WeakContainer(_) => return Err(unhashable()),
                    // Keys and items views compare as sets: unhashable, as CPython's
                    // (a values view hashes by identity).
                    Kind::View { view, .. } if view.set_like() => return Err(unhashable()),
                    // Equal bound methods (same receiver, same function) hash alike.
                    Kind::Method { func, receiver } => {
                        let me = receiver.as_obj().map_or(0, |o| o.borrow().id() as i64);
                        let f = func.borrow().id() as i64;
                        HashPlan::Done(hash_int(me.wrapping_mul(1_000_003) ^ f))
                    }
                    // Likewise (CPython's `meth_hash`: the receiver's and the method's).
                    Kind::BuiltinMethod { receiver, def } => {
                        let me = receiver.borrow().id() as i64;
                        let f = hash_str(def.name);
                        HashPlan::Done(hash_int(me.wrapping_mul(1_000_003) ^ f))
                    }
                    Kind::WeakRef(w) => match &w.flavor {
                        WeakFlavor::Proxy { .. } => return Err(unhashable()),
                        _ => match (w.cached_hash(), w.referent.and_then(|r| r.upgrade(cx.mc))) {
                            (Some(h), _) => HashPlan::Done(h),
                            (None, Some(t)) => HashPlan::Referent(cx.value(&Val::Obj(t))),
                            (None, None) => {
                                return Err(Error::TypeError("weak object has gone away".into()));
                            }
                        },
                    },
                    // By identity (what `hashes_by_address` tells a WeakSet; a kind
                    // given its own hash above belongs in its list of values).
                    _ => HashPlan::Done(hash_int(data.id() as i64 ^ 0x2545_f491)),
                })
            })?,
            _ => HashPlan::Done(immediate_hash(v).unwrap_or_default()),
        };
        match plan {
            HashPlan::Done(h) => Ok(h),
            // Any int, an int subclass's instance too (hashed as its value).
            // CPython's `slot_tp_hash` keeps a `__hash__` result that fits in a machine
            // word as it is (not reduced as `hash(int)` is), but for -1 (its error
            // value), which becomes -2.
            HashPlan::Call(m) => match self.int_value(&self.call(&m, &[])?) {
                Some(i) => Ok(if i == -1 { -2 } else { i }),
                None => Err(Error::TypeError(
                    "__hash__ method should return an integer".into(),
                )),
            },
            HashPlan::Tuple(items) => {
                let mut acc: u64 = 0x27d4_eb2f_1656_67c5;
                for item in &items {
                    let h = self.hash(item)? as u64;
                    acc = acc.wrapping_add(h.wrapping_mul(0xc2b2_ae3d_27d4_eb4f));
                    acc = acc.rotate_left(31).wrapping_mul(0x9e37_79b1_85eb_ca87);
                }
                // CPython's `tuplehash` (xxHash's round, then the length).
                acc = acc.wrapping_add(items.len() as u64 ^ (0x27d4_eb2f_1656_67c5 ^ 3_527_539));
                Ok(if acc == u64::MAX {
                    1_546_275_796
                } else {
                    acc as i64
                })
            }
            HashPlan::Referent(t) => {
                let h = self.hash(&t)?;
                self.with(|cx| -> Result<()> {
                    let o = cx.obj(v)?;
                    if let Kind::WeakRef(w) = &mut o.borrow_mut(cx.mc).kind {
                        w.set_hash(h);
                    }
                    Ok(())
                })?;
                Ok(h)
            }
        }
    }

    /// Python's truth value: `False`, `None`, zero and empty containers are false;
    /// an instance asks `__bool__` then `__len__`; a proxy its referent.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert!(!heap.truthy(&heap.list(&[])?)?);
    /// assert!(heap.truthy(&"x".into())?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn truthy(&self, v: &Value) -> Result<bool> {
        if let Some(truth) = v.scalar_truth() {
            return Ok(truth);
        }
        if let Some(t) = self.unproxy(v)? {
            return self.truthy(&t);
        }
        /// What answers an instance's truth.
        enum Truth {
            /// Its class's `__bool__` (bound).
            Bool(Value),
            /// Its class's `__len__` (bound).
            Len(Value),
            /// The `__bool__` of its `int` or `float` base: its value.
            Value(bool),
            /// Its builtin type's length, else true.
            Builtin,
        }
        let truth = self.with(|cx| -> Result<Truth> {
            let o = cx.obj(v)?;
            if !is_user_instance(o) {
                return Ok(Truth::Builtin);
            }
            if let Some(m) = find_in_class(cx, o, "__bool__") {
                return Ok(Truth::Bool(bind(cx, &m, o)));
            }
            // No user `__bool__` ahead of an `int` or `float` base: the base's
            // answers (CPython's inherited `nb_bool`), before any `__len__`.
            match &o.borrow().kind {
                Kind::Int(i) => return Ok(Truth::Value(*i != 0)),
                Kind::Float(f) => return Ok(Truth::Value(*f != 0.0)),
                _ => {}
            }
            Ok(match find_in_class(cx, o, "__len__") {
                Some(m) => Truth::Len(bind(cx, &m, o)),
                None => Truth::Builtin,
            })
        })?;
        match truth {
            Truth::Value(b) => Ok(b),
            Truth::Bool(m) => match self.call(&m, &[])? {
                Value::Bool(b) => Ok(b),
                other => Err(Error::TypeError(format!(
                    "__bool__ should return bool, returned {}",
                    self.type_name(&other)
                ))),
            },
            Truth::Len(m) => match self.as_index(&self.call(&m, &[])?)? {
                n if n >= 0 => Ok(n != 0),
                _ => Err(Error::ValueError("__len__() should return >= 0".into())),
            },
            Truth::Builtin => match self.len(v) {
                Ok(n) => Ok(n != 0),
                Err(Error::TypeError(_)) => Ok(self.with(|cx| match cx.obj(v) {
                    Ok(o) => match &o.borrow().kind {
                        Kind::Int(i) => *i != 0,
                        Kind::Float(f) => *f != 0.0,
                        _ => true,
                    },
                    Err(_) => true,
                })),
                Err(e) => Err(e),
            },
        }
    }

    /// Calls `f(*args)`.
    ///
    /// Callable are native functions, bound methods, classes (instantiation:
    /// `__init__` runs with the new instance), instances whose class defines
    /// `__call__`, weak references (`r()` gives the referent or `None`), callable
    /// proxies and finalizers.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let err = heap.call(&3.into(), &[]).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: 'int' object is not callable");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn call(&self, f: &Value, args: &[Value]) -> Result<Value> {
        self.call_full(f, args, &[])
    }

    /// Calls `f(*args, **kwargs)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let f = heap.function("f", |_, a| Ok(a.keyword("k").cloned().unwrap_or_default()));
    /// assert_eq!(heap.call_kw(&f, &[], &[("k", 1.into())])?.as_int(), Some(1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn call_kw(&self, f: &Value, args: &[Value], kwargs: &[(&str, Value)]) -> Result<Value> {
        let kwargs: Vec<(Rc<str>, Value)> = kwargs
            .iter()
            .map(|(k, v)| (Rc::from(*k), v.clone()))
            .collect();
        self.call_full(f, args, &kwargs)
    }

    /// Calls method `name` of `obj`: `obj.name(*args)`.
    ///
    /// This reaches what [`getattr`](Heap::getattr) finds: a user class's methods, the
    /// Python-level methods of the weak containers and of `finalize`, and the methods of
    /// lists, dicts, sets, frozensets and tuples (`append`, `get`, `add`, `sort`…; see
    /// the [crate docs](crate)). A builtin type's method called this way reports an
    /// argument error as CPython's `obj.name(…)` does, naming the type defining it
    /// (`list.append()`), where a call of the bound method object names the
    /// receiver's type (`MyList.append()`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").method("twice", |_, a| Ok((a.int(1)? * 2).into())).build()?;
    /// let o = heap.call(&c, &[])?;
    /// assert_eq!(heap.call_method(&o, "twice", &[4.into()])?.as_int(), Some(8));
    /// let l = heap.list(&[3.into(), 1.into()])?;
    /// heap.call_method(&l, "sort", &[])?;
    /// assert_eq!(heap.call_method(&l, "index", &[3.into()])?.as_int(), Some(1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn call_method(&self, obj: &Value, name: &str, args: &[Value]) -> Result<Value> {
        let m = self.getattr(obj, name)?;
        // `obj.name(…)` on the object itself (not through a proxy, nor an instance
        // attribute holding another object's method): CPython calls the type's method
        // descriptor, unless the type has a `__getattr__` (`_PyObject_GetMethod` then
        // gets the bound method, as `getattr` does).
        let descriptor = self.with(|cx| -> Result<_> {
            let Val::Obj(mo) = cx.val(&m)? else {
                return Ok(None);
            };
            let Val::Obj(me) = cx.val(obj)? else {
                return Ok(None);
            };
            Ok(match &mo.borrow().kind {
                Kind::BuiltinMethod { receiver, def }
                    if gc_arena::Gc::ptr_eq(*receiver, me)
                        && def.name == name
                        && find_in_class(cx, me, "__getattr__").is_none() =>
                {
                    Some(*def)
                }
                _ => None,
            })
        })?;
        match descriptor {
            Some(def) => {
                let _depth = self.enter_call()?;
                crate::builtin_methods::call(
                    self,
                    def,
                    obj,
                    args,
                    &[],
                    crate::builtin_methods::Style::Descriptor,
                )
            }
            None => self.call(&m, args),
        }
    }
    /// Runs a native function's code (a panic becomes `Error::Panic`).
    pub(crate) fn invoke_native(
        &self,
        names: &crate::object::FunctionNames,
        code: &crate::native::NativeFn,
        captures: &[Value],
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Value> {
        let name = &*names.name;
        let call_args = Args {
            name,
            qualname: &names.qualname,
            positional: args,
            keywords: kwargs,
            captures,
        };
        match catch_unwind(AssertUnwindSafe(|| code(self, &call_args))) {
            Ok(r) => r,
            Err(panic) => {
                let msg = crate::native::panic_message(&*panic);
                Err(Error::Panic(format!(
                    "native function '{name}' panicked: {msg}"
                )))
            }
        }
    }

    /// Calls a native function found inside an arena pass, as `call` would (same
    /// recursion accounting), without the pass that finds out what it is.
    pub(crate) fn call_native(
        &self,
        native: &NativeCall,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Value> {
        let _depth = self.enter_call()?;
        self.invoke_native(&native.names, &native.code, &native.captures, args, kwargs)
    }

    pub(crate) fn call_full(
        &self,
        f: &Value,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Value> {
        let _depth = self.enter_call()?;
        enum CallPlan {
            Native {
                names: Rc<crate::object::FunctionNames>,
                code: crate::native::NativeFn,
                captures: Vec<Value>,
            },
            Method {
                func: Value,
                receiver: Value,
            },
            Class {
                builtin: Builtin,
            },
            /// A user class called: the instance is made in the same pass.
            Instance(crate::class::NewInstance),
            /// A field class called with its fields: the instance, made and filled.
            Made(Value),
            Dunder(Value),
            Deref(Option<Value>),
            /// The function, the instance and the type to call with them (`None`: make
            /// a bound method), or `None` when dead.
            WeakMethod(Option<(Value, Value, Option<Value>)>),
            Finalizer,
            Builtin(&'static crate::builtin_methods::Def, Value),
        }
        let plan = self.with(|cx| -> Result<CallPlan> {
            let x = cx.val(f)?;
            let Val::Obj(o) = x else {
                return Err(Error::TypeError(format!(
                    "'{}' object is not callable",
                    tp_name(cx, &x)
                )));
            };
            let data = o.borrow();
            if data.class.is_some()
                && let Some(m) = find_in_class(cx, o, "__call__")
            {
                drop(data);
                return Ok(CallPlan::Dunder(bind(cx, &m, o)));
            }
            // A class: a user class's instance is made in this pass (which may refresh
            // the class's cached lookups, so not under this borrow).
            if let Kind::Class(c) = &data.kind {
                return Ok(match c.builtin {
                    Some(b) => CallPlan::Class { builtin: b.0 },
                    None => {
                        drop(data);
                        match crate::class::instantiate(cx, o, args, kwargs)? {
                            Instantiated::Filled(instance) => CallPlan::Made(instance),
                            Instantiated::New(new) => CallPlan::Instance(new),
                        }
                    }
                });
            }
            Ok(match &data.kind {
                Kind::Function(fd) => CallPlan::Native {
                    names: fd.names.clone(),
                    code: fd.code.0.get().clone(),
                    captures: cx.values(&fd.captures),
                },
                Kind::Method { func, receiver } => CallPlan::Method {
                    func: cx.value(&Val::Obj(*func)),
                    receiver: cx.value(receiver),
                },
                Kind::WeakRef(w) => {
                    let target = w.referent.and_then(|r| r.upgrade(cx.mc));
                    match &w.flavor {
                        // `ProxyType` has no call slot (Objects/weakrefobject.c):
                        // only a `CallableProxyType` forwards a call.
                        WeakFlavor::Proxy { callable: false } => {
                            return Err(Error::TypeError(
                                "'weakref.ProxyType' object is not callable".into(),
                            ));
                        }
                        WeakFlavor::Proxy { callable: true } => match target {
                            Some(t) => CallPlan::Dunder(cx.value(&Val::Obj(t))),
                            None => return Err(Error::dead_referent()),
                        },
                        WeakFlavor::Method(m) => {
                            let func = referent_of(cx, m.func_ref);
                            match (target, func, w.method_alive()) {
                                (Some(t), Some(func), true) => CallPlan::WeakMethod(Some((
                                    cx.value(&Val::Obj(func)),
                                    cx.value(&Val::Obj(t)),
                                    m.meth_type.map(|t| cx.value(&Val::Obj(t))),
                                ))),
                                _ => CallPlan::WeakMethod(None),
                            }
                        }
                        _ => CallPlan::Deref(target.map(|t| cx.value(&Val::Obj(t)))),
                    }
                }
                Kind::Finalizer(_) => CallPlan::Finalizer,
                Kind::BuiltinMethod { receiver, def } => {
                    CallPlan::Builtin(def, cx.value(&Val::Obj(*receiver)))
                }
                _ => {
                    return Err(Error::TypeError(format!(
                        "'{}' object is not callable",
                        tp_name(cx, &x)
                    )));
                }
            })
        })?;
        match plan {
            CallPlan::Native {
                names,
                code,
                captures,
            } => self.invoke_native(&names, &code, &captures, args, kwargs),
            CallPlan::Method { func, receiver } => {
                with_receiver(&receiver, args, |full| self.call_full(&func, full, kwargs))
            }
            CallPlan::Dunder(target) => self.call_full(&target, args, kwargs),
            CallPlan::Builtin(def, receiver) => crate::builtin_methods::call(
                self,
                def,
                &receiver,
                args,
                kwargs,
                crate::builtin_methods::Style::Bound,
            ),
            CallPlan::Deref(target) => {
                if !kwargs.is_empty() {
                    return Err(Error::TypeError(
                        "weakref() takes no keyword arguments".into(),
                    ));
                }
                if !args.is_empty() {
                    return Err(Error::TypeError(format!(
                        "weakref expected 0 arguments, got {}",
                        args.len()
                    )));
                }
                Ok(target.unwrap_or(Value::None))
            }
            CallPlan::WeakMethod(_) if !args.is_empty() || !kwargs.is_empty() => {
                // WeakMethod.__call__(self), bound as CPython binds it.
                Err(match kwargs.first() {
                    Some((k, _)) => Error::TypeError(format!(
                        "WeakMethod.__call__() got an unexpected keyword argument '{k}'"
                    )),
                    None => Error::TypeError(format!(
                        "WeakMethod.__call__() takes 1 positional argument but {} were given",
                        args.len() + 1
                    )),
                })
            }
            CallPlan::WeakMethod(parts) => match parts {
                // `self._meth_type(func, obj)`.
                Some((func, receiver, Some(meth_type))) => self.call(&meth_type, &[func, receiver]),
                Some((func, receiver, None)) => self.with(|cx| -> Result<Value> {
                    let m = cx.alloc(
                        Kind::Method {
                            func: cx.obj(&func)?,
                            receiver: cx.val(&receiver)?,
                        },
                        None,
                    );
                    Ok(cx.value(&Val::Obj(m)))
                }),
                None => Ok(Value::None),
            },
            CallPlan::Finalizer => {
                // finalize.__call__(self, _=None), bound as CPython binds it.
                if let Some((k, _)) = kwargs.iter().find(|(k, _)| &**k != "_") {
                    return Err(Error::TypeError(format!(
                        "finalize.__call__() got an unexpected keyword argument '{k}'"
                    )));
                }
                if !args.is_empty() && !kwargs.is_empty() {
                    return Err(Error::TypeError(
                        "finalize.__call__() got multiple values for argument '_'".into(),
                    ));
                }
                if args.len() > 1 {
                    return Err(Error::TypeError(format!(
                        "finalize.__call__() takes from 1 to 2 positional arguments but {} were given",
                        args.len() + 1
                    )));
                }
                self.run_finalizer(f)
            }
            CallPlan::Class { builtin: b } => self.construct_builtin(b, args, kwargs),
            CallPlan::Made(instance) => Ok(instance),
            CallPlan::Instance(new) => {
                // The builtin part of the instance is what the builtin type makes of
                // the arguments, with its checks and messages: in CPython, `__new__`
                // fills an immutable layout (int, float, str, tuple, frozenset) from
                // every argument, whether or not the class defines `__init__`, and
                // the builtin `__init__` fills a mutable one (list, dict, set) unless
                // the class defines its own.
                let immutable = matches!(
                    new.layout,
                    Builtin::Int
                        | Builtin::Float
                        | Builtin::Str
                        | Builtin::Tuple
                        | Builtin::FrozenSet
                );
                let mutable = matches!(new.layout, Builtin::List | Builtin::Dict | Builtin::Set);
                if immutable || (mutable && new.init.is_none()) {
                    // The keywords go to the class's own `__init__`: tuple's, frozenset's
                    // and float's `__new__` then take no notice of them (int's and str's
                    // still refuse them), as CPython's.
                    let ignores_keywords = new.init.is_some()
                        && matches!(
                            new.layout,
                            Builtin::Tuple | Builtin::FrozenSet | Builtin::Float
                        );
                    let new_kwargs = if ignores_keywords { &[][..] } else { kwargs };
                    let base = self
                        .construct_builtin(new.layout, args, new_kwargs)
                        .map_err(|e| match (new.layout, e) {
                            // CPython's `set.__init__` and `frozenset.__new__` name the
                            // instance's own type.
                            (Builtin::Set | Builtin::FrozenSet, Error::TypeError(m))
                                if m.starts_with(&format!("{} expected", new.layout.tp_name())) =>
                            {
                                let name = self.type_name(&new.instance);
                                Error::TypeError(m.replacen(&new.layout.tp_name(), &name, 1))
                            }
                            (_, e) => e,
                        })?;
                    // (`frozenset(f)` of an exact frozenset gives `f` itself.)
                    let fresh = !args.iter().any(|a| a.is(&base));
                    self.fill_builtin_part(&new.instance, &base, fresh)?;
                }
                match new.init {
                    Some(init) => {
                        let r = match &init {
                            crate::class::Init::Native(n) => {
                                with_receiver(&new.instance, args, |full| {
                                    self.call_native(n, full, kwargs)
                                })?
                            }
                            crate::class::Init::Other(f) => self.call_full(f, args, kwargs)?,
                        };
                        if !r.is_none() {
                            return Err(Error::TypeError(format!(
                                "__init__() should return None, not '{}'",
                                self.type_name(&r)
                            )));
                        }
                    }
                    None => {
                        if new.layout == Builtin::Object && !args.is_empty() {
                            return Err(Error::TypeError(format!(
                                "{}() takes no arguments",
                                self.type_name(&new.instance)
                            )));
                        }
                    }
                }
                Ok(new.instance)
            }
        }
    }

    /// `int(x, /, base=10)`'s and `str(object='', encoding=…, errors=…)`'s arguments,
    /// positional and keyword, bound to their places as CPython binds them: the count
    /// first, then an unknown keyword, then one given twice; for `str`, the decoding
    /// arguments (strs without NUL; bytes decoded, anything else refused). `Err` holds an answer
    /// already made (`str(encoding=…)` without an object is `''`, `str(b, 'ascii')`
    /// the decoded text).
    fn bind_int_str(
        &self,
        b: Builtin,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<std::result::Result<Vec<Value>, Value>> {
        let (name, params): (&str, &[&str]) = match b {
            Builtin::Int => ("int", &["", "base"]),
            _ => ("str", &["object", "encoding", "errors"]),
        };
        let given = args.len() + kwargs.len();
        if given > params.len() {
            return Err(Error::TypeError(format!(
                "{name}() takes at most {} arguments ({given} given)",
                params.len()
            )));
        }
        let mut slots: Vec<Option<Value>> = vec![None; params.len()];
        for (i, v) in args.iter().enumerate() {
            slots[i] = Some(v.clone());
        }
        for (k, v) in kwargs {
            let Some(pos) = params.iter().position(|p| !p.is_empty() && *p == &**k) else {
                return Err(Error::TypeError(format!(
                    "'{k}' is an invalid keyword argument for {name}()"
                )));
            };
            if slots[pos].is_some() {
                return Err(Error::TypeError(format!(
                    "argument for {name}() given by name ('{k}') and position ({})",
                    pos + 1
                )));
            }
            slots[pos] = Some(v.clone());
        }
        if b == Builtin::Int && slots[0].is_none() && slots[1].is_some() {
            return Err(Error::TypeError("int() missing string argument".into()));
        }
        if b == Builtin::Str {
            // Each a str or a str subclass's instance (Argument Clinic's `str`
            // converter), without NUL.
            let encoding = self.str_arg("str", "encoding", slots[1].as_ref())?;
            let errors = self.str_arg("str", "errors", slots[2].as_ref())?;
            let decoding = slots[1].is_some() || slots[2].is_some();
            match &slots[0] {
                None if decoding => return Ok(Err(Value::Str("".into()))),
                // `str(b, encoding, errors)`: `b.decode(encoding, errors)`.
                Some(o) if decoding && let Some(data) = self.try_bytes(o)? => {
                    let text = crate::bytes::decode(
                        &data,
                        encoding.as_deref().unwrap_or("utf-8"),
                        errors.as_deref().unwrap_or("strict"),
                    )?;
                    return Ok(Err(Value::from(text)));
                }
                // (A str subclass's instance is a str: `PyUnicode_Check`.)
                Some(o) if decoding => {
                    return Err(Error::TypeError(match self.str_text(o)? {
                        Some(_) => "decoding str is not supported".into(),
                        None => format!(
                            "decoding to str: need a bytes-like object, {} found",
                            self.type_name(o)
                        ),
                    }));
                }
                _ => {}
            }
        }
        let last = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
        Ok(Ok(slots[..last]
            .iter()
            .map(|v| v.clone().unwrap_or_default())
            .collect()))
    }

    /// Gives a fresh instance of a builtin type's subclass the value or the items of
    /// `base`, what the builtin type made of the call's arguments (`fresh`: made by
    /// the call, so nothing else holds it).
    fn fill_builtin_part(&self, instance: &Value, base: &Value, fresh: bool) -> Result<()> {
        let scalar = self.with(|cx| -> Result<bool> {
            let o = cx.obj(instance)?;
            let b = cx.val(base)?;
            let mut data = o.borrow_mut(cx.mc);
            Ok(match (&mut data.kind, b) {
                (Kind::Int(i), Val::Int(x)) => {
                    *i = x;
                    true
                }
                (Kind::Int(i), Val::Bool(x)) => {
                    *i = i64::from(x);
                    true
                }
                (Kind::Float(f), Val::Float(x)) => {
                    *f = x;
                    true
                }
                (Kind::Str(s), Val::Str(x)) => {
                    *s = x;
                    true
                }
                _ => false,
            })
        })?;
        if scalar {
            return Ok(());
        }
        // A set's or frozenset's table is taken as the builtin type built it, so its
        // layout is the one CPython's `set_init` builds in the instance itself (a
        // merge into the instance would lay the members out again).
        let moved = fresh
            && self.with(|cx| -> Result<bool> {
                let (o, b) = (cx.obj(instance)?, cx.obj(base)?);
                let taken = match &mut b.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) => {
                        std::mem::replace(&mut **t, crate::dict::Table::new_set())
                    }
                    _ => return Ok(false),
                };
                match &mut o.borrow_mut(cx.mc).kind {
                    Kind::Set(t) | Kind::FrozenSet(t) => {
                        t.replace_with(taken);
                        Ok(true)
                    }
                    _ => Ok(false),
                }
            })?;
        if moved {
            return Ok(());
        }
        self.extend_from(instance, base)
    }

    /// Fills a fresh list/tuple/dict/set (or subclass instance) from an iterable; a
    /// list's `extend` (and `+=`): each item is added as the iterator gives it, so
    /// that an error part-way leaves the items added before it, as CPython's
    /// (a builtin container is read whole first, so `l.extend(l)` doubles `l`).
    pub(crate) fn extend_from(&self, target: &Value, src: &Value) -> Result<()> {
        #[derive(PartialEq)]
        enum Target {
            Dict,
            Set,
            List,
            Tuple,
        }
        let target_kind = self.with(|cx| -> Result<Option<Target>> {
            Ok(match cx.obj(target)?.borrow().kind {
                Kind::Dict(_) => Some(Target::Dict),
                Kind::Set(_) | Kind::FrozenSet(_) => Some(Target::Set),
                Kind::List(_) => Some(Target::List),
                Kind::Tuple(_) => Some(Target::Tuple),
                _ => None,
            })
        })?;
        let push = |items: &[Value]| {
            self.with(|cx| -> Result<()> {
                let o = cx.obj(target)?;
                let vals = cx.vals(items)?;
                if let Kind::List(v) | Kind::Tuple(v) = &mut o.borrow_mut(cx.mc).kind {
                    v.extend(vals);
                }
                Ok(())
            })
        };
        match target_kind {
            Some(Target::Dict) => {
                if self.dict_merge(target, src)? {
                    return Ok(());
                }
                self.each_pair(src, |k, v| self.dict_store(target, &k, &v))
            }
            Some(Target::Set) => self.set_update(target, src),
            // A list extended by itself reads its items first, as CPython's
            // `list_extend` does (`PySequence_Fast`: a subclass's through its
            // `__iter__`).
            Some(Target::List) if src.is(target) => {
                push(&self.sequence_fast(src, "argument must be iterable")?)
            }
            Some(Target::List) => {
                // A builtin container without a class's `__iter__` or length
                // methods is read whole (its hint, its length, is the room its
                // items take).
                let src = if self.hint_asks_user(src)? {
                    src.clone()
                } else {
                    match self.snapshot(src)? {
                        crate::iteration::Snapshot::Items(items) => return push(&items),
                        crate::iteration::Snapshot::Protocol(src) => src,
                    }
                };
                // CPython's `list_extend`: the iterator, then room for the
                // iterable's length hint (eight without one), so that even an empty
                // iterable with a hint leaves the list with storage, which a sort
                // running meanwhile notices as a change; then the items, and the
                // room cut back if the hint was too large.
                let it = self.iterator(&src)?;
                let n = self.length_hint(&src, 8)?;
                let with_list = |f: &dyn Fn(&mut Vec<Val<'_>>) -> Result<()>| {
                    self.with(|cx| match &mut cx.obj(target)?.borrow_mut(cx.mc).kind {
                        Kind::List(v) => f(v),
                        _ => Ok(()),
                    })
                };
                with_list(&|v| crate::iteration::reserve_hint(v, n))?;
                while let Some(item) = self.next(&it)? {
                    push(std::slice::from_ref(&item))?;
                }
                with_list(&|v| {
                    if v.len() < v.capacity() / 2 {
                        v.shrink_to(v.len().max(1));
                    }
                    Ok(())
                })
            }
            Some(Target::Tuple) => push(&self.read_hinted(src, 10)?),
            None => Ok(()),
        }
    }

    fn construct_builtin(
        &self,
        b: Builtin,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Value> {
        // int's and str's arguments, bound as CPython binds them (`str(encoding=…)`
        // without an object answers at once).
        let bound;
        let (args, kwargs) = if matches!(b, Builtin::Int | Builtin::Str) {
            match self.bind_int_str(b, args, kwargs)? {
                Ok(v) => bound = v,
                Err(done) => return Ok(done),
            }
            (&bound[..], &[][..])
        } else {
            (args, kwargs)
        };
        let arg = |i: usize| args.get(i);
        // An instance of a user subclass of int, float or str, as the builtin value it
        // holds (CPython's constructors accept them as their base type's values).
        let plain = |v: &Value| -> Result<Value> {
            let Value::Obj(_) = v else {
                return Ok(v.clone());
            };
            self.with(|cx| {
                Ok(match builtin_value(&cx.val(v)?) {
                    Some(p) => cx.value(&p),
                    None => v.clone(),
                })
            })
        };
        // A number's argument: a proxy gives its referent's number (a proxy's
        // `nb_int`, `nb_float` and `nb_index` forward; `ReferenceError` once dead),
        // in the same pass as `plain`.
        let number = |v: &Value| -> Result<Value> {
            let Value::Obj(_) = v else {
                return Ok(v.clone());
            };
            self.with(|cx| {
                let mut x = cx.val(v)?;
                let target = match &x {
                    Val::Obj(o) => o.borrow().kind.proxy_target(cx.mc),
                    _ => None,
                };
                if let Some(t) = target {
                    x = Val::Obj(t.ok_or_else(Error::dead_referent)?);
                }
                Ok(cx.value(&builtin_value(&x).unwrap_or(x)))
            })
        };
        // CPython's argument checks, before anything is made.
        let name = b.tp_name();
        let no_keywords = || Error::TypeError(format!("{name}() takes no keyword arguments"));
        match b {
            Builtin::Object if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Error::TypeError("object() takes no arguments".into()));
            }
            Builtin::List
            | Builtin::Tuple
            | Builtin::Set
            | Builtin::FrozenSet
            | Builtin::Float
            | Builtin::Bool
            | Builtin::Type
                if !kwargs.is_empty() =>
            {
                return Err(no_keywords());
            }
            Builtin::List
            | Builtin::Tuple
            | Builtin::Set
            | Builtin::FrozenSet
            | Builtin::Dict
            | Builtin::Float
            | Builtin::Bool
                if args.len() > 1 =>
            {
                return Err(Error::TypeError(format!(
                    "{name} expected at most 1 argument, got {}",
                    args.len()
                )));
            }
            Builtin::NoneType if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Error::TypeError("NoneType takes no arguments".into()));
            }
            Builtin::NotImplementedType if !args.is_empty() || !kwargs.is_empty() => {
                return Err(Error::TypeError(
                    "NotImplementedType takes no arguments".into(),
                ));
            }
            // `tuple(t)` and `frozenset(f)` of an exact tuple or frozenset: `t` itself.
            Builtin::Tuple | Builtin::FrozenSet
                if args.len() == 1 && self.exact_builtin(&args[0])? == Some(b) =>
            {
                return Ok(args[0].clone());
            }
            Builtin::Int if args.len() > 2 => {
                return Err(Error::TypeError(format!(
                    "int() takes at most 2 arguments ({} given)",
                    args.len()
                )));
            }
            Builtin::Ref if args.len() > 2 => {
                return Err(Error::TypeError(format!(
                    "__new__ expected at most 2 arguments, got {}",
                    args.len()
                )));
            }
            _ => {}
        }
        // `list(iterable)` and its kin: the items of the optional argument.
        // `list(x)` and `tuple(x)` read `x` as CPython's `list_extend` and
        // `PySequence_Tuple` do (its length hint asked, defaulting to 8 and 10).
        let items = |default| -> Result<Vec<Value>> {
            match arg(0) {
                Some(a) => self.read_hinted(a, default),
                None => Ok(Vec::new()),
            }
        };
        // A str subclass's instance that is not a number: CPython words the
        // `ValueError` with the instance's own repr (`%R`: its `__repr__`, which may
        // raise), not its text's.
        let str_instance = |o: &Value| {
            self.with(|cx| {
                cx.obj(o)
                    .is_ok_and(|d| matches!(d.borrow().kind, Kind::Str(_)))
            })
        };
        let reworded = |r: Result<Value>, base: Option<i64>| match (r, arg(0)) {
            (Err(Error::ValueError(_)), Some(o)) if str_instance(o) => {
                let shown = self.repr(o)?;
                Err(Error::ValueError(match base {
                    Some(base) => format!(
                        "invalid literal for int() with base {base}: {}",
                        shown.chars().take(200).collect::<String>()
                    ),
                    None => format!("could not convert string to float: {shown}"),
                }))
            }
            (r, _) => r,
        };
        match b {
            Builtin::Object => self.object(),
            Builtin::List => self.list(&items(8)?),
            Builtin::Tuple => self.tuple(&items(10)?),
            Builtin::Set => self.new_set(crate::methods::Plain::Set, arg(0)),
            Builtin::FrozenSet => self.new_set(crate::methods::Plain::FrozenSet, arg(0)),
            Builtin::Bytes => self.construct_bytes(args, kwargs),
            Builtin::Slice => self.construct_slice(args, kwargs),
            Builtin::Dict => {
                let d = self.dict(&[])?;
                if let Some(src) = arg(0) {
                    self.extend_from(&d, src)?;
                }
                for (k, v) in kwargs {
                    self.setitem(&d, &Value::Str(k.into()), v)?;
                }
                Ok(d)
            }
            Builtin::Str => Ok(Value::Str(match arg(0) {
                Some(a) => self.str(a)?.into(),
                None => "".into(),
            })),
            // `int(x, base)`: the base first (an integer, in range), then `x` (a str),
            // in CPython's order.
            Builtin::Int if args.len() == 2 => {
                let raw = self.through_proxy(&args[1])?;
                let base = match plain(&raw)? {
                    Value::Int(b) => b,
                    Value::Bool(b) => i64::from(b),
                    _ => {
                        return Err(Error::TypeError(format!(
                            "'{}' object cannot be interpreted as an integer",
                            self.type_name(&raw)
                        )));
                    }
                };
                if base != 0 && !(2..=36).contains(&base) {
                    return Err(Error::ValueError(
                        "int() base must be >= 2 and <= 36, or 0".into(),
                    ));
                }
                if let Some(b) = self.try_bytes(&args[0])? {
                    return parse_int_bytes(&b, base);
                }
                match plain(&args[0])? {
                    Value::Str(text) => reworded(parse_int(&text, base), Some(base)),
                    _ => Err(Error::TypeError(
                        "int() can't convert non-string with explicit base".into(),
                    )),
                }
            }
            Builtin::Int if let Some(n) = self.number_method(arg(0), false)? => Ok(n),
            Builtin::Float if let Some(n) = self.number_method(arg(0), true)? => Ok(n),
            Builtin::Int => match arg(0).map(number).transpose()? {
                None => Ok(Value::Int(0)),
                Some(Value::Int(i)) => Ok(Value::Int(i)),
                Some(Value::Bool(b)) => Ok(Value::Int(i64::from(b))),
                Some(Value::Float(f)) => float_to_int(f).map(Value::Int),
                Some(Value::Str(s)) => reworded(parse_int(&s, 10), Some(10)),
                Some(o) if let Some(b) = self.try_bytes(&o)? => parse_int_bytes(&b, 10),
                Some(o) => Err(Error::TypeError(format!(
                    "int() argument must be a string, a bytes-like object or a real number, not '{}'",
                    self.type_name(&o)
                ))),
            },
            Builtin::Float => match arg(0).map(number).transpose()? {
                None => Ok(Value::Float(0.0)),
                Some(Value::Int(i)) => Ok(Value::Float(i as f64)),
                Some(Value::Float(f)) => Ok(Value::Float(f)),
                Some(Value::Bool(b)) => Ok(Value::Float(f64::from(u8::from(b)))),
                Some(Value::Str(s)) => reworded(parse_float(&s), None),
                Some(o) => Err(Error::TypeError(format!(
                    "float() argument must be a string or a real number, not '{}'",
                    self.type_name(&o)
                ))),
            },
            Builtin::Bool => Ok(Value::Bool(match arg(0) {
                Some(a) => self.truthy(a)?,
                None => false,
            })),
            Builtin::Type => match args {
                [one] => self.type_of(one),
                // (Making a class takes `Heap::class`, not `type(name, bases, ns)`.)
                _ => Err(Error::TypeError("type() takes 1 or 3 arguments".into())),
            },
            Builtin::Ref => {
                if !kwargs.is_empty() {
                    return Err(Error::TypeError("ref() takes no keyword arguments".into()));
                }
                let obj = arg(0).ok_or_else(|| {
                    Error::TypeError("__new__ expected at least 1 argument, got 0".into())
                })?;
                self.weakref(obj, arg(1).filter(|c| !c.is_none()))
            }
            // `WeakMethod.__new__(cls, meth, callback=None)` (weakref.py), then ref's
            // `__init__`, which refuses keywords.
            Builtin::WeakMethod => {
                let p = self.bind_new(b, &["cls", "meth", "callback"], 2, args, kwargs)?;
                let cb = p[1].as_ref().filter(|c| !c.is_none());
                let wm = self.weak_method(p[0].as_ref().expect("required"), cb)?;
                if !kwargs.is_empty() {
                    return Err(Error::TypeError("ref() takes no keyword arguments".into()));
                }
                Ok(wm)
            }
            // `KeyedRef.__new__(type, ob, callback, key)` (weakref.py).
            Builtin::KeyedRef => {
                let p = self.bind_new(b, &["type", "ob", "callback", "key"], 4, args, kwargs)?;
                let req = |i: usize| p[i].as_ref().expect("required");
                self.keyed_ref(req(0), Some(req(1)), req(2))
            }
            // `types.MethodType(func, instance)`.
            Builtin::Method => {
                if !kwargs.is_empty() {
                    return Err(Error::TypeError(
                        "method() takes no keyword arguments".into(),
                    ));
                }
                let [func, instance] = args else {
                    return Err(Error::TypeError(format!(
                        "method expected 2 arguments, got {}",
                        args.len()
                    )));
                };
                if !self.is_callable(func)? {
                    return Err(Error::TypeError("first argument must be callable".into()));
                }
                if instance.is_none() {
                    return Err(Error::TypeError("instance must not be None".into()));
                }
                self.with(|cx| {
                    let Val::Obj(func) = cx.val(func)? else {
                        return Err(Error::TypeError("first argument must be callable".into()));
                    };
                    let receiver = cx.val(instance)?;
                    let m = cx.alloc(Kind::Method { func, receiver }, None);
                    Ok(cx.value(&Val::Obj(m)))
                })
            }
            // `types.FunctionType(code, globals, …)`: there are no code objects.
            Builtin::Function => Err(Error::TypeError(match args {
                [] => "function() missing required argument 'code' (pos 1)".into(),
                [_] => "function() missing required argument 'globals' (pos 2)".into(),
                [code, ..] => format!(
                    "function() argument 'code' must be code, not {}",
                    self.type_name(code)
                ),
            })),
            // `finalize.__init__(self, obj, func, /, *args, **kwargs)`.
            Builtin::Finalize => {
                if args.len() < 2 {
                    return Err(Error::TypeError(format!(
                        "finalize.__init__() missing {}",
                        if args.is_empty() {
                            "2 required positional arguments: 'obj' and 'func'"
                        } else {
                            "1 required positional argument: 'func'"
                        }
                    )));
                }
                let kw: Vec<(&str, Value)> =
                    kwargs.iter().map(|(k, v)| (&**k, v.clone())).collect();
                self.finalize(&args[0], &args[1], &args[2..], &kw)
            }
            Builtin::WeakValueDictionary | Builtin::WeakKeyDictionary | Builtin::WeakSet => {
                self.construct_container(b, args, kwargs)
            }
            Builtin::NoneType => Ok(Value::None),
            Builtin::NotImplementedType => Ok(self.not_implemented()),
            // `reversed(seq)`, the one iterator type that is called.
            Builtin::Reversed => match args {
                _ if !kwargs.is_empty() => Err(no_keywords()),
                [seq] => self.reversed(seq),
                _ => Err(Error::TypeError(format!(
                    "reversed expected 1 argument, got {}",
                    args.len()
                ))),
            },
            other => Err(Error::TypeError(format!(
                "cannot create '{}' instances",
                other.tp_name()
            ))),
        }
    }

    /// Binds a call of the Python-level `b.__new__(cls, …)` with parameters `names`
    /// (`cls` first), the first `required` without a default, as CPython binds it:
    /// the arguments after `cls`, each if given.
    fn bind_new(
        &self,
        b: Builtin,
        names: &[&str],
        required: usize,
        args: &[Value],
        kwargs: &[(Rc<str>, Value)],
    ) -> Result<Vec<Option<Value>>> {
        let positional: Vec<Value> = std::iter::once(self.builtin(b))
            .chain(args.iter().cloned())
            .collect();
        let bound = crate::native::bind_params(
            || format!("{}.__new__", b.names().1),
            names.len(),
            required,
            |i| names[i],
            &positional,
            kwargs,
        )?;
        Ok(bound[1..].iter().map(|v| v.cloned()).collect())
    }

    /// The builtin type `v` is exactly an instance of (not of a subclass), if any.
    fn exact_builtin(&self, v: &Value) -> Result<Option<Builtin>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            let data = o.borrow();
            Ok(match (&data.class, &data.kind) {
                (None, Kind::Tuple(_)) => Some(Builtin::Tuple),
                (None, Kind::FrozenSet(_)) => Some(Builtin::FrozenSet),
                _ => None,
            })
        })
    }

    /// Python's `getattr(obj, name)`.
    ///
    /// Looks in the instance's attributes, then its class and the class's bases (a
    /// function found there comes back as a bound method), then calls `__getattr__`
    /// if the class defines it. Weak references expose `__callback__`; finalizers
    /// `alive` and `atexit`; `KeyedRef`s `key`; functions and classes `__name__`;
    /// bound methods `__self__` and `__func__`. A proxy forwards to its referent.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").build()?;
    /// let o = heap.call(&c, &[])?;
    /// heap.setattr(&o, "x", &1.into())?;
    /// assert_eq!(heap.getattr(&o, "x")?.as_int(), Some(1));
    /// let err = heap.getattr(&o, "y").unwrap_err();
    /// assert_eq!(err.to_string(), "AttributeError: 'C' object has no attribute 'y'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn getattr(&self, obj: &Value, name: &str) -> Result<Value> {
        // A weak container's `.data` (a snapshot, made outside the arena).
        if name == "data" && self.is_weak_container(obj)? {
            return self.weak_data(obj);
        }
        enum Found {
            Value(Value),
            Fallback(Value),
            /// `obj` is a proxy: look in its referent.
            Forward(Value),
        }
        let found = self.with(|cx| -> Result<Found> {
            let x = cx.val(obj)?;
            let not_found = || {
                // A bound method's attributes are its function's (`method_getattro`
                // falls through to it): so is the message.
                let shown = match &x {
                    Val::Obj(o) => match &o.borrow().kind {
                        Kind::Method { func, .. } => Val::Obj(*func),
                        _ => x.clone(),
                    },
                    _ => x.clone(),
                };
                Error::AttributeError(format!(
                    "'{}' object has no attribute '{}'",
                    tp_name(cx, &shown),
                    name
                ))
            };
            let Val::Obj(o) = x.clone() else {
                if name == "__class__" {
                    return Ok(Found::Value(cx.value(&Val::Obj(cx.type_of(&x)))));
                }
                return Err(not_found());
            };
            // A data descriptor of the instance's class: before its attributes. Its
            // AttributeError (an int or tuple subclass's instance) passes to
            // `__getattr__`, as any lookup's does (`slot_tp_getattr_hook`).
            if let Some(owner) = data_descriptor_owner(cx, o, name) {
                return match weakref_descriptor_get(cx, owner, &x) {
                    Err(Error::AttributeError(_))
                        if let Some(g) = find_in_class(cx, o, "__getattr__") =>
                    {
                        Ok(Found::Fallback(bind(cx, &g, o)))
                    }
                    found => found.map(Found::Value),
                };
            }
            // A class's: what its MRO's namespaces hold (a descriptor among them).
            if name == "__weakref__"
                && matches!(o.borrow().kind, Kind::Class(_))
                && let Some(v) = class_weakref_attr(cx, o)
            {
                return Ok(Found::Value(cx.value(&v)));
            }
            let data = o.borrow();
            if let Some(t) = data.kind.proxy_target(cx.mc) {
                return match t {
                    Some(t) => Ok(Found::Forward(cx.value(&Val::Obj(t)))),
                    None => Err(Error::dead_referent()),
                };
            }
            // A class's name, qualified name, bases and MRO are the type's own data
            // descriptors, and its class object's: they come before its namespace.
            let descriptor = matches!(
                name,
                "__name__" | "__qualname__" | "__bases__" | "__mro__" | "__class__"
            ) && matches!(data.kind, Kind::Class(_));
            if !descriptor && let Some(v) = data.attr(name) {
                return Ok(Found::Value(cx.value(v)));
            }
            if let Some(v) = builtin_attr(cx, o, name) {
                return Ok(Found::Value(v));
            }
            if let Kind::Class(c) = &data.kind {
                if let Some(v) = mro_attr(&c.mro, name) {
                    return Ok(Found::Value(cx.value(&v)));
                }
                return Err(Error::AttributeError(format!(
                    "type object '{}' has no attribute '{}'",
                    c.tp_name(),
                    name
                )));
            }
            drop(data);
            if let Some(v) = crate::builtin_methods::lookup(cx, o, name) {
                return Ok(Found::Value(v));
            }
            if let Some(v) = find_in_class(cx, o, name) {
                return Ok(Found::Value(bind(cx, &v, o)));
            }
            if is_user_instance(o)
                && let Some(g) = find_in_class(cx, o, "__getattr__")
            {
                return Ok(Found::Fallback(bind(cx, &g, o)));
            }
            Err(not_found())
        })?;
        match found {
            Found::Value(v) => Ok(v),
            Found::Fallback(g) => self.call(&g, &[Value::from(name)]),
            Found::Forward(t) => self.getattr(&t, name),
        }
    }

    /// Whether `getattr(obj, name)` succeeds (other errors propagate).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").attr("a", 1.into()).build()?;
    /// assert!(heap.hasattr(&c, "a")?);
    /// assert!(!heap.hasattr(&c, "b")?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn hasattr(&self, obj: &Value, name: &str) -> Result<bool> {
        match self.getattr(obj, name) {
            Ok(_) => Ok(true),
            Err(Error::AttributeError(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Python's `setattr(obj, name, value)`, for instances, classes and functions
    /// (and a finalizer's `atexit`). A proxy forwards to its referent.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let err = heap.setattr(&heap.list(&[])?, "x", &1.into()).unwrap_err();
    /// assert_eq!(err.to_string(), "AttributeError: 'list' object has no attribute 'x'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn setattr(&self, obj: &Value, name: &str, value: &Value) -> Result<()> {
        enum SetPlan {
            Done,
            Forward(Value),
            Atexit,
        }
        // One pass: a proxy forwards to its referent, a finalizer's `atexit` needs
        // `truthy` (user code) outside the arena, anything else is set right here.
        let plan = self.with(|cx| -> Result<SetPlan> {
            let x = cx.val(obj)?;
            if let Val::Obj(o) = &x {
                let data = o.borrow();
                match &data.kind {
                    kind @ Kind::WeakRef(_) if let Some(t) = kind.proxy_target(cx.mc) => {
                        return match t {
                            Some(t) => Ok(SetPlan::Forward(cx.value(&Val::Obj(t)))),
                            None => Err(Error::dead_referent()),
                        };
                    }
                    Kind::Finalizer(_) if name == "atexit" => return Ok(SetPlan::Atexit),
                    _ => {}
                }
            }
            let v = cx.val(value)?;
            if name == "__class__"
                && let Some(err) = class_assignment_error(cx, &x, &v)
            {
                return Err(err);
            }
            let Val::Obj(o) = x else {
                return Err(Error::AttributeError(format!(
                    "'{}' object has no attribute '{}'",
                    tp_name(cx, &x),
                    name
                )));
            };
            if let Some(owner) = data_descriptor_owner(cx, o, name) {
                return Err(weakref_descriptor_refusal(cx, owner, &x));
            }
            // What CPython keeps in the object's own struct, not among its attributes:
            // a function's and a class's name.
            if matches!(
                name,
                "__name__" | "__qualname__" | "__module__" | "__bases__" | "__mro__"
            ) && let Some(done) = set_struct_attr(cx, o, name, &v)
            {
                return done.map(|()| SetPlan::Done);
            }
            let allowed = {
                let data = o.borrow();
                // (The weak containers are classes of `weakref.py` in CPython, whose
                // instances have a `__dict__`.)
                data.class.is_some()
                    || matches!(
                        data.kind,
                        Kind::Class(_) | Kind::Function(_) | Kind::WeakContainer(_)
                    )
            };
            if let Kind::Class(c) = &o.borrow().kind
                && let Some(b) = c.builtin
            {
                return Err(Error::TypeError(format!(
                    "cannot set '{name}' attribute of immutable type '{}'",
                    b.0.tp_name()
                )));
            }
            // A KeyedRef's `key` is a slot of its own.
            if name == "key"
                && let Kind::WeakRef(w) = &mut o.borrow_mut(cx.mc).kind
                && let WeakFlavor::Keyed { key } = &mut w.flavor
            {
                *key = v;
                return Ok(SetPlan::Done);
            }
            if !allowed {
                if let Some(e) = finalize_readonly(&o.borrow().kind, name, "setter") {
                    return Err(e);
                }
                if let Some(e) = weakref_descriptor_readonly(&o.borrow().kind, name) {
                    return Err(e);
                }
                if let Some(e) = builtin_method_readonly(cx, o, name) {
                    return Err(e);
                }
                let readonly = match &o.borrow().kind {
                    Kind::WeakRef(_) => name == "__callback__",
                    Kind::Method { .. } => matches!(name, "__self__" | "__func__"),
                    Kind::Slice(_) => matches!(name, "start" | "stop" | "step"),
                    _ => false,
                };
                return Err(Error::AttributeError(if readonly {
                    "readonly attribute".to_string()
                } else {
                    format!("'{}' object has no attribute '{}'", tp_name(cx, &x), name)
                }));
            }
            o.borrow_mut(cx.mc).set_attr(name, v);
            if name == "__weakref__" && matches!(o.borrow().kind, Kind::Class(_)) {
                weakref_descriptor_replaced(cx, o);
            }
            Ok(SetPlan::Done)
        })?;
        match plan {
            SetPlan::Done => Ok(()),
            SetPlan::Forward(t) => self.setattr(&t, name, value),
            SetPlan::Atexit => {
                let flag = self.truthy(value)?;
                self.set_finalizer_atexit(obj, flag)
            }
        }
    }

    /// Python's `delattr(obj, name)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").build()?;
    /// let o = heap.call(&c, &[])?;
    /// heap.setattr(&o, "x", &1.into())?;
    /// heap.delattr(&o, "x")?;
    /// assert!(heap.delattr(&o, "x").is_err());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn delattr(&self, obj: &Value, name: &str) -> Result<()> {
        if let Some(t) = self.unproxy(obj)? {
            return self.delattr(&t, name);
        }
        self.with(|cx| {
            let x = cx.val(obj)?;
            // object's `__class__` descriptor refuses on every object (a builtin type
            // refuses first, as an immutable type: below).
            let builtin_type = |x: &Val<'_>| match x {
                Val::Obj(o) => matches!(&o.borrow().kind, Kind::Class(c) if c.builtin.is_some()),
                _ => false,
            };
            if name == "__class__" && !builtin_type(&x) {
                return Err(Error::TypeError("can't delete __class__ attribute".into()));
            }
            let removed = match &x {
                Val::Obj(o) => {
                    if let Some(owner) = data_descriptor_owner(cx, *o, name) {
                        return Err(weakref_descriptor_refusal(cx, owner, &x));
                    }
                    // What a user class keeps in its namespace for CPython's type
                    // descriptors, which refuse deletion.
                    if matches!(name, "__module__" | "__doc__")
                        && let Kind::Class(c) = &o.borrow().kind
                        && c.builtin.is_none()
                    {
                        return Err(Error::TypeError(format!(
                            "cannot delete '{name}' attribute of immutable type '{}'",
                            c.name
                        )));
                    }
                    // A function's `__module__` and `__doc__`: deleting them sets
                    // them to `None` (CPython's `func_module` member, `func_set_doc`).
                    if matches!(name, "__module__" | "__doc__")
                        && matches!(o.borrow().kind, Kind::Function(_))
                    {
                        o.borrow_mut(cx.mc).set_attr(name, Val::None);
                        return Ok(());
                    }
                    // A user class's own descriptor is in its namespace in CPython.
                    let user_class =
                        matches!(&o.borrow().kind, Kind::Class(c) if c.builtin.is_none());
                    if name == "__weakref__" && user_class {
                        let owned = owns_weakref_descriptor(&o.borrow());
                        if o.borrow_mut(cx.mc).del_attr(name) || owned {
                            weakref_descriptor_replaced(cx, *o);
                            return Ok(());
                        }
                    }
                    o.borrow_mut(cx.mc).del_attr(name)
                }
                _ => false,
            };
            if removed {
                return Ok(());
            }
            // CPython's messages for what it keeps outside the instance's attributes.
            if let Val::Obj(o) = &x {
                let data = o.borrow();
                match (&data.kind, name) {
                    (Kind::Class(c), _) if let Some(b) = c.builtin => {
                        return Err(Error::TypeError(format!(
                            "cannot set '{name}' attribute of immutable type '{}'",
                            b.0.tp_name()
                        )));
                    }
                    (Kind::Class(_), "__mro__") => {
                        return Err(Error::AttributeError("readonly attribute".into()));
                    }
                    (Kind::Class(c), "__name__" | "__qualname__" | "__bases__") => {
                        return Err(Error::TypeError(format!(
                            "cannot delete '{name}' attribute of immutable type '{}'",
                            c.name
                        )));
                    }
                    (Kind::Class(c), _) => {
                        return Err(Error::AttributeError(format!(
                            "type object '{}' has no attribute '{name}'",
                            c.tp_name()
                        )));
                    }
                    (Kind::WeakRef(_), "__callback__")
                    | (Kind::Method { .. }, "__self__" | "__func__")
                    | (Kind::Slice(_), "start" | "stop" | "step") => {
                        return Err(Error::AttributeError("readonly attribute".into()));
                    }
                    (Kind::Function(_), "__name__" | "__qualname__") => {
                        return Err(Error::TypeError(format!(
                            "{name} must be set to a string object"
                        )));
                    }
                    (kind, _) if let Some(e) = finalize_readonly(kind, name, "deleter") => {
                        return Err(e);
                    }
                    (kind, _) if let Some(e) = weakref_descriptor_readonly(kind, name) => {
                        return Err(e);
                    }
                    _ if let Some(e) = builtin_method_readonly(cx, *o, name) => {
                        return Err(e);
                    }
                    _ => {}
                }
            }
            Err(Error::AttributeError(format!(
                "'{}' object has no attribute '{}'",
                tp_name(cx, &x),
                name
            )))
        })
    }

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
    /// int, a bool, an int subclass's instance, or an instance of a class with
    /// `__index__`.
    pub(crate) fn has_index(&self, v: &Value) -> bool {
        match v {
            Value::Int(_) | Value::Bool(_) => true,
            Value::Obj(_) => self.with(|cx| match cx.val(v) {
                Ok(Val::Obj(o)) => {
                    int_of(&Val::Obj(o)).is_some()
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

    /// Finds `key` in a dict-like table (dict, set, frozenset) by Python's equality:
    /// returns the position of its entry.
    pub(crate) fn probe(&self, table_owner: &Value, key: &Value, hash: i64) -> Result<Probe> {
        Ok(self.probe_at(table_owner, key, hash)?.0)
    }

    /// The table's version of a dict or set (see `Table::version`).
    fn table_version(&self, table_owner: &Value) -> Result<u64> {
        self.with(|cx| {
            let o = cx.obj(table_owner)?;
            Ok(match &o.borrow().kind {
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => t.version(),
                _ => 0,
            })
        })
    }

    /// Finds `key` by Python's equality, and the table version the answer is valid
    /// for. When a key's `__eq__` changes the table, the lookup goes on probing from
    /// where it was if the table was not laid out again and the slot still holds
    /// the key compared, else starts over (as CPython's does); after starting over
    /// `MAX_DEPTH` times it gives up with `RuntimeError`.
    pub(crate) fn probe_at(
        &self,
        table_owner: &Value,
        key: &Value,
        hash: i64,
    ) -> Result<(Probe, u64)> {
        self.probe_in(table_owner, key, hash, false)
            .map(|(probe, version, _)| (probe, version))
    }

    /// [`probe_at`](Self::probe_at); with `equal_wins`, a stored key whose `__eq__`
    /// answers equal is found even if that `__eq__` changed the table (the position
    /// then stale, the version the one before): CPython's `set_add_entry` starts over
    /// only after an unequal answer, so a set's `add` of an equal key adds nothing.
    /// Missing from a set's table, the third value is the slot CPython's
    /// `set_add_entry` would put the key in: the last dummy its probe passed (as
    /// the table was when it passed), else the empty slot that ended it.
    pub(crate) fn probe_in(
        &self,
        table_owner: &Value,
        key: &Value,
        hash: i64,
        equal_wins: bool,
    ) -> Result<(Probe, u64, Option<u32>)> {
        // How many slots of the probe sequence the lookup has passed (0: it starts
        // at the first), and how many times it started over (only those count
        // towards the limit: a lookup that goes on has passed one more slot).
        let mut skip = 0;
        let mut restarts = 0;
        // The last dummy passed before the pass the lookup goes on with.
        let mut passed_dummy: Option<u32> = None;
        while restarts < MAX_DEPTH {
            // This pass's free slots: (position, place in the sequence, dummy).
            let mut free: Vec<(u32, usize, bool)> = Vec::new();
            let pass = self.with(|cx| -> Result<(ProbePass, u64, (u64, u64))> {
                let o = cx.obj(table_owner)?;
                let k = cx.val(key)?;
                let data = o.borrow();
                let t = match &data.kind {
                    Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => t,
                    _ => return Err(Error::TypeError("not a dict or set".into())),
                };
                // Keys whose equality needs user code, in probe order, with their
                // places in the sequence; one the sequence comes back to is listed
                // (and asked) again, as CPython's lookup asks it again.
                let mut slow: Vec<(u32, usize, Value)> = Vec::new();
                let found = t.find_from(
                    hash,
                    skip,
                    |pos, visit| {
                        let Some(e) = t.entry(pos) else {
                            return Some(false);
                        };
                        Some(lookup_eq(cx, &k, &e.key).unwrap_or_else(|| {
                            slow.push((pos, visit, cx.value(&e.key)));
                            false
                        }))
                    },
                    |pos, visit, dummy| free.push((pos, visit, dummy)),
                );
                // A key found without user code answers only if no key before it in
                // probe order needs user code to be compared (those are asked first).
                let found = match found {
                    Some(Some(pos)) => Probe::Found(pos),
                    _ => Probe::Missing,
                };
                Ok((
                    if slow.is_empty() {
                        Ok(found)
                    } else {
                        Err((slow, found))
                    },
                    t.version(),
                    t.layout(),
                ))
            })?;
            let (found, version, layout) = pass;
            // Where a key missing after this whole pass would go.
            let room = |free: &[(u32, usize, bool)], passed: Option<u32>| {
                let dummy = free.iter().rev().find(|f| f.2).map(|f| f.0);
                dummy.or(passed).or_else(|| free.last().map(|f| f.0))
            };
            let (cands, otherwise) = match found {
                Ok(p) => return Ok((p, version, room(&free, passed_dummy))),
                Err(cands) => cands,
            };
            let mut answer = Some((otherwise, version));
            for (pos, visit, cand) in cands {
                // The stored key is asked first, as CPython's lookup does.
                let equal = cand.is(key) || self.eq(&cand, key)?;
                if equal && equal_wins {
                    answer = Some((Probe::Found(pos), version));
                    break;
                }
                if self.table_version(table_owner)? != version {
                    // Changed under us: on from the next slot, or the found one, if
                    // the table kept its layout and this slot its key; else again
                    // from the start.
                    answer = None;
                    skip = 0;
                    match self.kept_in_place(table_owner, layout, pos, &cand)? {
                        Some(now) if equal => answer = Some((Probe::Found(pos), now)),
                        Some(_) => {
                            skip = visit + 1;
                            let before = free.iter().rev().find(|f| f.2 && f.1 < visit);
                            passed_dummy = before.map(|f| f.0).or(passed_dummy);
                        }
                        None => {
                            restarts += 1;
                            passed_dummy = None;
                        }
                    }
                    break;
                }
                if equal {
                    answer = Some((Probe::Found(pos), version));
                    break;
                }
            }
            if let Some((probe, version)) = answer {
                return Ok((probe, version, room(&free, passed_dummy)));
            }
        }
        Err(Error::RuntimeError(
            "dictionary changed size during iteration".into(),
        ))
    }

    /// After user code ran in the middle of a lookup: the table's version if it has
    /// still `layout` and the entry at `pos` still holds `key` (the same object),
    /// so the lookup may go on; `None` if it must start over.
    fn kept_in_place(
        &self,
        table_owner: &Value,
        layout: (u64, u64),
        pos: u32,
        key: &Value,
    ) -> Result<Option<u64>> {
        self.with(|cx| {
            let o = cx.obj(table_owner)?;
            let k = cx.val(key)?;
            Ok(match &o.borrow().kind {
                Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t)
                    if t.layout() == layout && t.entry(pos).is_some_and(|e| same(&e.key, &k)) =>
                {
                    Some(t.version())
                }
                _ => None,
            })
        })
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

    /// `d[key]` for dicts, `key in s` for sets: the value stored under `key`, if any.
    pub(crate) fn lookup(&self, table_owner: &Value, key: &Value) -> Result<Option<Value>> {
        let h = self.hash(key)?;
        self.lookup_hashed(table_owner, key, h)
    }

    /// [`lookup`](Heap::lookup) of a key whose hash is known to be `h`.
    pub(crate) fn lookup_hashed(
        &self,
        table_owner: &Value,
        key: &Value,
        h: i64,
    ) -> Result<Option<Value>> {
        match self.probe(table_owner, key, h)? {
            Probe::Missing => Ok(None),
            Probe::Found(pos) => self.with(|cx| -> Result<Option<Value>> {
                let o = cx.obj(table_owner)?;
                let data = o.borrow();
                Ok(match &data.kind {
                    Kind::Dict(t) | Kind::Set(t) | Kind::FrozenSet(t) => {
                        t.entry(pos).map(|e| cx.value(&e.value))
                    }
                    _ => None,
                })
            }),
        }
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
        let key = &self.index_key(key)?;
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
                None => self
                    .call_dunder(c, "__setitem__", &[key.clone(), value.clone()], |m| {
                        format!("'{}' object does not support item assignment", m.type_name)
                    })
                    .map(|_| ()),
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
                // for a type with a sequence protocol (or a user class) and an integer
                // key; else "does not" (`PyObject_DelItem`).
                let index_key = self.has_index(key);
                self.call_dunder(c, "__delitem__", std::slice::from_ref(key), |m| {
                    let verb = if m.sequence_or_instance && index_key {
                        "doesn't"
                    } else {
                        "does not"
                    };
                    format!("'{}' object {verb} support item deletion", m.type_name)
                })
                .map(|_| ())
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

/// What a missing protocol's message can name: the value's type name, the class's
/// own name if the value is a class, and whether it is a user instance or a builtin
/// sequence or set (CPython's "doesn't" against "does not").
struct Missing<'a> {
    type_name: &'a str,
    class: Option<&'a str>,
    sequence_or_instance: bool,
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

/// The live referent of a weak reference object.
pub(crate) fn referent_of<'gc>(cx: &Ctx<'_, 'gc>, wr: GcObj<'gc>) -> Option<GcObj<'gc>> {
    match &wr.borrow().kind {
        Kind::WeakRef(w) => w.referent.and_then(|r| r.upgrade(cx.mc)),
        _ => None,
    }
}

/// `setattr` of what CPython keeps in an object's struct: a function's or user
/// class's `__name__`/`__qualname__` (a string, a str subclass's instance by its
/// text, else CPython's TypeError), a user class's `__mro__` (read-only) and
/// `__bases__` (TypeError: a non-tuple as CPython; a tuple, a documented limit). A
/// user class's `__module__` is noted for its repr (a string, else none) and `None`
/// is returned, as for any other object and name: the caller stores it among the
/// attributes.
fn set_struct_attr<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    name: &str,
    v: &Val<'gc>,
) -> Option<Result<()>> {
    // A string, or a str subclass's instance, by its text.
    let text = match v {
        Val::Str(s) => Some(Rc::<str>::from(&**s)),
        Val::Obj(s) => match &s.borrow().kind {
            Kind::Str(s) => Some(Rc::from(&**s)),
            _ => None,
        },
        _ => None,
    };
    if matches!(name, "__module__" | "__bases__" | "__mro__") {
        let is_tuple = matches!(v, Val::Obj(t) if matches!(t.borrow().kind, Kind::Tuple(_)));
        let mut data = o.borrow_mut(cx.mc);
        let Kind::Class(c) = &mut data.kind else {
            return None;
        };
        if c.builtin.is_some() {
            return None; // "cannot set … of immutable type", by the caller
        }
        return match name {
            "__module__" => {
                c.module = text;
                None
            }
            "__mro__" => Some(Err(Error::AttributeError("readonly attribute".into()))),
            _ if is_tuple => {
                let class = c.name.clone();
                drop(data);
                // CPython's checks of the new bases come before lethe's refusal.
                let Val::Obj(t) = v else { return None };
                let Kind::Tuple(items) = &t.borrow().kind else {
                    return None;
                };
                let not_class = items.iter().find(
                    |b| !matches!(b, Val::Obj(o) if matches!(o.borrow().kind, Kind::Class(_))),
                );
                Some(Err(Error::TypeError(match not_class {
                    _ if items.is_empty() => {
                        format!("can only assign non-empty tuple to {class}.__bases__, not ()")
                    }
                    Some(b) => format!(
                        "{class}.__bases__ must be tuple of classes, not '{}'",
                        tp_name(cx, b)
                    ),
                    None => "__bases__ assignment is not supported".into(),
                })))
            }
            _ => {
                let class = c.name.clone();
                drop(data);
                Some(Err(Error::TypeError(format!(
                    "can only assign tuple to {class}.__bases__, not {}",
                    tp_name(cx, v)
                ))))
            }
        };
    }
    let mut data = o.borrow_mut(cx.mc);
    let qualname = name == "__qualname__";
    let (slot, owner) = match &mut data.kind {
        Kind::Function(f) => {
            let names = Rc::make_mut(&mut f.names);
            (
                if qualname {
                    &mut names.qualname
                } else {
                    &mut names.name
                },
                None,
            )
        }
        Kind::Class(c) if c.builtin.is_none() => {
            let owner = c.name.clone();
            (
                if qualname {
                    &mut c.qualname
                } else {
                    &mut c.name
                },
                Some(owner),
            )
        }
        _ => return None,
    };
    Some(match (text, owner) {
        (Some(text), _) => {
            *slot = text;
            Ok(())
        }
        (_, None) => Err(Error::TypeError(format!(
            "{name} must be set to a string object"
        ))),
        (_, Some(class)) => {
            drop(data);
            Err(Error::TypeError(format!(
                "can only assign string to {class}.{name}, not '{}'",
                tp_name(cx, v)
            )))
        }
    })
}

/// What CPython's `object.__class__` setter says to `x.__class__ = v`: a non-class
/// is refused, and only an instance of a user class (a mutable type) may change to a
/// user class (here, a documented limit, it may not). `None` for a builtin type,
/// which refuses first as an immutable type (the caller's message).
fn class_assignment_error<'gc>(cx: &Ctx<'_, 'gc>, x: &Val<'gc>, v: &Val<'gc>) -> Option<Error> {
    let mut instance = false;
    // The types `weakref.py` defines with `__slots__` (finalize, WeakMethod,
    // KeyedRef): a user class's instances are laid out otherwise. (The weak
    // containers' lay-out is a user instance's: "not supported", as for one.)
    let mut slotted = None;
    if let Val::Obj(o) = x {
        let data = o.borrow();
        if let Kind::Class(c) = &data.kind
            && c.builtin.is_some()
        {
            return None;
        }
        instance = data.class.is_some();
        match &data.kind {
            Kind::WeakContainer(_) => instance = true,
            Kind::Finalizer(_) => slotted = Some("finalize"),
            Kind::WeakRef(w) => match w.flavor {
                WeakFlavor::Method(_) => slotted = Some("WeakMethod"),
                WeakFlavor::Keyed { .. } => slotted = Some("KeyedRef"),
                _ => {}
            },
            _ => {}
        }
    }
    // Whether `v` is a class, and a user class.
    let user_class = match v {
        Val::Obj(c) => match &c.borrow().kind {
            Kind::Class(c) => Some(c.builtin.is_none()),
            _ => None,
        },
        _ => None,
    };
    Some(Error::TypeError(match user_class {
        None => format!(
            "__class__ must be set to a class, not '{}' object",
            tp_name(cx, v)
        ),
        Some(true) if let Some(own) = slotted => format!(
            "__class__ assignment: '{}' object layout differs from '{own}'",
            match v {
                Val::Obj(c) => name_of(*c).unwrap_or_default(),
                _ => String::new(),
            }
        ),
        Some(true) if instance => "__class__ assignment is not supported".to_string(),
        Some(_) => "__class__ assignment only supported for mutable types or ModuleType \
                    subclasses"
            .to_string(),
    }))
}

/// Where a lookup of `__weakref__` along class `class`'s MRO (itself first) stops,
/// as CPython's finds the name in the classes' namespaces: the first class with
/// `__weakref__` in its namespace gives that value; a class that owns a
/// `__weakref__` descriptor ([`owns_weakref_descriptor`]) gives that descriptor,
/// which CPython keeps in its namespace.
enum WeakrefFound<'gc> {
    /// A value set in a class's namespace.
    Value(Val<'gc>),
    /// The descriptor of this class.
    Owner(GcObj<'gc>),
}

fn find_weakref_along<'gc>(class: GcObj<'gc>) -> Option<WeakrefFound<'gc>> {
    let data = class.borrow();
    let Kind::Class(c) = &data.kind else {
        return None;
    };
    for k in std::iter::once(class).chain(c.mro.iter().copied()) {
        let kd = k.borrow();
        if let Some(v) = kd.attr("__weakref__") {
            return Some(WeakrefFound::Value(v.clone()));
        }
        if owns_weakref_descriptor(&kd) {
            return Some(WeakrefFound::Owner(k));
        }
    }
    None
}

/// Whether a class (given its data) has a `__weakref__` descriptor of its own, as
/// CPython's: a user class whose first base of its layout is a builtin type whose
/// instances have no weak reference list (`object`, `float`, `str`, `list` or `dict`),
/// so that the class adds one; or `WeakMethod` or a weak container (classes of
/// `Lib/weakref.py` and `Lib/_weakrefset.py` there). Not once its namespace entry
/// was replaced or deleted.
fn owns_weakref_descriptor(kd: &crate::object::ObjectData<'_>) -> bool {
    let Kind::Class(kc) = &kd.kind else {
        return false;
    };
    if matches!(
        kc.weakref_descriptor,
        crate::object::WeakrefDescriptor::Removed
    ) {
        return false;
    }
    if let Some(b) = kc.builtin {
        return matches!(
            b.0,
            Builtin::WeakMethod
                | Builtin::WeakValueDictionary
                | Builtin::WeakKeyDictionary
                | Builtin::WeakSet
        );
    }
    let layout = kc.layout.0;
    matches!(
        layout,
        Builtin::Object | Builtin::Float | Builtin::Str | Builtin::List | Builtin::Dict
    ) && kc.bases.iter().find_map(|b| match &b.borrow().kind {
        Kind::Class(bc) if bc.layout.0 == layout => Some(bc.builtin.is_some()),
        _ => None,
    }) == Some(true)
}

/// The owner of the `__weakref__` descriptor an object's lookup of that name finds
/// along its type's MRO (a data descriptor: before the object's own attributes), if
/// it finds one; `None` if it finds another value or nothing (the ordinary lookup
/// answers).
fn weakref_descriptor_owner<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Option<GcObj<'gc>> {
    match find_weakref_along(cx.type_of_obj(o))? {
        WeakrefFound::Owner(k) => Some(k),
        WeakrefFound::Value(v) => descriptor_owner(&v),
    }
}

/// The owner of the `__weakref__` descriptor that an object's lookup of attribute
/// `name` finds along its type's MRO, if it finds one: a data descriptor, which comes
/// before the object's own attributes. Under `__weakref__`, the one its class owns
/// or inherits ([`weakref_descriptor_owner`]); under another name, one a program
/// stored in a class's namespace (looked for only once a descriptor was made).
#[inline]
fn data_descriptor_owner<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<GcObj<'gc>> {
    if name == "__weakref__" {
        return weakref_descriptor_owner(cx, o);
    }
    if !cx.heap.weakref_descriptors_made.get() {
        return None;
    }
    stored_descriptor_owner(cx, o, name)
}

/// The owner of a `__weakref__` descriptor stored in a class's namespace under
/// `name`, as `o`'s lookup finds it ([`data_descriptor_owner`]'s slow part).
fn stored_descriptor_owner<'gc>(
    cx: &Ctx<'_, 'gc>,
    o: GcObj<'gc>,
    name: &str,
) -> Option<GcObj<'gc>> {
    descriptor_owner(&find_in_class(cx, o, name)?)
}

/// The owner of `v`, if it is a `__weakref__` descriptor.
fn descriptor_owner<'gc>(v: &Val<'gc>) -> Option<GcObj<'gc>> {
    match v {
        Val::Obj(d) => match &d.borrow().kind {
            Kind::WeakrefDescriptor(owner) => Some(*owner),
            _ => None,
        },
        _ => None,
    }
}

/// `C.__weakref__` for class `class`: the value the lookup along its MRO finds (the
/// descriptor, made on first read, of the class owning it), or `None`.
fn class_weakref_attr<'gc>(cx: &Ctx<'_, 'gc>, class: GcObj<'gc>) -> Option<Val<'gc>> {
    use crate::object::WeakrefDescriptor;
    let owner = match find_weakref_along(class)? {
        WeakrefFound::Value(v) => return Some(v),
        WeakrefFound::Owner(k) => k,
    };
    if let Kind::Class(c) = &owner.borrow().kind
        && let WeakrefDescriptor::Made(d) = c.weakref_descriptor
    {
        return Some(Val::Obj(d));
    }
    let d = cx.alloc(Kind::WeakrefDescriptor(owner), None);
    cx.heap.weakref_descriptors_made.set(true);
    if let Kind::Class(c) = &mut owner.borrow_mut(cx.mc).kind {
        c.weakref_descriptor = WeakrefDescriptor::Made(d);
        if c.builtin.is_some() {
            let made = &cx.heap.builtin_descriptors;
            made.set(made.get() + 1);
        }
    }
    Some(Val::Obj(d))
}

/// Notes that class `class`'s namespace entry `__weakref__` was set or deleted: a
/// descriptor it owned is gone (CPython's namespace holds it under that name).
fn weakref_descriptor_replaced<'gc>(cx: &Ctx<'_, 'gc>, class: GcObj<'gc>) {
    if let Kind::Class(c) = &mut class.borrow_mut(cx.mc).kind {
        c.weakref_descriptor = crate::object::WeakrefDescriptor::Removed;
    }
}

/// CPython's `descr_check`: `Err` unless `x`'s type is descriptor owner `owner` or
/// derives from it.
fn weakref_descriptor_check<'gc>(cx: &Ctx<'_, 'gc>, owner: GcObj<'gc>, x: &Val<'gc>) -> Result<()> {
    if crate::class::is_subtype(cx.type_of(x), owner) {
        return Ok(());
    }
    Err(Error::TypeError(format!(
        "descriptor '__weakref__' for '{}' objects doesn't apply to a '{}' object",
        crate::repr::class_tp_name(owner),
        tp_name(cx, x)
    )))
}

/// The `__weakref__` descriptor of class `owner` read on `x` (its `__get__`).
fn weakref_descriptor_get<'gc>(
    cx: &Ctx<'_, 'gc>,
    owner: GcObj<'gc>,
    x: &Val<'gc>,
) -> Result<Value> {
    weakref_descriptor_check(cx, owner, x)?;
    match x {
        Val::Obj(o) => weakref_attr(cx, *o),
        _ => Err(Error::AttributeError(
            "This object has no __weakref__".into(),
        )),
    }
}

/// The `__weakref__` descriptor of class `owner` set or deleted on `x`: refused.
fn weakref_descriptor_refusal<'gc>(cx: &Ctx<'_, 'gc>, owner: GcObj<'gc>, x: &Val<'gc>) -> Error {
    match weakref_descriptor_check(cx, owner, x) {
        Err(e) => e,
        Ok(()) => weakref_not_writable(owner),
    }
}

/// A user instance's `__weakref__` (CPython's `subtype_getweakref`): the first of its
/// weak references, as `getweakrefs` lists them, or None.
fn weakref_attr<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>) -> Result<Value> {
    if crate::weakref::check_weakrefable(cx, &Val::Obj(o)).is_err() {
        // An int or tuple subclass's instance, found a plain base's descriptor.
        return Err(Error::AttributeError(
            "This object has no __weakref__".into(),
        ));
    }
    Ok(match crate::weakref::first_weakref(cx, o) {
        Some(wr) => cx.value(&Val::Obj(wr)),
        None => Value::None,
    })
}

impl Heap {
    /// `d.__get__(obj[, type])` of `__weakref__` descriptor `d` (`wrap_descr_get`):
    /// itself when `obj` is `None` and `type` is given, else `obj`'s `__weakref__`.
    pub(crate) fn weakref_descriptor_get(
        &self,
        d: &Value,
        obj: &Value,
        ty: Option<&Value>,
    ) -> Result<Value> {
        if obj.is_none() {
            return match ty {
                Some(t) if !t.is_none() => Ok(d.clone()),
                _ => Err(Error::TypeError("__get__(None, None) is invalid".into())),
            };
        }
        self.with(|cx| {
            let owner = weakref_descriptor_of(cx, d)?;
            weakref_descriptor_get(cx, owner, &cx.val(obj)?)
        })
    }

    /// `d.__set__(obj, v)` or `d.__delete__(obj)` of `__weakref__` descriptor `d`:
    /// the error (the descriptor has neither).
    pub(crate) fn weakref_descriptor_refusal(&self, d: &Value, obj: &Value) -> Error {
        self.with(|cx| match weakref_descriptor_of(cx, d) {
            Ok(owner) => match cx.val(obj) {
                Ok(x) => weakref_descriptor_refusal(cx, owner, &x),
                Err(e) => e,
            },
            Err(e) => e,
        })
    }
}

/// The owner of `__weakref__` descriptor `d` (a method's receiver, so one).
fn weakref_descriptor_of<'gc>(cx: &Ctx<'_, 'gc>, d: &Value) -> Result<GcObj<'gc>> {
    match &cx.obj(d)?.borrow().kind {
        Kind::WeakrefDescriptor(owner) => Ok(*owner),
        _ => Err(Error::TypeError("not a __weakref__ descriptor".into())),
    }
}

/// CPython's refusal to set or delete the `__weakref__` descriptor of class `owner`.
fn weakref_not_writable(owner: GcObj<'_>) -> Error {
    Error::AttributeError(format!(
        "attribute '__weakref__' of '{}' objects is not writable",
        crate::repr::class_tp_name(owner)
    ))
}

fn builtin_attr<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<Value> {
    let data = o.borrow();
    match (&data.kind, name) {
        (_, "__class__") => Some(cx.value(&Val::Obj(cx.type_of_obj(o)))),
        (Kind::Function(f), "__name__") => Some(Value::Str((&f.names.name).into())),
        (Kind::Function(f), "__qualname__") => Some(Value::Str((&f.names.qualname).into())),
        (Kind::Function(f), "__module__") => Some(Value::Str((&f.module).into())),
        // A function's docstring, unless one was set (native functions have none).
        (Kind::Function(_), "__doc__") => Some(Value::None),
        (Kind::Class(c), "__name__") => Some(Value::Str((&c.name).into())),
        (Kind::Class(c), "__qualname__") => Some(Value::Str((&c.qualname).into())),
        // A user class's `__module__` is in its namespace (found before this).
        (Kind::Class(c), "__module__") => c.module.as_deref().map(|m| Value::Str(m.into())),
        (Kind::Class(c), "__bases__") => {
            let bases = c.bases.iter().map(|b| Val::Obj(*b)).collect();
            Some(cx.value(&Val::Obj(cx.alloc(Kind::Tuple(bases), None))))
        }
        (Kind::Class(c), "__mro__") => {
            let mro = std::iter::once(o).chain(c.mro.iter().copied());
            let mro = mro.map(Val::Obj).collect();
            Some(cx.value(&Val::Obj(cx.alloc(Kind::Tuple(mro), None))))
        }
        (Kind::BuiltinMethod { receiver, def }, _) => {
            crate::builtin_methods::attr(cx, *receiver, def, name)
        }
        (Kind::WeakrefDescriptor(_), "__name__") => Some(Value::from("__weakref__")),
        (Kind::WeakrefDescriptor(owner), "__qualname__") => {
            let mut owner = owner.borrow_mut(cx.mc);
            let Kind::Class(c) = &mut owner.kind else {
                return None;
            };
            let qualname = c
                .weakref_descriptor_qualname
                .get_or_insert_with(|| format!("{}.__weakref__", c.qualname).into());
            Some(Value::Str((&*qualname).into()))
        }
        (Kind::WeakrefDescriptor(owner), "__objclass__") => Some(cx.value(&Val::Obj(*owner))),
        (Kind::WeakrefDescriptor(_), "__doc__") => {
            Some(Value::from("list of weak references to the object"))
        }
        (Kind::Method { receiver, .. }, "__self__") => Some(cx.value(receiver)),
        (Kind::Method { func, .. }, "__func__") => Some(cx.value(&Val::Obj(*func))),
        // Any other attribute of a bound method is its function's (CPython's
        // `method_getattro`).
        (Kind::Method { func, .. }, _) => {
            let func = *func;
            drop(data);
            let f = func.borrow();
            match f.attr(name) {
                Some(v) => Some(cx.value(v)),
                None => {
                    drop(f);
                    builtin_attr(cx, func, name)
                }
            }
        }
        (Kind::WeakRef(w), "__callback__") if !matches!(w.flavor, WeakFlavor::Proxy { .. }) => {
            Some(w.callback.as_ref().map_or(Value::None, |c| cx.value(c)))
        }
        (Kind::Slice(s), "start") => Some(cx.value(&s.start)),
        (Kind::Slice(s), "stop") => Some(cx.value(&s.stop)),
        (Kind::Slice(s), "step") => Some(cx.value(&s.step)),
        (Kind::WeakRef(w), "key") => match &w.flavor {
            WeakFlavor::Keyed { key } => Some(cx.value(key)),
            _ => None,
        },
        (Kind::Finalizer(f), "atexit") => {
            let alive = cx.root.state.borrow().finalizers.contains(o, f.place);
            Some(Value::Bool(alive && f.atexit()))
        }
        (Kind::Finalizer(f), "alive") => Some(Value::Bool(
            cx.root.state.borrow().finalizers.contains(o, f.place),
        )),
        (Kind::Finalizer(_), _) => {
            crate::weakref::container_api::bound_method(cx, o, Builtin::Finalize, name)
        }
        (Kind::WeakContainer(c), _) => {
            crate::weakref::container_api::bound_method(cx, o, c.builtin(), name)
        }
        _ => None,
    }
}

/// CPython's refusal to set or delete attribute `name` of `o` when that is a builtin
/// method's attribute (`__self__`, `__name__`…) or, for an object of exactly a
/// builtin container type (no `__dict__`), one of its type's methods.
fn builtin_method_readonly<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<Error> {
    let data = o.borrow();
    if matches!(data.kind, Kind::BuiltinMethod { .. })
        && crate::builtin_methods::is_readonly_attr(name)
    {
        return Some(Error::AttributeError(format!(
            "attribute '{name}' of 'builtin_function_or_method' objects is not writable"
        )));
    }
    (data.class.is_none() && crate::builtin_methods::is_method_of(&data.kind, name)).then(|| {
        Error::AttributeError(format!(
            "'{}' object attribute '{name}' is read-only",
            tp_name(cx, &Val::Obj(o))
        ))
    })
}

/// CPython's refusal to set or delete (`what`: "setter" or "deleter") a `finalize`'s
/// property or method `name`, if `kind` is a finalizer and `name` one of them.
fn finalize_readonly(kind: &Kind<'_>, name: &str, what: &str) -> Option<Error> {
    if !matches!(kind, Kind::Finalizer(_)) {
        return None;
    }
    if name == "alive" || name == "atexit" && what == "deleter" {
        return Some(Error::AttributeError(format!(
            "property '{name}' of 'finalize' object has no {what}"
        )));
    }
    crate::weakref::container_api::is_finalize_method(name).then(|| {
        Error::AttributeError(format!("'finalize' object attribute '{name}' is read-only"))
    })
}

/// CPython's refusal to set or delete attribute `name` of a `__weakref__`
/// descriptor, if `kind` is one and `name` one of its members (`__name__`,
/// `__objclass__`) or getters (`__qualname__`, `__doc__`).
fn weakref_descriptor_readonly(kind: &Kind<'_>, name: &str) -> Option<Error> {
    if !matches!(kind, Kind::WeakrefDescriptor(_)) {
        return None;
    }
    match name {
        "__name__" | "__objclass__" => Some(Error::AttributeError("readonly attribute".into())),
        "__qualname__" | "__doc__" => Some(Error::AttributeError(format!(
            "attribute '{name}' of 'getset_descriptor' objects is not writable"
        ))),
        _ => None,
    }
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

/// Which special method converts an object for `int()` or `float()`.
#[derive(Clone, Copy)]
enum Conversion {
    /// `__int__` or `__float__`, the one asked for.
    Own,
    Index,
    Trunc,
}

impl Heap {
    /// `int(x)` (or `float(x)`, `to_float`) of an instance of a user class, by the
    /// special methods CPython 3.11's `PyNumber_Long` (`PyNumber_Float`) asks, in
    /// its order: `__int__` (`__float__`), then, unless the instance is a builtin
    /// number's (whose own conversion comes first), `__index__`, then for `int()`
    /// `__trunc__`. A proxy converts its referent. `None` when `x` has none of them,
    /// for the caller's conversion of builtin values.
    fn number_method(&self, x: Option<&Value>, to_float: bool) -> Result<Option<Value>> {
        let Some(x @ Value::Obj(_)) = x else {
            return Ok(None);
        };
        let own = if to_float { "__float__" } else { "__int__" };
        let found = self.with(|cx| -> Result<Option<(Conversion, Value, String)>> {
            let mut o = cx.obj(x)?;
            if let Some(t) = o.borrow().kind.proxy_target(cx.mc) {
                o = t.ok_or_else(Error::dead_referent)?;
            }
            if o.borrow().class.is_none() {
                return Ok(None);
            }
            let number = matches!(o.borrow().kind, Kind::Int(_) | Kind::Float(_));
            let order: &[(Conversion, &str)] = match (number, to_float) {
                (true, _) => &[(Conversion::Own, own)],
                (false, true) => &[(Conversion::Own, own), (Conversion::Index, "__index__")],
                (false, false) => &[
                    (Conversion::Own, own),
                    (Conversion::Index, "__index__"),
                    (Conversion::Trunc, "__trunc__"),
                ],
            };
            Ok(order.iter().find_map(|(how, name)| {
                let m = find_in_class(cx, o, name)?;
                Some((*how, bind(cx, &m, o), tp_name(cx, &Val::Obj(o))))
            }))
        })?;
        let Some((how, m, type_name)) = found else {
            return Ok(None);
        };
        let r = self.call(&m, &[])?;
        // What the method returned: an int (a bool, an int subclass's value), a float
        // (a float subclass's), its type's name, and whether it has `__index__`.
        let (int, float, returned, has_index) = self.with(|cx| -> Result<_> {
            let v = cx.val(&r)?;
            let float = match builtin_value(&v) {
                Some(Val::Float(f)) => Some(f),
                _ => None,
            };
            // (A proxy has `nb_index`, which asks its referent.)
            let has_index = matches!(&v, Val::Obj(o)
                if o.borrow().kind.proxy_target(cx.mc).is_some()
                || (o.borrow().class.is_some() && find_in_class(cx, *o, "__index__").is_some()));
            Ok((int_of(&v), float, tp_name(cx, &v), has_index))
        })?;
        let non = |what: &str| Error::TypeError(format!("{what} (type {returned})"));
        let n = match (how, to_float) {
            (Conversion::Own, true) => match float {
                Some(f) => return Ok(Some(Value::Float(f))),
                None => return Err(non(&format!("{type_name}.__float__ returned non-float"))),
            },
            (Conversion::Own, false) => int.ok_or_else(|| non("__int__ returned non-int"))?,
            (Conversion::Index, _) => int.ok_or_else(|| non("__index__ returned non-int"))?,
            // `__trunc__` may return any Integral: an int, or what has `__index__`.
            (Conversion::Trunc, _) => match int {
                Some(i) => i,
                None if has_index => self.as_index(&r)?,
                None => return Err(non("__trunc__ returned non-Integral")),
            },
        };
        Ok(Some(if to_float {
            Value::Float(n as f64)
        } else {
            Value::Int(n)
        }))
    }
}

/// The integer `v` is to `operator.index`: an int, a bool, or an instance of a
/// subclass of int.
fn int_of(v: &Val<'_>) -> Option<i64> {
    match v {
        Val::Int(i) => Some(*i),
        Val::Bool(b) => Some(i64::from(*b)),
        Val::Obj(o) => match o.borrow().kind {
            Kind::Int(i) => Some(i),
            _ => None,
        },
        _ => None,
    }
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

/// Calls `f` with `receiver` followed by `args` (a bound call's arguments), on the
/// stack for the usual few arguments instead of in a fresh vector.
fn with_receiver<T>(receiver: &Value, args: &[Value], f: impl FnOnce(&[Value]) -> T) -> T {
    const INLINE: usize = 6;
    if args.len() < INLINE {
        let mut buf: [Value; INLINE] = Default::default();
        buf[0] = receiver.clone();
        buf[1..=args.len()].clone_from_slice(args);
        f(&buf[..=args.len()])
    } else {
        let mut full = Vec::with_capacity(args.len() + 1);
        full.push(receiver.clone());
        full.extend_from_slice(args);
        f(&full)
    }
}

pub(crate) struct DepthGuard<'h> {
    heap: &'h Heap,
    _stack: StackGuard,
}

/// The stack (bytes) the recursive protocols (calls, repr, eq, hash) may use below
/// the outermost one before raising `RecursionError`, so that a thread with Rust's
/// default 2 MiB stack never overflows, even in a debug build (1.5 MiB: in a debug
/// build about 300 nested native calls or 250 nested list reprs, several times that in a
/// release build).
const STACK_BUDGET: usize = 3 << 19;

thread_local! {
    /// (stack address at the outermost open entry, entries open) on this thread.
    static STACK: std::cell::Cell<(usize, usize)> = const { std::cell::Cell::new((0, 0)) };
}

/// One open entry into a recursive protocol (see [`enter_stack`]).
pub(crate) struct StackGuard(());

/// Opens an entry into a recursive protocol; `RecursionError` when the stack used
/// since the outermost open entry exceeds `STACK_BUDGET`.
pub(crate) fn enter_stack() -> Result<StackGuard> {
    let marker = 0u8;
    let here = std::ptr::addr_of!(marker) as usize;
    STACK.with(|s| {
        let (base, open) = s.get();
        let base = if open == 0 { here } else { base };
        if base.abs_diff(here) > STACK_BUDGET {
            return Err(Error::RecursionError(
                "maximum recursion depth exceeded".into(),
            ));
        }
        s.set((base, open + 1));
        Ok(StackGuard(()))
    })
}

impl Drop for StackGuard {
    fn drop(&mut self) {
        STACK.with(|s| {
            let (base, open) = s.get();
            s.set((base, open - 1));
        });
    }
}

impl Drop for DepthGuard<'_> {
    fn drop(&mut self) {
        self.heap.depth.set(self.heap.depth.get() - 1);
    }
}

/// `int(f)`: truncation toward zero, with CPython's errors for NaN, infinities and
/// values beyond lethe's 64-bit ints.
pub(crate) fn float_to_int(f: f64) -> Result<i64> {
    if f.is_nan() {
        return Err(Error::ValueError(
            "cannot convert float NaN to integer".into(),
        ));
    }
    if f.is_infinite() {
        return Err(Error::OverflowError(
            "cannot convert float infinity to integer".into(),
        ));
    }
    let t = f.trunc();
    if !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&t) {
        return Err(Error::OverflowError(
            "int too large to convert to C long".into(),
        ));
    }
    Ok(t as i64)
}

/// The hash of a value held by value (`None`, bool, int, float, str); `None` for a
/// heap object, whose hash may need its class's `__hash__`.
pub(crate) fn immediate_hash(v: &Value) -> Option<i64> {
    Some(match v {
        Value::None => 0x5f37_59df,
        Value::Bool(b) => i64::from(*b),
        Value::Int(i) => hash_int(*i),
        Value::Float(f) => hash_float(*f),
        Value::Str(s) => hash_str(s),
        Value::Obj(_) => return None,
    })
}

/// The position of `k` (of `hash`) in table `t`, when every comparison on the way is
/// decided without user code (`lookup_eq`); `None` when one is not.
pub(crate) fn find_key_fast<'gc>(
    cx: &Ctx<'_, 'gc>,
    t: &crate::dict::Table<'gc>,
    k: &Val<'gc>,
    hash: i64,
) -> Option<Option<u32>> {
    t.find(hash, |pos| match t.entry(pos) {
        Some(e) => lookup_eq(cx, k, &e.key),
        None => Some(false),
    })
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

/// `int(text, base)`: base 2 to 36, or 0 to read the base from a `0b`/`0o`/`0x`
/// prefix; spaces around, a sign and `_` between digits allowed, as CPython's.
/// `int(b, base)` of bytes `b` (CPython's `_PyLong_FromBytes`): read as the text
/// of its ASCII bytes, the error showing the bytes' repr.
fn parse_int_bytes(b: &[u8], base: i64) -> Result<Value> {
    let text = match std::str::from_utf8(b) {
        Ok(t) if t.is_ascii() => t,
        _ => "\u{fffd}",
    };
    parse_int(text, base).map_err(|e| match e {
        Error::ValueError(m) if m.starts_with("invalid literal") => Error::ValueError(format!(
            "invalid literal for int() with base {base}: {}",
            crate::bytes::repr_bytes(b)
                .chars()
                .take(200)
                .collect::<String>()
        )),
        e => e,
    })
}

fn parse_int(text: &str, base: i64) -> Result<Value> {
    let invalid = || {
        Error::ValueError(format!(
            "invalid literal for int() with base {base}: {}",
            // CPython's `%.200R`: the repr cut to 200 characters.
            crate::repr::repr_str(text)
                .chars()
                .take(200)
                .collect::<String>()
        ))
    };
    if base != 0 && !(2..=36).contains(&base) {
        return Err(Error::ValueError(
            "int() base must be >= 2 and <= 36, or 0".into(),
        ));
    }
    let t = text.trim();
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let lower = t.to_ascii_lowercase();
    let prefixed = |p: &str, b: i64| (base == 0 || base == b) && lower.starts_with(p);
    let (radix, digits) = if prefixed("0x", 16) {
        (16, t[2..].strip_prefix('_').unwrap_or(&t[2..]))
    } else if prefixed("0o", 8) {
        (8, t[2..].strip_prefix('_').unwrap_or(&t[2..]))
    } else if prefixed("0b", 2) {
        (2, t[2..].strip_prefix('_').unwrap_or(&t[2..]))
    } else if base == 0 {
        // Without a prefix, base 0 reads decimal and refuses leading zeros.
        if t.starts_with('0') && !t.trim_start_matches(['0', '_']).is_empty() {
            return Err(invalid());
        }
        (10, t)
    } else {
        (base as u32, t)
    };
    if digits.is_empty()
        || digits.starts_with(['_', '+', '-'])
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return Err(invalid());
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    let magnitude = i128::from_str_radix(&clean, radix).map_err(|_| invalid())?;
    let value = if negative { -magnitude } else { magnitude };
    i64::try_from(value)
        .map(Value::Int)
        .map_err(|_| Error::OverflowError("int too large to convert to a 64-bit integer".into()))
}

/// `float(text)`: Rust's reading of a decimal, with CPython's `_` between digits
/// and its words for infinity and NaN.
fn parse_float(text: &str) -> Result<Value> {
    let invalid = || {
        Error::ValueError(format!(
            "could not convert string to float: {}",
            crate::repr::repr_str(text)
        ))
    };
    let t = text.trim();
    let digit_around = |i: usize| {
        let b = t.as_bytes();
        i > 0 && i + 1 < b.len() && b[i - 1].is_ascii_digit() && b[i + 1].is_ascii_digit()
    };
    if t.bytes()
        .enumerate()
        .any(|(i, c)| c == b'_' && !digit_around(i))
    {
        return Err(invalid());
    }
    let clean = t.replace('_', "");
    let lower = clean.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    // Rust also reads "infinity"/"inf"/"nan"; CPython reads the same words.
    if unsigned
        .chars()
        .any(|c| !(c.is_ascii_digit() || ".e+-".contains(c)))
        && !matches!(unsigned, "inf" | "infinity" | "nan")
    {
        return Err(invalid());
    }
    clean.parse().map(Value::Float).map_err(|_| invalid())
}

/// CPython's `frozenset_hash` of the members' hashes (its corrections for empty and
/// deleted slots cancel what those slots added, so only the members count).
fn frozenset_hash(hashes: impl Iterator<Item = i64>) -> i64 {
    let shuffle = |h: u64| ((h ^ 89_869_747) ^ (h << 16)).wrapping_mul(3_644_798_167);
    let mut used: u64 = 0;
    let mut h: u64 = 0;
    for member in hashes {
        h ^= shuffle(member as u64);
        used += 1;
    }
    h ^= (used + 1).wrapping_mul(1_927_868_237);
    h ^= (h >> 11) ^ (h >> 25);
    h = h.wrapping_mul(69_069).wrapping_add(907_133_923);
    if h == u64::MAX { 590_923_713 } else { h as i64 }
}

/// Python's hash of an int (modulo the Mersenne prime 2**61 - 1; -1 becomes -2).
pub(crate) fn hash_int(i: i64) -> i64 {
    const M: i128 = (1 << 61) - 1;
    // |i| below the prime (nearly every int): itself.
    if i.unsigned_abs() < M as u64 {
        return if i == -1 { -2 } else { i };
    }
    let r = (i128::from(i).rem_euclid(M)) as i64;
    let h = if i < 0 {
        -(((-(i128::from(i))) % M) as i64)
    } else {
        r
    };
    if h == -1 { -2 } else { h }
}

/// Python's hash of a float (CPython's `_Py_HashDouble`): the value modulo the Mersenne
/// prime 2**61 - 1 as an exact rational, so that a float equal to an int hashes as it
/// does; ±inf hash to ±314159. A NaN (equal to nothing) hashes by its bits.
pub(crate) fn hash_float(f: f64) -> i64 {
    const BITS: u32 = 61;
    const M: u64 = (1 << BITS) - 1;
    if f.is_nan() {
        return hash_int((f.to_bits() >> 3) as i64);
    }
    if f.is_infinite() {
        return if f > 0.0 { 314_159 } else { -314_159 };
    }
    let (mut m, mut e) = frexp(f.abs());
    let mut x: u64 = 0;
    while m != 0.0 {
        x = ((x << 28) & M) | x >> (BITS - 28);
        m *= 268_435_456.0; // 2**28
        e -= 28;
        let y = m as u64; // the integer part
        m -= y as f64;
        x += y;
        if x >= M {
            x -= M;
        }
    }
    // The exponent, reduced modulo 61.
    let e = if e >= 0 {
        e as u32 % BITS
    } else {
        BITS - 1 - ((-1 - e) as u32 % BITS)
    };
    x = ((x << e) & M) | x >> (BITS - e);
    let h = if f < 0.0 { -(x as i64) } else { x as i64 };
    if h == -1 { -2 } else { h }
}

/// `frexp`: `(m, e)` with `f == m * 2**e` and `0.5 <= m < 1` (f finite, positive or
/// zero; zero gives `(0, 0)`).
fn frexp(f: f64) -> (f64, i32) {
    if f == 0.0 {
        return (0.0, 0);
    }
    let bits = f.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    if exp == 0 {
        // Subnormal: scale into the normal range first.
        let (m, e) = frexp(f * 2f64.powi(64));
        return (m, e - 64);
    }
    let m = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (m, exp - 1022)
}

/// A str's hash: CPython's (with `PYTHONHASHSEED=0`, see `bytes::hash_bytes`) of
/// the bytes CPython keeps it as, one per character when every character is below
/// U+0100 (so an ASCII str hashes as the bytes of its text), else two (UCS-2) or
/// four (UCS-4), little-endian.
fn hash_str(s: &str) -> i64 {
    if s.is_ascii() {
        return crate::bytes::hash_bytes(s.as_bytes());
    }
    let widest = s.chars().map(u32::from).max().unwrap_or(0);
    let units: Vec<u8> = match widest {
        0..=0xff => s.chars().map(|c| u32::from(c) as u8).collect(),
        0x100..=0xffff => s
            .chars()
            .flat_map(|c| (u32::from(c) as u16).to_le_bytes())
            .collect(),
        _ => s.chars().flat_map(|c| u32::from(c).to_le_bytes()).collect(),
    };
    crate::bytes::hash_bytes(&units)
}
