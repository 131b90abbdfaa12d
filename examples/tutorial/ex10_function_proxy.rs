//! ex10_function_proxy.py: a proxy to a function is a `CallableProxyType`.

use lethe::{Builtin, Heap, Result, Value};

use crate::common::fmt;
use crate::ex09_function_ref::addition;

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let addition = addition(&heap);
    let weak_method_proxy = heap.proxy(&addition, None)?;
    println!("Method Weak Ref : {}", fmt(&heap, &weak_method_proxy)?);
    let is_proxy = heap.isinstance(&weak_method_proxy, &heap.builtin(Builtin::CallableProxy))?;
    println!(
        "\nIs weak_method_proxy proxy ? : {}",
        fmt(&heap, &Value::from(is_proxy))?
    );
    let is_proxy = heap.isinstance(&weak_method_proxy, &heap.proxy_types()?)?;
    println!(
        "\nIs weak_method_proxy proxy ? : {}",
        fmt(&heap, &Value::from(is_proxy))?
    );
    let attempt = || -> Result<()> {
        println!(
            "\nAddition of {} & {} is {}",
            10,
            20,
            fmt(
                &heap,
                &heap.call(&weak_method_proxy, &[10.into(), 20.into()])?
            )?
        );
        drop(addition); // del addition
        heap.collect();
        println!(
            "\nAddition of {} & {} is {}",
            20,
            20,
            fmt(
                &heap,
                &heap.call(&weak_method_proxy, &[10.into(), 20.into()])?
            )?
        );
        Ok(())
    };
    if let Err(e) = attempt() {
        println!("\nError : {}", e.message());
    }
    Ok(())
}
