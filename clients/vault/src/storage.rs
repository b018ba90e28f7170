//! Where the ciphertext lives: an object store (a local directory, or any S3-compatible
//! service: AWS S3, Ceph RGW, MinIO, Garage), each object named `objects/<CID>`. Uploads
//! stream through: the digest is computed on the way and an object whose bytes are not what
//! its CID names is never completed.

use std::sync::Arc;

use bytes::Bytes;
use futures::{stream::BoxStream, Stream, StreamExt};
use object_store::{
	aws::AmazonS3Builder, local::LocalFileSystem, path::Path, ObjectStore, WriteMultipart,
};
use sha2::{Digest, Sha256};

use crate::error::ApiError;

/// The parts of an upload in flight at once (each up to 5 MiB, object_store's default).
const UPLOAD_PARTS_IN_FLIGHT: usize = 4;

/// The vault's object store.
#[derive(Clone, Debug)]
pub struct Objects {
	store: Arc<dyn ObjectStore>,
}

/// An object being served: its size and its bytes as they arrive from the store.
pub type Download = (u64, BoxStream<'static, Result<Bytes, object_store::Error>>);

impl Objects {
	/// Objects as files under `dir` (created if missing).
	pub fn local(dir: &std::path::Path) -> Result<Self, object_store::Error> {
		std::fs::create_dir_all(dir)
			.map_err(|e| object_store::Error::Generic { store: "local", source: Box::new(e) })?;
		Ok(Objects { store: Arc::new(LocalFileSystem::new_with_prefix(dir)?) })
	}

	/// Objects in an S3 bucket. Credentials and region come from the usual `AWS_*`
	/// environment variables; `endpoint` names an S3-compatible service other than AWS
	/// (`http://` is allowed for one on the vault's own network).
	pub fn s3(bucket: &str, endpoint: Option<&str>) -> Result<Self, object_store::Error> {
		let mut builder = AmazonS3Builder::from_env().with_bucket_name(bucket);
		if let Some(endpoint) = endpoint {
			builder =
				builder.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
		}
		Ok(Objects { store: Arc::new(builder.build()?) })
	}

	fn path(cid: &str) -> Path {
		Path::from(format!("objects/{cid}"))
	}

	/// Whether the object named `cid` is stored.
	pub async fn exists(&self, cid: &str) -> Result<bool, object_store::Error> {
		match self.store.head(&Self::path(cid)).await {
			Ok(_) => Ok(true),
			Err(object_store::Error::NotFound { .. }) => Ok(false),
			Err(e) => Err(e),
		}
	}

	/// Stores `body` as the object `cid`, whose SHA-256 must be `digest` and whose size at
	/// most `max_bytes`; gives the size stored. An upload that breaks off, grows too large or
	/// hashes to anything else is aborted and leaves nothing behind.
	pub async fn put<E: std::fmt::Display>(
		&self,
		cid: &str,
		digest: &[u8; 32],
		max_bytes: u64,
		mut body: impl Stream<Item = Result<Bytes, E>> + Unpin,
	) -> Result<u64, ApiError> {
		let mut writer = WriteMultipart::new(self.store.put_multipart(&Self::path(cid)).await?);
		let mut hasher = Sha256::new();
		let mut size = 0u64;
		let refusal = loop {
			let chunk = match body.next().await {
				None => break None,
				Some(Err(e)) => {
					break Some(ApiError::BadRequest(format!("the upload broke off: {e}")))
				},
				Some(Ok(chunk)) => chunk,
			};
			size = size.saturating_add(chunk.len() as u64);
			if size > max_bytes {
				discard(&mut body, max_bytes).await;
				break Some(too_large(max_bytes));
			}
			hasher.update(&chunk);
			if let Err(e) = writer.wait_for_capacity(UPLOAD_PARTS_IN_FLIGHT).await {
				break Some(e.into());
			}
			writer.put(chunk);
		};
		let refusal = refusal.or_else(|| {
			(<[u8; 32]>::from(hasher.finalize()) != *digest).then(|| {
				ApiError::DigestMismatch(format!(
					"the {size} bytes uploaded are not those {cid} names (their SHA-256 differs)"
				))
			})
		});
		match refusal {
			Some(refusal) => {
				// What was written so far is discarded; a failed abort leaves only an incomplete
				// upload, which no read ever sees.
				let _ = writer.abort().await;
				Err(refusal)
			},
			None => {
				writer.finish().await?;
				Ok(size)
			},
		}
	}

	/// The object named `cid`, if stored.
	pub async fn get(&self, cid: &str) -> Result<Option<Download>, object_store::Error> {
		match self.store.get(&Self::path(cid)).await {
			Ok(result) => Ok(Some((result.meta.size, result.into_stream()))),
			Err(object_store::Error::NotFound { .. }) => Ok(None),
			Err(e) => Err(e),
		}
	}

	/// Deletes the object named `cid`; deleting what is not there succeeds.
	pub async fn delete(&self, cid: &str) -> Result<(), object_store::Error> {
		match self.store.delete(&Self::path(cid)).await {
			Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
			Err(e) => Err(e),
		}
	}
}

/// The refusal of an upload larger than `max_bytes`.
pub fn too_large(max_bytes: u64) -> ApiError {
	ApiError::TooLarge(format!("this vault accepts uploads of at most {max_bytes} bytes"))
}

/// Reads and drops up to `limit` more bytes of a refused upload, so that a client still
/// sending reads the refusal rather than a reset connection (a lingering close); a larger body
/// is cut off.
pub async fn discard<E>(mut body: impl Stream<Item = Result<Bytes, E>> + Unpin, limit: u64) {
	let mut read = 0u64;
	while read <= limit {
		match body.next().await {
			Some(Ok(chunk)) => read = read.saturating_add(chunk.len() as u64),
			_ => break,
		}
	}
}
