//! `GET /v1/health`.

use axum::Json;
use axum::extract::State;
use sanctuary_crypto::api::Health;

use crate::state::AppState;

/// Liveness and whether a roster has been published.
pub(crate) async fn get(State(state): State<AppState>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        enrolled: state.roster().is_some(),
    })
}
