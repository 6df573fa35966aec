//! Protecting the tablet with a PIN or passphrase, and unlocking it: the vault's key handling,
//! the wrong-PIN wait kept in the settings store, and sealing what an older build stored in the
//! clear, in the order they must happen.

use crate::store::{self, StoreError, settings};
use crate::vault;
use rexie::Rexie;

/// What an unlock attempt did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unlock {
    /// The secret was right: the data key is held and the tablet is unlocked.
    Opened,
    /// The secret was wrong; the failure is counted.
    Wrong,
    /// Too many wrong secrets: nothing was tried; try again after this many seconds.
    Wait(u64),
}

/// First use: a new data key wrapped under `secret`, the tablet unlocked, and anything stored
/// unsealed by an older build sealed.
pub async fn protect(db: &Rexie, secret: &str) -> Result<(), StoreError> {
    vault::create(db, secret).await?;
    store::seal_legacy(db).await
}

/// Unlocks with `secret`, unless wrong secrets impose a wait (kept across reloads).
pub async fn unlock(db: &Rexie, secret: &str) -> Result<Unlock, StoreError> {
    let wait = settings::pin_wait_seconds(db).await.unwrap_or(0);
    if wait > 0 {
        return Ok(Unlock::Wait(wait));
    }
    let right = vault::unlock(db, secret).await.unwrap_or(false);
    if !right {
        let _ = settings::record_pin_failure(db).await;
        return Ok(Unlock::Wrong);
    }
    let _ = settings::reset_pin_failures(db).await;
    if let Err(e) = store::seal_legacy(db).await {
        // Stay locked rather than run with records an older build left in the clear.
        vault::lock();
        return Err(e);
    }
    Ok(Unlock::Opened)
}

/// Replaces the PIN or passphrase; false when `current` is wrong.
pub async fn change_secret(db: &Rexie, current: &str, new: &str) -> Result<bool, StoreError> {
    Ok(vault::change_secret(db, current, new).await?)
}
