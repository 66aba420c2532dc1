/*
 * dxscreen.h - the C ABI of libdxscreen: screen ICD-10-CM diagnosis codes on X12 837 and HL7
 * FHIR claims in-process. Pure C (C99 and C++), no C++ types and no exceptions cross it.
 *
 * The library runs the same pipeline as `dxscreen check`: for the same input, rule data and
 * options, the result bytes are byte-identical to what the command prints.
 *
 * Ownership: every object the library returns is owned by the caller and released with its
 * own function: dxscreen_engine_close, dxscreen_result_free, dxscreen_string_free. Strings the
 * library returns as `const char*` live as long as the object they come from; dxscreen_version()
 * and dxscreen_status_string() return static strings.
 *
 * Errors: every call that can fail returns a dxscreen_status. Calls that take a
 * `char** error_message` store a message there on failure (NULL on success), which the caller
 * frees with dxscreen_string_free. Passing NULL for error_message is allowed. The library keeps
 * no global "last error"; messages never contain claim content.
 *
 * Threads: one engine may be shared by any number of threads. dxscreen_screen runs concurrently
 * without locking each other out; dxscreen_reload builds the new rule data off to the side and
 * swaps it in atomically: screens already running finish on the data they started with, later
 * ones see the new data. Results and strings belong to the thread that holds them.
 *
 * Closing: dxscreen_engine_close must be the last call on a handle, made once all other threads
 * are done with it. Handles carry a magic field. Close marks the handle closed and releases its
 * rule data, but keeps the small handle itself allocated until 64 more handles have been closed,
 * so that a late call on it, or a second close, returns DXSCREEN_CLOSED_HANDLE instead of
 * touching freed memory. Past that window the handle's memory is freed and using the pointer is
 * undefined behaviour, as is passing a pointer that never came from this library (the magic
 * check turns most such mistakes into DXSCREEN_INVALID_ARGUMENT, but cannot promise to).
 * Results carry a magic field too; a result passed to dxscreen_result_free must not be used
 * again.
 */
#ifndef DXSCREEN_H
#define DXSCREEN_H

#include <stddef.h>

#if defined(_WIN32)
#  if defined(DXSCREEN_BUILDING_LIBRARY)
#    define DXSCREEN_API __declspec(dllexport)
#  else
#    define DXSCREEN_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define DXSCREEN_API __attribute__((visibility("default")))
#else
#  define DXSCREEN_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on any incompatible change of this header. Compare with dxscreen_abi_version() at run
 * time: a library with another ABI version must not be used with this header. */
#define DXSCREEN_ABI_VERSION 1

typedef enum dxscreen_status {
  DXSCREEN_OK = 0,
  DXSCREEN_INVALID_ARGUMENT = 1, /* a bad enum value, option, option struct size or handle type */
  DXSCREEN_NULL_POINTER = 2,     /* a required pointer is NULL */
  DXSCREEN_CLOSED_HANDLE = 3,    /* the engine was closed */
  DXSCREEN_EMPTY_INPUT = 4,      /* len == 0: nothing to screen (no result) */
  DXSCREEN_UNREADABLE_INPUT = 5, /* the input could not be read as X12 or FHIR; a result with
                                    verdict ERROR and the error response is still returned */
  DXSCREEN_LOAD_FAILED = 6,      /* the configuration or the rule data could not be loaded */
  DXSCREEN_USAGE = 7,            /* the request does not fit the input, e.g. X12 acks for FHIR */
  DXSCREEN_INTERNAL = 8,         /* an unexpected failure inside the library (also out of memory) */
  DXSCREEN_STATUS_MAX_ = 0x7fffffff
} dxscreen_status;

typedef enum dxscreen_format {
  DXSCREEN_FORMAT_AUTO = 0, /* recognise from the content */
  DXSCREEN_FORMAT_X12 = 1,
  DXSCREEN_FORMAT_FHIR_JSON = 2,
  DXSCREEN_FORMAT_FHIR_XML = 3,
  DXSCREEN_FORMAT_FHIR_NDJSON = 4,
  DXSCREEN_FORMAT_MAX_ = 0x7fffffff
} dxscreen_format;

typedef enum dxscreen_response {
  DXSCREEN_RESPONSE_JSON_REPORT = 0,       /* the JSON report (`dxscreen check --format json`) */
  DXSCREEN_RESPONSE_OPERATION_OUTCOME = 1, /* FHIR input: OperationOutcome (`--format fhir`) */
  DXSCREEN_RESPONSE_X12_ACKS = 2,          /* X12 input: 999 then 277CA, or TA1 (`--format x12`) */
  DXSCREEN_RESPONSE_X12_999 = 3,           /* X12 input: the 999 alone (or the TA1) */
  DXSCREEN_RESPONSE_X12_277CA = 4,         /* X12 input: the 277CA alone */
  DXSCREEN_RESPONSE_TEXT = 5,              /* text for people (`--format text`) */
  DXSCREEN_RESPONSE_MAX_ = 0x7fffffff
} dxscreen_response;

typedef enum dxscreen_verdict {
  DXSCREEN_VERDICT_ACCEPTED = 0, /* every claim accepted */
  DXSCREEN_VERDICT_REJECTED = 1, /* some claim (or part of the input) rejected */
  DXSCREEN_VERDICT_ERROR = 2,    /* the input could not be screened */
  DXSCREEN_VERDICT_MAX_ = 0x7fffffff
} dxscreen_verdict;

/* Options of one dxscreen_screen call. Start from DXSCREEN_OPTIONS_INIT (or zero the struct
 * and set size = sizeof(dxscreen_options)): the size field lets later versions add fields
 * at the end; the library rejects a size it cannot interpret. Strings are copied during the
 * call. NULL / 0 means "as configured" (or the default named). */
typedef struct dxscreen_options {
  size_t size;                 /* sizeof(dxscreen_options) */
  const char* date_override;   /* "YYYY-MM-DD": screen every claim against the code set in force
                                  on this date (`--date-override`) */
  const char* today;           /* "YYYY-MM-DD": date for claims that carry no date; NULL = the
                                  local date of the system clock */
  const char* processing_time; /* "YYYY-MM-DDTHH:MM" written into 999/277CA/TA1
                                  (`--processing-time`); NULL = as configured */
  const char* input_name;      /* name of the input in the JSON and text reports; NULL = "-" */
  int strict;                  /* nonzero: warnings of convention rules reject (`--strict`);
                                  0 = as configured */
  int reserved;                /* must be 0 (keeps the struct free of padding) */
} dxscreen_options;

/* dxscreen_options options = DXSCREEN_OPTIONS_INIT; */
#define DXSCREEN_OPTIONS_INIT {sizeof(dxscreen_options), NULL, NULL, NULL, NULL, 0, 0}

typedef struct dxscreen_engine dxscreen_engine; /* rule data + configuration; thread-safe */
typedef struct dxscreen_result dxscreen_result; /* the answer to one dxscreen_screen call */

/* "0.1.0": the dxscreen release. */
DXSCREEN_API const char* dxscreen_version(void);
/* DXSCREEN_ABI_VERSION of the library as built. */
DXSCREEN_API int dxscreen_abi_version(void);
/* "ok", "invalid argument", ...; "unknown status" for values outside the enum. */
DXSCREEN_API const char* dxscreen_status_string(dxscreen_status status);
/* Frees a message returned through `char** error_message`. NULL is ignored. */
DXSCREEN_API void dxscreen_string_free(char* text);

/* Opens an engine: loads the configuration file (config_path; NULL = built-in defaults) and the
 * rule data folder (mappings_dir; NULL = the configuration's mappings.dir, else
 * $DXSCREEN_MAPPINGS, else <library dir>/../share/dxscreen/mappings next to an installed
 * library, else the folders `dxscreen` itself looks in). Loading takes a while (code sets of
 * several fiscal years): open once, share the handle.
 * On DXSCREEN_OK *out is the new engine; otherwise *out is NULL and the status is
 * DXSCREEN_LOAD_FAILED (message names file:line), DXSCREEN_NULL_POINTER or
 * DXSCREEN_INVALID_ARGUMENT. */
DXSCREEN_API dxscreen_status dxscreen_engine_open(const char* mappings_dir, const char* config_path,
                                                  dxscreen_engine** out, char** error_message);

/* Rebuilds the engine's configuration and rule data and swaps them in atomically.
 * config_path NULL = the file given at open / the last reload, read again (or the built-in
 * defaults when there was none); mappings_dir NULL = the folder given at open / the last
 * reload, else as for dxscreen_engine_open. On failure (DXSCREEN_LOAD_FAILED) the engine keeps
 * the data it had and stays usable. */
DXSCREEN_API dxscreen_status dxscreen_reload(dxscreen_engine* engine, const char* mappings_dir,
                                             const char* config_path, char** error_message);

/* Closes the engine and releases its rule data once screens still running have finished.
 * Returns DXSCREEN_CLOSED_HANDLE for a second close (see "Closing" above). */
DXSCREEN_API dxscreen_status dxscreen_engine_close(dxscreen_engine* engine);

/* Screens one whole input held in memory (data, len bytes; the library does not keep it).
 *   hint: the input format, or DXSCREEN_FORMAT_AUTO to recognise it from the content;
 *   kind: the response wanted; opts: NULL for the defaults.
 * Returns DXSCREEN_OK with *out set (the verdict may be REJECTED: a rejection is an answer, not
 * an error), or DXSCREEN_UNREADABLE_INPUT with *out set too (verdict ERROR; the response bytes
 * carry the TA1/999, OperationOutcome or report describing why), or another status with *out
 * NULL: DXSCREEN_EMPTY_INPUT, DXSCREEN_USAGE (e.g. X12 acknowledgments asked for FHIR input),
 * DXSCREEN_NULL_POINTER, DXSCREEN_INVALID_ARGUMENT, DXSCREEN_CLOSED_HANDLE, DXSCREEN_INTERNAL.
 * Free *out with dxscreen_result_free. */
DXSCREEN_API dxscreen_status dxscreen_screen(dxscreen_engine* engine, const void* data, size_t len,
                                             dxscreen_format hint, dxscreen_response kind,
                                             const dxscreen_options* opts, dxscreen_result** out,
                                             char** error_message);

/* The response bytes (also NUL-terminated for convenience; the length is authoritative).
 * *len may be NULL. Returns NULL (and *len = 0) for a NULL or invalid result. */
DXSCREEN_API const char* dxscreen_result_bytes(const dxscreen_result* result, size_t* len);
/* "application/json", "application/edi-x12", "application/fhir+json",
 * "application/fhir+xml", "application/fhir+ndjson", "text/plain; charset=utf-8"; "" when
 * there are no response bytes; NULL for a NULL or invalid result. */
DXSCREEN_API const char* dxscreen_result_media_type(const dxscreen_result* result);
/* "x12-837P", "x12-837I", "x12-837D", "fhir-json", "fhir-xml", "fhir-ndjson", "unknown". */
DXSCREEN_API const char* dxscreen_result_format(const dxscreen_result* result);
/* The version of the rule data the input was screened with. */
DXSCREEN_API const char* dxscreen_result_data_version(const dxscreen_result* result);
/* DXSCREEN_VERDICT_ERROR for a NULL or invalid result. */
DXSCREEN_API dxscreen_verdict dxscreen_result_verdict(const dxscreen_result* result);
/* Claims screened, accepted and rejected, and input errors (syntax/structure problems). */
DXSCREEN_API size_t dxscreen_result_claims(const dxscreen_result* result);
DXSCREEN_API size_t dxscreen_result_accepted(const dxscreen_result* result);
DXSCREEN_API size_t dxscreen_result_rejected(const dxscreen_result* result);
DXSCREEN_API size_t dxscreen_result_input_errors(const dxscreen_result* result);
/* Frees a result. NULL is ignored. */
DXSCREEN_API void dxscreen_result_free(dxscreen_result* result);

#ifdef __cplusplus
}
#endif

#endif /* DXSCREEN_H */
