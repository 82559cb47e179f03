/*
 * parley/error.h - the error codes every Parley module returns.
 *
 * Functions return 0 (PL_OK) on success or one of the negative codes below.
 * Codes at or below PL_ERR_FATAL mean the object that returned it is
 * unusable and may only be freed.
 */
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pl_err {
    PL_OK = 0,
    PL_ERR_INVALID_ARGUMENT = -1, /* a caller broke a documented precondition */
    PL_ERR_NOMEM = -2,            /* an allocation failed (try_ APIs only) */
    PL_ERR_PARSE = -3,            /* input is not well-formed */
    PL_ERR_SCHEMA = -4,           /* well-formed input that breaks its schema */
    PL_ERR_FSM_TRANSITION = -5,   /* the event is not valid in the current state */
    PL_ERR_TOO_LARGE = -6,        /* input or output passes a configured limit */
    PL_ERR_UNSUPPORTED = -7,      /* valid but not supported (version, method) */
    PL_ERR_NOT_FOUND = -8,        /* no such object */
    PL_ERR_INCOMPLETE = -9,       /* more input is needed */
    PL_ERR_PROTOCOL = -10,        /* the peer broke the protocol */
    PL_ERR_UTF8 = -11,            /* text is not valid UTF-8 */
    PL_ERR_LIMIT = -12,           /* a rate or count limit was hit */
    PL_ERR_IO = -13,              /* a system call failed (see errno) */
    PL_ERR_CALLBACK_FAILURE = -14,/* a user callback asked to stop */
    PL_ERR_STORE = -15,           /* the persistent store failed */
    PL_ERR_BUSY = -16,            /* try again later */
    PL_ERR_CLOSED = -17,          /* the peer or object is closed */
    PL_ERR_TIMEOUT = -18,         /* a deadline passed */
    PL_ERR_EXISTS = -19,          /* the object already exists */
    PL_ERR_FORBIDDEN = -20,       /* the caller may not do that */

    PL_ERR_FATAL = -900,          /* codes below: the object may only be freed */
    PL_ERR_INTERNAL = -901,       /* an invariant broke: a bug */
} pl_err_t;

/** Returns a static, human-readable text for an error code (never NULL). */
const char *pl_strerror(int err);

#ifdef __cplusplus
}
#endif
#endif
