// The regulator's statistics dashboard (S1): adverse-event reports by year, by source and by
// seriousness, the growth between years, and how many were late or rejected.

import { useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { BarChart } from '../charts';
import { count } from '../format';
import { growth, summarise, type StatsRow, type YearStats } from '../stats';
import { Empty, Show, useLoad } from '../ui';

/** How many years the dashboard compares. */
const YEARS = 5;

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
