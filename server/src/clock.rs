//! The server's clock as stored text: every timestamp in the database is RFC 3339 in UTC. The
//! lowest layer, so the database code and the handlers read the time the same way.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A time as it is stored.
pub fn text(at: OffsetDateTime) -> String {
    at.format(&Rfc3339)
        .expect("a UTC time always formats as RFC 3339")
}

/// Now, as it is stored.
pub fn now_text() -> String {
    text(OffsetDateTime::now_utc())
}
