//! Where lethe differs from CPython 3.11, what of Python it leaves out, and the known
//! costs and limits of its design.
//!
//! lethe reproduces the behaviour of CPython 3.11's `weakref` module, with collection
//! only when the application asks for it, and of as much of Python's object model as
//! that needs. This page lists, for the application and for lethe's developers, where
//! it answers otherwise than CPython. Each difference the differential tests meet is
//! named in them (`runtime-tests/cpython_differential.rs`: `ERRORS_KNOWN`, and the
//! `NORMALIZE` marks of the runners in `runtime-tests/cpython/`). "The spec" is the
//! specification of weakref semantics lethe was built to, whose items and steps some
//! entries cite; its order of one collection is the crate docs' ("The order of one
//! collection").
//!
//! The names in backquotes are lethe's items, public ones and the crate's own (in
//! `src/`, where each file's opening comment states the invariant it keeps), and
//! CPython's functions. This module holds no items: it is documentation only.
//!
//! ## The object model and the builtin types
//!
//! What lethe models of Python beyond the weak references, and where it answers
//! otherwise than CPython 3.11.
//!
//! - The protocols are those the weakref semantics need: attributes, calls, `str` and
//!   `repr`, comparisons, hashing, truth, `len`, items, containment (`protocols/`,
//!   `ordering.rs`), iteration (`iteration.rs`, below), `int(x)` and `float(x)` by
//!   `__int__`, `__float__`, `__index__` and `__trunc__` in CPython 3.11's order
//!   (`Heap::number_method`: a builtin number's own conversion before `__index__`;
//!   no `DeprecationWarning`s, lethe has no warnings), `__index__` (`Heap::as_index`,
//!   which indexes, counts and `__len__` results go through), and the operators:
//!   binary, in place and unary (`arithmetic.rs`, below), which a proxy forwards to its
//!   referent as CPython's does, and `bytes(proxy)`, which calls the referent's
//!   `__bytes__` (`proxy_bytes`).
//! - `bytes` (`bytes.rs`, `Kind::Bytes`: an `Rc<[u8]>` inline, so `Kind` stays 64
//!   bytes) is CPython 3.11's immutable `bytes` (not `bytearray`): the constructor
//!   with its binding and messages, repr, `len`, truth, `==`/ordering, hash (CPython's with
//!   `PYTHONHASHSEED=0`, SipHash-1-3 keyed with zeros: below), `in`,
//!   indexing, `bytes_iterator`, `reversed`, `+`, `*`, and `count`, `find`, `rfind`,
//!   `index`, `rindex`, `startswith`, `endswith`, `decode`, `__bytes__` (checked
//!   against CPython in `cpython_differential`'s `errors` and `bytes_random`).
//!   But: `bytes` cannot be subclassed (`TypeError: type 'bytes' is not an
//!   acceptable base type`); there is no `bytearray`, `memoryview` or buffer
//!   protocol; `bytes % x` raises `TypeError` (no printf-style formatting); the
//!   other methods (`hex`, `fromhex`, `split`, `join`, `upper`, `replace`…) and
//!   `str.encode` are missing; the codecs are UTF-8, ASCII and Latin-1 (by their
//!   common names) with the `strict`, `ignore` and `replace` error handlers, any other
//!   encoding a `LookupError` and any other handler a `LookupError` when an error
//!   needs it, and `UnicodeDecodeError`/`UnicodeEncodeError`/`LookupError` are
//!   `Error::Custom` errors (the class name and CPython's message, not exception
//!   objects with `start`/`end`); `int(b)` reads bytes as CPython does, `float(b)`
//!   does not (`TypeError`); and a proxy's `__bytes__` is an attribute only through
//!   its referent (there is no `dir()`).
//! - `slice` (`slice.rs`, `Kind::Slice`: its three values boxed, so `Kind` stays 64
//!   bytes) is CPython 3.11's: the constructor (`slice(stop)`, `slice(start, stop[,
//!   step])`, no keywords) with its messages, the read-only `start`, `stop`, `step`,
//!   `indices(len)`, the repr, `==` and ordering as the tuple `(start, stop, step)` (a
//!   slice equal to itself without being asked), unhashable (as in 3.11), not weakly
//!   referenceable nor subclassable. `Heap::getitem` of a list, tuple, str or bytes (or
//!   an instance of a subclass of list, tuple or str) with a slice gives a new one of
//!   the builtin type (`PySlice_Unpack` and `PySlice_AdjustIndices`: `None`, ints and
//!   `__index__` bounds, a proxy's too, negative ones from the end, clamped; an exact
//!   tuple's, str's or bytes' whole slice is itself, and so is any slice of an exact
//!   empty tuple or bytes); `Heap::setitem` and
//!   `Heap::delitem` of a list with a slice assign any iterable (`TypeError: can only
//!   assign an iterable`) or, for an extended slice, exactly as many items
//!   (`ValueError: attempt to assign sequence of size X to extended slice of size
//!   Y`) and delete, the bounds adjusted to the list's length before the items are
//!   read and a step-1 range clamped again to its length after (`list_ass_slice`), a
//!   list assigned to a slice of itself copied, not iterated (its class's `__iter__`
//!   not called); a user class's `__getitem__`/`__setitem__`/`__delitem__`
//!   receives the slice, and a proxy forwards it to its referent (checked against
//!   CPython in `cpython_differential`'s `errors` and `slicing_random`, random
//!   sequences whose bounds' `__index__`, items' iterators and finalizers collect or
//!   change the list mid-operation, and against a model of Python's rules in
//!   `runtime-tests/slicing.rs`). But: ints are 64-bit, so a bound past
//!   `±2**63` cannot be made (CPython clamps such bounds to `sys.maxsize` when
//!   slicing, and `indices` computes with them unbounded); when reading the items
//!   assigned to an extended slice shrinks the list, the positions past its new end
//!   are not written (CPython writes past the end of its array there); there is no
//!   empty tuple or empty bytes singleton, so an empty slice of a non-empty tuple or
//!   bytes is a new empty one (CPython's `()` and `b''`: `(1, 2)[5:] is ()`), no
//!   unbound `slice.indices` (the types' namespaces are empty, below), no
//!   `slice.__reduce__` (no pickling), no `range`, `bytearray` or `memoryview` to
//!   slice, and a NaN bound equals itself (floats are values, below).
//! - Iteration (`iteration.rs`) is CPython's protocol: `Heap::iterator` (`iter`),
//!   `Heap::next`, `Heap::reversed`, with the builtin iterators of CPython 3.11
//!   (`list_iterator`, `str_ascii_iterator`, `dict_keyiterator`, `iterator`, `reversed`…:
//!   their types, reprs, live reads, "changed size during iteration" errors, and
//!   `__next__`/`__iter__` as `method-wrapper` attributes, `__length_hint__` as a
//!   method) and a proxy forwarding
//!   `iter`, `next`, `reversed` and `operator.index` as `weakrefobject.c` does; every
//!   other iteration of lethe (`Heap::iter`, the constructors, `extend`, `+=`, `in`
//!   without `__contains__`, the set and dict methods, the weak containers') goes
//!   through it. But: there are no generators, so an iterator over a weak container is
//!   a `list_iterator` over the weak references its entries held when it was made,
//!   giving at each step the next member (a `WeakValueDictionary`'s key) still alive,
//!   so that it keeps no member alive (CPython's is a generator over the container
//!   itself, which raises `RuntimeError` if entries are added or removed meanwhile;
//!   lethe's does not see them, and has a `__length_hint__`, the references left); the
//!   builtin iterators have no `__reduce__` (their `__length_hint__` is CPython's), `reversed` cannot be subclassed, and `list.__reversed__` and
//!   `list_iterator.__next__` are not attributes of the types (only of their
//!   instances); the dict views (`dict_view.rs`: `dict_keys`, `dict_values`,
//!   `dict_items`, live, holding their dict; `len`, iteration and `reversed` with
//!   their own iterator types, `in`, repr with CPython's `...` guard, truth, set-like
//!   `==` and `<`/`<=`/`>`/`>=` for keys and items, identity for values, `&`, `|`, `-`,
//!   `^` giving a `set`, `isdisjoint`, `__reversed__`) have no `mapping` attribute,
//!   no `__len__`/`__iter__`/`__contains__`… attributes; a builtin container without a user
//!   `__iter__` (a list, a dict, a set, or an instance of a subclass) is read whole
//!   before an operation uses its items (as CPython's C code reads it, except where
//!   user code run by the operation, an `__eq__` or a `__hash__`, changes it midway;
//!   a dict merged into another, a set or dict operand of the set operations and
//!   what a dict view's `&`, `isdisjoint` and comparisons iterate are read one entry
//!   at a time, as CPython's, and so are two lists compared (by `==` or
//!   an ordering), the left operand of a dict's or set's `==` and the right one of
//!   `items() ^ items()`: an item an `__eq__` removed meanwhile is not compared); `Heap::next` reports a user `StopIteration` as the end (`None`),
//!   its message dropped; and `Heap::as_index` returns an `i64` (`operator.index(True)`
//!   is `True` in CPython, 1 here). `object`'s own methods are not attributes (`o.__init__`,
//!   `object.__init__`, `o.__eq__`, `o.__dict__` are missing, so `hasattr(o, "__eq__")`
//!   is false; nor are the builtin types' protocol methods (`dict.__repr__`; their named
//!   methods, `l.append`, are: `builtin_methods.rs`, below), though a builtin base's
//!   protocol methods take their place in an MRO's lookup, `protocols::mro_attr`; and a
//!   subclass can call a base's `__init__` only if a class defines one); there are no metaclasses (`type` cannot be subclassed), and of the builtin
//!   types only `object`, `int`, `float`, `str`, `tuple`, `list`, `dict`, `set` and
//!   `frozenset` can be (CPython also lets a program subclass `ref`, `WeakMethod`,
//!   `finalize` and the weak containers: here that is a `TypeError`). A user comparison
//!   method may return `NotImplemented` (`Heap::not_implemented`), read as CPython's
//!   `do_richcompare` reads it: the other operand's reflected method next (asked first
//!   when the right operand's type is a proper subclass of the left's and has one,
//!   its own or its builtin base's), a builtin operand's comparison in its turn
//!   (answering an operand it takes: `int`'s takes ints, `float`'s ints and floats), a
//!   right-hand proxy's referent, then identity for `==` and `!=` and the `TypeError`
//!   for an ordering (checked against CPython by `cpython_differential`'s
//!   `compare_random`); `!=` is a class's `__ne__`, else a builtin base's (`int.__ne__`
//!   for a subclass of int), else the negation of `__eq__`. What the method
//!   returned is the expression's value (`Heap::rich_eq`, `rich_ne`, `rich_compare`:
//!   `protocols::equality::Answer`, through weak references, proxies and the first unequal items
//!   of lists and tuples), truth-tested by `eq`, `ne` and `compare`. A `NotImplemented`
//!   returned by a method lethe calls outside a comparison or an operator (`__bool__`,
//!   `__len__`, `__hash__`…) is an ordinary value, as it is to CPython there. An instance keeps
//!   the class it was made with: assigning `__class__` raises `TypeError` (its type
//!   count, shapes and `__del__` noting are per class).
//! - The operators (`Heap::binary_op`, `Heap::inplace_op`, `Heap::unary_op`,
//!   `arithmetic.rs`) ask the operands as CPython 3.11's `binary_op1` and `binary_iop1`
//!   do (the left operand's method, the right's reflected one, that first when its type
//!   is a proper subclass of the left's that overrides it; `__iop__` first in place;
//!   `NotImplemented` passes on; then the sequences' concatenation and repetition), and
//!   the builtin types compute as CPython's (checked against CPython in
//!   `cpython_differential`'s `errors`: every operator over every pairing of builtin
//!   operands), but: ints are 64-bit, so a result past them, or a conversion
//!   (`int(1e300)`, `int('9' * 30)`), raises `OverflowError` (`int too large for
//!   lethe's 64-bit int`) where CPython's int grows; there are no
//!   complex numbers, so a negative number to a fractional power raises `ValueError`
//!   where CPython returns a complex; `str % x` (printf-style formatting) is left out
//!   and raises `TypeError`; there is no `divmod()` or three-argument `pow()`; a
//!   repetition of more than `2**32` items raises `MemoryError` at once
//!   (CPython tries to allocate it); whether a subclass "overrides" the reflected method
//!   compares the methods its user classes define (a method of a builtin base counts as
//!   none); and a subclass of `str`, `list` or `tuple` defining `__add__` or `__mul__`
//!   loses the builtin concatenation or repetition behind it, as in CPython, but one
//!   defining only `__radd__`/`__rmul__` keeps it (and its in-place forms, which only
//!   `__iadd__`/`__imul__` replace); a class deriving from a builtin sequence
//!   and, after it, from a user class defining `__add__` or `__mul__`/`__rmul__`
//!   (`class B(list, A)`) has the builtin's methods here, where CPython's slots keep
//!   the user class's (`resolve_slotdups`), so that there the list's repetition
//!   reads the other operand as an index before that operand's own method is
//!   asked; and a tuple's concatenation with an empty tuple, its repetition by 1
//!   and an empty tuple's repetition give a new tuple (`t + ()`, `t * 1`), where
//!   CPython gives the operand itself back (found by review helper-95's random
//!   operator tests, which agreed with CPython otherwise once the bugs they found
//!   were fixed). The weak containers' operators are
//!   their Python-level methods (`__or__`, `__ior__`…), as in `weakref.py`. (The
//!   differences are in `cpython_differential`'s `ERRORS_KNOWN`.)
//! - A dict's keys of one hash are asked along their probe sequence as CPython's dict
//!   asks them (a key the sequence comes back to, asked again), in a table sized,
//!   resized and copied as CPython 3.11's (`dict.rs`), as a set's is. A lookup
//!   whose key's `__eq__` changes the table goes on probing from where it was if the
//!   table was not laid out again (`Table::layout`: resized, cleared) and
//!   the slot still holds the key compared, else starts over, as CPython's does; it
//!   gives up with `RuntimeError` after starting over 800 times (CPython's would go on for ever);
//!   and a set's `add` (and what adds as it does: `update`, `|`, the constructors…)
//!   ends at an equal answer whatever that `__eq__` changed, adding nothing, and puts
//!   a missing key where its probe found room (the last dummy passed, as the table was
//!   when it passed it), as CPython's `set_add_entry` does; should the `__eq__` have
//!   filled that slot, lethe looks again (CPython's writes over the member there and
//!   miscounts the set). Where the layout's identity is memory in CPython, a lookup
//!   can start over here where CPython's goes on: a table cleared and grown again, or
//!   a dict's freed table, can come back at the same address there (review
//!   helper-88). And ints, floats and strs are values, so a slot whose key was taken
//!   out and an equal one put back still holds "its key" here, and the lookup goes on
//!   (CPython's starts over unless it is the same object, as small ints are). The
//!   weak containers' lookups start over at any change (a `WeakSet`'s meets its
//!   colliding members in its set table's probe order, as CPython's does, but the
//!   entries live in a table of their own).
//! - A dict merged into another (`dict(d)`, `copy`, `update`, `|`, `|=`: `dict_merge`
//!   in `methods.rs`) reads its source as CPython 3.11's `dict_merge` does: cloned into
//!   an empty target when CPython's would be, else entry by entry under the stored
//!   hashes, raising `RuntimeError: dict mutated during update` when a store's user
//!   code changes the source's positions (an insertion, `popitem`, `clear`, a resize).
//!   (The set operations, `set_ops.rs`, read a set or dict operand entry by entry as
//!   CPython's `set_next` does and raise nothing: a resize midway may make them skip
//!   or see again a member, as in CPython.) A store that finds the key changed by
//!   its own lookup's `__eq__` looks again (CPython's stores without looking again,
//!   and may keep the key twice); and a key that is not a str, stored into a table
//!   of str keys whose lookup's `__eq__` cleared and refilled the dict, makes the
//!   table general, where CPython 3.11 stores it into the str table, whose iterators
//!   then miss it (CPython's gh-140551; review helper-106).
//! - An instance is noted for `__del__` when it is made, if its class (or a base) then
//!   defines `__del__`: a `__del__` added to a class later runs for the instances made
//!   after it, not for those made before (CPython runs it for both).
//! - Values differ from CPython's in a few of their printed or hashed forms (found by
//!   review helper-26, not yet fixed): a string's repr follows a newer Unicode than
//!   CPython 3.11's 14.0 (`unicode-properties`' 18.0), so it shows as they are the
//!   characters assigned since, which CPython escapes as unassigned: 11,534 below
//!   U+32000 and 16,570 above it (U+32000–U+33479 and U+3D000–U+3FC3F, new CJK
//!   ideographs and a script of plane 3); every other code point is shown or
//!   escaped as CPython does (all 1,112,064 checked by review helper-97); for the
//!   same reason `int()` and `float()` read the decimal digits of the scripts
//!   added since (Kawi's, Nag Mundari's…), which CPython 3.11 refuses; `None` and
//!   objects hash by lethe's own functions (CPython's are address-based; ints, floats,
//!   tuples and frozensets hash to CPython's numbers, and strs and bytes to those of
//!   CPython run with `PYTHONHASHSEED=0`, SipHash-1-3 keyed with zeros, where an
//!   unset `PYTHONHASHSEED` draws a key per process; so a set holding `None` or an
//!   object without its own `__hash__` can iterate in another order than CPython's;
//!   equal values hash alike either way); ints
//!   are 64-bit (`OverflowError` past them); nesting past 800 levels in a repr, `==`
//!   or hash raises `RecursionError` where CPython's limit is 1000 (in a debug build,
//!   whose frames are larger, the stack guard stops a list's repr and `==` at about
//!   250 levels).
//! - The methods of lists, dicts, sets, frozensets and tuples (`builtin_methods.rs`) are
//!   bound `builtin_function_or_method` objects made per access, bound and checked as
//!   CPython 3.11's (`l.append(…)` through `call_method` names `list.append()` in its
//!   messages, a call of the bound object `MyList.append()`, as CPython's method
//!   descriptor and bound method do), but: the types' own namespaces stay empty, so there are no
//!   unbound method descriptors (`list.append`, `getattr(list_type, "append")`
//!   raises `AttributeError`); a bound method's `__doc__` is `None` and its
//!   `__module__` (always `None`) cannot be set; `sort` tells the list was changed while it sorted
//!   by its length or capacity afterwards (CPython by whether it was given storage):
//!   a nested `sort` gives back the list's storage with its items, as CPython's gives
//!   back `allocated`, and an `extend` gives the list room for the iterable's length
//!   hint first, as CPython's `list_extend` does (below), so that an empty iterable
//!   with a hint above 0 is noticed too (both found by review helper-84); and only the methods listed in the crate docs exist (`__getitem__`,
//!   `__len__`, `__iter__`… are not attributes of a list, `__sizeof__`, `fromkeys` and
//!   `__class_getitem__` are not there at all; `__reversed__` of a list and a dict is).
//! - Floats are values, not objects: two NaNs are the same value, so `[nan] == [nan]`
//!   is true, `{nan1, nan2}` has one member and `nan in [nan2]` is true (CPython's
//!   separate NaN objects differ); and a NaN hashes by its bits (CPython 3.10 and
//!   later hash each NaN object by its identity), so a tuple or frozenset holding
//!   one hashes otherwise, and a set holding one can iterate in another order (found
//!   by review helper-97, whose 220,000 random values otherwise hashed and printed as
//!   CPython's).
//! - Where CPython sizes what it builds by an iterable's length hint
//!   (`PyObject_LengthHint`: `list(x)`, `l.extend(x)`, `l += x`, `tuple(x)`,
//!   `bytes(x)`, a slice assignment's `list(iter(x))`, and a set subclass's repr,
//!   which reads `list(s)`), lethe asks it too, after the iterator and before the
//!   items (`Heap::length_hint`, `iteration.rs`): a user class's `__len__` or
//!   `__length_hint__` (a `TypeError` out of either passed over), or a builtin
//!   iterator's (`Heap::iterator_length_hint`: the items left; a sequence iterator
//!   and `reversed` ask their sequence's `__len__`), with CPython's errors, a
//!   negative `__len__`'s `ValueError` included, and `MemoryError` for a hint no
//!   memory holds.
//! - Found by review helper-50 (classes, attributes and calls against CPython), not yet
//!   fixed: builtins have no `__doc__`; a `__name__` or `__qualname__` given as a str
//!   subclass's instance is kept as its text (read back as a `str`, where CPython keeps
//!   the instance).
//! - A class's `__weakref__` is CPython's `getset_descriptor` (`Kind::WeakrefDescriptor`,
//!   one per owning class, made on first read): `__get__`, `__set__` and `__delete__`
//!   with CPython's checks and messages, `__name__`, `__qualname__`, `__objclass__`,
//!   `__doc__`. CPython keeps it in the owning class's namespace; lethe keeps it beside
//!   (`ClassData::weakref_descriptor`), and a lookup of `__weakref__` along an MRO
//!   (`protocols::attributes::find_weakref_along`) meets it at the owner's place, so setting or
//!   deleting `C.__weakref__` removes it as CPython's namespace would. Stored in a
//!   class under another name, it is a data descriptor there too for an instance's
//!   `getattr`, `setattr` and `delattr` (looked for once any descriptor was made:
//!   `protocols::attributes::data_descriptor_owner`), but not when lethe looks up a special
//!   method for an operation (`A.__repr__ = A.__weakref__` makes `repr(a)` call the
//!   descriptor, where CPython calls what its `__get__` gives). It is the only
//!   descriptor object lethe has: there is no general `__get__` protocol (a user
//!   class's `__get__` is an ordinary method, and properties are not modelled).
//! - A class declared with `ClassBuilder::fields` gets the `__init__`, the
//!   `__match_args__` and the `__doc__` `dataclasses.make_dataclass` gives (the
//!   signature with every field annotated `'typing.Any'`; the name alone when the
//!   class declares its own `__init__`, whose signature a native function does not
//!   have, where CPython shows that `__init__`'s), not its `__dataclass_fields__`
//!   (`Field` objects, which lethe does not model); nor `__repr__` and `__eq__`, which
//!   `@dataclass` adds unless told not to. The generated `__init__`'s `__module__` is
//!   the class's; CPython's is the class's module only if that module is imported
//!   (in `sys.modules`), else `None` (the globals its code is made in), and lethe has
//!   no modules (found by the class harness, seed 34,521,435).
//!
//! ## Weak references and the weak containers
//!
//! - A weak container's removal function, called by the program (through a reference's
//!   `__callback__`), binds, hashes and compares its argument as CPython's does, but
//!   refuses `_atomic_removal` (the table is not a dict it could be given) and a
//!   `selfref` giving another container (`TypeError`); it removes at once even while
//!   the container is iterated (CPython's waits for the iteration to end, its iterator
//!   may still yield the entry, and its mutators apply the wait first); and a
//!   `WeakValueDictionary`'s removes the entry of its argument only (CPython's removes
//!   whatever dead entry holds `wr.key`: they differ only for a live `KeyedRef` of
//!   another dictionary passed by hand while an entry under the same key is dead).
//! - `isinstance(proxy, C)` on a dead proxy answers from the proxy's own type (false
//!   for a user class), as the spec's item 18 asks; CPython's asks the proxy's
//!   `__class__`, which raises `ReferenceError` once the referent is gone.
//! - `ws.intersection_update(other)` (and `&=`) on a `WeakSet` keeps the set's own
//!   members; CPython's keeps the equal members of `other` (a `WeakSet` then holds the
//!   other object through a reference without the set's callback, whose dead entry
//!   stays counted in `len()`). A plain set's keeps `other`'s, as CPython's.
//! - The weak containers' Python-level methods call the typed `Heap` methods, which
//!   serve dicts and sets too: `wvd.get.__func__(d, k)` with a plain dict `d` answers
//!   as `d.get(k)` (CPython's `WeakValueDictionary.get(d, k)` fails on the dict's
//!   missing `_pending_removals`; lethe's type has no unbound `get`, above), and
//!   `wvd.get.__func__()` says `descriptor 'get' needs an argument`; `Heap::weak_or`
//!   takes a proxy operand as it is (`TypeError`), where `Heap::binary_op` and the
//!   `__or__` method see its referent. `Heap::values`
//!   returns the values, not a view, and a weak dictionary's `values()`, `keys()` and
//!   `items()` return lists of its live members, made at the call and holding them
//!   until dropped (CPython's are generators, which hold nothing before their first
//!   step: `x[i:j] = wvd.values()` with a bound whose `__index__` collects sees the
//!   members that died there, and lethe's does not). The weak types are builtin types here, so their
//!   attributes cannot be set or deleted (`WeakSet.x = 1`, `del WeakSet.__weakref__`;
//!   CPython's are Python classes), though their instances' can. (All in `cpython_differential`'s
//!   `ERRORS_KNOWN`.)
//! - A `KeyedRef`'s `key` can be read and reassigned, not deleted (`del kr.key` raises
//!   `AttributeError`; CPython's empties the slot).
//! - A missing key's `KeyError` in a `WeakKeyDictionary` or `WeakSet` shows the weak
//!   reference CPython looks the key up by (`KeyError: <weakref at 0x…; to 'C' at
//!   0x…>`): the key's shared reference if it has one, else a reference that is not
//!   made (CPython's would be freed with the error; made here, it would count in
//!   `getweakrefcount` until a collection), shown at the address the next object
//!   takes.
//! - Iterating a weak container with `Heap::weak_iter` (or its siblings) raises
//!   `RuntimeError` at the next step after any explicit insertion or removal (an iterator
//!   from `Heap::iterator` does not see them, above); CPython's set iteration checks only
//!   the size, and its dict iteration tolerates some changes (a removal and an
//!   insertion), so some loops CPython finishes raise here. An entry that died during the
//!   loop (its removal pending) is skipped, and `==`, `issubset`, `keyrefs()` and a
//!   member's `add` treat it as gone, where CPython counts it until the loop ends (the
//!   spec's `len()` fix, item 33); a `WeakSet`'s repr shows its dead reference until
//!   then, as CPython's does. A `WeakSet`'s change (`add`, `discard`, `remove`,
//!   `pop`, `update` and the `_update` methods) while such a removal waits makes its
//!   open iterators raise at their next step, as CPython's `_commit_removals` does by
//!   changing its size (`Heap::weak_set_commit`), though the removal itself still
//!   waits for the loop to end.
//! - A dead proxy's repr is `<weakproxy at 0x…; dead>`, the spec's form; CPython's
//!   names its referent's type as `NoneType`.
//! - A paused iterator holds nothing: CPython's generator frame keeps the object it
//!   yielded last (a `WeakSet` member, a dictionary's value or key) alive until its
//!   next step, so a value yielded and then dropped by the program dies at the next
//!   collection here, not there. `weak_iter_refs` (`itervaluerefs()`, `iterkeyrefs()`)
//!   skips references that died during the loop; CPython's yields them, dead.
//! - A `WeakValueDictionary` changed while an iterator over it is open commits the
//!   removals of entries that died meanwhile only when the last iterator closes; CPython
//!   commits them at the change, so storing a key equal to such a dead entry's during
//!   iteration keeps CPython's size (and its iteration going) where lethe's iteration
//!   raises "dictionary changed size during iteration".
//! - CPython 3.11's `WeakValueDictionary` commits the removals pending during an
//!   iteration at any read (`len()`, `d[k]`, `in`, `get`, `copy`…), which then makes the
//!   open iteration raise; lethe's, as its `WeakSet` and `WeakKeyDictionary`, waits for
//!   the loop to end.
//!
//! ## Collection
//!
//! - A cycle advanced by `step()` decides what is unreachable when its marking ends,
//!   but gc-arena marks incrementally with an incremental-update barrier: an object
//!   marked before the application dropped its last reference, between two marking
//!   steps, is floating garbage kept until the next cycle. So if the application drops
//!   a weak reference W and then its referent X while marking is underway, and W was
//!   marked before and X not, X is freed while W survives the cycle, and W's callback
//!   runs, which no single-point collection would do (the spec's "no callback if the
//!   weak reference died before its referent"). Drops made before a cycle starts, and
//!   `collect()` on a heap with no stepped cycle underway, are exact. Fixing it needs
//!   snapshot-at-the-beginning marking (a barrier on every handle drop and every
//!   overwrite of a reference), which gc-arena does not offer.
//! - What a callback or finalizer lets go of (a finalizer's arguments, once it has run)
//!   is freed by the next collection, unless the callbacks or `__del__`s allocated
//!   (then a follow-up pass of the same collection frees it, on either path): it was
//!   reachable when this collection marked, and the spec's step 8 frees only U.
//!   CPython frees it at once, by reference counting.
//! - Between the steps of a sweep the application sees the state CPython's callbacks
//!   see in the middle of a collection: weak references to the freed read `None`, their
//!   callbacks have not run (`__callback__` is still set), a weak container's `len()`
//!   still counts the entries the callbacks will remove, and a `finalize` whose object
//!   was freed is `alive` with `peek()` and `detach()` returning `None` (its object is
//!   gone) until it runs.
//! - `collect()` and `step()` called during shutdown (by a finalizer it runs) do
//!   nothing, so what dies then gets no callback; CPython's `gc.collect()` still
//!   collects during `finalize._exitfunc` (found by helper-43's differential test, which
//!   agreed with CPython on 49,000 random finalizer sequences otherwise, but for the
//!   documented differences here and the order of callbacks across objects dying
//!   together, which CPython does not define and lethe gives oldest referent first).
//! - A weak reference with a callback, or a `finalize`, made by a `__del__` for an object
//!   still unreachable (its own object, which it does not resurrect, or another dying
//!   one) gets no callback in that collection: the spec's step 7 clears it (made during
//!   step 5, referent in U) without one. Such a `finalize` stays registered (`alive`,
//!   repr dead, `peek()` `None`) and runs at shutdown if `atexit`. CPython runs both
//!   when the object is freed after `__del__` (`runtime-tests/collection_paths.rs`).
//!   A weak container's removal, which runs no user code, does run for such a
//!   reference (the entry a `__del__` made for its own object goes, as in CPython,
//!   instead of staying counted in `len()`; review helper-89).
//!
//! ## Costs and memory
//!
//! Issue 5's speed and memory targets, and the figures measured against them, are in
//! the README's "Benchmarks" and `benches/RUNS.md`.
//!
//! - A step does its budget's work, or three units per object made since the cycle's
//!   previous step if that is more (at most sixteen budgets, of the default or the step's
//!   if larger), so that collection keeps pace with allocation. Every step is bounded
//!   except: a cycle during which the program makes more objects than the heap had when
//!   it began (and more than 65,536) is finished in one step, since the steps are not
//!   keeping up (objects kept through a cycle by `__del__` or a finalizer cost more than
//!   the pacing pays for), so that every cycle ends; a marking the application keeps
//!   undoing between steps (handles made to unmarked objects send their root sets back to
//!   be traced) is finished in one step once it has spent twice as much work as the heap
//!   had objects when the cycle began; the `finalize` registry (one vector) and a single
//!   huge list or dict are each traced in one go; on the full path (a `__del__` due) the
//!   clearing passes walk every weak slot in the step that finishes marking; and the step
//!   that ends a sweep runs all the cycle's callbacks (among them the weak containers'
//!   removals, which rebuild a container's table, its hash index or its positions by
//!   reference in one go once half of it has gone) and prunes, once each, the slots of
//!   the objects that lost weak references in it.
//! - Costs that grow where CPython's do not (found by review helper-30; the quadratic
//!   ones it found are fixed): a string's `len()`, its hash and indexing a non-ASCII
//!   string take time in proportion to its length (strings are UTF-8 with no cached
//!   length or hash; ASCII strings index in constant time); an attribute found on a
//!   base class costs a step per class of the MRO (no per-type method cache: about 40
//!   instructions a level); deleting an attribute copies the object's other names;
//!   a chain of N finalizers each holding the next one's object takes N collections
//!   (see the finalizer-arguments limit above); and an ephemeron `WeakKeyDictionary`
//!   whose entries form a chain (each value the key of another entry) may take time in
//!   proportion to the entries times the chain's length to settle in one collection,
//!   depending on the order they were inserted in.
//! - Every object is as large as a plain instance with three attributes (`Kind` is 64
//!   bytes; a weak reference's and a finalizer's data, 56 bytes, are inline too): a list or a function pays
//!   for room it does not use, and a weak reference with a callback takes 120 bytes
//!   plus its slot entry (136 in all, measured, where neighbouring objects are weakly
//!   referenced) where CPython's takes 88. Per-kind allocations would need a pointer
//!   type per kind. Issue 5's 80 bytes for a three-attribute instance is below what any
//!   object of this design can be: gc-arena's header (16), the `RefLock` flag (8), three
//!   16-byte values (48), the class (8) and the allocation number that orders callbacks
//!   (8) make 88. Every API call is one or more arena passes with handles in and out; each callback
//!   costs an arena pass and a handle.
//! - Some memory stays with a heap for its life: gc-arena marks from a stack of 8-byte
//!   pointers that it never shrinks and lethe cannot reach, which tracing a container of
//!   N items grows to the power of two above N plus what is pending then (a list of
//!   65,536 leaves 512 KiB or 1 MiB, by the order the root sets are traced in, which
//!   follows the objects' addresses); and a root set of handles, made for a 48 KiB
//!   address region when an object there first gets a handle, is kept with its slots
//!   (about 150 bytes for a few handles; at most 1,024 sets for the application's
//!   handles and as many for the collector's).
