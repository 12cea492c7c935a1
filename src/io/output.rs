//! Writing output. Every write to stdout and its final flush are checked: a full disk or a closed
//! file is exit 2 with a message, never a silent success with a cut report. `-o PATH` writes a
//! regular file atomically (a fresh temporary file beside it, created with O_EXCL under a random
//! name, then renamed), keeping an existing file's permissions and honouring the umask for a new
//! one; a device or FIFO (`/dev/null`, `/dev/stdout`) is written directly, never replaced; `-o -`
//! is stdout.

use super::{OK, USAGE};
use gatewright::diagnostics::render::HumanStyle;
use std::io::{IsTerminal, Write};
use std::path::Path;

/// Writes `s` to stdout and flushes.
pub(crate) fn print(s: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(s.as_bytes())?;
    out.flush()
}

/// The exit status after writing output: `status` when the writes succeeded, or when the reader
/// closed the pipe (`| head` chose to stop reading); otherwise 2, with the reason on stderr.
pub(crate) fn finish(written: std::io::Result<()>, status: u8) -> u8 {
    match written {
        Ok(()) => status,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => status,
        Err(e) => {
            eprintln!("error: cannot write to standard output: {e}");
            USAGE
        }
    }
}

/// Prints `s` and returns `OK`, or 2 when it could not be written.
pub(crate) fn print_ok(s: &str) -> u8 {
    finish(print(s), OK)
}

/// How to draw human output: colour only on a terminal and without `NO_COLOR`.
pub(crate) fn style() -> HumanStyle {
    let tty = std::io::stdout().is_terminal();
    let color = tty && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let width = std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).unwrap_or(if tty { 100 } else { 80 });
    HumanStyle { color, width }
}

/// Writes `text` to `path` (see the module docs); `executable` makes a new file executable
/// (`0777 & !umask`).
pub(crate) fn write_file(path: &Path, text: &str, executable: bool) -> std::io::Result<()> {
    if super::input::is_stdin(path) {
        return print(text);
    }
    // Write through a symbolic link to where it points, rather than replacing the link.
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        _ => path.to_path_buf(),
    };
    let existing = std::fs::metadata(&target).ok();
    if let Some(m) = &existing
        && !m.is_file()
    {
        if m.is_dir() {
            return Err(std::io::Error::other("it is a folder"));
        }
        // A device, FIFO or socket: write into it; renaming over it would replace the node.
        let mut f = std::fs::OpenOptions::new().write(true).open(&target)?;
        f.write_all(text.as_bytes())?;
        return f.flush();
    }
    let dir = target.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "output".into());
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".gatewright-tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // The mode at creation is filtered by the umask, as for any new file.
        builder.permissions(std::fs::Permissions::from_mode(if executable { 0o777 } else { 0o666 }));
    }
    #[cfg(not(unix))]
    let _ = executable;
    // Dropping the temporary file on any error below removes it.
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(text.as_bytes())?;
    tmp.as_file().sync_all()?;
    if let Some(m) = existing {
        tmp.as_file().set_permissions(m.permissions())?;
    }
    tmp.persist(&target).map_err(|e| e.error)?;
    Ok(())
}
