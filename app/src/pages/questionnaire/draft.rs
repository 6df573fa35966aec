//! The questionnaire's draft: the Web Lock that makes this tab its one writer, loading it when it
//! is resumed (or the goals of a set under review), and saving every change while the lock is
//! held. Loading counts towards the screen's settling, so nothing is typed into a step that the
//! load is about to change.

use super::model::{Questionnaire, Step};
use crate::i18n::Lang;
use crate::pages::goals::goal_set_for_review;
use crate::platform;
use crate::reactive::set_if_changed;
use crate::state::{DbHandle, Settle};
use crate::store::drafts::{self, DraftContent};
use leptos::prelude::*;
use rexie::Rexie;
use shared::instrument::ResponseFormat;
use shared::risk::rules_fired_by;
use std::rc::Rc;

/// Takes the draft's lock and, when resuming, loads the draft into the questionnaire.
pub(super) fn open(q: &Questionnaire, db: Rc<Rexie>, resuming: bool, lock_name: String) {
    let q = q.clone();
    let settle = Settle::current();
    leptos::task::spawn_local(settle.during(async move {
        let got = platform::try_lock(&lock_name).await;
        if got && resuming {
            match drafts::load(&db, &q.draft_id).await {
                Ok(Some((_, content))) => {
                    for (item, value) in &content.answers {
                        if let Some(n) = value.as_i64() {
                            q.raise(rules_fired_by(&q.definition, item, n));
                        }
                    }
                    if let Some(language) = content.language.as_deref().and_then(Lang::parse) {
                        set_if_changed(q.patient_language, language);
                    }
                    set_if_changed(q.nhs_number, content.nhs_number);
                    set_if_changed(q.supersedes, content.supersedes);
                    set_if_changed(q.time_point, content.time_point);
                    q.answers.set(content.answers);
                    q.go(content.item.map_or(Step::Introduction, Step::Item));
                }
                Ok(None) => {}
                Err(e) => q.error.set(Some(e.to_string())),
            }
        }
        q.writable.set(Some(got));
    }));
}

/// The goals of an earlier goal set, to rate again, as the goals item's answer.
pub(super) fn load_goals_for_review(q: &Questionnaire, db: Rc<Rexie>, set_id: String) {
    let q = q.clone();
    let goals_item = q
        .definition
        .items
        .iter()
        .find(|i| matches!(i.response, ResponseFormat::Goals { .. }))
        .map(|i| i.id.clone());
    let settle = Settle::current();
    leptos::task::spawn_local(settle.during(async move {
        match (goal_set_for_review(&db, &set_id).await, goals_item) {
            (Ok(goals), Some(item)) => q.answers.update(|a| {
                a.insert(item, goals);
            }),
            (Err(message), _) => q.error.set(Some(message)),
            (_, None) => q
                .error
                .set(Some("This instrument has no goals to review.".to_owned())),
        }
    }));
}

/// Saves every change while this tab holds the draft's lock; only the newest save writes, so
/// an older one finishing late cannot overwrite it.
pub(super) fn autosave(q: &Questionnaire, db: DbHandle, review_of: Option<String>) {
    let q = q.clone();
    let save_generation = StoredValue::new(0u64);
    Effect::new(move |_| {
        let content = DraftContent {
            answers: q.answers.get(),
            item: match q.step.get() {
                Step::Item(index) => Some(index),
                _ => None,
            },
            nhs_number: q.nhs_number.get(),
            language: Some(q.patient_language.get().tag().to_owned()),
            review_of: review_of.clone(),
            supersedes: q.supersedes.get(),
            time_point: q.time_point.get(),
        };
        let in_progress = matches!(q.step.get_untracked(), Step::Introduction | Step::Item(_));
        let empty = content.answers.is_empty()
            && content
                .nhs_number
                .as_deref()
                .is_none_or(|n| n.trim().is_empty());
        if q.writable.get() != Some(true) || q.finished.get_untracked() || !in_progress || empty {
            return;
        }
        save_generation.update_value(|g| *g += 1);
        let generation = save_generation.get_value();
        let draft_id = q.draft_id.clone();
        let instrument_id = q.definition.id.clone();
        let finished = q.finished;
        let error = q.error;
        let db = db.get();
        leptos::task::spawn_local(async move {
            let Ok(sealed) = drafts::seal(&draft_id, &content).await else {
                return;
            };
            if save_generation.get_value() == generation && !finished.get_untracked() {
                let draft = drafts::Draft {
                    id: draft_id,
                    instrument_id,
                    updated_at: platform::now_text(),
                    content: sealed,
                };
                if let Err(e) = drafts::put(&db, &draft).await {
                    error.set(Some(format!("{e}. The answers are still on screen.")));
                }
            }
        });
    });
}
