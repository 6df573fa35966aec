//! Secondary suppression: after small counts are withheld, withhold more cells so that no
//! withheld count can be worked out from a total and its disclosed parts, nor from any sum or
//! difference of such relations (as in a table with row and column totals).
//!
//! A table is a list of counts and the relations between them (`total = sum of parts`). A
//! count is recoverable when the relations, with every disclosed count taken as exactly known,
//! fix its value; disclosed counts are in fact rounded to 5, so this is the strict reading.
//!
//! ```
//! use shared::stats::secondary::{Relation, Withheld, suppress};
//!
//! // A total of 40 split 3 / 17 / 20: the 3 is small; 40 - 17 - 20 would give it away, so the
//! // next smallest part, 17, is withheld too.
//! let counts = [40, 3, 17, 20];
//! let relations = [Relation { total: 0, parts: vec![1, 2, 3] }];
//! assert_eq!(
//!     suppress(&counts, &relations),
//!     [None, Some(Withheld::Small), Some(Withheld::Secondary), None]
//! );
//! ```

use super::SUPPRESS_AT_MOST;
use serde::{Deserialize, Serialize};

/// `counts[total] = sum of counts[parts]`, by index into the table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub total: usize,
    pub parts: Vec<usize>,
}

/// Why a count is withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Withheld {
    /// A count of 1 to 7 (primary suppression).
    Small,
    /// Withheld so that a small count cannot be recovered from the others.
    Secondary,
}

/// Which counts are withheld, and why (`None`: disclosed). Relations naming a cell outside
/// `counts` are ignored.
pub fn suppress(counts: &[u64], relations: &[Relation]) -> Vec<Option<Withheld>> {
    let mut withheld: Vec<Option<Withheld>> = counts
        .iter()
        .map(|&c| {
            (1..=SUPPRESS_AT_MOST)
                .contains(&c)
                .then_some(Withheld::Small)
        })
        .collect();
    let relations: Vec<&Relation> = relations
        .iter()
        .filter(|r| r.total < counts.len() && r.parts.iter().all(|&p| p < counts.len()))
        .collect();
    // Each round withholds one more cell, so this ends within `counts.len()` rounds.
    while let Some(exposed) = first_recoverable(&withheld, &relations) {
        let Some(cell) = cover(counts, &withheld, &relations, exposed) else {
            break;
        };
        withheld[cell] = Some(Withheld::Secondary);
    }
    withheld
}

/// A withheld cell the relations determine, if any: first one alone in a relation, else by
/// elimination over all relations.
fn first_recoverable(withheld: &[Option<Withheld>], relations: &[&Relation]) -> Option<usize> {
    for relation in relations {
        let hidden: Vec<usize> = members(relation)
            .filter(|&(cell, _)| withheld[cell].is_some())
            .map(|(cell, _)| cell)
            .collect();
        if let [only] = hidden[..] {
            return Some(only);
        }
    }
    determined_cells(withheld, relations).into_iter().next()
}

/// Each member of a relation with its coefficient (`total - parts = 0`).
fn members(relation: &Relation) -> impl Iterator<Item = (usize, f64)> + '_ {
    std::iter::once((relation.total, 1.0)).chain(relation.parts.iter().map(|&p| (p, -1.0)))
}

/// The disclosed, non-zero cell to withhold next so that `exposed` is no longer determined:
/// the smallest part (then the total) in a relation with `exposed`, else in any relation; ties
/// go to the lower index.
fn cover(
    counts: &[u64],
    withheld: &[Option<Withheld>],
    relations: &[&Relation],
    exposed: usize,
) -> Option<usize> {
    let smallest = |with_exposed: bool| {
        relations
            .iter()
            .filter(|r| !with_exposed || members(r).any(|(cell, _)| cell == exposed))
            .flat_map(|r| members(r).map(|(cell, coefficient)| (cell, coefficient > 0.0)))
            .filter(|&(cell, _)| withheld[cell].is_none() && counts[cell] > 0)
            .min_by_key(|&(cell, is_total)| (is_total, counts[cell], cell))
            .map(|(cell, _)| cell)
    };
    smallest(true).or_else(|| smallest(false))
}

/// The withheld cells whose value the relations fix: cell `j` is determined when the unit
/// vector `e_j` lies in the row space of the relations restricted to the withheld cells. In the
/// reduced row echelon form of that space a vector is the combination of the basis rows given
/// by its entries in the pivot columns, so `e_j` lies in it exactly when `j` is a pivot column
/// whose row has no other non-zero entry: one reduction answers for every cell.
/// Coefficients are small integers (0, ±1), so elimination in `f64` with partial pivoting and
/// a tolerance is exact in practice for tables of this size.
fn determined_cells(withheld: &[Option<Withheld>], relations: &[&Relation]) -> Vec<usize> {
    let unknowns: Vec<usize> = (0..withheld.len())
        .filter(|&c| withheld[c].is_some())
        .collect();
    let mut column = vec![usize::MAX; withheld.len()];
    for (j, &cell) in unknowns.iter().enumerate() {
        column[cell] = j;
    }
    let mut rows: Vec<Vec<f64>> = relations
        .iter()
        .filter_map(|relation| {
            let mut row = vec![0.0; unknowns.len()];
            let mut any = false;
            for (cell, coefficient) in members(relation) {
                if column[cell] != usize::MAX {
                    row[column[cell]] += coefficient;
                    any = true;
                }
            }
            any.then_some(row)
        })
        .collect();
    let basis = reduce(&mut rows, unknowns.len());
    let mut determined: Vec<usize> = basis
        .iter()
        .filter_map(|row| {
            let mut nonzero = row.iter().enumerate().filter(|(_, v)| v.abs() > TOLERANCE);
            match (nonzero.next(), nonzero.next()) {
                (Some((j, _)), None) => Some(unknowns[j]),
                _ => None,
            }
        })
        .collect();
    determined.sort_unstable();
    determined
}

const TOLERANCE: f64 = 1e-9;

/// Row-reduces `rows` and returns the independent rows (a basis of their span).
fn reduce(rows: &mut [Vec<f64>], width: usize) -> Vec<Vec<f64>> {
    let mut rank = 0;
    for col in 0..width {
        let Some(pivot) = (rank..rows.len())
            .filter(|&r| rows[r][col].abs() > TOLERANCE)
            .max_by(|&a, &b| rows[a][col].abs().total_cmp(&rows[b][col].abs()))
        else {
            continue;
        };
        rows.swap(rank, pivot);
        let lead = rows[rank][col];
        for value in rows[rank].iter_mut() {
            *value /= lead;
        }
        let pivot_row = rows[rank].clone();
        for (r, row) in rows.iter_mut().enumerate() {
            if r != rank && row[col].abs() > TOLERANCE {
                let factor = row[col];
                for (value, pivot_value) in row.iter_mut().zip(&pivot_row) {
                    *value -= factor * pivot_value;
                }
            }
        }
        rank += 1;
    }
    rows[..rank].to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relation(total: usize, parts: &[usize]) -> Relation {
        Relation {
            total,
            parts: parts.to_vec(),
        }
    }

    #[test]
    fn nothing_small_means_nothing_withheld() {
        let counts = [30, 10, 20, 0];
        assert_eq!(suppress(&counts, &[relation(0, &[1, 2, 3])]), [None; 4]);
    }

    #[test]
    fn two_small_parts_hide_each_other() {
        let counts = [30, 3, 5, 22];
        assert_eq!(
            suppress(&counts, &[relation(0, &[1, 2, 3])]),
            [None, Some(Withheld::Small), Some(Withheld::Small), None]
        );
    }

    #[test]
    fn a_bridge_between_two_blocks_of_a_two_way_table_is_covered() {
        // A 2 x 2 table with row totals, column totals and a grand total:
        //   cells 0 1 | 4      indices: a=0 b=1 c=2 d=3, rows 4 5, columns 6 7, grand 8
        //         2 3 | 5
        //   -------------
        //         6 7 | 8
        let counts = [4, 20, 16, 30, 24, 46, 20, 50, 70];
        let relations = [
            relation(4, &[0, 1]),
            relation(5, &[2, 3]),
            relation(6, &[0, 2]),
            relation(7, &[1, 3]),
            relation(8, &[4, 5]),
            relation(8, &[6, 7]),
        ];
        let withheld = suppress(&counts, &relations);
        // The 4 is small; its row and column each need a second withheld cell, and then the
        // opposite corner too, or the row and column totals would give the rest away.
        assert_eq!(withheld[0], Some(Withheld::Small));
        assert!(
            [1, 2, 3]
                .iter()
                .all(|&c| withheld[c] == Some(Withheld::Secondary)),
            "{withheld:?}"
        );
        assert!(determined_cells(&withheld, &relations.iter().collect::<Vec<_>>()).is_empty());
    }

    #[test]
    fn elimination_finds_a_cell_that_no_single_relation_exposes() {
        // A 4 x 4 table (cells 0-15 row by row, row totals 16-19, column totals 20-23, grand
        // total 24). Withheld: two 2 x 2 blocks and one cell (row 0, column 2) joining them.
        // Every row and column holds two or more withheld cells, yet row 0 + row 1 - column 0
        // - column 1 leaves only the joining cell.
        let mut relations: Vec<Relation> = (0..4)
            .map(|r| relation(16 + r, &[4 * r, 4 * r + 1, 4 * r + 2, 4 * r + 3]))
            .collect();
        relations.extend((0..4).map(|c| relation(20 + c, &[c, 4 + c, 8 + c, 12 + c])));
        relations.push(relation(24, &[16, 17, 18, 19]));
        relations.push(relation(24, &[20, 21, 22, 23]));
        let relations: Vec<&Relation> = relations.iter().collect();
        let mut withheld = vec![None; 25];
        for cell in [0, 1, 4, 5, 10, 11, 14, 15, 2] {
            withheld[cell] = Some(Withheld::Small);
        }
        assert_eq!(determined_cells(&withheld, &relations), [2]);
        assert_eq!(first_recoverable(&withheld, &relations), Some(2));
        // Covering it with one more withheld cell leaves nothing determined.
        let counts = [8; 25];
        let cell = cover(&counts, &withheld, &relations, 2).unwrap();
        withheld[cell] = Some(Withheld::Secondary);
        assert!(determined_cells(&withheld, &relations).is_empty());
    }
}
