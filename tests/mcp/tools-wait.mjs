// tools-wait.mjs: qtmcp_wait_for against the probe double: a wait that a
// later change satisfies, an object found by name, a timeout that says
// what was seen, gone, and its argument checks.

import { ok, is, like, done, watchdog, need, lives } from '../lib/tap.mjs';
import { startClient, appConfig } from '../lib/mcp.mjs';

watchdog(120);
await need('@modelcontextprotocol/sdk/client/index.js');

const s = await startClient({ config: appConfig() });
const call = (name, args) => s.client.callTool({ name, arguments: args }, undefined, { timeout: 60000 });
const json = r => JSON.parse(r.content[0].text);

await lives(async () => {
	const found = json(await call('qt_objects_find', { name: 'nameEdit' }));
	await call('qt_properties_set', { objectId: found.objectId, name: 'text', value: '' });
	// Start waiting, then make the condition true: the wait sees it.
	const waiting = call('qtmcp_wait_for', { name: 'nameEdit', property: 'text', equals: 'Alice', timeout_ms: 20000 });
	const r0 = await call('qt_properties_get', { objectId: found.objectId, name: 'text' });
	is(json(r0).value, '', 'the text is empty while the wait runs');
	await call('qt_properties_set', { objectId: found.objectId, name: 'text', value: 'Alice' });
	const r = await waiting;
	ok(!r.isError, 'the wait returns once the property has the value');
	const w = json(r);
	is([w.matched, w.property, w.value, w.objectId], [true, 'text', 'Alice', found.objectId],
	    'with the value and the object it found by name');
	ok(w.polls >= 2, `after polling (${w.polls} polls)`);
	is(r.structuredContent, w, 'structured content too');
}, 'a later change satisfies the wait');

await lives(async () => {
	const r = json(await call('qtmcp_wait_for', { name: 'submitButton' }));
	is([r.matched, r.property, r.value], [true, 'visible', true], 'the default: until visible');
}, 'defaults');

await lives(async () => {
	const found = json(await call('qt_objects_find', { name: 'checkBox' }));
	const r = await call('qtmcp_wait_for', { objectId: found.objectId, property: 'checked', equals: true, timeout_ms: 300 });
	ok(r.isError, 'an unmet condition fails after timeout_ms');
	like(r.content[0].text, new RegExp(`not met within \\d+ms \\(\\d+ polls\\): checked of ${found.objectId} is false`),
	    'saying what it saw last');
	const n = await call('qtmcp_wait_for', { name: 'noSuchWidget', timeout_ms: 200 });
	like(n.content[0].text, /no object is named noSuchWidget/, 'and when nothing has that name');
}, 'timeouts');

await lives(async () => {
	const r = json(await call('qtmcp_wait_for', { name: 'noSuchWidget', gone: true }));
	is([r.matched, r.gone], [true, true], 'gone: an object that does not exist is gone at once');
	const still = await call('qtmcp_wait_for', { name: 'nameEdit', gone: true, timeout_ms: 200 });
	like(still.content[0].text, /still exists/, 'an object that stays is reported');
}, 'gone');

await lives(async () => {
	const both = await call('qtmcp_wait_for', { objectId: 'QObject~1', name: 'x' });
	like(both.content[0].text, /needs objectId .* or name .*, not both/, 'objectId and name together are refused');
	const none = await call('qtmcp_wait_for', {});
	ok(none.isError, 'neither is refused too');
	const big = await call('qtmcp_wait_for', { name: 'x', timeout_ms: 60001 });
	like(big.content[0].text, /'timeout_ms'/, 'timeout_ms is bounded');
}, 'arguments');

const st = JSON.parse((await call('qtmcp_status', {})).content[0].text).targets[0];
is(st.restarts, 0, 'the app was never disturbed');
is(await s.validate(), [], 'every message schema-valid');
await s.close();
done();
