// The regulator's statistics (S1): the chain counts adverse-event reports per year, by who
// filed them (a patient, or the kind of member) and how serious they were
// (`TraceabilityApi.adverse_event_stats`); these sum them the ways the dashboard shows.

import { reportSource, variant, words } from './format';

/** Counts of one year, one source, one seriousness, as the runtime API gives them. */
export interface Counts {
	reported: number;
	late: number;
	rejected: number;
}

/** One row of `adverse_event_stats`: `[[source, seriousness], counts]`. */
export type StatsRow = [[unknown, unknown], Counts];

/** A year's totals, and its reports by source and by seriousness (in words). */
export interface YearStats {
	year: number;
	totals: Counts;
	bySource: Map<string, number>;
	bySeriousness: Map<string, number>;
}

export const summarise = (year: number, rows: StatsRow[]): YearStats => {
	const totals = { reported: 0, late: 0, rejected: 0 };
	const bySource = new Map<string, number>();
	const bySeriousness = new Map<string, number>();
	for (const [[source, seriousness], counts] of rows) {
		totals.reported += counts.reported;
		totals.late += counts.late;
		totals.rejected += counts.rejected;
		const from = reportSource(source);
		bySource.set(from, (bySource.get(from) ?? 0) + counts.reported);
		const how = words(variant(seriousness));
		bySeriousness.set(how, (bySeriousness.get(how) ?? 0) + counts.reported);
	}
	return { year, totals, bySource, bySeriousness };
};

/** The change from `before` to `now` in per cent, or null when there is nothing to compare
 * with. */
export const growth = (before: number, now: number): number | null =>
	before === 0 ? null : Math.round(((now - before) / before) * 1000) / 10;

/** One report as the reporting-organisations count needs it. */
export interface Filed {
	reporter: string;
	/** Filed by a patient (`ReportSource::Patient`). */
	byPatient: boolean;
}

/** Reports by who filed them, most first: staff's reports by the organisation the reporter
 * belongs to (`orgOf`: `null` for someone no longer staff), patients' reports together and
 * never by name. */
export const byOrganisation = (reports: Filed[], orgOf: Map<string, number | null>, kinds: Map<number, string>): [string, number][] => {
	const counted = new Map<string, number>();
	for (const { reporter, byPatient } of reports) {
		const org = byPatient ? undefined : orgOf.get(reporter);
		const label = byPatient ? 'patients' : org == null ? 'former staff' : `organisation ${org}${kinds.has(org) ? ` (${words(kinds.get(org)!)})` : ''}`;
		counted.set(label, (counted.get(label) ?? 0) + 1);
	}
	return [...counted].sort(([a, m], [b, n]) => n - m || a.localeCompare(b));
};
