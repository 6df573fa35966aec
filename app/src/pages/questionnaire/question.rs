//! One question of the questionnaire on screen, with Back and Next (Finish on the last shown
//! question, which queues the response).

use super::model::{Questionnaire, Step};
use crate::pages::items::ItemScreen;
use crate::state::ScreenAction;
use crate::workflow::answers::{next_shown, previous_shown};
use leptos::prelude::*;
use serde_json::Value;

#[component]
pub(super) fn Question(q: Questionnaire, index: usize, finish: ScreenAction<()>) -> impl IntoView {
    let answers = q.answers;
    let busy = finish.pending();
    let go_next = {
        let q = q.clone();
        Callback::new(move |()| {
            let next = answers.with_untracked(|a| next_shown(&q.definition, a, index + 1));
            match next {
                Some(next) => q.go(Step::Item(next)),
                None if !busy.get_untracked() => {
                    finish.dispatch_local(());
                }
                None => {}
            }
        })
    };
    let go_back = {
        let q = q.clone();
        Callback::new(move |()| {
            let previous = answers.with_untracked(|a| previous_shown(&q.definition, a, index));
            q.go(previous.map_or(Step::Introduction, Step::Item));
        })
    };
    let is_last = {
        let q = q.clone();
        Signal::derive(move || answers.with(|a| next_shown(&q.definition, a, index + 1).is_none()))
    };
    let on_answer = {
        let q = q.clone();
        Callback::new(move |(item, value): (String, Value)| q.answer(item, value))
    };
    view! {
        <ItemScreen
            texts=q.texts.clone()
            index=index
            answers=answers
            on_answer=on_answer
            on_next=go_next
            on_back=go_back
            is_last=is_last
            busy=busy.into()
            reviewing=q.reviewing
            auto_read=q.auto_read.get_untracked()
        />
    }
}
