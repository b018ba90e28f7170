// The clinician's desk (doctor, nurse, laboratory, pharmacy; S2–S4): look up a patient, the
// records I may open, add a record (encrypted here, stored in my organisation's vault,
// anchored), ask the patient for access, and break the glass in an emergency.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { addRecord } from '../emr';
import { isAddress } from '../format';
import { identify } from '../identity';
import type { KeyState } from '../keys';
import { ErrorNote, Options, Show, TxStatus, useLoad, useTx, type Loaded, type Sign } from '../ui';
import { CATEGORIES, daysValid, endAfter, TermsFields, type Terms } from './Consent';
import { RecordList } from './Records';

/** Why one may break the glass (`EmergencyReason`). */
const EMERGENCIES = ['PatientUnableToConsent', 'LifeThreatening', 'UrgentTreatment', 'PublicHealthEmergency'];

export const Clinician = ({ api, me, org, signing, keyLoaded }: { api: ApiPromise; me: string; org: number; signing: Sign; keyLoaded: Loaded<KeyState> }) => {
	const [typed, setTyped] = useState('');
	const [patient, setPatient] = useState<string | null>(null);
	return (
		<>
			<section aria-labelledby="lookup-title">
				<h2 id="lookup-title">Look up a patient</h2>
				<form onSubmit={(e) => (e.preventDefault(), setPatient(typed.trim()))}>
					<label>
						The patient’s account <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="5…" />
					</label>
					<button type="submit" disabled={!isAddress(typed)}>
						Look up
					</button>
				</form>
				{typed.trim() !== '' && !isAddress(typed) && <ErrorNote>That is not an account address.</ErrorNote>}
			</section>
			{patient && <PatientFile key={patient} api={api} me={me} org={org} signing={signing} keyLoaded={keyLoaded} patient={patient} />}
		</>
	);
};

const PatientFile = ({ api, me, org, signing, keyLoaded, patient }: { api: ApiPromise; me: string; org: number; signing: Sign; keyLoaded: Loaded<KeyState>; patient: string }) => {
	const [who] = useLoad(() => identify(api, patient), [api, patient]);
	const [round, setRound] = useState(0);
	return (
		<Show loaded={who} what="the patient">
			{(identity) =>
				identity.kind !== 'patient' ? (
					<ErrorNote>This account is not a registered patient.</ErrorNote>
				) : (
					<>
						<p className="identity" data-testid="patient">
							Patient {patient}, registered by organisation {identity.registeredBy}
						</p>
						<RecordList key={round} api={api} me={me} signing={signing} patient={patient} keyLoaded={keyLoaded} sharing={false} title="Records I may open" />
						<AddRecord api={api} me={me} org={org} signing={signing} keyLoaded={keyLoaded} patient={patient} added={() => setRound(round + 1)} />
						<AskAccess api={api} signing={signing} patient={patient} changed={() => setRound(round + 1)} />
					</>
				)
			}
		</Show>
	);
};

/** A new record for the patient: encrypted in this browser, stored in my organisation's
 * vault, anchored on chain with its key sealed to the patient and to me. */
const AddRecord = ({
	api,
	me,
	org,
	signing,
	keyLoaded,
	patient,
	added,
}: {
	api: ApiPromise;
	me: string;
	org: number;
	signing: Sign;
	keyLoaded: Loaded<KeyState>;
	patient: string;
	added: () => void;
}) => {
	const [category, setCategory] = useState('Observation');
	const [content, setContent] = useState('');
	const [progress, busy, send] = useTx(api, signing, added);
	const key = keyLoaded.state === 'done' && keyLoaded.value.state === 'ready' ? keyLoaded.value.key : null;
	const add = async () => {
		if (key && (await send(async () => addRecord(api, me, await signing(), key, patient, category, org, content)))) setContent('');
	};
	return (
		<section aria-labelledby="add-title">
			<h2 id="add-title">Add a record</h2>
			{!key && <p className="hint">Adding a record needs your record key, in this browser and registered (see “My encryption key”).</p>}
			<form onSubmit={(e) => (e.preventDefault(), add())}>
				<label>
					Category{' '}
					<select value={category} onChange={(e) => setCategory(e.target.value)}>
						<Options values={CATEGORIES} />
					</select>
				</label>
				<label className="wide">
					Content (a FHIR resource as JSON, or text) <textarea rows={5} value={content} onChange={(e) => setContent(e.target.value)} />
				</label>
				<button type="submit" disabled={!key || busy || content.trim() === ''}>
					Encrypt, store and anchor
				</button>
			</form>
			<TxStatus progress={progress} />
		</section>
	);
};

/** Ask the patient for access (for me, or for my whole organisation); break the glass in an emergency. */
const AskAccess = ({ api, signing, patient, changed }: { api: ApiPromise; signing: Sign; patient: string; changed: () => void }) => {
	const [forOrg, setForOrg] = useState(false);
	const [terms, setTerms] = useState<Terms>({ access: 'Read', purpose: 'Treatment', days: '30' });
	const [reason, setReason] = useState('PatientUnableToConsent');
	const [progress, busy, send] = useTx(api, signing, changed);
	const ask = () => send(async () => api.tx.accessControl.requestAccess(patient, forOrg, 'AllCategories', terms.access, terms.purpose, await endAfter(api, terms.days)));
	return (
		<section aria-labelledby="ask-title">
			<h2 id="ask-title">Ask for access</h2>
			<form onSubmit={(e) => (e.preventDefault(), ask())}>
				<label>
					For{' '}
					<select value={forOrg ? 'org' : 'me'} onChange={(e) => setForOrg(e.target.value === 'org')}>
						<option value="me">me</option>
						<option value="org">my organisation</option>
					</select>
				</label>
				<TermsFields terms={terms} set={setTerms} daysLabel="For how many days (empty: until revoked)" />
				<button type="submit" disabled={busy || !daysValid(terms.days)}>
					Ask the patient
				</button>
			</form>
			<h3>Emergency</h3>
			<p className="hint">Breaking the glass opens the patient’s records for a short while without consent. The patient sees it, and your organisation reviews it.</p>
			<form onSubmit={(e) => (e.preventDefault(), send(api.tx.accessControl.breakGlass(patient, reason)))}>
				<label>
					Reason{' '}
					<select value={reason} onChange={(e) => setReason(e.target.value)}>
						<Options values={EMERGENCIES} />
					</select>
				</label>
				<button type="submit" className="danger" disabled={busy}>
					Break the glass
				</button>
			</form>
			<TxStatus progress={progress} />
		</section>
	);
};
