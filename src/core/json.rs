//! Small JSON helpers: quoting strings into hand-built JSON text, and checking raw values.

use serde_json::value::RawValue;

/// `s` as a JSON string literal.
pub fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

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

/// Appends `,"key":value` pairs to a JSON object text (`{}` or `{...}`).
pub fn extend_object(base: &str, pairs: &[(&str, &str)]) -> String {
    let trimmed = base.trim_end();
    let body = trimmed.strip_suffix('}').unwrap_or(trimmed);
    let mut out = String::with_capacity(base.len() + pairs.iter().map(|(k, v)| k.len() + v.len() + 4).sum::<usize>());
    out.push_str(body);
    let mut empty = body.trim_end().ends_with('{');
    for (k, v) in pairs {
        if !empty {
            out.push(',');
        }
        empty = false;
        out.push_str(&quote(k));
        out.push(':');
        out.push_str(v);
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extends_empty_and_filled_objects() {
        assert_eq!(extend_object("{}", &[("a", "1")]), r#"{"a":1}"#);
        assert_eq!(extend_object(r#"{"x":true}"#, &[("a", "1"), ("b", "\"s\"")]), r#"{"x":true,"a":1,"b":"s"}"#);
        assert_eq!(extend_object("{}", &[]), "{}");
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
