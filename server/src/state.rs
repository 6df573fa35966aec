//! State shared by every handler: the database, the instrument catalog (built-in plus versions
//! published in the database), the professional role list (from the database), the sign-in rate
//! limiter and session settings.

use crate::accounts::rate_limit::RateLimiter;
use crate::db::{self, Conn, Db};
use shared::catalog::{InstrumentCatalog, Role};
use std::sync::{Arc, RwLock};
use std::time::Duration;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    catalog: Arc<RwLock<Arc<InstrumentCatalog>>>,
    roles: Arc<RwLock<Arc<Vec<Role>>>>,
    pub limiter: Arc<RateLimiter>,
    /// How long a sign-in lasts.
    pub session_hours: i64,
    pub metrics: Arc<crate::metrics::Metrics>,
    pub pseudonymiser: Arc<crate::accounts::pseudonyms::Pseudonymiser>,
    /// Folds stored batches into the rollup cells.
    pub folder: Arc<crate::rollups::Folder>,
    /// Opens records a locked tablet sealed to this server.
    pub sealing: Arc<crate::sealing::SealingKeys>,
}

impl AppState {
    /// Builds the state, seeding the role list on a fresh database and loading the catalog.
    pub async fn load(
        db: Db,
        session_hours: i64,
        pseudonymiser: crate::accounts::pseudonyms::Pseudonymiser,
    ) -> anyhow::Result<Self> {
        db::roles::seed_defaults(&db).await?;
        let sealing =
            Arc::new(crate::sealing::SealingKeys::load_or_create(&db, &pseudonymiser).await?);
        let state = Self {
            db,
            catalog: Arc::new(RwLock::new(Arc::new(InstrumentCatalog::built_in()))),
            roles: Arc::new(RwLock::new(Arc::new(Vec::new()))),
            // 5 failures per account and 50 per address in 15 minutes.
            limiter: Arc::new(RateLimiter::new(Duration::from_secs(15 * 60), 5, 50)),
            session_hours,
            metrics: Arc::new(crate::metrics::Metrics::default()),
            pseudonymiser: Arc::new(pseudonymiser),
            folder: Arc::new(crate::rollups::Folder::default()),
            sealing,
        };
        state.reload_catalog(&state.db).await?;
        state.reload_roles().await?;
        Ok(state)
    }

    /// A consistent snapshot of every published instrument version.
    pub fn catalog(&self) -> Arc<InstrumentCatalog> {
        Arc::clone(&self.catalog.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Every professional role, retired ones included (old records keep their role).
    pub fn roles(&self) -> Arc<Vec<Role>> {
        Arc::clone(&self.roles.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Re-reads the versions published in the database (another server may have added some),
    /// on the pool or inside the caller's transaction.
    pub async fn reload_catalog(&self, conn: impl Into<Conn<'_>>) -> Result<(), sqlx::Error> {
        let catalog = db::instruments::catalog(conn).await?;
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(catalog);
        Ok(())
    }

    /// Folds every batch committed so far into the rollup cells: readers of the cells call it
    /// first, so their figures include every response stored before they asked.
    pub async fn catch_up_rollups(&self) -> Result<(), sqlx::Error> {
        self.folder
            .catch_up(&self.db, &self.catalog())
            .await
            .map(|_| ())
    }

    /// Folds stored batches into the rollup cells in the background, for as long as the
    /// runtime runs.
    pub fn fold_in_background(&self) {
        let state = self.clone();
        tokio::spawn(Arc::clone(&self.folder).run(self.db.clone(), move || state.catalog()));
    }

    pub async fn reload_roles(&self) -> Result<(), sqlx::Error> {
        let roles: Vec<Role> = db::roles::all(&self.db)
            .await?
            .into_iter()
            .map(|stored| stored.role)
            .collect();
        *self.roles.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(roles);
        Ok(())
    }
}
