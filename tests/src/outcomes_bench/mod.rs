//! Support for the outcomes benchmark (`benches/outcomes.rs`): a seeded realistic deployment's
//! responses, a fast writer into the real schema, the five typical evaluator queries with their
//! naive full-scan SQL, the ingest-rate comparison, and sizes on disk.
//!
//! - [`data`]: the generator (ICB, PCNs, practices, roles, instruments, patients and episodes,
//!   demographic snapshots), validated and scored by `shared`.
//! - [`deployment`]: the organisations, tablets and evaluator, created through the real API.
//! - [`write`]: multi-row INSERTs of the rows the server's ingest writes, in large transactions.
//! - [`queries`]: the evaluator queries, two ways, and their timing.
//! - [`ingest`]: real ingest beside a raw batched insert of the same rows.
//! - [`disk`]: the database's size on disk, per table where the database can tell.

pub mod data;
pub mod deployment;
pub mod disk;
pub mod ingest;
pub mod queries;
pub mod write;

/// A size from the environment (`PROM_BENCH_RESPONSES=1_000_000`; `_` and `,` allowed), or
/// `default` when unset.
pub fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .map(|value| value.replace(['_', ','], ""))
        .map_or(default, |value| {
            value
                .parse()
                .unwrap_or_else(|_| panic!("{name} must be a number, got {value:?}"))
        })
}
