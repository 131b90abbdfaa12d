//! Fuzzes lethe against the reference model of runtime-tests/model: the input bytes
//! decode to an operation sequence (4 bytes an operation), which runs on lethe and on
//! the model; any divergence or panic is a crash. Run from the repo root:
//!
//!     cargo +nightly fuzz run model_ops -- -max_total_time=600
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../../runtime-tests/model/mod.rs"]
mod model;

use model::Op;

fuzz_target!(|data: &[u8]| {
    let mut ops = Op::decode(data);
    ops.push(Op::Collect);
    if let Err(e) = model::check(&ops) {
        panic!("lethe diverged from the model: {e}\nregression test:\n{}", Op::to_rust(&ops));
    }
});
