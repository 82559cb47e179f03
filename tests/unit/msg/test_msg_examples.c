/*
 * test_msg_examples.c - every example listed in a MANIFEST parses, and
 * re-serializes to equivalent JSON (same keys and values; whitespace and
 * key order may differ), and the re-serialized text parses again to the
 * same bytes. Two manifests: the seed examples the real schemas must accept
 * (tests/data/seed_examples/MANIFEST) and this folder's examples of the
 * test schemas (tests/unit/msg/examples/MANIFEST).
 *
 * MANIFEST lines: <file> <schema file id> <def name, or -family>; '#' starts
 * a comment.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg_testutil.h"
#include "parley/error.h"
#include "pl_test.h"

static const char *source_dir(void)
{
    const char *s = getenv("PARLEY_SOURCE_DIR");
    return s != NULL ? s : ".";
}

/* Checks one example; returns 1 when it passed. */
static int check_example(const char *dir, const char *file, const char *fileid, const char *def)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, file);
    size_t len;
    char *json = mt_read_file(path, &len);
    if (json == NULL) {
        fprintf(stderr, "  %s: cannot read\n", path);
        return 0;
    }
    int ok = 0;
    void *msg = NULL;
    const pl_msg_desc_t *desc = NULL;
    pl_msg_error_t err;
    pl_buf_t out = PL_BUF_INIT(0), again = PL_BUF_INIT(0);
    int kind = 0;
    const pl_msg_family_t *fam = NULL;
    if (def[0] == '-') {
        fam = mt_find_family(fileid);
        if (fam == NULL) {
            fprintf(stderr, "  %s: no generated family %s (run make regen)\n", file, fileid);
            goto out;
        }
        if (pl_msg_family_parse(fam, json, len, &kind, &msg, &err) != 0) {
            fprintf(stderr, "  %s: %s\n", file, err.message);
            goto out;
        }
        desc = pl_msg_family_member(fam, kind)->desc;
    } else {
        desc = mt_find_desc(fileid, def);
        if (desc == NULL) {
            fprintf(stderr, "  %s: no generated message %s.%s (run make regen)\n", file, fileid, def);
            goto out;
        }
        if (pl_msg_parse_ex(desc, json, len, &msg, &err) != 0) {
            fprintf(stderr, "  %s: %s\n", file, err.message);
            goto out;
        }
    }
    if (pl_msg_serialize_ex(desc, msg, &out, &err) != 0) {
        fprintf(stderr, "  %s: serialize: %s\n", file, err.message);
        goto out;
    }
    char why[512];
    if (!mt_json_equal(json, len, out.data, out.len, why, sizeof(why))) {
        fprintf(stderr, "  %s: re-serialized JSON differs: %s\n    got %s\n", file, why, out.data);
        goto out;
    }
    pl_msg_free(msg);
    msg = NULL;
    if (pl_msg_parse_ex(desc, out.data, out.len, &msg, &err) != 0 ||
        pl_msg_serialize_ex(desc, msg, &again, &err) != 0) {
        fprintf(stderr, "  %s: second round: %s\n", file, err.message);
        goto out;
    }
    if (strcmp(out.data, again.data) != 0) {
        fprintf(stderr, "  %s: second serialization differs\n", file);
        goto out;
    }
    ok = 1;
out:
    pl_msg_free(msg);
    pl_buf_free(&out);
    pl_buf_free(&again);
    pl_free(json);
    return ok;
}

/* Runs every line of dir/MANIFEST; returns the number of examples checked. */
static int run_manifest(const char *dir)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s/MANIFEST", dir);
    size_t len;
    char *text = mt_read_file(path, &len);
    PL_CHECK(text != NULL);
    if (text == NULL) {
        fprintf(stderr, "  cannot read %s\n", path);
        return 0;
    }
    int n = 0;
    char *save = NULL;
    for (char *line = strtok_r(text, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
        char file[256], fileid[128], def[128];
        char *hash = strchr(line, '#');
        if (hash != NULL)
            *hash = '\0';
        int got = sscanf(line, "%255s %127s %127s", file, fileid, def);
        if (got <= 0)
            continue;
        PL_CHECK_INT(got, ==, 3);
        if (got != 3)
            continue;
        int before = pl_test__failed_checks;
        PL_CHECK(check_example(dir, file, fileid, def));
        if (pl_test__failed_checks != before)
            fprintf(stderr, "  (%s/MANIFEST: %s %s %s)\n", dir, file, fileid, def);
        n++;
    }
    pl_free(text);
    printf("# checked %d examples of %s/MANIFEST\n", n, dir);
    return n;
}

PL_TEST(test_schema_examples)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/tests/unit/msg/examples", source_dir());
    PL_CHECK_INT(run_manifest(dir), >=, 10);
}

PL_TEST(seed_examples)
{
    char dir[1024];
    snprintf(dir, sizeof(dir), "%s/tests/data/seed_examples", source_dir());
    PL_CHECK_INT(run_manifest(dir), >=, 1);
}

PL_TEST_MAIN(PL_TEST_ENTRY(test_schema_examples), PL_TEST_ENTRY(seed_examples))
