//! `gatewright.toml`: per-project settings, and severity overrides applied to findings.
//!
//! ```toml
//! fail-on-warnings = true
//! api = "rest"          # http, rest, or auto (the default)
//!
//! [severity]            # by id or name: error, warning, info, or off
//! GW303 = "error"
//! route-without-integration = "off"
//! warnings = "error"    # every warning, AWS's and gatewright's advice, fails
//!
//! [vars]                # values for compile and deploy placeholders
//! "ItemsFn.Arn" = "arn:aws:lambda:us-east-1:123456789012:function:items"
//! ```
//! Finding the file (walking up from each document) is the binary's job; this is pure.

use crate::diagnostics::{Code, Diagnostic, Severity};
use serde::Deserialize;
use std::collections::BTreeMap;

/// The configuration file's name.
pub const FILE_NAME: &str = "gatewright.toml";

/// What a severity override can say.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Report as an error.
    Error,
    /// Report as a warning.
    Warning,
    /// Report as info.
    Info,
    /// Do not report.
    Off,
}

/// `api =` in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ApiSetting {
    /// Decide by the document.
    Auto,
    /// An HTTP API.
    Http,
    /// A REST API.
    Rest,
    /// A WebSocket API (an AsyncAPI 3.0 document).
    Websocket,
}

impl ApiSetting {
    /// As the library's choice.
    pub fn choice(self) -> crate::kind::ApiChoice {
        use crate::kind::{ApiChoice, ApiKind};
        match self {
            ApiSetting::Auto => ApiChoice::Auto,
            ApiSetting::Http => ApiChoice::Fixed(ApiKind::Http),
            ApiSetting::Rest => ApiChoice::Fixed(ApiKind::Rest),
            ApiSetting::Websocket => ApiChoice::Fixed(ApiKind::WebSocket),
        }
    }
}

/// A parsed `gatewright.toml`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct Config {
    /// Fail on warnings, like `--fail-on-warnings`.
    #[serde(default)]
    pub fail_on_warnings: Option<bool>,
    /// The kind of API (`http`, `rest`, `websocket`, `auto`), like `--api`.
    #[serde(default)]
    pub api: Option<ApiSetting>,
    /// Severity per code id or name.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Placeholder values for `compile` and `deploy`.
    #[serde(default)]
    pub vars: BTreeMap<String, String>,
}

impl Config {
    /// Parses the file's text; the error names the problem and its line.
    pub fn parse(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|e| e.to_string().trim().to_string())?;
        for key in config.severity.keys() {
            if key != ALL_WARNINGS && Code::find(key).is_none() {
                return Err(format!("`{key}` in [severity] is not a diagnostic code (`gatewright rules` lists them)"));
            }
        }
        Ok(config)
    }

    /// The severity overrides by code.
    pub fn overrides(&self) -> Result<Overrides, String> {
        let mut o = Overrides::default();
        for (k, level) in &self.severity {
            o.set(k, *level)?;
        }
        Ok(o)
    }
}

/// The name that stands for every warning: `--deny warnings` (or `warnings = "error"` in
/// `[severity]`) makes every warning an error, gatewright's advice included; `--allow warnings`
/// drops them.
pub const ALL_WARNINGS: &str = "warnings";

/// Severity overrides by code, then for whatever is still a warning; later settings win.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    codes: BTreeMap<Code, Level>,
    warnings: Option<Level>,
}

impl Overrides {
    /// Sets `code` (id or name, or `warnings`) to `level`.
    pub fn set(&mut self, code: &str, level: Level) -> Result<(), String> {
        if code.eq_ignore_ascii_case(ALL_WARNINGS) {
            self.warnings = Some(level);
            return Ok(());
        }
        let c = Code::find(code)
            .ok_or_else(|| format!("`{code}` is not a diagnostic code (`gatewright rules` lists them)"))?;
        self.codes.insert(c, level);
        Ok(())
    }

    /// Adds `other`'s settings over these.
    pub fn extend(&mut self, other: &Overrides) {
        self.codes.extend(other.codes.iter().map(|(k, v)| (*k, *v)));
        if other.warnings.is_some() {
            self.warnings = other.warnings;
        }
    }

    /// Applies the overrides: changes severities and drops what is off. Per-code settings come
    /// first; the `warnings` setting then applies to every finding that is still a warning.
    pub fn apply(&self, diags: &mut Vec<Diagnostic>) {
        if self.codes.is_empty() && self.warnings.is_none() {
            return;
        }
        let severity = |level: Level| match level {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Info => Some(Severity::Info),
            Level::Off => None,
        };
        diags.retain_mut(|d| {
            if let Some(level) = self.codes.get(&d.code) {
                match severity(*level) {
                    Some(s) => d.severity = s,
                    None => return false,
                }
            }
            if let (Severity::Warning, Some(level)) = (d.severity, self.warnings) {
                match severity(level) {
                    Some(s) => d.severity = s,
                    None => return false,
                }
            }
            true
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_applies() {
        let c = Config::parse("fail-on-warnings = true\n[severity]\nGW303 = \"error\"\nroute-without-integration = \"off\"\n[vars]\nA = \"b\"\n")
            .expect("parses");
        assert_eq!(c.fail_on_warnings, Some(true));
        let o = c.overrides().expect("codes");
        let mut diags = vec![
            Diagnostic::new(Code::MissingPayloadFormatVersion, "x"),
            Diagnostic::new(Code::RouteWithoutIntegration, "y"),
            Diagnostic::new(Code::DuplicateKey, "z"),
        ];
        o.apply(&mut diags);
        assert_eq!(diags.len(), 2);
        assert_eq!(diags[0].severity, Severity::Error);
        assert!(Config::parse("[severity]\nGW999 = \"off\"\n").is_err());
        assert!(Config::parse("unknown = 1\n").is_err());
    }
}
