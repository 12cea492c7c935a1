//! AWS's rules that hold for more than one kind of API or resource: tags, and the per-API quotas.

/// Tags per resource.
pub(crate) const MAX_TAGS: usize = 50;
/// Routes per API (HTTP and WebSocket APIs; a quota that can be raised).
pub(crate) const MAX_ROUTES: usize = 300;
/// Integrations per API (HTTP and WebSocket APIs).
pub(crate) const MAX_INTEGRATIONS: usize = 300;
/// Authorizers per API (every kind).
pub(crate) const MAX_AUTHORIZERS: usize = 10;

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
