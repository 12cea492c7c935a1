//! Writing an edited file back over itself (`check --fix`): atomically (a temporary file beside
//! it, renamed over it), through a symbolic link to the file it points to, with the file's
//! permissions and owner; or refusing, the file left exactly as it is, where the result could not
//! be faithful: a read-only file (replacing it would defeat the protection), a file with more than
//! one hard link (a rename would split them, and writing in place is not atomic), and a file that
//! changed since it was read (the change would be lost). The last is checked just before the
//! rename, once the new text is written and synced.

use super::output::Destination;
use std::io::{Read, Write};
use std::path::Path;

/// Replaces the file at `path`, whose content was `read`, with `new`; the error says why not.
pub(crate) fn rewrite(path: &Path, read: &[u8], new: &[u8]) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file".into());
    }
    if meta.permissions().readonly() {
        return Err("it is read-only; make it writable to fix it, or apply what `--fix --diff` shows".into());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if meta.nlink() > 1 {
            return Err(format!(
                "it has {} hard links, and replacing it would split them; apply what `--fix --diff` shows instead",
                meta.nlink()
            ));
        }
    }
    // Whether this user may write it (another user's file) is asked of the system, not worked out.
    std::fs::OpenOptions::new().write(true).open(path).map_err(|e| format!("it cannot be written: {e}"))?;
    let mut out = Destination::open(Some(path), false).map_err(|e| e.to_string())?;
    out.write_all(new).map_err(|e| e.to_string())?;
    out.commit_if(|| unchanged(path, read)).map_err(|e| e.to_string())
}

/// Ok when the file at `path` still holds exactly `read` (read again, at most one byte more).
fn unchanged(path: &Path, read: &[u8]) -> std::io::Result<()> {
    let mut now = Vec::with_capacity(read.len().saturating_add(1));
    std::fs::File::open(path)?.take(read.len() as u64 + 1).read_to_end(&mut now)?;
    if now != read {
        return Err(std::io::Error::other(
            "it changed while the fixes were made, so nothing was written (run `--fix` again)",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::rewrite;

    fn listing(dir: &std::path::Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    #[test]
    fn a_file_changed_since_it_was_read_is_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("api.yaml");
        std::fs::write(&path, "a: 1\n").unwrap();
        let read = std::fs::read(&path).unwrap();
        // Another writer, between the read and the write back.
        std::fs::write(&path, "a: 1\nb: 2\n").unwrap();
        let err = rewrite(&path, &read, b"A: 1\n").unwrap_err();
        assert!(err.contains("changed while the fixes were made"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), b"a: 1\nb: 2\n");
        assert_eq!(listing(dir.path()), ["api.yaml"], "the temporary file is removed");
        // Unchanged, it is replaced.
        rewrite(&path, b"a: 1\nb: 2\n", b"A: 1\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"A: 1\n");
        assert_eq!(listing(dir.path()), ["api.yaml"]);
    }

    #[test]
    fn a_shorter_or_longer_file_counts_as_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("api.yaml");
        for (on_disk, read) in [("a: 1", "a: 1\n"), ("a: 1\n\n", "a: 1\n")] {
            std::fs::write(&path, on_disk).unwrap();
            assert!(rewrite(&path, read.as_bytes(), b"x").is_err());
            assert_eq!(std::fs::read_to_string(&path).unwrap(), on_disk);
        }
    }
}
