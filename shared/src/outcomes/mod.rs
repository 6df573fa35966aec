//! Evaluator outcomes: pairing responses into episodes, and the cross-sectional and paired
//! figures computed from exact, mergeable sufficient statistics.
//!
//! - [`pairing`]: time points (baseline, review, final) and the rules that turn a patient's
//!   responses to an instrument into episodes (a baseline and at most one follow-up).
//! - [`moments`]: count, sum and sum of squares in fixed point, exact under add, remove, merge.
//! - [`accumulators`]: the sufficient statistics of each figure (per rollup cell), with
//!   `add`/`remove`/`merge`/`subtract` and `finish()`.
//! - [`cells`]: the rollup cells each response and episode contributes to, and the change to
//!   apply when a batch arrives.
//! - [`histogram`]: the days-to-follow-up histogram, a sorted list that merges linearly.
//! - [`figures`]: the figures themselves, each defined once with its source, and the quantiles
//!   behind the confidence intervals.
//! - [`periods`]: the month, quarter and financial-year grains of the cells, and which cells
//!   answer a range of months.
//! - [`query`]: the evaluator's query (dimensions, filters, period) and which group each cell
//!   falls in.
//! - [`table`]: the merged cells of each group finished into suppressed figures.

pub mod accumulators;
pub mod cells;
pub mod figures;
pub mod histogram;
pub mod moments;
pub mod pairing;
pub mod periods;
pub mod query;
pub mod table;
