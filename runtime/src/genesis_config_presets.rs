//! Genesis presets: the starting state of the `development` (`--dev`) and `local_testnet`
//! (`--chain local`) chains, as JSON patches over the runtime's default genesis. The node's
//! chain specs only name a preset; `chain-specs/*.json` are generated from these.

use alloc::{string::String, vec, vec::Vec};
use frame_support::build_struct_json_patch;
use medchain_primitives::{OrgId, OrganisationKind, StaffRole};
use pallet_consortium::GenesisOrganisation;
use serde_json::Value;
use sp_genesis_builder::{self, PresetId};
use sp_keyring::{Ed25519Keyring, Sr25519Keyring};

use sp_core::OpaquePeerId;

use crate::{
	AccountId, AuthoritiesConfig, ConsortiumConfig, CouncilMembershipConfig, DeviceRegistryConfig,
	NodeAuthorizationConfig, RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig,
};

/// The demo consortium's organisations, in id order (docs/demo-consortium.md lists them):
/// each one's kind and its staff on the well-known development keys. Nothing else about
/// them (names, addresses) is on chain.
pub fn demo_organisations() -> Vec<GenesisOrganisation<AccountId>> {
	use OrganisationKind::*;
	use Sr25519Keyring::*;
	use StaffRole::*;
	let staff = |members: &[(Sr25519Keyring, &[StaffRole])]| {
		members.iter().map(|(key, roles)| (key.to_account_id(), roles.to_vec())).collect()
	};
	vec![
		// 0: the national regulator.
		(Regulator, staff(&[(Alice, &[Admin, RegulatoryOfficer])])),
		// 1: a device manufacturer.
		(Manufacturer, staff(&[(Dave, &[Admin, FieldServiceEngineer])])),
		// 2: a logistics firm.
		(Logistics, staff(&[(AliceStash, &[Admin])])),
		// 3: Hospital A.
		(
			Hospital,
			staff(&[
				(Bob, &[Admin, Doctor]),
				(Charlie, &[Nurse, DeviceOperator, Registrar]),
				// Its record store's service account.
				(One, &[RecordStore]),
			]),
		),
		// 4: Hospital B.
		(
			Hospital,
			staff(&[
				(BobStash, &[Admin, Doctor]),
				(EveStash, &[FieldServiceEngineer, Integration]),
			]),
		),
		// 5: a laboratory.
		(Laboratory, staff(&[(CharlieStash, &[Admin, LabTechnician])])),
		// 6: a pharmacy.
		(Pharmacy, staff(&[(DaveStash, &[Admin, Pharmacist])])),
	]
}

/// The demo manufacturer's id in the demo consortium.
pub const DEMO_MANUFACTURER: OrgId = 1;

/// The UDI company prefixes of the demo consortium's manufacturer: GS1 `0643169` (the
/// pacemaker leads of docs/demo-consortium.md carry UDI-DIs `00643169…`).
pub fn demo_issuer_prefixes() -> Vec<(pallet_device_registry::IssuingAgency, String, OrgId)> {
	vec![(pallet_device_registry::IssuingAgency::Gs1, "0643169".into(), DEMO_MANUFACTURER)]
}

/// Hospital A's id in the demo consortium.
pub const DEMO_HOSPITAL_A: OrgId = 3;
/// Hospital B's id in the demo consortium.
pub const DEMO_HOSPITAL_B: OrgId = 4;

/// The demo consortium's patients: Eve (registered by Hospital A) and Ferdie (Hospital B).
/// Ferdie's stash is left unregistered, to show the transaction gate refusing a stranger.
pub fn demo_patients() -> Vec<(AccountId, OrgId)> {
	vec![
		(Sr25519Keyring::Eve.to_account_id(), DEMO_HOSPITAL_A),
		(Sr25519Keyring::Ferdie.to_account_id(), DEMO_HOSPITAL_B),
	]
}

/// The council: the first admin of each demo organisation holds its seat.
pub fn demo_council() -> Vec<AccountId> {
	let mut seats: Vec<AccountId> = demo_organisations()
		.into_iter()
		.filter_map(|(_, staff)| {
			staff.into_iter().find(|(_, roles)| roles.contains(&StaffRole::Admin)).map(|(a, _)| a)
		})
		.collect();
	seats.sort();
	seats
}

/// The peer id of a node whose libp2p key is the Ed25519 key with this public half: the
/// identity multihash (0x00, length 0x24) of the protobuf-encoded public key (type Ed25519
/// = 1, 32 bytes), as libp2p derives it.
pub fn ed25519_peer_id(public: [u8; 32]) -> OpaquePeerId {
	let mut bytes = vec![0x00, 0x24, 0x08, 0x01, 0x12, 0x20];
	bytes.extend_from_slice(&public);
	OpaquePeerId::new(bytes)
}

/// The public halves of the development node keys `--node-key 00…01` to `00…04` (what
/// `scripts/local-network.sh` gives alice, bob, charlie and dave's nodes).
const LOCAL_NODE_KEYS: [[u8; 32]; 4] = [
	sp_core::hex2array!("4cb5abf6ad79fbf5abbccafcc269d85cd2651ed4b885b5869f241aedf0a5ba29"),
	sp_core::hex2array!("7422b9887598068e32c4448a949adb290d0f4e35b9e01b0ee5f1a1e600fe2674"),
	sp_core::hex2array!("f381626e41e7027ea431bfe3009e94bdd25a746beec468948d6c3c7c5dc9a54b"),
	sp_core::hex2array!("fd50b8e3b144ea244fbf7737f550bc8dd0c2650bbc1aada833ca17ff8dbf329b"),
];

/// A genesis state: the authorities (accounts with their Aura + GRANDPA session keys), the
/// well-known nodes and their owners, the demo consortium and its council, and the sudo key
/// where there is one. No account has a
/// balance: registered accounts exist because the consortium pallet gives them a provider
/// reference. Aura's and GRANDPA's own authority lists stay empty: `pallet-session` fills
/// them from the keys.
fn medchain_genesis(
	authorities: Vec<(AccountId, SessionKeys)>,
	nodes: Vec<(OpaquePeerId, AccountId)>,
	sudo_key: Option<AccountId>,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		node_authorization: NodeAuthorizationConfig { nodes },
		session: SessionConfig {
			keys: authorities
				.iter()
				.map(|(who, keys)| (who.clone(), who.clone(), keys.clone()))
				.collect::<Vec<_>>(),
		},
		authorities: AuthoritiesConfig {
			authorities: authorities.iter().map(|(who, _)| who.clone()).collect::<Vec<_>>(),
		},
		sudo: SudoConfig { key: sudo_key },
		council_membership: CouncilMembershipConfig {
			members: demo_council().try_into().expect("the demo council fits MaxMembers"),
		},
		consortium: ConsortiumConfig {
			organisations: demo_organisations(),
			patients: demo_patients(),
		},
		device_registry: DeviceRegistryConfig { issuer_prefixes: demo_issuer_prefixes() },
	})
}

/// A well-known development account as an authority: its account (sr25519), and its
/// session keys — the same sr25519 key for Aura, its ed25519 key for GRANDPA (what
/// `--alice`, `--bob` … put in a node's keystore).
fn dev_authority(aura: Sr25519Keyring, grandpa: Ed25519Keyring) -> (AccountId, SessionKeys) {
	(
		aura.to_account_id(),
		SessionKeys { aura: aura.public().into(), grandpa: grandpa.public().into() },
	)
}

/// `development`: one authority (Alice), Alice is sudo, the demo consortium. No well-known
/// nodes: the one node has no peers to allow (a second node would need a motion, or
/// `--offchain-worker never` on the first).
pub fn development_config_genesis() -> Value {
	medchain_genesis(
		vec![dev_authority(Sr25519Keyring::Alice, Ed25519Keyring::Alice)],
		Vec::new(),
		Some(Sr25519Keyring::Alice.to_account_id()),
	)
}

/// `local_testnet`: four authorities (Alice, Bob, Charlie, Dave) on one machine
/// (`scripts/local-network.sh`), the demo consortium, no sudo key: governance is the
/// council alone. GRANDPA needs three of the four to finalise: one may fail. Their four
/// nodes (node keys 1 to 4) are the well-known nodes, each owned by its authority.
pub fn local_config_genesis() -> Value {
	let authorities = [
		(Sr25519Keyring::Alice, Ed25519Keyring::Alice),
		(Sr25519Keyring::Bob, Ed25519Keyring::Bob),
		(Sr25519Keyring::Charlie, Ed25519Keyring::Charlie),
		(Sr25519Keyring::Dave, Ed25519Keyring::Dave),
	];
	medchain_genesis(
		authorities.iter().map(|(sr, ed)| dev_authority(*sr, *ed)).collect(),
		authorities
			.iter()
			.zip(LOCAL_NODE_KEYS)
			.map(|((sr, _), public)| (ed25519_peer_id(public), sr.to_account_id()))
			.collect(),
		None,
	)
}

/// The preset with the given id, as JSON bytes, or `None` if there is no such preset.
pub fn get_preset(id: &PresetId) -> Option<Vec<u8>> {
	let patch = match id.as_str() {
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// The ids of the presets this runtime has.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}

/// The full genesis config a preset stands for, as the node builds it: the runtime's default
/// config with the preset's patch merged in.
#[cfg(test)]
pub(crate) fn preset_config(id: &str) -> Vec<u8> {
	fn merge(base: &mut Value, patch: Value) {
		match (base, patch) {
			(Value::Object(base), Value::Object(patch)) => {
				for (key, value) in patch {
					merge(base.entry(key).or_insert(Value::Null), value);
				}
			},
			(base, patch) => *base = patch,
		}
	}
	let patch = get_preset(&PresetId::from(id)).expect("a named preset");
	let mut config =
		serde_json::to_value(RuntimeGenesisConfig::default()).expect("the default serialises");
	merge(&mut config, serde_json::from_slice(&patch).expect("a preset is JSON"));
	serde_json::to_vec(&config).expect("JSON serialises")
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn every_named_preset_builds_a_genesis_state() {
		for id in preset_names() {
			let id = id.as_str();
			let config = preset_config(id);
			sp_io::TestExternalities::default().execute_with(|| {
				frame_support::genesis_builder_helper::build_state::<RuntimeGenesisConfig>(config)
					.unwrap_or_else(|e| panic!("preset {id} does not build: {e}"))
			});
		}
	}
	#[test]
	fn unknown_preset_is_none() {
		assert!(get_preset(&PresetId::from("mainnet")).is_none());
	}

	#[test]
	fn the_local_well_known_nodes_are_the_node_keys_1_to_4() {
		use sp_core::Pair;
		for (i, public) in LOCAL_NODE_KEYS.iter().enumerate() {
			// `--node-key 00…0i`: the 32-byte Ed25519 seed i.
			let mut seed = [0u8; 32];
			seed[31] = i as u8 + 1;
			assert_eq!(&sp_core::ed25519::Pair::from_seed(&seed).public().0, public);
		}
		let json: Value = serde_json::from_slice(
			&get_preset(&PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)).unwrap(),
		)
		.unwrap();
		assert_eq!(json["nodeAuthorization"]["nodes"].as_array().map(Vec::len), Some(4));
	}

	#[test]
	fn only_the_development_preset_has_a_sudo_key() {
		let sudo_of = |id: &str| {
			let json: Value =
				serde_json::from_slice(&get_preset(&PresetId::from(id)).unwrap()).unwrap();
			json["sudo"]["key"].clone()
		};
		assert!(sudo_of(sp_genesis_builder::DEV_RUNTIME_PRESET).is_string());
		assert!(sudo_of(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET).is_null());
	}
}
