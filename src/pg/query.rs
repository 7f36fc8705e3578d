//! Read-only SPI helpers. pgrx's `Spi::get_one_with_args` runs its query as an update, which
//! assigns a transaction ID, so a report built on it fails on a hot standby and inside a
//! parallel query. Every query amp's report functions run goes through `Spi::connect`.

use pgrx::datum::{DatumWithOid, FromDatum, IntoDatum};
use pgrx::spi::{Spi, SpiError};

/// Returns the first column of the first row of a read-only query, or `None` when the query
/// returns no row or a NULL.
pub fn select_one<A: FromDatum + IntoDatum>(
    query: &str,
    args: &[DatumWithOid<'_>],
) -> Result<Option<A>, SpiError> {
    Spi::connect(|client| {
        let rows = client.select(query, Some(1), args)?;
        if rows.is_empty() {
            return Ok(None);
        }
        rows.first().get_one::<A>()
    })
}
