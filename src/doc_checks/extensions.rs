//! `x-amazon-apigateway-*` extensions that do not exist, or sit where neither importer reads them
//! (silently ignored, like a misspelt `x-amazon-apigateway-integration`): GW600, the same for
//! both API kinds. What each kind then makes of a known extension is its own check.

use super::walk::Found;
use crate::diagnostics::{Code, Diagnostic};
use crate::pointer::Pointer;

pub(crate) const PREFIX: &str = "x-amazon-apigateway-";

/// Where an object sits in an OpenAPI document, as far as extensions care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Place {
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
    fn of(path: &[&str], swagger: bool) -> Place {
        const METHODS: &[&str] =
            &["get", "put", "post", "delete", "options", "head", "patch", "trace", "x-amazon-apigateway-any-method"];
        match path {
            [] => Place::Root,
            ["paths", _] => Place::PathItem,
            ["paths", _, m] if METHODS.contains(m) => Place::Operation,
            ["components"] => Place::Components,
            ["components", "securitySchemes", _] => Place::SecurityScheme,
            ["securityDefinitions", _] if swagger => Place::SecurityScheme,
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

/// Every extension API Gateway knows, where the importers read it, and whether HTTP APIs use it.
pub(crate) const KNOWN: &[(&str, &[Place], bool)] = &[
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

/// A known extension where it is read: its name without the prefix, where it sits, whether HTTP
/// APIs use it, and its pointer.
pub(crate) struct Known<'a> {
    pub(crate) name: &'a str,
    pub(crate) place: Place,
    pub(crate) http: bool,
    pub(crate) pointer: Pointer,
}

/// Reports unknown and misplaced extensions; returns the others.
pub(crate) fn run<'a>(found: &'a Found, swagger: bool, out: &mut Vec<Diagnostic>) -> Vec<Known<'a>> {
    let mut known = Vec::new();
    for segs in &found.extensions {
        let Some((key, parent)) = segs.split_last() else { continue };
        let name = key.strip_prefix(PREFIX).unwrap_or(key);
        let parent: Vec<&str> = parent.iter().map(String::as_str).collect();
        let place = Place::of(&parent, swagger);
        let at = segs.iter().fold(Pointer::root(), |p, s| p.child(s));
        let full = format!("{PREFIX}{name}");
        let Some((_, places, http)) = KNOWN.iter().find(|(n, _, _)| *n == name) else {
            let near = crate::suggest::closest(name, KNOWN.iter().map(|(n, _, _)| *n));
            let mut d =
                Diagnostic::new(Code::UnknownAmazonExtension, format!("`{full}` is not an API Gateway extension"))
                    .at_key(&at, "ignored by API Gateway")
                    .help(match near {
                        Some(n) => format!("did you mean `{PREFIX}{n}`?"),
                        None => "remove it, or check the name against the extension reference".to_string(),
                    });
            if let Some(n) = near {
                let parent = parent.iter().fold(Pointer::root(), |p, s| p.child(s));
                d = d.rename_key(&parent, &at, &format!("{PREFIX}{n}"));
            }
            out.push(d);
            continue;
        };
        if place != Place::Other && !places.contains(&place) {
            let belongs: Vec<&str> = places.iter().map(|p| p.describe()).collect();
            out.push(
                Diagnostic::new(
                    Code::UnknownAmazonExtension,
                    format!("`{full}` has no effect on {}", place.describe()),
                )
                .at_key(&at, "ignored here")
                .help(format!("API Gateway reads it on {}", belongs.join(" or "))),
            );
            continue;
        }
        known.push(Known { name, place, http: *http, pointer: at });
    }
    known
}
