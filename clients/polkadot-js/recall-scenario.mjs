// The IHE pacemaker-lead recall on a running development node, step by step, with a generic
// client (@polkadot/api, no medchain type definitions): two hospitals order leads, the
// manufacturer produces one lot, the regulator approves, the leads are shipped, delivered
// and put in service, one is implanted in patient Eve under Hospital A's pseudonym, her
// clinician files her adverse-event report for her, the regulator recalls the lot, and
// `medchain_recallScope` names every lead, both hospitals and one use that Hospital A alone
// resolves to Eve (docs/privacy.md). Safe to run more than once on the same chain (each run
// uses a new lot and new pseudonym keys).
//
// Usage: node recall-scenario.mjs ws://127.0.0.1:9944   (docs/traceability.md)

import { WsProvider } from '@polkadot/api';
import { bnToU8a, u8aConcat, u8aToHex } from '@polkadot/util';
import { blake2AsU8a, randomAsU8a } from '@polkadot/util-crypto';
import { check, connect, keyring, succeed } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const MANUFACTURER = 1;
const LOGISTICS = 2;
const HOSPITAL_A = 3;
const HOSPITAL_B = 4;
const MODEL = '00643169007222';
const CID = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';

const api = await connect(endpoint);
const keys = keyring();
const regulator = keys.addFromUri('//Alice');
const maker = keys.addFromUri('//Dave');
const adminA = keys.addFromUri('//Bob');
const adminB = keys.addFromUri('//Bob//stash');
const eve = keys.addFromUri('//Eve');
const lot = `LOT-PL-${Date.now()}`;
const tx = api.tx.traceability;

/** Each hospital's secret pseudonym key (in real life, in its vault). */
const pseudonymKeys = { [HOSPITAL_A]: randomAsU8a(32), [HOSPITAL_B]: randomAsU8a(32) };
/** A hospital's pseudonym of a patient for a device: keyed BLAKE2b-256 over the SCALE
 *  encoding of (account, device id as u64, nonce as u32), docs/privacy.md. */
const pseudonym = (hospital, patient, device, nonce = 0) =>
	u8aToHex(
		blake2AsU8a(
			u8aConcat(patient.publicKey, bnToU8a(device, { bitLength: 64 }), bnToU8a(nonce, { bitLength: 32 })),
			256,
			pseudonymKeys[hospital],
		),
	);
/** Every registered patient a hospital has (here: the demo's two). */
const patientsOf = { [HOSPITAL_A]: [keys.addFromUri('//Eve')], [HOSPITAL_B]: [keys.addFromUri('//Ferdie')] };

/** The data of the first event `section.method` among `events`. */
const eventData = (events, section, method) => {
	const found = events.find(({ event }) => event.section === section && event.method === method);
	check(found !== undefined, `${section}.${method} emitted`);
	return found.event.data;
};

/** A `medchain_*` JSON-RPC call (the interface a hospital's integration engine uses). */
const provider = new WsProvider(endpoint);
await provider.isReady;
const rpc = (method, params) => provider.send(method, params);

// 0. Polkadot.js Apps needs nothing but the metadata: every call, storage item, event and
//    error of both device pallets is described there, with its docs.
for (const pallet of ['traceability', 'deviceRegistry']) {
	const items = [
		...Object.values(api.tx[pallet]),
		...Object.values(api.query[pallet]),
		...Object.values(api.events[pallet]),
		...Object.values(api.errors[pallet]),
	];
	const undocumented = items.filter((item) => item.meta.docs.length === 0).map((item) => item.meta.name.toString());
	check(items.length > 0 && undocumented.length === 0, `${pallet}: ${items.length} calls, storage items, events and errors, each documented ${undocumented}`);
}

// 1. Hospitals A and B each order two leads of the model.
const [orderA, orderB] = await Promise.all(
	[adminA, adminB].map(async (admin) => {
		const { events } = await succeed(tx.placeOrder(MANUFACTURER, MODEL, 2, false), admin, 'a hospital orders two leads');
		return eventData(events, 'traceability', 'OrderPlaced').order.toNumber();
	}),
);

// 2. The manufacturer registers four leads of one lot, records the materials, and links the
//    leads to the two orders.
const leads = [];
for (const serial of ['PL-1', 'PL-2', 'PL-3', 'PL-4']) {
	const udi = { di: MODEL, serial, lot, manufacturedOn: 20261101, expiresOn: 20281101 };
	const profile = {
		deviceType: 'GMDN:47264',
		model: 'CAPSUREFIX-5076',
		version: '1',
		modality: null,
		profileCid: CID,
		profileHash: `0x${'05'.repeat(32)}`,
	};
	const { events } = await succeed(api.tx.deviceRegistry.registerDevice(udi, profile), maker, `lead ${serial} registered`);
	leads.push(eventData(events, 'deviceRegistry', 'DeviceRegistered').device.toNumber());
}
const materials = [{ di: '04035479112345', lot: 'SILICONE-LOT-9' }];
for (const [order, devices] of [[orderA, leads.slice(0, 2)], [orderB, leads.slice(2)]]) {
	await succeed(tx.recordMaterials(order, materials), maker, `materials recorded for order ${order}`);
	await succeed(tx.recordProduction(order, devices), maker, `leads ${devices} produced for order ${order}`);
}

// 3. The regulator approves both orders; the manufacturer ships them.
for (const order of [orderA, orderB]) {
	await succeed(tx.approveOrder(order, 'MDR-ART-52'), regulator, `order ${order} approved`);
	await succeed(tx.shipOrder(order, LOGISTICS), maker, `order ${order} shipped`);
}

// 4. Each hospital receives its leads and puts them in service; Bob (a doctor at Hospital A)
//    implants the first lead in Eve.
await Promise.all(
	[[adminA, orderA], [adminB, orderB]].map(async ([admin, order]) => {
		await succeed(tx.deliverOrder(order, 'GLN:0614141000012.CATHLAB'), admin, `order ${order} delivered`);
		await succeed(tx.installOrder(order), admin, `order ${order} in service`);
	}),
);
await succeed(
	tx.recordUse(leads[0], pseudonym(HOSPITAL_A, eve, leads[0]), 'Implant'),
	adminA,
	`lead ${leads[0]} implanted in Eve, under Hospital A's pseudonym`,
);

// 5. Eve's clinician files her adverse-event report an hour after she told him; the
//    regulator recalls the lot. Eve herself cannot sign one: her account would stand beside
//    the device and the outcome for good.
const now = (await api.query.timestamp.now()).toNumber();
const report = {
	eventCode: 'IMDRF:A050202',
	seriousness: 'Hospitalisation',
	outcomeCode: 'IMDRF:E0601',
	narrativeCid: CID,
	learnedAt: now - 3_600_000,
};
const refused = await api.tx.traceability.reportAdverseEvent(leads[0], report).signAsync(eve).then(
	(signed) => api.rpc.author.submitExtrinsic(signed).then(() => 'accepted', (e) => e.message),
	(e) => e.message,
);
check(refused !== 'accepted', `a patient cannot sign a report (${refused})`);
const reported = await succeed(tx.reportForPatient(leads[0], report), adminA, 'Bob files Eve’s report for her');
const event = eventData(reported.events, 'traceability', 'AdverseEventReported');
check(event.late.isFalse, 'the report is on time');
const recalled = await succeed(
	tx.issueRecall({ Lots: { di: MODEL, lots: [lot] } }, 'FSCA-LEAD-FRACTURE', event.event),
	regulator,
	`the regulator recalls ${lot}`,
);
const recall = eventData(recalled.events, 'traceability', 'RecallIssued');
check(recall.status.isConfirmed, 'a regulator’s recall is in force at once');

// 6. Who must act: the recall's scope, over JSON-RPC.
const scope = await rpc('medchain_recallScope', [recall.recall.toNumber()]);
check(
	JSON.stringify(scope.map((d) => d.device).sort()) === JSON.stringify([...leads].sort()),
	`the scope is exactly the four leads ${leads}`,
);
const custodians = [...new Set(scope.map((d) => d.custodian))].sort();
check(JSON.stringify(custodians) === JSON.stringify([HOSPITAL_A, HOSPITAL_B]), 'both hospitals hold leads');
const uses = scope.flatMap((d) => d.uses.map((u) => ({ device: d.device, ...u })));
check(uses.length === 1 && uses[0].hospital === HOSPITAL_A, 'one use to follow up, at Hospital A');
check(!JSON.stringify(scope).includes(eve.address), 'the scope names no patient');
// Each hospital resolves the pseudonyms of its own uses to its own patients.
const resolve = (hospital) =>
	uses
		.filter((u) => u.hospital === hospital)
		.flatMap((u) => patientsOf[hospital].filter((p) => pseudonym(hospital, p, u.device) === u.pseudonym))
		.map((p) => p.address);
check(JSON.stringify(resolve(HOSPITAL_A)) === JSON.stringify([eve.address]), 'Hospital A finds Eve');
check(resolve(HOSPITAL_B).length === 0, 'Hospital B has no patient to contact');
const elsewhere = uses.flatMap((u) =>
	[...patientsOf[HOSPITAL_A], ...patientsOf[HOSPITAL_B]].filter((p) => pseudonym(HOSPITAL_B, p, u.device) === u.pseudonym),
);
check(elsewhere.length === 0, 'without Hospital A’s key, the pseudonym leads to no one');
check(scope.every((d) => d.lifecycle === 'Recalled'), 'every lead reads as recalled');

const story = await rpc('medchain_trace', [leads[0]]);
check(story.order === orderA && story.recall === recall.recall.toNumber(), 'the lead’s trace names its order and recall');
check(story.links.some((l) => l.entry.usedOn?.usage === 'Implant' && l.org === HOSPITAL_A), 'the trace shows the implant');
check(!JSON.stringify(story).includes(eve.address), 'the trace names no patient');
const used = await rpc('medchain_deviceUses', [leads[0]]);
check(used.length === 1 && used[0].pseudonym === pseudonym(HOSPITAL_A, eve, leads[0]), 'the lead’s one use, by pseudonym');
const year = (await rpc('medchain_adverseEvent', [event.event.toNumber()])).year;
const stats = await rpc('medchain_adverseEventStats', [year]);
check(stats.some((row) => row.source === 'Patient' && row.reported >= 1), `patients' reports counted for ${year}`);

// The same through the runtime API, as Polkadot.js Apps reads it from the metadata.
const viaApi = await api.call.traceabilityApi.recallScope(recall.recall, null, 10);
check(viaApi.length === 4, 'the runtime API agrees');

await provider.disconnect();
await api.disconnect();
console.log('recall scenario: done');
