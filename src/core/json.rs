//! Small JSON helpers: checking raw values, and writing trusted JSON text through serde.

use serde_json::value::RawValue;

/// The first significant byte of a raw JSON value: `"` string, `{` object, `[` array,
/// `t`/`f` boolean, `n` null, otherwise a number.
pub fn kind(raw: &RawValue) -> u8 {
    raw.get().trim_start().as_bytes().first().copied().unwrap_or(b' ')
}

pub fn is_string(raw: &RawValue) -> bool {
    kind(raw) == b'"'
}
pub fn is_object(raw: &RawValue) -> bool {
    kind(raw) == b'{'
}
pub fn is_array(raw: &RawValue) -> bool {
    kind(raw) == b'['
}
pub fn is_bool(raw: &RawValue) -> bool {
    matches!(kind(raw), b't' | b'f')
}
pub fn is_number(raw: &RawValue) -> bool {
    matches!(kind(raw), b'-' | b'0'..=b'9')
}

/// JSON text that is already known to be valid (the platform's payload after validation, or
/// `JSON.stringify`'s output), written as it is when serialised with serde_json: no second
/// parse to turn it into a `RawValue`. It uses serde_json's raw-value protocol (the one its own
/// `RawValue` uses, behind the `raw_value` feature); `writes_trusted_json_verbatim` proves that
/// the serde_json in use still honours it.
#[derive(Debug, Clone, Copy)]
pub struct TrustedJson<'a>(pub &'a str);

/// serde_json's name for a raw value (`serde_json::raw::TOKEN`, which is not exported).
const RAW_VALUE_TOKEN: &str = "$serde_json::private::RawValue";

impl serde::Serialize for TrustedJson<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct(RAW_VALUE_TOKEN, 1)?;
        s.serialize_field(RAW_VALUE_TOKEN, self.0)?;
        s.end()
    }
}

/// Serialises `value` (derived `Serialize` structs cannot fail; a failure would be a bug, and
/// gives `null` rather than a panic).
pub fn to_text<T: serde::Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_trusted_json_verbatim() {
        #[derive(serde::Serialize)]
        struct Body<'a> {
            a: TrustedJson<'a>,
            b: Vec<TrustedJson<'a>>,
        }
        let text = to_text(&Body { a: TrustedJson(r#"{"x": [1, "two"]}"#), b: vec![TrustedJson("null"), TrustedJson("3.5")] });
        assert_eq!(text, r#"{"a":{"x": [1, "two"]},"b":[null,3.5]}"#);
    }

    #[test]
    fn kinds_of_raw_values() {
        let v: Box<RawValue> = serde_json::from_str(" \"x\"").expect("raw");
        assert!(is_string(&v));
        let v: Box<RawValue> = serde_json::from_str("-1.5").expect("raw");
        assert!(is_number(&v));
        let v: Box<RawValue> = serde_json::from_str("{}").expect("raw");
        assert!(is_object(&v) && !is_array(&v));
    }
}
