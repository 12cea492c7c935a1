//! Command-line types (clap). Converted into plain library options in `run.rs`.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Compile and lint OpenAPI 3.0 documents for Amazon API Gateway HTTP APIs.
#[derive(Debug, Parser)]
#[command(name = "gatewright", version, about, max_term_width = 100)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Lint documents the way API Gateway's importer judges them.
    ///
    /// Takes files, directories (searched for *.yaml, *.yml, *.json, *.tf and *.tf.json, skipping
    /// hidden folders, target and node_modules) and `-` for standard input; files are checked in
    /// parallel and reported in path order. A file named on the command line is always checked. A
    /// file found in a folder that is readable YAML or JSON without an `openapi` or `swagger` key
    /// at the root, or a Terraform file without an API body, is passed over unless --strict; one
    /// that cannot be decoded or parsed is reported. A Terraform configuration's API bodies are
    /// checked as the AWS provider deploys them. Settings come from the nearest gatewright.toml
    /// above each file.
    ///
    /// Exit status: 0 when nothing fails, 1 when a file has an error (or a warning with
    /// --fail-on-warnings; with --fix --diff, also when a fix is pending), 2 for usage errors, a
    /// bad gatewright.toml or an unreadable file.
    #[command(
        after_long_help = "Exit status: 0 nothing fails; 1 a file has an error (or a warning with --fail-on-warnings; with --fix --diff, also a pending fix); 2 usage error, bad gatewright.toml, unreadable file or failed output.\n\nExamples:\n  gatewright check api.yaml\n  gatewright check --format sarif . > gatewright.sarif\n  gatewright check --format concise --statistics specs/\n  gatewright check --fail-on-warnings --deny GW303 specs/\n  gatewright check infra/\n  gatewright check --resource OrdersApi template.yaml\n  cat api.yaml | gatewright check -"
    )]
    Check {
        /// Documents and directories to check (YAML or JSON, detected by content); `-` reads
        /// standard input.
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
        /// Check every file, even one found in a folder that is not an OpenAPI document; fail when
        /// no document is found.
        #[arg(long, conflicts_with = "only_openapi")]
        strict: bool,
        /// Pass over files that are not OpenAPI documents even when they are named (what the
        /// pre-commit hook does: pre-commit names every YAML and JSON file that changed).
        #[arg(long)]
        only_openapi: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Count the findings per code (count, code, name) instead of showing each (human and
        /// concise output); JSON output keeps the findings and adds a `statistics` array.
        #[arg(long)]
        statistics: bool,
        /// Apply the machine-applicable fixes (did-you-mean renames) to the files, keeping
        /// everything else byte for byte, then report what remains.
        #[arg(long)]
        fix: bool,
        /// With --fix: print the changes as a unified diff and write nothing.
        #[arg(long, requires = "fix")]
        diff: bool,
        /// Only this API of the CloudFormation templates and Terraform configurations checked: a
        /// logical id (`OrdersApi`) or a resource address (`aws_apigatewayv2_api.orders`).
        #[arg(long, value_name = "ID")]
        resource: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Compile a document into what deploys it: an AWS CLI script, a CloudFormation template, a
    /// Terraform configuration, or the plan of direct API calls; or the OpenAPI document that
    /// import mode sends. The document may be the body of one API of a CloudFormation template
    /// or Terraform configuration (`--resource`), built with that resource's settings.
    ///
    /// Writes nothing and exits 1 when the document fails its checks (or has warnings with
    /// --fail-on-warnings) or a value cannot be resolved; `-o` files are written atomically.
    #[command(
        after_long_help = "Exit status: 0 written; 1 the document fails its checks or a value cannot be resolved (nothing is written); 2 usage or I/O error.\n\nExamples:\n  gatewright compile api.yaml --emit aws-cli -o deploy.sh\n  gatewright compile api.yaml --emit cloudformation --format json -o api.template.json\n  gatewright compile api.yaml --emit terraform -o infra/api.tf\n  gatewright compile api.yaml --emit openapi -o import.yaml\n  gatewright compile api.yaml --emit plan --var FunctionArn=arn:aws:lambda:us-east-1:123456789012:function:pets\n  gatewright compile template.yaml --resource OrdersApi --emit openapi"
    )]
    Compile(Box<CompileArgs>),
    /// Create or update the API with signed calls to API Gateway, executing exactly the plan
    /// `compile --emit plan` shows. With --api-id only the difference is applied.
    #[command(
        after_long_help = "Exit status: 0 deployed (or nothing to change); 1 the document fails its checks or AWS refused a call (what was done and how to finish is printed); 2 usage error.\n\nExamples:\n  gatewright deploy api.yaml --region eu-west-1\n  gatewright deploy api.yaml --api-id a1b2c3d4e5 --dry-run\n  gatewright deploy api.yaml --api-id a1b2c3d4e5 --profile prod"
    )]
    Deploy(Box<DeployArgs>),
    /// Serve diagnostics to an editor: a Language Server over stdio (findings on open and on
    /// every change, as `check` finds them, under the file's gatewright.toml and these options).
    #[command(
        after_long_help = "Exit status: 0 after the client's shutdown and exit; 2 the client broke the protocol.\n\nExamples (editor settings, README \"Editors\"):\n  gatewright lsp\n  gatewright lsp --api rest"
    )]
    Lsp {
        #[command(flatten)]
        common: Common,
    },
    /// Print the documentation of a diagnostic code (`GW002` or `duplicate-key`).
    #[command(
        after_long_help = "Exit status: 0 shown; 2 no such code.\n\nExamples:\n  gatewright explain GW201\n  gatewright explain route-variable-conflict"
    )]
    Explain {
        /// The code's id or name.
        code: String,
    },
    /// List every diagnostic code.
    #[command(
        after_long_help = "Exit status: 0; 2 when the output cannot be written.\n\nExamples:\n  gatewright rules\n  gatewright rules --markdown"
    )]
    Rules {
        /// Print a Markdown table (the one README embeds).
        #[arg(long)]
        markdown: bool,
    },
    /// Print the API, routes, integrations and authorizers that import would create.
    ///
    /// Takes a document, or one API of a CloudFormation template or Terraform configuration
    /// (`--resource`), whose body is shown as the resource deploys it.
    #[command(
        after_long_help = "Exit status: 0 shown; 1 import would fail (what the rest of the document would build is shown under a header saying so, the findings a line each on stderr); 2 usage or I/O error.\n\nExamples:\n  gatewright routes api.yaml\n  gatewright routes api.yaml --format json --basepath prepend\n  gatewright routes template.yaml --resource OrdersApi\n  gatewright routes infra/main.tf --resource aws_apigatewayv2_api.orders"
    )]
    Routes {
        /// The document, CloudFormation template or Terraform configuration (`.tf`, `.tf.json`).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ViewFormat::Human)]
        format: ViewFormat,
        /// The API to take from a CloudFormation template or Terraform configuration: a logical
        /// id (`OrdersApi`) or a resource address (`aws_apigatewayv2_api.orders`); a file with
        /// one API needs none.
        #[arg(long, value_name = "ID")]
        resource: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Show which route a request would hit, with its integration and authorization.
    ///
    /// Follows API Gateway's priorities: a full match for the route and method (a literal
    /// segment beats a variable, an explicit method beats ANY), then a route with a greedy path
    /// variable (the longest prefix first), then $default; otherwise 404 Not Found.
    #[command(
        after_long_help = "Exit status: 0 a route takes the request; 1 no route matches (the output says 404, or 403 for a REST API, as grep exits 1 when nothing matches), or import would fail (the answer from the rest of the document is shown, marked); 2 usage or I/O error.\n\nExamples:\n  gatewright route api.yaml \"GET /pets/7\"\n  gatewright route api.yaml \"OPTIONS /pets\" --format json\n  gatewright route template.yaml --resource OrdersApi \"GET /orders/7\""
    )]
    Route {
        /// The document, CloudFormation template or Terraform configuration (`.tf`, `.tf.json`).
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The request, such as "GET /pets/1" (a query string is ignored).
        #[arg(value_name = "METHOD /PATH")]
        request: String,
        /// Output format.
        #[arg(long, value_enum, default_value_t = ViewFormat::Human)]
        format: ViewFormat,
        /// The API to take from a CloudFormation template or Terraform configuration: a logical
        /// id (`OrdersApi`) or a resource address (`aws_apigatewayv2_api.orders`); a file with
        /// one API needs none.
        #[arg(long, value_name = "ID")]
        resource: Option<String>,
        #[command(flatten)]
        common: Common,
    },
    /// Print a shell completion script (source it, or install it where your shell looks).
    #[command(
        after_long_help = "Exit status: 0; 2 when the output cannot be written.\n\nExamples:\n  gatewright completions bash > /etc/bash_completion.d/gatewright\n  gatewright completions zsh > \"${fpath[1]}/_gatewright\""
    )]
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), e.g. `gatewright man > gatewright.1`; with --all DIR, write
    /// gatewright.1 and a page per command (gatewright-check.1, …) into DIR.
    #[command(
        after_long_help = "Exit status: 0; 2 when a page cannot be written.\n\nExamples:\n  gatewright man > gatewright.1\n  gatewright man --all /usr/local/share/man/man1"
    )]
    Man {
        /// Write every page into this folder.
        #[arg(long, value_name = "DIR")]
        all: Option<PathBuf>,
    },
}

/// Severity settings on the command line; they win over gatewright.toml.
#[derive(Debug, Args, Default)]
pub(crate) struct Levels {
    /// Report CODE (id or name) as an error; repeatable or comma-separated. `--deny warnings`
    /// makes every warning an error, gatewright's advice included.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub(crate) deny: Vec<String>,
    /// Report CODE as a warning.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub(crate) warn: Vec<String>,
    /// Do not report CODE.
    #[arg(long, value_name = "CODE", value_delimiter = ',')]
    pub(crate) allow: Vec<String>,
    /// Ignore gatewright.toml files.
    #[arg(long)]
    pub(crate) no_config: bool,
}

#[derive(Debug, Args)]
pub(crate) struct Common {
    /// Fail on the warnings AWS's import reports, exactly as AWS's FailOnWarnings does (compile and
    /// deploy also pass it to import); gatewright's own advice does not fail it (see --deny
    /// warnings).
    #[arg(long)]
    pub(crate) fail_on_warnings: bool,
    /// How the base path (`servers`, or Swagger's `basePath`) affects paths (the import's
    /// Basepath).
    #[arg(long, value_enum, default_value_t = BasePath::Ignore)]
    pub(crate) basepath: BasePath,
    /// The kind of API: an HTTP API (v2), a REST API (v1), a WebSocket API (v2, from AsyncAPI
    /// 3.0), or decided by the document (AsyncAPI makes a WebSocket API, Swagger 2.0 and
    /// REST-only features a REST API; README, "Choosing the API kind"). Default: `api` in
    /// gatewright.toml, else auto.
    #[arg(long, value_enum)]
    pub(crate) api: Option<ApiArg>,
    #[command(flatten)]
    pub(crate) levels: Levels,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ApiArg {
    /// Decide by the document.
    Auto,
    /// An HTTP API (ImportApi).
    Http,
    /// A REST API (ImportRestApi).
    Rest,
    /// A WebSocket API, from an AsyncAPI 3.0 document.
    Websocket,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// Readable output, coloured on a terminal (NO_COLOR honoured).
    Human,
    /// One line per finding: `path:line:column: severity[CODE] message`.
    Concise,
    /// One JSON object on stdout (schema in README).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands, shown as annotations on pull requests.
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum ViewFormat {
    /// Readable text.
    Human,
    /// JSON.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum BasePath {
    /// Paths as written (AWS's default).
    Ignore,
    /// Prepend the whole base path.
    Prepend,
    /// Prepend the base path without its first segment.
    Split,
}

#[derive(Debug, Args)]
pub(crate) struct CompileArgs {
    /// The OpenAPI document, or a CloudFormation template or Terraform configuration that
    /// deploys one (`--resource`).
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// What to produce.
    #[arg(long, value_enum)]
    pub(crate) emit: Emit,
    /// Write here instead of stdout: a regular file atomically (a script is made executable), a
    /// device or FIFO directly; `-` is stdout.
    #[arg(short, long, value_name = "PATH")]
    pub(crate) output: Option<PathBuf>,
    /// Output format: CloudFormation YAML or JSON, Terraform HCL or JSON (default: YAML or HCL,
    /// JSON when -o ends in .json); the OpenAPI document JSON or YAML (default: JSON, YAML when
    /// -o ends in .yaml or .yml).
    #[arg(long, value_enum)]
    pub(crate) format: Option<TemplateFormat>,
    /// A REST API's import script updates this existing API (`put-rest-api`, `--put-mode`)
    /// instead of creating one.
    #[arg(long, value_name = "ID")]
    pub(crate) api_id: Option<String>,
    #[command(flatten)]
    pub(crate) build: BuildOptions,
}

#[derive(Debug, Args)]
pub(crate) struct DeployArgs {
    /// The OpenAPI document, or a CloudFormation template or Terraform configuration that
    /// deploys one (`--resource`).
    #[arg(value_name = "FILE")]
    pub(crate) file: PathBuf,
    /// Update this existing API to match the document (only the difference is applied).
    #[arg(long, value_name = "ID")]
    pub(crate) api_id: Option<String>,
    /// Print what would change, and change nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
    /// The shared config/credentials profile to use.
    #[arg(long)]
    pub(crate) profile: Option<String>,
    /// Send requests here instead of the regional API Gateway endpoint.
    #[arg(long, value_name = "URL")]
    pub(crate) endpoint_url: Option<String>,
    /// Stop sending requests after this many seconds in all (each request also has its own
    /// limits: 10 s to connect, 60 s for an answer; when the API's create gets no answer, one
    /// look-up for it follows, within the same limits, so a server that never answers ends the
    /// deploy in about two minutes).
    #[arg(long, value_name = "SECONDS", default_value_t = 900)]
    pub(crate) timeout: u64,
    /// How long each request waits for its answer, in milliseconds (tests).
    #[arg(long, value_name = "MS", hide = true)]
    pub(crate) answer_timeout_ms: Option<u64>,
    #[command(flatten)]
    pub(crate) build: BuildOptions,
}

/// What `compile` and `deploy` share: how the API is built from the document.
#[derive(Debug, Args)]
pub(crate) struct BuildOptions {
    /// One command/resource/call per route, integration, authorizer (granular), or the whole
    /// document through API Gateway's importer (import). Default: granular, except for deploying
    /// a REST API, which runs the importer.
    #[arg(long, value_enum)]
    pub(crate) mode: Option<EmitMode>,
    /// How a REST API `deploy` updates an existing API: `overwrite` replaces it with the
    /// document, `merge` adds the document to it.
    #[arg(long, value_enum, default_value_t = PutModeArg::Overwrite)]
    pub(crate) put_mode: PutModeArg,
    #[command(flatten)]
    pub(crate) common: Common,
    /// The API to take from a CloudFormation template or Terraform configuration: a logical id
    /// (`OrdersApi`) or a resource address (`aws_apigatewayv2_api.orders`); a file with one API
    /// needs none. The resource's settings apply as it deploys the body (`FailOnWarnings`, the
    /// base path mode, its name, description, version and CORS configuration, under the command
    /// line's).
    #[arg(long, value_name = "ID")]
    pub(crate) resource: Option<String>,
    /// A value for a `Ref`, `Fn::Sub`, `Fn::GetAtt` or `${NAME}` placeholder.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    pub(crate) vars: Vec<String>,
    /// A YAML or JSON file of placeholder values.
    #[arg(long = "vars", value_name = "FILE")]
    pub(crate) vars_file: Option<PathBuf>,
    /// API name; wins over `info.title`.
    #[arg(long)]
    pub(crate) name: Option<String>,
    /// API description; wins over `info.description`.
    #[arg(long)]
    pub(crate) description: Option<String>,
    /// API version; wins over `info.version`.
    #[arg(long)]
    pub(crate) api_version: Option<String>,
    /// An API tag; wins over a document tag with the same key.
    #[arg(long = "tag", value_name = "KEY=VALUE")]
    pub(crate) tags: Vec<String>,
    /// A CORS configuration file (x-amazon-apigateway-cors keys); replaces the document's.
    #[arg(long, value_name = "FILE")]
    pub(crate) cors: Option<PathBuf>,
    /// The stage to create, auto-deploying.
    #[arg(long, default_value = "$default")]
    pub(crate) stage: String,
    /// Region (for the CLI commands and requests), and the value of ${AWS::Region}.
    #[arg(long)]
    pub(crate) region: Option<String>,
    /// A REST API's endpoint type (API Gateway's default is edge). HTTP APIs are regional.
    #[arg(long, value_enum)]
    pub(crate) endpoint_type: Option<EndpointTypeArg>,
    /// Let API Gateway invoke the Lambda functions of the API's routes and authorizers
    /// (a permission per function and route, scoped to this API).
    #[arg(long)]
    pub(crate) lambda_permissions: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum PutModeArg {
    /// The API becomes the document.
    Overwrite,
    /// The document is merged into the API.
    Merge,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum EndpointTypeArg {
    /// Through CloudFront's edge locations.
    Edge,
    /// In the region.
    Regional,
    /// Reachable from VPC endpoints only.
    Private,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum Emit {
    /// A bash script of `aws apigatewayv2` commands.
    AwsCli,
    /// An AWS CloudFormation template.
    Cloudformation,
    /// The direct API calls, as JSON.
    Plan,
    /// A Terraform configuration (HCL, or `.tf.json` with `--format json`).
    Terraform,
    /// The OpenAPI document import mode sends, as every import-mode backend embeds it (JSON, or
    /// YAML with `--format yaml`).
    Openapi,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum EmitMode {
    /// One command, resource or call per API element.
    Granular,
    /// The normalised document through API Gateway's importer.
    Import,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub(crate) enum TemplateFormat {
    /// YAML (CloudFormation, OpenAPI).
    Yaml,
    /// JSON (CloudFormation, OpenAPI, or Terraform's `.tf.json`).
    Json,
    /// HCL (Terraform).
    Hcl,
}
