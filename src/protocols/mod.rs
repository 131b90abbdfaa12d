//! The object protocols: what an operation on any value does, as CPython's abstract
//! object layer does it. This file keeps what every protocol shares: type checks,
//! a proxy's referent, truth, finding a special method on a class and binding it,
//! the recursion guard of calls (`enter_call`) and the stack budget. Each family of
//! operations has its own file:
//!
//! - `equality`: `==`, `!=`, and the key equality of dicts and sets;
//! - `hashing`: `hash()`, CPython 3.11's hash of every builtin value;
//! - `lookup`: finding a key in a dict's or set's table while user `__eq__` runs;
//! - `calls`: calling any callable (native functions, bound methods, classes,
//!   instances with `__call__`, weak references, finalizers);
//! - `construct`: calling a builtin type (`list(x)`, `int(s, base)`, `float(x)`…);
//! - `attributes`: `getattr`, `setattr`, `delattr` and the descriptors they meet;
//! - `items`: `len`, subscripts, membership and the containers' writes.
//!
//! Invariant (every file here): an operation first inspects the arena (one
//! [`Heap::with`] pass that copies out handles), then runs whatever user code the
//! protocol requires (`__eq__`, `__hash__`, `__init__`, a native function…) outside
//! the arena, then writes its result back in a second pass that re-checks what it
//! read. User code can therefore do anything, including collect, without
//! invalidating the operation.

pub(crate) mod attributes;
pub(crate) mod calls;
pub(crate) mod construct;
pub(crate) mod equality;
pub(crate) mod hashing;
pub(crate) mod items;
pub(crate) mod lookup;

use crate::heap::{Ctx, MAX_DEPTH};
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

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

pub(crate) fn is_user_instance(o: GcObj<'_>) -> bool {
    o.borrow().class.is_some()
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

/// A comparison's operands once proxies are unwrapped ([`Heap::proxy_operands`]).
pub(crate) enum Operands {
    Pair(Value, Value),
    /// A right-hand proxy's referent (live), the left operand having declined.
    RightDeclined(Value),
}

/// The live referent of a weak reference object.
pub(crate) fn referent_of<'gc>(cx: &Ctx<'_, 'gc>, wr: GcObj<'gc>) -> Option<GcObj<'gc>> {
    match &wr.borrow().kind {
        Kind::WeakRef(w) => w.referent.and_then(|r| r.upgrade(cx.mc)),
        _ => None,
    }
}

pub(crate) struct DepthGuard<'h> {
    heap: &'h Heap,
    _stack: StackGuard,
}

/// The stack (bytes) the recursive protocols (calls, repr, eq, hash) may use below
/// the outermost one before raising `RecursionError`, so that a thread with Rust's
/// default 2 MiB stack never overflows, even in a debug build (1.5 MiB: in a debug
/// build about 240 nested native calls or 180 nested list reprs, several times that in a
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
}
