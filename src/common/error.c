/*
 * error.c - texts for the pl_err codes.
 */
#include "parley/error.h"

const char *pl_strerror(int err)
{
    switch ((pl_err_t)err) {
    case PL_OK: return "success";
    case PL_ERR_INVALID_ARGUMENT: return "invalid argument";
    case PL_ERR_NOMEM: return "out of memory";
    case PL_ERR_PARSE: return "malformed input";
    case PL_ERR_SCHEMA: return "input does not match its schema";
    case PL_ERR_FSM_TRANSITION: return "invalid state transition";
    case PL_ERR_TOO_LARGE: return "too large";
    case PL_ERR_UNSUPPORTED: return "unsupported";
    case PL_ERR_NOT_FOUND: return "not found";
    case PL_ERR_INCOMPLETE: return "incomplete input";
    case PL_ERR_PROTOCOL: return "protocol error";
    case PL_ERR_UTF8: return "invalid UTF-8";
    case PL_ERR_LIMIT: return "limit reached";
    case PL_ERR_IO: return "I/O error";
    case PL_ERR_CALLBACK_FAILURE: return "callback failure";
    case PL_ERR_STORE: return "store failure";
    case PL_ERR_BUSY: return "busy";
    case PL_ERR_CLOSED: return "closed";
    case PL_ERR_TIMEOUT: return "timed out";
    case PL_ERR_EXISTS: return "already exists";
    case PL_ERR_FORBIDDEN: return "forbidden";
    case PL_ERR_FATAL: return "fatal error";
    case PL_ERR_INTERNAL: return "internal error";
    }
    return "unknown error";
}
