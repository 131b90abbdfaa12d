//! ex11_weak_method.py: a `WeakMethod` to a bound method dies with its instance.

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class_builder, fmt};

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class_builder(&heap)
        .method("pretty_print", |heap, args| {
            let this = args.get(0)?;
            println!(
                "Employee Details (ID : {}, Name : {}, Age : {})",
                fmt(heap, &heap.getattr(this, "emp_id")?)?,
                fmt(heap, &heap.getattr(this, "name")?)?,
                fmt(heap, &heap.getattr(this, "age")?)?
            );
            Ok(Value::None)
        })
        .build()?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let _employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let _employee3 = employee(&heap, &employee_cls, 789, "Russell", 40)?;
    let weak_method = heap.weak_method(&heap.getattr(&employee1, "pretty_print")?, None)?;
    println!("Weak Ref to Method : {}", fmt(&heap, &weak_method)?);
    println!(
        "\nMethod Ref : {}\n",
        fmt(&heap, &heap.call(&weak_method, &[])?)?
    );
    heap.call(&heap.call(&weak_method, &[])?, &[])?; // weak_method()()
    drop(employee1); // del employee1
    heap.collect();
    println!("\nWeak Ref to Method : {}", fmt(&heap, &weak_method)?);
    Ok(())
}
