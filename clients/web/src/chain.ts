// The one module that talks to the node: connecting, reading runtime APIs, and submitting a
// transaction with its progress to finality. @polkadot/api learns every call, storage item,
// runtime API and error (with its documentation) from the chain's metadata: the app carries
// no type definitions of its own.

import { ApiPromise, WsProvider } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import type { Signer } from '@polkadot/types/types';
import type { KeyringPair } from '@polkadot/keyring/types';
import type { DispatchError } from '@polkadot/types/interfaces';

/** The node the app talks to: `?node=ws://…` in the page's address, else the build's
 * default (`VITE_MEDCHAIN_NODE`), else a local node's. */
export const nodeUrl = (): string =>
	new URLSearchParams(window.location.search).get('node') ??
	(import.meta.env.VITE_MEDCHAIN_NODE as string | undefined) ??
	'ws://127.0.0.1:9944';

/** Connects; rejects if the node cannot be reached (no endless retries behind the user's back). */
export const connect = async (url: string): Promise<ApiPromise> => {
	const provider = new WsProvider(url, false);
	await provider.connect();
	return ApiPromise.create({ provider, throwOnConnect: true, noInitWarn: true });
};

/** Where a transaction is, for the progress the screens show. */
export type Progress =
	| { stage: 'preparing' }
	| { stage: 'signing' }
	| { stage: 'submitted' }
	| { stage: 'in-block'; block: string }
	| { stage: 'finalized'; block: string; events: ChainEvent[] }
	| { stage: 'failed'; error: string };

/** An event the transaction emitted: `Traceability.RecallIssued` and its fields as JSON. */
export interface ChainEvent {
	section: string;
	method: string;
	data: Record<string, unknown>;
}

/** What signs: a developer-mode keyring pair, or an extension account with its signer. */
export type Signing = { pair: KeyringPair } | { address: string; signer: Signer; keyType?: string };

/** A dispatch error in words: `traceability.NotRegulator: Only a regulator's officer …`,
 * from the pallet's own documentation in the metadata. */
export const explain = (api: ApiPromise, error: DispatchError): string => {
	if (error.isModule) {
		const { section, name, docs } = api.registry.findMetaError(error.asModule);
		const why = docs.join(' ').trim();
		return why ? `${section}.${name}: ${why}` : `${section}.${name}`;
	}
	if (error.isToken) return `token error: ${error.asToken.type}`;
	if (error.isArithmetic) return `arithmetic error: ${error.asArithmetic.type}`;
	return error.type;
};

/** Signs and submits `tx`, reporting each stage to `progress`; resolves once its block is
 * final with the events it emitted, rejects with the error in words if the chain refused it. */
export const submit = (
	api: ApiPromise,
	tx: SubmittableExtrinsic<'promise'>,
	signing: Signing,
	progress: (p: Progress) => void,
): Promise<ChainEvent[]> =>
	new Promise((resolve, reject) => {
		const fail = (error: string) => {
			progress({ stage: 'failed', error });
			reject(new Error(error));
		};
		progress({ stage: 'signing' });
		const [account, options] =
			'pair' in signing ? [signing.pair, {}] : [signing.address, { signer: signing.signer }];
		let unsubscribe: (() => void) | undefined;
		tx.signAndSend(account, options, (result) => {
			const { status, dispatchError, events } = result;
			if (status.isReady || status.isBroadcast) progress({ stage: 'submitted' });
			if (status.isInBlock) {
				if (dispatchError) {
					unsubscribe?.();
					fail(explain(api, dispatchError));
					return;
				}
				progress({ stage: 'in-block', block: status.asInBlock.toHex() });
			}
			if (status.isFinalized) {
				unsubscribe?.();
				// Fields by their names in the metadata, so that a screen finds `recall` in
				// RecallIssued; by position where the event's fields have no names.
				const emitted = events.map(({ event }) => {
					const values = event.data.toJSON() as unknown[];
					const names = event.meta.fields.map((f) => f.name.unwrapOr(null)?.toString());
					const data = names.every(Boolean) ? Object.fromEntries(names.map((n, j) => [n as string, values[j]])) : { ...values };
					return { section: event.section, method: event.method, data };
				});
				progress({ stage: 'finalized', block: status.asFinalized.toHex(), events: emitted });
				resolve(emitted);
			}
			if (status.isDropped || status.isInvalid || status.isUsurped) {
				unsubscribe?.();
				fail(`the transaction was ${status.type.toLowerCase()}: not included`);
			}
		})
			.then((stop) => {
				unsubscribe = stop;
			})
			.catch((e: Error) => fail(e.message));
	});

/** The field `field` of the first `section.method` event, as a number. */
export const eventNumber = (events: ChainEvent[], section: string, method: string, field: string): number | undefined => {
	const found = events.find((e) => e.section === section && e.method === method);
	const value = found?.data[field];
	return value == null ? undefined : Number(value);
};
