/*
 * t-png.c: unit tests of png.c: base64, PNG header inspection, and
 * fitting images into a byte limit, on PNGs written here with libpng in
 * every colour type, and on corrupt ones.
 */

#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <png.h>

#include "qtmcp.h"
#include "../tap.h"

struct buf {
	unsigned char	*data;
	size_t		 len;
};

static void
t_write(png_structp p, png_bytep data, size_t n)
{
	struct buf	*b = png_get_io_ptr(p);

	b->data = realloc(b->data, b->len + n);
	memcpy(b->data + b->len, data, n);
	b->len += n;
}

static void
t_flush(png_structp p)
{
}

/* Predictable noise that no compressor can shrink much. */
static uint32_t t_seed = 12345;

static unsigned char
t_rand(void)
{
	t_seed = t_seed * 1103515245 + 12345;
	return ((unsigned char)(t_seed >> 16));
}

static void
t_put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/* The CRC of PNG chunks (ISO 3309), to forge a consistent header. */
static uint32_t
t_crc(const unsigned char *p, size_t n)
{
	uint32_t	c = 0xffffffff;
	int		k;

	while (n-- > 0) {
		c ^= *p++;
		for (k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
	}
	return (c ^ 0xffffffff);
}

enum fill { FILL_NOISE, FILL_GRADIENT };

/*
 * A w x h PNG of the given colour type and depth, at compression level
 * (0: stored), optionally interlaced, with a palette for palette images.
 */
static struct buf
t_png(int w, int h, int color, int depth, int level, int interlace,
    enum fill fill)
{
	struct buf	 b = { NULL, 0 };
	png_structp	 p;
	png_infop	 info;
	png_color	 pal[256];
	png_bytep	 row;
	size_t		 rowbytes;
	int		 x, y, i, pass, passes;

	p = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png_create_info_struct(p);
	if (setjmp(png_jmpbuf(p)))
		abort();
	png_set_write_fn(p, &b, t_write, t_flush);
	png_set_compression_level(p, level);
	png_set_IHDR(p, info, w, h, depth, color, interlace ?
	    PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	if (color == PNG_COLOR_TYPE_PALETTE) {
		for (i = 0; i < 256; i++) {
			pal[i].red = i;
			pal[i].green = 255 - i;
			pal[i].blue = i / 2;
		}
		png_set_PLTE(p, info, pal, 1 << depth);
	}
	png_write_info(p, info);
	if (depth < 8)
		png_set_packing(p);
	rowbytes = png_get_rowbytes(p, info);
	if (depth < 8)
		rowbytes = (size_t)w;	/* one pixel a byte, packed by libpng */
	row = malloc(rowbytes);
	passes = interlace ? png_set_interlace_handling(p) : 1;
	for (pass = 0; pass < passes; pass++) {
		for (y = 0; y < h; y++) {
			for (x = 0; x < (int)rowbytes; x++) {
				if (fill == FILL_NOISE)
					row[x] = t_rand();
				else
					row[x] = (unsigned char)(x / 7 + y / 5);
				if (depth < 8)
					row[x] &= (1 << depth) - 1;
				/* A screenshot's alpha: opaque. */
				if (fill == FILL_GRADIENT && color ==
				    PNG_COLOR_TYPE_RGB_ALPHA && x % 4 == 3)
					row[x] = 255;
			}
			png_write_row(p, row);
		}
	}
	png_write_end(p, info);
	png_destroy_write_struct(&p, &info);
	free(row);
	return (b);
}

/* Decode fully with libpng's simplified API: a valid PNG of w x h? */
static int
t_valid(const unsigned char *data, size_t len, int *w, int *h, int *alpha)
{
	png_image	 img;
	void		*px;
	int		 ok;

	memset(&img, 0, sizeof img);
	img.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_memory(&img, data, len))
		return (0);
	*w = (int)img.width;
	*h = (int)img.height;
	*alpha = (img.format & PNG_FORMAT_FLAG_ALPHA) != 0;
	img.format = PNG_FORMAT_RGBA;
	px = malloc(PNG_IMAGE_SIZE(img));
	ok = png_image_finish_read(&img, NULL, px, 0, NULL);
	free(px);
	png_image_free(&img);
	return (ok);
}

static void
test_base64(void)
{
	static const struct {
		const char	*plain;
		const char	*coded;
	} v[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" },
		{ "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	unsigned char	 bin[256], *d;
	size_t		 i, n;
	char		*e;

	for (i = 0; i < nitems(v); i++) {
		e = qpng_base64_encode((const unsigned char *)v[i].plain,
		    strlen(v[i].plain));
		is_str(e, v[i].coded, "base64 of '%s'", v[i].plain);
		free(e);
		d = qpng_base64_decode(v[i].coded, &n);
		ok(d != NULL && n == strlen(v[i].plain) &&
		    memcmp(d, v[i].plain, n) == 0, "decode '%s'", v[i].coded);
		free(d);
		is_int(qpng_base64_len(strlen(v[i].plain)), strlen(v[i].coded),
		    "base64 length of %zu bytes", strlen(v[i].plain));
	}
	for (i = 0; i < sizeof bin; i++)
		bin[i] = (unsigned char)i;
	e = qpng_base64_encode(bin, sizeof bin);
	d = qpng_base64_decode(e, &n);
	ok(d != NULL && n == sizeof bin && memcmp(d, bin, n) == 0,
	    "all 256 byte values round-trip");
	free(d);
	free(e);
	d = qpng_base64_decode("Zm9v\nYmFy", &n);
	ok(d != NULL && n == 6, "line breaks are skipped");
	free(d);
	d = qpng_base64_decode("Zm9vYg", &n);
	ok(d != NULL && n == 4, "missing padding is accepted");
	free(d);
	ok(qpng_base64_decode("Zm9v!", &n) == NULL, "'!' is not base64");
	ok(qpng_base64_decode("Zg==Zg==", &n) == NULL,
	    "data after padding is refused");
	ok(qpng_base64_decode("Z", &n) == NULL, "one lone character refused");
	ok(qpng_base64_decode("Zg=", &n) == NULL, "short padding refused");
}

static void
test_info(void)
{
	struct buf	 b;
	unsigned char	 copy[64];
	int		 w = 0, h = 0;

	b = t_png(10, 7, PNG_COLOR_TYPE_RGB, 8, 6, 0, FILL_GRADIENT);
	ok(qpng_info(b.data, b.len, &w, &h) == 0 && w == 10 && h == 7,
	    "png_info reads 10x7");
	ok(qpng_info(b.data, 20, &w, &h) == -1, "a truncated header is -1");
	memcpy(copy, b.data, sizeof copy);
	copy[0] = 'x';
	ok(qpng_info(copy, sizeof copy, &w, &h) == -1,
	    "a bad signature is -1");
	memcpy(copy, b.data, sizeof copy);
	memset(copy + 16, 0, 4);
	ok(qpng_info(copy, sizeof copy, &w, &h) == -1, "width 0 is -1");
	memcpy(copy, b.data, sizeof copy);
	memcpy(copy + 12, "IDAT", 4);
	ok(qpng_info(copy, sizeof copy, &w, &h) == -1,
	    "a first chunk other than IHDR is -1");
	ok(qpng_info((const unsigned char *)"", 0, &w, &h) == -1,
	    "empty input is -1");
	free(b.data);
}

static void
test_fit_unchanged(void)
{
	struct buf	 b;
	unsigned char	*out = (unsigned char *)"x";
	size_t		 outlen = 0;
	int		 w = 0, h = 0;
	char		*cause = NULL;

	b = t_png(64, 48, PNG_COLOR_TYPE_RGB, 8, 6, 0, FILL_NOISE);
	ok(qpng_fit(b.data, b.len, 1024 * 1024, &out, &outlen, &w, &h,
	    &cause) == 0, "a small PNG fits");
	ok(out == NULL && outlen == b.len && w == 64 && h == 48,
	    "it is returned unchanged, with its size");
	ok(qpng_fit(b.data, b.len, 0, &out, &outlen, &w, &h, &cause) == 0 &&
	    out == NULL, "max_bytes 0 means no limit");
	/* Exactly at the limit, counted as base64. */
	ok(qpng_fit(b.data, b.len, qpng_base64_len(b.len), &out, &outlen, &w,
	    &h, &cause) == 0 && out == NULL, "a PNG at the limit fits");
	free(b.data);
}

static void
test_fit_noise(void)
{
	struct buf	 b;
	unsigned char	*out = NULL;
	size_t		 outlen, max = 1024 * 1024;
	int		 w, h, vw, vh, alpha;
	char		*cause = NULL;

	b = t_png(1280, 1024, PNG_COLOR_TYPE_RGB, 8, 6, 0, FILL_NOISE);
	ok(qpng_base64_len(b.len) > max, "1280x1024 noise is over 1 MB "
	    "(%zu bytes)", b.len);
	ok(qpng_fit(b.data, b.len, max, &out, &outlen, &w, &h, &cause) == 0,
	    "it is made to fit");
	ok(out != NULL, "a new PNG comes back");
	ok(qpng_base64_len(outlen) <= max, "within the limit as base64 "
	    "(%zu <= %zu)", qpng_base64_len(outlen), max);
	ok(w < 1280 && h < 1024, "scaled down to %dx%d", w, h);
	ok(w * 1024 - h * 1280 < 1280 && h * 1280 - w * 1024 < 1280,
	    "aspect ratio kept (within a pixel)");
	ok(t_valid(out, outlen, &vw, &vh, &alpha) && vw == w && vh == h,
	    "the result decodes as a %dx%d PNG", w, h);
	ok(qpng_info(out, outlen, &vw, &vh) == 0 && vw == w && vh == h,
	    "png_info agrees");
	/* Not much smaller than needed: the first guess is close. */
	ok(qpng_base64_len(outlen) > max / 2, "not shrunk far below the "
	    "limit (%zu)", qpng_base64_len(outlen));
	free(out);
	free(b.data);
	free(cause);
}

static void
test_fit_recompress(void)
{
	struct buf	 b;
	unsigned char	*out = NULL;
	size_t		 outlen, max = 1024 * 1024;
	int		 w, h, vw, vh, alpha = 1;
	char		*cause = NULL;

	/* An opaque RGBA screenshot stored without compression. */
	b = t_png(800, 600, PNG_COLOR_TYPE_RGB_ALPHA, 8, 0, 0,
	    FILL_GRADIENT);
	ok(qpng_base64_len(b.len) > max, "stored 800x600 RGBA is over 1 MB");
	ok(qpng_fit(b.data, b.len, max, &out, &outlen, &w, &h, &cause) == 0 &&
	    out != NULL, "it is made to fit");
	ok(w == 800 && h == 600, "recompression alone was enough: %dx%d", w,
	    h);
	ok(t_valid(out, outlen, &vw, &vh, &alpha) && vw == 800 && vh == 600,
	    "the result is a valid PNG");
	ok(!alpha, "the all-opaque alpha channel was dropped");
	free(out);
	free(b.data);
}

/* Every colour type and depth goes through decode and scaling. */
static void
test_fit_formats(void)
{
	static const struct {
		int		 color;
		int		 depth;
		int		 interlace;
		const char	*name;
	} f[] = {
		{ PNG_COLOR_TYPE_GRAY, 1, 0, "1-bit grey" },
		{ PNG_COLOR_TYPE_GRAY, 4, 0, "4-bit grey" },
		{ PNG_COLOR_TYPE_GRAY, 8, 0, "8-bit grey" },
		{ PNG_COLOR_TYPE_GRAY, 16, 0, "16-bit grey" },
		{ PNG_COLOR_TYPE_GRAY_ALPHA, 8, 0, "grey + alpha" },
		{ PNG_COLOR_TYPE_GRAY_ALPHA, 16, 0, "16-bit grey + alpha" },
		{ PNG_COLOR_TYPE_PALETTE, 2, 0, "2-bit palette" },
		{ PNG_COLOR_TYPE_PALETTE, 8, 0, "8-bit palette" },
		{ PNG_COLOR_TYPE_RGB, 16, 0, "16-bit RGB" },
		{ PNG_COLOR_TYPE_RGB_ALPHA, 8, 0, "RGBA" },
		{ PNG_COLOR_TYPE_RGB_ALPHA, 16, 0, "16-bit RGBA" },
		{ PNG_COLOR_TYPE_RGB, 8, 1, "interlaced RGB" },
		{ PNG_COLOR_TYPE_PALETTE, 8, 1, "interlaced palette" },
	};
	struct buf	 b;
	unsigned char	*out;
	size_t		 i, outlen, max;
	int		 w, h, vw, vh, alpha;
	char		*cause;

	for (i = 0; i < nitems(f); i++) {
		b = t_png(200, 150, f[i].color, f[i].depth, 9, f[i].interlace,
		    FILL_NOISE);
		max = qpng_base64_len(b.len) / 2;
		out = NULL;
		cause = NULL;
		ok(qpng_fit(b.data, b.len, max, &out, &outlen, &w, &h,
		    &cause) == 0 && out != NULL && qpng_base64_len(outlen) <=
		    max, "%s: fitted into half its size (%dx%d)", f[i].name,
		    w, h);
		ok(out != NULL && t_valid(out, outlen, &vw, &vh, &alpha) &&
		    vw == w && vh == h, "%s: the result is valid", f[i].name);
		if (cause != NULL)
			diag("%s", cause);
		free(cause);
		free(out);
		free(b.data);
	}
}

static void
test_corrupt(void)
{
	struct buf	 b;
	unsigned char	*out = NULL, *copy, *hdr;
	size_t		 outlen, i;
	int		 w, h;
	char		*cause;

	b = t_png(300, 200, PNG_COLOR_TYPE_RGB, 8, 6, 0, FILL_NOISE);

	cause = NULL;
	ok(qpng_fit(b.data, b.len / 2, 1000, &out, &outlen, &w, &h,
	    &cause) == -1, "a truncated PNG is refused");
	like(cause, "corrupt PNG", "... as corrupt");
	ok(out == NULL, "... with no output");
	free(cause);

	copy = malloc(b.len);
	memcpy(copy, b.data, b.len);
	for (i = 60; i < b.len - 20; i += 97)
		copy[i] ^= 0x5a;
	cause = NULL;
	ok(qpng_fit(copy, b.len, 1000, &out, &outlen, &w, &h, &cause) == -1,
	    "a PNG with damaged data is refused");
	like(cause, "corrupt PNG", "... as corrupt");
	free(cause);

	/* A valid header that promises 30000x30000 pixels. */
	memcpy(copy, b.data, b.len);
	t_put32(copy + 16, 30000);
	t_put32(copy + 20, 30000);
	t_put32(copy + 29, t_crc(copy + 12, 17));
	cause = NULL;
	ok(qpng_fit(copy, b.len, 1000, &out, &outlen, &w, &h, &cause) == -1,
	    "a huge declared size is refused, not allocated");
	like(cause, "too large", "... as too large");
	free(cause);

	cause = NULL;
	ok(qpng_fit((const unsigned char *)"GIF89a and so on and so on "
	    "and so on", 36, 10, &out, &outlen, &w, &h, &cause) == -1,
	    "something else is refused");
	like(cause, "not a PNG", "... as not a PNG");
	free(cause);

	/* A signature and IHDR, then garbage. */
	hdr = malloc(b.len);
	memcpy(hdr, b.data, 33);
	for (i = 33; i < b.len; i++)
		hdr[i] = t_rand();
	cause = NULL;
	ok(qpng_fit(hdr, b.len, 1000, &out, &outlen, &w, &h, &cause) == -1,
	    "garbage after the header is refused");
	free(cause);

	cause = NULL;
	ok(qpng_fit(b.data, b.len, 20, &out, &outlen, &w, &h, &cause) == -1,
	    "a limit no image can meet is refused");
	like(cause, "cannot be made to fit", "... saying so");
	free(cause);

	free(hdr);
	free(copy);
	free(b.data);
}

static void
test_fit_base64(void)
{
	struct qpng_fitted	 f;
	struct buf		 b;
	char			*b64, *line, *cause = NULL;

	b = t_png(10, 7, PNG_COLOR_TYPE_RGB, 8, 6, 0, FILL_GRADIENT);
	b64 = qpng_base64_encode(b.data, b.len);
	ok(qpng_fit_base64(xstrdup(b64), 1024 * 1024, &f, &cause) == 0,
	    "fit_base64 on a small image");
	is_str(f.base64, b64, "... gives the same base64");
	ok(!f.changed && f.width == 10 && f.out_width == 10, "... unchanged");
	line = qpng_describe(&f);
	like(line, "10x7 px, PNG ", "describe: size");
	free(line);
	free(f.base64);
	free(b64);
	free(b.data);

	b = t_png(1280, 1024, PNG_COLOR_TYPE_RGB, 8, 6, 0, FILL_NOISE);
	b64 = qpng_base64_encode(b.data, b.len);
	ok(qpng_fit_base64(xstrdup(b64), 1024 * 1024, &f, &cause) == 0 &&
	    f.changed,
	    "fit_base64 on 1280x1024 noise scales it");
	ok(strlen(f.base64) <= 1024 * 1024, "... the base64 fits");
	line = qpng_describe(&f);
	like(line, "scaled down from 1280x1024 by 0.", "describe: how");
	like(line, "to fit max_image_bytes 1048576", "describe: the limit");
	ok(qpng_factor(&f) == (double)f.out_width / 1280,
	    "factor is the width ratio");
	free(line);
	free(f.base64);
	free(b64);
	free(b.data);

	ok(qpng_fit_base64(xstrdup("not base64!"), 100, &f, &cause) == -1,
	    "fit_base64 refuses bad base64");
	like(cause, "not valid base64", "... saying so");
	free(cause);
	cause = NULL;
	ok(qpng_fit_base64(xstrdup("aGVsbG8gd29ybGQ="), 100, &f, &cause) ==
	    -1,
	    "fit_base64 refuses base64 that is no PNG");
	free(cause);
}

int
main(void)
{
	test_base64();
	test_info();
	test_fit_unchanged();
	test_fit_noise();
	test_fit_recompress();
	test_fit_formats();
	test_corrupt();
	test_fit_base64();
	return (done_testing());
}
