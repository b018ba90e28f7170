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

	/// Whether `key` is on the whitelist: keys every block touches anyway, which the
	/// benchmarking database does not count.
	fn whitelisted(&self, child: Option<&[u8]>, key: &[u8]) -> bool {
		self.whitelist
			.iter()
			.any(|white| white.key == key && white.child_trie_key.as_deref() == child)
	}

	/// A read of `key`: counted the first time, unless the call wrote the key before, whose
	/// value then comes from the overlay and never reaches the database.
	fn read(&mut self, child: Option<&ChildInfo>, key: &[u8]) {
		let child = child.map(|info| info.storage_key().to_vec());
		if self.whitelisted(child.as_deref(), key) {
			return;
		}
		let tracked = self.tracked.entry((child, key.to_vec())).or_default();
		if tracked.reads == 0 && tracked.writes == 0 {
			self.counts.0 += 1;
			tracked.reads += 1;
		} else {
			self.counts.1 += 1;
			// Only a key first read from the database reports reads (the weight files' `r:`).
			if tracked.reads > 0 {
				tracked.reads += 1;
			}
		}
	}

	/// A write (or deletion) of `key`: counted the first time; the database sees only the
	/// last value.
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

	/// The keys under `prefix` (from `cursor`, when given) a prefix removal deletes, up to
	/// `limit`: each is read (the backend iterates them) and written (deleted), and the key
	/// after the last one is read too, as the backend's iterator does when it stops at the
	/// limit. It walks the state the call sees (overlay and backend), so keys the call wrote
	/// first count as written only; the pallets' prefix removals delete stored keys.
	fn remove_prefix(
		&mut self,
		child: Option<&ChildInfo>,
		prefix: &[u8],
		cursor: Option<&[u8]>,
		limit: Option<u32>,
	) {
		let mut keys = Vec::new();
		let mut next = cursor.unwrap_or(prefix).to_vec();
		if self.existing(child, &next) {
			keys.push(next.clone());
		}
		let mut past_limit = None;
		loop {
			let mut ext = self.ext.ext();
			let found = match child {
				Some(info) => ext.next_child_storage_key(info, &next),
				None => ext.next_storage_key(&next),
			};
			match found {
				Some(key) if key.starts_with(prefix) => {
					if limit.is_some_and(|limit| keys.len() as u32 >= limit) {
						past_limit = Some(key);
						break;
					}
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
		if let Some(key) = past_limit {
			self.read(child, &key);
		}
	}

	/// Whether `key` holds a value, without counting the look-up.
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
		self.remove_prefix(Some(child_info), &[], maybe_cursor, maybe_limit);
		self.ext.ext().kill_child_storage(child_info, maybe_limit, maybe_cursor)
	}

	fn clear_prefix(
		&mut self,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.remove_prefix(None, prefix, maybe_cursor, maybe_limit);
		self.ext.ext().clear_prefix(prefix, maybe_limit, maybe_cursor)
	}

	fn clear_child_prefix(
		&mut self,
		child_info: &ChildInfo,
		prefix: &[u8],
		maybe_limit: Option<u32>,
		maybe_cursor: Option<&[u8]>,
	) -> MultiRemovalResults {
		self.remove_prefix(Some(child_info), prefix, maybe_cursor, maybe_limit);
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

	fn storage_index_transaction(&mut self, index: u32, hash: &[u8], size: u32) {
		self.ext.ext().storage_index_transaction(index, hash, size)
	}

	fn storage_renew_transaction_index(&mut self, index: u32, hash: &[u8]) {
		self.ext.ext().storage_renew_transaction_index(index, hash)
	}

	/// Back to the genesis state (keeping the registered extensions), forgetting what was
	/// counted.
	fn wipe(&mut self) {
		let extensions = core::mem::take(&mut self.ext.extensions);
		self.ext = Self::restore(&self.genesis);
		self.ext.extensions = extensions;
		self.reset_read_write_count();
	}

	/// Commits open transactions, then the overlay to the backend, as the node's `commit`.
	fn commit(&mut self) {
		while self.ext.ext().storage_commit_transaction().is_ok() {}
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

#[test]
fn accesses_are_counted_as_the_benchmarking_database_counts_them() {
	let mut genesis = TestExternalities::default();
	for key in [&b"a"[..], b"p1", b"p2", b"p3", b"w"] {
		genesis.insert(key.to_vec(), b"0".to_vec());
	}
	let mut ext = CountingExternalities::new(genesis);
	ext.set_whitelist(vec![TrackedStorageKey::new(b"w".to_vec())]);
	ext.execute_with(|| {
		use sp_io::storage;
		// A read, then the same key again: one read and one repeat.
		storage::get(b"a");
		storage::get(b"a");
		// A write, then a read of it from the overlay: one write and one repeat.
		storage::set(b"b", b"1");
		storage::get(b"b");
		// The key read first, now written: one more write.
		storage::set(b"a", b"1");
		// Whitelisted: neither.
		storage::get(b"w");
		storage::set(b"w", b"1");
		// An append reads the stored value, then writes: one read and one write.
		storage::append(b"c", vec![0]);
		// Two of the three `p` keys removed: each read and written, and the third read when
		// the iterator stops at the limit.
		let _ = storage::clear_prefix(b"p", Some(2));
		// Iteration reads the key it starts from.
		storage::next_key(b"x");
	});
	assert_eq!(ext.read_write_count(), (6, 2, 5, 0));
	let read: Vec<_> = ext
		.get_read_and_written_keys()
		.into_iter()
		.filter(|key| key.1 > 0)
		.map(|key| key.0)
		.collect();
	assert_eq!(read, [&b"a"[..], b"c", b"p1", b"p2", b"p3", b"x"]);
	// A wipe returns to the genesis state and forgets the counts.
	ext.wipe();
	assert_eq!(ext.read_write_count(), (0, 0, 0, 0));
	assert_eq!(ext.execute_with(|| sp_io::storage::get(b"b")), None);
}
