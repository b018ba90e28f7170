// The web app end to end, in a real browser: Debian's chromium, headless, driven by
// playwright-core (nothing downloads a browser), against a development node this script
// starts and the built app (dist/, `npm run build` first) served by Vite's preview server.
//
//   MEDCHAIN_NODE_BIN=…/medchain-node node e2e/run.mjs
//
// Each role's flow runs through the UI only; the chain is seeded beforehand with what the
// flow starts from (a manufacturer's devices, a hospital's adverse-event report). Every
// screen is saved as a PNG in e2e/out/ (docs/ui.md shows the current ones). The run fails on
// any console error in the page and on any form control without a label.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { seed } from './seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const nodeBin = process.env.MEDCHAIN_NODE_BIN;
const browserBin = process.env.MEDCHAIN_CHROMIUM ?? '/usr/bin/chromium';
if (!nodeBin) {
	console.error('e2e: set MEDCHAIN_NODE_BIN to the medchain-node binary');
	process.exit(2);
}

/** Starts a development node on free ports; resolves with its WebSocket URL once it answers. */
const startNode = async () => {
	const dir = mkdtempSync(join(tmpdir(), 'medchain-web-e2e-'));
	const log = join(dir, 'node.log');
	const { openSync } = await import('node:fs');
	const fd = openSync(log, 'w');
	const child = spawn(nodeBin, ['--dev', '--tmp', '--rpc-port', '0', '--listen-addr', '/ip4/127.0.0.1/tcp/0', '--no-prometheus', '--no-telemetry', '--no-mdns'], {
		stdio: ['ignore', fd, fd],
	});
	for (let i = 0; i < 120; i++) {
		const port = readFileSync(log, 'utf8').match(/Running JSON-RPC server: addr=127\.0\.0\.1:(\d+),/)?.[1];
		if (port) return { child, url: `ws://127.0.0.1:${port}`, log, dir };
		if (child.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	console.error(readFileSync(log, 'utf8').split('\n').slice(-20).join('\n'));
	throw new Error('e2e: the node did not start its JSON-RPC server within 60 s');
};

const problems = [];
const check = (ok, what) => {
	if (!ok) problems.push(what);
	console.log(`${ok ? 'ok' : 'FAIL'}: ${what}`);
};

/** Every input, select, textarea and button on the page has a name a screen reader reads. */
const unlabelled = (page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('input, select, textarea, button')]
			.filter((el) => {
				const named = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
				if (el.tagName === 'BUTTON') return !(named || el.textContent.trim());
				return !(named || (el.labels && el.labels.length > 0));
			})
			.map((el) => el.outerHTML.slice(0, 80)),
	);

const shoot = async (page, name) => {
	await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
	const missing = await unlabelled(page);
	check(missing.length === 0, `every control of the ${name} screen is labelled${missing.length ? `: ${missing.join(', ')}` : ''}`);
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const node = await startNode();
let server;
let browser;
try {
	const seeded = await seed(node.url);
	server = await preview({ root: dirname(here), logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
	const app = `${server.resolvedUrls.local[0]}?node=${encodeURIComponent(node.url)}`;
	browser = await chromium.launch({ executablePath: browserBin, headless: true });
	const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
	const errors = [];
	page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
	page.on('pageerror', (error) => errors.push(error.message));
	page.setDefaultTimeout(60_000);

	await page.goto(app);
	const actAs = page.getByLabel('Act as');
	await actAs.waitFor();
	check((await page.locator('.developer').textContent()).includes('Developer mode'), 'the dev chain is marked as developer mode');

	// The regulator approves an order, triages the hospital's report and recalls the lot behind it.
	await actAs.selectOption({ label: await optionLabel(page, 'Alice: regulator') });
	await page.getByTestId('identity').filter({ hasText: 'regulatory officer' }).waitFor();
	const report = page.getByTestId(`report-${seeded.report}`);
	await report.waitFor();
	await shoot(page, 'regulator-queue');
	// Hospital B's order, made, waits for approval; Alice approves it with a reason code.
	const order = page.getByTestId(`order-${seeded.awaiting}`);
	await order.waitFor();
	await page.getByLabel('Reason code for an approval or rejection').fill('MDR-ART-52');
	await order.getByRole('button', { name: 'Approve' }).click();
	await page.getByText('No order awaits approval.').waitFor();
	check(true, 'the regulator approved the waiting order, final on chain');
	await report.getByRole('button', { name: 'Move to under investigation' }).click();
	await page.locator('section[aria-labelledby="queue-title"]').getByText('Done: final on the chain.').waitFor();
	await page.getByLabel('Investigation status').selectOption('UnderInvestigation');
	await page.getByTestId(`report-${seeded.report}`).waitFor();
	check(true, 'the report moved to under investigation, final on chain');
	await page.getByTestId(`report-${seeded.report}`).getByRole('button', { name: 'Recall its lot' }).click();
	const lots = page.getByLabel('Lots (comma-separated)');
	await until(async () => (await lots.inputValue()) === seeded.lot);
	check(true, 'the recall form takes the reported device’s lot');
	await page.getByLabel('Reason code', { exact: true }).fill('FSCA-WEB-1');
	await page.getByRole('button', { name: 'Issue the recall' }).click();
	await page.getByText(/Recall #\d+ issued\./).waitFor();
	await page.locator('[data-testid^="recall-"]').filter({ hasText: 'FSCA-WEB-1' }).waitFor();
	check(true, 'the recall is in force');
	await shoot(page, 'regulator-recalls');
	await page.getByRole('button', { name: 'Statistics' }).click();
	const summary = page.getByTestId('stats-summary');
	await summary.waitFor();
	check((await summary.textContent()).includes(': 1 report,'), 'the statistics count this year’s report');
	check((await page.getByRole('img', { name: /Reports by source/ }).count()) === 1, 'the statistics chart the reports by source');
	await shoot(page, 'regulator-statistics');

	// Hospital A's admin sees the recalled device among the devices the hospital holds.
	await actAs.selectOption({ label: await optionLabel(page, 'Bob: Hospital A') });
	const lifecycle = page.getByTestId(`lifecycle-${seeded.devices[0]}`);
	await lifecycle.waitFor();
	check((await lifecycle.textContent()) === 'recalled', 'the recalled device reads recalled in the device list');
	await page.getByLabel('Search').fill(seeded.serials[1]);
	check((await page.locator('table.devices tbody tr').count()) === 1, 'the search finds one device by its serial');
	await page.getByLabel('Search').fill('');
	await shoot(page, 'devices');
	await page.getByRole('button', { name: `#${seeded.devices[0]}` }).click();
	await page.getByTestId('device-lifecycle').waitFor();
	check((await page.locator('.recall').textContent()).includes('FSCA-WEB-1'), 'the device page names the recall and its reason');
	await shoot(page, 'device');

	check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
} catch (e) {
	problems.push(e.message);
	console.error(`FAIL: ${e.stack}`);
} finally {
	await browser?.close();
	await server?.close();
	node.child.kill('SIGINT');
}
if (problems.length) {
	console.error(`e2e: ${problems.length} problem(s); the node's log: ${node.log}`);
	process.exit(1);
}
rmSync(node.dir, { recursive: true, force: true });
console.log(`e2e: every flow passed; screenshots in ${out}`);
process.exit(0);

/** Waits (at most 60 s) until `holds()` resolves true. */
async function until(holds) {
	for (let i = 0; i < 120; i++) {
		if (await holds()) return;
		await new Promise((r) => setTimeout(r, 500));
	}
	throw new Error(`timed out waiting for ${holds}`);
}

/** The full label of the account option that starts with `start`. */
async function optionLabel(page, start) {
	const labels = await page.getByLabel('Act as').locator('option').allTextContents();
	const found = labels.find((l) => l.startsWith(start));
	if (!found) throw new Error(`no account "${start}…" among ${labels.join('; ')}`);
	return found;
}
