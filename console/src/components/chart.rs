//! A horizontal bar chart in SVG, one bar per group, with an optional 95% interval drawn as a
//! whisker, an accessible name, and the same figures as a table (under "Show the figures as a
//! table"). A withheld figure draws no bar: it says "fewer than 8" (or why it is withheld) in
//! place of the bar, so it can never be read as 0.

use leptos::prelude::*;

/// One group's bar.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// The figure; none when withheld or not applicable.
    pub value: Option<f64>,
    /// The figure as people read it (also for a withheld one).
    pub text: String,
    /// The 95% interval, when there is one.
    pub interval: Option<(f64, f64)>,
    /// Extra columns of the table (e.g. the interval in words, the pairs).
    pub extra: Vec<String>,
}

const WIDTH: f64 = 720.0;
const LABEL_WIDTH: f64 = 200.0;
const PLOT_WIDTH: f64 = 380.0;
const ROW: f64 = 30.0;

fn scale(bars: &[Bar]) -> (f64, f64) {
    let mut low: f64 = 0.0;
    let mut high: f64 = 0.0;
    for bar in bars {
        for value in bar
            .value
            .into_iter()
            .chain(bar.interval.into_iter().flat_map(|(a, b)| [a, b]))
        {
            low = low.min(value);
            high = high.max(value);
        }
    }
    if (high - low).abs() < f64::EPSILON {
        high = low + 1.0;
    }
    (low, high)
}

#[component]
pub fn BarChart(
    /// Unique on the page; the chart's elements derive their ids from it.
    #[prop(into)]
    id: String,
    /// The chart's accessible name and caption.
    #[prop(into)]
    title: String,
    /// The heading of the figure column in the table.
    #[prop(into)]
    value_heading: String,
    /// Headings of the extra table columns.
    #[prop(optional)]
    extra_headings: Vec<String>,
    bars: Vec<Bar>,
    /// A line under the caption (e.g. "Too few pairs: read with caution").
    #[prop(default = None)]
    note: Option<String>,
) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    let labelled_by = caption_id.clone();
    if bars.is_empty() {
        return view! {
            <figure class="chart" id=id aria-labelledby=labelled_by>
                <figcaption id=caption_id>{title}</figcaption>
                <p class="chart-empty">"No figures for this selection."</p>
            </figure>
        }
        .into_any();
    }
    let (low, high) = scale(&bars);
    let x = move |value: f64| LABEL_WIDTH + (value - low) / (high - low) * PLOT_WIDTH;
    let height = ROW * bars.len() as f64 + 24.0;
    let zero = x(0.0);
    let rows = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let top = ROW * i as f64 + 4.0;
            let middle = top + ROW / 2.0;
            let shape = bar.value.map(|value| {
                let (from, to) = if value >= 0.0 { (zero, x(value)) } else { (x(value), zero) };
                view! {
                    <rect class="chart-bar" x=from y=top + 4.0 width=(to - from).max(1.0) height=ROW - 10.0/>
                }
            });
            let whisker = bar.interval.map(|(a, b)| {
                view! {
                    <line class="chart-interval" x1=x(a) x2=x(b) y1=middle y2=middle/>
                    <line class="chart-interval" x1=x(a) x2=x(a) y1=middle - 6.0 y2=middle + 6.0/>
                    <line class="chart-interval" x1=x(b) x2=x(b) y1=middle - 6.0 y2=middle + 6.0/>
                }
            });
            let text_x = bar
                .value
                .map(|v| x(v).max(zero))
                .into_iter()
                .chain(bar.interval.map(|(a, b)| x(a.max(b))))
                .fold(zero, f64::max)
                + 8.0;
            let withheld = bar.value.is_none();
            view! {
                <text class="chart-label" x=LABEL_WIDTH - 8.0 y=middle + 5.0 text-anchor="end">{shorten(&bar.label)}</text>
                {shape}
                {whisker}
                <text class="chart-value" class:chart-withheld=withheld x=text_x y=middle + 5.0>{bar.text.clone()}</text>
            }
        })
        .collect_view();
    let table_rows = bars
        .iter()
        .map(|bar| {
            view! {
                <tr>
                    <th scope="row">{bar.label.clone()}</th>
                    <td>{bar.text.clone()}</td>
                    {bar.extra.iter().map(|e| view! { <td>{e.clone()}</td> }).collect_view()}
                </tr>
            }
        })
        .collect_view();
    view! {
        <figure class="chart" id=id aria-labelledby=labelled_by>
            <figcaption id=caption_id>{title.clone()}</figcaption>
            {note.map(|note| view! { <p class="chart-note">{note}</p> })}
            <svg
                class="chart-svg"
                role="img"
                aria-label=title.clone()
                viewBox=format!("0 0 {WIDTH} {height}")
                preserveAspectRatio="xMinYMin meet"
            >
                <line class="chart-axis" x1=zero x2=zero y1=0 y2=height - 20.0/>
                {rows}
            </svg>
            <details class="chart-table">
                <summary>"Show the figures as a table"</summary>
                <table>
                    <caption>{title}</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Group"</th>
                            <th scope="col">{value_heading}</th>
                            {extra_headings.into_iter().map(|h| view! { <th scope="col">{h}</th> }).collect_view()}
                        </tr>
                    </thead>
                    <tbody>{table_rows}</tbody>
                </table>
            </details>
        </figure>
    }
    .into_any()
}

/// Labels longer than the label column are cut with an ellipsis (the table has them whole).
fn shorten(label: &str) -> String {
    const MAX: usize = 26;
    if label.chars().count() <= MAX {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(MAX - 1).collect();
        format!("{cut}…")
    }
}
