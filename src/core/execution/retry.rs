//! When and how long to wait before retrying a streaming POST (docs/protocol.md §4.5): the
//! statuses worth a retry, and the delay (the answer's `Retry-After`, clamped, or exponential
//! backoff with jitter).

use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use reqwest::StatusCode;

const FIRST_DELAY: Duration = Duration::from_secs(1);
const MAX_DELAY: Duration = Duration::from_secs(8);
/// Backoff delays vary by up to this share either way.
const JITTER: f64 = 0.25;

/// 408, 429, 502, 503 and 504 are worth another attempt.
pub fn retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 408 | 429 | 502 | 503 | 504)
}

/// The wait before retry number `attempt + 1`: `Retry-After` (seconds or an HTTP date) clamped
/// to 8 s, else `min(1 s · 2^attempt, 8 s)` ± 25 %.
pub fn delay(attempt: u32, retry_after: Option<&str>, now: SystemTime) -> Duration {
    if let Some(wait) = retry_after.and_then(|v| parse_retry_after(v, now)) {
        return wait.min(MAX_DELAY);
    }
    let base = FIRST_DELAY.saturating_mul(1u32.checked_shl(attempt).unwrap_or(u32::MAX)).min(MAX_DELAY);
    base.mul_f64(1.0 + JITTER * (2.0 * unit_random() - 1.0))
}

/// A uniform number in [0, 1) from the standard library's randomly keyed hasher.
fn unit_random() -> f64 {
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(0));
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// `Retry-After` as a wait: a number of seconds, or an HTTP date (IMF-fixdate) from `now`.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if let Ok(seconds) = value.parse::<f64>() {
        // Clamped before converting: a huge value would overflow a Duration (the wait is at most 8 s).
        return seconds.is_finite().then(|| Duration::from_secs_f64(seconds.clamp(0.0, 3600.0)));
    }
    let at = UNIX_EPOCH + Duration::from_secs(parse_http_date(value)?);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Seconds since the epoch of an IMF-fixdate such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn parse_http_date(s: &str) -> Option<u64> {
    let rest = s.split_once(", ").map(|(_, r)| r)?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let hms: Vec<i64> = time.split(':').map(|p| p.parse().ok()).collect::<Option<_>>()?;
    let [h, m, sec] = hms.as_slice() else { return None };
    // Days from the civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    u64::try_from(days * 86_400 + h * 3600 + m * 60 + sec).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses() {
        for s in [408, 429, 502, 503, 504] {
            assert!(retryable_status(StatusCode::from_u16(s).expect("status")), "{s}");
        }
        for s in [400, 401, 402, 404, 413, 500, 501] {
            assert!(!retryable_status(StatusCode::from_u16(s).expect("status")), "{s}");
        }
    }

    #[test]
    fn retry_after_seconds_and_dates_clamped_to_eight_seconds() {
        let now = UNIX_EPOCH + Duration::from_secs(784_111_777); // Sun, 06 Nov 1994 08:49:37 GMT
        assert_eq!(parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"), Some(784_111_777));
        assert_eq!(parse_retry_after("2", now), Some(Duration::from_secs(2)));
        assert_eq!(parse_retry_after("0.5", now), Some(Duration::from_millis(500)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now), Some(Duration::from_secs(3)));
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(delay(0, Some("99999999999999999999"), now), MAX_DELAY, "a huge value is no panic");
        assert_eq!(delay(0, Some("1e300"), now), MAX_DELAY);
        assert_eq!(delay(0, Some("30"), now), MAX_DELAY);
        assert_eq!(delay(3, Some("1"), now), Duration::from_secs(1));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_caps() {
        let now = SystemTime::now();
        for (attempt, base) in [(0u32, 1.0f64), (1, 2.0), (2, 4.0), (3, 8.0), (10, 8.0), (40, 8.0)] {
            for _ in 0..50 {
                let d = delay(attempt, None, now).as_secs_f64();
                assert!(d >= base * 0.75 - 1e-9 && d <= base * 1.25 + 1e-9, "attempt {attempt}: {d}");
            }
        }
    }
}
