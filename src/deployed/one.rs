//! One API of a file that deploys APIs, chosen with `--resource ID` (a CloudFormation logical id
//! or a Terraform address), for the commands that show or build a single API (`routes`, `route`,
//! `compile`, `deploy`). Each reader makes it with the same resource list and the same settings
//! its `check` uses ([`crate::cfn_template::one`], [`crate::terraform::one`]): the body analysed
//! as the service deploys it, and the resource's own settings for building it.

use crate::emit::Overrides;
use crate::kind::ApiKind;
use crate::{Analysis, BasePathMode};

/// One API a template or configuration deploys.
#[derive(Debug)]
pub struct OneApi {
    /// The body analysed under the resource's settings (its kind and base path mode). Its
    /// findings are the body's as the service deploys it (what the resource overrides dropped,
    /// AWS's warnings errors under the resource's fail-on-warnings), located in
    /// `analysis.source`: the template or configuration for a body written there, else the
    /// body file.
    pub analysis: Analysis,
    /// The resource that deploys it.
    pub resource: ApiResource,
}

/// The resource that deploys an API, and the settings it imports the body with.
#[derive(Debug)]
pub struct ApiResource {
    /// `OrdersApi`, or `aws_apigatewayv2_api.orders`.
    pub id: String,
    /// The kind, from the resource type.
    pub kind: ApiKind,
    /// The resource makes the warnings AWS reports fail the import.
    pub fail_on_warnings: bool,
    /// The base path mode the resource's import uses.
    pub base_path_mode: BasePathMode,
    /// What the resource's own properties set over the body: name, description, version, tags
    /// and CORS configuration, when they are written as plain values.
    pub overrides: Overrides,
    /// A REST API's endpoint type as the resource sets it (`EDGE`, `REGIONAL`, `PRIVATE`).
    pub endpoint_type: Option<crate::emit::EndpointType>,
}

/// A WebSocket API written as resources ([`crate::websocket::resources`]) as one API: its
/// findings located in the file (`source`, over which `tree` is built), under the severity
/// settings of `options`. No body, and nothing the resource sets over one.
pub(crate) fn websocket_one(
    source: crate::source::SourceFile,
    tree: crate::tree::Tree,
    found: crate::websocket::resources::Found,
    options: &crate::Options,
) -> OneApi {
    let mut diagnostics = found.diagnostics;
    options.severities.apply(&mut diagnostics);
    let analysis = Analysis {
        source,
        tree: Some(tree),
        kind: Some(ApiKind::WebSocket),
        api: None,
        rest: None,
        websocket: Some(found.api),
        diagnostics,
        unreadable: false,
    };
    let resource = ApiResource {
        id: found.id,
        kind: ApiKind::WebSocket,
        fail_on_warnings: false,
        base_path_mode: options.base_path_mode,
        overrides: Overrides::default(),
        endpoint_type: None,
    };
    OneApi { analysis, resource }
}

/// An endpoint type as the resources write it.
pub(crate) fn endpoint_type(word: &str) -> Option<crate::emit::EndpointType> {
    match word.trim().to_ascii_uppercase().as_str() {
        "EDGE" => Some(crate::emit::EndpointType::Edge),
        "REGIONAL" => Some(crate::emit::EndpointType::Regional),
        "PRIVATE" => Some(crate::emit::EndpointType::Private),
        _ => None,
    }
}

/// Why no one API can be taken from a file.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ChooseError {
    /// The file deploys no API with a body.
    #[error("`{file}` deploys no API with a body")]
    NoApi {
        /// The file.
        file: String,
    },
    /// Several, and none was named.
    #[error("`{file}` deploys {} APIs: choose one with `--resource ID`: {}", ids.len(), listed(ids))]
    Several {
        /// The file.
        file: String,
        /// The APIs, in the order they are written.
        ids: Vec<String>,
    },
    /// The one named is not there.
    #[error("`{file}` deploys no API `{wanted}`; {}", its_apis(ids))]
    Unknown {
        /// The file.
        file: String,
        /// The id given.
        wanted: String,
        /// The APIs, in the order they are written.
        ids: Vec<String>,
    },
    /// The API's body cannot be read here.
    #[error("the body of `{resource}` cannot be read: {why}")]
    Body {
        /// The resource.
        resource: String,
        /// Why.
        why: String,
    },
    /// The file itself cannot be read.
    #[error("`{file}` cannot be read: {why} (`gatewright check {file}` shows where)")]
    Unreadable {
        /// The file.
        file: String,
        /// Why.
        why: String,
    },
}

fn listed(ids: &[String]) -> String {
    ids.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", ")
}

fn its_apis(ids: &[String]) -> String {
    if ids.is_empty() { "it deploys no API with a body".into() } else { format!("its APIs: {}", listed(ids)) }
}

/// The index of the API `wanted` among `ids` (a file's APIs with a body, in order); with none
/// wanted, the only one.
pub(crate) fn choose(file: &str, ids: &[String], wanted: Option<&str>) -> Result<usize, ChooseError> {
    let file = file.to_string();
    match (wanted, ids.len()) {
        (Some(w), _) => ids.iter().position(|i| i == w).ok_or_else(|| ChooseError::Unknown {
            file,
            wanted: w.to_string(),
            ids: ids.to_vec(),
        }),
        (None, 0) => Err(ChooseError::NoApi { file }),
        (None, 1) => Ok(0),
        (None, _) => Err(ChooseError::Several { file, ids: ids.to_vec() }),
    }
}

/// A CORS configuration written as the resource's properties, as `x-amazon-apigateway-cors`
/// keys: `AllowOrigins` (CloudFormation) and `allow_origins` (Terraform) become `allowOrigins`.
pub(crate) fn cors_keys(config: serde_json::Map<String, serde_json::Value>) -> serde_json::Value {
    let camel = |k: &str| {
        let mut out = String::new();
        let mut upper = false;
        for (i, c) in k.chars().enumerate() {
            match c {
                '_' => upper = true,
                c if i == 0 => out.push(c.to_ascii_lowercase()),
                c if upper => {
                    out.push(c.to_ascii_uppercase());
                    upper = false;
                }
                c => out.push(c),
            }
        }
        out
    };
    serde_json::Value::Object(config.into_iter().map(|(k, v)| (camel(&k), v)).collect())
}

#[cfg(test)]
mod tests {
    use super::{ChooseError, choose, cors_keys};

    #[test]
    fn one_api_needs_no_name_and_several_are_listed() {
        let ids = vec!["OrdersApi".to_string(), "PetsApi".to_string()];
        assert_eq!(choose("t.yaml", &ids[..1], None), Ok(0));
        assert_eq!(choose("t.yaml", &ids, Some("PetsApi")), Ok(1));
        let several = choose("t.yaml", &ids, None).unwrap_err();
        assert_eq!(
            several.to_string(),
            "`t.yaml` deploys 2 APIs: choose one with `--resource ID`: `OrdersApi`, `PetsApi`"
        );
        let unknown = choose("t.yaml", &ids, Some("Nope")).unwrap_err();
        assert_eq!(unknown.to_string(), "`t.yaml` deploys no API `Nope`; its APIs: `OrdersApi`, `PetsApi`");
        assert_eq!(choose("t.yaml", &[], None), Err(ChooseError::NoApi { file: "t.yaml".into() }));
    }

    #[test]
    fn cors_properties_become_extension_keys() {
        let cfn = serde_json::json!({"AllowOrigins": ["*"], "MaxAge": 5});
        let tf = serde_json::json!({"allow_origins": ["*"], "max_age": 5});
        let want = serde_json::json!({"allowOrigins": ["*"], "maxAge": 5});
        for v in [cfn, tf] {
            let serde_json::Value::Object(m) = v else { unreachable!() };
            assert_eq!(cors_keys(m), want);
        }
    }
}
