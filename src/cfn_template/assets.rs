//! The file assets of a CDK cloud assembly (`cdk.out`), as its asset manifest
//! (`<Stack>.assets.json`) lists them: the S3 object key each is published under, and the path of
//! the copy CDK staged in the assembly folder (`asset.<hash>.yaml`). A `SpecRestApi` body is
//! `BodyS3Location: {Bucket: …, Key: <hash>.yaml}`; through this map it is read from the
//! assembly folder, as the file CDK will upload.

use crate::source::SourceFile;
use std::collections::HashMap;

/// Object key → path in the assembly folder (relative to it).
#[derive(Clone, Debug, Default)]
pub struct Assets(HashMap<String, String>);

impl Assets {
    /// The file assets an asset manifest lists (`files`, with `source.packaging: file`). A
    /// manifest that cannot be read lists none: its template's bodies are then reported as not
    /// read (GW910), as without it.
    pub fn read(manifest: &SourceFile) -> Self {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(manifest.text()) else { return Assets::default() };
        let mut map = HashMap::new();
        for entry in v.get("files").and_then(|f| f.as_object()).into_iter().flat_map(|f| f.values()) {
            let source = &entry["source"];
            let (Some(path), Some("file") | None) = (source["path"].as_str(), source["packaging"].as_str()) else {
                continue;
            };
            for d in entry.get("destinations").and_then(|d| d.as_object()).into_iter().flat_map(|d| d.values()) {
                if let Some(key) = d["objectKey"].as_str() {
                    map.insert(key.to_string(), path.to_string());
                }
            }
        }
        Assets(map)
    }

    /// The staged file published under `key`.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.0.get(key).map(String::as_str)
    }

    /// No assets (a template outside an assembly).
    pub fn none() -> &'static Assets {
        static NONE: std::sync::OnceLock<Assets> = std::sync::OnceLock::new();
        NONE.get_or_init(Assets::default)
    }
}

#[cfg(test)]
mod tests {
    use super::Assets;
    use crate::source::SourceFile;

    #[test]
    fn object_keys_name_the_staged_files() {
        let manifest = r#"{"version": "55.0.0", "files": {
            "8d6e": {"source": {"path": "asset.8d6e.yaml", "packaging": "file"},
                     "destinations": {"d": {"bucketName": "b", "objectKey": "8d6e.yaml"}}},
            "zip": {"source": {"path": "asset.zip", "packaging": "zip"},
                    "destinations": {"d": {"bucketName": "b", "objectKey": "zip.zip"}}}}}"#;
        let a = Assets::read(&SourceFile::new("S.assets.json", manifest.to_string()));
        assert_eq!(a.get("8d6e.yaml"), Some("asset.8d6e.yaml"));
        assert_eq!(a.get("zip.zip"), None, "a folder packaged as a zip is no body");
        assert!(Assets::read(&SourceFile::new("x.json", "not json".to_string())).get("8d6e.yaml").is_none());
    }
}
