/*
 * sse.rl - the Server-Sent Events (text/event-stream) push parser: the
 * WHATWG HTML "Server-sent events" grammar as a Ragel state chart, and the
 * processing rules of its "interpreting an event stream" section.
 *
 * gen/fsm/sse.c is generated from this file by `make regen`
 * (tools/regen.py), which runs from the repository root
 *     ragel -G2 -o gen/fsm/sse.c.tmp fsm/sse.rl
 * and renames the output; `make regen-check` fails when it is stale. Edit
 * this file, never the generated one.
 *
 * The spec's grammar (ABNF):
 *     stream        = [ bom ] *event
 *     event         = *( comment / field ) end-of-line
 *     comment       = colon *any-char end-of-line
 *     field         = 1*name-char [ colon [ space ] *any-char ] end-of-line
 *     end-of-line   = ( cr lf / cr / lf )
 * The chart below has one state per position in a line:
 *
 *     start ─EF─► bom1 ─BB─► bom2 ─BF─► line        (anything else: the bytes
 *       │                                             seen start a field name)
 *       └──────────────────────────────► line
 *     line ── CR|LF: dispatch ──► line            (after CR: an LF is skipped)
 *          ── ':' ──► comment ── CR|LF ──► line
 *          ── name byte ──► name ── ':' ──► value_start ── ' ' ──► value
 *                            │                   └── other byte ──► value
 *                            └── CR|LF: field with an empty value ──► line
 *     value ── CR|LF: the field is processed ──► line
 *
 * Actions do no parsing of their own: they call the small functions below.
 * Runs of name, value and comment bytes are consumed in C (run_name(),
 * run_value(), run_comment(): the machine would loop in one state over them
 * anyway) and jumped over with fexec. A value goes straight to where it
 * belongs (the data buffer for `data`, a scratch buffer for `event`, `id`
 * and `retry`, nowhere for other fields), so a line is never copied twice.
 * An error (a limit, the callback asking to stop, no memory) is recorded in
 * sp->err and breaks out of the machine; the driver then moves it to its
 * error state. Limits count bytes of the stream, so errors depend only on
 * the bytes, never on how they were split across calls.
 */
#include "parley/sse.h"
#include "parley/error.h"
#include "parley/mem.h"

#include <string.h>

enum field { F_OTHER = 0, F_DATA, F_EVENT, F_ID, F_RETRY };

struct pl_sse_parser {
    int cs;
    int err;               /* the error that stopped the parser, or 0 */
    pl_sse_limits_t limits;
    pl_sse_event_fn on_event;
    void *ud;
    int open;              /* a line (or a byte order mark) has started */
    size_t line_len;       /* bytes of the current line so far */
    enum field field;      /* the field of the current line */
    char name[5];          /* the first bytes of the field name */
    size_t name_len;       /* the whole name's length */
    pl_buf_t data;         /* the data buffer: values, each followed by "\n" */
    pl_buf_t type;         /* the event type buffer */
    pl_buf_t id;           /* the last event id buffer (kept across events) */
    pl_buf_t value;        /* the value of an event, id or retry line */
    int64_t retry;         /* the last valid retry, or -1 */
};

static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};

static int fail(pl_sse_parser_t *sp, int err)
{
    sp->err = err;
    return err;
}

/* Counts n more bytes of the current line against max_line. */
static int count(pl_sse_parser_t *sp, size_t n)
{
    if (n > sp->limits.max_line - sp->line_len)
        return fail(sp, PL_ERR_TOO_LARGE);
    sp->line_len += n;
    return 0;
}

static void line_start(pl_sse_parser_t *sp)
{
    sp->open = 1;
    sp->line_len = 0;
    sp->name_len = 0;
    sp->field = F_OTHER;
}

static void line_end(pl_sse_parser_t *sp)
{
    sp->open = 0;
    sp->line_len = 0;
}

/*
 * Bytes up to the next CR or LF (or, with stop_colon, ':'), from p. Values
 * (the JSON of a data line, mostly) are long: they are searched with memchr
 * for an LF, then for a CR before it, a window at a time, so the work stays
 * proportional to the bytes passed over whatever the line endings.
 */
#define SCAN_WINDOW 256

static const unsigned char *scan(const unsigned char *p, const unsigned char *pe, int stop_colon)
{
    if (stop_colon) {
        while (p < pe && *p != '\r' && *p != '\n' && *p != ':')
            p++;
        return p;
    }
    while (p < pe) {
        size_t n = (size_t)(pe - p) < SCAN_WINDOW ? (size_t)(pe - p) : SCAN_WINDOW;
        const unsigned char *lf = memchr(p, '\n', n);
        const unsigned char *end = lf != NULL ? lf : p + n;
        const unsigned char *cr = memchr(p, '\r', (size_t)(end - p));
        if (cr != NULL)
            return cr;
        if (lf != NULL)
            return lf;
        p += n;
    }
    return pe;
}

/* A run of field-name bytes from p; returns where it stops, NULL on error. */
static const unsigned char *run_name(pl_sse_parser_t *sp, const unsigned char *p,
                                     const unsigned char *pe)
{
    const unsigned char *q = scan(p, pe, 1);
    size_t n = (size_t)(q - p);
    if (count(sp, n) != 0)
        return NULL;
    for (size_t i = 0; i < n && sp->name_len + i < sizeof(sp->name); i++)
        sp->name[sp->name_len + i] = (char)p[i];
    sp->name_len += n;
    return q;
}

/* The name is complete: which field is it? */
static void classify(pl_sse_parser_t *sp)
{
    const char *s = sp->name;
    size_t n = sp->name_len;
    if (n == 4 && memcmp(s, "data", 4) == 0)
        sp->field = F_DATA;
    else if (n == 5 && memcmp(s, "event", 5) == 0)
        sp->field = F_EVENT;
    else if (n == 2 && memcmp(s, "id", 2) == 0)
        sp->field = F_ID;
    else if (n == 5 && memcmp(s, "retry", 5) == 0)
        sp->field = F_RETRY;
    else
        sp->field = F_OTHER;
    pl_buf_reset(&sp->value);
}

/* Appends to the data buffer within max_event (data and type together). */
static int data_append(pl_sse_parser_t *sp, const void *p, size_t n)
{
    size_t used = sp->data.len + sp->type.len;
    if (n > sp->limits.max_event - used)
        return fail(sp, PL_ERR_TOO_LARGE);
    int rv = pl_buf_append(&sp->data, p, n);
    return rv != 0 ? fail(sp, rv) : 0;
}

/* A run of value bytes from p; returns where it stops, NULL on error. */
static const unsigned char *run_value(pl_sse_parser_t *sp, const unsigned char *p,
                                      const unsigned char *pe)
{
    const unsigned char *q = scan(p, pe, 0);
    size_t n = (size_t)(q - p);
    if (count(sp, n) != 0)
        return NULL;
    switch (sp->field) {
    case F_DATA:
        if (data_append(sp, p, n) != 0)
            return NULL;
        break;
    case F_EVENT:
    case F_ID:
    case F_RETRY: {
        int rv = pl_buf_append(&sp->value, p, n);
        if (rv != 0) {
            fail(sp, rv);
            return NULL;
        }
        break;
    }
    case F_OTHER:
        break;
    }
    return q;
}

/* A run of comment bytes from p; returns where it stops, NULL on error. */
static const unsigned char *run_comment(pl_sse_parser_t *sp, const unsigned char *p,
                                        const unsigned char *pe)
{
    const unsigned char *q = scan(p, pe, 0);
    return count(sp, (size_t)(q - p)) != 0 ? NULL : q;
}

static int set_buf(pl_sse_parser_t *sp, pl_buf_t *b, const char *s, size_t n)
{
    pl_buf_reset(b);
    int rv = pl_buf_append(b, s != NULL ? s : "", n);
    return rv != 0 ? fail(sp, rv) : 0;
}

/* The field line ended: the spec's "process the field". */
static int field_end(pl_sse_parser_t *sp)
{
    const char *v = sp->value.data;
    size_t n = sp->value.len;
    int rv = 0;
    switch (sp->field) {
    case F_DATA:
        rv = data_append(sp, "\n", 1);
        break;
    case F_EVENT:
        if (n > sp->limits.max_event - sp->data.len)
            rv = fail(sp, PL_ERR_TOO_LARGE);
        else
            rv = set_buf(sp, &sp->type, v, n);
        break;
    case F_ID:
        if (n == 0 || memchr(v, '\0', n) == NULL)
            rv = set_buf(sp, &sp->id, v, n);
        break;
    case F_RETRY: {
        int64_t r = 0;
        size_t i;
        for (i = 0; i < n && v[i] >= '0' && v[i] <= '9'; i++) {
            if (r <= (INT64_MAX - 9) / 10)
                r = r * 10 + (v[i] - '0');
            else
                r = INT64_MAX; /* saturates */
        }
        if (n > 0 && i == n)
            sp->retry = r;
        break;
    }
    case F_OTHER:
        break;
    }
    line_end(sp);
    return rv;
}

/* A line with no colon: the whole line is the name, the value is empty. */
static int field_no_colon(pl_sse_parser_t *sp)
{
    classify(sp);
    return field_end(sp);
}

/* A blank line: the spec's "dispatch the event". */
static int dispatch(pl_sse_parser_t *sp)
{
    line_end(sp);
    if (sp->data.len == 0) {
        pl_buf_reset(&sp->type);
        return 0;
    }
    sp->data.len--; /* the last "\n" */
    sp->data.data[sp->data.len] = '\0';
    pl_sse_event_t ev;
    if (sp->type.len > 0) {
        ev.type = sp->type.data;
        ev.type_len = sp->type.len;
    } else {
        ev.type = "message";
        ev.type_len = 7;
    }
    ev.data = sp->data.data;
    ev.data_len = sp->data.len;
    ev.id = sp->id.data != NULL ? sp->id.data : "";
    ev.id_len = sp->id.len;
    int rv = sp->on_event(sp->ud, &ev);
    pl_buf_reset(&sp->data);
    pl_buf_reset(&sp->type);
    return rv != 0 ? fail(sp, PL_ERR_CALLBACK_FAILURE) : 0;
}

/*
 * The stream began with k bytes of a byte order mark and then something
 * else: those bytes were the start of a field name after all.
 */
static int bom_undo(pl_sse_parser_t *sp, size_t k)
{
    line_start(sp);
    return run_name(sp, bom, bom + k) == NULL ? sp->err : 0;
}

%%{
  machine sse;
  alphtype unsigned char;
  access sp->;

  cr = 13;
  lf = 10;
  text = any - cr - lf;

  action hold { fhold; }
  action bom_begin { sp->open = 1; }
  action bom_done { sp->open = 0; }
  action bom_undo_1 { if (bom_undo(sp, 1) != 0) fbreak; fhold; }
  action bom_undo_2 { if (bom_undo(sp, 2) != 0) fbreak; fhold; }

  action blank { if (dispatch(sp) != 0) fbreak; }

  action comment_begin { line_start(sp); if (count(sp, 1) != 0) fbreak; }
  action comment_run {
    q = run_comment(sp, fpc, pe);
    if (q == NULL) fbreak;
    fexec q;
  }
  action comment_end { line_end(sp); }

  action name_begin { line_start(sp); }
  action name_run {
    q = run_name(sp, fpc, pe);
    if (q == NULL) fbreak;
    fexec q;
  }
  action no_colon { if (field_no_colon(sp) != 0) fbreak; }
  action colon { classify(sp); if (count(sp, 1) != 0) fbreak; }
  action space { if (count(sp, 1) != 0) fbreak; }
  action value_run {
    q = run_value(sp, fpc, pe);
    if (q == NULL) fbreak;
    fexec q;
  }
  action field_end { if (field_end(sp) != 0) fbreak; }

  main := (
    start: (
        0xEF @bom_begin -> bom1
      | (any - 0xEF) @hold -> line
    ),
    bom1: (
        0xBB -> bom2
      | (any - 0xBB) @bom_undo_1 -> name
    ),
    bom2: (
        0xBF @bom_done -> line
      | (any - 0xBF) @bom_undo_2 -> name
    ),
    line: (
        cr @blank -> after_cr
      | lf @blank -> line
      | ':' @comment_begin -> comment
      | (text - ':') @name_begin @name_run -> name
    ),
    name: (
        cr @no_colon -> after_cr
      | lf @no_colon -> line
      | ':' @colon -> value_start
      | (text - ':') @name_run -> name
    ),
    value_start: (
        cr @field_end -> after_cr
      | lf @field_end -> line
      | ' ' @space -> value
      | (text - ' ') @value_run -> value
    ),
    value: (
        cr @field_end -> after_cr
      | lf @field_end -> line
      | text @value_run -> value
    ),
    comment: (
        cr @comment_end -> after_cr
      | lf @comment_end -> line
      | text @comment_run -> comment
    ),
    after_cr: (
        lf -> line
      | (any - lf) @hold -> line
    )
  );
}%%

%% write data noerror nofinal;

/* The machine has no error state of its own (every byte is valid): this is it. */
#define SSE_STOPPED (-1)

void pl_sse_limits_default(pl_sse_limits_t *l)
{
    l->max_line = PL_SSE_DEFAULT_MAX_LINE;
    l->max_event = PL_SSE_DEFAULT_MAX_EVENT;
}

int pl_sse_parser_new(pl_sse_parser_t **out, const pl_sse_limits_t *limits,
                      pl_sse_event_fn on_event, void *ud)
{
    if (out == NULL || on_event == NULL)
        return PL_ERR_INVALID_ARGUMENT;
    pl_sse_parser_t *sp = pl_try_calloc(1, sizeof(*sp));
    if (sp == NULL)
        return PL_ERR_NOMEM;
    pl_sse_limits_default(&sp->limits);
    if (limits != NULL) {
        if (limits->max_line != 0)
            sp->limits.max_line = limits->max_line;
        if (limits->max_event != 0)
            sp->limits.max_event = limits->max_event;
    }
    sp->on_event = on_event;
    sp->ud = ud;
    pl_sse_parser_reset(sp);
    *out = sp;
    return 0;
}

void pl_sse_parser_reset(pl_sse_parser_t *sp)
{
    sp->cs = sse_start;
    sp->err = 0;
    sp->open = 0;
    sp->line_len = 0;
    sp->name_len = 0;
    sp->field = F_OTHER;
    sp->retry = -1;
    pl_buf_reset(&sp->data);
    pl_buf_reset(&sp->type);
    pl_buf_reset(&sp->id);
    pl_buf_reset(&sp->value);
}

void pl_sse_parser_free(pl_sse_parser_t *sp)
{
    if (sp == NULL)
        return;
    pl_buf_free(&sp->data);
    pl_buf_free(&sp->type);
    pl_buf_free(&sp->id);
    pl_buf_free(&sp->value);
    pl_free(sp);
}

int pl_sse_parser_feed(pl_sse_parser_t *sp, const void *bytes, size_t n)
{
    if (sp->err != 0)
        return sp->err;
    if (n == 0)
        return 0;
    const unsigned char *p = bytes;
    const unsigned char *pe = p + n;
    const unsigned char *q;

    %% write exec;

    (void)sse_en_main;
    if (sp->err != 0) {
        sp->cs = SSE_STOPPED;
        return sp->err;
    }
    return 0;
}

int pl_sse_parser_finish(const pl_sse_parser_t *sp)
{
    if (sp->err != 0)
        return sp->err;
    return (sp->open || sp->data.len > 0) ? PL_ERR_INCOMPLETE : 0;
}

int64_t pl_sse_parser_retry(const pl_sse_parser_t *sp)
{
    return sp->retry;
}

const char *pl_sse_parser_last_id(const pl_sse_parser_t *sp)
{
    return sp->id.data != NULL ? sp->id.data : "";
}
