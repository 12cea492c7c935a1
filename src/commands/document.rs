//! One API read and analysed under its settings, for every command that reads one: a document,
//! or one API of a CloudFormation template or Terraform configuration (`--resource ID`, or the
//! file's only API), read by the same library reader `check` uses.

use crate::cli::Common;
use crate::io::folder::Folder;
use crate::io::input::read_source;
use crate::io::settings::{Finder, resolve};
use gatewright::deployed::{ApiResource, OneApi};
use gatewright::{Analysis, Options, analyze_with};
use std::path::Path;

/// Reads `path` and analyses it under its settings: the analysis and whether warnings fail. A
/// `$ref` to another file is followed to files under the document's folder (never for standard
/// input, which has no folder).
pub(crate) fn analyze_file(finder: &Finder, path: &Path, c: &Common) -> Result<(Analysis, bool), String> {
    let settings = resolve(finder, path, c)?;
    let source = read_source(path)?;
    let folder = Folder::of(path);
    let read = |p: &str| folder.read(p);
    Ok((analyze_with(source, &settings.options, folder.loader(&read)), settings.fail_on_warnings))
}

/// [`analyze_file`] of the one API a command shows: a document's, or one of a template or
/// configuration ([`load`]); warnings fail under the settings or the resource's
/// `FailOnWarnings`.
pub(crate) fn analyze_one(
    finder: &Finder,
    path: &Path,
    c: &Common,
    resource: Option<&str>,
) -> Result<(Analysis, bool), String> {
    // A module's settings are those of its files.
    let settings = match path.is_dir() {
        true => resolve(finder, &path.join("main.tf"), c)?,
        false => resolve(finder, path, c)?,
    };
    let (analysis, from) = load(path, &settings.options, resource)?;
    Ok((analysis, settings.fail_on_warnings || from.is_some_and(|r| r.fail_on_warnings)))
}

/// Reads `path` as a document, or takes one API of a template or configuration (a folder: the
/// Terraform module its configuration files make): the analysis, and the resource it came from.
pub(crate) fn load(
    path: &Path,
    options: &Options,
    resource: Option<&str>,
) -> Result<(Analysis, Option<ApiResource>), String> {
    if path.is_dir() {
        return module(path, options, resource);
    }
    let source = read_source(path)?;
    let name = source.name().to_string();
    let folder = Folder::of(path);
    let read = |p: &str| folder.read(p);
    let one = if gatewright::terraform::is_terraform(&name) && gatewright::terraform::is_configuration(&source) {
        if let Some(note) = crate::io::module::alone(path, &source) {
            eprintln!("{note}");
        }
        gatewright::terraform::one(source, options, &|p| folder.read_for(p, "the module's"), resource)
    } else if folder.exists() && gatewright::cfn_template::is_template(&source) {
        let assets = crate::io::assembly::assets_of(path).unwrap_or_default();
        let root = crate::io::assembly::read_root(path);
        let read = |p: &str| crate::io::input::read_in_folder(&root, Path::new(p), "the template's");
        gatewright::cfn_template::one(source, options, &read, &assets, resource)
    } else if resource.is_some() {
        return Err(format!(
            "`--resource` names an API of a CloudFormation template or a Terraform configuration, and `{name}` is neither"
        ));
    } else {
        return Ok((analyze_with(source, options, folder.loader(&read)), None));
    };
    let OneApi { analysis, resource } = one.map_err(|e| e.to_string())?;
    Ok((analysis, Some(resource)))
}

/// One API of the Terraform module of the folder `path`: its configuration files read as one.
fn module(path: &Path, options: &Options, resource: Option<&str>) -> Result<(Analysis, Option<ApiResource>), String> {
    let files = crate::io::module::files(path)?;
    if files.is_empty() {
        return Err(format!(
            "`{}` is a folder without Terraform configuration files (`.tf`, `.tf.json`)",
            path.display()
        ));
    }
    let (source, broken) = crate::io::module::read(path, &files);
    if let Some((_, why)) = broken.into_iter().next() {
        return Err(why);
    }
    let source = source.ok_or_else(|| format!("`{}` has no configuration file gatewright can read", path.display()))?;
    let read = |p: &str| crate::io::input::read_in_folder(path, Path::new(p), "the module's");
    let OneApi { analysis, resource } =
        gatewright::terraform::one(source, options, &read, resource).map_err(|e| e.to_string())?;
    Ok((analysis, Some(resource)))
}
