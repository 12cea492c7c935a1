//! The documentation a finding links to: every code's `explain` page written as Markdown into
//! the user's cache folder (`$XDG_CACHE_HOME/gatewright/docs/VERSION/`, else `~/.cache/…`), once
//! per version, and linked as a `file:` URI. gatewright has no web site to point at, and a file
//! opens in any editor without a network.

use gatewright::diagnostics::Code;
use lsp_types::Uri;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The folder holding every page, written when missing or different; None (said on stderr) when
/// it cannot be written, and then findings carry no link.
pub(super) fn write_pages() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").filter(|v| !v.is_empty()).map(|h| PathBuf::from(h).join(".cache")))?;
    let dir = base.join("gatewright").join("docs").join(env!("CARGO_PKG_VERSION"));
    match write_all(&dir) {
        Ok(()) => Some(dir),
        Err(e) => {
            eprintln!("gatewright lsp: findings will not link to their pages: {}: {e}", dir.display());
            None
        }
    }
}

fn write_all(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for code in Code::ALL {
        let path = dir.join(format!("{}.md", code.id()));
        if std::fs::read(&path).is_ok_and(|old| old == code.docs().as_bytes()) {
            continue;
        }
        // A page appears whole or not at all, even with two servers starting at once.
        let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
        tmp.write_all(code.docs().as_bytes())?;
        tmp.as_file().sync_all()?;
        tmp.persist(&path).map_err(|e| e.error)?;
    }
    Ok(())
}

/// The `file:` URI of a code's page.
pub(super) fn link(dir: &Path, code: Code) -> Option<Uri> {
    super::parts::file_uri(&dir.join(format!("{}.md", code.id())))
}
