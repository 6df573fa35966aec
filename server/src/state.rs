//! State shared by every handler: the database pool, the instrument catalog (built-in plus the
//! versions published on this server), the role list, and the admin token.

use crate::db::{self, Db};
use shared::catalog::{InstrumentCatalog, Role, default_roles};
use std::sync::{Arc, RwLock};

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    catalog: Arc<RwLock<Arc<InstrumentCatalog>>>,
    pub roles: Arc<Vec<Role>>,
    /// Bearer token for admin and staff endpoints; `None` disables them.
    pub admin_token: Option<Arc<str>>,
}

impl AppState {
    /// Builds the state, loading instrument versions published on this server.
    pub async fn load(db: Db, admin_token: Option<String>) -> anyhow::Result<Self> {
        let state = Self {
            db,
            catalog: Arc::new(RwLock::new(Arc::new(InstrumentCatalog::built_in()))),
            roles: Arc::new(default_roles()),
            admin_token: admin_token.filter(|t| !t.is_empty()).map(Arc::from),
        };
        state.reload_catalog().await?;
        Ok(state)
    }

    /// A consistent snapshot of every published instrument version.
    pub fn catalog(&self) -> Arc<InstrumentCatalog> {
        Arc::clone(&self.catalog.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Re-reads the versions published in the database (another server may have added some).
    pub async fn reload_catalog(&self) -> Result<(), sqlx::Error> {
        let mut catalog = InstrumentCatalog::built_in();
        for definition in db::instruments::published(&self.db).await? {
            let id = definition.id.clone();
            let version = definition.version;
            if let Err(error) = catalog.insert(definition) {
                tracing::warn!(%id, version, %error, "skipping a stored instrument definition");
            }
        }
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog);
        Ok(())
    }
}
