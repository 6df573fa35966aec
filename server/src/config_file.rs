//! The optional configuration file (`--config`, or `PROM_CONFIG`): TOML with the same keys as the
//! command-line flags. A value on the command line or in the environment wins over the file; the
//! file wins over the built-in default. Unknown keys are refused by name, so a typo cannot be
//! silently ignored.

use crate::config::Config;
use anyhow::Context;
use clap::ArgMatches;
use clap::parser::ValueSource;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub addr: Option<SocketAddr>,
    pub database: Option<String>,
    pub static_dir: Option<PathBuf>,
    pub secret_file: Option<PathBuf>,
    pub session_hours: Option<i64>,
}

impl FileConfig {
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("could not read the configuration file {}", path.display()))?;
        toml::from_str(&text)
            .with_context(|| format!("the configuration file {} is not valid", path.display()))
    }

    /// Fills every setting that was left at its default (not given as a flag or in the
    /// environment) from the file.
    pub fn apply(self, config: &mut Config, matches: &ArgMatches) {
        let defaulted = |id: &str| matches.value_source(id) == Some(ValueSource::DefaultValue);
        if let Some(addr) = self.addr.filter(|_| defaulted("addr")) {
            config.addr = addr;
        }
        if let Some(database) = self.database.filter(|_| defaulted("database")) {
            config.database = database;
        }
        if let Some(dir) = self.static_dir.filter(|_| defaulted("static_dir")) {
            config.static_dir = dir;
        }
        if let Some(file) = self.secret_file.filter(|_| defaulted("secret_file")) {
            config.secret_file = file;
        }
        if let Some(hours) = self.session_hours.filter(|_| defaulted("session_hours")) {
            config.session_hours = hours;
        }
    }
}
