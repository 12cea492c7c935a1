//! Creation order: "must exist before" edges (for API Gateway v2: the API before everything, an
//! authorizer or integration before the routes that name it, every route before the stage),
//! ordered with Kahn's algorithm, the lowest position first among those ready, so output is
//! stable. The dependents are held in one flat list (offsets per resource): a large API's graph
//! costs a few bytes per edge.

use std::collections::BTreeSet;

/// The order to create resources in, given each one's dependencies (positions, without
/// repeats); `name` names a resource by position. An error names a cycle (a bug, not a user
/// error).
pub(crate) fn order<'n>(deps: &[Vec<usize>], name: impl Fn(usize) -> &'n str) -> Result<Vec<usize>, String> {
    let n = deps.len();
    // Dependents of each resource: `dependents[start[d]..start[d + 1]]`.
    let mut start = vec![0usize; n + 1];
    for &d in deps.iter().flatten() {
        start[d + 1] += 1;
    }
    for i in 0..n {
        start[i + 1] += start[i];
    }
    let mut fill = start.clone();
    let mut dependents = vec![0usize; start[n]];
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            dependents[fill[d]] = i;
            fill[d] += 1;
        }
    }
    drop(fill);
    let mut waiting: Vec<usize> = deps.iter().map(Vec::len).collect();
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| waiting[i] == 0).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        out.push(i);
        for &j in &dependents[start[i]..start[i + 1]] {
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.insert(j);
            }
        }
    }
    if out.len() < n {
        return Err(format!("dependency cycle between {}", cycle(&name, deps, &waiting).join(", ")));
    }
    Ok(out)
}

/// The names along one cycle among the resources still waiting: following waiting dependencies
/// from any of them must come back to a resource already seen.
fn cycle<'n>(name: &impl Fn(usize) -> &'n str, deps: &[Vec<usize>], waiting: &[usize]) -> Vec<&'n str> {
    let Some(mut at) = (0..deps.len()).find(|&i| waiting[i] > 0) else { return Vec::new() };
    let mut seen = vec![usize::MAX; deps.len()];
    let mut path = Vec::new();
    while seen[at] == usize::MAX {
        seen[at] = path.len();
        path.push(at);
        match deps[at].iter().find(|&&d| waiting[d] > 0) {
            Some(&d) => at = d,
            None => break,
        }
    }
    let from = seen[at].min(path.len());
    path[from..].iter().map(|&i| name(i)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const NAMES: [&str; 2] = ["api", "prod"];

    fn name(i: usize) -> &'static str {
        NAMES[i]
    }

    #[test]
    fn dependencies_come_first_and_ties_keep_their_positions() {
        assert_eq!(order(&[vec![1], vec![]], name), Ok(vec![1, 0]));
        assert_eq!(order(&[vec![], vec![0]], name), Ok(vec![0, 1]));
        assert_eq!(order(&[vec![], vec![]], name), Ok(vec![0, 1]));
    }

    #[test]
    fn a_cycle_is_named() {
        let e = order(&[vec![1], vec![0]], name).unwrap_err();
        assert!(e.starts_with("dependency cycle between "), "{e}");
        assert!(e.contains("api") && e.contains("prod"), "{e}");
    }
}
