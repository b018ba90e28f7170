// The regulator's statistics dashboard (S1): adverse-event reports by year, by source and by
// seriousness, the growth between years, how many were late or rejected, and the
// organisations that reported.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { BarChart } from '../charts';
import { count, variant } from '../format';
import { members } from '../identity';
import { byOrganisation, growth, summarise, type StatsRow, type YearStats } from '../stats';
import { Empty, Show, useLoad } from '../ui';

/** How many years the dashboard compares. */
const YEARS = 5;

/** The most reports the reporting-organisations count reads (in pages of `PAGE`). */
const MOST_REPORTS = 10_000;
const PAGE = 500;

interface Reported {
	reporter: string;
	source: unknown;
	year: number;
}

/** The reports filed in `year`, counted by reporting organisation: the chain counts them by
 * kind of member only, so this pages through the year's reports (`adverse_events_from`) and
 * asks who each reporter is now. */
const reportersOf = async (api: ApiPromise, year: number) => {
	const reports: Reported[] = [];
	let after: number | null = null;
	let more = true;
	while (more && reports.length < MOST_REPORTS) {
		const page = (await api.call.traceabilityApi.adverseEventsFrom(Date.UTC(year, 0, 1), after, PAGE)).toJSON() as [number, Reported][];
		const inYear = page.filter(([, r]) => r.year === year);
		reports.push(...inYear.map(([, r]) => r));
		after = page.at(-1)?.[0] ?? null;
		more = page.length === PAGE && inYear.length === page.length;
	}
	const filed = reports.map((r) => ({ reporter: r.reporter, byPatient: variant(r.source) === 'Patient' }));
	const orgOf = new Map<string, number | null>();
	const reporters = [...new Set(filed.filter((f) => !f.byPatient).map((f) => f.reporter))];
	// Fifty questions to the node at a time.
	for (let i = 0; i < reporters.length; i += 50) {
		await Promise.all(
			reporters.slice(i, i + 50).map(async (reporter) => {
				const role = (await api.call.consortiumApi.roleOf(reporter)).toJSON() as { staff?: { org: number } } | null;
				orgOf.set(reporter, role?.staff ? role.staff.org : null);
			}),
		);
	}
	return { counted: byOrganisation(filed, orgOf, new Map(await members(api))), partial: more };
};

/** A year's rows: there are at most 8 sources × 6 seriousness levels, one page of 100. */
const yearOf = async (api: ApiPromise, year: number): Promise<YearStats> =>
	summarise(year, (await api.call.traceabilityApi.adverseEventStats(year, null, 100)).toJSON() as StatsRow[]);

export const Statistics = ({ api }: { api: ApiPromise }) => {
	const thisYear = new Date().getUTCFullYear();
	const [year, setYear] = useState(thisYear);
	const [loaded] = useLoad(
		() => Promise.all(Array.from({ length: YEARS }, (_, i) => yearOf(api, year - YEARS + 1 + i))),
		[api, year],
	);
	return (
		<section aria-labelledby="stats-title">
			<h2 id="stats-title">Adverse-event statistics</h2>
			<div className="filters">
				<label>
					Year{' '}
					<select value={year} onChange={(e) => setYear(Number(e.target.value))}>
						{Array.from({ length: 10 }, (_, i) => thisYear - i).map((y) => (
							<option key={y} value={y}>
								{y}
							</option>
						))}
					</select>
				</label>
			</div>
			<Show loaded={loaded} what="the statistics">
				{(years) => {
					const [before, now] = years.slice(-2);
					const change = growth(before.totals.reported, now.totals.reported);
					return (
						<>
							<p data-testid="stats-summary">
								{year}: {count(now.totals.reported, 'report')}, {now.totals.late} filed late, {now.totals.rejected} rejected;{' '}
								{change === null ? `none in ${year - 1} to compare with` : `${change > 0 ? '+' : ''}${change}% on ${year - 1}`}.
							</p>
							<div className="charts">
								<BarChart title={`Reports by year, ${year - YEARS + 1}–${year}`} bars={years.map((y) => [String(y.year), y.totals.reported])} />
								{now.totals.reported === 0 ? (
									<Empty>No report was filed in {year}.</Empty>
								) : (
									<>
										<BarChart title={`Reports by source, ${year}`} bars={[...now.bySource]} />
										<BarChart title={`Reports by seriousness, ${year}`} bars={[...now.bySeriousness]} />
										<Reporters api={api} year={year} />
									</>
								)}
							</div>
						</>
					);
				}}
			</Show>
		</section>
	);
};

/** The organisations whose staff reported in `year` (patients together, never named). */
const Reporters = ({ api, year }: { api: ApiPromise; year: number }) => {
	const [loaded] = useLoad(() => reportersOf(api, year), [api, year]);
	return (
		<Show loaded={loaded} what="the reporting organisations">
			{({ counted, partial }) => (
				<div data-testid="reporting-organisations">
					<BarChart title={`Reporting organisations, ${year}`} bars={counted} />
					<p className="hint">By the organisation each reporter belongs to now{partial ? `; the first ${MOST_REPORTS} reports of the year only` : ''}.</p>
				</div>
			)}
		</Show>
	);
};
