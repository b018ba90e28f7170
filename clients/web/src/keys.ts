// The user's record key (an X25519 key pair, docs/records-and-consent.md): its public half is
// registered on chain so that authors can seal records to it; its secret half opens them and
// stays in this browser (localStorage, per chain and account), exported and imported as the
// CLI's key file (64 hex digits) so that the same key works in both.

import type { ApiPromise } from '@polkadot/api';
import type { Option, U8aFixed } from '@polkadot/types';
import { u8aEq } from '@polkadot/util';
import { parseRecordKey, recordKeyText, type RecordKey } from './records';

const slot = (api: ApiPromise, address: string) => `medchain.record-key.${api.genesisHash.toHex()}.${address}`;

/** The record key kept in this browser for `address`, if any. */
export const storedKey = async (api: ApiPromise, address: string): Promise<RecordKey | null> => {
	const text = window.localStorage.getItem(slot(api, address));
	return text ? parseRecordKey(text) : null;
};

/** Keeps `key` in this browser for `address`. */
export const keepKey = (api: ApiPromise, address: string, key: RecordKey) => window.localStorage.setItem(slot(api, address), recordKeyText(key));

/** The public record key the chain holds for `address`, if registered. */
export const registeredKey = async (api: ApiPromise, address: string): Promise<Uint8Array | null> => {
	const key = (await api.query.emrPointers.encryptionKeys(address)) as Option<U8aFixed>;
	return key.isSome ? key.unwrap().toU8a() : null;
};

/** Where the user's key stands: none anywhere, only in this browser, only on chain, or both
 * (and whether they match). */
export type KeyState =
	| { state: 'none' }
	| { state: 'unregistered'; key: RecordKey }
	| { state: 'elsewhere'; registered: Uint8Array }
	| { state: 'mismatch'; key: RecordKey; registered: Uint8Array }
	| { state: 'ready'; key: RecordKey };

export const keyState = (key: RecordKey | null, registered: Uint8Array | null): KeyState => {
	if (!key) return registered ? { state: 'elsewhere', registered } : { state: 'none' };
	if (!registered) return { state: 'unregistered', key };
	return u8aEq(key.public, registered) ? { state: 'ready', key } : { state: 'mismatch', key, registered };
};
