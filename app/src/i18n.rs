//! The app's own text in each language it speaks, through Project Fluent (`fluent-bundle`): one
//! `.ftl` file per language in `app/locales/`, parsed the first time the language is shown.
//!
//! Only the app's own words are here. Instrument wording is data (`shared::instrument`) and is
//! shown only in a language its definition publishes as validated; see
//! [`instrument_language`]. A message missing from a language falls back to English, so a
//! new English message never shows a bare id.
//!
//! Two languages can be on screen at once: the practitioner's app language (the app root
//! provides it as the [`Locale`]) and the patient's language on a questionnaire (the
//! questionnaire page provides its own [`Locale`], which its steps read instead).

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use leptos::prelude::*;
use std::cell::RefCell;

/// A language the app's own text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Ur,
    Ar,
    Pl,
    Pa,
    Bn,
    Ro,
}

impl Lang {
    /// Every language, in the order the pickers show them.
    pub const ALL: [Lang; 7] = [
        Lang::En,
        Lang::Ur,
        Lang::Ar,
        Lang::Pl,
        Lang::Pa,
        Lang::Bn,
        Lang::Ro,
    ];

    /// The BCP 47 tag, as in `lang=` and in instrument translations.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ur => "ur",
            Lang::Ar => "ar",
            Lang::Pl => "pl",
            Lang::Pa => "pa",
            Lang::Bn => "bn",
            Lang::Ro => "ro",
        }
    }

    /// The language named in itself, as a speaker looks for it in a picker.
    pub fn own_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Ur => "اردو",
            Lang::Ar => "العربية",
            Lang::Pl => "Polski",
            Lang::Pa => "ਪੰਜਾਬੀ",
            Lang::Bn => "বাংলা",
            Lang::Ro => "Română",
        }
    }

    /// The language of a tag (its primary subtag), if the app speaks it.
    pub fn parse(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        Lang::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(primary))
    }

    pub fn is_right_to_left(self) -> bool {
        matches!(self, Lang::Ur | Lang::Ar)
    }

    /// `rtl` or `ltr`, for `dir=`.
    pub fn dir(self) -> &'static str {
        if self.is_right_to_left() {
            "rtl"
        } else {
            "ltr"
        }
    }

    fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("../locales/en.ftl"),
            Lang::Ur => include_str!("../locales/ur.ftl"),
            Lang::Ar => include_str!("../locales/ar.ftl"),
            Lang::Pl => include_str!("../locales/pl.ftl"),
            Lang::Pa => include_str!("../locales/pa.ftl"),
            Lang::Bn => include_str!("../locales/bn.ftl"),
            Lang::Ro => include_str!("../locales/ro.ftl"),
        }
    }

    /// The id of the message naming this language (in the language of the bundle it is read from).
    pub fn name_id(self) -> &'static str {
        match self {
            Lang::En => "lang-en",
            Lang::Ur => "lang-ur",
            Lang::Ar => "lang-ar",
            Lang::Pl => "lang-pl",
            Lang::Pa => "lang-pa",
            Lang::Bn => "lang-bn",
            Lang::Ro => "lang-ro",
        }
    }

    fn index(self) -> usize {
        Lang::ALL.iter().position(|l| *l == self).unwrap_or(0)
    }
}

type Bundle = FluentBundle<FluentResource>;

thread_local! {
    /// Each language's bundle, parsed when first used.
    static BUNDLES: RefCell<[Option<Bundle>; 7]> = const { RefCell::new([None, None, None, None, None, None, None]) };
}

fn bundle(lang: Lang) -> Bundle {
    let resource = match FluentResource::try_new(lang.source().to_owned()) {
        Ok(resource) => resource,
        // A syntax error keeps the messages that did parse (the unit test refuses any).
        Err((resource, _)) => resource,
    };
    let id: unic_langid::LanguageIdentifier = lang.tag().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new(vec![id]);
    // Isolation marks keep an English name or a number the right way round inside
    // right-to-left text; left-to-right text does not need them.
    bundle.set_use_isolating(lang.is_right_to_left());
    let _ = bundle.add_resource(resource);
    bundle
}

/// Formats message `id` in `lang` with `args`, from English when `lang` lacks it.
fn format(lang: Lang, id: &str, args: Option<&FluentArgs>) -> Option<String> {
    BUNDLES.with(|bundles| {
        let mut bundles = bundles.borrow_mut();
        let slot = &mut bundles[lang.index()];
        let bundle = slot.get_or_insert_with(|| bundle(lang));
        let pattern = bundle.get_message(id)?.value()?;
        let mut errors = Vec::new();
        Some(
            bundle
                .format_pattern(pattern, args, &mut errors)
                .into_owned(),
        )
    })
}

/// Whether `lang`'s own file has message `id` (no fallback), and parsed without an error.
pub fn has_message(lang: Lang, id: &str) -> bool {
    FluentResource::try_new(lang.source().to_owned()).is_ok() && format(lang, id, None).is_some()
}

/// The message ids of the English file, in order (every other language should have them all).
pub fn english_ids() -> Vec<String> {
    Lang::En
        .source()
        .lines()
        .filter_map(|line| line.split_once(" ="))
        .map(|(id, _)| id.trim())
        .filter(|id| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        .map(str::to_owned)
        .collect()
}

/// Message `id` in `lang` (English when `lang` has no such message; the id when neither has).
pub fn tr(lang: Lang, id: &str) -> String {
    tr_args(lang, id, &[])
}

/// Message `id` in `lang` with named arguments (numbers choose plural forms).
pub fn tr_args(lang: Lang, id: &str, args: &[(&'static str, Arg)]) -> String {
    let args = (!args.is_empty()).then(|| {
        let mut fluent = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(text) => fluent.set(*name, FluentValue::from(text.clone())),
                Arg::Number(n) => fluent.set(*name, FluentValue::from(*n)),
            }
        }
        fluent
    });
    format(lang, id, args.as_ref())
        .or_else(|| format(Lang::En, id, args.as_ref()))
        .unwrap_or_else(|| id.to_owned())
}

/// One argument of a message.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Number(f64),
}

impl From<&str> for Arg {
    fn from(text: &str) -> Self {
        Arg::Text(text.to_owned())
    }
}

impl From<String> for Arg {
    fn from(text: String) -> Self {
        Arg::Text(text)
    }
}

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Number(n as f64)
    }
}

impl From<u32> for Arg {
    fn from(n: u32) -> Self {
        Arg::Number(f64::from(n))
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Number(n as f64)
    }
}

/// The language the components below it speak in: provided by the app root (the
/// practitioner's app language) and again by a questionnaire (the patient's language).
#[derive(Debug, Clone, Copy)]
pub struct Locale(pub Signal<Lang>);

impl Locale {
    /// The nearest [`Locale`] above the calling component (English when none is provided).
    pub fn current() -> Locale {
        use_context::<Locale>().unwrap_or(Locale(Signal::stored(Lang::En)))
    }

    pub fn lang(self) -> Lang {
        self.0.get()
    }

    /// Message `id` as a reactive text: it follows the language.
    pub fn t(self, id: &'static str) -> impl Fn() -> String + Copy + Send + Sync + 'static {
        move || tr(self.0.get(), id)
    }

    /// Message `id` in the language now (tracked when called inside a reactive closure).
    pub fn text(self, id: &str) -> String {
        tr(self.0.get(), id)
    }

    /// Message `id` with arguments, in the language now.
    pub fn text_args(self, id: &str, args: &[(&'static str, Arg)]) -> String {
        tr_args(self.0.get(), id, args)
    }
}

/// The language a questionnaire's questions are shown in when the patient chose `chosen`: the
/// chosen one when the definition publishes a validated translation into it (or is written in
/// it), else the definition's own language (clinical wording is never translated by the app).
pub fn instrument_language(
    definition: &shared::instrument::InstrumentDefinition,
    chosen: Lang,
) -> String {
    if Lang::parse(&definition.language) == Some(chosen) {
        return definition.language.clone();
    }
    definition
        .translations
        .iter()
        .find(|(tag, t)| t.validated && Lang::parse(tag) == Some(chosen))
        .map_or_else(|| definition.language.clone(), |(tag, _)| tag.clone())
}

/// Marks the whole document as written in `lang` (`<html lang dir>`).
pub fn set_document_language(lang: Lang) {
    if let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = root.set_attribute("lang", lang.tag());
        let _ = root.set_attribute("dir", lang.dir());
    }
}
