//! The methods of the builtin containers as attributes: `getattr(l, "append")`,
//! `call_method(d, "get", …)`, `hasattr(s, "add")` for lists, dicts, sets, frozensets
//! and tuples (and instances of user classes derived from them), each a bound
//! `builtin_function_or_method` made per access, as CPython makes one. Calling one
//! binds its arguments as CPython 3.11's C method does (`METH_O`, `METH_NOARGS`,
//! Argument Clinic's positional-only parameters, `sort`'s keyword-only ones), with
//! CPython's messages, then runs the builtin behaviour on the receiver: the `Heap`
//! methods of `methods.rs` and the sequence methods here (`insert`, `index`, `sort`…).
//!
//! Invariant: a builtin method is found where CPython finds the method descriptor,
//! at the builtin type's place in the receiver's class's MRO (an instance attribute
//! or a user class before it wins, `__getattr__` comes after); it always runs the
//! builtin type's own behaviour on its receiver (never a user override), and user
//! code it runs (`__eq__`, `<`, a sort key) runs outside the arena, on handles, so
//! whatever that code does to the receiver the list keeps every item it held
//! (`sort` takes them out while it sorts, as CPython does, and puts them back).

use std::rc::Rc;

use crate::dict_view::View;
use crate::heap::Ctx;
use crate::iteration::Flavor;
use crate::methods::Plain;
use crate::object::{GcObj, Kind, Val};
use crate::types::Builtin;
use crate::{Error, Heap, Result, Value};

/// The keyword arguments of a call.
type Kwargs = [(Rc<str>, Value)];

/// What a method does, given its receiver and its (checked) arguments.
type Run = fn(&Heap, &Value, &[Value], &Kwargs) -> Result<Value>;

/// How a method takes its arguments (CPython's calling convention for it), which
/// decides its messages.
#[derive(Clone, Copy)]
enum Sig {
    /// `METH_NOARGS`: `list.clear() takes no arguments (1 given)`.
    NoArgs,
    /// `METH_O`: `list.append() takes exactly one argument (0 given)`.
    One,
    /// Argument Clinic's positional-only parameters, from `.0` to `.1` of them:
    /// `get expected at least 1 argument, got 0`.
    Pos(usize, usize),
    /// `METH_VARARGS`: any number of positional arguments.
    Var,
    /// Keywords too: the method binds its arguments itself.
    Keywords,
    /// A slot wrapper (a `method-wrapper`) taking this many arguments, which
    /// CPython's `check_num_args` counts (`it.__next__`: `expected 0 arguments, got
    /// 1`).
    Wrapper(usize),
    /// A slot wrapper taking from `.0` to `.1` arguments, which CPython unpacks with
    /// `PyArg_UnpackTuple` under an empty name (`d.__get__`: ` expected at least 1
    /// argument, got 0`, with its leading space).
    WrapperRange(usize, usize),
}

/// One method of a builtin type.
pub(crate) struct Def {
    /// Its `__name__`.
    pub(crate) name: &'static str,
    /// The builtin type defining it (its messages' `list.append()`).
    pub(crate) owner: Builtin,
    sig: Sig,
    run: Run,
}

impl Def {
    /// Whether it is a slot wrapper (`method-wrapper`), not a method.
    pub(crate) fn is_wrapper(&self) -> bool {
        matches!(self.sig, Sig::Wrapper(_) | Sig::WrapperRange(..))
    }
}

impl std::fmt::Debug for Def {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}", self.owner.names().1, self.name)
    }
}

const fn def(name: &'static str, owner: Builtin, sig: Sig, run: Run) -> Def {
    Def {
        name,
        owner,
        sig,
        run,
    }
}

fn none(r: Result<()>) -> Result<Value> {
    r.map(|()| Value::None)
}

use Builtin::{Dict as D, FrozenSet as F, List as L, Set as S, Tuple as T};
use Sig::{Keywords, NoArgs, One, Pos, Var, Wrapper, WrapperRange};

static LIST: &[Def] = &[
    def("append", L, One, |h, me, a, _| {
        none(h.list_append(me, &a[0]))
    }),
    def("extend", L, One, |h, me, a, _| {
        none(h.extend_from(me, &a[0]))
    }),
    def("insert", L, Pos(2, 2), |h, me, a, _| {
        let at = h.as_index(&a[0])?;
        h.with(|cx| {
            let x = cx.val(&a[1])?;
            if let Kind::List(items) = &mut cx.obj(me)?.borrow_mut(cx.mc).kind {
                let n = items.len() as i64;
                let at = if at < 0 { (at + n).max(0) } else { at.min(n) };
                items.insert(at as usize, x);
            }
            Ok(Value::None)
        })
    }),
    def("remove", L, One, |h, me, a, _| {
        let Some(i) = h.seq_find(me, &a[0], 0, i64::MAX)? else {
            return Err(Error::ValueError("list.remove(x): x not in list".into()));
        };
        h.with(|cx| {
            if let Kind::List(items) = &mut cx.obj(me)?.borrow_mut(cx.mc).kind
                && i < items.len()
            {
                items.remove(i);
            }
            Ok(Value::None)
        })
    }),
    def("pop", L, Pos(0, 1), |h, me, a, _| h.list_pop(me, a.first())),
    def("clear", L, NoArgs, |h, me, _, _| {
        none(h.plain_clear(Plain::List, me))
    }),
    def("copy", L, NoArgs, |h, me, _, _| h.list(&h.seq_items(me)?)),
    def("index", L, Pos(1, 3), |h, me, a, _| {
        seq_index(h, me, a, "list")
    }),
    def("count", L, One, |h, me, a, _| h.seq_count(me, &a[0])),
    def("__reversed__", L, NoArgs, |h, me, _, _| {
        h.builtin_iterator(me, Flavor::ListReverse)
    }),
    def("reverse", L, NoArgs, |h, me, _, _| {
        h.with(|cx| {
            if let Kind::List(items) = &mut cx.obj(me)?.borrow_mut(cx.mc).kind {
                items.reverse();
            }
            Ok(Value::None)
        })
    }),
    def("sort", L, Keywords, |h, me, a, kw| {
        // (Argument Clinic counts every argument first: "at most 2 keyword
        // arguments" when all are keywords.)
        if a.len() + kw.len() > 2 {
            let which = if a.is_empty() { "keyword " } else { "" };
            return Err(Error::TypeError(format!(
                "sort() takes at most 2 {which}arguments ({} given)",
                a.len() + kw.len()
            )));
        }
        if !a.is_empty() {
            return Err(Error::TypeError(
                "sort() takes no positional arguments".into(),
            ));
        }
        // (Argument Clinic's order: every keyword's name is checked before any
        // value is converted; `reverse` is a C int.)
        if let Some((k, _)) = kw.iter().find(|(k, _)| !matches!(&**k, "key" | "reverse")) {
            return Err(Error::TypeError(format!(
                "'{k}' is an invalid keyword argument for sort()"
            )));
        }
        let (mut key, mut reverse) = (None, false);
        for (k, v) in kw {
            if &**k == "key" {
                key = Some(v).filter(|v| !v.is_none());
            } else {
                let r = h.as_index(v)?;
                if i32::try_from(r).is_err() {
                    return Err(Error::OverflowError(
                        "Python int too large to convert to C int".into(),
                    ));
                }
                reverse = r != 0;
            }
        }
        none(h.list_sort(me, key, reverse))
    }),
];

static TUPLE: &[Def] = &[
    def("index", T, Pos(1, 3), |h, me, a, _| {
        seq_index(h, me, a, "tuple")
    }),
    def("count", T, One, |h, me, a, _| h.seq_count(me, &a[0])),
];

static DICT: &[Def] = &[
    def("get", D, Pos(1, 2), |h, me, a, _| {
        h.dict_get(me, &a[0], a.get(1).unwrap_or(&Value::None))
    }),
    def("setdefault", D, Pos(1, 2), |h, me, a, _| {
        h.dict_setdefault(me, &a[0], a.get(1).unwrap_or(&Value::None))
    }),
    def("pop", D, Pos(1, 2), |h, me, a, _| {
        h.dict_pop(me, &a[0], a.get(1))
    }),
    def("popitem", D, NoArgs, |h, me, _, _| {
        let (k, v) = h.dict_popitem(me)?;
        h.tuple(&[k, v])
    }),
    // `update([other], **kwargs)` (`METH_VARARGS | METH_KEYWORDS`): every keyword is
    // a key.
    def("update", D, Keywords, |h, me, a, kw| {
        if a.len() > 1 {
            return Err(Error::TypeError(format!(
                "update expected at most 1 argument, got {}",
                a.len()
            )));
        }
        if let Some(other) = a.first() {
            h.plain_update(Plain::Dict, me, other)?;
        }
        none(h.dict_update_kwargs(me, kw))
    }),
    def("copy", D, NoArgs, |h, me, _, _| {
        h.plain_copy(Plain::Dict, me)
    }),
    def("clear", D, NoArgs, |h, me, _, _| {
        none(h.plain_clear(Plain::Dict, me))
    }),
    def("keys", D, NoArgs, |h, me, _, _| h.dict_view(me, View::Keys)),
    def("values", D, NoArgs, |h, me, _, _| {
        h.dict_view(me, View::Values)
    }),
    def("items", D, NoArgs, |h, me, _, _| {
        h.dict_view(me, View::Items)
    }),
    def("__reversed__", D, NoArgs, |h, me, _, _| {
        h.builtin_iterator(me, Flavor::DictReverseKeys)
    }),
];

/// A class's `__weakref__` descriptor's slot wrappers (CPython's `wrap_descr_get`,
/// `wrap_descr_set`, `wrap_descr_delete`).
static GETSET_DESCRIPTOR: [Def; 3] = [
    def(
        "__get__",
        Builtin::GetSetDescriptor,
        WrapperRange(1, 2),
        |h, me, a, _| h.weakref_descriptor_get(me, &a[0], a.get(1)),
    ),
    // (No setter and no deleter: both refuse, once the object is checked.)
    def(
        "__set__",
        Builtin::GetSetDescriptor,
        WrapperRange(2, 2),
        |h, me, a, _| Err(h.weakref_descriptor_refusal(me, &a[0])),
    ),
    def(
        "__delete__",
        Builtin::GetSetDescriptor,
        Wrapper(1),
        |h, me, a, _| Err(h.weakref_descriptor_refusal(me, &a[0])),
    ),
];

/// A builtin iterator's `__iter__` (itself), `__next__` (its next item, else
/// `StopIteration`) and `__length_hint__` (how many items it has left), for
/// iterator type `$owner`.
macro_rules! iterator_methods {
    ($owner:expr) => {
        [
            def("__iter__", $owner, Wrapper(0), |_, me, _, _| Ok(me.clone())),
            def("__next__", $owner, Wrapper(0), |h, me, _, _| {
                h.next(me)?
                    .ok_or_else(|| Error::StopIteration(String::new()))
            }),
            def("__length_hint__", $owner, NoArgs, |h, me, _, _| {
                h.iterator_length_hint(me)
            }),
        ]
    };
}

static LIST_ITERATOR: [Def; 3] = iterator_methods!(Builtin::ListIterator);
static TUPLE_ITERATOR: [Def; 3] = iterator_methods!(Builtin::TupleIterator);
static STR_ASCII_ITERATOR: [Def; 3] = iterator_methods!(Builtin::StrAsciiIterator);
static STR_ITERATOR: [Def; 3] = iterator_methods!(Builtin::StrIterator);
static DICT_KEY_ITERATOR: [Def; 3] = iterator_methods!(Builtin::DictKeyIterator);
static DICT_REVERSE_KEY_ITERATOR: [Def; 3] = iterator_methods!(Builtin::DictReverseKeyIterator);
static SET_ITERATOR: [Def; 3] = iterator_methods!(Builtin::SetIterator);
static SEQ_ITERATOR: [Def; 3] = iterator_methods!(Builtin::SeqIterator);
static LIST_REVERSE_ITERATOR: [Def; 3] = iterator_methods!(Builtin::ListReverseIterator);
static REVERSED: [Def; 3] = iterator_methods!(Builtin::Reversed);
static DICT_VALUE_ITERATOR: [Def; 3] = iterator_methods!(Builtin::DictValueIterator);
static DICT_ITEM_ITERATOR: [Def; 3] = iterator_methods!(Builtin::DictItemIterator);
static DICT_REVERSE_VALUE_ITERATOR: [Def; 3] = iterator_methods!(Builtin::DictReverseValueIterator);
static DICT_REVERSE_ITEM_ITERATOR: [Def; 3] = iterator_methods!(Builtin::DictReverseItemIterator);

/// A dict view's `__reversed__` (all three) and `isdisjoint` (keys and items), for
/// view type `$owner`.
macro_rules! view_methods {
    ($owner:expr) => {
        [
            def("isdisjoint", $owner, One, |h, me, a, _| {
                Ok(Value::Bool(h.view_isdisjoint(me, &a[0])?))
            }),
            def("__reversed__", $owner, NoArgs, |h, me, _, _| h.reversed(me)),
        ]
    };
}

static DICT_KEYS: [Def; 2] = view_methods!(Builtin::DictKeys);
static DICT_ITEMS: [Def; 2] = view_methods!(Builtin::DictItems);
static DICT_VALUES: [Def; 1] = [def(
    "__reversed__",
    Builtin::DictValues,
    NoArgs,
    |h, me, _, _| h.reversed(me),
)];

/// `bytes.count`, `find`, `rfind`, `index`, `rindex`, `startswith` and `endswith`
/// (`METH_VARARGS`, parsed by `PyArg_ParseTuple`'s `O|OO`): their arity first.
pub(crate) fn bytes_varargs(name: &str, a: &[Value]) -> Result<()> {
    match a.len() {
        0 => Err(Error::TypeError(format!(
            "{name}() takes at least 1 argument (0 given)"
        ))),
        n if n > 3 => Err(Error::TypeError(format!(
            "{name}() takes at most 3 arguments ({n} given)"
        ))),
        _ => Ok(()),
    }
}

macro_rules! bytes_search {
    ($name:literal) => {
        def($name, Builtin::Bytes, Var, |h, me, a, _| {
            h.bytes_search(me, a, $name)
        })
    };
}

static BYTES: &[Def] = &[
    bytes_search!("count"),
    bytes_search!("find"),
    bytes_search!("rfind"),
    bytes_search!("index"),
    bytes_search!("rindex"),
    def("startswith", Builtin::Bytes, Var, |h, me, a, _| {
        h.bytes_tailmatch(me, a, false)
    }),
    def("endswith", Builtin::Bytes, Var, |h, me, a, _| {
        h.bytes_tailmatch(me, a, true)
    }),
    def("decode", Builtin::Bytes, Keywords, |h, me, a, kw| {
        h.bytes_decode(me, a, kw)
    }),
    def("__bytes__", Builtin::Bytes, NoArgs, |_, me, _, _| {
        Ok(me.clone())
    }),
];

/// `slice.indices` (`METH_O`).
static SLICE: [Def; 1] = [def("indices", Builtin::Slice, One, |h, me, a, _| {
    h.slice_indices(me, &a[0])
})];

static BYTES_ITERATOR: [Def; 3] = iterator_methods!(Builtin::BytesIterator);

/// The methods `set` and `frozenset` share (`copy` aside), for the type `$owner`.
macro_rules! set_common {
    ($owner:expr) => {
        [
            def("union", $owner, Var, |h, me, a, _| {
                set_fold(h, me, a, "union")
            }),
            def("intersection", $owner, Var, |h, me, a, _| {
                set_fold(h, me, a, "intersection")
            }),
            def("difference", $owner, Var, |h, me, a, _| {
                set_fold(h, me, a, "difference")
            }),
            def("symmetric_difference", $owner, One, |h, me, a, _| {
                let kind = set_kind(h, me)?;
                h.plain_set_op(kind, me, &a[0], "symmetric_difference")
            }),
            def("issubset", $owner, One, |h, me, a, _| {
                Ok(h.plain_subset(me, &a[0], true)?.into())
            }),
            def("issuperset", $owner, One, |h, me, a, _| {
                Ok(h.plain_subset(me, &a[0], false)?.into())
            }),
            def("isdisjoint", $owner, One, |h, me, a, _| {
                Ok(h.plain_isdisjoint(me, &a[0])?.into())
            }),
        ]
    };
}

static SET_COMMON: [Def; 7] = set_common!(S);
static FROZENSET_COMMON: [Def; 7] = set_common!(F);

static SET: &[Def] = &[
    def("add", S, One, |h, me, a, _| none(h.set_add(me, &a[0]))),
    def("discard", S, One, |h, me, a, _| none(h.discard(me, &a[0]))),
    def("remove", S, One, |h, me, a, _| none(h.remove(me, &a[0]))),
    def("pop", S, NoArgs, |h, me, _, _| h.plain_set_pop(me)),
    def("clear", S, NoArgs, |h, me, _, _| {
        none(h.plain_clear(Plain::Set, me))
    }),
    def("copy", S, NoArgs, |h, me, _, _| {
        h.plain_copy(Plain::Set, me)
    }),
    def("update", S, Var, |h, me, a, _| {
        for other in a {
            h.plain_update(Plain::Set, me, other)?;
        }
        Ok(Value::None)
    }),
    // As CPython's: the intersection is made first, then becomes the set's contents.
    def("intersection_update", S, Var, |h, me, a, _| {
        if let [other] = a {
            return none(h.plain_set_update(Plain::Set, me, other, "intersection"));
        }
        let result = h.set_intersection(Plain::Set, me, a)?;
        none(h.take_members(me, &result))
    }),
    def("difference_update", S, Var, |h, me, a, _| {
        for other in a {
            h.plain_set_update(Plain::Set, me, other, "difference")?;
        }
        Ok(Value::None)
    }),
    def("symmetric_difference_update", S, One, |h, me, a, _| {
        none(h.plain_set_update(Plain::Set, me, &a[0], "symmetric_difference"))
    }),
];

static FROZENSET: &[Def] = &[
    // (An exact frozenset's copy is itself: `plain_copy`.)
    def("copy", F, NoArgs, |h, me, _, _| {
        h.plain_copy(Plain::FrozenSet, me)
    }),
];

/// Whether a set is a `set` or a `frozenset` (by its layout).
fn set_kind(h: &Heap, s: &Value) -> Result<Plain> {
    Ok(h.plain(s)?.unwrap_or(Plain::Set))
}

/// `s.op(*others)` for `union`, `intersection` and `difference`, of the builtin type
/// of `s`.
fn set_fold(h: &Heap, me: &Value, others: &[Value], op: &str) -> Result<Value> {
    let kind = set_kind(h, me)?;
    match op {
        "union" => h.set_union(kind, me, others),
        "intersection" => h.set_intersection(kind, me, others),
        _ => h.set_difference(kind, me, others),
    }
}

/// `seq.index(value[, start[, stop]])` of a list or tuple (`what`).
fn seq_index(h: &Heap, me: &Value, a: &[Value], what: &str) -> Result<Value> {
    // CPython's `_PyEval_SliceIndexNotNone`: an index-like bound is asked (its
    // error, a proxy's referent's, passes on), anything else refused.
    let slice_index = |v: &Value| {
        if h.has_index(v) {
            h.as_index(v)
        } else {
            Err(Error::TypeError(
                "slice indices must be integers or have an __index__ method".into(),
            ))
        }
    };
    // (Both bounds are converted before the length is read: an `__index__` may
    // change the list.)
    let start = a.get(1).map(slice_index).transpose()?;
    let stop = a.get(2).map(slice_index).transpose()?;
    let n = h.seq_items_len(me)? as i64;
    let clamp = |i: i64| if i < 0 { (i + n).max(0) } else { i };
    let (start, stop) = (start.map_or(0, clamp), stop.map_or(i64::MAX, clamp));
    match h.seq_find(me, &a[0], start, stop)? {
        Some(i) => Value::try_from(i),
        None if what == "list" => Err(Error::ValueError(format!(
            "{} is not in list",
            h.repr(&a[0])?
        ))),
        None => Err(Error::ValueError("tuple.index(x): x not in tuple".into())),
    }
}

/// The methods of builtin type `b` (the one a receiver's layout is).
fn table(b: Builtin) -> &'static [&'static [Def]] {
    static LISTS: [&[Def]; 1] = [LIST];
    static TUPLES: [&[Def]; 1] = [TUPLE];
    static DICTS: [&[Def]; 1] = [DICT];
    static SETS: [&[Def]; 2] = [SET, &SET_COMMON];
    static FROZENSETS: [&[Def]; 2] = [FROZENSET, &FROZENSET_COMMON];
    static BYTESES: [&[Def]; 1] = [BYTES];
    static SLICES: [&[Def]; 1] = [&SLICE];
    static GETSET_DESCRIPTORS: [&[Def]; 1] = [&GETSET_DESCRIPTOR];
    static ITERATORS: [[&[Def]; 1]; 18] = [
        [&LIST_ITERATOR],
        [&TUPLE_ITERATOR],
        [&STR_ASCII_ITERATOR],
        [&STR_ITERATOR],
        [&DICT_KEY_ITERATOR],
        [&DICT_REVERSE_KEY_ITERATOR],
        [&SET_ITERATOR],
        [&SEQ_ITERATOR],
        [&LIST_REVERSE_ITERATOR],
        [&REVERSED],
        [&DICT_VALUE_ITERATOR],
        [&DICT_ITEM_ITERATOR],
        [&DICT_REVERSE_VALUE_ITERATOR],
        [&DICT_REVERSE_ITEM_ITERATOR],
        [&DICT_KEYS],
        [&DICT_VALUES],
        [&DICT_ITEMS],
        [&BYTES_ITERATOR],
    ];
    match b {
        L => &LISTS,
        T => &TUPLES,
        D => &DICTS,
        S => &SETS,
        F => &FROZENSETS,
        Builtin::ListIterator => &ITERATORS[0],
        Builtin::TupleIterator => &ITERATORS[1],
        Builtin::StrAsciiIterator => &ITERATORS[2],
        Builtin::StrIterator => &ITERATORS[3],
        Builtin::DictKeyIterator => &ITERATORS[4],
        Builtin::DictReverseKeyIterator => &ITERATORS[5],
        Builtin::SetIterator => &ITERATORS[6],
        Builtin::SeqIterator => &ITERATORS[7],
        Builtin::ListReverseIterator => &ITERATORS[8],
        Builtin::Reversed => &ITERATORS[9],
        Builtin::DictValueIterator => &ITERATORS[10],
        Builtin::DictItemIterator => &ITERATORS[11],
        Builtin::DictReverseValueIterator => &ITERATORS[12],
        Builtin::DictReverseItemIterator => &ITERATORS[13],
        Builtin::DictKeys => &ITERATORS[14],
        Builtin::DictValues => &ITERATORS[15],
        Builtin::DictItems => &ITERATORS[16],
        Builtin::BytesIterator => &ITERATORS[17],
        Builtin::Bytes => &BYTESES,
        Builtin::Slice => &SLICES,
        Builtin::GetSetDescriptor => &GETSET_DESCRIPTORS,
        _ => &[],
    }
}

/// Method `name` of builtin type `b`, if it has one.
fn find(b: Builtin, name: &str) -> Option<&'static Def> {
    table(b)
        .iter()
        .find_map(|t| t.iter().find(|d| d.name == name))
}

/// Whether `name` is a method of the builtin type of `kind` (which an object of
/// exactly that type cannot have set or deleted: CPython's "is read-only").
pub(crate) fn is_method_of(kind: &Kind<'_>, name: &str) -> bool {
    find(Builtin::of_kind(kind), name).is_some()
}

/// `getattr(o, name)` for a method of a builtin container: a new bound method, when
/// `o` is a list, dict, set, frozenset or tuple (or an instance of a subclass) and
/// the first class along its type's MRO that has `name` is the builtin type's
/// method (a user class before it defining `name` wins: `None`, the ordinary lookup
/// answers).
pub(crate) fn lookup<'gc>(cx: &Ctx<'_, 'gc>, o: GcObj<'gc>, name: &str) -> Option<Value> {
    let layout = match &o.borrow().kind {
        k @ (Kind::List(_)
        | Kind::Tuple(_)
        | Kind::Bytes(_)
        | Kind::Slice(_)
        | Kind::Dict(_)
        | Kind::Set(_)
        | Kind::FrozenSet(_)
        | Kind::Iter(_)
        | Kind::View { .. }
        | Kind::WeakrefDescriptor(_)) => Builtin::of_kind(k),
        _ => return None,
    };
    find(layout, name)?;
    let t = cx.type_of_obj(o);
    let type_data = t.borrow();
    let mro = match &type_data.kind {
        Kind::Class(c) => &c.mro[..],
        _ => &[],
    };
    for k in std::iter::once(t).chain(mro.iter().copied()) {
        let data = k.borrow();
        if data.attr(name).is_some() {
            return None;
        }
        if let Kind::Class(c) = &data.kind
            && let Some(b) = c.builtin
            && let Some(d) = find(b.0, name)
        {
            let m = cx.alloc(
                Kind::BuiltinMethod {
                    receiver: o,
                    def: d,
                },
                None,
            );
            return Some(cx.value(&Val::Obj(m)));
        }
    }
    None
}

/// How a builtin method is called, which its messages show (CPython 3.11's
/// `Objects/descrobject.c` and `Objects/methodobject.c`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `l.append(…)`: the type's method descriptor, named by the type defining it
    /// (`list.append()`).
    Descriptor,
    /// A call of the bound method object (`m = l.append; m(…)`), named by its
    /// `__qualname__`, the receiver's type's (`MyList.append()`); a `METH_VARARGS`
    /// method refuses keywords naming itself only (`union()`).
    Bound,
}

/// Calls builtin method `def` on `me` with `args` and `kwargs` (called as `style`
/// says): CPython's argument checks for the method's calling convention, then the
/// method.
pub(crate) fn call(
    h: &Heap,
    def: &Def,
    me: &Value,
    args: &[Value],
    kwargs: &Kwargs,
    style: Style,
) -> Result<Value> {
    let qualname = || match style {
        Style::Descriptor => format!("{}.{}", def.owner.names().1, def.name),
        Style::Bound => {
            let owner = h
                .with(|cx| -> Result<String> {
                    let o = cx.obj(me)?;
                    Ok(match &cx.type_of_obj(o).borrow().kind {
                        Kind::Class(c) => c.qualname.to_string(),
                        _ => def.owner.names().1.to_string(),
                    })
                })
                .unwrap_or_else(|_| def.owner.names().1.to_string());
            format!("{owner}.{}", def.name)
        }
    };
    let n = args.len();
    let plural = |k: usize| if k == 1 { "" } else { "s" };
    let refused = match def.sig {
        Sig::Keywords => None,
        // CPython's `wrapperdescr_raw_call` checks: `wrap_next` takes no argument.
        Sig::Wrapper(_) | Sig::WrapperRange(..) if !kwargs.is_empty() => {
            Some(format!("wrapper {}() takes no keyword arguments", def.name))
        }
        Sig::Wrapper(k) if n != k => Some(format!("expected {k} argument{}, got {n}", plural(k))),
        Sig::WrapperRange(min, max) if n < min || n > max => {
            let (bound, k) = match () {
                () if min == max => ("", min),
                () if n < min => ("at least ", min),
                () => ("at most ", max),
            };
            Some(format!(
                " expected {bound}{k} argument{}, got {n}",
                plural(k)
            ))
        }
        Sig::Var if !kwargs.is_empty() && style == Style::Bound => {
            Some(format!("{}() takes no keyword arguments", def.name))
        }
        _ if !kwargs.is_empty() => Some(format!("{}() takes no keyword arguments", qualname())),
        Sig::NoArgs if n != 0 => Some(format!("{}() takes no arguments ({n} given)", qualname())),
        Sig::One if n != 1 => Some(format!(
            "{}() takes exactly one argument ({n} given)",
            qualname()
        )),
        Sig::Pos(min, max) if n < min => Some(format!(
            "{} expected {}{min} argument{}, got {n}",
            def.name,
            if min == max { "" } else { "at least " },
            plural(min)
        )),
        Sig::Pos(min, max) if n > max => Some(format!(
            "{} expected {}{max} argument{}, got {n}",
            def.name,
            if min == max { "" } else { "at most " },
            plural(max)
        )),
        _ => None,
    };
    if let Some(msg) = refused {
        return Err(Error::TypeError(msg));
    }
    (def.run)(h, me, args, kwargs)
}

impl Heap {
    /// The items of a list or tuple (its own, whatever its class defines).
    pub(crate) fn seq_items(&self, me: &Value) -> Result<Vec<Value>> {
        self.with(|cx| {
            Ok(match &cx.obj(me)?.borrow().kind {
                Kind::List(items) | Kind::Tuple(items) => cx.values(items),
                _ => Vec::new(),
            })
        })
    }

    pub(crate) fn seq_items_len(&self, me: &Value) -> Result<usize> {
        self.with(|cx| {
            Ok(match &cx.obj(me)?.borrow().kind {
                Kind::List(items) | Kind::Tuple(items) => items.len(),
                _ => 0,
            })
        })
    }

    /// Item `i` of a list or tuple if it has one now (a comparison may change a list).
    pub(crate) fn seq_item(&self, me: &Value, i: usize) -> Result<Option<Value>> {
        self.with(|cx| {
            Ok(match &cx.obj(me)?.borrow().kind {
                Kind::List(items) | Kind::Tuple(items) => items.get(i).map(|v| cx.value(v)),
                _ => None,
            })
        })
    }

    /// Whether `item` equals `value` as CPython's `PyObject_RichCompareBool(item,
    /// value, Py_EQ)` says: the same object is, else `item == value`.
    fn item_eq(&self, item: &Value, value: &Value) -> Result<bool> {
        Ok(item.is(value) || self.eq(item, value)?)
    }

    /// The first position from `start` (before `stop`) of an item of list or tuple
    /// `me` equal to `value`, as `list.index`, `list.remove` and `in` look.
    pub(crate) fn seq_find(
        &self,
        me: &Value,
        value: &Value,
        start: i64,
        stop: i64,
    ) -> Result<Option<usize>> {
        let mut i = start.max(0) as usize;
        while (i as i64) < stop {
            let Some(item) = self.seq_item(me, i)? else {
                return Ok(None);
            };
            if self.item_eq(&item, value)? {
                return Ok(Some(i));
            }
            i += 1;
        }
        Ok(None)
    }

    /// How many items of list or tuple `me` equal `value`.
    fn seq_count(&self, me: &Value, value: &Value) -> Result<Value> {
        let mut count = 0usize;
        let mut i = 0;
        while let Some(item) = self.seq_item(me, i)? {
            if self.item_eq(&item, value)? {
                count += 1;
            }
            i += 1;
        }
        Value::try_from(count)
    }

    /// `l.sort(key=key, reverse=reverse)` of list `me`, as CPython's: the list is
    /// empty while it sorts (what user code sees of it), the keys are computed first
    /// (an error there leaves the list as it was), the items are sorted by `<` of
    /// their keys by CPython 3.11's timsort (`list_sort.rs`: the same comparisons in
    /// the same order), stably (`reverse` keeps equal items in their order, as CPython's
    /// reversing before and after), and put back whatever happened; if user code
    /// changed the list meanwhile, what it put there is dropped and the sort raises
    /// `ValueError: list modified during sort` (unless it failed already).
    pub(crate) fn list_sort(&self, me: &Value, key: Option<&Value>, reverse: bool) -> Result<()> {
        // Take the items out, leaving an empty list that has never held anything (a
        // change shows as a length or a capacity, as CPython's `allocated != -1`).
        // (Its storage's size is kept, and given back with the items, as CPython's
        // sort gives back `allocated`: a sort nested in a key's call then leaves the
        // sign of a change it found, which the outer sort reads.)
        let (mut items, storage): (Vec<Value>, usize) = self.with(|cx| {
            Ok(match &mut cx.obj(me)?.borrow_mut(cx.mc).kind {
                Kind::List(items) => {
                    let taken = std::mem::take(items);
                    (
                        taken.iter().map(|v| cx.value(v)).collect(),
                        taken.capacity(),
                    )
                }
                _ => (Vec::new(), 0),
            })
        })?;
        let result = (|| -> Result<bool> {
            let mut keys = match key {
                Some(f) => {
                    let mut keys = Vec::with_capacity(items.len());
                    for item in &items {
                        keys.push(self.call(f, std::slice::from_ref(item))?);
                    }
                    keys
                }
                None => items.clone(),
            };
            if reverse {
                keys.reverse();
                items.reverse();
            }
            let sorted = crate::list_sort::sort_by_lt(self, &mut keys, &mut items);
            if reverse {
                items.reverse();
            }
            sorted.map(|()| true)
        })();
        // Put the items back; note whether the list was changed meanwhile.
        let modified = self.with(|cx| {
            let mut vals: Vec<Val<'_>> = Vec::with_capacity(storage.max(items.len()));
            for v in &items {
                vals.push(cx.val(v)?);
            }
            Ok(match &mut cx.obj(me)?.borrow_mut(cx.mc).kind {
                Kind::List(now) => {
                    let modified = !now.is_empty() || now.capacity() != 0;
                    *now = vals;
                    modified
                }
                _ => false,
            })
        })?;
        match result {
            Err(e) => Err(e),
            Ok(_) if modified => Err(Error::ValueError("list modified during sort".into())),
            Ok(_) => Ok(()),
        }
    }
}

/// The attributes of bound builtin method `def` on `receiver` that CPython's
/// `builtin_function_or_method` has, besides `__class__`.
pub(crate) fn attr<'gc>(
    cx: &Ctx<'_, 'gc>,
    receiver: GcObj<'gc>,
    def: &Def,
    name: &str,
) -> Option<Value> {
    Some(match name {
        "__self__" => cx.value(&Val::Obj(receiver)),
        "__name__" => Value::from(def.name),
        // The receiver's type's `__qualname__` (CPython's `meth_get__qualname__`).
        "__qualname__" => {
            let t = cx.type_of_obj(receiver);
            let q = match &t.borrow().kind {
                Kind::Class(c) => c.qualname.to_string(),
                _ => def.owner.names().1.to_string(),
            };
            Value::from(format!("{q}.{}", def.name).as_str())
        }
        "__module__" | "__doc__" => Value::None,
        "__text_signature__" => text_signature(def).map_or(Value::None, Value::from),
        _ => return None,
    })
}

/// CPython 3.11's `__text_signature__` of a builtin method: Argument Clinic's, for
/// the methods it generates and the slot wrappers; `None` for the rest (`dict.keys`,
/// every `set` method, `bytes.find`…).
fn text_signature(def: &Def) -> Option<&'static str> {
    const SELF: &str = "($self, /)";
    const VALUE: &str = "($self, value, /)";
    const INDEX: &str = "($self, value, start=0, stop=sys.maxsize, /)";
    Some(match (def.owner, def.name) {
        (_, "__iter__" | "__next__") => SELF,
        (L | D, "__reversed__") => SELF,
        (L, "clear" | "copy" | "reverse") => SELF,
        (L, "append") => "($self, object, /)",
        (L, "extend") => "($self, iterable, /)",
        (L, "insert") => "($self, index, object, /)",
        (L, "pop") => "($self, index=-1, /)",
        (L, "sort") => "($self, /, *, key=None, reverse=False)",
        (L | T, "count") | (L, "remove") => VALUE,
        (L | T, "index") => INDEX,
        (D, "get" | "setdefault") => "($self, key, default=None, /)",
        (D, "pop") => "($self, key, default=<unrepresentable>, /)",
        (D, "popitem") => SELF,
        (Builtin::Bytes, "__bytes__") => SELF,
        (Builtin::Bytes, "decode") => "($self, /, encoding='utf-8', errors='strict')",
        (Builtin::GetSetDescriptor, "__get__") => "($self, instance, owner=None, /)",
        (Builtin::GetSetDescriptor, "__set__") => "($self, instance, value, /)",
        (Builtin::GetSetDescriptor, "__delete__") => "($self, instance, /)",
        _ => return None,
    })
}

/// Whether `name` is one of the attributes [`attr`] answers, which cannot be set or
/// deleted (CPython: "attribute '__name__' of 'builtin_function_or_method' objects is
/// not writable").
pub(crate) fn is_readonly_attr(name: &str) -> bool {
    matches!(
        name,
        "__self__" | "__name__" | "__qualname__" | "__doc__" | "__text_signature__"
    )
}
