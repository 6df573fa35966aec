//! HTTP to the server's `/api/v1` with the wire types of `shared::api`, through the browser's
//! `fetch` (no HTTP crate: it would bring a URL parser with Unicode tables into the bundle):
//! JSON in and out, the bearer token on every call, every refusal read from the `ErrorBody`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use shared::api::ErrorBody;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a call gave no answer to use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// 401: the token is unknown, expired or revoked.
    SignedOut(String),
    /// The server refused or failed, with its code and message.
    Refused {
        status: u16,
        error: String,
        message: String,
        /// Seconds, from `Retry-After` (the sign-in rate limit).
        retry_after: Option<u64>,
    },
    /// No answer at all (the server or the network is down).
    Unreachable,
}

impl Failure {
    /// What to tell the person.
    pub fn message(&self) -> String {
        match self {
            Failure::SignedOut(message) => message.clone(),
            Failure::Refused { message, .. } => message.clone(),
            Failure::Unreachable => {
                "The server could not be reached. Check the connection and try again.".to_owned()
            }
        }
    }
}

/// A downloaded file.
pub struct File {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

fn url(path: &str) -> String {
    format!("{}/api/v1{path}", crate::browser::origin())
}

/// An answer that succeeded (2xx).
struct Answer(web_sys::Response);

impl Answer {
    fn header(&self, name: &str) -> Option<String> {
        self.0.headers().get(name).ok().flatten()
    }

    async fn text(&self) -> Result<String, Failure> {
        let promise = self.0.text().map_err(|_| Failure::Unreachable)?;
        let text = JsFuture::from(promise)
            .await
            .map_err(|_| Failure::Unreachable)?;
        Ok(text.as_string().unwrap_or_default())
    }

    async fn bytes(&self) -> Result<Vec<u8>, Failure> {
        let promise = self.0.array_buffer().map_err(|_| Failure::Unreachable)?;
        let buffer = JsFuture::from(promise)
            .await
            .map_err(|_| Failure::Unreachable)?;
        Ok(js_sys::Uint8Array::new(&buffer).to_vec())
    }
}

/// One request through the browser's `fetch`; a refusal becomes a [`Failure`] with the
/// server's code and message.
async fn send(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Result<Answer, Failure> {
    let body = body.map(|body| ("application/json", body.to_string()));
    send_text(method, path, token, body).await
}

/// One request with an optional body of the given content type.
async fn send_text(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<(&str, String)>,
) -> Result<Answer, Failure> {
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    let headers = web_sys::Headers::new().map_err(|_| Failure::Unreachable)?;
    if let Some(token) = token {
        let _ = headers.set("authorization", &format!("Bearer {token}"));
    }
    if let Some((content_type, text)) = body {
        let _ = headers.set("content-type", content_type);
        init.set_body(&JsValue::from_str(&text));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(&url(path), &init)
        .map_err(|_| Failure::Unreachable)?;
    let window = web_sys::window().ok_or(Failure::Unreachable)?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::Unreachable)?
        .dyn_into()
        .map_err(|_| Failure::Unreachable)?;
    let status = response.status();
    let answer = Answer(response);
    if (200..300).contains(&status) {
        return Ok(answer);
    }
    let retry_after = answer
        .header("retry-after")
        .and_then(|value| value.parse().ok());
    let text = answer.text().await.unwrap_or_default();
    let (error, message) = match serde_json::from_str::<ErrorBody>(&text) {
        Ok(body) => (body.error, body.message),
        Err(_) => (
            "unreadable".to_owned(),
            format!("The server answered with status {status}."),
        ),
    };
    if status == 401 && token.is_some() {
        return Err(Failure::SignedOut(message));
    }
    Err(Failure::Refused {
        status,
        error,
        message,
        retry_after,
    })
}

fn to_json(body: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(body).expect("wire types serialise")
}

async fn read<T: DeserializeOwned>(answer: Answer) -> Result<T, Failure> {
    let text = answer.text().await?;
    serde_json::from_str(&text).map_err(|e| Failure::Refused {
        status: 200,
        error: "unreadable".to_owned(),
        message: format!("The server's answer could not be read: {e}"),
        retry_after: None,
    })
}

pub async fn get<T: DeserializeOwned>(token: Option<&str>, path: &str) -> Result<T, Failure> {
    read(send("GET", path, token, None).await?).await
}

pub async fn post<T: DeserializeOwned>(
    token: Option<&str>,
    path: &str,
    body: &impl Serialize,
) -> Result<T, Failure> {
    read(send("POST", path, token, Some(to_json(body))).await?).await
}

pub async fn put<T: DeserializeOwned>(
    token: Option<&str>,
    path: &str,
    body: &impl Serialize,
) -> Result<T, Failure> {
    read(send("PUT", path, token, Some(to_json(body))).await?).await
}

/// A POST of a text body (e.g. a CSV file) answered with JSON.
pub async fn post_text<T: DeserializeOwned>(
    token: Option<&str>,
    path: &str,
    content_type: &str,
    text: String,
) -> Result<T, Failure> {
    read(send_text("POST", path, token, Some((content_type, text))).await?).await
}

/// A PUT answered without a body (204).
pub async fn put_no_content(
    token: Option<&str>,
    path: &str,
    body: &impl Serialize,
) -> Result<(), Failure> {
    send("PUT", path, token, Some(to_json(body)))
        .await
        .map(|_| ())
}

/// A POST answered without a body (204), with an optional JSON body.
pub async fn post_no_content(
    token: Option<&str>,
    path: &str,
    body: Option<&serde_json::Value>,
) -> Result<(), Failure> {
    send("POST", path, token, body.cloned()).await.map(|_| ())
}

/// A GET of a file, with its name from `Content-Disposition` (else `fallback_name`).
pub async fn file(token: Option<&str>, path: &str, fallback_name: &str) -> Result<File, Failure> {
    let answer = send("GET", path, token, None).await?;
    let content_type = answer
        .header("content-type")
        .unwrap_or_else(|| "application/octet-stream".into());
    let name = answer
        .header("content-disposition")
        .and_then(|value| file_name(&value))
        .unwrap_or_else(|| fallback_name.to_owned());
    let bytes = answer.bytes().await?;
    Ok(File {
        name,
        content_type,
        bytes,
    })
}

/// The `filename="..."` of a `Content-Disposition` header.
fn file_name(disposition: &str) -> Option<String> {
    let start = disposition.find("filename=\"")? + "filename=\"".len();
    let rest = &disposition[start..];
    Some(rest[..rest.find('"')?].to_owned())
}

/// Percent-encodes a query value or path segment.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}
