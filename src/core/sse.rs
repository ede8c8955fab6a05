//! Bytes of an event stream → the data payloads it carries (eventsource-stream does the SSE
//! framing). `[DONE]` is dropped. Chunks are cut at line ends before parsing so the parser's
//! buffer stays one line long whatever the network chunk size.

use bytes::Bytes;
use eventsource_stream::Eventsource;
use futures::stream::{self, Stream, StreamExt};

/// One data payload, or the reason the stream broke.
pub type Payload = Result<String, String>;

/// Splits a chunk into pieces that each end with `\n` (the last one may not).
fn split_lines(chunk: Bytes) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let data = chunk.as_ref();
    while let Some(pos) = data[start..].iter().position(|&b| b == b'\n') {
        let end = start + pos + 1;
        pieces.push(chunk.slice(start..end));
        start = end;
    }
    if start < data.len() {
        pieces.push(chunk.slice(start..));
    }
    pieces
}

/// The data payloads of an SSE byte stream, in order. A transport error or invalid UTF-8
/// ends the stream with `Err(message)`. A payload spanning several `data:` lines is split
/// back into its lines, each a payload of its own (what the reference does line by line).
pub fn payloads<S, E>(bytes: S) -> impl Stream<Item = Payload>
where
    S: Stream<Item = Result<Bytes, E>> + Send + 'static,
    E: std::fmt::Display + Send + 'static,
{
    // A final newline lets an event whose last line ended with `\n` (but no blank line)
    // through, as the reference's line reader does.
    let lines = bytes
        .map(|r| r.map(split_lines))
        .chain(stream::once(async { Ok(vec![Bytes::from_static(b"\n")]) }))
        .flat_map(|r| match r {
            Ok(pieces) => stream::iter(pieces.into_iter().map(Ok).collect::<Vec<_>>()),
            Err(e) => stream::iter(vec![Err(e)]),
        });
    let mut failed = false;
    lines
        .eventsource()
        .flat_map(move |item| {
            let out: Vec<Payload> = if failed {
                Vec::new()
            } else {
                match item {
                    Ok(ev) => {
                        if ev.data.contains('\n') {
                            ev.data
                                .split('\n')
                                .filter(|p| !is_done(p))
                                .map(|p| Ok(p.to_string()))
                                .collect()
                        } else if is_done(&ev.data) {
                            Vec::new()
                        } else {
                            vec![Ok(ev.data)]
                        }
                    }
                    Err(e) => {
                        failed = true;
                        vec![Err(e.to_string())]
                    }
                }
            };
            stream::iter(out)
        })
}

fn is_done(p: &str) -> bool {
    p == "[DONE]"
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn collect(chunks: Vec<&'static [u8]>) -> Vec<Payload> {
        let s = stream::iter(chunks.into_iter().map(|c| Ok::<_, std::io::Error>(Bytes::from_static(c))));
        payloads(s).collect().await
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
    async fn transport_error_ends_the_stream() {
        let s = stream::iter(vec![
            Ok(Bytes::from_static(b"data: 1\n\n")),
            Err(std::io::Error::other("connection reset")),
            Ok(Bytes::from_static(b"data: 2\n\n")),
        ]);
        let got: Vec<Payload> = payloads(s).collect().await;
        assert_eq!(got[0], Ok("1".to_string()));
        assert!(matches!(&got[1], Err(m) if m.contains("connection reset")));
        assert_eq!(got.len(), 2);
    }
}
