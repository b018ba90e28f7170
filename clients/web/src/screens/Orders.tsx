// Orders and their stages (S1): a hospital places an order, the manufacturer records the
// materials and the devices it made, the regulator approves (Regulator.tsx), the manufacturer
// hands them to a carrier, the hospital receives and installs them. Each organisation sees the
// orders it placed or makes; a carrier, those it carries.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { entry, items, moment, short, text, variant, words } from '../format';
import { members, type Organisation } from '../identity';
import { Empty, ErrorNote, Show, Table, TxStatus, useLoad, useTx, type Sign, type Send } from '../ui';

/** An order as `TraceabilityApi` gives it (`toJSON()`). */
export interface Order {
	hospital: number;
	manufacturer: number;
	di: string;
	quantity: number;
	custom: boolean;
	status: unknown;
	placedAt: number;
}

const PAGE = 100;

/** What `kind` of member does next to an order at `status`, if anything: the buttons and
 * forms the order's page offers it. */
export const nextStep = (kind: string, status: string): 'materials' | 'production' | 'ship' | 'receive' | 'install' | null => {
	if (kind === 'Manufacturer') {
		if (status === 'Placed' || status === 'ParametersSet') return 'materials';
		if (status === 'MaterialsRecorded') return 'production';
		if (status === 'Approved') return 'ship';
	}
	if (kind === 'Hospital') {
		if (status === 'Shipped') return 'receive';
		if (status === 'Delivered') return 'install';
	}
	return null;
};

/** Materials as typed, one per line: `UDI-DI` or `UDI-DI lot`. */
export const materials = (typed: string): { di: string; lot: string | null }[] =>
	typed
		.split('\n')
		.map((line) => line.trim().split(/\s+/))
		.filter(([di]) => di)
		.map(([di, lot]) => ({ di, lot: lot ?? null }));

export const Orders = ({ api, org, signing }: { api: ApiPromise; org: Organisation; signing: Sign }) => {
	const [open, setOpen] = useState<number | null>(null);
	const [loaded, reload] = useLoad(async () => {
		if (org.kind !== 'Logistics') return (await api.call.traceabilityApi.ordersOf(org.id, null, PAGE)).toJSON() as [number, Order][];
		// A carrier's: the shipped orders whose hand-over names it.
		const shipped = (await api.call.traceabilityApi.ordersByStatus('Shipped', null, PAGE)).toJSON() as [number, Order][];
		const carried = await Promise.all(shipped.map(async ([id]) => (await carrierOf(api, id)) === org.id));
		return shipped.filter((_, i) => carried[i]);
	}, [api, org.id]);
	if (open !== null) return <OrderPage api={api} org={org} signing={signing} id={open} back={() => (setOpen(null), reload())} />;
	return (
		<>
			<section aria-labelledby="orders-title">
				<h2 id="orders-title">{org.kind === 'Logistics' ? 'Orders we carry' : 'Our orders'}</h2>
				<Show loaded={loaded} what="the orders">
					{(orders) =>
						orders.length === 0 ? (
							<Empty>No order.</Empty>
						) : (
							<Table columns={['Order', 'Hospital', 'Manufacturer', 'Model (UDI-DI)', 'Quantity', 'Stage', 'Placed']}>
									{orders.map(([id, o]) => (
										<tr key={id} data-testid={`order-row-${id}`}>
											<td>
												<button type="button" className="link" onClick={() => setOpen(id)}>
													#{id}
												</button>
											</td>
											<td>{o.hospital}</td>
											<td>{o.manufacturer}</td>
											<td>{text(o.di)}</td>
											<td>
												{o.quantity}
												{o.custom ? ' (custom)' : ''}
											</td>
											<td>{words(variant(o.status))}</td>
											<td>{moment(o.placedAt)}</td>
										</tr>
									))}
							</Table>
						)
					}
				</Show>
			</section>
			{org.kind === 'Hospital' && <PlaceOrder api={api} signing={signing} placed={reload} />}
		</>
	);
};

/** The carrier an order was handed to, from its trail. */
const carrierOf = async (api: ApiPromise, order: number): Promise<number | null> => {
	const trail = (await api.call.traceabilityApi.orderTrail(order, 0, PAGE)).toJSON() as [number, { entry: Record<string, { carrier?: number }> | string }][];
	const shipped = trail.map(([, link]) => link.entry).find((e) => typeof e === 'object' && e !== null && 'shipped' in e);
	return typeof shipped === 'object' ? (shipped.shipped?.carrier ?? null) : null;
};

const PlaceOrder = ({ api, signing, placed }: { api: ApiPromise; signing: Sign; placed: () => void }) => {
	const [makers] = useLoad(() => members(api, 'Manufacturer'), [api]);
	const [maker, setMaker] = useState('');
	const [di, setDi] = useState('');
	const [quantity, setQuantity] = useState('1');
	const [custom, setCustom] = useState(false);
	const [progress, busy, send] = useTx(api, signing, placed);
	const valid = maker !== '' && /^\d{8,14}$/.test(di) && /^[1-9]\d{0,3}$/.test(quantity);
	return (
		<section aria-labelledby="place-title">
			<h2 id="place-title">Place an order</h2>
			<form onSubmit={(e) => (e.preventDefault(), send(api.tx.traceability.placeOrder(Number(maker), di, Number(quantity), custom)))}>
				<label>
					Manufacturer{' '}
					<select value={maker} onChange={(e) => setMaker(e.target.value)}>
						<option value="">choose…</option>
						{makers.state === 'done' &&
							makers.value.map(([id]) => (
								<option key={id} value={id}>
									organisation {id}
								</option>
							))}
					</select>
				</label>
				<label>
					Model (UDI-DI, GTIN) <input value={di} onChange={(e) => setDi(e.target.value.trim())} inputMode="numeric" />
				</label>
				<label>
					Quantity <input value={quantity} onChange={(e) => setQuantity(e.target.value)} inputMode="numeric" />
				</label>
				<label>
					Made to a patient’s measurements <input type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} />
				</label>
				<button type="submit" disabled={busy || !valid}>
					Place the order
				</button>
			</form>
			<TxStatus progress={progress} />
		</section>
	);
};

/** One order: its devices, its trail of stages, and the step this organisation takes next. */
const OrderPage = ({ api, org, signing, id, back }: { api: ApiPromise; org: Organisation; signing: Sign; id: number; back: () => void }) => {
	const [loaded, reload] = useLoad(async () => {
		const found = (await api.call.traceabilityApi.order(id)).toJSON() as [Order, number[]] | null;
		const trail = (await api.call.traceabilityApi.orderTrail(id, 0, PAGE)).toJSON() as [number, { entry: unknown; by: string; org: number | null; at: number }][];
		const carriers = (await members(api, 'Logistics')).map(([c]) => c);
		return { found, trail, carriers };
	}, [api, id]);
	const [progress, busy, send] = useTx(api, signing, reload);
	return (
		<section aria-labelledby="order-title">
			<button type="button" onClick={back}>
				← All orders
			</button>
			<h2 id="order-title">Order #{id}</h2>
			<Show loaded={loaded} what="the order">
				{({ found, trail, carriers }) =>
					found === null ? (
						<Empty>No order #{id}.</Empty>
					) : (
						<>
							<dl className="profile">
								<dt>Stage</dt>
								<dd data-testid="order-stage">{words(variant(found[0].status))}</dd>
								<dt>Hospital / manufacturer</dt>
								<dd>
									organisation {found[0].hospital} / organisation {found[0].manufacturer}
								</dd>
								<dt>Model, quantity</dt>
								<dd>
									{text(found[0].di)}, {found[0].quantity}
									{found[0].custom ? ' (custom)' : ''}
								</dd>
								<dt>Devices</dt>
								<dd>{found[1].length ? found[1].map((d) => `#${d}`).join(', ') : 'none made yet'}</dd>
							</dl>
							<Step key={variant(found[0].status)} api={api} kind={org.kind} status={variant(found[0].status)} id={id} quantity={found[0].quantity} carriers={carriers} busy={busy} send={send} />
							<TxStatus progress={progress} />
							<h3>Stages</h3>
							<ol className="trail">
								{trail.map(([index, link]) => (
									<li key={index}>
										{moment(link.at)}: {entry(link.entry)} ({short(link.by)}
										{link.org != null && `, organisation ${link.org}`})
									</li>
								))}
							</ol>
						</>
					)
				}
			</Show>
		</section>
	);
};

/** The form or button of the next step, for the organisation whose step it is. */
const Step = ({ api, kind, status, id, quantity, carriers, busy, send }: { api: ApiPromise; kind: string; status: string; id: number; quantity: number; carriers: number[]; busy: boolean; send: Send }) => {
	const [typed, setTyped] = useState('');
	const [carrier, setCarrier] = useState('');
	const step = nextStep(kind, status);
	const tx = api.tx.traceability;
	if (step === null) return null;
	if (step === 'materials')
		return (
			<form onSubmit={(e) => (e.preventDefault(), send(tx.recordMaterials(id, materials(typed))))}>
				<label className="wide">
					Materials used, one per line: UDI-DI and lot <textarea rows={3} value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="04035479112345 SILICONE-LOT-9" />
				</label>
				<button type="submit" disabled={busy || materials(typed).length === 0}>
					Record the materials
				</button>
			</form>
		);
	if (step === 'production') {
		const devices = items(typed);
		const valid = devices.length === quantity && devices.every((d) => /^\d+$/.test(d));
		return (
			<form onSubmit={(e) => (e.preventDefault(), send(tx.recordProduction(id, devices.map(Number))))}>
				<label>
					The {quantity} registered devices made for it (ids, comma-separated) <input value={typed} onChange={(e) => setTyped(e.target.value)} />
				</label>
				<button type="submit" disabled={busy || !valid}>
					Record the production
				</button>
				{typed !== '' && !valid && <ErrorNote>Give exactly {quantity} device ids.</ErrorNote>}
			</form>
		);
	}
	if (step === 'ship')
		return (
			<form onSubmit={(e) => (e.preventDefault(), send(tx.shipOrder(id, Number(carrier))))}>
				<label>
					Carrier{' '}
					<select value={carrier} onChange={(e) => setCarrier(e.target.value)}>
						<option value="">choose…</option>
						{carriers.map((c) => (
							<option key={c} value={c}>
								organisation {c}
							</option>
						))}
					</select>
				</label>
				<button type="submit" disabled={busy || carrier === ''}>
					Hand over to the carrier
				</button>
			</form>
		);
	if (step === 'receive')
		return (
			<form onSubmit={(e) => (e.preventDefault(), send(tx.deliverOrder(id, typed.trim() || null)))}>
				<label>
					Where it is kept (a location code, optional) <input value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="GLN:0614141000012.CATHLAB" />
				</label>
				<button type="submit" disabled={busy}>
					Receive the delivery
				</button>
			</form>
		);
	return (
		<div className="actions">
			<button type="button" disabled={busy} onClick={() => send(tx.installOrder(id))}>
				Install and put in service
			</button>
		</div>
	);
};
