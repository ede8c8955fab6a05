// Unit tests of the continuation loop (docs/protocol.md §4, §5, §7) against a scripted local
// HTTP/1.1 server and a fake execution host.
use super::*;

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::core::cancel::Cancel;
use crate::core::config::{RequestConfig, Timeouts};
use crate::core::error::CoreError;
use crate::core::event::validate;
use futures::future::BoxFuture;

// ---------------------------------------------------------------------------------------------
// Scripted HTTP/1.1 server
// ---------------------------------------------------------------------------------------------

/// One action of a scripted answer.
#[derive(Clone, Debug)]
enum Step {
    /// Write these bytes (and flush).
    Write(Vec<u8>),
    Sleep(Duration),
    /// Send nothing more; wait until the client closes the connection.
    Hang,
    /// Close the socket now.
    Close,
}

/// What the server saw of one request.
#[derive(Clone, Debug)]
struct Recorded {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: String,
}

#[derive(Default)]
struct ServerState {
    replies: Mutex<VecDeque<Vec<Step>>>,
    requests: Mutex<Vec<Recorded>>,
    connections: AtomicUsize,
    /// Connections the client closed while the server hung or wrote.
    peer_closed: AtomicUsize,
}

struct Server {
    addr: SocketAddr,
    state: Arc<ServerState>,
    accept_task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.accept_task.abort();
    }
}

impl Server {
    /// Serves the scripted answers in order, one per request (over any connection).
    async fn start(replies: Vec<Vec<Step>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let state = Arc::new(ServerState::default());
        state.replies.lock().unwrap().extend(replies);
        let st = state.clone();
        let accept_task = tokio::spawn(async move {
            while let Ok((sock, _)) = listener.accept().await {
                st.connections.fetch_add(1, SeqCst);
                tokio::spawn(serve_connection(sock, st.clone()));
            }
        });
        Server { addr, state, accept_task }
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn requests(&self) -> Vec<Recorded> {
        self.state.requests.lock().unwrap().clone()
    }

    fn bodies(&self) -> Vec<String> {
        self.requests().into_iter().map(|r| r.body).collect()
    }

    fn connections(&self) -> usize {
        self.state.connections.load(SeqCst)
    }

    fn peer_closed(&self) -> usize {
        self.state.peer_closed.load(SeqCst)
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Reads one request (head + Content-Length body); `None` when the client closed.
async fn read_request(sock: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Recorded> {
    let mut tmp = [0u8; 4096];
    let head_end = loop {
        if let Some(p) = find(buf, b"\r\n\r\n") {
            break p + 4;
        }
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers: Vec<(String, String)> =
        lines.filter_map(|l| l.split_once(':')).map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string())).collect();
    let len: usize = headers.iter().find(|(k, _)| k == "content-length").and_then(|(_, v)| v.parse().ok()).unwrap_or(0);
    while buf.len() < head_end + len {
        let n = sock.read(&mut tmp).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&tmp[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..head_end + len]).to_string();
    buf.drain(..head_end + len);
    Some(Recorded { method, path, headers, body })
}

async fn serve_connection(mut sock: TcpStream, st: Arc<ServerState>) {
    let mut buf = Vec::new();
    while let Some(req) = read_request(&mut sock, &mut buf).await {
        st.requests.lock().unwrap().push(req);
        let reply = st
            .replies
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| status_reply(500, r#"{"error":"no scripted reply left"}"#));
        for step in reply {
            match step {
                Step::Write(bytes) => {
                    if sock.write_all(&bytes).await.is_err() || sock.flush().await.is_err() {
                        st.peer_closed.fetch_add(1, SeqCst);
                        return;
                    }
                }
                Step::Sleep(d) => tokio::time::sleep(d).await,
                Step::Hang => {
                    let mut tmp = [0u8; 1024];
                    loop {
                        match sock.read(&mut tmp).await {
                            Ok(0) | Err(_) => {
                                st.peer_closed.fetch_add(1, SeqCst);
                                return;
                            }
                            Ok(_) => {}
                        }
                    }
                }
                Step::Close => return,
            }
        }
        // A reply without `Close` keeps the connection for the next request (keep-alive).
    }
}

fn data(event: &str) -> String {
    format!("data: {event}\n\n")
}

fn write(s: &str) -> Step {
    Step::Write(s.as_bytes().to_vec())
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// A whole SSE answer with Content-Length, written at once; the connection stays open.
fn sse_reply(events: &[&str]) -> Vec<Step> {
    let mut body: String = events.iter().map(|e| data(e)).collect();
    body.push_str("data: [DONE]\n\n");
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    vec![Step::Write(format!("{head}{body}").into_bytes())]
}

/// An SSE answer delimited by closing the connection: the head, then `steps`, then close.
fn streamed(steps: Vec<Step>) -> Vec<Step> {
    let mut out = vec![write(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
    )];
    out.extend(steps);
    out.push(Step::Close);
    out
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Whatever",
    }
}

fn status_reply(status: u16, body: &str) -> Vec<Step> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    vec![Step::Write(format!("{head}{body}").into_bytes()), Step::Close]
}

// ---------------------------------------------------------------------------------------------
// Fake tool runner
// ---------------------------------------------------------------------------------------------

#[derive(Clone)]
struct ToolScript {
    delay: Duration,
    /// `None`: the handler never finishes.
    outcome: Option<ToolOutcome>,
}

#[derive(Default)]
struct FakeInner {
    tools: HashMap<String, ToolScript>,
    /// (toolCallId, toolName, args) in the order `run` was called.
    calls: Mutex<Vec<(String, String, String)>>,
    in_flight: AtomicUsize,
    max_in_flight: AtomicUsize,
    /// Answers of `headers`, in order; JSON content type only once used up.
    round_headers: Mutex<VecDeque<CoreResult<Headers>>>,
    round_header_calls: AtomicUsize,
    /// Answers of `tool_handlers`, in order; the scripted tools' names once used up.
    handler_sets: Mutex<VecDeque<CoreResult<Vec<String>>>>,
    handler_set_calls: AtomicUsize,
    /// `onToolResults`: receives the results' JSON, gives back the changed JSON.
    results_hook: Mutex<Option<ResultsHook>>,
    /// What the hook was given, in order.
    hooked: Mutex<Vec<String>>,
    truncations: Mutex<Vec<size_guard::Truncation>>,
    /// `dynamicToolSchemas` the host gives every round.
    schemas: Mutex<Option<String>>,
    /// Session ids the host was told of, in order.
    sessions: Mutex<Vec<String>>,
    /// What `observe` was told, described (see `describe`).
    traces: Mutex<Vec<String>>,
}

type ResultsHook = Box<dyn Fn(&str) -> CoreResult<String> + Send + Sync>;

#[derive(Clone, Default)]
struct FakeTools(Arc<FakeInner>);

impl FakeTools {
    fn new(tools: &[(&str, u64, Option<ToolOutcome>)]) -> Self {
        let tools = tools
            .iter()
            .map(|(name, delay, outcome)| (name.to_string(), ToolScript { delay: ms(*delay), outcome: outcome.clone() }))
            .collect();
        FakeTools(Arc::new(FakeInner { tools, ..Default::default() }))
    }

    fn calls(&self) -> Vec<(String, String, String)> {
        self.0.calls.lock().unwrap().clone()
    }

    fn call_ids(&self) -> Vec<String> {
        self.calls().into_iter().map(|c| c.0).collect()
    }

    fn max_in_flight(&self) -> usize {
        self.0.max_in_flight.load(SeqCst)
    }

    fn traces(&self) -> Vec<String> {
        self.0.traces.lock().unwrap().clone()
    }
}

/// A trace as a short line: `round 1`, `start 1.2 /path`, `end 1.2 200`, `end 1.1 api 503 retry`, …
fn describe(trace: &Trace<'_>) -> String {
    match trace {
        Trace::Round { round } => format!("round {round}"),
        Trace::RequestStart { round, attempt, path } => format!("start {round}.{attempt} {path}"),
        Trace::RequestEnd { round, attempt, end, .. } => match end {
            AttemptEnd::Answered { status } => format!("end {round}.{attempt} {status}"),
            AttemptEnd::Failed { error, retry } => {
                let status = error
                    .api_fields()
                    .map(|(s, c)| format!(" {s}{}", c.map(|c| format!(" {c}")).unwrap_or_default()))
                    .unwrap_or_default();
                format!("end {round}.{attempt} {:?}{status}{}", error.kind(), if *retry { " retry" } else { "" })
            }
            AttemptEnd::Cancelled => format!("end {round}.{attempt} cancelled"),
        },
    }
}

fn json_content_type() -> Headers {
    vec![("Content-Type".into(), "application/json".into())]
}

impl ExecutionHost for FakeTools {
    fn headers(&self) -> BoxFuture<'static, CoreResult<RoundHeaders>> {
        self.0.round_header_calls.fetch_add(1, SeqCst);
        let next = self.0.round_headers.lock().unwrap().pop_front().unwrap_or_else(|| Ok(json_content_type()));
        let dynamic_tool_schemas = self.0.schemas.lock().unwrap().clone();
        Box::pin(async move { next.map(|headers| RoundHeaders { headers, dynamic_tool_schemas }) })
    }

    fn run_tools<'a>(&'a self, calls: &'a [PendingToolCall]) -> BoxFuture<'a, CoreResult<Vec<Option<ToolOutcome>>>> {
        Box::pin(async move {
            let handled = self.tool_handlers()?;
            let runs = calls.iter().map(|c| {
                let run = handled.contains(&c.tool_name).then(|| self.run_tool(c));
                async move {
                    match run {
                        Some(run) => Some(run.await),
                        None => None,
                    }
                }
            });
            Ok(futures::future::join_all(runs).await)
        })
    }

    fn tool_results_hook(&self, results_json: String) -> Option<BoxFuture<'static, CoreResult<String>>> {
        let hook = self.0.results_hook.lock().unwrap();
        let hook = hook.as_ref()?;
        self.0.hooked.lock().unwrap().push(results_json.clone());
        let changed = hook(&results_json);
        Some(Box::pin(async move { changed }))
    }

    fn session_created(&self, session_id: &str) -> BoxFuture<'static, CoreResult<()>> {
        self.0.sessions.lock().unwrap().push(session_id.to_string());
        Box::pin(async { Ok(()) })
    }

    fn tool_result_truncated(&self, truncation: &size_guard::Truncation) {
        self.0.truncations.lock().unwrap().push(truncation.clone());
    }

    fn observe(&self, trace: Trace<'_>) {
        self.0.traces.lock().unwrap().push(describe(&trace));
    }
}

impl FakeTools {
    /// The handler set, as scripted (else every tool with a script).
    fn tool_handlers(&self) -> CoreResult<Vec<String>> {
        self.0.handler_set_calls.fetch_add(1, SeqCst);
        let scripted = self.0.handler_sets.lock().unwrap().pop_front();
        scripted.unwrap_or_else(|| Ok(self.0.tools.keys().cloned().collect()))
    }

    fn run_tool(&self, call: &PendingToolCall) -> BoxFuture<'static, ToolOutcome> {
        let inner = self.0.clone();
        inner.calls.lock().unwrap().push((call.tool_call_id.clone(), call.tool_name.clone(), call.args.clone()));
        let script = inner.tools.get(&call.tool_name).cloned().expect("run called for a tool without handler");
        Box::pin(async move {
            let now = inner.in_flight.fetch_add(1, SeqCst) + 1;
            inner.max_in_flight.fetch_max(now, SeqCst);
            tokio::time::sleep(script.delay).await;
            let outcome = match script.outcome {
                Some(o) => o,
                None => futures::future::pending::<ToolOutcome>().await,
            };
            inner.in_flight.fetch_sub(1, SeqCst);
            outcome
        })
    }
}

fn ok(json: &str) -> Option<ToolOutcome> {
    Some(ToolOutcome::Result(json.to_string()))
}

fn fail(msg: &str) -> Option<ToolOutcome> {
    Some(ToolOutcome::Error(msg.to_string()))
}

// ---------------------------------------------------------------------------------------------
// Driving the loop
// ---------------------------------------------------------------------------------------------

const SESSION_PATH: &str = "/api/agent-sessions/s1/trigger";
const WORKER_PATH: &str = "/api/agents/a1/execute";

fn cfg_for(server_url: &str) -> RequestConfig {
    RequestConfig {
        base_url: server_url.to_string(),
        headers: Vec::new(),
        timeouts: Timeouts { request: Some(ms(5000)), idle: Some(ms(5000)) },
    }
}

/// Plans without retries unless a test asks for them (the retry tests set `max_retries`).
fn no_retries() -> ExecutionOptions {
    ExecutionOptions { max_retries: 0, ..ExecutionOptions::default() }
}

fn plan_for(server: &Server, path: &str, body: BodyPlan) -> ExecutionPlan {
    ExecutionPlan {
        cfg: cfg_for(&server.url()),
        path: path.to_string(),
        body,
        execution_id: None,
        tool_results: None,
        options: no_retries(),
        deferred: None,
    }
}

fn trigger(name: &str, input: &str) -> BodyPlan {
    BodyPlan::Session {
        trigger_name: Some(name.into()),
        input_json: Some(input.into()),
        rollback_json: None,
        sender_json: None,
    }
}

/// The plan most tests use: trigger "go" with an empty input on the session path.
fn go_plan(server: &Server) -> ExecutionPlan {
    plan_for(server, SESSION_PATH, trigger("go", "{}"))
}

/// The loop's receiver, one output at a time (the channel carries batches).
/// Pulling a batch tells the loop that every output popped before was received.
struct Outputs {
    inlet: Inlet,
    buf: std::collections::VecDeque<Output>,
}

impl Outputs {
    async fn recv(&mut self) -> Option<Output> {
        loop {
            if let Some(o) = self.buf.pop_front() {
                return Some(o);
            }
            // `End` is how the stream ends with its last batch; `None` after it says the same.
            self.buf.extend(self.inlet.recv().await?.into_iter().filter(|o| !matches!(o, Output::End)));
        }
    }

    /// What a consumer that asks for the next event does first: counts everything handed out
    /// so far as received (then waits, here at most `wait`, for more).
    async fn ask_for_more(&mut self, wait: Duration) -> Option<Output> {
        assert!(self.buf.is_empty(), "outputs not yet popped: {:?}", self.buf);
        tokio::time::timeout(wait, self.recv()).await.ok().flatten()
    }
}

fn spawn_loop<H: ExecutionHost>(plan: ExecutionPlan, host: H, cancel: Cancel) -> (JoinHandle<()>, Outputs) {
    let (outlet, inlet) = channel(cancel, 64);
    let handle = tokio::spawn(run(plan, Arc::new(host), outlet));
    (handle, Outputs { inlet, buf: Default::default() })
}

/// Everything the loop sends until it ends (it must end within 10 s).
async fn drain(handle: JoinHandle<()>, mut rx: Outputs) -> Vec<Output> {
    let mut out = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), async {
        while let Some(o) = rx.recv().await {
            out.push(o);
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the loop did not end; got so far: {out:?}"));
    handle.await.expect("loop task");
    out
}

async fn run_to_end<H: ExecutionHost>(plan: ExecutionPlan, host: H, cancel: Cancel) -> Vec<Output> {
    let (h, rx) = spawn_loop(plan, host, cancel);
    drain(h, rx).await
}

/// Drops the receiver and asserts the loop task then ends within `secs` seconds (`why` names the case).
async fn assert_ends_without_receiver(handle: JoinHandle<()>, rx: Outputs, secs: u64, why: &str) {
    drop(rx);
    tokio::time::timeout(Duration::from_secs(secs), handle).await.expect(why).expect("loop task");
}

async fn recv_one(rx: &mut Outputs) -> Output {
    tokio::time::timeout(Duration::from_secs(5), rx.recv()).await.expect("no output within 5 s").expect("channel closed early")
}

/// Polls `cond` every 10 ms for up to 5 s.
async fn wait_until(what: &str, mut cond: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(5);
    while !cond() {
        assert!(Instant::now() < deadline, "timed out waiting for: {what}");
        tokio::time::sleep(ms(10)).await;
    }
}

fn event_text(o: &Output) -> &str {
    o.event_text().unwrap_or_else(|| panic!("unexpected failure: {o:?}"))
}

/// The failure's error (panics on an event).
fn failure(o: &Output) -> &CoreError {
    match o {
        Output::Failure(e) => e,
        o => panic!("expected a failure, got {o:?}"),
    }
}

/// All outputs as JSON values; panics on a failure.
fn values(out: &[Output]) -> Vec<Value> {
    out.iter().map(|o| serde_json::from_str(event_text(o)).unwrap_or_else(|e| panic!("bad JSON {o:?}: {e}"))).collect()
}

fn types(out: &[Output]) -> Vec<String> {
    values(out).iter().map(|v| v["type"].as_str().unwrap_or("?").to_string()).collect()
}

fn finish_stop() -> Output {
    Output::Event(FINISH_STOP.to_string())
}

fn tool_request(calls: &[&str]) -> String {
    format!(r#"{{"type":"tool-request","toolCalls":[{}]}}"#, calls.join(","))
}

/// Two scripted answers: START_E1 with these tool calls (finish tool-calls), then finish stop.
fn tool_round_then_stop(calls: &[&str]) -> Vec<Vec<Step>> {
    vec![sse_reply(&[START_E1, &tool_request(calls), FINISH_TOOLS]), sse_reply(&[FINISH_STOP_EV])]
}

const START_E1: &str = r#"{"type":"start","messageId":"m1","executionId":"e1"}"#;
const START_NO_ID: &str = r#"{"type":"start","messageId":"m0"}"#;
const FINISH_TOOLS: &str = r#"{"type":"finish","finishReason":"tool-calls"}"#;
const FINISH_STOP_EV: &str = r#"{"type":"finish","finishReason":"stop"}"#;
const TEXT_DELTA: &str = r#"{"type":"text-delta","id":"t1","delta":"Hi"}"#;

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[test]
fn body_plans_build_each_round() {
    let p = trigger("user-message", r#"{"m":"hi"}"#);
    assert_eq!(p.body(0, None, None, None), r#"{"triggerName":"user-message","input":{"m":"hi"}}"#);
    assert_eq!(
        p.body(1, Some("e1"), Some("[]"), None),
        r#"{"triggerName":"user-message","input":{"m":"hi"},"executionId":"e1","toolResults":[]}"#
    );
    let w = BodyPlan::Worker { start: true, input_json: Some("{}".into()) };
    assert_eq!(w.body(0, None, None, None), r#"{"type":"start","input":{}}"#);
    assert_eq!(w.body(1, Some("e"), Some("[1]"), None), r#"{"type":"continue","executionId":"e","toolResults":[1]}"#);
}

#[tokio::test]
async fn tracks_execution_id_from_start_and_hides_tool_plumbing() {
    let call1 = r#"{"toolCallId":"c1","toolName":"lookup","args":{"q":"a"}}"#;
    let call2 = r#"{"toolCallId":"c2","toolName":"lookup","args":{"q":"b"}}"#;
    let start_e2 = r#"{"type":"start","messageId":"m2","executionId":"e2"}"#;
    let server = Server::start(vec![
        sse_reply(&[
            START_E1,
            r#"{"type":"text-start","id":"t1"}"#,
            TEXT_DELTA,
            r#"{"type":"text-end","id":"t1"}"#,
            &tool_request(&[call1]),
            FINISH_TOOLS,
        ]),
        sse_reply(&[start_e2, &tool_request(&[call2]), FINISH_TOOLS]),
        // No executionId here: the tracked one stays e2.
        sse_reply(&[START_NO_ID, &tool_request(&[call1]), FINISH_TOOLS]),
        sse_reply(&[TEXT_DELTA, FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok(r#"{"found":true}"#))]);
    let plan = plan_for(&server, SESSION_PATH, trigger("user-message", r#"{"m":"hi"}"#));
    let out = run_to_end(plan, tools.clone(), Cancel::new()).await;

    assert_eq!(
        types(&out),
        [
            "start", "text-start", "text-delta", "text-end", "tool-output-available", "start", "tool-output-available",
            "start", "tool-output-available", "text-delta", "finish",
        ]
    );
    // Events are forwarded as received.
    assert_eq!(out[0], Output::Event(START_E1.to_string()));
    assert_eq!(out.last(), Some(&Output::Event(FINISH_STOP_EV.to_string())));
    assert!(!types(&out).iter().any(|t| t == "tool-request"));
    assert!(!values(&out).iter().any(|v| v["finishReason"] == "tool-calls"));

    let result = r#"[{"toolCallId":"c1","toolName":"lookup","result":{"found":true}}]"#;
    let result2 = r#"[{"toolCallId":"c2","toolName":"lookup","result":{"found":true}}]"#;
    assert_eq!(
        server.bodies(),
        [
            r#"{"triggerName":"user-message","input":{"m":"hi"}}"#.to_string(),
            format!(r#"{{"triggerName":"user-message","input":{{"m":"hi"}},"executionId":"e1","toolResults":{result}}}"#),
            format!(r#"{{"triggerName":"user-message","input":{{"m":"hi"}},"executionId":"e2","toolResults":{result2}}}"#),
            format!(r#"{{"triggerName":"user-message","input":{{"m":"hi"}},"executionId":"e2","toolResults":{result}}}"#),
        ]
    );
    for r in server.requests() {
        assert_eq!(r.method, "POST");
        assert_eq!(r.path, SESSION_PATH);
        assert!(r.headers.iter().any(|(k, v)| k == "content-type" && v == "application/json"));
    }
    assert_eq!(tools.call_ids(), ["c1", "c2", "c1"]);
    assert_eq!(tools.calls()[0].2, r#"{"q":"a"}"#);
}

#[tokio::test]
async fn server_tools_run_concurrently_and_results_keep_call_order() {
    // The first call is the slowest: completion order is c3, c2, c1; call order must win.
    let calls = [
        r#"{"toolCallId":"c1","toolName":"slow","args":{}}"#,
        r#"{"toolCallId":"c2","toolName":"medium","args":{}}"#,
        r#"{"toolCallId":"c3","toolName":"fast","args":{}}"#,
    ];
    let server = Server::start(tool_round_then_stop(&calls)).await;
    let tools = FakeTools::new(&[("slow", 400, ok("1")), ("medium", 200, ok("2")), ("fast", 10, ok("3"))]);
    let plan = go_plan(&server);
    let t0 = Instant::now();
    let out = run_to_end(plan, tools.clone(), Cancel::new()).await;
    let elapsed = t0.elapsed();

    assert_eq!(tools.max_in_flight(), 3, "all server handlers must be in flight at once");
    assert!(elapsed < ms(600), "handlers ran one after another? took {elapsed:?}");
    let v = values(&out);
    let outputs: Vec<(&str, &Value)> = v
        .iter()
        .filter(|e| e["type"] == "tool-output-available")
        .map(|e| (e["toolCallId"].as_str().unwrap(), &e["output"]))
        .collect();
    assert_eq!(outputs, [("c1", &json!(1)), ("c2", &json!(2)), ("c3", &json!(3))]);
    let body: Value = serde_json::from_str(&server.bodies()[1]).unwrap();
    let ids: Vec<&str> = body["toolResults"].as_array().unwrap().iter().map(|r| r["toolCallId"].as_str().unwrap()).collect();
    assert_eq!(ids, ["c1", "c2", "c3"]);
}

#[tokio::test]
async fn next_round_body_is_exact_and_copies_call_fields() {
    let calls = [
        r#"{"toolCallId":"c1","toolName":"search","args":{"n":1},"source":"block","outputVariable":"out","blockIndex":3,"thread":"side","workerId":"w1","thoughtSignature":"sig"}"#,
        r#"{"toolCallId":"c2","toolName":"search","args":{"n":2}}"#,
        r#"{"toolCallId":"c3","toolName":"broken","args":{}}"#,
    ];
    let server = Server::start(tool_round_then_stop(&calls)).await;
    let tools = FakeTools::new(&[("search", 0, ok(r#"{"hits":["a"]}"#)), ("broken", 0, fail("boom \"quoted\""))]);
    let plan = plan_for(&server, SESSION_PATH, trigger("go", r#"{"q":1}"#));
    let out = run_to_end(plan, tools.clone(), Cancel::new()).await;

    let expected_results = concat!(
        r#"[{"toolCallId":"c1","toolName":"search","result":{"hits":["a"]},"outputVariable":"out","blockIndex":3,"thread":"side","workerId":"w1"},"#,
        r#"{"toolCallId":"c2","toolName":"search","result":{"hits":["a"]}},"#,
        r#"{"toolCallId":"c3","toolName":"broken","error":"boom \"quoted\""}]"#,
    );
    let bodies = server.bodies();
    assert_eq!(bodies.len(), 2);
    assert_eq!(
        bodies[1],
        format!(r#"{{"triggerName":"go","input":{{"q":1}},"executionId":"e1","toolResults":{expected_results}}}"#)
    );
    // Also as JSON: exactly these four keys.
    let body: Value = serde_json::from_str(&bodies[1]).unwrap();
    let mut keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    keys.sort();
    assert_eq!(keys, ["executionId", "input", "toolResults", "triggerName"]);

    assert_eq!(
        out[1..4],
        [
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1","output":{"hits":["a"]}}"#.into()),
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"c2","output":{"hits":["a"]}}"#.into()),
            Output::Event(r#"{"type":"tool-output-error","toolCallId":"c3","error":"boom \"quoted\""}"#.into()),
        ]
    );
    assert_eq!(tools.calls()[0].2, r#"{"n":1}"#);
    assert_eq!(tools.calls()[1].2, r#"{"n":2}"#);
}

#[tokio::test]
async fn other_finish_is_yielded_and_ends_after_the_round_but_pending_tools_still_run() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let finish_length = r#"{"type":"finish","finishReason":"length","executionId":"e1"}"#;
    let server =
        Server::start(vec![sse_reply(&[START_E1, &tool_request(&[call]), finish_length]), sse_reply(&[FINISH_STOP_EV])]).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("true"))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;

    assert_eq!(
        out,
        [
            Output::Event(START_E1.into()),
            Output::Event(finish_length.into()),
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1","output":true}"#.into()),
        ]
    );
    assert_eq!(tools.call_ids(), ["c1"]);
    assert_eq!(server.requests().len(), 1, "no round after a non-tool-calls finish");
}

#[tokio::test]
async fn tool_calls_finish_without_a_tool_request_is_yielded_and_ends() {
    let server = Server::start(vec![sse_reply(&[START_E1, FINISH_TOOLS]), sse_reply(&[FINISH_STOP_EV])]).await;
    let out = run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into()), Output::Event(FINISH_TOOLS.into())]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn empty_pending_list_swallows_tool_calls_finish_and_ends() {
    let server = Server::start(vec![
        sse_reply(&[START_E1, r#"{"type":"tool-request","toolCalls":[]}"#, FINISH_TOOLS]),
        sse_reply(&[FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into())]);
    assert!(tools.calls().is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_tools_end_with_client_tool_request_and_server_results() {
    let server_call = r#"{"toolCallId":"c1","toolName":"lookup","args":{"q":1},"thread":"main"}"#;
    let client_call = r#"{"toolCallId":"c2","toolName":"askUser","args":{"question":"?"},"source":"llm"}"#;
    let server = Server::start(tool_round_then_stop(&[server_call, client_call])).await;
    let tools = FakeTools::new(&[("lookup", 0, ok(r#"{"found":true}"#))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;

    assert_eq!(
        out,
        [
            Output::Event(START_E1.into()),
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1","output":{"found":true}}"#.into()),
            Output::Event(format!(
                r#"{{"type":"client-tool-request","executionId":"e1","toolCalls":[{client_call}],"serverToolResults":[{{"toolCallId":"c1","toolName":"lookup","result":{{"found":true}},"thread":"main"}}]}}"#
            )),
            Output::Event(r#"{"type":"finish","finishReason":"client-tool-calls","executionId":"e1"}"#.into()),
        ]
    );
    // The generated events are themselves valid stream events.
    for o in &out {
        assert!(validate(event_text(o)).is_some(), "{o:?}");
    }
    assert_eq!(tools.call_ids(), ["c1"]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn client_tools_only_have_no_server_tool_results_key() {
    let client_call = r#"{"toolCallId":"c9","toolName":"confirm","args":{}}"#;
    let server = Server::start(vec![sse_reply(&[START_E1, &tool_request(&[client_call]), FINISH_TOOLS])]).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(
        out,
        [
            Output::Event(START_E1.into()),
            Output::Event(format!(r#"{{"type":"client-tool-request","executionId":"e1","toolCalls":[{client_call}]}}"#)),
            Output::Event(r#"{"type":"finish","finishReason":"client-tool-calls","executionId":"e1"}"#.into()),
        ]
    );
    assert!(tools.calls().is_empty());
}

#[tokio::test]
async fn client_tools_without_execution_id_give_an_internal_error() {
    let server_call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let client_call = r#"{"toolCallId":"c2","toolName":"askUser","args":{}}"#;
    let server = Server::start(vec![
        sse_reply(&[START_NO_ID, &tool_request(&[server_call, client_call]), FINISH_TOOLS]),
        sse_reply(&[FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    let err = internal_error_event("Missing executionId for client-tool-request");
    assert_eq!(
        out,
        [
            Output::Event(START_NO_ID.into()),
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1","output":1}"#.into()),
            Output::Event(err.clone()),
        ]
    );
    assert_eq!(
        serde_json::from_str::<Value>(&err).unwrap(),
        json!({"type":"error","errorType":"internal_error","message":"Missing executionId for client-tool-request","source":"platform","retryable":false})
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn non_2xx_yields_one_error_event_per_status_and_ends() {
    let cases: Vec<(u16, &str, &str, bool, &str, Option<&str>)> = vec![
        (400, r#"{"error":"Invalid input"}"#, "validation_error", false, "Invalid input", None),
        (401, r#"{"message":"Bad key","code":"UNAUTHORIZED"}"#, "authentication_error", false, "Bad key", Some("UNAUTHORIZED")),
        (403, "{}", "permission_error", false, "Failed to trigger: Forbidden", None),
        (
            404,
            r#"{"error":{"code":"NOT_FOUND","message":"Session not found"}}"#,
            "not_found_error",
            false,
            "Session not found",
            Some("NOT_FOUND"),
        ),
        (409, r#"{"error":"Busy"}"#, "unknown_error", false, "Busy", None),
        (429, r#"{"error":"Slow down"}"#, "rate_limit_error", true, "Slow down", None),
        (500, "<html>oops</html>", "internal_error", true, "Failed to trigger: Internal Server Error", None),
        (502, r#"{"error":"Upstream"}"#, "internal_error", true, "Upstream", None),
        (503, r#"{"error":"Overloaded"}"#, "provider_overloaded", true, "Overloaded", None),
        (504, r#"{"error":"Too slow"}"#, "provider_timeout", true, "Too slow", None),
    ];
    let server = Server::start(cases.iter().map(|c| status_reply(c.0, c.1)).collect()).await;
    for (i, (status, _, error_type, retryable, message, code)) in cases.iter().enumerate() {
        let out = run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
        assert_eq!(out.len(), 1, "status {status}: {out:?}");
        assert!(validate(event_text(&out[0])).is_some(), "status {status}: not a valid event");
        let mut expected = json!({
            "type": "error",
            "errorType": error_type,
            "message": message,
            "source": "platform",
            "retryable": retryable,
        });
        if let Some(c) = code {
            expected["code"] = json!(c);
        }
        assert_eq!(values(&out)[0], expected, "status {status}");
        assert_eq!(server.requests().len(), i + 1, "status {status}: exactly one request");
    }
}

#[tokio::test]
async fn connection_refused_is_a_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let plan = ExecutionPlan {
        cfg: cfg_for(&format!("http://{addr}")),
        path: SESSION_PATH.into(),
        body: trigger("go", "{}"),
        execution_id: None,
        tool_results: None,
        options: no_retries(),
        deferred: None,
    };
    let out = run_to_end(plan, FakeTools::default(), Cancel::new()).await;
    assert_eq!(out.len(), 1, "{out:?}");
    let e = failure(&out[0]);
    let m = e.to_string();
    assert_eq!(e.kind(), crate::core::error::ErrorKind::Network, "{e:?}");
    let url = format!("http://{addr}{SESSION_PATH}");
    assert_eq!(m.matches(&url).count(), 1, "the message names the URL once: {m}");
    assert!(!m.contains("client error") && !m.contains("error sending request"), "no HTTP-library wording: {m}");
}

#[tokio::test]
async fn connection_dropped_mid_stream_ends_silently_after_the_events() {
    // Content-Length promises more than is sent, then the socket closes.
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 100000\r\n\r\n";
    let server = Server::start(vec![vec![
        write(head),
        write(&data(START_E1)),
        Step::Sleep(ms(30)),
        write(&data(TEXT_DELTA)),
        write("data: {\"type\":\"text-del"),
        Step::Sleep(ms(30)),
        Step::Close,
    ]])
    .await;
    let out = run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
    assert_eq!(
        out,
        [Output::Event(START_E1.into()), Output::Event(TEXT_DELTA.into())],
        "a transport drop ends the stream without a terminal event"
    );
}

#[tokio::test]
async fn cancel_before_start_yields_only_finish_stop_and_sends_nothing() {
    let server = Server::start(vec![sse_reply(&[START_E1, FINISH_STOP_EV])]).await;
    let cancel = Cancel::new();
    cancel.cancel();
    let out = run_to_end(go_plan(&server), FakeTools::default(), cancel).await;
    assert_eq!(out, [finish_stop()]);
    tokio::time::sleep(ms(50)).await;
    assert_eq!(server.connections(), 0);
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn cancel_while_waiting_for_the_response_yields_finish_stop() {
    let server = Server::start(vec![vec![Step::Hang]]).await;
    let cancel = Cancel::new();
    let (h, rx) = spawn_loop(go_plan(&server), FakeTools::default(), cancel.clone());
    wait_until("the request arrives", || server.requests().len() == 1).await;
    cancel.cancel();
    let out = drain(h, rx).await;
    assert_eq!(out, [finish_stop()]);
    wait_until("the connection is closed", || server.peer_closed() == 1).await;
}

#[tokio::test]
async fn cancel_mid_stream_yields_finish_stop_and_closes_the_connection() {
    let server = Server::start(vec![streamed(vec![write(&data(START_E1)), write(&data(TEXT_DELTA)), Step::Hang])]).await;
    let cancel = Cancel::new();
    let (h, mut rx) = spawn_loop(go_plan(&server), FakeTools::default(), cancel.clone());
    assert_eq!(recv_one(&mut rx).await, Output::Event(START_E1.into()));
    assert_eq!(recv_one(&mut rx).await, Output::Event(TEXT_DELTA.into()));
    cancel.cancel();
    let out = drain(h, rx).await;
    assert_eq!(out, [finish_stop()]);
    wait_until("the connection is closed", || server.peer_closed() == 1).await;
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn cancel_during_a_hanging_tool_yields_finish_stop() {
    let call = r#"{"toolCallId":"c1","toolName":"forever","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("forever", 0, None)]);
    let cancel = Cancel::new();
    let (h, mut rx) = spawn_loop(go_plan(&server), tools.clone(), cancel.clone());
    assert_eq!(recv_one(&mut rx).await, Output::Event(START_E1.into()));
    assert_eq!(rx.ask_for_more(ms(100)).await, None, "nothing comes while the tool hangs");
    wait_until("the tool starts", || tools.0.in_flight.load(SeqCst) == 1).await;
    cancel.cancel();
    let out = drain(h, rx).await;
    assert_eq!(out, [finish_stop()]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn dropping_the_receiver_ends_the_loop_and_closes_the_connection() {
    let server =
        Server::start(vec![streamed(vec![write(&data(START_E1)), Step::Sleep(ms(100)), write(&data(TEXT_DELTA)), Step::Hang])])
            .await;
    let (h, mut rx) = spawn_loop(go_plan(&server), FakeTools::default(), Cancel::new());
    assert_eq!(recv_one(&mut rx).await, Output::Event(START_E1.into()));
    assert_ends_without_receiver(h, rx, 3, "the loop must end once the consumer is gone").await;
    wait_until("the connection is closed", || server.peer_closed() == 1).await;
}

#[tokio::test]
async fn dropping_the_receiver_while_the_server_is_silent_ends_the_loop() {
    // The consumer leaves while the platform sends nothing (e.g. a long model call): the
    // request must not stay open until the idle timeout (5 s here, 300 s by default).
    let server = Server::start(vec![streamed(vec![write(&data(START_E1)), Step::Hang])]).await;
    let (h, mut rx) = spawn_loop(go_plan(&server), FakeTools::default(), Cancel::new());
    assert_eq!(recv_one(&mut rx).await, Output::Event(START_E1.into()));
    assert_ends_without_receiver(h, rx, 2, "the loop must end once the consumer is gone, even while no data arrives").await;
    wait_until("the connection is closed", || server.peer_closed() == 1).await;
}

#[tokio::test]
async fn worker_rounds_start_then_continue() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{"k":"v"},"workerId":"w1"}"#;
    let worker_result = r#"{"type":"worker-result","workerId":"w1","output":"done"}"#;
    let server = Server::start(vec![
        sse_reply(&[
            START_E1,
            r#"{"type":"worker-start","workerId":"w1","workerSlug":"researcher"}"#,
            &tool_request(&[call]),
            FINISH_TOOLS,
        ]),
        sse_reply(&[r#"{"type":"start","executionId":"e2"}"#, &tool_request(&[call]), FINISH_TOOLS]),
        sse_reply(&[worker_result, FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok(r#""x""#))]);
    let plan = plan_for(&server, WORKER_PATH, BodyPlan::Worker { start: true, input_json: Some(r#"{"topic":"rust"}"#.into()) });
    let out = run_to_end(plan, tools.clone(), Cancel::new()).await;

    let result = r#"[{"toolCallId":"c1","toolName":"lookup","result":"x","workerId":"w1"}]"#;
    assert_eq!(
        server.bodies(),
        [
            r#"{"type":"start","input":{"topic":"rust"}}"#.to_string(),
            format!(r#"{{"type":"continue","executionId":"e1","toolResults":{result}}}"#),
            format!(r#"{{"type":"continue","executionId":"e2","toolResults":{result}}}"#),
        ]
    );
    assert!(server.requests().iter().all(|r| r.path == WORKER_PATH && r.method == "POST"));
    assert_eq!(
        types(&out),
        ["start", "worker-start", "tool-output-available", "start", "tool-output-available", "worker-result", "finish"]
    );

    // A worker started without input sends `{type:'start'}` only.
    let server = Server::start(vec![sse_reply(&[FINISH_STOP_EV])]).await;
    let plan = plan_for(&server, WORKER_PATH, BodyPlan::Worker { start: true, input_json: None });
    run_to_end(plan, FakeTools::default(), Cancel::new()).await;
    assert_eq!(server.bodies(), [r#"{"type":"start"}"#]);
}

#[tokio::test]
async fn continue_requests_send_execution_id_and_tool_results_first() {
    let prior = r#"[{"toolCallId":"c0","toolName":"askUser","result":"yes"}]"#;
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let result = r#"[{"toolCallId":"c1","toolName":"lookup","result":1}]"#;
    let script = || {
        vec![
            sse_reply(&[r#"{"type":"start","executionId":"e5"}"#, &tool_request(&[call]), FINISH_TOOLS]),
            sse_reply(&[FINISH_STOP_EV]),
        ]
    };
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);

    // Worker continue.
    let server = Server::start(script()).await;
    let mut plan = plan_for(&server, WORKER_PATH, BodyPlan::Worker { start: false, input_json: None });
    plan.execution_id = Some("e0".into());
    plan.tool_results = Some(prior.into());
    run_to_end(plan, tools.clone(), Cancel::new()).await;
    assert_eq!(
        server.bodies(),
        [
            format!(r#"{{"type":"continue","executionId":"e0","toolResults":{prior}}}"#),
            format!(r#"{{"type":"continue","executionId":"e5","toolResults":{result}}}"#),
        ]
    );

    // Session continue: the base body is empty.
    let server = Server::start(script()).await;
    let mut plan = plan_for(
        &server,
        SESSION_PATH,
        BodyPlan::Session { trigger_name: None, input_json: None, rollback_json: None, sender_json: None },
    );
    plan.execution_id = Some("e0".into());
    plan.tool_results = Some(prior.into());
    run_to_end(plan, tools.clone(), Cancel::new()).await;
    assert_eq!(
        server.bodies(),
        [
            format!(r#"{{"executionId":"e0","toolResults":{prior}}}"#),
            format!(r#"{{"executionId":"e5","toolResults":{result}}}"#),
        ]
    );
}

#[tokio::test]
async fn resource_updates_are_handed_over_with_their_name_and_value() {
    let update = r#"{"type":"resource-update","name":"notes","value":{"items":[1,2]}}"#;
    let update_null = r#"{"type":"resource-update","name":"flag","value":null}"#;
    let server = Server::start(vec![sse_reply(&[
        START_E1,
        update,
        r#"{"type":"resource-update","name":"dropped"}"#,
        update_null,
        FINISH_STOP_EV,
    ])])
    .await;
    let out = run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
    assert_eq!(
        out,
        [
            Output::Event(START_E1.into()),
            Output::ResourceUpdate { text: update.into(), name: "notes".into(), value: r#"{"items":[1,2]}"#.into() },
            Output::ResourceUpdate { text: update_null.into(), name: "flag".into(), value: "null".into() },
            Output::Event(FINISH_STOP_EV.into()),
        ]
    );
}

#[tokio::test]
async fn chunked_stream_skips_invalid_events_keeps_last_tool_request_and_reads_past_finish() {
    let call_old = r#"{"toolCallId":"old","toolName":"lookup","args":{}}"#;
    let call_new = r#"{"toolCallId":"new","toolName":"lookup","args":{}}"#;
    let start = data(START_E1);
    let (a, b) = start.split_at(20);
    let late = r#"{"type":"text-delta","id":"t1","delta":"late"}"#;
    let server = Server::start(vec![
        streamed(vec![
            write(a),
            Step::Sleep(ms(20)),
            write(b),
            write("data: not json\n\n"),
            write(&data(r#"{"type":"mystery"}"#)),
            write(&data(r#"{"type":"text-delta","id":"t1"}"#)),
            Step::Sleep(ms(20)),
            write(&format!("data: {TEXT_DELTA}\r\n\r\n")),
            write(&data(&tool_request(&[call_old]))),
            write(&data(&tool_request(&[call_new]))),
            write(&data(FINISH_TOOLS)),
            write("data: [DONE]\n\n"),
        ]),
        streamed(vec![write(&data(FINISH_STOP_EV)), Step::Sleep(ms(20)), write(&data(late))]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("0"))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(
        out,
        [
            Output::Event(START_E1.into()),
            Output::Event(TEXT_DELTA.into()),
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"new","output":0}"#.into()),
            Output::Event(FINISH_STOP_EV.into()),
            Output::Event(late.into()),
        ]
    );
    assert_eq!(tools.call_ids(), ["new"]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn the_stream_watchdog_ends_a_silent_stream_without_a_terminal_event() {
    let server = Server::start(vec![streamed(vec![write(&data(START_E1)), Step::Hang])]).await;
    let mut plan = go_plan(&server);
    plan.cfg.timeouts.idle = Some(ms(200));
    let t0 = Instant::now();
    let out = run_to_end(plan, FakeTools::default(), Cancel::new()).await;
    let elapsed = t0.elapsed();
    assert_eq!(out, [Output::Event(START_E1.into())]);
    assert!(elapsed >= ms(200) && elapsed < ms(3000), "{elapsed:?}");
    wait_until("the connection is closed", || server.peer_closed() == 1).await;
}

#[tokio::test]
async fn keep_alive_comments_count_as_activity_for_the_idle_timeout() {
    // `Timeouts::idle` is "the longest silence allowed between two chunks": a platform that
    // sends SSE comments (`: ping`) more often than that is not silent.
    let mut steps = vec![write(&data(START_E1))];
    for _ in 0..6 {
        steps.push(Step::Sleep(ms(100)));
        steps.push(write(": ping\n\n"));
    }
    steps.push(write(&data(FINISH_STOP_EV)));
    let server = Server::start(vec![streamed(steps)]).await;
    let mut plan = go_plan(&server);
    plan.cfg.timeouts.idle = Some(ms(250));
    let out = run_to_end(plan, FakeTools::default(), Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into()), Output::Event(FINISH_STOP_EV.into())]);
}

fn header<'a>(r: &'a Recorded, name: &str) -> Option<&'a str> {
    r.headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
}

#[tokio::test]
async fn every_round_asks_the_host_for_its_headers() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let round = || sse_reply(&[START_E1, &tool_request(&[call]), FINISH_TOOLS]);
    let server = Server::start(vec![round(), round(), sse_reply(&[FINISH_STOP_EV])]).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    let with_token = |t: &str| {
        let mut h = json_content_type();
        h.push(("X-Token".into(), t.into()));
        Ok(h)
    };
    tools.0.round_headers.lock().unwrap().extend([with_token("t0"), with_token("t1"), with_token("t2")]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(out.last(), Some(&Output::Event(FINISH_STOP_EV.into())));
    let tokens: Vec<Option<String>> = server.requests().iter().map(|r| header(r, "x-token").map(str::to_string)).collect();
    assert_eq!(tokens, [Some("t0".into()), Some("t1".into()), Some("t2".into())]);
    assert_eq!(tools.0.round_header_calls.load(SeqCst), 3, "asked once per round, the first included");
}

#[tokio::test]
async fn failing_round_headers_end_with_a_failure_before_the_next_request() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    tools
        .0
        .round_headers
        .lock()
        .unwrap()
        .extend([Ok(json_content_type()), Err(CoreError::Callback("getHeaders failed: boom".into()))]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(
        out,
        [
            Output::Event(START_E1.into()),
            Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1","output":1}"#.into()),
            Output::Failure(CoreError::Callback("getHeaders failed: boom".into())),
        ]
    );
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn dropping_the_receiver_while_waiting_for_the_response_ends_the_loop() {
    // The platform accepted the POST but has not answered yet (request timeout: 5 s here).
    let server = Server::start(vec![vec![Step::Hang]]).await;
    let (h, rx) = spawn_loop(go_plan(&server), FakeTools::default(), Cancel::new());
    wait_until("the request arrives", || server.requests().len() == 1).await;
    assert_ends_without_receiver(h, rx, 2, "the loop must end once the consumer is gone, even before the response head").await;
    wait_until("the connection is closed", || server.peer_closed() == 1).await;
}

#[tokio::test]
async fn dropping_the_receiver_during_a_hanging_tool_ends_the_loop() {
    let call = r#"{"toolCallId":"c1","toolName":"forever","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("forever", 0, None)]);
    let (h, mut rx) = spawn_loop(go_plan(&server), tools.clone(), Cancel::new());
    assert_eq!(recv_one(&mut rx).await, Output::Event(START_E1.into()));
    assert_eq!(rx.ask_for_more(ms(100)).await, None, "nothing comes while the tool hangs");
    wait_until("the tool starts", || tools.0.in_flight.load(SeqCst) == 1).await;
    assert_ends_without_receiver(h, rx, 2, "the loop must end once the consumer is gone, even while a tool hangs").await;
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn an_error_answer_whose_body_never_ends_still_yields_its_error_event() {
    // 500 with a promised 1000-byte body of which 10 bytes arrive: the body read must give up
    // after the idle timeout and fall back to the status text (never hang).
    let head =
        "HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"error\":";
    let server = Server::start(vec![vec![write(head), Step::Hang]]).await;
    let mut plan = go_plan(&server);
    plan.cfg.timeouts.idle = Some(ms(200));
    let out = run_to_end(plan, FakeTools::default(), Cancel::new()).await;
    assert_eq!(
        values(&out),
        vec![json!({
            "type": "error",
            "errorType": "internal_error",
            "message": "Failed to trigger: Internal Server Error",
            "source": "platform",
            "retryable": true,
        })]
    );
}

// ---------------------------------------------------------------------------------------------
// Consumer-paced rounds and the host asked per round
// ---------------------------------------------------------------------------------------------

/// A round that arrives in one piece: start, 50 text deltas, then a tool request.
fn deltas_then_tool(tool: &str) -> Vec<Vec<Step>> {
    let call = format!(r#"{{"toolCallId":"c1","toolName":"{tool}","args":{{}}}}"#);
    let mut events = vec![START_E1.to_string()];
    events.extend((0..50).map(|i| format!(r#"{{"type":"text-delta","id":"t1","delta":"d{i}"}}"#)));
    events.push(tool_request(&[&call]));
    events.push(FINISH_TOOLS.to_string());
    let refs: Vec<&str> = events.iter().map(String::as_str).collect();
    vec![sse_reply(&refs), sse_reply(&[FINISH_STOP_EV])]
}

#[tokio::test]
async fn a_rounds_tools_wait_until_the_consumer_has_received_every_event_before_them() {
    let server = Server::start(deltas_then_tool("sendEmail")).await;
    let tools = FakeTools::new(&[("sendEmail", 0, ok("true"))]);
    let (h, mut rx) = spawn_loop(go_plan(&server), tools.clone(), Cancel::new());
    // The consumer reads 11 events (the whole round is already buffered) and pauses.
    for _ in 0..11 {
        recv_one(&mut rx).await;
    }
    tokio::time::sleep(ms(150)).await;
    assert!(tools.calls().is_empty(), "the tool ran while the consumer was at event 11");
    assert_eq!(server.requests().len(), 1, "no continuation before the tool");
    // It takes the rest and asks for more: now the tool runs and the round continues.
    while !rx.buf.is_empty() {
        recv_one(&mut rx).await;
    }
    let rest = drain(h, rx).await;
    assert_eq!(types(&rest), ["tool-output-available", "finish"]);
    assert_eq!(tools.call_ids(), ["c1"]);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_abort_before_the_consumer_reached_the_tool_request_runs_no_tool() {
    let server = Server::start(deltas_then_tool("sendEmail")).await;
    let tools = FakeTools::new(&[("sendEmail", 0, ok("true"))]);
    let cancel = Cancel::new();
    let (h, mut rx) = spawn_loop(go_plan(&server), tools.clone(), cancel.clone());
    for _ in 0..11 {
        recv_one(&mut rx).await;
    }
    tokio::time::sleep(ms(100)).await;
    cancel.cancel();
    rx.buf.clear(); // the consumer stops reading the round
    let out = drain(h, rx).await;
    assert_eq!(out, [finish_stop()]);
    assert!(tools.calls().is_empty(), "an aborted execution ran a tool");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_consumer_that_leaves_mid_round_runs_no_tool() {
    let server = Server::start(deltas_then_tool("sendEmail")).await;
    let tools = FakeTools::new(&[("sendEmail", 0, ok("true"))]);
    let (h, mut rx) = spawn_loop(go_plan(&server), tools.clone(), Cancel::new());
    recv_one(&mut rx).await;
    assert_ends_without_receiver(h, rx, 2, "the loop must end once the consumer is gone, before the tool").await;
    assert!(tools.calls().is_empty());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_handler_set_is_asked_each_round_so_a_tool_can_turn_into_a_client_tool() {
    let call = |id: &str| format!(r#"{{"toolCallId":"{id}","toolName":"lookup","args":{{}}}}"#);
    let server = Server::start(vec![
        sse_reply(&[START_E1, &tool_request(&[&call("c1")]), FINISH_TOOLS]),
        sse_reply(&[START_E1, &tool_request(&[&call("c2")]), FINISH_TOOLS]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    tools.0.handler_sets.lock().unwrap().extend([Ok(vec!["lookup".to_string()]), Ok(vec![])]);
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(types(&out), ["start", "tool-output-available", "start", "client-tool-request", "finish"]);
    assert_eq!(tools.call_ids(), ["c1"]);
    assert_eq!(tools.0.handler_set_calls.load(SeqCst), 2);
}

#[tokio::test]
async fn a_failing_handler_lookup_ends_with_its_error_and_runs_nothing() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    tools.0.handler_sets.lock().unwrap().push_back(Err(CoreError::Callback("tools failed".into())));
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into()), Output::Failure(CoreError::Callback("tools failed".into()))]);
    assert!(tools.calls().is_empty());
    assert_eq!(server.requests().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// The 6.4 loop: retries, response checks, hooks, rejected client tools, the size guard
// ---------------------------------------------------------------------------------------------

/// A non-2xx answer with extra head lines (e.g. `Retry-After: 0`).
fn status_with(status: u16, extra_head: &str, body: &str) -> Vec<Step> {
    let head = format!(
        "HTTP/1.1 {status} {}\r\nContent-Type: application/json\r\n{extra_head}Content-Length: {}\r\nConnection: close\r\n\r\n",
        reason(status),
        body.len()
    );
    vec![Step::Write(format!("{head}{body}").into_bytes()), Step::Close]
}

fn with_retries(mut plan: ExecutionPlan, n: u32) -> ExecutionPlan {
    plan.options.max_retries = n;
    plan
}

#[tokio::test]
async fn retryable_statuses_are_retried_with_fresh_headers_until_the_stream_comes() {
    let server = Server::start(vec![
        status_with(503, "Retry-After: 0\r\n", r#"{"error":"Overloaded"}"#),
        status_with(429, "Retry-After: 0\r\n", r#"{"error":"Slow down"}"#),
        sse_reply(&[START_E1, FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::default();
    let out = run_to_end(with_retries(go_plan(&server), 2), tools.clone(), Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into()), Output::Event(FINISH_STOP_EV.into())]);
    assert_eq!(server.requests().len(), 3);
    assert_eq!(tools.0.round_header_calls.load(SeqCst), 3, "headers are asked for every attempt");
    let bodies = server.bodies();
    assert!(bodies.iter().all(|b| b == &bodies[0]), "every attempt sends the same body");
}

#[tokio::test]
async fn out_of_retries_a_retryable_status_gives_its_error_event_and_others_are_not_retried() {
    let server = Server::start(vec![
        status_with(502, "Retry-After: 0\r\n", r#"{"error":"Upstream"}"#),
        status_with(502, "Retry-After: 0\r\n", r#"{"error":"Upstream again"}"#),
    ])
    .await;
    let out = run_to_end(with_retries(go_plan(&server), 1), FakeTools::default(), Cancel::new()).await;
    assert_eq!(
        values(&out),
        [json!({"type":"error","errorType":"internal_error","message":"Upstream again","source":"platform","retryable":true})]
    );
    assert_eq!(server.requests().len(), 2);

    let server = Server::start(vec![status_with(500, "Retry-After: 0\r\n", r#"{"error":"Broken"}"#)]).await;
    let out = run_to_end(with_retries(go_plan(&server), 2), FakeTools::default(), Cancel::new()).await;
    assert_eq!(values(&out)[0]["message"], json!("Broken"));
    assert_eq!(server.requests().len(), 1, "500 is not retried");
}

#[tokio::test]
async fn a_connection_closed_before_any_answer_is_retried() {
    let server = Server::start(vec![vec![Step::Close], sse_reply(&[START_E1, FINISH_STOP_EV])]).await;
    let t0 = Instant::now();
    let out = run_to_end(with_retries(go_plan(&server), 1), FakeTools::default(), Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into()), Output::Event(FINISH_STOP_EV.into())]);
    assert_eq!(server.requests().len(), 2);
    let waited = t0.elapsed();
    assert!(waited >= ms(700), "the first backoff is about 1 s (± 25 %): {waited:?}");
}

#[tokio::test]
async fn a_response_head_slower_than_the_watchdog_is_retried_then_ends_silently() {
    let server = Server::start(vec![vec![Step::Hang], vec![Step::Hang]]).await;
    let mut plan = with_retries(go_plan(&server), 1);
    plan.cfg.timeouts.idle = Some(ms(150));
    let out = run_to_end(plan, FakeTools::default(), Cancel::new()).await;
    assert_eq!(out, [], "out of retries, a head that never came ends the execution without an event");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn an_abort_during_a_backoff_wait_yields_finish_stop_and_sends_nothing_more() {
    let server =
        Server::start(vec![status_with(503, "Retry-After: 5\r\n", "{}"), sse_reply(&[START_E1, FINISH_STOP_EV])]).await;
    let cancel = Cancel::new();
    let (h, rx) = spawn_loop(with_retries(go_plan(&server), 2), FakeTools::default(), cancel.clone());
    wait_until("the first attempt arrives", || server.requests().len() == 1).await;
    tokio::time::sleep(ms(100)).await;
    cancel.cancel();
    let t0 = Instant::now();
    let out = drain(h, rx).await;
    assert_eq!(out, [finish_stop()]);
    assert!(t0.elapsed() < ms(2000), "the wait was not cut short");
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn a_204_or_a_non_stream_answer_gives_an_internal_error_event() {
    let no_content = vec![write("HTTP/1.1 204 No Content\r\n\r\n")];
    let json_answer = vec![write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")];
    let server = Server::start(vec![no_content, json_answer]).await;
    let out = run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
    assert_eq!(
        values(&out),
        [
            json!({"type":"error","errorType":"internal_error","message":"Response body is not readable","source":"platform","retryable":false})
        ]
    );
    let out = run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
    let message = values(&out)[0]["message"].as_str().unwrap_or_default().to_string();
    assert!(message.contains("\"application/json\"") && message.contains(SESSION_PATH), "{message}");
}

#[tokio::test]
async fn every_request_says_which_wire_version_it_speaks() {
    let server = Server::start(vec![sse_reply(&[FINISH_STOP_EV])]).await;
    run_to_end(go_plan(&server), FakeTools::default(), Cancel::new()).await;
    assert_eq!(header(&server.requests()[0], "x-octavus-sdk-version"), Some("4"));
}

#[tokio::test]
async fn worker_errors_say_execute_or_continue() {
    let server = Server::start(vec![status_reply(502, "<html>"), status_reply(502, "<html>")]).await;
    let start = plan_for(&server, WORKER_PATH, BodyPlan::Worker { start: true, input_json: None });
    let out = run_to_end(start, FakeTools::default(), Cancel::new()).await;
    assert_eq!(values(&out)[0]["message"], json!("Failed to execute worker: Bad Gateway"));
    let mut resume = plan_for(&server, WORKER_PATH, BodyPlan::Worker { start: false, input_json: None });
    resume.execution_id = Some("e1".into());
    let out = run_to_end(resume, FakeTools::default(), Cancel::new()).await;
    assert_eq!(values(&out)[0]["message"], json!("Failed to continue worker: Bad Gateway"));
}

#[tokio::test]
async fn a_handler_that_returns_nothing_gives_a_result_without_a_result_key() {
    let call = r#"{"toolCallId":"c1","toolName":"log","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("log", 0, Some(ToolOutcome::Void))]);
    let out = run_to_end(go_plan(&server), tools, Cancel::new()).await;
    assert_eq!(out[1], Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1"}"#.into()));
    let body: Value = serde_json::from_str(&server.bodies()[1]).expect("json");
    assert_eq!(body["toolResults"], json!([{"toolCallId": "c1", "toolName": "log"}]));
}

#[tokio::test]
async fn reject_client_tool_calls_answers_them_with_an_error_and_continues() {
    let server_call = r#"{"toolCallId":"s1","toolName":"lookup","args":{}}"#;
    let client_call = r#"{"toolCallId":"k1","toolName":"askUser","args":{},"thread":"t"}"#;
    let server = Server::start(tool_round_then_stop(&[server_call, client_call])).await;
    let mut plan = go_plan(&server);
    plan.options.reject_client_tool_calls = true;
    let out = run_to_end(plan, FakeTools::new(&[("lookup", 0, ok("1"))]), Cancel::new()).await;
    let message = "Tool \"askUser\" is not available. No handler is registered for this tool.";
    assert_eq!(
        values(&out),
        [
            serde_json::from_str::<Value>(START_E1).expect("json"),
            json!({"type": "tool-output-available", "toolCallId": "s1", "output": 1}),
            json!({"type": "tool-output-error", "toolCallId": "k1", "error": message}),
            json!({"type": "finish", "finishReason": "stop"}),
        ]
    );
    let body: Value = serde_json::from_str(&server.bodies()[1]).expect("json");
    assert_eq!(
        body["toolResults"],
        json!([{"toolCallId": "s1", "toolName": "lookup", "result": 1}, {"toolCallId": "k1", "toolName": "askUser", "error": message, "thread": "t"}])
    );
}

#[tokio::test]
async fn on_tool_results_may_change_the_results_before_their_events_and_the_continuation() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("lookup", 0, ok(r#"{"secret":"s","n":1}"#))]);
    *tools.0.results_hook.lock().unwrap() =
        Some(Box::new(|_| Ok(r#"[{"toolCallId":"c1","toolName":"lookup","result":{"n":1}}]"#.to_string())));
    let out = run_to_end(go_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(out[1], Output::Event(r#"{"type":"tool-output-available","toolCallId":"c1","output":{"n":1}}"#.into()));
    assert_eq!(
        tools.0.hooked.lock().unwrap().as_slice(),
        [r#"[{"toolCallId":"c1","toolName":"lookup","result":{"secret":"s","n":1}}]"#]
    );
    let body: Value = serde_json::from_str(&server.bodies()[1]).expect("json");
    assert_eq!(body["toolResults"], json!([{"toolCallId": "c1", "toolName": "lookup", "result": {"n": 1}}]));
}

#[tokio::test]
async fn a_failing_on_tool_results_ends_with_its_error_before_any_output() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    *tools.0.results_hook.lock().unwrap() = Some(Box::new(|_| Err(CoreError::Callback("hook failed".into()))));
    let out = run_to_end(go_plan(&server), tools, Cancel::new()).await;
    assert_eq!(out, [Output::Event(START_E1.into()), Output::Failure(CoreError::Callback("hook failed".into()))]);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_size_guard_cuts_a_huge_result_in_the_body_but_not_in_the_event() {
    let call = r#"{"toolCallId":"c1","toolName":"dump","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let huge = format!("\"{}\"", "x".repeat(300_000));
    let tools = FakeTools::new(&[("dump", 0, ok(&huge))]);
    let mut plan = go_plan(&server);
    plan.options.max_body_bytes = 100_000;
    let out = run_to_end(plan, tools.clone(), Cancel::new()).await;
    assert_eq!(values(&out)[1]["output"].as_str().map(str::len), Some(300_000), "the consumer sees the full output");
    let body = &server.bodies()[1];
    assert!(body.len() < 50_000, "{}", body.len());
    let sent: Value = serde_json::from_str(body).expect("json");
    assert!(sent["toolResults"][0]["result"].as_str().unwrap_or_default().starts_with("[Octavus: the tool's result (293 KB)"));
    let truncations = tools.0.truncations.lock().unwrap().clone();
    assert_eq!(truncations.len(), 1);
    assert_eq!((truncations[0].original_bytes, truncations[0].variable_capture), (300_000, false));
}

#[tokio::test]
async fn results_that_cannot_be_cut_enough_give_a_413_error_event_and_no_request() {
    let calls: Vec<String> = (0..12).map(|i| format!(r#"{{"toolCallId":"c{i}","toolName":"mid","args":{{}}}}"#)).collect();
    let refs: Vec<&str> = calls.iter().map(String::as_str).collect();
    let server = Server::start(tool_round_then_stop(&refs)).await;
    let tools = FakeTools::new(&[("mid", 0, ok(&format!("\"{}\"", "m".repeat(12_000))))]);
    let mut plan = go_plan(&server);
    plan.options.max_body_bytes = 100_000;
    let out = run_to_end(plan, tools, Cancel::new()).await;
    let last = values(&out).pop().expect("an event");
    assert_eq!(
        (last["type"].clone(), last["errorType"].clone(), last["retryable"].clone()),
        (json!("error"), json!("unknown_error"), json!(false))
    );
    assert!(
        last["message"].as_str().unwrap_or_default().starts_with("Failed to trigger: the tool results are too large to send"),
        "{last}"
    );
    assert_eq!(server.requests().len(), 1, "the oversized continuation is never sent");
}

#[tokio::test]
async fn client_supplied_results_of_a_continue_go_through_the_size_guard_too() {
    let server = Server::start(vec![sse_reply(&[FINISH_STOP_EV])]).await;
    let mut plan = plan_for(
        &server,
        SESSION_PATH,
        BodyPlan::Session { trigger_name: None, input_json: None, rollback_json: None, sender_json: None },
    );
    plan.execution_id = Some("e0".into());
    plan.tool_results = Some(format!(r#"[{{"toolCallId":"k","toolName":"t","result":"{}"}}]"#, "y".repeat(200_000)));
    plan.options.max_body_bytes = 100_000;
    let tools = FakeTools::default();
    run_to_end(plan, tools.clone(), Cancel::new()).await;
    assert!(server.bodies()[0].len() < 50_000);
    assert_eq!(tools.0.truncations.lock().unwrap().len(), 1);
}

// ---------------------------------------------------------------------------------------------
// Deferred start and dynamic tool schemas
// ---------------------------------------------------------------------------------------------

fn deferred_plan(server: &Server) -> ExecutionPlan {
    let start = DeferredStart {
        agent_id: "agent-1".into(),
        input_json: Some(r#"{"COMPANY":"Acme"}"#.into()),
        idempotency_key: "idem-1".into(),
    };
    let body = BodyPlan::Session {
        trigger_name: Some("go".into()),
        input_json: Some(r#"{"q":1}"#.into()),
        rollback_json: None,
        sender_json: Some(r#"{"id":"u"}"#.into()),
    };
    ExecutionPlan { options: no_retries(), ..ExecutionPlan::deferred(cfg_for(&server.url()), start, body) }
}

/// An SSE answer that names the session in its head.
fn sse_reply_naming(session: &str, events: &[&str]) -> Vec<Step> {
    let mut body: String = events.iter().map(|e| data(e)).collect();
    body.push_str("data: [DONE]\n\n");
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nX-Octavus-Session-Id: {session}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    vec![Step::Write(format!("{head}{body}").into_bytes())]
}

#[tokio::test]
async fn a_deferred_start_posts_the_nested_body_then_continues_on_the_session_it_created() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(vec![
        sse_reply_naming("sess/9", &[START_E1, &tool_request(&[call]), FINISH_TOOLS]),
        sse_reply(&[FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    *tools.0.schemas.lock().unwrap() = Some(r#"[{"name":"dyn"}]"#.into());
    run_to_end(deferred_plan(&server), tools.clone(), Cancel::new()).await;
    let requests = server.requests();
    assert_eq!(requests[0].path, "/api/agent-sessions/start");
    assert_eq!(
        serde_json::from_str::<Value>(&requests[0].body).expect("json"),
        json!({"agentId": "agent-1", "trigger": {"triggerName": "go", "input": {"q": 1}, "sender": {"id": "u"}, "dynamicToolSchemas": [{"name": "dyn"}]}, "input": {"COMPANY": "Acme"}, "idempotencyKey": "idem-1"})
    );
    assert_eq!(requests[1].path, "/api/agent-sessions/sess%2F9/trigger");
    let second: Value = serde_json::from_str(&requests[1].body).expect("json");
    assert_eq!(second["executionId"], json!("e1"));
    assert_eq!(second["dynamicToolSchemas"], json!([{"name": "dyn"}]), "schemas go with every leg");
    assert_eq!(tools.0.sessions.lock().unwrap().as_slice(), ["sess/9"]);
}

#[tokio::test]
async fn without_the_header_a_deferred_start_takes_its_session_id_from_the_start_event() {
    let start = r#"{"type":"start","executionId":"e1","sessionId":"s-from-event"}"#;
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server =
        Server::start(vec![sse_reply(&[start, &tool_request(&[call]), FINISH_TOOLS]), sse_reply(&[FINISH_STOP_EV])]).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    run_to_end(deferred_plan(&server), tools.clone(), Cancel::new()).await;
    assert_eq!(server.requests()[1].path, "/api/agent-sessions/s-from-event/trigger");
    assert_eq!(tools.0.sessions.lock().unwrap().as_slice(), ["s-from-event"], "told once");
}

#[tokio::test]
async fn a_retried_first_leg_keeps_its_idempotency_key() {
    let server =
        Server::start(vec![status_with(503, "Retry-After: 0\r\n", "{}"), sse_reply_naming("s1", &[FINISH_STOP_EV])]).await;
    run_to_end(with_retries(deferred_plan(&server), 1), FakeTools::default(), Cancel::new()).await;
    let keys: Vec<Value> =
        server.bodies().iter().map(|b| serde_json::from_str::<Value>(b).expect("json")["idempotencyKey"].clone()).collect();
    assert_eq!(keys, [json!("idem-1"), json!("idem-1")]);
}

// ---------------------------------------------------------------------------------------------
// Observation (ExecutionOptions::observe)
// ---------------------------------------------------------------------------------------------

fn observed(mut plan: ExecutionPlan) -> ExecutionPlan {
    plan.options.observe = true;
    plan
}

#[tokio::test]
async fn an_observed_execution_tells_the_host_each_round_and_attempt_in_order() {
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(tool_round_then_stop(&[call])).await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    run_to_end(observed(go_plan(&server)), tools.clone(), Cancel::new()).await;
    let path = SESSION_PATH;
    assert_eq!(
        tools.traces(),
        [
            "round 1".to_string(),
            format!("start 1.1 {path}"),
            "end 1.1 200".into(),
            "round 2".into(),
            format!("start 2.1 {path}"),
            "end 2.1 200".into(),
        ]
    );
}

#[tokio::test]
async fn an_unobserved_execution_tells_the_host_nothing() {
    let server =
        Server::start(vec![status_with(503, "Retry-After: 0\r\n", "{}"), sse_reply(&[START_E1, FINISH_STOP_EV])]).await;
    let tools = FakeTools::default();
    let out = run_to_end(with_retries(go_plan(&server), 1), tools.clone(), Cancel::new()).await;
    assert_eq!(out.len(), 2);
    assert!(tools.traces().is_empty(), "{:?}", tools.traces());
}

#[tokio::test]
async fn observed_attempts_say_retry_and_the_last_answer_carries_its_code() {
    let server = Server::start(vec![
        status_with(503, "Retry-After: 0\r\n", r#"{"error":"Overloaded"}"#),
        status_reply(404, r#"{"error":{"code":"NOT_FOUND","message":"Session not found"}}"#),
    ])
    .await;
    let tools = FakeTools::default();
    run_to_end(observed(with_retries(go_plan(&server), 2)), tools.clone(), Cancel::new()).await;
    let path = SESSION_PATH;
    assert_eq!(
        tools.traces(),
        [
            "round 1".to_string(),
            format!("start 1.1 {path}"),
            "end 1.1 Api 503 retry".into(),
            format!("start 1.2 {path}"),
            "end 1.2 Api 404 NOT_FOUND".into(),
        ]
    );
}

#[tokio::test]
async fn observed_failures_and_cancellations_end_their_attempt() {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    let mut plan = observed(no_retries_plan(&format!("http://{addr}")));
    plan.options.max_retries = 0;
    let tools = FakeTools::default();
    run_to_end(plan, tools.clone(), Cancel::new()).await;
    assert_eq!(tools.traces()[2], "end 1.1 Network");

    let server = Server::start(vec![vec![Step::Hang]]).await;
    let cancel = Cancel::new();
    let tools = FakeTools::default();
    let (h, rx) = spawn_loop(observed(go_plan(&server)), tools.clone(), cancel.clone());
    wait_until("the request arrives", || server.requests().len() == 1).await;
    cancel.cancel();
    assert_eq!(drain(h, rx).await, [finish_stop()]);
    assert_eq!(tools.traces(), ["round 1".to_string(), format!("start 1.1 {SESSION_PATH}"), "end 1.1 cancelled".into()]);

    let server = Server::start(vec![vec![Step::Hang]]).await;
    let mut plan = observed(go_plan(&server));
    plan.cfg.timeouts.idle = Some(ms(100));
    let tools = FakeTools::default();
    assert_eq!(run_to_end(plan, tools.clone(), Cancel::new()).await, []);
    assert_eq!(tools.traces()[2], "end 1.1 Timeout");
}

fn no_retries_plan(url: &str) -> ExecutionPlan {
    ExecutionPlan {
        cfg: cfg_for(url),
        path: SESSION_PATH.into(),
        body: trigger("go", "{}"),
        execution_id: None,
        tool_results: None,
        options: no_retries(),
        deferred: None,
    }
}

#[tokio::test]
async fn the_last_events_and_the_end_leave_in_one_batch_when_the_body_has_ended() {
    // A body whose end is known with its last bytes (Content-Length): its last events wait for
    // the end of the execution, so that one pull gets both.
    let server = Server::start(vec![sse_reply(&[START_E1, TEXT_DELTA, FINISH_STOP_EV])]).await;
    let plan = plan_for(&server, SESSION_PATH, trigger("user-message", "{}"));
    let (outlet, mut inlet) = channel(Cancel::new(), 8);
    let handle = tokio::spawn(run(plan, Arc::new(FakeTools::default()), outlet));
    let mut batches = Vec::new();
    while let Some(batch) = tokio::time::timeout(Duration::from_secs(10), inlet.recv()).await.expect("the loop ends") {
        batches.push(batch);
    }
    handle.await.expect("loop task");
    let last = batches.last().expect("a batch");
    assert_eq!(last.last(), Some(&Output::End), "{batches:?}");
    assert!(last.contains(&Output::Event(FINISH_STOP_EV.to_string())), "the finish came apart from the end: {batches:?}");
    assert_eq!(batches.iter().flatten().filter(|o| **o == Output::End).count(), 1);
}

#[tokio::test]
async fn events_held_for_the_end_are_handed_over_and_received_before_tools_run() {
    // The first round's body ends with its tool request, so its events are held: they must be
    // handed over, and the tool must wait until the consumer asks for more (it has received them).
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(vec![
        sse_reply(&[START_E1, TEXT_DELTA, &tool_request(&[call]), FINISH_TOOLS]),
        sse_reply(&[FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    let plan = plan_for(&server, SESSION_PATH, trigger("user-message", "{}"));
    let (handle, mut rx) = spawn_loop(plan, tools.clone(), Cancel::new());
    let first = tokio::time::timeout(Duration::from_secs(10), rx.recv()).await.expect("the held events come");
    assert_eq!(first, Some(Output::Event(START_E1.into())));
    assert_eq!(rx.recv().await, Some(Output::Event(TEXT_DELTA.into())));
    tokio::time::sleep(ms(100)).await;
    assert!(tools.call_ids().is_empty(), "a tool ran before the consumer asked for more");
    let out = drain(handle, rx).await;
    assert_eq!(types(&out), ["tool-output-available", "finish"]);
    assert_eq!(tools.call_ids(), ["c1"]);
}

#[tokio::test]
async fn a_last_read_of_only_hidden_events_hands_over_no_empty_batch() {
    // The round's last network read holds only the tool request and its finish (hidden): the
    // consumer must never get an empty batch (an empty pull stalls a relay's reader).
    let call = r#"{"toolCallId":"c1","toolName":"lookup","args":{}}"#;
    let server = Server::start(vec![
        streamed(vec![
            write(&data(START_E1)),
            Step::Sleep(ms(30)),
            write(&format!("{}{}data: [DONE]\n\n", data(&tool_request(&[call])), data(FINISH_TOOLS))),
            Step::Close,
        ]),
        sse_reply(&[FINISH_STOP_EV]),
        // The same, with the end of the body in a read of its own: the other branch.
        streamed(vec![
            write(&data(START_E1)),
            Step::Sleep(ms(30)),
            write(&format!("{}{}data: [DONE]\n\n", data(&tool_request(&[call])), data(FINISH_TOOLS))),
            Step::Sleep(ms(30)),
            Step::Close,
        ]),
        sse_reply(&[FINISH_STOP_EV]),
    ])
    .await;
    let tools = FakeTools::new(&[("lookup", 0, ok("1"))]);
    for run_number in 1..=2 {
        let plan = plan_for(&server, SESSION_PATH, trigger("user-message", "{}"));
        let (outlet, mut inlet) = channel(Cancel::new(), 8);
        let handle = tokio::spawn(run(plan, Arc::new(tools.clone()), outlet));
        let mut batches = Vec::new();
        while let Some(batch) = tokio::time::timeout(Duration::from_secs(10), inlet.recv()).await.expect("the loop ends") {
            batches.push(batch);
        }
        handle.await.expect("loop task");
        assert!(batches.iter().all(|b| !b.is_empty()), "run {run_number}, an empty batch: {batches:?}");
        assert_eq!(batches.concat().last(), Some(&Output::End));
    }
    assert_eq!(tools.call_ids(), ["c1", "c1"]);
}
