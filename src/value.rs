//! Values as the application holds them: immediates, strings, and handles to objects.
//!
//! Invariant: an [`Obj`] roots its object for as long as the handle (or a clone of it)
//! exists; dropping the last handle makes the object *eligible*, nothing more. Handles
//! remember which heap made them, so using one with another heap is an error, never
//! undefined behaviour or a panic.

use std::fmt;
use std::rc::Rc;

use gc_arena::{DynamicRoot, Rootable, lock::RefLock};

use crate::object::ObjectData;
use crate::string::Str;

pub(crate) type ObjRoot = Rootable![RefLock<ObjectData<'_>>];

/// A handle to an object on a [`Heap`](crate::Heap).
///
/// Holding an `Obj` keeps the object reachable, like a Python variable. Cloning is cheap
/// (a reference count) and so is dropping. Identity is Python's `is`:
///
/// ```
/// use lethe::{Heap, Value};
/// let heap = Heap::new();
/// let a = heap.list(&[])?;
/// let b = a.clone();
/// assert!(a.is(&b));
/// assert!(!a.is(&heap.list(&[])?));
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Clone)]
pub struct Obj(pub(crate) DynamicRoot<ObjRoot>);

impl Obj {
    /// Python's `is`: whether both handles refer to the same object.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let o = heap.object()?;
    /// assert!(o.is(&o.clone()));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is(&self, other: &Obj) -> bool {
        std::ptr::eq(self.0.as_ptr(), other.0.as_ptr())
    }
}

/// Identity, as [`Obj::is`]: handles are equal when they refer to the same object,
/// so that a `HashMap` or `HashSet` may be keyed by object identity.
///
/// ```
/// use std::collections::HashSet;
/// let heap = lethe::Heap::new();
/// let (a, b) = (heap.object()?, heap.object()?);
/// let (a, b) = (a.as_obj().unwrap(), b.as_obj().unwrap());
/// let seen: HashSet<lethe::Obj> = [a.clone(), a.clone(), b.clone()].into_iter().collect();
/// assert_eq!(seen.len(), 2);
/// assert_eq!(a, &a.clone());
/// # Ok::<(), lethe::Error>(())
/// ```
impl PartialEq for Obj {
    fn eq(&self, other: &Obj) -> bool {
        self.is(other)
    }
}
impl Eq for Obj {}
impl std::hash::Hash for Obj {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::ptr::hash(self.0.as_ptr(), state);
    }
}

/// The handle's own pointer, `Obj(0x…)`: it tells two live objects apart, but it is
/// not the address that reprs, [`Heap::id`](crate::Heap::id) and the log events
/// give an object (a number lethe assigns, which only the heap can read): to match a
/// handle with those, print `heap.repr(&v)` or `heap.id(&v)`.
impl fmt::Debug for Obj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Obj({:p})", self.0.as_ptr())
    }
}

/// A Python value as the application holds it.
///
/// `None`, booleans, integers, floats and strings are held by value; everything else
/// (tuples, lists, dicts, sets, classes, instances, functions, weak references…) is an
/// object on the heap, held through an [`Obj`] handle.
///
/// ```
/// use lethe::Value;
/// let v: Value = 42.into();
/// assert_eq!(v.as_int(), Some(42));
/// let s: Value = "William".into();
/// assert_eq!(s.as_str(), Some("William"));
/// assert!(Value::None.is_none());
/// ```
#[derive(Clone, Debug, Default)]
pub enum Value {
    /// Python's `None`.
    #[default]
    None,
    /// `True` or `False`.
    Bool(bool),
    /// A Python `int` that fits in 64 bits.
    Int(i64),
    /// A Python `float`.
    Float(f64),
    /// A Python `str` (immutable, shared).
    Str(Str),
    /// Any heap object.
    Obj(Obj),
}

impl Value {
    /// The truth of a value held by value (`None`, a bool, a number, a str), as
    /// Python's `bool()` gives it; `None` for an object, whose truth may need its
    /// class's `__bool__` or `__len__` ([`Heap::truthy`](crate::Heap::truthy)).
    pub(crate) fn scalar_truth(&self) -> Option<bool> {
        Some(match self {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Obj(_) => return None,
        })
    }

    /// Whether this is `None`.
    ///
    /// ```
    /// assert!(lethe::Value::None.is_none());
    /// ```
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The integer, if this is an `int` (not a `bool`).
    ///
    /// ```
    /// assert_eq!(lethe::Value::from(7).as_int(), Some(7));
    /// ```
    pub fn as_int(&self) -> Option<i64> {
        match self {
            Value::Int(i) => Some(*i),
            _ => None,
        }
    }

    /// The float, if this is a `float`.
    ///
    /// ```
    /// assert_eq!(lethe::Value::from(1.5).as_float(), Some(1.5));
    /// ```
    pub fn as_float(&self) -> Option<f64> {
        match self {
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }

    /// The boolean, if this is a `bool`.
    ///
    /// ```
    /// assert_eq!(lethe::Value::from(true).as_bool(), Some(true));
    /// ```
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The string, if this is a `str`.
    ///
    /// ```
    /// assert_eq!(lethe::Value::from("a").as_str(), Some("a"));
    /// ```
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The object handle, if this is a heap object.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let v = lethe::Value::from(heap.object()?);
    /// assert!(v.as_obj().is_some());
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn as_obj(&self) -> Option<&Obj> {
        match self {
            Value::Obj(o) => Some(o),
            _ => None,
        }
    }

    /// Python's `is`. Immediate values are identical when they are equal and of the
    /// same type (as small ints and interned strings are in CPython).
    ///
    /// ```
    /// use lethe::Value;
    /// assert!(Value::None.is(&Value::None));
    /// assert!(!Value::from(1).is(&Value::from(true)));
    /// ```
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::None, Value::None) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Obj(a), Value::Obj(b)) => a.is(b),
            _ => false,
        }
    }
}

/// Identity, as [`Value::is`]: the same immediate value of the same type (a float by
/// its bits, so a NaN equals itself), or the same object. This is Rust's equality of
/// handles, for `assert_eq!` and for keying a `HashMap` by value; it runs no user
/// code, so it is not Python's `==`, which may call `__eq__` and finds
/// `1 == 1.0 == True`: use [`Heap::eq`](crate::Heap::eq) for that.
///
/// ```
/// use lethe::Value;
/// let heap = lethe::Heap::new();
/// let l = heap.list(&[3.into()])?;
/// assert_eq!(heap.getitem(&l, &0.into())?, Value::Int(3));
/// assert_ne!(Value::Int(1), Value::Float(1.0));
/// assert_eq!(l, l.clone());
/// assert_ne!(l, heap.list(&[3.into()])?);
/// assert!(heap.eq(&l, &heap.list(&[3.into()])?)?);
/// # Ok::<(), lethe::Error>(())
/// ```
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        self.is(other)
    }
}
impl Eq for Value {}
impl std::hash::Hash for Value {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        std::mem::discriminant(self).hash(state);
        match self {
            Value::None => {}
            Value::Bool(b) => b.hash(state),
            Value::Int(i) => i.hash(state),
            Value::Float(f) => f.to_bits().hash(state),
            Value::Str(s) => s.hash(state),
            Value::Obj(o) => o.hash(state),
        }
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Int(i)
    }
}
/// The integer types that always fit an `int` (lethe's are 64-bit).
macro_rules! from_small_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(i: $t) -> Value {
                Value::Int(i64::from(i))
            }
        }
    )*};
}
from_small_int!(i8, i16, i32, u8, u16, u32);
/// A `usize` converts when it fits an `int` (lethe's ints are 64-bit).
///
/// ```
/// use lethe::Value;
/// assert_eq!(Value::try_from(3usize)?.as_int(), Some(3));
/// assert!(Value::try_from(usize::MAX).is_err());
/// # Ok::<(), lethe::Error>(())
/// ```
impl TryFrom<usize> for Value {
    type Error = crate::Error;
    fn try_from(i: usize) -> Result<Value, crate::Error> {
        i64::try_from(i)
            .map(Value::Int)
            .map_err(|_| crate::Error::int_overflow())
    }
}
/// A `u64` converts when it fits an `int`.
///
/// ```
/// use lethe::Value;
/// assert_eq!(Value::try_from(3u64)?.as_int(), Some(3));
/// assert_eq!(
///     Value::try_from(u64::MAX).unwrap_err().to_string(),
///     "OverflowError: int too large for lethe's 64-bit int"
/// );
/// # Ok::<(), lethe::Error>(())
/// ```
impl TryFrom<u64> for Value {
    type Error = crate::Error;
    fn try_from(i: u64) -> Result<Value, crate::Error> {
        i64::try_from(i)
            .map(Value::Int)
            .map_err(|_| crate::Error::int_overflow())
    }
}
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Value::Float(f)
    }
}
impl From<f32> for Value {
    fn from(f: f32) -> Value {
        Value::Float(f64::from(f))
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s.into())
    }
}
impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Str(s.as_str().into())
    }
}
/// Copies the text into a [`Str`].
impl From<Rc<str>> for Value {
    fn from(s: Rc<str>) -> Value {
        Value::Str(s.into())
    }
}
impl From<Str> for Value {
    fn from(s: Str) -> Value {
        Value::Str(s)
    }
}
impl From<Obj> for Value {
    fn from(o: Obj) -> Value {
        Value::Obj(o)
    }
}
impl From<&Obj> for Value {
    fn from(o: &Obj) -> Value {
        Value::Obj(o.clone())
    }
}
impl From<()> for Value {
    fn from(_: ()) -> Value {
        Value::None
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(o: Option<T>) -> Value {
        o.map_or(Value::None, Into::into)
    }
}
