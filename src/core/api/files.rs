//! `files.getUploadUrls(sessionId, files)`.

use reqwest::Method;
use serde::{Deserialize, Serialize};

use super::call;
use crate::core::config::RequestConfig;
use crate::core::error::{CoreError, CoreResult};
use crate::core::json::{to_text, TrustedJson};

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileUploadInfo {
    pub id: String,
    pub upload_url: String,
    pub download_url: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct UploadUrlsResponse {
    pub files: Vec<FileUploadInfo>,
}

/// `files_json`: the JSON array of `{filename, mediaType, size}`.
pub async fn get_upload_urls(cfg: &RequestConfig, session_id: &str, files_json: &str) -> CoreResult<UploadUrlsResponse> {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Body<'a> {
        session_id: &'a str,
        files: TrustedJson<'a>,
    }
    let body = to_text(&Body { session_id, files: TrustedJson(files_json) });
    let path = "/api/files/upload-urls";
    let r: UploadUrlsResponse = call(cfg, Method::POST, path, Some(body)).await?;
    for (i, f) in r.files.iter().enumerate() {
        for (field, url) in [("uploadUrl", &f.upload_url), ("downloadUrl", &f.download_url)] {
            if reqwest::Url::parse(url).is_err() {
                return Err(CoreError::InvalidResponse {
                    endpoint: format!("POST {path}"),
                    detail: format!("field `files[{i}].{field}`: not a valid URL: {url:?}"),
                });
            }
        }
    }
    Ok(r)
}
