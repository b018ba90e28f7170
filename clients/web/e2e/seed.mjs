// What the browser flows start from, written straight to the development node with
// @polkadot/api (the flows themselves go through the UI only): Hospital A orders two leads;
// the manufacturer makes them (one lot), the regulator approves the order, it is shipped,
// delivered and put in service at Hospital A; Hospital A reports an adverse event on the first.
// Hospital B's order of one more lead is made and waits for the regulator's approval. It also
// names the accounts the record flows look up (Eve, a patient of Hospital A; Hospital B's doctor).

import { ApiPromise, WsProvider } from '@polkadot/api';
import { Keyring } from '@polkadot/keyring';

const MODEL = '00643169007222';
const LOT = 'LOT-WEB-1';
const SERIALS = ['WEB-SN-1', 'WEB-SN-2'];
const CID = 'bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy';
const [MANUFACTURER, LOGISTICS] = [1, 2];

/** Submits `tx` signed by `signer`; resolves with its events once in a block, rejects with
 * the pallet's error name if it failed. */
const submit = (api, tx, signer, what) =>
	new Promise((resolve, reject) => {
		tx.signAndSend(signer, ({ status, events, dispatchError }) => {
			if (!status.isInBlock) return;
			if (dispatchError) {
				const why = dispatchError.isModule ? api.registry.findMetaError(dispatchError.asModule) : null;
				reject(new Error(`seed: ${what} failed: ${why ? `${why.section}.${why.name}` : dispatchError.toString()}`));
			} else resolve(events);
		}).catch(reject);
	});

/** The field `field` of the first `section.method` event, as a number. */
const field = (events, section, method, name) => {
	const { event } = events.find(({ event }) => event.section === section && event.method === method);
	return event.data[event.meta.fields.findIndex((f) => f.name.toString() === name)].toNumber();
};

/** Seeds the node at `url`; gives the devices, their serials and lot, and the report's id. */
export const seed = async (url) => {
	const api = await ApiPromise.create({ provider: new WsProvider(url), throwOnConnect: true, noInitWarn: true });
	const keyring = new Keyring({ type: 'sr25519', ss58Format: 42 });
	const [regulator, maker, hospital] = ['//Alice', '//Dave', '//Bob'].map((uri) => keyring.addFromUri(uri));
	const tx = api.tx.traceability;
	const placed = await submit(api, tx.placeOrder(MANUFACTURER, MODEL, 2, false), hospital, 'the order');
	const order = field(placed, 'traceability', 'OrderPlaced', 'order');
	const devices = [];
	for (const serial of SERIALS) {
		const udi = { di: MODEL, serial, lot: LOT, manufacturedOn: 20261101, expiresOn: 20281101 };
		const profile = { deviceType: 'GMDN:47264', model: '5076-52', version: '2.1', modality: null, profileCid: CID, profileHash: `0x${'07'.repeat(32)}` };
		const registered = await submit(api, api.tx.deviceRegistry.registerDevice(udi, profile), maker, `lead ${serial}`);
		devices.push(field(registered, 'deviceRegistry', 'DeviceRegistered', 'device'));
	}
	await submit(api, tx.recordMaterials(order, [{ di: '04035479112345', lot: 'SILICONE-LOT-9' }]), maker, 'the materials');
	await submit(api, tx.recordProduction(order, devices), maker, 'the production');
	await submit(api, tx.approveOrder(order, 'MDR-ART-52'), regulator, 'the approval');
	await submit(api, tx.shipOrder(order, LOGISTICS), maker, 'the shipment');
	await submit(api, tx.deliverOrder(order, 'GLN:0614141000012.CATHLAB'), hospital, 'the delivery');
	await submit(api, tx.installOrder(order), hospital, 'the installation');
	const now = (await api.query.timestamp.now()).toNumber();
	const report = { eventCode: 'IMDRF:A050202', seriousness: 'Hospitalisation', outcomeCode: 'IMDRF:E0601', narrativeCid: CID, learnedAt: now - 3_600_000 };
	const reported = await submit(api, tx.reportAdverseEvent(devices[0], report), hospital, 'the report');
	const event = field(reported, 'traceability', 'AdverseEventReported', 'event');
	// Hospital B's order of one lead: made, waiting for the regulator's approval.
	const otherHospital = keyring.addFromUri('//Bob//stash');
	const other = field(await submit(api, tx.placeOrder(MANUFACTURER, MODEL, 1, false), otherHospital, 'the second order'), 'traceability', 'OrderPlaced', 'order');
	const udi = { di: MODEL, serial: 'WEB-SN-3', lot: 'LOT-WEB-2', manufacturedOn: 20261101, expiresOn: 20281101 };
	const profile = { deviceType: 'GMDN:47264', model: '5076-52', version: '2.1', modality: null, profileCid: CID, profileHash: `0x${'07'.repeat(32)}` };
	const made = field(await submit(api, api.tx.deviceRegistry.registerDevice(udi, profile), maker, 'lead WEB-SN-3'), 'deviceRegistry', 'DeviceRegistered', 'device');
	await submit(api, tx.recordMaterials(other, [{ di: '04035479112345', lot: 'SILICONE-LOT-9' }]), maker, 'the second order’s materials');
	await submit(api, tx.recordProduction(other, [made]), maker, 'the second order’s production');
	await api.disconnect();
	const [eve, doctorB] = ['//Eve', '//Bob//stash'].map((uri) => keyring.addFromUri(uri).address);
	return { devices, serials: SERIALS, lot: LOT, report: event, awaiting: other, eve, doctorB };
};
