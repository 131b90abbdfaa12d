//! Calls: `f(*args, **kwargs)` for every callable (native functions, bound methods,
//! classes, instances with `__call__`, weak references, callable proxies,
//! finalizers) and `obj.name(*args)`.
//!
//! Invariant: a callee runs outside the arena, with the recursion guard of
//! `enter_call` held and its arguments as rooted handles; a panic in a native function
//! is caught at the call and becomes `Error::Panic`, so the heap stays usable.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::rc::Rc;

use crate::class::Instantiated;
use crate::heap::Ctx;
use crate::object::{Kind, Val, WeakFlavor};
use crate::repr::tp_name;
use crate::types::Builtin;
use crate::{Args, Error, Heap, Result, Value};

use super::{bind, find_in_class, referent_of};

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

impl Heap {
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
}
