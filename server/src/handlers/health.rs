//! `GET /v1/health`.

use axum::Json;
use axum::extract::State;
use sanctuary_crypto::api::Health;

use crate::extract::NoBody;
use crate::state::AppState;

/// Liveness and whether a roster has been published.
pub(crate) async fn get(State(state): State<AppState>, _: NoBody) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        enrolled: state.roster().is_some(),
    })
}
