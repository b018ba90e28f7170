//! What the records pallets share: record categories, the consent question
//! (`ConsentCheck`, answered by `pallet-access-control`) and the record lookup
//! (`RecordLookup`, answered by `pallet-emr-pointers`). Each pallet depends on the other only
//! through these traits.

use crate::OrgId;
use alloc::string::{String, ToString};
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// The multicodec of a raw block: the record vault stores each ciphertext as one.
pub const RAW_CODEC: u64 = 0x55;
/// The multicodec of IPFS's UnixFS files (dag-pb), as `ipfs add` names documents.
pub const DAG_PB_CODEC: u64 = 0x70;
/// The multihash code of sha2-256, the digest every accepted CID carries.
pub const SHA2_256: u64 = 0x12;

/// Whether `cid` is a CIDv1 in its canonical string form, parsed with the multiformats `cid`
/// crate: multibase base32 (lower case, prefix `b`), version 1, the raw or dag-pb codec, a
/// sha2-256 multihash of 32 bytes, and nothing else (the canonical form gives a document one
/// name). Documents kept off chain (records, device profiles, service logs, narratives) are
/// named by such CIDs.
pub fn is_cid_v1(cid: &[u8]) -> bool {
	parse_cid_v1(cid).is_some()
}

/// The binary form of `cid` (a CIDv1's bytes: version, codec, multihash; 36 bytes), if it is
/// an accepted CIDv1 in its canonical string form ([`is_cid_v1`]). The chain keeps records'
/// CIDs this way, 23 bytes shorter than the text; [`cid_v1_text`] gives the text back.
pub fn parse_cid_v1(cid: &[u8]) -> Option<alloc::vec::Vec<u8>> {
	let text = core::str::from_utf8(cid).ok()?;
	let parsed = cid::Cid::try_from(text).ok()?;
	let accepted = parsed.version() == cid::Version::V1
		&& matches!(parsed.codec(), RAW_CODEC | DAG_PB_CODEC)
		&& parsed.hash().code() == SHA2_256
		&& parsed.hash().size() == 32
		&& parsed.to_string() == text;
	accepted.then(|| parsed.to_bytes())
}

/// The canonical string form (multibase base32, `b…`) of a CID in binary form, if the bytes
/// are one CID and nothing more.
pub fn cid_v1_text(bytes: &[u8]) -> Option<String> {
	let parsed = cid::Cid::try_from(bytes).ok()?;
	(parsed.to_bytes() == bytes).then(|| parsed.to_string())
}

/// The canonical CIDv1 (raw codec) of a block whose sha2-256 digest is `digest`: what the
/// record vault and IPFS name a single raw block by.
pub fn raw_cid_v1(digest: &[u8; 32]) -> String {
	cid::multihash::Multihash::<64>::wrap(SHA2_256, digest)
		.map(|hash| cid::Cid::new_v1(RAW_CODEC, hash).to_string())
		// A 32-byte digest always fits a 64-byte multihash.
		.unwrap_or_default()
}

/// The chain's time now from `Time` (pallet-timestamp), in milliseconds since the Unix
/// epoch: the [`Moment`] every medchain pallet dates things with.
pub fn now_millis<Time: frame_support::traits::UnixTime>() -> Moment {
	u64::try_from(Time::now().as_millis()).unwrap_or(Moment::MAX)
}

/// A record's id, assigned in order of anchoring and never reused.
pub type RecordId = u64;

/// Milliseconds since the Unix epoch, as `pallet-timestamp` keeps time.
pub type Moment = u64;

/// A record's category: the FHIR resource type of its content.
#[derive(
	Clone,
	Copy,
	PartialEq,
	Eq,
	PartialOrd,
	Ord,
	Encode,
	Decode,
	DecodeWithMemTracking,
	MaxEncodedLen,
	TypeInfo,
	Debug,
	serde::Serialize,
	serde::Deserialize,
)]
pub enum RecordCategory {
	/// A document: discharge summary, referral letter, scanned form.
	DocumentReference,
	/// A report of diagnostic results (laboratory, imaging, pathology).
	DiagnosticReport,
	/// A measurement or finding (vital signs, a lab value).
	Observation,
	/// A prescription.
	MedicationRequest,
	/// An imaging study (DICOM series).
	ImagingStudy,
	/// A diagnosis or problem.
	Condition,
	/// A procedure performed on the patient.
	Procedure,
	/// An allergy or intolerance.
	AllergyIntolerance,
	/// A vaccination.
	Immunization,
	/// A care plan.
	CarePlan,
}

impl RecordCategory {
	/// How many categories exist: the bound of a grant's category list.
	pub const COUNT: u32 = 10;
}

/// What a record is, for the consent check: whose it is and what kind.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RecordSubject<AccountId> {
	/// The patient the record is about.
	pub patient: AccountId,
	/// Its category.
	pub category: RecordCategory,
	/// The organisation whose off-chain store holds its ciphertext.
	pub store: OrgId,
}

/// The patient's consent, as `pallet-access-control` decides it at the moment of asking.
pub trait ConsentCheck<AccountId> {
	/// Whether `who` may read `patient`'s records of `category` now (the patient always may).
	fn may_read(who: &AccountId, patient: &AccountId, category: RecordCategory) -> bool;

	/// Whether `who` may add `patient`'s records of `category` now (the patient always may).
	fn may_write(who: &AccountId, patient: &AccountId, category: RecordCategory) -> bool;

	/// Makes `patient` grant `org` read-write access to everything, until revoked, as the
	/// last of the most grants one grantee may hold, the others not yet in force: a check of
	/// `org`'s staff reads them all. For benchmarks, which need a clinician allowed to write.
	#[cfg(feature = "runtime-benchmarks")]
	fn grant_for_benchmarks(
		patient: &AccountId,
		org: OrgId,
	) -> Result<(), sp_runtime::DispatchError>;

	/// Gives `person` the most grants of `patient` one grantee may hold (as far as the
	/// patient's bound leaves room), none in force yet: a check of `person` reads them all and
	/// finds nothing. For benchmarks' worst cases.
	#[cfg(feature = "runtime-benchmarks")]
	fn idle_grants_for_benchmarks(
		patient: &AccountId,
		person: &AccountId,
	) -> Result<(), sp_runtime::DispatchError>;
}

/// Looks up a record for the consent pallet, which needs only its subject.
pub trait RecordLookup<AccountId> {
	/// The record's patient, category and store, if it exists and is not erased.
	fn subject(record: RecordId) -> Option<RecordSubject<AccountId>>;

	/// Whether the record was erased (crypto-shredded): only its receipt is left, and nobody
	/// may open it any more.
	fn is_erased(record: RecordId) -> bool;

	/// Anchors a record of `patient` in `store`'s store; for benchmarks, which need one.
	#[cfg(feature = "runtime-benchmarks")]
	fn create_for_benchmarks(
		patient: &AccountId,
		category: RecordCategory,
		store: OrgId,
	) -> Option<RecordId>;
}

/// Why a signed request was refused ([`SignedRequests::spend`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RequestRefusal {
	/// Its `valid_until` has passed.
	Expired,
	/// Its `valid_until` is further ahead than the chain allows.
	TooFarAhead,
	/// Its nonce is not above every nonce the signer has spent.
	Stale,
	/// The signature is not the signer's over the request.
	BadSignature,
}

/// What browser extensions (polkadot{.js}, Talisman, SubWallet) put before and after bytes
/// they are asked to sign, so that no such signature can pass for a transaction's.
pub const WRAPPED_BYTES_PREFIX: &[u8] = b"<Bytes>";
/// See [`WRAPPED_BYTES_PREFIX`].
pub const WRAPPED_BYTES_SUFFIX: &[u8] = b"</Bytes>";

/// `message` as a browser extension signs it: `<Bytes>message</Bytes>`. A signed request is
/// good over either the raw message or this, as polkadot-sdk's identity pallet accepts
/// usernames, so that accounts held in extensions can sign requests too.
pub fn wrapped_bytes(message: &[u8]) -> alloc::vec::Vec<u8> {
	[WRAPPED_BYTES_PREFIX, message, WRAPPED_BYTES_SUFFIX].concat()
}

/// Requests a person signs for a store to act on: a record or a device-log file to serve.
/// The store submits the request with the person's signature, and the chain spends it once,
/// from one sequence of nonces per signer (whatever the request is for), so that a store
/// audits an opening in the name of the person who really asked, and only once.
/// `pallet-access-control` keeps the nonces; the device registry asks it for log files.
pub trait SignedRequests<AccountId, BlockNumber> {
	/// A signature by an account (the runtime's `MultiSignature`).
	type Signature: frame_support::Parameter + codec::DecodeWithMemTracking;

	/// Spends `signer`'s request: `signature` must be theirs over `message` (the request with
	/// its domain tag) or over its [`wrapped_bytes`], `valid_until` not passed and at most the chain's bound ahead, and
	/// `nonce` above every nonce they spent before.
	fn spend(
		signer: &AccountId,
		message: &[u8],
		nonce: u64,
		valid_until: BlockNumber,
		signature: &Self::Signature,
	) -> Result<(), RequestRefusal>;

	/// The furthest `valid_until` a request may carry now.
	fn latest_valid_until() -> BlockNumber;

	/// A new account and its signature over `message`'s [`wrapped_bytes`] (the worst case,
	/// verified after the raw form fails); for benchmarks.
	#[cfg(feature = "runtime-benchmarks")]
	fn sign_for_benchmarks(message: &[u8]) -> (AccountId, Self::Signature);
}

/// What a person signs for a request of kind `context` (its domain tag): the tag, the chain's
/// genesis hash and the request, SCALE-encoded one after the other, so that a signature is
/// good for one chain and one purpose only.
pub fn request_message<T: frame_system::Config>(
	context: &[u8],
	request: &impl Encode,
) -> alloc::vec::Vec<u8> {
	use sp_runtime::traits::Zero;
	let genesis = frame_system::Pallet::<T>::block_hash(
		frame_system::pallet_prelude::BlockNumberFor::<T>::zero(),
	);
	(context, genesis, request).encode()
}

/// No signed requests at all: every one is refused (a runtime, or a test, whose stores serve
/// nothing on a reader's behalf).
impl<AccountId: Default, BlockNumber: Default> SignedRequests<AccountId, BlockNumber> for () {
	type Signature = ();

	fn spend(
		_: &AccountId,
		_: &[u8],
		_: u64,
		_: BlockNumber,
		_: &(),
	) -> Result<(), RequestRefusal> {
		Err(RequestRefusal::BadSignature)
	}

	fn latest_valid_until() -> BlockNumber {
		BlockNumber::default()
	}

	#[cfg(feature = "runtime-benchmarks")]
	fn sign_for_benchmarks(_: &[u8]) -> (AccountId, ()) {
		(AccountId::default(), ())
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const FIXTURE: &str = "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi";

	fn cid_of(codec: u64, hash_code: u64, digest: &[u8]) -> String {
		let hash = cid::multihash::Multihash::<64>::wrap(hash_code, digest).unwrap();
		cid::Cid::new_v1(codec, hash).to_string()
	}

	#[test]
	fn cids_are_parsed_as_canonical_cid_v1() {
		assert!(is_cid_v1(FIXTURE.as_bytes()), "a dag-pb CIDv1 from IPFS");
		let raw = raw_cid_v1(&[7; 32]);
		assert!(raw.starts_with("bafkrei") && raw.len() == 59, "{raw}");
		assert!(is_cid_v1(raw.as_bytes()));
		assert_eq!(raw, cid_of(RAW_CODEC, SHA2_256, &[7; 32]));
	}

	#[test]
	fn anything_else_is_not_a_cid() {
		let wrong = [
			// The same CID in upper-case base32, in base58, as CIDv0, in a path.
			FIXTURE.to_uppercase(),
			cid::Cid::try_from(FIXTURE)
				.unwrap()
				.to_string_of_base(cid::multibase::Base::Base58Btc)
				.unwrap(),
			"QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG".into(),
			format!("/ipfs/{FIXTURE}"),
			// Cut short, one character more, the alphabet only.
			FIXTURE[..58].into(),
			format!("{FIXTURE}a"),
			"bafybeigaaaaaaaaaaaaaa".into(),
			// dag-cbor, sha2-512, a 20-byte sha2-256.
			cid_of(0x71, SHA2_256, &[7; 32]),
			cid_of(RAW_CODEC, 0x13, &[7; 64]),
			cid_of(RAW_CODEC, SHA2_256, &[7; 20]),
			String::new(),
		];
		for cid in wrong {
			assert!(!is_cid_v1(cid.as_bytes()), "{cid}");
		}
		assert!(!is_cid_v1(&[0xff, b'b']));
	}

	#[test]
	fn binary_cids_round_trip_and_only_whole_ones_read_back() {
		for text in [FIXTURE.to_string(), raw_cid_v1(&[7; 32])] {
			let bytes = parse_cid_v1(text.as_bytes()).unwrap();
			assert_eq!(bytes.len(), 36, "version, codec, sha2-256 code, length, digest");
			assert_eq!(cid_v1_text(&bytes).as_deref(), Some(text.as_str()));
			assert_eq!(cid_v1_text(&bytes[..35]), None, "cut short");
			assert_eq!(cid_v1_text(&[&bytes[..], &[0]].concat()), None, "one byte more");
		}
		assert_eq!(parse_cid_v1(FIXTURE.to_uppercase().as_bytes()), None);
	}
}
