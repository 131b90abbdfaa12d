//! The tutorial's twelve programs (`../shared/reference/tutorial/exNN_*.py`), written
//! against lethe. `cargo run --example tutorial -- N` prints program N's output; with
//! no argument all twelve run, each under a header. `RUST_LOG=lethe=debug` adds the
//! collector's log (on stderr).

mod common;
mod ex01_ref;
mod ex02_ref_callbacks;
mod ex03_weakref_count;
mod ex04_proxy;
mod ex05_proxy_callbacks;
mod ex06_weak_key_dictionary;
mod ex07_weak_value_dictionary;
mod ex08_weak_set;
mod ex09_function_ref;
mod ex10_function_proxy;
mod ex11_weak_method;
mod ex12_finalize;

use lethe::Result;

type Program = (&'static str, fn() -> Result<()>);

const PROGRAMS: [Program; 12] = [
    ("ex01_ref", ex01_ref::main),
    ("ex02_ref_callbacks", ex02_ref_callbacks::main),
    ("ex03_weakref_count", ex03_weakref_count::main),
    ("ex04_proxy", ex04_proxy::main),
    ("ex05_proxy_callbacks", ex05_proxy_callbacks::main),
    ("ex06_weak_key_dictionary", ex06_weak_key_dictionary::main),
    (
        "ex07_weak_value_dictionary",
        ex07_weak_value_dictionary::main,
    ),
    ("ex08_weak_set", ex08_weak_set::main),
    ("ex09_function_ref", ex09_function_ref::main),
    ("ex10_function_proxy", ex10_function_proxy::main),
    ("ex11_weak_method", ex11_weak_method::main),
    ("ex12_finalize", ex12_finalize::main),
];

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
        .with_writer(std::io::stderr)
        .init();
    let arg = std::env::args().nth(1);
    let selected: Vec<usize> = match arg.as_deref() {
        None => (1..=PROGRAMS.len()).collect(),
        Some(n) => match n.parse::<usize>() {
            Ok(n) if (1..=PROGRAMS.len()).contains(&n) => vec![n],
            _ => {
                eprintln!("usage: tutorial [N]   (N from 1 to {})", PROGRAMS.len());
                std::process::exit(2);
            }
        },
    };
    let with_headers = arg.is_none();
    for n in selected {
        let (name, program) = PROGRAMS[n - 1];
        if with_headers {
            println!("===== {n}: {name} =====");
        }
        if let Err(e) = program() {
            eprintln!("program {n} failed: {e}");
            std::process::exit(1);
        }
        if with_headers {
            println!();
        }
    }
}
