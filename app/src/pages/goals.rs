//! Goal Attainment Scaling on the tablet: agreeing goals with the patient (a description per
//! level, optional importance and difficulty, the baseline), and rating attainment at review for
//! a goal set agreed earlier on this device.

use crate::i18n::Locale;
use crate::state::{AppContext, Screen, Settle};
use crate::store::goal_sets;
use leptos::prelude::*;
use rexie::Rexie;
use serde_json::Value;
use shared::goals::{Goal, LEVELS};
use std::collections::BTreeMap;

/// The label of a GAS level (Turner-Stokes wording, as in the HL7 PCO guide).
pub fn level_label(level: i64) -> &'static str {
    match level {
        -2 => "gas-level-minus-2",
        -1 => "gas-level-minus-1",
        0 => "gas-level-0",
        1 => "gas-level-plus-1",
        _ => "gas-level-plus-2",
    }
}

/// A goal being written, before it is complete.
#[derive(Debug, Clone, Default, PartialEq)]
struct Draft {
    id: String,
    description: String,
    levels: [String; 5],
    importance: Option<u8>,
    difficulty: Option<u8>,
    baseline: Option<i64>,
}

impl Draft {
    fn new() -> Self {
        Self {
            id: crate::platform::new_uuid().to_string(),
            ..Self::default()
        }
    }

    fn to_goal(&self) -> Goal {
        Goal {
            id: self.id.clone(),
            description: self.description.clone(),
            levels: LEVELS
                .iter()
                .zip(&self.levels)
                .filter(|(_, text)| !text.trim().is_empty())
                .map(|(level, text)| (*level, text.clone()))
                .collect(),
            importance: self.importance,
            difficulty: self.difficulty,
            // 0 is not a valid baseline, so an unrated goal stays incomplete.
            baseline: self.baseline.unwrap_or(0),
            attainment: None,
        }
    }
}

fn update(drafts: RwSignal<Vec<Draft>>, index: usize, change: impl FnOnce(&mut Draft)) {
    drafts.update(|all| {
        if let Some(draft) = all.get_mut(index) {
            change(draft);
        }
    });
}

fn read<T: Default>(drafts: RwSignal<Vec<Draft>>, index: usize, get: impl Fn(&Draft) -> T) -> T {
    drafts.with(|all| all.get(index).map(get).unwrap_or_default())
}

/// Agreeing goals: every change is passed on as the goals answer.
#[component]
pub fn GoalEditor(
    item_id: String,
    max_goals: u32,
    on_answer: Callback<(String, Value)>,
) -> impl IntoView {
    let drafts = RwSignal::new(vec![Draft::new()]);
    Effect::new(move |_| {
        let goals: Vec<Goal> = drafts.with(|all| all.iter().map(Draft::to_goal).collect());
        on_answer.run((
            item_id.clone(),
            serde_json::to_value(goals).unwrap_or(Value::Null),
        ));
    });
    let count = move || drafts.with(Vec::len);
    let locale = Locale::current();

    view! {
        <div class="goal-editor">
            <For each=move || 0..count() key=|index| *index let:index>
                <fieldset class="goal" data-goal=index.to_string()>
                    <legend>{move || locale.text_args("gas-goal", &[("number", (index + 1).into())])}</legend>
                    <label class="field">
                        {locale.t("gas-description")}
                        <textarea
                            class="goal-description"
                            rows="2"
                            maxlength="500"
                            prop:value=move || read(drafts, index, |d| d.description.clone())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                update(drafts, index, |d| d.description = text);
                            }
                        ></textarea>
                    </label>
                    {LEVELS
                        .iter()
                        .enumerate()
                        .map(|(slot, level)| view! {
                            <label class="field">
                                {locale.t(level_label(*level))}
                                <input
                                    type="text"
                                    class="goal-level"
                                    data-level=level.to_string()
                                    maxlength="500"
                                    prop:value=move || read(drafts, index, |d| d.levels[slot].clone())
                                    on:input=move |ev| {
                                        let text = event_target_value(&ev);
                                        update(drafts, index, |d| d.levels[slot] = text);
                                    }
                                />
                            </label>
                        })
                        .collect_view()}
                    <div class="rating" role="radiogroup" aria-label=locale.t("gas-now")>
                        <span>{locale.t("gas-now")}</span>
                        {[(-1, "gas-now-some"), (-2, "gas-now-none")]
                            .into_iter()
                            .map(|(value, label)| view! {
                                <button
                                    class="option-button goal-baseline"
                                    role="radio"
                                    data-value=value.to_string()
                                    aria-checked=move || (read(drafts, index, |d| d.baseline) == Some(value)).to_string()
                                    on:click=move |_| update(drafts, index, |d| d.baseline = Some(value))
                                >
                                    {locale.t(label)}
                                </button>
                            })
                            .collect_view()}
                    </div>
                    {[("importance", "gas-importance"), ("difficulty", "gas-difficulty")]
                        .into_iter()
                        .map(|(which, label)| view! {
                            <div class="rating" role="radiogroup" aria-label=locale.t(label)>
                                <span>{locale.t(label)}</span>
                                {(0u8..=3)
                                    .map(|value| {
                                        let pick = move |d: &Draft| if which == "importance" { d.importance } else { d.difficulty };
                                        view! {
                                            <button
                                                class=format!("option-button goal-{which}")
                                                role="radio"
                                                data-value=value.to_string()
                                                aria-checked=move || (read(drafts, index, pick) == Some(value)).to_string()
                                                on:click=move |_| update(drafts, index, |d| {
                                                    let slot = if which == "importance" { &mut d.importance } else { &mut d.difficulty };
                                                    *slot = if *slot == Some(value) { None } else { Some(value) };
                                                })
                                            >
                                                {value}
                                            </button>
                                        }
                                    })
                                    .collect_view()}
                            </div>
                        })
                        .collect_view()}
                    <Show when=move || { count() > 1 }>
                        <button
                            class="secondary-button remove-goal"
                            on:click=move |_| drafts.update(|all| {
                                if index < all.len() {
                                    all.remove(index);
                                }
                            })
                        >
                            {locale.t("gas-remove")}
                        </button>
                    </Show>
                </fieldset>
            </For>
            <Show when=move || { count() < max_goals as usize }>
                <button id="add-goal" class="secondary-button" on:click=move |_| drafts.update(|all| all.push(Draft::new()))>
                    {locale.t("gas-add")}
                </button>
            </Show>
        </div>
    }
}

/// Rating attainment for each goal of an earlier goal set.
#[component]
pub fn GoalReview(
    item_id: String,
    answers: RwSignal<BTreeMap<String, Value>>,
    on_answer: Callback<(String, Value)>,
) -> impl IntoView {
    let source_id = item_id.clone();
    let goals = Memo::new(move |_| {
        answers.with(|a| {
            a.get(&source_id)
                .and_then(|v| serde_json::from_value::<Vec<Goal>>(v.clone()).ok())
                .unwrap_or_default()
        })
    });
    let locale = Locale::current();
    view! {
        <div class="goal-review">
            {move || {
                goals
                    .get()
                    .into_iter()
                    .enumerate()
                    .map(|(index, goal)| {
                        let item_id = item_id.clone();
                        view! {
                            <fieldset class="goal" data-goal=index.to_string()>
                                <legend>{format!("{}: {}", locale.text_args("gas-goal", &[("number", (index + 1).into())]), goal.description)}</legend>
                                <div class="choices" role="radiogroup">
                                    {LEVELS
                                        .iter()
                                        .map(|level| {
                                            let level = *level;
                                            let item_id = item_id.clone();
                                            let text = goal.levels.get(&level).cloned().unwrap_or_default();
                                            view! {
                                                <button
                                                    class="choice-option goal-attainment"
                                                    role="radio"
                                                    data-value=level.to_string()
                                                    aria-checked=(goal.attainment == Some(level)).to_string()
                                                    class:selected=goal.attainment == Some(level)
                                                    on:click=move |_| {
                                                        let mut all = goals.get_untracked();
                                                        if let Some(goal) = all.get_mut(index) {
                                                            goal.attainment = Some(level);
                                                        }
                                                        on_answer.run((item_id.clone(), serde_json::to_value(all).unwrap_or(Value::Null)));
                                                    }
                                                >
                                                    {format!("{}: {text}", locale.text(level_label(level)))}
                                                </button>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            </fieldset>
                        }
                    })
                    .collect_view()
            }}
        </div>
    }
}

/// The goals of a goal set saved on this device, ready to be rated again.
pub async fn goal_set_for_review(db: &Rexie, id: &str) -> Result<Value, String> {
    let set = goal_sets::get(db, id)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| "That goal set is no longer on this tablet.".to_owned())?;
    let mut goals: Vec<Goal> = serde_json::from_str(&set.goals)
        .map_err(|e| format!("The saved goals are unreadable: {e}"))?;
    for goal in &mut goals {
        goal.attainment = None;
    }
    serde_json::to_value(goals).map_err(|e| e.to_string())
}

/// Choosing a goal set agreed earlier on this tablet.
#[component]
pub fn GoalReviewPicker(instrument_id: String) -> impl IntoView {
    let context = expect_context::<AppContext>();
    let settle = Settle::current();
    let db = context.db;
    let sets = LocalResource::new(move || {
        let db = db.get();
        settle.during(async move { goal_sets::all(&db).await.unwrap_or_default() })
    });
    let open = {
        let context = context.clone();
        move |to: Screen| context.navigate(to)
    };
    view! {
        <h1>"Review goals"</h1>
        <Suspense fallback=|| view! { <p>"Loading…"</p> }>
            {move || {
                let instrument_id = instrument_id.clone();
                let open = open.clone();
                sets.get().map(move |sets| {
                    let sets: Vec<_> = sets.into_iter().filter(|s| s.instrument_id == instrument_id).collect();
                    if sets.is_empty() {
                        return view! { <p class="notice">"No goals have been agreed on this tablet yet."</p> }.into_any();
                    }
                    view! {
                        <ul class="instrument-list">
                            {sets
                                .into_iter()
                                .map(|set| {
                                    let first = serde_json::from_str::<Vec<Goal>>(&set.goals)
                                        .ok()
                                        .and_then(|g| g.first().map(|g| g.description.clone()))
                                        .unwrap_or_default();
                                    let date = set.recorded_at.chars().take(10).collect::<String>();
                                    let id = set.id.clone();
                                    let instrument_id = set.instrument_id.clone();
                                    let open = open.clone();
                                    view! {
                                        <li>
                                            <button
                                                class="big-button goal-set"
                                                data-set=set.id.clone()
                                                on:click=move |_| open(Screen::Questionnaire {
                                                    instrument_id: instrument_id.clone(),
                                                    review_of: Some(id.clone()),
                                                    draft: None,
                                                })
                                            >
                                                {format!("Goals agreed {date}: {first}")}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                    .into_any()
                })
            }}
        </Suspense>
        <button class="secondary-button" on:click=move |_| context.navigate(Screen::Home)>"Back"</button>
    }
}
