//! The channel between the loop and its consumer. The loop reads ahead and sends batches into
//! a bounded buffer (`Outlet`); the consumer takes them (`Inlet`). Taking a batch tells the loop
//! that every event handed out before has been received, which is what consumer-paced rounds
//! wait for. Every wait of the loop is raced here, once, against an abort (`Stop::Cancelled`)
//! and against a consumer that is gone (`Stop::Gone`).

use std::future::Future;

use tokio::sync::{mpsc, watch};

use super::Output;
use crate::core::cancel::Cancel;

/// What one channel message carries: the outputs of one network read (or one SDK step).
pub type Batch = Vec<Output>;

/// Batches kept between the socket and the consumer; a slow consumer stops the socket read
/// beyond this. 8 bounds what a paused consumer leaves buffered to a few MB (16 doubled it, with
/// `Output` grown by the resource-update and typed-failure variants) at no measured throughput cost.
pub const CHANNEL_CAPACITY: usize = 8;

/// Why the loop stops before its natural end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// Abort or `break`: the consumer, if it still pulls, gets `finish`/`stop`.
    Cancelled,
    /// The consumer is gone: nothing more is sent.
    Gone,
}

/// A step of the loop that may be cut short.
pub type Flow<T> = Result<T, Stop>;

/// A loop's sending side, with its cancellation and the consumer's progress.
pub struct Outlet {
    tx: mpsc::Sender<Batch>,
    cancel: Cancel,
    received: watch::Receiver<u64>,
    /// Events sent so far.
    sent: u64,
    /// The last events of a body whose end was known when they were read: kept back to leave
    /// with what follows (the next send, or the end), so that one pull carries both.
    held: Option<Batch>,
}

/// The consumer's side.
pub struct Inlet {
    rx: mpsc::Receiver<Batch>,
    received: watch::Sender<u64>,
    /// Events handed out so far.
    handed: u64,
}

/// A connected pair; `cancel` is the execution's abort flag.
pub fn channel(cancel: Cancel, capacity: usize) -> (Outlet, Inlet) {
    let (tx, rx) = mpsc::channel(capacity);
    let (received_tx, received_rx) = watch::channel(0);
    (Outlet { tx, cancel, received: received_rx, sent: 0, held: None }, Inlet { rx, received: received_tx, handed: 0 })
}

fn events_in(batch: &Batch) -> u64 {
    batch.iter().filter(|o| !matches!(o, Output::Failure(_) | Output::End)).count() as u64
}

impl Outlet {
    /// `Err(Cancelled)` once the execution was aborted.
    pub fn check(&self) -> Flow<()> {
        if self.cancel.is_cancelled() {
            Err(Stop::Cancelled)
        } else {
            Ok(())
        }
    }

    /// Awaits `fut` unless the execution is aborted or the consumer leaves first (then `fut`
    /// is dropped, which closes whatever request it was making).
    pub async fn race<F: Future>(&self, fut: F) -> Flow<F::Output> {
        tokio::select! {
            biased;
            _ = self.cancel.cancelled() => Err(Stop::Cancelled),
            _ = self.tx.closed() => Err(Stop::Gone),
            v = fut => Ok(v),
        }
    }

    /// Keeps the last events of a body back (see `held`); they leave with the next send or the end.
    pub fn hold(&mut self, batch: Batch) {
        if batch.is_empty() {
            return; // an empty batch would be an empty pull for the consumer
        }
        match &mut self.held {
            Some(held) => held.extend(batch),
            None => self.held = Some(batch),
        }
    }

    /// `batch` after the events held back.
    fn after_held(&mut self, batch: Batch) -> Batch {
        match self.held.take() {
            Some(mut held) => {
                held.extend(batch);
                held
            }
            None => batch,
        }
    }

    /// Hands a batch to the consumer, waiting for room in the buffer. An abort while it waits
    /// drops the batch: a paused consumer must not keep the connection open after an abort.
    pub async fn send(&mut self, batch: Batch) -> Flow<()> {
        let batch = self.after_held(batch);
        let events = events_in(&batch);
        match self.tx.try_send(batch) {
            Ok(()) => {}
            Err(mpsc::error::TrySendError::Closed(_)) => return Err(Stop::Gone),
            Err(mpsc::error::TrySendError::Full(batch)) => {
                tokio::select! {
                    biased;
                    r = self.tx.send(batch) => r.map_err(|_| Stop::Gone)?,
                    _ = self.cancel.cancelled() => return Err(Stop::Cancelled),
                }
            }
        }
        self.sent += events;
        Ok(())
    }

    /// Sends the execution's last item (`finish`/`stop`, a failure), waiting for room even
    /// after an abort: a consumer that still pulls gets it.
    pub async fn send_last(&mut self, item: Output) {
        let batch = self.after_held(vec![item]);
        let _ = self.tx.send(batch).await;
    }

    /// Ends the execution: what is held back, then `End` (for a consumer that still pulls).
    pub async fn finish(mut self) {
        let batch = self.after_held(vec![Output::End]);
        let _ = self.tx.send(batch).await;
    }

    /// Waits until the consumer has received every event sent so far: a round's tools start
    /// only then, so an abort or `break` before that point runs none.
    pub async fn until_received(&mut self) -> Flow<()> {
        if let Some(held) = self.held.take() {
            self.send(held).await?;
        }
        let target = self.sent;
        let mut received = self.received.clone();
        let caught_up = async move { received.wait_for(|&n| n >= target).await.is_ok() };
        match self.race(caught_up).await? {
            true => Ok(()),
            false => Err(Stop::Gone),
        }
    }
}

impl Inlet {
    /// Counts every event handed out so far as received: the consumer asks for more, so it
    /// has taken everything before.
    fn acknowledge(&self) {
        self.received.send_replace(self.handed);
    }

    fn hand_out(&mut self, batch: Batch) -> Batch {
        self.handed += events_in(&batch);
        batch
    }

    /// The next batch, waiting for one; `None` once the loop has ended.
    pub async fn recv(&mut self) -> Option<Batch> {
        self.acknowledge();
        let batch = self.rx.recv().await?;
        Some(self.hand_out(batch))
    }

    /// A batch that is already waiting, as part of the same pull as the last `recv`.
    pub fn try_recv(&mut self) -> Result<Batch, mpsc::error::TryRecvError> {
        let batch = self.rx.try_recv()?;
        Ok(self.hand_out(batch))
    }
}
