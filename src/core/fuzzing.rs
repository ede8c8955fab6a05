//! Generators and property checks for the SSE decoder (`sse::payloads`) and the event validator
//! (`event::validate`), shared by the long run (`examples/fuzz_sse.rs`, which includes this file
//! with `#[path]`) and the bounded run in the test suite (`fuzz_tests.rs`). It is not part of the
//! library: `core/mod.rs` declares it under `#[cfg(test)]` only, so neither the rlib nor the napi
//! build carries it. Paths go through `crate::core`: the library's own module here, an import of
//! it in the example. See docs/fuzzing.md.
//!
//! Every input is made from one 64-bit case seed (`case_seed`), so a failure is reproduced by
//! running that seed alone: `fuzz_sse 1 <case seed>`.

use std::collections::HashSet;
use std::fmt::{self, Write as _};
use std::ops::Range;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use bytes::Bytes;
use futures::executor::block_on;
use futures::stream::{self, StreamExt};
use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::core::event::{self, EventKind};
use crate::core::sse;

// ---------------------------------------------------------------------------------------------
// Randomness

/// SplitMix64: small, fast, and good enough to drive generators.
pub struct Rng(u64);

const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;

fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN);
        mix(self.0)
    }
    /// Uniform in `0..n` (0 when `n` is 0); `n` below 2^32.
    pub fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// The seed of case `i` of a run; case 0's is the run seed itself (`mix(0) == 0`), which is what
/// makes `fuzz_sse 1 <case seed>` replay one case.
pub fn case_seed(run_seed: u64, i: u64) -> u64 {
    run_seed ^ mix(i)
}

// ---------------------------------------------------------------------------------------------
// JSON with its key order, repeated keys and number spellings kept

#[derive(Clone, Debug)]
enum J {
    Null,
    Bool(bool),
    Num(String),
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

/// How to write JSON text: escape one character in `escape` (0: only what must be), one optional
/// whitespace in `ws` places (0: none), and whether that whitespace may be CR/LF.
#[derive(Clone, Copy)]
struct Style {
    escape: usize,
    ws: usize,
    newlines: bool,
}

impl Style {
    fn random(rng: &mut Rng, newlines: bool) -> Style {
        let escape = *rng.pick(&[0, 0, 0, 2, 8, 40]);
        let ws = *rng.pick(&[0, 0, 0, 1, 3, 10]);
        Style { escape, ws, newlines }
    }
}

fn write_json(j: &J, rng: &mut Rng, st: Style, out: &mut String) {
    match j {
        J::Null => out.push_str("null"),
        J::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        J::Num(n) => out.push_str(n),
        J::Str(s) => write_str(s, rng, st, out),
        J::Arr(xs) => {
            out.push('[');
            for (i, x) in xs.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(rng, st, out);
                write_json(x, rng, st, out);
                ws(rng, st, out);
            }
            out.push(']');
        }
        J::Obj(fields) => {
            out.push('{');
            for (i, (k, v)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                ws(rng, st, out);
                write_str(k, rng, st, out);
                ws(rng, st, out);
                out.push(':');
                ws(rng, st, out);
                write_json(v, rng, st, out);
                ws(rng, st, out);
            }
            out.push('}');
        }
    }
}

fn ws(rng: &mut Rng, st: Style, out: &mut String) {
    if st.ws > 0 && rng.one_in(st.ws) {
        let set: &[char] = if st.newlines { &[' ', '\t', '\n', '\r'] } else { &[' ', '\t'] };
        out.push(*rng.pick(set));
    }
}

fn write_str(s: &str, rng: &mut Rng, st: Style, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            '/' if st.escape > 0 && rng.one_in(st.escape) => out.push_str("\\/"),
            c if st.escape > 0 && rng.one_in(st.escape) => {
                // `\u002d` for '-', surrogate pairs for characters outside the BMP.
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = if rng.one_in(2) { write!(out, "\\u{u:04x}") } else { write!(out, "\\u{u:04X}") };
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "hello", " ", "world", "the", "weather in", "Paris", "is sunny", "é", "naïve", "日本語", "🙂", "👩‍💻", "\"", "\\", "/",
        "-", "\t", "\n", "\r", "\r\n", "\u{0}", "\u{1f}", "\u{7f}", "\u{85}", "\u{2028}", "\u{feff}", "\u{fffd}", "[DONE]",
        "data: ", ":", "{", "}", "[", "]", ",", "null", "42", "<b>", "&amp;", "call_0a1B", "text-delta", "\\u002d",
    ];
    let n = rng.below(7);
    (0..n).map(|_| *rng.pick(PIECES)).collect()
}

fn number(rng: &mut Rng) -> String {
    const NUMS: &[&str] = &[
        "0", "1", "-1", "7", "42", "-0", "3.25", "-2.5", "1e3", "1E-7", "2.5e+10", "0.000001", "12345678901234567890",
        "-9223372036854775808", "1.7976931348623157e308", "5e-324", "-0.0",
    ];
    if rng.one_in(3) {
        (rng.next_u64() % 100_000).to_string()
    } else {
        rng.pick(NUMS).to_string()
    }
}

/// Keys the validator looks at (top level and nested), and a few it does not.
const KEYS: &[&str] = &[
    "type", "id", "delta", "messageId", "executionId", "lastMessageId", "finishReason", "errorType", "message", "retryable",
    "source", "retryAfter", "code", "provider", "tool", "responseType", "toolCallId", "toolName", "title", "inputTextDelta",
    "input", "output", "error", "sourceType", "url", "mediaType", "filename", "blockId", "blockName", "blockType", "display",
    "description", "outputToChat", "thread", "summary", "name", "value", "toolCalls", "serverToolResults", "size", "workerId",
    "workerSlug", "model", "statusCode", "requestId", "callId", "args", "outputVariable", "blockIndex", "thoughtSignature",
    "sessionId", "providerMetadata", "files", "todos", "content", "status", "cost", "currency", "bandwidthFee", "providerFee",
    "totalFee", "byok", "estimatedProviderFee", "tokens", "inputTokens", "outputTokens", "totalTokens", "a", "", "ключ", "x-y",
];

fn any(rng: &mut Rng, depth: usize) -> J {
    match rng.below(if depth > 2 { 4 } else { 7 }) {
        0 => J::Null,
        1 => J::Bool(rng.one_in(2)),
        2 => J::Num(number(rng)),
        3 => J::Str(text(rng)),
        4 => J::Arr((0..rng.below(4)).map(|_| any(rng, depth + 1)).collect()),
        5 => J::Str(rng.pick(TYPES).to_string()),
        _ => J::Obj((0..rng.below(4)).map(|_| (rng.pick(KEYS).to_string(), any(rng, depth + 1))).collect()),
    }
}

// ---------------------------------------------------------------------------------------------
// The event schema (docs/protocol.md §3.3–3.4 as event.rs implements it), used both to generate
// events and as the model the validator is compared with.

#[derive(Clone, Copy)]
enum F {
    Str,
    Num,
    Bool,
    /// Present with any value, `null` included.
    Any,
    Obj,
    Enum(&'static [&'static str]),
    Provider,
    ToolInfo,
    Calls,
    Results,
    /// `todo-update.todos`: an array of `TODO`.
    Todos,
    /// `usage.cost`.
    Cost,
    /// `usage.tokens`.
    Tokens,
    /// The `files` of a tool result: an array of `FILE_REF`.
    Files,
}

struct Shape {
    req: &'static [(&'static str, F)],
    opt: &'static [(&'static str, F)],
}

struct Spec {
    ty: &'static str,
    shape: Shape,
}

const fn spec(ty: &'static str, req: &'static [(&'static str, F)], opt: &'static [(&'static str, F)]) -> Spec {
    Spec { ty, shape: Shape { req, opt } }
}

const WORKER: (&str, F) = ("workerId", F::Str);
const ERROR_SOURCES: &[&str] = &["platform", "provider", "tool", "client"];
const DISPLAY_MODES: &[&str] = &["hidden", "name", "description", "stream", "title"];
const TODO_STATUSES: &[&str] = &["pending", "in_progress", "completed", "cancelled"];

const SPECS: &[Spec] = &[
    spec("start", &[], &[("messageId", F::Str), ("executionId", F::Str), ("lastMessageId", F::Str), ("sessionId", F::Str)]),
    spec("finish", &[("finishReason", F::Enum(event::FINISH_REASONS))], &[("executionId", F::Str)]),
    spec(
        "error",
        &[
            ("errorType", F::Enum(event::ERROR_TYPES)),
            ("message", F::Str),
            ("retryable", F::Bool),
            ("source", F::Enum(ERROR_SOURCES)),
        ],
        &[("retryAfter", F::Num), ("code", F::Str), ("provider", F::Provider), ("tool", F::ToolInfo)],
    ),
    spec("text-start", &[("id", F::Str)], &[("responseType", F::Str), WORKER]),
    spec("text-delta", &[("id", F::Str), ("delta", F::Str)], &[WORKER]),
    spec("text-end", &[("id", F::Str)], &[WORKER]),
    spec("reasoning-start", &[("id", F::Str)], &[WORKER]),
    spec("reasoning-delta", &[("id", F::Str), ("delta", F::Str)], &[WORKER]),
    spec("reasoning-end", &[("id", F::Str)], &[WORKER]),
    spec(
        "tool-input-start",
        &[("toolCallId", F::Str), ("toolName", F::Str)],
        &[("title", F::Str), ("display", F::Enum(DISPLAY_MODES)), WORKER],
    ),
    spec("tool-input-delta", &[("toolCallId", F::Str), ("inputTextDelta", F::Str)], &[WORKER]),
    spec("tool-input-end", &[("toolCallId", F::Str)], &[WORKER]),
    spec("tool-input-available", &[("toolCallId", F::Str), ("toolName", F::Str), ("input", F::Any)], &[WORKER]),
    spec("tool-output-available", &[("toolCallId", F::Str), ("output", F::Any)], &[WORKER]),
    spec("tool-output-error", &[("toolCallId", F::Str), ("error", F::Str)], &[WORKER]),
    spec("source", &[("sourceType", F::Enum(&["url"])), ("id", F::Str), ("url", F::Str)], &[("title", F::Str), WORKER]),
    spec(
        "source",
        &[("sourceType", F::Enum(&["document"])), ("id", F::Str), ("mediaType", F::Str), ("title", F::Str)],
        &[("filename", F::Str), WORKER],
    ),
    spec(
        "block-start",
        &[("blockId", F::Str), ("blockName", F::Str), ("blockType", F::Str), ("display", F::Enum(DISPLAY_MODES))],
        &[("description", F::Str), ("outputToChat", F::Bool), ("thread", F::Str), WORKER],
    ),
    spec("block-end", &[("blockId", F::Str)], &[("summary", F::Str), WORKER]),
    spec("resource-update", &[("name", F::Str), ("value", F::Any)], &[]),
    spec("tool-request", &[("toolCalls", F::Calls)], &[WORKER]),
    spec("client-tool-request", &[("executionId", F::Str), ("toolCalls", F::Calls)], &[("serverToolResults", F::Results)]),
    spec(
        "file-available",
        &[("id", F::Str), ("mediaType", F::Str), ("url", F::Str)],
        &[("filename", F::Str), ("size", F::Num), ("toolCallId", F::Str), WORKER],
    ),
    spec("worker-start", &[("workerId", F::Str), ("workerSlug", F::Str)], &[("description", F::Str), ("input", F::Obj)]),
    spec("worker-input-start", &[("workerId", F::Str), ("workerSlug", F::Str)], &[("description", F::Str)]),
    spec("worker-input-delta", &[("workerId", F::Str), ("delta", F::Str)], &[]),
    spec("worker-input-ready", &[("workerId", F::Str), ("input", F::Obj)], &[]),
    spec("worker-result", &[("workerId", F::Str)], &[("error", F::Str), ("output", F::Any)]),
    spec("todo-update", &[("todos", F::Todos)], &[WORKER]),
    spec("usage", &[("cost", F::Cost), ("tokens", F::Tokens)], &[]),
];

const PROVIDER: Shape = Shape {
    req: &[("name", F::Str)],
    opt: &[("model", F::Str), ("statusCode", F::Num), ("errorType", F::Str), ("requestId", F::Str)],
};
const TOOL_INFO: Shape = Shape { req: &[("name", F::Str)], opt: &[("callId", F::Str)] };
const CALL: Shape = Shape {
    req: &[("toolCallId", F::Str), ("toolName", F::Str), ("args", F::Obj)],
    opt: &[
        ("source", F::Enum(&["llm", "block"])),
        ("outputVariable", F::Str),
        ("blockIndex", F::Num),
        ("thread", F::Str),
        ("workerId", F::Str),
    ],
};
const RESULT: Shape = Shape {
    req: &[("toolCallId", F::Str)],
    opt: &[
        ("toolName", F::Str),
        ("error", F::Str),
        ("outputVariable", F::Str),
        ("blockIndex", F::Num),
        ("thread", F::Str),
        ("workerId", F::Str),
        ("files", F::Files),
        ("output", F::Any),
    ],
};
const FILE_REF: Shape =
    Shape { req: &[("id", F::Str), ("mediaType", F::Str), ("url", F::Str)], opt: &[("filename", F::Str), ("size", F::Num)] };
const TODO: Shape = Shape { req: &[("id", F::Str), ("content", F::Str), ("status", F::Enum(TODO_STATUSES))], opt: &[] };
const COST: Shape = Shape {
    req: &[("currency", F::Str), ("bandwidthFee", F::Num), ("providerFee", F::Num), ("totalFee", F::Num), ("byok", F::Bool)],
    opt: &[("estimatedProviderFee", F::Num)],
};
const TOKENS: Shape = Shape { req: &[("inputTokens", F::Num), ("outputTokens", F::Num), ("totalTokens", F::Num)], opt: &[] };

const TYPES: &[&str] = &[
    "start", "finish", "error", "text-start", "text-delta", "text-end", "reasoning-start", "reasoning-delta", "reasoning-end",
    "tool-input-start", "tool-input-delta", "tool-input-end", "tool-input-available", "tool-output-available",
    "tool-output-error", "source", "block-start", "block-end", "resource-update", "tool-request", "client-tool-request",
    "file-available", "worker-start", "worker-input-start", "worker-input-delta", "worker-input-ready", "worker-result",
    "todo-update", "usage", "step-start", "todo", "worker-input", "", "TEXT-DELTA", "text-delta ",
];

fn gen_field(rng: &mut Rng, f: F, depth: usize) -> J {
    match f {
        F::Str => J::Str(text(rng)),
        F::Num => J::Num(number(rng)),
        F::Bool => J::Bool(rng.one_in(2)),
        F::Any => any(rng, depth + 1),
        F::Obj => J::Obj((0..rng.below(4)).map(|_| (rng.pick(KEYS).to_string(), any(rng, depth + 1))).collect()),
        F::Enum(xs) => J::Str(rng.pick(xs).to_string()),
        F::Provider => gen_shape(rng, &PROVIDER, depth + 1),
        F::ToolInfo => gen_shape(rng, &TOOL_INFO, depth + 1),
        F::Calls => J::Arr((0..rng.below(4)).map(|_| gen_shape(rng, &CALL, depth + 1)).collect()),
        F::Results => J::Arr((0..rng.below(3)).map(|_| gen_shape(rng, &RESULT, depth + 1)).collect()),
        F::Todos => J::Arr((0..rng.below(4)).map(|_| gen_shape(rng, &TODO, depth + 1)).collect()),
        F::Cost => gen_shape(rng, &COST, depth + 1),
        F::Tokens => gen_shape(rng, &TOKENS, depth + 1),
        F::Files => J::Arr((0..rng.below(3)).map(|_| gen_shape(rng, &FILE_REF, depth + 1)).collect()),
    }
}

fn gen_fields(rng: &mut Rng, shape: &Shape, depth: usize) -> Vec<(String, J)> {
    let mut fields: Vec<(String, J)> = shape.req.iter().map(|&(k, f)| (k.to_string(), gen_field(rng, f, depth))).collect();
    for &(k, f) in shape.opt {
        if rng.one_in(2) {
            fields.push((k.to_string(), gen_field(rng, f, depth)));
        }
    }
    fields
}

impl Shape {
    fn knows(&self, key: &str) -> bool {
        self.req.iter().chain(self.opt).any(|&(k, _)| k == key)
    }
}

/// Keys that some event type or nested object knows and others do not: where the shape does not
/// know one, it is an unknown key, passed through whatever its value.
const CROSS_KEYS: &[&str] = &[
    "sessionId", "workerId", "display", "input", "todos", "cost", "tokens", "files", "status", "content", "providerMetadata",
    "timestamp",
];

/// An unknown key for `shape`, with any value (`None`: the one drawn is known to it).
fn gen_extra(rng: &mut Rng, shape: &Shape, depth: usize) -> Option<(String, J)> {
    let key = *rng.pick(CROSS_KEYS);
    (!shape.knows(key)).then(|| (key.to_string(), any(rng, depth + 1)))
}

fn gen_shape(rng: &mut Rng, shape: &Shape, depth: usize) -> J {
    let mut fields = gen_fields(rng, shape, depth);
    if rng.one_in(8) {
        fields.extend(gen_extra(rng, shape, depth));
    }
    if rng.one_in(6) {
        shuffle(rng, &mut fields);
    }
    J::Obj(fields)
}

fn shuffle<T>(rng: &mut Rng, xs: &mut [T]) {
    for i in (1..xs.len()).rev() {
        xs.swap(i, rng.below(i + 1));
    }
}

/// A realistic, valid event: `type` first, the required fields in schema order, some optional
/// ones, sometimes unknown extra keys (which pass through) and a shuffled order.
fn gen_event(rng: &mut Rng) -> J {
    let spec = rng.pick(SPECS);
    let mut fields = vec![("type".to_string(), J::Str(spec.ty.to_string()))];
    fields.extend(gen_fields(rng, &spec.shape, 0));
    if rng.one_in(4) {
        fields.extend(gen_extra(rng, &spec.shape, 0));
    }
    if rng.one_in(8) {
        shuffle(rng, &mut fields);
    }
    J::Obj(fields)
}

// ---------------------------------------------------------------------------------------------
// The model: what the validator should decide, computed on a `serde_json::Value`

/// What the loop acts on, with raw JSON texts compared as values.
#[derive(Debug, PartialEq)]
enum Norm {
    Start(Option<String>),
    Finish(String),
    ToolRequest(Vec<NormCall>),
    ResourceUpdate(String, Value),
    Other,
}

#[derive(Debug, PartialEq)]
struct NormCall {
    id: String,
    name: String,
    args: Value,
    output_variable: Option<Value>,
    block_index: Option<Value>,
    thread: Option<Value>,
    worker_id: Option<Value>,
    raw: Value,
}

fn fits(v: &Value, f: F) -> bool {
    match f {
        F::Str => v.is_string(),
        F::Num => v.is_number(),
        F::Bool => v.is_boolean(),
        F::Any => true,
        F::Obj => v.is_object(),
        F::Enum(xs) => v.as_str().is_some_and(|s| xs.contains(&s)),
        F::Provider => shape_ok(v, &PROVIDER),
        F::ToolInfo => shape_ok(v, &TOOL_INFO),
        F::Calls => v.as_array().is_some_and(|a| a.iter().all(|c| shape_ok(c, &CALL))),
        F::Results => v.as_array().is_some_and(|a| a.iter().all(|c| shape_ok(c, &RESULT))),
        F::Todos => v.as_array().is_some_and(|a| a.iter().all(|t| shape_ok(t, &TODO))),
        F::Cost => shape_ok(v, &COST),
        F::Tokens => shape_ok(v, &TOKENS),
        F::Files => v.as_array().is_some_and(|a| a.iter().all(|f| shape_ok(f, &FILE_REF))),
    }
}

fn shape_ok(v: &Value, shape: &Shape) -> bool {
    let Some(m) = v.as_object() else { return false };
    shape.req.iter().all(|&(k, f)| m.get(k).is_some_and(|x| fits(x, f)))
        && shape.opt.iter().all(|&(k, f)| m.get(k).is_none_or(|x| fits(x, f)))
}

fn model(v: &Value) -> Option<Norm> {
    let m = v.as_object()?;
    let ty = m.get("type")?.as_str()?;
    if !SPECS.iter().any(|s| s.ty == ty && shape_ok(v, &s.shape)) {
        return None;
    }
    let str_of = |k: &str| m.get(k).and_then(Value::as_str).map(str::to_string);
    Some(match ty {
        "start" => Norm::Start(str_of("executionId").filter(|s| !s.is_empty())),
        "finish" => Norm::Finish(str_of("finishReason")?),
        "resource-update" => Norm::ResourceUpdate(str_of("name")?, m.get("value")?.clone()),
        "tool-request" => Norm::ToolRequest(
            m.get("toolCalls")?
                .as_array()?
                .iter()
                .map(|c| {
                    let c = c.as_object()?;
                    Some(NormCall {
                        id: c.get("toolCallId")?.as_str()?.to_string(),
                        name: c.get("toolName")?.as_str()?.to_string(),
                        args: c.get("args")?.clone(),
                        output_variable: c.get("outputVariable").cloned(),
                        block_index: c.get("blockIndex").cloned(),
                        thread: c.get("thread").cloned(),
                        worker_id: c.get("workerId").cloned(),
                        raw: Value::Object(c.clone()),
                    })
                })
                .collect::<Option<Vec<_>>>()?,
        ),
        _ => Norm::Other,
    })
}

/// `Norm`s equal but for floats a few ULP apart: serde_json's default float parsing is not
/// correctly rounded, so a long decimal (`1.7976931348623157308`) and its shortest re-serialised
/// form can read one ULP apart. The validator passes the raw text through either way.
fn same_norm(a: &Option<Norm>, b: &Option<Norm>) -> bool {
    match (a, b) {
        (Some(Norm::ResourceUpdate(n1, v1)), Some(Norm::ResourceUpdate(n2, v2))) => n1 == n2 && close(v1, v2),
        (Some(Norm::ToolRequest(c1)), Some(Norm::ToolRequest(c2))) => {
            let opt = |x: &Option<Value>, y: &Option<Value>| match (x, y) {
                (Some(x), Some(y)) => close(x, y),
                (x, y) => x == y,
            };
            c1.len() == c2.len()
                && c1.iter().zip(c2).all(|(x, y)| {
                    x.id == y.id
                        && x.name == y.name
                        && close(&x.args, &y.args)
                        && opt(&x.output_variable, &y.output_variable)
                        && opt(&x.block_index, &y.block_index)
                        && opt(&x.thread, &y.thread)
                        && opt(&x.worker_id, &y.worker_id)
                        && close(&x.raw, &y.raw)
                })
        }
        (a, b) => a == b,
    }
}

fn close(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) if x.is_f64() || y.is_f64() => match (x.as_f64(), y.as_f64()) {
            (Some(x), Some(y)) => x == y || (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs()),
            _ => false,
        },
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
        }
        (a, b) => a == b,
    }
}

fn json(raw: &str) -> Result<Value, String> {
    serde_json::from_str(raw).map_err(|e| format!("raw field {raw:?} is not JSON: {e}"))
}

fn norm(kind: &EventKind) -> Result<Norm, String> {
    Ok(match kind {
        EventKind::Start { execution_id } => Norm::Start(execution_id.clone()),
        EventKind::Finish { finish_reason } => Norm::Finish(finish_reason.clone()),
        EventKind::ResourceUpdate { name, value } => Norm::ResourceUpdate(name.clone(), json(value)?),
        EventKind::ToolRequest { tool_calls } => Norm::ToolRequest(
            tool_calls
                .iter()
                .map(|c| {
                    Ok(NormCall {
                        id: c.tool_call_id.clone(),
                        name: c.tool_name.clone(),
                        args: json(&c.args)?,
                        output_variable: c.output_variable.as_deref().map(json).transpose()?,
                        block_index: c.block_index.as_deref().map(json).transpose()?,
                        thread: c.thread.as_deref().map(json).transpose()?,
                        worker_id: c.worker_id.as_deref().map(json).transpose()?,
                        raw: json(&c.raw)?,
                    })
                })
                .collect::<Result<Vec<_>, String>>()?,
        ),
        EventKind::Other => Norm::Other,
    })
}

/// Whether a JSON text repeats a key in its top-level object, or in a nested one.
#[derive(Default, Clone, Copy)]
struct Dups {
    top: bool,
    nested: bool,
}

struct Walk<'a> {
    depth: usize,
    dups: &'a mut Dups,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = ();
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("JSON")
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_str<E>(self, _: &str) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(Walk { depth: self.depth + 1, dups: &mut *self.dups })?.is_some() {}
        Ok(())
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut keys = HashSet::new();
        while let Some(k) = map.next_key::<String>()? {
            if !keys.insert(k) {
                if self.depth == 0 {
                    self.dups.top = true;
                } else {
                    self.dups.nested = true;
                }
            }
            map.next_value_seed(Walk { depth: self.depth + 1, dups: &mut *self.dups })?;
        }
        Ok(())
    }
}

fn dups(text: &str) -> Dups {
    let mut d = Dups::default();
    let mut de = serde_json::Deserializer::from_str(text);
    let _ = Walk { depth: 0, dups: &mut d }.deserialize(&mut de);
    d
}

// ---------------------------------------------------------------------------------------------
// JSON payload mutations

fn has_obj(j: &J) -> bool {
    match j {
        J::Obj(_) => true,
        J::Arr(xs) => xs.iter().any(has_obj),
        _ => false,
    }
}

fn children(j: &J) -> Vec<&J> {
    match j {
        J::Obj(f) => f.iter().map(|(_, v)| v).collect(),
        J::Arr(xs) => xs.iter().collect(),
        _ => Vec::new(),
    }
}

fn child_mut(j: &mut J, i: usize) -> &mut J {
    match j {
        J::Obj(f) => &mut f[i].1,
        J::Arr(xs) => &mut xs[i],
        _ => j,
    }
}

/// A random object in the tree (the top one about half of the time).
fn pick_obj<'a>(rng: &mut Rng, j: &'a mut J) -> Option<&'a mut Vec<(String, J)>> {
    let kids: Vec<usize> = children(j).iter().enumerate().filter(|(_, c)| has_obj(c)).map(|(i, _)| i).collect();
    let here = matches!(j, J::Obj(_));
    if !kids.is_empty() && (!here || rng.one_in(2)) {
        let i = *rng.pick(&kids);
        return pick_obj(rng, child_mut(j, i));
    }
    match j {
        J::Obj(f) => Some(f),
        _ => None,
    }
}

/// A random node of the tree.
fn pick_node<'a>(rng: &mut Rng, j: &'a mut J) -> &'a mut J {
    let n = children(j).len();
    if n > 0 && !rng.one_in(3) {
        let i = rng.below(n);
        return pick_node(rng, child_mut(j, i));
    }
    j
}

/// A value of another JSON type than `v`: objects become arrays of their values (which is how a
/// struct deserializer may read them), strings numbers, and so on.
fn mistype(rng: &mut Rng, v: &J) -> J {
    match (v, rng.below(3)) {
        (J::Obj(f), 0 | 1) => J::Arr(f.iter().map(|(_, v)| v.clone()).collect()),
        (J::Arr(xs), 0) => J::Obj(xs.iter().enumerate().map(|(i, x)| (i.to_string(), x.clone())).collect()),
        (J::Str(s), 0) => J::Arr(vec![J::Str(s.clone())]),
        (J::Str(_), 1) => J::Num(number(rng)),
        (J::Num(n), 0 | 1) => J::Str(n.clone()),
        (J::Bool(b), 0) => J::Str(b.to_string()),
        (J::Null, 0) => J::Str("null".to_string()),
        (J::Obj(_) | J::Arr(_), _) => J::Null,
        _ => match rng.below(4) {
            0 => J::Null,
            1 => J::Bool(true),
            2 => J::Obj(Vec::new()),
            _ => J::Arr(Vec::new()),
        },
    }
}

fn deep(rng: &mut Rng, depth: usize) -> J {
    let mut j = any(rng, 3);
    let obj = rng.one_in(2);
    for _ in 0..depth {
        j = if obj { J::Obj(vec![(rng.pick(KEYS).to_string(), j)]) } else { J::Arr(vec![j]) };
    }
    j
}

/// A key of the schema, at the top level or in a nested object.
fn schema_key(rng: &mut Rng) -> &'static str {
    const NESTED: &[&Shape] = &[&PROVIDER, &TOOL_INFO, &CALL, &RESULT, &FILE_REF, &TODO, &COST, &TOKENS];
    let shape = if rng.one_in(2) { &rng.pick(SPECS).shape } else { *rng.pick(NESTED) };
    let keys: Vec<&'static str> = shape.req.iter().chain(shape.opt).map(|&(k, _)| k).collect();
    if keys.is_empty() {
        "type"
    } else {
        keys[rng.below(keys.len())]
    }
}

fn mutate_event(rng: &mut Rng, j: &mut J) {
    for _ in 0..1 + rng.below(3) {
        match rng.below(10) {
            0 => {
                if let Some(f) = pick_obj(rng, j) {
                    if !f.is_empty() {
                        f.remove(rng.below(f.len()));
                    }
                }
            }
            1 | 2 => {
                if let Some(f) = pick_obj(rng, j) {
                    if !f.is_empty() {
                        let i = rng.below(f.len());
                        f[i].1 = mistype(rng, &f[i].1);
                    }
                }
            }
            3 => {
                // A repeated key: the same value, another one, or one of another type, before or
                // after the first.
                if let Some(f) = pick_obj(rng, j) {
                    if !f.is_empty() {
                        let (k, v) = f[rng.below(f.len())].clone();
                        let v = match rng.below(3) {
                            0 => v,
                            1 => mistype(rng, &v),
                            _ => any(rng, 2),
                        };
                        let at = rng.below(f.len() + 1);
                        f.insert(at, (k, v));
                    }
                }
            }
            4 => {
                let node = pick_node(rng, j);
                if let J::Obj(f) = node {
                    *node = J::Arr(f.iter().map(|(_, v)| v.clone()).collect());
                }
            }
            5 => {
                if let Some(f) = pick_obj(rng, j) {
                    f.push((rng.pick(KEYS).to_string(), any(rng, 1)));
                }
            }
            6 => {
                let d = if rng.one_in(4) { 100 + rng.below(400) } else { 1 + rng.below(40) };
                *pick_node(rng, j) = deep(rng, d);
            }
            7 => {
                if let J::Obj(f) = j {
                    if let Some((_, v)) = f.iter_mut().find(|(k, _)| k == "type") {
                        *v = J::Str(rng.pick(TYPES).to_string());
                    }
                }
            }
            8 => {
                // A key the schema knows (on this object, or on another event or object), set to
                // `null`, an array, or any value: an optional field present with the wrong type.
                if let Some(f) = pick_obj(rng, j) {
                    let k = schema_key(rng);
                    let v = match rng.below(3) {
                        0 => J::Null,
                        1 => J::Arr((0..rng.below(3)).map(|_| any(rng, 2)).collect()),
                        _ => any(rng, 1),
                    };
                    match f.iter_mut().find(|(key, _)| key == k) {
                        Some((_, old)) => *old = v,
                        None => f.push((k.to_string(), v)),
                    }
                }
            }
            _ => *pick_node(rng, j) = any(rng, 1),
        }
    }
}

/// Edits on the text: most make it invalid JSON, some land inside strings.
fn mutate_text(rng: &mut Rng, s: &mut String) {
    const BITS: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"", "\\", " ", "\n", "0", "-", "e", "null", "\\u002d", "\\ud800", "\\udc00",
        "\\ud83d\\ude42", "\u{feff}", "\u{0}", "é", "1e400", "\"type\":\"start\",",
    ];
    for _ in 0..1 + rng.below(3) {
        let mut at = rng.below(s.len() + 1);
        while !s.is_char_boundary(at) {
            at -= 1;
        }
        match rng.below(5) {
            0 => {
                let bit = *rng.pick(BITS);
                s.insert_str(at, bit);
            }
            1 => {
                if let Some(c) = s[at..].chars().next() {
                    s.replace_range(at..at + c.len_utf8(), "");
                }
            }
            2 => s.truncate(at),
            3 => {
                let piece: String = s[at..].chars().take(1 + rng.below(12)).collect();
                s.insert_str(at, &piece);
            }
            _ => {
                if let Some(c) = s[at..].chars().next() {
                    let bit = *rng.pick(BITS);
                    s.replace_range(at..at + c.len_utf8(), bit);
                }
            }
        }
    }
}

/// Tokens glued at random: rarely JSON, exercises the parser's error paths.
fn soup(rng: &mut Rng) -> String {
    const TOKENS: &[&str] = &[
        "{", "}", "[", "]", ",", ":", "\"type\"", "\"text-delta\"", "\"start\"", "\"id\"", "\"delta\"", "\"toolCalls\"",
        "\"todo-update\"", "\"todos\"", "\"sessionId\"", "\"x\"", "1", "-0.5e3", "true", "null", " ", "\"", "\\", "\\u002d",
        "\\ud800", "\u{fffd}", "\t", "\n",
    ];
    (0..rng.below(30)).map(|_| *rng.pick(TOKENS)).collect()
}

fn gen_json_payload(rng: &mut Rng) -> String {
    let mut out = String::new();
    match rng.below(12) {
        0 => return soup(rng),
        1 => {
            let st = Style::random(rng, true);
            write_json(&any(rng, 0), rng, st, &mut out);
        }
        2 => {
            // An array led by a type name, the shape a struct deserializer may take for an event.
            let mut xs = vec![J::Str(rng.pick(TYPES).to_string())];
            xs.extend((0..rng.below(5)).map(|_| any(rng, 2)));
            let st = Style::random(rng, true);
            write_json(&J::Arr(xs), rng, st, &mut out);
        }
        _ => {
            let mut j = gen_event(rng);
            if !rng.one_in(4) {
                mutate_event(rng, &mut j);
            }
            let st = Style::random(rng, true);
            write_json(&j, rng, st, &mut out);
            if rng.one_in(6) {
                mutate_text(rng, &mut out);
            }
        }
    }
    if rng.one_in(10) {
        let lead = *rng.pick(&[" ", "\t", "\n", "\r\n", "\u{a0}", "\u{feff}"]);
        out.insert_str(0, lead);
    }
    if rng.one_in(10) {
        let trail = *rng.pick(&[" ", "\n", "\r\n", " x", "\u{3000}"]);
        out.push_str(trail);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// SSE streams

/// A payload a valid stream must yield: once its first `ready_at` bytes have arrived, even if the
/// stream then fails (`None`: only once the stream has ended normally).
struct Expect {
    payload: String,
    ready_at: Option<usize>,
    /// An unaltered generated event: it must validate.
    valid: bool,
}

/// Writes lines with LF, CRLF or CR ends (fixed per stream, or mixed).
struct Lines {
    out: Vec<u8>,
    mode: usize,
    last_bare_cr: bool,
    /// Payloads whose event ended with a bare CR: the parser holds a final CR until it sees the
    /// next byte (it could be a CRLF), which it gets with the next line, so they are due once
    /// the next line's end has arrived.
    waiting: Vec<usize>,
}

impl Lines {
    /// Appends a line, and returns where it ends: payloads dispatched by it (an empty line) are
    /// due from there, unless that end is a bare CR (then see `waiting`).
    fn line(&mut self, rng: &mut Rng, content: &[u8], allow_cr: bool, expect: &mut [Expect]) -> Option<usize> {
        const EOLS: [&[u8]; 3] = [b"\n", b"\r\n", b"\r"];
        let mut eol = EOLS[if self.mode < 3 { self.mode } else { rng.below(3) }];
        if eol == b"\r" && !allow_cr {
            eol = b"\n";
        }
        // CR then an empty LF line would read as one CRLF: a real stream cannot say that.
        if content.is_empty() && self.last_bare_cr && eol == b"\n" {
            eol = b"\r\n";
        }
        self.out.extend_from_slice(content);
        for i in self.waiting.drain(..) {
            expect[i].ready_at = Some(self.out.len() + 1);
        }
        self.out.extend_from_slice(eol);
        self.last_bare_cr = eol == b"\r";
        (!self.last_bare_cr).then_some(self.out.len())
    }
}

const INVALID_UTF8: &[&[u8]] = &[
    b"\xff", b"\xfe", b"\x80", b"\xbf", b"\xc0\xaf", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf0\x9f\x99",
    b"\xf5\x80\x80\x80", b"\xc1\xbf",
];

/// A valid stream of realistic events. With `corrupt`, some payloads get invalid UTF-8 bytes,
/// and are expected back decoded lossily.
fn gen_valid_stream(rng: &mut Rng, corrupt: bool) -> (Vec<u8>, Vec<Expect>) {
    let mut w = Lines { out: Vec::new(), mode: rng.below(5), last_bare_cr: false, waiting: Vec::new() };
    let mut expect: Vec<Expect> = Vec::new();
    if rng.one_in(8) {
        w.out.extend_from_slice("\u{feff}".as_bytes());
    }
    let huge = rng.one_in(400);
    let events = 1 + rng.below(6);
    for k in 0..events {
        for _ in 0..if rng.one_in(5) { 1 + rng.below(2) } else { 0 } {
            let extra = *rng.pick(&[
                &b": heartbeat"[..],
                b":",
                b"event: message",
                b"id: 7",
                b"retry: 1500",
                b"foo: bar",
                b"event:",
                b"",
            ]);
            w.line(rng, extra, true, &mut expect);
        }
        let data_lines = if rng.one_in(10) { 2 + rng.below(2) } else { 1 };
        let no_blank = k + 1 == events && rng.one_in(10);
        let first = expect.len();
        for l in 0..data_lines {
            let mut j = gen_event(rng);
            if huge && k == 0 && l == 0 {
                let big = "x".repeat(1024 + rng.below(64 * 1024));
                j = J::Obj(vec![
                    ("type".into(), J::Str("text-delta".into())),
                    ("id".into(), J::Str("t".into())),
                    ("delta".into(), J::Str(big)),
                ]);
            }
            let st = Style::random(rng, false);
            let mut payload = String::new();
            write_json(&j, rng, st, &mut payload);
            let mut bytes = payload.into_bytes();
            let corrupted = corrupt && rng.one_in(2);
            if corrupted {
                for _ in 0..1 + rng.below(3) {
                    let at = rng.below(bytes.len() + 1);
                    let bad = rng.pick(INVALID_UTF8);
                    bytes.splice(at..at, bad.iter().copied());
                }
            }
            let mut line = if rng.one_in(4) { b"data:".to_vec() } else { b"data: ".to_vec() };
            line.extend_from_slice(&bytes);
            w.line(rng, &line, !no_blank, &mut expect);
            expect.push(Expect { payload: String::from_utf8_lossy(&bytes).into_owned(), ready_at: None, valid: !corrupted });
        }
        if !no_blank {
            match w.line(rng, b"", true, &mut expect) {
                Some(end) => expect[first..].iter_mut().for_each(|e| e.ready_at = Some(end)),
                None => w.waiting.extend(first..expect.len()),
            }
            if rng.one_in(10) {
                w.line(rng, b"", true, &mut expect);
            }
        }
        if !no_blank && rng.one_in(12) {
            w.line(rng, b"data: [DONE]", true, &mut expect);
            w.line(rng, b"", true, &mut expect);
        }
    }
    (w.out, expect)
}

fn line_starts(b: &[u8]) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(b.iter().enumerate().filter(|(_, &c)| c == b'\n' || c == b'\r').map(|(i, _)| i + 1));
    starts
}

fn mutate_stream(rng: &mut Rng, b: &mut Vec<u8>) {
    const SPECIAL: &[&[u8]] = &[
        b"\r", b"\n", b"\r\n", b":", b" ", b"\xef\xbb\xbf", b"data: [DONE]\n\n", b"data:", b"\n\n", b"\r\r", b"data\n", b"\0",
    ];
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(12) {
            0 => {
                if at < b.len() {
                    b[at] ^= 1 << rng.below(8);
                }
            }
            1 => b.insert(at, rng.next_u64() as u8),
            2 => {
                b.splice(at..at, rng.pick(SPECIAL).iter().copied());
            }
            3 => {
                let end = (at + 1 + rng.below(4)).min(b.len());
                b.drain(at..end);
            }
            4 => b.truncate(at),
            5 | 6 => {
                // Duplicate or move a line.
                let starts = line_starts(b);
                let s = *rng.pick(&starts);
                let e = starts.iter().copied().find(|&x| x > s).unwrap_or(b.len());
                let line = b[s..e].to_vec();
                let to = *rng.pick(&starts);
                if rng.one_in(2) && to >= e {
                    b.splice(to..to, line);
                    b.drain(s..e);
                } else {
                    b.splice(to..to, line);
                }
            }
            7 => {
                // Rewrite line ends: all, or one.
                let (from, to): (&[u8], &[u8]) = *rng.pick(&[
                    (&b"\n"[..], &b"\r\n"[..]),
                    (b"\n", b"\r"),
                    (b"\r\n", b"\n"),
                    (b"\r\n", b"\r"),
                    (b"\r", b"\n"),
                ]);
                let all = rng.one_in(2);
                let mut out = Vec::with_capacity(b.len() + 16);
                let mut i = 0;
                let mut done = false;
                while i < b.len() {
                    if b[i..].starts_with(from) && (all || (!done && rng.one_in(4))) {
                        out.extend_from_slice(to);
                        i += from.len();
                        done = true;
                    } else {
                        out.push(b[i]);
                        i += 1;
                    }
                }
                *b = out;
            }
            8 => {
                b.splice(at..at, rng.pick(INVALID_UTF8).iter().copied());
            }
            9 => {
                if rng.one_in(20) {
                    // A huge line (bounded): data, a comment, or garbage without a line end yet.
                    let n = 1024 + rng.below(64 * 1024);
                    let mut line = rng.pick(&[&b"data: \""[..], b": ", b"x"]).to_vec();
                    line.resize(line.len() + n, *rng.pick(b"a\xff\r"));
                    let end = *rng.pick(&[&b"\"\n\n"[..], b"\n", b""]);
                    line.extend_from_slice(end);
                    b.splice(at..at, line);
                }
            }
            10 => {
                let starts = line_starts(b);
                let s = *rng.pick(&starts);
                b.splice(s..s, rng.pick(&[&b"data: "[..], b"data:", b": ", b"event: x\n", b"\xef\xbb\xbf"]).iter().copied());
            }
            _ => {
                if at < b.len() {
                    b[at] = *rng.pick(b"\r\n: \0\x7f\xc3\x80");
                }
            }
        }
    }
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    const TOKENS: &[&[u8]] = &[
        b"data",
        b":",
        b" ",
        b"\r",
        b"\n",
        b"\r\n",
        b"[DONE]",
        b"{\"type\":\"start\"}",
        b"\xef\xbb\xbf",
        b"\xff",
        b"\xc3",
        b"\xa9",
        b"event",
        b"id",
        b"retry",
        b"x",
        b"{\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"d\"}",
        b"\0",
        b"\"",
    ];
    match rng.below(3) {
        0 => {
            let max = if rng.one_in(50) { 8192 } else { 256 };
            (0..rng.below(max)).map(|_| rng.next_u64() as u8).collect()
        }
        1 => (0..rng.below(40)).flat_map(|_| rng.pick(TOKENS).iter().copied()).collect(),
        _ => (0..rng.below(200)).map(|_| *rng.pick(b"da:t \r\n\r\n\xff\xc3\xa9x{}\"")).collect(),
    }
}

/// The SSE standard's reading of the same bytes, written independently of eventsource-stream:
/// lossy UTF-8, one leading BOM dropped, CRLF/CR/LF line ends, `data` fields only, an event
/// dispatched by an empty line. As in `sse.rs`, the end of the stream ends the last line (so an
/// event whose last line ended the stream counts) and a multi-line payload is split into its
/// lines, `[DONE]` dropped.
fn model_payloads(bytes: &[u8]) -> Vec<String> {
    let mut text = String::from_utf8_lossy(bytes).into_owned();
    text.push('\n');
    let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut data = String::new();
    let (mut i, mut start) = (0, 0);
    while i < b.len() {
        if b[i] == b'\r' || b[i] == b'\n' {
            let line = &body[start..i];
            if b[i] == b'\r' && b.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
            if line.is_empty() {
                if !data.is_empty() {
                    data.pop();
                    out.extend(data.split('\n').filter(|p| *p != "[DONE]").map(str::to_string));
                    data.clear();
                }
            } else if !line.starts_with(':') {
                let (name, value) = match line.find(':') {
                    Some(k) => (&line[..k], line[k + 1..].strip_prefix(' ').unwrap_or(&line[k + 1..])),
                    None => (line, ""),
                };
                if name == "data" {
                    data.push_str(value);
                    data.push('\n');
                }
            }
        }
        i += 1;
    }
    out
}

type Decoded = Vec<Result<String, String>>;

/// Runs `sse::payloads` over these chunks (then a transport error, with `cut`), to the end.
/// The general reader alone (eventsource-stream) must give the same: `Err` names both.
fn decode(chunks: Vec<Bytes>, cut: bool) -> Result<Decoded, String> {
    let mut items: Vec<Result<Bytes, &'static str>> = chunks.into_iter().map(Ok).collect();
    if cut {
        items.push(Err("cut"));
    }
    let general: Decoded =
        block_on(sse::payloads_general(stream::iter(items.clone())).map(|p| p.map_err(|e| format!("{e:?}"))).collect());
    let plain: Decoded = block_on(sse::payloads(stream::iter(items)).map(|p| p.map_err(|e| format!("{e:?}"))).collect());
    if plain != general {
        return Err(format!("the plain reader and eventsource-stream disagree:\n  plain   {plain:?}\n  general {general:?}"));
    }
    Ok(plain)
}

/// One way of cutting the bytes into network chunks.
fn chunk(rng: &mut Rng, b: &Bytes) -> Vec<Bytes> {
    let n = b.len();
    let mut cuts = Vec::new();
    match rng.below(7) {
        0 if n <= 4096 => cuts.extend(1..n),
        1 | 2 => {
            let max = *rng.pick(&[2, 4, 8, 64, 700]);
            let mut at = 0;
            loop {
                at += 1 + rng.below(max);
                if at >= n {
                    break;
                }
                cuts.push(at);
            }
        }
        3 => {
            // Next to line ends: between CR and LF, just before, just after.
            for (i, &c) in b.iter().enumerate() {
                if (c == b'\r' || c == b'\n') && rng.one_in(2) {
                    cuts.push(i + rng.below(2));
                }
            }
        }
        _ => {
            for _ in 0..rng.below(4) {
                cuts.push(rng.below(n + 1));
            }
            cuts.sort_unstable();
        }
    }
    let mut chunks = Vec::with_capacity(cuts.len() + 2);
    let mut prev = 0;
    for c in cuts.into_iter().chain([n]) {
        let c = c.clamp(prev, n);
        if c > prev || rng.one_in(16) {
            chunks.push(b.slice(prev..c));
        }
        prev = c;
    }
    chunks
}

// ---------------------------------------------------------------------------------------------
// Properties

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Class {
    RandomBytes,
    ValidStream,
    Utf8Stream,
    MutatedStream,
    JsonPayload,
}

impl Class {
    pub const ALL: [Class; 5] =
        [Class::RandomBytes, Class::ValidStream, Class::Utf8Stream, Class::MutatedStream, Class::JsonPayload];
    pub fn name(self) -> &'static str {
        match self {
            Class::RandomBytes => "random bytes",
            Class::ValidStream => "valid streams, random chunkings",
            Class::Utf8Stream => "valid streams with invalid UTF-8",
            Class::MutatedStream => "mutated streams",
            Class::JsonPayload => "JSON payloads",
        }
    }
}

/// One failure: the case seed that replays it, what broke, and the input.
pub struct Failure {
    pub case_seed: u64,
    pub class: Class,
    pub what: String,
    pub input: Vec<u8>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let shown: String = self.input.escape_ascii().to_string().chars().take(1500).collect();
        let what: String = self.what.chars().take(3000).collect();
        write!(
            f,
            "case seed {:#018x} ({}): {}\n  input ({} bytes): b\"{}\"{}",
            self.case_seed,
            self.class.name(),
            what,
            self.input.len(),
            shown,
            if shown.len() < self.input.escape_ascii().to_string().len() { "…" } else { "" }
        )
    }
}

#[derive(Default)]
pub struct Stats {
    pub inputs: u64,
    pub by_class: [u64; 5],
    /// Time spent per class, generation included.
    pub nanos_by_class: [u64; 5],
    pub stream_bytes: u64,
    pub decoder_runs: u64,
    pub payloads: u64,
    pub validations: u64,
    pub valid_events: u64,
    pub model_checks: u64,
    /// Per name of `TYPES`, the payloads compared with the model that have that `type`: how many
    /// it accepts, and how many it rejects (as the validator does, or the check fails).
    pub by_type: Vec<[u64; 2]>,
    /// Payloads with a key repeated in a nested object (exempt: see `check_payload`) on which the
    /// validator and the model disagree.
    pub nested_repeat_divergences: u64,
    pub failed: u64,
    /// The first few failures, in full.
    pub failures: Vec<Failure>,
}

impl Stats {
    fn fail(&mut self, f: Failure) {
        self.failed += 1;
        if self.failures.len() < 20 {
            self.failures.push(f);
        }
    }
}

impl fmt::Display for Stats {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        writeln!(f, "inputs: {}", self.inputs)?;
        for c in Class::ALL {
            let (n, ns) = (self.by_class[c as usize], self.nanos_by_class[c as usize]);
            writeln!(f, "  {:<34} {:>10}  ({:.1} µs each)", c.name(), n, ns as f64 / 1e3 / n.max(1) as f64)?;
        }
        writeln!(f, "stream bytes decoded: {} (in {} decoder runs)", self.stream_bytes, self.decoder_runs)?;
        writeln!(f, "payloads decoded: {}", self.payloads)?;
        writeln!(
            f,
            "validations: {} ({} valid events, {} compared with the schema model)",
            self.validations, self.valid_events, self.model_checks
        )?;
        writeln!(f, "  by type (accepted / rejected):")?;
        for (ty, [yes, no]) in TYPES.iter().zip(&self.by_type) {
            writeln!(f, "    {:<24} {yes:>10} / {no:>10}", format!("{ty:?}"))?;
        }
        writeln!(f, "nested repeated-key divergences (exempt): {}", self.nested_repeat_divergences)?;
        write!(f, "failures: {}", self.failed)
    }
}

const JSON_WS: &[char] = &[' ', '\t', '\n', '\r'];

/// The validator's properties on one payload: no panic, deterministic (`validate` and
/// `validate_owned` agree), a valid event's text re-validates to the same event, and — when the
/// payload is JSON a `serde_json::Value` can hold — it agrees with the schema model, a valid
/// event's text is the payload (trimmed), and re-serialising through `Value` keeps the decision.
/// Repeated keys: top-level ones must behave as in `JSON.parse` (the last wins, and the text may
/// be the re-serialised object); nested ones are exempt (counted when they diverge). Returns
/// whether the payload is a valid event.
fn check_payload(p: &str, stats: &mut Stats) -> Result<bool, String> {
    stats.validations += 1;
    if !event::fast_path_agrees(p) {
        return Err("the flat fast path accepted an event the full validator does not pass on".into());
    }
    let got = event::validate(p);
    if event::validate_owned(p.to_string()) != got {
        return Err("validate and validate_owned disagree (or validate is not deterministic)".into());
    }
    if let Some(ev) = &got {
        stats.valid_events += 1;
        if event::validate(&ev.text).as_ref() != Some(ev) {
            return Err(format!("a valid event's text does not re-validate to the same event: {ev:?}"));
        }
    }
    let Ok(v) = serde_json::from_str::<Value>(p) else {
        return Ok(got.is_some());
    };
    stats.model_checks += 1;
    // Which keys repeat is only looked up when something disagrees (it costs a parse).
    let mut repeats: Option<Dups> = None;
    let mut repeats = || *repeats.get_or_insert_with(|| dups(p));
    let want = model(&v);
    if let Some(i) = v.get("type").and_then(Value::as_str).and_then(|t| TYPES.iter().position(|&x| x == t)) {
        if stats.by_type.len() < TYPES.len() {
            stats.by_type.resize(TYPES.len(), [0; 2]);
        }
        stats.by_type[i][usize::from(want.is_none())] += 1;
    }
    let have = got.as_ref().map(|e| norm(&e.kind)).transpose()?;
    if have != want {
        if repeats().nested {
            stats.nested_repeat_divergences += 1;
            return Ok(got.is_some());
        }
        return Err(format!("validator and schema model disagree:\n  validator {have:?}\n  model     {want:?}"));
    }
    if let Some(ev) = &got {
        // As sent (trimmed), or, with a repeated top-level key, the re-serialised object.
        if ev.text != p.trim_matches(JSON_WS) {
            let d = repeats();
            let deduped = d.top && serde_json::to_string(&v).ok().as_deref() == Some(ev.text.as_str());
            if !deduped && !d.nested {
                return Err(format!("a valid event's text is not its payload: {:?}", ev.text));
            }
        }
    }
    let again = serde_json::to_string(&v).map_err(|e| e.to_string())?;
    let re = event::validate(&again).map(|e| norm(&e.kind)).transpose()?;
    if !same_norm(&re, &have) {
        let d = repeats();
        if !d.top && !d.nested {
            return Err(format!(
                "re-serialised through serde_json::Value it validates differently:\n  {again}\n  gives {re:?}"
            ));
        }
    }
    Ok(got.is_some())
}

/// The decoder's properties on one stream: output equal to the SSE model, the same for another
/// chunking, payloads that are single lines other than `[DONE]`, each checked by `check_payload`;
/// for a generated valid stream also its exact payloads in order, every unaltered event valid,
/// and each payload delivered as soon as its event is complete (a transport error after any
/// prefix yields the events completed in it, then the error).
fn check_stream(rng: &mut Rng, bytes: &[u8], expect: Option<&[Expect]>, stats: &mut Stats) -> Result<(), String> {
    let whole = Bytes::copy_from_slice(bytes);
    let one = decode(vec![whole.clone()], false)?;
    stats.decoder_runs += 1;
    stats.stream_bytes += bytes.len() as u64;
    let want: Decoded = model_payloads(bytes).into_iter().map(Ok).collect();
    if one != want {
        return Err(format!("decoder and SSE model disagree:\n  decoder {one:?}\n  model   {want:?}"));
    }
    let chunks = chunk(rng, &whole);
    let count = chunks.len();
    let split = decode(chunks, false)?;
    stats.decoder_runs += 1;
    stats.stream_bytes += bytes.len() as u64;
    if split != one {
        return Err(format!("chunking ({count} chunks) changed the payloads:\n  one chunk {one:?}\n  chunked   {split:?}"));
    }
    let mut valid = Vec::with_capacity(one.len());
    for p in one.iter().flatten() {
        stats.payloads += 1;
        if p.contains(['\n', '\r']) || p == "[DONE]" {
            return Err(format!("payload {p:?} is not one data line"));
        }
        valid.push(check_payload(p, stats)?);
    }
    let Some(expect) = expect else { return Ok(()) };
    let exact: Decoded = expect.iter().map(|e| Ok(e.payload.clone())).collect();
    if one != exact {
        return Err(format!("a valid stream's events did not come out in order and intact:\n  got  {one:?}\n  sent {exact:?}"));
    }
    if let Some((e, _)) = expect.iter().zip(valid).find(|(e, valid)| e.valid && !valid) {
        return Err(format!("a generated valid event was rejected: {}", e.payload));
    }
    let cut = rng.below(bytes.len() + 1);
    let prefix = whole.slice(..cut);
    let chunks = chunk(rng, &prefix);
    let got = decode(chunks, true)?;
    stats.decoder_runs += 1;
    stats.stream_bytes += cut as u64;
    let mut due: Decoded =
        expect.iter().filter(|e| e.ready_at.is_some_and(|r| r <= cut)).map(|e| Ok(e.payload.clone())).collect();
    due.push(Err(format!("{:?}", sse::SseError::Transport("cut"))));
    if got != due {
        return Err(format!("after the first {cut} bytes then a transport error:\n  got  {got:?}\n  want {due:?}"));
    }
    Ok(())
}

enum Input {
    Stream { bytes: Vec<u8>, expect: Option<Vec<Expect>> },
    Json(String),
}

fn generate(rng: &mut Rng) -> (Class, Input) {
    match rng.below(8) {
        0 | 1 => (Class::RandomBytes, Input::Stream { bytes: random_bytes(rng), expect: None }),
        2 | 3 => {
            let (bytes, expect) = gen_valid_stream(rng, false);
            (Class::ValidStream, Input::Stream { bytes, expect: Some(expect) })
        }
        4 => {
            let (bytes, expect) = gen_valid_stream(rng, true);
            (Class::Utf8Stream, Input::Stream { bytes, expect: Some(expect) })
        }
        5 => {
            let corrupt = rng.one_in(4);
            let (mut bytes, _) = gen_valid_stream(rng, corrupt);
            mutate_stream(rng, &mut bytes);
            (Class::MutatedStream, Input::Stream { bytes, expect: None })
        }
        _ => (Class::JsonPayload, Input::Json(gen_json_payload(rng))),
    }
}

/// Generates and checks one case; a panic anywhere counts as a failure of that case.
pub fn run_case(seed: u64, stats: &mut Stats) {
    let started = Instant::now();
    let mut class = Class::RandomBytes;
    let mut input = Vec::new();
    let outcome = catch_unwind(AssertUnwindSafe(|| {
        let mut rng = Rng::new(seed);
        let (c, case) = generate(&mut rng);
        class = c;
        stats.inputs += 1;
        stats.by_class[c as usize] += 1;
        match case {
            Input::Stream { bytes, expect } => {
                input.clone_from(&bytes);
                check_stream(&mut rng, &bytes, expect.as_deref(), stats)
            }
            Input::Json(text) => {
                input = text.clone().into_bytes();
                check_payload(&text, stats).map(|_| ())
            }
        }
    }));
    stats.nanos_by_class[class as usize] += started.elapsed().as_nanos() as u64;
    let what = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(what)) => what,
        Err(panic) => {
            let msg = panic.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| panic.downcast_ref::<String>().cloned());
            format!("panic: {}", msg.unwrap_or_default())
        }
    };
    stats.fail(Failure { case_seed: seed, class, what, input });
}

/// Cases `range` of the run with this seed.
pub fn run(run_seed: u64, range: Range<u64>, stats: &mut Stats) {
    for i in range {
        run_case(case_seed(run_seed, i), stats);
    }
}
