/*
 * msg_testutil.c - see msg_testutil.h. The comparison uses yajl_tree: fine
 * for tests, where a second, independent JSON reader is the point.
 */
#include "msg_testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yajl/yajl_tree.h>

#include "schemas/pl_msg_all.h"
#include "schemas/pl_msg_test_all.h"

char *mt_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    pl_buf_t b = PL_BUF_INIT(0);
    char tmp[65536];
    size_t n;
    while ((n = fread(tmp, 1, sizeof(tmp), f)) > 0)
        if (pl_buf_append(&b, tmp, n) != 0)
            abort();
    fclose(f);
    if (b.data == NULL && pl_buf_append(&b, "", 0) != 0)
        abort();
    *len = b.len;
    return b.data;
}

#define MT_MAX 512
static const pl_msg_desc_t *descs[MT_MAX];
static const pl_msg_family_t *fams[MT_MAX];
static size_t ndescs, nfams;

static void load(void)
{
    if (ndescs != 0)
        return;
    const pl_msg_desc_t *const *dl[] = {pl_msg_all_descs, pl_msg_test_all_descs};
    const pl_msg_family_t *const *fl[] = {pl_msg_all_families, pl_msg_test_all_families};
    for (size_t r = 0; r < 2; r++) {
        for (size_t i = 0; dl[r][i] != NULL && ndescs < MT_MAX - 1; i++)
            descs[ndescs++] = dl[r][i];
        for (size_t i = 0; fl[r][i] != NULL && nfams < MT_MAX - 1; i++)
            fams[nfams++] = fl[r][i];
    }
}

const pl_msg_family_t *const *mt_all_families(size_t *n)
{
    load();
    *n = nfams;
    return fams;
}

const pl_msg_desc_t *const *mt_all_descs(size_t *n)
{
    load();
    *n = ndescs;
    return descs;
}

const pl_msg_desc_t *mt_find_desc(const char *fileid, const char *def)
{
    char name[256];
    snprintf(name, sizeof(name), "%s.%s", fileid, def);
    load();
    for (size_t i = 0; i < ndescs; i++)
        if (strcmp(descs[i]->name, name) == 0)
            return descs[i];
    return NULL;
}

const pl_msg_family_t *mt_find_family(const char *fileid)
{
    load();
    for (size_t i = 0; i < nfams; i++)
        if (strcmp(fams[i]->name, fileid) == 0)
            return fams[i];
    return NULL;
}

static int equal(yajl_val a, yajl_val b, char *path, size_t plen, size_t cap, char *why, size_t wcap);

static int differ(const char *path, const char *what, char *why, size_t wcap)
{
    snprintf(why, wcap, "%s: %s", path[0] ? path : "(root)", what);
    return 0;
}

static int number_equal(yajl_val a, yajl_val b)
{
    if (YAJL_IS_INTEGER(a) && YAJL_IS_INTEGER(b))
        return YAJL_GET_INTEGER(a) == YAJL_GET_INTEGER(b);
    double x = strtod(a->u.number.r, NULL), y = strtod(b->u.number.r, NULL);
    return x == y;
}

static int equal(yajl_val a, yajl_val b, char *path, size_t plen, size_t cap, char *why, size_t wcap)
{
    path[plen] = '\0';
    if (a->type != b->type)
        return differ(path, "different types", why, wcap);
    if (YAJL_IS_STRING(a)) {
        if (strcmp(a->u.string, b->u.string) != 0)
            return differ(path, "different strings", why, wcap);
        return 1;
    }
    if (YAJL_IS_NUMBER(a))
        return number_equal(a, b) ? 1 : differ(path, "different numbers", why, wcap);
    if (YAJL_IS_ARRAY(a)) {
        if (a->u.array.len != b->u.array.len)
            return differ(path, "different array lengths", why, wcap);
        for (size_t i = 0; i < a->u.array.len; i++) {
            int n = snprintf(path + plen, cap - plen, "[%zu]", i);
            if (!equal(a->u.array.values[i], b->u.array.values[i], path, plen + (size_t)n, cap, why, wcap))
                return 0;
        }
        path[plen] = '\0';
        return 1;
    }
    if (YAJL_IS_OBJECT(a)) {
        if (a->u.object.len != b->u.object.len)
            return differ(path, "different key counts", why, wcap);
        for (size_t i = 0; i < a->u.object.len; i++) {
            const char *k = a->u.object.keys[i];
            size_t j = 0;
            while (j < b->u.object.len && strcmp(b->u.object.keys[j], k) != 0)
                j++;
            int n = snprintf(path + plen, cap - plen, "%s%s", plen ? "." : "", k);
            if (j == b->u.object.len)
                return differ(path, "missing key", why, wcap);
            if (!equal(a->u.object.values[i], b->u.object.values[j], path, plen + (size_t)n, cap, why, wcap))
                return 0;
        }
        path[plen] = '\0';
        return 1;
    }
    return 1; /* true, false, null of the same type */
}

int mt_json_equal(const char *a, size_t alen, const char *b, size_t blen, char *why, size_t cap)
{
    char err[256];
    char *ta = strndup(a, alen), *tb = strndup(b, blen);
    yajl_val va = yajl_tree_parse(ta, err, sizeof(err));
    yajl_val vb = yajl_tree_parse(tb, err, sizeof(err));
    int rv;
    if (va == NULL || vb == NULL) {
        snprintf(why, cap, "not JSON: %s", err);
        rv = 0;
    } else {
        char path[1024];
        rv = equal(va, vb, path, 0, sizeof(path), why, cap);
    }
    yajl_tree_free(va);
    yajl_tree_free(vb);
    free(ta);
    free(tb);
    return rv;
}
