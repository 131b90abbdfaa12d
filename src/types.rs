//! Types: the builtin type objects, user classes, and the method resolution order.
//!
//! Invariant: every object has exactly one type, found without running user code:
//! its `class` if it is an instance of a user class, else the builtin type its `kind`
//! implies. A class's `mro` is computed once, by C3 linearization, when the class is
//! made, and never changes.

use std::cell::Cell;
use std::rc::Rc;

use crate::object::{ClassData, GcObj, Kind, WeakFlavor};

/// The builtin types of lethe's object model.
///
/// [`Heap::builtin`](crate::Heap::builtin) returns the type object of each, for
/// `isinstance` checks and as a base for user classes.
///
/// ```
/// use lethe::{Builtin, Heap};
/// let heap = Heap::new();
/// let list_type = heap.builtin(Builtin::List);
/// assert_eq!(heap.repr(&list_type)?, "<class 'list'>");
/// let v = heap.list(&[])?;
/// assert!(heap.isinstance(&v, &list_type)?);
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Builtin {
    /// `object`
    Object,
    /// `type`
    Type,
    /// `NoneType`
    NoneType,
    /// `int`
    Int,
    /// `bool`
    Bool,
    /// `float`
    Float,
    /// `str`
    Str,
    /// `tuple`
    Tuple,
    /// `list`
    List,
    /// `dict`
    Dict,
    /// `set`
    Set,
    /// `frozenset`
    FrozenSet,
    /// `function` (native functions)
    Function,
    /// `method` (bound methods)
    Method,
    /// `builtin_function_or_method`: a method of a builtin type (`list.append`…)
    /// bound to its object, as `getattr(l, "append")` makes it.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let append = heap.getattr(&heap.list(&[])?, "append")?;
    /// assert!(heap.type_of(&append)?.is(&heap.builtin(Builtin::BuiltinMethod)));
    /// assert_eq!(heap.type_name(&append), "builtin_function_or_method");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    BuiltinMethod,
    /// `weakref.ReferenceType`
    Ref,
    /// `weakref.ProxyType`
    Proxy,
    /// `weakref.CallableProxyType`
    CallableProxy,
    /// `weakref.WeakMethod`
    WeakMethod,
    /// `weakref.KeyedRef`
    KeyedRef,
    /// `weakref.finalize`
    Finalize,
    /// `weakref.WeakValueDictionary`
    WeakValueDictionary,
    /// `weakref.WeakKeyDictionary`
    WeakKeyDictionary,
    /// `_weakrefset.WeakSet`
    WeakSet,
    /// `NotImplementedType`, the type of the [`NotImplemented`](crate::Heap::not_implemented)
    /// singleton a binary method returns to decline an operand.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let t = heap.type_of(&heap.not_implemented())?;
    /// assert!(t.is(&heap.builtin(Builtin::NotImplementedType)));
    /// assert_eq!(heap.repr(&t)?, "<class 'NotImplementedType'>");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    NotImplementedType,
    /// `list_iterator`, what [`Heap::iterator`](crate::Heap::iterator) of a list
    /// gives (the iterator types are not callable and cannot be subclassed).
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let it = heap.iterator(&heap.list(&[])?)?;
    /// assert!(heap.type_of(&it)?.is(&heap.builtin(Builtin::ListIterator)));
    /// assert_eq!(heap.repr(&heap.builtin(Builtin::ListIterator))?, "<class 'list_iterator'>");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    ListIterator,
    /// `tuple_iterator`
    TupleIterator,
    /// `str_ascii_iterator`: a string of ASCII characters only (CPython 3.11's).
    StrAsciiIterator,
    /// `str_iterator`: any other string.
    StrIterator,
    /// `dict_keyiterator`
    DictKeyIterator,
    /// `dict_reversekeyiterator`, what `reversed(d)` gives.
    DictReverseKeyIterator,
    /// `set_iterator` (of a set or a frozenset)
    SetIterator,
    /// `iterator`: CPython's old sequence protocol, `x[0]`, `x[1]`… until
    /// `IndexError`, for an object with `__getitem__` and no `__iter__`.
    SeqIterator,
    /// `list_reverseiterator`, what `reversed(l)` gives.
    ListReverseIterator,
    /// `reversed`: `x[len(x) - 1]` down to `x[0]`, what `reversed(x)` gives for a
    /// sequence without `__reversed__` (a tuple, a str, a user class with `__len__`
    /// and `__getitem__`).
    Reversed,
    /// `method-wrapper`: a builtin iterator's `__next__` or `__iter__` bound to it.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let next = heap.getattr(&heap.iterator(&"ab".into())?, "__next__")?;
    /// assert!(heap.type_of(&next)?.is(&heap.builtin(Builtin::MethodWrapper)));
    /// assert!(heap.repr(&next)?.starts_with("<method-wrapper '__next__' of str_ascii_iterator object at 0x"));
    /// assert_eq!(heap.call(&next, &[])?.as_str(), Some("a"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    MethodWrapper,
    /// `dict_keys`, what `d.keys()` gives: a live, set-like view of the dict's keys.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let keys = heap.call_method(&d, "keys", &[])?;
    /// assert!(heap.type_of(&keys)?.is(&heap.builtin(Builtin::DictKeys)));
    /// heap.setitem(&d, &"b".into(), &2.into())?;   // it shows the dict as it is now
    /// assert_eq!(heap.repr(&keys)?, "dict_keys(['a', 'b'])");
    /// assert!(heap.contains(&keys, &"b".into())?);
    /// let s = heap.set(&["a".into(), "b".into()])?;
    /// assert!(heap.eq(&keys, &s)?);                 // compared as a set
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictKeys,
    /// `dict_values`, what `d.values()` gives: a live view of the dict's values
    /// (equal to itself only).
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let values = heap.call_method(&d, "values", &[])?;
    /// assert!(heap.type_of(&values)?.is(&heap.builtin(Builtin::DictValues)));
    /// assert_eq!(heap.repr(&values)?, "dict_values([1])");
    /// assert_eq!(heap.len(&values)?, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictValues,
    /// `dict_items`, what `d.items()` gives: a live, set-like view of the dict's
    /// `(key, value)` pairs.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let items = heap.call_method(&d, "items", &[])?;
    /// assert!(heap.type_of(&items)?.is(&heap.builtin(Builtin::DictItems)));
    /// assert_eq!(heap.repr(&items)?, "dict_items([('a', 1)])");
    /// assert!(heap.contains(&items, &heap.tuple(&["a".into(), 1.into()])?)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictItems,
    /// `dict_valueiterator`, what `iter(d.values())` gives.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let it = heap.iterator(&heap.call_method(&d, "values", &[])?)?;
    /// assert!(heap.type_of(&it)?.is(&heap.builtin(Builtin::DictValueIterator)));
    /// assert_eq!(heap.next(&it)?.and_then(|v| v.as_int()), Some(1));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictValueIterator,
    /// `dict_itemiterator`, what `iter(d.items())` gives.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into())])?;
    /// let it = heap.iterator(&heap.call_method(&d, "items", &[])?)?;
    /// assert!(heap.type_of(&it)?.is(&heap.builtin(Builtin::DictItemIterator)));
    /// assert_eq!(heap.repr(&heap.next(&it)?.unwrap())?, "('a', 1)");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictItemIterator,
    /// `dict_reversevalueiterator`, what `reversed(d.values())` gives.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into()), ("b".into(), 2.into())])?;
    /// let it = heap.reversed(&heap.call_method(&d, "values", &[])?)?;
    /// assert!(heap.type_of(&it)?.is(&heap.builtin(Builtin::DictReverseValueIterator)));
    /// assert_eq!(heap.next(&it)?.and_then(|v| v.as_int()), Some(2));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictReverseValueIterator,
    /// `dict_reverseitemiterator`, what `reversed(d.items())` gives.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let d = heap.dict(&[("a".into(), 1.into()), ("b".into(), 2.into())])?;
    /// let it = heap.reversed(&heap.call_method(&d, "items", &[])?)?;
    /// assert!(heap.type_of(&it)?.is(&heap.builtin(Builtin::DictReverseItemIterator)));
    /// assert_eq!(heap.repr(&heap.next(&it)?.unwrap())?, "('b', 2)");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    DictReverseItemIterator,
    /// `bytes`: an immutable sequence of bytes ([`Heap::bytes`](crate::Heap::bytes)),
    /// callable as CPython's constructor (not subclassable in lethe).
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let b = heap.call(&heap.builtin(Builtin::Bytes), &[3.into()])?;
    /// assert_eq!(heap.repr(&b)?, r"b'\x00\x00\x00'");
    /// assert!(heap.isinstance(&b, &heap.builtin(Builtin::Bytes))?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    Bytes,
    /// `bytes_iterator`, what [`Heap::iterator`](crate::Heap::iterator) of a `bytes`
    /// gives (its items are ints).
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let it = heap.iterator(&heap.bytes(b"A")?)?;
    /// assert!(heap.type_of(&it)?.is(&heap.builtin(Builtin::BytesIterator)));
    /// assert_eq!(heap.next(&it)?.and_then(|v| v.as_int()), Some(65));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    BytesIterator,
    /// `slice`: `start`, `stop` and `step` of an extended index
    /// ([`Heap::slice`](crate::Heap::slice)), callable as CPython's constructor
    /// (`slice(stop)`, `slice(start, stop[, step])`; not subclassable).
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let s = heap.call(&heap.builtin(Builtin::Slice), &[1.into(), 3.into()])?;
    /// assert_eq!(heap.repr(&s)?, "slice(1, 3, None)");
    /// let l = heap.list(&[0.into(), 1.into(), 2.into(), 3.into()])?;
    /// assert_eq!(heap.repr(&heap.getitem(&l, &s)?)?, "[1, 2]");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    Slice,
    /// `getset_descriptor`: a class's `__weakref__` descriptor (`C.__weakref__`),
    /// whose `__get__(obj)` is `obj`'s first weak reference, or `None`.
    ///
    /// ```
    /// use lethe::{Builtin, Heap};
    /// let heap = Heap::new();
    /// let c = heap.class("C").build()?;
    /// let descriptor = heap.getattr(&c, "__weakref__")?;
    /// assert!(heap.type_of(&descriptor)?.is(&heap.builtin(Builtin::GetSetDescriptor)));
    /// assert_eq!(heap.repr(&descriptor)?, "<attribute '__weakref__' of 'C' objects>");
    /// let o = heap.call(&c, &[])?;
    /// let r = heap.weakref(&o, None)?;
    /// assert!(heap.call_method(&descriptor, "__get__", &[o])?.is(&r));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    GetSetDescriptor,
}

impl Builtin {
    pub(crate) const ALL: [Builtin; 47] = [
        Builtin::Object,
        Builtin::Type,
        Builtin::NoneType,
        Builtin::Int,
        Builtin::Bool,
        Builtin::Float,
        Builtin::Str,
        Builtin::Tuple,
        Builtin::List,
        Builtin::Dict,
        Builtin::Set,
        Builtin::FrozenSet,
        Builtin::Function,
        Builtin::Method,
        Builtin::BuiltinMethod,
        Builtin::Ref,
        Builtin::Proxy,
        Builtin::CallableProxy,
        Builtin::WeakMethod,
        Builtin::KeyedRef,
        Builtin::Finalize,
        Builtin::WeakValueDictionary,
        Builtin::WeakKeyDictionary,
        Builtin::WeakSet,
        Builtin::NotImplementedType,
        Builtin::ListIterator,
        Builtin::TupleIterator,
        Builtin::StrAsciiIterator,
        Builtin::StrIterator,
        Builtin::DictKeyIterator,
        Builtin::DictReverseKeyIterator,
        Builtin::SetIterator,
        Builtin::SeqIterator,
        Builtin::ListReverseIterator,
        Builtin::Reversed,
        Builtin::MethodWrapper,
        Builtin::DictKeys,
        Builtin::DictValues,
        Builtin::DictItems,
        Builtin::DictValueIterator,
        Builtin::DictItemIterator,
        Builtin::DictReverseValueIterator,
        Builtin::DictReverseItemIterator,
        Builtin::Bytes,
        Builtin::BytesIterator,
        Builtin::Slice,
        Builtin::GetSetDescriptor,
    ];

    /// Its position in `ALL` (the declaration order, which `ALL` follows: a base is
    /// declared before the types derived from it).
    pub(crate) fn index(self) -> usize {
        self as usize
    }

    /// `(module, name)` as `<class 'module.name'>` prints them.
    pub(crate) fn names(self) -> (&'static str, &'static str) {
        match self {
            Builtin::Object => ("builtins", "object"),
            Builtin::Type => ("builtins", "type"),
            Builtin::NoneType => ("builtins", "NoneType"),
            Builtin::Bool => ("builtins", "bool"),
            Builtin::Int => ("builtins", "int"),
            Builtin::Float => ("builtins", "float"),
            Builtin::Str => ("builtins", "str"),
            Builtin::Tuple => ("builtins", "tuple"),
            Builtin::List => ("builtins", "list"),
            Builtin::Dict => ("builtins", "dict"),
            Builtin::Set => ("builtins", "set"),
            Builtin::FrozenSet => ("builtins", "frozenset"),
            Builtin::Function => ("builtins", "function"),
            Builtin::Method => ("builtins", "method"),
            Builtin::BuiltinMethod => ("builtins", "builtin_function_or_method"),
            Builtin::Ref => ("weakref", "ReferenceType"),
            Builtin::Proxy => ("weakref", "ProxyType"),
            Builtin::CallableProxy => ("weakref", "CallableProxyType"),
            Builtin::WeakMethod => ("weakref", "WeakMethod"),
            Builtin::KeyedRef => ("weakref", "KeyedRef"),
            Builtin::Finalize => ("weakref", "finalize"),
            Builtin::WeakValueDictionary => ("weakref", "WeakValueDictionary"),
            Builtin::WeakKeyDictionary => ("weakref", "WeakKeyDictionary"),
            Builtin::WeakSet => ("_weakrefset", "WeakSet"),
            Builtin::NotImplementedType => ("builtins", "NotImplementedType"),
            Builtin::ListIterator => ("builtins", "list_iterator"),
            Builtin::TupleIterator => ("builtins", "tuple_iterator"),
            Builtin::StrAsciiIterator => ("builtins", "str_ascii_iterator"),
            Builtin::StrIterator => ("builtins", "str_iterator"),
            Builtin::DictKeyIterator => ("builtins", "dict_keyiterator"),
            Builtin::DictReverseKeyIterator => ("builtins", "dict_reversekeyiterator"),
            Builtin::SetIterator => ("builtins", "set_iterator"),
            Builtin::SeqIterator => ("builtins", "iterator"),
            Builtin::ListReverseIterator => ("builtins", "list_reverseiterator"),
            Builtin::Reversed => ("builtins", "reversed"),
            Builtin::MethodWrapper => ("builtins", "method-wrapper"),
            Builtin::DictKeys => ("builtins", "dict_keys"),
            Builtin::DictValues => ("builtins", "dict_values"),
            Builtin::DictItems => ("builtins", "dict_items"),
            Builtin::DictValueIterator => ("builtins", "dict_valueiterator"),
            Builtin::DictItemIterator => ("builtins", "dict_itemiterator"),
            Builtin::DictReverseValueIterator => ("builtins", "dict_reversevalueiterator"),
            Builtin::DictReverseItemIterator => ("builtins", "dict_reverseitemiterator"),
            Builtin::Bytes => ("builtins", "bytes"),
            Builtin::BytesIterator => ("builtins", "bytes_iterator"),
            Builtin::Slice => ("builtins", "slice"),
            Builtin::GetSetDescriptor => ("builtins", "getset_descriptor"),
        }
    }

    /// The name CPython's messages use (`tp_name`): C types of the weakref module are
    /// qualified (`weakref.ReferenceType`), everything else is the bare name.
    pub(crate) fn tp_name(self) -> String {
        match self {
            Builtin::Ref | Builtin::Proxy | Builtin::CallableProxy => {
                let (m, n) = self.names();
                format!("{m}.{n}")
            }
            _ => self.names().1.to_string(),
        }
    }

    pub(crate) fn base(self) -> Option<Builtin> {
        match self {
            Builtin::Object => None,
            Builtin::Bool => Some(Builtin::Int),
            Builtin::WeakMethod | Builtin::KeyedRef => Some(Builtin::Ref),
            _ => Some(Builtin::Object),
        }
    }

    /// Whether user classes may derive from this type.
    pub(crate) fn subclassable(self) -> bool {
        matches!(
            self,
            Builtin::Object
                | Builtin::Int
                | Builtin::Float
                | Builtin::Str
                | Builtin::Tuple
                | Builtin::List
                | Builtin::Dict
                | Builtin::Set
                | Builtin::FrozenSet
        )
    }

    /// Whether builtin objects of exactly this type can be weakly referenced.
    pub(crate) fn weakrefable(self) -> bool {
        matches!(
            self,
            Builtin::Type
                | Builtin::Set
                | Builtin::FrozenSet
                | Builtin::Function
                | Builtin::Method
                | Builtin::BuiltinMethod
                | Builtin::WeakMethod
                | Builtin::WeakValueDictionary
                | Builtin::WeakKeyDictionary
                | Builtin::WeakSet
        )
    }

    /// Whether instances of a user subclass with this layout can be weakly referenced
    /// (CPython gives variable-size objects, tuple and int, no `__weakref__` slot).
    pub(crate) fn subclass_weakrefable(self) -> bool {
        !matches!(self, Builtin::Tuple | Builtin::Int)
    }

    /// The builtin type of an object of this kind.
    pub(crate) fn of_kind(kind: &Kind<'_>) -> Builtin {
        match kind {
            Kind::Plain(_) => Builtin::Object,
            Kind::Int(_) => Builtin::Int,
            Kind::Float(_) => Builtin::Float,
            Kind::Str(_) => Builtin::Str,
            Kind::Tuple(_) => Builtin::Tuple,
            Kind::Bytes(_) => Builtin::Bytes,
            Kind::List(_) => Builtin::List,
            Kind::Slice(_) => Builtin::Slice,
            Kind::Dict(_) => Builtin::Dict,
            Kind::Set(_) => Builtin::Set,
            Kind::FrozenSet(_) => Builtin::FrozenSet,
            Kind::Class(_) => Builtin::Type,
            Kind::Function(_) => Builtin::Function,
            Kind::Method { .. } => Builtin::Method,
            Kind::BuiltinMethod { def, .. } if def.is_wrapper() => Builtin::MethodWrapper,
            Kind::BuiltinMethod { .. } => Builtin::BuiltinMethod,
            Kind::WeakRef(w) => match w.flavor {
                WeakFlavor::Ref => Builtin::Ref,
                WeakFlavor::Proxy { callable: false } => Builtin::Proxy,
                WeakFlavor::Proxy { callable: true } => Builtin::CallableProxy,
                WeakFlavor::Method(_) => Builtin::WeakMethod,
                WeakFlavor::Keyed { .. } => Builtin::KeyedRef,
            },
            Kind::Finalizer(_) => Builtin::Finalize,
            Kind::WeakContainer(c) => c.builtin(),
            Kind::NotImplemented => Builtin::NotImplementedType,
            Kind::Iter(it) => it.flavor.builtin(),
            Kind::View { view, .. } => view.builtin(),
            Kind::WeakrefDescriptor(_) => Builtin::GetSetDescriptor,
        }
    }
}

/// The live object count of one type, shared by the type and its objects' tickets
/// (so it lives as long as the type or one of its objects does).
#[derive(Debug)]
pub(crate) struct TypeCounter {
    pub name: Rc<str>,
    /// Where the heap's weakly referenced objects and weak references of this type
    /// report their deaths.
    pub deaths: crate::weak_slots::Deaths,
    pub live: Cell<usize>,
    /// The heap's count of objects dropped, of every type (one for the heap, so that
    /// a sweep reads what it freed without visiting every type).
    pub dropped: Rc<Cell<u64>>,
    /// The root of its instances' shapes (shape.rs).
    pub shape: Rc<crate::shape::Shape>,
    /// The most attributes one of its instances has had, capped at [`MAX_ATTR_HINT`]:
    /// a new instance reserves room for as many.
    attr_hint: Cell<usize>,
    /// The field names of the field `__init__` its instances last ran in one pass,
    /// and the shape it leads to (`fields.rs`).
    field_shape:
        std::cell::RefCell<Option<(crate::fields::Fields, Option<Rc<crate::shape::Shape>>)>>,
}

/// The most attribute slots a new instance reserves before it sets any.
const MAX_ATTR_HINT: usize = 8;

impl TypeCounter {
    pub(crate) fn new(
        name: Rc<str>,
        deaths: crate::weak_slots::Deaths,
        dropped: Rc<Cell<u64>>,
    ) -> Rc<TypeCounter> {
        Rc::new(TypeCounter {
            name,
            deaths,
            live: Cell::new(0),
            dropped,
            shape: crate::shape::Shape::root(),
            attr_hint: Cell::new(0),
            field_shape: Default::default(),
        })
    }

    /// The shared shape of an instance of this type that set `fields` in order, if
    /// there is one (beyond `shape::MAX_SHARED` names an object has a shape
    /// of its own); looked up once per field list.
    pub(crate) fn field_shape(
        &self,
        fields: &crate::fields::Fields,
    ) -> Option<Rc<crate::shape::Shape>> {
        let mut cache = self.field_shape.borrow_mut();
        if let Some((f, shape)) = &*cache
            && Rc::ptr_eq(f, fields)
        {
            return shape.clone();
        }
        let shape = Some(crate::shape::path(&self.shape, fields)).filter(|s| s.is_shared());
        self.note_width(fields.len());
        *cache = Some((fields.clone(), shape.clone()));
        shape
    }

    /// How many attributes to reserve room for in a new instance of this type: the
    /// most its instances have had, capped at `MAX_ATTR_HINT` so that one unusually
    /// wide instance does not inflate every later one.
    pub(crate) fn attr_hint(&self) -> usize {
        self.attr_hint.get()
    }

    /// Notes that an instance has `n` attributes.
    pub(crate) fn note_width(&self, n: usize) {
        if n > self.attr_hint.get() {
            self.attr_hint.set(n.min(MAX_ATTR_HINT));
        }
    }
}

/// C3 linearization of `bases` (each given with its own MRO, itself first).
/// When no consistent order exists, returns the heads left unmerged (each once), which
/// CPython's error names.
pub(crate) fn c3_merge<'gc>(
    mut seqs: Vec<Vec<GcObj<'gc>>>,
) -> std::result::Result<Vec<GcObj<'gc>>, Vec<GcObj<'gc>>> {
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let candidate = seqs.iter().map(|s| s[0]).find(|c| {
            seqs.iter()
                .all(|s| !s[1..].iter().any(|x| gc_arena::Gc::ptr_eq(*x, *c)))
        });
        let Some(candidate) = candidate else {
            // No head is free: the heads left, each once, in order (what CPython's
            // message names).
            let mut heads: Vec<GcObj<'gc>> = Vec::new();
            for s in &seqs {
                if !heads.iter().any(|h| gc_arena::Gc::ptr_eq(*h, s[0])) {
                    heads.push(s[0]);
                }
            }
            return Err(heads);
        };
        out.push(candidate);
        for s in &mut seqs {
            if gc_arena::Gc::ptr_eq(s[0], candidate) {
                s.remove(0);
            }
        }
    }
}

impl<'gc> ClassData<'gc> {
    /// CPython's `tp_name`: a builtin type's (dotted for C types, `weakref.ReferenceType`),
    /// else the class's `__name__`.
    pub(crate) fn tp_name(&self) -> String {
        match self.builtin {
            Some(b) => b.0.tp_name(),
            None => self.name.to_string(),
        }
    }

    /// `module.qualname` as its repr shows it; for `builtins` or a `__module__` that
    /// is not a string, the name alone (CPython's `type_repr` then shows `tp_name`,
    /// which is `__name__`).
    pub(crate) fn qualified_name(&self) -> String {
        match self.module.as_deref() {
            Some(m) if m != "builtins" => format!("{m}.{}", self.qualname),
            _ => self.name.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Builtin;

    #[test]
    fn all_is_in_declaration_order_and_bases_come_first() {
        for (i, b) in Builtin::ALL.iter().enumerate() {
            assert_eq!(b.index(), i, "{b:?}");
            if let Some(base) = b.base() {
                assert!(base.index() < i, "{b:?} before its base");
            }
        }
    }
}
