//! Password hashing with argon2id (the argon2 crate's defaults: m=19 MiB, t=2, p=1, per the
//! OWASP minimum), stored as PHC strings so parameters can be raised later.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand_core::OsRng;

pub const MIN_LENGTH: usize = 12;

pub fn check_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_LENGTH {
        return Err(format!(
            "a password must have at least {MIN_LENGTH} characters"
        ));
    }
    if password.chars().count() > 256 {
        return Err("a password must have at most 256 characters".to_owned());
    }
    Ok(())
}

pub fn hash(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2id hashing with valid parameters cannot fail")
        .to_string()
}

pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash of a random password, verified against when the account does not exist so that a
/// failed sign-in takes as long for an unknown email as for a wrong password.
pub fn decoy() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash(&crate::accounts::tokens::new_token().0))
}
