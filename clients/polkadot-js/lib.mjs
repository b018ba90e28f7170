// Helpers shared by the scripts here: connect with no medchain type definitions, report
// checks, and submit a transaction and wait for it in a block.

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

/** An API connected to `endpoint`, knowing only what the chain's metadata says. */
export const connect = (endpoint) =>
	ApiPromise.create({ provider: new WsProvider(endpoint), throwOnConnect: true, noInitWarn: true });

/** The sr25519 keyring with medchain's address format. */
export const keyring = () => new Keyring({ type: 'sr25519', ss58Format: 42 });

/** Stops the script with a failure. */
export const fail = (message) => {
	console.error(`FAIL: ${message}`);
	process.exit(1);
};

/** Fails unless `condition`; prints `message` when it holds. */
export const check = (condition, message) => {
	if (!condition) fail(message);
	console.log(`ok: ${message}`);
};

/**
 * Signs and submits `tx` as `signer`; resolves when it is in a block, with the block hash,
 * the transaction's events, and its dispatch error as `section.Name` (null on success).
 */
export const submit = (tx, signer) =>
	new Promise((resolve, reject) => {
		tx.signAndSend(signer, ({ status, events, dispatchError }) => {
			if (!status.isInBlock) return;
			let error = null;
			if (dispatchError?.isModule) {
				const { section, name } = tx.registry.findMetaError(dispatchError.asModule);
				error = `${section}.${name}`;
			} else if (dispatchError) {
				error = dispatchError.toString();
			}
			resolve({ block: status.asInBlock.toHex(), events, error });
		}).catch(reject);
	});

/** As `submit`, and fails unless the transaction succeeded. */
export const succeed = async (tx, signer, what) => {
	const result = await submit(tx, signer);
	check(result.error === null, `${what}${result.error ? ` (${result.error})` : ''}`);
	return result;
};
