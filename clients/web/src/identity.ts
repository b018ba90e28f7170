// Who an account is, from the chain (`ConsortiumApi.role_of`): a member's staff with their
// organisation and roles, a registered patient, or no one the consortium knows; and which
// screens that identity is offered.

import type { ApiPromise } from '@polkadot/api';
import { variant, words } from './format';

export interface Organisation {
	id: number;
	kind: string;
	status: string;
}

export type Identity =
	| { kind: 'staff'; org: Organisation; roles: string[]; active: boolean }
	| { kind: 'patient'; registeredBy: number }
	| { kind: 'unknown' };

/** The screens the app has. */
export type Screen = 'records' | 'consent' | 'trail' | 'patients' | 'devices' | 'orders' | 'regulator' | 'statistics' | 'admin';

/** Roles that open and add patients' records (`StaffRole::is_clinical`). */
const CLINICAL = ['Doctor', 'Nurse', 'LabTechnician', 'Pharmacist'];

/** The screens an identity is offered: a patient's records, consent and audit trail; a
 * clinician's patients; the devices their organisation holds for any staff of a member that
 * holds devices, and its orders for a hospital's, a manufacturer's or a carrier's; a regulatory officer's queue, recalls and statistics; an administrator's (or
 * a hospital registrar's) staff, registrations and reviews. */
export const screensFor = (identity: Identity): Screen[] => {
	if (identity.kind === 'patient') return ['records', 'consent', 'trail'];
	if (identity.kind !== 'staff' || !identity.active) return [];
	const screens: Screen[] = [];
	const { roles, org } = identity;
	if (roles.includes('RegulatoryOfficer')) screens.push('regulator', 'statistics');
	if (roles.some((r) => CLINICAL.includes(r))) screens.push('patients');
	if (org.kind !== 'Regulator') screens.push('devices');
	if (['Hospital', 'Manufacturer', 'Logistics'].includes(org.kind)) screens.push('orders');
	if (roles.includes('Admin') || (roles.includes('Registrar') && org.kind === 'Hospital')) screens.push('admin');
	return screens;
};

/** Who `address` is. */
export const identify = async (api: ApiPromise, address: string): Promise<Identity> => {
	const role = (await api.call.consortiumApi.roleOf(address)).toJSON() as Record<string, Record<string, unknown>> | null;
	if (role?.staff) {
		const { org, roles, active } = role.staff as { org: number; roles: string[]; active: boolean };
		const found = (await api.call.consortiumApi.organisation(org)).toJSON() as { kind: unknown; status: unknown } | null;
		const member = { id: org, kind: found ? variant(found.kind) : 'unknown', status: found ? variant(found.status) : 'unknown' };
		return { kind: 'staff', org: member, roles: roles.map(variant), active };
	}
	if (role?.patient) return { kind: 'patient', registeredBy: Number(role.patient.registeredBy) };
	return { kind: 'unknown' };
};

/** Who the account is, in words. */
export const describeIdentity = (who: Identity): string => {
	switch (who.kind) {
		case 'staff':
			return `Staff of organisation ${who.org.id} (${words(who.org.kind)}): ${who.roles.map(words).join(', ')}${who.active ? '' : ' (suspended: may not act)'}`;
		case 'patient':
			return `Patient registered by organisation ${who.registeredBy}`;
		default:
			return 'Not known to the consortium';
	}
};

/** The member organisations' ids, of `kind` if given (`Manufacturer`, `Logistics` …), each
 * with its kind. */
export const members = async (api: ApiPromise, kind?: string): Promise<[number, string][]> => {
	const all = (await api.call.consortiumApi.organisations()).toJSON() as [number, { kind: unknown }][];
	return all.map(([id, o]): [number, string] => [id, variant(o.kind)]).filter(([, k]) => kind === undefined || k === kind);
};
