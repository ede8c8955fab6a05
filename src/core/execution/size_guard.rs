//! The tool-result size guard (docs/protocol.md §4.5): before a continuation is sent, its tool
//! results must fit the body budget. While they do not, the largest result (at most once each)
//! is cut to a head-and-tail preview with a note, or, when it was to be captured into a
//! variable, replaced by an error saying so. Works on a copy; the caller's results are untouched.

use serde::Serialize;
use serde_json::{Map, Value};

/// The largest continuation body the platform accepts.
pub const MAX_CONTINUATION_BODY_BYTES: usize = 4 * 1024 * 1024;
/// Room kept in the body for everything but the tool results (at most half the cap).
pub const CONTINUATION_BODY_RESERVE_BYTES: usize = 256 * 1024;
/// A result this small (in UTF-8 bytes) is never cut.
const MIN_CUT_BYTES: usize = 16 * 1024;
/// Characters a cut result keeps: 60 % from its start, the rest from its end.
const PREVIEW_CHARS: usize = 16 * 1024;

/// The budget of the tool results in a body capped at `max_body_bytes`.
pub fn results_budget(max_body_bytes: usize) -> usize {
    max_body_bytes - CONTINUATION_BODY_RESERVE_BYTES.min(max_body_bytes / 2)
}

/// One result the guard reduced (what `onToolResultTruncated` receives).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Truncation {
    pub tool_call_id: Value,
    pub tool_name: Value,
    pub original_bytes: usize,
    pub kept_bytes: usize,
    pub variable_capture: bool,
}

/// The guard's verdict on a JSON array of tool results.
#[derive(Debug, Clone, PartialEq)]
pub struct Guarded {
    /// The reduced results' JSON text; `None` when nothing had to change.
    pub results_json: Option<String>,
    pub truncations: Vec<Truncation>,
    /// Still over the budget after every result that could be cut was cut.
    pub overflow: bool,
}

/// `bytes` as the official package writes sizes: `1.5 MB`, `12 KB`, `300 B`.
pub fn format_bytes(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else if bytes >= 1024 {
        format!("{} KB", (bytes as f64 / 1024.0).round() as u64)
    } else {
        format!("{bytes} B")
    }
}

fn json_len(results: &[Value]) -> usize {
    serde_json::to_string(results).map(|s| s.len()).unwrap_or(usize::MAX)
}

/// The text of a result's payload: `result` (a string as it is, anything else as JSON), else
/// `error`.
fn content(result: &Map<String, Value>) -> (bool, String) {
    let text = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => serde_json::to_string(other).unwrap_or_default(),
    };
    match result.get("result") {
        Some(v) => (true, text(v)),
        None => (false, result.get("error").map(text).unwrap_or_default()),
    }
}

/// The first and last characters of `raw` around a marker, when it is longer than the preview.
fn head_and_tail(raw: &str) -> String {
    let total = raw.chars().count();
    if total <= PREVIEW_CHARS {
        return raw.to_string();
    }
    let head = (PREVIEW_CHARS * 3).div_ceil(5);
    let tail = PREVIEW_CHARS - head;
    let cut = total - head - tail;
    let start: String = raw.chars().take(head).collect();
    let end: String = raw.chars().skip(total - tail).collect();
    format!("{start}\n\n...[{} characters cut here by Octavus]...\n\n{end}", group_thousands(cut))
}

fn group_thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Cuts one result in place; `None` when it is too small to be worth it.
fn cut(result: &mut Map<String, Value>) -> Option<Truncation> {
    let (has_result, raw) = content(result);
    let original_bytes = raw.len();
    if original_bytes <= MIN_CUT_BYTES {
        return None;
    }
    let id = |r: &Map<String, Value>, k: &str| r.get(k).cloned().unwrap_or(Value::Null);
    let variable = result.get("outputVariable").and_then(Value::as_str).filter(|v| !v.is_empty()).map(str::to_string);
    if let (true, Some(variable)) = (has_result, variable) {
        let message = format!(
            "The tool's result ({}) was too large to store in the variable \"{variable}\" and send back, so it was left out. \
             Make the tool return less: filter or limit what it returns, ask for fewer fields, page through the data, \
             or save it to a file and return a reference to it.",
            format_bytes(original_bytes)
        );
        result.remove("result");
        let kept_bytes = message.len();
        result.insert("error".into(), Value::String(message));
        return Some(Truncation {
            tool_call_id: id(result, "toolCallId"),
            tool_name: id(result, "toolName"),
            original_bytes,
            kept_bytes,
            variable_capture: true,
        });
    }
    let note = format!(
        "[Octavus: the tool's result ({}) was too large to send, so only its beginning and end follow. \
         For the whole data, make the tool return less: filter or limit what it returns, ask for fewer fields, \
         page through the data, or save it to a file and return a reference to it.]",
        format_bytes(original_bytes)
    );
    let combined = format!("{note}\n\n{}", head_and_tail(&raw));
    let kept_bytes = combined.len();
    result.insert(if has_result { "result" } else { "error" }.into(), Value::String(combined));
    Some(Truncation {
        tool_call_id: id(result, "toolCallId"),
        tool_name: id(result, "toolName"),
        original_bytes,
        kept_bytes,
        variable_capture: false,
    })
}

/// Fits a JSON array of tool results into `budget` bytes (see the module comment). Results that
/// are not an array of objects are left as they are (and judged by their size alone).
pub fn enforce(results_json: &str, budget: usize) -> Guarded {
    let unchanged = |overflow| Guarded { results_json: None, truncations: Vec::new(), overflow };
    if results_json.len() <= budget {
        return unchanged(false);
    }
    let Ok(mut working) = serde_json::from_str::<Vec<Value>>(results_json) else { return unchanged(true) };
    if working.is_empty() || !working.iter().all(Value::is_object) {
        return unchanged(json_len(&working) > budget);
    }
    let mut truncations = Vec::new();
    let mut cut_already = vec![false; working.len()];
    for _ in 0..working.len() {
        if json_len(&working) <= budget {
            break;
        }
        let largest = working
            .iter()
            .enumerate()
            .filter(|(i, _)| !cut_already[*i])
            .filter_map(|(i, r)| r.as_object().map(|o| (i, content(o).1.len())))
            .fold(None, |best: Option<(usize, usize)>, (i, n)| match best {
                Some((_, b)) if b >= n => best,
                _ => Some((i, n)),
            });
        let Some((index, _)) = largest else { break };
        let Some(Value::Object(target)) = working.get_mut(index) else { break };
        match cut(target) {
            Some(t) => truncations.push(t),
            None => break,
        }
        cut_already[index] = true;
    }
    let overflow = json_len(&working) > budget;
    Guarded { results_json: serde_json::to_string(&working).ok(), truncations, overflow }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn results(v: Value) -> String {
        v.to_string()
    }

    #[test]
    fn budget_and_sizes() {
        assert_eq!(results_budget(MAX_CONTINUATION_BODY_BYTES), 4 * 1024 * 1024 - 256 * 1024);
        assert_eq!(results_budget(100_000), 50_000);
        assert_eq!(format_bytes(300), "300 B");
        assert_eq!(format_bytes(12 * 1024 + 100), "12 KB");
        assert_eq!(format_bytes(3 * 1024 * 1024 / 2), "1.5 MB");
        assert_eq!(group_thousands(1234567), "1,234,567");
        assert_eq!(group_thousands(999), "999");
    }

    #[test]
    fn results_within_budget_are_untouched() {
        let r = results(json!([{"toolCallId": "c1", "toolName": "t", "result": "x".repeat(100)}]));
        assert_eq!(enforce(&r, 1000), Guarded { results_json: None, truncations: vec![], overflow: false });
    }

    #[test]
    fn the_largest_result_is_cut_to_a_head_and_tail_preview() {
        let big: String = (0..100_000).map(|i| char::from(b'a' + (i % 26) as u8)).collect();
        let r = results(json!([
            {"toolCallId": "small", "toolName": "t", "result": {"n": 1}},
            {"toolCallId": "big", "toolName": "search", "result": big, "thread": "main"},
        ]));
        let g = enforce(&r, 40_000);
        assert!(!g.overflow);
        assert_eq!(g.truncations.len(), 1);
        let t = &g.truncations[0];
        assert_eq!(
            (t.tool_call_id.clone(), t.tool_name.clone(), t.original_bytes, t.variable_capture),
            (json!("big"), json!("search"), 100_000, false)
        );
        let out: Vec<Value> = serde_json::from_str(g.results_json.as_deref().expect("changed")).expect("json");
        assert_eq!(out[0], json!({"toolCallId": "small", "toolName": "t", "result": {"n": 1}}));
        assert_eq!(out[1]["thread"], json!("main"));
        let text = out[1]["result"].as_str().expect("a string");
        assert_eq!(text.len(), t.kept_bytes);
        assert!(text.starts_with("[Octavus: the tool's result (98 KB) was too large to send"), "{}", &text[..80]);
        assert!(text.contains(&big[..9831]) && text.ends_with(&big[big.len() - 6553..]));
        assert!(text.contains("...[83,616 characters cut here by Octavus]..."));
    }

    #[test]
    fn a_result_captured_into_a_variable_becomes_an_error() {
        let r = results(
            json!([{"toolCallId": "c", "toolName": "t", "result": {"rows": "y".repeat(50_000)}, "outputVariable": "rows"}]),
        );
        let g = enforce(&r, 10_000);
        let out: Vec<Value> = serde_json::from_str(g.results_json.as_deref().expect("changed")).expect("json");
        assert!(out[0].get("result").is_none());
        assert!(out[0]["error"].as_str().expect("error").contains("variable \"rows\""));
        assert!(g.truncations[0].variable_capture);
        assert!(!g.overflow);
    }

    #[test]
    fn small_results_are_never_cut_and_overflow_is_reported() {
        let many: Vec<Value> =
            (0..20).map(|i| json!({"toolCallId": format!("c{i}"), "toolName": "t", "result": "z".repeat(10_000)})).collect();
        let g = enforce(&Value::Array(many).to_string(), 50_000);
        assert!(g.truncations.is_empty());
        assert!(g.overflow);
    }

    #[test]
    fn each_result_is_cut_at_most_once_and_errors_count_too() {
        let r = results(json!([
            {"toolCallId": "a", "toolName": "t", "error": "e".repeat(40_000)},
            {"toolCallId": "b", "toolName": "t", "result": "r".repeat(30_000)},
        ]));
        let g = enforce(&r, 45_000);
        assert_eq!(g.truncations.iter().map(|t| t.tool_call_id.clone()).collect::<Vec<_>>(), [json!("a"), json!("b")]);
        assert!(!g.overflow);
        let out: Vec<Value> = serde_json::from_str(g.results_json.as_deref().expect("changed")).expect("json");
        assert!(out[0]["error"].as_str().expect("error").starts_with("[Octavus:"));
    }
}
