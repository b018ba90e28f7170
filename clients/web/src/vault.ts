// The record vaults (clients/vault, docs/vault.md) over HTTP: where each organisation's vault
// is, and the signed requests it takes. A read is the chain's own signed read request: the
// vault serves the ciphertext only if the chain lets the reader open the record now, and
// relays the signature to the chain so that the patient's audit trail names the reader.

import type { ApiPromise } from '@polkadot/api';
import { hexToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import type { Signing } from './chain';

/** Where each organisation's vault is: `?vaults=3=https://…,4=https://…` in the page's address,
 * else the build's `VITE_MEDCHAIN_VAULTS`, else the development vaults scripts/run-dev.sh starts. */
export const vaultUrls = (): Map<number, string> => {
	const listed =
		new URLSearchParams(window.location.search).get('vaults') ??
		(import.meta.env.VITE_MEDCHAIN_VAULTS as string | undefined) ??
		'3=http://127.0.0.1:8088,4=http://127.0.0.1:8089';
	return parseVaults(listed);
};

/** `3=http://a,4=http://b` as a map from organisation to URL (no trailing slash). */
export const parseVaults = (listed: string): Map<number, string> =>
	new Map(
		listed
			.split(',')
			.map((pair) => pair.trim().split('='))
			.filter(([org, url]) => /^\d+$/.test(org ?? '') && url)
			.map(([org, url]) => [Number(org), url.replace(/\/+$/, '')]),
	);

/** The vault of organisation `org`, or why there is none. */
export const vaultOf = (org: number): string => {
	const url = vaultUrls().get(org);
	if (!url) throw new Error(`this app knows no vault of organisation ${org}: add it to the page's address as ?vaults=${org}=https://…`);
	return url;
};

/** A refusal in the vault's words (`no-consent: …`), or why it could not be reached. */
export class VaultError extends Error {}

const READ_CONTEXT = 'medchain/read-request/v1';
const LOG_CONTEXT = 'medchain/log-request/v1';
const UPLOAD_CONTEXT = 'medchain/vault-upload/v1';

/** The signed messages, SCALE-encoded as the chain and the vault encode them
 * (`medchain_client::reads::message`, `log_message`, `vault::upload_message`). */
export const messages = {
	read: (api: ApiPromise, record: number, store: number, nonce: number, validUntil: number) =>
		u8aConcat(api.createType('Bytes', READ_CONTEXT).toU8a(), api.genesisHash.toU8a(), api.createType('(u64, u32, u64, u32)', [record, store, nonce, validUntil]).toU8a()),
	log: (api: ApiPromise, device: number, entry: number, store: number, nonce: number, validUntil: number) =>
		u8aConcat(
			api.createType('Bytes', LOG_CONTEXT).toU8a(),
			api.genesisHash.toU8a(),
			api.createType('(u64, u32, u32, u64, u32)', [device, entry, store, nonce, validUntil]).toU8a(),
		),
	upload: (api: ApiPromise, store: number, cid: string, validUntil: number) =>
		u8aConcat(
			api.createType('Bytes', UPLOAD_CONTEXT).toU8a(),
			api.genesisHash.toU8a(),
			api.createType('u32', store).toU8a(),
			api.createType('Bytes', cid).toU8a(),
			api.createType('u32', validUntil).toU8a(),
		),
};

/** Signs a vault request's message: with a key the app holds, over the message itself; with a
 * browser extension, over the message wrapped in `<Bytes>…</Bytes>` (extensions sign bytes
 * no other way), which the chain and the vault accept too. Both take sr25519 signatures. */
const sign = async (signing: Signing, message: Uint8Array): Promise<string> => {
	if ('pair' in signing) return u8aToHex(signing.pair.sign(message));
	if (signing.keyType && signing.keyType !== 'sr25519')
		throw new VaultError(`this account's key is ${signing.keyType}; opening or storing a file in a vault needs an sr25519 account`);
	if (!signing.signer.signRaw)
		throw new VaultError('this browser extension cannot sign bytes, which opening or storing a file in a vault needs; use another extension or the medchain CLI');
	const { signature } = await signing.signer.signRaw({ address: signing.address, data: u8aToHex(message), type: 'bytes' });
	if (hexToU8a(signature).length !== 64)
		throw new VaultError('the extension did not give an sr25519 signature, which vault requests need');
	return signature;
};

/** Signs a request good until block `until`, and checks it still is when an extension signed:
 * it waits for its user's approval, which can outlast the few blocks a request is good for (a
 * key the app holds signs at once). */
const signInTime = async (api: ApiPromise, signing: Signing, message: Uint8Array, until: number): Promise<string> => {
	const signature = await sign(signing, message);
	if (!('pair' in signing) && (await api.rpc.chain.getHeader()).number.toNumber() >= until)
		throw new VaultError('the request expired while it waited for your signature (it is good for a few blocks only): try again, and approve it sooner');
	return signature;
};

/** The last block a request is good for: the best block plus the chain's
 * `MaxReadRequestAge`, less two blocks, so that a vault whose node is a block or two behind
 * ours still takes it. */
const validUntil = async (api: ApiPromise): Promise<number> => {
	const best = (await api.rpc.chain.getHeader()).number.toNumber();
	return best + Math.max(1, Number(api.consts.accessControl.maxReadRequestAge.toString()) - 2);
};

/** The headers of a signed request. */
const signed = (address: string, until: number, signature: string, nonce?: number): Record<string, string> => ({
	'medchain-account': address,
	'medchain-valid-until': String(until),
	'medchain-signature': signature,
	...(nonce === undefined ? {} : { 'medchain-nonce': String(nonce) }),
});

/** Sends a request to a vault; the body, or a `VaultError` with the vault's words. */
const send = async (url: string, init: RequestInit): Promise<Uint8Array> => {
	let response: Response;
	try {
		response = await fetch(url, init);
	} catch (e) {
		throw new VaultError(
			`cannot reach the vault at ${new URL(url).origin} (${(e as Error).message}): is it running, and does it let this page's origin (${window.location.origin}) call it (its --allow-origin)?`,
		);
	}
	if (response.ok) return new Uint8Array(await response.arrayBuffer());
	const body = await response.text();
	let said = body;
	try {
		const { error, message } = JSON.parse(body) as { error: string; message: string };
		said = `${error}: ${message}`;
	} catch {
		// not the vault's JSON: keep the text
	}
	throw new VaultError(`the vault refused (${response.status}) ${said}`);
};

/** A record's ciphertext from the vault of `store`, with `address`'s signed read request; the
 * vault has the opening audited on chain before it sends a byte. */
export const readRecord = async (api: ApiPromise, address: string, signing: Signing, record: number, store: number): Promise<Uint8Array> => {
	const [url, until, nonce] = [vaultOf(store), await validUntil(api), Date.now()];
	const signature = await signInTime(api, signing, messages.read(api, record, store, nonce, until), until);
	return send(`${url}/v1/records/${record}`, { headers: signed(address, until, signature, nonce) });
};

/** The file of entry `entry` of `device`'s service log, from the vault of `store` (the
 * organisation that added it); audited on chain like a record. */
export const readLogFile = async (api: ApiPromise, address: string, signing: Signing, device: number, entry: number, store: number): Promise<Uint8Array> => {
	const [url, until, nonce] = [vaultOf(store), await validUntil(api), Date.now()];
	const signature = await signInTime(api, signing, messages.log(api, device, entry, store, nonce, until), until);
	return send(`${url}/v1/devices/${device}/log/${entry}`, { headers: signed(address, until, signature, nonce) });
};

/** Stores `bytes`, named by `cid`, in the vault of `store`. */
export const upload = async (api: ApiPromise, address: string, signing: Signing, store: number, cid: string, bytes: Uint8Array): Promise<void> => {
	const [url, until] = [vaultOf(store), await validUntil(api)];
	const signature = await signInTime(api, signing, messages.upload(api, store, cid, until), until);
	const headers = { ...signed(address, until, signature), 'content-type': 'application/octet-stream' };
	await send(`${url}/v1/objects/${cid}`, { method: 'PUT', headers, body: new Uint8Array(bytes) });
};
