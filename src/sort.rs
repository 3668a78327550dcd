//! One stable sort for the whole crate and the page. Every `slice::sort_by` call is a copy of
//! std's driftsort for its element type and comparison (about 4 KB of wasm, 1 KB gzip, each:
//! bench/analysis.md counted 16 such copies in the page). Here the sort itself runs once, on
//! indexes, behind a `dyn` comparison (one copy); each caller's type only adds the small loop
//! that moves its elements into place. Stable, as `slice::sort_by`: equal elements keep their
//! order, so results are the ones std's sort gives (a test compares them).

use std::cmp::Ordering;

/// The positions of `n` elements in sorted order (stable), by `cmp` on their indexes.
fn order(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Sorts `v` by `cmp`, stably (as `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = order(v.len(), &|a, b| cmp(&v[a], &v[b]));
    // Position p takes the element first at order[p]: each cycle of the permutation is applied
    // with swaps, once (linear, whatever the order).
    let mut placed = vec![false; order.len()];
    for start in 0..order.len() {
        let mut p = start;
        while !placed[p] {
            placed[p] = true;
            let q = order[p];
            if q == start {
                break;
            }
            v.swap(p, q);
            p = q;
        }
    }
}

/// Sorts `v` by `key`, stably (as `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` (as `slice::sort`; also where callers had `sort_unstable`: for types whose equal
/// elements are indistinguishable the results are the same).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_as_std_stable_sort_does() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for n in 0..200usize {
            for range in [1u64, 3, 50, u64::MAX] {
                // (key, original position): equal keys show whether the order among them is kept.
                let v: Vec<(u64, usize)> = (0..n).map(|i| (next() % range.max(1), i)).collect();
                let mut ours = v.clone();
                sort_by_key(&mut ours, |e| e.0);
                let mut std = v.clone();
                std.sort_by_key(|e| e.0);
                assert_eq!(ours, std, "n={n} range={range}");
                // Descending by key, then by position descending among equals.
                let descending = |a: &(u64, usize), b: &(u64, usize)| b.0.cmp(&a.0).then(b.1.cmp(&a.1));
                let mut ours = v.clone();
                sort_by(&mut ours, descending);
                let mut std = v;
                std.sort_by(descending);
                assert_eq!(ours, std);
            }
        }
        let mut words = vec!["b".to_string(), "a".to_string(), "c".to_string(), "a".to_string()];
        sort(&mut words);
        assert_eq!(words, ["a", "a", "b", "c"]);
    }
}
