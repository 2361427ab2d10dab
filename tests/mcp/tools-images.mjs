// tools-images.mjs: screenshots end to end (cu_screenshot and
// qt_ui_screenshot), with the official SDK client against the real qtmcp
// and the probe double: image content decoded as PNG by our own reader
// (signature, CRCs, IHDR, the inflated data's size) and compared with the
// sizes the double's geometry gives; then with the smallest
// max_image_bytes (64K) the recompression of the probe's stored PNGs, an
// answer over max_message, and the scaling of a window too big to fit
// (5000x4000), whose text says from what size and by which factor.

import { ok, is, like, unlike, diag, done, watchdog, need, lives } from '../lib/tap.mjs';
import { session, checkMessages, imageOf } from './tools-lib.mjs';

watchdog(300);
await need('@modelcontextprotocol/sdk/client/index.js');
await need('ajv');

const size = png => png && [png.width, png.height];

// --- default max_image_bytes (1M) ---
const s = await session({ mode: 'all', revision: '2025-11-25' });
const ids = {};
for (const n of ['MainWindow', 'nameEdit', 'submitButton', 'comboBox', 'slider', 'resultText', 'listWidget'])
	ids[n] = await s.id(n);
const geo = async n => (await s.ok('qt_ui_geometry', { objectId: ids[n] })).global;
const win = await geo('MainWindow');

await lives(async () => {
	const x = await s.call('cu_screenshot');
	is(size(imageOf(x, 'cu_screenshot')), [win.width, win.height], 'cu_screenshot: the window\'s size');
	ok(x.images[0].data.length <= 1024 * 1024, 'within max_image_bytes (1M) as base64');
	unlike(x.text, /scaled|recompressed/, 'a small image is sent as it is');
	unlike(x.text, /iVBOR/, 'no base64 in the text');
	for (const n of ['nameEdit', 'submitButton', 'comboBox', 'slider', 'resultText', 'listWidget']) {
		const g = await geo(n);
		const y = await s.call('qt_ui_screenshot', { objectId: ids[n] });
		is(size(imageOf(y, `qt_ui_screenshot ${n}`)), [g.width, g.height], `qt_ui_screenshot ${n}: ${g.width}x${g.height}`);
		like(y.text, new RegExp(`^Screenshot of ${ids[n]}: ${g.width}x${g.height} px`), `${n}: the text says so`);
	}
	const g = await geo('nameEdit');
	const clip = await s.call('qt_ui_screenshot', { objectId: ids.nameEdit,
	    region: { x: g.width - 10, y: 0, width: 50, height: 5 } });
	is(size(imageOf(clip, 'region')), [10, 5], 'a region past the right edge is clipped to the widget');
	await s.set(ids.MainWindow, 'geometry', { x: win.x, y: win.y, width: 1000, height: 700 });
	is(size(imageOf(await s.call('cu_screenshot'), 'resized')), [1000, 700],
	    'the window made 1000x700: cu_screenshot follows');
	is(size(imageOf(await s.call('qt_ui_screenshot', { objectId: ids.MainWindow, fullWindow: true }), 'fullWindow')),
	    [1000, 700], 'and so does qt_ui_screenshot fullWindow');
	await s.set(ids.MainWindow, 'geometry', win);
}, 'sizes');
await checkMessages(s, 'images');
await s.close();

// --- max_image_bytes = 64K: the probe's PNGs stored uncompressed ---
await lives(async () => {
	const t = await session({ mode: 'all', revision: '2025-03-26', qtmcp: 'max_image_bytes = 64K\n',
	    env: ['QTMCP_DOUBLE_FAULTS=png_level=0'] });
	const mw = await t.id('MainWindow');
	const x = await t.call('cu_screenshot');
	is(size(imageOf(x, '64K cu_screenshot')), [win.width, win.height], '64K: the window at full size');
	ok(x.images[0].data.length <= 65536, `its base64 fits 64K (${x.images[0].data.length})`);
	like(x.text, /recompressed from \d+(\.\d+)? MB to fit max_image_bytes 65536/,
	    'the text says the probe\'s 1 MB image was recompressed');
	// 5000x4000 stored: an answer of 80 MB, over max_message.
	await t.set(mw, 'geometry', { x: 0, y: 0, width: 5000, height: 4000 });
	const big = await t.call('cu_screenshot');
	ok(big.isError, 'an answer larger than max_message is an error result');
	like(big.text, /more than max_message \(64M\): raise max_message/, 'saying which limit and what to do');
	await t.set(mw, 'geometry', win);
	is(size(imageOf(await t.call('cu_screenshot'), 'after')), [win.width, win.height],
	    'the next screenshot works');
	await checkMessages(t, 'images 64K stored');
	await t.close();
}, 'max_image_bytes 64K, stored PNGs');

// --- max_image_bytes = 64K: a window too big to fit is scaled down ---
await lives(async () => {
	const t = await session({ mode: 'all', revision: '2025-06-18', qtmcp: 'max_image_bytes = 64K\n' });
	const mw = await t.id('MainWindow');
	const W = 5000, H = 4000;
	await t.set(mw, 'geometry', { x: 0, y: 0, width: W, height: H });
	for (const [tool, args] of [['cu_screenshot', {}], ['qt_ui_screenshot', { objectId: mw }]]) {
		const y = await t.call(tool, args);
		const png = imageOf(y, `${tool} of a ${W}x${H} window`);
		ok(y.images[0] && y.images[0].data.length <= 65536,
		    `${tool}: the base64 fits 64K (${y.images[0] && y.images[0].data.length})`);
		const m = y.text.match(/(\d+)x(\d+) px, PNG .* \(scaled down from (\d+)x(\d+) by (\d+\.\d+)/);
		if (!ok(m, `${tool}: the text says it was scaled, from what size and by how much`))
			diag(y.text);
		if (!m || !png)
			continue;
		const f = Number(m[5]);
		is([Number(m[3]), Number(m[4])], [W, H], `${tool}: from the window's size`);
		is([Number(m[1]), Number(m[2])], [png.width, png.height], `${tool}: to the image's size`);
		ok(f < 1 && png.width < W && png.height < H, `${tool}: smaller (factor ${f})`);
		ok(Math.abs(png.width - W * f) <= W * 0.001 + 1 && Math.abs(png.height - H * f) <= H * 0.001 + 1,
		    `${tool}: both sides scaled by the factor (aspect ratio kept)`);
		if (tool === 'cu_screenshot')
			like(y.text, `Divide image coordinates by ${m[5]}`, 'cu_screenshot: how to get window coordinates back');
	}
	await t.set(mw, 'geometry', win);
	const back = await t.call('cu_screenshot');
	is(size(imageOf(back, 'restored')), [win.width, win.height], 'the window back at its size');
	unlike(back.text, /scaled/, 'is not scaled any more');
	await checkMessages(t, 'images 64K scaled');
	await t.close();
}, 'max_image_bytes 64K, scaling');

done();
