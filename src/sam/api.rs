//! What SAM's `HttpApiGenerator._construct_http_api` does to an `AWS::Serverless::HttpApi`'s
//! body once the events are in: `CorsConfiguration` into `x-amazon-apigateway-cors`, `Auth`,
//! tags (SAM's own `httpapi:createdBy: SAM` first), `DisableExecuteApiEndpoint`, `Name` and
//! `Description` into `info`, and `$default` made `/$default` under `FailOnWarnings`.

use super::doc::{Doc, V};
use super::{Draft, Refusal, is_intrinsic};

/// Finishes `api`'s body; SAM's refusals in `out`.
pub(crate) fn finish(api: &mut Draft, out: &mut Vec<Refusal>) {
    let id = api.id.clone();
    let refuse = |at, msg: &str| Refusal { at, id: id.clone(), msg: msg.to_string() };
    let props = api.props.clone();
    if props.get("DefinitionUri").is_some() && props.get("DefinitionBody").is_some() {
        out.push(refuse(props.at, "Specify either 'DefinitionUri' or 'DefinitionBody' property and not both."));
        return;
    }
    if api.broken {
        return;
    }
    let invalid = |what: &str| {
        format!(
            "Unable to add {what} configuration because 'DefinitionBody' does not contain a valid OpenApi definition."
        )
    };
    if let Some(cors) = props.get("CorsConfiguration") {
        let Some(body) = api.body.as_mut() else {
            return out
                .push(refuse(cors.at, "Cors works only with inline OpenApi specified in 'DefinitionBody' property."));
        };
        if !super::is_valid(body) {
            return out.push(refuse(cors.at, &invalid("Cors")));
        }
        if let Err(msg) = add_cors(cors, body) {
            return out.push(refuse(cors.at, &msg));
        }
    }
    if let Some(r) = props.get("RouteSettings").filter(|r| !r.is_map() && !is_intrinsic(r)) {
        return out.push(refuse(r.at, "Property 'RouteSettings' should be a map."));
    }
    // SAM skips a null `Auth` (`if not self.auth`).
    if let Some(auth) = props.get("Auth").filter(|a| !matches!(a.v, V::Scalar(crate::tree::Kind::Null, _))) {
        let Some(body) = api.body.as_mut() else {
            return out.push(refuse(
                auth.at,
                "Auth works only with inline OpenApi specified in the 'DefinitionBody' property.",
            ));
        };
        if !super::is_valid(body) {
            return out.push(refuse(auth.at, &invalid("Auth")));
        }
        let before = out.len();
        super::auth::add(&api.id, auth, body, out);
        if out.len() > before {
            return;
        }
    }
    let Some(body) = api.body.as_mut() else {
        if let Some(tags) = props.get("Tags") {
            out.push(refuse(
                tags.at,
                "Tags works only with inline OpenApi specified in the 'DefinitionBody' property.",
            ));
        } else if let Some(d) = props.get("DisableExecuteApiEndpoint") {
            out.push(refuse(d.at, "DisableExecuteApiEndpoint works only within 'DefinitionBody' property."));
        }
        return;
    };
    if !super::is_valid(body) {
        if let Some(tags) = props.get("Tags") {
            out.push(refuse(
                tags.at,
                "Unable to add `Tags` because 'DefinitionBody' does not contain a valid OpenApi definition.",
            ));
        }
        return;
    }
    if let Some(tags) = body.get("tags").filter(|t| !matches!(t.v, V::Seq(_))) {
        let kind = if tags.is_map() { "dict" } else { "str" };
        let msg = format!(
            "Tags in OpenApi DefinitionBody needs to be a list. {} is a {kind} not a list.",
            super::doc::python(tags)
        );
        return out.push(Refusal { at: tags.at, id: String::new(), msg });
    }
    if let Some(d) = props.get("DisableExecuteApiEndpoint")
        && !matches!(d.v, V::Scalar(crate::tree::Kind::Bool, _))
        && !is_intrinsic(d)
    {
        return out.push(refuse(d.at, "Type of property 'DisableExecuteApiEndpoint' is invalid."));
    }
    let at = props.get("Tags").map_or(api.at, |t| t.at);
    let mut tags = vec![("httpapi:createdBy".to_string(), at, Doc::str("SAM", at))];
    if let Some(Doc { v: V::Map(own), .. }) = props.get("Tags") {
        tags.extend(own.iter().cloned());
    }
    let list = body.get_mut("tags");
    let list = match list {
        Some(l) => l,
        None => {
            body.set("tags", at, Doc::seq(Vec::new(), at));
            let Some(l) = body.get_mut("tags") else { return };
            l
        }
    };
    if let V::Seq(items) = &mut list.v {
        for (name, ks, value) in tags {
            match items.iter_mut().find(|t| t.get("name").and_then(|n| n.str_value()) == Some(&name)) {
                Some(t) => t.set("x-amazon-apigateway-tag-value", ks, value),
                None => {
                    let mut t = Doc::one("name", Doc::str(&name, ks), ks);
                    t.set("x-amazon-apigateway-tag-value", ks, value);
                    items.push(t);
                }
            }
        }
    }
    if let Some(d) = props.get("DisableExecuteApiEndpoint") {
        let config = Doc::one("disableExecuteApiEndpoint", d.clone(), d.at);
        match body.get_mut("servers") {
            Some(Doc { v: V::Seq(items), .. }) => {
                for s in items.iter_mut() {
                    match s.get_mut("x-amazon-apigateway-endpoint-configuration") {
                        Some(c) => c.set("disableExecuteApiEndpoint", d.at, d.clone()),
                        None => s.set("x-amazon-apigateway-endpoint-configuration", d.at, config.clone()),
                    }
                }
            }
            _ => body.set(
                "servers",
                d.at,
                Doc::seq(vec![Doc::one("x-amazon-apigateway-endpoint-configuration", config, d.at)], d.at),
            ),
        }
    }
    if let Some(name) = props.get("Name") {
        let title = body.get("info").and_then(|i| i.get("title"));
        let default = title.and_then(|t| t.get("Ref")).and_then(|r| r.str_value()) == Some("AWS::StackName");
        if !default {
            return out.push(refuse(
                name.at,
                "Unable to set Name because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.",
            ));
        }
        if let Some(info) = body.entry("info", name.at) {
            info.set("title", name.at, name.clone());
        }
    }
    if let Some(description) = props.get("Description") {
        if body.get("info").and_then(|i| i.get("description")).is_some() {
            return out.push(refuse(
                description.at,
                "Unable to set Description because it is already defined within inline OpenAPI specified in the 'DefinitionBody' property.",
            ));
        }
        if let Some(info) = body.entry("info", description.at) {
            info.set("description", description.at, description.clone());
        }
    }
    if api.fail_on_warnings
        && let Some(paths) = body.get_mut("paths")
        && let Some((at, item)) = paths.remove("$default")
    {
        paths.set("/$default", at, item);
    }
}

/// `_add_cors`: `true`, an intrinsic (the origins), or a mapping of `CorsProperties`.
fn add_cors(cors: &Doc, body: &mut Doc) -> Result<(), String> {
    const KEYS: [&str; 6] =
        ["AllowOrigins", "AllowHeaders", "AllowMethods", "ExposeHeaders", "MaxAge", "AllowCredentials"];
    let at = cors.at;
    let mut config = body.get("x-amazon-apigateway-cors").cloned().unwrap_or_else(|| Doc::map(at));
    if !config.is_map() {
        return Err("Value of 'x-amazon-apigateway-cors' must be a dictionary according to Swagger spec.".into());
    }
    let camel = |k: &str| format!("{}{}", k[..1].to_lowercase(), &k[1..]);
    match &cors.v {
        V::Scalar(crate::tree::Kind::Bool, t) => {
            if t == "true" {
                config.set("allowOrigins", at, Doc::seq(vec![Doc::str("*", at)], at));
            }
        }
        V::Map(_) if is_intrinsic(cors) => {
            // SAM renames the keys inside the intrinsic and merges it in as it is.
            if let V::Map(entries) = renamed(cors.clone(), &KEYS).v {
                for (k, ks, v) in entries {
                    config.set(&k, ks, v);
                }
            }
        }
        V::Map(entries) => {
            if let Some((k, _, _)) = entries.iter().find(|(k, _, _)| !KEYS.contains(&k.as_str())) {
                return Err(format!("Invalid key '{k}' for 'Cors' property."));
            }
            let credentials = cors
                .get("AllowCredentials")
                .is_some_and(|c| matches!(&c.v, V::Scalar(crate::tree::Kind::Bool, t) if t == "true"));
            let wildcard = matches!(cors.get("AllowOrigins").map(|o| &o.v), Some(V::Seq(i)) if i.len() == 1 && i[0].str_value() == Some("*"));
            if credentials && wildcard {
                return Err(
                    "Unable to add Cors configuration because 'AllowCredentials' can not be true when 'AllowOrigin' is \"'*'\" or not set."
                        .into(),
                );
            }
            for (k, ks, v) in entries {
                let empty = match &v.v {
                    V::Seq(i) => i.is_empty(),
                    V::Map(m) => m.is_empty(),
                    V::Scalar(crate::tree::Kind::Bool, t) => t == "false",
                    V::Scalar(crate::tree::Kind::Null, _) => true,
                    V::Scalar(_, t) => t.is_empty() && k != "MaxAge",
                };
                if !empty || k == "MaxAge" {
                    config.set(&camel(k), *ks, v.clone());
                }
            }
        }
        _ => return Err("Invalid value for 'Cors' property.".into()),
    }
    body.set("x-amazon-apigateway-cors", at, config);
    Ok(())
}

/// `AllowOrigins` → `allowOrigins` everywhere in `d` (SAM's text replacement in the JSON).
fn renamed(mut d: Doc, keys: &[&str]) -> Doc {
    match &mut d.v {
        V::Map(entries) => {
            for e in entries.iter_mut() {
                if keys.contains(&e.0.as_str()) {
                    e.0 = format!("{}{}", e.0[..1].to_lowercase(), &e.0[1..]);
                }
                e.2 = renamed(e.2.clone(), keys);
            }
        }
        V::Seq(items) => {
            for i in items.iter_mut() {
                *i = renamed(i.clone(), keys);
            }
        }
        V::Scalar(..) => {}
    }
    d
}
