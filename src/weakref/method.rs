//! `weakref.WeakMethod`, built on weak references with callbacks (as in CPython's
//! `Lib/weakref.py`).
//!
//! Invariant: a WeakMethod is a weak reference to the method's instance (`__self__`)
//! whose flavor holds `func_ref`, a weak reference to its function (`__func__`), and
//! the type that remakes it; the first of the two referents to die marks the
//! WeakMethod dead and calls the user's callback, once. The collector knows nothing of
//! WeakMethod.

use crate::heap::Ctx;
use crate::object::{Kind, MethodParts, Val, WeakFlavor};
use crate::weakref::{list_in_slot, new_weakref, unlisted_weakref};
use crate::{Args, Error, Heap, Result, Value};

/// The callback of both weak references of a WeakMethod: `captures[0]` is the user's
/// callback (or None), `captures[1]` (func_ref's callback only) `self_wr`, a weak
/// reference to the WeakMethod (CPython's `_cb` reaches it so, and so does not hold
/// it).
fn on_death(heap: &Heap, args: &Args<'_>) -> Result<Value> {
    let wm = match args.captures.get(1) {
        Some(self_wr) => heap.call(self_wr, &[])?,
        None => args.get(0)?.clone(),
    };
    if wm.is_none() {
        return Ok(Value::None);
    }
    let was_alive = heap.with(|cx: &Ctx<'_, '_>| -> Result<bool> {
        let o = cx.obj(&wm)?;
        let data = o.borrow();
        Ok(match &data.kind {
            Kind::WeakRef(w) => match &w.flavor {
                WeakFlavor::Method(_) => w.kill_method(),
                _ => false,
            },
            _ => false,
        })
    })?;
    match args.captures.first() {
        Some(cb) if was_alive && !cb.is_none() => heap.call(cb, &[wm]).map(|_| Value::None),
        _ => Ok(Value::None),
    }
}

impl Heap {
    /// `weakref.WeakMethod(method, callback)`: a weak reference to a bound method,
    /// which dies when either its instance or its function is collected.
    ///
    /// Calling it gives a new bound method (same instance, same function) or `None`.
    /// `callback` runs once, with the WeakMethod, for whichever dies first. It is a
    /// `weakref.ReferenceType` and prints as a weak reference to the instance.
    ///
    /// As CPython's, it takes any object with `__self__` and `__func__` (read in that
    /// order as attributes, a class's `__getattr__` answering too): it then holds those two weakly
    /// and remakes the object as `type(method)(func, obj)` when called.
    ///
    /// Errors: `TypeError: argument should be a bound method, not <class 'function'>`
    /// when `method` lacks `__self__` or `__func__`; the `TypeError` of
    /// [`Heap::weakref`] when either cannot be weakly referenced; whatever reading them
    /// raised otherwise.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Employee").method("hello", |_, _| Ok("hi".into())).build()?;
    /// let e = heap.call(&cls, &[])?;
    /// let wm = heap.weak_method(&heap.getattr(&e, "hello")?, None)?;
    /// let m = heap.call(&wm, &[])?;
    /// assert_eq!(heap.call(&m, &[])?.as_str(), Some("hi"));
    /// drop((e, m));
    /// heap.collect();
    /// assert!(heap.call(&wm, &[])?.is_none());
    ///
    /// // Any object with `__self__` and `__func__`, remade by its type when called.
    /// let pair = heap
    ///     .class("Pair")
    ///     .method("__init__", |heap, a| {
    ///         heap.setattr(a.get(0)?, "__func__", a.get(1)?)?;
    ///         heap.setattr(a.get(0)?, "__self__", a.get(2)?)?;
    ///         Ok(lethe::Value::None)
    ///     })
    ///     .build()?;
    /// let f = heap.function("f", |_, _| Ok(lethe::Value::None));
    /// let e = heap.call(&cls, &[])?;
    /// let wm = heap.weak_method(&heap.call(&pair, &[f.clone(), e.clone()])?, None)?;
    /// let remade = heap.call(&wm, &[])?;
    /// assert!(heap.type_of(&remade)?.is(&pair));
    /// assert!(heap.getattr(&remade, "__self__")?.is(&e));
    /// assert_eq!(
    ///     heap.weak_method(&f, None).unwrap_err().to_string(),
    ///     "TypeError: argument should be a bound method, not <class 'function'>"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_method(&self, method: &Value, callback: Option<&Value>) -> Result<Value> {
        let (func, receiver, meth_type) = self.method_parts(method)?;
        let user_cb = callback.cloned().unwrap_or(Value::None);
        let trampoline = self.closure("_cb", std::slice::from_ref(&user_cb), on_death)?;
        let wm = self.with(|cx| -> Result<Value> {
            let inst = crate::weakref::check_weakrefable(cx, &cx.val(&receiver)?)?;
            let func = crate::weakref::check_weakrefable(cx, &cx.val(&func)?)?;
            let meth_type = match &meth_type {
                Some(t) => Some(cx.obj(t)?),
                None => None,
            };
            // Made first (the WeakMethod holds it), listed after the WeakMethod, as
            // CPython makes `_func_ref` after the reference to the instance: when the
            // two referents are one object, `getweakrefs` and `__weakref__` see it
            // first (a reference with a callback goes ahead of older ones). Not shared,
            // though its callback is set only below, once the WeakMethod exists.
            let func_ref = unlisted_weakref(cx, func, WeakFlavor::Ref, None, false);
            let parts = MethodParts {
                func_ref,
                meth_type,
            };
            let wm = new_weakref(
                cx,
                inst,
                WeakFlavor::Method(Box::new(parts)),
                Some(cx.val(&trampoline)?),
            );
            list_in_slot(cx, func, func.borrow().id(), func_ref, false);
            Ok(cx.value(&Val::Obj(wm)))
        })?;
        // `self_wr = ref(self)`: the WeakMethod's shared reference, which
        // `getweakrefcount` counts and `__weakref__` gives, as CPython's.
        let self_wr = self.weakref(&wm, None)?;
        let func_cb = self.closure("_cb", &[user_cb, self_wr], on_death)?;
        self.with(|cx| -> Result<()> {
            let o = cx.obj(&wm)?;
            let func_ref = match &o.borrow().kind {
                Kind::WeakRef(w) => match &w.flavor {
                    WeakFlavor::Method(m) => m.func_ref,
                    _ => return Ok(()),
                },
                _ => return Ok(()),
            };
            let cb = cx.val(&func_cb)?;
            if let Kind::WeakRef(w) = &mut func_ref.borrow_mut(cx.mc).kind {
                w.callback = Some(cb);
            }
            Ok(())
        })?;
        Ok(wm)
    }

    /// A method's function and instance, and the type that remakes it (`None` for a
    /// bound method): CPython's `meth.__func__`, `meth.__self__` and `type(meth)`.
    fn method_parts(&self, method: &Value) -> Result<(Value, Value, Option<Value>)> {
        let bound = self.with(|cx| -> Result<Option<(Value, Value)>> {
            let Val::Obj(m) = cx.val(method)? else {
                return Ok(None);
            };
            Ok(match &m.borrow().kind {
                Kind::Method { func, receiver } => {
                    Some((cx.value(&Val::Obj(*func)), cx.value(receiver)))
                }
                _ => None,
            })
        })?;
        if let Some((func, receiver)) = bound {
            return Ok((func, receiver, None));
        }
        let meth_type = self.type_of(method)?;
        let part = |name: &str| match self.getattr(method, name) {
            Err(Error::AttributeError(_)) => Err(Error::TypeError(format!(
                "argument should be a bound method, not {}",
                self.repr(&meth_type)?
            ))),
            found => found,
        };
        let receiver = part("__self__")?;
        let func = part("__func__")?;
        Ok((func, receiver, Some(meth_type)))
    }
}
