//! AWS's rules that hold for every kind of resource gatewright creates: tags.

/// Tags per resource.
pub(crate) const MAX_TAGS: usize = 50;

/// Why AWS refuses the tag `key` = `value` (None when it takes it): keys are 1 to 128 characters
/// and do not start with `aws:`; values are at most 256 characters.
pub(crate) fn tag_problem(key: &str, value: Option<&str>) -> Option<&'static str> {
    if key.is_empty() || key.chars().count() > 128 {
        Some("tag keys are 1 to 128 characters")
    } else if key.to_ascii_lowercase().starts_with("aws:") {
        Some("tag keys starting with `aws:` are reserved for AWS")
    } else if value.is_some_and(|v| v.chars().count() > 256) {
        Some("tag values are at most 256 characters")
    } else {
        None
    }
}
