/*
 * test_store_crash.c - acknowledged writes survive a crash.
 *
 * Each round forks a child that opens the store (recovering whatever the
 * previous child left), inserts a conversation and then keeps writing
 * messages, reporting each acknowledged write (its callback ran with 0)
 * down a pipe. The parent SIGKILLs the child after a random delay, then
 * opens the database itself and checks that every reported write is
 * there. Set PARLEY_TEST_SEED to replay a run.
 */
#include "pl_test.h"
#include "store_test_util.h"

#include "parley/error.h"
#include "parley/mem.h"
#include "parley/store.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#define ROUNDS 20
#define IN_FLIGHT 64           /* writes the child keeps queued */
#define MAX_DELAY_MS 400       /* longest life of a child */
#define MAX_ACKS 400000        /* acknowledgements a round can report */

/* ---------------------------------------------------------------------- */
/* Child                                                                  */

typedef struct child {
    pl_store_t *st;
    int fd;
    int round;
    int next; /* next message number to queue */
} child_t;

static child_t child;

static void report(const char *line)
{
    size_t len = strlen(line);
    if (write(child.fd, line, len) != (ssize_t)len)
        _exit(4); /* the parent went away */
}

static void queue_next(void);

/* A message is durable: tell the parent its number, keep the queue full. */
static void on_msg_done(int rv, void *ud)
{
    if (rv != 0) {
        report("E\n");
        _exit(3);
    }
    char line[32];
    snprintf(line, sizeof(line), "M %d\n", (int)(intptr_t)ud);
    report(line);
    queue_next();
}

static void queue_next(void)
{
    char conv_id[32], id[32];
    snprintf(conv_id, sizeof(conv_id), "c%d", child.round);
    snprintf(id, sizeof(id), "m%d", child.next);
    pl_store_msg_t m = {0};
    m.conversation_id = conv_id;
    m.id = id;
    m.role = (char *)"user";
    m.content = (char *)"a message long enough to fill a few pages of the write-ahead log";
    m.status = (char *)"complete";
    m.seq = child.next + 1;
    m.created_ms = child.next;
    if (pl_store_msg_put(child.st, &m, on_msg_done, (void *)(intptr_t)child.next) != 0) {
        report("E\n");
        _exit(3);
    }
    child.next++;
}

static void on_conv_done(int rv, void *ud)
{
    (void)ud;
    if (rv != 0) {
        report("E\n");
        _exit(3);
    }
    report("C\n");
}

static void run_child(const char *path, int round, int fd)
{
    child.fd = fd;
    child.round = round;
    struct event_base *base = event_base_new();
    pl_store_config_t cfg;
    pl_store_config_init(&cfg);
    cfg.path = path;
    if (base == NULL || pl_store_open(&child.st, base, &cfg) != 0) {
        report("E\n");
        _exit(3);
    }
    char conv_id[32];
    snprintf(conv_id, sizeof(conv_id), "c%d", round);
    pl_store_conv_t c = {0};
    c.id = conv_id;
    c.user_id = (char *)"crash";
    c.status = (char *)"active";
    c.dialect = (char *)"tutor";
    c.state = (char *)"IDLE";
    c.created_ms = c.updated_ms = round;
    if (pl_store_conv_insert(child.st, &c, on_conv_done, NULL) != 0)
        _exit(3);
    /* writes run in queue order, so the messages may follow their conversation at once */
    for (int i = 0; i < IN_FLIGHT; i++)
        queue_next();
    event_base_dispatch(base);
    _exit(5); /* the loop never runs dry: the store's eventfd stays watched */
}

/* ---------------------------------------------------------------------- */
/* Parent                                                                 */

typedef struct round_log {
    char buf[64];
    size_t len;
    int conv_acked;
    int errors;
    int nacks;
    int *acks; /* message numbers, in acknowledgement order */
} round_log_t;

/* Parses whole lines out of log->buf. */
static void parse_lines(round_log_t *log)
{
    char *start = log->buf, *nl;
    while ((nl = memchr(start, '\n', log->len - (size_t)(start - log->buf))) != NULL) {
        *nl = '\0';
        if (strcmp(start, "C") == 0)
            log->conv_acked = 1;
        else if (start[0] == 'M' && log->nacks < MAX_ACKS)
            log->acks[log->nacks++] = atoi(start + 2);
        else
            log->errors++;
        start = nl + 1;
    }
    log->len -= (size_t)(start - log->buf);
    memmove(log->buf, start, log->len);
}

/* Reads what the child reported until the deadline (or EOF when deadline < 0). */
static void drain(int fd, round_log_t *log, double deadline)
{
    for (;;) {
        int timeout = -1;
        if (deadline >= 0) {
            double left = deadline - tnow();
            if (left <= 0)
                return;
            timeout = (int)(left * 1000) + 1;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, timeout);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return;
        ssize_t n = read(fd, log->buf + log->len, sizeof(log->buf) - log->len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return; /* EOF: the child is gone */
        log->len += (size_t)n;
        parse_lines(log);
    }
}

typedef struct present {
    unsigned char *seen;
    int max;
} present_t;

static int on_present(const pl_store_msg_t *m, void *ud)
{
    present_t *p = ud;
    int n = atoi(m->id + 1);
    if (n >= 0 && n < p->max)
        p->seen[n] = 1;
    return 0;
}

PL_TEST(acknowledged_writes_survive_sigkill)
{
    char dir[64], path[128];
    PL_CHECK_INT(tdir_make(dir), ==, 0);
    snprintf(path, sizeof(path), "%s/data/parley.db", dir);
    const char *env = getenv("PARLEY_TEST_SEED");
    unsigned seed = env != NULL ? (unsigned)strtoul(env, NULL, 10)
                                : (unsigned)time(NULL) ^ (unsigned)getpid();
    printf("  seed %u (PARLEY_TEST_SEED replays it)\n", seed);
    srand(seed);
    signal(SIGPIPE, SIG_IGN);

    round_log_t log;
    log.acks = pl_malloc(sizeof(int) * MAX_ACKS);
    int total_acked = 0, rounds_with_acks = 0;
    for (int round = 0; round < ROUNDS; round++) {
        int fds[2];
        PL_CHECK_INT(pipe(fds), ==, 0);
        fflush(stdout);
        fflush(stderr);
        pid_t pid = fork();
        PL_CHECK(pid >= 0);
        if (pid < 0)
            break;
        if (pid == 0) {
            close(fds[0]);
            run_child(path, round, fds[1]);
        }
        close(fds[1]);
        log.len = 0;
        log.conv_acked = log.errors = log.nacks = 0;
        int delay_ms = rand() % (MAX_DELAY_MS + 1);
        drain(fds[0], &log, tnow() + delay_ms / 1000.0);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        drain(fds[0], &log, -1); /* what was written before the kill */
        close(fds[0]);
        PL_CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
        PL_CHECK_INT(log.errors, ==, 0);

        /* every acknowledged write is on disk */
        struct event_base *base = event_base_new();
        pl_store_config_t cfg;
        pl_store_config_init(&cfg);
        cfg.path = path;
        pl_store_t *st = NULL;
        PL_CHECK_INT(pl_store_open(&st, base, &cfg), ==, 0);
        int missing = 0, present_total = 0;
        if (st != NULL) {
            char conv_id[32];
            snprintf(conv_id, sizeof(conv_id), "c%d", round);
            pl_store_conv_t c;
            int crv = pl_store_conv_get(st, conv_id, &c);
            if (log.conv_acked || log.nacks > 0)
                PL_CHECK_INT(crv, ==, 0);
            pl_store_conv_clear(&c);
            present_t p = {pl_calloc(MAX_ACKS, 1), MAX_ACKS};
            present_total = pl_store_msg_list(st, conv_id, -1, 0, 0, on_present, &p);
            PL_CHECK_INT(present_total, >=, log.nacks);
            for (int i = 0; i < log.nacks; i++)
                missing += !p.seen[log.acks[i]];
            pl_free(p.seen);
            pl_store_close(st);
        }
        event_base_free(base);
        /* acknowledgements come in queue order: the k-th is message k */
        for (int i = 0; i < log.nacks; i++)
            if (log.acks[i] != i) {
                PL_CHECK_INT(log.acks[i], ==, i);
                break;
            }
        printf("  round %2d: killed after %3d ms, %5d acknowledged, %5d on disk, %d missing\n",
               round, delay_ms, log.nacks, present_total, missing);
        PL_CHECK_INT(missing, ==, 0);
        total_acked += log.nacks;
        rounds_with_acks += log.nacks > 0;
    }
    pl_free(log.acks);
    /* the test proved something only if children got writes acknowledged */
    PL_CHECK_INT(total_acked, >, 0);
    PL_CHECK_INT(rounds_with_acks, >=, ROUNDS / 4);
    tdir_remove(dir);
}

PL_TEST_MAIN(PL_TEST_ENTRY(acknowledged_writes_survive_sigkill))
