//! Arithmetic: Python's binary operators (`+`, `-`, `*`, `@`, `/`, `//`, `%`, `**`,
//! `<<`, `>>`, `&`, `|`, `^`), their in-place forms (`+=`…) and the unary ones (`-`,
//! `+`, `~`, `abs()`), with `NotImplemented`.
//!
//! Invariant: an operator asks the operands in CPython 3.11's order (`binary_op1`,
//! `binary_iop1`): the left operand's `__op__`, then the right operand's `__rop__`,
//! the right's first when its type is a proper subclass of the left's that overrides
//! `__rop__`; in place, the left operand's `__iop__` before those. A method returning
//! `NotImplemented` passes to the next; only when all decline do the sequence
//! fallbacks (concatenation, repetition) answer, and else the operation is a
//! `TypeError`. Builtin values compute as CPython's do within lethe's 64-bit ints
//! (`OverflowError` past them). A proxy operand stands for its referent
//! (`ReferenceError` once dead), as CPython's proxy's number methods unwrap both
//! operands and start the operation again.

use crate::methods::Plain;
use crate::object::{Kind, Val};
use crate::protocols::{bind, find_in_class};
use crate::{Error, Heap, Result, Str, Value};

/// One of Python's binary operators, for [`Heap::binary_op`] and (as `+=`…)
/// [`Heap::inplace_op`].
///
/// ```
/// use lethe::{BinaryOp, Heap};
/// let heap = Heap::new();
/// assert_eq!(heap.binary_op(&7.into(), &(-2).into(), BinaryOp::FloorDiv)?.as_int(), Some(-4));
/// assert_eq!(BinaryOp::Pow.symbol(), "**");
/// assert_eq!(BinaryOp::Add.dunder(), "__add__");
/// assert_eq!(BinaryOp::Add.reflected_dunder(), "__radd__");
/// assert_eq!(BinaryOp::Add.inplace_dunder(), "__iadd__");
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `@` (no builtin type implements it: only user classes)
    MatMul,
    /// `/`
    TrueDiv,
    /// `//`
    FloorDiv,
    /// `%`
    Mod,
    /// `**`
    Pow,
    /// `<<`
    LShift,
    /// `>>`
    RShift,
    /// `&`
    And,
    /// `|`
    Or,
    /// `^`
    Xor,
}

impl BinaryOp {
    /// Every binary operator, in declaration order.
    ///
    /// ```
    /// assert_eq!(lethe::BinaryOp::ALL.len(), 13);
    /// ```
    pub const ALL: [BinaryOp; 13] = [
        BinaryOp::Add,
        BinaryOp::Sub,
        BinaryOp::Mul,
        BinaryOp::MatMul,
        BinaryOp::TrueDiv,
        BinaryOp::FloorDiv,
        BinaryOp::Mod,
        BinaryOp::Pow,
        BinaryOp::LShift,
        BinaryOp::RShift,
        BinaryOp::And,
        BinaryOp::Or,
        BinaryOp::Xor,
    ];

    /// The operator as Python writes it.
    ///
    /// ```
    /// assert_eq!(lethe::BinaryOp::FloorDiv.symbol(), "//");
    /// ```
    pub fn symbol(self) -> &'static str {
        self.names().0
    }

    /// The method that implements it: `__add__`.
    ///
    /// ```
    /// assert_eq!(lethe::BinaryOp::TrueDiv.dunder(), "__truediv__");
    /// ```
    pub fn dunder(self) -> &'static str {
        self.names().1
    }

    /// The reflected method, asked of the right operand: `__radd__`.
    ///
    /// ```
    /// assert_eq!(lethe::BinaryOp::MatMul.reflected_dunder(), "__rmatmul__");
    /// ```
    pub fn reflected_dunder(self) -> &'static str {
        self.names().2
    }

    /// The in-place method, asked first by `+=`: `__iadd__`.
    ///
    /// ```
    /// assert_eq!(lethe::BinaryOp::Xor.inplace_dunder(), "__ixor__");
    /// ```
    pub fn inplace_dunder(self) -> &'static str {
        self.names().3
    }

    fn names(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            BinaryOp::Add => ("+", "__add__", "__radd__", "__iadd__"),
            BinaryOp::Sub => ("-", "__sub__", "__rsub__", "__isub__"),
            BinaryOp::Mul => ("*", "__mul__", "__rmul__", "__imul__"),
            BinaryOp::MatMul => ("@", "__matmul__", "__rmatmul__", "__imatmul__"),
            BinaryOp::TrueDiv => ("/", "__truediv__", "__rtruediv__", "__itruediv__"),
            BinaryOp::FloorDiv => ("//", "__floordiv__", "__rfloordiv__", "__ifloordiv__"),
            BinaryOp::Mod => ("%", "__mod__", "__rmod__", "__imod__"),
            BinaryOp::Pow => ("**", "__pow__", "__rpow__", "__ipow__"),
            BinaryOp::LShift => ("<<", "__lshift__", "__rlshift__", "__ilshift__"),
            BinaryOp::RShift => (">>", "__rshift__", "__rrshift__", "__irshift__"),
            BinaryOp::And => ("&", "__and__", "__rand__", "__iand__"),
            BinaryOp::Or => ("|", "__or__", "__ror__", "__ior__"),
            BinaryOp::Xor => ("^", "__xor__", "__rxor__", "__ixor__"),
        }
    }

    /// How CPython's `TypeError` names the operator.
    fn message_name(self, inplace: bool) -> String {
        match (self, inplace) {
            (BinaryOp::Pow, false) => "** or pow()".into(),
            (op, false) => op.symbol().into(),
            (op, true) => format!("{}=", op.symbol()),
        }
    }
}

/// One of Python's unary operators, for [`Heap::unary_op`].
///
/// ```
/// use lethe::{Heap, UnaryOp};
/// let heap = Heap::new();
/// assert_eq!(heap.unary_op(&5.into(), UnaryOp::Invert)?.as_int(), Some(-6));
/// assert_eq!(UnaryOp::Abs.dunder(), "__abs__");
/// # Ok::<(), lethe::Error>(())
/// ```
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub enum UnaryOp {
    /// `-a`
    Neg,
    /// `+a`
    Pos,
    /// `~a`
    Invert,
    /// `abs(a)`
    Abs,
}

impl UnaryOp {
    /// The operator as Python writes it (`abs()` for [`UnaryOp::Abs`]).
    ///
    /// ```
    /// assert_eq!(lethe::UnaryOp::Neg.symbol(), "-");
    /// ```
    pub fn symbol(self) -> &'static str {
        match self {
            UnaryOp::Neg => "-",
            UnaryOp::Pos => "+",
            UnaryOp::Invert => "~",
            UnaryOp::Abs => "abs()",
        }
    }

    /// The method that implements it: `__neg__`, `__pos__`, `__invert__`, `__abs__`.
    ///
    /// ```
    /// assert_eq!(lethe::UnaryOp::Pos.dunder(), "__pos__");
    /// ```
    pub fn dunder(self) -> &'static str {
        match self {
            UnaryOp::Neg => "__neg__",
            UnaryOp::Pos => "__pos__",
            UnaryOp::Invert => "__invert__",
            UnaryOp::Abs => "__abs__",
        }
    }
}

/// What a builtin operand is, for the builtin types' own operators.
#[derive(Clone)]
enum Layout {
    Int(i64),
    Bool(bool),
    Float(f64),
    Str(Str),
    Bytes(std::rc::Rc<[u8]>),
    List,
    Tuple,
    Set(Plain),
    Dict,
    /// A dict view: whether it is set-like (keys, items), with `&`, `|`, `-`, `^`.
    View(bool),
    Other,
}

impl Layout {
    fn int(&self) -> Option<i64> {
        match self {
            Layout::Int(i) => Some(*i),
            Layout::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    fn float(&self) -> Option<f64> {
        match self {
            Layout::Float(f) => Some(*f),
            // (Exactly as CPython's `PyLong_AsDouble`: rounded to nearest, ties even.)
            _ => self.int().map(|i| i as f64),
        }
    }

    fn is_seq(&self) -> bool {
        matches!(
            self,
            Layout::Str(_) | Layout::Bytes(_) | Layout::List | Layout::Tuple
        )
    }

    /// Whether the builtin type has a number method (`nb_*` slot) for `op`.
    fn has_number(&self, op: BinaryOp) -> bool {
        use BinaryOp::*;
        match self {
            Layout::Int(_) | Layout::Bool(_) => op != MatMul,
            Layout::Float(_) => matches!(op, Add | Sub | Mul | TrueDiv | FloorDiv | Mod | Pow),
            Layout::Str(_) | Layout::Bytes(_) => op == Mod,
            Layout::Set(_) => matches!(op, Or | And | Sub | Xor),
            Layout::Dict => op == Or,
            Layout::View(true) => matches!(op, Or | And | Sub | Xor),
            _ => false,
        }
    }

    /// Whether the builtin type has an in-place number method for `op`.
    fn has_inplace(&self, op: BinaryOp) -> bool {
        use BinaryOp::*;
        match self {
            Layout::Set(Plain::Set) => matches!(op, Or | And | Sub | Xor),
            Layout::Dict => op == Or,
            _ => false,
        }
    }
}

/// An operand: its type, what it is, whether it is an instance of a user class (or a
/// weak container, a Python class in CPython) and whether it is a proxy.
struct Info {
    ty: Value,
    layout: Layout,
    user: bool,
    proxy: bool,
}

impl Info {
    /// Whether CPython's type has sequence methods (`tp_as_sequence`): what `x *= seq`
    /// checks before asking the right operand to repeat.
    fn has_sequence_methods(&self) -> bool {
        self.user
            || matches!(
                self.layout,
                Layout::Str(_)
                    | Layout::Bytes(_)
                    | Layout::List
                    | Layout::Tuple
                    | Layout::Set(_)
                    | Layout::Dict
                    | Layout::View(_)
            )
    }
}

/// Whether `owner`'s builtin number method is an int's, which declines a float
/// `other` (CPython's `long_add` and the rest return `NotImplemented` for it; only
/// the float's method computes such a pair).
fn int_declines(owner: &Info, other: &Info) -> bool {
    matches!(owner.layout, Layout::Int(_) | Layout::Bool(_))
        && matches!(other.layout, Layout::Float(_))
}

/// Which method answers an operator for one operand (CPython's slot function).
#[derive(Copy, Clone, PartialEq, Eq)]
enum Slot {
    /// The class's (or a base's) `__op__`/`__rop__` (CPython's `slot_nb_*`).
    User,
    /// The builtin type's own.
    Builtin,
    /// A proxy's: the operation again on the referents.
    Proxy,
}

fn checked(v: Option<i64>) -> Result<Value> {
    v.map(Value::Int).ok_or_else(Error::int_overflow)
}

/// `x / y` for ints, correctly rounded as CPython's `long_true_divide` (`y != 0`).
fn int_true_div(x: i64, y: i64) -> f64 {
    const EXACT: u64 = 1 << 53;
    let (ax, ay) = (x.unsigned_abs(), y.unsigned_abs());
    let negative = (x < 0) != (y < 0);
    let q = if ax <= EXACT && ay <= EXACT {
        ax as f64 / ay as f64
    } else {
        // At least 55 significant bits of quotient, the remainder folded into the
        // last one (sticky), so that the one rounding to 53 bits is the right one.
        let bits = |v: u64| 64 - v.leading_zeros() as i32;
        let shift = (56 + bits(ay) - bits(ax)).max(0);
        let n = u128::from(ax) << shift;
        let d = u128::from(ay);
        let (mut q, r) = (n / d, n % d);
        if r != 0 {
            q |= 1;
        }
        q as f64 * 2f64.powi(-shift)
    };
    if negative { -q } else { q }
}

/// Whether `x` is an odd integer (CPython's `DOUBLE_IS_ODD_INTEGER`).
fn odd_integer(x: f64) -> bool {
    x.abs() % 2.0 == 1.0
}

/// CPython 3.11's `float_pow`.
fn float_pow(iv: f64, iw: f64) -> Result<Value> {
    let f = |x: f64| Ok(Value::Float(x));
    if iw == 0.0 {
        return f(1.0);
    }
    if iv.is_nan() {
        return f(iv);
    }
    if iw.is_nan() {
        return f(if iv == 1.0 { 1.0 } else { iw });
    }
    if iw.is_infinite() {
        let iv = iv.abs();
        return if iv == 1.0 {
            f(1.0)
        } else if (iw > 0.0) == (iv > 1.0) {
            f(iw.abs())
        } else {
            f(0.0)
        };
    }
    if iv.is_infinite() {
        let odd = odd_integer(iw);
        return if iw > 0.0 {
            f(if odd { iv } else { iv.abs() })
        } else {
            f(if odd { 0f64.copysign(iv) } else { 0.0 })
        };
    }
    if iv == 0.0 {
        if iw < 0.0 {
            return Err(Error::ZeroDivisionError(
                "0.0 cannot be raised to a negative power".into(),
            ));
        }
        return f(if odd_integer(iw) { iv } else { 0.0 });
    }
    let (mut iv, mut negate) = (iv, false);
    if iv < 0.0 {
        if iw != iw.floor() {
            // CPython's answer is a complex number, which lethe does not have.
            return Err(Error::ValueError(format!(
                "negative number cannot be raised to a fractional power \
                 (the result is complex, which lethe does not have): {} ** {}",
                crate::repr::repr_float(iv),
                crate::repr::repr_float(iw)
            )));
        }
        iv = -iv;
        negate = odd_integer(iw);
    }
    if iv == 1.0 {
        return f(if negate { -1.0 } else { 1.0 });
    }
    let ix = iv.powf(iw);
    if ix.is_infinite() {
        return Err(Error::OverflowError(
            "(34, 'Numerical result out of range')".into(),
        ));
    }
    f(if negate { -ix } else { ix })
}

/// The ints' operators (`x`, `y` ints or bools).
fn int_op(op: BinaryOp, x: i64, y: i64) -> Result<Value> {
    use BinaryOp::*;
    let by_zero = |what: &str| Err(Error::ZeroDivisionError(format!("integer {what} by zero")));
    match op {
        Add => checked(x.checked_add(y)),
        Sub => checked(x.checked_sub(y)),
        Mul => checked(x.checked_mul(y)),
        TrueDiv if y == 0 => Err(Error::ZeroDivisionError("division by zero".into())),
        TrueDiv => Ok(Value::Float(int_true_div(x, y))),
        FloorDiv if y == 0 => by_zero("division or modulo"),
        Mod if y == 0 => by_zero("modulo"),
        FloorDiv => {
            let q = x.checked_div(y).ok_or_else(Error::int_overflow)?;
            Ok(Value::Int(if x % y != 0 && ((x < 0) != (y < 0)) {
                q - 1
            } else {
                q
            }))
        }
        Mod => {
            let r = if y == -1 { 0 } else { x % y };
            Ok(Value::Int(if r != 0 && ((r < 0) != (y < 0)) {
                r + y
            } else {
                r
            }))
        }
        Pow if y < 0 => float_pow(x as f64, y as f64),
        Pow => match u32::try_from(y) {
            Ok(e) => checked(x.checked_pow(e)),
            Err(_) => match x {
                0 | 1 => Ok(Value::Int(x)),
                -1 => Ok(Value::Int(if y % 2 == 0 { 1 } else { -1 })),
                _ => Err(Error::int_overflow()),
            },
        },
        LShift | RShift if y < 0 => Err(Error::ValueError("negative shift count".into())),
        LShift if x == 0 => Ok(Value::Int(0)),
        LShift if y >= 64 => Err(Error::int_overflow()),
        LShift => i64::try_from(i128::from(x) << y)
            .map(Value::Int)
            .map_err(|_| Error::int_overflow()),
        RShift => Ok(Value::Int(if y >= 64 {
            if x < 0 { -1 } else { 0 }
        } else {
            x >> y
        })),
        And => Ok(Value::Int(x & y)),
        Or => Ok(Value::Int(x | y)),
        Xor => Ok(Value::Int(x ^ y)),
        MatMul => unreachable!("ints have no @"),
    }
}

/// The floats' operators (CPython's `float_add`… `float_rem`, `float_floor_div`).
fn float_op(op: BinaryOp, x: f64, y: f64) -> Result<Value> {
    use BinaryOp::*;
    let f = |v: f64| Ok(Value::Float(v));
    match op {
        Add => f(x + y),
        Sub => f(x - y),
        Mul => f(x * y),
        TrueDiv if y == 0.0 => Err(Error::ZeroDivisionError("float division by zero".into())),
        TrueDiv => f(x / y),
        FloorDiv if y == 0.0 => Err(Error::ZeroDivisionError(
            "float floor division by zero".into(),
        )),
        FloorDiv => {
            // CPython's `_float_div_mod`.
            let m = x % y;
            let mut div = (x - m) / y;
            if m != 0.0 && (y < 0.0) != (m < 0.0) {
                div -= 1.0;
            }
            if div != 0.0 {
                let mut fd = div.floor();
                if div - fd > 0.5 {
                    fd += 1.0;
                }
                f(fd)
            } else {
                f(0f64.copysign(x / y))
            }
        }
        Mod if y == 0.0 => Err(Error::ZeroDivisionError("float modulo".into())),
        Mod => {
            let m = x % y;
            f(if m != 0.0 {
                if (y < 0.0) != (m < 0.0) { m + y } else { m }
            } else {
                0f64.copysign(y)
            })
        }
        Pow => float_pow(x, y),
        _ => unreachable!("floats have no {}", op.symbol()),
    }
}

/// The most items a repetition makes before `MemoryError` (CPython's allocation
/// would fail on the machines lethe runs on).
const MAX_REPEAT: u128 = 1 << 32;

fn memory_error() -> Error {
    Error::MemoryError(String::new())
}

/// The size of a repetition of `total` items (or bytes): `MemoryError` past
/// [`MAX_REPEAT`].
fn repetition_size(total: u128) -> Result<usize> {
    match total > MAX_REPEAT {
        true => Err(memory_error()),
        false => Ok(total as usize),
    }
}

impl Heap {
    /// Python's `a op b` (`a + b`, `a ** b`…), as CPython 3.11's `binary_op1`: the left
    /// operand's method (`__add__`), then the right's reflected one (`__radd__`), the
    /// right's first when its type is a proper subclass of the left's that overrides
    /// it; a method returning [`NotImplemented`](Heap::not_implemented) passes to the
    /// next. Then a sequence's concatenation (`+`) or repetition (`*`); else a
    /// `TypeError`. A proxy operand stands for its referent.
    ///
    /// ```
    /// use lethe::{BinaryOp, Heap};
    /// let heap = Heap::new();
    /// assert_eq!(heap.binary_op(&7.into(), &2.into(), BinaryOp::TrueDiv)?.as_float(), Some(3.5));
    /// assert_eq!(heap.binary_op(&(-7).into(), &2.into(), BinaryOp::Mod)?.as_int(), Some(1));
    /// let l = heap.binary_op(&heap.list(&[1.into()])?, &2.into(), BinaryOp::Mul)?;
    /// assert_eq!(heap.repr(&l)?, "[1, 1]");
    /// let v = heap
    ///     .class("V")
    ///     .method("__radd__", |_, a| Ok(format!("radd {}", a.int(1)?).into()))
    ///     .build()?;
    /// let v = heap.call(&v, &[])?;
    /// assert_eq!(heap.binary_op(&1.into(), &v, BinaryOp::Add)?.as_str(), Some("radd 1"));
    /// assert_eq!(
    ///     heap.binary_op(&1.into(), &"a".into(), BinaryOp::Add).unwrap_err().to_string(),
    ///     "TypeError: unsupported operand type(s) for +: 'int' and 'str'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn binary_op(&self, a: &Value, b: &Value, op: BinaryOp) -> Result<Value> {
        let _depth = self.enter_call()?;
        let (ia, ib) = (self.operand_info(a)?, self.operand_info(b)?);
        if let Some(v) = self.binary_op1(a, &ia, b, &ib, op)? {
            return Ok(v);
        }
        if let Some(v) = self.sequence_fallback(a, &ia, b, &ib, op, false)? {
            return Ok(v);
        }
        Err(self.unsupported(a, b, op, false))
    }

    /// Python's `a op= b` (`a += b`…), as CPython 3.11's `PyNumber_InPlaceAdd` and the
    /// rest: the left operand's in-place method (`__iadd__`) first, then as
    /// [`binary_op`](Heap::binary_op). The result is what the program rebinds `a` to:
    /// the same list for a list's `+=` (which extends it by any iterable) and `*=`, the
    /// same set for a set's `|=`, `&=`, `-=`, `^=` and the same dict for a dict's `|=`
    /// (changed in place); a new value for everything else. On a proxy it is the
    /// referent's in-place operation (its result, not the proxy).
    ///
    /// ```
    /// use lethe::{BinaryOp, Heap};
    /// let heap = Heap::new();
    /// let l = heap.list(&[1.into()])?;
    /// let r = heap.inplace_op(&l, &heap.tuple(&[2.into()])?, BinaryOp::Add)?;
    /// assert!(r.is(&l));
    /// assert_eq!(heap.repr(&l)?, "[1, 2]");
    /// let t = heap.tuple(&[1.into()])?;
    /// let r = heap.inplace_op(&t, &t, BinaryOp::Add)?;
    /// assert_eq!(heap.repr(&r)?, "(1, 1)");
    /// assert_eq!(
    ///     heap.inplace_op(&1.into(), &"a".into(), BinaryOp::Add).unwrap_err().to_string(),
    ///     "TypeError: unsupported operand type(s) for +=: 'int' and 'str'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn inplace_op(&self, a: &Value, b: &Value, op: BinaryOp) -> Result<Value> {
        let _depth = self.enter_call()?;
        let (ia, ib) = (self.operand_info(a)?, self.operand_info(b)?);
        if ia.proxy {
            // CPython's `proxy_iadd` and the rest: the in-place operation on the
            // referents (both unwrapped).
            return self.inplace_op(&self.through_proxy(a)?, &self.through_proxy(b)?, op);
        }
        let own_inplace = match ia.user {
            true => self.user_method(a, op.inplace_dunder())?,
            false => None,
        };
        if let Some(m) = own_inplace {
            let r = self.call(&m, std::slice::from_ref(b))?;
            if !self.is_not_implemented(&r) {
                return Ok(r);
            }
        } else if ia.user && op == BinaryOp::Add && matches!(ia.layout, Layout::List) {
            // A list subclass without `__iadd__` has list's (CPython fills its
            // `nb_inplace_add` from `list.__iadd__`): it extends, before any
            // `__add__` or `__radd__` is asked. (A plain list has no number
            // methods: the right operand's `__radd__` comes first.)
            self.extend_from(a, b)?;
            return Ok(a.clone());
        } else if ia.layout.has_inplace(op)
            && let Some(v) = self.builtin_inplace(a, &ia, b, &ib, op)?
        {
            return Ok(v);
        }
        if let Some(v) = self.binary_op1(a, &ia, b, &ib, op)? {
            return Ok(v);
        }
        if let Some(v) = self.sequence_fallback(a, &ia, b, &ib, op, true)? {
            return Ok(v);
        }
        Err(self.unsupported(a, b, op, true))
    }

    /// Python's `-a`, `+a`, `~a` and `abs(a)`: the operand's `__neg__` (…), else its
    /// builtin type's, else a `TypeError`. A proxy stands for its referent.
    ///
    /// ```
    /// use lethe::{Heap, UnaryOp};
    /// let heap = Heap::new();
    /// assert_eq!(heap.unary_op(&(-2.5).into(), UnaryOp::Abs)?.as_float(), Some(2.5));
    /// assert_eq!(heap.unary_op(&true.into(), UnaryOp::Neg)?.as_int(), Some(-1));
    /// assert_eq!(
    ///     heap.unary_op(&"a".into(), UnaryOp::Neg).unwrap_err().to_string(),
    ///     "TypeError: bad operand type for unary -: 'str'"
    /// );
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn unary_op(&self, a: &Value, op: UnaryOp) -> Result<Value> {
        let _depth = self.enter_call()?;
        let ia = self.operand_info(a)?;
        if ia.proxy {
            return self.unary_op(&self.through_proxy(a)?, op);
        }
        if ia.user
            && let Some(m) = self.user_method(a, op.dunder())?
        {
            return self.call(&m, &[]);
        }
        let r = match (&ia.layout, op) {
            (Layout::Int(i), UnaryOp::Neg) => Some(checked(i.checked_neg())?),
            (Layout::Int(i), UnaryOp::Pos) => Some(Value::Int(*i)),
            (Layout::Int(i), UnaryOp::Invert) => Some(Value::Int(!*i)),
            (Layout::Int(i), UnaryOp::Abs) => Some(checked(i.checked_abs())?),
            (Layout::Bool(b), UnaryOp::Neg) => Some(Value::Int(-i64::from(*b))),
            (Layout::Bool(b), UnaryOp::Invert) => Some(Value::Int(!i64::from(*b))),
            (Layout::Bool(b), _) => Some(Value::Int(i64::from(*b))),
            (Layout::Float(f), UnaryOp::Neg) => Some(Value::Float(-*f)),
            (Layout::Float(f), UnaryOp::Pos) => Some(Value::Float(*f)),
            (Layout::Float(f), UnaryOp::Abs) => Some(Value::Float(f.abs())),
            _ => None,
        };
        r.ok_or_else(|| {
            let what = match op {
                UnaryOp::Abs => "abs()".to_string(),
                op => format!("unary {}", op.symbol()),
            };
            Error::TypeError(format!(
                "bad operand type for {what}: '{}'",
                self.type_name(a)
            ))
        })
    }

    /// The `TypeError` of operands that all declined.
    fn unsupported(&self, a: &Value, b: &Value, op: BinaryOp, inplace: bool) -> Error {
        Error::TypeError(format!(
            "unsupported operand type(s) for {}: '{}' and '{}'",
            op.message_name(inplace),
            self.type_name(a),
            self.type_name(b)
        ))
    }

    fn operand_info(&self, v: &Value) -> Result<Info> {
        self.with(|cx| {
            let x = cx.val(v)?;
            let ty = cx.value(&Val::Obj(cx.type_of(&x)));
            let (layout, user, proxy) = match &x {
                Val::None => (Layout::Other, false, false),
                Val::Bool(b) => (Layout::Bool(*b), false, false),
                Val::Int(i) => (Layout::Int(*i), false, false),
                Val::Float(f) => (Layout::Float(*f), false, false),
                Val::Str(s) => (Layout::Str(s.clone()), false, false),
                Val::Obj(o) => {
                    let data = o.borrow();
                    let layout = match &data.kind {
                        Kind::Int(i) => Layout::Int(*i),
                        Kind::Float(f) => Layout::Float(*f),
                        Kind::Str(s) => Layout::Str(s.clone()),
                        Kind::Bytes(b) => Layout::Bytes(b.clone()),
                        Kind::List(_) => Layout::List,
                        Kind::Tuple(_) => Layout::Tuple,
                        Kind::Set(_) => Layout::Set(Plain::Set),
                        Kind::FrozenSet(_) => Layout::Set(Plain::FrozenSet),
                        Kind::Dict(_) => Layout::Dict,
                        Kind::View { view, .. } => Layout::View(view.set_like()),
                        _ => Layout::Other,
                    };
                    let user = data.class.is_some() || matches!(data.kind, Kind::WeakContainer(_));
                    let proxy = data.kind.proxy_target(cx.mc).is_some();
                    (layout, user, proxy)
                }
            };
            Ok(Info {
                ty,
                layout,
                user,
                proxy,
            })
        })
    }

    /// `name` found on `v`'s class (a user class, before any builtin type that
    /// defines it), bound to `v`; for a weak container, its Python-level method.
    pub(crate) fn user_method(&self, v: &Value, name: &str) -> Result<Option<Value>> {
        let Value::Obj(_) = v else { return Ok(None) };
        let found = self.with(|cx| -> Result<Option<Value>> {
            let o = cx.obj(v)?;
            if o.borrow().class.is_none() {
                return Ok(None);
            }
            Ok(find_in_class(cx, o, name).map(|m| bind(cx, &m, o)))
        })?;
        if found.is_some() {
            return Ok(found);
        }
        if self.ckind(v)?.is_some() && self.hasattr(v, name)? {
            return Ok(Some(self.getattr(v, name)?));
        }
        Ok(None)
    }

    /// The class attribute `name` of `v`'s class, unbound (user classes only).
    fn class_attr(&self, v: &Value, name: &str) -> Result<Option<Value>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| {
            let o = cx.obj(v)?;
            if o.borrow().class.is_none() {
                return Ok(None);
            }
            Ok(find_in_class(cx, o, name).map(|m| cx.value(&m)))
        })
    }

    /// Whether `b`'s type is a proper subclass of `a`'s (whose reflected method
    /// CPython asks first).
    pub(crate) fn proper_subclass_instance(&self, b: &Value, a: &Value) -> Result<bool> {
        self.with(|cx| {
            let (tb, ta) = (cx.type_of(&cx.val(b)?), cx.type_of(&cx.val(a)?));
            Ok(!gc_arena::Gc::ptr_eq(tb, ta) && crate::class::is_subtype(tb, ta))
        })
    }

    /// Whether type `sub` is `sup` or derives from it.
    fn is_subtype(&self, sub: &Value, sup: &Value) -> Result<bool> {
        self.with(|cx| Ok(crate::class::is_subtype(cx.obj(sub)?, cx.obj(sup)?)))
    }

    fn slot(&self, v: &Value, i: &Info, op: BinaryOp) -> Result<Option<Slot>> {
        if i.proxy {
            return Ok(Some(Slot::Proxy));
        }
        if i.user
            && (self.user_method(v, op.dunder())?.is_some()
                || self.user_method(v, op.reflected_dunder())?.is_some())
        {
            return Ok(Some(Slot::User));
        }
        Ok(i.layout.has_number(op).then_some(Slot::Builtin))
    }

    /// CPython's `binary_op1`: `None` when every method declined.
    fn binary_op1(
        &self,
        a: &Value,
        ia: &Info,
        b: &Value,
        ib: &Info,
        op: BinaryOp,
    ) -> Result<Option<Value>> {
        let sa = self.slot(a, ia, op)?;
        let same_type = ia.ty.is(&ib.ty);
        let mut sb = if same_type {
            None
        } else {
            self.slot(b, ib, op)?
        };
        if sb == sa {
            sb = None;
        }
        // An int's own method declines a float (CPython's `long_add` returns
        // `NotImplemented` for it), which only the float's answers: when the right
        // operand's method is not the builtin one (a float subclass's `__radd__`), the
        // int on the left computes nothing.
        let left_declines = sb.is_some() && int_declines(ia, ib);
        if let Some(sa) = sa.filter(|s| !(*s == Slot::Builtin && left_declines)) {
            if let Some(s) = sb
                && self.is_subtype(&ib.ty, &ia.ty)?
            {
                if let Some(v) = self.call_slot(s, a, ia, b, ib, op)? {
                    return Ok(Some(v));
                }
                sb = None;
            }
            if let Some(v) = self.call_slot(sa, a, ia, b, ib, op)? {
                return Ok(Some(v));
            }
        }
        match sb {
            // (The right operand's int declines a float on the left.)
            Some(Slot::Builtin) if int_declines(ib, ia) => Ok(None),
            Some(s) => self.call_slot(s, a, ia, b, ib, op),
            None => Ok(None),
        }
    }

    fn call_slot(
        &self,
        slot: Slot,
        a: &Value,
        ia: &Info,
        b: &Value,
        ib: &Info,
        op: BinaryOp,
    ) -> Result<Option<Value>> {
        match slot {
            Slot::Builtin => self.builtin_binop(a, ia, b, ib, op),
            // CPython's `proxy_add` and the rest: both operands unwrapped, the whole
            // operation again.
            Slot::Proxy => Ok(Some(self.binary_op(
                &self.through_proxy(a)?,
                &self.through_proxy(b)?,
                op,
            )?)),
            Slot::User => self.user_slot(a, ia, b, ib, op),
        }
    }

    /// CPython's `SLOT1BINFULL` (`slot_nb_add`…), called with the operands in order.
    fn user_slot(
        &self,
        a: &Value,
        ia: &Info,
        b: &Value,
        ib: &Info,
        op: BinaryOp,
    ) -> Result<Option<Value>> {
        let same_type = ia.ty.is(&ib.ty);
        let mut do_other = !same_type && self.slot(b, ib, op)? == Some(Slot::User);
        if self.slot(a, ia, op)? == Some(Slot::User) {
            if do_other
                && self.is_subtype(&ib.ty, &ia.ty)?
                && self.overloaded(a, b, op.reflected_dunder())?
            {
                if let Some(v) = self.call_maybe(b, ib, a, ia, op, true)? {
                    return Ok(Some(v));
                }
                do_other = false;
            }
            let r = self.call_maybe(a, ia, b, ib, op, false)?;
            if r.is_some() || same_type {
                return Ok(r);
            }
        }
        if do_other {
            return self.call_maybe(b, ib, a, ia, op, true);
        }
        Ok(None)
    }

    /// Whether the right operand's class gives `name` another value than the left's
    /// (CPython's `method_is_overloaded`).
    fn overloaded(&self, left: &Value, right: &Value, name: &str) -> Result<bool> {
        let Some(r) = self.class_attr(right, name)? else {
            return Ok(false);
        };
        Ok(match self.class_attr(left, name)? {
            None => true,
            Some(l) => !l.is(&r),
        })
    }

    /// `x.__op__(other)` (or `__rop__` when `reflected`): the class's method, else
    /// the builtin type's; `None` for `NotImplemented` or no method.
    fn call_maybe(
        &self,
        x: &Value,
        ix: &Info,
        other: &Value,
        io: &Info,
        op: BinaryOp,
        reflected: bool,
    ) -> Result<Option<Value>> {
        let name = if reflected {
            op.reflected_dunder()
        } else {
            op.dunder()
        };
        if let Some(m) = self.user_method(x, name)? {
            let r = self.call(&m, std::slice::from_ref(other))?;
            return Ok((!self.is_not_implemented(&r)).then_some(r));
        }
        // A builtin base's method (`int.__add__` for a subclass of int), which
        // declines what its type's declines (`int`'s, a float).
        if int_declines(ix, io) {
            return Ok(None);
        }
        let number = if reflected {
            self.builtin_binop(other, io, x, ix, op)?
        } else {
            self.builtin_binop(x, ix, other, io, op)?
        };
        if number.is_some() || !ix.layout.is_seq() {
            return Ok(number);
        }
        Ok(match (op, reflected) {
            (BinaryOp::Add, false) => Some(self.concat(x, ix, other, io)?),
            (BinaryOp::Mul, _) => {
                // (The method's wrapper reads its argument as an index first: an
                // int, an `__index__`, a proxy's referent's.)
                let n = match io.layout.int() {
                    Some(n) => n,
                    None => self.as_index(other)?,
                };
                let n = Value::Int(n);
                Some(self.repeat(x, ix, &n, &self.operand_info(&n)?)?)
            }
            _ => None,
        })
    }

    /// The builtin types' number methods, each operand as its builtin value; `None`
    /// when neither side's type has one for this pair.
    fn builtin_binop(
        &self,
        a: &Value,
        ia: &Info,
        b: &Value,
        ib: &Info,
        op: BinaryOp,
    ) -> Result<Option<Value>> {
        use BinaryOp::*;
        let (la, lb) = (&ia.layout, &ib.layout);
        if !la.has_number(op) && !lb.has_number(op) {
            return Ok(None);
        }
        if let (Layout::Str(_), Mod) = (la, op) {
            return Err(Error::TypeError(
                "printf-style formatting (str % x) is not supported by lethe".into(),
            ));
        }
        if let (Layout::Bytes(_), Mod) = (la, op) {
            return Err(Error::TypeError(
                "printf-style formatting (bytes % x) is not supported by lethe".into(),
            ));
        }
        // A set-like dict view on either side answers `|`, `&`, `-` and `^`
        // (CPython's `dictviews_and`…: whichever operand it is, the other is read as
        // an iterable); no other operator.
        if matches!(op, Or | And | Sub | Xor)
            && (matches!(la, Layout::View(true)) || matches!(lb, Layout::View(true)))
        {
            return self.view_set_op(a, b, op).map(Some);
        }
        if let (Layout::Bool(x), Layout::Bool(y)) = (la, lb) {
            match op {
                And => return Ok(Some(Value::Bool(x & y))),
                Or => return Ok(Some(Value::Bool(x | y))),
                Xor => return Ok(Some(Value::Bool(x ^ y))),
                _ => {}
            }
        }
        if let (Some(x), Some(y)) = (la.int(), lb.int()) {
            return int_op(op, x, y).map(Some);
        }
        if matches!(la, Layout::Float(_)) || matches!(lb, Layout::Float(_)) {
            if let (Some(x), Some(y)) = (la.float(), lb.float())
                && Layout::Float(0.0).has_number(op)
            {
                return float_op(op, x, y).map(Some);
            }
            return Ok(None);
        }
        match (la, lb) {
            (Layout::Set(k), Layout::Set(_)) => {
                let name = match op {
                    Or => "union",
                    And => "intersection",
                    Sub => "difference",
                    Xor => "symmetric_difference",
                    _ => return Ok(None),
                };
                self.plain_set_op(*k, a, b, name).map(Some)
            }
            (Layout::Dict, Layout::Dict) if op == Or => {
                let d = self.plain_copy(Plain::Dict, a)?;
                self.plain_update(Plain::Dict, &d, b)?;
                Ok(Some(d))
            }
            _ => Ok(None),
        }
    }

    /// The builtin in-place number methods: a set's `|=`, `&=`, `-=`, `^=` with
    /// another set or frozenset, a dict's `|=` with any mapping or iterable of pairs.
    fn builtin_inplace(
        &self,
        a: &Value,
        ia: &Info,
        b: &Value,
        ib: &Info,
        op: BinaryOp,
    ) -> Result<Option<Value>> {
        match (&ia.layout, &ib.layout) {
            (Layout::Dict, _) => self.plain_update(Plain::Dict, a, b)?,
            (Layout::Set(_), Layout::Set(_)) => match op {
                BinaryOp::Or => self.plain_update(Plain::Set, a, b)?,
                BinaryOp::And => self.plain_set_update(Plain::Set, a, b, "intersection")?,
                BinaryOp::Sub => self.plain_set_update(Plain::Set, a, b, "difference")?,
                _ => self.plain_set_update(Plain::Set, a, b, "symmetric_difference")?,
            },
            _ => return Ok(None),
        }
        Ok(Some(a.clone()))
    }

    /// CPython's sequence fallbacks once the number methods declined: `+` is the left
    /// operand's concatenation; `*` its repetition, else the right's; in place, a
    /// list extends or repeats itself.
    fn sequence_fallback(
        &self,
        a: &Value,
        ia: &Info,
        b: &Value,
        ib: &Info,
        op: BinaryOp,
        inplace: bool,
    ) -> Result<Option<Value>> {
        // (A class's own `__add__` replaces the concatenation, its `__mul__` or
        // `__rmul__` the repetition, its `__iadd__`/`__imul__` a list's in-place
        // form, which then falls back to the plain one: CPython's heap types clear
        // those sequence slots, each on its own, so a list subclass defining only
        // `__add__` still extends in place.)
        let defines = |v: &Value, i: &Info, name: &str| -> Result<bool> {
            Ok(i.user && self.user_method(v, name)?.is_some())
        };
        let in_place_list = |name: &str| -> Result<bool> {
            Ok(inplace && matches!(ia.layout, Layout::List) && !defines(a, ia, name)?)
        };
        match op {
            BinaryOp::Add => {
                if in_place_list("__iadd__")? {
                    self.extend_from(a, b)?;
                    return Ok(Some(a.clone()));
                }
                if ia.layout.is_seq() && !defines(a, ia, "__add__")? {
                    return self.concat(a, ia, b, ib).map(Some);
                }
                Ok(None)
            }
            BinaryOp::Mul => {
                let repeats = |v: &Value, i: &Info| -> Result<bool> {
                    Ok(i.layout.is_seq()
                        && !defines(v, i, "__mul__")?
                        && !defines(v, i, "__rmul__")?)
                };
                if in_place_list("__imul__")? {
                    let n = self.repeat_count(b, ib)?;
                    self.list_repeat_in_place(a, n)?;
                    return Ok(Some(a.clone()));
                }
                if repeats(a, ia)? {
                    return self.repeat(a, ia, b, ib).map(Some);
                }
                // In place, only a left operand without sequence methods lets the
                // right one repeat.
                if (!inplace || !ia.has_sequence_methods()) && repeats(b, ib)? {
                    return self.repeat(b, ib, a, ia).map(Some);
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    /// A str's, list's or tuple's concatenation (`seq` is one), of its builtin type.
    fn concat(&self, seq: &Value, is: &Info, other: &Value, io: &Info) -> Result<Value> {
        let wrong = |what: &str| {
            Error::TypeError(format!(
                "can only concatenate {what} (not \"{}\") to {what}",
                self.type_name(other)
            ))
        };
        match (&is.layout, &io.layout) {
            (Layout::Str(x), Layout::Str(y)) => {
                Ok(Value::from(format!("{}{}", x.as_str(), y.as_str())))
            }
            (Layout::Str(_), _) => Err(wrong("str")),
            (Layout::Bytes(x), _) => self.bytes_concat(seq, x, other),
            (Layout::List, Layout::List) | (Layout::Tuple, Layout::Tuple) => {
                let mut items = self.raw_items(seq)?;
                items.extend(self.raw_items(other)?);
                if matches!(is.layout, Layout::List) {
                    self.list(&items)
                } else {
                    self.tuple(&items)
                }
            }
            (Layout::List, _) => Err(wrong("list")),
            _ => Err(wrong("tuple")),
        }
    }

    /// The count of a repetition: an int (or bool), an instance of a class with
    /// `__index__` (what that returns), else CPython's `TypeError`.
    fn repeat_count(&self, n: &Value, i: &Info) -> Result<i64> {
        if let Some(n) = i.layout.int() {
            return Ok(n);
        }
        if i.user && self.has_index(n) {
            return self.as_index(n);
        }
        Err(Error::TypeError(format!(
            "can't multiply sequence by non-int of type '{}'",
            self.type_name(n)
        )))
    }

    /// A str's, list's or tuple's repetition `n` times, of its builtin type.
    fn repeat(&self, seq: &Value, is: &Info, n: &Value, io: &Info) -> Result<Value> {
        if let Layout::Bytes(b) = &is.layout {
            return self.bytes_repeat(seq, b, self.repeat_count(n, io)?);
        }
        let n = self.repeat_count(n, io)?.max(0) as u128;
        if let Layout::Str(s) = &is.layout {
            let len = s.as_str().chars().count() as u128;
            if len > 0 && n > 0 && len * n > isize::MAX as u128 {
                return Err(Error::OverflowError("repeated string is too long".into()));
            }
            let bytes = repetition_size(s.as_str().len() as u128 * n)?;
            // (An empty string repeats to itself however large `n` is.)
            let mut out = String::new();
            out.try_reserve_exact(bytes).map_err(|_| memory_error())?;
            if bytes > 0 {
                for _ in 0..n {
                    out.push_str(s.as_str());
                }
            }
            return Ok(Value::from(out));
        }
        let items = self.raw_items(seq)?;
        let total = repetition_size(items.len() as u128 * n)?;
        // The room asked for first, so that a repetition the allocator refuses is a
        // `MemoryError`, not an abort; an empty sequence repeats to an empty one
        // without counting to `n`.
        let mut out = Vec::new();
        out.try_reserve_exact(total).map_err(|_| memory_error())?;
        if total > 0 {
            for _ in 0..n {
                out.extend(items.iter().cloned());
            }
        }
        if matches!(is.layout, Layout::List) {
            self.list(&out)
        } else {
            self.tuple(&out)
        }
    }

    /// `l *= n` on a list: repeated in place (emptied for `n <= 0`).
    fn list_repeat_in_place(&self, l: &Value, n: i64) -> Result<()> {
        self.with(|cx| {
            let o = cx.obj(l)?;
            let mut data = o.borrow_mut(cx.mc);
            if let Kind::List(items) = &mut data.kind {
                if n <= 0 {
                    items.clear();
                    return Ok(());
                }
                if items.is_empty() {
                    return Ok(());
                }
                let total = repetition_size(items.len() as u128 * n as u128)?;
                items
                    .try_reserve_exact(total - items.len())
                    .map_err(|_| memory_error())?;
                let once = items.clone();
                for _ in 1..n {
                    items.extend(once.iter().cloned());
                }
            }
            Ok(())
        })
    }
}

/// Whether builtin type `b`'s namespace holds operator method `name` (so that a
/// lookup along an MRO stops there: `protocols::mro_attr`).
pub(crate) fn builtin_defines(b: crate::Builtin, name: &str) -> bool {
    use crate::Builtin as B;
    use BinaryOp::*;
    if let Some(u) = [UnaryOp::Neg, UnaryOp::Pos, UnaryOp::Abs, UnaryOp::Invert]
        .into_iter()
        .find(|u| u.dunder() == name)
    {
        return b == B::Int || (b == B::Float && u != UnaryOp::Invert);
    }
    let Some((op, form)) = BinaryOp::ALL.into_iter().find_map(|op| {
        [op.dunder(), op.reflected_dunder(), op.inplace_dunder()]
            .iter()
            .position(|n| *n == name)
            .map(|form| (op, form))
    }) else {
        return false;
    };
    // `form`: 0 `__op__`, 1 `__rop__`, 2 `__iop__`.
    let (forward, inplace) = (form == 0, form == 2);
    match b {
        B::Int => op != MatMul && !inplace,
        B::Float => !inplace && matches!(op, Add | Sub | Mul | TrueDiv | FloorDiv | Mod | Pow),
        B::Str | B::Bytes => !inplace && (op == Mod || op == Mul || (op == Add && forward)),
        B::Tuple => !inplace && (op == Mul || (op == Add && forward)),
        B::List => op == Mul || (op == Add && !matches!(form, 1)),
        B::Set => matches!(op, Or | And | Sub | Xor),
        B::FrozenSet => !inplace && matches!(op, Or | And | Sub | Xor),
        B::Dict => op == Or,
        _ => false,
    }
}
