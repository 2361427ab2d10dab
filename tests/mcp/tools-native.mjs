// tools-native.mjs: the native tools (qt_*) end to end, with the official
// SDK client against the real qtmcp, the real qtmcp-launch and the probe
// double: tools/list of --mode native against probe-protocol.md 4.5,
// every tool called with valid arguments and checked by its effect on
// the double's model of the test application (Appendix B), qt_models_data
// reading the rows, columns and roles the Python server never sent, every
// kind of validation error, probe errors with their hints, and the
// refusals of what would abort the application, which must leave the very
// same process running.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ok, is, like, unlike, done, watchdog, need, lives } from '../lib/tap.mjs';
import { tmpdir, srcdir, appConfig, QTMCP } from '../lib/mcp.mjs';
import { session, checkToolList, checkReadme, refused, sameApp, checkMessages, imageOf, pngInfo,
    COUNTS, OWN } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');

// The README lists what probe-protocol.md 4.5 lists, and qtmcp's own.
checkReadme(fs.readFileSync(path.join(srcdir, 'README.md'), 'utf8'));

const dir = tmpdir('native');
const s = await session({ mode: 'native', revision: '2025-11-25', dir });
checkToolList(s.tools, 'native');
const pid = (await s.target()).pid;
ok(Number.isInteger(pid) && pid > 0, `the app runs (pid ${pid})`);

// Appendix B: objectNames and classes.
const CLASSES = {
	MainWindow: 'MainWindow', tabWidget: 'QTabWidget', formTab: 'QWidget',
	nameEdit: 'QLineEdit', emailEdit: 'QLineEdit', messageEdit: 'QTextEdit',
	comboBox: 'QComboBox', checkBox: 'QCheckBox', slider: 'QSlider',
	sliderValueLabel: 'QLabel', submitButton: 'QPushButton', clearButton: 'QPushButton',
	resultGroup: 'QGroupBox', resultText: 'QTextEdit', listWidget: 'QListWidget',
	tableWidget: 'QTableWidget', formLayout: 'QVBoxLayout',
};
const ids = {};

// --- system ---
await lives(async () => {
	const p = await s.ok('qt_ping');
	is([p.pong, Number.isInteger(p.eventLoopLatency)], [true, true], 'qt_ping: pong, eventLoopLatency');
	const v = await s.ok('qt_version');
	is([v.name, v.version], ['QtMCP', '0.1.0'], 'qt_version: the probe\'s name and version');
	is(await s.ok('qt_modes'), ['native', 'computer_use', 'chrome'], 'qt_modes: the three API modes');
}, 'system tools');

// --- objects ---
await lives(async () => {
	for (const [name, cls] of Object.entries(CLASSES)) {
		const r = await s.ok('qt_objects_find', { name });
		ids[name] = r.objectId;
		is(r.className, cls, `qt_objects_find ${name}: a ${cls}`);
	}
	like(ids.nameEdit, /^QObject~\d+$/, 'objectIds are registry ids');
	is(new Set(Object.values(ids)).size, Object.keys(CLASSES).length, 'all distinct');
	is((await s.ok('qt_objects_find', { name: 'submitButton', root: 'no/such/root' })).objectId,
	    ids.submitButton, 'qt_objects_find with a root that does not resolve: global');
	is((await s.ok('qt_objects_find', { name: 'submitButton', root: null })).objectId,
	    ids.submitButton, 'an optional parameter given as null is left out');
	const byClass = await s.ok('qt_objects_findByClass', { className: 'QPushButton', root: ids.MainWindow });
	is(byClass.objects.map(o => o.objectId).sort(), [ids.submitButton, ids.clearButton].sort(),
	    'qt_objects_findByClass QPushButton under MainWindow: Submit and Clear');
	const tree = await s.ok('qt_objects_tree', { root: ids.formTab, maxDepth: 1 });
	const label = tree.children.find(k => k.objectName === 'nameLabel');
	is(label && label.text, 'Name:', 'qt_objects_tree: the form\'s children, nameLabel says Name:');
	ok(tree.children.every(k => !('children' in k)), 'qt_objects_tree maxDepth 1: no grandchildren');
	const info = await s.ok('qt_objects_info', { objectId: ids.nameEdit });
	is([info.className, info.objectName, info.visible, info.enabled, info.superClasses.includes('QWidget')],
	    ['QLineEdit', 'nameEdit', true, true, true], 'qt_objects_info: class, name, visible, enabled, hierarchy');
	await s.set(ids.nameEdit, 'text', 'Inspected');
	const ins = await s.ok('qt_objects_inspect', { objectId: ids.nameEdit });
	is([ins.info.objectName, ins.properties.find(p => p.name === 'text').value],
	    ['nameEdit', 'Inspected'], 'qt_objects_inspect: info and the current property values');
	ok(ins.signals.some(x => x.name === 'textChanged') && ins.methods.some(x => x.name === 'clear'),
	    'qt_objects_inspect: signals and methods');
	const q = await s.ok('qt_objects_query', { className: 'QLineEdit', properties: { text: 'Inspected' } });
	is(q.map(o => o.objectId), [ids.nameEdit], 'qt_objects_query by class and property value');
}, 'object tools');

// --- properties and methods ---
await lives(async () => {
	const list = await s.ok('qt_properties_list', { objectId: ids.nameEdit });
	const text = list.find(p => p.name === 'text');
	is([text.writable, text.value], [true, 'Inspected'], 'qt_properties_list: text, writable, its value');
	is(await s.set(ids.nameEdit, 'text', 'Alice'), { success: true }, 'qt_properties_set text');
	is(await s.get(ids.nameEdit, 'text'), 'Alice', 'qt_properties_get reads it back');
	await s.set(ids.slider, 'value', 73);
	is(await s.get(ids.sliderValueLabel, 'text'), '73', 'setting the slider moves its label (the app reacted)');
	const g = await s.get(ids.MainWindow, 'geometry');
	await refused(s, 'qt_properties_set', { objectId: ids.MainWindow, name: 'geometry', value: { x: 1 } },
	    /whole/, 'qt_properties_set with a partial geometry');
	is(await s.get(ids.MainWindow, 'geometry'), g, 'the geometry is unchanged');
	is(await s.set(ids.MainWindow, 'geometry', g), { success: true }, 'a whole rectangle is accepted');
	const methods = await s.ok('qt_methods_list', { objectId: ids.nameEdit });
	ok(methods.some(m => m.name === 'clear'), 'qt_methods_list: clear is there');
	await s.ok('qt_methods_invoke', { objectId: ids.nameEdit, method: 'clear' });
	is(await s.get(ids.nameEdit, 'text'), '', 'qt_methods_invoke clear empties the field');
	await s.ok('qt_methods_invoke', { objectId: ids.tabWidget, method: 'setCurrentIndex', args: [2] });
	is(await s.get(ids.tabWidget, 'currentIndex'), 2, 'qt_methods_invoke with args: setCurrentIndex 2');
	await s.set(ids.tabWidget, 'currentIndex', 0);
}, 'property and method tools');

// --- signals ---
await lives(async () => {
	const sigs = await s.ok('qt_signals_list', { objectId: ids.submitButton });
	ok(sigs.some(x => x.name === 'clicked'), 'qt_signals_list: clicked');
	const sub = await s.ok('qt_signals_subscribe', { objectId: ids.submitButton, signal: 'clicked' });
	like(sub.subscriptionId, /^sub_\d+$/, 'qt_signals_subscribe: a subscriptionId');
	const before = (await s.ok('qtmcp_events', { subscriptionId: sub.subscriptionId })).next;
	await s.ok('qt_ui_click', { objectId: ids.submitButton });
	// The probe sends signalEmitted before the click's answer: it is in.
	const ev = await s.ok('qtmcp_events', { since: before, subscriptionId: sub.subscriptionId });
	is(ev.events.map(e => [e.type, e.signal]), [['signal', 'clicked']], 'a click is recorded as an event');
	is(await s.ok('qt_signals_unsubscribe', { subscriptionId: sub.subscriptionId }), { success: true },
	    'qt_signals_unsubscribe');
	await s.ok('qt_ui_click', { objectId: ids.submitButton });
	is((await s.ok('qtmcp_events', { since: ev.next, subscriptionId: sub.subscriptionId })).events, [],
	    'after it a click is not recorded');
	is(await s.ok('qt_signals_setLifecycle', { enabled: false }), { enabled: false },
	    'qt_signals_setLifecycle false is sent');
}, 'signal tools');

// --- UI ---
await lives(async () => {
	await s.set(ids.nameEdit, 'text', 'Alice');
	await s.set(ids.emailEdit, 'text', 'alice@example.org');
	await s.ok('qt_ui_click', { objectId: ids.submitButton });
	is(await s.get(ids.resultText, 'plainText'), 'Name: Alice\nEmail: alice@example.org\nMessage: ',
	    'qt_ui_click Submit: resultText shows the form');
	const checked = await s.get(ids.checkBox, 'checked');
	await s.ok('qt_ui_click', { objectId: ids.checkBox, button: 'right' });
	is(await s.get(ids.checkBox, 'checked'), checked, 'a right click does not toggle the check box');
	await s.ok('qt_ui_click', { objectId: ids.checkBox, button: 'Left', position: { x: 5, y: 10 } });
	is(await s.get(ids.checkBox, 'checked'), !checked, 'button Left (any case) at a position toggles it');

	await s.set(ids.nameEdit, 'text', '');
	await s.ok('qt_ui_sendKeys', { objectId: ids.nameEdit, text: 'Bob' });
	is(await s.get(ids.nameEdit, 'text'), 'Bob', 'qt_ui_sendKeys text');
	await s.ok('qt_ui_sendKeys', { objectId: ids.nameEdit, sequence: 'Ctrl+A, Delete' });
	is(await s.get(ids.nameEdit, 'text'), '', 'a sequence of two chords: both pressed (select all, Delete)');
	await s.ok('qt_ui_sendKeys', { objectId: ids.nameEdit, text: 'Carol', sequence: 'Home, Shift+End' });
	is(await s.get(ids.nameEdit, 'selectedText'), 'Carol', 'text, then the chords');
	await s.set(ids.messageEdit, 'plainText', '');
	await s.ok('qt_ui_sendKeys', { objectId: ids.messageEdit, text: 'one\ntwo\r\nthree' });
	is(await s.get(ids.messageEdit, 'plainText'), 'one\ntwo\nthree',
	    'newlines in text are typed as Return (the probe would abort)');

	const geo = await s.ok('qt_ui_geometry', { objectId: ids.nameEdit });
	const node = (await s.ok('qt_objects_tree', { root: ids.nameEdit, maxDepth: 0 }));
	is([geo.local, geo.devicePixelRatio], [node.geometry, 1], 'qt_ui_geometry: local is the tree\'s geometry, DPR 1');
	const hit = await s.ok('qt_ui_hitTest', { x: geo.global.x + (geo.global.width >> 1),
	    y: geo.global.y + (geo.global.height >> 1) });
	is(hit.objectId, ids.nameEdit, 'qt_ui_hitTest at the centre of nameEdit\'s global rectangle: nameEdit');

	const shot = await s.call('qt_ui_screenshot', { objectId: ids.nameEdit });
	ok(!shot.isError, 'qt_ui_screenshot');
	const png = imageOf(shot, 'qt_ui_screenshot nameEdit');
	is(png && [png.width, png.height], [geo.global.width, geo.global.height],
	    'the PNG has nameEdit\'s size');
	like(shot.text, `${geo.global.width}x${geo.global.height}`, 'and the text says the size');
	unlike(shot.text, /iVBOR/, 'no base64 in the text');
	const rg = imageOf(await s.call('qt_ui_screenshot', { objectId: ids.nameEdit,
	    region: { x: 10, y: 2, width: 50, height: 12 } }), 'region');
	is(rg && [rg.width, rg.height], [50, 12], 'qt_ui_screenshot region: its size');
	const wg = await s.ok('qt_ui_geometry', { objectId: ids.MainWindow });
	const fw = imageOf(await s.call('qt_ui_screenshot', { objectId: ids.MainWindow, fullWindow: true }),
	    'fullWindow');
	is(fw && [fw.width, fw.height], [wg.global.width, wg.global.height],
	    'qt_ui_screenshot fullWindow: the window\'s size');
}, 'UI tools');

// --- names ---
await lives(async () => {
	is(await s.ok('qt_names_register', { name: 'submit', path: ids.submitButton }), { success: true },
	    'qt_names_register');
	is(await s.ok('qt_names_list'), { submit: ids.submitButton }, 'qt_names_list');
	is(await s.get('submit', 'text'), 'Submit', 'the name works as objectId');
	is(await s.ok('qt_names_validate'), [{ name: 'submit', path: ids.submitButton, valid: true }],
	    'qt_names_validate');
	await s.ok('qt_names_unregister', { name: 'submit' });
	is(await s.ok('qt_names_list'), {}, 'qt_names_unregister removes it');
	const file = path.join(dir, 'names.json');
	fs.writeFileSync(file, JSON.stringify({ clear: ids.clearButton, field: ids.nameEdit }));
	is((await s.ok('qt_names_load', { filePath: file })).count, 2, 'qt_names_load: two names');
	is(await s.ok('qt_names_list'), { clear: ids.clearButton, field: ids.nameEdit }, 'the file\'s names');
	is(await s.get('clear', 'text'), 'Clear', 'and they work');
	const bad = await refused(s, 'qt_names_load', { filePath: path.join(dir, 'none.json') }, /-32052/,
	    'qt_names_load of a missing file');
	like(bad.text, /application's machine/, 'with the hint');
}, 'name tools');

// --- QML and models ---
await lives(async () => {
	const qml = await refused(s, 'qt_qml_inspect', { objectId: ids.nameEdit }, /-32080/,
	    'qt_qml_inspect (the double has no Qt Quick)');
	like(qml.text, /without Qt Quick/, 'saying why');
	const models = await s.ok('qt_models_list');
	const byId = Object.fromEntries(models.map(m => [m.objectId, m]));
	is([byId['listTab/QListWidget/QObject']?.rowCount, byId['tableTab/QTableWidget/QObject']?.rowCount],
	    [5, 3], 'qt_models_list: the list (5 rows) and table (3 rows) models');
	const info = await s.ok('qt_models_info', { objectId: ids.tableWidget });
	is([info.rowCount, info.columnCount], [3, 3], 'qt_models_info of the table view: 3x3');
	is((await s.ok('qt_models_info', { objectId: 'tableTab/QTableWidget/QObject' })).rowCount, 3,
	    'and of the model itself');

	const cells = (d, role = 'display') => d.rows.map(r => r.cells.map(c => c[role]));
	const TABLE = [['Alpha', '100', 'First item'], ['Beta', '200', 'Second item'],
	    ['Gamma', '300', 'Third item']];
	is(cells(await s.ok('qt_models_data', { objectId: ids.tableWidget })), TABLE,
	    'qt_models_data: the whole table of Appendix B');
	is(cells(await s.ok('qt_models_data', { objectId: ids.tableWidget, row: 1, column: 0 })), [['Beta']],
	    'row 1, column 0: Beta');
	is(cells(await s.ok('qt_models_data', { objectId: ids.tableWidget, row: 2 })), [TABLE[2]],
	    'row 2: the Gamma row');
	is(cells(await s.ok('qt_models_data', { objectId: ids.tableWidget, column: 2 })),
	    TABLE.map(r => [r[2]]), 'column 2 of every row: the descriptions');
	is(cells(await s.ok('qt_models_data', { objectId: ids.tableWidget, row: 0, role: 'edit' }), 'edit'),
	    [TABLE[0]], 'role edit: the cells keyed by edit');
	is(cells(await s.ok('qt_models_data', { objectId: ids.tableWidget, row: 0, role: 0 })), [TABLE[0]],
	    'role 0, by number: display');
	const LIST = ['Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5'];
	is(cells(await s.ok('qt_models_data', { objectId: ids.listWidget })).flat(), LIST,
	    'the list: Item 1 to Item 5');
	is(cells(await s.ok('qt_models_data', { objectId: ids.listWidget, offset: 3 })).flat(), LIST.slice(3),
	    'offset 3 without limit: from Item 4 (the probe alone ignores it)');
	is(cells(await s.ok('qt_models_data', { objectId: ids.listWidget, offset: 1, limit: 2 })).flat(),
	    LIST.slice(1, 3), 'offset 1, limit 2');
	is(cells(await s.ok('qt_models_data', { objectId: ids.listWidget, parentRow: -1, parentCol: 0 })).flat(),
	    LIST, 'parentRow -1: the top level');
	await refused(s, 'qt_models_data', { objectId: ids.tableWidget, column: 3 }, /column 3.*3 columns/,
	    'a column past the last');
	await refused(s, 'qt_models_data', { objectId: ids.tableWidget, row: 1, offset: 1 }, /not both/,
	    'row with offset');
	const role = await refused(s, 'qt_models_data', { objectId: ids.tableWidget, role: 'nosuch' },
	    /-32092/, 'an unknown role');
	like(role.text, /availableRoles/, 'the error lists the roles');
	await refused(s, 'qt_models_info', { objectId: ids.nameEdit }, /-32093.*qt_models_list/,
	    'qt_models_info of a line edit: not a model, with the hint');
}, 'QML and model tools');

// --- validation errors name the parameter ---
await lives(async () => {
	const cases = [
		['qt_properties_get', { objectId: ids.nameEdit }, /missing required parameter 'name'/, 'a missing parameter'],
		['qt_properties_get', { objectId: ids.nameEdit, name: 5 }, /'name'.*expected a string/, 'a mistyped parameter'],
		['qt_properties_get', { objectId: ids.nameEdit, name: 'text', bogus: 1 }, /unknown parameter 'bogus'/, 'an unknown parameter'],
		['qt_ui_click', { objectId: ids.submitButton, button: 'sideways' }, /'button'.*'sideways'.*left, right, middle/, 'a bad enum value'],
		['qt_objects_tree', { maxDepth: -2 }, /'maxDepth'/, 'a number below the minimum'],
		['qt_objects_tree', { maxDepth: 1.5 }, /'maxDepth'/, 'a fraction for an integer'],
		['qt_objects_find', { name: '' }, /'name'/, 'an empty required string'],
		['qt_methods_invoke', { objectId: ids.nameEdit, method: 'clear', args: Array(11).fill(1) }, /'args'/, 'more than 10 args'],
		['qt_ui_click', { objectId: ids.submitButton, position: { x: 1 } }, /'position\.y'/, 'a nested required member'],
		['qt_ui_hitTest', { x: '10', y: 10 }, /'x'.*integer/, 'a string for an integer'],
		['qt_signals_setLifecycle', {}, /'enabled'/, 'a missing boolean'],
		['qt_ping', { extra: true }, /unknown parameter 'extra'/, 'any parameter to a tool that takes none'],
	];
	for (const [tool, args, re, what] of cases) {
		const x = await refused(s, tool, args, re, `${tool}: ${what}`);
		like(x.text, /^Invalid arguments for /, `${tool}: ${what}: reported as invalid arguments`);
	}
}, 'validation errors');

// --- probe errors carry the code and a hint ---
await lives(async () => {
	const x = await refused(s, 'qt_properties_get', { objectId: 'QObject~99999', name: 'text' }, /-32001/,
	    'an unknown objectId');
	like(x.text, /Object not found/, 'the probe\'s message');
	like(x.text, /get ids with qt_objects_find/, 'qtmcp\'s hint');
	await refused(s, 'qt_properties_get', { objectId: ids.nameEdit, name: 'noSuchProperty' },
	    /-32010.*qt_properties_list/, 'an unknown property: -32010 with the hint');
	await refused(s, 'qt_ui_click', { objectId: ids.formLayout }, /-32003.*not a widget/,
	    'a click on a layout: -32003');
	await refused(s, 'qt_methods_invoke', { objectId: ids.nameEdit, method: 'noSuchMethod' },
	    /-32020.*qt_methods_list/, 'an unknown method: -32020');
	const n = (await s.ok('qt_objects_find', { name: 'submitButton' })).numericId;
	await refused(s, 'qt_signals_subscribe', { objectId: `#${n}`, signal: 'clicked' },
	    /-32030.*registry id/, 'qt_signals_subscribe with #N: -32030, use the registry id');
}, 'probe errors');

// --- refusals of what would abort the application ---
await lives(async () => {
	await s.set(ids.nameEdit, 'text', 'kept');
	const cases = [
		[{ objectId: ids.nameEdit, text: 'caf\u00e9' }, /'\u00e9' \(U\+00E9\) at character 4/, 'a non-ASCII character'],
		[{ objectId: ids.nameEdit, text: '\u20ac5' }, /U\+20AC/, 'a euro sign'],
		[{ objectId: ids.nameEdit, text: 'a\u0007b' }, /control character U\+0007/, 'a control character'],
		[{ objectId: ids.nameEdit, sequence: 'NotAKey+++' }, /NotAKey/, 'the sequence NotAKey+++'],
		[{ objectId: ids.nameEdit, sequence: 'Ctrl+' }, /refused sequence/, 'a chord without a key'],
		[{ objectId: ids.nameEdit }, /needs text.*sequence/, 'neither text nor sequence'],
	];
	for (const [args, re, what] of cases)
		await refused(s, 'qt_ui_sendKeys', args, re, `qt_ui_sendKeys: ${what}`);
	const lc = await refused(s, 'qt_signals_setLifecycle', { enabled: true }, /refused/,
	    'qt_signals_setLifecycle true');
	like(lc.text, /destroyed signal/, 'saying what to do instead');
	is(await s.get(ids.nameEdit, 'text'), 'kept', 'nothing was typed');
	const out = await s.ok('qtmcp_output', { lines: 100000, contains: 'NotAKey' });
	is(out.lines, [], 'the probe never saw the refused sequence (the app\'s own log)');
	await sameApp(s, pid, 'after the refusals');
}, 'refusals');

// --- qtmcp's own tools in this mode ---
await lives(async () => {
	const out = await s.ok('qtmcp_output', { stream: 'stdout', lines: 10 });
	ok(out.lines.some(l => l.text === `qtmcp-test-app: started, pid ${pid}` && l.stream === 'stdout'),
	    'qtmcp_output: the line the app printed with its own pid');
	const quiet = await s.ok('qtmcp_output', { lines: 200, probe_log: false });
	ok(quiet.lines.length > 0 && quiet.lines.every(l =>
	    !/^\[QtMCP\] (Received|Sending)|^Handling method:|^Registered method:/.test(l.text)),
	    'probe_log false leaves out the traffic log');
	const st = await s.ok('qtmcp_status');
	is([st.mode, st.targets.length, st.targets[0].state], ['native', 1, 'ready'], 'qtmcp_status');
}, 'qtmcp tools');

await sameApp(s, pid, 'at the end');
await checkMessages(s, 'native');
await s.close();

// --- another host: the MCP Inspector's CLI, each run its own qtmcp and app ---
await lives(async () => {
	const idir = tmpdir('insp');
	const ini = path.join(idir, 'qtmcp.ini');
	fs.writeFileSync(ini, appConfig({ qtmcp: 'mode = all\n' }));
	const cli = path.join(srcdir, 'tests', 'node_modules', '@modelcontextprotocol', 'inspector', 'cli',
	    'build', 'cli.js');
	const run = args => new Promise((resolve, reject) => {
		const p = spawn(process.execPath, [cli, '--cli', QTMCP, '-f', ini, ...args],
		    { cwd: idir, env: { ...process.env, HOME: idir, XDG_CONFIG_HOME: idir } });
		let out = '';
		p.stdout.on('data', d => { out += d; });
		p.stderr.on('data', () => {});
		const t = setTimeout(() => p.kill('SIGKILL'), 90000);
		p.on('exit', code => {
			clearTimeout(t);
			try {
				resolve({ code, json: JSON.parse(out) });
			} catch {
				resolve({ code, json: null, out });
			}
		});
		p.on('error', reject);
	});
	let r = await run(['--method', 'tools/list']);
	is([r.code, r.json && r.json.tools.length], [0, COUNTS.all + OWN], 'Inspector: tools/list of mode all');
	r = await run(['--method', 'tools/call', '--tool-name', 'qt_objects_find', '--tool-arg', 'name=submitButton']);
	is(r.json && JSON.parse(r.json.content[0].text).className, 'QPushButton', 'Inspector: qt_objects_find');
	r = await run(['--method', 'tools/call', '--tool-name', 'chr_find', '--tool-arg', 'query=submit']);
	is(r.json && JSON.parse(r.json.content[0].text).matches[0].objectName, 'submitButton', 'Inspector: chr_find');
	r = await run(['--method', 'tools/call', '--tool-name', 'cu_screenshot']);
	const img = r.json && r.json.content.find(c => c.type === 'image');
	is(img && pngInfo(img.data).width, 800, 'Inspector: cu_screenshot, an 800 px wide PNG (Appendix B)');
}, 'MCP Inspector CLI');

done();
