//! The examples' output, compared with what each must print (`examples/*.expected`,
//! and the tutorial's `examples/tutorial/expected/`).
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

/// What `../shared/reference/normalize.py` does to a tutorial program's output:
/// addresses become `0x…`, a `YYYY-MM-DD HH:MM:SS[.ffffff]` time becomes `<time>`,
/// and each line loses its trailing spaces.
fn normalized(out: &str) -> String {
    let mut lines = Vec::new();
    for line in out.lines() {
        let mut s = String::new();
        let mut rest = line;
        while !rest.is_empty() {
            let hex = rest
                .strip_prefix("0x")
                .map(|r| r.len() - r.trim_start_matches(|c: char| c.is_ascii_hexdigit()).len());
            if let Some(n @ 1..) = hex {
                s.push_str("0x…");
                rest = &rest[2 + n..];
            } else if let Some(n) = time_at(rest) {
                s.push_str("<time>");
                rest = &rest[n..];
            } else {
                let c = rest.chars().next().unwrap();
                s.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
        lines.push(s.trim_end().to_string());
    }
    lines.join("\n")
}

/// The length of the `YYYY-MM-DD HH:MM:SS` time (with an optional fraction) that
/// `s` starts with.
fn time_at(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let digit = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let shape = "dddd-dd-dd?dd:dd:dd";
    let fits = shape.bytes().enumerate().all(|(i, c)| match c {
        b'd' => digit(i),
        b'?' => matches!(b.get(i), Some(b' ' | b'T')),
        c => b.get(i) == Some(&c),
    });
    if !fits {
        return None;
    }
    let mut n = shape.len();
    if b.get(n) == Some(&b'.') && digit(n + 1) {
        n += 1;
        while digit(n) {
            n += 1;
        }
    }
    Some(n)
}

/// The tutorial's twelve programs (`examples/tutorial`, built by `cargo test` with
/// the other examples) print what CPython 3.11 printed for each
/// (`examples/tutorial/expected/`, a copy of `../shared/reference/tutorial/`'s),
/// normalized as `normalize.py` normalizes both: the check `../shared/reference/
/// check-tutorial` makes, run wherever the tests run. (`cargo test --test examples`
/// alone does not rebuild the example: run the whole `cargo test`, or `cargo test
/// --no-run` first.)
#[test]
fn the_tutorial_programs_print_cpythons_output() {
    let exe = std::env::current_exe().expect("the test's own path");
    let tutorial = exe
        .parent()
        .and_then(|deps| deps.parent())
        .map(|dir| dir.join("examples").join("tutorial"))
        .expect("target/<profile>/examples");
    assert!(
        tutorial.exists(),
        "{} is missing: `cargo test` builds it with the other examples",
        tutorial.display()
    );
    let mut expected: Vec<_> = std::fs::read_dir("examples/tutorial/expected")
        .expect("examples/tutorial/expected")
        .map(|e| e.unwrap().path())
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 12);
    for (n, path) in (1..).zip(&expected) {
        let out = std::process::Command::new(&tutorial)
            .arg(n.to_string())
            .output()
            .expect("the tutorial runs");
        assert!(out.status.success(), "program {n} failed");
        let got = normalized(&String::from_utf8(out.stdout).unwrap());
        let want = std::fs::read_to_string(path).unwrap();
        assert_eq!(
            got.trim_end(),
            want.trim_end(),
            "program {n} ({}) prints other than CPython",
            path.display()
        );
    }
}
