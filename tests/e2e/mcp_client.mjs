// tests/e2e/mcp_client.mjs - drives `mailfleet mcp` with the official MCP
// TypeScript SDK (a client nobody here wrote) against the sandbox:
// initialize, tools/list, logging (nothing before logging/setLevel, then
// messages at or above the level), check, plan (with its cost), run
// (refused without confirm, then confirmed), status, search_domains (names
// with a taken one, variations, a blocked TLD), wait_domains, export, a
// cancelled long run then resume, a fleet sheet (plan_fleet, apply_fleet
// refused without confirm, for another plan_id and after an edit, then
// confirmed, then a second plan_fleet: no changes), and a scan of every
// result and notification for the passwords the sandbox holds.
// Prints "ok NAME" / "not ok NAME: WHY" lines (tests/e2e/mcp_sdk.sh counts
// them) and writes the plan -> run -> status transcript to $TRANSCRIPT.
// Usage: node mcp_client.mjs SDK_DIR MAILFLEET MD_URL TOKEN_FILE WORKDIR
import { pathToFileURL } from 'node:url';
import { writeFileSync, appendFileSync, readFileSync, readdirSync,
    mkdirSync, statSync, existsSync } from 'node:fs';

const [sdk, mf, url, tokenFile, dir] = process.argv.slice(2);
const base = `${sdk}/node_modules/@modelcontextprotocol/sdk/dist/esm`;
const { Client } = await import(pathToFileURL(`${base}/client/index.js`));
const { StdioClientTransport, getDefaultEnvironment } =
    await import(pathToFileURL(`${base}/client/stdio.js`));
const { LoggingMessageNotificationSchema } =
    await import(pathToFileURL(`${base}/types.js`));

const received = [];		// every result and notification, for the scan
const fleetPws = [];		// the fleet result's passwords, for the scan
const transcript = process.env.TRANSCRIPT;
if (transcript) writeFileSync(transcript, '');
const ok = (name) => console.log(`ok ${name}`);
const bad = (name, why) => console.log(`not ok ${name}: ${why}`);
const expect = (name, cond, why) => (cond ? ok(name) : bad(name, why));
const note = (what, obj) => {
	if (transcript)
		appendFileSync(transcript, `${what}\n${JSON.stringify(obj, null, 2)}\n\n`);
};

const transport = new StdioClientTransport({
	command: mf,
	args: ['--api-url', url, '--token-file', tokenFile, 'mcp'],
	cwd: dir,
	stderr: 'pipe',
	// search_domains writes names[] under TMPDIR: a folder the test sees
	env: { ...getDefaultEnvironment(), TMPDIR: `${dir}/tmp` },
});
mkdirSync(`${dir}/tmp`, { recursive: true });
let stderrText = '';
transport.stderr.on('data', (d) => { stderrText += d.toString(); });
const client = new Client({ name: 'mailfleet-e2e', version: '1.0.0' });
const logs = [];			// notifications/message params
client.setNotificationHandler(LoggingMessageNotificationSchema, (n) => {
	received.push(JSON.stringify(n));
	logs.push(n.params);
});
await client.connect(transport);
received.push(JSON.stringify(client.getServerVersion()));
expect('initialize', client.getServerVersion()?.name === 'mailfleet',
    JSON.stringify(client.getServerVersion()));

// the sandbox's own answers, for what a result should say
const api = async (path) => (await fetch(`${url}${path}`, { headers:
    { Authorization: 'Bearer pat_sandbox' } })).json();
const held = async (product) => (await api('/v1/user/stats'))[product].in_use;
// cents of units HELD+1..HELD+N by the price list's tiers
async function expectedCost(product, h, n) {
	const ranges = (await api('/v1/billing/pricing'))[product].ranges;
	let cents = 0;
	for (let u = h + 1; u <= h + n; u++)
		cents += ranges.find((t) => (t.from ?? 0) <= u &&
		    (t.to ?? Infinity) >= u).price;
	return cents;
}
const dollars = (cents) => (cents / 100).toFixed(2);
// the plan's cost: the CLI's total, the tiers' total and the rows to buy
const costOk = (p, cents, toBuy, unavailable) => p?.cost &&
    p.cost.total_cents === cents && p.cost.total_dollars === dollars(cents) &&
    p.cost.to_buy === toBuy && p.cost.unavailable === unavailable &&
    p.summary.includes(`for $${dollars(cents)}`);

// a request the server may answer with a JSON-RPC error: the error, so
// that the checks after it still run
const attempt = (p) => p.catch((e) => ({ isError: true, error: e,
    content: [{ type: 'text', text: String(e) }] }));

async function call(name, args, opts = {}) {
	if (transcript && opts.log)
		note(`-> tools/call ${name}`, args);
	const r = await client.callTool({ name, arguments: args }, undefined,
	    { timeout: 180000, ...opts });
	received.push(JSON.stringify(r));
	if (transcript && opts.log)
		note(`<- ${name}`, r.structuredContent ?? r.content);
	return r;
}

// tools/list: every tool, with schemas and hints
const list = await client.listTools();
received.push(JSON.stringify(list));
const names = list.tools.map((t) => t.name);
for (const n of ['check', 'plan', 'run', 'status', 'resume', 'export',
    'quota', 'pricing', 'wait_domains', 'diff', 'search_domains',
    'plan_fleet', 'apply_fleet']) {
	const t = list.tools.find((x) => x.name === n);
	expect(`list_${n}`, t && t.inputSchema?.type === 'object' &&
	    t.outputSchema?.type === 'object' &&
	    typeof t.annotations?.readOnlyHint === 'boolean' &&
	    typeof t.annotations?.destructiveHint === 'boolean' &&
	    typeof t.annotations?.idempotentHint === 'boolean',
	    JSON.stringify(t ?? names));
}
const runTool = list.tools.find((x) => x.name === 'run');
expect('run_is_destructive', runTool?.annotations?.destructiveHint === true &&
    runTool?.annotations?.readOnlyHint === false, JSON.stringify(runTool));
const planTool = list.tools.find((x) => x.name === 'plan');
expect('plan_options_from_table',
    planTool?.inputSchema?.properties?.options?.properties?.rate?.type === 'string',
    JSON.stringify(planTool?.inputSchema));

// logging: nothing before a setLevel, then the child's lines at or above it
expect('logging_capability', client.getServerCapabilities()?.logging !== undefined,
    JSON.stringify(client.getServerCapabilities()));
let r = await call('check', { kind: 'domains', file: 'd.csv' });
expect('no_log_before_setlevel', logs.length === 0, JSON.stringify(logs));
await attempt(client.setLoggingLevel('info'));
r = await call('check', { kind: 'domains', file: 'd.csv' });
expect('log_message_after_setlevel', logs.some((l) => l.level === 'info' &&
    l.logger === 'mailfleet' && l.data?.tool === 'check' &&
    /3 rows, 2 valid, 1 invalid/.test(l.data?.message)), JSON.stringify(logs));
let n0 = logs.length;
await attempt(client.setLoggingLevel('error'));
r = await call('check', { kind: 'domains', file: 'd.csv' });
expect('log_level_filters', logs.length === n0, JSON.stringify(logs.slice(n0)));
try {
	await client.request({ method: 'logging/setLevel',
	    params: { level: 'verbose' } }, (await import(pathToFileURL(
	    `${base}/types.js`))).EmptyResultSchema);
	bad('log_invalid_level_refused', 'accepted');
} catch (e) {
	expect('log_invalid_level_refused', e.code === -32602, String(e));
}
// debug from here on: the children run with -v, and the secret scan
// covers their lines too
await attempt(client.setLoggingLevel('debug'));
n0 = logs.length;

// check
r = await call('check', { kind: 'domains', file: 'd.csv' });
const c = r.structuredContent;
expect('check_counts', !r.isError && c.counts.valid === 2 &&
    c.counts.invalid === 1, JSON.stringify(r));
expect('check_first_error', c?.errors?.[0]?.row === 3 &&
    c.errors[0].column === 1 && /character/.test(c.errors[0].message),
    JSON.stringify(c?.errors));

// plan -> run (refused) -> run -> status
let want = await expectedCost('domains', await held('domains'), 2);
r = await call('plan', { command: 'import', kind: 'domains', file: 'd.csv',
    options: { rate: 'off' } }, { log: true });
const plan = r.structuredContent;
expect('plan', !r.isError && plan.counts.planned === 2 &&
    /^[0-9a-f]{16}$/.test(plan.plan_id) && plan.plan_file.endsWith('d.csv.plan.csv'),
    JSON.stringify(r));
expect('plan_cost', costOk(plan, want, 2, 0), JSON.stringify({ want, plan }));
// a taken name: unavailable, not counted in the cost (tiers: 3 at $15,
// then $12, see mcp_sdk.sh)
want = await expectedCost('domains', await held('domains'), 4);
r = await call('plan', { command: 'import', kind: 'domains', file: 'c.csv' });
expect('plan_cost_unavailable', !r.isError &&
    r.structuredContent.counts.unavailable === 1 &&
    costOk(r.structuredContent, want, 4, 1) && want !== 4 * 1500,
    JSON.stringify({ want, r }));
r = await call('plan', { command: 'delete', kind: 'accounts', file: 'a.csv' });
expect('plan_unpriced_cost_null', !r.isError && r.structuredContent.cost === null,
    JSON.stringify(r));
r = await call('run', { plan_id: plan.plan_id }, { log: true });
expect('run_refused_without_confirm', r.isError === true &&
    /confirm/.test(r.content[0].text), JSON.stringify(r));
r = await call('run', { plan_id: plan.plan_id, confirm: false });
expect('run_refused_confirm_false', r.isError === true, JSON.stringify(r));
r = await call('status', { file: 'd.csv' });
expect('nothing_ran_before_confirm', r.structuredContent?.journaled === false,
    JSON.stringify(r));
r = await call('run', { plan_id: plan.plan_id, confirm: true }, { log: true });
expect('run_confirmed', !r.isError && r.structuredContent.counts.created === 2 &&
    r.structuredContent.interrupted === false, JSON.stringify(r));
r = await call('status', { file: 'd.csv' }, { log: true });
const st = r.structuredContent;
expect('status_after_run', st?.journaled && st.finished && !st.resumable &&
    st.done === 2 && st.failed === 1 && st.pending === 0, JSON.stringify(r));
r = await call('run', { plan_id: 'ffffffffffffffff', confirm: true });
expect('run_unknown_plan', r.isError === true, JSON.stringify(r));

// a plan whose input changed afterwards is refused
r = await call('plan', { command: 'import', kind: 'domains', file: 'e.csv' });
const ePlan = r.structuredContent?.plan_id;
appendFileSync(`${dir}/e.csv`, 'changed-after-plan.com\n');
r = await call('run', { plan_id: ePlan, confirm: true });
expect('run_refused_when_input_changed', r.isError === true &&
    /changed/.test(r.content[0].text), JSON.stringify(r));

// secrets and paths
r = await call('check', { kind: 'domains', file: 'd.csv', token: 'pat_x' });
expect('token_argument_refused', r.isError === true, JSON.stringify(r));
r = await call('check', { kind: 'domains', file: '/etc/passwd' });
expect('path_outside_refused', r.isError === true &&
    /outside/.test(r.content[0].text), JSON.stringify(r));

// search_domains: names (a taken one, a partial one, a blocked TLD) with
// variations; the temporary input is gone afterwards
r = await attempt(call('search_domains', { names: ['mcp-s1.com', 'mcp-taken.com',
    'bad.xyz', 'mcp-part'], variations: 2 }));
const sr = r.structuredContent;
const rowsOf = (n) => (sr?.results ?? []).filter((x) => x.requested === n);
expect('search_names', !r.isError && sr.file === null &&
    sr.result_file === `${dir}/domains.search.csv` && sr.exit_code === 2,
    JSON.stringify(r));
expect('search_variations', rowsOf('mcp-s1.com').length === 3 &&
    rowsOf('mcp-s1.com')[0].domain === 'mcp-s1.com' &&
    rowsOf('mcp-s1.com').every((x) => x.row === 1 && x.status === 'available' &&
    x.available === true && x.price_cents > 0 &&
    x.price === dollars(x.price_cents)), JSON.stringify(sr?.results));
expect('search_taken_unavailable', rowsOf('mcp-taken.com').some((x) =>
    x.domain === 'mcp-taken.com' && x.row === 2 && x.status === 'unavailable' &&
    x.available === false && x.price_cents === null),
    JSON.stringify(sr?.results));
expect('search_partial_name', rowsOf('mcp-part').length > 0 &&
    rowsOf('mcp-part').every((x) => x.row === 4 &&
    x.domain.startsWith('mcp-part.')), JSON.stringify(sr?.results));
expect('search_blocked_tld_error', sr?.errors?.length === 1 &&
    sr.errors[0].row === 3 && sr.errors[0].column === 1 &&
    /does not register \.xyz/.test(sr.errors[0].message) &&
    sr.results.some((x) => x.row === 3 && x.status === 'invalid'),
    JSON.stringify(sr?.errors));
{
	const lines = readFileSync(sr?.result_file ?? '/dev/null', 'utf8')
	    .trim().split('\n');
	const n = sr?.counts ?? {};
	expect('search_counts', sr?.rows === lines.length - 1 &&
	    n.available + n.unavailable + n.invalid + n.failed === sr.rows &&
	    n.unavailable >= 1 && n.invalid === 1, JSON.stringify(n));
}
expect('search_temp_input_removed', readdirSync(`${dir}/tmp`).length === 0,
    readdirSync(`${dir}/tmp`).join(' '));
r = await attempt(call('search_domains', { file: 'dv.csv',
    output: 'dv.search.csv' }));
expect('search_file', !r.isError && r.structuredContent?.file === `${dir}/dv.csv` &&
    r.structuredContent.results.length === 2 &&
    r.structuredContent.results.every((x) => x.status === 'unavailable'),
    JSON.stringify(r));
r = await attempt(call('search_domains', { file: 'dv.csv', names: ['a.com'] }));
expect('search_file_or_names', r.isError === true && r.error === undefined,
    JSON.stringify(r));
{
	const t = list.tools.find((x) => x.name === 'search_domains');
	expect('search_read_only', t?.annotations?.readOnlyHint === true &&
	    t.annotations.destructiveHint === false &&
	    t.inputSchema?.properties?.names?.type === 'array',
	    JSON.stringify(t));
}

// accounts on the new domains: wait, plan, run
r = await call('wait_domains', { file: 'dv.csv', timeout: 120, interval: 1 });
expect('wait_domains', !r.isError && r.structuredContent.rows === 2,
    JSON.stringify(r));
want = await expectedCost('maildoso_accounts', await held('maildoso_accounts'), 3);
r = await call('plan', { command: 'import', kind: 'accounts', file: 'a.csv' },
    { log: true });
const aPlan = r.structuredContent;
expect('plan_accounts', !r.isError && aPlan.counts.planned === 3,
    JSON.stringify(r));
expect('plan_accounts_cost', costOk(aPlan, want, 3, 0),
    JSON.stringify({ want, aPlan }));
r = await call('run', { plan_id: aPlan?.plan_id, confirm: true }, { log: true });
expect('run_accounts', !r.isError && r.structuredContent.counts.created === 3 &&
    r.structuredContent.secret_columns.includes('password'), JSON.stringify(r));
r = await call('status', { file: 'a.csv' }, { log: true });
expect('status_accounts', r.structuredContent?.done === 3, JSON.stringify(r));

// a fleet sheet: 3 inboxes on mcp-two.com (there, ACTIVE), 3 on a name
// to buy, 1 on a taken name; plan_fleet, apply_fleet refused (no confirm,
// another plan's id, the sheet edited), confirmed, planned again
{
	const t = list.tools.find((x) => x.name === 'apply_fleet');
	expect('apply_fleet_is_destructive', t?.annotations?.destructiveHint === true &&
	    t.annotations.readOnlyHint === false &&
	    t.inputSchema?.properties?.confirm?.const === true,
	    JSON.stringify(t));
	const pf = list.tools.find((x) => x.name === 'plan_fleet');
	const o = pf?.inputSchema?.properties?.options?.properties ?? {};
	expect('plan_fleet_options_from_table', o.rate?.type === 'string' &&
	    o.json === undefined && o['detailed-exitcode'] === undefined &&
	    pf.annotations.readOnlyHint === true, JSON.stringify(pf));
}
// a CSV's rows as objects (quoted cells as the writer quotes them)
const csvRows = (path) => {
	const text = readFileSync(path, 'utf8');
	const rows = [];
	let row = [], cell = '', q = false;
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (q) {
			if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; }
			else if (ch === '"') q = false;
			else cell += ch;
		} else if (ch === '"') q = true;
		else if (ch === ',') { row.push(cell); cell = ''; }
		else if (ch === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
		else cell += ch;
	}
	if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
	const [h, ...data] = rows;
	return data.map((r) => Object.fromEntries(h.map((k, i) => [k, r[i] ?? ''])));
};
const fleetPw = 'Fl33tGivenPass9!';
const fleetSheet = 'email,first_name,last_name,password,team\n' +
    'f1@mcp-two.com,Fay,One,,x\n' +
    `f2@mcp-two.com,Fay,Two,${fleetPw},x\n` +
    'f3@mcp-two.com,Fay,Three,,x\n' +
    'g1@mcp-fleet.com,Gus,One,,y\n' +
    'g2@mcp-fleet.com,Gus,Two,,y\n' +
    'g3@mcp-fleet.com,Gus,Three,,y\n' +
    't1@mcp-taken.com,Tia,One,,z\n';
writeFileSync(`${dir}/fleet.csv`, fleetSheet);
want = await expectedCost('domains', await held('domains'), 1) +
    await expectedCost('maildoso_accounts', await held('maildoso_accounts'), 6);
r = await attempt(call('plan_fleet', { file: 'fleet.csv', options: { rate: 'off' } },
    { log: true }));
const fp = r.structuredContent;
expect('plan_fleet', !r.isError && /^[0-9a-f]{16}$/.test(fp.plan_id) &&
    fp.changes === true && fp.file === `${dir}/fleet.csv` &&
    fp.plan_file === `${dir}/fleet.plan.csv` && existsSync(fp.plan_file) &&
    fp.exit_code === 2, JSON.stringify(r));
expect('plan_fleet_counts', fp?.domains?.active === 1 && fp.domains.buy === 1 &&
    fp.domains.unavailable === 1 && fp.domains.moving === 0 &&
    fp.domains.external === 0 && fp.domains.blocked === 0 &&
    fp.domains.restart === 0 && fp.inboxes.create === 6 &&
    fp.inboxes.there === 0 && fp.inboxes.held === 1 &&
    fp.inboxes.over_limit === 0 && fp.inboxes.unavailable === 0 &&
    fp.forwarding.create === 0 && fp.links === 0 && fp.redirects === 0 &&
    fp.pushes === 0, JSON.stringify(fp));
expect('plan_fleet_cost', fp?.cost?.total_cents === want &&
    fp.cost.total_dollars === dollars(want) &&
    /1 domains for \$/.test(fp.cost.words) &&
    /6 maildoso_accounts for \$/.test(fp.cost.words) &&
    Number.isInteger(fp.quota_left?.inboxes) &&
    Number.isInteger(fp.quota_left?.domains), JSON.stringify({ want, fp }));
expect('plan_fleet_plan_file_rows', existsSync(`${dir}/fleet.plan.csv`) &&
    csvRows(`${dir}/fleet.plan.csv`).map((x) => x.plan_domain).join(' ') ===
    'active active active buy buy buy unavailable',
    existsSync(`${dir}/fleet.plan.csv`) ? readFileSync(`${dir}/fleet.plan.csv`, 'utf8') : 'no plan file');
const domainsNow = async () => JSON.stringify(await api('/v1/user/domains?limit=1000'));
r = await attempt(call('apply_fleet', { plan_id: fp?.plan_id }, { log: true }));
const refusals = [r];
expect('apply_fleet_refused_without_confirm', r.isError === true &&
    /confirm/.test(r.content[0].text), JSON.stringify(r));
r = await attempt(call('apply_fleet', { plan_id: fp?.plan_id, confirm: false }));
refusals.push(r);
expect('apply_fleet_refused_confirm_false', r.isError === true &&
    r.error === undefined && /confirm: true/.test(r.content[0].text),
    JSON.stringify(r));
r = await attempt(call('apply_fleet', { plan_id: 'ffffffffffffffff', confirm: true }));
refusals.push(r);
expect('apply_fleet_unknown_plan', r.isError === true &&
    /no plan_id/.test(r.content[0].text), JSON.stringify(r));
r = await attempt(call('apply_fleet', { plan_id: aPlan?.plan_id, confirm: true }));
refusals.push(r);
expect('apply_fleet_refuses_a_plan_of_plan', r.isError === true &&
    /no plan_id/.test(r.content[0].text), JSON.stringify(r));
r = await attempt(call('run', { plan_id: fp?.plan_id, confirm: true }));
refusals.push(r);
expect('run_refuses_a_fleet_plan', r.isError === true &&
    /no plan_id/.test(r.content[0].text), JSON.stringify(r));
appendFileSync(`${dir}/fleet.csv`, 'g4@mcp-fleet.com,Gus,Four,,y\n');
r = await attempt(call('apply_fleet', { plan_id: fp?.plan_id, confirm: true }));
refusals.push(r);
expect('apply_fleet_refused_when_sheet_changed', r.isError === true &&
    /changed since plan/.test(r.content[0].text), JSON.stringify(r));
writeFileSync(`${dir}/fleet.csv`, fleetSheet);	// the planned bytes again
expect('apply_fleet_refused_nothing_bought', refusals.length === 6 &&
    refusals.every((x) => x.isError === true && x.error === undefined) &&
    !(await domainsNow()).includes('mcp-fleet.com') &&
    !existsSync(`${dir}/fleet.result.csv`), 'something was bought');
r = await attempt(call('apply_fleet', { plan_id: fp?.plan_id, confirm: true,
    timeout: 120, interval: 0.2 }, { log: true }));
const fa = r.structuredContent;
expect('apply_fleet_confirmed', !r.isError && fa.counts.ready === 6 &&
    fa.counts.domain_unavailable === 1 && fa.rows === 7 &&
    fa.exit_code === 2 && fa.interrupted === false &&
    fa.result_file === `${dir}/fleet.result.csv` &&
    fa.secret_columns.some((x) => /^password/.test(x)), JSON.stringify(r));
expect('apply_fleet_not_ready_rows', fa?.not_ready?.length === 1 &&
    fa.not_ready[0].row === 7 && fa.not_ready[0].key === 't1@mcp-taken.com' &&
    fa.not_ready[0].status === 'domain_unavailable' &&
    fa.not_ready[0].error.length > 0 &&
    Object.keys(fa.not_ready[0]).sort().join() === 'error,key,row,status' &&
    fa.not_ready_truncated === false, JSON.stringify(fa?.not_ready));
{
	const res = existsSync(`${dir}/fleet.result.csv`) ?
	    csvRows(`${dir}/fleet.result.csv`) : [];
	const pws = res.map((x) => x.password_2).filter((x) => x.length >= 8);
	const text = JSON.stringify(r);
	expect('apply_fleet_result_0600_with_passwords', res.length === 7 &&
	    pws.length === 6 && pws.includes(fleetPw) &&
	    (statSync(`${dir}/fleet.result.csv`).mode & 0o777) === 0o600,
	    `${res.length} rows, ${pws.length} passwords`);
	expect('apply_fleet_returns_no_password', !r.isError && pws.length === 6 &&
	    pws.every((p) => !text.includes(p)), 'a password in the result');
	fleetPws.push(...pws);
}
{
	const accts = JSON.stringify(await api('/v1/user/accounts-lookup?limit=1000'));
	const mine = ['f1@mcp-two.com', 'f2@mcp-two.com', 'f3@mcp-two.com',
	    'g1@mcp-fleet.com', 'g2@mcp-fleet.com', 'g3@mcp-fleet.com'];
	expect('apply_fleet_sandbox_has_the_inboxes', !r.isError &&
	    mine.every((e) => accts.includes(`"${e}"`)) &&
	    !accts.includes('t1@mcp-taken.com') &&
	    (await domainsNow()).includes('"mcp-fleet.com"'),
	    mine.filter((e) => !accts.includes(`"${e}"`)).join(' '));
}
r = await attempt(call('plan_fleet', { file: 'fleet.csv', options: { rate: 'off' } }));
const fp2 = r.structuredContent;
expect('plan_fleet_again_no_changes', !r.isError && fp2.changes === false &&
    fp2.inboxes.create === 0 && fp2.inboxes.there === 6 &&
    fp2.domains.active === 2 && fp2.domains.buy === 0 &&
    fp2.cost.total_cents === 0 && fp2.plan_id === fp.plan_id,
    JSON.stringify(r));

// export
r = await call('export', { kind: 'accounts', format: 'raw',
    output: 'accounts.csv' });
expect('export', !r.isError && r.structuredContent.rows >= 3 &&
    r.structuredContent.output.endsWith('/accounts.csv') &&
    r.structuredContent.secret_columns.length > 0, JSON.stringify(r));
r = await call('quota', {});
expect('quota', !r.isError && r.structuredContent.resources.length > 0,
    JSON.stringify(r));
// pricing: the tiers the provider answers, unit prices in cents
{
	const res = await fetch(`${url}/v1/billing/pricing`, { headers:
	    { Authorization: 'Bearer pat_sandbox' } });
	const want = [];
	for (const [product, p] of Object.entries(await res.json()))
		for (const t of p.ranges)
			want.push({ product, from: t.from ?? null, to: t.to ?? null,
			    unit_price_cents: t.price });
	r = await call('pricing', {});
	const got = r.structuredContent?.tiers ?? [];
	expect('pricing', !r.isError && got.length === want.length &&
	    want.every((w, i) => JSON.stringify(w) === JSON.stringify(got[i])),
	    JSON.stringify({ want, got }));
}

// a long run, cancelled after its first progress, then resumed
r = await call('plan', { command: 'import', kind: 'domains', file: 'long.csv',
    options: { rate: '4/s', batch: 1 } });
const lPlan = r.structuredContent;
const ac = new AbortController();
let progress = 0;
let cancelled = false;
try {
	await call('run', { plan_id: lPlan.plan_id, confirm: true }, {
		signal: ac.signal,
		onprogress: (p) => {
			received.push(JSON.stringify(p));
			progress++;
			if (p.progress >= 2) ac.abort('test cancels');
		},
	});
} catch (e) {
	cancelled = true;
}
expect('long_run_progress', progress > 0, `progress ${progress}`);
expect('long_run_cancelled', cancelled, 'the call was not cancelled');
let s2;
for (let i = 0; i < 200; i++) {		// until the child has stopped
	s2 = (await call('status', { file: 'long.csv' })).structuredContent;
	if (!s2.running) break;
	await new Promise((res) => setTimeout(res, 100));
}
expect('status_after_cancel', s2.journaled && !s2.finished && s2.resumable &&
    s2.pending > 0 && s2.done > 0, JSON.stringify(s2));
r = await call('resume', { file: 'long.csv' });
const rs = r.structuredContent;
expect('resume', !r.isError && rs.exit_code === 0 &&
    (rs.counts.created ?? 0) + (rs.counts.exists ?? 0) === 40,
    JSON.stringify(r));
r = await call('status', { file: 'long.csv' });
expect('status_after_resume', r.structuredContent.finished &&
    r.structuredContent.pending === 0, JSON.stringify(r));

// the secret scan: the passwords the sandbox holds
const look = await fetch(`${url}/v1/user/accounts-lookup?limit=1000`, {
	headers: { Authorization: 'Bearer pat_sandbox' } });
const body = await look.text();
const pw = [...body.matchAll(/"password":"([^"]+)"/g)].map((m) => m[1]);
pw.push('Sup3rSecretPass1', 'pat_sandbox', 'Fl33tGivenPass9!', ...fleetPws);
if (process.env.MCP_SCAN_EXTRA) pw.push(process.env.MCP_SCAN_EXTRA);
const all = received.join('\n') + stderrText;
const leaked = pw.filter((p) => all.includes(p));
expect('sandbox_holds_passwords', pw.length >= 5, `${pw.length} passwords`);
expect('log_debug_lines', logs.slice(n0).some((l) => l.level === 'debug' &&
    /^http: /.test(l.data?.message)), `${logs.length - n0} messages`);
expect('no_secret_in_any_result', leaked.length === 0,
    `${leaked.length} leaked`);
await client.close();
