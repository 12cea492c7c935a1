//! SAM's own translator tests as a corpus (`fixtures/sam/translator`, Apache-2.0, from
//! aws/serverless-application-model): for each input with an HTTP or REST API in SAM's expected
//! output, `routes --format json --resource ID` of the input (the API gatewright predicts) equals
//! `routes` of that output (the `AWS::ApiGatewayV2::Api` or `AWS::ApiGateway::RestApi` Body SAM
//! wrote); each `error_*` input SAM refuses gives a GW920 error (counted as HTTP when its name
//! says `http`, else as REST). SAM's test inputs carry no `Transform` (its test harness
//! runs the translator on them directly): it is added to a scratch copy. Lists are compared in
//! any order, as SAM's own test compares its outputs (`deep_sort_lists`): the order of an output
//! list is not what SAM promises (its identity sources, for one, are written in a fixed order
//! since the outputs were recorded).

use crate::support::{root, run, scratch, snapshots, transcript};

#[test]
fn the_bodies_sam_generates_are_predicted() {
    let dir = root().join("fixtures/sam/translator");
    let tmp = scratch("sam");
    let mut names: Vec<String> = std::fs::read_dir(dir.join("input"))
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".yaml").map(str::to_string))
        .collect();
    names.sort();
    // Per kind (0 HTTP, 1 REST): equal, total, not compared, refused, exactly, error inputs.
    let mut counts = [[0usize; 6]; 2];
    let mut differ = Vec::new();
    for name in &names {
        let text = std::fs::read_to_string(dir.join(format!("input/{name}.yaml"))).unwrap();
        let input = tmp.join(format!("{name}.yaml"));
        std::fs::write(&input, format!("Transform: AWS::Serverless-2016-10-31\n{text}")).unwrap();
        let input = input.to_str().unwrap();
        let output = dir.join(format!("output/{name}.json"));
        let expected: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&output).unwrap_or_default()).unwrap_or_default();
        if name.starts_with("error_") {
            let c = &mut counts[usize::from(!name.contains("http"))];
            c[5] += 1;
            let ours = refusals(input);
            let sams = sam_errors(expected.get("errorMessage").and_then(|m| m.as_str()).unwrap_or(""));
            if ours.is_empty() {
                differ.push(format!("{name}: not refused"));
            } else if ours == sams {
                c[3] += 1;
                c[4] += 1;
            } else {
                c[3] += 1;
                differ.push(format!("{name}: refused, but SAM says {sams:?}, we say {ours:?}"));
            }
            continue;
        }
        let Some(resources) = expected.get("Resources").and_then(|r| r.as_object()) else { continue };
        for (id, r) in resources {
            let kind = match r.get("Type").and_then(|t| t.as_str()) {
                Some("AWS::ApiGatewayV2::Api")
                    if r.pointer("/Properties/ProtocolType").and_then(|p| p.as_str()) != Some("WEBSOCKET") =>
                {
                    0
                }
                Some("AWS::ApiGateway::RestApi") => 1,
                _ => continue,
            };
            let c = &mut counts[kind];
            let ours = routes(id, input);
            let Some(sams) = routes(id, output.to_str().unwrap()) else {
                // SAM's output has no body `routes` can show (in S3, none, or chosen by `Fn::If`).
                c[2] += 1;
                eprintln!("not compared: {name} {id}");
                continue;
            };
            c[1] += 1;
            if ours.as_ref() == Some(&sams) {
                c[0] += 1;
            } else {
                differ.push(format!("{name} {id}"));
            }
        }
    }
    for (kind, [equal, total, opaque, refused, exact, errors]) in ["HTTP", "REST"].iter().zip(counts) {
        eprintln!(
            "SAM corpus, {kind}: {equal} equal of {total} APIs ({opaque} more not compared: SAM's output has no body `routes` can show, in S3 or chosen by `Fn::If`); {refused} of {errors} error inputs refused, {exact} with all of SAM's messages"
        );
    }
    eprintln!("differ: {differ:#?}");
    let reached = counts.iter().zip(EXPECTED).all(|(c, e)| c[0] >= e[0] && c[3] >= e[1] && c[4] >= e[2]);
    assert!(reached, "{counts:?}: {differ:#?}");
}

/// The counts this change reaches, HTTP then REST (equal bodies, refused error inputs, refused
/// with all of SAM's messages): a regression lowers them.
const EXPECTED: [[usize; 3]; 2] = [[53, 24, 24], [227, 74, 73]];

/// `routes --format json` of one API, every list sorted, its findings without their places (the
/// same finding is on another line of each file), each once: gatewright says once what is wrong
/// with one line of a SAM template (a `Cors` SAM copies to every path), where SAM's output has a
/// copy of that line for each path.
fn routes(id: &str, file: &str) -> Option<serde_json::Value> {
    let out = run(&["routes", "--format", "json", "--resource", id, file]).1;
    let mut v: serde_json::Value = serde_json::from_str(&out).ok()?;
    if let Some(serde_json::Value::Array(findings)) = v.get_mut("Findings") {
        for f in findings.iter_mut() {
            if let Some(f) = f.as_object_mut() {
                for place in ["pointer", "related", "line", "column", "end_line", "end_column"] {
                    f.remove(place);
                }
            }
        }
        findings.sort_by_key(|f| f.to_string());
        findings.dedup();
    }
    Some(sorted(v))
}

fn sorted(v: serde_json::Value) -> serde_json::Value {
    match v {
        serde_json::Value::Array(items) => {
            let mut items: Vec<serde_json::Value> = items.into_iter().map(sorted).collect();
            items.sort_by_key(|i| i.to_string());
            serde_json::Value::Array(items)
        }
        serde_json::Value::Object(m) => {
            // Keys in one order, so that lists of mappings sort alike whatever order each was
            // written in.
            let mut entries: Vec<(String, serde_json::Value)> = m.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            entries.into_iter().collect()
        }
        other => other,
    }
}

/// The GW920 messages of `check`, as SAM words them, sorted.
fn refusals(input: &str) -> Vec<String> {
    let v: serde_json::Value =
        serde_json::from_str(&run(&["check", "--no-config", "--format", "json", input]).1).unwrap_or_default();
    let files = v.get("files").and_then(|f| f.as_array()).cloned().unwrap_or_default();
    let mut out: Vec<String> = files
        .iter()
        .flat_map(|f| f.get("diagnostics").and_then(|d| d.as_array()).cloned().unwrap_or_default())
        .filter(|d| d.get("code").and_then(|c| c.as_str()) == Some("GW920"))
        .filter_map(|d| Some(d.get("message")?.as_str()?.trim_start_matches("the SAM transform fails: ").to_string()))
        .collect();
    out.sort();
    out
}

/// SAM's `errorMessage` split into its errors, sorted: `Invalid Serverless Application
/// Specification document. Number of errors found: N. ` and then each error.
fn sam_errors(message: &str) -> Vec<String> {
    let rest = message.split_once("Number of errors found: ").map_or(message, |(_, r)| r);
    let rest = rest.split_once(". ").map_or(rest, |(_, r)| r);
    let mut out = Vec::new();
    let mut current = String::new();
    for word in rest.split(' ') {
        let starts = word == "Resource" || (word == "Structure" && !current.trim_end().ends_with("is invalid."));
        if starts && !current.is_empty() {
            out.push(current.trim().to_string());
            current.clear();
        }
        current.push_str(word);
        current.push(' ');
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out.sort();
    out
}

/// What a user sees of a SAM template: `check` (findings of the generated bodies on the
/// template's lines), and `routes --resource` of the explicit and the implicit API.
#[test]
fn a_sam_template_as_users_see_it() {
    let t = "fixtures/sam/template/template.yaml";
    let text = transcripts(&[
        &["check", "--no-config", t],
        &["routes", "--resource", "OrdersApi", t],
        &["routes", "--resource", "ServerlessHttpApi", t],
        &["routes", "--resource", "Nope", t],
    ]);
    snapshots(|| insta::assert_snapshot!("sam_template", text));
}

/// The REST side as users see it: findings of the body SAM generates on the template's lines (the
/// CORS `MaxAge`, an event's `Path`), and `routes --resource` of the explicit and implicit API.
#[test]
fn a_sam_rest_template_as_users_see_it() {
    let t = "fixtures/sam/template/rest.yaml";
    let text = transcripts(&[
        &["check", "--no-config", t],
        &["routes", "--resource", "ShopApi", t],
        &["routes", "--resource", "ServerlessRestApi", t],
    ]);
    snapshots(|| insta::assert_snapshot!("sam_rest_template", text));
}

/// The transcripts of runs, one after the other.
fn transcripts(runs: &[&[&str]]) -> String {
    let mut text = String::new();
    for args in runs {
        text.push_str(&transcript(args).1);
        text.push('\n');
    }
    text
}

/// `Auth.UsagePlan` (SAM's `api_with_usageplans`): the plan and key SAM creates for each API,
/// under SAM's logical ids, shown by `routes` (the corpus above compares them with SAM's output);
/// and a plan setting AWS refuses reported on the `Auth.UsagePlan` block.
#[test]
fn usage_plans_are_the_ones_sam_creates() {
    let tmp = scratch("sam-usage-plans");
    let text = std::fs::read_to_string(root().join("fixtures/sam/translator/input/api_with_usageplans.yaml")).unwrap();
    let input = tmp.join("template.yaml");
    std::fs::write(&input, format!("Transform: AWS::Serverless-2016-10-31\n{text}")).unwrap();
    let input = input.to_str().unwrap();
    let api = |id: &str| -> serde_json::Value {
        serde_json::from_str(&run(&["routes", "--no-config", "--format", "json", "--resource", id, input]).1).unwrap()
    };
    let names = |v: &serde_json::Value, list: &str| -> Vec<String> {
        v[list]
            .as_array()
            .map(|a| a.iter().map(|p| p["name"].as_str().unwrap().to_string()).collect())
            .unwrap_or_default()
    };
    let two = api("MyApiTwo");
    assert_eq!(names(&two, "usagePlans"), ["MyApiTwoUsagePlan"], "PER_API");
    assert_eq!(names(&two, "apiKeys"), ["MyApiTwoApiKey"]);
    assert_eq!(two["usagePlans"][0]["throttle"]["burstLimit"], 1000);
    assert_eq!(two["usagePlans"][0]["keys"][0]["name"], "MyApiTwoApiKey");
    let three = api("MyApiThree");
    assert_eq!(names(&three, "usagePlans"), ["ServerlessUsagePlan"], "SHARED, from Globals.Api");
    assert_eq!(names(&three, "apiKeys"), ["ServerlessApiKey"]);
    assert!(names(&api("MyApiOne"), "usagePlans").is_empty(), "NONE");

    let bad = tmp.join("bad.yaml");
    std::fs::write(
        &bad,
        "Transform: AWS::Serverless-2016-10-31\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n    Properties:\n      StageName: prod\n      Auth:\n        ApiKeyRequired: true\n        UsagePlan:\n          CreateUsagePlan: PER_API\n          Quota: {Limit: 100, Period: YEAR}\n  Fn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      InlineCode: x\n      Events:\n        Get: {Type: Api, Properties: {RestApiId: !Ref Api, Path: /a, Method: get}}\n",
    )
    .unwrap();
    let out: serde_json::Value =
        serde_json::from_str(&run(&["check", "--no-config", "--format", "json", bad.to_str().unwrap()]).1).unwrap();
    let found: Vec<(String, u64)> = out["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap()))
        .collect();
    assert!(found.contains(&("GW820".to_string(), 11)), "`YEAR` on its line: {found:?}");
}
