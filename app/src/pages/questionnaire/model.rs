//! The questionnaire on screen: its definition and the state its steps share, and the step on
//! show. The page ([`super`]) creates it; each step's component reads and changes it.

use crate::i18n::Lang;
use crate::pages::items::Texts;
use crate::reactive::set_if_changed;
use crate::state::{AppContext, Screen};
use crate::workflow::finish::DeviceScore;
use leptos::prelude::*;
use serde_json::Value;
use shared::instrument::{InstrumentDefinition, RiskRule};
use shared::nhs_number::NhsNumber;
use shared::outcomes::pairing::TimePoint;
use shared::risk::rules_fired_by;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    Introduction,
    Item(usize),
    /// The patient is asked to hand the tablet back (a risk answer was given).
    HandBack,
    /// In kiosk mode: the practitioner's PIN before the alert is shown.
    PractitionerPin,
    /// The practitioner sees the risk alert.
    PractitionerAlert,
    Saved,
}

/// The questionnaire on screen: its definition and the state its steps share.
#[derive(Clone)]
pub(super) struct Questionnaire {
    pub(super) definition: Arc<InstrumentDefinition>,
    pub(super) texts: Texts,
    /// The instrument language the questions are shown in (its own, or a validated translation).
    pub(super) language: RwSignal<String>,
    /// The patient's language: the app's own text on this questionnaire is in it.
    pub(super) patient_language: RwSignal<Lang>,
    pub(super) step: RwSignal<Step>,
    pub(super) answers: RwSignal<BTreeMap<String, Value>>,
    /// Risk rules fired by the answers so far.
    pub(super) raised: RwSignal<Vec<RiskRule>>,
    /// The supportive message shown to the patient after a risk answer.
    pub(super) support: RwSignal<Option<String>>,
    pub(super) error: RwSignal<Option<String>>,
    /// Optional: the patient's NHS number, as typed.
    pub(super) nhs_number: RwSignal<Option<String>>,
    /// Set when this questionnaire corrects a refused response.
    pub(super) supersedes: RwSignal<Option<String>>,
    /// The time point the practitioner chose; `None`: automatic (pairing decides).
    pub(super) time_point: RwSignal<Option<TimePoint>>,
    /// The measures as the tablet scored the saved response.
    pub(super) device_scores: RwSignal<Vec<DeviceScore>>,
    /// Whether this tab holds the draft's lock; `None` until the browser has said.
    pub(super) writable: RwSignal<Option<bool>>,
    /// Set while the response is being queued, and after: the draft is no longer written.
    pub(super) finished: RwSignal<bool>,
    /// Each question is read aloud as it shows (chosen for a patient in kiosk mode).
    pub(super) auto_read: RwSignal<bool>,
    /// Larger text, higher contrast.
    pub(super) easy_read: RwSignal<bool>,
    /// A GAS review of an earlier goal set.
    pub(super) reviewing: bool,
    pub(super) draft_id: String,
}

impl Questionnaire {
    /// Moves to `step`; the step on show is left alone when it is already there.
    pub(super) fn go(&self, step: Step) {
        set_if_changed(self.step, step);
    }

    /// What is wrong with the NHS number typed, checked with the shared Modulus 11 rule.
    pub(super) fn nhs_problem(&self) -> Option<String> {
        self.nhs_number.with(|n| {
            n.as_deref()
                .filter(|n| !n.trim().is_empty())
                .and_then(|n| NhsNumber::parse(n).err())
                .map(|e| e.to_string())
        })
    }

    /// Records the risk rules an answer fired, each once.
    pub(super) fn raise<'a>(&self, fired: impl IntoIterator<Item = &'a RiskRule>) {
        self.raised.update(|raised| {
            for rule in fired {
                if !raised.iter().any(|r| r.id == rule.id) {
                    raised.push(rule.clone());
                }
            }
        });
    }

    /// An answer was given: any risk rule it fires shows its message at once.
    pub(super) fn answer(&self, item: String, value: Value) {
        if let Some(n) = value.as_i64() {
            let fired = rules_fired_by(&self.definition, &item, n);
            if let Some(first) = fired.first() {
                self.support.set(Some(first.patient_message.clone()));
                self.raise(fired.iter().copied());
            }
        }
        self.answers.update(|a| {
            a.insert(item, value);
        });
    }
}

/// Where "Done" leads: the kiosk lock while a patient holds the tablet, else the start screen.
pub(super) fn after_done(context: &AppContext) {
    context.navigate(if context.kiosk.get_untracked() {
        Screen::Locked
    } else {
        Screen::Home
    });
}
