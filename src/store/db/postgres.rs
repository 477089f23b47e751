//! The server backend: PostgreSQL, migrations from migrations/postgres.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;

use crate::store::error::Result;

pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool> {
    // No JIT: goald's queries read index ranges in milliseconds, and the planner's cost
    // estimate for a query over a reporting line whose size it cannot know (visibility)
    // can pass jit_above_cost, when compiling takes 30 to 300 ms, more than the query.
    let options = PgConnectOptions::from_str(url)?.options([("jit", "off")]);
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations/postgres").run(&pool).await?;
    Ok(pool)
}
