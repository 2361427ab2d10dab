// tools-events.mjs: signal emissions end to end, with the official SDK
// client on MCP 2025-06-18 against the real qtmcp and the probe double:
// qt_signals_subscribe on a button's clicked signal (with the registry id
// qt_objects_find gives), a click, and qtmcp_events returning the
// emission -- waiting for it with wait_ms, after a cursor with since,
// narrowed by subscriptionId and limit; the qtmcp://events resource with
// resources/subscribe and its notifications/resources/updated; the
// destroyed signal qtmcp recommends instead of lifecycle notifications;
// and what becomes of subscriptions when the app restarts.

import { ok, is, like, done, watchdog, need, lives } from '../lib/tap.mjs';
import { waitFor } from '../lib/mcp.mjs';
import { session, refused, checkMessages } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');
const { ResourceUpdatedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');

const s = await session({ mode: 'native', revision: '2025-06-18' });
const updates = [];
s.client.setNotificationHandler(ResourceUpdatedNotificationSchema, n => updates.push(n.params.uri));
const ids = {};
for (const n of ['submitButton', 'clearButton', 'slider', 'nameEdit'])
	ids[n] = await s.id(n);
const subs = {};
let cursor;

await lives(async () => {
	await s.client.subscribeResource({ uri: 'qtmcp://events' });
	await s.client.subscribeResource({ uri: 'qtmcp://status' });
	subs.click = (await s.ok('qt_signals_subscribe', { objectId: ids.submitButton, signal: 'clicked' })).subscriptionId;
	subs.value = (await s.ok('qt_signals_subscribe', { objectId: ids.slider, signal: 'valueChanged' })).subscriptionId;
	like(subs.click, /^sub_\d+$/, `qt_signals_subscribe clicked: ${subs.click}`);
	ok(subs.value !== subs.click, `valueChanged: another subscription (${subs.value})`);
	const first = await s.ok('qtmcp_events', {});
	is([first.events, first.dropped], [[], 0], 'qtmcp_events: nothing yet');
	cursor = first.next;

	// The wait starts before the click: qtmcp reads requests in order.
	const waiting = s.ok('qtmcp_events', { since: cursor, wait_ms: 60000, subscriptionId: subs.click });
	await s.ok('qt_ui_click', { objectId: ids.submitButton });
	const got = await waiting;
	is(got.events.map(e => [e.type, e.method, e.signal, e.objectId, e.subscriptionId, e.app]),
	    [['signal', 'qtmcp.signalEmitted', 'clicked', ids.submitButton, subs.click, 'app']],
	    'a qtmcp_events waiting with wait_ms returns the click');
	ok(got.events[0].seq > cursor && got.next === got.events[0].seq, 'numbered after the cursor; next is its number');
	is(got.events[0].arguments, [], 'signal arguments are empty (the probe never sends them)');
	ok(!Number.isNaN(Date.parse(got.events[0].time)), 'with a time');
	await waitFor(() => updates.includes('qtmcp://events'), 30, 'notifications/resources/updated');
	ok(true, 'resources/subscribe qtmcp://events: notifications/resources/updated came');
	const rd = await s.client.readResource({ uri: 'qtmcp://events' });
	is(rd.contents[0].mimeType, 'application/json', 'qtmcp://events is JSON');
	ok(JSON.parse(rd.contents[0].text).events.some(e => e.seq === got.events[0].seq), 'holding the click');
	cursor = got.next;
	const none = await s.ok('qtmcp_events', { since: cursor, wait_ms: 200 });
	is([none.events, none.next], [[], cursor], 'nothing new: wait_ms ends with no events, next unchanged');
}, 'subscribe, click, qtmcp_events');

await lives(async () => {
	await s.set(ids.slider, 'value', 64);
	await s.ok('qt_ui_click', { objectId: ids.submitButton });
	await s.set(ids.slider, 'value', 65);
	const all = await s.ok('qtmcp_events', { since: cursor });
	is(all.events.map(e => [e.signal, e.subscriptionId]),
	    [['valueChanged', subs.value], ['clicked', subs.click], ['valueChanged', subs.value]],
	    'both subscriptions, in the order of the emissions');
	ok(all.events.every((e, i) => i === 0 || e.seq > all.events[i - 1].seq), 'with increasing numbers');
	is((await s.ok('qtmcp_events', { since: cursor, subscriptionId: subs.click })).events.map(e => e.signal),
	    ['clicked'], 'subscriptionId narrows them to one subscription');
	is((await s.ok('qtmcp_events', { since: cursor, subscriptionId: subs.value })).events.map(e => e.objectId),
	    [ids.slider, ids.slider], 'and to the other');
	const lim = await s.ok('qtmcp_events', { since: cursor, limit: 2 });
	is([lim.events.map(e => e.seq), lim.omitted], [all.events.slice(1).map(e => e.seq), 1],
	    'limit 2: the newest two, one omitted');
	cursor = all.next;
	is(await s.ok('qt_signals_unsubscribe', { subscriptionId: subs.value }), { success: true },
	    'qt_signals_unsubscribe valueChanged');
	await s.set(ids.slider, 'value', 10);
	await s.ok('qt_ui_click', { objectId: ids.submitButton });
	is((await s.ok('qtmcp_events', { since: cursor })).events.map(e => e.signal), ['clicked'],
	    'after it, only the clicks are recorded');
	cursor = (await s.ok('qtmcp_events', { since: cursor })).next;
}, 'since, subscriptionId, limit, unsubscribe');

await lives(async () => {
	const sub = (await s.ok('qt_signals_subscribe', { objectId: ids.clearButton, signal: 'destroyed' })).subscriptionId;
	const waiting = s.ok('qtmcp_events', { since: cursor, wait_ms: 60000, subscriptionId: sub });
	await s.ok('qt_methods_invoke', { objectId: ids.clearButton, method: 'deleteLater' });
	const got = await waiting;
	is(got.events.map(e => [e.signal, e.subscriptionId]), [['destroyed', sub]],
	    'the destroyed signal, as the qt_signals_setLifecycle refusal suggests');
	await refused(s, 'qt_objects_info', { objectId: ids.clearButton }, /-32001/, 'the button is gone');
	cursor = got.next;
}, 'destroyed');

await lives(async () => {
	await refused(s, 'qtmcp_events', { wait_ms: 60001 }, /'wait_ms'/, 'wait_ms over 60000');
	await refused(s, 'qtmcp_events', { since: -1 }, /'since'/, 'a negative since');
	await refused(s, 'qtmcp_events', { limit: 0 }, /'limit'/, 'limit 0');
	await refused(s, 'qtmcp_events', { subscriptionId: 5 }, /'subscriptionId'.*string/, 'a mistyped subscriptionId');
	await refused(s, 'qt_signals_subscribe', { objectId: ids.submitButton, signal: 'noSuchSignal' },
	    /-32030.*qt_signals_list/, 'an unknown signal: -32030 with the hint');
}, 'errors');

await lives(async () => {
	const before = updates.filter(u => u === 'qtmcp://status').length;
	const r = await s.ok('qtmcp_restart');
	is(r.state, 'ready', 'qtmcp_restart');
	ok(updates.filter(u => u === 'qtmcp://status').length > before,
	    'resources/subscribe qtmcp://status: updated while the app restarted');
	const sb = await s.id('submitButton');
	await s.ok('qt_ui_click', { objectId: sb });
	const after = await s.ok('qtmcp_events', { since: cursor });
	is(after.events, [], 'the restarted app has none of the old subscriptions');
	const sub = (await s.ok('qt_signals_subscribe', { objectId: sb, signal: 'clicked' })).subscriptionId;
	await s.ok('qt_ui_click', { objectId: sb });
	const again = await s.ok('qtmcp_events', { since: cursor });
	is(again.events.map(e => [e.signal, e.subscriptionId]), [['clicked', sub]], 'a new subscription records again');
	ok(again.events[0].seq > cursor, 'numbers go on after the restart, so since still works');
	await s.client.unsubscribeResource({ uri: 'qtmcp://events' });
	const n = updates.filter(u => u === 'qtmcp://events').length;
	await s.ok('qt_ui_click', { objectId: sb });
	// An observation window longer than the 100 ms throttle of updates.
	await s.ok('qtmcp_events', { since: again.next + 1000, wait_ms: 300 });
	is(updates.filter(u => u === 'qtmcp://events').length, n, 'after resources/unsubscribe no more updates');
}, 'across a restart');

await checkMessages(s, 'events');
await s.close();
done();
