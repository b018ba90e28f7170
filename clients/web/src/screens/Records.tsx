// A patient's records as one viewer may see them (`EmrApi.records_of`): each opened in the
// browser (fetched from the vault that keeps it, tamper-checked, decrypted) and, for the
// patient, shared with one more reader.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import type { Signing } from '../chain';
import { openRecord, shareRecord, type Opened, type RecordPointer } from '../emr';
import { isAddress, moment, short, words } from '../format';
import type { KeyState } from '../keys';
import type { Loaded } from '../ui';
import { Empty, ErrorNote, Show, Table, TxStatus, useLoad, useTx, readPages } from '../ui';

const PAGE = 20;

/** What the tamper check said, in words. */
const VERIFIED: Record<string, string> = {
	current: 'Tamper check passed: this is the current version, byte for byte as anchored.',
	superseded: 'Tamper check passed, but this version has been superseded by an amendment.',
};

export const RecordList = ({
	api,
	me,
	signing,
	patient,
	keyLoaded,
	sharing,
	title,
}: {
	api: ApiPromise;
	me: string;
	signing: () => Promise<Signing>;
	patient: string;
	keyLoaded: Loaded<KeyState>;
	sharing: boolean;
	title: string;
}) => {
	const [pages, setPages] = useState(1);
	const [loaded, reload] = useLoad(async () => {
		const read = async (after: number | null) => (await api.call.emrApi.recordsOf(me, patient, null, after, PAGE)).toJSON() as [number, RecordPointer][];
		const { items, more } = await readPages(read, pages, PAGE);
		return { records: items, more };
	}, [api, me, patient, pages]);
	const key = keyLoaded.state === 'done' && 'key' in keyLoaded.value ? keyLoaded.value.key : null;
	return (
		<section aria-labelledby="records-title">
			<h2 id="records-title">{title}</h2>
			{!key && <p className="hint">Opening a record needs your record key in this browser (see “My encryption key”).</p>}
			<Show loaded={loaded} what="the records">
				{({ records, more }) =>
					records.length === 0 ? (
						<Empty>No record you may open.</Empty>
					) : (
						<>
							<Table columns={['Record', 'Category', 'Added', 'By', 'Kept by', 'Actions']}>
									{records.map(([id, pointer]) => (
										<RecordRow key={id} api={api} me={me} signing={signing} id={id} pointer={pointer} recordKey={key} sharing={sharing} reload={reload} />
									))}
							</Table>
							{more && (
								<button type="button" onClick={() => setPages(pages + 1)}>
									More records
								</button>
							)}
						</>
					)
				}
			</Show>
		</section>
	);
};

const RecordRow = ({
	api,
	me,
	signing,
	id,
	pointer,
	recordKey,
	sharing,
	reload,
}: {
	api: ApiPromise;
	me: string;
	signing: () => Promise<Signing>;
	id: number;
	pointer: RecordPointer;
	recordKey: Parameters<typeof openRecord>[3] | null;
	sharing: boolean;
	reload: () => void;
}) => {
	const [opened, setOpened] = useState<Loaded<Opened> | null>(null);
	const [reader, setReader] = useState('');
	const [progress, busy, send] = useTx(api, signing, reload);
	const open = async () => {
		if (!recordKey) return;
		setOpened({ state: 'loading' });
		try {
			setOpened({ state: 'done', value: await openRecord(api, me, await signing(), recordKey, id, pointer) });
		} catch (e) {
			setOpened({ state: 'error', error: (e as Error).message });
		}
	};
	const share = async () => {
		if (recordKey && (await send(() => shareRecord(api, me, recordKey, id, pointer, reader.trim())))) setReader('');
	};
	return (
		<>
			<tr>
				<td>{id}</td>
				<td>{words(pointer.category)}</td>
				<td>{moment(pointer.createdAt)}</td>
				<td>
					{short(pointer.author)}
					{pointer.authorOrg !== null ? ` (organisation ${pointer.authorOrg})` : ' (the patient)'}
				</td>
				<td>organisation {pointer.store}</td>
				<td className="actions">
					<button type="button" disabled={!recordKey || opened?.state === 'loading'} onClick={open} aria-label={`Open record ${id}`}>
						Open
					</button>
				</td>
			</tr>
			{opened && (
				<tr>
					<td colSpan={6}>
						<Show loaded={opened} what={`record ${id}`}>
							{({ content, verified }) => (
								<div data-testid={`record-${id}`}>
									<p className="tx-finalized">{VERIFIED[verified] ?? `Tamper check: ${verified}`}</p>
									<pre className="content">{pretty(content)}</pre>
								</div>
							)}
						</Show>
					</td>
				</tr>
			)}
			{sharing && (
				<tr>
					<td colSpan={6}>
						<form className="inline" onSubmit={(e) => (e.preventDefault(), share())}>
							<label>
								Share record {id}’s key with (account) <input value={reader} onChange={(e) => setReader(e.target.value)} placeholder="5…" />
							</label>
							<button type="submit" disabled={!recordKey || busy || !isAddress(reader)}>
								Share
							</button>
						</form>
						{reader.trim() !== '' && !isAddress(reader) && <ErrorNote>That is not an account address.</ErrorNote>}
						<TxStatus progress={progress} />
					</td>
				</tr>
			)}
		</>
	);
};

/** JSON indented, anything else as it is. */
export const pretty = (content: string): string => {
	try {
		return JSON.stringify(JSON.parse(content), null, 2);
	} catch {
		return content;
	}
};
