//! The steps after the last question: the hand-back request and the practitioner's risk alert
//! (behind the PIN while the tablet is handed over), then the confirmation.

use super::model::{Questionnaire, Step, after_done};
use crate::components::pin_prompt::PinPrompt;
use crate::i18n::Locale;
use crate::state::{AppContext, screen_action};
use crate::store::settings;
use leptos::prelude::*;

/// A risk answer was given: the patient is asked to hand the tablet back.
#[component]
pub(super) fn HandBack(q: Questionnaire) -> impl IntoView {
    let kiosk = expect_context::<AppContext>().kiosk;
    let locale = Locale::current();
    view! {
        <div class="hand-back" role="status">
            <p id="hand-back" class="big-text">{locale.t("q-hand-back")}</p>
            <button
                id="practitioner-continue"
                class="secondary-button"
                on:click=move |_| {
                    q.go(if kiosk.get_untracked() { Step::PractitionerPin } else { Step::PractitionerAlert })
                }
            >
                {locale.t("q-i-am-practitioner")}
            </button>
        </div>
    }
}

/// While handed over: the practitioner's PIN ends the hand-over before the alert is shown.
#[component]
pub(super) fn PractitionerPin(q: Questionnaire) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let end_hand_over = screen_action(move |(): &()| {
        let q = q.clone();
        let context = context.clone();
        async move {
            let _ = settings::set_kiosk(&context.db(), None).await;
            context.kiosk.set(false);
            q.go(Step::PractitionerAlert);
        }
    });
    let unlock = Callback::new(move |()| {
        end_hand_over.dispatch_local(());
    });
    view! { <PinPrompt prompt=Locale::current().text("q-alert-prompt") on_unlock=unlock/> }
}

/// The risk alert for the practitioner.
#[component]
pub(super) fn PractitionerAlert(q: Questionnaire) -> impl IntoView {
    let raised = q.raised;
    let locale = Locale::current();
    view! {
        <div id="practitioner-alert" class="risk-alert" role="alert">
            <h2>{locale.t("q-alert-title")}</h2>
            {move || raised.get().into_iter().map(|rule| view! {
                <p class="risk-message">{rule.practitioner_message.clone()}</p>
            }).collect_view()}
            <p>{locale.t("q-alert-sent")}</p>
            <button id="acknowledge-alert" class="big-button" on:click=move |_| q.go(Step::Saved)>
                {locale.t("q-alert-seen")}
            </button>
        </div>
    }
}

/// The response is queued: the confirmation, and the tablet's scores for the practitioner.
#[component]
pub(super) fn Saved(q: Questionnaire) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let kiosk = context.kiosk;
    let device_scores = q.device_scores;
    let locale = Locale::current();
    view! {
        <div class="confirmation" role="status">
            <p id="saved-message" class="big-text">{locale.t("q-saved")}</p>
            <p>{locale.t("q-saved-detail")}</p>
            <Show when=move || !kiosk.get()>
            <details id="practitioner-summary" class="practitioner-summary">
                <summary>{locale.t("q-scores")}</summary>
                <ul>
                    {move || device_scores.get().into_iter().map(|score| {
                        let shown = (score.value * 100.0).round() / 100.0;
                        let band = score.band.map(|b| format!(" ({b})")).unwrap_or_default();
                        view! {
                            <li class="device-score" data-measure=score.measure data-value=score.value.to_string()>
                                {format!("{}: {shown}{band}", score.label)}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            </details>
            </Show>
            <button id="back-home" class="big-button" on:click=move |_| after_done(&context)>
                {locale.t("q-done")}
            </button>
        </div>
    }
}
