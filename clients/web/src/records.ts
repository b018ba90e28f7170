// medchain's record format, version 1 (docs/records-and-consent.md, "The record format"), in
// the browser: byte for byte what `medchain_client::records` and the CLI write. AES-256-GCM
// and X25519 from the browser's WebCrypto, HPKE (RFC 9180) from @hpke/core on top of them
// (its native X25519 KEM, so that keys are WebCrypto keys), CIDs from multiformats. Nothing
// here is hand-rolled: each step is one library call.

import { Aes256Gcm, CipherSuite, DhkemX25519HkdfSha256, HkdfSha256 } from '@hpke/core';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { sha256 } from 'multiformats/hashes/sha2';
import { hexToU8a, isHex, u8aToHex } from '@polkadot/util';

/** The version byte every stored record and every envelope starts with. */
export const FORMAT_VERSION = 1;
const ENVELOPE_INFO = new TextEncoder().encode('medchain/envelope/v1');
const suite = new CipherSuite({ kem: new DhkemX25519HkdfSha256(), kdf: new HkdfSha256(), aead: new Aes256Gcm() });

/** WebCrypto's calls want an `ArrayBuffer`-backed view. */
const buffer = (bytes: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(bytes);

/** A reader's X25519 record key: `secret` opens envelopes (keep it), `public` is what the
 * chain keeps (`emrPointers.registerEncryptionKey`). */
export interface RecordKey {
	secret: Uint8Array;
	public: Uint8Array;
	pair: CryptoKeyPair;
}

const withPair = async (pair: CryptoKeyPair): Promise<RecordKey> => ({
	pair,
	secret: new Uint8Array(await suite.kem.serializePrivateKey(pair.privateKey)),
	public: new Uint8Array(await suite.kem.serializePublicKey(pair.publicKey)),
});

/** A new record key from the browser's random source. */
export const newRecordKey = async (): Promise<RecordKey> => withPair(await suite.kem.generateKeyPair());

/** The record key whose secret half is `secret` (32 bytes). */
export const recordKeyFrom = async (secret: Uint8Array): Promise<RecordKey> => {
	if (secret.length !== 32) throw new Error('a record key is 32 bytes (64 hex digits)');
	const privateKey = await suite.kem.deserializePrivateKey(buffer(secret));
	const jwk = await crypto.subtle.exportKey('jwk', privateKey);
	const publicKey = await suite.kem.importKey('jwk', { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, true);
	return withPair({ privateKey, publicKey });
};

/** A record key as the CLI's key file has it (`medchain keys record-key`): 64 hex digits. */
export const recordKeyText = (key: RecordKey): string => u8aToHex(key.secret).slice(2);

/** A record key from 64 hex digits (a leading `0x` and white space allowed). */
export const parseRecordKey = (text: string): Promise<RecordKey> => {
	const trimmed = text.trim();
	const hex = trimmed.startsWith('0x') ? trimmed : `0x${trimmed}`;
	if (!isHex(hex) || hex.length !== 66) return Promise.reject(new Error('a record key is 64 hex digits'));
	return recordKeyFrom(hexToU8a(hex));
};

/** SHA-256 of stored bytes: the content hash the chain anchors, and the tamper check's. */
export const contentHash = async (bytes: Uint8Array): Promise<Uint8Array> =>
	new Uint8Array(await crypto.subtle.digest('SHA-256', buffer(bytes)));

/** CIDv1 (raw codec, sha2-256) of stored bytes, base32: what the vault names them by. */
export const cidOf = async (bytes: Uint8Array): Promise<string> => CID.create(1, raw.code, await sha256.digest(bytes)).toString();

/** A CID the chain keeps in binary form, as text (`bafkrei…`). */
export const cidText = (binary: Uint8Array): string => CID.decode(binary).toString();

/** A record's content, encrypted under a new content key. */
export interface Sealed {
	/** What the store keeps: `1 ‖ nonce ‖ ciphertext ‖ tag`. */
	bytes: Uint8Array;
	/** The content key, to seal to each reader. */
	key: Uint8Array;
	hash: Uint8Array;
	cid: string;
}

/** Encrypts `content` under a new content key. */
export const encrypt = async (content: Uint8Array): Promise<Sealed> => {
	const key = crypto.getRandomValues(new Uint8Array(32));
	const nonce = crypto.getRandomValues(new Uint8Array(12));
	const aes = await crypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
	const additionalData = new Uint8Array([FORMAT_VERSION]);
	const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv: nonce, additionalData }, aes, buffer(content));
	const bytes = new Uint8Array(13 + sealed.byteLength);
	bytes.set([FORMAT_VERSION]);
	bytes.set(nonce, 1);
	bytes.set(new Uint8Array(sealed), 13);
	return { bytes, key, hash: await contentHash(bytes), cid: await cidOf(bytes) };
};

/** Decrypts stored bytes with their content key; fails if one byte was altered. */
export const decrypt = async (bytes: Uint8Array, key: Uint8Array): Promise<Uint8Array> => {
	if (bytes[0] !== FORMAT_VERSION) throw new Error(`the record is in a format this app does not know (version ${bytes[0]})`);
	if (bytes.length < 13 + 16) throw new Error('the record is shorter than its header and tag');
	const aes = await crypto.subtle.importKey('raw', buffer(key), 'AES-GCM', false, ['decrypt']);
	const additionalData = new Uint8Array([FORMAT_VERSION]);
	try {
		const iv = buffer(bytes.subarray(1, 13));
		return new Uint8Array(await crypto.subtle.decrypt({ name: 'AES-GCM', iv, additionalData }, aes, buffer(bytes.subarray(13))));
	} catch {
		throw new Error('the record does not decrypt: the wrong key, or its bytes were altered');
	}
};

/** Seals a content key to the reader whose registered key is `reader` (32 bytes), for the
 * record whose content hash is `hash`: `1 ‖ enc (32) ‖ sealed key (48)`. */
export const sealTo = async (key: Uint8Array, reader: Uint8Array, hash: Uint8Array): Promise<Uint8Array> => {
	const recipientPublicKey = await suite.kem.deserializePublicKey(buffer(reader));
	const { ct, enc } = await suite.seal({ recipientPublicKey, info: ENVELOPE_INFO }, buffer(key), buffer(hash));
	return new Uint8Array([FORMAT_VERSION, ...new Uint8Array(enc), ...new Uint8Array(ct)]);
};

/** Opens an envelope with the reader's record key, for the record whose content hash is `hash`. */
export const openEnvelope = async (envelope: Uint8Array, reader: RecordKey, hash: Uint8Array): Promise<Uint8Array> => {
	if (envelope[0] !== FORMAT_VERSION) throw new Error(`the key envelope is in a format this app does not know (version ${envelope[0]})`);
	try {
		const enc = buffer(envelope.slice(1, 33));
		return new Uint8Array(await suite.open({ recipientKey: reader.pair, enc, info: ENVELOPE_INFO }, buffer(envelope.slice(33)), buffer(hash)));
	} catch {
		throw new Error('the key envelope does not open with your record key: it was sealed to another key');
	}
};
