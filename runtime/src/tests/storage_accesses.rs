//! Test externalities that count storage reads and writes the way the benchmarking node's
//! database does (`sc_client_db::BenchmarkingState`), so that a benchmark runs natively in a
//! test through the same `run_benchmark` path as `medchain-node benchmark pallet` and reports
//! the reads and writes its call made.
//!
//! A key counts once as a read, the first time the call reads it before writing it; once as
//! a write, the first time the call writes (or deletes) it; reads through an iterator count
//! each key it passes. Whitelisted keys (frame_system's block number, events, …) count as
//! neither, as in the benchmarking database. Commit moves the overlay into the backend, wipe
//! goes back to the genesis state.

use alloc::collections::BTreeMap;
use core::any::{Any, TypeId};
use sp_core::{
	storage::{ChildInfo, StateVersion, TrackedStorageKey},
	H256,
};
use sp_externalities::{Extension, ExtensionStore, Externalities, MultiRemovalResults};
use sp_io::TestExternalities;
use sp_keystore::{testing::MemoryKeystore, KeystoreExt};

/// Which child trie a key is in (`None`: the main trie) and the key.
type Key = (Option<Vec<u8>>, Vec<u8>);

/// A state as the trie database holds it: nodes with their reference counts, and the root.
type Snapshot = (Vec<(Vec<u8>, (Vec<u8>, i32))>, H256);

/// How often the call read and wrote one key.
#[derive(Default, Clone, Copy)]
struct Tracked {
	reads: u32,
	writes: u32,
}

/// A genesis state to benchmark from, and the accesses counted since the last reset.
pub struct CountingExternalities {
	ext: TestExternalities,
	genesis: Snapshot,
	whitelist: Vec<TrackedStorageKey>,
	tracked: BTreeMap<Key, Tracked>,
	/// (reads, repeat reads, writes, repeat writes), as `read_write_count` reports them.
	counts: (u32, u32, u32, u32),
}

impl CountingExternalities {
	/// Externalities holding the state of `genesis` (committed), to which every wipe returns.
	pub fn new(mut genesis: TestExternalities) -> Self {
		genesis.commit_all().expect("the genesis state commits");
		let genesis = genesis.into_raw_snapshot();
		Self {
			ext: Self::restore(&genesis),
			genesis,
			whitelist: Vec::new(),
			tracked: BTreeMap::new(),
			counts: (0, 0, 0, 0),
		}
	}

	/// The state of `snapshot`, with a keystore for the benchmarks that sign (as the
	/// benchmarking node has).
	fn restore((nodes, root): &Snapshot) -> TestExternalities {
		let mut ext = TestExternalities::from_raw_snapshot(nodes.clone(), *root, StateVersion::V1);
		ext.register_extension(KeystoreExt::new(MemoryKeystore::new()));
		ext
	}

	/// Runs `f` with these externalities as the current ones.
	pub fn execute_with<R>(&mut self, f: impl FnOnce() -> R) -> R {
		sp_externalities::set_and_run_with_externalities(self, f)
	}

	fn whitelisted(&self, child: Option<&[u8]>, key: &[u8]) -> bool {
		self.whitelist
			.iter()
			.any(|white| white.key == key && white.child_trie_key.as_deref() == child)
	}

	fn read(&mut self, child: Option<&ChildInfo>, key: &[u8]) {
		let child = child.map(|info| info.storage_key().to_vec());
		if self.whitelisted(child.as_deref(), key) {
			return;
		}
		let tracked = self.tracked.entry((child, key.to_vec())).or_default();
		if tracked.reads == 0 && tracked.writes == 0 {
			self.counts.0 += 1;
		} else {
			self.counts.1 += 1;
		}
		tracked.reads += 1;
	}

	fn write(&mut self, child: Option<&ChildInfo>, key: &[u8]) {
		let child = child.map(|info| info.storage_key().to_vec());
		if self.whitelisted(child.as_deref(), key) {
			return;
		}
		let tracked = self.tracked.entry((child, key.to_vec())).or_default();
		if tracked.writes == 0 {
			self.counts.2 += 1;
		} else {
			self.counts.3 += 1;
		}
		tracked.writes += 1;
	}

	/// The keys under `prefix` a prefix removal deletes (up to `limit`): each is read (the
	/// backend iterates them) and written (deleted).
	fn remove_prefix(&mut self, child: Option<&ChildInfo>, prefix: &[u8], limit: Option<u32>) {
		let mut keys = Vec::new();
		let mut next = prefix.to_vec();
		if self.existing(child, &next) {
			keys.push(next.clone());
		}
		while limit.is_none_or(|limit| (keys.len() as u32) < limit) {
			let mut ext = self.ext.ext();
			let found = match child {
				Some(info) => ext.next_child_storage_key(info, &next),
				None => ext.next_storage_key(&next),
			};
			match found {
				Some(key) if key.starts_with(prefix) => {
					keys.push(key.clone());
					next = key;
				},
				_ => break,
			}
		}
		for key in keys {
			self.read(child, &key);
			self.write(child, &key);
		}
	}

	fn existing(&mut self, child: Option<&ChildInfo>, key: &[u8]) -> bool {
		let mut ext = self.ext.ext();
		match child {
			Some(info) => ext.exists_child_storage(info, key),
			None => ext.exists_storage(key),
		}
	}
}

impl ExtensionStore for CountingExternalities {
	fn extension_by_type_id(&mut self, type_id: TypeId) -> Option<&mut dyn Any> {
		self.ext.extensions.get_mut(type_id)
	}

	fn register_extension_with_type_id(
		&mut self,
		type_id: TypeId,
		extension: Box<dyn Extension>,
	) -> Result<(), sp_externalities::Error> {
		self.ext.extensions.register_with_type_id(type_id, extension)
	}

	fn deregister_extension_by_type_id(
		&mut self,
		type_id: TypeId,
	) -> Result<(), sp_externalities::Error> {
		if self.ext.extensions.deregister(type_id) {
			Ok(())
		} else {
			Err(sp_externalities::Error::ExtensionIsNotRegistered(type_id))
		}
	}
}

impl Externalities for CountingExternalities {
	fn set_offchain_storage(&mut self, key: &[u8], value: Option<&[u8]>) {
		self.ext.ext().set_offchain_storage(key, value)
	}

	fn storage(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.read(None, key);
		self.ext.ext().storage(key)
	}

	fn storage_hash(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.read(None, key);
		self.ext.ext().storage_hash(key)
	}

	fn child_storage_hash(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.read(Some(child_info), key);
		self.ext.ext().child_storage_hash(child_info, key)
	}

	fn child_storage(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.read(Some(child_info), key);
		self.ext.ext().child_storage(child_info, key)
	}

	fn next_storage_key(&mut self, key: &[u8]) -> Option<Vec<u8>> {
		self.read(None, key);
		self.ext.ext().next_storage_key(key)
	}

	fn next_child_storage_key(&mut self, child_info: &ChildInfo, key: &[u8]) -> Option<Vec<u8>> {
		self.read(Some(child_info), key);
		self.ext.ext().next_child_storage_key(child_info, key)
	}

	fn kill_child_storage(
		&mut self,
		child_info: &ChildInfo,
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.remove_prefix(Some(child_info), &[], maybe_limit);
		self.ext.ext().kill_child_storage(child_info, maybe_limit, maybe_cursor)
	}

	fn clear_prefix(
		&mut self,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.remove_prefix(None, prefix, maybe_limit);
		self.ext.ext().clear_prefix(prefix, maybe_limit, maybe_cursor)
	}

	fn clear_child_prefix(
		&mut self,
		child_info: &ChildInfo,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.remove_prefix(Some(child_info), prefix, maybe_limit);
		self.ext.ext().clear_child_prefix(child_info, prefix, maybe_limit, maybe_cursor)
	}

	fn place_storage(&mut self, key: Vec<u8>, value: Option<Vec<u8>>) {
		self.write(None, &key);
		self.ext.ext().place_storage(key, value)
	}

	fn place_child_storage(
		&mut self,
		child_info: &ChildInfo,
		key: Vec<u8>,
		value: Option<Vec<u8>>,
	) {
		self.write(Some(child_info), &key);
		self.ext.ext().place_child_storage(child_info, key, value)
	}

	fn storage_root(&mut self, state_version: StateVersion) -> Vec<u8> {
		self.ext.ext().storage_root(state_version)
	}

	fn child_storage_root(
		&mut self,
		child_info: &ChildInfo,
		state_version: StateVersion,
	) -> Vec<u8> {
		self.ext.ext().child_storage_root(child_info, state_version)
	}

	/// An append reads the stored value first (unless the call wrote it), then writes.
	fn storage_append(&mut self, key: Vec<u8>, value: Vec<u8>) {
		self.read(None, &key);
		self.write(None, &key);
		self.ext.ext().storage_append(key, value)
	}

	fn storage_start_transaction(&mut self) {
		self.ext.ext().storage_start_transaction()
	}

	fn storage_rollback_transaction(&mut self) -> Result<(), ()> {
		self.ext.ext().storage_rollback_transaction()
	}

	fn storage_commit_transaction(&mut self) -> Result<(), ()> {
		self.ext.ext().storage_commit_transaction()
	}

	/// Back to the genesis state, forgetting what was counted.
	fn wipe(&mut self) {
		self.ext = Self::restore(&self.genesis);
		self.reset_read_write_count();
	}

	fn commit(&mut self) {
		self.ext.commit_all().expect("the overlay commits to the in-memory backend")
	}

	fn read_write_count(&self) -> (u32, u32, u32, u32) {
		self.counts
	}

	fn reset_read_write_count(&mut self) {
		self.tracked.clear();
		self.counts = (0, 0, 0, 0);
	}

	fn get_whitelist(&self) -> Vec<TrackedStorageKey> {
		self.whitelist.clone()
	}

	fn set_whitelist(&mut self, new: Vec<TrackedStorageKey>) {
		self.whitelist = new;
	}

	fn get_read_and_written_keys(&self) -> Vec<(Vec<u8>, u32, u32, bool)> {
		self.tracked
			.iter()
			.map(|((_, key), tracked)| (key.clone(), tracked.reads, tracked.writes, false))
			.collect()
	}
}
