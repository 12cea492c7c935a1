//! Writing output. Every write to stdout and its final flush are checked: a full disk or a closed
//! file is exit 2 with a message, never a silent success with a cut report. `-o PATH` writes a
//! regular file atomically (a fresh temporary file beside it, created with O_EXCL under a random
//! name, then renamed), keeping an existing file's permissions and honouring the umask for a new
//! one; a device or FIFO (`/dev/null`, `/dev/stdout`) is written directly, never replaced; `-o -`
//! is stdout. Folders of `-o` that do not exist are made, and removed again when nothing was
//! written.

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
    let mut d = Destination::open(Some(path), executable)?;
    d.write_all(text.as_bytes())?;
    d.commit()
}

/// Where output goes, opened before it is written and committed after: standard output, a
/// device or FIFO written directly, or a temporary file beside a regular target, renamed over it
/// by [`Destination::commit`] and removed when dropped without it.
pub(crate) enum Destination {
    /// Standard output (no `-o`, or `-o -`).
    Stdout(std::io::BufWriter<std::io::StdoutLock<'static>>),
    /// A device, FIFO or socket.
    Direct(std::io::BufWriter<std::fs::File>),
    /// A regular file, written atomically.
    Temporary {
        file: std::io::BufWriter<tempfile::NamedTempFile>,
        target: std::path::PathBuf,
        /// The existing file's permissions, given to its replacement.
        permissions: Option<std::fs::Permissions>,
        /// The existing file's owner and group, given to its replacement where the process may.
        owner: Option<(u32, u32)>,
        /// The folders made for the target, removed again unless it is put in place. Declared
        /// last: fields drop in order, so the temporary file is gone before its folder is.
        made: Folders,
    },
}

impl Destination {
    /// Opens `path` (stdout when None or `-`); `executable` as for [`write_file`].
    pub(crate) fn open(path: Option<&Path>, executable: bool) -> std::io::Result<Self> {
        const BUFFER: usize = 256 * 1024;
        let Some(path) = path.filter(|p| !super::input::is_stdin(p)) else {
            return Ok(Destination::Stdout(std::io::BufWriter::with_capacity(BUFFER, std::io::stdout().lock())));
        };
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
            let f = std::fs::OpenOptions::new().write(true).open(&target)?;
            return Ok(Destination::Direct(std::io::BufWriter::with_capacity(BUFFER, f)));
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
        let made = Folders::make(dir)?;
        let file = std::io::BufWriter::with_capacity(BUFFER, builder.tempfile_in(dir)?);
        let owner = existing.as_ref().and_then(owner);
        Ok(Destination::Temporary { made, file, target, permissions: existing.map(|m| m.permissions()), owner })
    }

    /// Whether this is standard output.
    pub(crate) fn is_stdout(&self) -> bool {
        matches!(self, Destination::Stdout(_))
    }

    /// Flushes what was written and, for a regular file, puts it in place.
    pub(crate) fn commit(self) -> std::io::Result<()> {
        self.commit_if(|| Ok(()))
    }

    /// As [`Destination::commit`], but a regular file is put in place only when `ready` (called
    /// just before the rename, once everything is written) succeeds; else its error is returned and
    /// the target is left as it is.
    pub(crate) fn commit_if(self, ready: impl FnOnce() -> std::io::Result<()>) -> std::io::Result<()> {
        match self {
            Destination::Stdout(mut w) => w.flush(),
            Destination::Direct(mut w) => w.flush(),
            Destination::Temporary { made, file, target, permissions, owner } => {
                // Dropping the temporary file on any error below removes it (before `made`, the
                // folders it is in, which are removed too).
                let put = (|| {
                    let tmp = file.into_inner().map_err(std::io::IntoInnerError::into_error)?;
                    tmp.as_file().sync_all()?;
                    if let Some(was) = owner {
                        keep_owner(tmp.as_file(), was);
                    }
                    if let Some(p) = permissions {
                        tmp.as_file().set_permissions(p)?;
                    }
                    ready()?;
                    tmp.persist(&target).map_err(|e| e.error)?;
                    Ok(())
                })();
                if put.is_ok() {
                    made.keep();
                }
                put
            }
        }
    }
}

/// The folders `-o` needed and did not exist (`-o infra/api.tf` with no `infra/`), made when the
/// output is opened, innermost last. Dropped without [`Folders::keep`] (nothing was put in place),
/// they are removed again, so a failed run leaves no trace.
pub(crate) struct Folders(Vec<std::path::PathBuf>);

impl Folders {
    fn make(dir: &Path) -> std::io::Result<Folders> {
        let mut missing: Vec<std::path::PathBuf> = dir
            .ancestors()
            .filter(|d| !d.as_os_str().is_empty())
            .take_while(|d| std::fs::symlink_metadata(d).is_err())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        let mut made = Folders(Vec::with_capacity(missing.len()));
        for d in missing {
            match std::fs::create_dir(&d) {
                Ok(()) => made.0.push(d),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        Ok(made)
    }

    fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for Folders {
    fn drop(&mut self) {
        for d in self.0.iter().rev() {
            // Only an empty folder is removed: anything another process put there stays.
            let _ = std::fs::remove_dir(d);
        }
    }
}

/// The owner and group of a file (None where the system has no such thing).
fn owner(m: &std::fs::Metadata) -> Option<(u32, u32)> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((m.uid(), m.gid()))
    }
    #[cfg(not(unix))]
    {
        let _ = m;
        None
    }
}

/// Gives `file` the owner and group `was` where the process may (root may; others only a group
/// they belong to): a file replaced by another user's run keeps its owner.
fn keep_owner(file: &std::fs::File, was: (u32, u32)) {
    #[cfg(unix)]
    if file.metadata().ok().as_ref().and_then(owner) != Some(was) {
        let _ = std::os::unix::fs::fchown(file, Some(was.0), Some(was.1));
    }
    #[cfg(not(unix))]
    let _ = (file, was);
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Destination::Stdout(w) => w.write(buf),
            Destination::Direct(w) => w.write(buf),
            Destination::Temporary { file, .. } => file.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match self {
            Destination::Stdout(w) => w.write_all(buf),
            Destination::Direct(w) => w.write_all(buf),
            Destination::Temporary { file, .. } => file.write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Destination::Stdout(w) => w.flush(),
            Destination::Direct(w) => w.flush(),
            Destination::Temporary { file, .. } => file.flush(),
        }
    }
}
