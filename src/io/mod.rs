//! The edge of the program: reading documents ([`input`]), writing output ([`output`]) and fixed
//! files ([`rewrite`]), the
//! settings of each document ([`settings`]) and the files a folder holds ([`discover`]), a Terraform module's files ([`module`]), and CDK cloud assemblies ([`assembly`]). Nothing
//! here knows a command; the commands sit above it.

pub(crate) mod assembly;
pub(crate) mod discover;
pub(crate) mod folder;
pub(crate) mod input;
pub(crate) mod module;
pub(crate) mod output;
pub(crate) mod rewrite;
pub(crate) mod roots;
pub(crate) mod settings;

/// Exit status: nothing failed.
pub(crate) const OK: u8 = 0;
/// Exit status: a document failed its checks (or the deploy failed).
pub(crate) const FAILED: u8 = 1;
/// Exit status: usage, configuration, input or output error.
pub(crate) const USAGE: u8 = 2;

/// `1 file`, `2 files`.
pub(crate) fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}
