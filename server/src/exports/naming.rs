//! What an export's file is called and which period it covers: `<kind>_<scope>_<period>_<date>`,
//! so a downloaded file says what it holds.

/// A file-name-safe form of a name: lowercase letters and digits, other runs as one `-`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(40).collect();
    let out = out.trim_end_matches('-').to_owned();
    if out.is_empty() { "scope".into() } else { out }
}

/// The months a file covers: the query's `from`/`to` where given, else the data's own first
/// and last month; `None` when there is neither.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    data: Option<&(String, String)>,
) -> Option<(String, String)> {
    let low = from
        .map(str::to_owned)
        .or_else(|| data.map(|d| d.0.clone()));
    let high = to.map(str::to_owned).or_else(|| data.map(|d| d.1.clone()));
    match (low, high) {
        (Some(low), Some(high)) => Some((low, high)),
        (Some(low), None) => Some((low.clone(), low)),
        (None, Some(high)) => Some((high.clone(), high)),
        (None, None) => None,
    }
}

/// The period in a file name: `2026-04_to_2026-06`, one month alone, or `no-data`.
pub fn period_label(period: Option<&(String, String)>) -> String {
    match period {
        Some((low, high)) if low == high => low.clone(),
        Some((low, high)) => format!("{low}_to_{high}"),
        None => "no-data".into(),
    }
}

/// The first and last day (`YYYY-MM-DD`) of inclusive `YYYY-MM` months; `None` if unparsable.
pub fn period_dates(period: &(String, String)) -> Option<(String, String)> {
    let parse = |month: &str| -> Option<(i32, u8)> {
        let (year, month) = month.split_once('-')?;
        Some((year.parse().ok()?, month.parse().ok()?))
    };
    let (y0, m0) = parse(&period.0)?;
    let (y1, m1) = parse(&period.1)?;
    let last = time::util::days_in_month(time::Month::try_from(m1).ok()?, y1);
    Some((
        format!("{y0:04}-{m0:02}-01"),
        format!("{y1:04}-{m1:02}-{last:02}"),
    ))
}

/// `<kind>_<scope>_<period>_<date>.<extension>`.
pub fn file_name(kind: &str, scope: &str, period: &str, date: &str, extension: &str) -> String {
    format!("{kind}_{}_{period}_{date}.{extension}", slug(scope))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_what_the_file_holds() {
        assert_eq!(slug("PCN North (Leeds)"), "pcn-north-leeds");
        assert_eq!(slug("***"), "scope");
        let data = ("2026-04".to_owned(), "2026-06".to_owned());
        let p = period(None, Some("2026-05"), Some(&data)).unwrap();
        assert_eq!(p, ("2026-04".to_owned(), "2026-05".to_owned()));
        assert_eq!(period_label(Some(&p)), "2026-04_to_2026-05");
        assert_eq!(period_label(None), "no-data");
        assert_eq!(
            period_dates(&("2024-01".into(), "2024-02".into())).unwrap(),
            ("2024-01-01".to_owned(), "2024-02-29".to_owned())
        );
        assert_eq!(
            file_name("outcomes", "PCN North", "2026-04", "2026-12-01", "csv"),
            "outcomes_pcn-north_2026-04_2026-12-01.csv"
        );
    }
}
