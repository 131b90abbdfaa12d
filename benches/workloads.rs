//! The workloads of `../shared/bench/README.md`, run through lethe's public API exactly
//! as `../shared/bench/anchor_python.py` runs them on CPython, plus the floor (the same
//! objects as plain structs on gc-arena), memory per object and the longest
//! incremental step.
//!
//! Run: `cargo bench --bench workloads -- [N]` (N defaults to 1,000,000). Prints one
//! `key<TAB>value` line per figure: ns per object, bytes per object, or µs.
//! `benches/compare` runs it side by side with CPython, PyPy and V8.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::rc::Rc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use gc_arena::{Arena, Collect, Gc, GcWeak, Rootable};
use lethe::{DEFAULT_STEP_BUDGET, Heap, Value};

/// Counts the bytes requested from and returned to the system allocator. The bench is
/// single-threaded, so plain loads and stores (no locked read-modify-write) suffice and
/// cost the timed workloads next to nothing.
struct Counting;

static REQUESTED: AtomicUsize = AtomicUsize::new(0);
static RETURNED: AtomicUsize = AtomicUsize::new(0);

fn add(counter: &AtomicUsize, n: usize) {
    counter.store(counter.load(Relaxed).wrapping_add(n), Relaxed);
}

// SAFETY: forwards every call unchanged to the system allocator; only counts sizes.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(&REQUESTED, layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(&REQUESTED, layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(&RETURNED, layout.size());
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(&RETURNED, layout.size());
        add(&REQUESTED, new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Bytes requested and not yet returned.
fn held() -> isize {
    REQUESTED.load(Relaxed) as isize - RETURNED.load(Relaxed) as isize
}

type R<T> = lethe::Result<T>;

/// `class Employee`, declared with its three fields as a `@dataclass` is: the generated
/// `__init__(self, emp_id, name, age)` sets three attributes, and a call with three
/// positional arguments sets them in the pass that makes the instance. (A hand-written
/// `__init__` calling `setattr` three times costs almost three times as many instructions
/// per `Employee(...)`: README, "Benchmarks".)
fn employee_class(heap: &Heap) -> R<Value> {
    heap.class("Employee")
        .fields(&["emp_id", "name", "age"])
        .build()
}

/// A native function counting its calls (Python's `fired[0] += 1`).
fn counter(heap: &Heap, name: &str) -> (Value, Rc<Cell<usize>>) {
    let count = Rc::new(Cell::new(0usize));
    let c = count.clone();
    let f = heap.function(name, move |_, _| {
        c.set(c.get() + 1);
        Ok(Value::None)
    });
    (f, count)
}

/// Collects up to ten times until `done()`; false if it never was (`unfinished`).
fn collect_until(heap: &Heap, mut done: impl FnMut() -> bool) -> bool {
    for _ in 0..10 {
        heap.collect();
        if done() {
            return true;
        }
    }
    false
}

struct Results {
    n: usize,
    lines: Vec<(&'static str, String)>,
}

impl Results {
    fn time(&mut self, key: &'static str, secs: f64, finished: bool) {
        let v = if finished {
            format!("{:.1}", secs / self.n as f64 * 1e9)
        } else {
            "unfinished".to_string()
        };
        self.lines.push((key, v));
    }
    fn raw(&mut self, key: &'static str, v: String) {
        self.lines.push((key, v));
    }
}

fn now() -> Instant {
    Instant::now()
}

fn employee(heap: &Heap, cls: &Value, i: usize, name: &Value) -> R<Value> {
    heap.call(cls, &[Value::Int(i as i64), name.clone(), Value::Int(30)])
}

/// W1–W3 and W5 of the README, in the anchor's order and with its timed regions.
fn lethe_workloads(n: usize, res: &mut Results) -> R<()> {
    let heap = Heap::new();
    let cls = employee_class(&heap)?;
    let name: Value = "n".into();
    let (cb, fired) = counter(&heap, "cb");

    // W1
    let s = now();
    let mut objs: Vec<Value> = Vec::new();
    for i in 0..n {
        objs.push(employee(&heap, &cls, i, &name)?);
    }
    res.time("alloc", s.elapsed().as_secs_f64(), true);
    let s = now();
    heap.collect();
    res.time("collect_live", s.elapsed().as_secs_f64(), true);

    // W2
    let s = now();
    let mut refs: Vec<Value> = Vec::new();
    for o in &objs {
        refs.push(heap.weakref(o, Some(&cb))?);
    }
    res.time("weakref_create", s.elapsed().as_secs_f64(), true);
    let s = now();
    drop(objs);
    let ok = collect_until(&heap, || fired.get() == n);
    res.time("drop_collect_callbacks", s.elapsed().as_secs_f64(), ok);
    if ok {
        for r in &refs {
            assert!(heap.call(r, &[])?.is_none(), "a ref survived its referent");
        }
    }
    drop(refs);
    // CPython frees the references at `del refs`, outside the next timer: so does
    // this collection.
    heap.collect();

    // W3
    fired.set(0);
    let mut objs: Vec<Value> = Vec::new();
    for i in 0..n {
        objs.push(employee(&heap, &cls, i, &name)?);
    }
    for i in (0..n.saturating_sub(1)).step_by(2) {
        heap.setattr(&objs[i], "peer", &objs[i + 1])?;
        heap.setattr(&objs[i + 1], "peer", &objs[i])?;
    }
    let mut refs: Vec<Value> = Vec::new();
    for o in &objs {
        refs.push(heap.weakref(o, Some(&cb))?);
    }
    drop(objs);
    let s = now();
    let ok = collect_until(&heap, || fired.get() == n);
    res.time("cyclic_collect_callbacks", s.elapsed().as_secs_f64(), ok);
    drop(refs);
    heap.collect();

    // W4
    wvd_workloads(&heap, &cls, &name, n, res)?;

    // W5
    let (fin, count) = counter(&heap, "fin");
    let mut objs: Vec<Value> = Vec::new();
    for i in 0..n {
        objs.push(employee(&heap, &cls, i, &name)?);
    }
    let s = now();
    let mut fins: Vec<Value> = Vec::new();
    for o in &objs {
        fins.push(heap.finalize(o, &fin, &[Value::Int(1)], &[])?);
    }
    res.time("finalize_register", s.elapsed().as_secs_f64(), true);
    let s = now();
    drop(objs);
    let ok = collect_until(&heap, || count.get() == n);
    res.time("finalize_run", s.elapsed().as_secs_f64(), ok);
    drop(fins);
    Ok(())
}

/// W4: a WeakValueDictionary used as a cache (`d[i] = o`, `d.get(i)`). Reports
/// `unavailable` if the heap cannot make one.
fn wvd_workloads(heap: &Heap, cls: &Value, name: &Value, n: usize, res: &mut Results) -> R<()> {
    let Ok(d) = heap.weak_value_dict(&[]) else {
        res.raw("wvd_insert_collect", "unavailable".into());
        res.raw("wvd_get", "unavailable".into());
        return Ok(());
    };
    let mut keep: Vec<Value> = Vec::new();
    let s = now();
    for i in 0..n {
        let o = employee(heap, cls, i, name)?;
        heap.setitem(&d, &Value::Int(i as i64), &o)?;
        if i % 2 == 0 {
            keep.push(o);
        }
    }
    let ok = collect_until(heap, || heap.len(&d).ok() == Some(n / 2));
    res.time("wvd_insert_collect", s.elapsed().as_secs_f64(), ok);
    let s = now();
    let mut hits = 0;
    for i in 0..n {
        if !heap.get(&d, &Value::Int(i as i64), &Value::None)?.is_none() {
            hits += 1;
        }
    }
    res.time("wvd_get", s.elapsed().as_secs_f64(), true);
    assert!(!ok || hits == n / 2, "hits {hits}");
    drop(keep);
    drop(d);
    heap.collect();
    Ok(())
}

/// The floor: the same objects as plain structs directly on gc-arena, each with a
/// `GcWeak`, no lethe in between.
#[derive(Collect)]
#[collect(no_drop)]
#[allow(dead_code)] // the fields are the payload; nothing reads them
struct Employee {
    emp_id: i64,
    name: Rc<str>,
    age: i64,
}

#[derive(Collect)]
#[collect(no_drop)]
struct FloorRoot<'gc> {
    objs: Vec<Gc<'gc, Employee>>,
    weaks: Vec<GcWeak<'gc, Employee>>,
}

fn gc_arena_floor(n: usize, res: &mut Results) {
    let mut arena = Arena::<Rootable![FloorRoot<'_>]>::new(|_| FloorRoot {
        objs: Vec::new(),
        weaks: Vec::new(),
    });
    let name: Rc<str> = "n".into();
    let s = now();
    for i in 0..n {
        arena.mutate_root(|mc, root| {
            let e = Gc::new(
                mc,
                Employee {
                    emp_id: i as i64,
                    name: name.clone(),
                    age: 30,
                },
            );
            root.objs.push(e);
            root.weaks.push(Gc::downgrade(e));
        });
    }
    res.time("gc_arena_alloc", s.elapsed().as_secs_f64(), true);
    let s = now();
    arena.finish_cycle();
    res.time("gc_arena_collect_live", s.elapsed().as_secs_f64(), true);
    let s = now();
    arena.mutate_root(|_, root| root.objs = Vec::new());
    arena.finish_cycle();
    // The "callbacks": visit every weak pointer and count the cleared ones.
    let cleared = arena.mutate(|mc, root| {
        root.weaks
            .iter()
            .filter(|w| w.upgrade(mc).is_none())
            .count()
    });
    res.time(
        "gc_arena_drop_collect",
        s.elapsed().as_secs_f64(),
        cleared == n,
    );
}

/// `bytes_per_instance` and `bytes_per_weakref`: what the allocator handed out and did
/// not get back, per object. The objects are kept in lethe lists made at full length
/// beforehand (storing into them allocates nothing), and each handle is dropped once
/// its object is stored, so that the application's own rooting is not counted, as the
/// list holding the objects is not in CPython's figure.
fn memory(n: usize, res: &mut Results) -> R<()> {
    let heap = Heap::new();
    let cls = employee_class(&heap)?;
    let name: Value = "n".into();
    let (cb, _fired) = counter(&heap, "cb");
    let objs = heap.list(&vec![Value::None; n])?;
    let refs = heap.list(&vec![Value::None; n])?;
    let index = |i: usize| Value::Int(i as i64);
    let before = held();
    for i in 0..n {
        let o = employee(&heap, &cls, i, &name)?;
        heap.setitem(&objs, &index(i), &o)?;
    }
    let per_instance = (held() - before) as f64 / n as f64;
    let before = held();
    for i in 0..n {
        let o = heap.getitem(&objs, &index(i))?;
        let r = heap.weakref(&o, Some(&cb))?;
        heap.setitem(&refs, &index(i), &r)?;
    }
    let per_ref = (held() - before) as f64 / n as f64;
    res.raw("bytes_per_instance", format!("{per_instance:.1}"));
    res.raw("bytes_per_weakref", format!("{per_ref:.1}"));
    Ok(())
}

/// `max_step_us`: the longest `step(DEFAULT_STEP_BUDGET)` of one cycle over a heap of
/// N live objects, each with a weak reference (with a callback).
fn max_step(n: usize, res: &mut Results) -> R<()> {
    let heap = Heap::new();
    let cls = employee_class(&heap)?;
    let name: Value = "n".into();
    let (cb, _fired) = counter(&heap, "cb");
    let mut objs: Vec<Value> = Vec::with_capacity(n);
    let mut refs: Vec<Value> = Vec::with_capacity(n);
    for i in 0..n {
        let o = employee(&heap, &cls, i, &name)?;
        refs.push(heap.weakref(&o, Some(&cb))?);
        objs.push(o);
    }
    let mut longest = 0f64;
    loop {
        let s = now();
        let done = heap.step(DEFAULT_STEP_BUDGET).is_some();
        longest = longest.max(s.elapsed().as_secs_f64());
        if done {
            break;
        }
    }
    res.raw("max_step_us", format!("{:.1}", longest * 1e6));
    drop((objs, refs));
    Ok(())
}

fn main() -> R<()> {
    // `cargo bench` passes `--bench`; the first numeric argument is N.
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.replace('_', "").parse::<usize>().ok())
        .unwrap_or(1_000_000);
    let mut res = Results {
        n,
        lines: Vec::new(),
    };
    lethe_workloads(n, &mut res)?;
    gc_arena_floor(n, &mut res);
    memory(n, &mut res)?;
    max_step(n, &mut res)?;
    for (k, v) in &res.lines {
        println!("{k}\t{v}");
    }
    Ok(())
}
