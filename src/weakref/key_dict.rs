//! `weakref.WeakKeyDictionary`: keys held through weak references whose callback
//! removes the entry when the key dies; and its ephemeron mode.
//!
//! Invariant: an entry keeps the first key object stored under it (a later equal key
//! only replaces the value) and goes when that object dies. In the default mode the
//! value is held strongly, so a value that references its own key keeps the entry
//! alive forever (CPython's behaviour, cpython issue 88846). In ephemeron mode an
//! object value is held weakly by the entry and the collector marks it only while the
//! key is reachable ([`mark_ephemerons`](super::containers::mark_ephemerons)), so such
//! an entry dies with its key.

use crate::types::Builtin;
use crate::weakref::containers::CKind;
use crate::{Heap, Result, Value};

impl Heap {
    /// `weakref.WeakKeyDictionary(items)`: a mapping whose keys are held weakly.
    ///
    /// Keys must be weakly referenceable (`TypeError` on get/set/delete otherwise;
    /// `in` gives False) and match by the referent's equality and hash. The value is
    /// held strongly: a value that references its key keeps the entry alive (see
    /// [`weak_key_dict_ephemeron`](Heap::weak_key_dict_ephemeron)).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Employee").build()?;
    /// let e = heap.call(&cls, &[])?;
    /// let d = heap.weak_key_dict(&[(e.clone(), "William".into())])?;
    /// assert_eq!(heap.getitem(&d, &e)?.as_str(), Some("William"));
    /// assert!(!heap.contains(&d, &34.into())?);
    /// assert_eq!(heap.getitem(&d, &34.into()).unwrap_err().to_string(),
    ///            "TypeError: cannot create weak reference to 'int' object");
    /// drop(e);
    /// heap.collect();
    /// assert_eq!(heap.len(&d)?, 0);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_key_dict(&self, items: &[(Value, Value)]) -> Result<Value> {
        self.make_key_dict(items, false)
    }

    /// A `WeakKeyDictionary` in ephemeron mode: an entry's value is kept alive only
    /// while its key is reachable from outside the entry, so a value that references
    /// its own key no longer keeps the entry (and both objects) alive.
    ///
    /// Cost: each collection, after marking, visits every entry of every live
    /// ephemeron dictionary once per round, with one round per link of the longest
    /// chain "value reaches another entry's key" (plus one), each followed by a
    /// marking pass; a heap without ephemeron dictionaries pays nothing measurable.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("Node").build()?;
    /// let plain = heap.weak_key_dict(&[])?;
    /// let eph = heap.weak_key_dict_ephemeron(&[])?;
    /// for d in [&plain, &eph] {
    ///     let key = heap.call(&cls, &[])?;
    ///     let value = heap.call(&cls, &[])?;
    ///     heap.setattr(&value, "owner", &key)?;     // the value references its key
    ///     heap.setitem(d, &key, &value)?;
    /// }
    /// heap.collect();
    /// assert_eq!(heap.len(&plain)?, 1);              // CPython's leak, on purpose
    /// assert_eq!(heap.len(&eph)?, 0);                // dies with its key
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn weak_key_dict_ephemeron(&self, items: &[(Value, Value)]) -> Result<Value> {
        self.make_key_dict(items, true)
    }

    fn make_key_dict(&self, items: &[(Value, Value)], ephemeron: bool) -> Result<Value> {
        let d = self.new_container(CKind {
            b: Builtin::WeakKeyDictionary,
            ephemeron,
        });
        for (k, v) in items {
            self.container_store(&d, k, v)?;
        }
        Ok(d)
    }

    /// `d.keyrefs()`: weak references to the live keys, in insertion order.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let cls = heap.class("C").build()?;
    /// let k = heap.call(&cls, &[])?;
    /// let d = heap.weak_key_dict(&[(k.clone(), 1.into())])?;
    /// let refs = heap.keyrefs(&d)?;
    /// assert!(heap.call(&refs[0], &[])?.is(&k));
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn keyrefs(&self, d: &Value) -> Result<Vec<Value>> {
        let d = &self.through_proxy(d)?;
        self.expect_container(d, "keyrefs", &[Builtin::WeakKeyDictionary])?;
        self.live_refs(d)
    }

    /// Whether `d` is a `WeakKeyDictionary` in ephemeron mode.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// assert!(heap.is_ephemeron(&heap.weak_key_dict_ephemeron(&[])?)?);
    /// assert!(!heap.is_ephemeron(&heap.weak_key_dict(&[])?)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn is_ephemeron(&self, d: &Value) -> Result<bool> {
        Ok(self.ckind(d)?.is_some_and(|k| k.ephemeron))
    }
}
