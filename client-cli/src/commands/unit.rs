//! `sanctuary unit`: the unit key, the roster and the poster.

pub(crate) mod poster;

use anyhow::{Context, Result, anyhow, bail};
use reqwest::Method;
use sanctuary_crypto::api::{ErrorCode, PublishRoster, RosterAccepted};
use sanctuary_crypto::caseworker::CaseworkerCard;
use sanctuary_crypto::day::Day;
use sanctuary_crypto::keyfile::UnitKeyFile;
use sanctuary_crypto::roster::{
    Policy, PostQuantum, ROSTER_TYPE, RosterCaseworker, RosterDocument, RosterError, SignedRoster,
};
use sanctuary_crypto::unit::UnitKey;

use crate::net::{ApiError, Net};
use crate::options::{Caseworkers, PublishOptions, UnitInitOptions};
use crate::{output, rosters, secrets};

/// The post-quantum policy of a first roster when `--post-quantum` is not
/// given: new caseworker keys all have a post-quantum key, so a new unit
/// seals post-quantum, and falls back to X25519 only while a caseworker's
/// card (from an older key) has none.
pub(crate) const FIRST_ROSTER_POST_QUANTUM: PostQuantum = PostQuantum::Preferred;

/// The post-quantum policy to publish: `--post-quantum` if given, else the
/// current roster's, else [`FIRST_ROSTER_POST_QUANTUM`].
pub(crate) fn chosen_post_quantum(
    given: Option<PostQuantum>,
    current: Option<PostQuantum>,
) -> PostQuantum {
    given.or(current).unwrap_or(FIRST_ROSTER_POST_QUANTUM)
}

/// The labels of the cards that have no post-quantum key.
fn lacking_post_quantum(cards: &[CaseworkerCard]) -> Vec<String> {
    cards
        .iter()
        .filter(|c| c.post_quantum.is_none())
        .map(|c| c.label.to_string())
        .collect()
}

/// Checks that `policy` can be published with `cards`, before anything is
/// signed: `required` needs a post-quantum key on every card.
pub(crate) fn check_post_quantum(policy: PostQuantum, cards: &[CaseworkerCard]) -> Result<()> {
    let lacking = lacking_post_quantum(cards);
    if policy == PostQuantum::Required && !lacking.is_empty() {
        bail!(
            "Post-quantum protection cannot be required: {} of the caseworkers' cards {} no \
             post-quantum key ({}). Nothing was published.\n\
             Each of them runs `sanctuary caseworker add-post-quantum --key FILE` and sends \
             you the new card (it starts with sanctuary-card:2:). Meanwhile, publish with \
             --post-quantum preferred: reports are then sealed with X25519 until every card \
             has a post-quantum key.",
            lacking.len(),
            if lacking.len() == 1 { "has" } else { "have" },
            lacking.join(", ")
        );
    }
    Ok(())
}

/// The roster entries for `cards`: with `off`, the post-quantum keys are
/// left out, so the roster reads exactly as one from before post-quantum
/// (and clients from before it keep working).
fn roster_caseworkers(cards: &[CaseworkerCard], policy: PostQuantum) -> Vec<RosterCaseworker> {
    cards
        .iter()
        .cloned()
        .map(|card| {
            let mut entry = RosterCaseworker::from(card);
            if policy.is_off() {
                entry.age_pq = None;
            }
            entry
        })
        .collect()
}

/// What the published roster does about post-quantum sealing, in lines
/// for the unit admin. `previous` is the roster it replaces, if any.
pub(crate) fn post_quantum_summary(
    doc: &RosterDocument,
    previous: Option<&RosterDocument>,
    cards: &[CaseworkerCard],
) -> Vec<String> {
    let lacking = lacking_post_quantum(cards);
    let policy = doc.policy.post_quantum;
    let mut lines = Vec::new();
    if doc.seals_post_quantum() {
        lines.push(format!(
            "Post-quantum: {policy}. Reports, follow-ups, replies and their files are sealed \
             post-quantum (ML-KEM-768 + X25519)."
        ));
        if previous.is_some_and(|p| !p.seals_post_quantum()) {
            lines.push(
                "Replies to reports sent before now are sealed with X25519, as those reports \
                 were."
                    .to_owned(),
            );
        }
    } else if policy.is_off() {
        lines.push(format!(
            "Post-quantum: {policy}. Reports are sealed with X25519 only."
        ));
        if lacking.is_empty() {
            lines.push(
                "Every caseworker's card has a post-quantum key: to seal post-quantum, publish \
                 again with --post-quantum preferred (or required)."
                    .to_owned(),
            );
        }
    } else {
        lines.push(format!(
            "Post-quantum: {policy}, but reports are sealed with X25519 only until every \
             caseworker's card has a post-quantum key."
        ));
    }
    if !lacking.is_empty() {
        lines.push(format!(
            "No post-quantum key on the card of: {} (they run `sanctuary caseworker \
             add-post-quantum --key FILE` and send you the new card).",
            lacking.join(", ")
        ));
    }
    lines
}

/// `sanctuary unit init`.
pub(crate) fn init(options: &UnitInitOptions) -> Result<()> {
    secrets::ensure_new(&options.out)?;
    let passphrase = secrets::new_passphrase("the unit key")?;
    let file = UnitKeyFile {
        key: UnitKey::generate(),
        name: options.name.clone(),
    };
    let bytes = file
        .to_key_file(passphrase, None)
        .context("Could not encrypt the unit key.")?;
    secrets::write_private_new(&options.out, &bytes)?;
    let id = file.key.unit_id();
    output::line(&id.to_string())?;
    output::note(&format!(
        "Created the unit key {} for \"{}\".\n\
         {} is your unit ID. Publish it on your posters and web pages: \
         reporters need it to check that they are talking to you.\n\
         Keep the key file and its passphrase offline and safe. Whoever holds them decides \
         who can read reports; if you lose them, reporters must be given a new unit ID.\n\
         Next: collect your caseworkers' cards, then run\n  \
         sanctuary unit publish --key {} --server URL --enroll CODE --caseworker CARD …",
        options.out.display(),
        options.name,
        output::printed_line(),
        options.out.display()
    ));
    Ok(())
}

/// `sanctuary unit id`.
pub(crate) fn id(key: &std::path::Path) -> Result<()> {
    let file = secrets::load_unit_key(key)?;
    output::line(&file.key.unit_id().to_string())?;
    Ok(())
}

/// A roster valid for at most this many days draws a warning when it is
/// published, and `case sync` warns this many days before a roster expires.
pub(crate) const EXPIRY_WARNING_DAYS: u32 = 14;

/// `sanctuary unit publish`.
pub(crate) fn publish(options: &PublishOptions) -> Result<()> {
    let file = secrets::load_unit_key(&options.key)?;
    let unit = file.key.unit_id();
    let net = Net::new(&options.server)?;
    let current = rosters::fetch(&net)?;
    let (version, mut policy, mut form, previous) = match &current {
        Some(signed) => {
            let verified = rosters::verify_any_day(signed, &unit).map_err(|e| match e {
                RosterError::WrongUnit => anyhow!(
                    "This server belongs to another unit ({}), not to yours ({unit}). Nothing \
                     was published. Check --server.",
                    signed
                        .claimed_unit()
                        .map_or_else(|_| "unknown".to_owned(), |u| u.to_string())
                ),
                other => anyhow!(
                    "The server's current roster does not verify with your unit key ({other}). \
                     Nothing was published. Check --server."
                ),
            })?;
            if options.enroll.is_some() {
                output::note(
                    "This server is already enrolled to your unit: --enroll is not needed and was ignored.",
                );
            }
            let doc = verified.document();
            (
                verified.version() + 1,
                doc.policy.clone(),
                doc.form.clone(),
                Some(doc.clone()),
            )
        }
        None => {
            if options.enroll.is_none() {
                bail!(
                    "This server has no roster yet. Give its enrollment code with --enroll \
                     CODE: the server printed it on its first start and wrote it to the file \
                     enrollment-code in its data folder."
                );
            }
            (1, Policy::default(), None, None)
        }
    };
    if let Some(days) = options.retention_days {
        policy.retention_days = days;
    }
    if let Some(new_form) = &options.form {
        form = Some(new_form.clone());
    }
    policy.post_quantum = chosen_post_quantum(
        options.post_quantum,
        previous.as_ref().map(|p| p.policy.post_quantum),
    );
    let cards = match (&options.caseworkers, &previous) {
        (Caseworkers::Cards(cards), _) => cards.clone(),
        (Caseworkers::Keep, Some(prev)) => prev
            .caseworkers
            .iter()
            .cloned()
            .map(CaseworkerCard::from)
            .collect(),
        (Caseworkers::Keep, None) => bail!(
            "This server has no roster yet, so there are no caseworkers to keep. Give every \
             caseworker's card with --caseworker-file FILE. Nothing was published."
        ),
    };
    check_post_quantum(policy.post_quantum, &cards)?;
    let today = Day::today();
    let doc = RosterDocument {
        kind: ROSTER_TYPE.to_owned(),
        version,
        unit,
        name: file.name.clone(),
        issued: today,
        expires: today.plus(options.expires_in_days),
        caseworkers: roster_caseworkers(&cards, policy.post_quantum),
        policy,
        form,
    };
    let signed = SignedRoster::sign(&doc, &file.key)
        .map_err(|e| anyhow!("This roster cannot be published: {e}. Nothing was published."))?;
    let body = PublishRoster {
        roster: signed,
        enrollment_code: if current.is_none() {
            options.enroll.clone()
        } else {
            None
        },
    };
    let accepted: RosterAccepted = net
        .send_json(Method::PUT, "v1/roster", &body, 4096)
        .map_err(|e| explain_publish_error(e, &unit.to_string()))?;

    let labels = |d: &RosterDocument| -> Vec<String> {
        d.caseworkers.iter().map(|c| c.label.to_string()).collect()
    };
    let now = labels(&doc);
    let mut lines = vec![
        format!(
            "Published roster version {} for \"{}\" ({unit}).",
            accepted.version, doc.name
        ),
        format!("Caseworkers ({}): {}", now.len(), now.join(", ")),
    ];
    if let Some(prev) = &previous {
        let before = labels(prev);
        let added: Vec<_> = now
            .iter()
            .filter(|l| !before.contains(l))
            .cloned()
            .collect();
        let removed: Vec<_> = before
            .iter()
            .filter(|l| !now.contains(l))
            .cloned()
            .collect();
        if !added.is_empty() {
            lines.push(format!("Added: {}", added.join(", ")));
        }
        if !removed.is_empty() {
            lines.push(format!(
                "Removed: {} (they can no longer read new reports)",
                removed.join(", ")
            ));
        }
        // An `off` roster lists no post-quantum keys, so a key gained
        // since cannot be told from one it left out.
        let pq_known = !prev.policy.post_quantum.is_off() && !doc.policy.post_quantum.is_off();
        let renewed: Vec<String> = doc
            .caseworkers
            .iter()
            .filter(|c| {
                prev.caseworkers.iter().any(|p| {
                    p.label == c.label
                        && (p.age != c.age
                            || p.ed25519 != c.ed25519
                            || (pq_known && p.age_pq != c.age_pq))
                })
            })
            .map(|c| c.label.to_string())
            .collect();
        if !renewed.is_empty() {
            lines.push(format!("New card for: {}", renewed.join(", ")));
        }
    }
    lines.extend(post_quantum_summary(&doc, previous.as_ref(), &cards));
    lines.push(format!(
        "Valid until {}. Before then, renew it with the same command and \
         --keep-caseworkers (instead of the cards), or reporters will be refused.",
        doc.expires
    ));
    if options.expires_in_days <= EXPIRY_WARNING_DAYS {
        lines.push(format!(
            "Warning: this roster expires in {}. Caseworkers' `case sync` will remind them.",
            output::plural(options.expires_in_days as usize, "day", "days")
        ));
    }
    lines.push(format!(
        "The server keeps reports for {} days and replies for {} days.",
        doc.policy.retention_days, doc.policy.mailbox_retention_days
    ));
    output::line(&lines.join("\n"))?;
    Ok(())
}

fn explain_publish_error(err: anyhow::Error, unit: &str) -> anyhow::Error {
    let Some(api) = err.downcast_ref::<ApiError>() else {
        return err.context("Nothing was published.");
    };
    match api.code() {
        Some(ErrorCode::EnrollmentCode) => anyhow!(
            "The server did not accept the enrollment code. Nothing was published. Use the \
             code from the file enrollment-code in the server's data folder (or its first \
             start log). It works only for the first roster."
        ),
        Some(ErrorCode::UnitMismatch) => anyhow!(
            "This server is enrolled to another unit, not to {unit}. Nothing was published. \
             Check --server."
        ),
        Some(ErrorCode::RosterVersion) => anyhow!(
            "The server already has a roster with this version or a newer one (someone \
             published at the same time?). Nothing was published. Run the command again."
        ),
        Some(ErrorCode::RosterInvalid) => anyhow!(
            "The server refused the roster as invalid: {}. Nothing was published.",
            output::preview(&api.message, 200)
        ),
        _ => err.context("Nothing was published."),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use sanctuary_crypto::age;
    use sanctuary_crypto::caseworker::CaseworkerKey;
    use sanctuary_crypto::unit::UnitKey;

    fn new_card(label: &str) -> CaseworkerCard {
        CaseworkerKey::generate(label.parse().unwrap()).card()
    }

    fn old_card(label: &str, seed: u8) -> CaseworkerCard {
        CaseworkerKey::from_parts(
            label.parse().unwrap(),
            age::x25519::Identity::generate(),
            None,
            &zeroize::Zeroizing::new([seed; 32]),
        )
        .card()
    }

    fn roster(cards: &[CaseworkerCard], post_quantum: PostQuantum) -> RosterDocument {
        let today = Day::today();
        RosterDocument {
            kind: ROSTER_TYPE.to_owned(),
            version: 1,
            unit: UnitKey::generate().unit_id(),
            name: "Test".to_owned(),
            issued: today,
            expires: today.plus(1),
            caseworkers: roster_caseworkers(cards, post_quantum),
            policy: Policy {
                post_quantum,
                ..Policy::default()
            },
            form: None,
        }
    }

    #[test]
    fn the_policy_is_given_else_kept_else_preferred() {
        use PostQuantum::{Off, Preferred, Required};
        assert_eq!(chosen_post_quantum(None, None), Preferred);
        assert_eq!(chosen_post_quantum(None, Some(Off)), Off);
        assert_eq!(chosen_post_quantum(None, Some(Required)), Required);
        assert_eq!(chosen_post_quantum(Some(Off), Some(Required)), Off);
        assert_eq!(chosen_post_quantum(Some(Required), None), Required);
    }

    #[test]
    fn required_names_every_card_without_a_post_quantum_key() {
        let cards = [old_card("PC-A", 1), new_card("PC-B"), old_card("PC-C", 2)];
        let err = check_post_quantum(PostQuantum::Required, &cards)
            .unwrap_err()
            .to_string();
        assert!(err.contains("2 of the caseworkers' cards have no"), "{err}");
        assert!(err.contains("(PC-A, PC-C)"), "{err}");
        assert!(err.contains("Nothing was published"), "{err}");
        let err = check_post_quantum(PostQuantum::Required, &cards[..2])
            .unwrap_err()
            .to_string();
        assert!(err.contains("1 of the caseworkers' cards has no"), "{err}");
        for policy in [PostQuantum::Off, PostQuantum::Preferred] {
            assert!(check_post_quantum(policy, &cards).is_ok());
        }
        assert!(check_post_quantum(PostQuantum::Required, &cards[1..2]).is_ok());
    }

    #[test]
    fn off_rosters_list_no_post_quantum_key() {
        let cards = [new_card("PC-A"), new_card("PC-B")];
        let off = roster(&cards, PostQuantum::Off);
        assert!(off.caseworkers.iter().all(|c| c.age_pq.is_none()));
        let json = serde_json::to_string(&off).unwrap();
        assert!(
            !json.contains("age_pq") && !json.contains("post_quantum"),
            "{json}"
        );
        let preferred = roster(&cards, PostQuantum::Preferred);
        assert!(preferred.caseworkers.iter().all(|c| c.age_pq.is_some()));
        assert!(preferred.seals_post_quantum());
    }

    #[test]
    fn the_summary_says_what_is_sealed_and_who_lacks_a_key() {
        let all_new = [new_card("PC-A"), new_card("PC-B")];
        let mixed = [new_card("PC-A"), old_card("PC-Old", 3)];

        let text = |cards: &[CaseworkerCard], policy| {
            post_quantum_summary(&roster(cards, policy), None, cards).join("\n")
        };
        let sealed = text(&all_new, PostQuantum::Preferred);
        assert!(
            sealed.starts_with("Post-quantum: preferred. Reports"),
            "{sealed}"
        );
        assert!(sealed.contains("sealed post-quantum"), "{sealed}");
        assert!(!sealed.contains("No post-quantum key"), "{sealed}");

        let waiting = text(&mixed, PostQuantum::Preferred);
        assert!(waiting.contains("X25519 only until every"), "{waiting}");
        assert!(waiting.contains("card of: PC-Old (they run"), "{waiting}");

        let off = text(&all_new, PostQuantum::Off);
        assert!(off.contains("X25519 only"), "{off}");
        assert!(off.contains("--post-quantum preferred"), "{off}");
        let off_mixed = text(&mixed, PostQuantum::Off);
        assert!(
            !off_mixed.contains("--post-quantum preferred"),
            "{off_mixed}"
        );
        assert!(off_mixed.contains("card of: PC-Old"), "{off_mixed}");

        let required = text(&all_new, PostQuantum::Required);
        assert!(
            required.starts_with("Post-quantum: required. Reports"),
            "{required}"
        );
        assert!(
            !required.contains("Replies to reports sent before"),
            "{required}"
        );

        // Switching on: replies on older threads stay X25519, and it says so.
        let before = roster(&all_new, PostQuantum::Off);
        let now = roster(&all_new, PostQuantum::Required);
        let switched = post_quantum_summary(&now, Some(&before), &all_new).join("\n");
        assert!(
            switched.contains("Replies to reports sent before now"),
            "{switched}"
        );
        let again = post_quantum_summary(&now, Some(&now), &all_new).join("\n");
        assert!(!again.contains("Replies to reports sent before"), "{again}");
    }
}
