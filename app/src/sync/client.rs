//! The HTTP side of sync: one batch to `POST /api/v1/sync`, with the answer classified.

use shared::api::{
    EnrolRequest, EnrolResponse, ErrorBody, PROTOCOL_VERSION, SyncRequest, SyncResponse,
};

/// Why a batch got no per-record acknowledgement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PushError {
    /// The server could not be reached: the normal state on a home visit.
    Unreachable,
    /// The server answered but refused the batch as a whole, or failed; retry later.
    Server(String),
    /// The tablet has no enrolment, or the server no longer accepts it.
    NotEnrolled(String),
    /// The batch is larger than the server accepts: send fewer records at a time.
    TooLarge,
}

/// Sends one batch of records (each the JSON text stored in the outbox).
pub async fn push(
    base_url: &str,
    credential: &str,
    records: &[String],
) -> Result<SyncResponse, PushError> {
    let records = records
        .iter()
        .map(|text| serde_json::from_str::<serde_json::Value>(text))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PushError::Server(format!("a stored record is unreadable: {e}")))?;
    let request = SyncRequest {
        protocol_version: PROTOCOL_VERSION,
        records,
    };
    let response = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/sync"))
        .bearer_auth(credential)
        .json(&request)
        .send()
        .await
        .map_err(|_| PushError::Unreachable)?;
    acknowledgements(response).await
}

/// One batch of records sealed to the server's key (the tablet is locked), answered as
/// [`push`] is.
pub async fn push_sealed(
    base_url: &str,
    credential: &str,
    records: Vec<shared::api::SealedRecord>,
) -> Result<SyncResponse, PushError> {
    let request = shared::api::SealedSyncRequest {
        protocol_version: PROTOCOL_VERSION,
        records,
    };
    let response = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/sync/sealed"))
        .bearer_auth(credential)
        .json(&request)
        .send()
        .await
        .map_err(|_| PushError::Unreachable)?;
    acknowledgements(response).await
}

/// The server's public sealing key.
pub async fn fetch_sealing_key(
    base_url: &str,
    credential: &str,
) -> Result<shared::api::SealingKey, PushError> {
    let response = reqwest::Client::new()
        .get(format!("{base_url}/api/v1/sync/sealing-key"))
        .bearer_auth(credential)
        .send()
        .await
        .map_err(|_| PushError::Unreachable)?;
    if !response.status().is_success() {
        return Err(PushError::Server(format!(
            "the server answered with status {}",
            response.status().as_u16()
        )));
    }
    response
        .json()
        .await
        .map_err(|e| PushError::Server(format!("unreadable sealing key: {e}")))
}

/// A sync answer: per-record acknowledgements, or the error it is.
async fn acknowledgements(response: reqwest::Response) -> Result<SyncResponse, PushError> {
    let status = response.status().as_u16();
    match status {
        // Per-record acknowledgements: all fine, some conflicts, or some rejected.
        200 | 409 | 422 => response
            .json::<SyncResponse>()
            .await
            .map_err(|e| PushError::Server(format!("unreadable answer from the server: {e}"))),
        _ => {
            let message = match response.json::<ErrorBody>().await {
                Ok(body) => body.message,
                Err(_) => format!("the server answered with status {status}"),
            };
            if status == 413 {
                Err(PushError::TooLarge)
            } else if status == 401 || status == 403 {
                Err(PushError::NotEnrolled(message))
            } else {
                Err(PushError::Server(message))
            }
        }
    }
}

/// Fetches the instruments this server has enabled.
pub async fn fetch_instruments(base_url: &str) -> Result<shared::api::InstrumentList, PushError> {
    let response = reqwest::Client::new()
        .get(format!("{base_url}/api/v1/instruments"))
        .send()
        .await
        .map_err(|_| PushError::Unreachable)?;
    if !response.status().is_success() {
        return Err(PushError::Server(format!(
            "the server answered with status {}",
            response.status().as_u16()
        )));
    }
    response
        .json()
        .await
        .map_err(|e| PushError::Server(format!("unreadable instrument list: {e}")))
}

/// Trades a one-time enrolment code for this tablet's credential.
pub async fn enrol(base_url: &str, code: &str, name: &str) -> Result<EnrolResponse, String> {
    let request = EnrolRequest {
        code: code.to_owned(),
        name: name.to_owned(),
    };
    let response = reqwest::Client::new()
        .post(format!("{base_url}/api/v1/devices/enrol"))
        .json(&request)
        .send()
        .await
        .map_err(|_| {
            "The server cannot be reached: enrol the tablet when it is online.".to_owned()
        })?;
    if response.status().is_success() {
        response
            .json()
            .await
            .map_err(|e| format!("unreadable answer from the server: {e}"))
    } else {
        Err(match response.json::<ErrorBody>().await {
            Ok(body) => body.message,
            Err(_) => "The enrolment was refused.".to_owned(),
        })
    }
}

async fn get_json<T: serde::de::DeserializeOwned>(
    request: reqwest::RequestBuilder,
) -> Result<T, PushError> {
    let response = request.send().await.map_err(|_| PushError::Unreachable)?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        let message = match response.json::<ErrorBody>().await {
            Ok(body) => body.message,
            Err(_) => format!("the server answered with status {status}"),
        };
        return Err(if status == 401 || status == 403 {
            PushError::NotEnrolled(message)
        } else {
            PushError::Server(message)
        });
    }
    response
        .json()
        .await
        .map_err(|e| PushError::Server(format!("unreadable answer from the server: {e}")))
}

/// One page of the change feed after `after`.
pub async fn fetch_changes(
    base_url: &str,
    credential: &str,
    after: &str,
) -> Result<shared::api::ChangesResponse, PushError> {
    get_json(
        reqwest::Client::new()
            .get(format!("{base_url}/api/v1/sync/changes"))
            .query(&[("after", after)])
            .bearer_auth(credential),
    )
    .await
}

/// The server's keys for these NHS numbers, in order.
pub async fn fetch_keys(
    base_url: &str,
    credential: &str,
    nhs_numbers: &[String],
) -> Result<shared::api::PatientKeysResponse, PushError> {
    get_json(
        reqwest::Client::new()
            .post(format!("{base_url}/api/v1/patients/keys"))
            .bearer_auth(credential)
            .json(&shared::api::PatientKeysRequest {
                nhs_numbers: nhs_numbers.to_vec(),
            }),
    )
    .await
}
