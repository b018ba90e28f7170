// A browser extension for the browser tests, injected into the page the way polkadot{.js},
// Talisman and SubWallet inject themselves (`window.injectedWeb3`), so that the app's
// extension path (`@polkadot/extension-dapp`) runs as it does for a real user. Headless
// chromium cannot install a real extension without downloading one, so the keys stay in this
// script and it signs as polkadot{.js}'s background does: bytes wrapped in `<Bytes>…</Bytes>`
// (`u8aWrapBytes`), transactions over their `ExtrinsicPayload`.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';
import { hexToU8a, u8aToHex, u8aWrapBytes } from '@polkadot/util';

export const SOURCE = 'medchain-e2e';

/** Injects an extension holding the account of `uri`, named `name`, into every page of
 * `context`; resolves with what it signed (`{ bytes, transactions }`) and a `close()`. */
export const installExtension = async (context, nodeUrl, uri, name) => {
	const api = await ApiPromise.create({ provider: new WsProvider(nodeUrl), noInitWarn: true });
	const pair = new Keyring({ type: 'sr25519', ss58Format: 42 }).addFromUri(uri);
	const signed = { bytes: 0, transactions: 0 };
	let id = 0;
	await context.exposeBinding('medchainE2eSign', (_source, kind, request) => {
		if (request.address !== pair.address) throw new Error(`the extension holds no key of ${request.address}`);
		id += 1;
		if (kind === 'bytes') {
			signed.bytes += 1;
			return { id, signature: u8aToHex(pair.sign(u8aWrapBytes(hexToU8a(request.data)))) };
		}
		signed.transactions += 1;
		const payload = api.registry.createType('ExtrinsicPayload', request, { version: request.version });
		return { id, ...payload.sign(pair) };
	});
	await context.addInitScript(
		({ source, account }) => {
			const sign = (kind) => (request) => window.medchainE2eSign(kind, request);
			window.injectedWeb3 = {
				...(window.injectedWeb3 ?? {}),
				[source]: {
					version: '0.0.0',
					enable: async () => ({
						accounts: { get: async () => [account], subscribe: (cb) => (cb([account]), () => undefined) },
						signer: { signRaw: sign('bytes'), signPayload: sign('payload') },
					}),
				},
			};
		},
		{ source: SOURCE, account: { address: pair.address, name, type: 'sr25519' } },
	);
	return { signed, close: () => api.disconnect() };
};
