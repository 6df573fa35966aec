//! Statistics for aggregates, with small-number suppression applied before anything is shown.
//!
//! Suppression follows NHS Digital's method for sub-national figures (HES/ECDS since 2018):
//! 0 stays 0, counts of 1-7 are suppressed, counts of 8 or more are rounded to the nearest 5, and
//! means are not shown where they rest on 1-7 values. [`secondary`] withholds more cells so that
//! no withheld count can be worked out from totals and the other counts.

pub mod secondary;

/// The largest count that is suppressed.
pub const SUPPRESS_AT_MOST: u64 = 7;
/// Counts above the suppression limit are rounded to a multiple of this.
pub const ROUND_TO: u64 = 5;

/// The count as it may be disclosed: `None` when suppressed.
pub fn disclosed_count(count: u64) -> Option<u64> {
    match count {
        0 => Some(0),
        1..=SUPPRESS_AT_MOST => None,
        _ => Some((count + ROUND_TO / 2) / ROUND_TO * ROUND_TO),
    }
}

/// The mean of `count` values summing to `sum`, rounded to two decimals, or `None` when it would
/// rest on too few values to disclose.
pub fn disclosed_mean(count: u64, sum: f64) -> Option<f64> {
    if count <= SUPPRESS_AT_MOST {
        return None;
    }
    Some(round2(sum / count as f64))
}

/// Rounds half away from zero to two decimal places.
pub fn round2(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}
