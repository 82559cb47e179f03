/*
 * web.c - lookup in the table of embedded static files.
 */
#include "parley/web.h"

#include <string.h>

const pl_web_asset_t *pl_web_find(const char *path)
{
    for (const pl_web_asset_t *a = pl_web_assets; a->path != NULL; a++)
        if (strcmp(a->path, path) == 0)
            return a;
    return NULL;
}
