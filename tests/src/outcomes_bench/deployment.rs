//! The benchmark's deployment, created through the real API on a real server: the test ICB, its
//! PCNs and practices, a tablet enrolled at each practice, SWEMWBS registered, and an evaluator
//! signed in at ICB scope.

use super::data::{PCNS, PRACTICES, PRACTICES_PER_PCN};
use super::write::Uploaders;
use crate::TestServer;
use reqwest::Method;
use serde_json::json;

pub struct Deployment {
    pub icb: String,
    pub pcns: Vec<String>,
    /// Per practice: organisation id and its tablet's device id.
    pub uploaders: Uploaders,
    /// Per practice: its tablet's credential (for sync).
    pub credentials: Vec<String>,
    /// A signed-in evaluator at the ICB.
    pub evaluator_token: String,
}

impl Deployment {
    pub async fn create(server: &TestServer) -> Self {
        let (_, me) = server.as_admin(Method::GET, "/api/v1/auth/me", None).await;
        let icb = me["organisation_id"]
            .as_str()
            .expect("the admin has an organisation")
            .to_owned();
        let mut pcns = Vec::new();
        for p in 0..PCNS {
            pcns.push(organisation(server, &format!("PCN {}", p + 1), "pcn", &icb).await);
        }
        let mut practices = Vec::new();
        let mut credentials = Vec::new();
        for n in 0..PRACTICES {
            let pcn = &pcns[n / PRACTICES_PER_PCN];
            let practice =
                organisation(server, &format!("Practice {}", n + 1), "practice", pcn).await;
            let (device, credential) = crate::enrol_device(
                server.client(),
                &server.base_url,
                &server.admin_token,
                Some(&practice),
            )
            .await;
            practices.push((practice, Some(device)));
            credentials.push(credential);
        }
        let (status, body) = server
            .as_admin(
                Method::PUT,
                "/api/v1/admin/instruments/swemwbs/registration",
                Some(&json!({ "reference": "WARWICK-BENCH-1", "recorded_by": "Ada Admin" })),
            )
            .await;
        assert!(status / 100 == 2, "SWEMWBS is registered: {status} {body}");
        let evaluator_token = server.create_account_in("evaluator", None, &icb).await;
        Self {
            icb,
            pcns,
            uploaders: Uploaders { practices },
            credentials,
            evaluator_token,
        }
    }
}

async fn organisation(server: &TestServer, name: &str, kind: &str, parent: &str) -> String {
    let body = json!({ "name": name, "kind": kind, "parent_id": parent });
    let (status, created) = server
        .as_admin(Method::POST, "/api/v1/organisations", Some(&body))
        .await;
    assert_eq!(status, 201, "{kind} created: {created}");
    created["id"].as_str().expect("an id").to_owned()
}
