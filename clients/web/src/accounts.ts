// Accounts as Polkadot users have them: the browser extensions (polkadot{.js}, Talisman,
// SubWallet) hold the keys and sign; on a development or local chain only, a clearly marked
// developer mode offers the demo consortium's well-known accounts (their keys are public).

import { web3Accounts, web3Enable, web3FromAddress } from '@polkadot/extension-dapp';
import { Keyring } from '@polkadot/keyring';
import { cryptoWaitReady } from '@polkadot/util-crypto';
import type { ApiPromise } from '@polkadot/api';
import type { Signing } from './chain';

/** An account the user can act as. */
export interface Account {
	address: string;
	/** The name the extension or the demo gives it. */
	name: string;
	/** `extension` (its keys stay in the extension) or `developer` (a public demo key). */
	source: 'extension' | 'developer';
	signing: () => Promise<Signing>;
}

/** The demo consortium's accounts (runtime/src/genesis_config_presets.rs), by secret URI. */
export const DEMO_ACCOUNTS: [uri: string, name: string][] = [
	['//Alice', 'Alice: regulator, regulatory officer'],
	['//Dave', 'Dave: manufacturer, field-service engineer'],
	['//Alice//stash', 'Alice (stash): logistics admin'],
	['//Bob', 'Bob: Hospital A, doctor and admin'],
	['//Charlie', 'Charlie: Hospital A, nurse, device operator, registrar'],
	['//Bob//stash', 'Bob (stash): Hospital B, doctor and admin'],
	['//Eve//stash', 'Eve (stash): Hospital B, field-service engineer'],
	['//Charlie//stash', 'Charlie (stash): laboratory'],
	['//Dave//stash', 'Dave (stash): pharmacy'],
	['//Eve', 'Eve: patient of Hospital A'],
	['//Ferdie', 'Ferdie: patient of Hospital B'],
];

/** Whether the chain is one whose demo keys may be offered: development or local only. */
export const isTestChain = async (api: ApiPromise): Promise<boolean> => {
	const kind = await api.rpc.system.chainType();
	return kind.isDevelopment || kind.isLocal;
};

/** The demo accounts, signing with their public keys (developer mode). */
export const developerAccounts = async (): Promise<Account[]> => {
	await cryptoWaitReady();
	const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
	return DEMO_ACCOUNTS.map(([uri, name]) => {
		const pair = keyring.addFromUri(uri);
		return { address: pair.address, name, source: 'developer', signing: async () => ({ pair }) };
	});
};

/** The accounts the user's extensions share with the app (none if there is no extension or
 * the user refuses). */
export const extensionAccounts = async (): Promise<Account[]> => {
	const extensions = await web3Enable('medchain');
	if (extensions.length === 0) return [];
	const found = await web3Accounts({ ss58Format: 42 });
	return found.map(({ address, meta, type }) => ({
		address,
		name: meta.name ? `${meta.name} (${meta.source})` : meta.source,
		source: 'extension',
		signing: async () => ({ address, signer: (await web3FromAddress(address)).signer, keyType: type }),
	}));
};
