//! User classes: building them, and making their instances.
//!
//! Invariant: a class's namespace holds its methods (native functions whose qualname
//! is `Class.method`) and class attributes; an instance's layout (plain, or that of
//! the builtin type it derives from) is fixed by its class when it is made.

use std::rc::Rc;

use gc_arena::{Gc, Static};

use crate::object::{
    CachedInit, ClassData, ClassLookups, FunctionData, GcObj, Kind, ObjectData, Val,
};
use crate::repr::name_of;
use crate::types::{Builtin, c3_merge};
use crate::{Args, Error, Heap, Result, Value};

/// Builds a user class: its name, module, bases, methods and class attributes.
///
/// Made by [`Heap::class`]. Methods are native functions; `self` is their first
/// positional argument.
///
/// ```
/// use lethe::{Heap, Value};
/// let heap = Heap::new();
/// let employee = heap
///     .class("Employee")
///     .method("__init__", |heap, a| {
///         heap.setattr(a.get(0)?, "name", a.get(1)?)?;
///         Ok(Value::None)
///     })
///     .method("__repr__", |heap, a| heap.getattr(a.get(0)?, "name"))
///     .build()?;
/// let william = heap.call(&employee, &["William".into()])?;
/// assert_eq!(heap.repr(&william)?, "William");
/// assert_eq!(heap.repr(&employee)?, "<class '__main__.Employee'>");
/// # Ok::<(), lethe::Error>(())
/// ```
#[must_use = "a ClassBuilder does nothing until build() is called"]
pub struct ClassBuilder<'h> {
    heap: &'h Heap,
    name: Rc<str>,
    module: Rc<str>,
    bases: Vec<Value>,
    attrs: Vec<(Rc<str>, ClassAttr)>,
    fields: Option<crate::fields::Fields>,
}

enum ClassAttr {
    Method(crate::native::NativeFn),
    /// The `__init__` generated for these fields (`fields.rs`).
    FieldInit(crate::fields::Fields),
    Value(Value),
}

impl Heap {
    /// Starts a new class named `name`, in module `__main__`, deriving from `object`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let point = heap.class("Point").build()?;
    /// let p = heap.call(&point, &[])?;
    /// assert_eq!(heap.type_name(&p), "Point");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn class(&self, name: &str) -> ClassBuilder<'_> {
        ClassBuilder {
            heap: self,
            name: name.into(),
            module: "__main__".into(),
            bases: Vec::new(),
            attrs: Vec::new(),
            fields: None,
        }
    }
}

impl std::fmt::Debug for ClassBuilder<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let attrs: Vec<&str> = self.attrs.iter().map(|(n, _)| &**n).collect();
        f.debug_struct("ClassBuilder")
            .field("name", &self.name)
            .field("module", &self.module)
            .field("bases", &self.bases)
            .field("attrs", &attrs)
            .field("fields", &self.fields)
            .finish()
    }
}

impl<'h> ClassBuilder<'h> {
    /// Sets the module the class belongs to (default `__main__`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").module("shapes").build()?;
    /// assert_eq!(heap.repr(&c)?, "<class 'shapes.C'>");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn module(mut self, module: &str) -> Self {
        self.module = module.into();
        self
    }

    /// Adds a base class: a user class or one of the builtin types `list`, `dict`,
    /// `set`, `frozenset`, `str`, `float`, `tuple`, `int` (from
    /// [`Heap::builtin`]). Bases are searched in the order added (C3).
    ///
    /// ```
    /// use lethe::Builtin;
    /// let heap = lethe::Heap::new();
    /// let my_list = heap.class("MyList").base(&heap.builtin(Builtin::List)).build()?;
    /// let l = heap.call(&my_list, &[])?;
    /// heap.list_append(&l, &1.into())?;
    /// assert_eq!(heap.len(&l)?, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn base(mut self, base: &Value) -> Self {
        self.bases.push(base.clone());
        self
    }

    /// Adds a method: a native function receiving `self` as positional argument 0.
    ///
    /// A `__del__` method must be given here, when the class is built: whether an
    /// instance has one is decided when the instance is made (so the collector tracks
    /// only the objects that need it), and a `__del__` set on the class later runs only
    /// for instances made afterwards.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").method("answer", |_, _| Ok(42.into())).build()?;
    /// let o = heap.call(&c, &[])?;
    /// assert_eq!(heap.call_method(&o, "answer", &[])?.as_int(), Some(42));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn method(
        mut self,
        name: &str,
        f: impl Fn(&Heap, &Args<'_>) -> Result<Value> + 'static,
    ) -> Self {
        self.attrs
            .push((name.into(), ClassAttr::Method(Rc::new(f))));
        self
    }

    /// Adds a class attribute (any value: an existing function becomes a method).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let c = heap.class("C").attr("kind", "demo".into()).build()?;
    /// assert_eq!(heap.getattr(&c, "kind")?.as_str(), Some("demo"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn attr(mut self, name: &str, value: Value) -> Self {
        self.attrs.push((name.into(), ClassAttr::Value(value)));
        self
    }

    /// Declares the instances' fields, as a `@dataclass` does: the class gets an
    /// `__init__(self, *fields)` that sets one attribute per field, in this order,
    /// from its positional or keyword arguments, a `__match_args__`, the tuple of
    /// the field names (unless it declares its own), and, unless it declares a
    /// truthy one, the `__doc__` `dataclasses.make_dataclass` gives: its name and
    /// `__init__`'s signature, each field annotated `'typing.Any'` (its name alone
    /// if it declares its own `__init__`, whose signature lethe cannot read). It
    /// does not get a dataclass's `__repr__`, `__eq__` or `__dataclass_fields__`.
    ///
    /// The generated `__init__` is an ordinary method (a subclass inherits it, and
    /// may call it from its own `__init__`); it binds its arguments as CPython binds
    /// them and raises CPython's `TypeError` for a missing, repeated, unexpected or
    /// extra argument. A class that declares fields and derives from classes that
    /// declared some takes theirs first, as a dataclass does (a name declared again
    /// keeps its place). A call of the class with one positional argument per field
    /// sets the fields in the same pass that makes the instance, without calling
    /// through the function. As with a dataclass, a `__init__` given with
    /// [`method`](ClassBuilder::method) takes precedence over the generated one.
    ///
    /// ```
    /// use lethe::Heap;
    /// let heap = Heap::new();
    /// let employee = heap.class("Employee").fields(&["emp_id", "name", "age"]).build()?;
    /// let e = heap.call(&employee, &[1.into(), "William".into(), 30.into()])?;
    /// assert_eq!(heap.getattr(&e, "name")?.as_str(), Some("William"));
    /// let by_keyword = heap.call_kw(&employee, &[2.into()], &[("age", 41.into()), ("name", "Ada".into())])?;
    /// assert_eq!(heap.getattr(&by_keyword, "age")?.as_int(), Some(41));
    /// let match_args = heap.getattr(&employee, "__match_args__")?;
    /// assert_eq!(heap.repr(&match_args)?, "('emp_id', 'name', 'age')");
    /// assert_eq!(
    ///     heap.getattr(&employee, "__doc__")?.as_str(),
    ///     Some("Employee(emp_id: 'typing.Any', name: 'typing.Any', age: 'typing.Any')")
    /// );
    /// let err = heap.call(&employee, &[3.into()]).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "TypeError: Employee.__init__() missing 2 required positional arguments: 'name' and 'age'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn fields(mut self, names: &[&str]) -> Self {
        self.fields = Some(names.iter().map(|&n| Rc::from(n)).collect());
        self
    }

    /// Creates the class object.
    ///
    /// Errors: `TypeError` if a base is not a class (CPython's metaclass conflict, or
    /// "bases must be types" for a plain `object()`), is a builtin type that cannot be
    /// subclassed, or if two bases have incompatible layouts (as CPython's: two
    /// unrelated subclasses of `int`, or of `tuple`, included), if `__qualname__` is
    /// not a str, if a base is given twice, or no consistent method resolution order
    /// exists; if a field name is not an identifier, is a keyword or is repeated
    /// (`dataclasses.make_dataclass`'s messages). Of two errors, the one CPython
    /// checks first: the field names, every base a class, then each base in turn
    /// acceptable and compatible, `__qualname__`, a repeated base, the order.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let err = heap.class("Bad").base(&1.into()).build().unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "TypeError: metaclass conflict: the metaclass of a derived class must be a \
    ///      (non-strict) subclass of the metaclasses of all its bases"
    /// );
    /// ```
    pub fn build(self) -> Result<Value> {
        // `make_dataclass` checks its field names before it makes the class.
        if let Some(fields) = &self.fields {
            crate::fields::check(fields)?;
        }
        let heap = self.heap;
        let mut attrs = self.attrs;
        // Read now (outside the arena), raised where CPython's `type()` checks it:
        // after the bases, before a duplicate base and the MRO.
        let names = namespace_names(heap, &self.name, &self.module, &mut attrs);
        heap.with(|cx| {
            // Every base's type first, where CPython works out the metaclass: a base
            // whose type is not a base of `type` (anything but a class or a plain
            // `object()`) is a conflict.
            let mut bases: Vec<GcObj<'_>> = Vec::new();
            for b in &self.bases {
                let o = match b {
                    Value::Obj(_) => Some(cx.obj(b)?),
                    _ => None,
                };
                match o {
                    Some(o) if is_class_or_plain_object(&o.borrow()) => bases.push(o),
                    _ => return Err(Error::TypeError(METACLASS_CONFLICT.into())),
                }
            }
            if bases.is_empty() {
                bases.push(cx.builtin(Builtin::Object));
            }
            // Then each base in turn a type, acceptable, its layout compatible with
            // those before it (CPython's `best_base`): the most derived solid base wins.
            let mut winner: Option<GcObj<'_>> = None;
            for &b in &bases {
                let data = b.borrow();
                let Kind::Class(c) = &data.kind else {
                    return Err(Error::TypeError("bases must be types".into()));
                };
                if let Some(Static(builtin)) = c.builtin
                    && !builtin.subclassable()
                {
                    return Err(Error::TypeError(format!(
                        "type '{}' is not an acceptable base type",
                        builtin.tp_name()
                    )));
                }
                let candidate = solid_base(cx, b, c);
                winner = match winner {
                    Some(w) if is_subtype(w, candidate) => Some(w),
                    Some(w) if !is_subtype(candidate, w) => {
                        return Err(Error::TypeError(
                            "multiple bases have instance lay-out conflict".into(),
                        ));
                    }
                    _ => Some(candidate),
                };
            }
            let winner = winner.unwrap_or_else(|| cx.builtin(Builtin::Object));
            let (layout, solid) = match &winner.borrow().kind {
                Kind::Class(w) if w.builtin.is_some() => (w.layout.0, None),
                Kind::Class(w) => (w.layout.0, Some(winner)),
                _ => unreachable!(),
            };
            let (class_qualname, module) = names?;
            for (i, b) in bases.iter().enumerate() {
                if bases[..i].iter().any(|earlier| Gc::ptr_eq(*earlier, *b)) {
                    let name = name_of(*b).unwrap_or_default();
                    return Err(Error::TypeError(format!("duplicate base class {name}")));
                }
            }
            let mut seqs = Vec::new();
            for b in &bases {
                let data = b.borrow();
                let Kind::Class(c) = &data.kind else {
                    unreachable!()
                };
                let mut seq = vec![*b];
                seq.extend(c.mro.iter().copied());
                seqs.push(seq);
            }
            seqs.push(bases.clone());
            let mro = c3_merge(seqs).map_err(|heads| {
                let names: Vec<String> = heads
                    .iter()
                    .map(|h| name_of(*h).unwrap_or_default())
                    .collect();
                // CPython's words, line break included.
                Error::TypeError(format!(
                    "Cannot create a consistent method resolution\norder (MRO) for bases {}",
                    names.join(", ")
                ))
            })?;
            // Declared fields follow the fields its bases declared, as a dataclass's.
            let fields = self.fields.map(|own| {
                let inherited: Vec<Option<crate::fields::Fields>> = mro
                    .iter()
                    .map(|b| match &b.borrow().kind {
                        Kind::Class(c) => c.fields.as_ref().map(|f| f.0.clone()),
                        _ => None,
                    })
                    .collect();
                crate::fields::collect(&own, &inherited)
            });
            // Registered once the class is sure to be made.
            let counter = heap.register_counter(self.name.clone());
            let class = ClassData {
                name: self.name.clone(),
                qualname: class_qualname.clone(),
                module,
                bases,
                mro,
                builtin: None,
                layout: Static(layout),
                solid,
                counter: Static(counter),
                fields: fields.clone().map(Static),
                lookups: None,
                weakref_descriptor: crate::object::WeakrefDescriptor::Unmade,
                weakref_descriptor_qualname: None,
            };
            let cls = cx.alloc(Kind::Class(Box::new(class)), None);
            let declares = |name: &str| attrs.iter().any(|(n, _)| &**n == name);
            // A dataclass's `__match_args__`: every field's name, in field order.
            let match_args = match &fields {
                Some(fields) if !declares("__match_args__") => {
                    let names = fields.iter().map(|f| Val::Str(f.into())).collect();
                    Some(Val::Obj(cx.alloc(Kind::Tuple(names), None)))
                }
                _ => None,
            };
            // A dataclass's `__doc__`, if its own is falsy: its name and signature,
            // each field annotated `'typing.Any'` as `make_dataclass` annotates it
            // (the name alone with a declared `__init__`, whose signature lethe
            // cannot read: CPython's text when `inspect.signature` fails).
            let own_init = declares("__init__");
            if let Some(fields) = &fields {
                // (An object given as `__doc__` is taken as true.)
                let own = attrs.iter().rposition(|(n, _)| &**n == "__doc__");
                let replace = match own.map(|i| &attrs[i].1) {
                    None => true,
                    Some(ClassAttr::Value(v)) => v.scalar_truth() == Some(false),
                    Some(_) => false,
                };
                if replace {
                    let doc = if own_init {
                        self.name.to_string()
                    } else {
                        let params: Vec<String> = fields
                            .iter()
                            .map(|f| format!("{f}: 'typing.Any'"))
                            .collect();
                        format!("{}({})", self.name, params.join(", "))
                    };
                    attrs.retain(|(n, _)| &**n != "__doc__");
                    attrs.push(("__doc__".into(), ClassAttr::Value(doc.as_str().into())));
                }
            }
            if let Some(fields) = fields
                && !own_init
            {
                attrs.push(("__init__".into(), ClassAttr::FieldInit(fields)));
            }
            for (name, attr) in attrs {
                let (code, fields, qualname) = match attr {
                    ClassAttr::Value(v) => {
                        cls.borrow_mut(cx.mc).set_attr(&name, cx.val(&v)?);
                        continue;
                    }
                    // A method is named after the class statement's name, as
                    // CPython's compiler names it.
                    ClassAttr::Method(code) => (code, None, format!("{}.{name}", self.name).into()),
                    // The generated `__init__`, after the class's `__qualname__`, as
                    // a dataclass names it (`_set_qualname`).
                    ClassAttr::FieldInit(fields) => {
                        let qualname: Rc<str> = format!("{class_qualname}.{name}").into();
                        (
                            crate::fields::init(qualname.clone(), fields.clone()),
                            Some(Static(fields)),
                            qualname,
                        )
                    }
                };
                let f = FunctionData {
                    names: crate::object::FunctionNames::new(name.clone(), qualname),
                    module: self.module.clone(),
                    code: Static(cx.heap.defer(code)),
                    captures: Vec::new(),
                    fields,
                    in_arena: None,
                };
                let v = Val::Obj(cx.alloc(Kind::Function(Box::new(f)), None));
                cls.borrow_mut(cx.mc).set_attr(&name, v);
            }
            if let Some(t) = match_args {
                cls.borrow_mut(cx.mc).set_attr("__match_args__", t);
            }
            Ok(cx.value(&Val::Obj(cls)))
        })
    }
}

/// What CPython's `type()` makes of a new class's namespace: `__qualname__`, if given,
/// is the class's qualified name and leaves the namespace (a string, else
/// `TypeError`); `__module__` stays, the builder's module unless given (a string
/// given is the module the repr shows; anything else, no module); `__doc__` is
/// `None` unless given; and a class that defines `__eq__` but not `__hash__` gets
/// `__hash__ = None`, so that its instances are unhashable while a subclass may
/// define `__hash__` again. Returns the qualified name and the module for the repr.
/// CPython's message for a base whose type is not a base of `type` (in lethe, one
/// that is neither a class nor a plain `object()`), from `_PyType_CalculateMetaclass`.
const METACLASS_CONFLICT: &str = "metaclass conflict: the metaclass of a derived class must be \
     a (non-strict) subclass of the metaclasses of all its bases";

/// Whether `data` is a class or a plain `object()`, the one other object whose type
/// (`object`) is a base of `type`, so that CPython's metaclass check lets it pass
/// (and `best_base` then finds it is not a type).
fn is_class_or_plain_object(data: &ObjectData<'_>) -> bool {
    match data.kind {
        Kind::Class(_) => true,
        Kind::Plain(_) => data.class.is_none(),
        _ => false,
    }
}

fn namespace_names(
    heap: &Heap,
    name: &Rc<str>,
    module: &Rc<str>,
    attrs: &mut Vec<(Rc<str>, ClassAttr)>,
) -> Result<(Rc<str>, Option<Rc<str>>)> {
    let last =
        |attrs: &[(Rc<str>, ClassAttr)], key: &str| attrs.iter().rposition(|(n, _)| &**n == key);
    let as_str = |attr: &ClassAttr| -> Result<Option<Rc<str>>> {
        let ClassAttr::Value(v) = attr else {
            return Ok(None); // a method: a function
        };
        // A str subclass's instance by its value, not its `__str__`.
        Ok(heap.str_text(v)?.map(|s| Rc::from(&*s)))
    };
    let type_name = |attr: &ClassAttr| match attr {
        ClassAttr::Value(v) => heap.type_name(v),
        _ => "function".to_string(),
    };
    let mut qualname = name.clone();
    if let Some(i) = last(attrs, "__qualname__") {
        qualname = as_str(&attrs[i].1)?.ok_or_else(|| {
            Error::TypeError(format!(
                "type __qualname__ must be a str, not {}",
                type_name(&attrs[i].1)
            ))
        })?;
        attrs.retain(|(n, _)| &**n != "__qualname__");
    }
    let shown_module = match last(attrs, "__module__") {
        Some(i) => as_str(&attrs[i].1)?,
        None => {
            let m = Value::Str(crate::Str::from(&**module));
            attrs.push(("__module__".into(), ClassAttr::Value(m)));
            Some(module.clone())
        }
    };
    if last(attrs, "__doc__").is_none() {
        attrs.push(("__doc__".into(), ClassAttr::Value(Value::None)));
    }
    if last(attrs, "__eq__").is_some() && last(attrs, "__hash__").is_none() {
        attrs.push(("__hash__".into(), ClassAttr::Value(Value::None)));
    }
    Ok((qualname, shown_module))
}

/// The class whose instance layout base class `b` (with data `c`) extends, as
/// CPython's `solid_base` finds it: the builtin type of its layout (`object` for
/// plain instances), or for a subclass of `int` or `tuple` the subclass along its
/// bases that derives from the builtin itself (`ClassData::solid`).
fn solid_base<'gc>(
    cx: &crate::heap::Ctx<'_, 'gc>,
    b: GcObj<'gc>,
    c: &ClassData<'gc>,
) -> GcObj<'gc> {
    match c.layout.0 {
        Builtin::Int | Builtin::Tuple if c.builtin.is_none() => c.solid.unwrap_or(b),
        layout => cx.builtin(layout),
    }
}

/// Whether class `a` is class `b` or derives from it.
pub(crate) fn is_subtype<'gc>(a: GcObj<'gc>, b: GcObj<'gc>) -> bool {
    Gc::ptr_eq(a, b)
        || match &a.borrow().kind {
            Kind::Class(c) => c.mro.iter().any(|m| Gc::ptr_eq(*m, b)),
            _ => false,
        }
}

/// What instantiating a class made.
pub(crate) enum Instantiated {
    /// A field class's instance, its fields set by the call: done.
    Filled(Value),
    /// An instance whose `__init__`, if any, is still to run.
    New(NewInstance),
}

/// What instantiating a class needs to do after the object exists.
pub(crate) struct NewInstance {
    pub instance: Value,
    pub init: Option<Init>,
    /// The builtin layout of the instance (`Builtin::Object` for a plain instance).
    pub layout: Builtin,
}

/// The `__init__` to run on a new instance.
pub(crate) enum Init {
    /// A native function, taken out of the arena in the pass that made the instance;
    /// called with the instance first.
    Native(crate::protocols::calls::NativeCall),
    /// Another callable stored as `__init__`: not a descriptor, so called without the
    /// instance (as CPython calls it).
    Other(Value),
}

/// Allocates an instance of the user class `c` (step one of `c(*args)`), inside the
/// arena pass of the call (`call_full`), and finds its `__init__`.
pub(crate) fn instantiate<'gc>(
    cx: &crate::heap::Ctx<'_, 'gc>,
    c: GcObj<'gc>,
    args: &[Value],
    kwargs: &[(Rc<str>, Value)],
) -> Result<Instantiated> {
    let init = current_init(cx, c);
    let init = init.as_ref();
    let has_kwargs = !kwargs.is_empty();
    let data = c.borrow();
    let Kind::Class(class) = &data.kind else {
        return Err(Error::TypeError("not a class".into()));
    };
    let Some(lookups) = &class.lookups else {
        return Err(Error::TypeError("not a class".into()));
    };
    let layout = class.layout.0;
    let plain = layout == Builtin::Object;
    // object() takes no arguments: refuse them before anything is allocated (so no
    // half-made instance reaches __del__).
    if init.is_none() && plain && (!args.is_empty() || has_kwargs) {
        return Err(Error::TypeError(format!(
            "{}() takes no arguments",
            class.name
        )));
    }
    // A generated field `__init__` given one positional argument per field: the
    // instance is made with its fields set (`fields.rs`).
    let filled = match lookups.fields.as_ref().filter(|_| plain) {
        Some(fields) if !has_kwargs && args.len() == fields.len() => {
            // Pushed one by one: collecting a fallible iterator costs several times
            // as much.
            let mut values = crate::shape::Values::default();
            values.reserve_for(args.len());
            for v in args {
                values.push(cx.val(v)?);
            }
            Some(crate::fields::filled(&class.counter.0, fields, values))
        }
        _ => {
            // Any other call: a handle of another heap is refused before anything
            // is made (no half-made instance reaches `__del__`).
            for v in args.iter().chain(kwargs.iter().map(|(_, v)| v)) {
                if let Value::Obj(o) = v {
                    cx.fetch(o)?;
                }
            }
            None
        }
    };
    let is_filled = filled.is_some();
    let kind = match filled {
        Some(attrs) => Kind::Plain(attrs),
        None => layout_kind(layout),
    };
    let obj = cx.alloc(kind, Some(c));
    if lookups.has_del {
        cx.state().del_candidates.push(gc_arena::Gc::downgrade(obj));
    }
    let instance = cx.value(&Val::Obj(obj));
    if is_filled {
        return Ok(Instantiated::Filled(instance));
    }
    Ok(Instantiated::New(NewInstance {
        instance,
        init: init.map(|v| match crate::protocols::calls::native_of(cx, v) {
            Some(native) => Init::Native(native),
            None => Init::Other(cx.value(v)),
        }),
        layout,
    }))
}

/// Makes class `c`'s cached [`ClassLookups`] current (the first definitions of
/// `__init__` and `__del__` along its MRO, looked up again only after some class
/// namespace changed) and returns its `__init__`.
fn current_init<'gc>(cx: &crate::heap::Ctx<'_, 'gc>, c: GcObj<'gc>) -> Option<Val<'gc>> {
    let epoch = crate::object::class_epoch();
    let (lookups, init) = {
        let data = c.borrow();
        let Kind::Class(class) = &data.kind else {
            return None;
        };
        // Valid lookups name an `__init__` the class (or a base) still holds.
        if let Some(l) = class.lookups.as_ref().filter(|l| l.epoch == epoch) {
            match &l.init {
                None => return None,
                Some(cached) => {
                    if let Some(v) = cached.get(cx.mc) {
                        return Some(v);
                    }
                }
            }
        }
        let lookup = |name: &str| -> Option<Val<'gc>> {
            data.attr(name)
                .cloned()
                .or_else(|| crate::protocols::mro_attr(&class.mro, name))
        };
        let init = lookup("__init__");
        let lookups = ClassLookups {
            epoch,
            fields: init.as_ref().and_then(crate::fields::of),
            init: init.clone().map(CachedInit::new),
            has_del: lookup("__del__").is_some(),
        };
        (lookups, init)
    };
    if let Kind::Class(class) = &mut c.borrow_mut(cx.mc).kind {
        class.lookups = Some(lookups);
    }
    init
}

/// The contents of a new instance whose class has the builtin `layout`, empty (0, an
/// empty string or list…): the call fills them, outside the arena, with what the
/// builtin type makes of its arguments (`Heap::fill_builtin_part`).
fn layout_kind<'gc>(layout: Builtin) -> Kind<'gc> {
    match layout {
        Builtin::List => Kind::List(Vec::new()),
        Builtin::Dict => Kind::Dict(Box::default()),
        Builtin::Set => Kind::Set(Box::new(crate::dict::Table::new_set())),
        Builtin::FrozenSet => Kind::FrozenSet(Box::new(crate::dict::Table::new_set())),
        Builtin::Tuple => Kind::Tuple(Vec::new()),
        Builtin::Str => Kind::Str("".into()),
        Builtin::Int => Kind::Int(0),
        Builtin::Float => Kind::Float(0.0),
        _ => Kind::Plain(Default::default()),
    }
}
