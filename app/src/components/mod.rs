//! Widgets shared by several screens. They depend on the screen state ([`crate::state`]) and the
//! layers below it, never on a page.

pub mod option_button;
pub mod pin_prompt;
pub mod secret_field;
pub mod sync_bar;
