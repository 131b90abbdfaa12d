//! Model-based randomized test: random operation sequences run on lethe and on a
//! small reference model (runtime-tests/model), compared after every collection.
//!
//! `cargo test --test model_based` runs a CI-sized budget; `LETHE_MODEL_OPS=<n>` runs
//! about n operations in total. A failing sequence is shrunk by proptest and printed as
//! a ready-to-paste regression test. The run ends with `ops=<n> sequences=<m>
//! divergences=<d>`.

mod model;

use std::cell::Cell;

use model::{CbMode, DelMode, Op};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

fn del_mode() -> impl Strategy<Value = DelMode> {
    prop_oneof![
        4 => Just(DelMode::Absent),
        2 => Just(DelMode::Record),
        1 => Just(DelMode::Resurrect),
        1 => Just(DelMode::Fail),
    ]
}

fn cb_mode() -> impl Strategy<Value = CbMode> {
    prop_oneof![
        2 => Just(CbMode::Absent),
        4 => Just(CbMode::Record),
        1 => Just(CbMode::Fail),
        1 => Just(CbMode::Collect),
        1 => Just(CbMode::Alloc),
        1 => Just(CbMode::AllocCb),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => del_mode().prop_map(Op::NewNode),
        2 => Just(Op::NewList),
        1 => Just(Op::NewDict),
        1 => any::<u8>().prop_map(Op::NewFunc),
        8 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(from, to, slot)| Op::Link { from, to, slot }),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(from, slot)| Op::Unlink { from, slot }),
        5 => any::<u8>().prop_map(Op::DropHandle),
        5 => (any::<u8>(), cb_mode()).prop_map(|(target, cb)| Op::Ref { target, cb }),
        2 => (any::<u8>(), cb_mode()).prop_map(|(target, cb)| Op::Proxy { target, cb }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(target, cb)| Op::WeakMethod { target, cb }),
        2 => any::<u8>().prop_map(Op::DropRef),
        2 => any::<u8>().prop_map(Op::Finalize),
        1 => any::<u8>().prop_map(Op::FinalizerCall),
        1 => any::<u8>().prop_map(Op::FinalizerDetach),
        1 => any::<u8>().prop_map(Op::DropFinalizer),
        2 => Just(Op::Collect),
        1 => (1u16..400).prop_map(Op::Steps),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(key, target)| Op::WvdSet { key, target }),
        1 => any::<u8>().prop_map(Op::WvdDel),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(target, value)| Op::WkdSet { target, value }),
        1 => any::<u8>().prop_map(Op::WkdDel),
        2 => any::<u8>().prop_map(Op::WsAdd),
        1 => any::<u8>().prop_map(Op::WsDiscard),
        1 => any::<u8>().prop_map(Op::IterCollect),
    ]
}

#[test]
fn model_based() {
    let total_ops: u64 = std::env::var("LETHE_MODEL_OPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60_000);
    let max_len = 120usize;
    let cases = (total_ops / (max_len as u64 / 2)).max(1) as u32;
    let ops_run = Cell::new(0u64);
    let sequences = Cell::new(0u64);
    let mut runner = TestRunner::new(Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    });
    let strategy = proptest::collection::vec(op(), 1..max_len).prop_map(|mut ops| {
        ops.push(Op::Collect);
        ops
    });
    let result = runner.run(&strategy, |ops| {
        ops_run.set(ops_run.get() + ops.len() as u64);
        sequences.set(sequences.get() + 1);
        model::check(&ops).map_err(TestCaseError::fail)
    });
    let divergences = u32::from(result.is_err());
    println!(
        "ops={} sequences={} divergences={}",
        ops_run.get(),
        sequences.get(),
        divergences
    );
    if let Err(e) = result {
        let shrunk = match &e {
            proptest::test_runner::TestError::Fail(_, ops) => Op::to_rust(ops),
            other => format!("{other:?}"),
        };
        panic!("lethe diverged from the model: {e}\nregression test:\n{shrunk}");
    }
}

/// Regressions found by the model-based test and the fuzzer.
mod regressions {
    use super::model::{self, CbMode, DelMode, Op};

    #[test]
    fn resurrected_object_keeps_old_refs_dead() {
        model::check(&[
            Op::NewNode(DelMode::Resurrect),
            Op::Ref {
                target: 0,
                cb: CbMode::Record,
            },
            Op::DropHandle(0),
            Op::Collect,
            Op::Collect,
        ])
        .unwrap();
    }

    #[test]
    fn callbacks_in_allocation_order_newest_first() {
        model::check(&[
            Op::NewNode(DelMode::Absent),
            Op::NewNode(DelMode::Absent),
            Op::Ref {
                target: 1,
                cb: CbMode::Record,
            },
            Op::Ref {
                target: 0,
                cb: CbMode::Record,
            },
            Op::Ref {
                target: 0,
                cb: CbMode::Fail,
            },
            Op::Finalize(1),
            Op::DropHandle(0),
            Op::DropHandle(0),
            Op::Steps(3),
        ])
        .unwrap();
    }
}
