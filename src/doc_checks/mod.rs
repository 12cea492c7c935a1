//! Checks of the document as written, the same for both API kinds: one walk over the whole tree
//! (`x-amazon-apigateway-*` keys, `$ref`s, control characters in what API Gateway stores), and
//! GW509 from what it found. Each kind's own checks use the walk's findings too.

pub(crate) mod control_characters;
pub(crate) mod walk;
