// tools-cu.mjs: the computer-use tools (cu_*) end to end, with the
// official SDK client against the real qtmcp and the probe double.
// Coordinates come from the double's geometry (qt_ui_geometry of the
// window and of the widget, in --mode all), and every action is checked
// by its effect on the model through the qt_* tools: cu_leftClick and
// cu_mouseDrag, which never worked from the Python server, typing with
// newlines, key names translated (cmd+a) or refused (hyper+a), and text
// that would abort the application refused with the same process left
// running.  A --mode cu session then checks tools/list and that every cu
// tool works where only cu tools exist.

import { ok, is, like, done, watchdog, need, lives, throws } from '../lib/tap.mjs';
import { session, checkToolList, refused, sameApp, checkMessages, imageOf } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');

// --- effects, in --mode all ---
const s = await session({ mode: 'all', revision: '2025-06-18' });
checkToolList(s.tools, 'all');
const pid = (await s.target()).pid;
const ids = {};
for (const n of ['MainWindow', 'nameEdit', 'emailEdit', 'messageEdit', 'comboBox', 'checkBox',
    'slider', 'sliderValueLabel', 'submitButton', 'resultText'])
	ids[n] = await s.id(n);
const win = (await s.ok('qt_ui_geometry', { objectId: ids.MainWindow })).global;
// A point of a widget in window coordinates: its centre, or dx/dy from
// its left/top edge.
const rect = async name => (await s.ok('qt_ui_geometry', { objectId: ids[name] })).global;
async function at(name, dx = null, dy = null) {
	const g = await rect(name);
	return { x: g.x - win.x + (dx ?? g.width >> 1), y: g.y - win.y + (dy ?? g.height >> 1) };
}
const pts = {};

await lives(async () => {
	const x = await s.call('cu_screenshot');
	ok(!x.isError, 'cu_screenshot');
	const png = imageOf(x, 'cu_screenshot');
	is(png && [png.width, png.height], [win.width, win.height], 'the PNG has the window\'s size');
	like(x.text, `${win.width}x${win.height}`, 'the text says the size');
	like(x.text, /Image pixels are the window coordinates/, 'and that pixels are coordinates');
}, 'cu_screenshot');

await lives(async () => {
	for (const n of ['nameEdit', 'messageEdit', 'submitButton', 'checkBox', 'comboBox'])
		pts[n] = await at(n);
	await s.set(ids.nameEdit, 'text', 'old');
	is(await s.ok('cu_leftClick', pts.nameEdit), { success: true }, 'cu_leftClick into nameEdit');
	await s.ok('cu_key', { key: 'ctrl+a' });
	is(await s.get(ids.nameEdit, 'selectedText'), 'old', 'cu_key ctrl+a selects its text');
	await s.ok('cu_type', { text: 'Carol' });
	is(await s.get(ids.nameEdit, 'text'), 'Carol', 'cu_type replaces it');
	await s.ok('cu_key', { key: 'cmd+a' });
	is([await s.get(ids.nameEdit, 'text'), await s.get(ids.nameEdit, 'selectedText')],
	    ['Carol', 'Carol'], 'cu_key cmd+a is ctrl+a (the probe would type a plain a)');
	await s.ok('cu_key', { key: 'End' });
	await s.ok('cu_type', { text: ' Ann' });
	is(await s.get(ids.nameEdit, 'text'), 'Carol Ann', 'End, then typing appends');
	await s.set(ids.messageEdit, 'plainText', '');
	await s.ok('cu_leftClick', pts.messageEdit);
	await s.ok('cu_type', { text: 'first line\nsecond line\r\nthird' });
	is(await s.get(ids.messageEdit, 'plainText'), 'first line\nsecond line\nthird',
	    'cu_type: newlines become the Return key (the probe would abort)');
	await s.ok('cu_leftClick', { ...pts.submitButton, delay_ms: 20 });
	is(await s.get(ids.resultText, 'plainText'),
	    'Name: Carol Ann\nEmail: \nMessage: first line\nsecond line\nthird',
	    'cu_leftClick on Submit (with delay_ms) submits the form');
}, 'clicks and typing');

await lives(async () => {
	const c0 = await s.get(ids.checkBox, 'checked');
	await s.ok('cu_rightClick', pts.checkBox);
	await s.ok('cu_middleClick', pts.checkBox);
	is(await s.get(ids.checkBox, 'checked'), c0, 'cu_rightClick and cu_middleClick do not toggle a check box');
	await s.ok('cu_leftClick', pts.checkBox);
	is(await s.get(ids.checkBox, 'checked'), !c0, 'cu_leftClick does');
	const cg = await rect('checkBox');
	await s.ok('cu_leftClick', { x: cg.x + (cg.width >> 1), y: cg.y + (cg.height >> 1), screenAbsolute: true });
	is(await s.get(ids.checkBox, 'checked'), c0, 'a screenAbsolute click at its global centre toggles it back');
	await s.ok('cu_mouseDown', { ...pts.checkBox, button: 'Right' });
	await s.ok('cu_mouseUp', { ...pts.checkBox, button: 'RIGHT' });
	is(await s.get(ids.checkBox, 'checked'), c0,
	    'cu_mouseDown/Up button Right: the right button (the probe would take it for left)');
	await s.set(ids.nameEdit, 'text', 'word');
	await s.ok('cu_doubleClick', pts.nameEdit);
	is(await s.get(ids.nameEdit, 'selectedText'), 'word', 'cu_doubleClick selects the word');
	await s.set(ids.nameEdit, 'text', 'Dora');
	await s.ok('cu_mouseDown', pts.submitButton);
	is(await s.get(ids.submitButton, 'down'), true, 'cu_mouseDown on Submit: the button is down');
	await s.ok('cu_mouseUp', pts.submitButton);
	like(await s.get(ids.resultText, 'plainText'), /^Name: Dora\n/, 'cu_mouseUp on it: clicked');
}, 'buttons');

await lives(async () => {
	const sl = await rect('slider');
	await s.set(ids.slider, 'value', 0);
	const max = await s.get(ids.slider, 'maximum');
	// At its minimum the handle (16 px wide) sits at the groove's left end.
	const y = sl.y - win.y + (sl.height >> 1);
	is(await s.ok('cu_mouseDrag', { startX: sl.x - win.x + 8, startY: y,
	    endX: sl.x - win.x + sl.width - 8, endY: y }), { success: true }, 'cu_mouseDrag');
	is(await s.get(ids.slider, 'value'), max, 'dragging the handle to the right end: the maximum');
	is(await s.get(ids.sliderValueLabel, 'text'), String(max), 'and the label follows');
	const mid = { x: sl.x - win.x + (sl.width >> 1), y };
	is(await s.ok('cu_mouseMove', mid), { success: true }, 'cu_mouseMove');
	const cp = await s.ok('cu_cursorPosition');
	is([cp.x, cp.y, cp.widgetId, cp.className, cp.virtual], [mid.x, mid.y, ids.slider, 'QSlider', true],
	    'cu_cursorPosition: the point moved to and the slider under it');
	is([cp.screenX, cp.screenY], [mid.x + win.x, mid.y + win.y], 'and its screen position');
	await s.set(ids.slider, 'value', 50);
	await s.ok('cu_scroll', { ...mid, direction: 'up', amount: 2 });
	const up = await s.get(ids.slider, 'value');
	ok(up > 50, `cu_scroll up over the slider raises it (${up})`);
	await s.ok('cu_scroll', { ...mid, direction: 'DOWN', amount: 2 });
	is(await s.get(ids.slider, 'value'), 50, 'cu_scroll DOWN (any case) by as much lowers it back');
	await s.set(ids.comboBox, 'currentIndex', 0);
	await s.ok('cu_scroll', { ...pts.comboBox, direction: 'down', amount: 1 });
	is(await s.get(ids.comboBox, 'currentText'), 'Support', 'cu_scroll down over the combo box: the next item');
}, 'drag, move, scroll');

await lives(async () => {
	await s.set(ids.nameEdit, 'text', 'kept');
	await s.ok('cu_leftClick', pts.nameEdit);
	for (const [args, re, what] of [
		[{ text: 'caf\u00e9' }, /'\u00e9' \(U\+00E9\) at character 4.*qt_properties_set/, 'a non-ASCII character'],
		[{ text: '\u6f22\u5b57' }, /U\+6F22/, 'CJK text'],
		[{ text: 'bell\u0007' }, /control character U\+0007/, 'a control character'],
	])
		await refused(s, 'cu_type', args, re, `cu_type: ${what}`);
	for (const [key, re, what] of [
		['hyper+a', /'hyper' is not a modifier/, 'an unknown modifier'],
		['ctrl++', /plus key.*cu_type/, 'the plus key'],
		['+', /plus key/, 'a lone plus'],
		['NotAKey', /'NotAKey' is not a key.*return/, 'an unknown key'],
		['ctrl++a', /empty name/, 'an empty name'],
	])
		await refused(s, 'cu_key', { key }, re, `cu_key ${key}: ${what}`);
	is(await s.get(ids.nameEdit, 'text'), 'kept', 'nothing was typed or pressed');
	is((await s.ok('qtmcp_output', { lines: 100000, contains: 'hyper' })).lines, [],
	    'the probe never saw the refused key (the app\'s own log)');
	await sameApp(s, pid, 'after the refusals');
}, 'refusals');

await lives(async () => {
	const cases = [
		['cu_leftClick', { x: 1 }, /missing required parameter 'y'/, 'a missing parameter'],
		['cu_leftClick', { x: '1', y: 2 }, /'x'.*integer/, 'a mistyped parameter'],
		['cu_leftClick', { x: 1, y: 2, button: 'left' }, /unknown parameter 'button'/, 'an unknown parameter'],
		['cu_leftClick', { x: 1, y: 2, delay_ms: 20000 }, /'delay_ms'/, 'delay_ms over 10000'],
		['cu_scroll', { x: 1, y: 2, direction: 'sideways' }, /'direction'.*'sideways'/, 'a bad enum value'],
		['cu_scroll', { x: 1, y: 2, direction: 'up', amount: 0 }, /'amount'/, 'amount 0'],
		['cu_mouseDown', { x: 1, y: 2, button: 'primary' }, /'button'.*left, right, middle/, 'a bad button'],
		['cu_type', { text: '' }, /'text'/, 'empty text'],
		['cu_key', {}, /missing required parameter 'key'/, 'no key'],
		['cu_mouseDrag', { startX: 1, startY: 2, endX: 3 }, /'endY'/, 'a missing end'],
	];
	for (const [tool, args, re, what] of cases)
		await refused(s, tool, args, re, `${tool}: ${what}`);
	const x = await refused(s, 'cu_leftClick', { x: win.width + 10, y: 10 }, /-32061/,
	    'a point outside the window: the probe\'s -32061');
	like(x.text, /take cu_screenshot/, 'with the hint');
	await s.ok('qt_methods_invoke', { objectId: ids.MainWindow, method: 'hide' });
	for (const [tool, args] of [['cu_screenshot', {}], ['cu_leftClick', pts.submitButton]])
		await refused(s, tool, args, /-32060.*no active window/, `${tool} with the window hidden: -32060`);
	await refused(s, 'cu_type', { text: 'a' }, /-32062.*click into a field first/,
	    'cu_type with nothing focused: -32062');
	await s.ok('qt_methods_invoke', { objectId: ids.MainWindow, method: 'show' });
	ok(!(await s.call('cu_screenshot')).isError, 'shown again: cu_screenshot works');
	await sameApp(s, pid, 'after the errors');
}, 'errors');

await checkMessages(s, 'all');
await s.close();

// --- --mode cu: the list, and every tool where only cu tools exist ---
await lives(async () => {
	const c = await session({ mode: 'cu', revision: '2025-03-26' });
	checkToolList(c.tools, 'cu');
	const call = async (name, args = {}) => {
		const x = await c.call(name, args);
		ok(!x.isError, `cu mode: ${name} ${JSON.stringify(args)}`);
		return x;
	};
	const first = await call('cu_screenshot');
	const png = imageOf(first, 'cu mode: cu_screenshot');
	is(png && [png.width, png.height], [win.width, win.height], 'cu mode: the window\'s size');
	await call('cu_leftClick', pts.nameEdit);
	await call('cu_type', { text: 'typed in cu mode' });
	const after = await call('cu_screenshot');
	ok(after.images[0] && after.images[0].data !== first.images[0].data,
	    'cu mode: the text typed changed the picture');
	await call('cu_key', { key: 'ctrl+a' });
	await call('cu_rightClick', pts.checkBox);
	await call('cu_middleClick', pts.checkBox);
	await call('cu_doubleClick', pts.nameEdit);
	await call('cu_mouseDown', pts.checkBox);
	await call('cu_mouseUp', pts.checkBox);
	await call('cu_mouseDrag', { startX: pts.nameEdit.x - 50, startY: pts.nameEdit.y,
	    endX: pts.nameEdit.x + 50, endY: pts.nameEdit.y });
	await call('cu_scroll', { ...pts.comboBox, direction: 'down' });
	await call('cu_mouseMove', pts.submitButton);
	const cp = (await call('cu_cursorPosition')).json;
	is([cp.x, cp.y, cp.className], [pts.submitButton.x, pts.submitButton.y, 'QPushButton'],
	    'cu mode: cu_cursorPosition after cu_mouseMove: the Submit button');
	const e = await throws(() => c.client.callTool({ name: 'qt_ping', arguments: {} }),
	    'cu mode: a native tool is not there');
	is([e && e.code, e && e.data && e.data.tool], [-32602, 'qt_ping'], 'an unknown tool: -32602 naming it');
	await checkMessages(c, 'cu');
	await c.close();
}, 'cu mode');

done();
