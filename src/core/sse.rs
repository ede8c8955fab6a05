//! Bytes of an event stream → the data payloads it carries (eventsource-stream does the SSE
//! framing). `[DONE]` is dropped. Chunks are cut into whole lines (ended by LF, CR or CRLF)
//! before parsing, so the parser's buffer stays one line long whatever the network chunk size,
//! and each line is decoded as UTF-8 with invalid bytes replaced by U+FFFD (as a TextDecoder
//! does). A leading byte order mark is dropped here, not by the parser (see `LineSplitter::piece`).

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
#[derive(Default)]
struct LineSplitter {
    /// The start of a line whose end has not arrived yet.
    carry: Vec<u8>,
    /// Whether the first piece has been handed out.
    started: bool,
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
    /// stream, goes before it so that the parser never sees a piece start with U+FEFF.
    fn piece(&mut self, line: Bytes) -> Bytes {
        let piece = utf8_piece(line);
        if self.started {
            return piece;
        }
        self.started = true;
        let piece = if piece.starts_with(BOM) { piece.slice(BOM.len()..) } else { piece };
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
pub fn payloads<S, E>(bytes: S) -> impl Stream<Item = Payload<E>>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    let lines =
        stream::unfold((Box::pin(bytes), LineSplitter::default(), false), |(mut bytes, mut splitter, ended)| async move {
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
        let pieces = LineSplitter::default().push(Bytes::from(chunk));
        assert!(pieces.len() > 50, "{} pieces", pieces.len());
        assert!(pieces.iter().all(|p| p.len() <= PIECE + line.len()));
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
