//! `repr()` and `str()`: Python's formatting of every kind of object.
//!
//! Invariant: a repr is computed in two stages: an arena pass that turns the object
//! into a [`Plan`] (text, or the handles whose reprs it needs), then user code
//! (`__repr__`, element reprs) outside the arena. A container already being printed
//! prints as `[...]`/`{...}`, and nesting deeper than the heap's limit raises
//! `RecursionError` instead of overflowing the stack.

use crate::heap::{Ctx, MAX_DEPTH, address};
use crate::object::{GcObj, Kind, Val, WeakFlavor};
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};
use std::borrow::Cow;

/// Python's `repr()` of a string.
pub(crate) fn repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !printable(c) => {
                let n = c as u32;
                out.push_str(&match n {
                    0..=0xff => format!("\\x{n:02x}"),
                    0x100..=0xffff => format!("\\u{n:04x}"),
                    _ => format!("\\U{n:08x}"),
                });
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Whether `repr()` shows `c` as it is: CPython's `Py_UNICODE_ISPRINTABLE`, every
/// character but the separators (other than the space) and the "other" categories
/// (control, format, surrogate, private use, unassigned), by the Unicode version of
/// the `unicode-properties` crate.
fn printable(c: char) -> bool {
    use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};
    c == ' '
        || !matches!(
            c.general_category(),
            G::Control
                | G::Format
                | G::Surrogate
                | G::PrivateUse
                | G::Unassigned
                | G::SpaceSeparator
                | G::LineSeparator
                | G::ParagraphSeparator
        )
}

/// Python's `repr()` of a float.
pub(crate) fn repr_float(f: f64) -> String {
    if f.is_nan() {
        return "nan".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "inf".into() } else { "-inf".into() };
    }
    // As many digits as the shortest form that reads back as `f` has, and of those
    // the ones nearest to `f`, ties to even, as CPython's repr (Rust's shortest form
    // can round a tie up: `1e15 + 0.3` is 1000000000000000.25 exactly, and CPython
    // prints ….2). The nearest digits of that length may not read back as `f` (a
    // power of two's lower neighbour is nearer than its upper: 2**-24 is
    // 5.9604644775390625e-08, and ….062e-08 reads back as its lower neighbour):
    // then the shortest form's, the only ones of that length that do.
    let shortest = format!("{f:e}");
    let digits = {
        let m = shortest.split('e').next().unwrap_or(&shortest);
        m.bytes().filter(u8::is_ascii_digit).count()
    };
    let nearest = format!("{f:.*e}", digits.saturating_sub(1));
    let sci = match nearest.parse::<f64>() {
        Ok(back) if back == f => nearest,
        _ => shortest,
    };
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    if (-4..16).contains(&exp) {
        // Positional, with at least one digit after the point.
        let (sign, m) = match mantissa.strip_prefix('-') {
            Some(m) => ("-", m),
            None => ("", mantissa),
        };
        let digits: String = m.chars().filter(|c| *c != '.').collect();
        let (int, frac) = if exp >= 0 {
            let point = exp as usize + 1;
            if digits.len() <= point {
                (format!("{digits:0<point$}"), "0".to_string())
            } else {
                (digits[..point].to_string(), digits[point..].to_string())
            }
        } else {
            (
                "0".to_string(),
                format!("{}{digits}", "0".repeat((-exp - 1) as usize)),
            )
        };
        format!("{sign}{int}.{frac}")
    } else {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{mantissa}e{sign}{:02}", exp.abs())
    }
}

/// What computing a repr takes, found in one arena pass.
pub(crate) enum Plan {
    Text(String),
    /// Call this (bound) `__repr__`/`__str__` method.
    Call(Value),
    /// A sequence or set: `open`, the items' reprs joined by ", ", `close`.
    Items {
        id: u64,
        open: Cow<'static, str>,
        close: &'static str,
        items: Vec<Value>,
        /// A one-element tuple prints `(x,)`.
        trailing_comma: bool,
        /// What an empty one prints (`set()`), if not `open+close`.
        empty: Option<Cow<'static, str>>,
    },
    Pairs {
        id: u64,
        items: Vec<(Value, Value)>,
    },
    /// A list, as CPython's `list_repr` prints it: each item read when its turn
    /// comes (an item's repr may change the list), until the list, as it is then,
    /// has no more.
    List {
        id: u64,
        list: Value,
    },
    /// A set or frozenset, as CPython's `set_repr` prints it: `name()` when it has
    /// no members, `name(...)` inside its own repr, else the items `list(s)`
    /// gives in braces, `{1, 2}` for an exact set and `name({1, 2})` otherwise
    /// (`frozenset({1})`, `S({1})`, and `S({})` when a subclass's `__iter__`
    /// gives nothing).
    Set {
        id: u64,
        name: Cow<'static, str>,
        exact_set: bool,
        members: usize,
        /// The members, or the set itself when `list(s)` runs its class's
        /// `__iter__` or length hint.
        items: std::result::Result<Vec<Value>, Value>,
    },
    /// A dict view: `dict_keys([...])`, its items listed as they are now; `...` if
    /// it is being printed already (CPython's `dictview_repr`).
    View {
        id: u64,
        name: &'static str,
        view: Value,
    },
    /// A slice: `slice(start, stop, step)`, each value's repr (CPython's
    /// `slice_repr`, with no guard of its own against recursion).
    Slice([Value; 3]),
    /// `<bound method Q of R>`.
    Method {
        qualname: String,
        receiver: Value,
    },
}

impl Heap {
    /// Python's `repr(v)`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.repr(&"it's".into())?, "\"it's\"");
    /// assert_eq!(heap.repr(&1.5.into())?, "1.5");
    /// let d = heap.dict(&[("k".into(), heap.tuple(&[])?)])?;
    /// assert_eq!(heap.repr(&d)?, "{'k': ()}");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn repr(&self, v: &Value) -> Result<String> {
        match v {
            Value::None => Ok("None".into()),
            Value::Bool(true) => Ok("True".into()),
            Value::Bool(false) => Ok("False".into()),
            Value::Int(i) => Ok(i.to_string()),
            Value::Float(f) => Ok(repr_float(*f)),
            Value::Str(s) => Ok(repr_str(s)),
            Value::Obj(_) => {
                let plan =
                    self.with(|cx| -> Result<Plan> { Ok(plan_repr(cx, cx.obj(v)?, "__repr__")) })?;
                self.run_plan(plan, true)
            }
        }
    }

    /// Python's `str(v)`: the string itself for a `str`, `__str__` if the class
    /// defines it, else the repr. A proxy gives its referent's `str`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert_eq!(heap.str(&"William".into())?, "William");
    /// assert_eq!(heap.str(&None::<i64>.into())?, "None");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn str(&self, v: &Value) -> Result<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Obj(_) => {
                if let Some(target) = self.unproxy(v)? {
                    return self.str(&target);
                }
                let plan = self.str_plan(v)?;
                self.run_plan(plan, false)
            }
            _ => self.repr(v),
        }
    }

    /// `str(v)` as calling the type gives it (CPython's `PyObject_Str`): the text
    /// [`str`](Heap::str) gives, but an instance of a subclass of `str` that a
    /// `__str__` (or the `__repr__` standing for it) returned is kept as it is.
    pub(crate) fn str_object(&self, v: &Value) -> Result<Value> {
        if let Value::Obj(_) = v {
            if let Some(target) = self.unproxy(v)? {
                return self.str_object(&target);
            }
            let plan = self.str_plan(v)?;
            if let Plan::Call(m) = &plan {
                return self.call_for_text(m, false).map(|(r, _)| r);
            }
            return self.run_plan(plan, false).map(Value::from);
        }
        self.str(v).map(Value::from)
    }

    /// What `str(o)` of an object takes: a str subclass's text, its class's
    /// `__str__`, else its repr.
    fn str_plan(&self, v: &Value) -> Result<Plan> {
        self.with(|cx| -> Result<Plan> {
            let o = cx.obj(v)?;
            if let Kind::Str(s) = &o.borrow().kind
                && crate::protocols::find_in_class(cx, o, "__str__").is_none()
            {
                return Ok(Plan::Text(s.to_string()));
            }
            match crate::protocols::find_in_class(cx, o, "__str__") {
                Some(m) => Ok(Plan::Call(crate::protocols::bind(cx, &m, o))),
                None => Ok(plan_repr(cx, o, "__repr__")),
            }
        })
    }

    /// Calls `m`, a bound `__str__` or `__repr__` (`is_repr`): what it returned,
    /// which must be a str or an instance of a str subclass (CPython's
    /// `PyUnicode_Check` accepts it), and its text.
    fn call_for_text(&self, m: &Value, is_repr: bool) -> Result<(Value, crate::Str)> {
        let r = self.call(m, &[])?;
        match self.str_text(&r)? {
            Some(s) => Ok((r, s)),
            None => Err(Error::TypeError(format!(
                "__{}__ returned non-string (type {})",
                if is_repr { "repr" } else { "str" },
                self.type_name(&r)
            ))),
        }
    }

    fn run_plan(&self, plan: Plan, is_repr: bool) -> Result<String> {
        match plan {
            Plan::Text(s) => Ok(s),
            Plan::Call(m) => self.call_for_text(&m, is_repr).map(|(_, s)| s.to_string()),
            Plan::Slice(parts) => {
                // (Slices nest only by their values: a depth guard, as every repr.)
                let _depth = self.enter_call().map_err(|_| repr_too_deep())?;
                let parts = parts
                    .iter()
                    .map(|v| self.repr(v))
                    .collect::<Result<Vec<_>>>()?;
                Ok(format!("slice({})", parts.join(", ")))
            }
            Plan::Method { qualname, receiver } => Ok(format!(
                "<bound method {qualname} of {}>",
                self.repr(&receiver)?
            )),
            Plan::Items {
                id,
                open,
                close,
                items,
                trailing_comma,
                empty,
            } => {
                if items.is_empty() {
                    return Ok(empty.map_or_else(|| format!("{open}{close}"), Cow::into_owned));
                }
                let Some(_guard) = self.enter_repr(id)? else {
                    return Ok(format!("{open}...{close}"));
                };
                let mut out = String::from(open);
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&self.repr(item)?);
                }
                if trailing_comma && items.len() == 1 {
                    out.push(',');
                }
                out.push_str(close);
                Ok(out)
            }
            Plan::List { id, list } => {
                let Some(_guard) = self.enter_repr(id)? else {
                    return Ok("[...]".into());
                };
                let mut out = String::from("[");
                let mut i = 0;
                while let Some(item) = self.with(|cx| -> Result<Option<Value>> {
                    Ok(match &cx.obj(&list)?.borrow().kind {
                        Kind::List(items) => items.get(i).map(|v| cx.value(v)),
                        _ => None,
                    })
                })? {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&self.repr(&item)?);
                    i += 1;
                }
                out.push(']');
                Ok(out)
            }
            Plan::Set {
                id,
                name,
                exact_set,
                members,
                items,
            } => {
                let Some(_guard) = self.enter_repr(id)? else {
                    return Ok(format!("{name}(...)"));
                };
                if members == 0 {
                    return Ok(format!("{name}()"));
                }
                let items = match items {
                    Ok(items) => items,
                    Err(set) => self.read_hinted(&set, 8)?,
                };
                let shown = items
                    .iter()
                    .map(|item| self.repr(item))
                    .collect::<Result<Vec<_>>>()?
                    .join(", ");
                Ok(if exact_set {
                    format!("{{{shown}}}")
                } else {
                    format!("{name}({{{shown}}})")
                })
            }
            Plan::View { id, name, view } => {
                let Some(_guard) = self.enter_repr(id)? else {
                    return Ok("...".into());
                };
                let items = self.list(&self.iter(&view)?)?;
                Ok(format!("{name}({})", self.repr(&items)?))
            }
            Plan::Pairs { id, items } => {
                if items.is_empty() {
                    return Ok("{}".into());
                }
                let Some(_guard) = self.enter_repr(id)? else {
                    return Ok("{...}".into());
                };
                let mut out = String::from("{");
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&self.repr(k)?);
                    out.push_str(": ");
                    out.push_str(&self.repr(v)?);
                }
                out.push('}');
                Ok(out)
            }
        }
    }

    /// Marks object `id` as being printed; `None` if it already is (recursion).
    fn enter_repr(&self, id: u64) -> Result<Option<ReprGuard<'_>>> {
        let mut active = self.repr_active.borrow_mut();
        if active.contains(&id) {
            return Ok(None);
        }
        if active.len() >= MAX_DEPTH {
            return Err(repr_too_deep());
        }
        let stack = crate::protocols::enter_stack().map_err(|_| repr_too_deep())?;
        active.push(id);
        Ok(Some(ReprGuard {
            heap: self,
            _stack: stack,
        }))
    }
}

/// CPython's error for a repr nested too deep.
fn repr_too_deep() -> Error {
    Error::RecursionError(
        "maximum recursion depth exceeded while getting the repr of an object".into(),
    )
}

struct ReprGuard<'h> {
    heap: &'h Heap,
    _stack: crate::protocols::StackGuard,
}

impl Drop for ReprGuard<'_> {
    fn drop(&mut self) {
        self.heap.repr_active.borrow_mut().pop();
    }
}

/// The name of an object's type as CPython's messages print it (`tp_name`).
pub(crate) fn tp_name<'gc>(cx: &Ctx<'_, 'gc>, v: &Val<'gc>) -> String {
    class_tp_name(cx.type_of(v))
}

/// The `tp_name` of class `c` (as CPython's messages print a type, and its
/// descriptors' messages their owner).
pub(crate) fn class_tp_name(c: GcObj<'_>) -> String {
    match &c.borrow().kind {
        Kind::Class(c) => c.tp_name(),
        _ => "object".into(),
    }
}

/// The `__name__` of a function or class, if it has one (weakref reprs show it).
pub(crate) fn name_of<'gc>(o: GcObj<'gc>) -> Option<String> {
    match &o.borrow().kind {
        Kind::Function(f) => Some(f.names.name.to_string()),
        Kind::Class(c) => Some(c.name.to_string()),
        _ => None,
    }
}

/// The repr of a live weak reference at `addr` to `target` (CPython's
/// `weakref_repr`): `<weakref at 0x…; to 'C' at 0x…>`, the target's `__name__`
/// after it when it has one.
pub(crate) fn live_weakref_repr<'gc>(cx: &Ctx<'_, 'gc>, addr: u64, target: GcObj<'gc>) -> String {
    let tid = address(target.borrow().id());
    let name = tp_name(cx, &Val::Obj(target));
    let suffix = weakref_name(target)
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    format!("<weakref at {addr:#x}; to '{name}' at {tid:#x}{suffix}>")
}

/// The name a weak reference's repr shows for its referent `o`: CPython's
/// `weakref_repr` looks `__name__` up on the referent's type (`_PyObject_LookupSpecial`,
/// not on the object), and shows it if it is a string: a function's, a class's, a
/// builtin method's or method-wrapper's (their types' `__name__` descriptors), or a
/// string a user class's namespace holds as `__name__` (not an instance's own
/// attribute, nor a bound method's, whose type has no such descriptor).
fn weakref_name<'gc>(o: GcObj<'gc>) -> Option<String> {
    let data = o.borrow();
    match (&data.kind, data.class) {
        (Kind::BuiltinMethod { def, .. }, _) => Some(def.name.to_string()),
        (_, Some(class)) => match crate::protocols::find_in_mro(class, "__name__")? {
            Val::Str(s) => Some(s.to_string()),
            Val::Obj(s) => match &s.borrow().kind {
                Kind::Str(s) => Some(s.to_string()),
                _ => None,
            },
            _ => None,
        },
        _ => name_of(o),
    }
}

pub(crate) fn plan_repr<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, dunder: &str) -> Plan {
    let data = o.borrow();
    if data.class.is_some()
        && let Some(m) = crate::protocols::find_in_class(cx, o, dunder)
    {
        drop(data);
        return Plan::Call(crate::protocols::bind(cx, &m, o));
    }
    let id = data.id();
    let addr = address(id);
    match &data.kind {
        Kind::Plain(_) => {
            let t = cx.type_of_obj(o);
            let Kind::Class(c) = &t.borrow().kind else {
                unreachable!()
            };
            Plan::Text(format!("<{} object at {:#x}>", c.qualified_name(), addr))
        }
        Kind::Int(i) => Plan::Text(i.to_string()),
        Kind::Float(f) => Plan::Text(repr_float(*f)),
        Kind::Str(s) => Plan::Text(repr_str(s)),
        Kind::Bytes(b) => Plan::Text(crate::bytes::repr_bytes(b)),
        Kind::Slice(s) => Plan::Slice(s.values(cx)),
        Kind::Tuple(items) => Plan::Items {
            id,
            open: "(".into(),
            close: ")",
            items: cx.values(items),
            trailing_comma: true,
            empty: None,
        },
        Kind::List(items) if items.is_empty() => Plan::Text("[]".into()),
        Kind::List(_) => Plan::List {
            id,
            list: cx.value(&Val::Obj(o)),
        },
        Kind::Dict(t) => Plan::Pairs {
            id,
            items: t
                .iter()
                .map(|(_, e)| (cx.value(&e.key), cx.value(&e.value)))
                .collect(),
        },
        Kind::Set(t) | Kind::FrozenSet(t) => {
            let subclass = data.class.and_then(|c| match &c.borrow().kind {
                Kind::Class(c) => Some(c.name.to_string()),
                _ => None,
            });
            // (`list(s)` asks a subclass's `__iter__` and length hint.)
            let iterated = data.class.is_some()
                && ["__iter__", "__len__", "__length_hint__"]
                    .iter()
                    .any(|m| crate::protocols::find_in_class(cx, o, m).is_some());
            Plan::Set {
                id,
                name: match (subclass, &data.kind) {
                    (Some(name), _) => name.into(),
                    (None, Kind::FrozenSet(_)) => "frozenset".into(),
                    (None, _) => "set".into(),
                },
                exact_set: data.class.is_none() && matches!(data.kind, Kind::Set(_)),
                members: t.len(),
                items: if iterated {
                    Err(cx.value(&Val::Obj(o)))
                } else {
                    Ok(t.iter().map(|(_, e)| cx.value(&e.key)).collect())
                },
            }
        }
        Kind::Class(c) => Plan::Text(format!("<class '{}'>", c.qualified_name())),
        Kind::Function(f) => Plan::Text(format!("<function {} at {:#x}>", f.names.qualname, addr)),
        Kind::Method { func, receiver } => {
            let qualname = match &func.borrow().kind {
                Kind::Function(fd) => fd.names.qualname.to_string(),
                _ => "?".into(),
            };
            Plan::Method {
                qualname,
                receiver: cx.value(receiver),
            }
        }
        // CPython's `wrapper_repr`: a slot wrapper bound to its object.
        Kind::BuiltinMethod { receiver, def } if def.is_wrapper() => Plan::Text(format!(
            "<method-wrapper '{}' of {} object at {:#x}>",
            def.name,
            tp_name(cx, &Val::Obj(*receiver)),
            address(receiver.borrow().id())
        )),
        // CPython's `meth_repr`: the receiver's type and address.
        Kind::BuiltinMethod { receiver, def } => Plan::Text(format!(
            "<built-in method {} of {} object at {:#x}>",
            def.name,
            tp_name(cx, &Val::Obj(*receiver)),
            address(receiver.borrow().id())
        )),
        Kind::WeakRef(w) => {
            let target = w.referent.and_then(|r| r.upgrade(cx.mc));
            let proxy = matches!(w.flavor, WeakFlavor::Proxy { .. });
            match (target, proxy) {
                (None, false) => Plan::Text(format!("<weakref at {addr:#x}; dead>")),
                (None, true) => Plan::Text(format!("<weakproxy at {addr:#x}; dead>")),
                (Some(t), false) => Plan::Text(live_weakref_repr(cx, addr, t)),
                (Some(t), true) => {
                    let tid = address(t.borrow().id());
                    let name = tp_name(cx, &Val::Obj(t));
                    Plan::Text(format!("<weakproxy at {addr:#x} to {name} at {tid:#x}>"))
                }
            }
        }
        Kind::Finalizer(f) => {
            // As CPython's: dead once out of the registry, or once its object is
            // (a finalizer queued to run reads dead before it runs).
            let registered = cx.root.state.borrow().finalizers.contains(o, f.place);
            let watching = crate::weakref::finalize::watched(cx, o);
            match watching {
                // `%r` of the type's name, as CPython's `finalize.__repr__`.
                Some(referent) if registered => Plan::Text(format!(
                    "<finalize object at {addr:#x}; for {} at {:#x}>",
                    repr_str(&tp_name(cx, &Val::Obj(referent))),
                    address(referent.borrow().id())
                )),
                _ => Plan::Text(dead_finalizer(id)),
            }
        }
        Kind::WeakContainer(c) => match c.builtin() {
            Builtin::WeakSet => Plan::Items {
                id,
                open: "{".into(),
                close: "}",
                items: c.data_keys().map(|k| cx.value(k)).collect(),
                trailing_comma: false,
                empty: Some("set()".into()),
            },
            b => Plan::Text(format!("<{} at {addr:#x}>", b.names().1)),
        },
        Kind::NotImplemented => Plan::Text("NotImplemented".into()),
        Kind::WeakrefDescriptor(owner) => Plan::Text(format!(
            "<attribute '__weakref__' of '{}' objects>",
            class_tp_name(*owner)
        )),
        Kind::Iter(it) => Plan::Text(format!(
            "<{} object at {addr:#x}>",
            it.flavor.builtin().names().1
        )),
        Kind::View { view, .. } => Plan::View {
            id,
            name: view.builtin().names().1,
            view: cx.value(&Val::Obj(o)),
        },
    }
}

/// The repr of the finalizer numbered `id` once it has run or been detached.
pub(crate) fn dead_finalizer(id: u64) -> String {
    format!("<finalize object at {:#x}; dead>", crate::heap::address(id))
}
