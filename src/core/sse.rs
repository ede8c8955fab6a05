//! Bytes of an event stream → the data payloads it carries. `[DONE]` is dropped.
//!
//! Two readers, one result. eventsource-stream does the SSE framing in general
//! (`payloads_general`): chunks are cut into whole lines (ended by LF, CR or CRLF) before
//! parsing, so the parser's buffer stays one line long whatever the network chunk size, and each
//! line is decoded as UTF-8 with invalid bytes replaced by U+FFFD (as a TextDecoder does). A
//! leading byte order mark is dropped here, not by the parser (see `LineSplitter::piece`).
//!
//! What the platform sends is the plainest form of SSE: `data: <json>` lines, `:` comments
//! (heartbeats), LF line ends, valid UTF-8. `payloads` reads that form itself, a whole event at
//! a time and without copying lines around (the general reader costs ~300 ns per event, most of
//! a relay's budget; docs/performance.md). At the first event it does not handle exactly as
//! described (a CR, any other field, invalid UTF-8, a leading BOM), it hands the stream from
//! that event's first byte to the general reader for good. Events are independent in SSE for
//! the `data` field (the only one read), so the switch is exact; the fuzz suite checks that both
//! give the same payloads for every generated stream and chunking (docs/fuzzing.md).

use std::collections::VecDeque;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use eventsource_stream::Eventsource;
use futures::stream::{self, Stream, StreamExt};

/// Why a stream of payloads ended early: its transport failed (the byte stream's own error),
/// or the bytes could not be read as SSE.
#[derive(Debug, Clone, PartialEq)]
pub enum SseError<E> {
    Transport(E),
    Malformed(String),
}

/// One data payload, or the reason the stream broke.
pub type Payload<E> = Result<String, SseError<E>>;

/// Turns network chunks into pieces of whole, valid UTF-8 lines (each ending with `\n` or `\r`;
/// the `\n` of a CRLF may start the next piece, which the parser, holding a final `\r` until it
/// sees the next byte, reads as one line end).
struct LineSplitter {
    /// The start of a line whose end has not arrived yet.
    carry: Vec<u8>,
    /// Where the first piece stands, until it has been handed out.
    first: Option<First>,
}

/// What the parser's first piece is.
#[derive(Clone, Copy, PartialEq)]
enum First {
    /// The stream's first bytes: a leading BOM is not data.
    StreamStart,
    /// The start of an event further on (the plain reader handed over): a BOM there is data.
    Resumed,
}

/// A line end of any of the three kinds (CR-only ones included: splitting only at `\n` would
/// hand such a stream to the parser whole at its end, which it parses in quadratic time).
fn is_eol(b: &u8) -> bool {
    *b == b'\n' || *b == b'\r'
}

const BOM: &[u8] = "\u{feff}".as_bytes();

impl LineSplitter {
    fn push(&mut self, chunk: Bytes) -> Vec<Bytes> {
        let mut pieces = Vec::new();
        let data = chunk.as_ref();
        let Some(last_nl) = data.iter().rposition(is_eol) else {
            self.carry.extend_from_slice(data);
            return pieces;
        };
        let mut start = 0;
        if !self.carry.is_empty() {
            // Complete the carried line with this chunk's first line.
            let first_nl = data.iter().position(is_eol).unwrap_or(last_nl);
            self.carry.extend_from_slice(&data[..=first_nl]);
            let line = Bytes::from(std::mem::take(&mut self.carry));
            pieces.push(self.piece(line));
            start = first_nl + 1;
        }
        // Whole lines in pieces of about PIECE bytes: few items for the parser, and its buffer
        // (which it shifts after every line) stays small.
        while start <= last_nl {
            let target = (start + PIECE).min(last_nl);
            let end = match data[target..=last_nl].iter().position(is_eol) {
                Some(p) => target + p + 1,
                None => last_nl + 1,
            };
            pieces.push(self.piece(chunk.slice(start..end)));
            start = end;
        }
        self.carry.extend_from_slice(&data[last_nl + 1..]);
        pieces
    }

    /// The unfinished last line, if any, completed with a newline: an event whose last line
    /// ended the stream (no blank line after it) still counts, as in the reference.
    fn finish(&mut self) -> Bytes {
        let mut rest = std::mem::take(&mut self.carry);
        rest.push(b'\n');
        self.piece(Bytes::from(rest))
    }

    /// A piece as the parser gets it: valid UTF-8 and, for the first one, without a leading
    /// BOM. eventsource-stream drops a leading BOM by slicing one byte off the three-byte U+FEFF,
    /// which panics; so it is dropped here, and should a second one follow (the standard keeps
    /// it, as part of the first line) an empty line, which does nothing at the start of a
    /// stream or of an event, goes before it so that the parser never sees a piece start with
    /// U+FEFF. A resumed stream keeps its first U+FEFF: it is part of a field name there.
    fn piece(&mut self, line: Bytes) -> Bytes {
        let piece = utf8_piece(line);
        let Some(first) = self.first.take() else { return piece };
        let piece = if first == First::StreamStart && piece.starts_with(BOM) { piece.slice(BOM.len()..) } else { piece };
        if !piece.starts_with(BOM) {
            return piece;
        }
        let mut guarded = Vec::with_capacity(piece.len() + 1);
        guarded.push(b'\n');
        guarded.extend_from_slice(&piece);
        Bytes::from(guarded)
    }
}

/// Size of the pieces handed to the SSE parser (whole lines, about this many bytes).
const PIECE: usize = 512;

/// The piece itself when it is valid UTF-8 (no copy), else a lossy copy. Pieces are whole
/// lines, so no character is ever cut in two.
fn utf8_piece(line: Bytes) -> Bytes {
    match std::str::from_utf8(&line) {
        Ok(_) => line,
        Err(_) => Bytes::from(String::from_utf8_lossy(&line).into_owned()),
    }
}

/// The data payloads of an SSE byte stream, in order. A transport error (or bytes that are not
/// SSE) ends the stream with an `Err`. A payload spanning several `data:` lines is split back into its
/// lines, each a payload of its own (what the reference does line by line).
pub fn payloads<S, E>(bytes: S) -> impl Stream<Item = Payload<E>> + Send
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    PlainFirst {
        mode: Mode::Plain(Box::pin(bytes)),
        buf: Vec::new(),
        cursor: Cursor::default(),
        ready: VecDeque::new(),
        first: true,
    }
}

/// `payloads` read by eventsource-stream alone: the general reader, and the fuzz suite's
/// reference for the plain one.
pub fn payloads_general<S, E>(bytes: S) -> impl Stream<Item = Payload<E>> + Send
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    general(bytes, First::StreamStart)
}

/// The general reader, from the stream's start or from an event's.
fn general<S, E>(bytes: S, first: First) -> impl Stream<Item = Payload<E>> + Send
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let splitter = LineSplitter { carry: Vec::new(), first: Some(first) };
    let lines = stream::unfold((Box::pin(bytes), splitter, false), |(mut bytes, mut splitter, ended)| async move {
        if ended {
            return None;
        }
        let item = match bytes.next().await {
            Some(Ok(chunk)) => Ok(splitter.push(chunk)),
            Some(Err(e)) => Err(e),
            None => {
                let last = splitter.finish();
                return Some((Ok(vec![last]), (bytes, splitter, true)));
            }
        };
        let ended = item.is_err();
        Some((item, (bytes, splitter, ended)))
    })
    .flat_map(|r| match r {
        Ok(pieces) => stream::iter(pieces.into_iter().map(Ok::<Bytes, E>).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    });
    let mut failed = false;
    lines.eventsource().flat_map(move |item| {
        let out = if failed {
            Payloads::None
        } else {
            match item {
                Ok(ev) if ev.data.contains('\n') => Payloads::Many(
                    ev.data.split('\n').filter(|p| !is_done(p)).map(|p| Ok(p.to_string())).collect::<Vec<_>>().into_iter(),
                ),
                Ok(ev) if is_done(&ev.data) => Payloads::None,
                Ok(ev) => Payloads::One(Some(Ok(ev.data))),
                Err(e) => {
                    failed = true;
                    Payloads::One(Some(Err(match e {
                        eventsource_stream::EventStreamError::Transport(t) => SseError::Transport(t),
                        other => SseError::Malformed(other.to_string()),
                    })))
                }
            }
        };
        stream::iter(out)
    })
}

type ByteStream<E> = Pin<Box<dyn Stream<Item = Result<Bytes, E>> + Send>>;
type PayloadStream<E> = Pin<Box<dyn Stream<Item = Payload<E>> + Send>>;

/// `payloads`: reads plain events itself until one is not plain, then the general reader reads
/// the rest (that event included).
struct PlainFirst<E> {
    mode: Mode<E>,
    /// Bytes after the last whole event read (the start of an event), while plain.
    buf: Vec<u8>,
    /// How far into `buf` the event being read has been read.
    cursor: Cursor,
    /// Payloads read and not yet taken.
    ready: VecDeque<Payload<E>>,
    /// No byte has come yet (a leading BOM goes to the general reader).
    first: bool,
}

// Nothing in it is pinned in place (the streams are boxed), whatever `E` is.
impl<E> Unpin for PlainFirst<E> {}

enum Mode<E> {
    Plain(ByteStream<E>),
    General(PayloadStream<E>),
    Ended,
}

/// Where reading stopped in the unfinished event at the start of the bytes, so that no byte is
/// looked at twice however finely the event is chunked.
#[derive(Default)]
struct Cursor {
    /// The start of the line being read.
    line: usize,
    /// No line end before this (from `line` on).
    searched: usize,
    /// The `data` values of the event so far (ranges of the bytes).
    values: Vec<(usize, usize)>,
}

impl Cursor {
    /// The bytes before `n` are gone.
    fn shift(&mut self, n: usize) {
        self.line -= n;
        self.searched -= n;
        for v in &mut self.values {
            *v = (v.0 - n, v.1 - n);
        }
    }
}

/// The largest buffer the plain reader keeps between events.
const BUF_KEPT: usize = 64 * 1024;

/// How far `read_plain` got in a run of bytes.
struct Scan {
    /// Bytes of whole events read (their payloads are queued).
    consumed: usize,
    /// The event at `consumed` is not plain: the general reader takes over from there.
    general: bool,
}

/// Reads the whole plain events at the start of `data` (which starts with an event, read up to
/// `c`), queueing their payloads.
fn read_plain<E>(data: &[u8], c: &mut Cursor, ready: &mut VecDeque<Payload<E>>) -> Scan {
    let mut event_start = 0;
    loop {
        let from = c.searched.max(c.line);
        let Some(len) = data[from..].iter().position(is_eol) else {
            c.searched = data.len();
            return Scan { consumed: event_start, general: false };
        };
        let end = from + len;
        if data[end] == b'\r' {
            return Scan { consumed: event_start, general: true };
        }
        let line = &data[c.line..end];
        if line.is_empty() {
            // The empty line ends the event; invalid UTF-8 (replaced by the general reader)
            // makes it not plain.
            let values = &data[event_start..end];
            let Ok(text) = std::str::from_utf8(values) else {
                return Scan { consumed: event_start, general: true };
            };
            for &(from, to) in &c.values {
                let value = &text[from - event_start..to - event_start];
                if value != "[DONE]" {
                    ready.push_back(Ok(value.to_owned()));
                }
            }
            c.values.clear();
            event_start = end + 1;
        } else if line[0] == b':' {
            // A comment (a heartbeat): nothing to read.
        } else if let Some(value) = line.strip_prefix(b"data:") {
            let value = value.strip_prefix(b" ").unwrap_or(value);
            c.values.push((end - value.len(), end));
        } else {
            return Scan { consumed: event_start, general: true };
        }
        c.line = end + 1;
        c.searched = c.line;
    }
}

impl<E: std::fmt::Display + Send + 'static> PlainFirst<E> {
    /// The general reader takes over with `rest` (bytes from the start of an event) and what
    /// `bytes` still holds (`None`: the stream has ended).
    fn hand_over(&mut self, rest: Vec<u8>, bytes: Option<ByteStream<E>>) {
        let first = if self.first { First::StreamStart } else { First::Resumed };
        self.buf = Vec::new();
        self.cursor = Cursor::default();
        let head = stream::iter((!rest.is_empty()).then(|| Ok(Bytes::from(rest))));
        self.mode = Mode::General(match bytes {
            Some(tail) => Box::pin(general(head.chain(tail), first)),
            None => Box::pin(general(head, first)),
        });
    }

    /// A chunk from the network, read as far as it is plain.
    fn chunk(&mut self, chunk: Bytes, bytes: ByteStream<E>) {
        if self.first && !chunk.is_empty() {
            if chunk[0] == BOM[0] {
                self.hand_over(chunk.to_vec(), Some(bytes));
                return;
            }
            self.first = false;
        }
        if self.buf.is_empty() {
            // Read in place; only an unfinished event is kept.
            let scan = read_plain(&chunk, &mut self.cursor, &mut self.ready);
            if scan.general {
                self.hand_over(chunk[scan.consumed..].to_vec(), Some(bytes));
                return;
            }
            self.buf.extend_from_slice(&chunk[scan.consumed..]);
            self.cursor.shift(scan.consumed);
        } else {
            self.buf.extend_from_slice(&chunk);
            let scan = read_plain(&self.buf, &mut self.cursor, &mut self.ready);
            if scan.general {
                let rest = self.buf.split_off(scan.consumed);
                self.hand_over(rest, Some(bytes));
                return;
            }
            self.buf.drain(..scan.consumed);
            self.cursor.shift(scan.consumed);
            // A large event read in pieces must not keep its buffer for the rest of the stream.
            if self.buf.is_empty() && self.buf.capacity() > BUF_KEPT {
                self.buf = Vec::new();
            }
        }
        self.mode = Mode::Plain(bytes);
    }
}

impl<E: std::fmt::Display + Send + 'static> Stream for PlainFirst<E> {
    type Item = Payload<E>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Payload<E>>> {
        let this = &mut *self;
        loop {
            if let Some(p) = this.ready.pop_front() {
                return Poll::Ready(Some(p));
            }
            match std::mem::replace(&mut this.mode, Mode::Ended) {
                Mode::Ended => return Poll::Ready(None),
                Mode::General(mut reader) => {
                    let next = reader.as_mut().poll_next(cx);
                    if !matches!(next, Poll::Ready(None)) {
                        this.mode = Mode::General(reader);
                    }
                    return next;
                }
                Mode::Plain(mut bytes) => match bytes.as_mut().poll_next(cx) {
                    Poll::Pending => {
                        this.mode = Mode::Plain(bytes);
                        return Poll::Pending;
                    }
                    Poll::Ready(Some(Ok(chunk))) => this.chunk(chunk, bytes),
                    // An event cut short by a failure is dropped, as the general reader does.
                    Poll::Ready(Some(Err(e))) => return Poll::Ready(Some(Err(SseError::Transport(e)))),
                    // The last event, if unfinished, is read as the general reader reads it.
                    Poll::Ready(None) => {
                        let rest = std::mem::take(&mut this.buf);
                        if rest.is_empty() {
                            return Poll::Ready(None);
                        }
                        this.hand_over(rest, None);
                    }
                },
            }
        }
    }
}

/// The payloads of one SSE event: usually exactly one, without allocating a list for it.
enum Payloads<E> {
    None,
    One(Option<Payload<E>>),
    Many(std::vec::IntoIter<Payload<E>>),
}

impl<E> Iterator for Payloads<E> {
    type Item = Payload<E>;
    fn next(&mut self) -> Option<Payload<E>> {
        match self {
            Payloads::None => None,
            Payloads::One(p) => p.take(),
            Payloads::Many(it) => it.next(),
        }
    }
}

/// Appends one event as an SSE frame: `data: <json>\n\n`.
pub fn frame(out: &mut Vec<u8>, event_json: &str) {
    out.extend_from_slice(b"data: ");
    out.extend_from_slice(event_json.as_bytes());
    out.extend_from_slice(b"\n\n");
}

/// The frame that ends a relayed stream.
pub const DONE_FRAME: &[u8] = b"data: [DONE]\n\n";

fn is_done(p: &str) -> bool {
    p == "[DONE]"
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn collect(chunks: Vec<&'static [u8]>) -> Vec<Result<String, String>> {
        let s = stream::iter(chunks.into_iter().map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c))));
        payloads(s).map(|p| p.map_err(|e| format!("{e:?}"))).collect().await
    }

    #[tokio::test]
    async fn lf_crlf_done_and_no_space() {
        let got = collect(vec![b"data: {\"a\":1}\n\ndata:{\"b\":2}\r\n\r\ndata: [DONE]\n\n"]).await;
        assert_eq!(got, vec![Ok("{\"a\":1}".to_string()), Ok("{\"b\":2}".to_string())]);
    }

    #[tokio::test]
    async fn event_split_at_every_byte() {
        let text: &'static [u8] = b"data: {\"type\":\"text-delta\",\"delta\":\"h\xc3\xa9\"}\r\n\r\n";
        let chunks: Vec<&'static [u8]> = (0..text.len()).map(|i| &text[i..i + 1]).collect();
        let got = collect(chunks).await;
        assert_eq!(got, vec![Ok("{\"type\":\"text-delta\",\"delta\":\"hé\"}".to_string())]);
    }

    #[tokio::test]
    async fn last_event_without_blank_line_still_counts() {
        let got = collect(vec![b"data: 1\n\ndata: 2\n"]).await;
        assert_eq!(got, vec![Ok("1".to_string()), Ok("2".to_string())]);
        let got = collect(vec![b"data: 1\n\ndata: 2"]).await;
        assert_eq!(got, vec![Ok("1".to_string())]);
    }

    #[tokio::test]
    async fn multi_line_data_is_split_and_comments_ignored() {
        let got = collect(vec![b": ping\nevent: x\ndata: 1\ndata: 2\n\n"]).await;
        assert_eq!(got, vec![Ok("1".to_string()), Ok("2".to_string())]);
    }

    #[tokio::test]
    async fn invalid_utf8_is_replaced_not_fatal() {
        let got = collect(vec![b"data: {\"d\":\"a\xffb\"}\n\n", b"data: 2\n\n"]).await;
        assert_eq!(got, vec![Ok("{\"d\":\"a\u{fffd}b\"}".to_string()), Ok("2".to_string())]);
    }

    #[tokio::test]
    async fn multibyte_character_split_across_chunks() {
        let got = collect(vec![b"data: \"h\xc3", b"\xa9\"\n", b"\n"]).await;
        assert_eq!(got, vec![Ok("\"h\u{e9}\"".to_string())]);
    }

    #[tokio::test]
    async fn leading_bom_is_dropped_without_a_panic() {
        // Found by examples/fuzz_sse.rs: eventsource-stream panicked on any stream that starts
        // with a BOM, however it was chunked.
        let got = collect(vec![b"\xef\xbb\xbfdata: 1\n\n"]).await;
        assert_eq!(got, vec![Ok("1".to_string())]);
        let got = collect(vec![b"\xef", b"\xbb", b"\xbf", b"data: 1\n", b"\n"]).await;
        assert_eq!(got, vec![Ok("1".to_string())]);
        // A second BOM belongs to the first line's field name, so that line is ignored.
        let got = collect(vec![b"\xef\xbb\xbf\xef\xbb\xbfdata: 1\n\ndata: 2\n\n"]).await;
        assert_eq!(got, vec![Ok("2".to_string())]);
    }

    #[tokio::test]
    async fn cr_line_ends_reach_the_parser_line_by_line() {
        // Found by examples/fuzz_sse.rs: split at LF only, a CR-only stream reached the parser
        // whole at its end (nothing delivered before, and parsed in quadratic time).
        let s = stream::iter(vec![Ok(Bytes::from_static(b"data: 1\r\rdata: 2\r")), Err(std::io::Error::other("reset"))]);
        let got: Vec<Payload<std::io::Error>> = payloads(s).collect().await;
        assert!(matches!(&got[0], Ok(p) if p == "1"), "{got:?}");
        assert!(matches!(&got[1], Err(SseError::Transport(_))), "{got:?}");
        assert_eq!(got.len(), 2);
        // A CRLF cut between two chunks is still one line end.
        let got = collect(vec![b"data: 1\r", b"\n\r", b"\ndata: 2\r\n\r\n"]).await;
        assert_eq!(got, vec![Ok("1".to_string()), Ok("2".to_string())]);
    }

    #[test]
    fn cr_only_chunks_are_cut_into_small_pieces() {
        let line: &[u8] = b"data: {\"type\":\"text-delta\",\"id\":\"t\",\"delta\":\"d\"}\r\r";
        let chunk: Vec<u8> = line.iter().copied().cycle().take(line.len() * 1000).collect();
        let pieces = LineSplitter { carry: Vec::new(), first: Some(First::StreamStart) }.push(Bytes::from(chunk));
        assert!(pieces.len() > 50, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| p.len() <= PIECE + line.len()));
    }

    async fn both_readers(chunks: Vec<&'static [u8]>) -> Vec<Result<String, String>> {
        let items = || stream::iter(chunks.clone().into_iter().map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c))));
        let plain: Vec<_> = payloads(items()).map(|p| p.map_err(|e| format!("{e:?}"))).collect().await;
        let general: Vec<_> = payloads_general(items()).map(|p| p.map_err(|e| format!("{e:?}"))).collect().await;
        assert_eq!(plain, general, "the plain reader and eventsource-stream disagree");
        plain
    }

    #[tokio::test]
    async fn plain_events_across_chunks_with_comments_and_several_data_lines() {
        let got =
            both_readers(vec![b": heartbeat\n\nda", b"ta: {\"a\":1}\n", b"\ndata:x\ndata: y\n\n: c\ndata: [DONE]\n\n"]).await;
        assert_eq!(got, vec![Ok("{\"a\":1}".to_string()), Ok("x".to_string()), Ok("y".to_string())]);
    }

    #[tokio::test]
    async fn the_general_reader_takes_over_at_the_event_that_is_not_plain() {
        // A CR, another field, invalid UTF-8: each hands over at its event's first byte.
        for (chunks, want) in [
            (vec![&b"data: 1\n\ndata: 2\r\n\r\ndata: 3\n\n"[..]], vec!["1", "2", "3"]),
            (vec![b"data: 1\n\nevent: x\ndata: 2\n\ndata: 3\n\n"], vec!["1", "2", "3"]),
            (vec![b"data: 1\n\ndata: a\xffb\n\n"], vec!["1", "a\u{fffd}b"]),
            (vec![b"data: 1\n", b"\ndata: 2\r", b"\n\r\n"], vec!["1", "2"]),
        ] {
            let got = both_readers(chunks).await;
            assert_eq!(got, want.into_iter().map(|w| Ok(w.to_string())).collect::<Vec<_>>());
        }
    }

    #[tokio::test]
    async fn a_bom_after_the_start_is_data_for_both_readers() {
        // Mid-stream, U+FEFF belongs to the field name: the line is not a data line.
        let got = both_readers(vec![b"data: 1\n\n\xef\xbb\xbfdata: 2\n\ndata: 3\r\n\r\n"]).await;
        assert_eq!(got, vec![Ok("1".to_string()), Ok("3".to_string())]);
    }

    #[tokio::test]
    async fn an_unfinished_last_event_ends_as_in_the_general_reader() {
        assert_eq!(both_readers(vec![b"data: 1\n\ndata: 2\n"]).await, vec![Ok("1".to_string()), Ok("2".to_string())]);
        assert_eq!(both_readers(vec![b"data: 1\n\ndata: 2"]).await, vec![Ok("1".to_string())]);
        assert_eq!(both_readers(vec![b"data: 1\n\ndata: 2\r"]).await, vec![Ok("1".to_string())]);
    }

    #[tokio::test]
    async fn transport_error_ends_the_stream() {
        let s = stream::iter(vec![
            Ok(Bytes::from_static(b"data: 1\n\n")),
            Err(std::io::Error::other("connection reset")),
            Ok(Bytes::from_static(b"data: 2\n\n")),
        ]);
        let got: Vec<Payload<std::io::Error>> = payloads(s).collect().await;
        assert!(matches!(&got[0], Ok(p) if p == "1"));
        assert!(matches!(&got[1], Err(SseError::Transport(e)) if e.to_string().contains("connection reset")));
        assert_eq!(got.len(), 2);
    }
}
