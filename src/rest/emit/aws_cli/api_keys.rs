//! The end of the REST script and its API keys: the Lambda permissions, the deployment, the keys
//! (their chosen values read from the environment and checked before the first command, each
//! such key created from a file only its owner can read), the usage plans and their keys; and
//! the end of an update, which leaves keys and plans to `deploy`.

use super::{Part, Script, json_of, opt};
use crate::diagnostics::Diagnostic;
use crate::emit::lambda::Permission;
use crate::emit::names::UniqueIds;
use crate::emit::shell::log;
use crate::rest::emit::keys::KeysAndPlans;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The shell variable naming the file that holds `create-api-key`'s input when it has a value.
pub(super) const KEY_INPUT: &str = "KEY_INPUT";

impl Script<'_> {
    /// The key values chosen with `--var apikey.NAME`: each read from its environment variable
    /// (`APIKEY_` and the name in upper case, other characters `_`; a suffix `2`, `3`… in the
    /// keys' order when two names would give the same one) and held to AWS's rule before the
    /// first command, so a bad value stops the script before it creates anything.
    pub(super) fn key_checks(&mut self, keys: &KeysAndPlans) {
        let mut envs = UniqueIds::with_capacity(keys.keys.len());
        for k in keys.keys.iter().filter(|k| self.opts.vars.contains_key(&format!("apikey.{}", k.name))) {
            if self.key_envs.is_empty() {
                // Listed, not ranges: what a range matches depends on the locale.
                let _ = writeln!(
                    self.out,
                    "KEY_VALUE='^[0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz]{{20,128}}$'"
                );
            }
            let env = envs.take(env_name(&k.name));
            let message = format!("error: set {env} to the value of API key {} (20 to 128 letters and digits)", k.name);
            let _ = writeln!(self.out, "[[ ${{{env}:-}} =~ $KEY_VALUE ]] || {{ {}; exit 1; }}", log(&message));
            self.key_envs.insert(k.name.clone(), env);
        }
        if !self.key_envs.is_empty() {
            self.temp_file(KEY_INPUT);
        }
    }
}

/// The Lambda permissions, the deployment to the stage, then the API keys, usage plans and plan keys, and the API id.
pub(super) fn tail(s: &mut Script<'_>, kp: &KeysAndPlans, stage: &str, permissions: &[Permission]) {
    crate::emit::lambda::script(permissions, "REST_API_ID", s.opts.region.as_deref(), &mut s.out);
    s.log(&format!("deploying to stage {stage}"));
    let input = vec![("restApiId", Part::Var("REST_API_ID".into())), ("stageName", Part::Json(json!(stage)))];
    s.run("create-deployment", input, None);
    let mut keys: HashMap<&str, String> = HashMap::new();
    for k in &kp.keys {
        s.log(&format!("creating API key {}", k.name));
        s.at = k.pointer.clone();
        let mut input = vec![("name", Part::Json(json!(k.name)))];
        opt(&mut input, "description", json_of(&k.description));
        input.push(("enabled", Part::Json(json!(k.enabled))));
        opt(&mut input, "customerId", json_of(&k.customer_id));
        if !k.tags.is_empty() {
            input.push(("tags", Part::Json(Value::Object(k.tags.iter().cloned().collect()))));
        }
        // The value is read from the environment when the script runs, never written here; it
        // was checked to be alphanumeric, so it can stand between the quotes of a JSON string.
        let env = s.key_envs.get(&k.name).cloned();
        let secret = env.is_some();
        if let Some(env) = env {
            input.push(("value", Part::Var(env)));
        }
        let var = s.send("create-api-key", &input, Some(("API_KEY", "id")), secret);
        keys.insert(k.name.as_str(), var);
    }
    if !s.key_envs.is_empty() {
        // The values are sent: the file goes now rather than when the script ends.
        let _ = writeln!(s.out, "rm -f \"${KEY_INPUT}\"");
    }
    for plan in &kp.plans {
        s.log(&format!("creating usage plan {}", plan.name));
        s.at = plan.pointer.clone();
        let mut input = vec![("name", Part::Json(json!(plan.name)))];
        opt(&mut input, "description", json_of(&plan.description));
        let throttle =
            (!plan.method_throttle.is_empty()).then(|| Value::Object(plan.method_throttle.iter().cloned().collect()));
        input.push(("apiStages", Part::Stage(stage.to_string(), throttle)));
        opt(&mut input, "throttle", json_of(&plan.throttle));
        opt(&mut input, "quota", json_of(&plan.quota));
        if !plan.tags.is_empty() {
            input.push(("tags", Part::Json(Value::Object(plan.tags.iter().cloned().collect()))));
        }
        let var = s.send("create-usage-plan", &input, Some(("USAGE_PLAN", "id")), false);
        for key in &plan.keys {
            let Some(key_var) = keys.get(key.value.as_str()) else { continue };
            let input = vec![
                ("usagePlanId", Part::Var(var.clone())),
                ("keyId", Part::Var(key_var.clone())),
                ("keyType", Part::Json(json!("API_KEY"))),
            ];
            s.run("create-usage-plan-key", input, None);
        }
    }
    s.out.push_str("\nprintf '%s\\n' \"$REST_API_ID\"\n");
}

/// An update's end: the Lambda permissions and a new deployment (keys and plans are left to
/// `deploy`, which reconciles them by name).
pub(super) fn update_tail(
    mut s: Script<'_>,
    stage: &str,
    permissions: &[Permission],
) -> Result<String, Vec<Diagnostic>> {
    crate::emit::lambda::script(permissions, "REST_API_ID", s.opts.region.as_deref(), &mut s.out);
    s.log(&format!("deploying to stage {stage}"));
    let input = vec![("restApiId", Part::Var("REST_API_ID".into())), ("stageName", Part::Json(json!(stage)))];
    s.run("create-deployment", input, None);
    s.out.push_str("\nprintf '%s\\n' \"$REST_API_ID\"\n");
    s.finish()
}

/// The environment variable that holds API key `name`'s value: `APIKEY_` and the name in
/// upper case, other characters as `_`.
fn env_name(name: &str) -> String {
    let mut s = String::from("APIKEY_");
    s.extend(name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }));
    s
}
