//! Reading documents: regular files, or standard input for `-`, up to a size cap. Anything else
//! (a FIFO, a device such as `/dev/zero`, a folder) is refused before it is opened, so nothing can
//! make gatewright wait forever or read without end.

use gatewright::source::SourceFile;
use std::io::Read;
use std::path::Path;

/// The largest input read: far above any API Gateway body (REST APIs take at most 6 MB), so only
/// a mistake reaches it.
pub(crate) const MAX_INPUT: u64 = 256 * 1024 * 1024;

/// The name standard input gets in diagnostics.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// Whether `path` means standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Reads a document; the error says which and why.
pub(crate) fn read_source(path: &Path) -> Result<SourceFile, String> {
    if is_stdin(path) {
        return read_capped(std::io::stdin().lock(), STDIN_NAME, 0).map(|b| SourceFile::from_bytes(STDIN_NAME, b));
    }
    read_regular(path, &path.display().to_string())
}

/// Reads a file a Terraform configuration, a CloudFormation template or a split document in
/// `folder` names
/// (`path`, that folder joined to what the file wrote): only a regular file that is under the
/// folder once every symbolic link is resolved, so a configuration cannot make gatewright read,
/// and print, what the user did not point it at. `whose` names the folder in the refusal (`the
/// module's`, `the template's`).
pub(crate) fn read_in_folder(folder: &Path, path: &Path, whose: &str) -> Result<SourceFile, String> {
    let shown = path.display().to_string();
    let folder = if folder.as_os_str().is_empty() { Path::new(".") } else { folder };
    let resolve = |p: &Path| std::fs::canonicalize(p).map_err(|e| cannot_read(&shown, &e));
    let (root, real) = (resolve(folder)?, resolve(path)?);
    if !real.starts_with(&root) {
        return Err(format!(
            "`{shown}` leads out of {whose} folder through a symbolic link, and gatewright reads only files under it"
        ));
    }
    read_regular(&real, &shown)
}

/// Reads the regular file at `path`, named `shown` in the result and in errors.
fn read_regular(path: &Path, shown: &str) -> Result<SourceFile, String> {
    // `metadata` follows symbolic links and opens nothing: a FIFO is refused before an `open`
    // that would block until a writer comes.
    let meta = std::fs::metadata(path).map_err(|e| cannot_read(shown, &e))?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a FIFO, socket or device)" };
        return Err(format!(
            "cannot read `{shown}`: it is {what}; gatewright reads regular files, or `-` for standard input"
        ));
    }
    if meta.len() > MAX_INPUT {
        return Err(too_large(shown));
    }
    let file = std::fs::File::open(path).map_err(|e| cannot_read(shown, &e))?;
    // Sized from the metadata, so a large file is read into one block, not through doublings.
    let size = usize::try_from(meta.len()).unwrap_or(0);
    read_capped(file, shown, size).map(|b| SourceFile::from_bytes(shown, b))
}

/// The one wording of a file that cannot be read: `cannot read `api.yaml`: it does not exist`
/// (every command, every kind of file).
pub(crate) fn cannot_read(name: &str, e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("cannot read `{name}`: it does not exist"),
        std::io::ErrorKind::PermissionDenied => format!("cannot read `{name}`: permission denied"),
        _ => format!("cannot read `{name}`: {e}"),
    }
}

fn too_large(name: &str) -> String {
    format!(
        "cannot read `{name}`: it is larger than {} MiB, the most gatewright reads (API Gateway takes far smaller bodies)",
        MAX_INPUT / 1024 / 1024
    )
}

/// Reads at most [`MAX_INPUT`] bytes (`size` expected); more is an error, not a silent cut.
fn read_capped(r: impl Read, name: &str, size: usize) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::with_capacity(size.saturating_add(1));
    r.take(MAX_INPUT + 1).read_to_end(&mut bytes).map_err(|e| cannot_read(name, &e))?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(too_large(name));
    }
    Ok(bytes)
}
