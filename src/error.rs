//! The one error type of lethe.
//!
//! Invariant: every fallible operation returns [`Error`], whose `Display` reads like the
//! message CPython prints for the same mistake (`TypeError: cannot create weak reference
//! to 'list' object`). An operation that returns an error leaves the heap consistent:
//! as it was before the call, or, for operations that apply many changes (`update`,
//! building a dict from items…), with the changes made before the failing one, as
//! in Python.

use std::fmt;

/// The result type of every fallible lethe operation.
///
/// ```
/// fn first_item(heap: &lethe::Heap, list: &lethe::Value) -> lethe::Result<lethe::Value> {
///     heap.getitem(list, &0.into())
/// }
/// let heap = lethe::Heap::new();
/// let empty = heap.list(&[])?;
/// assert_eq!(first_item(&heap, &empty).unwrap_err().to_string(), "IndexError: list index out of range");
/// # Ok::<(), lethe::Error>(())
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An exception, as Python would raise it.
///
/// Each variant mirrors a Python exception class and carries its message. `Display`
/// prints `ClassName: message`, as CPython's traceback does on its last line.
///
/// ```
/// use lethe::Error;
/// let e = Error::TypeError("cannot create weak reference to 'list' object".into());
/// assert_eq!(e.to_string(), "TypeError: cannot create weak reference to 'list' object");
/// assert_eq!(e.type_name(), "TypeError");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// An operation was applied to an object of the wrong type.
    TypeError(String),
    /// An attribute lookup or deletion failed.
    AttributeError(String),
    /// A mapping key was not found. The message is the `repr` of the key (or a quoted
    /// message such as `'popitem(): dictionary is empty'`), as Python prints it.
    KeyError(String),
    /// A sequence index was out of range.
    IndexError(String),
    /// A value had the right type but an inappropriate value.
    ValueError(String),
    /// A proxy was used after its referent was collected.
    ReferenceError(String),
    /// An error that fits no other category, including misuse of the heap itself
    /// (a handle used with a heap that did not make it, a heap that was shut down).
    RuntimeError(String),
    /// Recursion went too deep: a `repr`, comparison or hash of a very deep structure,
    /// or calls nested too deep (a native function calling back into the heap, which
    /// calls it again…). The limits are 800 nested calls, comparisons or reprs, and
    /// 1.5 MiB of the thread's stack used below the outermost of them, so that a thread
    /// with Rust's default 2 MiB stack never overflows: in a debug build the stack
    /// runs out first, at about 240 nested native calls or 180 nested list reprs; in a
    /// release build several times that.
    RecursionError(String),
    /// Division or modulo by zero.
    ZeroDivisionError(String),
    /// A number too large for lethe's 64-bit `int`.
    OverflowError(String),
    /// An operation would need more memory than there is (a repetition too long:
    /// `[1] * 2**62`); the message is usually empty, as CPython's.
    MemoryError(String),
    /// An exception of a class the application defines, raised by a native function.
    Custom {
        /// The exception class name, e.g. `"ValidationError"`.
        name: String,
        /// The message.
        message: String,
    },
    /// An iterator has no further item. A native `__next__` raises it to end an
    /// iteration (CPython's `raise StopIteration`); [`Heap::next`](crate::Heap::next)
    /// reports the end as `Ok(None)`, and calling a builtin iterator's `__next__`
    /// method past its end raises it with an empty message, which prints as
    /// `StopIteration` alone:
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let it = heap.iterator(&heap.list(&[])?)?;
    /// let err = heap.call_method(&it, "__next__", &[]).unwrap_err();
    /// assert_eq!(err, lethe::Error::StopIteration(String::new()));
    /// assert_eq!(err.to_string(), "StopIteration");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    StopIteration(String),
    /// A native function panicked; lethe caught the panic at the call boundary.
    /// Prints as `SystemError: native function 'f' panicked: …`.
    Panic(String),
}

impl Error {
    /// The name of the Python exception class this error stands for.
    ///
    /// ```
    /// assert_eq!(lethe::Error::KeyError("'x'".into()).type_name(), "KeyError");
    /// ```
    pub fn type_name(&self) -> &str {
        match self {
            Error::TypeError(_) => "TypeError",
            Error::AttributeError(_) => "AttributeError",
            Error::KeyError(_) => "KeyError",
            Error::IndexError(_) => "IndexError",
            Error::ValueError(_) => "ValueError",
            Error::ReferenceError(_) => "ReferenceError",
            Error::RuntimeError(_) => "RuntimeError",
            Error::RecursionError(_) => "RecursionError",
            Error::ZeroDivisionError(_) => "ZeroDivisionError",
            Error::OverflowError(_) => "OverflowError",
            Error::MemoryError(_) => "MemoryError",
            Error::StopIteration(_) => "StopIteration",
            Error::Custom { name, .. } => name,
            Error::Panic(_) => "SystemError",
        }
    }

    /// The message without the class name (what Python's `str(e)` gives).
    ///
    /// ```
    /// let e = lethe::Error::ReferenceError("weakly-referenced object no longer exists".into());
    /// assert_eq!(e.message(), "weakly-referenced object no longer exists");
    /// ```
    pub fn message(&self) -> &str {
        match self {
            Error::TypeError(m)
            | Error::AttributeError(m)
            | Error::KeyError(m)
            | Error::IndexError(m)
            | Error::ValueError(m)
            | Error::ReferenceError(m)
            | Error::RuntimeError(m)
            | Error::RecursionError(m)
            | Error::ZeroDivisionError(m)
            | Error::OverflowError(m)
            | Error::MemoryError(m)
            | Error::StopIteration(m)
            | Error::Panic(m) => m,
            Error::Custom { message, .. } => message,
        }
    }

    /// A `KeyError` whose message is `text` quoted as Python's `repr` of a string would
    /// quote it: `Error::key_error_msg("pop from empty WeakSet")` prints
    /// `KeyError: 'pop from empty WeakSet'`.
    ///
    /// ```
    /// let e = lethe::Error::key_error_msg("popitem(): dictionary is empty");
    /// assert_eq!(e.to_string(), "KeyError: 'popitem(): dictionary is empty'");
    /// ```
    pub fn key_error_msg(text: &str) -> Error {
        Error::KeyError(crate::repr::repr_str(text))
    }

    /// `ReferenceError: weakly-referenced object no longer exists`, what every operation
    /// on a dead proxy raises.
    ///
    /// ```
    /// assert_eq!(lethe::Error::dead_referent().to_string(),
    ///            "ReferenceError: weakly-referenced object no longer exists");
    /// ```
    pub fn dead_referent() -> Error {
        Error::ReferenceError("weakly-referenced object no longer exists".into())
    }

    /// An `int` result beyond lethe's 64-bit ints, where CPython's int would grow.
    pub(crate) fn int_overflow() -> Error {
        Error::OverflowError("int too large for lethe's 64-bit int".into())
    }

    pub(crate) fn wrong_heap() -> Error {
        Error::RuntimeError("handle belongs to another heap".into())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message().is_empty() {
            f.write_str(self.type_name())
        } else {
            write!(f, "{}: {}", self.type_name(), self.message())
        }
    }
}

impl std::error::Error for Error {}
