//! Python strings as lethe holds them: immutable, shared, one pointer wide.
//!
//! Invariant: a [`Str`] is a single pointer to its text (the length lives with the
//! text), so that a heap value holding a string is no wider than one holding an int
//! or an object pointer; cloning shares the text, never copies it.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;
use std::rc::Rc;

use arcstr::ArcStr;

/// A Python `str`: immutable text, shared by every clone.
///
/// `Str` is one pointer wide (a string stored in a heap object takes no more room than
/// an int), and cloning it bumps a reference count. It reads as a
/// `&str` through `Deref`, and compares, hashes and orders as its text does.
///
/// ```
/// use lethe::{Str, Value};
/// let s = Str::from("William");
/// assert_eq!(s.len(), 7);
/// assert_eq!(s, "William");
/// assert_eq!(s.to_uppercase(), "WILLIAM");
/// let v = Value::Str(s.clone());
/// assert_eq!(v.as_str(), Some("William"));
/// assert_eq!(std::mem::size_of::<Str>(), std::mem::size_of::<usize>());
/// ```
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Str(ArcStr);

impl Str {
    /// The text.
    ///
    /// ```
    /// assert_eq!(lethe::Str::from("abc").as_str(), "abc");
    /// ```
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Str {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Str {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Str {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Str {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for Str {
    fn from(s: &str) -> Str {
        Str(ArcStr::from(s))
    }
}

impl From<String> for Str {
    fn from(s: String) -> Str {
        Str(ArcStr::from(s))
    }
}

/// Copies the text (an `Rc<str>` cannot be shared as a one-pointer string).
///
/// ```
/// use std::rc::Rc;
/// let r: Rc<str> = "abc".into();
/// assert_eq!(lethe::Str::from(r), "abc");
/// ```
impl From<Rc<str>> for Str {
    fn from(s: Rc<str>) -> Str {
        Str::from(&*s)
    }
}

impl From<&Rc<str>> for Str {
    fn from(s: &Rc<str>) -> Str {
        Str::from(&**s)
    }
}

impl PartialEq<str> for Str {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Str {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Str> for str {
    fn eq(&self, other: &Str) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Str> for &str {
    fn eq(&self, other: &Str) -> bool {
        **self == *other.0
    }
}
