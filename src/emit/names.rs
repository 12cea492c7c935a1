//! Names in generated output, for every backend and both API kinds: `PascalCase` member names,
//! alphanumeric logical ids, and logical ids kept unique.

use std::collections::{HashMap, HashSet};

/// `camelCase` → `PascalCase` (the SDK's and CloudFormation's member names).
pub(crate) fn pascal(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// `GET /pets/{petId}` → `GetPetsPetId`: the alphanumeric words, each capitalised.
pub(crate) fn words(s: &str) -> String {
    s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()).map(pascal).collect()
}

/// Logical ids handed out so far (`Base`, `Base2`, `Base3`…); each base remembers the suffix it
/// reached, so colliding names cost O(n) in all.
#[derive(Default)]
pub(crate) struct UniqueIds {
    taken: HashSet<String>,
    next: HashMap<String, usize>,
}

impl UniqueIds {
    pub(crate) fn with_capacity(n: usize) -> Self {
        UniqueIds { taken: HashSet::with_capacity(n), next: HashMap::new() }
    }

    /// A logical id from `base` that no earlier call returned.
    pub(crate) fn take(&mut self, base: String) -> String {
        if !self.taken.contains(&base) {
            self.taken.insert(base.clone());
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(2);
        let mut id = format!("{base}{n}");
        while self.taken.contains(&id) {
            *n += 1;
            id = format!("{base}{n}");
        }
        *n += 1;
        self.taken.insert(id.clone());
        id
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_stay_unique() {
        let mut ids = super::UniqueIds::default();
        let got: Vec<String> = ["A", "A", "A2", "A"].iter().map(|b| ids.take(b.to_string())).collect();
        assert_eq!(got, ["A", "A2", "A22", "A3"]);
        assert_eq!(super::words("GET /pets/{petId}"), "GETPetsPetId");
    }
}
