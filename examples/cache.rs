//! A cache of expensive objects in a `WeakValueDictionary` (issue 4, item 5).
//!
//! An image viewer renders thumbnails, which is slow, and keeps them in a cache keyed
//! by file name. The cache must not keep a thumbnail alive by itself: a thumbnail
//! lives as long as some open document shows it, and a request for a thumbnail that
//! is still shown somewhere is a cache hit. That is exactly a `WeakValueDictionary`:
//! the pixels are a Rust payload attached to a lethe instance, the dictionary holds
//! the instances weakly, and a collection evicts (and frees the pixels of) the
//! thumbnails no document shows any more.
//!
//! ```text
//! cargo run --example cache
//! RUST_LOG=lethe=debug cargo run --example cache    # with the collector's log
//! ```
//!
//! `runtime-tests/examples.rs` checks its output against `examples/cache.expected`.

use std::cell::{Cell, RefCell};

use lethe::{Heap, Result, Value, WeakValueDictionary};

thread_local! {
    /// What the example prints, gathered so that `runtime-tests/examples.rs` can
    /// compare it with `examples/cache.expected`.
    static OUT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// `println!` into [`OUT`].
macro_rules! say {
    ($($arg:tt)*) => {
        let line = format!($($arg)*);
        OUT.with(|out| {
            let mut out = out.borrow_mut();
            out.push_str(&line);
            out.push('\n');
        })
    };
}

/// The expensive part: the rendered pixels. Dropped when the collector frees the
/// lethe instance that carries it.
struct Pixels {
    name: String,
    data: Vec<u8>,
}

impl Drop for Pixels {
    fn drop(&mut self) {
        say!(
            "    (pixels of {} freed: {} bytes)",
            self.name,
            self.data.len()
        );
    }
}

/// The thumbnail cache: a `WeakValueDictionary` from file name to `Thumbnail`.
struct ThumbnailCache<'h> {
    heap: &'h Heap,
    thumbnail_class: Value,
    cache: WeakValueDictionary,
    hits: Cell<u32>,
    misses: Cell<u32>,
}

impl<'h> ThumbnailCache<'h> {
    fn new(heap: &'h Heap) -> Result<Self> {
        let thumbnail_class = heap
            .class("Thumbnail")
            .method("__repr__", |heap, args| {
                let name = heap.getattr(args.get(0)?, "name")?;
                Ok(format!("<Thumbnail {}>", heap.str(&name)?).into())
            })
            .build()?;
        Ok(ThumbnailCache {
            heap,
            thumbnail_class,
            cache: WeakValueDictionary::new(heap)?,
            hits: Cell::new(0),
            misses: Cell::new(0),
        })
    }

    /// The thumbnail of `name`: from the cache if some document still shows it,
    /// else rendered (slowly) and cached.
    fn get(&self, name: &str) -> Result<Value> {
        let heap = self.heap;
        let mut rendered = false;
        let thumbnail = self.cache.get_or_insert_with(heap, &name.into(), || {
            rendered = true;
            say!("  {name}: miss, rendering");
            let thumbnail = heap.call(&self.thumbnail_class, &[])?;
            heap.setattr(&thumbnail, "name", &name.into())?;
            heap.set_payload(&thumbnail, render(name))?;
            Ok(thumbnail)
        })?;
        if rendered {
            self.misses.set(self.misses.get() + 1);
        } else {
            self.hits.set(self.hits.get() + 1);
            say!("  {name}: hit");
        }
        Ok(thumbnail)
    }

    /// The names in the cache, in insertion order.
    fn cached_names(&self) -> Result<String> {
        let names: Vec<String> = self
            .cache
            .keys(self.heap)?
            .map(|name| self.heap.str(&name?))
            .collect::<Result<_>>()?;
        Ok(names.join(", "))
    }
}

/// Stands for an expensive computation.
fn render(name: &str) -> Pixels {
    let size = 64 * 64 * 4;
    let seed = name
        .bytes()
        .fold(7u8, |a, b| a.wrapping_mul(31).wrapping_add(b));
    Pixels {
        name: name.to_string(),
        data: (0..size).map(|i| seed.wrapping_add(i as u8)).collect(),
    }
}

/// Runs the example; returns what it printed.
pub fn run() -> Result<String> {
    let heap = Heap::new();
    let cache = ThumbnailCache::new(&heap)?;

    say!("Opening three documents:");
    let mut documents: Vec<(&str, Value)> = Vec::new();
    for name in ["beach.png", "forest.png", "city.png"] {
        documents.push((name, cache.get(name)?));
    }
    say!("A second view of beach.png:");
    let second_view = cache.get("beach.png")?;
    assert!(second_view.is(&documents[0].1));
    let pixels = heap
        .payload::<Pixels>(&second_view)?
        .expect("a thumbnail has pixels");
    say!("  same object, {} bytes of pixels", pixels.data.len());
    drop(pixels);

    say!("\nClosing forest.png and city.png (nothing is freed yet):");
    documents.retain(|(name, _)| *name == "beach.png");
    say!("  cached: {}", cache.cached_names()?);
    say!("  stats: {:?}", heap.stats().by_type);

    say!("\nCollecting:");
    let report = heap.collect();
    say!(
        "  freed {} objects, cleared {} weak references, ran {} callbacks",
        report.freed,
        report.weakrefs_cleared,
        report.callbacks_run
    );
    say!("  cached: {}", cache.cached_names()?);

    say!("\nReopening city.png, and beach.png in a third view:");
    documents.push(("city.png", cache.get("city.png")?));
    let third_view = cache.get("beach.png")?;

    let stats = heap.stats();
    say!(
        "\nhits {}, misses {}; cache holds {} thumbnails",
        cache.hits.get(),
        cache.misses.get(),
        cache.cache.len(&heap)?
    );
    say!(
        "heap: {} live objects ({} weak references), {} cycles, {} bytes of object records",
        stats.live_objects,
        stats.weakrefs,
        stats.cycles,
        stats.bytes_held
    );
    for (type_name, n) in &stats.by_type {
        say!("  {n:>3} {type_name}");
    }
    say!(
        "  (the KeyedRefs of the two evicted entries were still reachable when that\n   \
         collection marked, so the next collection frees them)"
    );

    say!("\nClosing everything:");
    drop((documents, second_view, third_view));
    let report = heap.collect();
    say!(
        "  freed {} objects; cache holds {} thumbnails",
        report.freed,
        cache.cache.len(&heap)?
    );
    Ok(OUT.with(|out| std::mem::take(&mut *out.borrow_mut())))
}

fn main() -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    print!("{}", run()?);
    Ok(())
}
