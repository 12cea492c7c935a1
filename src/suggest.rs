//! "Did you mean" suggestions: the closest candidate by edit distance, when it is close enough.

/// The candidate nearest to `word`, if within a third of its length (at least 2 edits allowed).
pub(crate) fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(&word.to_ascii_lowercase(), &c.to_ascii_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for j in 0..b.len() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != b[j])).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    #[test]
    fn suggestions() {
        assert_eq!(super::closest("secuirty", ["security", "servers"]), Some("security"));
        assert_eq!(super::closest("allowMethod", ["allowMethods", "allowHeaders"]), Some("allowMethods"));
        assert_eq!(super::closest("zzz", ["security"]), None);
        assert_eq!(super::edit_distance("petsFn", "petFn"), 1);
    }
}
