// jsonrpc.mjs: the probe double against probe-protocol.md sections 2
// and 3: the processing steps and their exact bytes, request ids as the
// real probe mangles them, the envelope, ordering, the built-in and the
// legacy methods, the method counts.

import { ok, is, like, unlike, done, watchdog, need } from '../lib/tap.mjs';
import { startReady } from './lib.mjs';

watchdog(60);
const { default: WebSocket } = await need('ws');
const { app, c } = await startReady(WebSocket);

// Send raw text; the next message's text (or null after ms).
async function raw(text, ms = 3000) {
	const from = c.msgs.length;
	c.send(text);
	const m = await c.next(() => true, ms, from);
	return m ? m.text : null;
}

// --- processing steps (2.1), exact bytes of the template builders ---
is(await raw('this is not json'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
    'step 1: not JSON -> -32700, id null');
is(await raw('42'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}',
    'step 1: a bare scalar is a parse error');
is(await raw('[{"jsonrpc":"2.0","method":"ping","id":1}]'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: missing or invalid jsonrpc version"}}',
    'step 2: a batch gets one -32600 with id null');
is(await raw('{"method":"ping","id":1}'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: missing or invalid jsonrpc version"}}',
    'step 2: jsonrpc missing');
is(await raw('{"jsonrpc":2.0,"method":"ping","id":1}'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: missing or invalid jsonrpc version"}}',
    'step 2: jsonrpc not the string "2.0"');
is(await raw('{"jsonrpc":"2.0","id":3}'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: missing or invalid method"}}',
    'step 3: method missing');
is(await raw('{"jsonrpc":"2.0","method":7,"id":3}'),
    '{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"Invalid Request: missing or invalid method"}}',
    'step 3: method not a string');
is(await raw('{"jsonrpc":"2.0","method":"nope.nothing","id":5}'),
    '{"jsonrpc":"2.0","id":5,"error":{"code":-32601,"message":"Method not found: nope.nothing"}}',
    'step 6: unknown method');

// Step 4: no id, nothing run and nothing answered.
{
	const from = c.msgs.length;
	c.send('{"jsonrpc":"2.0","method":"qt.signals.setLifecycle","params":{"enabled":true}}');
	c.send('{"jsonrpc":"2.0","method":"nope.nothing"}');
	const st = await c.call('double.state');
	is(c.msgs.length - from, 1, 'step 4: requests without id get no answer');
	is(st.result.lifecycle, false, 'step 4: and are not run');
}

// Step 5: params.
is((await c.call('echo', [1, 'a'])).result, [1, 'a'], 'echo returns array params as is');
is((await c.call('echo')).result, {}, 'echo without params: {}');
is((await c.call('qtmcp.echo', { a: 1 })).result, { a: 1 }, 'qtmcp.echo returns the params');
is(JSON.parse(await raw('{"jsonrpc":"2.0","method":"echo","id":9,"params":5}')).result, {},
    'scalar params become {}');
is(JSON.parse(await raw('{"jsonrpc":"2.0","method":"echo","id":9,"params":null}')).result, {},
    'null params become {}');
{
	const e = (await c.call('qt.objects.find', ['nameEdit'])).error;
	is(e && e.code, -32602, 'array params read as no params (-32602)');
}

// --- request ids (2.2) ---
is(await raw('{"jsonrpc":"2.0","method":"ping","id":1.7}'),
    '{"jsonrpc":"2.0","id":1,"result":"pong"}', 'id 1.7 comes back as 1');
is(await raw('{"jsonrpc":"2.0","method":"ping","id":-7}'),
    '{"jsonrpc":"2.0","id":-7,"result":"pong"}', 'negative int ids are kept');
is(await raw('{"jsonrpc":"2.0","method":"ping","id":2147483647}'),
    '{"jsonrpc":"2.0","id":2147483647,"result":"pong"}', '2^31-1 is kept');
is(await raw('{"jsonrpc":"2.0","method":"ping","id":2147483648}'),
    '{"jsonrpc":"2.0","id":-2147483648,"result":"pong"}', 'id 2^31 becomes -2147483648');
is(await raw('{"jsonrpc":"2.0","method":"ping","id":1e20}'),
    '{"jsonrpc":"2.0","id":-2147483648,"result":"pong"}', 'id 1e20 becomes -2147483648');
is(await raw('{"jsonrpc":"2.0","method":"ping","id":"abc"}'),
    '{"jsonrpc":"2.0","id":"abc","result":"pong"}', 'string ids are kept');
{
	const t = await raw('{"jsonrpc":"2.0","method":"ping","id":"a\\"b"}');
	is(t, '{"jsonrpc":"2.0","id":"a"b","result":"pong"}', 'a quote in a string id is pasted raw');
	let bad = false;
	try {
		JSON.parse(t);
	} catch (e) {
		bad = true;
	}
	ok(bad, 'so the response is invalid JSON');
}
{
	const t = await raw('{"jsonrpc":"2.0","method":"ping","id":"a\\\\b"}');
	is(t, '{"jsonrpc":"2.0","id":"a\\b","result":"pong"}', 'a backslash is pasted raw');
	is(JSON.parse(t).id, 'a\b', 'so a\\b comes back as a, backspace');
}
is(await raw('{"jsonrpc":"2.0","method":"nope.nothing","id":"x%2y"}'),
    '{"jsonrpc":"2.0","id":"x-32601y","error":{"code":-32601,"message":"Method not found: nope.nothing"}}',
    '%2 in an id is replaced in template-built errors');
is(await raw('{"jsonrpc":"2.0","method":"ping","id":"x%2y"}'),
    '{"jsonrpc":"2.0","id":"x%2y","result":"pong"}', 'but not in a success response');
for (const [idtext, label] of [['null', 'null'], ['true', 'true'], ['{"a":1}', 'an object'],
    ['[1]', 'an array']]) {
	is(await raw(`{"jsonrpc":"2.0","method":"ping","id":${idtext}}`),
	    '{"jsonrpc":"2.0","id":null,"result":"pong"}', `id ${label} comes back null`);
}

// --- structured errors: QJsonDocument, sorted keys, data ---
{
	const t = await raw('{"jsonrpc":"2.0","method":"qt.objects.find","id":40,"params":{}}');
	is(t, '{"error":{"code":-32602,"data":{"method":"qt.objects.find"},"message":"Missing required parameter: name"},"id":40,"jsonrpc":"2.0"}',
	    'a structured error has sorted keys and data');
	const t2 = await raw('{"jsonrpc":"2.0","method":"qt.ui.sendKeys","id":41,"params":{"objectId":"QApplication"}}');
	like(t2, /^\{"error":\{"code":-32003,"data":\{"className":"QApplication","objectId":"QApplication"\}/,
	    '-32003 data: objectId, className');
	const t3 = await raw('{"jsonrpc":"2.0","method":"qt.ui.sendKeys","id":42,"params":{"objectId":"QObject~3","sequence":"  "}}');
	like(t3, /^\{"jsonrpc":"2\.0","id":42,"error":\{"code":-32603,"message":"Internal error: Invalid key sequence: [^"]*"\}\}$/,
	    'step 9: a plain exception is a template -32603 without data');
}

// --- the envelope (2.3) ---
{
	const f = await c.call('qt.objects.find', { name: 'nameEdit' });
	const id = f.result.result.objectId;
	is(f.result.meta.objectId, id, 'find: meta.objectId is the registry ID found');
	ok(Number.isInteger(f.result.meta.timestamp) &&
	    Math.abs(f.result.meta.timestamp - Date.now()) < 5000,
	    'meta.timestamp is integer epoch ms');
	const g = await c.call('qt.properties.get', { objectId: '#1', name: 'objectName' });
	is(g.result, { meta: { timestamp: g.result.meta.timestamp, objectId: '#1' },
	    result: { value: 'nameEdit' } }, 'meta.objectId echoes the caller\'s string');
	const p = await c.call('qt.ping');
	ok(!('objectId' in p.result.meta), 'no meta.objectId without an objectId param');
	is((await c.call('ping')).result, 'pong', 'built-ins are not enveloped');
	is((await c.call('qtmcp.findByObjectName', { name: 'nameEdit' })).result, { id },
	    'legacy methods are not enveloped');
}

// --- built-ins (3.1) ---
is((await c.call('getVersion')).result, { name: 'QtMCP', protocol: 'jsonrpc-2.0', version: '0.1.0' },
    'getVersion');
is((await c.call('getModes')).result, ['native', 'computer_use', 'chrome'], 'getModes');
{
	const v = await c.result('qt.version');
	is(v, { version: '0.1.0', protocol: 'jsonrpc-2.0', name: 'QtMCP', mode: 'native',
	    deprecated: ['qtmcp.*'] }, 'qt.version');
	is(await c.result('qt.modes'), ['native', 'computer_use', 'chrome'], 'qt.modes');
	const p = await c.result('qt.ping');
	ok(p.pong === true && Number.isInteger(p.timestamp) &&
	    Number.isInteger(p.eventLoopLatency), 'qt.ping: pong, timestamp, eventLoopLatency');
}

// --- ordering (2.5): pipelined requests answered in order ---
{
	const from = c.msgs.length;
	for (let i = 0; i < 50; i++)
		c.send(JSON.stringify({ jsonrpc: '2.0', method: i % 2 ? 'ping' : 'qt.ping', id: 1000 + i }));
	await c.next((m, i) => i >= from + 49, 5000, from);
	is(c.msgs.slice(from, from + 50).map((m) => m.json.id),
	    Array.from({ length: 50 }, (_, i) => 1000 + i), '50 pipelined requests answered in order');
}

// --- method counts (4): 33 qt + 13 cu + 8 chr + 23 built-in/legacy ---
const qt = ['qt.ping', 'qt.version', 'qt.modes', 'qt.objects.find', 'qt.objects.findByClass',
    'qt.objects.tree', 'qt.objects.info', 'qt.objects.inspect', 'qt.objects.query',
    'qt.properties.list', 'qt.properties.get', 'qt.properties.set', 'qt.methods.list',
    'qt.methods.invoke', 'qt.signals.list', 'qt.signals.subscribe', 'qt.signals.unsubscribe',
    'qt.signals.setLifecycle', 'qt.ui.click', 'qt.ui.sendKeys', 'qt.ui.screenshot',
    'qt.ui.geometry', 'qt.ui.hitTest', 'qt.names.register', 'qt.names.unregister',
    'qt.names.list', 'qt.names.validate', 'qt.names.load', 'qt.names.save', 'qt.qml.inspect',
    'qt.models.list', 'qt.models.info', 'qt.models.data'];
const cu = ['cu.screenshot', 'cu.click', 'cu.rightClick', 'cu.middleClick', 'cu.doubleClick',
    'cu.mouseMove', 'cu.drag', 'cu.mouseDown', 'cu.mouseUp', 'cu.type', 'cu.key', 'cu.scroll',
    'cu.cursorPosition'];
const chr = ['chr.readPage', 'chr.click', 'chr.formInput', 'chr.getPageText', 'chr.find',
    'chr.navigate', 'chr.tabsContext', 'chr.readConsoleMessages'];
const legacy = ['qtmcp.findByObjectName', 'qtmcp.findByClassName', 'qtmcp.getObjectTree',
    'qtmcp.getObjectInfo', 'qtmcp.listProperties', 'qtmcp.getProperty', 'qtmcp.setProperty',
    'qtmcp.listMethods', 'qtmcp.invokeMethod', 'qtmcp.listSignals', 'qtmcp.subscribeSignal',
    'qtmcp.unsubscribeSignal', 'qtmcp.setLifecycleNotifications', 'qtmcp.click',
    'qtmcp.sendKeys', 'qtmcp.screenshot', 'qtmcp.getGeometry', 'qtmcp.hitTest'];
const builtin = ['ping', 'getVersion', 'getModes', 'echo', 'qtmcp.echo'];
is([qt.length, cu.length, chr.length, legacy.length + builtin.length], [33, 13, 8, 23],
    'the lists have the documented sizes');
{
	const missing = [];
	const wrapped = [];
	// Safe params: nothing here changes the app much or aborts it.
	for (const m of [...qt, ...cu, ...chr]) {
		if (m === 'qt.signals.setLifecycle' || m === 'qt.methods.invoke' || m === 'cu.type' ||
		    m === 'cu.key')
			continue;
		const r = await c.call(m, { objectId: 'QApplication/fusion' });
		if (r.error && r.error.code === -32601)
			missing.push(m);
		if (r.result && !('meta' in r.result && 'result' in r.result))
			wrapped.push(m);
	}
	is(missing, [], 'every qt/cu/chr method exists');
	is(wrapped, [], 'and every one is enveloped');
	const lmissing = [];
	for (const m of [...legacy, ...builtin]) {
		if (m === 'qtmcp.setLifecycleNotifications')
			continue;
		const r = await c.call(m, { id: 'QApplication/fusion' });
		if (r.error && r.error.code === -32601)
			lmissing.push(m);
	}
	is(lmissing, [], 'every legacy and built-in method exists');
	is((await c.call('cu.leftClick', { x: 1, y: 1 })).error.code, -32601, 'no cu.leftClick');
	is((await c.call('cu.mouseDrag', {})).error.code, -32601, 'no cu.mouseDrag');
}

// --- legacy methods (3.2) ---
{
	const id = (await c.call('qtmcp.findByObjectName', { name: 'submitButton' })).result.id;
	like(id, /^QObject~\d+$/, 'findByObjectName: a registry ID');
	is(await raw('{"jsonrpc":"2.0","method":"qtmcp.findByObjectName","id":60,"params":{"name":"zzz"}}'),
	    '{"jsonrpc":"2.0","id":60,"error":{"code":-32603,"message":"Internal error: Object not found: zzz"}}',
	    'legacy failures are template-built -32603 Internal error');
	const ids = (await c.call('qtmcp.findByClassName', { className: 'QPushButton' })).result.ids;
	is(ids.length, 2, 'findByClassName: {ids}');
	is((await c.call('qtmcp.getObjectTree', {})).result.className, 'Root', 'getObjectTree');
	is((await c.call('qtmcp.getObjectInfo', { id })).result.className, 'QPushButton', 'getObjectInfo by id');
	is((await c.call('qtmcp.getObjectInfo', { objectId: id })).result.objectName, 'submitButton',
	    'objectId accepted as a fallback');
	is((await c.call('qtmcp.getObjectInfo', { id: '#1' })).error.code, -32603,
	    'no numeric IDs in legacy methods');
	ok(Array.isArray((await c.call('qtmcp.listProperties', { id })).result), 'listProperties');
	is((await c.call('qtmcp.getProperty', { id, name: 'text' })).result, { value: 'Submit' }, 'getProperty');
	is((await c.call('qtmcp.getProperty', { id, name: 'nope' })).error.message,
	    'Internal error: Property not found: nope', 'getProperty: unknown property');
	is((await c.call('qtmcp.setProperty', { id, name: 'toolTip', value: 'go' })).result,
	    { success: true }, 'setProperty');
	is((await c.call('qtmcp.setProperty', { id, name: 'width', value: 3 })).error.code, -32603,
	    'setProperty read-only: -32603');
	ok(Array.isArray((await c.call('qtmcp.listMethods', { id })).result), 'listMethods');
	is((await c.call('qtmcp.invokeMethod', { id, method: 'setEnabled', args: [false] })).result,
	    { result: null }, 'invokeMethod');
	is((await c.call('qtmcp.getProperty', { id, name: 'enabled' })).result.value, false,
	    'invokeMethod acted');
	is((await c.call('qtmcp.invokeMethod', { id, method: 'setText', args: ['Go'] })).error.code,
	    -32603, 'invokeMethod: setText is no slot of a button: -32603');
	await c.call('qtmcp.invokeMethod', { id, method: 'setEnabled', args: [true] });
	ok(Array.isArray((await c.call('qtmcp.listSignals', { id })).result), 'listSignals');
	const sub = (await c.call('qtmcp.subscribeSignal', { objectId: id, signal: 'clicked' })).result;
	like(sub.subscriptionId, /^sub_\d+$/, 'subscribeSignal');
	is((await c.call('qtmcp.subscribeSignal', { id, signal: 'clicked' })).error.code, -32603,
	    'subscribeSignal takes objectId only');
	is((await c.call('qtmcp.unsubscribeSignal', sub)).result, { success: true }, 'unsubscribeSignal');
	is((await c.call('qtmcp.setLifecycleNotifications', { enabled: false })).result,
	    { enabled: false }, 'setLifecycleNotifications');
	is((await c.call('qtmcp.click', { id })).result, { success: true }, 'click');
	const edit = (await c.call('qtmcp.findByObjectName', { name: 'emailEdit' })).result.id;
	is((await c.call('qtmcp.sendKeys', { id: edit, text: 'a@b' })).result, { success: true }, 'sendKeys');
	is((await c.call('qtmcp.getProperty', { id: edit, name: 'text' })).result.value, 'a@b',
	    'sendKeys typed');
	like((await c.call('qtmcp.screenshot', { id: edit })).result.image, /^iVBORw0KGgo/, 'screenshot');
	is((await c.call('qtmcp.getGeometry', { id: edit })).result.global,
	    { x: 84, y: 120, width: 696, height: 22 }, 'getGeometry');
	is((await c.call('qtmcp.hitTest', { x: 90, y: 100 })).result, { id: (await c.call(
	    'qtmcp.findByObjectName', { name: 'nameEdit' })).result.id }, 'hitTest: global point');
	is((await c.call('qtmcp.hitTest', { x: 5000, y: 5000 })).result, { id: null },
	    'hitTest: nothing there -> {id:null}');
	const mw = (await c.call('qtmcp.findByObjectName', { name: 'MainWindow' })).result.id;
	is((await c.call('qtmcp.hitTest', { x: 2, y: 2, parentId: mw })).result.id !== mw, true,
	    'hitTest with parentId: the deepest child');
	is((await c.call('qtmcp.hitTest', { x: -1, y: 2, parentId: mw })).result, { id: mw },
	    'hitTest with parentId outside it: the parent itself');
}

// --- notifications: signalEmitted before the response that caused it ---
{
	const id = (await c.call('qtmcp.findByObjectName', { name: 'clearButton' })).result.id;
	const sub = (await c.result('qt.signals.subscribe', { objectId: id, signal: 'clicked' })).subscriptionId;
	const from = c.msgs.length;
	const r = await c.call('qt.ui.click', { objectId: id });
	const idx = c.msgs.findIndex((m, i) => i >= from && m.json && m.json.id === r.id);
	const nidx = c.msgs.findIndex((m, i) => i >= from && m.json &&
	    m.json.method === 'qtmcp.signalEmitted');
	ok(nidx >= 0 && nidx < idx, 'signalEmitted arrives before the response');
	is(c.msgs[nidx] && c.msgs[nidx].json, { jsonrpc: '2.0', method: 'qtmcp.signalEmitted',
	    params: { subscriptionId: sub, objectId: id, signal: 'clicked', arguments: [] } },
	    'signalEmitted params, arguments always empty');
	like(c.msgs[nidx].text, /^\{"jsonrpc":"2\.0","method":"qtmcp\.signalEmitted","params":/,
	    'a notification has no id');
	like(app.err, /^\[QtMCP\] Sending notification: \{"jsonrpc":"2\.0","method":"qtmcp\.signalEmitted"/m,
	    'notifications are logged');
}

c.close();
await app.stop();
done();
