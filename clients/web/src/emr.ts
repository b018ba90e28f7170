// What a patient or a clinician does with a record, step by step in the order that keeps
// nothing unaudited or unchecked: open (the key envelope first, then the vault's copy, the
// tamper check, and only then the decryption), share (seal its key to one more reader), and
// add (encrypt here, seal to the patient and the author, store in the vault, anchor).

import type { ApiPromise } from '@polkadot/api';
import type { Bytes, Option } from '@polkadot/types';
import { hexToU8a, u8aEq, u8aToHex } from '@polkadot/util';
import type { Signing } from './chain';
import { registeredKey } from './keys';
import { contentHash, decrypt, encrypt, openEnvelope, sealTo, type RecordKey } from './records';
import { readRecord, upload } from './vault';

/** A record's pointer as `EmrApi.records_of` gives it (`toJSON()`). */
export interface RecordPointer {
	patient: string;
	author: string;
	authorOrg: number | null;
	category: string;
	cid: string;
	contentHash: string;
	createdAt: number;
	store: number;
	version: number;
	previous: number | null;
	status: unknown;
}

/** An opened record: its content, and what the tamper check found. */
export interface Opened {
	content: string;
	verified: string;
}

/** The envelope sealed to `reader` for `record`, or why there is none. */
const envelopeOf = async (api: ApiPromise, record: number, reader: string): Promise<Uint8Array> => {
	const envelope = (await api.query.emrPointers.keyEnvelopes(record, reader)) as Option<Bytes>;
	if (envelope.isNone)
		throw new Error("this record's key is not sealed to you yet: the patient must share it with you (My records, Share)");
	return envelope.unwrap().toU8a(true);
};

/** Opens `record` as `reader`: fetches the ciphertext from the vault that keeps it (which has
 * the opening audited), checks it against the anchored hash, and decrypts it. */
export const openRecord = async (
	api: ApiPromise,
	reader: string,
	signing: Signing,
	key: RecordKey,
	record: number,
	pointer: RecordPointer,
): Promise<Opened> => {
	const envelope = await envelopeOf(api, record, reader);
	const bytes = await readRecord(api, reader, signing, record, pointer.store);
	const anchored = hexToU8a(pointer.contentHash);
	const hash = await contentHash(bytes);
	if (!u8aEq(hash, anchored)) throw new Error(`tamper check failed: the vault's copy is not what was anchored (SHA-256 ${u8aToHex(hash)}); nothing was decrypted`);
	const check = (await api.call.emrApi.verifyRecord(record, hash)).toJSON() as Record<string, unknown> | string;
	const verified = typeof check === 'string' ? check.toLowerCase() : (Object.keys(check)[0] ?? 'unknown');
	if (verified !== 'current' && verified !== 'superseded') throw new Error(`the chain does not vouch for this copy (${verified}): nothing was decrypted`);
	const content = await decrypt(bytes, await openEnvelope(envelope, key, anchored));
	return { content: new TextDecoder().decode(content), verified };
};

/** The transaction that seals `record`'s key to `reader` too (who must have registered a
 * record key); `sharer` opens their own envelope for it. */
export const shareRecord = async (api: ApiPromise, sharer: string, key: RecordKey, record: number, pointer: RecordPointer, reader: string) => {
	const readerKey = await registeredKey(api, reader);
	if (!readerKey) throw new Error(`${reader} has registered no record key: nothing can be sealed to them yet`);
	const hash = hexToU8a(pointer.contentHash);
	const contentKey = await openEnvelope(await envelopeOf(api, record, sharer), key, hash);
	const envelope = await sealTo(contentKey, readerKey, hash);
	return api.tx.emrPointers.addEnvelopes(record, [[reader, u8aToHex(envelope)]]);
};

/** Encrypts `content` for `patient`, seals its key to the patient and the author, stores the
 * ciphertext in the vault of `store`, and returns the transaction that anchors it. */
export const addRecord = async (
	api: ApiPromise,
	author: string,
	signing: Signing,
	authorKey: RecordKey,
	patient: string,
	category: string,
	store: number,
	content: string,
) => {
	const patientKey = await registeredKey(api, patient);
	if (!patientKey) throw new Error('the patient has registered no record key: a record sealed to nobody could never be opened by them');
	const sealed = await encrypt(new TextEncoder().encode(content));
	const readers: [string, Uint8Array][] = patient === author ? [[patient, patientKey]] : [[patient, patientKey], [author, authorKey.public]];
	const envelopes = await Promise.all(readers.map(async ([who, to]) => [who, u8aToHex(await sealTo(sealed.key, to, sealed.hash))]));
	await upload(api, author, signing, store, sealed.cid, sealed.bytes);
	return api.tx.emrPointers.addRecord(patient, category, sealed.cid, u8aToHex(sealed.hash), store, envelopes);
};
