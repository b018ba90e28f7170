import { describe, expect, it } from 'vitest';
import { count, day, entry, grantee, isLocation, isProductionId, isReason, items, moment, needsAttention, reportSource, scope, short, text, until, variant, words } from './format';
import { describeIdentity, screensFor, type Identity } from './identity';
import { matches, type Device } from './screens/Devices';
import { materials, nextStep } from './screens/Orders';
import { byCustodian } from './screens/RecallScope';
import { pretty } from './screens/Records';
import { devicesIn } from './screens/MyDevices';
import { parseVaults } from './vault';
import { NEXT_STEP, scopeWords } from './screens/Regulator';
import { byOrganisation, growth, summarise } from './stats';

describe('the chain’s values as text', () => {
	it('decodes hex bytes and keeps what is not UTF-8 as hex', () => {
		expect(text('0x4c4f542d41')).toBe('LOT-A');
		expect(text('0xff00')).toBe('0xff00');
		expect(text('plain')).toBe('plain');
		expect(text(null)).toBe('');
	});
	it('writes moments in UTC and registry dates as ISO days', () => {
		expect(moment(Date.UTC(2026, 11, 7, 9, 30))).toBe('2026-12-07 09:30 UTC');
		expect(moment('x')).toBe('');
		expect(day(20261207)).toBe('2026-12-07');
		expect(day(null)).toBe('');
	});
	it('turns enum variants into words', () => {
		expect(words('UnderInvestigation')).toBe('under investigation');
		expect(words('InService')).toBe('in service');
		expect(variant('inService')).toBe('InService');
		expect(variant({ adverseEventReported: { event: 1 } })).toBe('AdverseEventReported');
		expect(variant(null)).toBe('');
	});
	it('writes trail entries with their fields', () => {
		expect(entry({ lifecycle: { from: 'Released', to: 'InTransit' } })).toBe('lifecycle: from released to in transit');
		expect(entry({ custody: { from: 1, to: 3 } })).toBe('custody: from 1 to 3');
		expect(entry({ regulatorDecision: { order: 0, approved: true } })).toBe('regulator decision: order 0 approved yes');
		expect(entry({ usedOn: { usage: 'Implant' } })).toBe('used on: usage implant');
		expect(entry('Placed')).toBe('placed');
	});
	it('counts in words', () => {
		expect(count(1, 'report')).toBe('1 report');
		expect(count(0, 'report')).toBe('0 reports');
	});
	it('names who filed a report', () => {
		expect(reportSource({ organisation: 'Hospital' })).toBe('hospital');
		expect(reportSource('Patient')).toBe('patient');
	});
	it('shortens addresses', () => {
		expect(short('5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY')).toBe('5Grw…utQY');
		expect(short('5Grw')).toBe('5Grw');
	});
	it('flags the lifecycle states that need someone', () => {
		expect(needsAttention('Recalled')).toBe(true);
		expect(needsAttention('recalled')).toBe(true);
		expect(needsAttention('InService')).toBe(false);
	});
});

describe('what a form accepts, as the chain checks it', () => {
	it('takes reason codes of codes::is_reason', () => {
		expect(isReason('FSCA-2026-17')).toBe(true);
		expect(isReason('IMDRF:C01')).toBe(true);
		expect(isReason('fsca')).toBe(false);
		expect(isReason('1FSCA')).toBe(false);
		expect(isReason('A'.repeat(33))).toBe(false);
		expect(isReason('')).toBe(false);
	});
	it('takes locations as GLNs with their check digit and an optional extension', () => {
		expect(isLocation('GLN:0614141000012')).toBe(true);
		expect(isLocation('GLN:0614141000012.ICU3')).toBe(true);
		expect(isLocation('GLN:0614141000013')).toBe(false);
		expect(isLocation('GLN:0614141000012.icu3')).toBe(false);
		expect(isLocation('GLN:0614141000012.')).toBe(false);
		expect(isLocation('0614141000012')).toBe(false);
	});
	it('takes lots and serials of GS1’s set 82', () => {
		expect(isProductionId('LOT-A17')).toBe(true);
		expect(isProductionId('LOT A')).toBe(false);
		expect(isProductionId('L'.repeat(21))).toBe(false);
	});
	it('splits typed lists', () => {
		expect(items(' A, B  C,,A ')).toEqual(['A', 'B', 'C']);
		expect(items('')).toEqual([]);
	});
});

const staff = (kind: string, roles: string[], active = true): Identity => ({ kind: 'staff', org: { id: 3, kind, status: 'Active' }, roles, active });

describe('who sees which screen', () => {
	it('offers each role its screens, and a suspended or unknown account none', () => {
		expect(screensFor(staff('Regulator', ['Admin', 'RegulatoryOfficer']))).toEqual(['regulator', 'statistics', 'admin']);
		expect(screensFor(staff('Hospital', ['Admin', 'Doctor']))).toEqual(['patients', 'devices', 'orders', 'admin']);
		expect(screensFor(staff('Hospital', ['Nurse', 'DeviceOperator', 'Registrar']))).toEqual(['patients', 'devices', 'orders', 'admin']);
		expect(screensFor(staff('Manufacturer', ['FieldServiceEngineer']))).toEqual(['devices', 'orders']);
		expect(screensFor(staff('Logistics', ['Admin']))).toEqual(['devices', 'orders', 'admin']);
		expect(screensFor(staff('Laboratory', ['Registrar', 'LabTechnician']))).toEqual(['patients', 'devices']);
		expect(screensFor(staff('Hospital', ['Doctor'], false))).toEqual([]);
		expect(screensFor({ kind: 'patient', registeredBy: 3 })).toEqual(['records', 'consent', 'trail']);
		expect(screensFor({ kind: 'unknown' })).toEqual([]);
	});
	it('says who an account is', () => {
		expect(describeIdentity(staff('Hospital', ['Admin', 'DeviceOperator']))).toBe('Staff of organisation 3 (hospital): admin, device operator');
		expect(describeIdentity(staff('Hospital', ['Doctor'], false))).toContain('suspended');
		expect(describeIdentity({ kind: 'patient', registeredBy: 4 })).toBe('Patient registered by organisation 4');
	});
});

describe('orders', () => {
	it('offers each kind of member its next step, and nobody a step that is not theirs', () => {
		expect(nextStep('Manufacturer', 'Placed')).toBe('materials');
		expect(nextStep('Manufacturer', 'ParametersSet')).toBe('materials');
		expect(nextStep('Manufacturer', 'MaterialsRecorded')).toBe('production');
		expect(nextStep('Manufacturer', 'Produced')).toBeNull();
		expect(nextStep('Manufacturer', 'Approved')).toBe('ship');
		expect(nextStep('Hospital', 'Shipped')).toBe('receive');
		expect(nextStep('Hospital', 'Delivered')).toBe('install');
		expect(nextStep('Hospital', 'Placed')).toBeNull();
		expect(nextStep('Logistics', 'Shipped')).toBeNull();
		expect(nextStep('Hospital', 'Rejected')).toBeNull();
	});
	it('reads materials one per line, the lot optional', () => {
		expect(materials('04035479112345 SILICONE-LOT-9\n\n  07612345678900  \n')).toEqual([
			{ di: '04035479112345', lot: 'SILICONE-LOT-9' },
			{ di: '07612345678900', lot: null },
		]);
	});
});

describe('a recall’s reach', () => {
	it('sums devices, devices still in use and patients to follow up by custodian', () => {
		const use = (hospital: number) => ({ pseudonym: '0x01', uses: { hospital, last: 'Implanted', lastAt: 0 } });
		const device = (custodian: number, lifecycle: string, uses: number) => ({ device: 0, serial: null, lot: null, custodian, recipient: null, lifecycle, uses: Array.from({ length: uses }, () => use(custodian)), moreUses: false });
		expect(byCustodian([device(4, 'InService', 2), device(3, 'Recalled', 0), device(3, 'Installed', 1), device(4, 'Decommissioned', 1)])).toEqual([
			[3, { devices: 2, inUse: 1, uses: 1 }],
			[4, { devices: 2, inUse: 1, uses: 3 }],
		]);
	});
});

describe('the vaults and what they serve', () => {
	it('reads where each organisation’s vault is', () => {
		expect(parseVaults('3=http://127.0.0.1:8088/, 4=https://vault.b.example,x=y,5=')).toEqual(
			new Map([
				[3, 'http://127.0.0.1:8088'],
				[4, 'https://vault.b.example'],
			]),
		);
	});
	it('shows JSON indented and anything else as it is', () => {
		expect(pretty('{"a":1}')).toBe('{\n  "a": 1\n}');
		expect(pretty('plain text')).toBe('plain text');
	});
});

describe('devices used on a patient', () => {
	it('finds the devices a Procedure record names, and nothing elsewhere', () => {
		const procedure = { resourceType: 'Procedure', focalDevice: [{ manipulated: { reference: 'Device/7' } }, { manipulated: { reference: 'Device/x' } }, {}, { manipulated: { reference: 'Device/12' } }] };
		expect(devicesIn(JSON.stringify(procedure))).toEqual([7, 12]);
		expect(devicesIn(JSON.stringify({ resourceType: 'Observation', focalDevice: [{ manipulated: { reference: 'Device/7' } }] }))).toEqual([]);
		expect(devicesIn('not json')).toEqual([]);
		expect(devicesIn('null')).toEqual([]);
	});
});

describe('consent in words', () => {
	it('names who a grant is for, what it covers and until when', () => {
		expect(grantee({ organisation: 4 })).toBe('organisation 4');
		expect(grantee({ person: '5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY' })).toBe('person 5Grw…utQY');
		expect(scope('AllCategories')).toBe('all categories');
		expect(scope({ allCategories: null })).toBe('all categories');
		expect(scope({ categories: ['Observation', 'DiagnosticReport'] })).toBe('observation, diagnostic report');
		expect(until(null)).toBe('no end');
		expect(until(0)).toBe('1970-01-01 00:00 UTC');
	});
	it('reads an audit entry’s basis and a consent change', () => {
		expect(entry({ breakGlass: 3 })).toBe('break glass: 3');
		expect(entry('Patient')).toBe('patient');
		expect(entry({ approved: { request: 1, grant: 2 } })).toBe('approved: request 1 grant 2');
	});
});

describe('the screens’ own logic', () => {
	const device = { udi: { di: '00643169007222', serial: '0x534e2d31', lot: 'LOT-A', manufacturedOn: null, expiresOn: null }, profile: { deviceType: 'GMDN:47264', model: '5076-52', version: '1', modality: null, profileCid: '' } } as unknown as Device;
	it('searches devices by serial, lot, model and type', () => {
		expect(matches(device, 'sn-1')).toBe(true);
		expect(matches(device, '5076')).toBe(true);
		expect(matches(device, 'GMDN:47264')).toBe(true);
		expect(matches(device, 'LOT-B')).toBe(false);
		expect(matches(device, '  ')).toBe(true);
	});
	it('moves an investigation one step at a time', () => {
		expect(NEXT_STEP.Reported).toBe('UnderInvestigation');
		expect(NEXT_STEP.RootCauseFound).toBe('Closed');
		expect(NEXT_STEP.Closed).toBeUndefined();
	});
	it('describes a recall’s scope', () => {
		expect(scopeWords({ lots: { di: '001', lots: ['0x4c31', 'L2'] } })).toBe('lots L1, L2 of model 001');
		expect(scopeWords({ model: { di: '001', until: Date.UTC(2026, 0, 1) } })).toBe('model 001, registered up to 2026-01-01 00:00 UTC');
	});
});

describe('the regulator’s statistics', () => {
	it('sums a year’s reports by source and seriousness', () => {
		const year = summarise(2026, [
			[[{ organisation: 'Hospital' }, 'Hospitalisation'], { reported: 3, late: 1, rejected: 0 }],
			[[{ organisation: 'Hospital' }, 'NonSerious'], { reported: 2, late: 0, rejected: 1 }],
			[['Patient', 'Hospitalisation'], { reported: 1, late: 0, rejected: 0 }],
		]);
		expect(year.totals).toEqual({ reported: 6, late: 1, rejected: 1 });
		expect([...year.bySource]).toEqual([['hospital', 5], ['patient', 1]]);
		expect([...year.bySeriousness]).toEqual([['hospitalisation', 4], ['non serious', 2]]);
		expect(summarise(2025, []).totals.reported).toBe(0);
	});
	it('gives the growth between years, none from nothing', () => {
		expect(growth(4, 6)).toBe(50);
		expect(growth(3, 2)).toBe(-33.3);
		expect(growth(0, 5)).toBeNull();
	});
	it('counts reports by the reporter’s organisation, patients together and never named', () => {
		const reports = [
			{ reporter: 'nurse', byPatient: false },
			{ reporter: 'doctor', byPatient: false },
			{ reporter: 'engineer', byPatient: false },
			{ reporter: 'eve', byPatient: true },
			{ reporter: 'ferdie', byPatient: true },
			{ reporter: 'left', byPatient: false },
		];
		const orgOf = new Map<string, number | null>([['nurse', 3], ['doctor', 3], ['engineer', 1], ['left', null]]);
		expect(byOrganisation(reports, orgOf, new Map([[3, 'Hospital'], [1, 'Manufacturer']]))).toEqual([
			['organisation 3 (hospital)', 2],
			['patients', 2],
			['former staff', 1],
			['organisation 1 (manufacturer)', 1],
		]);
		expect(byOrganisation([], orgOf, new Map())).toEqual([]);
	});
});
