//! The object model as it lives inside the gc-arena heap.
//!
//! Invariant: every lethe object is one `Gc<RefLock<ObjectData>>` allocation; every
//! pointer from one object to another is traced: a [`Val::Obj`] or a `GcObj` field
//! (the class, a method's function, a view's dict…: strong) or a `GcWeak` (weak),
//! so that gc-arena's marking sees exactly the object graph a Python program would
//! see. Weak pointers appear in five places only: a weak reference's
//! referent ([`WeakRefData::referent`], and a finalizer's, [`FinalizerData::referent`],
//! while it stands for its weak reference), the table of weak slots (`weak_slots.rs`,
//! which lists each weakly referenced object's weak references), the collector's
//! registries, a class's cached `__init__` ([`ClassLookups`]) and the values of an
//! ephemeron `WeakKeyDictionary` (`weakref/containers.rs`). Nothing here runs user
//! code; the protocols (`protocols/`) do, outside of any borrow of this data.

use std::any::Any;
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicU64, Ordering};

use gc_arena::lock::RefLock;
use gc_arena::{Collect, Gc, GcWeak, Static};

use crate::dict::Table;
use crate::native::NativeFn;
use crate::shape::Attrs;
use crate::types::{Builtin, TypeCounter};

/// A strong pointer to an object in the arena.
pub(crate) type GcObj<'gc> = Gc<'gc, RefLock<ObjectData<'gc>>>;
/// A weak pointer to an object in the arena.
pub(crate) type WeakObj<'gc> = GcWeak<'gc, RefLock<ObjectData<'gc>>>;

/// A value inside the arena: immediate values, strings, or a pointer to an object.
#[derive(Collect, Clone, Default)]
#[collect(no_drop)]
pub(crate) enum Val<'gc> {
    #[default]
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(#[collect(require_static)] crate::Str),
    Obj(GcObj<'gc>),
}

impl<'gc> Val<'gc> {
    pub(crate) fn as_obj(&self) -> Option<GcObj<'gc>> {
        match self {
            Val::Obj(o) => Some(*o),
            _ => None,
        }
    }
}

/// `__del__` has run for this object (it never runs twice, even after resurrection).
const FLAG_FINALIZED: u8 = 1;
/// The object has (had) a weak slot: its death is reported (`weak_slots.rs`).
const FLAG_SLOT: u8 = 2;

/// One object: its identity, its type, its contents and its weak references.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct ObjectData<'gc> {
    /// The user class of an instance (also of an instance of a subclass of a builtin
    /// type); `None` for builtin objects, whose type follows from `kind`.
    pub class: Option<GcObj<'gc>>,
    /// What it is; a plain instance's attributes are inline here.
    pub kind: Kind<'gc>,
    /// Its payload and (unless it is a plain instance) attributes, which most objects do
    /// not have.
    pub extras: Option<Box<Extras<'gc>>>,
    /// Its allocation number and flags; counts it in its type's live count until it
    /// is dropped. Last, so dropped last: a weak reference's data (in `kind`) hands
    /// its referent's number to it (weak_slots.rs).
    pub ticket: Static<Ticket>,
}

/// The rarely used parts of an object, boxed so that an object without them pays for
/// one pointer.
#[derive(Collect, Default)]
#[collect(no_drop)]
pub(crate) struct Extras<'gc> {
    /// A Rust value the application attached.
    pub payload: Option<Box<Payload>>,
    /// The attributes of an object that is not a plain instance (a class's namespace,
    /// a function's attributes, those of an instance of a subclass of a builtin type),
    /// in insertion order.
    pub attrs: Attrs<'gc>,
}

/// A Rust value attached to an object (dropped through the graveyard).
pub(crate) type Payload = Static<crate::deferred::Deferred<Rc<dyn Any>>>;

impl<'gc> ObjectData<'gc> {
    /// Whether it has been weakly referenced: it has had a weak slot (`weak_slots.rs`),
    /// under its allocation number, and its death is reported to the collector.
    pub(crate) fn has_had_slot(&self) -> bool {
        self.ticket.0.meta.flags() & FLAG_SLOT != 0
    }

    /// Notes that it has a weak slot (`weak_slots.rs`).
    pub(crate) fn set_has_slot(&self) {
        self.ticket.0.meta.set_flags(FLAG_SLOT);
    }

    /// The extras, made on first use.
    pub(crate) fn extras_mut(&mut self) -> &mut Extras<'gc> {
        self.extras.get_or_insert_with(Default::default)
    }

    /// Its attributes, in insertion order: inline for a plain instance, else in its
    /// extras, if it has any.
    pub(crate) fn attrs(&self) -> Option<&Attrs<'gc>> {
        match &self.kind {
            Kind::Plain(a) => Some(a),
            _ => self.extras.as_deref().map(|e| &e.attrs),
        }
    }

    pub(crate) fn attr(&self, name: &str) -> Option<&Val<'gc>> {
        self.attrs()?.get(name)
    }

    /// Sets attribute `name`, along the shapes of the object's type.
    pub(crate) fn set_attr(&mut self, name: &str, value: Val<'gc>) {
        self.note_class_change();
        let counter = &self.ticket.0.counter;
        // Instances of a user class usually get the same attributes; other objects
        // (functions, classes) share one counter per kind: no guess.
        let hint = if self.class.is_some() {
            counter.attr_hint()
        } else {
            1
        };
        let attrs = match &mut self.kind {
            Kind::Plain(a) => a,
            _ => &mut self.extras.get_or_insert_with(Default::default).attrs,
        };
        attrs.set(&counter.shape, name, value, hint);
        counter.note_width(attrs.len());
    }

    pub(crate) fn del_attr(&mut self, name: &str) -> bool {
        self.note_class_change();
        match &mut self.kind {
            Kind::Plain(a) => a.remove(name),
            _ => self
                .extras
                .as_deref_mut()
                .is_some_and(|e| e.attrs.remove(name)),
        }
    }

    /// A class's namespace is about to change: every class's cached lookups are stale.
    fn note_class_change(&self) {
        if matches!(self.kind, Kind::Class(_)) {
            CLASS_EPOCH.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Allocation number: the order of allocation and the basis of the printed address.
    pub(crate) fn id(&self) -> u64 {
        self.ticket.0.meta.id()
    }

    pub(crate) fn is_finalized(&self) -> bool {
        self.ticket.0.meta.flags() & FLAG_FINALIZED != 0
    }

    pub(crate) fn set_finalized(&self) {
        self.ticket.0.meta.set_flags(FLAG_FINALIZED);
    }
}

/// An allocation number (below 2^56) and 8 bits of flags, in one word.
pub(crate) struct Numbered(Cell<u64>);

impl Numbered {
    pub(crate) fn new(id: u64, flags: u8) -> Numbered {
        Numbered(Cell::new(id << 8 | u64::from(flags)))
    }

    pub(crate) fn id(&self) -> u64 {
        self.0.get() >> 8
    }

    pub(crate) fn flags(&self) -> u8 {
        self.0.get() as u8
    }

    /// Sets the flags in `flags` (the others stay).
    pub(crate) fn set_flags(&self, flags: u8) {
        self.0.set(self.0.get() | u64::from(flags));
    }

    /// Clears the flags in `flags` (the others stay).
    pub(crate) fn clear_flags(&self, flags: u8) {
        self.0.set(self.0.get() & !u64::from(flags));
    }
}

/// Counts one live object of a type; dropping it (when gc-arena drops the object)
/// decrements the live count and increments the dropped count.
pub(crate) struct Ticket {
    pub counter: Rc<TypeCounter>,
    /// The allocation number and the object's flags.
    meta: Numbered,
}

impl Ticket {
    /// Counts a new object of `counter`'s type.
    pub(crate) fn new(counter: Rc<TypeCounter>, id: u64) -> Ticket {
        counter.live.set(counter.live.get() + 1);
        Ticket {
            counter,
            meta: Numbered::new(id, 0),
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        let c = &self.counter;
        c.live.set(c.live.get() - 1);
        c.dropped.set(c.dropped.get() + 1);
        let id = self.meta.id();
        if self.meta.flags() & FLAG_SLOT != 0 {
            crate::weak_slots::report(&c.deaths, crate::weak_slots::Death { id, of_ref: false });
        }
        // A weak reference's object: its data, dropped just before, left its
        // referent's number (weak_slots.rs).
        if let Some(referent) = crate::weak_slots::take_dropped_ref() {
            let death = crate::weak_slots::Death {
                id: referent,
                of_ref: true,
            };
            crate::weak_slots::report(&c.deaths, death);
        }
        tracing::debug!(target: "lethe", id = %crate::heap::LogAddress(id), type_name = &*c.name, "object freed");
    }
}

/// What an object is.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) enum Kind<'gc> {
    /// A plain `object()` or an instance of a user class with no builtin base, with its
    /// attributes (inline, so that such an instance is one allocation).
    Plain(Attrs<'gc>),
    /// The value of an instance of a user subclass of `int`.
    Int(i64),
    /// The value of an instance of a user subclass of `float`.
    Float(f64),
    /// The value of an instance of a user subclass of `str`.
    Str(#[collect(require_static)] crate::Str),
    Tuple(Vec<Val<'gc>>),
    /// An immutable `bytes` (`bytes.rs`): its bytes, shared (16 bytes inline).
    Bytes(#[collect(require_static)] Rc<[u8]>),
    List(Vec<Val<'gc>>),
    /// A `slice` (`slice.rs`): its start, stop and step, boxed (slices are few, and
    /// three values inline would make every object larger).
    Slice(Box<crate::slice::SliceData<'gc>>),
    // Tables are boxed so that every object is not as large as a table (`Kind` is
    // inline in every object).
    Dict(Box<Table<'gc>>),
    Set(Box<Table<'gc>>),
    FrozenSet(Box<Table<'gc>>),
    Class(Box<ClassData<'gc>>),
    Function(Box<FunctionData<'gc>>),
    /// A bound method. `func` is a function object (a pointer, not a `Val`, so that
    /// this variant is no larger than a list's).
    Method {
        func: GcObj<'gc>,
        receiver: Val<'gc>,
    },
    /// A method of a builtin type bound to its object (`builtin_function_or_method`,
    /// `builtin_methods.rs`): the receiver, a list, dict, set, frozenset or tuple (or
    /// an instance of a subclass), and which method.
    BuiltinMethod {
        receiver: GcObj<'gc>,
        #[collect(require_static)]
        def: &'static crate::builtin_methods::Def,
    },
    /// A weak reference, inline (it is no larger than a plain instance's attributes).
    WeakRef(WeakRefData<'gc>),
    /// A finalizer, inline (no larger than a weak reference's data).
    Finalizer(FinalizerData<'gc>),
    WeakContainer(Box<crate::weakref::containers::ContainerData<'gc>>),
    /// The `NotImplemented` singleton (one per heap, rooted by the heap).
    NotImplemented,
    /// A class's `__weakref__` descriptor (CPython's `getset_descriptor`), of the
    /// class that owns it: made once per class, on first read.
    WeakrefDescriptor(GcObj<'gc>),
    /// A builtin iterator (`list_iterator`, `reversed`…: `iteration.rs`), boxed, as
    /// few objects are iterators.
    Iter(Box<crate::iteration::IterData<'gc>>),
    /// A dict view (`dict_keys`, `dict_values`, `dict_items`: `dict_view.rs`): the
    /// dict it shows, held strongly, read live at each use.
    View {
        dict: GcObj<'gc>,
        #[collect(require_static)]
        view: crate::dict_view::View,
    },
}

impl<'gc> Kind<'gc> {
    /// For a proxy: `Some` of its referent, `Some(None)` once the referent is gone (an
    /// attribute asked of it then raises `ReferenceError`); `None` for anything else.
    pub(crate) fn proxy_target(&self, mc: &gc_arena::Mutation<'gc>) -> Option<Option<GcObj<'gc>>> {
        match self {
            Kind::WeakRef(w) if matches!(w.flavor, WeakFlavor::Proxy { .. }) => {
                Some(w.referent.and_then(|r| r.upgrade(mc)))
            }
            _ => None,
        }
    }
}

/// A class: its name and module, its bases and method resolution order. Its namespace
/// (methods and class attributes) is the class object's `attrs`.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct ClassData<'gc> {
    pub name: Rc<str>,
    /// Its `__qualname__`, which its repr shows (the name it was made with, unless
    /// set since).
    pub qualname: Rc<str>,
    /// Its module as its repr shows it: a user class's `__module__` (kept in its
    /// namespace, as CPython keeps it) when that is a string, else `None` (the repr
    /// then shows no module).
    pub module: Option<Rc<str>>,
    pub bases: Vec<GcObj<'gc>>,
    /// The method resolution order, not including the class itself.
    pub mro: Vec<GcObj<'gc>>,
    /// For builtin type objects: which one.
    pub builtin: Option<Static<Builtin>>,
    /// The builtin type whose layout instances of this class use (`list` for a subclass
    /// of list), `Builtin::Object` for plain instances.
    pub layout: Static<Builtin>,
    /// For a subclass of `int` or `tuple`, whose instances (of variable size, as
    /// CPython's) each subclass deriving from the builtin itself extends with its own
    /// dictionary: that subclass along its bases (CPython's `solid_base`), or `None`
    /// if it is this class. `None` for any other class. Two bases whose solid bases
    /// are unrelated conflict (`class.rs`).
    pub solid: Option<GcObj<'gc>>,
    pub counter: Static<Rc<TypeCounter>>,
    /// The fields a class declared with `ClassBuilder::fields` initialises, its bases'
    /// first (`fields.rs`).
    pub fields: Option<Static<crate::fields::Fields>>,
    /// What a call of this class looked up along its MRO the last time, while no
    /// class namespace has changed since (`class.rs`).
    pub lookups: Option<ClassLookups<'gc>>,
    /// Its `__weakref__` descriptor, when it owns one (CPython keeps it in the
    /// class's namespace: `protocols::attributes::find_weakref_along`): `Unmade` until
    /// first read, then the one object every read gives; `Removed` once the
    /// namespace entry was replaced or deleted.
    pub weakref_descriptor: WeakrefDescriptor<'gc>,
    /// That descriptor's `__qualname__`, made on its first read and kept, as
    /// CPython's `descr_get_qualname` keeps it (a later `__qualname__` of the class
    /// does not change it).
    pub weakref_descriptor_qualname: Option<Rc<str>>,
}

/// A class's `__weakref__` descriptor, as [`ClassData::weakref_descriptor`] keeps it.
#[derive(Collect, Clone, Copy)]
#[collect(no_drop)]
pub(crate) enum WeakrefDescriptor<'gc> {
    Unmade,
    Made(GcObj<'gc>),
    Removed,
}

/// The class attributes a call of a class reads before making the instance: its
/// `__init__` (and the fields, if it is a generated field `__init__`) and whether it
/// has a `__del__`. Valid while [`class_epoch`] still reads `epoch`.
///
/// An `__init__` object is held weakly: while the lookups are valid, the class (or a
/// base) holds it; once they are stale, they must not keep a replaced `__init__`
/// alive.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct ClassLookups<'gc> {
    #[collect(require_static)]
    pub epoch: u64,
    pub init: Option<CachedInit<'gc>>,
    #[collect(require_static)]
    pub fields: Option<crate::fields::Fields>,
    #[collect(require_static)]
    pub has_del: bool,
}

/// A cached `__init__`: an object weakly, any other value as it is.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) enum CachedInit<'gc> {
    Object(WeakObj<'gc>),
    Value(Val<'gc>),
}

impl<'gc> CachedInit<'gc> {
    pub(crate) fn new(v: Val<'gc>) -> Self {
        match v {
            Val::Obj(o) => CachedInit::Object(Gc::downgrade(o)),
            v => CachedInit::Value(v),
        }
    }

    /// The `__init__`, if it is still there (always, while the lookups are valid).
    pub(crate) fn get(&self, mc: &gc_arena::Mutation<'gc>) -> Option<Val<'gc>> {
        match self {
            CachedInit::Object(w) => w.upgrade(mc).map(Val::Obj),
            CachedInit::Value(v) => Some(v.clone()),
        }
    }
}

/// Counts changes to class namespaces, in every heap of the process: a class's cached
/// [`ClassLookups`] hold while it is unchanged. (An attribute set on one class may
/// change what any subclass finds along its MRO; classes rarely change once built,
/// so one process-wide count costs nothing that matters and needs no list of
/// subclasses.)
static CLASS_EPOCH: AtomicU64 = AtomicU64::new(0);

/// The current count of class namespace changes.
pub(crate) fn class_epoch() -> u64 {
    CLASS_EPOCH.load(Ordering::Relaxed)
}

/// A native function: a Rust closure with a name, and the heap values it captures.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct FunctionData<'gc> {
    #[collect(require_static)]
    pub names: Rc<FunctionNames>,
    pub module: Rc<str>,
    pub code: Static<crate::deferred::Deferred<NativeFn>>,
    /// Traced like a Python closure's cells.
    pub captures: Vec<Val<'gc>>,
    /// The field names, when this is the `__init__` generated for a class's fields
    /// (`fields.rs`).
    pub fields: Option<Static<crate::fields::Fields>>,
    /// For a library callback (a weak container's removal): what `code` does with
    /// the arguments the collector passes in the common case, done inside the arena
    /// without handing out handles, when it can be (see [`InArenaCallback`]).
    pub in_arena: Option<Static<InArenaCallback>>,
}

/// A function's `__name__` and `__qualname__`, in one shared record: a call takes
/// them out of the arena with one count (set, they are copied first).
#[derive(Clone)]
pub(crate) struct FunctionNames {
    pub name: Rc<str>,
    pub qualname: Rc<str>,
}

impl FunctionNames {
    pub(crate) fn new(name: impl Into<Rc<str>>, qualname: impl Into<Rc<str>>) -> Rc<Self> {
        Rc::new(FunctionNames {
            name: name.into(),
            qualname: qualname.into(),
        })
    }
}

/// The in-arena body of a library callback: given the function's data (its captures)
/// and the dead weak reference the collector would call it with, it does what the
/// call would do and returns `true`, or does nothing and returns `false` when the call
/// might do anything else (run user code, raise): the collector then makes the call.
/// (A weak container's removal this way took 427 instructions, against 1,005 for the
/// same removal called through the API.)
pub(crate) type InArenaCallback =
    for<'a, 'gc> fn(&crate::heap::Ctx<'a, 'gc>, &FunctionData<'gc>, GcObj<'gc>) -> bool;

/// Which flavour of weak reference an object is.
#[derive(Collect, Clone)]
#[collect(no_drop)]
pub(crate) enum WeakFlavor<'gc> {
    Ref,
    Proxy {
        callable: bool,
    },
    /// A `WeakMethod`: `referent` is the instance (the method's `__self__`); the
    /// function and the type that remakes the method are in [`MethodParts`], boxed so
    /// that this enum stays two words.
    Method(Box<MethodParts<'gc>>),
    /// A `KeyedRef` of a `WeakValueDictionary`, carrying its key.
    Keyed {
        key: Val<'gc>,
    },
}

/// What a `WeakMethod` holds besides its referent, as CPython's `WeakMethod` keeps
/// `_func_ref` and `_meth_type`.
#[derive(Collect, Clone)]
#[collect(no_drop)]
pub(crate) struct MethodParts<'gc> {
    /// A plain ref to the method's `__func__`, whose callback tells the `WeakMethod`
    /// that the function died (see [`WeakRefData::method_alive`]).
    pub func_ref: GcObj<'gc>,
    /// What a call remakes the method with, as `meth_type(func, obj)`: `None` for a
    /// bound method (the `method` type, made directly); for any other object with
    /// `__self__` and `__func__` (CPython takes those too), that object's type.
    pub meth_type: Option<GcObj<'gc>>,
}

/// A weak reference object (ref, proxy, WeakMethod or KeyedRef): the weak slot the
/// collector clears, and the callback it queues. 56 bytes, so that it fits inline in
/// an object beside the tag `Kind` is told by (see `Attrs`): its flags share a word
/// with its referent's number (in its ticket), and its death is reported by its
/// object's ticket, without a pointer of its own to the queue (`weak_slots.rs`).
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct WeakRefData<'gc> {
    /// The referent, or `None` once the collector cleared this reference.
    pub referent: Option<WeakObj<'gc>>,
    /// Held strongly; taken when it runs.
    pub callback: Option<Val<'gc>>,
    pub flavor: WeakFlavor<'gc>,
    /// The referent's hash, once asked for (see [`WeakRefData::cached_hash`]).
    hash: i64,
    /// The referent's allocation number (callback order; kept after clearing) and
    /// this reference's flags; reports this reference's death to its referent's slot
    /// (weak_slots.rs).
    ticket: Static<crate::weak_slots::RefTicket>,
}

/// The shared callback-less ref or proxy of its referent.
const REF_SHARED: u8 = 1;
/// `hash` holds the referent's hash.
const REF_HASHED: u8 = 2;
/// A `WeakMethod` whose function has died.
const REF_METHOD_DEAD: u8 = 4;

impl<'gc> WeakRefData<'gc> {
    /// A weak reference to `referent`, numbered `referent_id`.
    pub(crate) fn new(
        referent: GcObj<'gc>,
        referent_id: u64,
        callback: Option<Val<'gc>>,
        flavor: WeakFlavor<'gc>,
        shared: bool,
    ) -> WeakRefData<'gc> {
        let flags = if shared { REF_SHARED } else { 0 };
        WeakRefData {
            referent: Some(gc_arena::Gc::downgrade(referent)),
            callback,
            flavor,
            hash: 0,
            ticket: Static(crate::weak_slots::RefTicket::new(referent_id, flags)),
        }
    }

    /// The referent's allocation number (kept after clearing).
    pub(crate) fn referent_id(&self) -> u64 {
        self.ticket.0.referent.id()
    }

    /// Whether this is the shared callback-less ref or proxy of its referent.
    pub(crate) fn shared(&self) -> bool {
        self.ticket.0.referent.flags() & REF_SHARED != 0
    }

    /// The referent's hash, if it has been asked for (it stays after clearing).
    pub(crate) fn cached_hash(&self) -> Option<i64> {
        (self.ticket.0.referent.flags() & REF_HASHED != 0).then_some(self.hash)
    }

    /// Caches the referent's hash.
    pub(crate) fn set_hash(&mut self, hash: i64) {
        self.hash = hash;
        self.ticket.0.referent.set_flags(REF_HASHED);
    }

    /// For a `WeakMethod`: whether its function is still alive.
    pub(crate) fn method_alive(&self) -> bool {
        self.ticket.0.referent.flags() & REF_METHOD_DEAD == 0
    }

    /// For a `WeakMethod`: notes that its function died; returns whether it was alive.
    pub(crate) fn kill_method(&self) -> bool {
        let was = self.method_alive();
        self.ticket.0.referent.set_flags(REF_METHOD_DEAD);
        was
    }
}

/// A `weakref.finalize` object: its function and arguments, and the object it watches,
/// inline in its object (56 bytes, as a weak reference's data: see `Kind`).
///
/// CPython's finalizer watches its object through a `ref(obj, finalizer)`. Here the
/// finalizer stands in that reference's place in its object's weak slot until the
/// reference is asked for (`getweakrefs`): it is listed, cleared, numbered and its
/// callback queued as the reference would be (under the allocation number reserved
/// for it, the finalizer's own plus one), so that nothing tells the two apart but a
/// 120-byte allocation saved per finalizer (`weakref/finalize.rs`), and that the
/// reference it stands for stops counting as soon as the finalizer has run or been
/// detached, as CPython's (freed then), where a made one the program let go of
/// counts until a collection frees it, as any weak reference does here.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct FinalizerData<'gc> {
    /// The watched object while this finalizer stands for its weak reference in the
    /// object's slot (alive, or running: it lets go once its function returns);
    /// `None` once the collector cleared it, once the finalizer let go of it
    /// (`release_entry`), and once its reference object was made (the registry's
    /// `refs` then keeps that, which is listed instead).
    pub referent: Option<WeakObj<'gc>>,
    pub func: Val<'gc>,
    pub args: StoredArgs<'gc>,
    /// Its index in the finalizer registry while it is alive
    /// (`weakref/finalize_registry.rs`).
    pub place: usize,
    /// The watched object's number and the finalizer's flags; reports the
    /// finalizer's death to that object's slot, as a weak reference's ticket does.
    ticket: Static<crate::weak_slots::RefTicket>,
}

/// The finalizer does not run at shutdown (`atexit` false).
const FIN_NO_ATEXIT: u8 = 1;
/// Its weak reference object was made (and is in the registry's `refs` until the
/// finalizer lets go of it).
const FIN_REF_MADE: u8 = 2;

impl<'gc> FinalizerData<'gc> {
    /// A finalizer of `referent` (numbered `referent_id`) calling `func(*args)`.
    pub(crate) fn new(
        referent: GcObj<'gc>,
        referent_id: u64,
        func: Val<'gc>,
        args: StoredArgs<'gc>,
    ) -> FinalizerData<'gc> {
        FinalizerData {
            referent: Some(gc_arena::Gc::downgrade(referent)),
            func,
            args,
            place: 0,
            ticket: Static(crate::weak_slots::RefTicket::new(referent_id, 0)),
        }
    }

    /// The watched object's allocation number (kept after clearing).
    pub(crate) fn referent_id(&self) -> u64 {
        self.ticket.0.referent.id()
    }

    /// `finalize.atexit`.
    pub(crate) fn atexit(&self) -> bool {
        self.ticket.0.referent.flags() & FIN_NO_ATEXIT == 0
    }

    /// Sets `finalize.atexit`.
    pub(crate) fn set_atexit(&self, atexit: bool) {
        let n = &self.ticket.0.referent;
        if atexit {
            n.clear_flags(FIN_NO_ATEXIT);
        } else {
            n.set_flags(FIN_NO_ATEXIT);
        }
    }

    /// Whether its weak reference object was made (`getweakrefs` asked for it).
    pub(crate) fn ref_made(&self) -> bool {
        self.ticket.0.referent.flags() & FIN_REF_MADE != 0
    }

    /// Notes that its weak reference object was made.
    pub(crate) fn set_ref_made(&self) {
        self.ticket.0.referent.set_flags(FIN_REF_MADE);
    }
}

/// A finalizer's arguments: one positional argument inline (most finalizers take
/// one), any others boxed; once `peek()` or `detach()` has handed them out as a tuple
/// and a dict, those objects (`Made`), which its call then reads, as CPython's
/// `finalize` keeps `info.args` and `info.kwargs` and calls `func(*info.args,
/// **info.kwargs)` with whatever the program put into that dict.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) enum StoredArgs<'gc> {
    One(Val<'gc>),
    /// No arguments (`None`), or several, or keyword arguments.
    Other(Option<Box<MoreArgs<'gc>>>),
    /// The arguments as handed out.
    Made(Box<MadeArgs<'gc>>),
}

/// A finalizer's arguments once handed out: the tuple, and the dict of its keyword
/// arguments (`None` if it had none: each `peek()` then gives a new empty dict, as
/// CPython's `info.kwargs or {}`).
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct MadeArgs<'gc> {
    pub args: Val<'gc>,
    pub kwargs: Val<'gc>,
}

/// The arguments of a finalizer that does not take exactly one positional argument.
#[derive(Collect)]
#[collect(no_drop)]
pub(crate) struct MoreArgs<'gc> {
    pub args: Vec<Val<'gc>>,
    pub kwargs: Vec<(Rc<str>, Val<'gc>)>,
}

impl<'gc> StoredArgs<'gc> {
    /// Stores `args` and `kwargs`.
    pub(crate) fn new(args: Vec<Val<'gc>>, kwargs: Vec<(Rc<str>, Val<'gc>)>) -> Self {
        match (args.len(), kwargs.is_empty()) {
            (0, true) => StoredArgs::Other(None),
            (1, true) => StoredArgs::One(args.into_iter().next().unwrap_or_default()),
            _ => StoredArgs::Other(Some(Box::new(MoreArgs { args, kwargs }))),
        }
    }

    /// The positional arguments (`None` once `Made`: they are the tuple's items).
    pub(crate) fn args(&self) -> Option<&[Val<'gc>]> {
        match self {
            StoredArgs::One(v) => Some(std::slice::from_ref(v)),
            StoredArgs::Other(None) => Some(&[]),
            StoredArgs::Other(Some(m)) => Some(&m.args),
            StoredArgs::Made(_) => None,
        }
    }

    /// The keyword arguments, in the order given (none once `Made`).
    pub(crate) fn kwargs(&self) -> &[(Rc<str>, Val<'gc>)] {
        match self {
            StoredArgs::Other(Some(m)) => &m.kwargs,
            _ => &[],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every attribute, list item and dict entry is a `Val`: a string is one pointer, so
    /// a value is no wider than a tag and a 64-bit payload.
    #[test]
    fn a_value_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Val<'static>>(), 16);
    }

    /// A plain instance with up to three attributes is one arena allocation: the
    /// object (with its values inline) and gc-arena's 16-byte header, 120 bytes (a
    /// 128-byte block of glibc's malloc, whose blocks carry 8 bytes of their own).
    #[test]
    fn an_object_with_three_inline_values_is_104_bytes() {
        assert_eq!(crate::shape::INLINE, 3);
        assert_eq!(std::mem::size_of::<RefLock<ObjectData<'static>>>(), 104);
    }

    /// `Kind` needs no word of its own to say which variant it is: a plain instance's
    /// attributes are the largest variant, and the others fit beside the tag of its
    /// first value, whose unused values name them.
    #[test]
    fn a_kind_is_as_large_as_a_plain_instances_attributes() {
        assert_eq!(std::mem::size_of::<crate::shape::Attrs<'static>>(), 64);
        assert_eq!(std::mem::size_of::<Kind<'static>>(), 64);
    }

    /// A weak reference's data fits beside a plain instance's first value tag (see
    /// above), so that a weak reference is one allocation of the same size.
    #[test]
    fn a_weak_reference_is_inline() {
        assert_eq!(std::mem::size_of::<WeakRefData<'static>>(), 56);
        assert_eq!(std::mem::size_of::<WeakFlavor<'static>>(), 16);
    }

    /// So does a finalizer's, with one argument inline.
    #[test]
    fn a_finalizer_is_inline() {
        assert_eq!(std::mem::size_of::<StoredArgs<'static>>(), 16);
        assert_eq!(std::mem::size_of::<FinalizerData<'static>>(), 56);
    }
}
