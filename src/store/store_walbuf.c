/*
 * store_walbuf.c - a SQLite VFS shim that gathers the writer's WAL appends.
 *
 * A commit appends each dirty page to the WAL as a frame, and SQLite writes
 * a frame with two pwrite calls (its 24-byte header, then the page): a
 * commit of a few hundred pages is several hundred system calls, each
 * dirtying the same kernel pages again, which measured as the largest
 * single cost of the store worker. This shim keeps contiguous writes to
 * the WAL in a buffer and writes them with one call before anything that
 * could need them in the file: a sync, a read, a size query, a truncate,
 * a memory map, a close, or a write that does not follow on.
 *
 * It is installed for the writer connection only, and only when every
 * commit syncs the WAL (synchronous=FULL): SQLite makes a commit visible
 * to readers (in the shared wal-index) only after that sync, by which time
 * the frames are in the file. With synchronous=NORMAL there is no sync at
 * commit and readers could look for frames still in the buffer, so the
 * plain VFS is used there. Nothing is acknowledged before the sync, so a
 * crash loses nothing that was durable before.
 *
 * Every other file (the database, the journal of a migration, the wal-index
 * memory) and every other VFS method goes straight to the default VFS.
 */
#include "store_int.h"

#include "parley/log.h"
#include "parley/mem.h"

#include <pthread.h>
#include <sqlite3.h>
#include <string.h>

/* Most bytes held before they are written anyway. */
#define WALBUF_CAP (8u << 20)
/* Most bytes handed to the default VFS in one write: its unix write keeps
 * only the low 17 bits of a length (a write of exactly 128 KiB writes
 * nothing and reports a full disk). */
#define WALBUF_CHUNK (31u * 4096)

typedef struct walbuf_file {
    sqlite3_file base;    /* pMethods: walbuf_io */
    sqlite3_file *real;   /* the default VFS's file, right after this struct */
    int is_wal;
    char *buf;            /* pending bytes for offsets off .. off+len */
    size_t len, cap;
    sqlite3_int64 off;
} walbuf_file_t;

static sqlite3_vfs *real_vfs;

/* Writes what is pending. Returns SQLITE_OK or the write's error (the bytes are dropped). */
static int flush(walbuf_file_t *f)
{
    int rc = SQLITE_OK;
    for (size_t done = 0; done < f->len && rc == SQLITE_OK;) {
        size_t n = f->len - done < WALBUF_CHUNK ? f->len - done : WALBUF_CHUNK;
        rc = f->real->pMethods->xWrite(f->real, f->buf + done, (int)n,
                                       f->off + (sqlite3_int64)done);
        done += n;
    }
    f->len = 0;
    return rc;
}

static int wb_close(sqlite3_file *file)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    int rc2 = f->real->pMethods->xClose(f->real);
    pl_free(f->buf);
    f->buf = NULL;
    f->cap = 0;
    return rc != SQLITE_OK ? rc : rc2;
}

static int wb_read(sqlite3_file *file, void *p, int amt, sqlite3_int64 off)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xRead(f->real, p, amt, off);
}

static int wb_write(sqlite3_file *file, const void *p, int amt, sqlite3_int64 off)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    if (!f->is_wal || amt <= 0)
        return f->real->pMethods->xWrite(f->real, p, amt, off);
    size_t n = (size_t)amt;
    if (f->len > 0 && (off != f->off + (sqlite3_int64)f->len || f->len + n > WALBUF_CAP)) {
        int rc = flush(f);
        if (rc != SQLITE_OK)
            return rc;
    }
    if (n > WALBUF_CHUNK)
        return f->real->pMethods->xWrite(f->real, p, amt, off); /* SQLite's own, unchanged */
    if (f->len == 0)
        f->off = off;
    if (f->len + n > f->cap) {
        size_t cap = f->cap > 0 ? f->cap : 64 * 1024;
        while (cap < f->len + n)
            cap *= 2;
        f->buf = pl_realloc(f->buf, cap);
        f->cap = cap;
    }
    memcpy(f->buf + f->len, p, n);
    f->len += n;
    return SQLITE_OK;
}

static int wb_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xTruncate(f->real, size);
}

static int wb_sync(sqlite3_file *file, int flags)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xSync(f->real, flags);
}

static int wb_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileSize(f->real, size);
}

static int wb_lock(sqlite3_file *file, int lock)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xLock(f->real, lock);
}

static int wb_unlock(sqlite3_file *file, int lock)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xUnlock(f->real, lock);
}

static int wb_check_reserved(sqlite3_file *file, int *out)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int wb_file_control(sqlite3_file *file, int op, void *arg)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFileControl(f->real, op, arg);
}

static int wb_sector_size(sqlite3_file *file)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xSectorSize(f->real);
}

static int wb_device_characteristics(sqlite3_file *file)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int wb_shm_map(sqlite3_file *file, int pg, int pgsz, int extend, void volatile **pp)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xShmMap(f->real, pg, pgsz, extend, pp);
}

static int wb_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void wb_shm_barrier(sqlite3_file *file)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    f->real->pMethods->xShmBarrier(f->real);
}

static int wb_shm_unmap(sqlite3_file *file, int delete_flag)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int wb_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **pp)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    int rc = flush(f);
    return rc != SQLITE_OK ? rc : f->real->pMethods->xFetch(f->real, off, amt, pp);
}

static int wb_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
    walbuf_file_t *f = (walbuf_file_t *)file;
    return f->real->pMethods->xUnfetch(f->real, off, p);
}

static const sqlite3_io_methods walbuf_io = {
    3,
    wb_close,
    wb_read,
    wb_write,
    wb_truncate,
    wb_sync,
    wb_file_size,
    wb_lock,
    wb_unlock,
    wb_check_reserved,
    wb_file_control,
    wb_sector_size,
    wb_device_characteristics,
    wb_shm_map,
    wb_shm_lock,
    wb_shm_barrier,
    wb_shm_unmap,
    wb_fetch,
    wb_unfetch,
};

static int wb_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags,
                   int *out_flags)
{
    (void)vfs;
    walbuf_file_t *f = (walbuf_file_t *)file;
    memset(f, 0, sizeof(*f));
    f->real = (sqlite3_file *)(f + 1);
    f->is_wal = (flags & SQLITE_OPEN_WAL) != 0;
    int rc = real_vfs->xOpen(real_vfs, name, f->real, flags, out_flags);
    if (f->real->pMethods == NULL) {
        f->base.pMethods = NULL; /* nothing to close */
        return rc != SQLITE_OK ? rc : SQLITE_CANTOPEN;
    }
    if (f->real->pMethods->iVersion < 3) {
        /* an older default VFS: our methods would call ones it lacks */
        f->real->pMethods->xClose(f->real);
        f->base.pMethods = NULL;
        return SQLITE_CANTOPEN;
    }
    f->base.pMethods = &walbuf_io; /* even on failure: SQLite then closes the file */
    return rc;
}

static int wb_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    (void)vfs;
    return real_vfs->xDelete(real_vfs, name, sync_dir);
}

static int wb_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    (void)vfs;
    return real_vfs->xAccess(real_vfs, name, flags, out);
}

static int wb_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    (void)vfs;
    return real_vfs->xFullPathname(real_vfs, name, n, out);
}

static void *wb_dlopen(sqlite3_vfs *vfs, const char *name)
{
    (void)vfs;
    return real_vfs->xDlOpen(real_vfs, name);
}

static void wb_dlerror(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    real_vfs->xDlError(real_vfs, n, out);
}

static void (*wb_dlsym(sqlite3_vfs *vfs, void *h, const char *sym))(void)
{
    (void)vfs;
    return real_vfs->xDlSym(real_vfs, h, sym);
}

static void wb_dlclose(sqlite3_vfs *vfs, void *h)
{
    (void)vfs;
    real_vfs->xDlClose(real_vfs, h);
}

static int wb_randomness(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xRandomness(real_vfs, n, out);
}

static int wb_sleep(sqlite3_vfs *vfs, int us)
{
    (void)vfs;
    return real_vfs->xSleep(real_vfs, us);
}

static int wb_current_time(sqlite3_vfs *vfs, double *out)
{
    (void)vfs;
    return real_vfs->xCurrentTime(real_vfs, out);
}

static int wb_last_error(sqlite3_vfs *vfs, int n, char *out)
{
    (void)vfs;
    return real_vfs->xGetLastError != NULL ? real_vfs->xGetLastError(real_vfs, n, out) : 0;
}

static int wb_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    (void)vfs;
    if (real_vfs->iVersion >= 2 && real_vfs->xCurrentTimeInt64 != NULL)
        return real_vfs->xCurrentTimeInt64(real_vfs, out);
    double d;
    int rc = real_vfs->xCurrentTime(real_vfs, &d);
    *out = (sqlite3_int64)(d * 86400000.0);
    return rc;
}

static sqlite3_vfs walbuf_vfs = {
    .iVersion = 2,
    .mxPathname = 0, /* from the default VFS at registration */
    .zName = STORE_WALBUF_VFS,
    .xOpen = wb_open,
    .xDelete = wb_delete,
    .xAccess = wb_access,
    .xFullPathname = wb_full_pathname,
    .xDlOpen = wb_dlopen,
    .xDlError = wb_dlerror,
    .xDlSym = wb_dlsym,
    .xDlClose = wb_dlclose,
    .xRandomness = wb_randomness,
    .xSleep = wb_sleep,
    .xCurrentTime = wb_current_time,
    .xGetLastError = wb_last_error,
    .xCurrentTimeInt64 = wb_current_time64,
};

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int registered;

static void do_register(void)
{
    real_vfs = sqlite3_vfs_find(NULL);
    if (real_vfs == NULL) {
        pl_log_warn("store", "no default SQLite VFS: WAL writes go unbatched");
        return;
    }
    walbuf_vfs.szOsFile = (int)sizeof(walbuf_file_t) + real_vfs->szOsFile;
    walbuf_vfs.mxPathname = real_vfs->mxPathname;
    if (sqlite3_vfs_register(&walbuf_vfs, 0) != SQLITE_OK) {
        pl_log_warn("store", "cannot register the WAL batching VFS: WAL writes go unbatched");
        return;
    }
    registered = 1;
}

const char *store_walbuf_vfs(void)
{
    pthread_once(&once, do_register);
    return registered ? STORE_WALBUF_VFS : NULL;
}
