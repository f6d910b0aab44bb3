//! Fetching the unit's roster and proving it belongs to the unit.

use anyhow::{Result, anyhow};
use reqwest::Method;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::roster::{MAX_ROSTER_LEN, RosterError, SignedRoster, VerifiedRoster};
use sanctuary_crypto::unit::UnitId;

use crate::net::{Net, is_api_error, read_limited};

/// Fetches the current signed roster; `None` if the server has none yet.
pub(crate) fn fetch(net: &Net) -> Result<Option<SignedRoster>> {
    let response = match net.send(
        net.request(Method::GET, "v1/roster")?
            .timeout(crate::net::SMALL_REQUEST_TIMEOUT),
    ) {
        Ok(r) => r,
        Err(e) if is_api_error(&e, "no_roster") => return Ok(None),
        Err(e) => return Err(e),
    };
    let body = read_limited(response, MAX_ROSTER_LEN as u64)?;
    SignedRoster::from_json(&body).map(Some).map_err(|_| {
        anyhow!(
            "The server at {} did not send a valid roster. Check the server address.",
            net.base()
        )
    })
}

/// Fetches the roster and verifies it against `unit` and today's date.
/// Every failure means nothing may be sent.
pub(crate) fn fetch_verified(net: &Net, unit: &UnitId) -> Result<VerifiedRoster> {
    let signed = fetch(net)?.ok_or_else(|| {
        anyhow!(
            "The server at {} has no unit set up yet, so it cannot belong to unit {unit}. \
             Nothing was sent. Check the server address.",
            net.base()
        )
    })?;
    verify(&signed, unit, net.base().as_str())
}

/// Verifies `signed` against `unit` today, with a reporter-facing error.
pub(crate) fn verify(signed: &SignedRoster, unit: &UnitId, server: &str) -> Result<VerifiedRoster> {
    signed.verify(unit, Day::today()).map_err(|e| {
        let why = match e {
            RosterError::WrongUnit => "it serves a different unit".to_owned(),
            RosterError::BadSignature => {
                "its list of caseworkers is not signed by that unit".to_owned()
            }
            RosterError::Expired { expires } => format!(
                "the unit's list of caseworkers expired on {expires} (the unit must renew it)"
            ),
            RosterError::NotYetValid { issued } => format!(
                "the unit's list of caseworkers is only valid from {issued} (is this \
                 computer's date right?)"
            ),
            other => other.to_string(),
        };
        anyhow!(
            "The server could not prove it belongs to unit {unit}: {why}. Nothing was sent.\n\
             Check that the server address ({server}) and the unit ID are exactly the ones \
             the unit published. If they are, the server may be fake or misconfigured: do \
             not use it."
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
