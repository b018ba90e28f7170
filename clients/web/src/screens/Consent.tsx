// The patient's consent (S2, S4): who may open my records (grants with scope and expiry),
// grant and revoke, requests to approve or deny, the audit trail of every opening with
// break-glass openings highlighted, the break-glass accesses (flag one for review), and the
// history of every change.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { members } from '../identity';
import { entry, grantee, moment, scope, short, until, variant, words } from '../format';
import { Empty, Options, Show, Table, TxStatus, useLoad, useTx, type Sign, type Send } from '../ui';

/** The categories a record can be in (`RecordCategory`). */
export const CATEGORIES = [
	'Observation',
	'DiagnosticReport',
	'DocumentReference',
	'MedicationRequest',
	'ImagingStudy',
	'Condition',
	'Procedure',
	'AllergyIntolerance',
	'Immunization',
	'CarePlan',
];
/** Why access is given (`Purpose`). */
export const PURPOSES = ['Treatment', 'EmergencyTreatment', 'CareManagement', 'Payment', 'Operations', 'Research', 'PublicHealth'];

interface Grant {
	grantee: unknown;
	scope: unknown;
	access: string;
	purpose: string;
	validFrom: number;
	validUntil: number | null;
	grantedAt: number;
}

/** Grants, the form for a new one, and the requests waiting for the patient. */
export const Consent = ({ api, me, signing }: { api: ApiPromise; me: string; signing: Sign }) => {
	const [grants, reloadGrants] = useLoad(async () => (await api.call.accessControlApi.grantsOf(me)).toJSON() as [number, Grant, boolean][], [api, me]);
	const [requests, reloadRequests] = useLoad(
		async () => (await api.call.accessControlApi.requestsOf(me)).toJSON() as [number, Grant & { requester: string; requestedAt: number }][],
		[api, me],
	);
	const reload = () => {
		reloadGrants();
		reloadRequests();
	};
	const [progress, busy, send] = useTx(api, signing, reload);
	return (
		<>
			<section aria-labelledby="grants-title">
				<h2 id="grants-title">Who may open my records</h2>
				<Show loaded={grants} what="your grants">
					{(list) =>
						list.length === 0 ? (
							<Empty>Nobody but you: you have given no grant.</Empty>
						) : (
							<Table columns={['Grant', 'To', 'Covers', 'Access', 'Purpose', 'Until', 'In force', 'Actions']}>
									{list.map(([id, grant, inForce]) => (
										<tr key={id} data-testid={testId(grant.grantee)}>
											<td>{id}</td>
											<td>{grantee(grant.grantee)}</td>
											<td>{scope(grant.scope)}</td>
											<td>{words(variant(grant.access))}</td>
											<td>{words(variant(grant.purpose))}</td>
											<td>{until(grant.validUntil)}</td>
											<td>{inForce ? 'yes' : 'not now'}</td>
											<td>
												<button type="button" disabled={busy} onClick={() => send(api.tx.accessControl.revokeGrant(id))} aria-label={`Revoke grant ${id}`}>
													Revoke
												</button>
											</td>
										</tr>
									))}
							</Table>
						)
					}
				</Show>
				<TxStatus progress={progress} />
			</section>
			<GrantForm api={api} busy={busy} send={send} />
			<section aria-labelledby="requests-title">
				<h2 id="requests-title">Requests waiting for me</h2>
				<Show loaded={requests} what="the requests">
					{(list) =>
						list.length === 0 ? (
							<Empty>No request waits for you.</Empty>
						) : (
							<Table columns={['Request', 'From', 'For', 'Covers', 'Access', 'Purpose', 'Until', 'Actions']}>
									{list.map(([id, request]) => (
										<tr key={id}>
											<td>{id}</td>
											<td>{short(request.requester)}</td>
											<td>{grantee(request.grantee)}</td>
											<td>{scope(request.scope)}</td>
											<td>{words(variant(request.access))}</td>
											<td>{words(variant(request.purpose))}</td>
											<td>{until(request.validUntil)}</td>
											<td className="actions">
												<button type="button" disabled={busy} onClick={() => send(api.tx.accessControl.approveRequest(id))} aria-label={`Approve request ${id}`}>
													Approve
												</button>
												<button type="button" disabled={busy} onClick={() => send(api.tx.accessControl.denyRequest(id))} aria-label={`Deny request ${id}`}>
													Deny
												</button>
											</td>
										</tr>
									))}
							</Table>
						)
					}
				</Show>
			</section>
		</>
	);
};

/** What a grant and a request both say: the access, the purpose, and for how many days. */
export interface Terms {
	access: string;
	purpose: string;
	days: string;
}

/** Whether the typed number of days is one the form takes (empty: no end). */
export const daysValid = (days: string): boolean => days === '' || /^[1-9]\d{0,3}$/.test(days);

/** The end of `days` from the chain's now (ms), or none. */
export const endAfter = async (api: ApiPromise, days: string): Promise<number | null> =>
	days === '' ? null : Number((await api.query.timestamp.now()).toString()) + Number(days) * 86_400_000;

/** The access, purpose and duration fields of a grant or a request. */
export const TermsFields = ({ terms, set, daysLabel }: { terms: Terms; set: (t: Terms) => void; daysLabel: string }) => (
	<>
		<label>
			Access{' '}
			<select value={terms.access} onChange={(e) => set({ ...terms, access: e.target.value })}>
				<option value="Read">read</option>
				<option value="ReadWrite">read and add records</option>
			</select>
		</label>
		<label>
			Purpose{' '}
			<select value={terms.purpose} onChange={(e) => set({ ...terms, purpose: e.target.value })}>
				<Options values={PURPOSES} />
			</select>
		</label>
		<label>
			{daysLabel} <input value={terms.days} onChange={(e) => set({ ...terms, days: e.target.value })} inputMode="numeric" />
		</label>
	</>
);

/** A grant row's test id: `grant-to-4` for organisation 4, `grant-to-5Grw…` for a person. */
const testId = (to: unknown) => `grant-to-${Object.values(to as object)[0]}`;

/** A new grant: to a person or an organisation, all categories or some, for a while or until revoked. */
const GrantForm = ({ api, busy, send }: { api: ApiPromise; busy: boolean; send: Send }) => {
	const [organisations] = useLoad(() => members(api), [api]);
	const [kind, setKind] = useState<'Organisation' | 'Person'>('Organisation');
	const [org, setOrg] = useState('');
	const [person, setPerson] = useState('');
	const [terms, setTerms] = useState<Terms>({ access: 'Read', purpose: 'Treatment', days: '' });
	const [categories, setCategories] = useState<string[]>([]);
	const to = kind === 'Organisation' ? org : person.trim();
	const grant = () =>
		send(async () => {
			const who = kind === 'Organisation' ? { Organisation: Number(org) } : { Person: person.trim() };
			const covers = categories.length === 0 ? 'AllCategories' : { Categories: categories };
			return api.tx.accessControl.grantAccess(who, covers, terms.access, terms.purpose, null, await endAfter(api, terms.days));
		});
	return (
		<section aria-labelledby="grant-title">
			<h2 id="grant-title">Let someone open my records</h2>
			<form onSubmit={(e) => (e.preventDefault(), grant())}>
				<label>
					To{' '}
					<select value={kind} onChange={(e) => setKind(e.target.value as 'Organisation' | 'Person')}>
						<option value="Organisation">an organisation (all its clinicians)</option>
						<option value="Person">one person</option>
					</select>
				</label>
				{kind === 'Organisation' ? (
					<label>
						Organisation{' '}
						<select value={org} onChange={(e) => setOrg(e.target.value)}>
							<option value="">choose…</option>
							{organisations.state === 'done' &&
								organisations.value.map(([id, kind]) => (
									<option key={id} value={id}>
										{id}: {words(kind)}
									</option>
								))}
						</select>
					</label>
				) : (
					<label>
						Their account <input value={person} onChange={(e) => setPerson(e.target.value)} placeholder="5…" />
					</label>
				)}
				<label>
					Categories (none chosen: all){' '}
					<select multiple value={categories} onChange={(e) => setCategories([...e.target.selectedOptions].map((o) => o.value))}>
						<Options values={CATEGORIES} />
					</select>
				</label>
				<TermsFields terms={terms} set={setTerms} daysLabel="For how many days (empty: until I revoke it)" />
				<button type="submit" disabled={busy || !to || !daysValid(terms.days)}>
					Grant
				</button>
			</form>
		</section>
	);
};

interface AuditEntry {
	reader: string;
	org: number | null;
	record: number;
	basis: unknown;
	at: number;
	reportedBy: string;
}

interface BreakGlass {
	accessor: string;
	org: number;
	reason: string;
	startedAt: number;
	expiresAt: number;
	review: unknown;
}

const PAGE = 100;

/** The newest page of an index-paged list (the audit trail, the consent history) that has
 * `length` entries, newest first. */
const newest = async <T,>(length: Promise<{ toString: () => string }>, read: (start: number) => Promise<{ toJSON: () => unknown }>): Promise<[number, T][]> => {
	const start = Math.max(0, Number((await length).toString()) - PAGE);
	return ((await read(start)).toJSON() as [number, T][]).reverse();
};

/** Every opening of my records (newest first), the break-glass accesses, and the history. */
export const Trail = ({ api, me, signing }: { api: ApiPromise; me: string; signing: Sign }) => {
	const [trail] = useLoad(() => newest<AuditEntry>(api.query.accessControl.auditLength(me), (s) => api.call.accessControlApi.auditTrail(me, s, PAGE)), [api, me]);
	const [glass, reloadGlass] = useLoad(async () => (await api.call.accessControlApi.breakGlassOf(me, null, PAGE)).toJSON() as [number, BreakGlass, boolean][], [api, me]);
	const [history, reloadHistory] = useLoad(
		() => newest<{ change: unknown; by: string; at: number }>(api.query.accessControl.consentHistoryLength(me), (s) => api.call.accessControlApi.consentHistory(me, s, PAGE)),
		[api, me],
	);
	const [progress, busy, send] = useTx(api, signing, () => {
		reloadGlass();
		reloadHistory();
	});
	return (
		<>
			<section aria-labelledby="trail-title">
				<h2 id="trail-title">Who opened my records</h2>
				<p className="hint">The latest {PAGE} openings, newest first; emergency openings are highlighted.</p>
				<Show loaded={trail} what="your audit trail">
					{(list) =>
						list.length === 0 ? (
							<Empty>Nobody has opened your records.</Empty>
						) : (
							<Table columns={['When', 'Who', 'Organisation', 'Record', 'Allowed by', 'Reported by']} testId="audit-trail">
									{list.map(([index, e]) => {
										const glassed = variant(e.basis) === 'BreakGlass';
										return (
											<tr key={index} className={glassed ? 'attention' : undefined}>
												<td>{moment(e.at)}</td>
												<td>{short(e.reader)}</td>
												<td>{e.org ?? ''}</td>
												<td>{e.record}</td>
												<td>{glassed ? <strong>{entry(e.basis)} (emergency)</strong> : entry(e.basis)}</td>
												<td>{short(e.reportedBy)}</td>
											</tr>
										);
									})}
							</Table>
						)
					}
				</Show>
			</section>
			<section aria-labelledby="glass-title">
				<h2 id="glass-title">Emergency (break-glass) accesses</h2>
				<Show loaded={glass} what="the break-glass accesses">
					{(list) =>
						list.length === 0 ? (
							<Empty>No one has broken the glass on your records.</Empty>
						) : (
							<Table columns={['Access', 'Who', 'Organisation', 'Why', 'From', 'Until', 'Review', 'Actions']}>
									{list.map(([id, g]) => (
										<tr key={id} className="attention">
											<td>{id}</td>
											<td>{short(g.accessor)}</td>
											<td>{g.org}</td>
											<td>{words(variant(g.reason))}</td>
											<td>{moment(g.startedAt)}</td>
											<td>{moment(g.expiresAt)}</td>
											<td>{entry(g.review)}</td>
											<td>
												{variant(g.review) !== 'Flagged' && (
													<button type="button" disabled={busy} onClick={() => send(api.tx.accessControl.flagBreakGlass(id))} aria-label={`Flag for review: access ${id}`}>
														Flag for review
													</button>
												)}
											</td>
										</tr>
									))}
							</Table>
						)
					}
				</Show>
				<TxStatus progress={progress} />
			</section>
			<section aria-labelledby="history-title">
				<h2 id="history-title">Consent history</h2>
				<Show loaded={history} what="your consent history">
					{(list) =>
						list.length === 0 ? (
							<Empty>No change yet.</Empty>
						) : (
							<Table columns={['When', 'What', 'By']}>
									{list.map(([index, e]) => (
										<tr key={index}>
											<td>{moment(e.at)}</td>
											<td>{entry(e.change)}</td>
											<td>{e.by === me ? 'you' : short(e.by)}</td>
										</tr>
									))}
							</Table>
						)
					}
				</Show>
			</section>
		</>
	);
};
