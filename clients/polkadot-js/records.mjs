// medchain's record format, version 1 (docs/records-and-consent.md, "The record format"), in
// JavaScript, byte for byte what `medchain_client::records` writes, from maintained
// implementations of each standard: AES-256-GCM from Node's WebCrypto, HPKE (RFC 9180) from
// @hpke/core with @hpke/dhkem-x25519, CIDs from multiformats.

import { webcrypto as crypto } from 'node:crypto';
import { Aes256Gcm, CipherSuite, HkdfSha256 } from '@hpke/core';
import { DhkemX25519HkdfSha256 } from '@hpke/dhkem-x25519';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';

/** The version byte every stored record and every envelope starts with. */
export const FORMAT_VERSION = 1;
const ENVELOPE_INFO = new TextEncoder().encode('medchain/envelope/v1');
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

/** A reader's X25519 record key; `raw` (32 bytes) is what the chain keeps. */
export const recordKey = async () => {
	const pair = await suite.kem.generateKeyPair();
	return { pair, raw: new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey)) };
};

/** SHA-256 of stored bytes: the content hash the chain anchors. */
export const contentHash = async (bytes) => new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));

/** CIDv1 (raw codec, sha2-256) of stored bytes, base32: what IPFS names a single raw block. */
export const cid = async (bytes) => CID.create(1, raw.code, await sha256.digest(bytes)).toString();

/** Encrypts `content` under a new content key: `{ bytes: 1 ‖ nonce ‖ ciphertext ‖ tag, key }`. */
export const encrypt = async (content) => {
	const key = crypto.getRandomValues(new Uint8Array(32));
	const nonce = crypto.getRandomValues(new Uint8Array(12));
	const aes = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
	const additionalData = new Uint8Array([FORMAT_VERSION]);
	const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData }, aes, content);
	const bytes = new Uint8Array(13 + sealed.byteLength);
	bytes.set([FORMAT_VERSION]);
	bytes.set(nonce, 1);
	bytes.set(new Uint8Array(sealed), 13);
	return { bytes, key };
};

/** Decrypts stored bytes with their content key; throws if one byte was altered. */
export const decrypt = async (bytes, key) => {
	if (bytes[0] !== FORMAT_VERSION) throw new Error(`unknown record format ${bytes[0]}`);
	const aes = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt']);
	const additionalData = new Uint8Array([FORMAT_VERSION]);
	const iv = bytes.subarray(1, 13);
	return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, aes, bytes.subarray(13)));
};

/** Seals a content key to the reader whose registered key is `reader` (32 bytes), for the record
 * whose content hash is `hash`: `1 ‖ enc (32) ‖ sealed key (48)`. */
export const sealTo = async (key, reader, hash) => {
	const recipientPublicKey = await suite.kem.deserializePublicKey(reader);
	const { ct, enc } = await suite.seal({ recipientPublicKey, info: ENVELOPE_INFO }, key, hash);
	return new Uint8Array([FORMAT_VERSION, ...new Uint8Array(enc), ...new Uint8Array(ct)]);
};

/** Opens an envelope with the reader's record key pair, for the record whose content hash is `hash`. */
export const open = async (envelope, readerKey, hash) => {
	if (envelope[0] !== FORMAT_VERSION) throw new Error(`unknown envelope format ${envelope[0]}`);
	const recipientKey = readerKey.pair;
	const enc = envelope.slice(1, 33);
	return new Uint8Array(await suite.open({ recipientKey, enc, info: ENVELOPE_INFO }, envelope.slice(33), hash));
};
