//! Fetching the unit's roster and proving it belongs to the unit.

use anyhow::{Result, anyhow};
use reqwest::Method;
use sanctuary_crypto::api::ErrorCode;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::{MAX_ROSTER_LEN, RosterError, SignedRoster, VerifiedRoster};
use sanctuary_crypto::unit::UnitId;

use crate::i18n::t;
use crate::net::{Net, is_api_error, read_limited};

/// Fetches the current signed roster; `None` if the server has none yet.
pub(crate) fn fetch(net: &Net) -> Result<Option<SignedRoster>> {
    let response = match net.send(
        net.request(Method::GET, "v1/roster")?
            .timeout(crate::net::SMALL_REQUEST_TIMEOUT),
    ) {
        Ok(r) => r,
        Err(e) if is_api_error(&e, ErrorCode::NoRoster) => return Ok(None),
        Err(e) => return Err(e),
    };
    let body = read_limited(response, MAX_ROSTER_LEN as u64)?;
    SignedRoster::from_json(&body)
        .map(Some)
        .map_err(|_| anyhow!(t!("roster-invalid", server = net.base().to_string())))
}

/// Fetches the roster and verifies it against `unit` and today's date.
/// Every failure means nothing may be sent.
pub(crate) fn fetch_verified(net: &Net, unit: &UnitId) -> Result<VerifiedRoster> {
    let signed = fetch(net)?.ok_or_else(|| {
        anyhow!(t!(
            "roster-none",
            server = net.base().to_string(),
            unit = unit.to_string()
        ))
    })?;
    verify(&signed, unit, net.base().as_str())
}

/// Verifies `signed` against `unit` today, with a reporter-facing error.
pub(crate) fn verify(signed: &SignedRoster, unit: &UnitId, server: &str) -> Result<VerifiedRoster> {
    signed.verify(unit, Day::today()).map_err(|e| {
        let why = match e {
            RosterError::WrongUnit => t!("roster-wrong-unit"),
            RosterError::BadSignature => t!("roster-bad-signature"),
            RosterError::Expired { expires } => {
                t!("roster-expired", day = expires.to_string())
            }
            RosterError::NotYetValid { issued } => {
                t!("roster-not-yet-valid", day = issued.to_string())
            }
            other => other.to_string(),
        };
        anyhow!(
            "{}\n{}",
            t!("roster-unproven", unit = unit.to_string(), reason = why),
            t!("roster-check-address", server = server.to_owned())
        )
    })
}

/// Verifies `signed` against `unit` whatever today's date: its signature,
/// unit and rules, but not its validity period. For the unit admin replacing
/// an expired roster, and for showing old replies offline.
pub(crate) fn verify_any_day(
    signed: &SignedRoster,
    unit: &UnitId,
) -> Result<VerifiedRoster, RosterError> {
    match signed.verify(unit, Day::today()) {
        Err(RosterError::Expired { expires }) => signed.verify(unit, expires),
        Err(RosterError::NotYetValid { issued }) => signed.verify(unit, issued),
        other => other,
    }
}
