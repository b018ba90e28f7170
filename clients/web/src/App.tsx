// The app's frame: the node it is connected to, the account the user acts as (from an
// extension, or the demo's in developer mode), who that account is on chain, and the screens
// offered to it.

import { useEffect, useState } from 'react';
import type { ApiPromise } from '@polkadot/api';
import { developerAccounts, extensionAccounts, isTestChain, type Account } from './accounts';
import { connect, nodeUrl } from './chain';
import { vaultUrls } from './vault';
import { short } from './format';
import { describeIdentity, identify, screensFor, type Identity, type Screen } from './identity';
import { Admin } from './screens/Admin';
import { Clinician } from './screens/Clinician';
import { Consent, Trail } from './screens/Consent';
import { Devices } from './screens/Devices';
import { DevicesUsedOnMe } from './screens/MyDevices';
import { Orders } from './screens/Orders';
import { RecordKeyPanel, useRecordKey } from './screens/RecordKey';
import { RecordList } from './screens/Records';
import { Regulator } from './screens/Regulator';
import { Statistics } from './screens/Statistics';
import { Empty, ErrorNote, Show, useLoad } from './ui';

const TITLES: Record<Screen, string> = {
	records: 'My records',
	consent: 'Who may open them',
	trail: 'Openings and history',
	patients: 'Patients',
	regulator: 'Regulator',
	statistics: 'Statistics',
	devices: 'Devices',
	orders: 'Orders',
	admin: 'Administration',
};

export const App = () => {
	const url = nodeUrl();
	const [chain] = useLoad(async () => {
		const api = await connect(url);
		const testChain = await isTestChain(api);
		const name = (await api.rpc.system.chain()).toString();
		const accounts = [...(await extensionAccounts()), ...(testChain ? await developerAccounts() : [])];
		return { api, testChain, name, accounts };
	}, [url]);
	return (
		<>
			<header>
				<h1>medchain</h1>
				<Show loaded={chain} what={`the node at ${url}`}>
					{({ name, testChain }) => (
						<p className="chain">
							{name} at {url}; record vaults: {[...vaultUrls()].map(([org, at]) => `organisation ${org} at ${at}`).join(', ') || 'none'}
							{testChain && <strong className="developer"> Developer mode: demo accounts with public keys. Never on a real chain.</strong>}
						</p>
					)}
				</Show>
			</header>
			<main>
				<Show loaded={chain} what="the chain">
					{({ api, accounts }) => <Session api={api} accounts={accounts} />}
				</Show>
			</main>
		</>
	);
};

/** An account's option in the account picker. */
const choiceOf = (a: Account): string => `${a.source}:${a.address}`;

const Session = ({ api, accounts }: { api: ApiPromise; accounts: Account[] }) => {
	// By source and address: an extension and the developer mode may hold the same account.
	const [choice, setChoice] = useState(accounts[0] ? choiceOf(accounts[0]) : '');
	const account = accounts.find((a) => choiceOf(a) === choice);
	const address = account?.address ?? '';
	// With the account it is of: for one render after a change of account, the last one's is still shown.
	const [identity] = useLoad(async () => ({ of: address, who: address ? await identify(api, address) : ({ kind: 'unknown' } as Identity) }), [api, address]);
	const [screen, setScreen] = useState<Screen | null>(null);
	const [recordKey, reloadKey] = useRecordKey(api, address);
	useEffect(() => setScreen(null), [address]);
	if (accounts.length === 0)
		return (
			<ErrorNote>
				No account: install a Polkadot extension (polkadot{'{'}.js{'}'}, Talisman or SubWallet), add your account, and let this page see it.
			</ErrorNote>
		);
	return (
		<>
			<nav aria-label="account">
				<label>
					Act as{' '}
					<select value={choice} onChange={(e) => setChoice(e.target.value)}>
						{accounts.map((a) => (
							<option key={choiceOf(a)} value={choiceOf(a)}>
								{a.name} ({short(a.address)}){a.source === 'developer' ? ' [demo]' : ''}
							</option>
						))}
					</select>
				</label>
			</nav>
			<Show loaded={identity} what="who this account is">
				{({ of, who }) => {
					// Until the identity of the account now chosen is read, nothing acts as it.
					if (of !== address) return <p className="loading" role="status">Loading who this account is…</p>;
					const screens = screensFor(who);
					const current = screen ?? screens[0] ?? null;
					return (
						<>
							<p className="identity" data-testid="identity" data-account={of}>
								{describeIdentity(who)}
							</p>
							{screens.length > 1 && (
								<nav aria-label="screens" className="tabs">
									{screens.map((s) => (
										<button type="button" key={s} aria-pressed={s === current} onClick={() => setScreen(s)}>
											{TITLES[s]}
										</button>
									))}
								</nav>
							)}
							{current === null && <Empty>This account has no screen here yet.</Empty>}
							{(current === 'records' || current === 'patients') && account && (
								<RecordKeyPanel api={api} address={address} signing={account.signing} loaded={recordKey} changed={reloadKey} />
							)}
							{current === 'records' && account && (
								<>
									<RecordList api={api} me={address} signing={account.signing} patient={address} keyLoaded={recordKey} sharing title="My records" />
									<DevicesUsedOnMe api={api} me={address} signing={account.signing} keyLoaded={recordKey} />
								</>
							)}
							{current === 'consent' && account && <Consent api={api} me={address} signing={account.signing} />}
							{current === 'trail' && account && <Trail api={api} me={address} signing={account.signing} />}
							{current === 'patients' && account && who.kind === 'staff' && (
								<Clinician api={api} me={address} org={who.org.id} signing={account.signing} keyLoaded={recordKey} />
							)}
							{current === 'regulator' && account && <Regulator api={api} signing={account.signing} />}
							{current === 'statistics' && <Statistics api={api} />}
							{current === 'devices' && account && who.kind === 'staff' && <Devices api={api} org={who.org.id} roles={who.roles} me={address} signing={account.signing} />}
							{current === 'orders' && account && who.kind === 'staff' && <Orders api={api} org={who.org} signing={account.signing} />}
							{current === 'admin' && account && who.kind === 'staff' && <Admin api={api} org={who.org} roles={who.roles} signing={account.signing} />}
						</>
					);
				}}
			</Show>
		</>
	);
};
