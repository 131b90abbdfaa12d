//! ex03_weakref_count.py: callback-less refs are shared; `getweakrefcount` and
//! `getweakrefs`.

use lethe::{Builtin, Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let _employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let e1_weak1 = heap.weakref(&employee1, None)?;
    let e1_weak3 = heap.weakref(&employee1, None)?;
    let e1_weak2 = heap.weakref(&employee1, None)?;
    println!("WeakRef 1 : {}", fmt(&heap, &e1_weak1)?);
    println!("WeakRef 2 : {}", fmt(&heap, &e1_weak2)?);
    println!("WeakRef 3 : {}", fmt(&heap, &e1_weak3)?);
    let is_ref = heap.isinstance(&e1_weak1, &heap.builtin(Builtin::Ref))?;
    println!(
        "\nIs e1_weak1 weak ref ? : {}",
        fmt(&heap, &Value::from(is_ref))?
    );
    println!(
        "\nNumber of Weak References to employee1 : {}",
        heap.getweakrefcount(&employee1)?
    );
    let refs = heap.list(&heap.getweakrefs(&employee1)?)?;
    println!("\nWeak References to Object : {}", fmt(&heap, &refs)?);
    Ok(())
}
