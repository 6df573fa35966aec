//! The exports end to end, each opened with an independent reader: the outcomes view as CSV
//! (the `csv` crate), XLSX (`calamine`), JSON and a FHIR MeasureReport (required elements), and
//! the dictionaries; every file holds exactly the numbers the JSON API shows and none it
//! withholds. The research row export: admin only, purpose and approval required, audited,
//! no NHS number or stored pseudonym, and two exports share no pseudonym.

use calamine::{Data, DataType, Reader, Xlsx};
use reqwest::Method;
use reqwest::header::HeaderMap;
use serde_json::{Value, json};
use server::on_db;
use std::collections::BTreeSet;
use std::io::Cursor;
use tests::TestServer;
use tests::openapi::{Exchange, check};
use tests::records::{ROLE, phq9_answers, response, with};

const OTHER_ROLE: &str = "health-and-wellbeing-coach";
const QUERY: &str = "group_by=role&instrument=phq9";

fn pseudonym(n: usize) -> String {
    uuid::Uuid::from_u128(0xe4_0000 + n as u128).to_string()
}

/// A valid NHS number (Modulus 11) made from `n`.
fn nhs_number(n: usize) -> Option<String> {
    let digits: Vec<u32> = format!("{:09}", 400_000_000 + n)
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .collect();
    let sum: u32 = digits.iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    let check = (11 - sum % 11) % 11;
    (check != 10).then(|| {
        let mut text: String = digits.iter().map(|d| d.to_string()).collect();
        text.push_str(&check.to_string());
        text
    })
}

/// Eight item answers (0-3) summing to `total`.
fn items(total: i64) -> [i64; 8] {
    let mut items = [0; 8];
    let mut left = total;
    for item in &mut items {
        *item = left.min(3);
        left -= *item;
    }
    items
}

fn phq9(patient: usize, at: &str, total: i64, nhs: Option<&str>) -> Value {
    let record = response("phq9", ROLE, phq9_answers(items(total), 0));
    let record = with(record, &["recorded_at"], json!(at));
    let mut patient_ref = json!({ "pseudonym": pseudonym(patient) });
    if let Some(nhs) = nhs {
        patient_ref["nhs_number"] = json!(nhs);
    }
    with(record, &["patient"], patient_ref)
}

/// 40 patients (half named by NHS number) with a baseline in April and a follow-up in June
/// 2026, and 3 patients of another role (a small group); returns the NHS numbers used.
async fn caseload(server: &TestServer) -> Vec<String> {
    let mut records = Vec::new();
    let mut numbers = Vec::new();
    for patient in 0..40 {
        let number = if patient % 2 == 0 {
            nhs_number(patient * 7 + 1).or_else(|| nhs_number(patient * 7 + 2))
        } else {
            None
        };
        if let Some(n) = &number {
            numbers.push(n.clone());
        }
        let baseline = 10 + (patient % 9) as i64 * 2;
        let follow_up = (baseline - (patient % 5) as i64 * 3 + 2).clamp(0, 24);
        records.push(phq9(
            patient,
            "2026-04-14T10:00:00Z",
            baseline.min(24),
            number.as_deref(),
        ));
        records.push(phq9(
            patient,
            "2026-06-16T10:00:00Z",
            follow_up,
            number.as_deref(),
        ));
    }
    for patient in 100..103 {
        let record = phq9(patient, "2026-05-05T10:00:00Z", 12, None);
        records.push(with(record, &["role"], json!(OTHER_ROLE)));
    }
    let answer = sync_all(server, records).await;
    assert!(
        answer["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["status"] == "stored"),
        "{answer}"
    );
    numbers
}

/// GETs a file, checks the exchange against the OpenAPI document, returns status, headers, bytes.
/// Sends `records` as one sync batch from the server's tablet; every one must be stored.
async fn sync_all(server: &TestServer, records: Vec<Value>) -> Value {
    let body = json!({ "protocol_version": 1, "records": records });
    let (status, answer) = server
        .call(
            Method::POST,
            "/api/v1/sync",
            Some(&server.device_token),
            Some(&body),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

async fn download(server: &TestServer, path: &str, token: &str) -> (u16, HeaderMap, Vec<u8>) {
    let answer = server
        .client()
        .get(server.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = answer.status().as_u16();
    let headers = answer.headers().clone();
    let bytes = answer.bytes().await.unwrap().to_vec();
    let content_type = headers
        .get(reqwest::header::CONTENT_TYPE)
        .map(|v| v.to_str().unwrap().to_owned());
    check(Exchange {
        method: "GET",
        path,
        status,
        content_type: content_type.as_deref(),
        request: None,
        response: &String::from_utf8_lossy(&bytes),
    });
    (status, headers, bytes)
}

fn header(headers: &HeaderMap, name: reqwest::header::HeaderName) -> String {
    headers
        .get(name)
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// What the JSON API shows and withholds: every shown number (sorted), the number of withheld
/// values (an interval counts its two ends) and of figures that do not exist.
#[derive(Debug, Default, PartialEq)]
struct Shown {
    numbers: Vec<f64>,
    withheld: usize,
    missing: usize,
}

impl Shown {
    fn sorted(mut self) -> Self {
        self.numbers.sort_by(f64::total_cmp);
        self
    }
}

fn shown_in_json(table: &Value) -> Shown {
    fn walk(value: &Value, out: &mut Shown) {
        match value {
            Value::Object(map) => {
                let keys: BTreeSet<&str> = map.keys().map(String::as_str).collect();
                let figure = keys.contains("value")
                    && keys.iter().all(|k| ["value", "withheld"].contains(k))
                    && !map["value"].is_object();
                let interval = keys.contains("low")
                    && keys.iter().all(|k| ["low", "high", "withheld"].contains(k));
                if figure || interval {
                    let ends: &[&str] = if figure { &["value"] } else { &["low", "high"] };
                    for end in ends {
                        match (&map[*end], map.get("withheld")) {
                            (_, Some(_)) => out.withheld += 1,
                            (Value::Number(n), None) => out.numbers.push(n.as_f64().unwrap()),
                            _ => out.missing += 1,
                        }
                    }
                    return;
                }
                for (key, inner) in map {
                    match (key.as_str(), inner) {
                        ("threshold" | "caseness_at_least", Value::Number(n)) => {
                            out.numbers.push(n.as_f64().unwrap())
                        }
                        _ => walk(inner, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| walk(i, out)),
            _ => {}
        }
    }
    let mut out = Shown::default();
    walk(&table["rows"], &mut out);
    walk(&table["total"], &mut out);
    out.sorted()
}

fn csv_records(bytes: &[u8]) -> (Vec<String>, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let records = reader.records().map(Result::unwrap).collect();
    (header, records)
}

#[tokio::test]
async fn every_outcomes_export_opens_in_its_reader_and_holds_exactly_what_the_api_shows() {
    let server = TestServer::start().await;
    caseload(&server).await;
    let evaluator = server.create_account("evaluator", None).await;
    let (status, table) = server
        .call(
            Method::GET,
            &format!("/api/v1/outcomes?{QUERY}"),
            Some(&evaluator),
            None,
        )
        .await;
    assert_eq!(status, 200, "{table}");
    let expected = shown_in_json(&table);
    assert!(expected.withheld > 0, "the small group withholds figures");
    assert!(expected.numbers.len() > 20, "{expected:?}");
    let small = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["group"][0]["code"] == OTHER_ROLE)
        .expect("the small group's row");
    assert_eq!(
        small["measures"][0]["cross_sectional"]["n"]["withheld"],
        "small"
    );

    // CSV: tidy long form, RFC 4180, one figure per row.
    let (status, headers, bytes) = download(
        &server,
        &format!("/api/v1/outcomes/export.csv?{QUERY}"),
        &evaluator,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    assert_eq!(
        header(&headers, reqwest::header::CONTENT_TYPE),
        "text/csv; charset=utf-8"
    );
    let disposition = header(&headers, reqwest::header::CONTENT_DISPOSITION);
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"outcomes_")
            // All time is read from financial-year cells: the responses (April to June 2026)
            // lie in 2026-27, the period the figures cover.
            && disposition.contains("_2026-04_to_2027-03_")
            && disposition.ends_with(&format!("{today}.csv\"")),
        "{disposition}"
    );
    assert!(!bytes.starts_with(b"\xef\xbb\xbf"), "no BOM unless asked");
    assert!(bytes.windows(2).any(|w| w == b"\r\n"), "CRLF line ends");
    let (columns, records) = csv_records(&bytes);
    let at = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let (value, status_col, reason) = (at("value"), at("status"), at("withheld_reason"));
    assert_eq!(&columns[..3], ["row_type", "role", "role_label"]);
    let mut from_csv = Shown::default();
    for record in &records {
        match &record[status_col] {
            "shown" => from_csv.numbers.push(record[value].parse().unwrap()),
            "withheld" => {
                assert_eq!(
                    &record[value], "",
                    "a withheld figure has no value: {record:?}"
                );
                assert!(
                    ["small", "secondary", "too_few_values"].contains(&&record[reason]),
                    "{record:?}"
                );
                from_csv.withheld += 1;
            }
            "not_applicable" => {
                assert_eq!(&record[value], "");
                from_csv.missing += 1;
            }
            other => panic!("status {other:?}"),
        }
    }
    assert_eq!(
        from_csv.sorted(),
        expected,
        "the CSV shows exactly what the API shows"
    );
    let small_n = records
        .iter()
        .find(|r| {
            &r[at("role")] == OTHER_ROLE
                && &r[at("table")] == "cross_sectional"
                && &r[at("figure")] == "n"
        })
        .expect("the small group's n");
    assert_eq!(
        (&small_n[status_col], &small_n[reason]),
        ("withheld", "small")
    );
    let total_change = records
        .iter()
        .find(|r| &r[0] == "total" && &r[at("figure")] == "mean_change")
        .unwrap();
    let api_change = table["total"]["measures"][0]["paired"]["mean_change"]["value"]
        .as_f64()
        .unwrap();
    assert_eq!(
        total_change[value].parse::<f64>().unwrap(),
        api_change,
        "full precision, as the JSON API"
    );

    // With a BOM for Excel; other options refused like the outcomes endpoint's.
    let (status, _, bom) = download(
        &server,
        &format!("/api/v1/outcomes/export.csv?{QUERY}&bom=true"),
        &evaluator,
    )
    .await;
    assert_eq!(status, 200);
    assert!(bom.starts_with(b"\xef\xbb\xbfrow_type,"));
    for bad in ["group_by=colour", "nonsense=1", "bom=maybe"] {
        let (status, _, body) = download(
            &server,
            &format!("/api/v1/outcomes/export.csv?{bad}"),
            &evaluator,
        )
        .await;
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(status, 400, "{bad}: {body}");
        assert!(body["error"].is_string());
    }

    // Its dictionary names every column, with the codes for withheld and not applicable.
    let (status, _, package) = download(
        &server,
        &format!("/api/v1/outcomes/datapackage.json?{QUERY}"),
        &evaluator,
    )
    .await;
    assert_eq!(status, 200);
    let package: Value = serde_json::from_slice(&package).unwrap();
    let resource = &package["resources"][0];
    let fields: Vec<&str> = resource["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields, columns);
    assert!(disposition.contains(resource["path"].as_str().unwrap()));
    let status_field = &resource["schema"]["fields"][status_col];
    assert_eq!(
        status_field["constraints"]["enum"],
        json!(["shown", "withheld", "not_applicable"])
    );
    assert_eq!(resource["schema"]["fields"][value]["type"], "number");
    assert_eq!(
        package["codes"]["withheld_reason"]
            .as_array()
            .unwrap()
            .len(),
        3
    );

    // XLSX, read with calamine: a sheet per table, the long form, and the notes.
    let (status, headers, bytes) = download(
        &server,
        &format!("/api/v1/outcomes/export.xlsx?{QUERY}"),
        &evaluator,
    )
    .await;
    assert_eq!(status, 200);
    assert!(header(&headers, reqwest::header::CONTENT_DISPOSITION).ends_with(".xlsx\""));
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for sheet in [
        "Instruments",
        "Cross-sectional",
        "Bands",
        "Paired change",
        "Figures (long)",
        "Notes",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    let mut wide = Shown::default();
    for name in names
        .iter()
        .filter(|n| !["Figures (long)", "Notes"].contains(&n.as_str()))
    {
        let range = book.worksheet_range(name).unwrap();
        for cell in range.used_cells().map(|(_, _, c)| c) {
            match cell {
                Data::Float(f) => wide.numbers.push(*f),
                Data::Int(i) => wide.numbers.push(*i as f64),
                Data::String(s) if s.starts_with("withheld: ") => wide.withheld += 1,
                Data::String(s) if s == "not applicable" => wide.missing += 1,
                _ => {}
            }
        }
    }
    assert_eq!(
        wide.sorted(),
        expected,
        "the table sheets show exactly what the API shows"
    );
    let long = book.worksheet_range("Figures (long)").unwrap();
    let mut rows = long.rows();
    let header_row: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    assert_eq!(header_row, columns);
    let mut from_long = Shown::default();
    for row in rows {
        match row[status_col].to_string().as_str() {
            "shown" => from_long.numbers.push(row[value].as_f64().unwrap()),
            "withheld" => {
                assert!(row[value].is_empty());
                from_long.withheld += 1;
            }
            _ => from_long.missing += 1,
        }
    }
    assert_eq!(from_long.sorted(), expected);
    let notes: Vec<String> = book
        .worksheet_range("Notes")
        .unwrap()
        .used_cells()
        .map(|(_, _, c)| c.to_string())
        .collect();
    let notes = notes.join("\n");
    assert!(
        notes.contains(table["suppression"].as_str().unwrap()),
        "the rules"
    );
    assert!(notes.contains("\"group_by\":\"role\""), "the query");
    assert!(
        notes.contains("withheld_reason") && notes.contains("too_few_values"),
        "the dictionary"
    );

    // JSON: the API's own answer, as a file.
    let (status, headers, bytes) = download(
        &server,
        &format!("/api/v1/outcomes/export.json?{QUERY}"),
        &evaluator,
    )
    .await;
    assert_eq!(status, 200);
    assert!(header(&headers, reqwest::header::CONTENT_DISPOSITION).ends_with(".json\""));
    let file: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(file, table);

    // FHIR R4 MeasureReport: the required elements, and only the numbers the API shows.
    let (status, headers, bytes) = download(
        &server,
        &format!("/api/v1/outcomes/export.fhir.json?{QUERY}"),
        &evaluator,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, reqwest::header::CONTENT_TYPE),
        "application/fhir+json"
    );
    let report: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(report["resourceType"], "MeasureReport");
    assert_eq!(report["status"], "complete");
    assert_eq!(report["type"], "summary");
    assert!(report["measure"].as_str().unwrap().starts_with("https://"));
    assert_eq!(
        report["period"],
        json!({ "start": "2026-04-01", "end": "2027-03-31" })
    );
    assert!(report["date"].is_string());
    let groups = report["group"].as_array().unwrap();
    assert!(!groups.is_empty());
    let mut from_fhir = Shown::default();
    let score = |element: &Value, out: &mut Shown| {
        let absent = element["extension"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|e| e["url"] == "http://hl7.org/fhir/StructureDefinition/data-absent-reason");
        match (&element["measureScore"]["value"], absent) {
            (Value::Number(n), None) => out.numbers.push(n.as_f64().unwrap()),
            (Value::Null, Some(e)) if e["valueCode"] == "masked" => out.withheld += 1,
            (Value::Null, Some(e)) if e["valueCode"] == "not-applicable" => out.missing += 1,
            other => panic!("a score or a reason, not both: {other:?}"),
        }
    };
    for group in groups {
        assert!(group["code"]["coding"][0]["code"].is_string(), "{group}");
        score(group, &mut from_fhir);
        let stratifier = &group["stratifier"][0];
        assert_eq!(stratifier["code"][0]["coding"][0]["code"], "role");
        for stratum in stratifier["stratum"].as_array().unwrap() {
            assert!(
                stratum["value"]["coding"][0]["code"].is_string(),
                "{stratum}"
            );
            score(stratum, &mut from_fhir);
        }
    }
    assert_eq!(
        from_fhir.sorted(),
        expected,
        "the MeasureReport shows exactly what the API shows"
    );

    // Two dimensions: each stratum has one component per dimension, and the files still hold
    // exactly what the API shows.
    let two = "group_by=role,month&instrument=phq9";
    let (_, table) = server
        .call(
            Method::GET,
            &format!("/api/v1/outcomes?{two}"),
            Some(&evaluator),
            None,
        )
        .await;
    let expected = shown_in_json(&table);
    assert!(expected.withheld > 0);
    let (_, _, bytes) = download(
        &server,
        &format!("/api/v1/outcomes/export.fhir.json?{two}"),
        &evaluator,
    )
    .await;
    let report: Value = serde_json::from_slice(&bytes).unwrap();
    let mut from_fhir = Shown::default();
    for group in report["group"].as_array().unwrap() {
        score(group, &mut from_fhir);
        let stratifier = &group["stratifier"][0];
        let codes: Vec<&Value> = stratifier["code"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| &c["coding"][0]["code"])
            .collect();
        assert_eq!(codes, [&json!("role"), &json!("month")]);
        for stratum in stratifier["stratum"].as_array().unwrap() {
            let components = stratum["component"].as_array().unwrap();
            assert_eq!(components.len(), 2, "{stratum}");
            assert_eq!(components[1]["code"]["coding"][0]["code"], "month");
            assert!(components[1]["value"]["coding"][0]["code"].is_string());
            score(stratum, &mut from_fhir);
        }
    }
    assert_eq!(from_fhir.sorted(), expected);
    let (_, _, bytes) = download(
        &server,
        &format!("/api/v1/outcomes/export.csv?{two}"),
        &evaluator,
    )
    .await;
    let (columns, records) = csv_records(&bytes);
    assert_eq!(
        &columns[..5],
        ["row_type", "role", "role_label", "month", "month_label"]
    );
    let at = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let mut from_csv = Shown::default();
    for record in &records {
        match &record[at("status")] {
            "shown" => from_csv.numbers.push(record[at("value")].parse().unwrap()),
            "withheld" => from_csv.withheld += 1,
            _ => from_csv.missing += 1,
        }
    }
    assert_eq!(from_csv.sorted(), expected);

    // Every export is audited, with its format.
    let (_, audit) = server
        .as_admin(Method::GET, "/api/v1/audit?limit=500", None)
        .await;
    let formats: BTreeSet<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export_outcomes")
        .map(|e| {
            serde_json::from_str::<Value>(e["detail"].as_str().unwrap()).unwrap()["format"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        formats,
        ["csv", "datapackage", "fhir", "json", "xlsx"]
            .map(str::to_owned)
            .into()
    );
}

const RESEARCH: &str = "instrument=phq9&purpose=Evaluation%20of%20social%20prescribing%20outcomes&approval=IRAS%20123456";

#[tokio::test]
async fn research_rows_need_an_admin_a_purpose_and_an_approval_are_audited_and_unlinkable() {
    let server = TestServer::start().await;
    let numbers = caseload(&server).await;
    assert!(numbers.len() >= 15, "{numbers:?}");
    let admin = server.admin_token.clone();
    let path =
        |format: &str, query: &str| format!("/api/v1/admin/research/responses.{format}?{query}");

    // Evaluators and practitioners are refused; a missing purpose or approval is a clear 400.
    let evaluator = server.create_account("evaluator", None).await;
    let (status, _, _) = download(&server, &path("csv", RESEARCH), &evaluator).await;
    assert_eq!(status, 403);
    for (query, code) in [
        ("instrument=phq9&approval=IRAS%20123456", "missing_purpose"),
        (
            "instrument=phq9&purpose=Evaluation%20of%20outcomes",
            "missing_approval",
        ),
        (
            "instrument=phq9&purpose=short&approval=IRAS%201",
            "invalid_purpose",
        ),
        (
            "instrument=phq9&purpose=Evaluation%20of%20outcomes&approval=%3Cscript%3E",
            "invalid_approval",
        ),
        (
            "purpose=Evaluation%20of%20outcomes&approval=IRAS%201",
            "missing_instrument",
        ),
        (
            "instrument=nope&purpose=Evaluation%20of%20outcomes&approval=IRAS%201",
            "unknown_instrument",
        ),
    ] {
        let (status, headers, body) = download(&server, &path("csv", query), &admin).await;
        assert_eq!(status, 400, "{query}");
        assert!(header(&headers, reqwest::header::CONTENT_TYPE).starts_with("application/json"));
        let body: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(body["error"], code, "{query}: {body}");
    }

    // The CSV: one row per response, streamed (no length known up front), named for its scope.
    let (status, headers, first) = download(&server, &path("csv", RESEARCH), &admin).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&first));
    assert!(
        headers.get(reqwest::header::CONTENT_LENGTH).is_none(),
        "streamed: {headers:?}"
    );
    let disposition = header(&headers, reqwest::header::CONTENT_DISPOSITION);
    assert!(
        disposition.starts_with("attachment; filename=\"research_phq9_")
            && disposition.contains("_all-months_"),
        "{disposition}"
    );
    let (columns, rows) = csv_records(&first);
    assert_eq!(rows.len(), 83, "every current response once");
    for column in [
        "response",
        "patient",
        "time_point",
        "age_band",
        "imd",
        "item_interest",
        "item_self_harm",
        "score_phq9.total",
        "band_phq9.total",
    ] {
        assert!(
            columns.iter().any(|c| c == column),
            "{column} in {columns:?}"
        );
    }
    let at = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let patients_first: BTreeSet<String> =
        rows.iter().map(|r| r[at("patient")].to_owned()).collect();
    assert_eq!(
        patients_first.len(),
        43,
        "one pseudonym per patient within an export"
    );
    let june = rows
        .iter()
        .filter(|r| &r[at("recorded_on")] == "2026-06-16")
        .count();
    assert_eq!(june, 40);
    let scored: f64 = rows
        .iter()
        .map(|r| r[at("score_phq9.total")].parse::<f64>().unwrap())
        .sum();
    assert!(scored > 0.0);

    // Nothing that is stored about a patient or a response leaves: no NHS number, no keyed
    // hash, no stored pseudonym, no tablet pseudonym, no response id.
    type Stored = (String, Option<String>, Option<String>);
    let stored: Vec<Stored> = on_db!(&server.db, pool => sqlx::query_as(
        "SELECT id, patient_pseudonym, nhs_number_hash FROM responses",
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    let text = String::from_utf8(first.clone()).unwrap();
    let mut secrets: Vec<String> = numbers.clone();
    for (id, pseudonym, hash) in &stored {
        secrets.push(id.clone());
        secrets.extend(pseudonym.clone());
        secrets.extend(hash.clone());
    }
    secrets.extend((0..40).chain(100..103).map(pseudonym));
    assert!(stored.iter().filter(|s| s.2.is_some()).count() >= 30);
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "{secret} is in the export");
    }

    // A second export of the same rows shares no pseudonym with the first.
    let (_, _, second) = download(&server, &path("csv", RESEARCH), &admin).await;
    let (_, rows_again) = csv_records(&second);
    let patients_second: BTreeSet<String> = rows_again
        .iter()
        .map(|r| r[at("patient")].to_owned())
        .collect();
    let responses = |rows: &[csv::StringRecord]| -> BTreeSet<String> {
        rows.iter().map(|r| r[at("response")].to_owned()).collect()
    };
    assert_eq!(patients_second.len(), 43);
    assert!(
        patients_first.is_disjoint(&patients_second),
        "two exports cannot be linked"
    );
    assert!(responses(&rows).is_disjoint(&responses(&rows_again)));

    // FHIR Bulk-style NDJSON: one QuestionnaireResponse per line with its required elements.
    let (status, headers, ndjson) = download(&server, &path("ndjson", RESEARCH), &admin).await;
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, reqwest::header::CONTENT_TYPE),
        "application/fhir+ndjson"
    );
    let text = String::from_utf8(ndjson).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 83);
    let mut subjects = BTreeSet::new();
    for resource in &lines {
        assert_eq!(resource["resourceType"], "QuestionnaireResponse");
        assert_eq!(resource["status"], "completed");
        assert!(resource["questionnaire"].as_str().unwrap().contains("phq9"));
        assert!(resource["authored"].as_str().unwrap().starts_with("2026-0"));
        assert!(!resource["item"].as_array().unwrap().is_empty());
        let subject = &resource["subject"]["identifier"];
        assert!(
            subject["system"]
                .as_str()
                .unwrap()
                .starts_with("urn:prom-collector:research-export:")
        );
        subjects.insert(subject["value"].as_str().unwrap().to_owned());
    }
    assert_eq!(subjects.len(), 43);
    assert!(subjects.is_disjoint(&patients_first));
    for secret in &secrets {
        assert!(!text.contains(secret.as_str()), "{secret} is in the NDJSON");
    }

    // The dictionary lists every column of the CSV.
    let (status, _, package) = download(
        &server,
        "/api/v1/admin/research/datapackage.json?instrument=phq9",
        &admin,
    )
    .await;
    assert_eq!(status, 200);
    let package: Value = serde_json::from_slice(&package).unwrap();
    let fields: Vec<&str> = package["resources"][0]["schema"]["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(fields, columns);

    // Each export is audited with its purpose, approval and filter; refused ones are not.
    let (_, audit) = server
        .as_admin(Method::GET, "/api/v1/audit?limit=500", None)
        .await;
    let exports: Vec<Value> = audit
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "export_research_rows")
        .map(|e| serde_json::from_str(e["detail"].as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(exports.len(), 3, "{exports:?}");
    for detail in &exports {
        assert_eq!(
            detail["purpose"],
            "Evaluation of social prescribing outcomes"
        );
        assert_eq!(detail["approval"], "IRAS 123456");
        assert_eq!(detail["filter"]["instrument"], "phq9");
        assert!(detail["filter"]["organisation"].is_string());
    }
}

#[tokio::test]
async fn research_rows_download_whole_when_the_client_asks_for_gzip_as_browsers_do() {
    let server = TestServer::start().await;
    caseload(&server).await;
    let path = format!("/api/v1/admin/research/responses.csv?{RESEARCH}");
    let (status, _, plain) = download(&server, &path, &server.admin_token).await;
    assert_eq!(status, 200);
    let answer = server
        .client()
        .get(server.url(&path))
        .bearer_auth(&server.admin_token)
        .header(reqwest::header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(
        header(answer.headers(), reqwest::header::CONTENT_ENCODING),
        "gzip"
    );
    let compressed = answer.bytes().await.expect("the whole body arrives");
    let mut unzipped = Vec::new();
    std::io::Read::read_to_end(
        &mut flate2::read::GzDecoder::new(&compressed[..]),
        &mut unzipped,
    )
    .expect("a complete gzip stream");
    let rows = |bytes: &[u8]| csv_records(bytes).1.len();
    assert_eq!(rows(&unzipped), rows(&plain), "the same rows, compressed");
}

/// Scores that are not short decimals (a GAS T-score is irrational) leave in the research CSV as
/// exactly the stored double, on both databases.
#[tokio::test]
async fn research_rows_carry_every_score_exactly_as_stored() {
    let server = TestServer::start().await;
    let goals = |attainment: [i64; 3]| {
        json!({ "goals": [
            tests::records::gas_goal("a", -1, Some(attainment[0])),
            tests::records::gas_goal("b", -2, Some(attainment[1])),
            tests::records::gas_goal("c", -1, Some(attainment[2])),
        ]})
    };
    let records: Vec<Value> = [[0, 1, -1], [2, 1, 0], [1, -1, -2]]
        .into_iter()
        .map(|a| response("gas", ROLE, goals(a)))
        .collect();
    sync_all(&server, records).await;

    let query = RESEARCH.replace("instrument=phq9", "instrument=gas");
    let path = format!("/api/v1/admin/research/responses.csv?{query}");
    // The rows without the two pseudonym columns (new in every export), and every score.
    let export = || async {
        let (status, _, bytes) = download(&server, &path, &server.admin_token).await;
        assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
        let (columns, rows) = csv_records(&bytes);
        assert_eq!(rows.len(), 3);
        let mut exported: Vec<f64> = Vec::new();
        for (at, column) in columns.iter().enumerate() {
            if column.starts_with("score_") {
                exported.extend(
                    rows.iter()
                        .filter(|r| !r[at].is_empty())
                        .map(|r| r[at].parse::<f64>().unwrap()),
                );
            }
        }
        exported.sort_by(f64::total_cmp);
        let mut rest: Vec<Vec<String>> = rows
            .iter()
            .map(|r| r.iter().skip(2).map(str::to_owned).collect())
            .collect();
        rest.sort();
        (exported, rest)
    };
    let (exported, rows): (Vec<f64>, Vec<Vec<String>>) = export().await;
    let mut stored: Vec<f64> = on_db!(&server.db, pool => sqlx::query_scalar(
        "SELECT value FROM response_scores",
    )
    .fetch_all(pool)
    .await)
    .unwrap();
    assert!(
        stored.iter().any(|v| (v * 1e6).fract() != 0.0),
        "a score with more digits than a short decimal: {stored:?}"
    );
    stored.sort_by(f64::total_cmp);
    let bits = |values: &[f64]| values.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    assert_eq!(bits(&exported), bits(&stored), "bit for bit");

    // Every response keeps its own copy of its scores; one stored before the copy existed
    // (NULL) is exported from its score rows, to the same bits.
    let copies: i64 = on_db!(&server.db, pool => sqlx::query_scalar(
        "SELECT COUNT(*) FROM responses WHERE scores LIKE '[[%'",
    )
    .fetch_one(pool)
    .await)
    .unwrap();
    assert_eq!(copies, 3);
    on_db!(&server.db, pool => sqlx::query(
        "UPDATE responses SET scores = NULL
         WHERE id IN (SELECT id FROM responses ORDER BY id LIMIT 2)",
    )
    .execute(pool)
    .await
    .map(|done| done.rows_affected()))
    .unwrap();
    let (again, rows_again) = export().await;
    assert_eq!(
        bits(&again),
        bits(&stored),
        "bit for bit from the score rows"
    );
    assert_eq!(rows_again, rows, "the same rows either way");
}

/// More responses than one page of the research read (256): every response leaves exactly once,
/// in one consistent file, across the page boundaries.
#[tokio::test]
async fn research_rows_page_through_every_response_exactly_once() {
    let server = TestServer::start().await;
    let responses = 2 * 256 + 1;
    let records: Vec<Value> = (0..responses)
        .map(|patient| phq9(1000 + patient, "2026-04-14T10:00:00Z", 12, None))
        .collect();
    for batch in records.chunks(100) {
        sync_all(&server, batch.to_vec()).await;
    }
    let (status, _, bytes) = download(
        &server,
        &format!("/api/v1/admin/research/responses.csv?{RESEARCH}"),
        &server.admin_token,
    )
    .await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let (columns, rows) = csv_records(&bytes);
    let at = |name: &str| columns.iter().position(|c| c == name).unwrap();
    let distinct = |column: usize| {
        rows.iter()
            .map(|r| r[column].to_owned())
            .collect::<std::collections::BTreeSet<_>>()
            .len()
    };
    assert_eq!(rows.len(), responses);
    assert_eq!(distinct(at("response")), responses, "no response twice");
    assert_eq!(distinct(at("patient")), responses, "every patient once");
}
