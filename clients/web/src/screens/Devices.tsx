// The devices an organisation holds (S0's device portal): model, type, serial, modality and
// status, filtered and searched; a device's page with its profile, lifecycle, custody trail,
// usage counters, operators and the recall in force over it, and what its custodian's staff
// report about it.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { day, entry, moment, needsAttention, text, variant, words } from '../format';
import type { Signing } from '../chain';
import { Empty, Options, Show, Table, useLoad, readPages } from '../ui';
import { DeviceCare } from './DeviceCare';
import { ServiceLog } from './ServiceLog';

/** A device as `DeviceRegistryApi` gives it (`toJSON()`). */
export interface Device {
	udi: { di: string; serial: string | null; lot: string | null; manufacturedOn: number | null; expiresOn: number | null };
	profile: { deviceType: string; model: string; version: string; modality: string | null; profileCid: string };
	manufacturer: number;
	custodian: number;
	lifecycle: unknown;
	condition: { status: unknown; availability: unknown; mode: unknown; reason: unknown };
	location: string | null;
	workingHours: number;
	operatingCycles: number;
}

const PAGE = 100;

/** Whether `device` matches what the user typed (model, type, serial, lot, modality, UDI-DI). */
export const matches = (device: Device, typed: string): boolean => {
	const needle = typed.trim().toLowerCase();
	if (!needle) return true;
	const fields = [device.udi.di, device.udi.serial, device.udi.lot, device.profile.model, device.profile.deviceType, device.profile.modality];
	return fields.some((f) => f && text(f).toLowerCase().includes(needle));
};

export const Devices = ({ api, org, roles, me, signing }: { api: ApiPromise; org: number; roles: string[]; me: string; signing: () => Promise<Signing> }) => {
	const [pages, setPages] = useState(1);
	const [typed, setTyped] = useState('');
	const [state, setState] = useState('');
	const [open, setOpen] = useState<number | null>(null);
	const [loaded] = useLoad(async () => {
		const read = async (after: number | null) => (await api.call.deviceRegistryApi.devicesOfCustodian(org, after, PAGE)).toJSON() as [number, Device][];
		const { items, more } = await readPages(read, pages, PAGE);
		return { devices: items, more };
	}, [api, org, pages]);

	if (open !== null) return <DevicePage api={api} id={open} back={() => setOpen(null)} me={me} org={org} roles={roles} signing={signing} />;
	return (
		<section aria-labelledby="devices-title">
			<h2 id="devices-title">Devices held by organisation {org}</h2>
			<div className="filters">
				<label>
					Search <input type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="model, serial, lot, type" />
				</label>
				<label>
					Lifecycle{' '}
					<select value={state} onChange={(e) => setState(e.target.value)}>
						<option value="">any</option>
						<Options values={['Released', 'InTransit', 'Installed', 'InService', 'Maintenance', 'Recalled', 'Decommissioned', 'Manufactured']} />
					</select>
				</label>
			</div>
			<Show loaded={loaded} what="the devices">
				{({ devices, more }) => {
					const shown = devices.filter(([, d]) => matches(d, typed) && (!state || variant(d.lifecycle) === state));
					return (
						<>
							{devices.length === 0 ? (
								<Empty>This organisation holds no devices.</Empty>
							) : shown.length === 0 ? (
								<Empty>No device matches.</Empty>
							) : (
								<DeviceTable devices={shown} open={setOpen} />
							)}
							{more && (
								<button type="button" onClick={() => setPages((p) => p + 1)}>
									Show more devices
								</button>
							)}
						</>
					);
				}}
			</Show>
		</section>
	);
};

const DeviceTable = ({ devices, open }: { devices: [number, Device][]; open: (id: number) => void }) => (
	<Table columns={['Device', 'Model', 'Type', 'Serial', 'Lot', 'Modality', 'Lifecycle', 'Status']} className="devices">
			{devices.map(([id, d]) => (
						<tr key={id} className={needsAttention(variant(d.lifecycle)) ? 'attention' : undefined}>
							<td>
								<button type="button" className="link" onClick={() => open(id)}>
									#{id}
								</button>
							</td>
							<td>{text(d.profile.model)}</td>
							<td>{text(d.profile.deviceType)}</td>
							<td>{text(d.udi.serial)}</td>
							<td>{text(d.udi.lot)}</td>
							<td>{text(d.profile.modality)}</td>
							<td data-testid={`lifecycle-${id}`}>{words(variant(d.lifecycle))}</td>
							<td>{words(variant(d.condition.status))}</td>
						</tr>
			))}
	</Table>
);

interface TrailLink {
	entry: unknown;
	by: string;
	org: number | null;
	at: number;
}

interface Recall {
	reason: string;
	issuedAt: number;
	status: unknown;
	issuerOrg: number;
}

/** One device: profile, lifecycle, counters, the recall in force, the custody trail, the
 * service log. */
const DevicePage = ({ api, id, back, me, org, roles, signing }: { api: ApiPromise; id: number; back: () => void; me: string; org: number; roles: string[]; signing: () => Promise<Signing> }) => {
	const [loaded, reload] = useLoad(async () => {
		const device = (await api.call.deviceRegistryApi.device(id)).toJSON() as Device | null;
		const [order, recallId, links] = (await api.call.traceabilityApi.trace(id, 0, 100)).toJSON() as [number | null, number | null, [number, TrailLink][]];
		const recall = recallId == null ? null : ((await api.call.traceabilityApi.recall(recallId)).toJSON() as Recall | null);
		return { device, order, recallId, recall, links };
	}, [api, id]);
	return (
		<section aria-labelledby="device-title">
			<button type="button" onClick={back}>
				← All devices
			</button>
			<h2 id="device-title">Device #{id}</h2>
			<Show loaded={loaded} what="the device">
				{({ device, order, recallId, recall, links }) =>
					device === null ? (
						<Empty>No device #{id} is registered.</Empty>
					) : (
						<>
							{recall && (
								<p className="recall" role="alert">
									Recalled by recall #{recallId} for {text(recall.reason)}, issued {moment(recall.issuedAt)} by organisation {recall.issuerOrg}.
								</p>
							)}
							<dl className="profile">
								<dt>UDI-DI</dt>
								<dd>{text(device.udi.di)}</dd>
								<dt>Serial / lot</dt>
								<dd>
									{text(device.udi.serial) || '—'} / {text(device.udi.lot) || '—'}
								</dd>
								<dt>Made / expires</dt>
								<dd>
									{day(device.udi.manufacturedOn) || '—'} / {day(device.udi.expiresOn) || '—'}
								</dd>
								<dt>Type, model, version</dt>
								<dd>
									{text(device.profile.deviceType)}, {text(device.profile.model)}, {text(device.profile.version)}
								</dd>
								<dt>Modality</dt>
								<dd>{text(device.profile.modality) || '—'}</dd>
								<dt>Lifecycle</dt>
								<dd data-testid="device-lifecycle">{words(variant(device.lifecycle))}</dd>
								<dt>Status, availability, reason, mode</dt>
								<dd>
									{[device.condition.status, device.condition.availability, device.condition.reason, device.condition.mode].map((v) => words(variant(v))).join(', ')}
								</dd>
								<dt>Manufacturer / custodian</dt>
								<dd>
									organisation {device.manufacturer} / organisation {device.custodian}
								</dd>
								<dt>Location</dt>
								<dd>{text(device.location) || '—'}</dd>
								<dt>Working hours / cycles</dt>
								<dd>
									{device.workingHours} h / {device.operatingCycles}
								</dd>
								<dt>Order</dt>
								<dd>{order == null ? '—' : `#${order}`}</dd>
								<dt>Full profile (CID)</dt>
								<dd className="mono">{text(device.profile.profileCid)}</dd>
							</dl>
							<h3>Custody trail</h3>
							<ol className="trail">
								{links.map(([index, link]) => (
									<li key={index}>
										{moment(link.at)}: {entry(link.entry)}
										{link.org != null && ` (organisation ${link.org})`}
									</li>
								))}
							</ol>
							{org === device.custodian && <DeviceCare api={api} signing={signing} roles={roles} id={id} device={device} changed={reload} />}
							<ServiceLog api={api} me={me} org={org} signing={signing} device={id} lifecycle={String(variant(device.lifecycle))} changed={reload} />
						</>
					)
				}
			</Show>
		</section>
	);
};
