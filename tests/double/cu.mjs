// cu.mjs: the probe double's computer-use methods against
// probe-protocol.md 4.3 and 7: coordinates, the centre quirk, bounds
// errors, typing and keys, scrolling, the virtual cursor, screenshots,
// and typing that aborts the application.

import { ok, is, like, done, watchdog, need } from '../lib/tap.mjs';
import { App, Client, startReady, pngSize, waitFor } from './lib.mjs';

watchdog(90);
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

// The virtual cursor is unset until the first coordinate action (7.6).
{
	const p = await r('cu.cursorPosition');
	is([p.x, p.y, p.screenX, p.screenY, p.virtual], [640, 512, 640, 512, false],
	    'cursorPosition before any action: the real cursor (screen centre), virtual false');
	is([p.className, (await r('qt.objects.info', { objectId: p.widgetId })).objectName],
	    ['QWidget', 'qt_scrollarea_viewport'], 'widgetId: the registry ID of the widget there');
}

const ids = {};
for (const n of ['nameEdit', 'emailEdit', 'messageEdit', 'comboBox', 'checkBox', 'slider',
    'submitButton', 'clearButton', 'resultText', 'MainWindow'])
	ids[n] = await find(n);

// --- screenshots (7.2) ---
{
	const s = await r('cu.screenshot');
	is([s.width, s.height], [800, 600], 'cu.screenshot: the window, 800x600');
	is(pngSize(s.image), { width: 800, height: 600 }, 'a real PNG of that size');
	ok(!s.image.startsWith('data:') && !/\s/.test(s.image), 'plain base64, no prefix, no breaks');
	const rg = await r('cu.screenshot', { region: { x: 10, y: 10, width: 100, height: 50 } });
	is([rg.width, rg.height, pngSize(rg.image)], [100, 50, { width: 100, height: 50 }],
	    'region: 100x50');
	const fs = await r('cu.screenshot', { fullScreen: true });
	is([fs.width, fs.height, pngSize(fs.image)], [1280, 1024, { width: 1280, height: 1024 }],
	    'fullScreen: the screen, 1280x1024');
	const pp = await r('cu.screenshot', { physicalPixels: true });
	is([pp.width, pp.height], [800, 600], 'physicalPixels at DPR 1: the same');
	const cl = await r('cu.screenshot', { region: { x: 750, y: 580, width: 100, height: 50 } });
	is([cl.width, cl.height], [50, 20], 'a region is clipped to the window');
	is((await e('cu.screenshot', { region: { x: 900, y: 0, width: 10, height: 10 } })).code,
	    -32603, 'a region outside the window: -32603');
}

// --- clicks and coordinates (7.1) ---
{
	await r('qt.properties.set', { objectId: ids.nameEdit, name: 'text', value: 'abcdef' });
	is(await r('cu.click', { x: 60, y: 348 }), { success: true }, 'cu.click: success');
	is(await get(ids.resultText, 'plainText'), 'Name: abcdef\nEmail: \nMessage: ',
	    'a window-relative click on Submit submits');
	const p = await r('cu.cursorPosition');
	is(p, { x: 60, y: 348, screenX: 60, screenY: 348, widgetId: ids.submitButton,
	    className: 'QPushButton', virtual: true }, 'the virtual cursor followed the click');
	await r('cu.click', { x: 85, y: 100 });
	is(await get(ids.nameEdit, 'cursorPosition'), 0, 'a click near the left of a line edit: cursor 0');
	await r('cu.click', { x: 84, y: 92 });
	is(await get(ids.nameEdit, 'cursorPosition'), 6,
	    'a click on its exact (0,0) clicks the centre instead: cursor at the end');
	is(await r('cu.click', { x: 60, y: 348, screenAbsolute: true }), { success: true },
	    'screenAbsolute click');
	const e1 = await e('cu.click', { x: 800, y: 10 });
	is([e1.code, e1.data], [-32061, { x: 800, y: 10, windowWidth: 800, windowHeight: 600 }],
	    'outside the window: -32061 with the window size');
	const e2 = await e('cu.click', { x: 1000, y: 900, screenAbsolute: true });
	is([e2.code, e2.data], [-32061, { x: 1000, y: 900, screenAbsolute: true }],
	    'a screen point over no widget: -32061');
	is(await r('cu.click', {}), { success: true }, 'x and y default to 0');
	await r('cu.click', { x: 90, y: 292, button: 'right' });
	is(await get(ids.checkBox, 'checked'), false, 'a right click does not toggle a check box');
	await r('cu.rightClick', { x: 90, y: 292 });
	await r('cu.middleClick', { x: 90, y: 292 });
	is(await get(ids.checkBox, 'checked'), false, 'nor do rightClick and middleClick');
	await r('cu.click', { x: 90, y: 292, button: 'primary' });
	is(await get(ids.checkBox, 'checked'), true, 'an unknown button is left');
	await r('cu.doubleClick', { x: 90, y: 292 });
	is(await get(ids.checkBox, 'checked'), true, 'a double click toggles twice');
	await r('cu.doubleClick', { x: 300, y: 100 });
	is(await get(ids.nameEdit, 'selectedText'), 'abcdef', 'a double click in a line edit selects');
	const s = await r('cu.click', { x: 300, y: 100, include_screenshot: true });
	is(pngSize(s.screenshot), { width: 800, height: 600 }, 'include_screenshot adds a screenshot');
	// mouseDown then mouseUp on the same button: a click.
	await r('qt.properties.set', { objectId: ids.nameEdit, name: 'text', value: 'Dora' });
	await r('cu.mouseDown', { x: 60, y: 348 });
	is(await get(ids.submitButton, 'down'), true, 'mouseDown: the button is down');
	await r('cu.mouseUp', { x: 62, y: 350 });
	is(await get(ids.resultText, 'plainText'), 'Name: Dora\nEmail: \nMessage: ',
	    'mouseUp on it: clicked');
	is(await r('cu.mouseMove', { x: 5000, y: 5000, screenAbsolute: true }), { success: true },
	    'mouseMove screenAbsolute has no bounds check');
	is((await r('cu.cursorPosition')).screenX, 5000, 'and moves the cursor');
	is((await e('cu.mouseMove', { x: 5000, y: 5 })).code, -32061, 'window-relative mouseMove: -32061');
}

// --- drag (4.3) ---
{
	const v = await get(ids.slider, 'value');
	const hx = 84 + 8 + Math.floor(v * 650 / 100);
	is(await r('cu.drag', { startX: hx, startY: 319, endX: 84 + 8 + 650, endY: 319 }),
	    { success: true }, 'cu.drag: success');
	is(await get(ids.slider, 'value'), 100, 'dragging the slider handle to the end: 100');
	const e1 = await e('cu.drag', { startX: 10, startY: 10, endX: 900, endY: 10 });
	is([e1.code, e1.data], [-32061, { x: 900, y: 10, which: 'end' }], 'drag end outside: which end');
	const e2 = await e('cu.drag', { startX: -1, startY: 10, endX: 9, endY: 10 });
	is(e2.data.which, 'start', 'drag start outside: which start');
}

// --- scroll (7.5) ---
{
	await r('qt.properties.set', { objectId: ids.slider, name: 'value', value: 50 });
	await r('cu.scroll', { x: 300, y: 319, direction: 'up', amount: 2 });
	is(await get(ids.slider, 'value'), 56, 'scroll up 2 notches on the slider: +6');
	await r('cu.scroll', { x: 300, y: 319, direction: 'down' });
	is(await get(ids.slider, 'value'), 47, 'amount defaults to 3 notches');
	await r('cu.scroll', { x: 300, y: 265, direction: 'down' });
	is(await get(ids.comboBox, 'currentText'), 'Support', 'scroll down on the combo: next item');
	const e1 = await e('cu.scroll', { x: 300, y: 265, direction: 'sideways' });
	is([e1.code, e1.data], [-32602, { method: 'cu.scroll', direction: 'sideways' }],
	    'bad direction: -32602 with direction');
	is((await e('cu.scroll', { x: 300, y: 265 })).code, -32602, 'missing direction: -32602');
}

// --- type and key (7.4) ---
{
	await r('qt.properties.set', { objectId: ids.nameEdit, name: 'text', value: '' });
	await r('cu.click', { x: 300, y: 100 });
	is(await r('cu.type', { text: 'Eve O\'Neil\t' }), { success: true }, 'cu.type');
	is(await get(ids.nameEdit, 'text'), 'Eve O\'Neil', 'typed into the focused line edit');
	is((await c.call('double.state')).result.focus, ids.emailEdit, 'the tab moved the focus on');
	await r('cu.type', { text: 'x@y.z\r' });
	is(await get(ids.emailEdit, 'text'), 'x@y.z', 'a carriage return is safe');
	await r('cu.click', { x: 300, y: 100 });
	await r('cu.key', { key: 'ctrl+a' });
	is(await get(ids.nameEdit, 'selectedText'), 'Eve O\'Neil', 'ctrl+a selects all');
	await r('cu.key', { key: 'BackSpace' });
	is(await get(ids.nameEdit, 'text'), '', 'BackSpace (any case) deletes the selection');
	await r('cu.key', { key: 'shift+a' });
	await r('cu.key', { key: 'cmd+b' });
	is(await get(ids.nameEdit, 'text'), 'Ab', 'shift+a is A; an unknown modifier is dropped');
	await r('cu.key', { key: 'Home' });
	await r('cu.key', { key: 'Delete' });
	is(await get(ids.nameEdit, 'text'), 'b', 'Home, Delete');
	for (const k of ['F12', 'Escape', 'esc', 'Tab', 'Return', 'space', 'ctrl+shift+z', 'pause',
	    'print', 'menu', 'insert', '`', '\\', 'page_down', 'super', 'num_lock'])
		await r('cu.key', { key: k });
	ok(true, 'the documented key names are accepted');
	for (const k of ['ctrl+', 'ctrl++', 'Prior', 'F13', 'KP_1', 'é']) {
		const x = await e('cu.key', { key: k });
		is([x && x.code, x && x.data && x.data.key, typeof (x && x.data && x.data.hint)],
		    [-32063, k, 'string'], `key ${k}: -32063`);
	}
	is((await e('cu.key', {})).code, -32602, 'cu.key without key: -32602');
	const e1 = await e('cu.type', { text: '' });
	is([e1.code, e1.data], [-32602, { method: 'cu.type' }], 'cu.type with empty text: -32602');
}

// --- no window, no focus ---
{
	await r('qt.methods.invoke', { objectId: ids.MainWindow, method: 'hide' });
	const e1 = await e('cu.click', { x: 10, y: 10 });
	is([e1.code, typeof e1.data.hint], [-32060, 'string'], 'no window: -32060 {hint}');
	is((await e('cu.screenshot')).code, -32060, 'cu.screenshot: -32060');
	is((await e('cu.cursorPosition')).code, -32060, 'cu.cursorPosition: -32060');
	const e2 = await e('cu.type', { text: 'a' });
	is([e2.code, typeof e2.data.hint], [-32062, 'string'], 'no focus widget: -32062 {hint}');
	is((await e('cu.key', { key: 'a' })).code, -32062, 'cu.key: -32062');
	await r('qt.methods.invoke', { objectId: ids.MainWindow, method: 'show' });
	is(await r('cu.type', { text: 'c' }), { success: true }, 'shown again: typing works');
}

// --- delay_ms blocks the app (2.5) ---
{
	const t0 = Date.now();
	const p1 = c.call('cu.click', { x: 300, y: 100, delay_ms: 300 });
	const p2 = c.call('ping');
	await p2;
	const t2 = Date.now() - t0;
	await p1;
	ok(t2 >= 280, `a request behind a delay_ms waits for it (${t2} ms)`);
}

// The virtual cursor outlives the connection (1.2, 7.6).
{
	const before = await r('cu.cursorPosition');
	c.close();
	await c.closed;
	const c2 = await Client.connectReady(WebSocket, app.port);
	const after = (await c2.call('cu.cursorPosition')).result.result;
	is([after.virtual, after.screenX, after.screenY], [true, before.screenX, before.screenY],
	    'a new client sees the same virtual cursor');
	c2.close();
}
await app.stop();

// --- typing that aborts the application (7.4) ---
for (const [what, method, params] of [
	['a non-ASCII character', 'cu.type', { text: 'caf\u00e9' }],
	['a newline', 'cu.type', { text: 'a\nb' }],
	['a sendKeys text with a euro sign', 'qt.ui.sendKeys', { text: '\u20ac' }],
	['the sequence NotAKey+++', 'qt.ui.sendKeys', { sequence: 'NotAKey+++' }],
]) {
	const { app: a, c: k } = await startReady(WebSocket);
	const p = { ...params };
	if (method === 'qt.ui.sendKeys')
		p.objectId = (await k.result('qt.objects.find', { name: 'nameEdit' })).objectId;
	else
		await k.call('cu.click', { x: 300, y: 100 });
	k.send(JSON.stringify({ jsonrpc: '2.0', method, params: p, id: 99 }));
	const x = await a.waitExit(5000);
	is(x && x.signal, 'SIGABRT', `${method} with ${what} aborts the app`);
	ok(!k.msgs.some((m) => m.json && m.json.id === 99), 'without an answer');
	like(a.err, /ASSERT: "false" in file .*qasciikey\.cpp/, 'after a QtTest assertion line');
}

done();
