// A recall's reach (S1): each device in its scope with its custodian (the carrier and the
// recipient while in transit), its lifecycle as it reads now, and the patients each hospital
// must follow up under its own pseudonyms; summed by custodian, so that the regulator sees who
// still has a device in use.

import type { ApiPromise } from '@polkadot/api';
import { count, text, variant, words } from '../format';
import { Empty, Show, Table, useLoad } from '../ui';

interface Affected {
	device: number;
	serial: string | null;
	lot: string | null;
	custodian: number;
	recipient: number | null;
	lifecycle: unknown;
	/** One per pseudonym: one patient each, whom only `hospital` can name. */
	uses: { pseudonym: string; uses: { hospital: number; last: unknown; lastAt: number } }[];
	moreUses: boolean;
}

/** Lifecycle states in which a device is still with a custodian in use or on its way to one. */
const IN_USE = new Set(['Installed', 'InService', 'Maintenance', 'InTransit', 'Released']);

/** Devices, devices still in use, and uses by custodian. */
export const byCustodian = (devices: Affected[]) => {
	const sums = new Map<number, { devices: number; inUse: number; uses: number }>();
	for (const d of devices) {
		const sum = sums.get(d.custodian) ?? { devices: 0, inUse: 0, uses: 0 };
		sum.devices += 1;
		if (IN_USE.has(variant(d.lifecycle))) sum.inUse += 1;
		sum.uses += d.uses.length;
		sums.set(d.custodian, sum);
	}
	return [...sums.entries()].sort(([a], [b]) => a - b);
};

/** A device's pseudonymous uses counted by the hospital that recorded them. */
const perHospital = (d: Affected): [number, number][] => {
	const counts = new Map<number, number>();
	for (const u of d.uses) counts.set(u.uses.hospital, (counts.get(u.uses.hospital) ?? 0) + 1);
	return [...counts.entries()];
};

const PAGE = 100;

export const RecallScope = ({ api, recall }: { api: ApiPromise; recall: number }) => {
	const [loaded] = useLoad(async () => {
		const all: Affected[] = [];
		let after: number | null = null;
		for (;;) {
			const page = (await api.call.traceabilityApi.recallScope(recall, after, PAGE)).toJSON() as unknown as Affected[];
			all.push(...page);
			if (page.length < PAGE || all.length >= 10 * PAGE) return { devices: all, more: page.length === PAGE };
			after = page[page.length - 1].device;
		}
	}, [api, recall]);
	return (
		<section aria-labelledby="scope-title">
			<h3 id="scope-title">Who holds the devices of recall #{recall}</h3>
			<Show loaded={loaded} what="the recall’s scope">
				{({ devices, more }) =>
					devices.length === 0 ? (
						<Empty>No registered device is in this recall’s scope.</Empty>
					) : (
						<>
							<Table columns={['Custodian', 'Devices', 'Still in use or on the way', 'Patients to follow up (by pseudonym)']} testId="recall-custodians">
									{byCustodian(devices).map(([custodian, sum]) => (
										<tr key={custodian} className={sum.inUse > 0 ? 'attention' : undefined}>
											<td>organisation {custodian}</td>
											<td>{sum.devices}</td>
											<td>{sum.inUse}</td>
											<td>{sum.uses}</td>
										</tr>
									))}
							</Table>
							<Table columns={['Device', 'Serial', 'Lot', 'Custodian', 'Lifecycle', 'Patients it was used on (hospital: pseudonyms)']}>
									{devices.map((d) => (
										<tr key={d.device}>
											<td>#{d.device}</td>
											<td>{text(d.serial) || '—'}</td>
											<td>{text(d.lot) || '—'}</td>
											<td>
												organisation {d.custodian}
												{d.recipient != null && `, on its way to organisation ${d.recipient}`}
											</td>
											<td>{words(variant(d.lifecycle))}</td>
											<td>
												{d.uses.length === 0 ? 'none recorded' : perHospital(d).map(([h, n]) => `organisation ${h}: ${count(n, 'patient')}`).join('; ')}
												{d.moreUses && ' (more)'}
											</td>
										</tr>
									))}
							</Table>
							{more && <p className="hint">The first {devices.length} devices are shown.</p>}
						</>
					)
				}
			</Show>
		</section>
	);
};
