//! The evaluator dashboard over `GET /api/v1/outcomes`: the filters, headline figures, and
//! charts (each an SVG with an accessible name and a table of its figures): paired change with
//! its 95% CI by role, responses and follow-up rate by month, band distribution, GAS T-scores at
//! review, FFT % positive by month, change by IMD quintile and by ethnic group, and the
//! follow-up funnel; then the export buttons. Every figure is the server's suppressed one.
//!
//! - [`selection`]: the filters as chosen and the query they become.
//! - [`filters`]: the filter form.
//! - [`figures`]: the bars of each chart, from the answers.
//! - [`exports`]: the export buttons.

pub mod exports;
pub mod figures;
pub mod filters;
pub mod selection;

use crate::components::chart::BarChart;
use crate::components::message::ErrorMessage;
use crate::format;
use crate::session::Session;
use filters::{Choices, FilterForm};
use leptos::prelude::*;
use selection::Selection;
use shared::api::{OrganisationView, OutcomesResponse, RoleView};

/// The answers of one application of the filters.
#[derive(Debug, Clone, PartialEq)]
struct Results {
    total: OutcomesResponse,
    by_role: OutcomesResponse,
    by_month: OutcomesResponse,
    /// None when a demographic filter rules the breakdown out.
    by_imd: Option<OutcomesResponse>,
    by_ethnic_group: Option<OutcomesResponse>,
}

async fn fetch(session: Session, selection: &Selection) -> Result<Results, String> {
    let today = crate::browser::year_month();
    let get = |group_by: &'static str| {
        let path = format!("/outcomes?{}", selection.query(group_by, today));
        async move { session.get::<OutcomesResponse>(&path).await }
    };
    let total = get("").await?;
    let by_role = get("role").await?;
    let by_month = get("month").await?;
    let by_imd = if selection.allows_breakdown("imd_quintile") {
        Some(get("imd_quintile").await?)
    } else {
        None
    };
    let by_ethnic_group = if selection.allows_breakdown("ethnic_group") {
        Some(get("ethnic_group").await?)
    } else {
        None
    };
    Ok(Results {
        total,
        by_role,
        by_month,
        by_imd,
        by_ethnic_group,
    })
}

fn load_choices(session: Session, choices: Choices, error: RwSignal<Option<String>>) {
    choices.domains.set(shared::catalog::default_domains());
    session.spawn(async move {
        match session.get::<Vec<RoleView>>("/roles").await {
            Ok(roles) => {
                choices.roles.try_set(roles);
            }
            Err(message) => {
                error.try_set(Some(message));
            }
        };
        if let Ok(list) = session
            .get::<crate::instruments::Listed>("/instruments")
            .await
        {
            choices
                .instruments
                .try_set(crate::instruments::titles(&list.definitions));
        }
        if session.is_admin()
            && let Ok(list) = session.get::<Vec<OrganisationView>>("/organisations").await
        {
            choices.organisations.try_set(list);
        }
    });
}

#[component]
pub fn OutcomesPage() -> impl IntoView {
    let session = Session::current();
    let choices = Choices {
        organisations: RwSignal::new(Vec::new()),
        roles: RwSignal::new(Vec::new()),
        domains: RwSignal::new(Vec::new()),
        instruments: RwSignal::new(Vec::new()),
    };
    let error = RwSignal::new(None::<String>);
    let selection = RwSignal::new(Selection::new());
    let results = RwSignal::new(None::<Results>);
    let measure = RwSignal::new(String::new());
    load_choices(session, choices, error);

    let apply = move |chosen: Selection| {
        error.set(None);
        selection.set(chosen.clone());
        session.spawn(async move {
            match fetch(session, &chosen).await {
                Ok(loaded) => {
                    let measures = &loaded.total.total.measures;
                    let keep = measures
                        .iter()
                        .any(|m| m.measure == measure.get_untracked());
                    if !keep {
                        let first = measures
                            .iter()
                            .find(|m| m.paired.is_some())
                            .or(measures.first())
                            .map(|m| m.measure.clone())
                            .unwrap_or_default();
                        measure.try_set(first);
                    }
                    results.try_set(Some(loaded));
                }
                Err(message) => {
                    error.try_set(Some(message));
                }
            }
        });
    };
    apply(Selection::new());

    view! {
        <p class="page-intro">"Outcomes of the responses your organisation and those below it collected, from the suppressed aggregates: counts of 1 to 7 are withheld (shown as “fewer than 8”), other counts are rounded to the nearest 5, and figures that would reveal a small number are withheld too."</p>
        <FilterForm choices=choices apply=apply/>
        <ErrorMessage id="outcomes-error" message=error/>
        {move || results.get().map(|loaded| view! { <Dashboard results=loaded measure=measure/> })}
        <ExportsSection selection=selection/>
    }
}

#[component]
fn ExportsSection(selection: RwSignal<Selection>) -> impl IntoView {
    view! { <exports::ExportButtons selection=selection/> }
}

#[component]
fn Dashboard(results: Results, measure: RwSignal<String>) -> impl IntoView {
    let options: Vec<(String, String)> = results
        .total
        .total
        .measures
        .iter()
        .map(|m| {
            let label = m.label.clone().unwrap_or_else(|| m.measure.clone());
            (m.measure.clone(), format!("{label} ({})", m.measure))
        })
        .collect();
    let suppression = results.total.suppression.clone();
    let results = StoredValue::new(results);
    let no_data = options.is_empty();
    view! {
        <section class="dashboard" aria-labelledby="dashboard-heading" id="dashboard">
            <h2 id="dashboard-heading">"Figures"</h2>
            <p class="suppression-note">{suppression}</p>
            {no_data.then(|| view! { <p class="notice" id="no-outcomes">"No responses match these filters."</p> })}
            <div class="field measure-picker">
                <label for="chart-measure">"Measure shown in the charts"</label>
                <select id="chart-measure" prop:value=move || measure.get() on:change=move |ev| measure.set(event_target_value(&ev))>
                    {options.into_iter().map(|(code, text)| {
                        let selected = measure.get_untracked() == code;
                        view! { <option value=code selected=selected>{text}</option> }
                    }).collect_view()}
                </select>
            </div>
            {move || {
                let key = measure.get();
                results.with_value(|r| charts(r, &key))
            }}
        </section>
    }
}

fn charts(results: &Results, key: &str) -> AnyView {
    let total = &results.total.total;
    let Some(chosen) = figures::measure(total, key) else {
        return ().into_any();
    };
    let name = chosen.label.clone().unwrap_or_else(|| key.to_owned());
    let instrument_id = chosen.instrument.clone();
    let instrument_name = figures::instrument(total, &instrument_id)
        .and_then(|i| i.label.clone())
        .unwrap_or_else(|| instrument_id.clone());
    let headline = headline(results, key, &instrument_id);
    let paired_note =
        chosen.paired.as_ref().filter(|p| p.too_few_pairs).map(|_| {
            "Too few pairs (fewer than 30) overall: read the change with caution.".to_owned()
        });
    let breakdown = |answer: &Option<OutcomesResponse>, id: &'static str, title: String| {
        match answer {
        Some(answer) => view! {
            <BarChart id=id title=title value_heading="Mean change"
                extra_headings=vec!["95% interval".to_owned(), "Pairs".to_owned()]
                bars=figures::change_bars(&answer.rows, key)/>
        }
        .into_any(),
        None => view! {
            <p class="notice">{format!("{title}: not available while a demographic filter is on (one demographic at a time).")}</p>
        }
        .into_any(),
    }
    };
    view! {
        {headline}
        <div class="chart-grid">
            <BarChart id="chart-change-by-role" title=format!("Mean change in {name} by professional role, with 95% confidence interval")
                value_heading="Mean change" extra_headings=vec!["95% interval".to_owned(), "Pairs".to_owned()]
                bars=figures::change_bars(&results.by_role.rows, key) note=paired_note/>
            <BarChart id="chart-responses-by-month" title=format!("{instrument_name} responses by month")
                value_heading="Responses" bars=figures::response_bars(&results.by_month.rows, &instrument_id)/>
            <BarChart id="chart-follow-up-by-month" title=format!("{instrument_name} follow-up rate by month of baseline (%)")
                value_heading="Follow-up rate" extra_headings=vec!["Baselines".to_owned(), "With a follow-up".to_owned()]
                bars=figures::follow_up_bars(&results.by_month.rows, &instrument_id)/>
            <BarChart id="chart-bands" title=format!("{name}: share of responses in each band (%)")
                value_heading="Share" extra_headings=vec!["Responses".to_owned()]
                bars=figures::band_bars(total, key)/>
            <BarChart id="chart-funnel" title=format!("{instrument_name} follow-up funnel (episodes)")
                value_heading="Episodes" bars=figures::funnel_bars(total, &instrument_id)/>
            <BarChart id="chart-gas" title="GAS mean T-score at review by professional role (50 = goals met as expected)"
                value_heading="Mean T" extra_headings=vec!["Reviews".to_owned(), "T of 50 or more".to_owned()]
                bars=figures::gas_bars(&results.by_role.rows)/>
            <BarChart id="chart-fft" title="Friends and Family Test: % positive by month"
                value_heading="% positive" extra_headings=vec!["Responses".to_owned(), "% negative".to_owned()]
                bars=figures::fft_bars(&results.by_month.rows)/>
            {breakdown(&results.by_imd, "chart-change-by-imd", format!("Mean change in {name} by deprivation (IMD quintile)"))}
            {breakdown(&results.by_ethnic_group, "chart-change-by-ethnic-group", format!("Mean change in {name} by ethnic group"))}
        </div>
    }
    .into_any()
}

fn headline(results: &Results, key: &str, instrument_id: &str) -> impl IntoView {
    let total = &results.total.total;
    let chosen = figures::measure(total, key);
    let mut cards: Vec<(String, String)> = vec![(
        "Responses (all instruments)".into(),
        figures::total_responses(total),
    )];
    if let Some(m) = chosen {
        cards.push((
            "Responses with this score".into(),
            format::count(&m.cross_sectional.n),
        ));
        if let Some(mean) = &m.cross_sectional.mean {
            cards.push(("Mean score".into(), format::figure(mean, 2)));
        }
        if let Some(paired) = &m.paired {
            cards.push((
                "Pairs (baseline and follow-up)".into(),
                format::count(&paired.pairs),
            ));
            cards.push((
                "Mean change (95% CI)".into(),
                if paired.too_few_pairs {
                    format!(
                        "too few pairs: {} ({})",
                        format::figure(&paired.mean_change, 2),
                        format::interval(&paired.mean_change_ci, 2)
                    )
                } else {
                    format!(
                        "{} ({})",
                        format::figure(&paired.mean_change, 2),
                        format::interval(&paired.mean_change_ci, 2)
                    )
                },
            ));
        }
    }
    if let Some(instrument) = figures::instrument(total, instrument_id) {
        cards.push((
            "Follow-up rate".into(),
            format::percent(&instrument.funnel.follow_up_percent),
        ));
    }
    view! {
        <dl class="headline" id="headline">
            {cards.into_iter().map(|(label, value)| view! {
                <div class="headline-figure"><dt>{label}</dt><dd>{value}</dd></div>
            }).collect_view()}
        </dl>
    }
}
