//! The action maps an export covers, looked up with their names and action types.
//!
//! ```sql
//! SELECT * FROM amp_export(NULL, …);                          -- every map, by name, then id
//! SELECT * FROM amp_export(ARRAY['…b…', '…a…']::uuid[], …);   -- b, then a
//! ```
//! A NULL list means every map, ordered by name in the database's collation and then by id.
//! A list keeps its own order and drops repeated ids after their first place. An empty list,
//! or one with a NULL element, is an error, and so is any id without a map (P0002).

use crate::domain::error::{AmpError, ErrorKind};
use crate::domain::metric::ActionType;
use crate::pg::series::map_not_found;
use pgrx::prelude::*;
use pgrx::Uuid;
use std::collections::{HashMap, HashSet};

/// An action map as an export shows it.
#[derive(Clone, Debug)]
pub struct ExportMap {
    pub id: Uuid,
    pub name: String,
    pub action_type: ActionType,
}

/// Checks an `action_map_ids` argument and returns its ids in order, each once. `None` means
/// every map.
pub fn requested_ids(
    action_map_ids: Option<Vec<Option<Uuid>>>,
) -> Result<Option<Vec<Uuid>>, AmpError> {
    let Some(elements) = action_map_ids else {
        return Ok(None);
    };
    if elements.is_empty() {
        return Err(
            AmpError::invalid("action_map_ids must not be an empty array")
                .with_hint("Pass NULL to export every action map, or list at least one id."),
        );
    }
    let mut ids: Vec<Uuid> = Vec::with_capacity(elements.len());
    let mut seen = HashSet::with_capacity(elements.len());
    for element in elements {
        let id = element.ok_or_else(|| {
            AmpError::new(
                ErrorKind::NullArgument,
                "action_map_ids must not contain NULL",
            )
            .with_hint(
                "Remove the NULL elements, or pass NULL for the whole array to export every map.",
            )
        })?;
        if seen.insert(id) {
            ids.push(id);
        }
    }
    Ok(Some(ids))
}

fn action_type_of(label: &str, id: Uuid) -> Result<ActionType, AmpError> {
    ActionType::from_label(label)
        .ok_or_else(|| AmpError::invalid(format!("unknown action type \"{label}\" of map {id}")))
}

/// Runs a query whose rows are (action_map_id, name, action_type text) and returns its maps.
fn select_maps(query: &str, ids: Option<&[Uuid]>) -> Result<Vec<ExportMap>, AmpError> {
    let rows = Spi::connect(|client| {
        let arguments = match ids {
            Some(ids) => vec![ids.to_vec().into()],
            None => vec![],
        };
        let mut rows = Vec::new();
        for row in client.select(query, None, &arguments)? {
            let id = row.get::<Uuid>(1)?;
            let name = row.get::<String>(2)?;
            let label = row.get::<String>(3)?;
            rows.push((id, name, label));
        }
        Ok::<_, pgrx::spi::SpiError>(rows)
    })
    .map_err(|error| AmpError::invalid(format!("reading action maps failed: {error}")))?;
    let mut maps = Vec::with_capacity(rows.len());
    // The columns are NOT NULL in amp_action_maps, so every value is present.
    for (id, name, label) in rows {
        let (Some(id), Some(name), Some(label)) = (id, name, label) else {
            continue;
        };
        let action_type = action_type_of(&label, id)?;
        maps.push(ExportMap {
            id,
            name,
            action_type,
        });
    }
    Ok(maps)
}

/// Returns the P0002 error for the ids in `missing`, naming the first and listing all.
fn maps_not_found(missing: &[Uuid], requested: usize) -> AmpError {
    let listed: Vec<String> = missing.iter().map(Uuid::to_string).collect();
    let error = map_not_found(missing[0]);
    if missing.len() == 1 {
        return error;
    }
    error.with_detail(format!(
        "{} of the {requested} requested action maps do not exist: {}.",
        missing.len(),
        listed.join(", ")
    ))
}

/// Returns the maps an export covers: every map when `ids` is `None`, else the listed ones in
/// their order, or a P0002 error when any of them does not exist.
pub fn load_maps(ids: Option<&[Uuid]>) -> Result<Vec<ExportMap>, AmpError> {
    let Some(ids) = ids else {
        return select_maps(
            "SELECT action_map_id, name, action_type::text FROM amp_action_maps
             ORDER BY name, action_map_id",
            None,
        );
    };
    let found = select_maps(
        "SELECT action_map_id, name, action_type::text FROM amp_action_maps
         WHERE action_map_id = ANY ($1)",
        Some(ids),
    )?;
    let mut by_id: HashMap<Uuid, ExportMap> = found.into_iter().map(|map| (map.id, map)).collect();
    let missing: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|id| !by_id.contains_key(id))
        .collect();
    if !missing.is_empty() {
        return Err(maps_not_found(&missing, ids.len()));
    }
    Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
}

/// Returns one map, or a P0002 error when it does not exist.
pub fn load_map(id: Uuid) -> Result<ExportMap, AmpError> {
    let mut maps = load_maps(Some(&[id]))?;
    Ok(maps.remove(0))
}
