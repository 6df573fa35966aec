//! Patient demographics kept for equity breakdowns: the NHS Data Dictionary codes on the wire,
//! age bands, IMD deciles with their edition, and the snapshot codes stored on each response.
//!
//! Everything here is optional and minimal. A value that was not recorded is "not stated"
//! ([`NOT_STATED`]); an IMD decile that could not be derived is [`NOT_KNOWN`]. The codes returned
//! by `code()` are what the database's snapshot columns hold (see migration 0007), so they never
//! change once shipped. Sources: the NHS Data Dictionary elements named on each type, as
//! summarised in `outcome-measures.md` section 9, and the English Indices of Deprivation 2019 and
//! 2025 (MHCLG).

use serde::{Deserialize, Serialize};
use std::fmt;

/// The snapshot code of an attribute that was not recorded.
pub const NOT_STATED: &str = "not_stated";
/// The snapshot code of an IMD decile that could not be derived (no postcode, or a postcode the
/// lookup tables do not know).
pub const NOT_KNOWN: &str = "not_known";

/// Declares a coded enum: the wire form is the code string, `code()` gives it back, `label()`
/// names it for people, and a wrong code is refused with a message that lists the valid ones.
macro_rules! coded_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $($(#[$vmeta:meta])* $variant:ident = $code:literal, $label:literal;)+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
        }

        impl $name {
            /// Every value, in code order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code, as on the wire and in the snapshot columns.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The name shown to people.
            pub fn label(self) -> &'static str {
                match self {
                    $($name::$variant => $label,)+
                }
            }

            /// The value of a code, or `None` when it is not one.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// The valid codes with their labels, for messages: `1 (Male), 2 (Female), ...`.
            fn valid_codes() -> String {
                Self::ALL
                    .iter()
                    .map(|value| format!("{} ({})", value.code(), value.label()))
                    .collect::<Vec<_>>()
                    .join(", ")
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let code = String::deserialize(deserializer)?;
                Self::from_code(&code).ok_or_else(|| {
                    serde::de::Error::custom(format!(
                        "{code:?} is not {}; use one of {}",
                        $what,
                        Self::valid_codes()
                    ))
                })
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some(Self::ALL.iter().map(|value| value.code())))
                    .description(Some(format!("One of {}.", Self::valid_codes())))
                    .into()
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

coded_enum! {
    /// Person stated gender (NHS Data Dictionary "PERSON STATED GENDER CODE"): the sex the
    /// person states.
    StatedSex, "a stated sex code" {
        Male = "1", "Male";
        Female = "2", "Female";
        Indeterminate = "9", "Indeterminate";
        /// Asked, but not known.
        NotKnown = "X", "Not known";
    }
}

coded_enum! {
    /// Gender identity (NHS Data Dictionary "GENDER IDENTITY CODE").
    GenderIdentity, "a gender identity code" {
        Male = "1", "Male (including trans man)";
        Female = "2", "Female (including trans woman)";
        NonBinary = "3", "Non-binary";
        Other = "4", "Other (not listed)";
        /// The person chose not to say.
        NotStated = "Z", "Not stated";
        NotKnown = "X", "Not known";
    }
}

coded_enum! {
    /// Ethnic category (NHS Data Dictionary "ETHNIC CATEGORY", the 2001 census categories:
    /// 16 categories, Z Not stated, and 99 Not known).
    EthnicCategory, "an ethnic category code" {
        WhiteBritish = "A", "White: British";
        WhiteIrish = "B", "White: Irish";
        WhiteOther = "C", "White: any other White background";
        MixedWhiteBlackCaribbean = "D", "Mixed: White and Black Caribbean";
        MixedWhiteBlackAfrican = "E", "Mixed: White and Black African";
        MixedWhiteAsian = "F", "Mixed: White and Asian";
        MixedOther = "G", "Mixed: any other mixed background";
        Indian = "H", "Asian or Asian British: Indian";
        Pakistani = "J", "Asian or Asian British: Pakistani";
        Bangladeshi = "K", "Asian or Asian British: Bangladeshi";
        AsianOther = "L", "Asian or Asian British: any other Asian background";
        BlackCaribbean = "M", "Black or Black British: Caribbean";
        BlackAfrican = "N", "Black or Black British: African";
        BlackOther = "P", "Black or Black British: any other Black background";
        Chinese = "R", "Other ethnic groups: Chinese";
        OtherEthnicGroup = "S", "Other ethnic groups: any other ethnic group";
        /// The person chose not to say.
        NotStated = "Z", "Not stated";
        NotKnown = "99", "Not known";
    }
}

coded_enum! {
    /// The broad ethnic groups the categories fall into (the letter ranges of the NHS Data
    /// Dictionary's ETHNIC CATEGORY): a breakdown for when the 16 categories are too fine.
    EthnicGroup, "an ethnic group code" {
        White = "white", "White";
        Mixed = "mixed", "Mixed";
        Asian = "asian", "Asian or Asian British";
        Black = "black", "Black or Black British";
        Other = "other", "Other ethnic groups";
        /// Not stated, not known, or not recorded.
        NotStated = "not_stated", "Not stated or not known";
    }
}

impl EthnicCategory {
    /// The broad group: White A-C, Mixed D-G, Asian or Asian British H-L, Black or Black British
    /// M-P, Other ethnic groups R-S; Z and 99 are not stated.
    pub fn group(self) -> EthnicGroup {
        use EthnicCategory::*;
        match self {
            WhiteBritish | WhiteIrish | WhiteOther => EthnicGroup::White,
            MixedWhiteBlackCaribbean | MixedWhiteBlackAfrican | MixedWhiteAsian | MixedOther => {
                EthnicGroup::Mixed
            }
            Indian | Pakistani | Bangladeshi | AsianOther => EthnicGroup::Asian,
            BlackCaribbean | BlackAfrican | BlackOther => EthnicGroup::Black,
            Chinese | OtherEthnicGroup => EthnicGroup::Other,
            NotStated | NotKnown => EthnicGroup::NotStated,
        }
    }
}

/// The broad group of a stored `ethnic_category` snapshot code ([`NOT_STATED`] and unknown
/// codes give [`EthnicGroup::NotStated`]).
pub fn ethnic_group_of_code(code: &str) -> EthnicGroup {
    EthnicCategory::from_code(code).map_or(EthnicGroup::NotStated, EthnicCategory::group)
}

coded_enum! {
    /// Age bands: under 18, then ten-year bands from the ONS five-year bands paired (18-24 is the
    /// usual adult first band), up to 85 and over.
    AgeBand, "an age band" {
        Under18 = "0-17", "Under 18";
        From18To24 = "18-24", "18 to 24";
        From25To34 = "25-34", "25 to 34";
        From35To44 = "35-44", "35 to 44";
        From45To54 = "45-54", "45 to 54";
        From55To64 = "55-64", "55 to 64";
        From65To74 = "65-74", "65 to 74";
        From75To84 = "75-84", "75 to 84";
        From85 = "85+", "85 and over";
    }
}

impl AgeBand {
    /// The band of an age in whole years.
    pub fn of_age(age: i32) -> Self {
        match age {
            ..18 => AgeBand::Under18,
            18..=24 => AgeBand::From18To24,
            25..=34 => AgeBand::From25To34,
            35..=44 => AgeBand::From35To44,
            45..=54 => AgeBand::From45To54,
            55..=64 => AgeBand::From55To64,
            65..=74 => AgeBand::From65To74,
            75..=84 => AgeBand::From75To84,
            85.. => AgeBand::From85,
        }
    }

    /// The band of someone born in `birth_year`, in calendar year `year`. Only the year of birth
    /// is kept, so the age is the one reached during `year` (`year - birth_year`); before their
    /// birthday that year the person is a year younger. `None` when `year` is before the birth.
    pub fn at(birth_year: i32, year: i32) -> Option<Self> {
        let age = year.checked_sub(birth_year)?;
        (age >= 0).then(|| Self::of_age(age))
    }
}

/// The `age_band` snapshot code for an optional year of birth in calendar year `year`.
pub fn age_band_code(birth_year: Option<i32>, year: i32) -> &'static str {
    birth_year
        .and_then(|born| AgeBand::at(born, year))
        .map_or(NOT_STATED, AgeBand::code)
}

/// An edition of the English Indices of Deprivation. Deciles of different editions rank
/// different sets of areas (2019: 32,844 LSOAs of 2011; 2025: 33,755 LSOAs of 2021), so a decile
/// is always kept with its edition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ImdEdition {
    /// English Indices of Deprivation 2019 (2011 LSOAs).
    #[serde(rename = "2019")]
    Imd2019,
    /// English Indices of Deprivation 2025 (2021 LSOAs).
    #[serde(rename = "2025")]
    Imd2025,
}

impl ImdEdition {
    pub const ALL: [ImdEdition; 2] = [ImdEdition::Imd2019, ImdEdition::Imd2025];

    /// The publication year, as stored (`lsoa_imd.edition`, `patient_demographics.imd_edition`).
    pub fn year(self) -> u16 {
        match self {
            ImdEdition::Imd2019 => 2019,
            ImdEdition::Imd2025 => 2025,
        }
    }

    pub fn from_year(year: i64) -> Option<Self> {
        match year {
            2019 => Some(ImdEdition::Imd2019),
            2025 => Some(ImdEdition::Imd2025),
            _ => None,
        }
    }
}

impl fmt::Display for ImdEdition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.year())
    }
}

/// An IMD decile with its edition: decile 1 is the most deprived 10% of LSOAs in England.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Imd {
    edition: ImdEdition,
    decile: u8,
}

impl Imd {
    /// `None` unless `decile` is 1 to 10.
    pub fn new(edition: ImdEdition, decile: u8) -> Option<Self> {
        (1..=10)
            .contains(&decile)
            .then_some(Self { edition, decile })
    }

    pub fn edition(self) -> ImdEdition {
        self.edition
    }

    /// 1 (most deprived 10%) to 10 (least deprived 10%).
    pub fn decile(self) -> u8 {
        self.decile
    }

    /// 1 (most deprived 20%) to 5: each quintile is a pair of deciles (1-2, 3-4, ..., 9-10).
    pub fn quintile(self) -> u8 {
        self.decile.div_ceil(2)
    }

    /// The `imd` snapshot code: `<edition>-<decile, two digits>`, e.g. `2019-03`.
    pub fn code(self) -> String {
        format!("{}-{:02}", self.edition.year(), self.decile)
    }

    /// The IMD of a snapshot code made by [`Imd::code`]; `None` for [`NOT_KNOWN`] or anything
    /// else that is not such a code.
    pub fn parse(code: &str) -> Option<Self> {
        let (edition, decile) = code.split_once('-')?;
        if decile.len() != 2 {
            return None;
        }
        let edition = ImdEdition::from_year(edition.parse().ok()?)?;
        Self::new(edition, decile.parse().ok()?)
    }
}

/// The `imd` snapshot code of an optional IMD ([`NOT_KNOWN`] when there is none).
pub fn imd_code(imd: Option<Imd>) -> String {
    imd.map_or_else(|| NOT_KNOWN.to_owned(), Imd::code)
}

/// The patient attributes a tablet may send with a record. Every field is optional: absent means
/// not stated. The postcode is used by the server only to derive an IMD decile and is then
/// dropped (never stored, not even in the kept record).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PatientDemographics {
    /// Year of birth (1900 to the year the response was recorded); reported as age bands only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_year: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stated_sex: Option<StatedSex>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender_identity: Option<GenderIdentity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ethnic_category: Option<EthnicCategory>,
    /// A UK postcode, e.g. `LS1 4AP`: the server derives the IMD decile from it and drops it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<String>,
}

impl PatientDemographics {
    /// Whether nothing at all is stated.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The demographic snapshot stored on a response row: what was known about the patient when the
/// response was stored. `None` fields are not stated (or, for the IMD, not known).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Snapshot {
    pub age_band: Option<AgeBand>,
    pub stated_sex: Option<StatedSex>,
    pub gender_identity: Option<GenderIdentity>,
    pub ethnic_category: Option<EthnicCategory>,
    pub imd: Option<Imd>,
}

impl Snapshot {
    pub fn age_band_code(&self) -> &'static str {
        self.age_band.map_or(NOT_STATED, AgeBand::code)
    }

    pub fn stated_sex_code(&self) -> &'static str {
        self.stated_sex.map_or(NOT_STATED, StatedSex::code)
    }

    pub fn gender_identity_code(&self) -> &'static str {
        self.gender_identity
            .map_or(NOT_STATED, GenderIdentity::code)
    }

    pub fn ethnic_category_code(&self) -> &'static str {
        self.ethnic_category
            .map_or(NOT_STATED, EthnicCategory::code)
    }

    pub fn imd_code(&self) -> String {
        imd_code(self.imd)
    }
}

/// A UK postcode in its normal form: upper case, one space before the inward code (`LS1 4AP`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Postcode(String);

/// Why a text is not a plausible UK postcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a UK postcode: expected an outward code and an inward code such as \"LS1 4AP\" or \"SW1A 1AA\""
)]
pub struct PostcodeError(String);

impl Postcode {
    /// Checks the shape of a UK postcode (Royal Mail's outward forms A9, A99, A9A, AA9, AA99 and
    /// AA9A, then an inward code of a digit and two letters), ignoring case and spaces, and
    /// returns its normal form. It does not check that the postcode exists: the lookup does.
    pub fn parse(text: &str) -> Result<Self, PostcodeError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let refuse = || PostcodeError(text.chars().take(16).collect());
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return Err(refuse());
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let shape = |part: &str| -> String {
            part.chars()
                .map(|c| match c {
                    'A'..='Z' => 'A',
                    '0'..='9' => '9',
                    _ => '?',
                })
                .collect()
        };
        let outward_ok = matches!(
            shape(outward).as_str(),
            "A9" | "A99" | "A9A" | "AA9" | "AA99" | "AA9A"
        );
        if !outward_ok || shape(inward) != "9AA" {
            return Err(refuse());
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Postcode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_unique() {
        fn check<T: Copy + PartialEq + fmt::Debug>(
            all: &[T],
            code: fn(T) -> &'static str,
            from: fn(&str) -> Option<T>,
        ) {
            let mut seen = std::collections::BTreeSet::new();
            for &value in all {
                assert_eq!(from(code(value)), Some(value));
                assert!(seen.insert(code(value)), "duplicate code {}", code(value));
                assert_ne!(
                    code(value),
                    NOT_STATED,
                    "{value:?} would clash with not stated"
                );
            }
        }
        check(StatedSex::ALL, StatedSex::code, StatedSex::from_code);
        check(
            GenderIdentity::ALL,
            GenderIdentity::code,
            GenderIdentity::from_code,
        );
        check(
            EthnicCategory::ALL,
            EthnicCategory::code,
            EthnicCategory::from_code,
        );
        check(AgeBand::ALL, AgeBand::code, AgeBand::from_code);
        assert_eq!(EthnicCategory::ALL.len(), 18, "16 categories, Z and 99");
        assert_eq!(GenderIdentity::ALL.len(), 6);
        assert_eq!(StatedSex::ALL.len(), 4);
    }

    #[test]
    fn wire_form_is_the_nhs_code() {
        let demographics = PatientDemographics {
            birth_year: Some(1980),
            stated_sex: Some(StatedSex::Female),
            gender_identity: Some(GenderIdentity::NonBinary),
            ethnic_category: Some(EthnicCategory::NotKnown),
            postcode: None,
        };
        let json = serde_json::to_value(&demographics).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "birth_year": 1980, "stated_sex": "2", "gender_identity": "3",
                "ethnic_category": "99"
            })
        );
        let back: PatientDemographics = serde_json::from_value(json).unwrap();
        assert_eq!(back, demographics);
        assert_eq!(
            serde_json::to_string(&PatientDemographics::default()).unwrap(),
            "{}"
        );
    }

    #[test]
    fn an_unknown_code_is_refused_with_the_valid_ones() {
        let error = serde_json::from_value::<PatientDemographics>(
            serde_json::json!({ "ethnic_category": "Q" }),
        )
        .unwrap_err()
        .to_string();
        assert!(
            error.contains("\"Q\" is not an ethnic category code"),
            "{error}"
        );
        assert!(error.contains("A (White: British)"), "{error}");
        assert!(error.contains("99 (Not known)"), "{error}");
        let error =
            serde_json::from_value::<PatientDemographics>(serde_json::json!({ "stated_sex": "M" }))
                .unwrap_err()
                .to_string();
        assert!(error.contains("\"M\" is not a stated sex code"), "{error}");
        assert!(error.contains("9 (Indeterminate)"), "{error}");
    }

    #[test]
    fn ethnic_groups_follow_the_letter_ranges() {
        let group = |code: &str| EthnicCategory::from_code(code).unwrap().group();
        for (codes, expected) in [
            ("ABC", EthnicGroup::White),
            ("DEFG", EthnicGroup::Mixed),
            ("HJKL", EthnicGroup::Asian),
            ("MNP", EthnicGroup::Black),
            ("RS", EthnicGroup::Other),
            ("Z", EthnicGroup::NotStated),
        ] {
            for code in codes.chars() {
                assert_eq!(group(&code.to_string()), expected, "{code}");
            }
        }
        assert_eq!(group("99"), EthnicGroup::NotStated);
        assert_eq!(ethnic_group_of_code("K"), EthnicGroup::Asian);
        assert_eq!(ethnic_group_of_code(NOT_STATED), EthnicGroup::NotStated);
        // Every category falls in exactly one of the six groups, and each group has a category.
        let groups: std::collections::BTreeSet<_> =
            EthnicCategory::ALL.iter().map(|c| c.group()).collect();
        assert_eq!(groups.len(), EthnicGroup::ALL.len());
    }

    #[test]
    fn age_bands_at_their_edges() {
        let cases = [
            (2009, "0-17"),
            (2002, "18-24"),
            (2001, "25-34"),
            (1992, "25-34"),
            (1991, "35-44"),
            (1982, "35-44"),
            (1981, "45-54"),
            (1972, "45-54"),
            (1971, "55-64"),
            (1962, "55-64"),
            (1961, "65-74"),
            (1952, "65-74"),
            (1951, "75-84"),
            (1942, "75-84"),
            (1941, "85+"),
            (1900, "85+"),
        ];
        for (born, band) in cases {
            assert_eq!(age_band_code(Some(born), 2026), band, "born {born}");
        }
        assert_eq!(age_band_code(Some(2008), 2026), "18-24");
        assert_eq!(age_band_code(Some(2026), 2026), "0-17");
        assert_eq!(age_band_code(None, 2026), NOT_STATED);
        assert_eq!(AgeBand::at(2027, 2026), None, "not yet born");
        assert_eq!(age_band_code(Some(2027), 2026), NOT_STATED);
    }

    #[test]
    fn imd_codes_and_quintiles() {
        let imd = Imd::new(ImdEdition::Imd2019, 3).unwrap();
        assert_eq!(imd.code(), "2019-03");
        assert_eq!(imd.quintile(), 2);
        assert_eq!(Imd::parse("2019-03"), Some(imd));
        let ten = Imd::new(ImdEdition::Imd2025, 10).unwrap();
        assert_eq!(ten.code(), "2025-10");
        assert_eq!(Imd::parse("2025-10"), Some(ten));
        let quintiles: Vec<u8> = (1..=10)
            .map(|d| Imd::new(ImdEdition::Imd2025, d).unwrap().quintile())
            .collect();
        assert_eq!(quintiles, [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
        assert_eq!(Imd::new(ImdEdition::Imd2019, 0), None);
        assert_eq!(Imd::new(ImdEdition::Imd2019, 11), None);
        for bad in [
            NOT_KNOWN, "2019-3", "2019-00", "2019-11", "2020-03", "", "2019",
        ] {
            assert_eq!(Imd::parse(bad), None, "{bad:?}");
        }
        assert_eq!(imd_code(None), NOT_KNOWN);
        assert_eq!(imd_code(Some(imd)), "2019-03");
        // Codes sort by edition, then decile.
        let mut codes: Vec<String> = [(2025, 1), (2019, 10), (2019, 2)]
            .iter()
            .map(|&(e, d)| {
                Imd::new(ImdEdition::from_year(e).unwrap(), d)
                    .unwrap()
                    .code()
            })
            .collect();
        codes.sort();
        assert_eq!(codes, ["2019-02", "2019-10", "2025-01"]);
    }

    #[test]
    fn snapshot_codes_default_to_not_stated() {
        let empty = Snapshot::default();
        assert_eq!(empty.age_band_code(), NOT_STATED);
        assert_eq!(empty.stated_sex_code(), NOT_STATED);
        assert_eq!(empty.gender_identity_code(), NOT_STATED);
        assert_eq!(empty.ethnic_category_code(), NOT_STATED);
        assert_eq!(empty.imd_code(), NOT_KNOWN);
        let full = Snapshot {
            age_band: Some(AgeBand::From85),
            stated_sex: Some(StatedSex::NotKnown),
            gender_identity: Some(GenderIdentity::NotStated),
            ethnic_category: Some(EthnicCategory::Chinese),
            imd: Imd::new(ImdEdition::Imd2025, 7),
        };
        assert_eq!(
            [
                full.age_band_code(),
                full.stated_sex_code(),
                full.gender_identity_code(),
                full.ethnic_category_code(),
            ],
            ["85+", "X", "Z", "R"]
        );
        assert_eq!(full.imd_code(), "2025-07");
    }

    #[test]
    fn postcodes_are_normalised_or_refused() {
        for (given, normal) in [
            ("ls1 4ap", "LS1 4AP"),
            ("LS14AP", "LS1 4AP"),
            ("  sw1a   1aa ", "SW1A 1AA"),
            ("M1 1AE", "M1 1AE"),
            ("B33 8TH", "B33 8TH"),
            ("W1A 0AX", "W1A 0AX"),
            ("CR2 6XH", "CR2 6XH"),
            ("DN55 1PT", "DN55 1PT"),
        ] {
            assert_eq!(Postcode::parse(given).unwrap().as_str(), normal, "{given}");
        }
        for bad in [
            "",
            "LS1",
            "LS1 4A",
            "LS1 44P",
            "1S1 4AP",
            "LS1-4AP",
            "ABC1 4AP",
            "LS123 4AP",
            "LS1 4ÄP",
            "not a postcode",
        ] {
            let error = Postcode::parse(bad).unwrap_err();
            assert!(error.to_string().contains("is not a UK postcode"), "{bad}");
        }
    }
}
