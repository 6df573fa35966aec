//! State shared by every handler: the database pool and the reference data.

use shared::catalog::{InstrumentCatalog, Role, default_roles};
use sqlx::SqlitePool;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: SqlitePool,
    pub catalog: Arc<InstrumentCatalog>,
    pub roles: Arc<Vec<Role>>,
}

impl AppState {
    pub fn new(pool: SqlitePool) -> Self {
        Self {
            pool,
            catalog: Arc::new(InstrumentCatalog::built_in()),
            roles: Arc::new(default_roles()),
        }
    }
}
