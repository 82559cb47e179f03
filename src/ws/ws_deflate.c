/*
 * ws_deflate.c - lazily made zlib streams for permessage-deflate.
 *
 * Streams are raw deflate (negative windowBits, RFC 7692 7.2.1) and are
 * allocated through the pl_try_* hooks, so an allocation failure is an
 * error, not an abort, and the tests can count every byte. With
 * no_context_takeover the codec frees a stream as soon as its message is
 * done, so an idle connection holds none.
 */
#include "ws_int.h"

#include "parley/error.h"
#include "parley/mem.h"

static voidpf zalloc_fn(voidpf opaque, uInt items, uInt size)
{
    (void)opaque;
    /* like zlib's own allocator: not zeroed (zlib clears what it reads) */
    if (size != 0 && items > (size_t)-1 / size)
        return Z_NULL;
    return pl_try_malloc((size_t)items * size);
}

static void zfree_fn(voidpf opaque, voidpf p)
{
    (void)opaque;
    pl_free(p);
}

static z_stream *stream_new(void)
{
    z_stream *z = pl_try_calloc(1, sizeof(*z));
    if (z != NULL) {
        z->zalloc = zalloc_fn;
        z->zfree = zfree_fn;
        z->opaque = Z_NULL;
    }
    return z;
}

int pl_ws__inflater_get(pl_ws_t *ws)
{
    if (ws->inflater != NULL)
        return 0;
    z_stream *z = stream_new();
    if (z == NULL)
        return PL_ERR_NOMEM;
    /* a window at least as big as the peer's is always safe; zlib turns 8
     * into 9 on the deflate side, so never inflate with less than 9 */
    int bits = ws->rx_bits < 9 ? 9 : ws->rx_bits;
    if (inflateInit2(z, -bits) != Z_OK) {
        pl_free(z);
        return PL_ERR_NOMEM;
    }
    ws->inflater = z;
    return 0;
}

void pl_ws__inflater_free(pl_ws_t *ws)
{
    if (ws->inflater != NULL) {
        inflateEnd(ws->inflater);
        pl_free(ws->inflater);
        ws->inflater = NULL;
    }
}

int pl_ws__deflater_get(pl_ws_t *ws)
{
    if (ws->deflater != NULL)
        return 0;
    z_stream *z = stream_new();
    if (z == NULL)
        return PL_ERR_NOMEM;
    if (deflateInit2(z, ws->cfg->deflate_level, Z_DEFLATED, -(int)ws->tx_bits,
                     ws->cfg->deflate_mem_level, Z_DEFAULT_STRATEGY) != Z_OK) {
        pl_free(z);
        return PL_ERR_NOMEM;
    }
    ws->deflater = z;
    return 0;
}

void pl_ws__deflater_free(pl_ws_t *ws)
{
    if (ws->deflater != NULL) {
        deflateEnd(ws->deflater);
        pl_free(ws->deflater);
        ws->deflater = NULL;
    }
}
