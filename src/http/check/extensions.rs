//! `x-amazon-apigateway-*` extensions: names that do not exist or sit where API Gateway does not
//! read them (silently ignored, like a misspelt `x-amazon-apigateway-integration`), REST-only
//! extensions HTTP APIs ignore, and the resource policy that is not applied.

use super::Input;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

const PREFIX: &str = "x-amazon-apigateway-";

/// Where an object sits in an OpenAPI document, as far as extensions care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Root,
    PathItem,
    Operation,
    Components,
    SecurityScheme,
    Server,
    Tag,
    /// Anywhere else (definitions reached through YAML anchors, schemas, examples…).
    Other,
}

impl Place {
    fn of(path: &[&str]) -> Place {
        const METHODS: &[&str] =
            &["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"];
        match path {
            [] => Place::Root,
            ["paths", _] => Place::PathItem,
            ["paths", _, m] if METHODS.contains(m) => Place::Operation,
            ["components"] => Place::Components,
            ["components", "securitySchemes", _] => Place::SecurityScheme,
            ["servers", _] => Place::Server,
            ["tags", _] => Place::Tag,
            _ => Place::Other,
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Place::Root => "the document root",
            Place::PathItem => "a path item",
            Place::Operation => "an operation",
            Place::Components => "`components`",
            Place::SecurityScheme => "a security scheme",
            Place::Server => "a server object",
            Place::Tag => "a root tag",
            Place::Other => "here",
        }
    }
}

/// Every extension API Gateway knows, where HTTP import reads it, and whether HTTP APIs use it.
const KNOWN: &[(&str, &[Place], bool)] = &[
    ("integration", &[Place::Operation], true),
    ("integrations", &[Place::Components], true),
    ("any-method", &[Place::PathItem], true),
    ("cors", &[Place::Root], true),
    ("authorizer", &[Place::SecurityScheme], true),
    ("authtype", &[Place::SecurityScheme], true),
    ("auth", &[Place::Operation], true),
    ("endpoint-configuration", &[Place::Server, Place::Root], true),
    ("importexport-version", &[Place::Root], true),
    ("tag-value", &[Place::Tag], true),
    ("api-key-source", &[Place::Root], false),
    ("binary-media-types", &[Place::Root], false),
    ("documentation", &[Place::Root], false),
    ("gateway-responses", &[Place::Root], false),
    ("minimum-compression-size", &[Place::Root], false),
    ("policy", &[Place::Root], false),
    ("request-validators", &[Place::Root], false),
    ("request-validator", &[Place::Root, Place::Operation], false),
    ("endpoint-access-mode", &[Place::Root], false),
    ("importer-version", &[Place::Root], false),
];

/// REST-only properties of `x-amazon-apigateway-integration`.
const REST_INTEGRATION_FIELDS: &[&str] = &[
    "passthroughBehavior",
    "contentHandling",
    "requestTemplates",
    "responses",
    "cacheKeyParameters",
    "cacheNamespace",
];

pub(super) fn run(input: &Input<'_>, found: &crate::doc_checks::walk::Found, out: &mut Vec<Diagnostic>) {
    for segs in &found.extensions {
        let Some((key, parent)) = segs.split_last() else { continue };
        let name = key.strip_prefix(PREFIX).unwrap_or(key);
        let parent: Vec<&str> = parent.iter().map(String::as_str).collect();
        let place = Place::of(&parent);
        let ptr = segs.iter().fold(Pointer::root(), |p, s| p.child(s));
        extension(name, place, &ptr, out);
    }
    for i in &input.api.integrations {
        let Some(node) = input.node(&i.pointer) else { continue };
        let mut rest: Vec<&str> = REST_INTEGRATION_FIELDS.iter().copied().filter(|f| node.get(f).is_some()).collect();
        if node.get("tlsConfig").and_then(|t| t.get("insecureSkipVerification")).is_some() {
            rest.push("tlsConfig.insecureSkipVerification");
        }
        if let Some(first) = rest.first() {
            let list = rest.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
            let at = i.pointer.child(first.split('.').next().unwrap_or(first));
            out.push(
                Diagnostic::new(Code::IgnoredRestFeature, format!("HTTP APIs ignore {list} (REST API integration settings)"))
                    .at_key(&at, "ignored")
                    .help("HTTP API integrations are proxies: no mapping templates, integration responses or caching; remove these, or build a REST API"),
            );
        }
    }
}

fn extension(name: &str, place: Place, at: &Pointer, out: &mut Vec<Diagnostic>) {
    let full = format!("{PREFIX}{name}");
    let Some((_, places, http)) = KNOWN.iter().find(|(n, _, _)| *n == name) else {
        let near = crate::suggest::closest(name, KNOWN.iter().map(|(n, _, _)| *n));
        out.push(
            Diagnostic::new(Code::UnknownAmazonExtension, format!("`{full}` is not an API Gateway extension"))
                .at_key(at, "ignored by API Gateway")
                .help(match near {
                    Some(n) => format!("did you mean `{PREFIX}{n}`?"),
                    None => "remove it, or check the name against the extension reference".to_string(),
                }),
        );
        return;
    };
    if place != Place::Other && !places.contains(&place) {
        let belongs: Vec<&str> = places.iter().map(|p| p.describe()).collect();
        out.push(
            Diagnostic::new(Code::UnknownAmazonExtension, format!("`{full}` has no effect on {}", place.describe()))
                .at_key(at, "ignored here")
                .help(format!("API Gateway reads it on {}", belongs.join(" or "))),
        );
        return;
    }
    if *http || place == Place::Other {
        return;
    }
    if name == "policy" {
        out.push(
            Diagnostic::new(Code::ResourcePolicyIgnored, "HTTP APIs do not apply resource policies: this one restricts nothing")
                .at_key(at, "not applied")
                .help("restrict access with IAM authorization (`x-amazon-apigateway-authtype: awsSigv4`), an authorizer, or a private REST API"),
        );
    } else {
        out.push(
            Diagnostic::new(Code::IgnoredRestFeature, format!("HTTP APIs ignore `{full}` (a REST API feature)"))
                .at_key(at, "ignored")
                .help("remove it from the HTTP API document, or build a REST API"),
        );
    }
}
