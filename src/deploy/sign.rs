//! SigV4 signing of API Gateway requests with `aws-sigv4` (service name `apigateway`).

use aws_sigv4::http_request::{PayloadChecksumKind, SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use std::fmt;
use std::time::SystemTime;

/// AWS credentials. `Debug` never shows the secret or the token.
#[derive(Clone)]
pub(crate) struct Credentials {
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: String,
    pub(crate) session_token: Option<String>,
    /// Where they came from (`environment`, `profile dev`, `credential_process of profile dev`).
    pub(crate) source: String,
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field("session_token", &self.session_token.as_ref().map(|_| "** redacted **"))
            .field("source", &self.source)
            .finish()
    }
}

/// Who signs, for what, and when.
pub(crate) struct Signer<'a> {
    pub(crate) creds: &'a Credentials,
    pub(crate) region: &'a str,
    pub(crate) service: &'a str,
    pub(crate) time: SystemTime,
    /// Add `x-amz-content-sha256` (the published test vectors are computed without it).
    pub(crate) content_sha256: bool,
}

/// The headers to add to sign `method url` with `body`: `authorization`, `x-amz-date`, and
/// `x-amz-security-token` / `x-amz-content-sha256` as configured.
pub(crate) fn signing_headers(
    signer: &Signer<'_>,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Result<Vec<(String, String)>, String> {
    let Signer { creds, region, service, time, content_sha256 } = *signer;
    let identity = aws_credential_types::Credentials::new(
        &creds.access_key_id,
        &creds.secret_access_key,
        creds.session_token.clone(),
        None,
        "gatewright",
    )
    .into();
    let mut settings = SigningSettings::default();
    if content_sha256 {
        settings.payload_checksum_kind = PayloadChecksumKind::XAmzSha256;
    }
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(time)
        .settings(settings)
        .build()
        .map_err(|e| format!("signing parameters: {e}"))?
        .into();
    let signable = SignableRequest::new(method, url, headers.iter().copied(), SignableBody::Bytes(body))
        .map_err(|e| format!("cannot sign {method} {url}: {e}"))?;
    let (instructions, _) =
        sign(signable, &params).map_err(|e| format!("cannot sign {method} {url}: {e}"))?.into_parts();
    Ok(instructions.headers().map(|(k, v)| (k.to_string(), v.to_string())).collect())
}
