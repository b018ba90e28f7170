// Seeds S2–S4 on a running development node, step by step, with a generic client
// (@polkadot/api, no medchain type definitions) and medchain's record format (records.mjs:
// AES-256-GCM content, its key sealed to each reader's X25519 key with HPKE, CIDv1 names). The
// ciphertext is kept here in memory, as a store would keep it; the chain keeps only the CIDv1,
// the hash and the envelopes.
//
// Usage: node records-scenario.mjs ws://127.0.0.1:9944   (docs/records-and-consent.md)

import { check, connect, keyring, submit, succeed } from './lib.mjs';
import * as records from './records.mjs';

const endpoint = process.argv[2] ?? 'ws://127.0.0.1:9944';
const HOSPITAL_A = 3;
const HOSPITAL_B = 4;

/** Bytes as a hex string: how @polkadot/api takes raw bytes for a `Bytes` argument. */
const hex = (bytes) => `0x${Buffer.from(bytes).toString('hex')}`;

// ---- the scenario ----

const api = await connect(endpoint);
const accounts = keyring();
const doctorA = accounts.addFromUri('//Bob'); // Hospital A: Admin, Doctor
const doctorB = accounts.addFromUri('//Bob//stash'); // Hospital B: Admin, Doctor
const storeA = accounts.addFromUri('//One'); // Hospital A: RecordStore (its store's service account)
const patient = accounts.addFromUri(`//medchain-patient-${Date.now()}`);
const keys = new Map(await Promise.all([doctorA, doctorB, patient].map(async (a) => [a.address, await records.recordKey()])));
const canAccess = async (who, record) =>
	(await api.call.accessControlApi.canAccess(who.address, record)).isTrue;

console.log(`patient ${patient.address} (a fresh key: pseudonymous, no balance)`);
await succeed(api.tx.consortium.registerPatient(patient.address), doctorA, '1. Hospital A registers the patient');
await succeed(
	api.tx.accessControl.grantAccess({ Organisation: HOSPITAL_A }, 'AllCategories', 'ReadWrite', 'Treatment', null, null),
	patient,
	'2. the patient lets Hospital A read and write their records',
);
for (const account of [patient, doctorA, doctorB]) {
	await succeed(api.tx.emrPointers.registerEncryptionKey(keys.get(account.address).raw), account, `   ${account.address.slice(0, 8)}… registers an X25519 key`);
}

// The doctor encrypts an observation, "stores" the ciphertext, anchors its pointer.
const plaintext = new TextEncoder().encode(JSON.stringify({ resourceType: 'Observation', code: '8867-4', value: 72 }));
const { bytes: ciphertext, key: contentKey } = await records.encrypt(plaintext);
const contentHash = await records.contentHash(ciphertext);
const cid = await records.cid(ciphertext);
const seal = async (reader) => hex(await records.sealTo(contentKey, keys.get(reader.address).raw, contentHash));
const envelopes = await Promise.all([patient, doctorA].map(async (a) => [a.address, await seal(a)]));
const anchored = await succeed(
	api.tx.emrPointers.addRecord(patient.address, 'Observation', cid, contentHash, HOSPITAL_A, envelopes),
	doctorA,
	`3. Hospital A's doctor anchors an observation: ${cid}`,
);
const record = anchored.events.find((e) => api.events.emrPointers.RecordAnchored.is(e.event)).event.data.record.toNumber();
const verified = await api.call.emrApi.verifyRecord(record, contentHash);
check(verified.isCurrent, `   the tamper check: the stored copy is the current version of record ${record}`);

const now = (await api.query.timestamp.now()).toNumber();
await succeed(
	api.tx.accessControl.grantAccess({ Organisation: HOSPITAL_B }, 'AllCategories', 'Read', 'Treatment', null, now + 3_600_000),
	patient,
	'4. the patient grants Hospital B read access for one hour',
);
check(await canAccess(doctorB, record), "   Hospital B's doctor may open the record");
// The patient seals the content key to hospital B's doctor, who opens and decrypts it.
await succeed(api.tx.emrPointers.addEnvelopes(record, [[doctorB.address, await seal(doctorB)]]), patient, '   the patient seals the key to that doctor');
await succeed(api.tx.accessControl.recordAccess(record), doctorB, "5. Hospital B's doctor opens the record (audited)");
const envelope = (await api.query.emrPointers.keyEnvelopes(record, doctorB.address)).unwrap();
const key = await records.open(envelope.toU8a(true), keys.get(doctorB.address), contentHash);
const read = Buffer.from(await records.decrypt(ciphertext, key));
check(read.equals(plaintext), `   and decrypts it: ${read}`);

const grants = await api.call.accessControlApi.grantsOf(patient.address);
const grantB = grants.find(([, grant]) => grant.grantee.isOrganisation && grant.grantee.asOrganisation.toNumber() === HOSPITAL_B)[0];
await succeed(api.tx.accessControl.revokeGrant(grantB), patient, '6. the patient revokes the grant');
check(!(await canAccess(doctorB, record)), "   Hospital B's doctor may no longer open it");
const refused = await submit(api.tx.accessControl.recordAccess(record), doctorB);
check(refused.error === 'accessControl.NotAuthorised', `   an opening is refused: ${refused.error}`);
await succeed(api.tx.emrPointers.removeEnvelope(record, doctorB.address), doctorA, "   anyone prunes the revoked reader's key envelope");

await succeed(api.tx.accessControl.breakGlass(patient.address, 'PatientUnableToConsent'), doctorB, "7. an emergency: Hospital B's doctor breaks the glass");
await succeed(api.tx.accessControl.recordAccess(record), doctorB, '   and opens the record (audited)');
const glass = await api.call.accessControlApi.breakGlassOf(patient.address, null, 100);
check(glass.length === 1, `   the patient sees it: ${glass[0][1].reason.toString()}, until ${new Date(glass[0][1].expiresAt.toNumber()).toISOString()}`);
const glassId = glass[0][0].toNumber();
const reviews = await api.call.accessControlApi.openReviews(HOSPITAL_B, null, 10);
check(reviews.length === 1, "   it waits in Hospital B's review queue");

// A record store audits a read it served only with the reader's signature over the request:
// SCALE of the domain tag (as bytes), the genesis hash, and the request.
const head = (await api.rpc.chain.getHeader()).number.toNumber();
const request = { record, store: HOSPITAL_A, nonce: Date.now(), validUntil: head + 8 };
const message = Buffer.concat([
	api.createType('Text', 'medchain/read-request/v1').toU8a(),
	api.genesisHash.toU8a(),
	api.createType('(u64, u32, u64, u32)', [request.record, request.store, request.nonce, request.validUntil]).toU8a(),
]);
await succeed(
	api.tx.accessControl.recordAccessFor(doctorB.address, request, { Sr25519: doctorB.sign(message) }),
	storeA,
	"8. Hospital A's record store serves the doctor and audits it with the doctor's signature",
);
const trail = await api.call.accessControlApi.auditTrail(patient.address, 0, 100);
check(
	trail.length === 3 && trail[2][1].reportedBy.toString() === storeA.address,
	`   the audit trail: ${trail.map(([, e]) => `${e.reader.toString().slice(0, 8)}… (${e.basis.toString()}, by ${e.reportedBy.toString().slice(0, 8)}…)`).join(', ')}`,
);
await succeed(api.tx.accessControl.flagBreakGlass(glassId), patient, '9. the patient flags the break-glass for review');
check((await api.call.accessControlApi.flaggedReviews(HOSPITAL_A, null, 10)).length === 1, '   it waits for Hospital A, which registered the patient');
await succeed(api.tx.accessControl.closeReview(glassId, 'Justified'), doctorA, "   Hospital A's admin reviews it");

const erased = await succeed(api.tx.emrPointers.eraseRecord(record), patient, '10. the patient erases the record');
const receipt = erased.events.find((e) => api.events.emrPointers.RecordErased.is(e.event)).event.data;
check(
	Buffer.from(receipt.contentHash.toU8a()).equals(contentHash),
	`   receipt: record ${receipt.record}, ${receipt.envelopesRemoved} key envelopes deleted; the store deletes ${cid}`,
);
check((await api.call.emrApi.verifyRecord(record, contentHash)).isErased, '   the tamper check reports it erased');
check(!(await canAccess(patient, record)), '   nobody can open it any more');

await api.disconnect();
console.log('scenario complete');
