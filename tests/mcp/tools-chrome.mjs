// tools-chrome.mjs: the chrome-mode tools (chr_*) end to end, with the
// official SDK client against the real qtmcp and the probe double.  A
// --mode chrome session on MCP 2024-11-05 checks tools/list and drives
// the window by refs alone, reading the effects back through the
// accessibility tree and the page text (chr_navigate and chr_readPage's
// maxDepth, which the Python server never got to work, included); a
// --mode all session then checks the same actions on the model through
// the qt_* tools.

import { ok, is, like, unlike, done, watchdog, need, lives } from '../lib/tap.mjs';
import { session, checkToolList, refused, sameApp, checkMessages, flatten } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');

const byRef = tree => Object.fromEntries(flatten(tree).filter(n => n.ref).map(n => [n.ref, n]));
const maxDepth = tree => Math.max(...flatten(tree).map(n => n.depth));

// --- --mode chrome, MCP 2024-11-05 ---
const s = await session({ mode: 'chrome', revision: '2024-11-05' });
checkToolList(s.tools, 'chrome');
const pid = (await s.target()).pid;
let refs;

await lives(async () => {
	const p = await s.ok('chr_readPage', { filter: 'interactive' });
	refs = byRef(p.tree);
	is(p.totalNodes, 18, 'chr_readPage interactive: 18 refs (probe-protocol.md 8.1)');
	is(Array.from({ length: 9 }, (_, i) => refs[`ref_${i + 1}`].objectName),
	    ['nameEdit', 'emailEdit', 'messageEdit', 'comboBox', 'checkBox', 'slider', 'submitButton',
	    'clearButton', 'resultText'], 'ref_1 to ref_9: the form, in order (Appendix B)');
	is(['ref_10', 'ref_11', 'ref_12', 'ref_13', 'ref_16'].map(r => [refs[r].role, refs[r].name]),
	    [['tab', 'Form'], ['tab', 'List'], ['tab', 'Table'], ['menuitem', 'File'], ['button', 'New']],
	    'then the tabs, the menus and the tool bar');
	is((await s.ok('chr_readPage', { filter: 'buttons' })).totalNodes, 18,
	    'filter buttons (the Python tool\'s example) means interactive');
	const all = await s.ok('chr_readPage', {});
	ok(maxDepth(all.tree) > 2, `chr_readPage without maxDepth: the whole tree (${maxDepth(all.tree)} levels)`);
	ok(flatten(all.tree).some(n => n.objectName === 'listWidget'), 'filter all shows hidden tab pages');
	for (const d of [0, 1, 2]) {
		const t = await s.ok('chr_readPage', { maxDepth: d });
		is(maxDepth(t.tree), d, `chr_readPage maxDepth ${d}: nothing deeper (the Python server's was ignored)`);
	}
}, 'chr_readPage');

await lives(async () => {
	refs = byRef((await s.ok('chr_readPage', { filter: 'interactive' })).tree);
	is(await s.ok('chr_formInput', { ref: 'ref_1', value: 'Alice' }),
	    { success: true, ref: 'ref_1', strategy: 'editableText' }, 'chr_formInput a text field');
	is((await s.ok('chr_formInput', { ref: 'ref_6', value: 90 })).strategy, 'valueInterface',
	    'chr_formInput a number into the slider');
	is((await s.ok('chr_getPageText')).text,
	    'Name:\nAlice\nEmail:\nMessage:\nCategory:\nPriority:\n90\nSubmit\nClear\nResult\nFile\nEdit\nHelp\nNew\nOpen\nSave',
	    'chr_getPageText: the text probe-protocol.md 8.7 gives for Alice and 90');
	is((await s.ok('chr_formInput', { ref: 'ref_5', value: true })).strategy, 'toggleAction',
	    'chr_formInput true into the check box');
	refs = byRef((await s.ok('chr_readPage', { filter: 'interactive' })).tree);
	is(refs.ref_5.states.checked, true, 'the tree says it is checked');
	is(await s.ok('chr_click', { ref: 'ref_7' }),
	    { clicked: true, ref: 'ref_7', role: 'button', method: 'accessibilityAction' }, 'chr_click Submit');
	like((await s.ok('chr_getPageText')).text, /\nName: Alice\n/, 'the result shows the name');
	const f = await s.ok('chr_find', { query: 'clear' });
	is(f.matches.map(m => [m.ref, m.objectName]), [['ref_19', 'clearButton']],
	    'chr_find: a match, with a ref after those of chr_readPage');
	await s.ok('chr_click', { ref: f.matches[0].ref });
	unlike((await s.ok('chr_getPageText')).text, /Alice/, 'chr_click on the found ref: Clear cleared the form');
	is((await s.ok('chr_click', { ref: 'ref_1' })).ref, 'ref_1', 'refs of chr_readPage stay valid after chr_find');
}, 'forms, clicks, find');

await lives(async () => {
	refs = byRef((await s.ok('chr_readPage', { filter: 'interactive' })).tree);
	is(await s.ok('chr_navigate', { ref: 'ref_11' }), { navigated: true, action: 'activateTab', ref: 'ref_11' },
	    'chr_navigate with a ref: activateTab (the Python server\'s always failed)');
	const list = byRef((await s.ok('chr_readPage', { filter: 'interactive' })).tree);
	const items = Object.values(list).filter(n => n.role === 'listitem').map(n => n.name);
	is(items, ['Item 1', 'Item 2', 'Item 3', 'Item 4', 'Item 5'], 'the List tab shows: its items are in the tree');
	ok(Object.values(list).find(n => n.role === 'tab' && n.name === 'List').states.selected,
	    'and the List tab is selected');
	const tabs = Object.values(list).filter(n => n.role === 'tab');
	await s.ok('chr_navigate', { action: 'activateTab', ref: tabs.find(t => t.name === 'Form').ref });
	is((await s.ok('chr_readPage', { filter: 'interactive' })).totalNodes, 18, 'back on the Form tab');
	const back = await refused(s, 'chr_navigate', { action: 'back' }, /-32075/,
	    'chr_navigate back: the test app has no undo action');
	like(back.text, /undo/i, 'the probe\'s hint says so');
	await refused(s, 'chr_navigate', {}, /needs a ref.*back or forward/, 'chr_navigate with nothing');
	await refused(s, 'chr_navigate', { action: 'activateMenuItem' }, /activateMenuItem needs ref/,
	    'activateMenuItem without a ref');
	await refused(s, 'chr_navigate', { ref: 'ref_11', action: 'jump' }, /'action'.*activateTab/,
	    'an unknown action: its enum');
	const t = await s.ok('chr_tabsContext');
	is(t, { windows: [{ windowTitle: 'QtMCP Test Application', className: 'MainWindow', objectName: 'MainWindow',
	    isActive: true, geometry: { x: 0, y: 0, width: 800, height: 600 } }], count: 1 },
	    'chr_tabsContext: the main window of Appendix B');
}, 'chr_navigate, chr_tabsContext');

await lives(async () => {
	const PROBE = /^(\[QtMCP\]|Handling method:|Registered method:)/;
	const d = await s.ok('chr_readConsoleMessages', {});
	ok(d.messages.every(m => !PROBE.test(m.message)) && d.count === d.messages.length,
	    'chr_readConsoleMessages: without the probe\'s own log');
	const p = await s.ok('chr_readConsoleMessages', { includeProbeLog: true, limit: 3 });
	is(p.messages.length, 3, 'includeProbeLog, limit 3: three messages');
	is(p.messages[0].message, 'Handling method: chr.readConsoleMessages',
	    'newest first: the probe handling this very call');
	const pat = await s.ok('chr_readConsoleMessages', { includeProbeLog: true, pattern: '^Handling method: chr\\.find$' });
	ok(pat.messages.length >= 1 && pat.messages.every(m => m.message === 'Handling method: chr.find'),
	    'pattern: only the matching messages');
	is((await s.ok('chr_readConsoleMessages', { includeProbeLog: true, onlyErrors: true })).messages, [],
	    'onlyErrors: the debug lines go');
	await s.ok('chr_readConsoleMessages', { clear: true });
	const after = await s.ok('chr_readConsoleMessages', { includeProbeLog: true });
	ok(after.messages.length <= 3 && !after.messages.some(m => m.message === 'Handling method: chr.find'),
	    `clear emptied the buffer (${after.messages.length} lines since, from the probe's log)`);
}, 'chr_readConsoleMessages');

await lives(async () => {
	const cases = [
		['chr_readPage', { filter: 'bogus' }, /'filter'.*all, interactive/, 'a bad filter'],
		['chr_readPage', { maxDepth: 101 }, /'maxDepth'/, 'maxDepth over 100'],
		['chr_formInput', { ref: 'ref_1', value: { a: 1 } }, /'value'/, 'an object value'],
		['chr_formInput', { ref: 'ref_1' }, /missing required parameter 'value'/, 'no value'],
		['chr_click', {}, /missing required parameter 'ref'/, 'no ref'],
		['chr_click', { ref: 'ref_1', x: 1 }, /unknown parameter 'x'/, 'an unknown parameter'],
		['chr_readConsoleMessages', { limit: 'ten' }, /'limit'.*integer/, 'a mistyped limit'],
	];
	for (const [tool, args, re, what] of cases)
		await refused(s, tool, args, re, `${tool}: ${what}`);
	await refused(s, 'chr_click', { ref: 'ref_999' }, /-32070.*chr_readPage/, 'an unknown ref: -32070 with the hint');
	await refused(s, 'chr_find', { query: 'e' }, /-32074/, 'chr_find with too many matches');
	await s.ok('chr_readPage', {});
	await refused(s, 'chr_formInput', { ref: 'ref_1', value: 'x' }, /-32072/,
	    'chr_formInput on the window: no strategy fits');
	await sameApp(s, pid, 'after the errors');
}, 'errors');

await lives(async () => {
	refs = byRef((await s.ok('chr_readPage', { filter: 'interactive' })).tree);
	await s.ok('chr_navigate', { action: 'activateMenuItem', ref: 'ref_13' });
	const t = await s.ok('chr_tabsContext');
	is([t.count, t.windows[1] && t.windows[1].objectName], [2, 'menuFile'],
	    'chr_navigate activateMenuItem File: its menu opened as a window');
}, 'menus');

await checkMessages(s, 'chrome');
await s.close();

// --- the same actions, checked on the model (--mode all) ---
await lives(async () => {
	const a = await session({ mode: 'all', revision: '2025-11-25' });
	const id = {};
	for (const n of ['nameEdit', 'comboBox', 'checkBox', 'slider', 'tabWidget', 'resultText'])
		id[n] = await a.id(n);
	refs = byRef((await a.ok('chr_readPage', { filter: 'interactive' })).tree);
	is(refs.ref_1.objectId, id.nameEdit, 'a node\'s objectId is the one qt_objects_find gives');
	is((await a.ok('chr_formInput', { ref: 'ref_4', value: 'Feedback' })).strategy, 'comboBox',
	    'chr_formInput on the combo box');
	is(await a.get(id.comboBox, 'currentText'), 'Feedback', 'its currentText is the item');
	await refused(a, 'chr_formInput', { ref: 'ref_4', value: 'feedback' }, /-32072/,
	    'an item that is not there (case counts)');
	is(await a.get(id.comboBox, 'currentText'), 'Feedback', 'and nothing changed');
	await a.ok('chr_formInput', { ref: 'ref_1', value: 'Zo\u00eb \u20ac' });
	is(await a.get(id.nameEdit, 'text'), 'Zo\u00eb \u20ac', 'chr_formInput sets text no keyboard could type');
	await a.ok('chr_formInput', { ref: 'ref_5', value: true });
	is(await a.get(id.checkBox, 'checked'), true, 'the check box is checked');
	await a.ok('chr_formInput', { ref: 'ref_6', value: 42 });
	is(await a.get(id.slider, 'value'), 42, 'the slider is at 42');
	await a.ok('chr_click', { ref: 'ref_7' });
	like(await a.get(id.resultText, 'plainText'), /^Name: Zo\u00eb \u20ac\n/, 'chr_click Submit submitted');
	await a.ok('chr_navigate', { ref: 'ref_12' });
	is(await a.get(id.tabWidget, 'currentIndex'), 2, 'chr_navigate ref_12: the Table tab is current');
	await checkMessages(a, 'all');
	await a.close();
}, 'effects on the model');

done();
