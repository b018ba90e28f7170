// The web app end to end, in a real browser: Debian's chromium, headless, driven by
// playwright-core (nothing downloads a browser), against a development node this script
// starts and the built app (dist/, `npm run build` first) served by Vite's preview server.
//
//   MEDCHAIN_NODE_BIN=…/medchain-node node e2e/run.mjs
//
// Each role's flow runs through the UI only; the chain is seeded beforehand with what the
// flow starts from (a manufacturer's devices, a hospital's adverse-event report), and Hospital
// A's record vault (medchain-vault, beside the node's binary) keeps what the flows store. Every
// screen is saved as a PNG in e2e/out/ (docs/ui.md shows the current ones). The run fails on
// any console error in the page and on any form control without a label.

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { preview } from 'vite';
import { installExtension, SOURCE } from './extension.mjs';
import { seed } from './seed.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, 'out');
const nodeBin = process.env.MEDCHAIN_NODE_BIN;
const browserBin = process.env.MEDCHAIN_CHROMIUM ?? '/usr/bin/chromium';
const vaultBin = process.env.MEDCHAIN_VAULT_BIN ?? (nodeBin && join(dirname(nodeBin), 'medchain-vault'));
const HOSPITAL_A = 3;
if (!nodeBin) {
	console.error('e2e: set MEDCHAIN_NODE_BIN to the medchain-node binary');
	process.exit(2);
}

/** Starts a development node on free ports; resolves with its WebSocket URL once it answers. */
const startNode = async () => {
	const dir = mkdtempSync(join(tmpdir(), 'medchain-web-e2e-'));
	const log = join(dir, 'node.log');
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

/** A free TCP port on 127.0.0.1. */
const freePort = () =>
	new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});

/** Starts Hospital A's record vault (its record-store account //One) on the node, letting the
 * app's pages at `origin` call it; resolves with its URL once it answers. */
const startVault = async (nodeUrl, dir, origin) => {
	if (!existsSync(vaultBin)) throw new Error(`e2e: no medchain-vault at ${vaultBin} (build it, or set MEDCHAIN_VAULT_BIN)`);
	const port = await freePort();
	const log = join(dir, 'vault.log');
	const fd = openSync(log, 'w');
	const args = ['--node', nodeUrl, '--org', String(HOSPITAL_A), '--listen', `127.0.0.1:${port}`];
	args.push('--data', join(dir, 'vault-data'), '--state', join(dir, 'vault-state'), '--allow-origin', origin);
	const child = spawn(vaultBin, args, { stdio: ['ignore', fd, fd], env: { ...process.env, MEDCHAIN_VAULT_SIGNER: '//One' } });
	const url = `http://127.0.0.1:${port}`;
	for (let i = 0; i < 120; i++) {
		if (await fetch(`${url}/v1/info`).then((r) => r.ok, () => false)) return { child, url, log };
		if (child.exitCode !== null) break;
		await new Promise((r) => setTimeout(r, 500));
	}
	child.kill('SIGKILL');
	console.error(readFileSync(log, 'utf8').split('\n').slice(-20).join('\n'));
	throw new Error('e2e: the vault did not answer within 60 s');
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
let vault;
let page;
let extension;
try {
	const seeded = await seed(node.url);
	server = await preview({ root: dirname(here), logLevel: 'warn', preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
	const served = server.resolvedUrls.local[0];
	vault = await startVault(node.url, node.dir, new URL(served).origin);
	const app = `${served}?node=${encodeURIComponent(node.url)}&vaults=${HOSPITAL_A}=${encodeURIComponent(vault.url)}`;
	browser = await chromium.launch({ executablePath: browserBin, headless: true });
	const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
	// Charlie's key is also held by a browser extension, as a real user's would be.
	extension = await installExtension(context, node.url, '//Charlie', 'Charlie');
	page = await context.newPage();
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
	await page.getByRole('button', { name: /^Who holds them: recall/ }).last().click();
	const custodians = page.getByTestId('recall-custodians');
	await custodians.waitFor();
	check((await custodians.locator('tr', { hasText: 'organisation 3' }).locator('td').nth(1).textContent()) === '2', 'the recall’s scope shows Hospital A holding both leads of the lot');
	await shoot(page, 'regulator-recalls');
	await page.getByRole('button', { name: 'Statistics' }).click();
	const summary = page.getByTestId('stats-summary');
	await summary.waitFor();
	check((await summary.textContent()).includes(': 1 report,'), 'the statistics count this year’s report');
	check((await page.getByRole('img', { name: /Reports by source/ }).count()) === 1, 'the statistics chart the reports by source');
	const reporters = page.getByTestId('reporting-organisations');
	await reporters.waitFor();
	check((await reporters.locator('tr', { hasText: 'organisation 3 (hospital)' }).locator('td').textContent()) === '1', 'the statistics name Hospital A as this year’s reporting organisation');
	await shoot(page, 'regulator-statistics');

	// Hospital A's admin sees the recalled device among the devices the hospital holds.
	await actAs.selectOption({ label: await optionLabel(page, 'Bob: Hospital A') });
	await page.getByRole('button', { name: 'Devices', exact: true }).click();
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

	const section = (title) => page.locator(`section[aria-labelledby="${title}"]`);
	const done = (title) => section(title).getByText('Done: final on the chain.').waitFor();
	const actAsWith = async (who, screen) => {
		await actAs.selectOption({ label: await optionLabel(page, who) });
		// The picker's value is `source:address`.
		await page.locator(`[data-testid="identity"][data-account="${(await actAs.inputValue()).split(':').pop()}"]`).waitFor();
		if (screen) await page.getByRole('button', { name: screen, exact: true }).click();
	};

	// The order the regulator approved goes on: the manufacturer hands it to the carrier, who
	// sees it among the orders it carries; Hospital B receives and installs it.
	const openOrder = async () => {
		await page.getByTestId(`order-row-${seeded.awaiting}`).getByRole('button', { name: `#${seeded.awaiting}` }).click();
		await page.getByTestId('order-stage').waitFor();
	};
	const stageIs = (stage) => until(async () => (await page.getByTestId('order-stage').textContent()) === stage);
	await actAsWith('Dave: manufacturer', 'Orders');
	await openOrder();
	await section('order-title').getByLabel(/^Carrier/).selectOption('2');
	await page.getByRole('button', { name: 'Hand over to the carrier' }).click();
	await stageIs('shipped');
	check(true, 'the manufacturer handed the approved order to the carrier');
	await actAsWith('Alice (stash): logistics', 'Orders');
	await page.getByTestId(`order-row-${seeded.awaiting}`).waitFor();
	check(true, 'the carrier sees the order among those it carries');
	await actAsWith('Bob (stash): Hospital B', 'Orders');
	await openOrder();
	await page.getByRole('button', { name: 'Receive the delivery' }).click();
	await stageIs('delivered');
	await page.getByRole('button', { name: 'Install and put in service' }).click();
	await stageIs('installed');
	check(true, 'Hospital B received the order and installed it');
	await shoot(page, 'order');

	// Records and consent. Each person makes a record key in the browser and registers it.
	const makeKey = async () => {
		await section('key-title').getByRole('button', { name: 'Make and register a record key' }).click();
		await section('key-title').getByText('Your record key is in this browser and registered on the chain.').waitFor();
	};
	const grant = async (org, access, days) => {
		const form = section('grant-title');
		await form.getByLabel(/^Organisation/).selectOption(String(org));
		await form.getByLabel(/^Access/).selectOption(access);
		await form.getByLabel('For how many days').fill(days);
		await form.getByRole('button', { name: 'Grant' }).click();
		await page.getByTestId(`grant-to-${org}`).waitFor();
	};

	// The patient (Eve) lets Hospital A read and add records, and Hospital B read for a day.
	await actAsWith('Eve: patient');
	check((await page.getByTestId('identity').textContent()).includes('Patient registered by organisation 3'), 'Eve is a patient of Hospital A');
	await makeKey();
	check(true, 'the patient made a record key in the browser and registered it');
	await page.getByRole('button', { name: 'Who may open them' }).click();
	await grant(3, 'ReadWrite', '');
	await grant(4, 'Read', '1');
	check((await page.getByTestId('grant-to-4').textContent()).includes('read'), 'the patient granted Hospital B read access for a day');
	await shoot(page, 'patient-consent');

	// Hospital A's doctor adds an observation: encrypted in the browser, stored in the vault, anchored.
	await actAsWith('Bob: Hospital A', 'Patients');
	await makeKey();
	const lookUp = async () => {
		await page.getByLabel('The patient’s account').fill(seeded.eve);
		await page.getByRole('button', { name: 'Look up' }).click();
		await page.getByTestId('patient').waitFor();
	};
	await lookUp();
	const observation = '{"resourceType":"Observation","status":"final","code":{"text":"heart rate"},"valueQuantity":{"value":72,"unit":"/min"}}';
	await page.getByLabel('Content').fill(observation);
	await page.getByRole('button', { name: 'Encrypt, store and anchor' }).click();
	await done('add-title');
	const openFirst = async () => {
		const button = page.getByRole('button', { name: /^Open record \d+$/ }).first();
		await button.waitFor();
		const id = (await button.getAttribute('aria-label')).split(' ').pop();
		await button.click();
		return id;
	};
	const record = await openFirst();
	await page.getByTestId(`record-${record}`).waitFor();
	check((await page.getByTestId(`record-${record}`).textContent()).includes('"value": 72'), 'the doctor opened the record through the vault and decrypted it');
	// The implant goes into the patient's record (the chain links no patient to a device).
	const implant = { resourceType: 'Procedure', status: 'completed', code: { text: 'pacemaker lead implant' }, focalDevice: [{ manipulated: { reference: `Device/${seeded.devices[0]}` } }] };
	await page.getByLabel(/^Category/).selectOption('Procedure');
	await page.getByLabel('Content').fill(JSON.stringify(implant));
	await page.getByRole('button', { name: 'Encrypt, store and anchor' }).click();
	await until(async () => (await page.getByRole('button', { name: /^Open record \d+$/ }).count()) === 2);
	check(true, 'the doctor added the implant as a Procedure record');

	// Hospital B's doctor may open it, but its key is not sealed to them until the patient shares it.
	await actAsWith('Bob (stash): Hospital B', 'Patients');
	await makeKey();
	await lookUp();
	await openFirst();
	await page.getByText(/not sealed to you yet/).waitFor();
	check(true, 'another hospital’s doctor is told the key is not shared with them yet');
	await actAsWith('Eve: patient');
	await page.getByLabel(`Share record ${record}’s key with (account)`).fill(seeded.doctorB);
	await page.getByRole('button', { name: 'Share' }).first().click();
	await page.getByText('Done: final on the chain.').first().waitFor();
	await page.getByRole('button', { name: 'Look in my procedure records' }).click();
	const mine = page.getByTestId('my-devices');
	await mine.waitFor();
	check((await mine.textContent()).includes('recalled (#'), 'the patient finds the implanted lead in her records and sees it recalled');
	await shoot(page, 'patient-records');
	await actAsWith('Bob (stash): Hospital B', 'Patients');
	await lookUp();
	await openFirst();
	await page.getByTestId(`record-${record}`).waitFor();
	check((await page.getByTestId(`record-${record}`).textContent()).includes('Tamper check passed'), 'another hospital’s doctor opened the record, tamper-checked');
	await shoot(page, 'clinician');

	// The patient sees the opening in the audit trail, reported by Hospital A's vault.
	await actAsWith('Eve: patient', 'Openings and history');
	const doctorB = `${seeded.doctorB.slice(0, 4)}…${seeded.doctorB.slice(-4)}`;
	await until(async () => {
		await page.getByRole('button', { name: 'My records' }).click();
		await page.getByRole('button', { name: 'Openings and history' }).click();
		await page.getByTestId('audit-trail').or(page.getByText('Nobody has opened your records.')).waitFor();
		return (await page.getByTestId('audit-trail').locator('tr', { hasText: doctorB }).count()) > 0;
	});
	check(true, 'the patient sees Hospital B’s doctor’s opening in the audit trail');
	await shoot(page, 'patient-trail');

	// A device operator at Hospital A, signing with the browser extension, adds an error log to
	// a device's service log and opens it: the upload and the log read are signed as extensions
	// sign bytes (wrapped), which the vault and the chain accept.
	await actAsWith(`Charlie (${SOURCE})`, 'Devices');
	await page.getByRole('button', { name: `#${seeded.devices[1]}` }).click();
	await page.getByTestId('device-lifecycle').waitFor();
	const errorLog = 'E042 lead impedance out of range at 2026-12-07T06:00Z\n';
	await page.getByLabel('File (no patient’s details)').setInputFiles({ name: 'error.log', mimeType: 'text/plain', buffer: Buffer.from(errorLog) });
	await page.getByRole('button', { name: 'Store and log it' }).click();
	await page.getByRole('button', { name: 'Open log entry 0' }).click();
	await page.getByTestId('log-0').waitFor();
	check((await page.getByTestId('log-0').textContent()).includes('E042'), 'the operator opened the device’s error log through the vault');
	// The operator reports the device's usage counters.
	await page.getByLabel('Working hours').fill('120');
	await page.getByLabel('Operating cycles').fill('40');
	await page.getByRole('button', { name: 'Report usage' }).click();
	await page.getByText('120 h / 40', { exact: true }).waitFor();
	check(true, 'the operator reported the device’s usage and its page shows it');
	const { bytes, transactions } = extension.signed;
	check(bytes >= 2 && transactions >= 2, `the extension signed the upload and the read (${bytes} as bytes), the log entry and the usage (${transactions} transactions)`);
	await shoot(page, 'service-log');

	check(errors.length === 0, `no console errors${errors.length ? `: ${errors.join(' | ')}` : ''}`);
} catch (e) {
	problems.push(e.message);
	console.error(`FAIL: ${e.stack}`);
	// What the page said when it failed, and how it looked.
	const alerts = await page?.getByRole('alert').allTextContents().catch(() => []);
	if (alerts?.length) console.error(`the page's alerts: ${alerts.join(' | ')}`);
	await page?.screenshot({ path: join(out, 'failure.png'), fullPage: true }).catch(() => undefined);
} finally {
	await browser?.close();
	await extension?.close();
	await server?.close();
	// The vault and the node write into node.dir: wait for them to stop before it goes.
	await Promise.all([vault?.child, node.child].filter(Boolean).map((child) => stop(child)));
}
if (problems.length) {
	console.error(`e2e: ${problems.length} problem(s); the node's and the vault's logs: ${node.dir}`);
	process.exit(1);
}
rmSync(node.dir, { recursive: true, force: true });
console.log(`e2e: every flow passed; screenshots in ${out}`);
process.exit(0);

/** Stops `child` (SIGINT, then SIGKILL after 10 s) and resolves once it has exited. */
function stop(child) {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
	return new Promise((resolve) => {
		const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
		child.once('exit', () => (clearTimeout(force), resolve()));
		child.kill('SIGINT');
	});
}

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
