// How the chain's values read to people: codes and bytes as text, moments as dates, the
// pallets' enum variants as words. Pure functions, unit-tested (format.test.ts).

import { hexToU8a, isHex, u8aToString } from '@polkadot/util';
import { decodeAddress } from '@polkadot/util-crypto';

/** Bytes the chain keeps as text (a code, a lot, a CID), as `toJSON()` gives them: hex, or
 * already a string. Invalid UTF-8 is shown as its hex. */
export const text = (value: unknown): string => {
	if (typeof value !== 'string') return value == null ? '' : String(value);
	if (!isHex(value)) return value;
	const bytes = hexToU8a(value);
	const decoded = u8aToString(bytes);
	return decoded.includes('\uFFFD') ? value : decoded;
};

/** A chain moment (ms since the Unix epoch) as `YYYY-MM-DD HH:MM` in UTC. */
export const moment = (ms: number | string | bigint): string => {
	const at = new Date(Number(ms));
	if (Number.isNaN(at.getTime())) return '';
	return `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
};

/** `CamelCase` (an enum variant) as words: `UnderInvestigation` → `under investigation`. */
export const words = (variant: string): string =>
	variant
		.replace(/([a-z0-9])([A-Z])/g, '$1 $2')
		.replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
		.toLowerCase();

/** The variant of an enum as `toJSON()` gives it: `"Active"`, or `{ "staff": {...} }`. */
export const variant = (value: unknown): string => {
	if (typeof value === 'string') return value.charAt(0).toUpperCase() + value.slice(1);
	if (value && typeof value === 'object') {
		const [key] = Object.keys(value);
		if (key) return key.charAt(0).toUpperCase() + key.slice(1);
	}
	return '';
};

/** Who filed an adverse-event report (`ReportSource`): a patient, or the kind of member
 * whose staff filed it. */
export const reportSource = (source: unknown): string => {
	if (source && typeof source === 'object' && 'organisation' in source) {
		return words(variant((source as { organisation: unknown }).organisation));
	}
	return words(variant(source));
};

/** A trail entry (`DeviceEvent`, `OrderStage` as `toJSON()` gives them) in words, its fields
 * after it: `lifecycle: from released to in transit`, `custody: from 1 to 2`. */
export const entry = (value: unknown): string => {
	const name = words(variant(value));
	if (!value || typeof value !== 'object') return name;
	const fields = Object.values(value)[0];
	if (!fields || typeof fields !== 'object') return fields == null ? name : `${name}: ${fieldWords(fields)}`;
	const parts = Object.entries(fields).map(([key, field]) => `${words(key)} ${fieldWords(field)}`);
	return parts.length ? `${name}: ${parts.join(' ')}` : name;
};

const fieldWords = (field: unknown): string => {
	if (typeof field === 'string') return /^[A-Za-z]+$/.test(field) ? words(variant(field)) : text(field);
	if (typeof field === 'boolean') return field ? 'yes' : 'no';
	if (field && typeof field === 'object') return words(variant(field));
	return String(field);
};

/** `n` and the word, plural unless one: `1 report`, `3 reports`. */
export const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** An account's address shortened for a table: `5Grw…utQY`. */
export const short = (address: string): string =>
	address.length > 12 ? `${address.slice(0, 4)}…${address.slice(-4)}` : address;

/** A registry date (`YYYYMMDD`) as `YYYY-MM-DD`. */
export const day = (yyyymmdd: number | null | undefined): string => {
	if (!yyyymmdd) return '';
	const s = String(yyyymmdd).padStart(8, '0');
	return `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}`;
};

/** The lifecycle states in which a device needs someone to act. */
const NEEDS_ATTENTION = new Set(['Maintenance', 'Recalled']);

/** Whether a device in this lifecycle state needs someone to act. */
export const needsAttention = (lifecycle: string): boolean => NEEDS_ATTENTION.has(variant(lifecycle));

/** A reason code as the chain accepts it (`codes::is_reason`): 1–32 characters, an
 * uppercase letter first, then uppercase letters, digits and `-_.:`. */
export const isReason = (code: string): boolean => /^[A-Z][A-Z0-9\-_.:]{0,31}$/.test(code);

/** A lot or serial (`codes::is_production_id`): 1–20 characters of GS1's set 82. */
export const isProductionId = (id: string): boolean =>
	/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/.test(id);

/** A device's location as the chain accepts it (`codes::is_location`): `GLN:`, a GS1 Global
 * Location Number (13 digits, the last its GS1 check digit), then optionally `.` and 1–14
 * uppercase letters or digits. */
export const isLocation = (code: string): boolean => {
	const found = /^GLN:(\d{13})(\.[A-Z0-9]{1,14})?$/.exec(code);
	if (!found) return false;
	const digits = [...found[1]].map(Number);
	const sum = digits.slice(0, 12).reduce((total, d, i) => total + d * (i % 2 === 0 ? 1 : 3), 0);
	return (10 - (sum % 10)) % 10 === digits[12];
};

/** Splits a list the user typed (`A, B C`) into its items, none empty, none twice. */
export const items = (typed: string): string[] => [...new Set(typed.split(/[\s,]+/).filter(Boolean))];

/** Who a grant or request is for (`Grantee`): `organisation 4`, or a person's short address. */
export const grantee = (value: unknown): string => {
	if (value && typeof value === 'object') {
		const [[kind, who]] = Object.entries(value);
		return kind.toLowerCase() === 'organisation' ? `organisation ${who}` : `person ${short(String(who))}`;
	}
	return String(value);
};

/** What a grant covers (`Scope`): all categories, or the listed ones in words. */
export const scope = (value: unknown): string => {
	if (value && typeof value === 'object' && 'categories' in value) return ((value as { categories: string[] }).categories ?? []).map(words).join(', ');
	return 'all categories';
};

/** An optional end (`valid_until`): its moment, or "no end". */
export const until = (ms: number | null | undefined): string => (ms == null ? 'no end' : moment(ms));

/** Whether `typed` is an account address. */
export const isAddress = (typed: string): boolean => {
	try {
		decodeAddress(typed.trim());
		return typed.trim() !== '';
	} catch {
		return false;
	}
};
