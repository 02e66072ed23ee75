// tests/e2e/mcp_client.mjs - drives `mailfleet mcp` with the official MCP
// TypeScript SDK (a client nobody here wrote) against the sandbox:
// initialize, tools/list, check, plan, run (refused without confirm, then
// confirmed), status, wait_domains, export, a cancelled long run then
// resume, and a scan of every result for the passwords the sandbox holds.
// Prints "ok NAME" / "not ok NAME: WHY" lines (tests/e2e/mcp_sdk.sh counts
// them) and writes the plan -> run -> status transcript to $TRANSCRIPT.
// Usage: node mcp_client.mjs SDK_DIR MAILFLEET MD_URL TOKEN_FILE WORKDIR
import { pathToFileURL } from 'node:url';
import { writeFileSync, appendFileSync } from 'node:fs';

const [sdk, mf, url, tokenFile, dir] = process.argv.slice(2);
const base = `${sdk}/node_modules/@modelcontextprotocol/sdk/dist/esm`;
const { Client } = await import(pathToFileURL(`${base}/client/index.js`));
const { StdioClientTransport } =
    await import(pathToFileURL(`${base}/client/stdio.js`));

const received = [];		// every result and notification, for the scan
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
});
let stderrText = '';
transport.stderr.on('data', (d) => { stderrText += d.toString(); });
const client = new Client({ name: 'mailfleet-e2e', version: '1.0.0' });
await client.connect(transport);
received.push(JSON.stringify(client.getServerVersion()));
expect('initialize', client.getServerVersion()?.name === 'mailfleet',
    JSON.stringify(client.getServerVersion()));

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
    'quota', 'pricing', 'wait_domains', 'diff']) {
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

// check
let r = await call('check', { kind: 'domains', file: 'd.csv' });
const c = r.structuredContent;
expect('check_counts', !r.isError && c.counts.valid === 2 &&
    c.counts.invalid === 1, JSON.stringify(r));
expect('check_first_error', c?.errors?.[0]?.row === 3 &&
    c.errors[0].column === 1 && /character/.test(c.errors[0].message),
    JSON.stringify(c?.errors));

// plan -> run (refused) -> run -> status
r = await call('plan', { command: 'import', kind: 'domains', file: 'd.csv',
    options: { rate: 'off' } }, { log: true });
const plan = r.structuredContent;
expect('plan', !r.isError && plan.counts.planned === 2 &&
    /^[0-9a-f]{16}$/.test(plan.plan_id) && plan.plan_file.endsWith('d.csv.plan.csv'),
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

// accounts on the new domains: wait, plan, run
r = await call('wait_domains', { file: 'dv.csv', timeout: 120, interval: 1 });
expect('wait_domains', !r.isError && r.structuredContent.rows === 2,
    JSON.stringify(r));
r = await call('plan', { command: 'import', kind: 'accounts', file: 'a.csv' },
    { log: true });
const aPlan = r.structuredContent;
expect('plan_accounts', !r.isError && aPlan.counts.planned === 3,
    JSON.stringify(r));
r = await call('run', { plan_id: aPlan?.plan_id, confirm: true }, { log: true });
expect('run_accounts', !r.isError && r.structuredContent.counts.created === 3 &&
    r.structuredContent.secret_columns.includes('password'), JSON.stringify(r));
r = await call('status', { file: 'a.csv' }, { log: true });
expect('status_accounts', r.structuredContent?.done === 3, JSON.stringify(r));

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
pw.push('Sup3rSecretPass1', 'pat_sandbox');
if (process.env.MCP_SCAN_EXTRA) pw.push(process.env.MCP_SCAN_EXTRA);
const all = received.join('\n') + stderrText;
const leaked = pw.filter((p) => all.includes(p));
expect('sandbox_holds_passwords', pw.length >= 5, `${pw.length} passwords`);
expect('no_secret_in_any_result', leaked.length === 0,
    `${leaked.length} leaked`);
await client.close();
