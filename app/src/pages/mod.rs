//! One module per screen, plus the item widgets the questionnaire screen renders.

pub mod attention;
pub mod change;
pub mod demographics;
pub mod goals;
pub mod home;
pub mod items;
pub mod kiosk;
pub mod lock;
pub mod patient;
pub mod questionnaire;
pub mod settings;
