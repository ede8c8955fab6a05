//! The fast path of validation, for the events that make up most of a stream (`text-delta` and
//! the other `STRING_RULES` types) when written flat: one JSON object whose members are strings,
//! booleans or null, with plain keys, each key once. It reads such a payload in one pass with no
//! allocation. It only ever says "valid"; anything else it leaves to the full validator
//! (`classify_full`), which the fuzz suite holds it to (docs/fuzzing.md).

use super::{string_rules, strings_hold};

/// Members a flat event may have for the fast path (more go to the full validator).
const MAX_MEMBERS: usize = 12;

/// A value of a flat member: whether it is a string (else `true`, `false` or `null`).
#[derive(Clone, Copy)]
struct Member<'a> {
    key: &'a [u8],
    is_string: bool,
}

/// JSON's whitespace (what serde_json skips between tokens).
fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn skip_ws(&mut self) {
        while self.at < self.b.len() && is_ws(self.b[self.at]) {
            self.at += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        (self.b.get(self.at) == Some(&byte)).then(|| self.at += 1)
    }

    /// A string after its opening quote, to its closing one; `Some(escaped)`. `None` for what
    /// the fast path leaves alone: a control character (invalid JSON), `\u` (surrogate rules),
    /// or an unknown escape (invalid JSON).
    fn string_body(&mut self) -> Option<bool> {
        let mut escaped = false;
        loop {
            let c = *self.b.get(self.at)?;
            self.at += 1;
            match c {
                b'"' => return Some(escaped),
                b'\\' => {
                    let e = *self.b.get(self.at)?;
                    if !matches!(e, b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') {
                        return None;
                    }
                    self.at += 1;
                    escaped = true;
                }
                0x00..=0x1f => return None,
                _ => {}
            }
        }
    }

    fn literal(&mut self, word: &[u8]) -> Option<()> {
        self.b[self.at..].starts_with(word).then(|| self.at += word.len())
    }
}

/// Whether `payload` is a valid flat event of a `STRING_RULES` type. `false` says nothing.
pub(super) fn is_valid(payload: &str) -> bool {
    read(payload.as_bytes()).is_some()
}

fn read(b: &[u8]) -> Option<()> {
    let mut r = Reader { b, at: 0 };
    let mut members = [Member { key: b"", is_string: false }; MAX_MEMBERS];
    let mut count = 0;
    let mut ty: Option<&[u8]> = None;
    r.skip_ws();
    r.eat(b'{')?;
    r.skip_ws();
    if r.eat(b'}').is_some() {
        return None; // no `type`
    }
    loop {
        r.skip_ws();
        r.eat(b'"')?;
        let key_start = r.at;
        if r.string_body()? {
            return None; // an escaped key
        }
        let key = &b[key_start..r.at - 1];
        r.skip_ws();
        r.eat(b':')?;
        r.skip_ws();
        let value_start = r.at;
        let is_string = match b.get(r.at)? {
            b'"' => {
                r.at += 1;
                let escaped = r.string_body()?;
                if key == b"type" {
                    if escaped {
                        return None;
                    }
                    ty = Some(&b[value_start + 1..r.at - 1]);
                }
                true
            }
            b't' => r.literal(b"true").map(|_| false)?,
            b'f' => r.literal(b"false").map(|_| false)?,
            b'n' => r.literal(b"null").map(|_| false)?,
            _ => return None, // a number, an object or an array
        };
        // A repeated key is the full validator's business (the last one wins there).
        if count == MAX_MEMBERS || members[..count].iter().any(|m| m.key == key) {
            return None;
        }
        members[count] = Member { key, is_string };
        count += 1;
        r.skip_ws();
        if r.eat(b',').is_some() {
            continue;
        }
        r.eat(b'}')?;
        break;
    }
    r.skip_ws();
    if r.at != b.len() {
        return None;
    }
    let rules = string_rules(std::str::from_utf8(ty?).ok()?)?;
    let members = &members[..count];
    let lookup = |name: &str| members.iter().find(|m| m.key == name.as_bytes()).map(|m| m.is_string);
    strings_hold(rules, lookup).then_some(())
}

#[cfg(test)]
mod tests {
    use super::is_valid;

    #[test]
    fn reads_flat_events_of_string_rules() {
        for ok in [
            r#"{"type":"text-delta","id":"t1","delta":"x"}"#,
            r#" { "delta" : "a\"b\\c\/\n\t" , "type":"text-delta", "id":"t", "extra": null, "more": true } "#,
            r#"{"type":"text-start","id":"t","responseType":"markdown"}"#,
            r#"{"type":"tool-output-error","toolCallId":"c","error":"bad","workerId":"w"}"#,
            r#"{"type":"worker-result","workerId":"w"}"#,
            "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"h\u{e9}\u{1f600}\"}",
        ] {
            assert!(is_valid(ok), "{ok}");
        }
    }

    #[test]
    fn leaves_everything_else_to_the_full_validator() {
        for other in [
            r#"{"type":"text-delta","id":"t1"}"#,                            // delta missing
            r#"{"type":"text-delta","id":1,"delta":"x"}"#,                   // a number
            r#"{"type":"text-delta","id":"t","delta":"x","workerId":null}"#, // optional, not a string
            r#"{"type":"text-delta","id":"t","delta":"x","id":"u"}"#,        // repeated key
            r#"{"type":"text-delta","id":"t","delta":"\u0041"}"#,            // \u escape
            r#"{"type":"text-delta","id":"t","delta":"\x"}"#,                // bad escape
            "{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"a\u{1}\"}",   // control character
            r#"{"type":"text-delta","id":"t","delta":"x",}"#,                // trailing comma
            r#"{"type":"text-delta","id":"t","delta":"x"} x"#,               // trailing text
            r#"{"type":"text-delta","id":"t","delta":"x""#,                  // unterminated
            r#"{"type":"text-\u0064elta","id":"t","delta":"x"}"#,            // escaped type
            r#"{"t\"ype":"text-delta","id":"t","delta":"x"}"#,               // escaped key
            r#"{"type":"start","executionId":"e"}"#,                         // not a string-rules type
            r#"{"type":"text-delta","id":"t","delta":"x","n":{}}"#,          // nested
            r#"{"type":"text-delta","id":"t","delta":"x","b":tru}"#,         // bad literal
            r#"["type","text-delta"]"#,
            r#"{}"#,
            "",
        ] {
            assert!(!is_valid(other), "{other}");
        }
    }
}
