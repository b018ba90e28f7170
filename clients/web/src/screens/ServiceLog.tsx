// A device's service log (S0): error logs, maintenance and calibration reports, inspection
// reports and photos of the display, each kept in the vault of the organisation that added it
// and opened through it (the opening audited on chain); adding a file; and taking the device
// into maintenance and back into service.

import { useEffect, useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { hexToU8a, u8aEq, u8aToHex } from '@polkadot/util';
import { moment, short, text, variant, words } from '../format';
import { cidOf, contentHash } from '../records';
import { Options, Show, Table, TxStatus, useLoad, useTx, type Loaded, type Sign } from '../ui';
import { readLogFile, upload } from '../vault';

/** What a log entry can be (`LogKind`). */
const KINDS = ['ErrorLog', 'Maintenance', 'Calibration', 'DisplayPhoto', 'Inspection'];

interface LogEntry {
	kind: string;
	cid: string;
	hash: string;
	author: string;
	org: number;
	at: number;
}

/** An opened file: an image's address in this page, or its text. */
type File = { image: string } | { text: string };

export const ServiceLog = ({ api, me, org, signing, device, lifecycle, changed }: { api: ApiPromise; me: string; org: number; signing: Sign; device: number; lifecycle: string; changed: () => void }) => {
	const [log, reload] = useLoad(async () => {
		const entries = (await api.call.deviceRegistryApi.serviceLog(device, 0, 100)).toJSON() as [number, LogEntry][];
		const allowed = (await api.call.deviceRegistryApi.canOpenLog(me, device)).toJSON() === true;
		return { entries, allowed };
	}, [api, me, device]);
	const [progress, busy, send] = useTx(api, signing, () => {
		reload();
		changed();
	});
	return (
		<section aria-labelledby="log-title">
			<h3 id="log-title">Service log</h3>
			<Show loaded={log} what="the service log">
				{({ entries, allowed }) => (
					<>
						{!allowed && <p className="hint">You may not open this device’s service log: only the manufacturer’s service staff and the custodian’s may.</p>}
						{entries.length === 0 ? (
							<p className="empty">Nothing in the service log yet.</p>
						) : (
							<Table columns={['Entry', 'What', 'Added', 'By', 'Actions']}>
									{entries.map(([index, e]) => (
										<LogRow key={index} api={api} me={me} signing={signing} device={device} index={index} entry={e} allowed={allowed} />
									))}
							</Table>
						)}
						{allowed && <AddLogFile api={api} me={me} org={org} signing={signing} device={device} busy={busy} send={send} />}
					</>
				)}
			</Show>
			<div className="actions">
				{variant(lifecycle) === 'InService' && (
					<button type="button" disabled={busy} onClick={() => send(api.tx.deviceRegistry.startMaintenance(device))}>
						Take into maintenance
					</button>
				)}
				{['Installed', 'Maintenance'].includes(variant(lifecycle)) && (
					<button type="button" disabled={busy} onClick={() => send(api.tx.deviceRegistry.putInService(device))}>
						Put in service
					</button>
				)}
			</div>
			<TxStatus progress={progress} />
		</section>
	);
};

const LogRow = ({ api, me, signing, device, index, entry, allowed }: { api: ApiPromise; me: string; signing: Sign; device: number; index: number; entry: LogEntry; allowed: boolean }) => {
	const [file, setFile] = useState<Loaded<File> | null>(null);
	useEffect(() => () => void (file?.state === 'done' && 'image' in file.value && URL.revokeObjectURL(file.value.image)), [file]);
	const open = async () => {
		setFile({ state: 'loading' });
		try {
			const bytes = await readLogFile(api, me, await signing(), device, index, entry.org);
			if (!u8aEq(await contentHash(bytes), hexToU8a(entry.hash))) throw new Error('the vault’s copy is not the file that was logged (its SHA-256 differs): not shown');
			const kind = variant(entry.kind);
			const value: File = kind === 'DisplayPhoto' ? { image: URL.createObjectURL(new Blob([new Uint8Array(bytes)])) } : { text: new TextDecoder().decode(bytes) };
			setFile({ state: 'done', value });
		} catch (e) {
			setFile({ state: 'error', error: (e as Error).message });
		}
	};
	return (
		<>
			<tr>
				<td>{index}</td>
				<td>{words(variant(entry.kind))}</td>
				<td>{moment(entry.at)}</td>
				<td>
					{short(entry.author)} (organisation {entry.org})
				</td>
				<td>
					<button type="button" disabled={!allowed || file?.state === 'loading'} onClick={open} aria-label={`Open log entry ${index}`}>
						Open
					</button>
				</td>
			</tr>
			{file && (
				<tr>
					<td colSpan={5}>
						<Show loaded={file} what={`log entry ${index}`}>
							{(opened) =>
								'image' in opened ? (
									<img src={opened.image} alt={`display photo, log entry ${index}`} className="photo" />
								) : (
									<pre className="content" data-testid={`log-${index}`}>
										{opened.text}
									</pre>
								)
							}
						</Show>
						<p className="hint mono">{text(entry.cid)}</p>
					</td>
				</tr>
			)}
		</>
	);
};

/** Adds a file to the log: stored in my organisation's vault, its CID and SHA-256 on chain. */
const AddLogFile = ({ api, me, org, signing, device, busy, send }: { api: ApiPromise; me: string; org: number; signing: Sign; device: number; busy: boolean; send: ReturnType<typeof useTx>[2] }) => {
	const [kind, setKind] = useState('ErrorLog');
	const [chosen, setChosen] = useState<globalThis.File | null>(null);
	const add = () =>
		chosen &&
		send(async () => {
			const bytes = new Uint8Array(await chosen.arrayBuffer());
			const cid = await cidOf(bytes);
			await upload(api, me, await signing(), org, cid, bytes);
			return api.tx.deviceRegistry.appendLog(device, kind, cid, u8aToHex(await contentHash(bytes)));
		});
	return (
		<form onSubmit={(e) => (e.preventDefault(), add())}>
			<label>
				Kind{' '}
				<select value={kind} onChange={(e) => setKind(e.target.value)}>
					<Options values={KINDS} />
				</select>
			</label>
			<label>
				File (no patient’s details) <input type="file" onChange={(e) => setChosen(e.target.files?.[0] ?? null)} />
			</label>
			<button type="submit" disabled={busy || !chosen}>
				Store and log it
			</button>
		</form>
	);
};
