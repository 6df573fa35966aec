//! Widgets several console pages share.
//!
//! - [`message`]: the error and status lines pages show after an action.
//! - [`chart`]: a horizontal bar chart in SVG with an accessible name and its data table.
//! - [`organisation_picker`]: a `<select>` of the organisations the admin may act on.

pub mod chart;
pub mod message;
pub mod organisation_picker;
