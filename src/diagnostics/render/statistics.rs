//! `--statistics`: how many findings of each code a run has, for the table that replaces the
//! findings in human and concise output and the `statistics` array of JSON output.

use crate::diagnostics::{Code, Diagnostic};
use serde::Serialize;
use std::collections::BTreeMap;

/// Findings counted by code id (so the table is in code order).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Statistics(BTreeMap<&'static str, (Code, usize)>);

/// One row of the JSON `statistics` array.
#[derive(Debug, Serialize)]
pub struct CodeCount {
    code: &'static str,
    name: &'static str,
    count: usize,
}

impl Statistics {
    /// The counts of `diags`.
    pub fn of(diags: &[Diagnostic]) -> Self {
        let mut s = Statistics::default();
        for d in diags {
            s.0.entry(d.code.id()).or_insert((d.code, 0)).1 += 1;
        }
        s
    }

    /// Adds another file's counts.
    pub fn add(&mut self, other: Statistics) {
        for (id, (code, n)) in other.0 {
            self.0.entry(id).or_insert((code, 0)).1 += n;
        }
    }

    /// Whether nothing was counted.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The codes counted, in order.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.0.keys().copied()
    }

    /// The rows, in code order.
    pub fn rows(&self) -> Vec<CodeCount> {
        self.0.values().map(|&(code, count)| CodeCount { code: code.id(), name: code.name(), count }).collect()
    }

    /// The table: a row per code (count, code, name; advice marked), most frequent first, then
    /// by code.
    pub fn table(&self) -> String {
        let mut rows: Vec<_> = self.0.values().collect();
        rows.sort_by_key(|&&(code, n)| (std::cmp::Reverse(n), code.id()));
        let width = rows.first().map_or(1, |(_, n)| n.to_string().len());
        rows.iter()
            .map(|&&(code, n)| {
                let advice = if code.aws_level().is_advice() { " [advice]" } else { "" };
                format!("{n:>width$}  {}  {}{advice}\n", code.id(), code.name())
            })
            .collect()
    }
}
