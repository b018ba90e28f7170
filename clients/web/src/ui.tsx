// What every screen shares: loading, empty and error states, a transaction's progress from
// signing to a final block, and the reason-code field of every decision.

import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ApiPromise } from '@polkadot/api';
import type { SubmittableExtrinsic } from '@polkadot/api/types';
import { submit, type ChainEvent, type Progress, type Signing } from './chain';
import { isReason, words } from './format';

/** A value read from the chain: loading, failed (with why), or there. */
export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: string } | { state: 'done'; value: T };

/** Reads `load()` when a dependency changes (showing it loading); `reload` reads again (after
 * a transaction) while the screen keeps showing what it has, so that its forms and progress
 * stay where they are. */
export const useLoad = <T,>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] => {
	const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
	const [round, setRound] = useState(0);
	const last = useRef<unknown[] | null>(null);
	useEffect(() => {
		let current = true;
		const same = last.current !== null && last.current.length === deps.length && deps.every((d, i) => Object.is(d, last.current?.[i]));
		last.current = deps;
		if (!same) setLoaded({ state: 'loading' });
		load().then(
			(value) => current && setLoaded({ state: 'done', value }),
			(e: Error) => current && setLoaded({ state: 'error', error: e.message }),
		);
		return () => {
			current = false;
		};
		// `load` is a new closure each render: the dependencies say when to read again.
	}, [...deps, round]);
	return [loaded, useCallback(() => setRound((r) => r + 1), [])];
};

/** Shows `loaded` through `show` once there, with its loading and error states. */
export const Show = <T,>({ loaded, what, children }: { loaded: Loaded<T>; what: string; children: (value: T) => ReactNode }) => {
	if (loaded.state === 'loading') return <p className="loading" role="status">Loading {what}…</p>;
	if (loaded.state === 'error') return <ErrorNote>Could not read {what}: {loaded.error}</ErrorNote>;
	return <>{children(loaded.value)}</>;
};

export const ErrorNote = ({ children }: { children: ReactNode }) => (
	<p className="error" role="alert">
		{children}
	</p>
);

export const Empty = ({ children }: { children: ReactNode }) => <p className="empty">{children}</p>;

const STAGES: Record<Progress['stage'], string> = {
	preparing: 'Preparing (encrypting, storing in the vault)…',
	signing: 'Waiting for the signature…',
	submitted: 'Sent; waiting for a block…',
	'in-block': 'In a block; waiting for finality…',
	finalized: 'Done: final on the chain.',
	failed: 'Refused',
};

/** A transaction's progress in words. */
export const TxStatus = ({ progress }: { progress: Progress | null }) => {
	if (!progress) return null;
	const failed = progress.stage === 'failed';
	return (
		<p className={`tx tx-${progress.stage}`} role={failed ? 'alert' : 'status'}>
			{STAGES[progress.stage]}
			{failed && `: ${progress.error}`}
		</p>
	);
};

type Tx = SubmittableExtrinsic<'promise'>;

/** A screen's transactions: `send(tx)` signs it with `signing`, submits it and follows it to
 * a final block (its progress in `progress`), then calls `after` (to read again); it resolves
 * with the events, or null if it failed (the progress says why). `tx` may be a function that
 * prepares it first (encrypts, stores in a vault): its failure is shown the same way. A
 * second `send` while one is under way is ignored, so a double click does nothing twice. */
export const useTx = (
	api: ApiPromise,
	signing: () => Promise<Signing>,
	after: () => void,
): [Progress | null, boolean, (tx: Tx | (() => Promise<Tx>)) => Promise<ChainEvent[] | null>] => {
	const [progress, setProgress] = useState<Progress | null>(null);
	const pending = useRef(false);
	const busy = progress !== null && progress.stage !== 'finalized' && progress.stage !== 'failed';
	const send = useCallback(
		async (tx: Tx | (() => Promise<Tx>)) => {
			if (pending.current) return null;
			pending.current = true;
			try {
				setProgress({ stage: typeof tx === 'function' ? 'preparing' : 'signing' });
				const ready = typeof tx === 'function' ? await tx() : tx;
				const events = await submit(api, ready, await signing(), setProgress);
				after();
				return events;
			} catch (e) {
				setProgress((p) => (p?.stage === 'failed' ? p : { stage: 'failed', error: (e as Error).message }));
				return null;
			} finally {
				pending.current = false;
			}
		},
		[api, signing, after],
	);
	return [progress, busy, send];
};

/** A reason code field (`codes::is_reason`), upper-cased as typed, that says what it takes
 * when what was typed is not one. */
export const ReasonField = ({ label, value, set, placeholder }: { label: string; value: string; set: (v: string) => void; placeholder?: string }) => (
	<>
		<label>
			{label} <input value={value} placeholder={placeholder} onChange={(e) => set(e.target.value.toUpperCase())} />
		</label>
		{value !== '' && !isReason(value) && <ErrorNote>A reason code is 1 to 32 upper-case letters, digits, -, _, . or :, starting with a letter.</ErrorNote>}
	</>
);

/** A table with its column headings; `children` are its rows. */
export const Table = ({ columns, children, className, testId }: { columns: string[]; children: ReactNode; className?: string; testId?: string }) => (
	<table className={className} data-testid={testId}>
		<thead>
			<tr>
				{columns.map((c) => (
					<th key={c}>{c}</th>
				))}
			</tr>
		</thead>
		<tbody>{children}</tbody>
	</table>
);

/** A select's options for enum variants, each shown in words. */
export const Options = ({ values }: { values: string[] }) => (
	<>
		{values.map((v) => (
			<option key={v} value={v}>
				{words(v)}
			</option>
		))}
	</>
);

/** Signs a screen's transactions: the account chosen in the header. */
export type Sign = () => Promise<Signing>;

/** `useTx`'s send. */
export type Send = ReturnType<typeof useTx>[2];

/** Reads `pages` pages of `size` from a list paged by id (`start_after`): the entries, and
 * whether there are more. */
export const readPages = async <T,>(read: (after: number | null) => Promise<[number, T][]>, pages: number, size: number): Promise<{ items: [number, T][]; more: boolean }> => {
	const items: [number, T][] = [];
	let after: number | null = null;
	for (let page = 0; page < pages; page++) {
		const found = await read(after);
		items.push(...found);
		if (found.length < size) return { items, more: false };
		after = found[found.length - 1][0];
	}
	return { items, more: true };
};
