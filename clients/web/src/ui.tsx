// What every screen shares: loading, empty and error states, and a transaction's progress
// from signing to a final block.

import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { Progress } from './chain';

/** A value read from the chain: loading, failed (with why), or there. */
export type Loaded<T> = { state: 'loading' } | { state: 'error'; error: string } | { state: 'done'; value: T };

/** Reads `load()` when a dependency changes; `reload` reads again (after a transaction). */
export const useLoad = <T,>(load: () => Promise<T>, deps: unknown[]): [Loaded<T>, () => void] => {
	const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
	const [round, setRound] = useState(0);
	useEffect(() => {
		let current = true;
		setLoaded({ state: 'loading' });
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

/** Runs a transaction from a screen: its progress, and whether one is under way. */
export const useTx = (): [Progress | null, boolean, (run: (report: (p: Progress) => void) => Promise<unknown>) => Promise<boolean>] => {
	const [progress, setProgress] = useState<Progress | null>(null);
	const busy = progress !== null && progress.stage !== 'finalized' && progress.stage !== 'failed';
	const run = useCallback(async (go: (report: (p: Progress) => void) => Promise<unknown>) => {
		try {
			await go(setProgress);
			return true;
		} catch (e) {
			setProgress((p) => (p?.stage === 'failed' ? p : { stage: 'failed', error: (e as Error).message }));
			return false;
		}
	}, []);
	return [progress, busy, run];
};
