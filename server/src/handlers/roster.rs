//! `GET /v1/roster` (anyone) and `PUT /v1/roster` (unit admin).

use axum::Json;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sanctuary_crypto::api::{PublishRoster, RosterAccepted};
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::{MAX_ROSTER_LEN, RosterError};

use super::parse_json;
use crate::error::ApiError;
use crate::extract::{JsonType, NoBody, Received};
use crate::state::{AppState, CurrentRoster};

/// The stored signed roster, exactly as accepted.
pub(crate) async fn get(State(state): State<AppState>, _: NoBody) -> Result<Response, ApiError> {
    let roster = state.roster().ok_or(ApiError::NoRoster)?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        roster.json.clone(),
    )
        .into_response())
}

/// Largest `PUT /v1/roster` body: the largest roster and an enrollment
/// code.
const PUBLISH_LIMIT: u64 = MAX_ROSTER_LEN as u64 + 4096;

fn invalid(e: &RosterError) -> ApiError {
    match e {
        RosterError::WrongUnit => ApiError::UnitMismatch,
        other => ApiError::RosterInvalid(other.to_string()),
    }
}

/// Publishes a roster: the first with the enrollment code (pinning the
/// unit), later ones signed by the pinned unit with a higher version.
pub(crate) async fn put(
    State(state): State<AppState>,
    _: JsonType,
    body: Received<PUBLISH_LIMIT>,
) -> Result<Json<RosterAccepted>, ApiError> {
    let publish: PublishRoster = parse_json(body.body())?;
    let _guard = state.lock_roster_update().await;
    let current = state.roster();
    let unit = match &current {
        Some(current) => {
            let claimed = publish
                .roster
                .claimed_unit()
                .map_err(|e| ApiError::RosterInvalid(e.to_string()))?;
            if claimed != current.unit {
                return Err(ApiError::UnitMismatch);
            }
            current.unit
        }
        None => {
            let code = publish.enrollment_code.as_deref().unwrap_or_default();
            if !state.enrollment_code_matches(code) {
                return Err(ApiError::EnrollmentCode);
            }
            publish
                .roster
                .claimed_unit()
                .map_err(|e| ApiError::RosterInvalid(e.to_string()))?
        }
    };
    let verified = publish
        .roster
        .verify(&unit, Day::today())
        .map_err(|e| invalid(&e))?;
    if let Some(current) = &current
        && verified.version() <= current.version()
    {
        return Err(ApiError::RosterVersion {
            current: current.version(),
        });
    }
    let json = serde_json::to_string(verified.signed()).map_err(|_| ApiError::Internal)?;
    state
        .store
        .save_roster(unit.to_string(), json.clone())
        .await?;
    let version = verified.version();
    let first = current.is_none();
    state.set_roster(CurrentRoster {
        unit,
        json,
        doc: verified.document().clone(),
    });
    if first {
        state.finish_enrollment();
        tracing::info!("enrolled for unit {unit}, roster version {version}");
    }
    Ok(Json(RosterAccepted { version }))
}
