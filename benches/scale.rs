//! Benchmark: how `check` and `compile --emit cloudformation` scale with the number of routes, on
//! synthetic documents of 10k and 100k routes (path variables, some routes whose variable names
//! conflict, groups of routes whose inline integration ids collide). Prints the median time,
//! t(100k)/t(10k), and the peak heap as a multiple of the input size (the template is streamed
//! into a writer, as `compile -o` does; its bytes are the last column for compile). `check-json`
//! checks the same routes as one-line JSON with a fixable finding per route. Terraform rows check
//! configurations of 2k and 20k: a `jsonencode({…})` body of that many paths (`tf-jsonenc`), and
//! that many resources each under a `# gatewright-ignore:` comment (`tf-ignore`). `check-30s` and
//! `check-31` check the routes with a query parameter each, its schema written in OpenAPI 3.0
//! (`nullable: true`) and in 3.1 (`type: [string, "null"]`, converted before lowering): their
//! ratio is what reading 3.1 costs. `bundle` checks a document split over files: a root whose
//! every path item is a `$ref` to a file of its own (1k and 8k files, read from memory), so the
//! row is what following, joining and bundling cost. `sam` checks a SAM template of 500 and 5,000
//! functions, each with an `HttpApi` event of its own: what predicting the transform costs;
//! `sam-rest` the same with `Api` events (the implicit REST API, with CORS from `Globals.Api`).
//!
//! Run: `cargo bench --bench scale` (`-- tf` for the Terraform rows alone).
//! `cargo bench --bench scale -- --write DIR` writes the documents to DIR instead
//! (`scale-10000.yaml`, …), to time or profile the real binary on them.
#![allow(unsafe_code)] // the counting allocator below only forwards to the real allocator
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gatewright::emit::{EmitOptions, Target};
use gatewright::source::SourceFile;
use std::fmt::Write as _;
use std::time::Duration;

#[path = "alloc.rs"]
mod alloc;

use alloc::measure;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// Separators that `inline_id` folds into one `-`: paths that differ only in them derive the same
/// integration id.
const SEPARATORS: [char; 4] = ['-', '_', '.', '~'];

/// A document with `n` routes. Most are `GET /r{i}/{id}` with an inline Lambda integration; every
/// 20th path also has a `POST` whose variable is named differently (AWS's 409 conflict); every
/// 10th route belongs to a group of 16 whose paths differ only in separators, so their inline
/// integration ids collide (`get-c7-a-b-x`, `get-c7-a-b-x-2`, …).
fn document(n: usize) -> String {
    let mut s = String::with_capacity(n * 180);
    s.push_str("openapi: 3.0.1\ninfo:\n  title: scale\n  version: '1'\npaths:\n");
    let integration = |s: &mut String, i: usize| {
        let _ = write!(
            s,
            "      x-amazon-apigateway-integration:\n        type: aws_proxy\n        httpMethod: POST\n        \
             payloadFormatVersion: '2.0'\n        uri: arn:aws:lambda:us-east-1:123456789012:function:fn{}\n",
            i % 97
        );
    };
    let mut routes = 0;
    let mut i = 0;
    while routes < n {
        if i % 10 == 9 {
            let (group, member) = (i / 160, (i / 10) % 16);
            let (a, b) = (SEPARATORS[member % 4], SEPARATORS[member / 4]);
            let _ = writeln!(s, "  /c{group}{a}a{b}x:\n    get:");
            integration(&mut s, i);
            routes += 1;
        } else {
            let _ = writeln!(s, "  /r{i}/{{id}}:\n    get:\n      operationId: get{i}");
            integration(&mut s, i);
            routes += 1;
            if i % 20 == 0 && routes < n {
                let _ = writeln!(s, "  /r{i}/{{key}}:\n    post:");
                integration(&mut s, i);
                routes += 1;
            }
        }
        i += 1;
    }
    s
}

/// [`document`] with a nullable query parameter on every operation, written as OpenAPI 3.0 or
/// as 3.1 (which gatewright converts to the 3.0 form before anything else).
fn with_schemas(n: usize, v31: bool) -> String {
    let (version, schema) = if v31 {
        ("3.1.0", "{type: [string, 'null'], examples: [a]}")
    } else {
        ("3.0.1", "{type: string, nullable: true, example: a}")
    };
    let param = format!("      parameters:\n      - {{name: q, in: query, schema: {schema}}}\n");
    document(n)
        .replacen("openapi: 3.0.1", &format!("openapi: {version}"), 1)
        .replace("    get:\n", &format!("    get:\n{param}"))
        .replace("    post:\n", &format!("    post:\n{param}"))
}

fn document_30s(n: usize) -> String {
    with_schemas(n, false)
}

fn document_31(n: usize) -> String {
    with_schemas(n, true)
}

/// A root of `n` path items, each `$ref: p/{i}.yaml`, and the files it names.
fn split(n: usize) -> (String, std::collections::HashMap<String, String>) {
    let mut root = String::from("openapi: 3.0.1\ninfo: {title: split, version: '1'}\npaths:\n");
    let mut files = std::collections::HashMap::new();
    for i in 0..n {
        let _ = writeln!(root, "  /r{i}/{{id}}:\n    $ref: 'p/{i}.yaml'");
        files.insert(
            format!("p/{i}.yaml"),
            format!(
                "get:\n  parameters: [{{name: id, in: path, required: true, schema: {{$ref: '../schemas/id.yaml'}}}}]\n  x-amazon-apigateway-integration:\n    type: aws_proxy\n    payloadFormatVersion: '2.0'\n    uri: arn:aws:lambda:us-east-1:123456789012:function:fn{}\n",
                i % 97
            ),
        );
    }
    files.insert("schemas/id.yaml".into(), "type: string\n".into());
    (root, files)
}

/// The split document's root (its text; the parts are made again for each run).
fn split_root(n: usize) -> String {
    split(n).0
}

fn check_split(root: &str) -> usize {
    let n = root.matches("$ref").count();
    let (_, files) = split(n);
    let load = |p: &str| files.get(p).map(|t| SourceFile::new(p, t.as_str())).ok_or_else(|| format!("`{p}` not found"));
    let a = gatewright::analyze_with(SourceFile::new("split.yaml", root), &Default::default(), Some(&load));
    a.diagnostics.len()
}

/// A SAM template of `n` functions, each with an `HttpApi` event on a path of its own.
fn sam_template(n: usize) -> String {
    sam_functions(String::from("Transform: AWS::Serverless-2016-10-31\nResources:\n"), "HttpApi", n)
}

/// A SAM template of `n` functions, each with an `Api` event on a path of its own, CORS on.
fn sam_rest_template(n: usize) -> String {
    let head =
        "Transform: AWS::Serverless-2016-10-31\nGlobals:\n  Api:\n    Cors: \"'https://example.com'\"\nResources:\n";
    sam_functions(String::from(head), "Api", n)
}

/// `n` functions after `s`, each with an event of type `event` on a path of its own.
fn sam_functions(mut s: String, event: &str, n: usize) -> String {
    for i in 0..n {
        let _ = write!(
            s,
            "  Fn{i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Runtime: python3.12\n      Handler: app.handler\n      CodeUri: src/\n      Events:\n        Get:\n          Type: {event}\n          Properties: {{Path: '/r{i}/{{id}}', Method: get}}\n"
        );
    }
    s
}

fn check_sam(text: &str) -> usize {
    let reports = gatewright::cfn_template::check(SourceFile::new("template.yaml", text), &Default::default(), &|p| {
        Err(format!("`{p}` not read"))
    });
    reports.iter().map(|r| r.diagnostics.len()).sum()
}

/// The same routes as minified JSON (one line) whose integrations leave out
/// `payloadFormatVersion`: a finding with a fix per route, each fix laid out against a line as
/// long as the document.
fn minified(n: usize) -> String {
    let mut s = String::with_capacity(n * 150);
    s.push_str(r#"{"openapi":"3.0.1","info":{"title":"scale","version":"1"},"paths":{"#);
    for i in 0..n {
        let sep = if i == 0 { "" } else { "," };
        let _ = write!(
            s,
            r#"{sep}"/r{i}/{{id}}":{{"get":{{"x-amazon-apigateway-integration":{{"type":"aws_proxy","httpMethod":"POST","uri":"arn:aws:lambda:us-east-1:123456789012:function:fn{}"}}}}}}"#,
            i % 97
        );
    }
    s.push_str("}}");
    s
}

fn check(text: &str) -> usize {
    let a = gatewright::analyze(SourceFile::from_bytes("scale.yaml", text.as_bytes().to_vec()), &Default::default());
    a.diagnostics.len()
}

fn compile(text: &str) -> usize {
    let emit = EmitOptions { target: Target::CloudFormation, ..EmitOptions::default() };
    let source = SourceFile::from_bytes("scale.yaml", text.as_bytes().to_vec());
    // The conflicting routes are errors; `--allow` them as a user deploying anyway would not, but
    // the benchmark measures the backend, so the gate is lowered to let it run.
    let mut opts = gatewright::Options::default();
    for code in ["route-variable-conflict", "too-many-routes", "too-many-integrations"] {
        opts.severities.set(code, gatewright::config::Level::Off).unwrap();
    }
    // Written as `gatewright compile -o` writes it: streamed into the file, counted here.
    let mut out = Counted(0);
    let (c, written) = gatewright::compile_into(source, &opts, &emit, &mut out);
    written.expect("written");
    assert!(c.written, "the synthetic document compiles");
    out.0
}

/// A configuration whose body is `jsonencode` of an HCL object with `n` paths.
fn jsonencoded(n: usize) -> String {
    let mut s = String::with_capacity(n * 170);
    s.push_str("resource \"aws_apigatewayv2_api\" \"api\" {\n  name = \"scale\"\n  body = jsonencode({\n");
    s.push_str("    openapi = \"3.0.1\"\n    info = { title = \"scale\", version = \"1\" }\n    paths = {\n");
    for i in 0..n {
        let _ = writeln!(
            s,
            "      \"/r{i}/{{id}}\" = {{ get = {{ x-amazon-apigateway-integration = {{ type = \"AWS_PROXY\", httpMethod = \"POST\", payloadFormatVersion = \"2.0\", uri = aws_lambda_function.f{}.invoke_arn }} }} }}",
            i % 97
        );
    }
    s.push_str("    }\n  })\n}\n");
    s
}

/// A configuration of `n` resources, each under a `# gatewright-ignore:` comment, and an API.
fn ignored(n: usize) -> String {
    let mut s = String::with_capacity(n * 80);
    for i in 0..n {
        let _ = writeln!(
            s,
            "# gatewright-ignore: GW902, GW904\nresource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"b{i}\"\n}}"
        );
    }
    s.push_str("resource \"aws_api_gateway_rest_api\" \"api\" {\n  name = \"scale\"\n  body = var.body\n}\n");
    s
}

/// `check` of a configuration; its body files are not read.
fn check_terraform(text: &str) -> usize {
    let source = SourceFile::new("scale.tf", text);
    let reports = gatewright::terraform::check(source, &Default::default(), &|p| Err(format!("`{p}` not read")));
    reports.iter().map(|r| r.diagnostics.len()).sum()
}

/// A writer that only counts bytes.
struct Counted(usize);

impl std::io::Write for Counted {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A pass: its name, what it runs, and the document it runs on for a number of routes.
type Pass = (&'static str, fn(&str) -> usize, fn(usize) -> String);

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Some(i) = args.iter().position(|a| a == "--write") {
        let dir = std::path::PathBuf::from(args.get(i + 1).expect("--write DIR"));
        std::fs::create_dir_all(&dir).unwrap();
        for n in [1_000, 10_000, 100_000] {
            std::fs::write(dir.join(format!("scale-{n}.yaml")), document(n)).unwrap();
        }
        return;
    }
    println!("{:<10} {:>8} {:>10} {:>10} {:>10} {:>10}", "pass", "n", "MiB", "median", "heap ×in", "findings");
    let passes: [(Pass, [usize; 2]); 10] = [
        (("check", check, document), [10_000, 100_000]),
        (("check-30s", check, document_30s), [10_000, 100_000]),
        (("check-31", check, document_31), [10_000, 100_000]),
        (("bundle", check_split, split_root), [1_000, 8_000]),
        (("sam", check_sam, sam_template), [500, 5_000]),
        (("sam-rest", check_sam, sam_rest_template), [500, 5_000]),
        (("compile", compile, document), [10_000, 100_000]),
        (("check-json", check, minified), [10_000, 100_000]),
        (("tf-jsonenc", check_terraform, jsonencoded), [2_000, 20_000]),
        (("tf-ignore", check_terraform, ignored), [2_000, 20_000]),
    ];
    // `cargo bench --bench scale -- tf` runs only the passes whose name starts with `tf`.
    let only: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    for ((name, f, make), sizes) in passes {
        if !only.is_empty() && !only.iter().any(|o| name.starts_with(o.as_str())) {
            continue;
        }
        let mut last = None;
        for n in sizes {
            let text = make(n);
            let runs = if n > 50_000 { 3 } else { 7 };
            let mut out = 0;
            let (t, heap) = measure(runs, || out = std::hint::black_box(f(&text)));
            println!(
                "{name:<10} {n:>8} {:>10.1} {:>10} {:>10.1} {out:>10}",
                text.len() as f64 / 1_048_576.0,
                format!("{:.0} ms", t.as_secs_f64() * 1000.0),
                heap as f64 / text.len() as f64
            );
            if let Some(prev) = last {
                let ratio = t.as_secs_f64() / Duration::as_secs_f64(&prev);
                let short = |n: usize| if n >= 1000 { format!("{}k", n / 1000) } else { n.to_string() };
                println!("{name:<10} t({})/t({}) = {ratio:.1}", short(sizes[1]), short(sizes[0]));
            }
            last = Some(t);
        }
    }
}
