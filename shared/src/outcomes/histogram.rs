//! A histogram of whole numbers (days from baseline to follow-up -> pairs), kept as a sorted
//! list so that merging thousands of cells at query time is a linear walk, not a tree insert
//! per entry. Stored (serde) as a map from value to count, sorted and without zero counts.

use super::moments::MomentsError;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Value -> count, sorted by value, with no zero count (so an emptied histogram equals a fresh
/// one).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Histogram(Vec<(i64, u64)>);

impl Histogram {
    /// Adds `count` occurrences of `value`.
    pub fn add(&mut self, value: i64, count: u64) {
        if count == 0 {
            return;
        }
        match self.0.binary_search_by_key(&value, |(v, _)| *v) {
            Ok(i) => self.0[i].1 += count,
            Err(i) => self.0.insert(i, (value, count)),
        }
    }

    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Self) {
        if other.0.is_empty() {
            return;
        }
        if self.0.is_empty() {
            self.0.clone_from(&other.0);
            return;
        }
        let mut merged = Vec::with_capacity(self.0.len() + other.0.len());
        let (mut a, mut b) = (self.0.iter().peekable(), other.0.iter().peekable());
        loop {
            match (a.peek(), b.peek()) {
                (Some(x), Some(y)) if x.0 == y.0 => {
                    merged.push((x.0, x.1 + y.1));
                    a.next();
                    b.next();
                }
                (Some(x), Some(y)) if x.0 < y.0 => merged.push(*a.next().expect("peeked")),
                (Some(_), Some(_)) => merged.push(*b.next().expect("peeked")),
                (Some(_), None) => merged.extend(a.by_ref().copied()),
                (None, Some(_)) => merged.extend(b.by_ref().copied()),
                (None, None) => break,
            }
        }
        self.0 = merged;
    }

    /// Takes out every count of `other`, which must have been added; on error nothing changes.
    pub fn subtract(&mut self, other: &Self) -> Result<(), MomentsError> {
        let mut next = self.0.clone();
        for (value, count) in &other.0 {
            let i = next
                .binary_search_by_key(value, |(v, _)| *v)
                .map_err(|_| MomentsError::Empty)?;
            next[i].1 = next[i].1.checked_sub(*count).ok_or(MomentsError::Empty)?;
        }
        next.retain(|(_, count)| *count > 0);
        self.0 = next;
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `(value, count)` in value order.
    pub fn iter(&self) -> impl Iterator<Item = (&i64, &u64)> {
        self.0.iter().map(|(v, c)| (v, c))
    }
}

impl Serialize for Histogram {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (value, count) in &self.0 {
            map.serialize_entry(value, count)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Histogram {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> Visitor<'de> for Entries {
            type Value = Histogram;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map of value to count")
            }
            fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Histogram, M::Error> {
                let mut entries: Vec<(i64, u64)> = Vec::with_capacity(map.size_hint().unwrap_or(0));
                while let Some((value, count)) = map.next_entry::<i64, u64>()? {
                    entries.push((value, count));
                }
                let sorted = entries.windows(2).all(|w| w[0].0 < w[1].0);
                if !sorted || entries.iter().any(|(_, c)| *c == 0) {
                    // Stored histograms are always sorted without zeros; anything else is
                    // normalised rather than trusted.
                    let mut histogram = Histogram::default();
                    for (value, count) in entries {
                        histogram.add(value, count);
                    }
                    return Ok(histogram);
                }
                Ok(Histogram(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn of(pairs: &[(i64, u64)]) -> Histogram {
        let mut h = Histogram::default();
        for (v, c) in pairs {
            h.add(*v, *c);
        }
        h
    }

    #[test]
    fn merge_and_subtract_agree_with_a_map() {
        let a = of(&[(30, 2), (14, 1), (90, 4)]);
        let b = of(&[(14, 3), (60, 1), (365, 2)]);
        let mut merged = a.clone();
        merged.merge(&b);
        let mut map: BTreeMap<i64, u64> = BTreeMap::new();
        for (v, c) in a.iter().chain(b.iter()) {
            *map.entry(*v).or_default() += c;
        }
        assert_eq!(
            merged.iter().map(|(v, c)| (*v, *c)).collect::<Vec<_>>(),
            map.into_iter().collect::<Vec<_>>()
        );
        merged.subtract(&b).unwrap();
        assert_eq!(merged, a);
        merged.subtract(&a).unwrap();
        assert_eq!(merged, Histogram::default());
        assert!(merged.subtract(&a).is_err());
        assert_eq!(
            merged,
            Histogram::default(),
            "a failed subtraction changes nothing"
        );
    }

    #[test]
    fn stored_as_the_map_it_replaces() {
        let h = of(&[(30, 2), (14, 1)]);
        let map: BTreeMap<i64, u64> = [(14, 1), (30, 2)].into();
        let bytes = postcard::to_allocvec(&h).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(&map).unwrap());
        assert_eq!(postcard::from_bytes::<Histogram>(&bytes).unwrap(), h);
    }
}
