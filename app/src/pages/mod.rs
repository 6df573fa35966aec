//! One module per screen.

pub mod home;
pub mod questionnaire;
pub mod settings;
