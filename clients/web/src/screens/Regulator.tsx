// The regulator's desk (S1): the adverse-event queue and its workflow, the orders whose
// devices await approval, and recalls: those awaiting an officer's approval, those in force,
// and a new one, from a report or from scratch.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { eventNumber, type Signing } from '../chain';
import { isProductionId, isReason, items, moment, reportSource, text, variant, words } from '../format';
import { Empty, Options, ReasonField, Show, Table, TxStatus, useLoad, useTx } from '../ui';
import type { Device } from './Devices';
import { RecallScope } from './RecallScope';

/** An adverse event as `TraceabilityApi` gives it (`toJSON()`). */
interface AdverseEvent {
	device: number;
	report: { eventCode: string; seriousness: unknown; outcomeCode: string; learnedAt: number };
	source: unknown;
	reportedAt: number;
	late: boolean;
	status: unknown;
}

/** The open steps of an investigation, and where each may go next. */
export const NEXT_STEP: Record<string, string | null> = {
	Reported: 'UnderInvestigation',
	UnderInvestigation: 'RootCauseFound',
	RootCauseFound: 'Closed',
};

interface Recall {
	scope: { lots?: { di: string; lots: string[] }; model?: { di: string; until: number } };
	reason: string;
	event: number | null;
	issuerOrg: number;
	issuedAt: number;
	status: unknown;
	approvals: [string, number][];
}

/** A recall's scope in words. */
export const scopeWords = (scope: Recall['scope']): string =>
	scope.lots
		? `lots ${scope.lots.lots.map(text).join(', ')} of model ${text(scope.lots.di)}`
		: scope.model
			? `model ${text(scope.model.di)}, registered up to ${moment(scope.model.until)}`
			: '';

export const Regulator = ({ api, signing }: { api: ApiPromise; signing: () => Promise<Signing> }) => {
	const [draft, setDraft] = useState<{ di: string; lots: string; event: string } | null>(null);
	const [round, setRound] = useState(0);
	const changed = () => setRound((r) => r + 1);
	return (
		<>
			<Queue api={api} signing={signing} round={round} changed={changed} recall={setDraft} />
			<Approvals api={api} signing={signing} round={round} changed={changed} />
			<Recalls api={api} signing={signing} round={round} changed={changed} />
			<IssueRecall key={JSON.stringify(draft)} api={api} signing={signing} draft={draft} changed={changed} />
		</>
	);
};

interface Props {
	api: ApiPromise;
	signing: () => Promise<Signing>;
	round: number;
	changed: () => void;
}

const Queue = ({ api, signing, round, changed, recall }: Props & { recall: (d: { di: string; lots: string; event: string }) => void }) => {
	const [status, setStatus] = useState('Reported');
	const [loaded] = useLoad(async () => {
		const found = (await api.call.traceabilityApi.adverseEventsByStatus(status, null, 100)).toJSON() as [number, AdverseEvent][];
		return found.sort(([a], [b]) => a - b);
	}, [api, status, round]);
	const [reason, setReason] = useState('TRIAGE');
	const [progress, busy, send] = useTx(api, signing, changed);
	const advance = (id: number, to: string) => send(api.tx.traceability.advanceInvestigation(id, to, reason));
	const fromReport = async (id: number, event: AdverseEvent) => {
		const device = (await api.call.deviceRegistryApi.device(event.device)).toJSON() as Device | null;
		if (device) recall({ di: text(device.udi.di), lots: text(device.udi.lot), event: String(id) });
	};
	return (
		<section aria-labelledby="queue-title">
			<h2 id="queue-title">Adverse-event queue</h2>
			<div className="filters">
				<label>
					Investigation status{' '}
					<select value={status} onChange={(e) => setStatus(e.target.value)}>
						<Options values={['Reported', 'UnderInvestigation', 'RootCauseFound', 'Closed', 'Rejected']} />
					</select>
				</label>
				<ReasonField label="Reason code for a decision" value={reason} set={setReason} />
			</div>
			<Show loaded={loaded} what="the reports">
				{(events) =>
					events.length === 0 ? (
						<Empty>No report is {words(status)}.</Empty>
					) : (
						<Table columns={['Report', 'Device', 'Problem', 'Seriousness', 'Source', 'Reported', 'Actions']} className="queue">
								{events.map(([id, e]) => {
									const next = NEXT_STEP[variant(e.status)];
									return (
										<tr key={id} data-testid={`report-${id}`}>
											<td>#{id}</td>
											<td>#{e.device}</td>
											<td>{text(e.report.eventCode)}</td>
											<td>{words(variant(e.report.seriousness))}</td>
											<td>{reportSource(e.source)}</td>
											<td>
												{moment(e.reportedAt)}
												{e.late && ' (late)'}
											</td>
											<td className="actions">
												{next && (
													<button type="button" disabled={busy || !isReason(reason)} onClick={() => advance(id, next)}>
														Move to {words(next)}
													</button>
												)}
												{next && (
													<button type="button" disabled={busy || !isReason(reason)} onClick={() => advance(id, 'Rejected')}>
														Reject
													</button>
												)}
												<button type="button" disabled={busy} onClick={() => fromReport(id, e)}>
													Recall its lot
												</button>
											</td>
										</tr>
									);
								})}
						</Table>
					)
				}
			</Show>
			<TxStatus progress={progress} />
		</section>
	);
};

/** An order as `TraceabilityApi` gives it (`toJSON()`). */
interface Order {
	hospital: number;
	manufacturer: number;
	di: string;
	quantity: number;
	custom: boolean;
	placedAt: number;
}

/** The orders whose devices are made and wait for the regulator: approve (they may ship) or
 * reject (the order ends), each with a reason code. */
const Approvals = ({ api, signing, round, changed }: Props) => {
	const [loaded] = useLoad(async () => {
		const produced = (await api.call.traceabilityApi.ordersByStatus('Produced', null, 100)).toJSON() as [number, Order][];
		const withDevices = await Promise.all(
			produced.map(async ([id, order]) => {
				const found = (await api.call.traceabilityApi.order(id)).toJSON() as [Order, number[]] | null;
				return { id, order, devices: found?.[1] ?? [] };
			}),
		);
		return withDevices.sort((a, b) => a.id - b.id);
	}, [api, round]);
	const [reason, setReason] = useState('');
	const [progress, busy, send] = useTx(api, signing, changed);
	const decide = (id: number, approve: boolean) =>
		send(approve ? api.tx.traceability.approveOrder(id, reason) : api.tx.traceability.rejectOrder(id, reason));
	return (
		<section aria-labelledby="approvals-title">
			<h2 id="approvals-title">Orders awaiting approval</h2>
			<div className="filters">
				<ReasonField label="Reason code for an approval or rejection" value={reason} set={setReason} placeholder="MDR-ART-52" />
			</div>
			<Show loaded={loaded} what="the orders">
				{(orders) =>
					orders.length === 0 ? (
						<Empty>No order awaits approval.</Empty>
					) : (
						<Table columns={['Order', 'Hospital', 'Manufacturer', 'Model', 'Devices made', 'Placed', 'Actions']} className="orders">
								{orders.map(({ id, order, devices }) => (
									<tr key={id} data-testid={`order-${id}`}>
										<td>#{id}</td>
										<td>organisation {order.hospital}</td>
										<td>organisation {order.manufacturer}</td>
										<td>
											{text(order.di)}
											{order.custom && ' (made to a patient’s parameters)'}
										</td>
										<td>
											{devices.length} of {order.quantity}: {devices.map((d) => `#${d}`).join(', ')}
										</td>
										<td>{moment(order.placedAt)}</td>
										<td className="actions">
											<button type="button" disabled={busy || !isReason(reason)} onClick={() => decide(id, true)}>
												Approve
											</button>
											<button type="button" disabled={busy || !isReason(reason)} onClick={() => decide(id, false)}>
												Reject
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
	);
};

const Recalls = ({ api, signing, round, changed }: Props) => {
	const [loaded] = useLoad(async () => {
		const list = async (status: string) =>
			((await api.call.traceabilityApi.recallsByStatus(status, null, 100)).toJSON() as [number, Recall][]).sort(([a], [b]) => a - b);
		return { pending: await list('Pending'), confirmed: await list('Confirmed') };
	}, [api, round]);
	const [progress, busy, send] = useTx(api, signing, changed);
	const [scope, setScope] = useState<number | null>(null);
	const approve = (id: number) => send(api.tx.traceability.confirmRecall(id));
	const table = (recalls: [number, Recall][], pending: boolean) => (
		<Table columns={['Recall', 'Scope', 'Reason', 'Report', 'Issued', 'Approvals', 'Actions']} className="recalls">
				{recalls.map(([id, r]) => (
					<tr key={id} data-testid={`recall-${id}`}>
						<td>#{id}</td>
						<td>{scopeWords(r.scope)}</td>
						<td>{text(r.reason)}</td>
						<td>{r.event == null ? '—' : `#${r.event}`}</td>
						<td>
							{moment(r.issuedAt)} by organisation {r.issuerOrg}
						</td>
						<td>{r.approvals.length}</td>
						<td className="actions">
							{pending && (
								<button type="button" disabled={busy} onClick={() => approve(id)}>
									Approve
								</button>
							)}
							<button type="button" className="link" onClick={() => setScope(scope === id ? null : id)} aria-label={`Who holds them: recall ${id}`}>
								Who holds them
							</button>
						</td>
					</tr>
				))}
		</Table>
	);
	return (
		<section aria-labelledby="recalls-title">
			<h2 id="recalls-title">Recalls</h2>
			<Show loaded={loaded} what="the recalls">
				{({ pending, confirmed }) => (
					<>
						<h3>Awaiting approval</h3>
						{pending.length === 0 ? <Empty>No recall awaits approval.</Empty> : table(pending, true)}
						<h3>In force</h3>
						{confirmed.length === 0 ? <Empty>No recall is in force.</Empty> : table(confirmed, false)}
						{scope !== null && <RecallScope api={api} recall={scope} />}
					</>
				)}
			</Show>
			<TxStatus progress={progress} />
		</section>
	);
};

const IssueRecall = ({ api, signing, draft, changed }: Omit<Props, 'round'> & { draft: { di: string; lots: string; event: string } | null }) => {
	const [di, setDi] = useState(draft?.di ?? '');
	const [lots, setLots] = useState(draft?.lots ?? '');
	const [reason, setReason] = useState('');
	const [event, setEvent] = useState(draft?.event ?? '');
	const [progress, busy, send] = useTx(api, signing, changed);
	const [issued, setIssued] = useState<number | null>(null);
	const lotList = items(lots);
	const problems = [
		!di && 'the model’s UDI-DI',
		(lotList.length === 0 || !lotList.every(isProductionId)) && 'one or more lots (1 to 20 characters each)',
		!isReason(reason) && 'a reason code (e.g. FSCA-2026-17)',
		event && !/^\d+$/.test(event) && 'a report number, or nothing',
	].filter(Boolean);
	const issue = async () => {
		const scope = { Lots: { di, lots: lotList } };
		const events = await send(api.tx.traceability.issueRecall(scope, reason, event ? Number(event) : null));
		if (events) setIssued(eventNumber(events, 'traceability', 'RecallIssued', 'recall') ?? null);
	};
	return (
		<section aria-labelledby="issue-title">
			<h2 id="issue-title">Issue a recall of lots</h2>
			<form
				onSubmit={(e) => {
					e.preventDefault();
					issue();
				}}
			>
				<label>
					Model (UDI-DI) <input value={di} onChange={(e) => setDi(e.target.value.trim())} />
				</label>
				<label>
					Lots (comma-separated) <input value={lots} onChange={(e) => setLots(e.target.value)} />
				</label>
				<label>
					Reason code <input value={reason} autoFocus={draft !== null} onChange={(e) => setReason(e.target.value.toUpperCase())} />
				</label>
				<label>
					Adverse-event report (optional) <input value={event} onChange={(e) => setEvent(e.target.value.trim())} inputMode="numeric" />
				</label>
				{problems.length > 0 && <p className="hint">Still needed: {problems.join('; ')}.</p>}
				<button type="submit" disabled={busy || problems.length > 0}>
					Issue the recall
				</button>
			</form>
			<TxStatus progress={progress} />
			{issued !== null && <p role="status">Recall #{issued} issued.</p>}
		</section>
	);
};
