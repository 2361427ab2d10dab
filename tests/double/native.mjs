// native.mjs: the probe double's qt.* methods against probe-protocol.md
// 4.2, 5 and 6, checked by their effect on the model of the test app
// (Appendix B): set a property and read it back, click a button and see
// the result, subscribe and see notifications, IDs as the probe hands
// them out.

import { ok, is, like, unlike, done, watchdog, need } from '../lib/tap.mjs';
import { App, Client, startReady, pngSize, tmpdir, waitFor, sleep } from './lib.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

watchdog(90);
const { default: WebSocket } = await need('ws');
const cwd = tmpdir();
writeFileSync(path.join(cwd, 'qtmcp-names.json'),
    JSON.stringify({ style: 'QApplication/fusion', bad: 5, ghost: 'MainWindow' }));
const { app, c } = await startReady(WebSocket, { cwd });

const find = async (name) => (await c.result('qt.objects.find', { name })).objectId;
const get = async (objectId, name) => (await c.result('qt.properties.get', { objectId, name })).value;
const set = (objectId, name, value) => c.call('qt.properties.set', { objectId, name, value });
const err = async (m, p) => (await c.call(m, p)).error;

// --- Appendix B: the main window and its objects ---
const mw = await find('MainWindow');
like(mw, /^QObject~\d+$/, 'registry IDs look like QObject~N, not paths');
is(await get(mw, 'windowTitle'), 'QtMCP Test Application', 'window title');
is(await get(mw, 'geometry'), { x: 0, y: 0, width: 800, height: 600 }, '800x600 at 0,0');
const names = ['centralWidget', 'tabWidget', 'formTab', 'nameLabel', 'nameEdit', 'emailLabel',
    'emailEdit', 'messageLabel', 'messageEdit', 'categoryLabel', 'comboBox', 'checkBox',
    'priorityLabel', 'slider', 'sliderValueLabel', 'submitButton', 'clearButton', 'resultGroup',
    'resultText', 'listTab', 'listWidget', 'tableTab', 'tableWidget', 'menuBar', 'menuFile',
    'menuEdit', 'menuHelp', 'actionNew', 'actionOpen', 'actionSave', 'actionExit', 'actionCut',
    'actionCopy', 'actionPaste', 'actionAbout', 'toolBar', 'statusBar', 'verticalLayout',
    'formLayout', 'inputFormLayout', 'sliderLayout', 'buttonLayout', 'resultLayout',
    'listLayout', 'tableLayout', 'qt_tabwidget_stackedwidget', 'qt_tabwidget_tabbar'];
const ids = {};
const missing = [];
for (const n of names) {
	const r = await c.call('qt.objects.find', { name: n });
	if (r.error)
		missing.push(n);
	else
		ids[n] = r.result.result.objectId;
}
is(missing, [], 'every object name of Appendix B is there');
is(new Set(Object.values(ids)).size, names.length, 'with distinct IDs');
const edit = ids.nameEdit;
is((await c.result('qt.objects.info', { objectId: edit })), {
	className: 'QLineEdit', objectName: 'nameEdit',
	superClasses: ['QLineEdit', 'QWidget', 'QObject'], visible: true, enabled: true,
}, 'qt.objects.info of a widget');
is((await c.result('qt.objects.info', { objectId: ids.formLayout })), {
	className: 'QVBoxLayout', objectName: 'formLayout',
	superClasses: ['QVBoxLayout', 'QBoxLayout', 'QLayout', 'QObject'],
}, 'a non-widget has no visible/enabled');
is(await get(edit, 'placeholderText'), 'Enter your name', 'placeholder');
is(await get(ids.statusBar, 'sizeGripEnabled'), true, 'status bar');
is((await c.result('qt.models.list')).map((m) => m.objectId).filter((i) => i.includes('/')),
    ['formTab/QComboBox/QObject', 'listTab/QListWidget/QObject', 'tableTab/QTableWidget/QObject'],
    'models made inside constructors get path IDs (tableTab/QTableWidget/QObject)');

// --- find, findByClass, query, numeric IDs (5.4) ---
{
	const r = await c.call('qt.objects.find', { name: 'nameEdit' });
	const n = r.result.result.numericId;
	ok(Number.isInteger(n) && n >= 1, 'find gives a numericId');
	is(await get(`#${n}`, 'objectName'), 'nameEdit', '#N resolves');
	is(await get(String(n), 'objectName'), 'nameEdit', 'N resolves');
	const fc = await c.result('qt.objects.findByClass', { className: 'QLabel' });
	is(fc.objects.length, 6, 'findByClass QLabel: the 6 labels');
	ok(fc.objects.every((o) => o.className === 'QLabel' && Number.isInteger(o.numericId)),
	    'findByClass entries: objectId, className, numericId');
	is((await c.result('qt.objects.findByClass', { className: 'QAbstractButton' })).objects, [],
	    'findByClass: exact class, no subclasses');
	is((await c.result('qt.objects.findByClass', { className: 'QPushButton',
	    root: ids.resultGroup })).objects, [], 'findByClass with a root');
	is((await c.result('qt.objects.find', { name: 'submitButton', root: 'no/such/root' })).objectId,
	    ids.submitButton, 'an unresolvable root is ignored');
	is((await c.call('qt.objects.find', { name: 'nameEdit', root: ids.listTab })).error.code,
	    -32001, 'find under a root that does not hold it: -32001');
	is((await err('qt.objects.find', { name: 'nope' })).data.name, 'nope', '-32001 data: name, hint');
	const q = await c.result('qt.objects.query', { className: 'QPushButton' });
	ok(Array.isArray(q) && q.length === 2, 'query returns a bare array');
	const q2 = await c.result('qt.objects.query', { properties: { objectName: 'clearButton' } });
	is(q2.map((o) => o.objectId), [ids.clearButton], 'query by property without className');
	const q3 = await c.result('qt.objects.query', { className: 'QLineEdit',
	    properties: { placeholderText: 'Enter your email' } });
	is(q3.map((o) => o.objectId), [ids.emailEdit], 'query: className and a property filter');
	const all = await c.result('qt.objects.query', {});
	ok(all.length > 100, `query with no filter: every object (${all.length})`);
}

// --- tree (4.2, 5.3) ---
{
	const t = await c.result('qt.objects.tree', {});
	is([t.id, t.className, t.children.length, t.children[0].id], ['', 'Root', 1, 'QApplication'],
	    'tree without root: Root, QApplication');
	unlike(JSON.stringify(t), /MainWindow/, 'the main window does not appear');
	like(JSON.stringify(t), /"id":"QApplication\/fusion"/, 'QApplication/fusion is there');
	const t0 = await c.result('qt.objects.tree', { root: edit, maxDepth: 0 });
	ok(!('children' in t0), 'maxDepth 0: the root only');
	const tm = await c.result('qt.objects.tree', { root: mw, maxDepth: 2 });
	is(tm.id, 'MainWindow', 'tree ids are live paths');
	const cw = tm.children.find((k) => k.objectName === 'centralWidget');
	is([cw.id, cw.geometry, cw.visible], ['MainWindow/centralWidget',
	    { x: 0, y: 50, width: 800, height: 527 }, true], 'node: id, geometry, visible');
	const tf = await c.result('qt.objects.tree', { root: ids.formTab, maxDepth: 1 });
	const lbl = tf.children.find((k) => k.objectName === 'nameLabel');
	is(lbl.text, 'Name:', 'node text');
	like(tf.children[0].id, /^MainWindow\/centralWidget\/tabWidget\/qt_tabwidget_stackedwidget\/formTab\//,
	    'paths follow the tree');
	is((await c.call('qt.objects.info', { objectId: lbl.id })).error.code, -32001,
	    'a MainWindow/... path does not resolve');
	is((await c.call('qt.objects.info', { objectId: 'MainWindow' })).error.code, -32001,
	    'neither does MainWindow');
	is((await c.result('qt.objects.info', { objectId: 'QApplication/fusion' })).objectName, 'fusion',
	    'a QApplication/... path resolves');
	const tb = await c.result('qt.objects.tree', { root: ids.toolBar, maxDepth: 1 });
	ok(tb.children.some((k) => k.id === 'MainWindow/toolBar/text_New'),
	    'a segment from the text: text_New');
}

// --- properties (4.2) ---
{
	is((await set(edit, 'text', 'Alice')).result.result, { success: true }, 'set text');
	is(await get(edit, 'text'), 'Alice', 'read it back');
	is(await get(edit, 'cursorPosition'), 5, 'the cursor moved to the end');
	const list = await c.result('qt.properties.list', { objectId: edit });
	const t = list.find((p) => p.name === 'text');
	is(t, { name: 'text', type: 'QString', readable: true, writable: true, value: 'Alice' },
	    'properties.list entry');
	is(list[0].name, 'objectName', 'inherited properties first');
	is(list.find((p) => p.name === 'focusPolicy').value,
	    { _type: 'Qt::FocusPolicy', value: 'StrongFocus' }, 'an enum: {_type, value}');
	is(list.find((p) => p.name === 'size').value, { width: 696, height: 22 }, 'QSize form');
	is(list.find((p) => p.name === 'pos').value, { x: 73, y: 9 }, 'QPoint form');
	is(list.find((p) => p.name === 'width').writable, false, 'width is read-only');
	const e1 = await err('qt.properties.set', { objectId: edit, name: 'width', value: 3 });
	is([e1.code, e1.data], [-32011, { objectId: edit, property: 'width' }], 'read-only: -32011');
	const e2 = await err('qt.properties.set', { objectId: edit, name: 'maxLength', value: 'lots' });
	is([e2.code, e2.data], [-32012, { objectId: edit, property: 'maxLength' }], 'mismatch: -32012');
	const e3 = await err('qt.properties.get', { objectId: '#1', name: 'nope' });
	is([e3.code, e3.data], [-32010, { objectId: '#1', property: 'nope' }], 'unknown: -32010');
	is((await err('qt.properties.set', { objectId: edit, name: 'text' })).code, -32602,
	    'value must be present');
	is((await set(edit, 'myTag', { a: [1] })).result.result, { success: true },
	    'an unknown name makes a dynamic property');
	is(await get(edit, 'myTag'), { a: [1] }, 'read back');
	is((await set(edit, 'myTag', null)).result.result, { success: false },
	    'a dynamic property set to null: success false');
	is((await err('qt.properties.get', { objectId: edit, name: 'myTag' })).code, -32010, 'and gone');
	await set(ids.comboBox, 'geometry', { x: 1 });
	is(await get(ids.comboBox, 'geometry'), { x: 1, y: 0, width: 0, height: 0 },
	    'a partial geometry: 1,0 0x0');
	await set(ids.comboBox, 'geometry', { x: 73, y: 171, width: 696, height: 22 });
	await set(ids.slider, 'value', 90);
	is(await get(ids.sliderValueLabel, 'text'), '90', 'the label follows the slider');
	await set(ids.slider, 'value', 500);
	is(await get(ids.slider, 'value'), 100, 'the slider clamps to its maximum');
	await set(mw, 'windowTitle', 'Renamed');
	is((await c.result('chr.tabsContext')).windows[0].windowTitle, 'Renamed', 'window title set');
	await set(mw, 'windowTitle', 'QtMCP Test Application');
	is((await err('qt.properties.list', { objectId: 'QObject~99999' })).code, -32001, 'list: -32001');
	const e4 = await err('qt.properties.get', { name: 'text' });
	is([e4.code, e4.data], [-32602, { method: 'qt.properties.get' }], 'missing objectId: -32602');
	const e5 = await err('qt.properties.get', { objectId: 'zzz', name: 'text' });
	is([e5.code, e5.data.objectId, typeof e5.data.hint], [-32001, 'zzz', 'string'],
	    '-32001 data: objectId, hint');
}

// --- methods (4.2) ---
{
	const ml = await c.result('qt.methods.list', { objectId: edit });
	is(ml.find((m) => m.signature === 'setText(QString)'), { name: 'setText',
	    signature: 'setText(QString)', returnType: 'void', parameterTypes: ['QString'],
	    parameterNames: [''], access: 'public' }, 'methods.list entry');
	ok(ml.some((m) => m.access === 'protected'), 'protected slots are listed');
	is((await c.result('qt.methods.invoke', { objectId: edit, method: 'clear' })).result, null,
	    'invoke clear: {result:null}');
	is(await get(edit, 'text'), '', 'cleared');
	await c.result('qt.methods.invoke', { objectId: edit, method: 'setText', args: ['Bob'] });
	is(await get(edit, 'text'), 'Bob', 'invoke setText');
	is((await c.result('qt.methods.invoke', { objectId: ids.tableTab.replace(/.*/, 'tableTab/QTableWidget/QObject'),
	    method: 'rowCount' })).result, 3, 'invoke with a return value');
	const e1 = await err('qt.methods.invoke', { objectId: edit, method: 'isVisible' });
	is([e1.code, e1.data], [-32020, { objectId: edit, method: 'isVisible' }],
	    'a plain C++ method is not invokable: -32020');
	is((await err('qt.methods.invoke', { objectId: edit, method: 'setText', args: [] })).code,
	    -32020, 'matching counts the arguments');
	const e2 = await err('qt.methods.invoke', { objectId: edit, method: 'setText',
	    args: Array(11).fill('x') });
	is([e2.code, e2.data], [-32021, { objectId: edit, method: 'setText' }], 'more than 10 args: -32021');
	is((await err('qt.methods.invoke', { objectId: ids.tabWidget, method: 'setCurrentWidget',
	    args: ['x'] })).code, -32021, 'an argument that cannot be converted: -32021');
	await c.result('qt.methods.invoke', { objectId: ids.tabWidget, method: 'setCurrentIndex', args: [1] });
	is((await c.result('qt.objects.info', { objectId: ids.listWidget })).visible, true,
	    'setCurrentIndex shows the List tab');
	is((await c.result('qt.objects.info', { objectId: edit })).visible, false, 'and hides the form');
	await c.result('qt.methods.invoke', { objectId: ids.tabWidget, method: 'setCurrentIndex', args: [0] });
	await c.result('qt.methods.invoke', { objectId: mw, method: 'onSubmitClicked' });
	is(await get(ids.resultText, 'plainText'), 'Name: Bob\nEmail: \nMessage: ',
	    'a private slot of the test app is invokable');
	is((await err('qt.properties.get', { objectId: ids.resultText, name: 'text' })).code, -32010,
	    'a QTextEdit has no text property');
}

// --- signals (4.2, 6) ---
{
	const sl = await c.result('qt.signals.list', { objectId: ids.slider });
	is(sl.find((s) => s.name === 'valueChanged'), { name: 'valueChanged',
	    signature: 'valueChanged(int)', parameterTypes: ['int'], parameterNames: ['value'] },
	    'signals.list entry');
	const e1 = await err('qt.signals.subscribe', { objectId: ids.slider });
	is([e1.code, e1.message], [-32602, 'Missing required parameters: objectId, signal'],
	    'subscribe without signal: -32602');
	const e2 = await err('qt.signals.subscribe', { objectId: '#1', signal: 'textChanged' });
	is([e2.code, e2.message, e2.data], [-32030, 'Object not found: #1',
	    { objectId: '#1', signal: 'textChanged' }], 'subscribe does not take #N: -32030');
	is((await err('qt.signals.subscribe', { objectId: ids.slider, signal: 'nope' })).code, -32030,
	    'unknown signal: -32030');
	const s1 = await c.result('qt.signals.subscribe', { objectId: ids.slider, signal: 'valueChanged' });
	like(s1.subscriptionId, /^sub_\d+$/, 'subscribe: sub_N');
	const from = c.msgs.length;
	const r = await set(ids.slider, 'value', 42);
	const n = c.msgs.slice(from).filter((m) => m.json && m.json.method === 'qtmcp.signalEmitted');
	is(n.length, 1, 'setting a slider emits valueChanged once');
	ok(c.msgs.indexOf(n[0]) < c.msgs.findIndex((m, i) => i >= from && m.json && m.json.id === r.id),
	    'before the response of the set');
	is(n[0].json.params.objectId, ids.slider, 'objectId: the string given at subscribe');
	const s2 = await c.result('qt.signals.subscribe', { objectId: 'QApplication', signal: 'focusChanged' });
	is(Number(s2.subscriptionId.slice(4)), Number(s1.subscriptionId.slice(4)) + 1, 'sub_N counts up');
	is(await c.result('qt.signals.unsubscribe', { subscriptionId: 'sub_999' }), { success: true },
	    'unsubscribe of an unknown id: success');
	await c.result('qt.signals.unsubscribe', s2);
	const lf = await c.result('qt.signals.setLifecycle', {});
	is(lf, { enabled: false }, 'setLifecycle without enabled: false');

	// Numeric IDs reset on reconnect; subscriptions and names survive.
	c.close();
	await c.closed;
}
const c2 = await Client.connectReady(WebSocket, app.port);
{
	is((await c2.call('qt.properties.get', { objectId: '#1', name: 'objectName' })).error.code, -32001,
	    '#1 from the last connection no longer resolves');
	const from = c2.msgs.length;
	await c2.call('qt.properties.set', { objectId: ids.slider, name: 'value', value: 43 });
	ok(c2.msgs.slice(from).some((m) => m.json && m.json.method === 'qtmcp.signalEmitted'),
	    'a subscription of the last client notifies this one');
	const n = await c2.result('qt.objects.find', { name: 'checkBox' });
	is(n.numericId, 1, 'numeric IDs start again at 1');
}

// --- UI (4.2) ---
{
	const cc = c2;
	const r = async (m, p) => (await cc.call(m, p)).result.result;
	await cc.call('qt.properties.set', { objectId: edit, name: 'text', value: 'Carol' });
	is(await r('qt.ui.click', { objectId: ids.submitButton }), { success: true }, 'click: success');
	is((await r('qt.properties.get', { objectId: ids.resultText, name: 'plainText' })).value,
	    'Name: Carol\nEmail: \nMessage: ', 'clicking Submit fills the result');
	is((await cc.call('double.state')).result.statusMessage, 'Form submitted', 'status: Form submitted');
	await r('qt.ui.click', { objectId: ids.checkBox, button: 'right' });
	is((await r('qt.properties.get', { objectId: ids.checkBox, name: 'checked' })).value, false,
	    'a right click does not toggle');
	await r('qt.ui.click', { objectId: ids.checkBox, button: 'Right' });
	is((await r('qt.properties.get', { objectId: ids.checkBox, name: 'checked' })).value, true,
	    'an unknown button name means left');
	await r('qt.ui.click', { objectId: ids.clearButton });
	is((await r('qt.properties.get', { objectId: edit, name: 'text' })).value, '', 'Clear empties the name');
	is((await r('qt.properties.get', { objectId: ids.checkBox, name: 'checked' })).value, false,
	    'and unchecks the box');
	is((await r('qt.properties.get', { objectId: ids.slider, name: 'value' })).value, 50, 'slider back to 50');
	await r('qt.ui.click', { objectId: ids.slider, position: { x: 600, y: 11 } });
	is((await r('qt.properties.get', { objectId: ids.slider, name: 'value' })).value, 60,
	    'a click on the groove right of the handle: one page up');
	await r('qt.ui.click', { objectId: ids.qt_tabwidget_tabbar, position: { x: 0, y: 0 } });
	is((await r('qt.properties.get', { objectId: ids.tabWidget, name: 'currentIndex' })).value, 1,
	    'position (0,0) means the centre: the List tab, not Form');
	await r('qt.ui.click', { objectId: ids.qt_tabwidget_tabbar, position: { x: 5, y: 5 } });
	is((await r('qt.properties.get', { objectId: ids.tabWidget, name: 'currentIndex' })).value, 0,
	    'a click on the Form tab');
	const ec = await cc.call('qt.ui.click', { objectId: ids.formLayout });
	is([ec.error.code, ec.error.data], [-32003, { objectId: ids.formLayout,
	    className: 'QVBoxLayout' }], 'click on a layout: -32003');
	is(await r('qt.ui.sendKeys', { objectId: edit, text: 'Hi there' }), { success: true }, 'sendKeys text');
	is((await r('qt.properties.get', { objectId: edit, name: 'text' })).value, 'Hi there', 'typed');
	await r('qt.ui.sendKeys', { objectId: edit, sequence: 'Ctrl+A, Backspace' });
	is((await r('qt.properties.get', { objectId: edit, name: 'hasSelectedText' })).value, true,
	    'only the first chord is sent (Ctrl+A selects)');
	await r('qt.ui.sendKeys', { objectId: edit, sequence: 'Backspace' });
	is((await r('qt.properties.get', { objectId: edit, name: 'text' })).value, '', 'Backspace deletes it');
	is(await r('qt.ui.sendKeys', { objectId: edit }), { success: true }, 'neither text nor sequence: no-op');
	const g = await r('qt.ui.geometry', { objectId: edit });
	is(g, { local: { x: 73, y: 9, width: 696, height: 22 },
	    global: { x: 84, y: 92, width: 696, height: 22 }, devicePixelRatio: 1 },
	    'geometry: nameEdit at (84,92) 696x22 as measured');
	is(await r('qt.ui.hitTest', { x: 90, y: 100 }), { objectId: edit, className: 'QLineEdit' },
	    'hitTest at a point inside nameEdit');
	const ht = await r('qt.ui.hitTest', { x: 400, y: 120 + 60 });
	is(ht.className, 'QWidget', 'hitTest inside a text edit: its viewport');
	const he = await cc.call('qt.ui.hitTest', { x: 1000, y: 900 });
	is([he.error.code, he.error.data], [-32001, { x: 1000, y: 900 }], 'hitTest on nothing: -32001 {x,y}');
	const s = await r('qt.ui.screenshot', { objectId: edit });
	is(Object.keys(s), ['image'], 'screenshot: image only');
	is(pngSize(s.image), { width: 696, height: 22 }, 'a real PNG of the widget size');
	is(pngSize((await r('qt.ui.screenshot', { objectId: edit, region: { x: 10, y: 2, width: 50,
	    height: 10 } })).image), { width: 50, height: 10 }, 'region');
	is(pngSize((await r('qt.ui.screenshot', { objectId: mw, fullWindow: true })).image),
	    { width: 800, height: 600 }, 'fullWindow');
	is((await cc.call('qt.ui.screenshot', { objectId: edit, region: { x: 0, y: 0, width: 0,
	    height: 5 } })).error.code, -32603, 'an empty region: -32603');
}

// --- names (4.2, 5.5) ---
{
	const cc = c2;
	const r = async (m, p) => (await cc.call(m, p)).result.result;
	is(await r('qt.names.list'), { style: 'QApplication/fusion', ghost: 'MainWindow' },
	    'qtmcp-names.json in the working directory was loaded; non-strings skipped');
	is(await r('qt.names.validate'), [{ name: 'ghost', path: 'MainWindow', valid: false },
	    { name: 'style', path: 'QApplication/fusion', valid: true }],
	    'validate: MainWindow does not validate');
	is((await r('qt.objects.info', { objectId: 'style' })).className, 'QFusionStyle',
	    'a symbolic name resolves');
	await r('qt.names.register', { name: 'submit', path: ids.submitButton });
	is((await r('qt.properties.get', { objectId: 'submit', name: 'text' })).value, 'Submit',
	    'a registered name resolves');
	is((await cc.call('qt.names.register', { name: 'x' })).error.code, -32602, 'register needs a path');
	is(await r('qt.names.unregister', { name: 'never' }), { success: true }, 'unregister: always success');
	const file = path.join(cwd, 'saved.json');
	is(await r('qt.names.save', { filePath: file }), { success: true }, 'save');
	is(readFileSync(file, 'utf8'), '{\n    "ghost": "MainWindow",\n    "style": "QApplication/fusion",\n' +
	    `    "submit": "${ids.submitButton}"\n}\n`, 'saved as indented JSON');
	writeFileSync(file, JSON.stringify({ one: 'QApplication' }));
	is(await r('qt.names.load', { filePath: file }), { success: true, count: 1 }, 'load');
	is(await r('qt.names.list'), { one: 'QApplication' }, 'load replaces the whole map');
	const e = await cc.call('qt.names.load', { filePath: path.join(cwd, 'none.json') });
	is([e.error.code, e.error.data], [-32052, { filePath: path.join(cwd, 'none.json') }],
	    'load error: -32052 {filePath}');
	is((await cc.call('qt.names.save', { filePath: '/nonexistent/dir/x.json' })).result.result,
	    { success: false }, 'save failure: success false');
}

// --- QML and models (4.2) ---
{
	const cc = c2;
	const e1 = await cc.call('qt.qml.inspect', { objectId: edit });
	is([e1.error.code, e1.error.data], [-32080, { method: 'qt.qml.inspect' }], 'qml.inspect: -32080');
	is((await cc.call('qt.qml.inspect', { objectId: 'zzz' })).error.code, -32001, 'but -32001 first');
	const ml = (await cc.call('qt.models.list')).result.result;
	ok(ml.some((m) => m.className === 'QAbstractItemModel' && m.rowCount === 0),
	    'models.list includes a 0x0 QAbstractItemModel');
	const lm = ml.find((m) => m.className === 'QListModel');
	is(lm.roleNames, { 0: 'display', 1: 'decoration', 2: 'edit', 3: 'toolTip', 4: 'statusTip',
	    5: 'whatsThis' }, 'roleNames');
	is((await cc.call('qt.models.info', { objectId: ids.listWidget })).result.result,
	    { className: 'QListModel', rowCount: 5, columnCount: 1, hasChildren: true,
	    roleNames: lm.roleNames }, 'models.info on the view');
	const d = (await cc.call('qt.models.data', { objectId: ids.tableWidget })).result.result;
	is(d.rows[1].cells, [{ display: 'Beta' }, { display: '200' }, { display: 'Second item' }],
	    'models.data: table cells');
	is([d.totalRows, d.totalColumns, d.offset, d.hasMore], [3, 3, 0, false], 'totals');
	const d2 = (await cc.call('qt.models.data', { objectId: lm.objectId, offset: 3 })).result.result;
	is([d2.offset, d2.rows.length], [0, 5], 'offset is ignored without limit on a small model');
	const d3 = (await cc.call('qt.models.data', { objectId: lm.objectId, offset: 3, limit: 1,
	    roles: ['display', 3, 'edit'] })).result.result;
	is(d3.rows, [{ cells: [{ display: 'Item 4', toolTip: null, edit: 'Item 4' }], hasChildren: false }],
	    'limit, offset and roles by name and number');
	is(d3.hasMore, true, 'hasMore');
	const e2 = await cc.call('qt.models.data', { objectId: lm.objectId, roles: ['nope'] });
	is([e2.error.code, e2.error.data.roleName, Array.isArray(e2.error.data.availableRoles)],
	    [-32092, 'nope', true], 'unknown role: -32092');
	const e3 = await cc.call('qt.models.info', { objectId: edit });
	is([e3.error.code, e3.error.data.objectId, typeof e3.error.data.hint], [-32093, edit, 'string'],
	    'not a model: -32093');
}

// --- the status bar's message lasts 3 s (Appendix B) ---
{
	const sb = (await c2.call('qt.objects.find', { name: 'statusBar' })).result.result.objectId;
	await c2.call('qt.signals.subscribe', { objectId: sb, signal: 'messageChanged' });
	const from = c2.msgs.length;
	const t0 = Date.now();
	await c2.call('qt.ui.click', { objectId: ids.submitButton });
	is((await c2.call('double.state')).result.statusMessage, 'Form submitted', 'Form submitted shown');
	ok(await waitFor(() => c2.msgs.slice(from).filter((m) => m.json &&
	    m.json.method === 'qtmcp.signalEmitted').length >= 2, 5000),
	    'messageChanged again when it expires');
	const dt = Date.now() - t0;
	ok(dt >= 2900 && dt < 4500, `after about 3 s (${dt} ms)`);
	is((await c2.call('double.state')).result.statusMessage, '', 'then the status bar is empty');
}

// --- lifecycle: the storm, and it survives the client (6.3) ---
{
	await c2.call('qt.signals.setLifecycle', { enabled: true });
	ok(await waitFor(() => c2.notifications('qtmcp.objectDestroyed').length >= 500, 5000),
	    'setLifecycle true starts an endless objectDestroyed storm');
	is(c2.notifications('qtmcp.objectDestroyed')[0].json.params, { event: 'destroyed', objectId: '' },
	    'with an empty objectId');
	c2.close();
	await c2.closed;
	const c3 = await Client.open(WebSocket, app.port);
	const first = await c3.next((m) => m.json && m.json.method, 3000);
	is(first && first.json.method, 'qtmcp.objectCreated', 'the next client gets objectCreated first');
	is(first && first.json.params.className, 'QWebSocket', 'for its own socket object');
	await c3.call('qt.signals.setLifecycle', { enabled: false }, 10000);
	c3.close();
}

await app.stop();
done();
