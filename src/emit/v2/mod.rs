//! API Gateway v2 in granular mode, for every kind of API it serves (HTTP and WebSocket): the
//! resource model ([`resources`]: a light [`resources::Set`] that a kind's [`resources::Builder`]
//! makes from its IR) rendered as an AWS CLI script ([`aws_cli`]), a CloudFormation template
//! ([`cloudformation`]), a Terraform configuration ([`terraform`]) or the plan of direct API calls
//! ([`plan`]). The renderers never know which kind built the set.

pub(crate) mod aws_cli;
pub(crate) mod cloudformation;
pub(crate) mod plan;
pub(crate) mod resources;
pub(crate) mod terraform;

use super::{EmitError, EmitOptions, Overrides, Target, graph, lambda, pretty, unresolved, values, vars};
use crate::diagnostics::Diagnostic;
use crate::pointer::Pointer;
use resources::{Index, Kind, Resource, Set};
use serde_json::{Value, json};
use std::io::Write;

/// Renders `set` for `opts.target` (not `openapi`) into `out`, with the Lambda permissions
/// `perms` (their functions as written; resolved here except for CloudFormation) and the
/// builder's own findings `found` (nothing is written when there are any).
pub(crate) fn granular(
    set: &Set<'_>,
    perms: Vec<lambda::Permission>,
    found: Vec<Diagnostic>,
    opts: &EmitOptions,
    out: &mut dyn Write,
) -> Result<(), EmitError> {
    // CloudFormation's logical ids need only the set: they are made while the values are
    // checked and the creation order is worked out.
    let (index, order, ids) = std::thread::scope(|s| {
        let ids = (opts.target == Target::CloudFormation).then(|| s.spawn(|| cloudformation::logical_ids(set)));
        let prepared = prepare(set, found, opts);
        let ids = ids.map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        prepared.map(|(index, order)| (index, order, ids.unwrap_or_default()))
    })?;
    let built = Built { set, index: &index, order: &order, opts };
    let resolved = |perms: Vec<lambda::Permission>| lambda::resolved(perms, opts).map_err(EmitError::Diagnostics);
    match opts.target {
        Target::OpenApi => {
            return Err(EmitError::Internal("the OpenAPI document is written before the backends' modes".into()));
        }
        Target::Plan => pretty(&plan::Granular(&built, lambda::plan_entries(&resolved(perms)?)), out)?,
        Target::AwsCli => out.write_all(aws_cli::granular(&built, &resolved(perms)?).as_bytes())?,
        Target::CloudFormation => {
            let g = cloudformation::granular(&built, ids, &perms);
            if opts.cloudformation_json { pretty(&g, out)? } else { g.write_yaml(out)? }
        }
        Target::Terraform => super::write_terraform(&terraform::granular(&built, &resolved(perms)?), opts, out)?,
    }
    Ok(())
}

/// The granular resources' index and creation order, once every value resolves (except for
/// CloudFormation, which resolves values itself) and the builder found nothing.
fn prepare<'s>(
    set: &'s Set<'_>,
    mut diags: Vec<Diagnostic>,
    opts: &EmitOptions,
) -> Result<(Index<'s>, Vec<usize>), EmitError> {
    // Every value resolved (or reported), bodies dropped as soon as they are read.
    if opts.target != Target::CloudFormation {
        for d in crate::parallel::halves(set.len(), |range| {
            range.flat_map(|i| finish(set, set.build_traced(i), opts).1).collect::<Vec<_>>()
        }) {
            diags.extend(d);
        }
    }
    if !diags.is_empty() {
        return Err(EmitError::Diagnostics(diags));
    }
    let index = set.index();
    let routes: Vec<usize> = (0..set.len()).filter(|&i| set.kind(i) == Kind::Route).collect();
    let deps: Vec<Vec<usize>> = crate::parallel::halves(set.len(), |range| {
        range.map(|i| set.dependencies(i, &index, &routes)).collect::<Vec<_>>()
    })
    .concat();
    let order = graph::order(&deps, |i| set.name(i)).map_err(EmitError::Internal)?;
    Ok((index, order))
}

/// The resources as backends see them: in creation order, each built when asked for, with its
/// values resolved, overrides applied and the builder's finish applied.
pub(crate) struct Built<'a> {
    pub(crate) set: &'a Set<'a>,
    pub(crate) index: &'a Index<'a>,
    pub(crate) order: &'a [usize],
    pub(crate) opts: &'a EmitOptions,
}

impl Built<'_> {
    /// The finished resource at position `i`.
    pub(crate) fn get(&self, i: usize) -> Resource {
        finish(self.set, self.set.build(i), self.opts).0
    }

    /// What the API is (`HTTP API`) and what it is written from (`OpenAPI document`).
    pub(crate) fn what(&self) -> (&'static str, &'static str) {
        (self.set.builder().what(), self.set.builder().document())
    }
}

/// Applies the overrides (to the API), resolves values (except for CloudFormation, which resolves
/// intrinsics itself) and the builder's finish; returns the resource and what could not be
/// resolved.
fn finish(set: &Set<'_>, mut r: Resource, opts: &EmitOptions) -> (Resource, Vec<Diagnostic>) {
    if r.kind == Kind::Api {
        override_api(&mut r, &opts.overrides);
    }
    let mut diags = Vec::new();
    // A model's schema is JSON text on the wire (CloudFormation takes the object), read as a
    // mapping template is: only names given a value are placeholders.
    if r.kind == Kind::Model
        && opts.target != Target::CloudFormation
        && let Some(schema) = r.body.get_mut("schema").filter(|s| !s.is_string())
    {
        *schema = Value::String(schema.to_string());
    }
    if opts.target != Target::CloudFormation {
        let mut found = Vec::new();
        let mut body = Value::Object(std::mem::take(&mut r.body));
        values::resolve(&mut body, &vars(opts, false), &mut Vec::new(), &mut found);
        values::retype(&mut body);
        r.body = match body {
            Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        for u in found {
            let at = r.source_of(&u.path).cloned().unwrap_or_else(Pointer::root);
            diags.push(unresolved(&at, &u.message));
        }
    }
    set.builder().finish(&mut r);
    (r, diags)
}

/// Applies the overrides to the API resource's body.
fn override_api(api: &mut Resource, o: &Overrides) {
    for (key, v) in [("name", &o.name), ("description", &o.description), ("version", &o.version)] {
        if let Some(v) = v {
            api.body.insert(key.into(), json!(v));
        }
    }
    if !o.tags.is_empty() {
        let tags = api.body.entry("tags").or_insert_with(|| json!({}));
        if let Some(m) = tags.as_object_mut() {
            for (k, v) in &o.tags {
                m.insert(k.clone(), json!(v));
            }
        }
    }
    match &o.cors {
        Some(Value::Null) => {
            api.body.remove("corsConfiguration");
        }
        Some(cors) => {
            api.body.insert("corsConfiguration".into(), cors.clone());
        }
        None => {}
    }
    // Keep the API fields in the order CreateApi documents them.
    let order = [
        "name",
        "protocolType",
        "routeSelectionExpression",
        "apiKeySelectionExpression",
        "version",
        "description",
        "corsConfiguration",
        "tags",
        "disableExecuteApiEndpoint",
        "ipAddressType",
    ];
    let mut sorted = serde_json::Map::new();
    for k in order {
        if let Some(v) = api.body.remove(k) {
            sorted.insert(k.into(), v);
        }
    }
    sorted.append(&mut api.body);
    api.body = sorted;
}
