/*
 * parley/web.h - static pages compiled into the binary (web/ at build time).
 */
#ifndef PARLEY_WEB_H
#define PARLEY_WEB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pl_web_asset {
    const char *path;          /* "/demo.html" */
    const char *content_type;
    const unsigned char *data; /* NUL-terminated too */
    size_t len;
} pl_web_asset_t;

/** Every embedded file; the last entry has path NULL. */
extern const pl_web_asset_t pl_web_assets[];

/** The asset at path ("/demo.html"), or NULL. */
const pl_web_asset_t *pl_web_find(const char *path);

#ifdef __cplusplus
}
#endif
#endif
