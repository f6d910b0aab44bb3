//! The MLKEM768-X25519 hybrid KEM (X-Wing) as an HPKE KEM, for the `hpke`
//! crate that `age-core` builds on.
//!
//! Everything here follows the hybrid KEM reference of `filippo.io/hpke-pq`
//! (draft-ietf-hpke-pq, draft-irtf-cfrg-hybrid-kems): a 32-byte seed is the
//! private key, SHAKE256 expands it into an ML-KEM-768 seed and an X25519
//! scalar, and the shared secret is SHA3-256 over the two component secrets,
//! the X25519 ciphertext, the X25519 public key and the label `\.//^\`. The
//! ML-KEM and X25519 arithmetic is `ml-kem` and `x25519-dalek`; this file
//! only wires them together.
//!
//! One check goes beyond the reference: an X25519 shared secret of all zero
//! bytes (the peer sent a low-order point or the identity) is an error, on
//! both sides. The C2SP CCTV vectors `hybrid_low_order` and `hybrid_identity`
//! require it.

use hpke::generic_array::typenum::{self, U32, Unsigned};
use hpke::kem::SharedSecret;
use hpke::{Deserializable, HpkeError, Serializable};
use ml_kem::kem::{Decapsulate, Encapsulate};
use ml_kem::{B32, EncodedSizeUser, KemCore, MlKem768};
use rand::{CryptoRng, RngCore};
use sha3::digest::{ExtendableOutput, FixedOutput, Update};
use sha3::{Sha3_256, Shake256};
use subtle::ConstantTimeEq;
use x25519_dalek::{EphemeralSecret, PublicKey as X25519Public, StaticSecret};
use zeroize::{Zeroize, Zeroizing};

/// The HPKE KEM identifier of MLKEM768-X25519.
pub(crate) const KEM_ID: u16 = 0x647a;

/// The X-Wing combiner label, `\.//^\` (hex `5c2e2f2f5e5c`).
const LABEL: &[u8] = b"\\.//^\\";

type MlKemEncapsulationKey = <MlKem768 as KemCore>::EncapsulationKey;
type MlKemDecapsulationKey = <MlKem768 as KemCore>::DecapsulationKey;
type MlKemCiphertextSize = <MlKem768 as KemCore>::CiphertextSize;
type MlKemEncapsulationKeySize = <MlKemEncapsulationKey as EncodedSizeUser>::EncodedSize;

/// Length of the private key: a seed.
pub(crate) const SEED_LEN: usize = 32;
/// Length of an ML-KEM-768 encapsulation key.
const MLKEM_EK_LEN: usize = 1184;
/// Length of an ML-KEM-768 ciphertext.
const MLKEM_CT_LEN: usize = 1088;
/// Length of an X25519 point.
const X25519_LEN: usize = 32;
/// Length of a public key: ML-KEM encapsulation key ‖ X25519 point.
pub(crate) const PUBLIC_KEY_LEN: usize = MLKEM_EK_LEN + X25519_LEN;
/// Length of an encapsulated key: ML-KEM ciphertext ‖ X25519 point.
pub(crate) const ENC_LEN: usize = MLKEM_CT_LEN + X25519_LEN;

/// Expands a seed into both key pairs: SHAKE256(seed, 96) gives the 64-byte
/// ML-KEM-768 seed (d ‖ z, FIPS 203 `KeyGen_internal`) and then the 32-byte
/// X25519 scalar.
fn expand(
    seed: &[u8; SEED_LEN],
) -> (
    MlKemDecapsulationKey,
    MlKemEncapsulationKey,
    StaticSecret,
    X25519Public,
) {
    let mut full = Zeroizing::new([0u8; 96]);
    Shake256::default()
        .chain(seed)
        .finalize_xof_into(full.as_mut());
    let mut d = B32::default();
    let mut z = B32::default();
    d.copy_from_slice(&full[..32]);
    z.copy_from_slice(&full[32..64]);
    let (dk_pq, ek_pq) = MlKem768::generate_deterministic(&d, &z);
    d.zeroize();
    z.zeroize();
    let mut scalar = Zeroizing::new([0u8; 32]);
    scalar.copy_from_slice(&full[64..]);
    let sk_x = StaticSecret::from(*scalar);
    let pk_x = X25519Public::from(&sk_x);
    (dk_pq, ek_pq, sk_x, pk_x)
}

/// The X-Wing combiner: SHA3-256(ss_PQ ‖ ss_T ‖ ct_T ‖ ek_T ‖ label).
fn combine(ss_pq: &[u8], ss_x: &[u8], ct_x: &[u8], pk_x: &[u8]) -> SharedSecret<MlKem768X25519> {
    let mut h = Sha3_256::default();
    h.update(ss_pq);
    h.update(ss_x);
    h.update(ct_x);
    h.update(pk_x);
    h.update(LABEL);
    SharedSecret(h.finalize_fixed())
}

/// `SHAKE256.LabeledDerive(ikm, "DeriveKeyPair", "", 32)` of draft-ietf-hpke-pq.
fn labeled_derive_seed(ikm: &[u8]) -> Zeroizing<[u8; SEED_LEN]> {
    const DERIVE_LABEL: &[u8] = b"DeriveKeyPair";
    let mut seed = Zeroizing::new([0u8; SEED_LEN]);
    Shake256::default()
        .chain(ikm)
        .chain(b"HPKE-v1")
        .chain(b"KEM")
        .chain(KEM_ID.to_be_bytes())
        .chain((DERIVE_LABEL.len() as u16).to_be_bytes())
        .chain(DERIVE_LABEL)
        .chain((SEED_LEN as u16).to_be_bytes())
        .finalize_xof_into(seed.as_mut());
    seed
}

/// A private key: the seed, and the keys expanded from it. Zeroized on drop
/// (`Zeroizing`, `ml-kem`'s `zeroize` feature, `x25519-dalek`'s).
#[derive(Clone)]
pub(crate) struct PrivateKey {
    seed: Zeroizing<[u8; SEED_LEN]>,
    dk_pq: MlKemDecapsulationKey,
    sk_x: StaticSecret,
    pk_x: X25519Public,
}

impl PrivateKey {
    /// The private key of a seed.
    pub(crate) fn from_seed(seed: &[u8; SEED_LEN]) -> Self {
        let (dk_pq, _, sk_x, pk_x) = expand(seed);
        Self {
            seed: Zeroizing::new(*seed),
            dk_pq,
            sk_x,
            pk_x,
        }
    }

    /// The seed this key was expanded from.
    pub(crate) fn seed(&self) -> &[u8; SEED_LEN] {
        &self.seed
    }
}

impl PartialEq for PrivateKey {
    fn eq(&self, other: &Self) -> bool {
        self.seed.ct_eq(&*other.seed).into()
    }
}

impl Eq for PrivateKey {}

impl Serializable for PrivateKey {
    type OutputSize = U32;

    fn write_exact(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.seed.as_ref());
    }
}

impl Deserializable for PrivateKey {
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        let seed: &[u8; SEED_LEN] = encoded
            .try_into()
            .map_err(|_| HpkeError::IncorrectInputLength(SEED_LEN, encoded.len()))?;
        Ok(Self::from_seed(seed))
    }
}

/// A public key: an ML-KEM-768 encapsulation key and an X25519 point.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PublicKey {
    ek_pq: MlKemEncapsulationKey,
    pk_x: X25519Public,
}

impl Eq for PublicKey {}

impl Serializable for PublicKey {
    type OutputSize = typenum::Sum<MlKemEncapsulationKeySize, U32>;

    fn write_exact(&self, buf: &mut [u8]) {
        buf[..MLKEM_EK_LEN].copy_from_slice(&self.ek_pq.as_bytes());
        buf[MLKEM_EK_LEN..].copy_from_slice(self.pk_x.as_bytes());
    }
}

impl Deserializable for PublicKey {
    /// Parses a public key, with the checks a sender must make before it
    /// encapsulates: the ML-KEM encapsulation key check of FIPS 203 §7.2
    /// (every coefficient below q, i.e. decoding then encoding gives the same
    /// bytes), and an X25519 point that is not of low order (otherwise every
    /// X25519 shared secret with it is zero).
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        if encoded.len() != PUBLIC_KEY_LEN {
            return Err(HpkeError::IncorrectInputLength(
                PUBLIC_KEY_LEN,
                encoded.len(),
            ));
        }
        let (pq, x) = encoded.split_at(MLKEM_EK_LEN);
        let pq = ml_kem::Encoded::<MlKemEncapsulationKey>::try_from(pq)
            .map_err(|_| HpkeError::ValidationError)?;
        let ek_pq = MlKemEncapsulationKey::from_bytes(&pq);
        if ek_pq.as_bytes() != pq {
            return Err(HpkeError::ValidationError);
        }
        let x: [u8; X25519_LEN] = x.try_into().map_err(|_| HpkeError::ValidationError)?;
        let pk_x = X25519Public::from(x);
        // Any scalar gives an all-zero result exactly for the low-order
        // points: a clamped scalar is a multiple of 8 below 2^255, so never
        // a multiple of the large prime order of the curve or of its twist.
        // The scalar is public; nothing secret is involved.
        let probe = StaticSecret::from([0x55; 32]).diffie_hellman(&pk_x);
        if !probe.was_contributory() {
            return Err(HpkeError::ValidationError);
        }
        Ok(Self { ek_pq, pk_x })
    }
}

/// An encapsulated key: an ML-KEM-768 ciphertext and an X25519 point.
#[derive(Clone)]
pub(crate) struct EncappedKey {
    ct_pq: ml_kem::Ciphertext<MlKem768>,
    ct_x: [u8; X25519_LEN],
}

impl Serializable for EncappedKey {
    type OutputSize = typenum::Sum<MlKemCiphertextSize, U32>;

    fn write_exact(&self, buf: &mut [u8]) {
        buf[..MLKEM_CT_LEN].copy_from_slice(&self.ct_pq);
        buf[MLKEM_CT_LEN..].copy_from_slice(&self.ct_x);
    }
}

impl Deserializable for EncappedKey {
    fn from_bytes(encoded: &[u8]) -> Result<Self, HpkeError> {
        if encoded.len() != ENC_LEN {
            return Err(HpkeError::IncorrectInputLength(ENC_LEN, encoded.len()));
        }
        let (pq, x) = encoded.split_at(MLKEM_CT_LEN);
        let ct_pq =
            ml_kem::Ciphertext::<MlKem768>::try_from(pq).map_err(|_| HpkeError::ValidationError)?;
        let ct_x = x.try_into().map_err(|_| HpkeError::ValidationError)?;
        Ok(Self { ct_pq, ct_x })
    }
}

/// The MLKEM768-X25519 KEM, HPKE KEM identifier `0x647a`. Base mode only:
/// the authenticated modes are refused (X-Wing has no sender keys).
pub(crate) struct MlKem768X25519;

impl hpke::Kem for MlKem768X25519 {
    type PublicKey = PublicKey;
    type PrivateKey = PrivateKey;
    type EncappedKey = EncappedKey;
    type NSecret = U32;
    const KEM_ID: u16 = KEM_ID;

    fn sk_to_pk(sk: &PrivateKey) -> PublicKey {
        PublicKey {
            ek_pq: sk.dk_pq.encapsulation_key().clone(),
            pk_x: sk.pk_x,
        }
    }

    fn derive_keypair(ikm: &[u8]) -> (PrivateKey, PublicKey) {
        let sk = PrivateKey::from_seed(&labeled_derive_seed(ikm));
        let pk = Self::sk_to_pk(&sk);
        (sk, pk)
    }

    fn decap(
        sk: &PrivateKey,
        pk_sender_id: Option<&PublicKey>,
        enc: &EncappedKey,
    ) -> Result<SharedSecret<Self>, HpkeError> {
        if pk_sender_id.is_some() {
            return Err(HpkeError::DecapError);
        }
        // ML-KEM decapsulation never fails (implicit rejection).
        let mut ss_pq = sk
            .dk_pq
            .decapsulate(&enc.ct_pq)
            .map_err(|()| HpkeError::DecapError)?;
        let ss_x = sk.sk_x.diffie_hellman(&X25519Public::from(enc.ct_x));
        let result = if ss_x.was_contributory() {
            Ok(combine(
                &ss_pq,
                ss_x.as_bytes(),
                &enc.ct_x,
                sk.pk_x.as_bytes(),
            ))
        } else {
            Err(HpkeError::DecapError)
        };
        ss_pq.zeroize();
        result
    }

    fn encap<R: CryptoRng + RngCore>(
        pk: &PublicKey,
        sender_id_keypair: Option<(&PrivateKey, &PublicKey)>,
        csprng: &mut R,
    ) -> Result<(SharedSecret<Self>, EncappedKey), HpkeError> {
        if sender_id_keypair.is_some() {
            return Err(HpkeError::EncapError);
        }
        let (ct_pq, mut ss_pq) = pk
            .ek_pq
            .encapsulate(csprng)
            .map_err(|()| HpkeError::EncapError)?;
        let sk_e = EphemeralSecret::random_from_rng(&mut *csprng);
        let ct_x = X25519Public::from(&sk_e).to_bytes();
        let ss_x = sk_e.diffie_hellman(&pk.pk_x);
        let result = if ss_x.was_contributory() {
            Ok((
                combine(&ss_pq, ss_x.as_bytes(), &ct_x, pk.pk_x.as_bytes()),
                EncappedKey { ct_pq, ct_x },
            ))
        } else {
            Err(HpkeError::EncapError)
        };
        ss_pq.zeroize();
        result
    }
}

/// Lengths the `Serializable` types must agree with.
const _: () = {
    assert!(<PublicKey as Serializable>::OutputSize::USIZE == PUBLIC_KEY_LEN);
    assert!(<EncappedKey as Serializable>::OutputSize::USIZE == ENC_LEN);
};

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::pq::test_vectors::HPKE_PQ;
    use hpke::Kem as _;

    /// A "random" generator that hands out fixed bytes, for known answers.
    struct Fixed<'a>(&'a [u8]);

    impl RngCore for Fixed<'_> {
        fn next_u32(&mut self) -> u32 {
            hpke::rand_core::impls::next_u32_via_fill(self)
        }
        fn next_u64(&mut self) -> u64 {
            hpke::rand_core::impls::next_u64_via_fill(self)
        }
        fn fill_bytes(&mut self, dest: &mut [u8]) {
            let (head, rest) = self.0.split_at(dest.len());
            dest.copy_from_slice(head);
            self.0 = rest;
        }
        fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand::Error> {
            self.fill_bytes(dest);
            Ok(())
        }
    }

    impl CryptoRng for Fixed<'_> {}

    #[test]
    fn hpke_pq_vector_keys() {
        let v = &HPKE_PQ;
        let (sk, pk) = MlKem768X25519::derive_keypair(&hex::decode(v.ikm_r).unwrap());
        assert_eq!(hex::encode(sk.to_bytes()), v.sk_rm);
        assert_eq!(hex::encode(pk.to_bytes()), v.pk_rm);
        let parsed = PublicKey::from_bytes(&hex::decode(v.pk_rm).unwrap()).unwrap();
        assert_eq!(parsed, pk);
    }

    #[test]
    fn hpke_pq_vector_decap_and_open() {
        let v = &HPKE_PQ;
        let sk = PrivateKey::from_bytes(&hex::decode(v.sk_rm).unwrap()).unwrap();
        let enc = EncappedKey::from_bytes(&hex::decode(v.enc).unwrap()).unwrap();
        let ss = MlKem768X25519::decap(&sk, None, &enc).unwrap();
        assert_eq!(hex::encode(ss.0), v.shared_secret);

        // The first message of the vector, through the same HPKE suite age
        // uses (HKDF-SHA256, ChaCha20-Poly1305), with its associated data.
        let pt = hpke::single_shot_open::<
            hpke::aead::ChaCha20Poly1305,
            hpke::kdf::HkdfSha256,
            MlKem768X25519,
        >(
            &hpke::OpModeR::Base,
            &sk,
            &enc,
            &hex::decode(v.info).unwrap(),
            &hex::decode(v.ct0).unwrap(),
            &hex::decode(v.aad0).unwrap(),
        )
        .unwrap();
        assert_eq!(hex::encode(pt), v.pt0);
    }

    #[test]
    fn hpke_pq_vector_encap() {
        let v = &HPKE_PQ;
        let pk = PublicKey::from_bytes(&hex::decode(v.pk_rm).unwrap()).unwrap();
        let ikm_e = hex::decode(v.ikm_e).unwrap();
        let (ss, enc) = MlKem768X25519::encap(&pk, None, &mut Fixed(&ikm_e)).unwrap();
        assert_eq!(hex::encode(enc.to_bytes()), v.enc);
        assert_eq!(hex::encode(ss.0), v.shared_secret);
    }

    #[test]
    fn low_order_points_are_refused_both_ways() {
        let sk = PrivateKey::from_seed(&[7; 32]);
        let mut pk = MlKem768X25519::sk_to_pk(&sk).to_bytes();
        // The identity (u = 0) and a point of order 8.
        let order_8 =
            hex::decode("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")
                .unwrap();
        for point in [[0u8; 32].as_slice(), &order_8] {
            pk[MLKEM_EK_LEN..].copy_from_slice(point);
            assert_eq!(PublicKey::from_bytes(&pk), Err(HpkeError::ValidationError));
            let mut enc = EncappedKey::from_bytes(&[1u8; ENC_LEN]).unwrap();
            enc.ct_x.copy_from_slice(point);
            assert!(matches!(
                MlKem768X25519::decap(&sk, None, &enc),
                Err(HpkeError::DecapError)
            ));
        }
    }

    #[test]
    fn mlkem_key_with_a_coefficient_above_q_is_refused() {
        let sk = PrivateKey::from_seed(&[9; 32]);
        let mut pk = MlKem768X25519::sk_to_pk(&sk).to_bytes();
        // The first 12-bit coefficient set to 4095 ≥ q = 3329.
        pk[0] = 0xff;
        pk[1] |= 0x0f;
        assert_eq!(PublicKey::from_bytes(&pk), Err(HpkeError::ValidationError));
    }

    #[test]
    fn lengths_are_exact() {
        assert!(PublicKey::from_bytes(&[1; PUBLIC_KEY_LEN - 1]).is_err());
        assert!(PublicKey::from_bytes(&[1; PUBLIC_KEY_LEN + 1]).is_err());
        assert!(EncappedKey::from_bytes(&[1; ENC_LEN - 1]).is_err());
        assert!(EncappedKey::from_bytes(&[1; ENC_LEN + 1]).is_err());
        assert!(PrivateKey::from_bytes(&[1; SEED_LEN + 1]).is_err());
    }
}
