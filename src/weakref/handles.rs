//! Typed handles for the weak containers: [`WeakValueDictionary`],
//! [`WeakKeyDictionary`] and [`WeakSet`], for an application that works with them
//! from Rust rather than through the generic [`Heap`] methods that take any
//! [`Value`].
//!
//! Invariant: a handle always holds a container of its own type (checked when the
//! handle is made, and a container never changes type), rooted as any [`Value`] is;
//! each method is the `Heap` method of the same Python operation, so a handle
//! behaves exactly as the container does through the generic API (the same hashing,
//! `__eq__` calls, errors and dead-entry rules), with Rust-shaped results: an
//! absent or dead entry is `None` rather than a `KeyError` or a default. A method
//! given another heap than the handle's fails with `RuntimeError: handle belongs to
//! another heap` and changes nothing.
//! This layer adds no state: [`as_value`](WeakSet::as_value) gives the container to
//! every other `Heap` method.

use std::hash::{Hash, Hasher};

use crate::types::Builtin;
use crate::weakref::containers::{CKind, WeakItems, WeakIter};
use crate::{Error, Heap, Result, Value};

/// What every handle type shares: making one, checking a value's type, reading it
/// back as a [`Value`], identity, `len`, `clear` and `copy`.
macro_rules! typed_handle {
    ($name:ident, $builtin:expr, $make:ident) => {
        impl $name {
            #[doc = concat!("An empty `", stringify!($name), "`.")]
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet c = lethe::", stringify!($name), "::new(&heap)?;")]
            /// assert!(c.is_empty(&heap)?);
            #[doc = concat!("assert_eq!(heap.type_name(c.as_value()), \"", stringify!($name), "\");")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn new(heap: &Heap) -> Result<Self> {
                Ok(Self(heap.new_container(CKind {
                    b: $builtin,
                    ephemeron: false,
                })))
            }

            #[doc = concat!("The handle of a value that is a `", stringify!($name), "` (made by [`Heap::", stringify!($make), "`] or")]
            /// a handle's constructor, and read back from a list, an attribute, a
            /// callback's arguments…).
            ///
            #[doc = concat!("Errors: `TypeError: expected a ", stringify!($name), ", not 'T'` for any other value,")]
            /// a proxy to one included (a handle holds the container itself);
            /// `RuntimeError: handle belongs to another heap` for another heap's value.
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet v = heap.", stringify!($make), "(&[])?;\nlet c = lethe::", stringify!($name), "::from_value(&heap, &v)?;")]
            /// assert!(c.as_value().is(&v));
            #[doc = concat!("let err = lethe::", stringify!($name), "::from_value(&heap, &heap.list(&[])?).unwrap_err();")]
            #[doc = concat!("assert_eq!(err.to_string(), \"TypeError: expected a ", stringify!($name), ", not 'list'\");")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn from_value(heap: &Heap, v: &Value) -> Result<Self> {
                match heap.ckind(v)? {
                    Some(k) if k.b == $builtin => Ok(Self(v.clone())),
                    _ => Err(Error::TypeError(format!(
                        "expected a {}, not '{}'",
                        stringify!($name),
                        heap.type_name(v)
                    ))),
                }
            }

            /// The container as a [`Value`], for the generic [`Heap`] methods (`repr`,
            /// `weak_data`, `update`, the operators…) and to store it anywhere a value
            /// goes.
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet c = lethe::", stringify!($name), "::new(&heap)?;")]
            /// let v: lethe::Value = c.clone().into();
            /// assert!(v.is(c.as_value()));
            /// assert_eq!(heap.len(c.as_value())?, 0);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn as_value(&self) -> &Value {
                &self.0
            }

            /// `len(c)`: how many entries it holds. An entry whose weak object was
            /// collected is gone once the collection's callbacks have run (at once for
            /// [`Heap::collect`], and even while an iterator holds its removal back);
            /// between the steps of a stepped collection's sweep it still counts, as
            /// CPython's does until the callbacks run, while lookups and iteration
            /// already skip it ([`Heap::step`]).
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet c = lethe::", stringify!($name), "::new(&heap)?;")]
            /// assert_eq!(c.len(&heap)?, 0);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn len(&self, heap: &Heap) -> Result<usize> {
                heap.len(&self.0)
            }

            /// Whether [`len`](Self::len) is 0.
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nassert!(lethe::", stringify!($name), "::new(&heap)?.is_empty(&heap)?);")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn is_empty(&self, heap: &Heap) -> Result<bool> {
                Ok(self.len(heap)? == 0)
            }

            /// `c.clear()`: removes every entry ([`Heap::clear`]).
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet c = lethe::", stringify!($name), "::new(&heap)?;")]
            /// c.clear(&heap)?;
            /// assert!(c.is_empty(&heap)?);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn clear(&self, heap: &Heap) -> Result<()> {
                heap.clear(&self.0)
            }

            /// `c.update(other)` ([`Heap::update`]): a dictionary's entries from a
            /// mapping or an iterable of `(key, value)` pairs, a `WeakSet`'s members
            /// from any iterable.
            ///
            /// Errors: those of storing each entry, for the first that fails (the
            /// entries before it are stored); `TypeError` when `other` is not
            /// iterable.
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet c = lethe::", stringify!($name), "::new(&heap)?;")]
            /// c.update(&heap, &heap.list(&[])?)?;
            /// assert_eq!(c.update(&heap, &1.into()).unwrap_err().to_string(),
            ///            "TypeError: 'int' object is not iterable");
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn update(&self, heap: &Heap, other: &Value) -> Result<()> {
                heap.update(&self.0, other)
            }

            /// `c.copy()`: a new container of the same type with the live entries
            /// ([`Heap::copy`]; a `WeakKeyDictionary`'s keeps its ephemeron mode).
            ///
            /// ```
            #[doc = concat!("let heap = lethe::Heap::new();\nlet c = lethe::", stringify!($name), "::new(&heap)?;")]
            /// let dup = c.copy(&heap)?;
            /// assert!(dup != c && dup.is_empty(&heap)?);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn copy(&self, heap: &Heap) -> Result<Self> {
                heap.copy(&self.0).map(Self)
            }
        }

        /// The container itself, as a [`Value`].
        impl From<$name> for Value {
            fn from(c: $name) -> Value {
                c.0
            }
        }

        /// The container itself, as a [`Value`] (another handle to it).
        impl From<&$name> for Value {
            fn from(c: &$name) -> Value {
                c.0.clone()
            }
        }

        /// [`as_value`]($name::as_value).
        impl AsRef<Value> for $name {
            fn as_ref(&self) -> &Value {
                &self.0
            }
        }

        /// The type and the handle's pointer, as [`Obj`](crate::Obj)'s (not the
        /// address reprs and [`Heap::id`](crate::Heap::id) give).
        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match &self.0 {
                    Value::Obj(o) => write!(f, "{}({o:?})", stringify!($name)),
                    v => write!(f, "{}({v:?})", stringify!($name)),
                }
            }
        }

        /// Identity, as [`Value::is`]: two handles are equal when they hold the same
        /// container.
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.0.is(&other.0)
            }
        }

        impl Eq for $name {}

        /// By identity, consistent with `==`.
        impl Hash for $name {
            fn hash<H: Hasher>(&self, state: &mut H) {
                if let Value::Obj(o) = &self.0 {
                    o.hash(state);
                }
            }
        }
    };
}

/// A typed handle to a `weakref.WeakValueDictionary`: a mapping whose values are
/// held weakly, an entry going when its value is collected.
///
/// The handle roots the dictionary (not its values), as a [`Value`] does. It is the
/// same object as [`Heap::weak_value_dict`] makes; [`as_value`](Self::as_value)
/// gives it to the generic methods, [`from_value`](Self::from_value) takes one back.
///
/// ```
/// use lethe::{Heap, WeakValueDictionary};
///
/// let heap = Heap::new();
/// let image = heap.class("Image").build()?;
/// let cache = WeakValueDictionary::new(&heap)?;
/// let logo = heap.call(&image, &[])?;
/// cache.insert(&heap, &"logo.png".into(), &logo)?;
/// assert!(cache.get(&heap, &"logo.png".into())?.unwrap().is(&logo));
///
/// drop(logo);                 // eligible: still cached until a collection runs
/// assert!(cache.get(&heap, &"logo.png".into())?.is_some());
/// heap.collect();
/// assert!(cache.get(&heap, &"logo.png".into())?.is_none());
/// assert!(cache.is_empty(&heap)?);
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Clone)]
pub struct WeakValueDictionary(Value);

typed_handle!(
    WeakValueDictionary,
    Builtin::WeakValueDictionary,
    weak_value_dict
);

/// A typed handle to a `weakref.WeakKeyDictionary`: a mapping whose keys are held
/// weakly, an entry going when its key is collected (in ephemeron mode, a value
/// is kept alive only through its key: [`new_ephemeron`](Self::new_ephemeron)).
///
/// ```
/// use lethe::{Heap, WeakKeyDictionary};
///
/// let heap = Heap::new();
/// let widget = heap.class("Widget").build()?;
/// let notes = WeakKeyDictionary::new(&heap)?;
/// let w = heap.call(&widget, &[])?;
/// notes.insert(&heap, &w, &"resized".into())?;
/// assert_eq!(notes.get(&heap, &w)?.unwrap().as_str(), Some("resized"));
/// drop(w);
/// heap.collect();
/// assert!(notes.is_empty(&heap)?);
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Clone)]
pub struct WeakKeyDictionary(Value);

typed_handle!(WeakKeyDictionary, Builtin::WeakKeyDictionary, weak_key_dict);

/// A typed handle to a `weakref.WeakSet`: a set whose members are held weakly, a
/// member leaving it when it is collected.
///
/// ```
/// use lethe::{Heap, WeakSet};
///
/// let heap = Heap::new();
/// let listener = heap.class("Listener").build()?;
/// let listeners = WeakSet::new(&heap)?;
/// let (a, b) = (heap.call(&listener, &[])?, heap.call(&listener, &[])?);
/// listeners.add(&heap, &a)?;
/// listeners.add(&heap, &b)?;
/// drop(a);
/// heap.collect();
/// let alive: Vec<_> = listeners.iter(&heap)?.collect::<lethe::Result<_>>()?;
/// assert_eq!(alive.len(), 1);
/// assert!(alive[0].is(&b));
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Clone)]
pub struct WeakSet(Value);

typed_handle!(WeakSet, Builtin::WeakSet, weak_set);

/// The methods both weak dictionaries have, with the same names and rules.
macro_rules! weak_dictionary {
    ($name:ident, $make:ident, $setup:literal) => {
        impl $name {
            #[doc = concat!("A new one holding `items`, as [`Heap::", stringify!($make), "`] makes it.")]
            ///
            /// Errors: those of [`insert`](Self::insert), for the first pair that
            /// fails (the pairs before it are stored).
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::with_items(&heap, &[(k.clone(), v.clone())])?;")]
            /// assert_eq!(d.len(&heap)?, 1);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn with_items(heap: &Heap, items: &[(Value, Value)]) -> Result<Self> {
                heap.$make(items).map(Self)
            }

            /// `d.get(key)`: the value under `key`, or `None` when there is no entry
            /// or its weak object was collected.
            ///
            /// Errors: `TypeError` for an unhashable key, or one a
            /// `WeakKeyDictionary` cannot weakly reference (`cannot create weak
            /// reference to 'int' object`); what the key's `__hash__` or a stored
            /// key's `__eq__` raised.
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::with_items(&heap, &[(k.clone(), v.clone())])?;")]
            #[doc = concat!("assert!(d.get(&heap, &k)?.unwrap().is(&v));")]
            /// drop((k, v));
            /// heap.collect();
            /// assert_eq!(d.len(&heap)?, 0);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn get(&self, heap: &Heap, key: &Value) -> Result<Option<Value>> {
                heap.weak_get(&self.0, key)
            }

            /// `d[key] = value`: stores `value` under `key` (an entry under an equal
            /// key keeps its key and takes the value).
            ///
            /// Errors: `TypeError` when the weakly held one cannot be weakly
            /// referenced (`cannot create weak reference to 'int' object`) or the key
            /// is unhashable; the dictionary is unchanged then.
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::new(&heap)?;")]
            #[doc = concat!("d.insert(&heap, &k, &v)?;")]
            #[doc = concat!("assert!(d.contains_key(&heap, &k)?);")]
            /// let err = d.insert(&heap, &1.into(), &2.into()).unwrap_err();
            /// assert_eq!(err.to_string(), "TypeError: cannot create weak reference to 'int' object");
            /// assert_eq!(d.len(&heap)?, 1);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn insert(&self, heap: &Heap, key: &Value, value: &Value) -> Result<()> {
                heap.setitem(&self.0, key, value)
            }

            /// `d.pop(key, None)`: removes the entry under `key` and returns its
            /// value, or `None` when there is no entry or its weak object was
            /// collected (such an entry is removed too).
            ///
            /// Errors: those of [`get`](Self::get); nothing is removed then.
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::with_items(&heap, &[(k.clone(), v.clone())])?;")]
            #[doc = concat!("assert!(d.remove(&heap, &k)?.unwrap().is(&v));")]
            #[doc = concat!("assert!(d.remove(&heap, &k)?.is_none());")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn remove(&self, heap: &Heap, key: &Value) -> Result<Option<Value>> {
                heap.weak_pop(&self.0, key)
            }

            /// `key in d`: whether a live entry is under `key`.
            ///
            /// Errors: those of [`get`](Self::get), except that a
            /// `WeakKeyDictionary` answers `false` for a key it cannot weakly
            /// reference, as Python's does.
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::new(&heap)?;")]
            #[doc = concat!("assert!(!d.contains_key(&heap, &k)?);")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn contains_key(&self, heap: &Heap, key: &Value) -> Result<bool> {
                heap.contains(&self.0, key)
            }

            /// `d.setdefault(key, value)`: the live value under `key`; else stores
            /// `value` under it and returns `value`.
            ///
            /// Errors: those of [`get`](Self::get) and [`insert`](Self::insert).
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            /// let other = heap.call(&cls, &[])?;
            #[doc = concat!("let d = lethe::", stringify!($name), "::new(&heap)?;")]
            #[doc = concat!("assert!(d.setdefault(&heap, &k, &v)?.is(&v));")]
            /// assert!(d.setdefault(&heap, &k, &other)?.is(&v));
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn setdefault(&self, heap: &Heap, key: &Value, value: &Value) -> Result<Value> {
                heap.setdefault(&self.0, key, value)
            }

            /// A cache's lookup: the live value under `key`, else the value `make`
            /// gives, stored under `key` first. (Python's `d.get(key)` and, when
            /// that gives nothing, `d[key] = make()`: the key's `__hash__` and a
            /// stored key's `__eq__` may be asked twice.)
            ///
            /// Errors: those of [`get`](Self::get) and [`insert`](Self::insert), and
            /// what `make` returned; nothing is stored then.
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::new(&heap)?;")]
            /// let mut made = 0;
            /// for _ in 0..3 {
            ///     let got = d.get_or_insert_with(&heap, &k, || {
            ///         made += 1;
            ///         Ok(v.clone())
            ///     })?;
            ///     assert!(got.is(&v));
            /// }
            /// assert_eq!(made, 1);
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn get_or_insert_with(
                &self,
                heap: &Heap,
                key: &Value,
                make: impl FnOnce() -> Result<Value>,
            ) -> Result<Value> {
                if let Some(v) = self.get(heap, key)? {
                    return Ok(v);
                }
                let v = make()?;
                self.insert(heap, key, &v)?;
                Ok(v)
            }

            /// The live keys, in insertion order, as a live iterator ([`WeakIter`]:
            /// an entry that dies meanwhile is skipped; an entry the program adds or
            /// removes while it is open makes its next step fail with
            /// `RuntimeError`, so collect the keys first to change the dictionary
            /// in the loop).
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::with_items(&heap, &[(k.clone(), v.clone())])?;")]
            /// let keys: Vec<_> = d.keys(&heap)?.collect::<lethe::Result<_>>()?;
            #[doc = concat!("assert!(keys.len() == 1 && keys[0].is(&k));")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn keys<'h>(&self, heap: &'h Heap) -> Result<WeakIter<'h>> {
                heap.weak_iter(&self.0)
            }

            /// The live values, in insertion order, as a live iterator (see
            /// [`keys`](Self::keys)).
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::with_items(&heap, &[(k.clone(), v.clone())])?;")]
            #[doc = concat!("assert!(d.values(&heap)?.next().unwrap()?.is(&v));")]
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn values<'h>(&self, heap: &'h Heap) -> Result<WeakIter<'h>> {
                heap.weak_iter_values(&self.0)
            }

            /// The live `(key, value)` pairs, in insertion order, as a live iterator
            /// (see [`keys`](Self::keys)).
            ///
            /// ```
            /// let heap = lethe::Heap::new();
            /// let cls = heap.class("C").build()?;
            #[doc = $setup]
            #[doc = concat!("let d = lethe::", stringify!($name), "::with_items(&heap, &[(k.clone(), v.clone())])?;")]
            /// for pair in d.items(&heap)? {
            ///     let (key, value) = pair?;
            ///     assert!(key.is(&k) && value.is(&v));
            /// }
            /// # Ok::<(), lethe::Error>(())
            /// ```
            pub fn items<'h>(&self, heap: &'h Heap) -> Result<WeakItems<'h>> {
                heap.weak_iter_items(&self.0)
            }
        }
    };
}

weak_dictionary!(
    WeakValueDictionary,
    weak_value_dict,
    "let (k, v) = (lethe::Value::from(\"k\"), heap.call(&cls, &[])?);"
);
weak_dictionary!(
    WeakKeyDictionary,
    weak_key_dict,
    "let (k, v) = (heap.call(&cls, &[])?, lethe::Value::from(\"v\"));"
);

impl WeakValueDictionary {
    /// `d.valuerefs()`: the `KeyedRef`s of the live values, in insertion order
    /// ([`Heap::valuerefs`]).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = lethe::WeakValueDictionary::with_items(&heap, &[("k".into(), v.clone())])?;
    /// let refs = d.valuerefs(&heap)?;
    /// assert_eq!(heap.getattr(&refs[0], "key")?.as_str(), Some("k"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn valuerefs(&self, heap: &Heap) -> Result<Vec<Value>> {
        heap.valuerefs(&self.0)
    }
}

impl WeakKeyDictionary {
    /// An empty `WeakKeyDictionary` in ephemeron mode
    /// ([`Heap::weak_key_dict_ephemeron`]): a value is kept alive only while its
    /// key is reachable from outside the entry, so a value that references its own
    /// key does not keep the entry.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Node").build()?;
    /// let d = lethe::WeakKeyDictionary::new_ephemeron(&heap)?;
    /// let (key, value) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// heap.setattr(&value, "owner", &key)?;
    /// d.insert(&heap, &key, &value)?;
    /// drop((key, value));
    /// heap.collect();
    /// assert!(d.is_empty(&heap)? && d.is_ephemeron(&heap)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn new_ephemeron(heap: &Heap) -> Result<Self> {
        heap.weak_key_dict_ephemeron(&[]).map(Self)
    }

    /// A new `WeakKeyDictionary` in ephemeron mode holding `items`
    /// ([`Heap::weak_key_dict_ephemeron`]).
    ///
    /// Errors: those of [`insert`](Self::insert), for the first pair that fails.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let k = heap.call(&cls, &[])?;
    /// let d = lethe::WeakKeyDictionary::ephemeron_with_items(&heap, &[(k.clone(), 1.into())])?;
    /// assert!(d.is_ephemeron(&heap)? && d.contains_key(&heap, &k)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn ephemeron_with_items(heap: &Heap, items: &[(Value, Value)]) -> Result<Self> {
        heap.weak_key_dict_ephemeron(items).map(Self)
    }

    /// Whether this dictionary is in ephemeron mode.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert!(!lethe::WeakKeyDictionary::new(&heap)?.is_ephemeron(&heap)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is_ephemeron(&self, heap: &Heap) -> Result<bool> {
        heap.is_ephemeron(&self.0)
    }

    /// `d.keyrefs()`: weak references to the live keys, in insertion order
    /// ([`Heap::keyrefs`]).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let k = heap.call(&cls, &[])?;
    /// let d = lethe::WeakKeyDictionary::with_items(&heap, &[(k.clone(), 1.into())])?;
    /// assert!(heap.call(&d.keyrefs(&heap)?[0], &[])?.is(&k));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn keyrefs(&self, heap: &Heap) -> Result<Vec<Value>> {
        heap.keyrefs(&self.0)
    }
}

impl WeakSet {
    /// A new `WeakSet` of `members`, as [`Heap::weak_set`] makes it.
    ///
    /// Errors: those of [`add`](Self::add), for the first member that fails (the
    /// members before it are added).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let s = lethe::WeakSet::with_items(&heap, &[a.clone(), a.clone()])?;
    /// assert_eq!(s.len(&heap)?, 1);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn with_items(heap: &Heap, members: &[Value]) -> Result<Self> {
        heap.weak_set(members).map(Self)
    }

    /// `s.add(item)`: adds `item` (nothing when an equal member is there).
    ///
    /// Errors: `TypeError` when `item` cannot be weakly referenced or is
    /// unhashable; the set is unchanged then.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = lethe::WeakSet::new(&heap)?;
    /// let err = s.add(&heap, &"text".into()).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: cannot create weak reference to 'str' object");
    /// assert!(s.is_empty(&heap)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn add(&self, heap: &Heap, item: &Value) -> Result<()> {
        heap.set_add(&self.0, item)
    }

    /// Removes `item`; whether it was a live member (Python's `s.remove(item)`
    /// raises `KeyError` where this returns `false`; `discard` returns nothing).
    ///
    /// Errors: `TypeError` when `item` cannot be weakly referenced or is
    /// unhashable.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let s = lethe::WeakSet::with_items(&heap, std::slice::from_ref(&a))?;
    /// assert!(s.remove(&heap, &a)?);
    /// assert!(!s.remove(&heap, &a)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn remove(&self, heap: &Heap, item: &Value) -> Result<bool> {
        heap.weak_set_remove(&self.0, item)
    }

    /// `item in s`: whether `item` is a live member (`false` for a value that
    /// cannot be weakly referenced, as in Python).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let s = lethe::WeakSet::new(&heap)?;
    /// assert!(!s.contains(&heap, &1.into())?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn contains(&self, heap: &Heap, item: &Value) -> Result<bool> {
        heap.contains(&self.0, item)
    }

    /// `s.pop()`: removes and returns a live member, as [`Heap::set_pop`] chooses
    /// it, or `None` when there is none (Python's raises `KeyError`).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let a = heap.call(&cls, &[])?;
    /// let s = lethe::WeakSet::with_items(&heap, std::slice::from_ref(&a))?;
    /// assert!(s.pop(&heap)?.unwrap().is(&a));
    /// assert!(s.pop(&heap)?.is_none());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn pop(&self, heap: &Heap) -> Result<Option<Value>> {
        heap.weak_set_pop(&self.0)
    }

    /// The live members, in the set's order ([`Heap::weak_set`]: where their
    /// hashes place them in its table, as in CPython, or the order they were added
    /// while a member is hashed by identity), as a live iterator
    /// ([`WeakIter`]: a member that dies meanwhile is skipped). A member the
    /// program adds or removes while it is open makes its next step fail with
    /// `RuntimeError`, as in Python: to change the set in the loop (a listener
    /// that unsubscribes itself), collect the members first.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap
    ///     .class("C")
    ///     .method("__hash__", |h, a| h.getattr(a.get(0)?, "n"))
    ///     .build()?;
    /// let (a, b) = (heap.call(&cls, &[])?, heap.call(&cls, &[])?);
    /// heap.setattr(&a, "n", &2.into())?;
    /// heap.setattr(&b, "n", &1.into())?;
    /// let s = lethe::WeakSet::with_items(&heap, &[a.clone(), b.clone()])?;
    /// // Hashed 2 and 1, they lie in slots 2 and 1 of the table: b comes first.
    /// let order: Vec<_> = s.iter(&heap)?.collect::<lethe::Result<_>>()?;
    /// assert!(order[0].is(&b) && order[1].is(&a));
    ///
    /// let mut open = s.iter(&heap)?;
    /// s.remove(&heap, &open.next().unwrap()?)?;
    /// assert_eq!(open.next().unwrap().unwrap_err().to_string(),
    ///            "RuntimeError: Set changed size during iteration");
    /// drop(open);
    ///
    /// let members: Vec<_> = s.iter(&heap)?.collect::<lethe::Result<_>>()?;
    /// for m in &members {
    ///     s.remove(&heap, m)?;
    /// }
    /// assert!(s.is_empty(&heap)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn iter<'h>(&self, heap: &'h Heap) -> Result<WeakIter<'h>> {
        heap.weak_iter(&self.0)
    }
}
