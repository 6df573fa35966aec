//! Rate limiting of guessable secrets (passwords, enrolment codes): attempts are counted per key
//! (e.g. `signin:<email>`, `enrol:<address>`) and per client address in a sliding window. Checking
//! and counting happen under one lock, so parallel guesses cannot slip past the limit; a success
//! clears the key's attempts and stops counting against the address.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimiter {
    window: Duration,
    per_key: usize,
    per_address: usize,
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl RateLimiter {
    pub fn new(window: Duration, per_key: usize, per_address: usize) -> Self {
        Self {
            window,
            per_key,
            per_address,
            attempts: Mutex::new(HashMap::new()),
        }
    }

    /// Counts an attempt when `key` and `address` are both under their limits; otherwise
    /// `Err(seconds to wait)` and nothing is counted.
    pub fn attempt(&self, key: &str, address: &str) -> Result<(), u64> {
        let now = Instant::now();
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        let keys = [
            (key.to_owned(), self.per_key),
            (format!("address:{address}"), self.per_address),
        ];
        let mut wait = 0;
        for (key, limit) in &keys {
            if let Some(times) = attempts.get_mut(key) {
                while times
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= self.window)
                {
                    times.pop_front();
                }
                if times.len() >= *limit {
                    let oldest = *times.front().expect("non-empty over the limit");
                    wait = wait.max(
                        self.window
                            .saturating_sub(now.duration_since(oldest))
                            .as_secs()
                            .max(1),
                    );
                }
            }
        }
        if wait > 0 {
            return Err(wait);
        }
        for (key, _) in keys {
            attempts.entry(key).or_default().push_back(now);
        }
        if attempts.len() > 100_000 {
            let window = self.window;
            attempts.retain(|_, times| {
                times
                    .back()
                    .is_some_and(|t| now.duration_since(*t) < window)
            });
        }
        Ok(())
    }

    /// The attempt succeeded: the key starts afresh and this attempt no longer counts against
    /// the address.
    pub fn succeeded(&self, key: &str, address: &str) {
        let mut attempts = self.attempts.lock().unwrap_or_else(|e| e.into_inner());
        attempts.remove(key);
        if let Some(times) = attempts.get_mut(&format!("address:{address}")) {
            times.pop_back();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_is_locked_after_its_limit_and_a_success_clears_it() {
        let limiter = RateLimiter::new(Duration::from_secs(60), 3, 100);
        for _ in 0..3 {
            assert!(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.1").is_ok());
        }
        let wait = limiter
            .attempt("signin:a@x.nhs.uk", "10.0.0.2")
            .unwrap_err();
        assert!((1..=60).contains(&wait));
        assert!(
            limiter.attempt("signin:b@x.nhs.uk", "10.0.0.1").is_ok(),
            "other keys unaffected"
        );
        limiter.succeeded("signin:a@x.nhs.uk", "10.0.0.1");
        assert!(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.1").is_ok());
    }

    #[test]
    fn parallel_attempts_cannot_exceed_the_limit() {
        let limiter = std::sync::Arc::new(RateLimiter::new(Duration::from_secs(60), 5, 1_000));
        let allowed: usize = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..50)
                .map(|_| {
                    let limiter = limiter.clone();
                    scope.spawn(move || {
                        usize::from(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.1").is_ok())
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(allowed, 5);
    }

    #[test]
    fn an_address_is_limited_across_keys_and_namespaces_do_not_collide() {
        let limiter = RateLimiter::new(Duration::from_secs(60), 100, 2);
        assert!(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.9").is_ok());
        assert!(limiter.attempt("signin:b@x.nhs.uk", "10.0.0.9").is_ok());
        assert!(limiter.attempt("signin:c@x.nhs.uk", "10.0.0.9").is_err());
        assert!(limiter.attempt("signin:c@x.nhs.uk", "10.0.0.8").is_ok());
        let keys = RateLimiter::new(Duration::from_secs(60), 1, 100);
        assert!(keys.attempt("signin:enrol:10.0.0.1", "10.0.0.2").is_ok());
        assert!(
            keys.attempt("enrol:10.0.0.1", "10.0.0.1").is_ok(),
            "an email cannot block enrolment"
        );
    }

    #[test]
    fn attempts_age_out_of_the_window() {
        let limiter = RateLimiter::new(Duration::from_millis(30), 1, 100);
        assert!(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.1").is_ok());
        assert!(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.1").is_err());
        std::thread::sleep(Duration::from_millis(40));
        assert!(limiter.attempt("signin:a@x.nhs.uk", "10.0.0.1").is_ok());
    }
}
