// An organisation's administrator (and a hospital's registrar): the staff and their roles,
// patient registration, and the break-glass review queue, its own clinicians' emergency
// accesses, to judge each justified or not.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import type { Organisation } from '../identity';
import { isAddress, moment, short, variant, words } from '../format';
import { Empty, Options, Show, Table, TxStatus, useLoad, useTx, type Sign } from '../ui';

/** The roles staff can hold (`StaffRole`). */
export const ROLES = ['Admin', 'Doctor', 'Nurse', 'LabTechnician', 'Pharmacist', 'DeviceOperator', 'FieldServiceEngineer', 'RegulatoryOfficer', 'Registrar', 'Integration', 'RecordStore'];

const PAGE = 100;

export const Admin = ({ api, org, roles, signing }: { api: ApiPromise; org: Organisation; roles: string[]; signing: Sign }) => {
	const admin = roles.includes('Admin');
	return (
		<>
			{admin && <Reviews api={api} org={org.id} signing={signing} />}
			{org.kind === 'Hospital' && <RegisterPatient api={api} signing={signing} />}
			{admin && <Staff api={api} org={org.id} signing={signing} />}
		</>
	);
};

interface Access {
	accessor: string;
	patient: string;
	reason: string;
	startedAt: number;
	expiresAt: number;
}

/** Break-glass accesses by this organisation's clinicians awaiting its review. */
const Reviews = ({ api, org, signing }: { api: ApiPromise; org: number; signing: Sign }) => {
	const [open, reload] = useLoad(async () => (await api.call.accessControlApi.openReviews(org, null, PAGE)).toJSON() as [number, Access, boolean][], [api, org]);
	const [progress, busy, send] = useTx(api, signing, reload);
	return (
		<section aria-labelledby="reviews-title">
			<h2 id="reviews-title">Emergency accesses to review</h2>
			<Show loaded={open} what="the review queue">
				{(list) =>
					list.length === 0 ? (
						<Empty>No emergency access waits for review.</Empty>
					) : (
						<Table columns={['Access', 'Clinician', 'Patient', 'Why', 'From', 'Until', 'Actions']}>
								{list.map(([id, a]) => (
									<tr key={id}>
										<td>{id}</td>
										<td>{short(a.accessor)}</td>
										<td>{short(a.patient)}</td>
										<td>{words(variant(a.reason))}</td>
										<td>{moment(a.startedAt)}</td>
										<td>{moment(a.expiresAt)}</td>
										<td className="actions">
											{['Justified', 'Unjustified'].map((outcome) => (
												<button key={outcome} type="button" disabled={busy} onClick={() => send(api.tx.accessControl.closeReview(id, outcome))} aria-label={`${outcome}: access ${id}`}>
													{outcome}
												</button>
											))}
										</td>
									</tr>
								))}
						</Table>
					)
				}
			</Show>
			<TxStatus progress={progress} />
		</section>
	);
};

/** Registers a patient (a hospital's administrator or registrar). */
const RegisterPatient = ({ api, signing }: { api: ApiPromise; signing: Sign }) => {
	const [typed, setTyped] = useState('');
	const [progress, busy, send] = useTx(api, signing, () => setTyped(''));
	return (
		<section aria-labelledby="register-title">
			<h2 id="register-title">Register a patient</h2>
			<p className="hint">The patient’s own account (made in their wallet): the chain keeps no name, only that your hospital registered it.</p>
			<form onSubmit={(e) => (e.preventDefault(), send(api.tx.consortium.registerPatient(typed.trim())))}>
				<label>
					Patient’s account <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="5…" />
				</label>
				<button type="submit" disabled={busy || !isAddress(typed)}>
					Register
				</button>
			</form>
			<TxStatus progress={progress} />
		</section>
	);
};

/** The organisation's staff and their roles; add one, change roles, remove. */
const Staff = ({ api, org, signing }: { api: ApiPromise; org: number; signing: Sign }) => {
	const [staff, reload] = useLoad(async () => (await api.call.consortiumApi.staffOf(org, null, PAGE)).toJSON() as [string, string[]][], [api, org]);
	const [progress, busy, send] = useTx(api, signing, reload);
	const [who, setWho] = useState('');
	const [chosen, setChosen] = useState<string[]>([]);
	return (
		<section aria-labelledby="staff-title">
			<h2 id="staff-title">Staff of organisation {org}</h2>
			<Show loaded={staff} what="the staff">
				{(list) =>
					list.length === 0 ? (
						<Empty>No staff.</Empty>
					) : (
						<Table columns={['Account', 'Roles', 'Actions']}>
								{list.map(([account, held]) => (
									<tr key={account}>
										<td className="mono">{account}</td>
										<td>{held.map((r) => words(variant(r))).join(', ')}</td>
										<td>
											<button type="button" disabled={busy} onClick={() => send(api.tx.consortium.removeStaff(account))} aria-label={`Remove ${short(account)}`}>
												Remove
											</button>
										</td>
									</tr>
								))}
						</Table>
					)
				}
			</Show>
			<form onSubmit={(e) => (e.preventDefault(), send(api.tx.consortium.addStaff(who.trim(), chosen)))}>
				<label>
					Account <input value={who} onChange={(e) => setWho(e.target.value)} placeholder="5…" />
				</label>
				<label>
					Roles{' '}
					<select multiple value={chosen} onChange={(e) => setChosen([...e.target.selectedOptions].map((o) => o.value))}>
						<Options values={ROLES} />
					</select>
				</label>
				<button type="submit" disabled={busy || !isAddress(who) || chosen.length === 0}>
					Add to the staff
				</button>
				<button type="button" disabled={busy || !isAddress(who) || chosen.length === 0} onClick={() => send(api.tx.consortium.setStaffRoles(who.trim(), chosen))}>
					Set their roles
				</button>
			</form>
			<TxStatus progress={progress} />
		</section>
	);
};
