// chrome.mjs: the probe double's chr.* methods against probe-protocol.md
// 4.4 and 8: readPage trees and refs, click, formInput strategies,
// getPageText, find, navigate, tabsContext and the console buffer.

import { ok, is, like, done, watchdog, need } from '../lib/tap.mjs';
import { Client, startReady } from './lib.mjs';

watchdog(60);
const { default: WebSocket } = await need('ws');
const { app, c } = await startReady(WebSocket);

const r = async (m, p) => {
	const x = await c.call(m, p);
	if (x.error)
		throw new Error(`${m}: ${JSON.stringify(x.error)}`);
	return x.result.result;
};
const e = async (m, p) => (await c.call(m, p)).error;
const find = async (name) => (await r('qt.objects.find', { name })).objectId;
const get = async (objectId, name) => (await r('qt.properties.get', { objectId, name })).value;

function flatten(n, out = []) {
	out.push(n);
	for (const k of n.children ?? [])
		flatten(k, out);
	return out;
}
const byRef = (tree) => Object.fromEntries(flatten(tree).filter((n) => n.ref).map((n) => [n.ref, n]));

// --- readPage (8.1, 8.2) ---
let refs;
{
	const p = await r('chr.readPage', { filter: 'interactive' });
	is([p.totalNodes, p.truncated], [18, false], 'interactive: 18 refs, not truncated');
	refs = byRef(p.tree);
	is(Array.from({ length: 9 }, (_, i) => refs[`ref_${i + 1}`].objectName),
	    ['nameEdit', 'emailEdit', 'messageEdit', 'comboBox', 'checkBox', 'slider', 'submitButton',
	    'clearButton', 'resultText'], 'ref_1..ref_9: the form, in order');
	is(['ref_10', 'ref_11', 'ref_12'].map((k) => [refs[k].role, refs[k].name]),
	    [['tab', 'Form'], ['tab', 'List'], ['tab', 'Table']], 'ref_10..12: the tabs');
	is(['ref_13', 'ref_14', 'ref_15'].map((k) => [refs[k].role, refs[k].name]),
	    [['menuitem', 'File'], ['menuitem', 'Edit'], ['menuitem', 'Help']], 'ref_13..15: the menus');
	is(['ref_16', 'ref_17', 'ref_18'].map((k) => [refs[k].role, refs[k].name]),
	    [['button', 'New'], ['button', 'Open'], ['button', 'Save']], 'ref_16..18: the tool bar');
	ok(!('ref' in p.tree) && p.tree.role === 'window', 'non-interactive nodes: structure without refs');
	const ne = refs.ref_1;
	is([ne.role, ne.name, ne.bounds, ne.className, ne.states],
	    ['textbox', 'nameEdit', { x: 84, y: 92, width: 696, height: 22 }, 'QLineEdit',
	    { editable: true, focused: true }], 'node: role, name (objectName fallback), screen bounds, states');
	is((await r('qt.objects.info', { objectId: ne.objectId })).objectName, 'nameEdit',
	    'node objectId works with qt.*');
	is(refs.ref_4.states, { expanded: false, hasPopup: true }, 'combobox states');
	is(refs.ref_9.states, { multiline: true, readonly: true }, 'read-only text edit states');
	is(refs.ref_10.states, { selected: true }, 'current tab: selected');
	ok(!('objectId' in refs.ref_10), 'a tab has no object');
	const all = await r('chr.readPage', {});
	const nodes = flatten(all.tree);
	ok(nodes.every((n) => n.ref), 'all mode: every node has a ref');
	is(all.totalNodes, nodes.length, 'totalNodes counts the refs handed out');
	ok(nodes.some((n) => n.objectName === 'listWidget'), 'all mode includes hidden tab pages');
	is(all.totalNodes, 89, 'all mode: 89 refs (the real app gave 90)');
	const d1 = await r('chr.readPage', { depth: 1 });
	ok(d1.tree.children.every((k) => !k.children), 'depth 1: the root and its children only');
	const t = await r('chr.readPage', { max_chars: 600 });
	is(t.truncated, true, 'max_chars passed: truncated');
	ok(t.totalNodes < 10, `and the walk stopped early (${t.totalNodes} refs)`);
	const all2 = byRef((await r('chr.readPage', {})).tree);
	const grp = Object.values(all2).find((n) => n.objectName === 'resultGroup');
	const sub = await r('chr.readPage', { ref_id: grp.ref });
	is([sub.tree.objectName, sub.tree.ref, sub.totalNodes], ['resultGroup', 'ref_1', 4],
	    'ref_id: that subtree, refs renumbered from 1');
	const tab = Object.values(byRef((await r('chr.readPage', {})).tree)).find((n) => n.role === 'tab');
	is((await r('chr.readPage', { ref_id: tab.ref })).tree.role, 'window',
	    'ref_id of a non-widget: the active window');
	const e1 = await e('chr.readPage', { ref_id: 'ref_999' });
	is([e1.code, e1.data], [-32070, { ref: 'ref_999' }], 'bad ref_id: -32070 {ref}');
}

// --- click (8.4) ---
{
	refs = byRef((await r('chr.readPage', { filter: 'interactive' })).tree);
	const ne = await find('nameEdit');
	await r('qt.properties.set', { objectId: ne, name: 'text', value: 'Zed' });
	is(await r('chr.click', { ref: 'ref_7' }), { clicked: true, ref: 'ref_7', role: 'button',
	    method: 'accessibilityAction' }, 'click a button: accessibility action');
	is(await get(await find('resultText'), 'plainText'), 'Name: Zed\nEmail: \nMessage: ',
	    'it submitted');
	const all = Object.values(byRef((await r('chr.readPage', {})).tree));
	const label = all.find((n) => n.objectName === 'nameLabel');
	is((await r('chr.click', { ref: label.ref })).method, 'mouseClick', 'click a label: mouseClick');
	const sep = all.find((n) => n.role === 'separator');
	const e1 = await e('chr.click', { ref: sep.ref });
	is([e1.code, e1.data], [-32070, { ref: sep.ref, role: 'separator' }],
	    'nothing to click: -32070 {ref, role}');
	is((await e('chr.click', {})).code, -32602, 'click without ref: -32602');
	const listTab = all.find((n) => n.role === 'tab' && n.name === 'List');
	await r('chr.click', { ref: listTab.ref });
	is(await get(await find('tabWidget'), 'currentIndex'), 1, 'clicking a tab switches to it');
	await r('qt.properties.set', { objectId: await find('tabWidget'), name: 'currentIndex', value: 0 });
}

// --- formInput (8.5) ---
{
	refs = byRef((await r('chr.readPage', { filter: 'interactive' })).tree);
	is(await r('chr.formInput', { ref: 'ref_4', value: 'Feedback' }),
	    { success: true, ref: 'ref_4', strategy: 'comboBox' }, 'combo box: strategy comboBox');
	is(await get(await find('comboBox'), 'currentText'), 'Feedback', 'the item is selected');
	const e1 = await e('chr.formInput', { ref: 'ref_4', value: 'feedback' });
	is([e1.code, e1.data], [-32072, { ref: 'ref_4', value: 'feedback' }],
	    'no such item (case-sensitive): -32072 {ref, value}');
	is((await r('chr.formInput', { ref: 'ref_5', value: true })).strategy, 'toggleAction',
	    'check box with true: toggleAction');
	is(await get(await find('checkBox'), 'checked'), true, 'checked');
	await r('chr.formInput', { ref: 'ref_5', value: true });
	is(await get(await find('checkBox'), 'checked'), true, 'only toggles when the state differs');
	is((await r('chr.formInput', { ref: 'ref_6', value: 75 })).strategy, 'valueInterface',
	    'slider with a number: valueInterface');
	is(await get(await find('slider'), 'value'), 75, 'set');
	await r('chr.formInput', { ref: 'ref_6', value: '90' });
	is(await get(await find('slider'), 'value'), 90, 'a string works on a slider too');
	is((await r('chr.formInput', { ref: 'ref_1', value: 'Alice' })).strategy, 'editableText',
	    'line edit with a string: editableText');
	is(await get(await find('nameEdit'), 'text'), 'Alice', 'the whole text replaced');
	const e2 = await e('chr.formInput', { ref: 'ref_1', value: true });
	is([e2.code, e2.data], [-32072, { ref: 'ref_1', role: 'textbox' }],
	    'a boolean on a text box: -32072 {ref, role}');
	is((await e('chr.formInput', { ref: 'ref_7' })).code, -32072, 'no value: -32072');
}

// --- getPageText (8.7): the documented text for Alice and 90 ---
{
	await r('qt.properties.set', { objectId: await find('resultText'), name: 'plainText', value: '' });
	is((await r('chr.getPageText')).text,
	    'Name:\nAlice\nEmail:\nMessage:\nCategory:\nPriority:\n90\nSubmit\nClear\nResult\nFile\nEdit\nHelp\nNew\nOpen\nSave',
	    'getPageText as measured on the real test app');
}

// --- find (8.3) ---
{
	await r('chr.readPage', { filter: 'interactive' });
	const f = await r('chr.find', { query: 'submit' });
	is(f.count, 1, 'find is a case-insensitive substring match');
	is([f.matches[0].ref, f.matches[0].name, f.matches[0].objectName, f.matches[0].states],
	    ['ref_19', 'Submit', 'submitButton', {}], 'find appends refs after the readPage ones');
	ok(!('objectId' in f.matches[0]), 'match fields: ref, role, name, objectName, className, bounds, states');
	is((await r('chr.click', { ref: 'ref_1' })).ref, 'ref_1', 'earlier refs stay valid');
	const e1 = await e('chr.find', { query: 'e' });
	is([e1.code, e1.data.query, e1.data.count > 20, typeof e1.data.hint], [-32074, 'e', true, 'string'],
	    'more than 20 matches: -32074 {query, count, hint}');
	is((await r('chr.click', { ref: `ref_${19 + 15}` })).clicked, true,
	    'the refs of a failed find were added anyway');
	is((await e('chr.find', {})).code, -32602, 'find without query: -32602');
}

// --- navigate (8.6) ---
{
	refs = byRef((await r('chr.readPage', { filter: 'interactive' })).tree);
	is(await r('chr.navigate', { action: 'activateTab', ref: 'ref_12' }),
	    { navigated: true, action: 'activateTab', ref: 'ref_12' }, 'activateTab');
	is(await get(await find('tabWidget'), 'currentIndex'), 2, 'the Table tab is current');
	await r('chr.navigate', { action: 'activateTab', ref: 'ref_10' });
	const e1 = await e('chr.navigate', { action: 'activateTab' });
	is([e1.code, e1.data], [-32602, { method: 'chr.navigate', action: 'activateTab' }],
	    'activateTab without ref: -32602 {method, action}');
	const e2 = await e('chr.navigate', { action: 'back' });
	is([e2.code, e2.data.action, typeof e2.data.hint], [-32075, 'back', 'string'],
	    'back without an undo action: -32075 {action, hint}');
	is((await e('chr.navigate', { action: 'forward' })).code, -32075, 'forward: -32075');
	const e3 = await e('chr.navigate', { action: 'jump' });
	is([e3.code, e3.data], [-32075, { action: 'jump', validActions: ['activateTab',
	    'activateMenuItem', 'back', 'forward'] }], 'unknown action: -32075 {action, validActions}');
	is((await e('chr.navigate', { ref: 'ref_1' })).code, -32602, 'no action: -32602');
	const all = Object.values(byRef((await r('chr.readPage', {})).tree));
	const label = all.find((n) => n.objectName === 'nameLabel');
	const e4 = await e('chr.navigate', { action: 'activateMenuItem', ref: label.ref });
	is([e4.code, e4.data], [-32075, { ref: label.ref, action: 'activateMenuItem' }],
	    'an element without actions: -32075 {ref, action}');
	// With an action on Ctrl+Z, back triggers it.
	const cut = await find('actionCut');
	await r('qt.properties.set', { objectId: cut, name: 'shortcut', value: 'Ctrl+Z' });
	const sub = await r('qt.signals.subscribe', { objectId: cut, signal: 'triggered' });
	const from = c.msgs.length;
	is(await r('chr.navigate', { action: 'back' }), { navigated: true, action: 'back' },
	    'back with a Ctrl+Z action navigates');
	ok(c.msgs.slice(from).some((m) => m.json && m.json.method === 'qtmcp.signalEmitted' &&
	    m.json.params.subscriptionId === sub.subscriptionId), 'by triggering it');
}

// --- tabsContext ---
{
	const t = await r('chr.tabsContext');
	is(t, { windows: [{ windowTitle: 'QtMCP Test Application', className: 'MainWindow',
	    objectName: 'MainWindow', isActive: true, geometry: { x: 0, y: 0, width: 800, height: 600 } }],
	    count: 1 }, 'tabsContext: the visible top-level windows');
	await r('cu.click', { x: 10, y: 10 });
	const t2 = await r('chr.tabsContext');
	is([t2.count, t2.windows[1] && t2.windows[1].objectName], [2, 'menuFile'],
	    'an open menu is a window too');
	await r('cu.click', { x: 400, y: 40 });
	is((await r('chr.tabsContext')).count, 1, 'a click elsewhere closes it');
}

// --- readConsoleMessages (8.8) ---
{
	await c.call('double.log', { type: 'warning', message: 'disk almost full' });
	await c.call('double.log', { type: 'info', message: 'hello from the app' });
	const m = await r('chr.readConsoleMessages', { limit: 3 });
	is(m.count, 3, 'limit');
	like(m.messages[0].message, /^Handling method: chr\.readConsoleMessages$/,
	    'newest first: the request\'s own log lines');
	like(m.messages[1].message, /^\[QtMCP\] Received: .*chr\.readConsoleMessages/, 'then its Received line');
	is(Object.keys(m.messages[0]).sort(), ['message', 'timestamp', 'type'],
	    'type, message, timestamp; no file/line/function');
	const f = await r('chr.readConsoleMessages', { pattern: '^hello' });
	is(f.messages.map((x) => [x.type, x.message]), [['info', 'hello from the app']], 'pattern');
	const bad = await r('chr.readConsoleMessages', { pattern: '(', limit: 2 });
	is(bad.count, 2, 'an invalid pattern means no filter');
	const er = await r('chr.readConsoleMessages', { onlyErrors: true });
	is(er.messages.map((x) => x.message), ['disk almost full'], 'onlyErrors: warning, error, fatal');
	await r('chr.readConsoleMessages', { clear: true });
	const after = await r('chr.readConsoleMessages', {});
	is(after.messages.map((x) => x.message.replace(/:.*/s, '')),
	    ['Handling method', '[QtMCP] Received', '[QtMCP] Sending'],
	    'clear empties the buffer: only the clearing reply and this request are left');
}

// --- refs end with the connection; -32060 without a window ---
{
	c.close();
	await c.closed;
	const c2 = await Client.connectReady(WebSocket, app.port);
	const e1 = (await c2.call('chr.click', { ref: 'ref_1' })).error;
	is([e1.code, e1.data], [-32070, { ref: 'ref_1' }], 'a new connection has no refs');
	const p = (await c2.call('chr.readPage', {})).result.result;
	const clear = Object.values(byRef(p.tree)).find((n) => n.objectName === 'clearButton');
	await c2.call('qt.methods.invoke', { objectId: clear.objectId, method: 'deleteLater' });
	const e2 = (await c2.call('chr.click', { ref: clear.ref })).error;
	is([e2.code, e2.message, e2.data], [-32071, 'Element was destroyed since last readPage',
	    { ref: clear.ref }], 'a destroyed element: -32071');
	const mw = (await c2.call('qt.objects.find', { name: 'MainWindow' })).result.result.objectId;
	await c2.call('qt.methods.invoke', { objectId: mw, method: 'hide' });
	for (const m of ['chr.readPage', 'chr.getPageText']) {
		const x = (await c2.call(m, {})).error;
		is([x.code, typeof x.data.hint], [-32060, 'string'], `${m} without a window: -32060`);
	}
	is((await c2.call('chr.find', { query: 'x' })).error.code, -32060, 'chr.find: -32060');
	is((await c2.call('chr.navigate', { action: 'back' })).error.code, -32060, 'navigate back: -32060');
	is((await c2.call('chr.tabsContext')).result.result, { windows: [], count: 0 },
	    'tabsContext: no windows');
	c2.close();
}

await app.stop();
done();
