// tools-multi.mjs: two applications in one qtmcp, with the official SDK
// client on MCP 2024-11-05: a configuration with two [target NAME]
// sections (two copies of the test app under the probe double, port
// auto).  Every tool takes app, required for the application's tools and
// an enum of the two names; calls reach the app they name and only it
// (a property set in one is read in both); qtmcp_status lists both;
// qtmcp_events tells which app an event came from; one app restarting
// does not hold up calls to the other.

import { ok, is, done, watchdog, need, lives } from '../lib/tap.mjs';
import { waitFor, alive } from '../lib/mcp.mjs';
import { session, multiConfig, checkToolList, refused, checkMessages } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');

const APPS = ['one', 'two'];
const s = await session({ revision: '2024-11-05',
    config: multiConfig(APPS, { qtmcp: 'mode = all\n', extra: 'backoff_min = 2s\nstable_time = 10m\n' }) });
checkToolList(s.tools, 'all', { apps: APPS, tag: 'two apps' });

const status = async (args = {}) => s.ok('qtmcp_status', args);
const target = async app => (await status()).targets.find(t => t.name === app);
const ids = { one: {}, two: {} };
const pids = {};

await lives(async () => {
	await waitFor(async () => (await status()).targets.every(t => t.state === 'ready'), 60, 'both apps ready');
	const st = await status();
	is(st.targets.map(t => t.name), APPS, 'qtmcp_status lists both apps');
	for (const t of st.targets)
		pids[t.name] = t.pid;
	ok(pids.one !== pids.two && alive(pids.one) && alive(pids.two), `two processes (${pids.one}, ${pids.two})`);
	ok(st.targets[0].port !== st.targets[1].port, 'on two ports');
	is((await status({ app: 'two' })).targets.map(t => [t.name, t.pid]), [['two', pids.two]],
	    'qtmcp_status with app: only that one');
	for (const app of APPS)
		for (const n of ['nameEdit', 'submitButton', 'resultText', 'checkBox'])
			ids[app][n] = await s.id(n, { app });
}, 'two apps');

await lives(async () => {
	await refused(s, 'qt_objects_find', { name: 'nameEdit' }, /missing required parameter 'app'/,
	    'an app tool without app');
	await refused(s, 'cu_screenshot', {}, /missing required parameter 'app'/, 'cu_screenshot without app');
	await refused(s, 'qt_objects_find', { name: 'nameEdit', app: 'three' }, /'app'.*'three'.*one, two/,
	    'an app that is not configured');
	await refused(s, 'qtmcp_restart', {}, /missing required parameter 'app'/,
	    'qtmcp_restart without app');
	await refused(s, 'qtmcp_output', {}, /missing required parameter 'app'/, 'qtmcp_output without app');
	is((await status()).targets.length, 2, 'qtmcp_status without app: every app');
}, 'app is required');

await lives(async () => {
	await s.set(ids.one.nameEdit, 'text', 'from one', { app: 'one' });
	is([await s.get(ids.one.nameEdit, 'text', { app: 'one' }), await s.get(ids.two.nameEdit, 'text', { app: 'two' })],
	    ['from one', ''], 'set in one: one has it, two does not');
	await s.set(ids.two.nameEdit, 'text', 'from two', { app: 'two' });
	is([await s.get(ids.one.nameEdit, 'text', { app: 'one' }), await s.get(ids.two.nameEdit, 'text', { app: 'two' })],
	    ['from one', 'from two'], 'set in two: each has its own');
	const win = (await s.ok('qt_ui_geometry', { objectId: await s.id('MainWindow', { app: 'two' }), app: 'two' })).global;
	const g = (await s.ok('qt_ui_geometry', { objectId: ids.two.submitButton, app: 'two' })).global;
	await s.ok('cu_leftClick', { app: 'two', x: g.x - win.x + (g.width >> 1), y: g.y - win.y + (g.height >> 1) });
	is([await s.get(ids.one.resultText, 'plainText', { app: 'one' }),
	    await s.get(ids.two.resultText, 'plainText', { app: 'two' })],
	    ['', 'Name: from two\nEmail: \nMessage: '], 'cu_leftClick on Submit in two: only two submitted');
	const refs = (await s.ok('chr_find', { query: 'checkBox', app: 'one' })).matches;
	await s.ok('chr_click', { ref: refs[0].ref, app: 'one' });
	is([await s.get(ids.one.checkBox, 'checked', { app: 'one' }), await s.get(ids.two.checkBox, 'checked', { app: 'two' })],
	    [true, false], 'chr_click in one: only one\'s check box');
	for (const app of APPS) {
		const out = await s.ok('qtmcp_output', { app, stream: 'stdout' });
		ok(out.lines.some(l => l.text === `qtmcp-test-app: started, pid ${pids[app]}`),
		    `qtmcp_output app ${app}: that app's own lines`);
	}
}, 'calls reach the app they name');

await lives(async () => {
	const subs = {};
	for (const app of APPS)
		subs[app] = (await s.ok('qt_signals_subscribe', { app, objectId: ids[app].submitButton,
		    signal: 'clicked' })).subscriptionId;
	const since = (await s.ok('qtmcp_events', {})).next;
	await s.ok('qt_ui_click', { app: 'two', objectId: ids.two.submitButton });
	const all = await s.ok('qtmcp_events', { since });
	is(all.events.map(e => [e.app, e.type, e.signal, e.subscriptionId]), [['two', 'signal', 'clicked', subs.two]],
	    'qtmcp_events: the click in two, said to come from two');
	is((await s.ok('qtmcp_events', { since, app: 'one' })).events, [], 'qtmcp_events app one: nothing');
	is((await s.ok('qtmcp_events', { since, app: 'two' })).events.length, 1, 'qtmcp_events app two: the click');
}, 'events per app');

await lives(async () => {
	process.kill(pids.one, 'SIGSEGV');
	await waitFor(async () => (await target('one')).state !== 'ready', 30, 'one to be restarting');
	const progress = [];
	const [a, b] = await Promise.all([
		s.call('qt_ping', { app: 'one' }, { onprogress: p => progress.push(p) }),
		s.call('qt_properties_get', { app: 'two', objectId: ids.two.nameEdit, name: 'text' }),
	]);
	is(b.json && b.json.value, 'from two', 'while one restarts, two answers');
	ok(!a.isError && a.json.pong, 'and a call to one waits for it');
	ok(progress.length >= 2, `with progress notifications (${progress.length}; no message in 2024-11-05)`);
	const st = await status();
	const [one, two] = st.targets;
	ok(one.pid !== pids.one && one.restarts === 1, 'one was restarted');
	is([two.pid, two.restarts], [pids.two, 0], 'two was not');
	is(await s.get(ids.two.nameEdit, 'text', { app: 'two' }), 'from two', 'and kept its state');
	is(await s.get(await s.id('nameEdit', { app: 'one' }), 'text', { app: 'one' }), '', 'one starts afresh');
	const r = await s.ok('qtmcp_restart', { app: 'two' });
	is(r.app, 'two', 'qtmcp_restart app two');
	ok(r.pid !== pids.two && !alive(pids.two), 'two is a new process');
	is((await target('one')).pid, one.pid, 'one is untouched');
}, 'one restarts, the other goes on');

await checkMessages(s, 'two apps');
await s.close();
done();
