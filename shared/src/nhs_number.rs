//! NHS numbers: 10 digits, the tenth a Modulus 11 check digit (NHS Data Dictionary). Checked
//! identically on the tablet and the server; the server never stores the number itself.
//!
//! Multiply the first nine digits by 10, 9, ..., 2 and sum; r = sum mod 11; the check digit is
//! 11 - r, where 11 becomes 0 and 10 means the number is not valid.

use std::fmt;
use thiserror::Error;

/// A valid NHS number, as its 10 digits.
#[derive(Clone, PartialEq, Eq)]
pub struct NhsNumber(String);

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NhsNumberError {
    #[error("an NHS number has 10 digits")]
    WrongLength,
    #[error("an NHS number has only digits (spaces are allowed between them)")]
    NotDigits,
    #[error("this is not a valid NHS number: its check digit does not match (please check it)")]
    CheckDigit,
}

impl NhsNumber {
    /// Parses `943 476 5919`, `943-476-5919` or `9434765919`.
    pub fn parse(text: &str) -> Result<Self, NhsNumberError> {
        let compact: String = text.chars().filter(|c| !matches!(c, ' ' | '-')).collect();
        if !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(NhsNumberError::NotDigits);
        }
        if compact.len() != 10 {
            return Err(NhsNumberError::WrongLength);
        }
        let digits: Vec<u32> = compact.chars().filter_map(|c| c.to_digit(10)).collect();
        match check_digit(&digits[..9]) {
            Some(check) if check == digits[9] => Ok(Self(compact)),
            _ => Err(NhsNumberError::CheckDigit),
        }
    }

    pub fn digits(&self) -> &str {
        &self.0
    }
}

/// The Modulus 11 check digit for nine digits, or `None` when no check digit makes them valid.
pub fn check_digit(first_nine: &[u32]) -> Option<u32> {
    let sum: u32 = first_nine
        .iter()
        .zip((2..=10).rev())
        .map(|(digit, weight)| digit * weight)
        .sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        check => Some(check),
    }
}

impl fmt::Debug for NhsNumber {
    /// Never prints the number, so it cannot leak into logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NhsNumber(<redacted>)")
    }
}
