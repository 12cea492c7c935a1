//! Checks of the document as written, the same for both API kinds: one walk over the whole tree
//! (`x-amazon-apigateway-*` keys, `$ref`s, control characters in what API Gateway stores), and
//! from what it found GW509 and the dangling references (GW103, GW105). Each kind's own checks use the walk's findings too.

pub(crate) mod control_characters;
pub(crate) mod extensions;
pub(crate) mod refs;
pub(crate) mod walk;
