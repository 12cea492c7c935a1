//! Benchmark: `check` against `serde_json::from_str::<Value>` on the same large files, side by
//! side in one run (median wall time of several runs, and peak heap measured by a counting
//! allocator), plus `check` on a small document. Each large file is checked as the kind of API
//! the `api` column names: GitHub's OpenAPI 3.0 document both as an HTTP and as a REST API, and
//! Kubernetes' Swagger 2.0 document as REST (its only kind).
//!
//! Run: `cargo bench --bench check_speed` (large files come from `../shared/corpus/big` when it is
//! present; pass other paths as arguments to measure those instead).
#![allow(unsafe_code)] // the counting allocator below only forwards to the real allocator
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gatewright::diagnostics::render;
use gatewright::kind::{ApiChoice, ApiKind};
use gatewright::source::SourceFile;

#[path = "alloc.rs"]
mod alloc;

use alloc::measure;

#[global_allocator]
static ALLOC: alloc::Counting = alloc::Counting;

/// The whole `check` of one file as the command does it: read, parse, lower, check, and write
/// the JSON report (to a sink: the command streams it to stdout). Returns the findings' count.
fn check(path: &str, api: ApiChoice) -> usize {
    let bytes = std::fs::read(path).unwrap();
    let mut a =
        gatewright::analyze(SourceFile::from_bytes(path, bytes), &gatewright::Options { api, ..Default::default() });
    let summary = a.summary(false);
    drop(a.api.take());
    drop(a.rest.take());
    let diags = std::mem::take(&mut a.diagnostics);
    let count = diags.len();
    let report = render::file_json(&a.source, a.tree.as_ref(), diags);
    render::write_json(&mut std::io::sink(), std::slice::from_ref(&report), summary, None).unwrap();
    count
}

fn mb(n: usize) -> f64 {
    n as f64 / 1_048_576.0
}

fn main() {
    let mut files: Vec<(String, ApiChoice)> =
        std::env::args().skip(1).filter(|a| !a.starts_with('-')).map(|f| (f, ApiChoice::Auto)).collect();
    if files.is_empty() {
        let (http, rest) = (ApiChoice::Fixed(ApiKind::Http), ApiChoice::Fixed(ApiKind::Rest));
        for (f, api) in [
            ("apisguru-microsoft-graph.json", http),
            ("github-api.github.com.json", http),
            ("github-api.github.com.json", rest),
            ("kubernetes-swagger.json", rest),
            ("openai-openapi.yaml", http),
        ] {
            let p = format!("../shared/corpus/big/{f}");
            if std::path::Path::new(&p).exists() {
                files.push((p, api));
            }
        }
    }
    println!(
        "{:<36} {:>5} {:>8} {:>11} {:>11} {:>6} {:>10} {:>10} {:>6}",
        "file", "api", "MiB", "Value", "check", "ratio", "Value heap", "check heap", "×file"
    );
    for (f, api) in &files {
        let api = *api;
        let size = std::fs::metadata(f).map(|m| m.len() as usize).unwrap_or(0);
        let runs = if size > 5_000_000 { 7 } else { 15 };
        let (tv, hv) = measure(runs, || {
            let text = std::fs::read_to_string(f).unwrap();
            let v: serde_json::Value = match f.ends_with(".json") {
                true => serde_json::from_str(&text).unwrap(),
                false => serde_json::Value::Null,
            };
            std::hint::black_box(v);
        });
        let (tc, hc) = measure(runs, || {
            std::hint::black_box(check(f, api));
        });
        let kind = match api {
            ApiChoice::Auto => "auto",
            ApiChoice::Fixed(k) => k.word(),
        };
        let name = std::path::Path::new(f).file_name().unwrap().to_string_lossy().to_string();
        let value = if f.ends_with(".json") { format!("{tv:.1?}") } else { "-".into() };
        let ratio =
            if f.ends_with(".json") { format!("{:.2}", tc.as_secs_f64() / tv.as_secs_f64()) } else { "-".into() };
        println!(
            "{name:<36} {kind:>5} {:>8.1} {value:>11} {:>11} {ratio:>6} {:>10.1} {:>10.1} {:>6.2}",
            mb(size),
            format!("{tc:.1?}"),
            mb(hv),
            mb(hc),
            hc as f64 / size as f64
        );
    }
    let small = "fixtures/examples/petstore.yaml";
    let (t, h) = measure(200, || {
        std::hint::black_box(check(small, ApiChoice::Auto));
    });
    println!(
        "{small:<36} {:>5} {:>8.3} {:>11} {:>11} {:>6} {:>10} {:>10.2}",
        "http",
        mb(std::fs::metadata(small).map(|m| m.len() as usize).unwrap_or(0)),
        "-",
        format!("{t:.2?}"),
        "-",
        "-",
        mb(h)
    );
}
