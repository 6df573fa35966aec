//! Cutting long lists into statements of a few fixed sizes, for multi-row statements.
//!
//! A statement is prepared once per distinct text and kept in a small per-connection cache, so a
//! list is cut into pieces of a handful of fixed sizes (largest first) rather than one statement
//! per list length: the same few prepared statements serve every batch.

/// `items` in consecutive pieces whose lengths are taken from `sizes` (largest first; the last
/// size must be 1 so every list is covered).
pub fn chunks<'a, T>(mut items: &'a [T], sizes: &'static [usize]) -> impl Iterator<Item = &'a [T]> {
    debug_assert_eq!(
        sizes.last(),
        Some(&1),
        "the smallest statement holds one row"
    );
    std::iter::from_fn(move || {
        let size = sizes.iter().copied().find(|size| *size <= items.len())?;
        let (chunk, rest) = items.split_at(size);
        items = rest;
        Some(chunk)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_cut_into_the_statement_sizes_in_order() {
        const SIZES: &[usize] = &[512, 64, 8, 1];
        let items: Vec<usize> = (0..1_100).collect();
        let sizes: Vec<usize> = chunks(&items, SIZES).map(<[usize]>::len).collect();
        assert_eq!(sizes, [512, 512, 64, 8, 1, 1, 1, 1]);
        let joined: Vec<usize> = chunks(&items, SIZES).flatten().copied().collect();
        assert_eq!(joined, items);
        assert_eq!(chunks::<u8>(&[], SIZES).count(), 0);
    }
}
