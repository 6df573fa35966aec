//! Exact sufficient statistics of a set of values: count, sum and sum of squares in fixed point,
//! so that adding, removing and merging are exact and the mean and SD are accurate to the last
//! few bits however many values went in.
//!
//! # Precision
//!
//! Summing floating-point values and their squares and then computing
//! `(sum_sq - sum^2 / n) / (n - 1)` loses accuracy twice: each addition rounds (the error grows
//! with `n`), and the final subtraction cancels when the mean is large next to the SD. Removing a
//! value again does not restore the previous sums exactly either.
//!
//! Here every value is first held as an integer number of `2^-32` units ([`to_fixed`]: exact for
//! whole numbers and for any value with at most 32 binary fraction digits; otherwise off by at
//! most `2^-33` ≈ 1.2e-10, far inside the 1e-9 the figures are checked to). Sums of those
//! integers and of their squares are exact in `i128`, so add, remove and merge are exact
//! inverses. The centred sum of squares is then computed from the exact sums without
//! cancellation: with `S = n*a + b` (`a` the floor of the mean in units, `0 <= b < n`),
//!
//! ```text
//! sum (q - S/n)^2 = sum q^2 - n*a^2 - 2*a*b - b^2/n
//! ```
//!
//! where the first three terms are an exact integer and only the small last term is a fraction.
//! The result is as accurate as the two-pass (mean first, then squared deviations) formula.
//!
//! Values must satisfy `|v| <= MAX_ABS_VALUE` (4096; scores are far smaller), which keeps the
//! sum of squares of up to 2^39 values inside `i128`.

use serde::{Deserialize, Serialize};

/// Binary fraction digits kept for each value.
pub const FRACTION_BITS: i32 = 32;
/// The largest magnitude a value may have.
pub const MAX_ABS_VALUE: f64 = 4096.0;

/// A value that cannot go into the sums.
#[derive(Debug, Clone, Copy, PartialEq, thiserror::Error)]
pub enum MomentsError {
    #[error("{0} is not a finite value of magnitude at most 4096")]
    OutOfRange(f64),
    #[error("cannot remove from an empty set of values")]
    Empty,
}

/// `value` in units of `2^-32`, rounded to the nearest unit.
pub fn to_fixed(value: f64) -> Result<i128, MomentsError> {
    if !value.is_finite() || value.abs() > MAX_ABS_VALUE {
        return Err(MomentsError::OutOfRange(value));
    }
    // Scaling by a power of two is exact; the rounding is the only approximation.
    Ok((value * 2f64.powi(FRACTION_BITS)).round() as i128)
}

/// A fixed-point amount back as a value.
pub fn from_fixed(units: i128) -> f64 {
    units as f64 * 2f64.powi(-FRACTION_BITS)
}

/// Count, sum and sum of squares of a set of values, in `2^-32` units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moments {
    pub count: u64,
    pub sum: i128,
    /// The sum of the squares of the fixed-point values (in `2^-64` units).
    pub sum_sq: i128,
}

impl Moments {
    /// Adds one value.
    pub fn add(&mut self, value: f64) -> Result<(), MomentsError> {
        self.add_fixed(to_fixed(value)?);
        Ok(())
    }

    /// Removes one value added before (exactly undoing [`Moments::add`]).
    pub fn remove(&mut self, value: f64) -> Result<(), MomentsError> {
        self.remove_fixed(to_fixed(value)?)
    }

    pub(crate) fn add_fixed(&mut self, q: i128) {
        self.count += 1;
        self.sum += q;
        self.sum_sq += q * q;
    }

    pub(crate) fn remove_fixed(&mut self, q: i128) -> Result<(), MomentsError> {
        if self.count == 0 {
            return Err(MomentsError::Empty);
        }
        self.count -= 1;
        self.sum -= q;
        self.sum_sq -= q * q;
        Ok(())
    }

    /// Adds every value of `other` (the moments of the union of two disjoint sets).
    pub fn merge(&mut self, other: &Moments) {
        self.count += other.count;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// Takes out every value of `other`, which must have been merged in before.
    pub fn subtract(&mut self, other: &Moments) -> Result<(), MomentsError> {
        if other.count > self.count {
            return Err(MomentsError::Empty);
        }
        self.count -= other.count;
        self.sum -= other.sum;
        self.sum_sq -= other.sum_sq;
        Ok(())
    }

    /// The mean, `None` without values.
    pub fn mean(&self) -> Option<f64> {
        (self.count > 0).then(|| from_fixed(self.sum) / self.count as f64)
    }

    /// The sum of squared deviations from the mean, as a value (see the module documentation).
    pub fn centred_sum_sq(&self) -> Option<f64> {
        if self.count == 0 {
            return None;
        }
        let n = i128::from(self.count);
        let (a, b) = (self.sum.div_euclid(n), self.sum.rem_euclid(n));
        let whole = self.sum_sq - n * a * a - 2 * a * b;
        let units = whole as f64 - (b * b) as f64 / n as f64;
        Some(units.max(0.0) * 2f64.powi(-2 * FRACTION_BITS))
    }

    /// The sample variance (denominator `n - 1`), `None` under two values.
    pub fn variance(&self) -> Option<f64> {
        if self.count < 2 {
            return None;
        }
        Some(self.centred_sum_sq()? / (self.count - 1) as f64)
    }

    /// The sample standard deviation (denominator `n - 1`), `None` under two values.
    pub fn sd(&self) -> Option<f64> {
        self.variance().map(f64::sqrt)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mean_and_sd_of_a_small_set() {
        let mut moments = Moments::default();
        for value in [2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0] {
            moments.add(value).unwrap();
        }
        assert_eq!(moments.mean(), Some(5.0));
        // Squared deviations sum to 32; 32 / 7 is the sample variance.
        assert_eq!(moments.centred_sum_sq(), Some(32.0));
        assert!((moments.sd().unwrap() - (32.0f64 / 7.0).sqrt()).abs() < 1e-15);
    }

    #[test]
    fn a_large_mean_does_not_cancel_the_spread() {
        // A naive float sum of squares loses the spread entirely here.
        let mut moments = Moments::default();
        for value in [4000.0, 4000.0 + 2f64.powi(-20), 4000.0 - 2f64.powi(-20)] {
            moments.add(value).unwrap();
        }
        assert_eq!(moments.centred_sum_sq(), Some(2.0 * 2f64.powi(-40)));
    }

    #[test]
    fn refuses_what_it_cannot_hold() {
        let mut moments = Moments::default();
        assert!(matches!(
            moments.add(f64::NAN),
            Err(MomentsError::OutOfRange(v)) if v.is_nan()
        ));
        assert_eq!(moments.add(5000.0), Err(MomentsError::OutOfRange(5000.0)));
        assert_eq!(moments.remove(1.0), Err(MomentsError::Empty));
        assert_eq!(moments, Moments::default());
    }
}
