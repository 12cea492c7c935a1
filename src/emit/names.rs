//! Names in generated output, for every backend and both API kinds: `PascalCase` member names,
//! alphanumeric logical ids, logical ids kept unique, and the stable hash in names that follow
//! content.

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

/// A stable 64-bit FNV-1a hash of what is written to it, for names that change exactly when
/// what they name does (a REST deployment's logical id and description, a Lambda permission's
/// statement id); fed as the text is produced, so nothing is held to be hashed.
pub(crate) struct Fnv(pub(crate) u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        for &b in buf {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
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
