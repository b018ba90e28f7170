//! Deleting what the chain erased. The vault follows the finalised chain and deletes the
//! ciphertext each `EmrPointers.RecordErased` event names (by its content hash, which is the
//! digest in the object's CID). It keeps the last block it applied in its state directory
//! and, when started again, catches up on every block it missed: from genesis the first time.

use std::{path::PathBuf, sync::Arc, time::Duration};

use medchain_client::records;

use crate::{chain::Chain, metrics::Metrics, storage::Objects};

/// Follows the finalised chain for ever, deleting erased records' objects.
pub async fn follow(chain: Arc<Chain>, objects: Objects, cursor: PathBuf, metrics: Arc<Metrics>) {
	let mut applied: Option<u64> =
		std::fs::read_to_string(&cursor).ok().and_then(|text| text.trim().parse().ok());
	loop {
		if let Err(reason) = catch_up(&chain, &objects, &cursor, &mut applied, &metrics).await {
			tracing::warn!(%reason, "erasures not applied yet; trying again");
		}
		tokio::time::sleep(Duration::from_secs(2)).await;
	}
}

/// Applies every finalised block after `applied`, one at a time, noting each in `cursor`.
async fn catch_up(
	chain: &Chain,
	objects: &Objects,
	cursor: &PathBuf,
	applied: &mut Option<u64>,
	metrics: &Metrics,
) -> Result<(), String> {
	let (head, _) = chain
		.ask(|client| async move { client.finalized_head().await })
		.await
		.map_err(|e| e.to_string())?;
	for number in applied.map_or(0, |n| n + 1)..=head {
		let events = chain
			.ask(|client| async move { client.events_at(number).await })
			.await
			.map_err(|e| e.to_string())?;
		for event in events.iter().filter(|e| e.pallet == "EmrPointers" && e.name == "RecordErased")
		{
			let hash = event
				.field("content_hash")
				.and_then(|hash| hash.as_str())
				.and_then(|hex| hex::decode(hex.trim_start_matches("0x")).ok())
				.and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
				.ok_or_else(|| format!("block {number}: a RecordErased without a content hash"))?;
			let cid = records::cid_of_hash(&hash);
			objects.delete(&cid).await.map_err(|e| format!("cannot delete {cid}: {e}"))?;
			metrics.erased.inc();
			tracing::info!(block = number, record = event.number("record"), %cid, "erased record deleted");
		}
		std::fs::write(cursor, number.to_string())
			.map_err(|e| format!("cannot note block {number} in {}: {e}", cursor.display()))?;
		*applied = Some(number);
		metrics.erasure_block.set(number as i64);
	}
	Ok(())
}
