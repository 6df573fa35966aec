//! Bearer tokens: 256 random bits, shown to the client once; only their SHA-256 is stored.

use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};

/// A new token and the hash to store.
pub fn new_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token = hex::encode(bytes);
    let hash = hash(&token);
    (token, hash)
}

pub fn hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}
