//! `weakref.WeakValueDictionary`: values held through `KeyedRef`s (weak references
//! carrying their key) whose callback removes the entry when the value dies.
//!
//! Invariant: an entry's `KeyedRef` is the only weak reference the dictionary holds to
//! its value; overwriting a key replaces it, and the replaced one's callback (if it
//! ever runs) finds no entry (spec item 30).

use crate::types::Builtin;
use crate::weakref::containers::CKind;
use crate::{Heap, Result, Value};

impl Heap {
    /// `weakref.WeakValueDictionary(items)`: a mapping whose values are held weakly.
    ///
    /// When a value is collected its entry goes: `d[k]` raises `KeyError`, `k in d`
    /// is False, `len` drops, [`get`](Heap::get) gives the default. Keys are held
    /// strongly and may be any hashable value; values must be weakly referenceable.
    /// Iteration is in insertion order. The repr is `<WeakValueDictionary at 0x…>`.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Employee").build()?;
    /// let e = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[("William".into(), e.clone())])?;
    /// assert!(heap.getitem(&d, &"William".into())?.is(&e));
    /// drop(e);
    /// heap.collect();
    /// assert!(!heap.contains(&d, &"William".into())?);
    /// assert_eq!(heap.len(&d)?, 0);
    /// assert!(heap.repr(&d)?.starts_with("<WeakValueDictionary at 0x"));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_value_dict(&self, items: &[(Value, Value)]) -> Result<Value> {
        let d = self.new_container(CKind {
            b: Builtin::WeakValueDictionary,
            ephemeron: false,
        });
        for (k, v) in items {
            self.container_store(&d, k, v)?;
        }
        Ok(d)
    }

    /// `d.valuerefs()`: the `KeyedRef`s of the live values, in insertion order. Each
    /// is a weak reference (`r()` gives the value) whose `key` attribute is the key.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let v = heap.call(&cls, &[])?;
    /// let d = heap.weak_value_dict(&[("k".into(), v.clone())])?;
    /// let refs = heap.valuerefs(&d)?;
    /// assert!(heap.call(&refs[0], &[])?.is(&v));
    /// assert_eq!(heap.getattr(&refs[0], "key")?.as_str(), Some("k"));
    /// assert_eq!(heap.type_name(&refs[0]), "KeyedRef");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn valuerefs(&self, d: &Value) -> Result<Vec<Value>> {
        let d = &self.through_proxy(d)?;
        self.expect_container(d, "valuerefs", &[Builtin::WeakValueDictionary])?;
        self.live_refs(d)
    }
}
