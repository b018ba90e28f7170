// A generic client against a running medchain development node: @polkadot/api with no
// medchain type bundle, exactly as Polkadot.js Apps uses it. Usage: node check.mjs ws://…
//
// It checks that the consortium pallet's calls, storage, errors and docs come from the
// metadata alone; that the fee estimate answers zero; that the client signs medchain
// transactions although it does not know the CheckMembership extension; that the gate
// refuses an unregistered key with "Custom error: 1"; and that a staff member's transaction
// and a newly registered patient's are included. Exits non-zero on the first failure.

import { check, connect, fail, keyring as makeKeyring, submit as submitTx } from './lib.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
// Resolves when `tx` is in a block: the dispatch error's name, or null on success.
const submit = async (tx, signer) => (await submitTx(tx, signer)).error;

const api = await connect(endpoint);
const keyring = makeKeyring();
const [bob, charlie] = ['//Bob', '//Charlie'].map((uri) => keyring.addFromUri(uri));

// ---- metadata alone describes the pallet ----
const calls = Object.keys(api.tx.consortium);
for (const call of ['admitOrganisation', 'addStaff', 'registerPatient', 'suspendOrganisation']) {
	check(calls.includes(call), `consortium.${call} is in the metadata`);
}
const docs = api.tx.consortium.registerPatient.meta.docs.map(String).join(' ');
check(/hospital/i.test(docs), `registerPatient carries its docs: "${docs.slice(0, 60)}…"`);
check(api.errors.consortium.RoleNotAllowed.meta.docs.length > 0, 'errors carry docs');
const organisation = await api.query.consortium.organisations(3);
check(organisation.isSome && organisation.unwrap().kind.isHospital, 'storage decodes: org 3 is a hospital');
check(
	api.registry.signedExtensions.includes('CheckMembership'),
	'the metadata lists the CheckMembership extension',
);
const role = await api.call.consortiumApi.roleOf(charlie.address);
check(role.isSome, 'the ConsortiumApi runtime API answers from metadata alone');

// ---- feeless, yet the fee estimate answers ----
const remark = api.tx.system.remark('from @polkadot/api');
const info = await remark.paymentInfo(charlie);
check(info.partialFee.isZero(), `the fee estimate is ${info.partialFee.toString()}`);

// ---- signing and the gate ----
check((await submit(remark, charlie)) === null, 'a remark signed by staff (Charlie) is included');
const stranger = keyring.addFromUri(`//medchain-check-${Date.now()}`);
try {
	await api.tx.system.remark('let me in').signAndSend(stranger, { nonce: 0 });
	fail('the gate admitted an unregistered key');
} catch (error) {
	check(
		/1010/.test(error.message) && /Custom error: 1/.test(error.message),
		`an unregistered key is refused: ${error.message}`,
	);
}
check(
	(await submit(api.tx.consortium.registerPatient(stranger.address), bob)) === null,
	'a hospital admin (Bob) registers the key as a patient',
);
try {
	await api.tx.system.remark('a patient has no remarks').signAndSend(stranger);
	fail('the gate let a patient remark');
} catch (error) {
	check(
		/1010/.test(error.message) && /Custom error: 3/.test(error.message),
		`a call the table does not give patients is refused: ${error.message}`,
	);
}
check(
	(await submit(api.tx.emrPointers.registerEncryptionKey(new Uint8Array(32).fill(7)), stranger)) ===
		null,
	'the new patient transacts without a balance (registers its encryption key)',
);
check(
	(await submit(api.tx.consortium.registerPatient(stranger.address), bob)) ===
		'consortium.AlreadyRegistered',
	'registering it twice fails with consortium.AlreadyRegistered',
);

await api.disconnect();
console.log('all checks passed');
