//! Settings from `gatewright.toml`, found by walking up from each document's folder, merged with
//! the command line (which wins). Reads files, so it lives in the binary.

use crate::cli::{ApiArg, BasePath, Common};
use gatewright::BasePathMode;
use gatewright::Options;
use gatewright::config::{ApiSetting, Config, FILE_NAME, Level, Overrides};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Finds and parses configuration files, once per folder.
#[derive(Default)]
pub(crate) struct Finder {
    cache: Mutex<HashMap<PathBuf, Option<(PathBuf, Config)>>>,
}

impl Finder {
    /// The configuration that applies to `file`, and where it is.
    pub(crate) fn for_file(&self, file: &Path) -> Result<Option<(PathBuf, Config)>, String> {
        let dir = std::fs::canonicalize(file)
            .ok()
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        self.for_dir(&dir)
    }

    fn for_dir(&self, dir: &Path) -> Result<Option<(PathBuf, Config)>, String> {
        if let Some(hit) = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(dir) {
            return Ok(hit.clone());
        }
        let candidate = dir.join(FILE_NAME);
        let found = if candidate.is_file() {
            let shown = shown(&candidate);
            let text =
                std::fs::read_to_string(&candidate).map_err(|e| super::input::cannot_read(&shown.to_string(), &e))?;
            let config = Config::parse(&text).map_err(|e| format!("{shown}: {e}"))?;
            Some((candidate, config))
        } else {
            match dir.parent() {
                Some(parent) => self.for_dir(parent)?,
                None => None,
            }
        };
        self.cache.lock().unwrap_or_else(|e| e.into_inner()).insert(dir.to_path_buf(), found.clone());
        Ok(found)
    }
}

/// A path relative to the working folder when it is below it, as users typed their paths.
fn shown(p: &Path) -> String {
    let cwd = std::env::current_dir().ok().and_then(|c| std::fs::canonicalize(c).ok());
    cwd.and_then(|c| p.strip_prefix(c).ok().map(|r| r.display().to_string())).unwrap_or_else(|| p.display().to_string())
}

/// `--deny`, `--warn` and `--allow` as overrides.
pub(crate) fn command_line(deny: &[String], warn: &[String], allow: &[String]) -> Result<Overrides, String> {
    let mut o = Overrides::default();
    for (codes, level) in [(allow, Level::Off), (warn, Level::Warning), (deny, Level::Error)] {
        for c in codes {
            o.set(c, level)?;
        }
    }
    Ok(o)
}

/// What applies to one document: the file's settings under the command line's.
#[derive(Clone, Debug, Default)]
pub(crate) struct Settings {
    /// `--fail-on-warnings`, or `fail-on-warnings` in the file.
    pub(crate) fail_on_warnings: bool,
    /// The library options: the base path mode, and the file's severity overrides under the
    /// command line's.
    pub(crate) options: Options,
    /// `[vars]` from the file.
    pub(crate) vars: std::collections::BTreeMap<String, String>,
}

/// Resolves the settings for `file`; the error names the configuration file at fault.
pub(crate) fn resolve(finder: &Finder, file: &Path, c: &Common) -> Result<Settings, String> {
    let mut s = Settings { fail_on_warnings: c.fail_on_warnings, ..Settings::default() };
    s.options.base_path_mode = base_path_mode(c.basepath);
    let levels = &c.levels;
    let found = if levels.no_config { None } else { finder.for_file(file)? };
    if let Some((path, config)) = found {
        s.fail_on_warnings |= config.fail_on_warnings.unwrap_or(false);
        s.options.severities = config.overrides().map_err(|e| format!("{}: {e}", shown(&path)))?;
        if let Some(api) = config.api {
            s.options.api = api.choice();
        }
        s.vars = config.vars;
    }
    s.options.severities.extend(&command_line(&levels.deny, &levels.warn, &levels.allow)?);
    if let Some(api) = c.api {
        s.options.api = match api {
            ApiArg::Auto => ApiSetting::Auto,
            ApiArg::Http => ApiSetting::Http,
            ApiArg::Rest => ApiSetting::Rest,
            ApiArg::Websocket => ApiSetting::Websocket,
        }
        .choice();
    }
    Ok(s)
}

fn base_path_mode(b: BasePath) -> BasePathMode {
    match b {
        BasePath::Ignore => BasePathMode::Ignore,
        BasePath::Prepend => BasePathMode::Prepend,
        BasePath::Split => BasePathMode::Split,
    }
}
