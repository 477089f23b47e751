//! The server backend: PostgreSQL, migrations from migrations/postgres.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, Connection, PgPool};

use crate::store::error::{Result, StoreError};

/// How long the first connection may take before the server counts as not answering.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool> {
    // No JIT: goald's queries read index ranges in milliseconds, and the planner's cost
    // estimate for a query over a reporting line whose size it cannot know (visibility)
    // can pass jit_above_cost, when compiling takes 30 to 300 ms, more than the query.
    let options = PgConnectOptions::from_str(url)?.options([("jit", "off")]);
    // One connection first, outside the pool: the pool retries a failing connect until
    // its acquire timeout and then says only "pool timed out", hiding the cause
    // ("connection refused", a password refused, a database that does not exist).
    match tokio::time::timeout(CONNECT_TIMEOUT, options.connect()).await {
        Ok(connection) => connection?.close().await?,
        Err(_) => return Err(StoreError::Unreachable(format!("no answer within {} s", CONNECT_TIMEOUT.as_secs()))),
    }
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(CONNECT_TIMEOUT)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(pool)
}
