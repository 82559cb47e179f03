/*
 * parley/docs.h - users' study documents: text extraction (plain text,
 * Markdown, PDF through poppler), the multipart/form-data parser browsers
 * upload with, and the documents REST API over the knowledge base.
 *
 * Extraction and multipart parsing are sans-IO and thread-safe (no shared
 * state): bytes in, pages of UTF-8 text or part descriptions out. The REST
 * API (pl_docs_new) runs on the server's loop; PDF extraction runs on a
 * small pool of worker threads and the result is handed back to the loop,
 * which indexes it with pl_kb_doc_add(). Formats, limits and the API are
 * described in docs/documents.md.
 */
#ifndef PARLEY_DOCS_H
#define PARLEY_DOCS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------ extraction */

/** Default cap on a document's bytes (--max-document-bytes). */
#define PL_DOCS_DEFAULT_MAX_BYTES (20u * 1024u * 1024u)
/** Default cap on the text extracted from one document (a PDF can inflate). */
#define PL_DOCS_DEFAULT_MAX_TEXT (64u * 1024u * 1024u)
/** Default cap on the pages of one PDF. */
#define PL_DOCS_DEFAULT_MAX_PAGES 10000u
/** Longest file name kept (bytes of UTF-8), as the citation schema allows. */
#define PL_DOCS_FILENAME_MAX 255

/* Bounds on one extraction. A zero field takes its default. */
typedef struct pl_docs_limits {
    size_t max_bytes;      /* the document's size: PL_DOCS_TOO_LARGE past it */
    size_t max_text_bytes; /* all pages' text together: PL_DOCS_TOO_LARGE past it */
    size_t max_pages;      /* pages of a PDF: PL_DOCS_TOO_LARGE past it */
} pl_docs_limits_t;

/* Why a document was refused; each maps to one HTTP status (pl_docs_failure_status). */
typedef enum pl_docs_failure {
    PL_DOCS_OK = 0,
    PL_DOCS_EMPTY,         /* no bytes: 400 */
    PL_DOCS_TOO_LARGE,     /* over a limit: 413 */
    PL_DOCS_UNSUPPORTED,   /* a format Parley does not read (image, archive, binary): 415 */
    PL_DOCS_TYPE_MISMATCH, /* the content is not what the declared type says: 415 */
    PL_DOCS_BAD_UTF8,      /* text that is not valid UTF-8: 422 */
    PL_DOCS_CORRUPT,       /* a PDF that cannot be read (truncated, damaged): 422 */
    PL_DOCS_ENCRYPTED,     /* a PDF that needs a password: 422 */
    PL_DOCS_NO_TEXT,       /* nothing to index (a scanned PDF, a blank file): 422 */
} pl_docs_failure_t;

/* A refusal: the pl_err code, the reason and a message for the client. */
typedef struct pl_docs_error {
    int code;                  /* negative pl_err code (0 on success) */
    pl_docs_failure_t failure;
    char message[256];         /* one sentence, e.g. "the PDF is encrypted (password-protected)" */
} pl_docs_error_t;

/* One page of text. number: 1-based for PDF; 0 for formats without pages. */
typedef struct pl_docs_page {
    int number;
    char *text; /* UTF-8, NUL-terminated, owned by the pl_docs_text_t */
    size_t len;
} pl_docs_page_t;

/* What pl_docs_extract() produced; free with pl_docs_text_free(). */
typedef struct pl_docs_text {
    const char *mime;       /* static: "text/plain", "text/markdown" or "application/pdf" */
    pl_docs_page_t *pages;  /* owned; PDF: one per page, blank pages with len 0 */
    size_t n_pages;
    size_t text_bytes;      /* sum of the pages' len */
} pl_docs_text_t;

/**
 * Extracts the text of a document held in memory. filename (may be NULL)
 * and content_type (the declared type, may be NULL or carry parameters such
 * as "; charset=utf-8") are checked against the content: the type is
 * decided by sniffing ("%PDF-", image and archive signatures, UTF-8), and a
 * declared type that disagrees is refused. Undeclared (NULL, empty,
 * application/octet-stream) text is Markdown when the file name ends in .md
 * or .markdown, plain text otherwise. Thread-safe; data is only read.
 * Returns 0 and fills *out (free with pl_docs_text_free), or a negative
 * pl_err code with *err filled and *out empty: PL_ERR_INVALID_ARGUMENT
 * (PL_DOCS_EMPTY), PL_ERR_TOO_LARGE, PL_ERR_UNSUPPORTED (unsupported or
 * mismatched type), PL_ERR_UTF8, PL_ERR_PARSE (corrupt PDF or no text),
 * PL_ERR_FORBIDDEN (encrypted PDF).
 */
int pl_docs_extract(const void *data, size_t len, const char *filename, const char *content_type,
                    const pl_docs_limits_t *limits, pl_docs_text_t *out, pl_docs_error_t *err);

/** Frees what pl_docs_extract() put in t and empties it; NULL or empty is fine. */
void pl_docs_text_free(pl_docs_text_t *t);

/** The HTTP status for a failure (400, 413, 415 or 422; 200 for PL_DOCS_OK). */
int pl_docs_failure_status(pl_docs_failure_t f);

/** A short stable name for a failure ("too_large", "encrypted", ...), for logs and metrics. */
const char *pl_docs_failure_name(pl_docs_failure_t f);

/**
 * Checks and normalises a file name as given by a client: keeps the last
 * path component (after "/" or "\"), trims spaces, requires valid UTF-8
 * without control characters, 1..PL_DOCS_FILENAME_MAX bytes. Writes it to
 * out (NUL-terminated). Returns 0 or PL_ERR_INVALID_ARGUMENT (empty or only
 * a path), PL_ERR_UTF8, PL_ERR_TOO_LARGE.
 */
int pl_docs_filename_clean(const char *name, size_t len, char out[PL_DOCS_FILENAME_MAX + 1]);

/* ------------------------------------------------------------- multipart */

#define PL_DOCS_MULTIPART_BOUNDARY_MAX 70 /* RFC 2046 */
#define PL_DOCS_PART_NAME_MAX 64          /* bytes of a form field name */
#define PL_DOCS_PART_TYPE_MAX 128         /* bytes of a part's Content-Type */
#define PL_DOCS_PART_HEADERS_MAX 16       /* header lines per part */
#define PL_DOCS_PART_HEADER_BYTES 4096    /* one part's header section */

/*
 * One part of a multipart/form-data body. name, filename and content_type
 * are decoded copies; data points into the body given to the parser.
 */
typedef struct pl_docs_part {
    char name[PL_DOCS_PART_NAME_MAX + 1];
    char filename[PL_DOCS_FILENAME_MAX + 1]; /* as sent (not cleaned), "" if none */
    int has_filename;                        /* a filename (or filename*) parameter was present */
    char content_type[PL_DOCS_PART_TYPE_MAX + 1]; /* "" if the part had none */
    const char *data;
    size_t len;
} pl_docs_part_t;

/**
 * Reads the boundary parameter of a multipart/form-data Content-Type value
 * (ct[0..len), e.g. `multipart/form-data; boundary="x y"`) into out
 * (NUL-terminated) and sets *out_len. Returns 0, PL_ERR_UNSUPPORTED (not
 * multipart/form-data) or PL_ERR_PARSE (no boundary, or one RFC 2046
 * refuses: empty, longer than 70, characters outside bchars, a final space).
 */
int pl_docs_multipart_boundary(const char *ct, size_t len,
                               char out[PL_DOCS_MULTIPART_BOUNDARY_MAX + 1], size_t *out_len);

/**
 * Parses a whole multipart body (RFC 2046 and RFC 7578): an optional
 * preamble, "--boundary" lines ending in CRLF (transport padding allowed),
 * each part's header lines ending in CRLF and a blank line, its data up to
 * the next CRLF "--boundary", and the closing "--boundary--" (the epilogue
 * is ignored). Every part needs Content-Disposition: form-data with a name;
 * filename and filename* (RFC 5987, UTF-8) are read; a
 * Content-Transfer-Encoding other than 7bit, 8bit or binary is refused.
 * Fills parts[0..*n_parts). Does not allocate. Returns 0, PL_ERR_PARSE
 * (malformed, truncated, bare LF, header folding, a delimiter followed by
 * anything but padding and CRLF or "--"), PL_ERR_TOO_LARGE (more than
 * max_parts parts, a header section or value over its cap),
 * PL_ERR_UNSUPPORTED (a transfer encoding) or PL_ERR_INVALID_ARGUMENT.
 */
int pl_docs_multipart_parse(const char *body, size_t len, const char *boundary, size_t blen,
                            pl_docs_part_t *parts, size_t max_parts, size_t *n_parts);

/* ----------------------------------------------------------- REST API */

struct pl_server;
struct pl_kb;

/* Settings of the documents API. Zero-initialise with pl_docs_config_init, then set. */
typedef struct pl_docs_config {
    pl_docs_limits_t limits;  /* max_bytes is --max-document-bytes */
    unsigned workers;         /* extraction threads (default 2) */
    unsigned max_inflight;    /* imports extracting or waiting at once; past it: 503 (default 16) */
} pl_docs_config_t;

typedef struct pl_docs pl_docs_t;

/** Fills cfg with the defaults. */
void pl_docs_config_init(pl_docs_config_t *cfg);

/**
 * Registers POST and GET /api/documents and DELETE /api/documents/{id} on
 * srv, over kb (borrowed: it must outlive the returned object), and starts
 * the extraction threads. Also adds the parley_documents_* lines to
 * /metrics. cfg is copied. Returns NULL (logged) when the routes cannot be
 * registered or a thread cannot start. Free with pl_docs_free after the
 * server (imports still running are finished and their answers dropped).
 */
pl_docs_t *pl_docs_new(struct pl_server *srv, struct pl_kb *kb, const pl_docs_config_t *cfg);

/** Stops the threads (waiting for running extractions) and frees d; NULL is fine. */
void pl_docs_free(pl_docs_t *d);

#ifdef __cplusplus
}
#endif
#endif
