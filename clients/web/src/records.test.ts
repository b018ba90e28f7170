import { describe, expect, it } from 'vitest';
import * as records from './records';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('the record format in the browser', () => {
	it('names bytes as IPFS does (a raw block, CIDv1, sha2-256)', async () => {
		// The same vector as medchain_client::records' test.
		expect(await records.cidOf(utf8('hello world'))).toBe('bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e');
	});

	it('encrypts, and decrypts only unaltered bytes', async () => {
		const sealed = await records.encrypt(utf8('{"resourceType":"Observation"}'));
		expect(sealed.bytes[0]).toBe(records.FORMAT_VERSION);
		expect(sealed.hash).toEqual(await records.contentHash(sealed.bytes));
		expect(records.cidText(await cidBinary(sealed.cid))).toBe(sealed.cid);
		expect(new TextDecoder().decode(await records.decrypt(sealed.bytes, sealed.key))).toBe('{"resourceType":"Observation"}');
		const altered = sealed.bytes.slice();
		altered[20] ^= 1;
		await expect(records.decrypt(altered, sealed.key)).rejects.toThrow(/altered/);
		const future = sealed.bytes.slice();
		future[0] = 2;
		await expect(records.decrypt(future, sealed.key)).rejects.toThrow(/version 2/);
	});

	it('seals a content key to one reader, for one record', async () => {
		const [reader, other] = [await records.newRecordKey(), await records.newRecordKey()];
		const sealed = await records.encrypt(utf8('x'));
		const envelope = await records.sealTo(sealed.key, reader.public, sealed.hash);
		expect(envelope.length).toBe(1 + 32 + 48);
		expect(await records.openEnvelope(envelope, reader, sealed.hash)).toEqual(sealed.key);
		await expect(records.openEnvelope(envelope, other, sealed.hash)).rejects.toThrow(/another key/);
		const otherRecord = await records.contentHash(utf8('another record'));
		await expect(records.openEnvelope(envelope, reader, otherRecord)).rejects.toThrow(/another key/);
	});

	it('keeps a record key as the CLI’s key file does, and gets the same key back', async () => {
		const key = await records.newRecordKey();
		const text = records.recordKeyText(key);
		expect(text).toMatch(/^[0-9a-f]{64}$/);
		const again = await records.parseRecordKey(` 0x${text}\n`);
		expect(again.public).toEqual(key.public);
		const sealed = await records.encrypt(utf8('y'));
		const envelope = await records.sealTo(sealed.key, key.public, sealed.hash);
		expect(await records.openEnvelope(envelope, again, sealed.hash)).toEqual(sealed.key);
		await expect(records.parseRecordKey('abc')).rejects.toThrow(/64 hex digits/);
	});
});

/** A CID's binary form, as the chain keeps it. */
const cidBinary = async (text: string) => (await import('multiformats/cid')).CID.parse(text).bytes;
