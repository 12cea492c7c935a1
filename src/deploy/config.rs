//! Where to send requests and as whom: region, endpoint and credentials, resolved the way the AWS
//! CLI and SDKs do (flags, environment, shared `config`/`credentials` files, `credential_process`).

use super::sign::Credentials;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The environment, passed in so resolution is testable.
pub(crate) struct Env {
    pub(crate) vars: BTreeMap<String, String>,
    pub(crate) home: Option<PathBuf>,
}

impl Env {
    /// The process environment.
    pub(crate) fn from_process() -> Env {
        Env { vars: std::env::vars().collect(), home: std::env::var_os("HOME").map(PathBuf::from) }
    }

    fn var(&self, k: &str) -> Option<&str> {
        self.vars.get(k).map(String::as_str).filter(|v| !v.is_empty())
    }
}

/// Resolved settings.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub(crate) region: String,
    pub(crate) endpoint: String,
    /// Lambda's endpoint (for `--lambda-permissions`): `AWS_ENDPOINT_URL_LAMBDA`, else the custom
    /// endpoint everything else goes to (an emulator serves every service), else Lambda's own.
    pub(crate) lambda_endpoint: String,
    pub(crate) credentials: Credentials,
}

/// The sections of an INI file (`[name]` → key → value).
fn ini(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut out: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut section = String::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_string();
            out.entry(section.clone()).or_default();
        } else if let Some((k, v)) = line.split_once('=') {
            out.entry(section.clone()).or_default().insert(k.trim().to_string(), v.trim().to_string());
        }
    }
    out
}

fn file(env: &Env, var: &str, default: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let path = env.var(var).map(PathBuf::from).or_else(|| env.home.as_ref().map(|h| h.join(default)));
    path.and_then(|p| std::fs::read_to_string(p).ok()).map(|t| ini(&t)).unwrap_or_default()
}

/// Resolves region, endpoint and credentials. `profile`, `region` and `endpoint` come from flags.
pub(crate) fn resolve(
    env: &Env,
    profile: Option<&str>,
    region: Option<&str>,
    endpoint: Option<&str>,
) -> Result<Resolved, String> {
    let profile_name = profile
        .map(str::to_string)
        .or_else(|| env.var("AWS_PROFILE").map(str::to_string))
        .unwrap_or_else(|| "default".into());
    let config = file(env, "AWS_CONFIG_FILE", ".aws/config");
    let creds_file = file(env, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials");
    let config_section = config
        .get(&if profile_name == "default" { "default".to_string() } else { format!("profile {profile_name}") })
        .cloned()
        .unwrap_or_default();
    let region = region
        .map(str::to_string)
        .or_else(|| env.var("AWS_REGION").map(str::to_string))
        .or_else(|| env.var("AWS_DEFAULT_REGION").map(str::to_string))
        .or_else(|| config_section.get("region").cloned())
        .ok_or("no region: pass --region, or set AWS_REGION, or a region in the profile")?;
    let custom = endpoint
        .map(str::to_string)
        .or_else(|| env.var("AWS_ENDPOINT_URL").map(str::to_string))
        .or_else(|| config_section.get("endpoint_url").cloned());
    let lambda_endpoint = env
        .var("AWS_ENDPOINT_URL_LAMBDA")
        .map(str::to_string)
        .or(custom)
        .unwrap_or_else(|| format!("https://lambda.{region}.amazonaws.com"))
        .trim_end_matches('/')
        .to_string();
    let endpoint = endpoint
        .map(str::to_string)
        .or_else(|| env.var("AWS_ENDPOINT_URL_APIGATEWAYV2").map(str::to_string))
        .or_else(|| env.var("AWS_ENDPOINT_URL").map(str::to_string))
        .or_else(|| config_section.get("endpoint_url").cloned())
        .unwrap_or_else(|| format!("https://apigateway.{region}.amazonaws.com"));
    let endpoint = endpoint.trim_end_matches('/').to_string();
    // An explicit --profile wins over credentials in the environment, as with the AWS CLI.
    let from_env = || -> Option<Credentials> {
        Some(Credentials {
            access_key_id: env.var("AWS_ACCESS_KEY_ID")?.to_string(),
            secret_access_key: env.var("AWS_SECRET_ACCESS_KEY")?.to_string(),
            session_token: env.var("AWS_SESSION_TOKEN").map(str::to_string),
            source: "environment".into(),
        })
    };
    let credentials = match (profile, from_env()) {
        (None, Some(c)) => c,
        _ => from_profile(&profile_name, &creds_file, &config_section)?,
    };
    Ok(Resolved { region, endpoint, lambda_endpoint, credentials })
}

fn from_profile(
    name: &str,
    creds_file: &BTreeMap<String, BTreeMap<String, String>>,
    config: &BTreeMap<String, String>,
) -> Result<Credentials, String> {
    let keys = creds_file.get(name).cloned().unwrap_or_default();
    let pick = |k: &str| keys.get(k).or_else(|| config.get(k)).cloned();
    if let (Some(id), Some(secret)) = (pick("aws_access_key_id"), pick("aws_secret_access_key")) {
        return Ok(Credentials {
            access_key_id: id,
            secret_access_key: secret,
            session_token: pick("aws_session_token"),
            source: format!("profile {name}"),
        });
    }
    if let Some(command) = pick("credential_process") {
        return credential_process(&command, name);
    }
    Err(format!(
        "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or give profile `{name}` keys or a credential_process (for SSO: `credential_process = aws configure export-credentials --profile {name} --format process`)"
    ))
}

/// Runs a `credential_process` command and reads its JSON (`Version`, `AccessKeyId`,
/// `SecretAccessKey`, `SessionToken`). Its output is never echoed.
fn credential_process(command: &str, profile: &str) -> Result<Credentials, String> {
    let out = std::process::Command::new("sh")
        .args(["-c", command])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| format!("credential_process of profile `{profile}` cannot run: {e}"))?;
    if !out.status.success() {
        return Err(format!("credential_process of profile `{profile}` failed with {}", out.status));
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)
        .map_err(|_| format!("credential_process of profile `{profile}` did not print JSON"))?;
    let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
    match (s("AccessKeyId"), s("SecretAccessKey")) {
        (Some(id), Some(secret)) => Ok(Credentials {
            access_key_id: id,
            secret_access_key: secret,
            session_token: s("SessionToken"),
            source: format!("credential_process of profile {profile}"),
        }),
        _ => Err(format!("credential_process of profile `{profile}` printed no AccessKeyId/SecretAccessKey")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)], home: Option<PathBuf>) -> Env {
        Env { vars: vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(), home }
    }

    #[test]
    fn precedence_of_flags_environment_and_files() {
        let dir = std::env::temp_dir().join(format!("gatewright-config-{}", std::process::id()));
        std::fs::create_dir_all(dir.join(".aws")).expect("dir");
        std::fs::write(dir.join(".aws/config"), "[default]\nregion = eu-west-1\n[profile dev]\nregion = ap-south-1\ncredential_process = echo '{\"Version\": 1, \"AccessKeyId\": \"PROC\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"t\"}'\n").expect("config");
        std::fs::write(
            dir.join(".aws/credentials"),
            "[default]\naws_access_key_id = FILE\naws_secret_access_key = x\n",
        )
        .expect("credentials");
        let home = Some(dir.clone());
        let r = resolve(&env(&[], home.clone()), None, None, None).expect("default profile");
        assert_eq!((r.region.as_str(), r.credentials.access_key_id.as_str()), ("eu-west-1", "FILE"));
        assert_eq!(r.endpoint, "https://apigateway.eu-west-1.amazonaws.com");
        let e = env(
            &[
                ("AWS_ACCESS_KEY_ID", "ENV"),
                ("AWS_SECRET_ACCESS_KEY", "y"),
                ("AWS_REGION", "us-west-2"),
                ("AWS_ENDPOINT_URL", "http://127.0.0.1:1/"),
            ],
            home.clone(),
        );
        let r = resolve(&e, None, None, None).expect("environment");
        assert_eq!(
            (r.region.as_str(), r.credentials.access_key_id.as_str(), r.endpoint.as_str()),
            ("us-west-2", "ENV", "http://127.0.0.1:1")
        );
        let r = resolve(&e, None, Some("sa-east-1"), Some("http://flag")).expect("flags");
        assert_eq!((r.region.as_str(), r.endpoint.as_str()), ("sa-east-1", "http://flag"));
        let r = resolve(&e, Some("dev"), None, None).expect("explicit profile wins over the environment");
        assert_eq!((r.credentials.access_key_id.as_str(), r.credentials.session_token.as_deref()), ("PROC", Some("t")));
        assert_eq!(r.region, "us-west-2", "the environment's region still wins over the profile's");
        let dbg = format!("{:?}", r.credentials);
        assert!(!dbg.contains("\"s\"") && !dbg.contains("\"t\""), "secrets never show: {dbg}");
        assert!(resolve(&env(&[], None), None, None, None).is_err(), "no region, no credentials");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
