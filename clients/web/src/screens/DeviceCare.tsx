// What the custodian's staff report about a device they hold (S0): its condition (FHIR
// status, availability, reason, operating mode) and where it is (its admins, field-service
// engineers and device operators), its usage counters, which only grow (its field-service
// engineers and device operators), and who operates it (its admins). Each form shows only to
// the roles the chain lets use it; the chain checks them again and says why it refuses.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { isLocation, short, text, variant } from '../format';
import { Options, Show, TxStatus, useLoad, useTx, type Send, type Sign } from '../ui';
import type { Device } from './Devices';

const STATUSES = ['Active', 'Inactive', 'EnteredInError'];
const AVAILABILITIES = ['Available', 'Lost', 'Damaged', 'Destroyed'];
const REASONS = ['Online', 'Paused', 'Standby', 'Offline', 'NotReady', 'TransducerDisconnected', 'HardwareDisconnected', 'Off'];
const MODES = ['Normal', 'Demonstration', 'Service', 'Standby'];

/** The roles that may report a device's condition (`SERVICE_ROLES`) and its usage. */
const CONDITION_ROLES = ['Admin', 'FieldServiceEngineer', 'DeviceOperator'];
const USAGE_ROLES = ['FieldServiceEngineer', 'DeviceOperator'];
/** The most staff one page of `staff_of` gives (the runtime's `MAX_PAGE`). */
const STAFF_PAGE = 1000;

export const DeviceCare = ({ api, signing, roles, id, device, changed }: { api: ApiPromise; signing: Sign; roles: string[]; id: number; device: Device; changed: () => void }) => {
	const may = (allowed: string[]) => roles.some((r) => allowed.includes(r));
	const [operators, reload] = useLoad(async () => {
		const assigned = (await api.query.deviceRegistry.operators(id)).toJSON() as string[];
		const staff: [string, string[]][] = [];
		for (let after: string | null = null; ; ) {
			const page = (await api.call.consortiumApi.staffOf(device.custodian, after, STAFF_PAGE)).toJSON() as typeof staff;
			staff.push(...page);
			if (page.length < STAFF_PAGE) break;
			after = page[page.length - 1][0];
		}
		const eligible = staff.filter(([, held]) => held.map(variant).includes('DeviceOperator')).map(([who]) => who);
		return { assigned, eligible, most: Number(api.consts.deviceRegistry.maxOperators.toString()) };
	}, [api, id, device.custodian]);
	const [progress, busy, send] = useTx(api, signing, () => {
		reload();
		changed();
	});
	return (
		<section aria-labelledby="care-title">
			<h3 id="care-title">Condition, usage and operators</h3>
			{may(CONDITION_ROLES) && <Condition api={api} id={id} device={device} busy={busy} send={send} />}
			{may(USAGE_ROLES) && <Usage api={api} id={id} device={device} busy={busy} send={send} />}
			<Show loaded={operators} what="the device’s operators">
				{(found) => <Operators api={api} id={id} {...found} admin={may(['Admin'])} busy={busy} send={send} />}
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
	const where = location.trim();
	const valid = where === '' || isLocation(where);
	const report = () => valid && send(api.tx.deviceRegistry.reportCondition(id, { status, availability, reason, mode }, where || null));
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
				Location (empty: unchanged) <input value={location} onChange={(e) => setLocation(e.target.value)} placeholder="GLN:0614141000012.ICU3" />
			</label>
			<button type="submit" disabled={busy || !valid}>
				Report condition
			</button>
			{!valid && <p className="hint">A location is `GLN:`, a 13-digit GLN whose last digit checks, and optionally `.` and up to 14 uppercase letters or digits.</p>}
		</form>
	);
};

const Usage = ({ api, id, device, busy, send }: { api: ApiPromise; id: number; device: Device; busy: boolean; send: Send }) => {
	const [hours, setHours] = useState(String(device.workingHours));
	const [cycles, setCycles] = useState(String(device.operatingCycles));
	const [h, c] = [Number(hours), Number(cycles)];
	const valid = hours.trim() !== '' && cycles.trim() !== '' && Number.isInteger(h) && Number.isInteger(c) && h >= device.workingHours && c >= device.operatingCycles && h <= 0xffffffff && c <= 0xffffffff;
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

/** The assigned operators and, for the custodian's admins, a new list: of its staff who hold
 * the DeviceOperator role, and of those assigned who no longer do (marked, so that they can
 * be taken off), at most `most`. */
const Operators = ({ api, id, assigned, eligible, most, admin, busy, send }: { api: ApiPromise; id: number; assigned: string[]; eligible: string[]; most: number; admin: boolean; busy: boolean; send: Send }) => {
	const [chosen, setChosen] = useState(new Set(assigned));
	const toggle = (who: string) => setChosen((now) => new Set(now.has(who) ? [...now].filter((w) => w !== who) : [...now, who]));
	const listed = [...new Set([...assigned, ...eligible])];
	const stale = [...chosen].filter((who) => !eligible.includes(who));
	return (
		<form onSubmit={(e) => (e.preventDefault(), send(api.tx.deviceRegistry.assignOperators(id, [...chosen])))} aria-label="Assign operators">
			<p data-testid="operators">Operators: {assigned.length === 0 ? 'none assigned' : assigned.map(short).join(', ')}</p>
			{admin &&
				(listed.length === 0 ? (
					<p className="hint">The custodian has no staff with the device-operator role.</p>
				) : (
					<>
						<fieldset>
							<legend>Operate it (the custodian’s device operators, at most {most})</legend>
							{listed.map((who) => (
								<label key={who}>
									<input type="checkbox" checked={chosen.has(who)} onChange={() => toggle(who)} /> {short(who)}
									{!eligible.includes(who) && ' (no longer a device operator here)'}
								</label>
							))}
						</fieldset>
						<button type="submit" disabled={busy || chosen.size > most || stale.length > 0}>
							Assign operators
						</button>
						{stale.length > 0 && <p className="hint">Take off those who are no longer device operators here: the chain takes only the custodian’s device operators.</p>}
						{chosen.size > most && <p className="hint">At most {most} operators.</p>}
					</>
				))}
		</form>
	);
};
