// "Devices used on me" (S2, S4 with S1): the chain links no patient to a device
// (docs/privacy.md); the hospital writes the implant into the patient's own record, a FHIR
// Procedure whose `focalDevice.manipulated` references the device (`Device/ID`, as the FHIR
// facade serves it). The patient's app opens those records and follows each device to its
// lifecycle and to the recall in force over it.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import type { Signing } from '../chain';
import { openRecord, type RecordPointer } from '../emr';
import { moment, text, variant, words } from '../format';
import type { KeyState } from '../keys';
import { Empty, ErrorNote, Show, Table, type Loaded } from '../ui';
import type { Device } from './Devices';

/** The chain's device ids a record's content names: a FHIR Procedure's
 * `focalDevice[].manipulated.reference` of the form `Device/ID`. */
export const devicesIn = (content: string): number[] => {
	let resource: { resourceType?: unknown; focalDevice?: unknown };
	try {
		resource = JSON.parse(content);
	} catch {
		return [];
	}
	if (resource?.resourceType !== 'Procedure' || !Array.isArray(resource.focalDevice)) return [];
	return resource.focalDevice
		.map((f: { manipulated?: { reference?: unknown } }) => /^Device\/(\d+)$/.exec(String(f?.manipulated?.reference ?? ''))?.[1])
		.filter((id): id is string => id !== undefined)
		.map(Number);
};

interface Found {
	id: number;
	device: Device | null;
	recall: { id: number; reason: string; issuedAt: number } | null;
	record: number;
}

export const DevicesUsedOnMe = ({ api, me, signing, keyLoaded }: { api: ApiPromise; me: string; signing: () => Promise<Signing>; keyLoaded: Loaded<KeyState> }) => {
	const [found, setFound] = useState<Loaded<{ devices: Found[]; unread: string[] }> | null>(null);
	const key = keyLoaded.state === 'done' && 'key' in keyLoaded.value ? keyLoaded.value.key : null;
	const look = async () => {
		if (!key) return;
		setFound({ state: 'loading' });
		try {
			const procedures = (await api.call.emrApi.recordsOf(me, me, 'Procedure', null, 100)).toJSON() as [number, RecordPointer][];
			const devices: Found[] = [];
			const unread: string[] = [];
			for (const [record, pointer] of procedures) {
				const opened = await openRecord(api, me, await signing(), key, record, pointer).catch((e: Error) => (unread.push(`record ${record}: ${e.message}`), null));
				for (const id of opened ? devicesIn(opened.content) : []) devices.push(await follow(api, id, record));
			}
			setFound({ state: 'done', value: { devices, unread } });
		} catch (e) {
			setFound({ state: 'error', error: (e as Error).message });
		}
	};
	return (
		<section aria-labelledby="my-devices-title">
			<h2 id="my-devices-title">Devices used on me</h2>
			<p className="hint">Found in your procedure records (the chain itself links no patient to a device), each followed to the recall in force over it.</p>
			<button type="button" disabled={!key || found?.state === 'loading'} onClick={look}>
				Look in my procedure records
			</button>
			{found && (
				<Show loaded={found} what="your devices">
					{({ devices, unread }) => (
						<>
							{unread.length > 0 && <ErrorNote>Not every procedure record could be opened: {unread.join('; ')}</ErrorNote>}
							{devices.length === 0 ? (
								<Empty>None of your procedure records names a device.</Empty>
							) : (
								<Table columns={['Device', 'Model', 'Serial / lot', 'Lifecycle', 'Recall', 'From record']} testId="my-devices">
										{devices.map((d) => (
											<tr key={`${d.record}-${d.id}`} className={d.recall ? 'attention' : undefined}>
												<td>#{d.id}</td>
												<td>{d.device ? `${text(d.device.profile.model)} (${text(d.device.udi.di)})` : 'not registered'}</td>
												<td>
													{text(d.device?.udi.serial) || '—'} / {text(d.device?.udi.lot) || '—'}
												</td>
												<td>{d.device ? words(variant(d.device.lifecycle)) : ''}</td>
												<td>{d.recall ? <strong>recalled (#{d.recall.id}, {text(d.recall.reason)}, {moment(d.recall.issuedAt)}): ask your hospital what to do</strong> : 'none in force'}</td>
												<td>{d.record}</td>
											</tr>
										))}
								</Table>
							)}
						</>
					)}
				</Show>
			)}
		</section>
	);
};

/** A device and the recall in force over it. */
const follow = async (api: ApiPromise, id: number, record: number): Promise<Found> => {
	const device = (await api.call.deviceRegistryApi.device(id)).toJSON() as Device | null;
	const [, recallId] = (await api.call.traceabilityApi.trace(id, 0, 0)).toJSON() as [number | null, number | null, unknown];
	const recall = recallId == null ? null : ((await api.call.traceabilityApi.recall(recallId)).toJSON() as { reason: string; issuedAt: number } | null);
	return { id, device, recall: recall && recallId != null ? { id: recallId, ...recall } : null, record };
};
