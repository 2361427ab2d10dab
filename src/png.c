/*
 * png.c: PNG inspection and down-scaling, for screenshots.  The probe
 * sends screenshots as base64 PNGs of any size, while MCP hosts accept
 * images up to a limit (max_image_bytes, counted as base64 since that is
 * what they receive).  An image over the limit is decoded with libpng,
 * re-encoded at the best compression, and if that is not enough scaled
 * down with a box filter until it fits.
 *
 * The prefix is qpng_ because libpng owns png_ (png.h even has a type
 * named png_info).
 */

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <png.h>

#include "qtmcp.h"

#define QPNG_MAX_SIDE	32768			/* pixels, each way */
#define QPNG_MAX_PIXELS	(64 * 1024 * 1024)	/* 8K screens fit */
#define QPNG_TRIES	12			/* scaling attempts */
#define QPNG_MARGIN	0.95			/* aim below the limit */

/* A decoded image: 8-bit RGB or RGBA, rows packed. */
struct qpng_pixels {
	unsigned char	*data;
	int		 width;
	int		 height;
	int		 channels;		/* 3 or 4 */
};

/*
 * What libpng reaches through its io and error pointers.  It lives in the
 * caller's frame, not in the function that calls setjmp, so what the
 * callbacks write into it survives the longjmp.
 */
struct qpng_io {
	const unsigned char	*in;
	size_t			 inlen;
	size_t			 inoff;
	unsigned char		*out;		/* encoded, xrealloc'd */
	size_t			 outlen;
	size_t			 outsize;
	unsigned char		*data;		/* decoded pixels */
	png_bytep		*rows;
	char			 error[160];
};

static const char qpng_b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* --- base64 ------------------------------------------------------------- */

/* The base64 size of n bytes: 4 * ceil(n / 3). */
size_t
qpng_base64_len(size_t n)
{
	return ((n + 2) / 3 * 4);
}

char *
qpng_base64_encode(const unsigned char *in, size_t len)
{
	char		*out, *o;
	size_t		 i;
	uint32_t	 v;

	out = o = xmalloc(qpng_base64_len(len) + 1);
	for (i = 0; i + 2 < len; i += 3) {
		v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
		    in[i + 2];
		*o++ = qpng_b64[v >> 18];
		*o++ = qpng_b64[(v >> 12) & 0x3f];
		*o++ = qpng_b64[(v >> 6) & 0x3f];
		*o++ = qpng_b64[v & 0x3f];
	}
	if (i < len) {
		v = (uint32_t)in[i] << 16;
		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		*o++ = qpng_b64[v >> 18];
		*o++ = qpng_b64[(v >> 12) & 0x3f];
		*o++ = i + 1 < len ? qpng_b64[(v >> 6) & 0x3f] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return (out);
}

/*
 * Decode standard base64 (whitespace ignored, padding optional).  NULL if
 * s is not base64.
 */
unsigned char *
qpng_base64_decode(const char *s, size_t *outlen)
{
	unsigned char	*out;
	const char	*p;
	uint32_t	 acc = 0;
	size_t		 n = 0, chars = 0, pad = 0;
	int		 bits = 0, v;

	out = xmalloc(strlen(s) / 4 * 3 + 3);
	for (p = s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
			continue;
		if (*p == '=') {
			pad++;
			continue;
		}
		if (pad != 0)
			goto bad;
		if (*p >= 'A' && *p <= 'Z')
			v = *p - 'A';
		else if (*p >= 'a' && *p <= 'z')
			v = *p - 'a' + 26;
		else if (*p >= '0' && *p <= '9')
			v = *p - '0' + 52;
		else if (*p == '+')
			v = 62;
		else if (*p == '/')
			v = 63;
		else
			goto bad;
		chars++;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
			acc &= (1U << bits) - 1;
		}
	}
	if (chars % 4 == 1 || pad > 2 || (pad != 0 && (chars + pad) % 4 != 0))
		goto bad;
	*outlen = n;
	return (out);
bad:
	free(out);
	return (NULL);
}

/*
 * A square root by Newton's method, for the scale factor: qtmcp does not
 * link libm for one function.
 */
static double
qpng_sqrt(double x)
{
	double	r = x > 1 ? x : 1;
	int	i;

	if (x <= 0)
		return (0);
	for (i = 0; i < 64; i++)
		r = (r + x / r) / 2;
	return (r);
}

/* --- inspection --------------------------------------------------------- */

static uint32_t
qpng_be32(const unsigned char *p)
{
	return ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3]);
}

/*
 * The size of a PNG from its signature and IHDR chunk, without decoding
 * it.  -1 if it does not start like a PNG.
 */
int
qpng_info(const unsigned char *png, size_t len, int *width, int *height)
{
	uint32_t	w, h;

	if (len < 8 + 8 + 13 + 4 || png_sig_cmp(png, 0, 8) != 0)
		return (-1);
	if (qpng_be32(png + 8) != 13 || memcmp(png + 12, "IHDR", 4) != 0)
		return (-1);
	w = qpng_be32(png + 16);
	h = qpng_be32(png + 20);
	if (w == 0 || h == 0 || w > 0x7fffffff || h > 0x7fffffff)
		return (-1);
	*width = (int)w;
	*height = (int)h;
	return (0);
}

/* --- libpng callbacks --------------------------------------------------- */

static void
qpng_error_fn(png_structp p, png_const_charp msg)
{
	struct qpng_io	*io = png_get_error_ptr(p);

	snprintf(io->error, sizeof io->error, "%s", msg);
	png_longjmp(p, 1);
}

static void
qpng_warning_fn(png_structp p, png_const_charp msg)
{
	/* Ancillary-chunk trouble: not worth a word. */
}

static void
qpng_read_fn(png_structp p, png_bytep buf, size_t n)
{
	struct qpng_io	*io = png_get_io_ptr(p);

	if (n > io->inlen - io->inoff)
		png_error(p, "the data ends early");
	memcpy(buf, io->in + io->inoff, n);
	io->inoff += n;
}

static void
qpng_write_fn(png_structp p, png_bytep buf, size_t n)
{
	struct qpng_io	*io = png_get_io_ptr(p);

	if (io->outsize - io->outlen < n) {
		while (io->outsize - io->outlen < n)
			io->outsize = io->outsize == 0 ? 65536 :
			    io->outsize * 2;
		io->out = xrealloc(io->out, io->outsize);
	}
	memcpy(io->out + io->outlen, buf, n);
	io->outlen += n;
}

static void
qpng_flush_fn(png_structp p)
{
}

/* --- decoding and encoding ---------------------------------------------- */

/* Everything after setjmp: may longjmp out through qpng_error_fn. */
static void
qpng_read(png_structp p, png_infop info, struct qpng_io *io,
    struct qpng_pixels *px)
{
	png_uint_32	w, h, y;
	size_t		stride;
	int		channels;

	png_set_read_fn(p, io, qpng_read_fn);
	png_set_user_limits(p, QPNG_MAX_SIDE, QPNG_MAX_SIDE);
	png_read_info(p, info);
	w = png_get_image_width(p, info);
	h = png_get_image_height(p, info);
	if ((uint64_t)w * h > QPNG_MAX_PIXELS)
		png_error(p, "image too large to decode");

	/* Any colour type and depth -> 8-bit RGB, or RGBA with alpha. */
	png_set_expand(p);
	png_set_strip_16(p);
	png_set_gray_to_rgb(p);
	png_set_interlace_handling(p);
	png_read_update_info(p, info);
	channels = png_get_channels(p, info);
	stride = png_get_rowbytes(p, info);
	if ((channels != 3 && channels != 4) || png_get_bit_depth(p, info) !=
	    8 || stride != (size_t)w * channels)
		png_error(p, "unexpected pixel format");

	io->data = xmalloc(stride * h);
	io->rows = xreallocarray(NULL, h, sizeof *io->rows);
	for (y = 0; y < h; y++)
		io->rows[y] = io->data + y * stride;
	png_read_image(p, io->rows);
	png_read_end(p, NULL);

	px->width = (int)w;
	px->height = (int)h;
	px->channels = channels;
}

static int
qpng_decode(const unsigned char *png, size_t len, struct qpng_pixels *px,
    char **cause)
{
	struct qpng_io	io;
	png_structp	p;
	png_infop	info;

	memset(&io, 0, sizeof io);
	memset(px, 0, sizeof *px);
	io.in = png;
	io.inlen = len;
	if (len < 8 || png_sig_cmp(png, 0, 8) != 0) {
		*cause = xstrdup("not a PNG (bad signature)");
		return (-1);
	}
	p = png_create_read_struct(PNG_LIBPNG_VER_STRING, &io, qpng_error_fn,
	    qpng_warning_fn);
	if (p == NULL)
		fatalx("png_create_read_struct failed");
	if ((info = png_create_info_struct(p)) == NULL)
		fatalx("png_create_info_struct failed");
	if (setjmp(png_jmpbuf(p))) {
		png_destroy_read_struct(&p, &info, NULL);
		free(io.rows);
		free(io.data);
		*cause = xasprintf("corrupt PNG: %s", io.error);
		return (-1);
	}
	qpng_read(p, info, &io, px);
	png_destroy_read_struct(&p, &info, NULL);
	free(io.rows);
	px->data = io.data;
	return (0);
}

static void
qpng_write(png_structp p, png_infop info, struct qpng_io *io,
    const struct qpng_pixels *px)
{
	size_t	stride = (size_t)px->width * px->channels;
	int	y;

	png_set_write_fn(p, io, qpng_write_fn, qpng_flush_fn);
	png_set_compression_level(p, 9);
	png_set_IHDR(p, info, px->width, px->height, 8, px->channels == 4 ?
	    PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
	    PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(p, info);
	for (y = 0; y < px->height; y++)
		png_write_row(p, px->data + (size_t)y * stride);
	png_write_end(p, info);
}

/* Encode px at the best compression; the result in *out (to free). */
static int
qpng_encode(const struct qpng_pixels *px, unsigned char **out,
    size_t *outlen, char **cause)
{
	struct qpng_io	io;
	png_structp	p;
	png_infop	info;

	memset(&io, 0, sizeof io);
	p = png_create_write_struct(PNG_LIBPNG_VER_STRING, &io, qpng_error_fn,
	    qpng_warning_fn);
	if (p == NULL)
		fatalx("png_create_write_struct failed");
	if ((info = png_create_info_struct(p)) == NULL)
		fatalx("png_create_info_struct failed");
	if (setjmp(png_jmpbuf(p))) {
		png_destroy_write_struct(&p, &info);
		free(io.out);
		*cause = xasprintf("PNG encoding failed: %s", io.error);
		return (-1);
	}
	qpng_write(p, info, &io, px);
	png_destroy_write_struct(&p, &info);
	*out = io.out;
	*outlen = io.outlen;
	return (0);
}

/* Screenshots come with an alpha channel that is all opaque: drop it. */
static void
qpng_drop_opaque_alpha(struct qpng_pixels *px)
{
	size_t	i, n = (size_t)px->width * px->height;

	if (px->channels != 4)
		return;
	for (i = 0; i < n; i++) {
		if (px->data[i * 4 + 3] != 255)
			return;
	}
	for (i = 0; i < n; i++)
		memmove(px->data + i * 3, px->data + i * 4, 3);
	px->channels = 3;
}

/*
 * Area averaging (a box filter) down to nw x nh: each output pixel is the
 * mean of the source pixels its area covers.
 */
static void
qpng_scale(const struct qpng_pixels *src, struct qpng_pixels *dst, int nw,
    int nh)
{
	const unsigned char	*s;
	unsigned char		*d;
	size_t			*x0, *x1, y0, y1, x, y, count, stride;
	uint64_t		 sum[4];
	int			 ox, oy, c, ch = src->channels;

	dst->width = nw;
	dst->height = nh;
	dst->channels = ch;
	dst->data = xmalloc((size_t)nw * nh * ch);
	stride = (size_t)src->width * ch;

	x0 = xreallocarray(NULL, nw, sizeof *x0);
	x1 = xreallocarray(NULL, nw, sizeof *x1);
	for (ox = 0; ox < nw; ox++) {
		x0[ox] = (size_t)ox * src->width / nw;
		x1[ox] = (size_t)(ox + 1) * src->width / nw;
		if (x1[ox] <= x0[ox])
			x1[ox] = x0[ox] + 1;
	}
	d = dst->data;
	for (oy = 0; oy < nh; oy++) {
		y0 = (size_t)oy * src->height / nh;
		y1 = (size_t)(oy + 1) * src->height / nh;
		if (y1 <= y0)
			y1 = y0 + 1;
		for (ox = 0; ox < nw; ox++) {
			memset(sum, 0, sizeof sum);
			for (y = y0; y < y1; y++) {
				s = src->data + y * stride + x0[ox] * ch;
				for (x = x0[ox]; x < x1[ox]; x++) {
					for (c = 0; c < ch; c++)
						sum[c] += *s++;
				}
			}
			count = (y1 - y0) * (x1[ox] - x0[ox]);
			for (c = 0; c < ch; c++)
				*d++ = (unsigned char)((sum[c] + count / 2) /
				    count);
		}
	}
	free(x0);
	free(x1);
}

/*
 * Make a PNG fit max_bytes once base64-encoded.  If it already fits (or
 * max_bytes is 0), *out is NULL and *width, *height are its size.
 * Otherwise *out is a new PNG (to free) that fits, of *width x *height:
 * the same pixels recompressed if that is enough, else scaled down with
 * the aspect ratio kept.  -1 with *cause for a corrupt PNG or one that
 * cannot be made small enough.
 */
int
qpng_fit(const unsigned char *png, size_t len, size_t max_bytes,
    unsigned char **out, size_t *outlen, int *width, int *height,
    char **cause)
{
	struct qpng_pixels	 px, small;
	unsigned char		*buf = NULL;
	size_t			 buflen;
	double			 scale = 1.0, ratio;
	int			 tries, nw, nh, pw, ph;

	*out = NULL;
	*outlen = len;
	if (qpng_info(png, len, width, height) == -1) {
		*cause = xstrdup("not a PNG (bad signature or header)");
		return (-1);
	}
	if (max_bytes == 0 || qpng_base64_len(len) <= max_bytes)
		return (0);

	if (qpng_decode(png, len, &px, cause) == -1)
		return (-1);
	qpng_drop_opaque_alpha(&px);
	if (qpng_encode(&px, &buf, &buflen, cause) == -1)
		goto fail;

	pw = px.width;
	ph = px.height;
	for (tries = 0; qpng_base64_len(buflen) > max_bytes; tries++) {
		if (tries == QPNG_TRIES || (pw == 1 && ph == 1)) {
			*cause = xasprintf("the %dx%d image cannot be made to "
			    "fit in %zu bytes", px.width, px.height,
			    max_bytes);
			goto fail;
		}
		/* The encoded size goes roughly with the pixel count. */
		ratio = (double)max_bytes / (double)qpng_base64_len(buflen);
		scale *= qpng_sqrt(ratio) * QPNG_MARGIN;
		nw = (int)(px.width * scale + 0.5);
		nh = (int)(px.height * scale + 0.5);
		if (nw >= pw && nh >= ph) {
			/* Rounding kept the size: take a real step. */
			scale = (double)pw / px.width * 0.9;
			nw = (int)(px.width * scale + 0.5);
			nh = (int)(px.height * scale + 0.5);
		}
		nw = nw < 1 ? 1 : nw;
		nh = nh < 1 ? 1 : nh;
		free(buf);
		buf = NULL;
		qpng_scale(&px, &small, nw, nh);
		if (qpng_encode(&small, &buf, &buflen, cause) == -1) {
			free(small.data);
			goto fail;
		}
		free(small.data);
		pw = nw;
		ph = nh;
	}
	free(px.data);
	*out = buf;
	*outlen = buflen;
	*width = pw;
	*height = ph;
	return (0);

fail:
	free(buf);
	free(px.data);
	return (-1);
}

/* --- for tools ---------------------------------------------------------- */

/*
 * An image that already fits goes out as it came, and only its header is
 * decoded: a full decode of a 5 MB screenshot took longer than all the
 * rest qtmcp does with it.  -1 unless b64 is plain base64 (no whitespace)
 * of a PNG small enough; qpng_fit_base64 then decodes it all.
 */
static int
qpng_fits_as_is(char *b64, size_t max_bytes, struct qpng_fitted *f)
{
	unsigned char	*head;
	char		 text[45];
	size_t		 len, n, pad;
	int		 w, h;

	len = strlen(b64);
	if (len < sizeof text - 1 || len % 4 != 0 ||
	    (max_bytes != 0 && len > max_bytes))
		return (-1);
	pad = b64[len - 1] != '=' ? 0 : b64[len - 2] != '=' ? 1 : 2;
	if (strspn(b64, qpng_b64) != len - pad)
		return (-1);
	/* The signature and IHDR: 33 bytes, 44 base64 characters. */
	memcpy(text, b64, sizeof text - 1);
	text[sizeof text - 1] = '\0';
	if ((head = qpng_base64_decode(text, &n)) == NULL)
		return (-1);
	if (qpng_info(head, n, &w, &h) == -1) {
		free(head);
		return (-1);
	}
	free(head);
	f->bytes = f->out_bytes = len / 4 * 3 - pad;
	f->width = f->out_width = w;
	f->height = f->out_height = h;
	f->max_bytes = max_bytes;
	f->base64 = b64;
	return (0);
}

/*
 * A base64 PNG made to fit max_bytes: f->base64 is the image to send, with
 * what was done to it.  b64 (from malloc) is consumed: it is f->base64 when
 * it is sent as it came, which saves copying a screenshot's megabytes.
 */
int
qpng_fit_base64(char *b64, size_t max_bytes, struct qpng_fitted *f,
    char **cause)
{
	unsigned char	*png, *out;
	size_t		 len, outlen;
	int		 w, h;

	memset(f, 0, sizeof *f);
	if (qpng_fits_as_is(b64, max_bytes, f) == 0)
		return (0);
	if ((png = qpng_base64_decode(b64, &len)) == NULL) {
		*cause = xstrdup("the image is not valid base64");
		free(b64);
		return (-1);
	}
	if (qpng_fit(png, len, max_bytes, &out, &outlen, &w, &h, cause) ==
	    -1) {
		free(png);
		free(b64);
		return (-1);
	}
	f->bytes = len;
	qpng_info(png, len, &f->width, &f->height);
	f->out_width = w;
	f->out_height = h;
	f->max_bytes = max_bytes;
	if (out == NULL) {
		f->base64 = b64;
		f->out_bytes = len;
	} else {
		f->base64 = qpng_base64_encode(out, outlen);
		f->out_bytes = outlen;
		f->changed = 1;
		free(b64);
	}
	free(out);
	free(png);
	return (0);
}

/*
 * The image of a probe's screenshot answer (payload's "image", base64 PNG)
 * made to fit max_bytes; its text is taken out of the answer, not copied.
 * -1 with *cause for the model: no image (then no_image says what to do)
 * or not a PNG; tool names the tool in it.
 */
int
qpng_fit_answer(cJSON *payload, size_t max_bytes, const char *tool,
    const char *no_image, struct qpng_fitted *f, char **cause)
{
	cJSON	*image;
	char	*b64, *why = NULL;

	image = cJSON_GetObjectItemCaseSensitive(payload, "image");
	if (!cJSON_IsString(image) || *image->valuestring == '\0') {
		*cause = xasprintf("%s failed: the probe's answer has no image. "
		    "%s", tool, no_image);
		return (-1);
	}
	b64 = image->valuestring;
	image->valuestring = NULL;
	if (qpng_fit_base64(b64, max_bytes, f, &why) == -1) {
		*cause = xasprintf("%s failed: the probe sent a bad image (%s).",
		    tool, why);
		free(why);
		return (-1);
	}
	return (0);
}

static const char *
qpng_size(size_t n, char *buf, size_t len)
{
	if (n >= 1024 * 1024)
		snprintf(buf, len, "%.1f MB", n / (1024.0 * 1024.0));
	else if (n >= 1024)
		snprintf(buf, len, "%.1f KB", n / 1024.0);
	else
		snprintf(buf, len, "%zu bytes", n);
	return (buf);
}

/*
 * One line about the image sent: "800x600 px, PNG 45.1 KB", plus what
 * was done to make it fit.
 */
char *
qpng_describe(const struct qpng_fitted *f)
{
	char	a[32], b[32];

	if (!f->changed)
		return (xasprintf("%dx%d px, PNG %s", f->width, f->height,
		    qpng_size(f->bytes, a, sizeof a)));
	if (f->out_width == f->width && f->out_height == f->height)
		return (xasprintf("%dx%d px, PNG %s (recompressed from %s to "
		    "fit max_image_bytes %zu)", f->width, f->height,
		    qpng_size(f->out_bytes, a, sizeof a),
		    qpng_size(f->bytes, b, sizeof b), f->max_bytes));
	return (xasprintf("%dx%d px, PNG %s (scaled down from %dx%d by %.3f, "
	    "%s before, to fit max_image_bytes %zu)", f->out_width,
	    f->out_height, qpng_size(f->out_bytes, a, sizeof a), f->width,
	    f->height, qpng_factor(f), qpng_size(f->bytes, b, sizeof b),
	    f->max_bytes));
}

/* The scale factor applied: image size / original size. */
double
qpng_factor(const struct qpng_fitted *f)
{
	if (f->width == 0)
		return (1.0);
	return ((double)f->out_width / f->width);
}
