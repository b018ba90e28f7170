// What the custodian's staff report about a device they hold (S0): its condition (FHIR
// status, availability, reason, operating mode) and where it is, its usage counters (which
// only grow), and, for its admins, who operates it. The chain checks each role and says why
// it refuses.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { short, text, variant } from '../format';
import { Options, Show, TxStatus, useLoad, useTx, type Send, type Sign } from '../ui';
import type { Device } from './Devices';

const STATUSES = ['Active', 'Inactive', 'EnteredInError'];
const AVAILABILITIES = ['Available', 'Lost', 'Damaged', 'Destroyed'];
const REASONS = ['Online', 'Paused', 'Standby', 'Offline', 'NotReady', 'TransducerDisconnected', 'HardwareDisconnected', 'Off'];
const MODES = ['Normal', 'Demonstration', 'Service', 'Standby'];

export const DeviceCare = ({ api, signing, id, device, changed }: { api: ApiPromise; signing: Sign; id: number; device: Device; changed: () => void }) => {
	const [operators, reload] = useLoad(async () => {
		const assigned = (await api.query.deviceRegistry.operators(id)).toJSON() as string[];
		const staff = (await api.call.consortiumApi.staffOf(device.custodian, null, 100)).toJSON() as [string, string[]][];
		return { assigned, eligible: staff.filter(([, roles]) => roles.map(variant).includes('DeviceOperator')).map(([who]) => who) };
	}, [api, id, device.custodian]);
	const [progress, busy, send] = useTx(api, signing, () => {
		reload();
		changed();
	});
	return (
		<section aria-labelledby="care-title">
			<h3 id="care-title">Condition, usage and operators</h3>
			<Condition api={api} id={id} device={device} busy={busy} send={send} />
			<Usage api={api} id={id} device={device} busy={busy} send={send} />
			<Show loaded={operators} what="the device’s operators">
				{({ assigned, eligible }) => <Operators api={api} id={id} assigned={assigned} eligible={eligible} busy={busy} send={send} />}
			</Show>
			<TxStatus progress={progress} />
		</section>
	);
};

const Condition = ({ api, id, device, busy, send }: { api: ApiPromise; id: number; device: Device; busy: boolean; send: Send }) => {
	const [status, setStatus] = useState(variant(device.condition.status));
	const [availability, setAvailability] = useState(variant(device.condition.availability));
	const [reason, setReason] = useState(variant(device.condition.reason));
	const [mode, setMode] = useState(variant(device.condition.mode));
	const [location, setLocation] = useState(text(device.location));
	const report = () => send(api.tx.deviceRegistry.reportCondition(id, { status, availability, reason, mode }, location.trim() || null));
	const pick = (label: string, value: string, set: (v: string) => void, values: string[]) => (
		<label>
			{label}{' '}
			<select value={value} onChange={(e) => set(e.target.value)}>
				<Options values={values} />
			</select>
		</label>
	);
	return (
		<form onSubmit={(e) => (e.preventDefault(), report())} aria-label="Report condition">
			{pick('Status', status, setStatus, STATUSES)}
			{pick('Availability', availability, setAvailability, AVAILABILITIES)}
			{pick('Status reason', reason, setReason, REASONS)}
			{pick('Operating mode', mode, setMode, MODES)}
			<label>
				Location (optional) <input value={location} onChange={(e) => setLocation(e.target.value)} placeholder="GLN:0614141000012.ICU3" />
			</label>
			<button type="submit" disabled={busy}>
				Report condition
			</button>
		</form>
	);
};

const Usage = ({ api, id, device, busy, send }: { api: ApiPromise; id: number; device: Device; busy: boolean; send: Send }) => {
	const [hours, setHours] = useState(String(device.workingHours));
	const [cycles, setCycles] = useState(String(device.operatingCycles));
	const [h, c] = [Number(hours), Number(cycles)];
	const valid = Number.isInteger(h) && Number.isInteger(c) && h >= device.workingHours && c >= device.operatingCycles && h <= 0xffffffff && c <= 0xffffffff;
	return (
		<form onSubmit={(e) => (e.preventDefault(), valid && send(api.tx.deviceRegistry.reportUsage(id, h, c)))} aria-label="Report usage">
			<label>
				Working hours <input type="number" min={device.workingHours} value={hours} onChange={(e) => setHours(e.target.value)} />
			</label>
			<label>
				Operating cycles <input type="number" min={device.operatingCycles} value={cycles} onChange={(e) => setCycles(e.target.value)} />
			</label>
			<button type="submit" disabled={busy || !valid}>
				Report usage
			</button>
			{!valid && <p className="hint">Counters only grow: at least {device.workingHours} h and {device.operatingCycles} cycles.</p>}
		</form>
	);
};

/** The assigned operators, and (for the custodian's admins) a new list from its staff who
 * hold the DeviceOperator role. */
const Operators = ({ api, id, assigned, eligible, busy, send }: { api: ApiPromise; id: number; assigned: string[]; eligible: string[]; busy: boolean; send: Send }) => {
	const [chosen, setChosen] = useState(new Set(assigned));
	const toggle = (who: string) => setChosen((now) => new Set(now.has(who) ? [...now].filter((w) => w !== who) : [...now, who]));
	return (
		<form onSubmit={(e) => (e.preventDefault(), send(api.tx.deviceRegistry.assignOperators(id, [...chosen])))} aria-label="Assign operators">
			<p data-testid="operators">Operators: {assigned.length === 0 ? 'none assigned' : assigned.map(short).join(', ')}</p>
			{eligible.length === 0 ? (
				<p className="hint">The custodian has no staff with the device-operator role.</p>
			) : (
				<fieldset>
					<legend>Operate it (the custodian’s device operators)</legend>
					{eligible.map((who) => (
						<label key={who}>
							<input type="checkbox" checked={chosen.has(who)} onChange={() => toggle(who)} /> {short(who)}
						</label>
					))}
				</fieldset>
			)}
			<button type="submit" disabled={busy}>
				Assign operators
			</button>
		</form>
	);
};
