//! `bytes`: CPython 3.11's immutable sequence of bytes, as a heap object
//! (`Kind::Bytes`, its bytes shared behind an `Rc<[u8]>`).
//!
//! Here: making one ([`Heap::bytes`]) and reading one back ([`Heap::as_bytes`]); the
//! constructor `bytes(…)` with CPython's argument binding, checks and messages
//! (`__bytes__`, a count, an iterable of ints, a str with an encoding); the repr;
//! the hash; the search methods (`count`, `find`, `index`, `startswith`…) and
//! `decode`, with the codecs lethe has: UTF-8, ASCII and Latin-1. The protocols
//! (`len`, `in`, indexing, comparisons, iteration, `+` and `*`) are where the other
//! builtin types' are (`protocols/`, `ordering.rs`, `iteration.rs`,
//! `arithmetic.rs`), each reading the bytes out of the arena first.
//!
//! Invariant: a `bytes` object never changes; it holds no object (nothing to trace)
//! and cannot be weakly referenced or subclassed.

use std::rc::Rc;

use crate::object::{Kind, Val};
use crate::repr::tp_name;
use crate::{Error, Heap, Result, Value};

/// The keyword arguments of a call.
type Kwargs = [(Rc<str>, Value)];

/// The most bytes `bytes(n)` or a repetition makes (as `arithmetic.rs`'s
/// `MAX_REPEAT`): past it, `MemoryError` at once.
const MAX_BYTES: u128 = 1 << 32;

/// CPython's `PyBytesObject_SIZE` (a bytes object's header and its closing NUL):
/// `bytes(n)` past `sys.maxsize - 33` is an `OverflowError`.
const HEADER: i64 = 33;

/// CPython's `bytes_repr`: `b'…'`, in double quotes if the bytes hold a `'` and no
/// `"`; `\\`, the quote, `\t`, `\n`, `\r` escaped, any other byte below 0x20 or from
/// 0x7f as `\xhh`.
pub(crate) fn repr_bytes(b: &[u8]) -> String {
    let quote = if b.contains(&b'\'') && !b.contains(&b'"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(b.len() + 3);
    out.push('b');
    out.push(quote);
    for &c in b {
        match c {
            b'\\' => out.push_str("\\\\"),
            c if c as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            b'\t' => out.push_str("\\t"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            c if !(0x20..0x7f).contains(&c) => out.push_str(&format!("\\x{c:02x}")),
            c => out.push(c as char),
        }
    }
    out.push(quote);
    out
}

/// The hash of some bytes (and of a str, by the bytes of CPython's representation
/// of it: `protocols::hashing::hash_str`): CPython 3.11's `_Py_HashBytes` with its hash
/// secret zero, as `PYTHONHASHSEED=0` makes it: 0 for none, else SipHash-1-3
/// keyed with zeros (CPython's, whose "modified" finish xors the four words), -1
/// made -2. (CPython draws the key at random per process unless
/// `PYTHONHASHSEED` is set; lethe's is fixed, so its hashes, and the order of a
/// set of strs, are those of `PYTHONHASHSEED=0 python3`.)
pub(crate) fn hash_bytes(b: &[u8]) -> i64 {
    if b.is_empty() {
        return 0;
    }
    let h = siphash13(b) as i64;
    if h == -1 { -2 } else { h }
}

/// CPython's `siphash13` (`Python/pyhash.c`) with both key words zero.
fn siphash13(src: &[u8]) -> u64 {
    #[inline(always)]
    fn round(v: &mut [u64; 4]) {
        v[0] = v[0].wrapping_add(v[1]);
        v[2] = v[2].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(13) ^ v[0];
        v[3] = v[3].rotate_left(16) ^ v[2];
        v[0] = v[0].rotate_left(32);
        v[2] = v[2].wrapping_add(v[1]);
        v[0] = v[0].wrapping_add(v[3]);
        v[1] = v[1].rotate_left(17) ^ v[2];
        v[3] = v[3].rotate_left(21) ^ v[0];
        v[2] = v[2].rotate_left(32);
    }
    let mut v = [
        0x736f_6d65_7073_6575,
        0x646f_7261_6e64_6f6d,
        0x6c79_6765_6e65_7261,
        0x7465_6462_7974_6573,
    ];
    let mut chunks = src.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let m = u64::from_le_bytes(word);
        v[3] ^= m;
        round(&mut v);
        v[0] ^= m;
    }
    let mut last = [0u8; 8];
    let rest = chunks.remainder();
    last[..rest.len()].copy_from_slice(rest);
    let b = ((src.len() as u64) << 56) | u64::from_le_bytes(last);
    v[3] ^= b;
    round(&mut v);
    v[0] ^= b;
    v[2] ^= 0xff;
    round(&mut v);
    round(&mut v);
    round(&mut v);
    v[0] ^ v[1] ^ v[2] ^ v[3]
}

/// The bytes of `v` if it is a `bytes` object.
pub(crate) fn bytes_of(v: &Val<'_>) -> Option<Rc<[u8]>> {
    match v {
        Val::Obj(o) => match &o.borrow().kind {
            Kind::Bytes(b) => Some(b.clone()),
            _ => None,
        },
        _ => None,
    }
}

/// CPython's `ADJUST_INDICES`: a slice's bounds, clamped to `0..=len`.
fn adjust(start: i64, end: i64, len: i64) -> (i64, i64) {
    let end = if end > len {
        len
    } else if end < 0 {
        (end + len).max(0)
    } else {
        end
    };
    let start = if start < 0 {
        (start + len).max(0)
    } else {
        start
    };
    (start, end)
}

/// Where `needle` first (or, `last`, last) occurs in `hay`, in time linear in both
/// (as CPython's `fastsearch`; a naive scan is quadratic on `b'a' * n`): `memchr`'s
/// `memmem` searchers.
fn search(hay: &[u8], needle: &[u8], last: bool) -> Option<usize> {
    if last {
        memchr::memmem::rfind(hay, needle)
    } else {
        memchr::memmem::find(hay, needle)
    }
}

/// Which encoding `name` is (CPython's codec lookup, for the codecs lethe has), or
/// CPython's `LookupError`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Codec {
    Utf8,
    Ascii,
    Latin1,
}

/// CPython's normalization of an encoding's name (`encodings.normalize_encoding`
/// after the codec registry's ASCII lower-casing): letters, digits and `.` kept, each
/// run of anything else between two of them one `_`. `fast` is `unicodeobject.c`'s
/// own (`_Py_normalize_encoding`), to which a non-ASCII character is punctuation;
/// to the registry's it is dropped, a letter or digit, else punctuation.
fn normalize_encoding(name: &str, fast: bool) -> String {
    let mut norm = String::new();
    let mut punct = false;
    for c in name.chars() {
        let kept = if fast {
            c.is_ascii_alphanumeric()
        } else {
            c.is_alphanumeric()
        };
        if kept || c == '.' {
            if punct && !norm.is_empty() {
                norm.push('_');
            }
            if c.is_ascii() {
                norm.push(c.to_ascii_lowercase());
            }
            punct = false;
        } else {
            punct = true;
        }
    }
    norm
}

impl Codec {
    /// The codec named `name`: `unicodeobject.c`'s fast paths, then the registry's
    /// search (`encodings.search_function`: the aliases, with `.` as `_` too, then
    /// the modules `utf_8`, `ascii` and `latin_1`).
    fn find(name: &str) -> Result<Codec> {
        let fast = Codec::fast(name);
        let alias = |n: &str| match n {
            "u8" | "utf" | "utf8" | "utf8_ucs2" | "utf8_ucs4" | "cp65001" => Some(Codec::Utf8),
            "646" | "ansi_x3.4_1968" | "ansi_x3.4_1986" | "ansi_x3_4_1968" | "cp367"
            | "csascii" | "ibm367" | "iso646_us" | "iso_646.irv_1991" | "iso_ir_6" | "us"
            | "us_ascii" => Some(Codec::Ascii),
            "8859" | "cp819" | "csisolatin1" | "ibm819" | "iso8859" | "iso8859_1"
            | "iso_8859_1" | "iso_8859_1_1987" | "iso_ir_100" | "l1" | "latin" | "latin1" => {
                Some(Codec::Latin1)
            }
            _ => None,
        };
        let norm = normalize_encoding(name, false);
        fast.or_else(|| alias(&norm))
            .or_else(|| alias(&norm.replace('.', "_")))
            .or(match norm.as_str() {
                "utf_8" => Some(Codec::Utf8),
                "ascii" => Some(Codec::Ascii),
                "latin_1" => Some(Codec::Latin1),
                _ => None,
            })
            .ok_or_else(|| lookup_error(format!("unknown encoding: {name}")))
    }

    /// The codec named `name` if `unicodeobject.c` reaches it by a fast path,
    /// without the codec registry.
    fn fast(name: &str) -> Option<Codec> {
        match normalize_encoding(name, true).as_str() {
            "utf_8" | "utf8" => Some(Codec::Utf8),
            "ascii" | "us_ascii" => Some(Codec::Ascii),
            "latin1" | "latin_1" | "iso_8859_1" | "iso8859_1" => Some(Codec::Latin1),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Codec::Utf8 => "utf-8",
            Codec::Ascii => "ascii",
            Codec::Latin1 => "latin-1",
        }
    }
}

fn lookup_error(message: String) -> Error {
    Error::Custom {
        name: "LookupError".into(),
        message,
    }
}

/// How an encoding or decoding error is handled (`errors=`): the handlers lethe has.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Handler {
    Strict,
    Ignore,
    Replace,
}

impl Handler {
    /// The handler named `name`; CPython looks it up only when an error happens, so
    /// an unknown name is refused then (`unknown()`).
    fn find(name: &str) -> Option<Handler> {
        match name {
            "strict" => Some(Handler::Strict),
            "ignore" => Some(Handler::Ignore),
            "replace" => Some(Handler::Replace),
            _ => None,
        }
    }
}

/// A C string argument (Argument Clinic's `str` converter): no NUL in it.
pub(crate) fn no_nul(s: String) -> Result<String> {
    match s.contains('\0') {
        true => Err(Error::ValueError("embedded null character".into())),
        false => Ok(s),
    }
}

/// The error handler `name` is unknown, met while `op` (`"encoding"`,
/// `"decoding"`) with `encoding`: a codec the registry found (no fast path) wraps
/// the error as CPython's `wrap_codec_error` does (`decoding with 'U8' codec failed
/// (LookupError: …)`).
fn unknown_handler(name: &str, op: &str, encoding: &str) -> Error {
    let e = lookup_error(format!("unknown error handler name '{name}'"));
    match Codec::fast(encoding) {
        Some(_) => e,
        None => lookup_error(format!("{op} with '{encoding}' codec failed ({e})")),
    }
}

/// A character as CPython's codec errors show it: `'\xe9'`, `'\u20ac'`, `'\U0001f600'`.
fn char_escape(c: char) -> String {
    let n = c as u32;
    if n < 0x100 {
        format!("\\x{n:02x}")
    } else if n < 0x10000 {
        format!("\\u{n:04x}")
    } else {
        format!("\\U{n:08x}")
    }
}

/// Encodes `text` (`str.encode(encoding, errors)`, `bytes(text, encoding, errors)`).
pub(crate) fn encode(text: &str, encoding: &str, errors: &str) -> Result<Vec<u8>> {
    let codec = Codec::find(encoding)?;
    let limit: u32 = match codec {
        Codec::Utf8 => return Ok(text.as_bytes().to_vec()),
        Codec::Ascii => 0x80,
        Codec::Latin1 => 0x100,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            i += 1;
            continue;
        }
        // The run of characters the codec cannot encode, as CPython reports it.
        let end = (i..chars.len())
            .find(|&j| (chars[j] as u32) < limit)
            .unwrap_or(chars.len());
        match Handler::find(errors) {
            Some(Handler::Strict) => {
                let what = if end - i == 1 {
                    format!("character '{}' in position {i}", char_escape(c))
                } else {
                    format!("characters in position {i}-{}", end - 1)
                };
                return Err(Error::Custom {
                    name: "UnicodeEncodeError".into(),
                    message: format!(
                        "'{}' codec can't encode {what}: ordinal not in range({limit})",
                        codec.name()
                    ),
                });
            }
            Some(Handler::Ignore) => {}
            Some(Handler::Replace) => out.extend(std::iter::repeat_n(b'?', end - i)),
            None => return Err(unknown_handler(errors, "encoding", encoding)),
        }
        i = end;
    }
    Ok(out)
}

/// Decodes `data` (`bytes.decode(encoding, errors)`), with CPython's
/// `UnicodeDecodeError` messages (a UTF-8 error covers the maximal invalid
/// subsequence, as CPython's decoder and Rust's agree).
pub(crate) fn decode(data: &[u8], encoding: &str, errors: &str) -> Result<String> {
    // (`PyUnicode_Decode`: no bytes, no codec looked up.)
    if data.is_empty() {
        return Ok(String::new());
    }
    let codec = Codec::find(encoding)?;
    let fail = |start: usize, end: usize, reason: &str| {
        let what = if end - start == 1 {
            format!("byte 0x{:02x} in position {start}", data[start])
        } else {
            format!("bytes in position {start}-{}", end - 1)
        };
        Error::Custom {
            name: "UnicodeDecodeError".into(),
            message: format!("'{}' codec can't decode {what}: {reason}", codec.name()),
        }
    };
    match codec {
        Codec::Latin1 => Ok(data.iter().map(|&b| b as char).collect()),
        Codec::Ascii => {
            let mut out = String::with_capacity(data.len());
            for (i, &b) in data.iter().enumerate() {
                if b < 0x80 {
                    out.push(b as char);
                    continue;
                }
                match Handler::find(errors) {
                    Some(Handler::Strict) => {
                        return Err(fail(i, i + 1, "ordinal not in range(128)"));
                    }
                    Some(Handler::Ignore) => {}
                    Some(Handler::Replace) => out.push('\u{fffd}'),
                    None => return Err(unknown_handler(errors, "decoding", encoding)),
                }
            }
            Ok(out)
        }
        Codec::Utf8 => {
            let mut out = String::with_capacity(data.len());
            let mut at = 0;
            for chunk in data.utf8_chunks() {
                out.push_str(chunk.valid());
                at += chunk.valid().len();
                let bad = chunk.invalid();
                if bad.is_empty() {
                    continue;
                }
                match Handler::find(errors) {
                    Some(Handler::Strict) => {
                        let first = bad[0];
                        let reason = if (0x80..0xc2).contains(&first) || first >= 0xf5 {
                            "invalid start byte"
                        } else if at + bad.len() == data.len() {
                            "unexpected end of data"
                        } else {
                            "invalid continuation byte"
                        };
                        return Err(fail(at, at + bad.len(), reason));
                    }
                    Some(Handler::Ignore) => {}
                    Some(Handler::Replace) => out.push('\u{fffd}'),
                    None => return Err(unknown_handler(errors, "decoding", encoding)),
                }
                at += bad.len();
            }
            Ok(out)
        }
    }
}

/// Binds a call of an Argument Clinic function `fname(names…)` whose parameters may
/// all be given by position or keyword, none required, with CPython's messages and
/// their order (`_PyArg_UnpackKeywords`): too many, then a parameter given by
/// position and by name, then an unknown keyword.
fn clinic(
    fname: &str,
    names: &[&str],
    args: &[Value],
    kwargs: &Kwargs,
) -> Result<Vec<Option<Value>>> {
    let total = args.len() + kwargs.len();
    if total > names.len() {
        return Err(Error::TypeError(format!(
            "{fname}() takes at most {} {}argument{} ({total} given)",
            names.len(),
            if args.is_empty() { "keyword " } else { "" },
            if names.len() == 1 { "" } else { "s" }
        )));
    }
    let mut out: Vec<Option<Value>> = vec![None; names.len()];
    for (i, (slot, a)) in out.iter_mut().zip(args).enumerate() {
        *slot = Some(a.clone());
        if let Some((k, _)) = kwargs.iter().find(|(k, _)| **k == *names[i]) {
            return Err(Error::TypeError(format!(
                "argument for {fname}() given by name ('{k}') and position ({})",
                i + 1
            )));
        }
    }
    for (k, v) in kwargs {
        match names.iter().position(|n| **n == **k) {
            Some(i) => out[i] = Some(v.clone()),
            None => {
                return Err(Error::TypeError(format!(
                    "'{k}' is an invalid keyword argument for {fname}()"
                )));
            }
        }
    }
    Ok(out)
}

impl Heap {
    /// A new `bytes` object holding `data` (Python's `bytes`, immutable).
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let b = heap.bytes(b"it's\n")?;
    /// assert_eq!(heap.repr(&b)?, r#"b"it's\n""#);
    /// assert_eq!(heap.len(&b)?, 5);
    /// assert_eq!(heap.getitem(&b, &0.into())?.as_int(), Some(105));
    /// assert!(heap.eq(&b, &heap.bytes(b"it's\n")?)?);
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn bytes(&self, data: &[u8]) -> Result<Value> {
        Ok(self.new_bytes(Rc::from(data)))
    }

    pub(crate) fn new_bytes(&self, data: Rc<[u8]>) -> Value {
        self.with(|cx| cx.value(&Val::Obj(cx.alloc(Kind::Bytes(data), None))))
    }

    /// The bytes a `bytes` object holds; `TypeError: a bytes-like object is
    /// required, not 'X'` for anything else.
    ///
    /// ```
    /// let heap = lethe::Heap::new();
    /// let b = heap.bytes(&[0, 255])?;
    /// assert_eq!(heap.as_bytes(&b)?, vec![0, 255]);
    /// let err = heap.as_bytes(&"ab".into()).unwrap_err();
    /// assert_eq!(err.to_string(), "TypeError: a bytes-like object is required, not 'str'");
    /// # Ok::<(), lethe::Error>(())
    /// ```
    pub fn as_bytes(&self, v: &Value) -> Result<Vec<u8>> {
        Ok(self.bytes_data(v)?.to_vec())
    }

    /// The shared bytes of `bytes` object `v`, or CPython's `TypeError`.
    pub(crate) fn bytes_data(&self, v: &Value) -> Result<Rc<[u8]>> {
        self.with(|cx| {
            let x = cx.val(v)?;
            bytes_of(&x).ok_or_else(|| {
                Error::TypeError(format!(
                    "a bytes-like object is required, not '{}'",
                    tp_name(cx, &x)
                ))
            })
        })
    }

    /// The bytes of `v` if it is a `bytes` object.
    pub(crate) fn try_bytes(&self, v: &Value) -> Result<Option<Rc<[u8]>>> {
        let Value::Obj(_) = v else { return Ok(None) };
        self.with(|cx| Ok(bytes_of(&cx.val(v)?)))
    }

    /// An optional str argument `name` of `fname()` (Argument Clinic's `str`
    /// converter): `bytes() argument 'encoding' must be str, not int` (`not None`
    /// for None), and no NUL in it.
    pub(crate) fn str_arg(
        &self,
        fname: &str,
        name: &str,
        v: Option<&Value>,
    ) -> Result<Option<String>> {
        let Some(v) = v else { return Ok(None) };
        match self.str_text(v)? {
            Some(t) => Ok(Some(no_nul(t.to_string())?)),
            None => Err(Error::TypeError(format!(
                "{fname}() argument '{name}' must be str, not {}",
                if v.is_none() {
                    "None".into()
                } else {
                    self.type_name(v)
                }
            ))),
        }
    }

    /// `bytes(source=…, encoding=…, errors=…)`, as CPython 3.11's `bytes_new_impl`.
    pub(crate) fn construct_bytes(&self, args: &[Value], kwargs: &Kwargs) -> Result<Value> {
        let p = clinic("bytes", &["source", "encoding", "errors"], args, kwargs)?;
        let encoding = self.str_arg("bytes", "encoding", p[1].as_ref())?;
        let errors = self.str_arg("bytes", "errors", p[2].as_ref())?;
        let Some(x) = &p[0] else {
            if encoding.is_some() || errors.is_some() {
                return Err(Error::TypeError(
                    if encoding.is_some() {
                        "encoding without a string argument"
                    } else {
                        "errors without a string argument"
                    }
                    .into(),
                ));
            }
            return self.bytes(b"");
        };
        let text = self.str_text(x)?;
        if let Some(encoding) = encoding {
            let Some(text) = text else {
                return Err(Error::TypeError(
                    "encoding without a string argument".into(),
                ));
            };
            let data = encode(&text, &encoding, errors.as_deref().unwrap_or("strict"))?;
            return self.bytes(&data);
        }
        if errors.is_some() {
            return Err(Error::TypeError(
                if text.is_some() {
                    "string argument without an encoding"
                } else {
                    "errors without a string argument"
                }
                .into(),
            ));
        }
        // `__bytes__`, looked up on the type: a proxy's (`proxy_bytes`: its
        // referent's `__bytes__` method, `ReferenceError` once dead), a user class's,
        // or a bytes object's own (itself).
        enum Special {
            Proxy(Value),
            Call(Value),
            Itself,
            None,
        }
        let special = self.with(|cx| -> Result<Special> {
            let Val::Obj(o) = cx.val(x)? else {
                return Ok(Special::None);
            };
            let data = o.borrow();
            if let Some(t) = data.kind.proxy_target(cx.mc) {
                let t = t.ok_or_else(Error::dead_referent)?;
                return Ok(Special::Proxy(cx.value(&Val::Obj(t))));
            }
            if matches!(data.kind, Kind::Bytes(_)) {
                return Ok(Special::Itself);
            }
            if data.class.is_some()
                && let Some(m) = crate::protocols::find_in_class(cx, o, "__bytes__")
            {
                drop(data);
                return Ok(Special::Call(crate::protocols::bind(cx, &m, o)));
            }
            Ok(Special::None)
        })?;
        let made = match special {
            Special::Itself => return Ok(x.clone()),
            Special::Proxy(t) => Some(self.call_method(&t, "__bytes__", &[])?),
            Special::Call(m) => Some(self.call(&m, &[])?),
            Special::None => None,
        };
        if let Some(b) = made {
            if self.try_bytes(&b)?.is_none() {
                return Err(Error::TypeError(format!(
                    "__bytes__ returned non-bytes (type {})",
                    self.type_name(&b)
                )));
            }
            return Ok(b);
        }
        if text.is_some() {
            return Err(Error::TypeError(
                "string argument without an encoding".into(),
            ));
        }
        // A count: that many zero bytes.
        if self.has_index(x) {
            match self.as_index(x) {
                Ok(n) if n < 0 => return Err(Error::ValueError("negative count".into())),
                Ok(n) if n > i64::MAX - HEADER => {
                    return Err(Error::OverflowError("byte string is too large".into()));
                }
                Ok(n) => {
                    if n as u128 > MAX_BYTES {
                        return Err(Error::MemoryError(String::new()));
                    }
                    return self.bytes(&vec![0; n as usize]);
                }
                // (A `TypeError` from `__index__` falls through to the iterable.)
                Err(Error::TypeError(_)) => {}
                Err(e) => return Err(e),
            }
        }
        self.bytes_from_iterable(x)
    }

    /// CPython's `PyBytes_FromObject` for what is not bytes: a tuple's items, else
    /// any iterable's, each an integer in `range(0, 256)`. A list, dict or set is
    /// read live, as its iterator reads it, since an item's `__index__` may change
    /// it: a list's items added or removed meanwhile are read or not (as
    /// `_PyBytes_FromList`, which rereads the size at each item), a dict's or set's
    /// change is the iterator's `RuntimeError`.
    fn bytes_from_iterable(&self, x: &Value) -> Result<Value> {
        let cannot = || {
            Error::TypeError(format!(
                "cannot convert '{}' object to bytes",
                self.type_name(x)
            ))
        };
        let byte = |v: &Value| -> Result<u8> {
            let n = self.as_index(v)?;
            u8::try_from(n).map_err(|_| Error::ValueError("bytes must be in range(0, 256)".into()))
        };
        let mut out = Vec::new();
        // (An exact tuple is read whole; anything else, a list whose items'
        // `__index__` may change it as one whose length hint runs user code, by the
        // protocol.)
        let tuple = self.with(|cx| -> Result<Option<Vec<Value>>> {
            let Val::Obj(o) = cx.val(x)? else {
                return Ok(None);
            };
            let data = o.borrow();
            Ok(match &data.kind {
                Kind::Tuple(items) if data.class.is_none() => Some(cx.values(items)),
                _ => None,
            })
        })?;
        match tuple {
            Some(items) => {
                for v in &items {
                    out.push(byte(v)?);
                }
            }
            None => {
                let it = self.iterator(x).map_err(|e| match e {
                    Error::TypeError(_) => cannot(),
                    e => e,
                })?;
                // (`_PyBytes_FromIterator` sizes the bytes by the length hint.)
                // (Of `x` itself: a proxy's hint is its referent's length alone.)
                if self.hint_asks_user(x)? {
                    crate::iteration::reserve_hint(&mut out, self.length_hint(x, 64)?)?;
                }
                while let Some(v) = self.next(&it)? {
                    out.push(byte(&v)?);
                }
            }
        }
        self.bytes(&out)
    }

    /// `item in b` for bytes `b` (CPython's `_Py_bytes_contains`): an integer is a
    /// byte (`ValueError` outside `range(0, 256)`), else `item` must be bytes,
    /// found as a subsequence (so an `__index__` that fails is a `TypeError`: a
    /// bytes-like object is required).
    pub(crate) fn bytes_contains(&self, b: &[u8], item: &Value) -> Result<bool> {
        if self.has_index(item)
            && let Ok(n) = self.as_index(item)
        {
            let c = u8::try_from(n)
                .map_err(|_| Error::ValueError("byte must be in range(0, 256)".into()))?;
            return Ok(b.contains(&c));
        }
        let sub = self.bytes_data(item)?;
        Ok(search(b, &sub, false).is_some())
    }

    /// `b[key]` for bytes `b`: the byte at an integer index (negative from the end)
    /// as an int.
    pub(crate) fn bytes_item(&self, b: &[u8], key: &Value) -> Result<Value> {
        if !self.has_index(key) {
            return Err(Error::TypeError(format!(
                "byte indices must be integers or slices, not {}",
                self.type_name(key)
            )));
        }
        let i = self.as_index(key)?;
        let n = b.len() as i64;
        let i = if i < 0 { i + n } else { i };
        match usize::try_from(i).ok().and_then(|i| b.get(i)) {
            Some(c) => Ok(Value::Int(i64::from(*c))),
            None => Err(Error::IndexError("index out of range".into())),
        }
    }

    /// `a + b` of bytes `a` (`me`): `b` must be bytes (`can't concat str to
    /// bytes`); either one is the result when the other is empty, as in CPython.
    pub(crate) fn bytes_concat(&self, me: &Value, a: &[u8], b: &Value) -> Result<Value> {
        let Some(other) = self.try_bytes(b)? else {
            return Err(Error::TypeError(format!(
                "can't concat {} to bytes",
                self.type_name(b)
            )));
        };
        if a.is_empty() {
            return Ok(b.clone());
        }
        if other.is_empty() {
            return Ok(me.clone());
        }
        let mut out = Vec::with_capacity(a.len() + other.len());
        out.extend_from_slice(a);
        out.extend_from_slice(&other);
        self.bytes(&out)
    }

    /// `b * n` of bytes `b` (`me`; `n` already an integer; `n <= 0` gives `b''`):
    /// `me` itself when as long (CPython's `bytes_repeat`), `OverflowError` past
    /// `sys.maxsize` bytes.
    pub(crate) fn bytes_repeat(&self, me: &Value, b: &[u8], n: i64) -> Result<Value> {
        let n = n.max(0) as u128;
        let total = b.len() as u128 * n;
        if total > i64::MAX as u128 {
            return Err(Error::OverflowError("repeated bytes are too long".into()));
        }
        if total == b.len() as u128 {
            return Ok(me.clone());
        }
        if total > MAX_BYTES {
            return Err(Error::MemoryError(String::new()));
        }
        let total = total as usize;
        let mut out = Vec::new();
        out.try_reserve_exact(total)
            .map_err(|_| Error::MemoryError(String::new()))?;
        if total > 0 {
            out.extend_from_slice(b);
        }
        // Doubling what is there, as CPython's `_PyBytes_Repeat`.
        while out.len() < total {
            out.extend_from_within(..out.len().min(total - out.len()));
        }
        self.bytes(&out)
    }

    /// A slice bound of the search methods (`None` is none): CPython's
    /// `_PyEval_SliceIndex`.
    fn slice_bound(&self, v: Option<&Value>, default: i64) -> Result<i64> {
        match v {
            None | Some(Value::None) => Ok(default),
            Some(v) if self.has_index(v) => self.as_index(v),
            Some(_) => Err(Error::TypeError(
                "slice indices must be integers or None or have an __index__ method".into(),
            )),
        }
    }

    /// The needle of `count`, `find`, `index`, `rfind`, `rindex`: bytes, or an int
    /// for one byte.
    fn needle(&self, v: &Value) -> Result<Rc<[u8]>> {
        if self.has_index(v) {
            let n = self.as_index(v)?;
            let c = u8::try_from(n)
                .map_err(|_| Error::ValueError("byte must be in range(0, 256)".into()))?;
            return Ok(Rc::from(&[c][..]));
        }
        self.try_bytes(v)?.ok_or_else(|| {
            Error::TypeError(format!(
                "argument should be integer or bytes-like object, not '{}'",
                self.type_name(v)
            ))
        })
    }

    /// `b.find(sub[, start[, end]])` and its kin (`what`: `count`, `find`, `rfind`,
    /// `index`, `rindex`), their arguments counted first.
    pub(crate) fn bytes_search(&self, me: &Value, a: &[Value], what: &str) -> Result<Value> {
        crate::builtin_methods::bytes_varargs(what, a)?;
        let data = self.bytes_data(me)?;
        let len = data.len() as i64;
        // The bounds first, then the needle (CPython's `parse_args_finds_byte`).
        let (start, end) = adjust(
            self.slice_bound(a.get(1), 0)?,
            self.slice_bound(a.get(2), i64::MAX)?,
            len,
        );
        let sub = self.needle(&a[0])?;
        let room = end - start;
        let window = || &data[start as usize..end as usize];
        if what == "count" {
            if room < sub.len() as i64 {
                return Ok(Value::Int(0));
            }
            if sub.is_empty() {
                return Ok(Value::Int(room + 1));
            }
            // Occurrences that do not overlap, as CPython counts them.
            let n = memchr::memmem::find_iter(window(), &sub[..]).count();
            return Ok(Value::Int(n as i64));
        }
        let last = what.starts_with('r');
        let found = if room < sub.len() as i64 {
            None
        } else {
            search(window(), &sub, last).map(|i| i as i64 + start)
        };
        match found {
            Some(i) => Ok(Value::Int(i)),
            None if what.ends_with("index") => {
                Err(Error::ValueError("subsection not found".into()))
            }
            None => Ok(Value::Int(-1)),
        }
    }

    /// `b.startswith(prefix[, start[, end]])` (or `endswith`): `prefix` bytes or a
    /// tuple of bytes.
    pub(crate) fn bytes_tailmatch(&self, me: &Value, a: &[Value], ends: bool) -> Result<Value> {
        let data = self.bytes_data(me)?;
        let name = if ends { "endswith" } else { "startswith" };
        crate::builtin_methods::bytes_varargs(name, a)?;
        let tuple = self.with(|cx| -> Result<Option<Vec<Value>>> {
            Ok(match cx.val(&a[0])? {
                Val::Obj(o) => match &o.borrow().kind {
                    Kind::Tuple(items) => Some(cx.values(items)),
                    _ => None,
                },
                _ => None,
            })
        })?;
        let (start, end) = adjust(
            self.slice_bound(a.get(1), 0)?,
            self.slice_bound(a.get(2), i64::MAX)?,
            data.len() as i64,
        );
        let matches = |p: &[u8]| -> bool {
            let plen = p.len() as i64;
            if start > data.len() as i64 || end - start < plen {
                return false;
            }
            let at = if ends { end - plen } else { start } as usize;
            data[at..at + p.len()] == *p
        };
        match tuple {
            Some(items) => {
                for p in &items {
                    if matches(&self.bytes_data(p)?) {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            None => match self.try_bytes(&a[0])? {
                Some(p) => Ok(Value::Bool(matches(&p))),
                None => Err(Error::TypeError(format!(
                    "{name} first arg must be bytes or a tuple of bytes, not {}",
                    self.type_name(&a[0])
                ))),
            },
        }
    }

    /// `b.decode(encoding='utf-8', errors='strict')`.
    pub(crate) fn bytes_decode(
        &self,
        me: &Value,
        args: &[Value],
        kwargs: &Kwargs,
    ) -> Result<Value> {
        let p = clinic("decode", &["encoding", "errors"], args, kwargs)?;
        let encoding = self.str_arg("decode", "encoding", p[0].as_ref())?;
        let errors = self.str_arg("decode", "errors", p[1].as_ref())?;
        let data = self.bytes_data(me)?;
        let text = decode(
            &data,
            encoding.as_deref().unwrap_or("utf-8"),
            errors.as_deref().unwrap_or("strict"),
        )?;
        Ok(Value::from(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reprs_quote_and_escape_as_cpython() {
        assert_eq!(repr_bytes(b""), "b''");
        assert_eq!(repr_bytes(b"it's"), "b\"it's\"");
        assert_eq!(repr_bytes(b"'\""), "b'\\'\"'");
        assert_eq!(
            repr_bytes(b"\x00\n\\\t\r\x7f\x80"),
            "b'\\x00\\n\\\\\\t\\r\\x7f\\x80'"
        );
    }

    #[test]
    fn utf8_errors_name_the_maximal_subpart() {
        let e = |b: &[u8]| decode(b, "utf-8", "strict").unwrap_err().to_string();
        assert_eq!(
            e(b"\xff"),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff in position 0: invalid start byte"
        );
        assert_eq!(
            e(b"a\xe2\x82"),
            "UnicodeDecodeError: 'utf-8' codec can't decode bytes in position 1-2: unexpected end of data"
        );
        assert_eq!(
            e(b"\xe2(\xa1"),
            "UnicodeDecodeError: 'utf-8' codec can't decode byte 0xe2 in position 0: invalid continuation byte"
        );
        assert_eq!(decode(b"a\xffb", "utf8", "replace").unwrap(), "a\u{fffd}b");
        assert_eq!(decode(b"a\xffb", "UTF-8", "ignore").unwrap(), "ab");
    }
}
