//! ex08_weak_set.py (to be written).

pub fn main() -> lethe::Result<()> {
    Err(lethe::Error::RuntimeError("program not written yet".into()))
}
