//! Sign-in rate limiting: failed attempts are counted per account and per client address in a
//! sliding window; past the limit, sign-in is refused until the oldest failure ages out.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimiter {
    window: Duration,
    per_account: usize,
    per_address: usize,
    failures: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(window: Duration, per_account: usize, per_address: usize) -> Self {
        Self {
            window,
            per_account,
            per_address,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `Err(seconds to wait)` when either the account or the address is over its limit.
    pub fn check(&self, account: &str, address: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let mut wait = 0;
        for (key, limit) in [
            (format!("account:{account}"), self.per_account),
            (format!("address:{address}"), self.per_address),
        ] {
            if let Some(times) = failures.get_mut(&key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= self.window)
                {
                    times.pop_front();
                }
                if times.len() >= limit {
                    let oldest = *times.front().expect("non-empty over the limit");
                    let left = self.window.saturating_sub(now.duration_since(oldest));
                    wait = wait.max(left.as_secs().max(1));
                }
            }
        }
        if wait > 0 { Err(wait) } else { Ok(()) }
    }

    pub fn record_failure(&self, account: &str, address: &str) {
        let now = Instant::now();
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        for key in [format!("account:{account}"), format!("address:{address}")] {
            failures.entry(key).or_default().push_back(now);
        }
        if failures.len() > 100_000 {
            let window = self.window;
            failures.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
    }

    /// A successful sign-in clears the account's failures (not the address's).
    pub fn record_success(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        failures.remove(&format!("account:{account}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_is_locked_after_its_limit_and_a_success_clears_it() {
        let limiter = RateLimiter::new(Duration::from_secs(60), 3, 100);
        for _ in 0..3 {
            assert!(limiter.check("a@x.nhs.uk", "10.0.0.1").is_ok());
            limiter.record_failure("a@x.nhs.uk", "10.0.0.1");
        }
        let wait = limiter.check("a@x.nhs.uk", "10.0.0.2").unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(
            limiter.check("b@x.nhs.uk", "10.0.0.1").is_ok(),
            "other accounts unaffected"
        );
        limiter.record_success("a@x.nhs.uk");
        assert!(limiter.check("a@x.nhs.uk", "10.0.0.1").is_ok());
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let limiter = RateLimiter::new(Duration::from_secs(60), 100, 2);
        limiter.record_failure("a@x.nhs.uk", "10.0.0.9");
        limiter.record_failure("b@x.nhs.uk", "10.0.0.9");
        assert!(limiter.check("c@x.nhs.uk", "10.0.0.9").is_err());
        assert!(limiter.check("c@x.nhs.uk", "10.0.0.8").is_ok());
    }

    #[test]
    fn failures_age_out_of_the_window() {
        let limiter = RateLimiter::new(Duration::from_millis(30), 1, 100);
        limiter.record_failure("a@x.nhs.uk", "10.0.0.1");
        assert!(limiter.check("a@x.nhs.uk", "10.0.0.1").is_err());
        std::thread::sleep(Duration::from_millis(40));
        assert!(limiter.check("a@x.nhs.uk", "10.0.0.1").is_ok());
    }
}
