//! The examples' output, compared with what each must print (`examples/*.expected`).
//!
//! An example whose output depends on the collector's order (when a stepped
//! collection ends, which objects it frees, the order of finalizers) is run here
//! as a test, so that a change of behaviour shows as a difference in its output.

#[allow(dead_code)] // its `main` is for `cargo run --example plugin_host`
#[path = "../examples/plugin_host.rs"]
mod plugin_host;

#[test]
fn plugin_host_prints_its_expected_output() {
    let out = plugin_host::run().expect("the example runs without error");
    assert_eq!(out, include_str!("../examples/plugin_host.expected"));
}

#[allow(dead_code)] // its `main` is for `cargo run --example cache`
#[path = "../examples/cache.rs"]
mod cache;

#[test]
fn cache_prints_its_expected_output() {
    let out = cache::run().expect("the example runs without error");
    assert_eq!(out, include_str!("../examples/cache.expected"));
}
