//! Which questions of a definition are shown, given the answers so far: the display conditions
//! (`enable_when`) evaluated on the numeric answers.

use serde_json::Value;
use shared::instrument::InstrumentDefinition;
use shared::validate::{Answer, is_enabled};
use std::collections::BTreeMap;

/// The numeric answers, typed, for evaluating display conditions.
pub fn typed(answers: &BTreeMap<String, Value>) -> BTreeMap<String, Answer> {
    answers
        .iter()
        .filter_map(|(k, v)| v.as_i64().map(|n| (k.clone(), Answer::Integer(n))))
        .collect()
}

/// The first item at or after `from` that is shown given `answers`.
pub fn next_shown(
    definition: &InstrumentDefinition,
    answers: &BTreeMap<String, Value>,
    from: usize,
) -> Option<usize> {
    let typed = typed(answers);
    (from..definition.items.len()).find(|&i| is_enabled(&definition.items[i], &typed))
}

/// The last item before `before` that is shown given `answers`.
pub fn previous_shown(
    definition: &InstrumentDefinition,
    answers: &BTreeMap<String, Value>,
    before: usize,
) -> Option<usize> {
    let typed = typed(answers);
    (0..before)
        .rev()
        .find(|&i| is_enabled(&definition.items[i], &typed))
}

/// Only the answers to questions that are shown given all the answers (an answer to a question
/// that a later change hid is dropped).
pub fn shown_answers(
    definition: &InstrumentDefinition,
    answers: BTreeMap<String, Value>,
) -> BTreeMap<String, Value> {
    let typed = typed(&answers);
    answers
        .into_iter()
        .filter(|(id, _)| {
            definition
                .item(id)
                .is_some_and(|item| is_enabled(item, &typed))
        })
        .collect()
}
