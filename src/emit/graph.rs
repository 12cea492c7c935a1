//! Creation order: a petgraph DAG of "must exist before" edges (the API before everything, an
//! authorizer or integration before the routes that name it, every route before the stage),
//! ordered with Kahn's algorithm over the resources' own order, so output is stable.

use super::resources::Set;
use petgraph::Direction;
use petgraph::stable_graph::{NodeIndex, StableDiGraph};
use std::collections::BTreeSet;

/// The order to create the resources of `set` in, given each one's dependencies (positions, from
/// [`Set::dependencies`]); an error names a cycle (a bug, not a user error).
pub(crate) fn order(set: &Set<'_>, deps: &[Vec<usize>]) -> Result<Vec<usize>, String> {
    let mut g: StableDiGraph<usize, ()> = StableDiGraph::new();
    let nodes: Vec<NodeIndex> = (0..set.len()).map(|i| g.add_node(i)).collect();
    for (i, ds) in deps.iter().enumerate() {
        for &d in ds {
            g.add_edge(nodes[d], nodes[i], ());
        }
    }
    if petgraph::algo::is_cyclic_directed(&g) {
        let scc = petgraph::algo::tarjan_scc(&g).into_iter().find(|c| c.len() > 1).unwrap_or_default();
        let names: Vec<&str> = scc.iter().map(|n| set.name(g[*n])).collect();
        return Err(format!("dependency cycle between {}", names.join(", ")));
    }
    let mut waiting: Vec<usize> = nodes.iter().map(|n| g.neighbors_directed(*n, Direction::Incoming).count()).collect();
    let mut ready: BTreeSet<usize> = (0..set.len()).filter(|i| waiting[*i] == 0).collect();
    let mut out = Vec::with_capacity(set.len());
    while let Some(i) = ready.pop_first() {
        out.push(i);
        for n in g.neighbors_directed(nodes[i], Direction::Outgoing) {
            let j = g[n];
            waiting[j] -= 1;
            if waiting[j] == 0 {
                ready.insert(j);
            }
        }
    }
    Ok(out)
}
