//! ex12_finalize.py: `weakref.finalize`, `detach()`, `alive` and `atexit`.

use std::time::{SystemTime, UNIX_EPOCH};

use lethe::{Heap, Result, Value};

use crate::common::{employee, employee_class, fmt};

/// `datetime.datetime.now()` as `str()` prints it: `YYYY-MM-DD HH:MM:SS.ffffff`
/// (in UTC: the standard library has no time zones).
fn now() -> String {
    let since_epoch = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since_epoch.as_secs();
    let (days, rem) = ((secs / 86_400) as i64, secs % 86_400);
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}.{:06}",
        rem / 3_600,
        rem / 60 % 60,
        rem % 60,
        since_epoch.subsec_micros()
    )
}

pub fn main() -> Result<()> {
    let heap = Heap::new();
    let employee_cls = employee_class(&heap)?;
    let employee1 = employee(&heap, &employee_cls, 123, "William", 30)?;
    let _employee2 = employee(&heap, &employee_cls, 456, "Dalton", 35)?;
    let _employee3 = employee(&heap, &employee_cls, 789, "Russell", 40)?;
    let optional_finalizer = heap.function("optional_finalizer", |_, _| {
        println!("This finalizer won't be executed when object will be deleted.");
        Ok(Value::None)
    });
    let log_object_deletion = heap.function("log_object_deletion", |_, _| {
        println!("Object deleted at : {}", now());
        Ok(Value::None)
    });
    let free_up_resources = heap.function("free_up_resources", |heap, args| {
        println!("\nReleasing all resources used by obejct before deleting it.");
        for arg in args.positional {
            println!("Releasing : {}", fmt(heap, arg)?);
        }
        Ok(Value::None)
    });
    let finalizer1 = heap.finalize(&employee1, &log_object_deletion, &[], &[])?;
    let finalizer2 = heap.finalize(
        &employee1,
        &free_up_resources,
        &["db".into(), "files".into()],
        &[],
    )?;
    let finalizer3 = heap.finalize(&employee1, &optional_finalizer, &[], &[])?;
    heap.finalizer_detach(&finalizer3)?;
    println!(
        "Type of Finalize Object : {} for object : {}",
        fmt(&heap, &finalizer1)?,
        fmt(&heap, &employee1)?
    );
    let alive = |f: &Value| fmt(&heap, &heap.getattr(f, "alive")?);
    let atexit = |f: &Value| fmt(&heap, &heap.getattr(f, "atexit")?);
    println!("\nIs finalizer1 alive? : {}", alive(&finalizer1)?);
    println!(
        "Will finalizer1 be executed at exit? : {}",
        atexit(&finalizer1)?
    );
    println!("\nIs finalizer2 alive? : {}", alive(&finalizer2)?);
    println!(
        "Will finalizer2 be executed at exit? : {}",
        atexit(&finalizer2)?
    );
    println!("\nIs finalizer3 alive? : {}", alive(&finalizer3)?);
    println!(
        "Will finalizer3 be executed at exit? : {}",
        atexit(&finalizer3)?
    );
    drop(employee1); // del employee1
    heap.collect();
    println!("\nIs finalizer1 alive? : {}", alive(&finalizer1)?);
    println!("Is finalizer1 alive? : {}", alive(&finalizer2)?);
    println!("Is finalizer1 alive? : {}", alive(&finalizer3)?);
    Ok(())
}
