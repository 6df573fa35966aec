//! A caseload patient's demographics, each optional with "prefer not to say": year of birth,
//! stated sex, gender identity, NHS ethnic category and postcode. They are kept sealed in the
//! caseload and go to the server with the next response for the patient (the postcode once, for
//! the IMD lookup; the server keeps only the decile).

use crate::i18n::Locale;
use crate::platform;
use crate::state::{AppContext, screen_action};
use crate::store::caseload::{self, Patient};
use leptos::prelude::*;
use shared::demographics::{
    EthnicCategory, GenderIdentity, PatientDemographics, Postcode, StatedSex,
};

/// The select value meaning "prefer not to say".
const DECLINED: &str = "declined";

/// One coded question: a select of "not asked", every code, and "prefer not to say".
#[component]
fn CodedField(
    id: &'static str,
    label: &'static str,
    codes: Vec<(&'static str, &'static str)>,
    value: RwSignal<String>,
) -> impl IntoView {
    let locale = Locale::current();
    view! {
        <label class="field">
            {locale.t(label)}
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{locale.t("demo-not-asked")}</option>
                {codes.into_iter().map(|(code, name)| view! { <option value=code>{name}</option> }).collect_view()}
                <option value=DECLINED>{locale.t("demo-declined")}</option>
            </select>
        </label>
    }
}

/// A select's value for a stored code: "prefer not to say" when the patient declined (`Z`).
fn shown(code: Option<&'static str>, declined: Option<&'static str>) -> String {
    match code {
        Some(c) if Some(c) == declined => DECLINED.to_owned(),
        Some(c) => c.to_owned(),
        None => String::new(),
    }
}

/// The patient's demographics, edited and saved into the sealed caseload.
#[component]
pub fn DemographicsForm(patient: Patient) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let locale = Locale::current();
    let known = patient.demographics.clone();
    let birth_year = RwSignal::new(known.birth_year.map(|y| y.to_string()).unwrap_or_default());
    let sex = RwSignal::new(shown(known.stated_sex.map(StatedSex::code), None));
    let gender = RwSignal::new(shown(
        known.gender_identity.map(GenderIdentity::code),
        Some(GenderIdentity::NotStated.code()),
    ));
    let ethnic = RwSignal::new(shown(
        known.ethnic_category.map(EthnicCategory::code),
        Some(EthnicCategory::NotStated.code()),
    ));
    let postcode = RwSignal::new(known.postcode.clone().unwrap_or_default());
    let message = RwSignal::new(None::<(bool, String)>);
    let save = screen_action(move |updated: &Patient| {
        let updated = updated.clone();
        let db = context.db();
        async move {
            let added = caseload::added_at(&db, &updated.id).await.ok().flatten();
            let added = added.unwrap_or_else(platform::now_text);
            match caseload::put(&db, &updated, &added).await {
                Ok(()) => message.set(Some((true, locale.text("demo-saved")))),
                Err(e) => message.set(Some((false, e.to_string()))),
            }
        }
    });
    let stored = StoredValue::new(patient);
    let submit = move |_| {
        let year = birth_year.get_untracked();
        let this_year = platform::now().year();
        let birth_year = match year.trim() {
            "" => None,
            text => match text.parse::<i32>() {
                Ok(y) if (1900..=this_year).contains(&y) => Some(y),
                _ => {
                    message.set(Some((false, locale.text("demo-bad-year"))));
                    return;
                }
            },
        };
        let postcode = match postcode.get_untracked().trim() {
            "" => None,
            text => match Postcode::parse(text) {
                Ok(p) => Some(p.as_str().to_owned()),
                Err(_) => {
                    message.set(Some((false, locale.text("demo-bad-postcode"))));
                    return;
                }
            },
        };
        let coded = |value: String, declined: Option<&'static str>| match value.as_str() {
            "" => None,
            DECLINED => declined.map(str::to_owned),
            code => Some(code.to_owned()),
        };
        let demographics = PatientDemographics {
            birth_year,
            stated_sex: coded(sex.get_untracked(), None).and_then(|c| StatedSex::from_code(&c)),
            gender_identity: coded(
                gender.get_untracked(),
                Some(GenderIdentity::NotStated.code()),
            )
            .and_then(|c| GenderIdentity::from_code(&c)),
            ethnic_category: coded(
                ethnic.get_untracked(),
                Some(EthnicCategory::NotStated.code()),
            )
            .and_then(|c| EthnicCategory::from_code(&c)),
            postcode,
        };
        let mut updated = stored.get_value();
        // A changed postcode is sent again (once).
        if updated.demographics.postcode != demographics.postcode {
            updated.postcode_sent = false;
        }
        updated.demographics = demographics;
        stored.set_value(updated.clone());
        save.dispatch_local(updated);
    };
    let sex_codes: Vec<_> = StatedSex::ALL
        .iter()
        .map(|v| (v.code(), v.label()))
        .collect();
    // "Not stated" (Z) is what "prefer not to say" records, so it is not listed twice.
    let gender_codes: Vec<_> = GenderIdentity::ALL
        .iter()
        .filter(|v| **v != GenderIdentity::NotStated)
        .map(|v| (v.code(), v.label()))
        .collect();
    let ethnic_codes: Vec<_> = EthnicCategory::ALL
        .iter()
        .filter(|v| **v != EthnicCategory::NotStated)
        .map(|v| (v.code(), v.label()))
        .collect();
    view! {
        <details class="demographics">
            <summary>{locale.t("demo-title")}</summary>
            <p class="notice">{locale.t("demo-explain")}</p>
            <label class="field">
                {locale.t("demo-birth-year")}
                <input id="birth-year" type="text" inputmode="numeric" autocomplete="off" maxlength="4"
                    prop:value=move || birth_year.get()
                    on:input=move |ev| birth_year.set(event_target_value(&ev))/>
            </label>
            <CodedField id="stated-sex" label="demo-sex" codes=sex_codes value=sex/>
            <CodedField id="gender-identity" label="demo-gender" codes=gender_codes value=gender/>
            <CodedField id="ethnic-category" label="demo-ethnic" codes=ethnic_codes value=ethnic/>
            <label class="field">
                {locale.t("demo-postcode")}
                <input id="postcode" type="text" autocomplete="off" maxlength="10"
                    prop:value=move || postcode.get()
                    on:input=move |ev| postcode.set(event_target_value(&ev))/>
            </label>
            <button id="save-demographics" class="secondary-button" on:click=submit>{locale.t("demo-save")}</button>
            <Show when=move || message.get().is_some()>
                {move || message.get().map(|(ok, text)| view! {
                    <p id="demographics-message" class=if ok { "notice" } else { "error" } role="status">{text}</p>
                })}
            </Show>
        </details>
    }
}
