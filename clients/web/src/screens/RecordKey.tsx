// "My encryption key": the record key that opens the records sealed to this account. Made in
// the browser, registered on chain, exported and imported as the CLI's key file.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { u8aToHex } from '@polkadot/util';
import type { Signing } from '../chain';
import { keepKey, keyState, registeredKey, storedKey, type KeyState } from '../keys';
import { newRecordKey, parseRecordKey, recordKeyText, type RecordKey } from '../records';
import { ErrorNote, Show, TxStatus, useLoad, useTx, type Loaded } from '../ui';

/** The account's key state, read again when it changes here. */
export const useRecordKey = (api: ApiPromise, address: string) =>
	useLoad(async () => keyState(await storedKey(api, address), await registeredKey(api, address)), [api, address]);

const SAYS: Record<KeyState['state'], string> = {
	none: 'You have no record key yet: records cannot be sealed to you. Make one here; it stays in this browser.',
	unregistered: 'Your record key is in this browser but not registered on the chain: register it so that records can be sealed to you.',
	elsewhere: 'A record key is registered on the chain, but it is not in this browser: import its key file to open your records here.',
	mismatch: 'The key in this browser is not the one registered on the chain: import the registered one, or register this one (records sealed to the old key then need the old key).',
	ready: 'Your record key is in this browser and registered on the chain.',
};

/** The panel; `loaded` is `useRecordKey`'s, shared with the screens that open records, and
 * `changed` reads it again. */
export const RecordKeyPanel = ({
	api,
	address,
	signing,
	loaded,
	changed,
}: {
	api: ApiPromise;
	address: string;
	signing: () => Promise<Signing>;
	loaded: Loaded<KeyState>;
	changed: () => void;
}) => {
	const [progress, busy, send] = useTx(api, signing, changed);
	const [typed, setTyped] = useState('');
	const [problem, setProblem] = useState<string | null>(null);
	const [shown, setShown] = useState(false);
	const register = (key: RecordKey) => send(api.tx.emrPointers.registerEncryptionKey(u8aToHex(key.public)));
	const make = () =>
		send(async () => {
			const key = await newRecordKey();
			keepKey(api, address, key);
			changed();
			return api.tx.emrPointers.registerEncryptionKey(u8aToHex(key.public));
		});
	const importKey = async () => {
		setProblem(null);
		try {
			keepKey(api, address, await parseRecordKey(typed));
			setTyped('');
			changed();
		} catch (e) {
			setProblem((e as Error).message);
		}
	};
	return (
		<section aria-labelledby="key-title">
			<h2 id="key-title">My encryption key</h2>
			<Show loaded={loaded} what="your record key">
				{(state) => (
					<>
						<p className={state.state === 'ready' ? 'hint' : 'recall'} data-testid="key-state">
							{SAYS[state.state]}
						</p>
						{'key' in state && (
							<p className="mono">
								Public key {u8aToHex(state.key.public)}
							</p>
						)}
						<div className="actions">
							{state.state === 'none' && (
								<button type="button" disabled={busy} onClick={make}>
									Make and register a record key
								</button>
							)}
							{(state.state === 'unregistered' || state.state === 'mismatch') && (
								<button type="button" disabled={busy} onClick={() => register(state.key)}>
									Register this key on the chain
								</button>
							)}
							{'key' in state && (
								<button type="button" className="link" onClick={() => setShown(!shown)}>
									{shown ? 'Hide the key file' : 'Show the key file (to back it up or use it with the CLI)'}
								</button>
							)}
						</div>
						{shown && 'key' in state && (
							<p className="mono" data-testid="key-file">
								{recordKeyText(state.key)}
							</p>
						)}
						{state.state !== 'ready' && (
							<form onSubmit={(e) => (e.preventDefault(), importKey())}>
								<label>
									Import a key file (64 hex digits) <input value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
								</label>
								<button type="submit" disabled={!typed.trim() || ('key' in state && !shown)}>
									Import
								</button>
								{'key' in state && !shown && <p className="hint">Importing replaces the key in this browser: show its key file and back it up first.</p>}
							</form>
						)}
						{problem && <ErrorNote>{problem}</ErrorNote>}
					</>
				)}
			</Show>
			<TxStatus progress={progress} />
		</section>
	);
};
