//! CDK cloud assemblies (`cdk.out`): a stack template's file assets (`<Stack>.assets.json` beside
//! `<Stack>.template.json`, in a folder with `manifest.json`), and the file a staged asset is a
//! copy of. Only the assembly folder and, for that match, the folder the assembly sits in (the
//! CDK project) are read: regular files, never through a symbolic link, never hidden folders,
//! `node_modules`, `target` or the assembly itself.

use gatewright::cfn_template::Assets;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Files looked at, at most, when matching an asset to its source: a project folder larger than
/// this is searched only in part (the match is a courtesy; the asset is checked either way).
const MAX_FILES: usize = 20_000;

/// The assembly folder of a stack template `<Stack>.template.json`: its folder, when that holds
/// a cloud assembly manifest.
pub(crate) fn folder_of(template: &Path) -> Option<&Path> {
    let name = template.file_name()?.to_str()?;
    name.ends_with(".template.json").then_some(())?;
    let folder = template.parent()?;
    let manifest = super::input::read_in_folder(folder, &folder.join("manifest.json"), "the assembly's").ok()?;
    // The cloud assembly schema: a `version` and the `artifacts`.
    let v: serde_json::Value = serde_json::from_str(manifest.text()).ok()?;
    (v.get("artifacts").is_some_and(|a| a.is_object()) && v.get("version").is_some()).then_some(folder)
}

/// Where the body files of a template may be read from: its folder, or, for a stack template of
/// a nested assembly (a CDK `Stage`'s `assembly-*` folder, whose assets are staged in the folder
/// above it), the outermost assembly folder that holds it. Never above an assembly folder.
pub(crate) fn read_root(template: &Path) -> PathBuf {
    let folder = template.parent().unwrap_or(Path::new("")).to_path_buf();
    if folder_of(template).is_none() {
        return folder;
    }
    let mut top = folder.clone();
    // At most a few levels of stages within stages.
    for _ in 0..8 {
        let Some(parent) = top.parent().filter(|p| !p.as_os_str().is_empty()) else { break };
        if !is_assembly(parent) {
            break;
        }
        top = parent.to_path_buf();
    }
    top
}

/// Whether `folder` holds a cloud assembly manifest.
fn is_assembly(folder: &Path) -> bool {
    let Ok(manifest) = super::input::read_in_folder(folder, &folder.join("manifest.json"), "the assembly's") else {
        return false;
    };
    serde_json::from_str::<serde_json::Value>(manifest.text())
        .is_ok_and(|v| v.get("artifacts").is_some_and(|a| a.is_object()) && v.get("version").is_some())
}

/// The assets of a stack template of an assembly: those its `<Stack>.assets.json` lists.
pub(crate) fn assets_of(template: &Path) -> Option<Assets> {
    let folder = folder_of(template)?;
    let name = template.file_name()?.to_str()?;
    let stack = name.strip_suffix(".template.json")?;
    let manifest = folder.join(format!("{stack}.assets.json"));
    let text = super::input::read_in_folder(folder, &manifest, "the assembly's").ok()?;
    Some(Assets::read(&text))
}

/// The file of the project (the folder `assembly` sits in) that the staged asset `asset` is a
/// copy of: the same size, the same content hash, the same bytes. None when there is no single
/// one.
pub(crate) fn source_of(asset: &Path, assembly: &Path) -> Option<PathBuf> {
    let bytes = std::fs::read(asset).ok()?;
    let project = assembly.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let skip = std::fs::canonicalize(assembly).ok()?;
    let want = (bytes.len() as u64, hash(&bytes));
    let mut found = Vec::new();
    let mut seen = 0;
    walk(project, &skip, asset.extension(), &mut seen, &mut |path, len| {
        if len == want.0 && std::fs::read(path).is_ok_and(|b| hash(&b) == want.1 && b == bytes) {
            found.push(path.to_path_buf());
        }
    });
    // Two identical files: which one CDK copied is not known.
    let one = (found.len() == 1).then(|| found.remove(0))?;
    Some(one.strip_prefix(".").map(Path::to_path_buf).unwrap_or(one))
}

fn hash(bytes: &[u8]) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    bytes.hash(&mut h);
    h.finish()
}

fn walk(dir: &Path, skip: &Path, ext: Option<&std::ffi::OsStr>, seen: &mut usize, on: &mut dyn FnMut(&Path, u64)) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        *seen += 1;
        if *seen > MAX_FILES {
            return;
        }
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        // `file_type` does not follow symbolic links: a link is neither a folder nor a file here.
        let Ok(kind) = entry.file_type() else { continue };
        if kind.is_dir() {
            let hidden = name.starts_with('.') || name == "node_modules" || name == "target";
            if !hidden && std::fs::canonicalize(&path).is_ok_and(|p| p != skip) {
                walk(&path, skip, ext, seen, on);
            }
        } else if kind.is_file()
            && path.extension() == ext
            && let Ok(meta) = entry.metadata()
        {
            on(&path, meta.len());
        }
    }
}
