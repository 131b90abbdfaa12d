//! The handle floor: each workload of `../shared/bench/README.md` written directly on
//! gc-arena 0.7, doing only what lethe's contract makes every implementation on it do,
//! and nothing of Python's object model. It measures how fast any runtime built on
//! gc-arena and handing the application rooted handles could be, and so how much of
//! a target a lethe figure could still reach.
//!
//! What each workload keeps of the contract:
//! - every object the application is handed is a rooted handle (a `DynamicRoot`, as
//!   a lethe `Value::Obj` is), made when it is returned and dropped when let go;
//! - each operation is a separate entry into the arena (`Arena::mutate`), as each
//!   call of lethe's API is;
//! - a collection is one full gc-arena cycle, and a callback is a Rust closure called
//!   outside the arena with a handle to its (cleared) reference as its argument;
//! - a weak-value dictionary is a hash map from int keys to weak pointers, and a
//!   finalizer an object in a registry vector holding its function and argument;
//! - what a workload leaves behind is collected before the next timer starts, as
//!   CPython frees it at `del`.
//!
//! What it leaves out (so that it is as cheap as the contract allows, not a rival
//! implementation): classes, attribute lookup and `__init__`, type counts, allocation
//! numbers and the order of callbacks, the weak slot table (dead references are found
//! by scanning the application's list, or the dictionary, once), a reference object
//! per dictionary entry, `__callback__` and errors. Employees
//! are 48-byte structs with a borrow flag for their `peer`.
//!
//! Run: `cargo bench --bench handle_floor -- [N]` (N defaults to 1,000,000). Prints
//! one `key<TAB>ns` line per workload key, ns per object. `benches/compare` runs it in
//! the same rounds as lethe's bench and the peers and sets it beside them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;
use std::time::Instant;

use gc_arena::lock::RefLock;
use gc_arena::{Arena, Collect, DynamicRoot, DynamicRootSet, Gc, GcWeak, Rootable};

/// An `Employee`: three fields and the `peer` the cyclic workload sets.
#[derive(Collect)]
#[collect(no_drop)]
struct Employee<'gc> {
    emp_id: i64,
    name: Rc<str>,
    age: i64,
    peer: Option<Gc<'gc, RefLock<Employee<'gc>>>>,
}

type Emp<'gc> = Gc<'gc, RefLock<Employee<'gc>>>;

/// A callback: a native closure, called with a handle to its reference.
type Callback = Rc<dyn Fn(&DynamicRoot<RootedRef>)>;

/// A finalizer's function: a native closure, called with its argument.
type FinalizerFn = Rc<dyn Fn(i64)>;

/// A weak reference with a callback.
#[derive(Collect)]
#[collect(no_drop)]
struct WeakRef<'gc> {
    referent: GcWeak<'gc, RefLock<Employee<'gc>>>,
    #[collect(require_static)]
    callback: Option<Callback>,
}

/// A finalizer: its object weakly, its function and argument.
#[derive(Collect)]
#[collect(no_drop)]
struct Finalizer<'gc> {
    referent: GcWeak<'gc, RefLock<Employee<'gc>>>,
    #[collect(require_static)]
    func: FinalizerFn,
    arg: i64,
}

type RootedEmp = Rootable![RefLock<Employee<'_>>];
type RootedRef = Rootable![WeakRef<'_>];
type RootedFin = Rootable![Finalizer<'_>];

/// Hashes an int key to itself, as CPython's `hash(int)` (and lethe's) does, so that
/// consecutive keys sit in consecutive slots; the top 7 bits (the standard map's tag
/// of each slot) get a spread value (FxHash's multiplication), which they need to tell
/// keys apart.
#[derive(Default)]
struct IntHasher(u64);

const SEED: u64 = 0x517c_c1b7_2722_0a95;
const LOW: u64 = (1 << 57) - 1;

impl Hasher for IntHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(*b)).wrapping_mul(SEED);
        }
    }
    fn write_i64(&mut self, i: i64) {
        let i = i as u64;
        self.0 = (i & LOW) | (i.wrapping_mul(SEED) & !LOW);
    }
}

/// A weak-value dictionary: int keys, values held weakly (no reference object per
/// entry: the application never sees them).
type Dict<'gc> = Gc<'gc, RefLock<HashMap<i64, WeakEmp<'gc>, BuildHasherDefault<IntHasher>>>>;

type WeakEmp<'gc> = GcWeak<'gc, RefLock<Employee<'gc>>>;

#[derive(Collect)]
#[collect(no_drop)]
struct Root<'gc> {
    handles: DynamicRootSet<'gc>,
    dict: Dict<'gc>,
    finalizers: Gc<'gc, RefLock<Vec<Gc<'gc, Finalizer<'gc>>>>>,
}

type FloorArena = Arena<Rootable![Root<'_>]>;

fn new_arena() -> FloorArena {
    Arena::new(|mc| Root {
        handles: DynamicRootSet::new(mc),
        dict: Gc::new(mc, RefLock::new(HashMap::default())),
        finalizers: Gc::new(mc, RefLock::new(Vec::new())),
    })
}

/// `Employee(i, "n", 30)`, handed out as a handle.
fn employee(arena: &mut FloorArena, i: usize, name: &Rc<str>) -> DynamicRoot<RootedEmp> {
    arena.mutate(|mc, root| {
        let e: Emp<'_> = Gc::new(
            mc,
            RefLock::new(Employee {
                emp_id: i as i64,
                name: name.clone(),
                age: 30,
                peer: None,
            }),
        );
        root.handles.stash::<RootedEmp>(mc, e)
    })
}

/// `weakref.ref(o, cb)`, handed out as a handle.
fn weakref(
    arena: &mut FloorArena,
    o: &DynamicRoot<RootedEmp>,
    cb: &Callback,
) -> DynamicRoot<RootedRef> {
    arena.mutate(|mc, root| {
        let e = root.handles.fetch(o);
        let r = Gc::new(
            mc,
            WeakRef {
                referent: Gc::downgrade(e),
                callback: Some(cb.clone()),
            },
        );
        root.handles.stash::<RootedRef>(mc, r)
    })
}

/// One full collection, then each cleared reference's callback, called with a handle
/// to the reference (made for the call, dropped after it). Returns how many ran.
///
/// (Finding all the cleared references in one entry into the arena and calling them
/// after it costs more: a million handles held at once grow the root set.)
fn collect_and_call_back(arena: &mut FloorArena, refs: &[DynamicRoot<RootedRef>]) -> usize {
    arena.finish_cycle();
    let mut ran = 0;
    for r in refs {
        let due = arena.mutate(|mc, root| {
            let w = root.handles.fetch(r);
            match (&w.callback, w.referent.is_dropped()) {
                (Some(cb), true) => Some((cb.clone(), root.handles.stash::<RootedRef>(mc, w))),
                _ => None,
            }
        });
        if let Some((cb, arg)) = due {
            cb(&arg);
            ran += 1;
        }
    }
    ran
}

fn per_object(start: Instant, n: usize) -> f64 {
    start.elapsed().as_secs_f64() / n as f64 * 1e9
}

fn main() {
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse::<usize>().ok())
        .unwrap_or(1_000_000);
    let mut out: Vec<(&str, f64)> = Vec::new();
    let mut arena = new_arena();
    let name: Rc<str> = "n".into();
    let fired = Rc::new(std::cell::Cell::new(0usize));
    let f = fired.clone();
    let cb: Callback = Rc::new(move |_| f.set(f.get() + 1));

    // W1
    let s = Instant::now();
    let mut objs = Vec::new();
    for i in 0..n {
        objs.push(employee(&mut arena, i, &name));
    }
    out.push(("alloc", per_object(s, n)));
    let s = Instant::now();
    arena.finish_cycle();
    out.push(("collect_live", per_object(s, n)));

    // W2
    let s = Instant::now();
    let mut refs = Vec::new();
    for o in &objs {
        refs.push(weakref(&mut arena, o, &cb));
    }
    out.push(("weakref_create", per_object(s, n)));
    let s = Instant::now();
    drop(objs);
    let ran = collect_and_call_back(&mut arena, &refs);
    out.push(("drop_collect_callbacks", per_object(s, n)));
    assert_eq!((ran, fired.get()), (n, n), "every callback runs once");
    drop(refs);
    // (CPython frees the references at `del refs`, outside the next timer.)
    arena.finish_cycle();

    // W3
    fired.set(0);
    let objs: Vec<_> = (0..n).map(|i| employee(&mut arena, i, &name)).collect();
    for pair in objs.chunks_exact(2) {
        arena.mutate(|mc, root| {
            let (a, b) = (root.handles.fetch(&pair[0]), root.handles.fetch(&pair[1]));
            a.borrow_mut(mc).peer = Some(b);
            b.borrow_mut(mc).peer = Some(a);
        });
    }
    let refs: Vec<_> = objs.iter().map(|o| weakref(&mut arena, o, &cb)).collect();
    drop(objs);
    let s = Instant::now();
    let ran = collect_and_call_back(&mut arena, &refs);
    out.push(("cyclic_collect_callbacks", per_object(s, n)));
    assert_eq!(ran, n, "every callback runs once");
    drop(refs);
    arena.finish_cycle();

    // W4: d[i] = Employee(...), every second one kept; collect; drop the dead entries.
    let s = Instant::now();
    let mut keep = Vec::new();
    for i in 0..n {
        let o = employee(&mut arena, i, &name);
        arena.mutate(|mc, root| {
            let weak = Gc::downgrade(root.handles.fetch(&o));
            root.dict.borrow_mut(mc).insert(i as i64, weak);
        });
        if i % 2 == 0 {
            keep.push(o);
        }
    }
    arena.finish_cycle();
    let left = arena.mutate(|mc, root| {
        let mut d = root.dict.borrow_mut(mc);
        d.retain(|_, e| !e.is_dropped());
        // (Without this, a lookup of a missing key probes past the removed entries'
        // marks: `wvd_get` takes four times as long.)
        d.shrink_to_fit();
        d.len()
    });
    out.push(("wvd_insert_collect", per_object(s, n)));
    assert_eq!(left, n.div_ceil(2), "the kept half stays");
    let s = Instant::now();
    let mut hits = 0;
    for i in 0..n as i64 {
        let got = arena.mutate(|mc, root| {
            let e = root.dict.borrow().get(&i)?.upgrade(mc)?;
            Some(root.handles.stash::<RootedEmp>(mc, e))
        });
        hits += usize::from(std::hint::black_box(got).is_some());
    }
    out.push(("wvd_get", per_object(s, n)));
    assert_eq!(hits, n.div_ceil(2), "half hit");
    drop(keep);
    arena.mutate(|mc, root| root.dict.borrow_mut(mc).clear());
    arena.finish_cycle();

    // W5: weakref.finalize(o, fin, 1) on each, kept in the registry; drop all; collect.
    let count = Rc::new(std::cell::Cell::new(0usize));
    let c = count.clone();
    let fin: FinalizerFn = Rc::new(move |_| c.set(c.get() + 1));
    let objs: Vec<_> = (0..n).map(|i| employee(&mut arena, i, &name)).collect();
    let s = Instant::now();
    let mut fins = Vec::new();
    for o in &objs {
        fins.push(arena.mutate(|mc, root| {
            let f = Gc::new(
                mc,
                Finalizer {
                    referent: Gc::downgrade(root.handles.fetch(o)),
                    func: fin.clone(),
                    arg: 1,
                },
            );
            root.finalizers.borrow_mut(mc).push(f);
            root.handles.stash::<RootedFin>(mc, f)
        }));
    }
    out.push(("finalize_register", per_object(s, n)));
    let s = Instant::now();
    drop(objs);
    arena.finish_cycle();
    let due: Vec<(FinalizerFn, i64)> = arena.mutate(|mc, root| {
        let mut due = Vec::new();
        root.finalizers.borrow_mut(mc).retain(|f| {
            let dead = f.referent.is_dropped();
            if dead {
                due.push((f.func.clone(), f.arg));
            }
            !dead
        });
        due
    });
    for (func, arg) in due {
        func(arg);
    }
    out.push(("finalize_run", per_object(s, n)));
    assert_eq!(count.get(), n, "every finalizer runs once");
    drop(fins);

    for (key, ns) in out {
        println!("{key}\t{ns:.1}");
    }
}
