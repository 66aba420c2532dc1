/*
 * Compiled as C99: dxscreen.h is valid C, and one engine shared by 8 threads gives every thread
 * the same bytes as a single-threaded run, while the main thread reloads the rule data twice.
 * Also checks misuse through the C compiler's view of the header (NULL pointers, bad enums).
 * Run under AddressSanitizer with a -DDXSCREEN_SANITIZE=ON build (ctest -L capi).
 *
 * Usage: capi_c_test MAPPINGS_DIR SAMPLES_DIR   (exit 77 = skipped: no rule data yet)
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dxscreen.h"

#define THREADS 8
#define ROUNDS 12
#define MAX_INPUTS 256

static const char* const kDateOverride = "2026-03-02";
static const char* const kProcessingTime = "2026-03-03T14:05";

struct input {
  char path[1024];
  char* bytes;
  size_t len;
  int is_x12;
  char* expected_json;
  size_t expected_json_len;
  char* expected_native;
  size_t expected_native_len;
};

static struct input inputs[MAX_INPUTS];
static size_t input_count;
static dxscreen_engine* engine;
static int failures;
static pthread_mutex_t failure_mutex = PTHREAD_MUTEX_INITIALIZER;

static void fail(const char* what, const char* detail) {
  pthread_mutex_lock(&failure_mutex);
  ++failures;
  if (failures <= 20) fprintf(stderr, "FAIL: %s (%s)\n", what, detail ? detail : "");
  pthread_mutex_unlock(&failure_mutex);
}

static char* read_whole(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* data = NULL;
  size_t size = 0, cap = 0, n;
  char chunk[65536];
  if (!f) return NULL;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (size + n + 1 > cap) {
      char* grown;
      cap = (size + n + 1) * 2;
      grown = realloc(data, cap);
      if (!grown) {
        free(data);
        fclose(f);
        return NULL;
      }
      data = grown;
    }
    memcpy(data + size, chunk, n);
    size += n;
  }
  fclose(f);
  if (!data) data = calloc(1, 1);
  *len = size;
  return data;
}

static int has_code_sets(const char* mappings_dir) {
  char path[1024];
  DIR* dir;
  struct dirent* entry;
  int found = 0;
  snprintf(path, sizeof path, "%s/icd10cm", mappings_dir);
  dir = opendir(path);
  if (!dir) return 0;
  while ((entry = readdir(dir)) != NULL) {
    const size_t n = strlen(entry->d_name);
    if (strncmp(entry->d_name, "icd10cm-", 8) == 0 && n > 4 && strcmp(entry->d_name + n - 4, ".tsv") == 0) found = 1;
  }
  closedir(dir);
  return found;
}

static int compare_names(const void* a, const void* b) {
  return strcmp(((const struct input*)a)->path, ((const struct input*)b)->path);
}

static void collect(const char* folder, int is_x12) {
  DIR* dir = opendir(folder);
  struct dirent* entry;
  if (!dir) return;
  while ((entry = readdir(dir)) != NULL && input_count < MAX_INPUTS) {
    struct input* in = &inputs[input_count];
    const size_t n = strlen(entry->d_name);
    if (entry->d_name[0] == '.' || (n > 3 && strcmp(entry->d_name + n - 3, ".md") == 0)) continue;
    snprintf(in->path, sizeof in->path, "%s/%s", folder, entry->d_name);
    in->bytes = read_whole(in->path, &in->len);
    if (!in->bytes || in->len == 0) {
      free(in->bytes);
      in->bytes = NULL;
      continue; /* a sub-folder or an empty file */
    }
    in->is_x12 = is_x12;
    ++input_count;
  }
  closedir(dir);
}

/* Screens one input; returns the bytes (malloc'd copy) or NULL on an unexpected status. */
static char* screen_copy(const struct input* in, dxscreen_response kind, size_t* len) {
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  dxscreen_result* result = NULL;
  char* message = NULL;
  dxscreen_status status;
  const char* bytes;
  char* copy;
  options.date_override = kDateOverride;
  options.processing_time = kProcessingTime;
  options.input_name = in->path;
  status = dxscreen_screen(engine, in->bytes, in->len, DXSCREEN_FORMAT_AUTO, kind, &options, &result, &message);
  if (status != DXSCREEN_OK && status != DXSCREEN_UNREADABLE_INPUT) {
    fail(in->path, message ? message : dxscreen_status_string(status));
    dxscreen_string_free(message);
    return NULL;
  }
  dxscreen_string_free(message);
  bytes = dxscreen_result_bytes(result, len);
  copy = malloc(*len + 1);
  if (copy) {
    memcpy(copy, bytes, *len);
    copy[*len] = '\0';
  }
  dxscreen_result_free(result);
  return copy;
}

static void* worker(void* arg) {
  const size_t id = (size_t)arg;
  size_t round, k;
  for (round = 0; round < ROUNDS; ++round) {
    for (k = 0; k < input_count; ++k) {
      const struct input* in = &inputs[(k + id * 3 + round) % input_count];
      size_t len = 0;
      char* json = screen_copy(in, DXSCREEN_RESPONSE_JSON_REPORT, &len);
      if (json && (len != in->expected_json_len || memcmp(json, in->expected_json, len) != 0))
        fail("JSON report differs from the single-threaded run", in->path);
      free(json);
      if (in->expected_native) {
        char* native = screen_copy(
            in, in->is_x12 ? DXSCREEN_RESPONSE_X12_ACKS : DXSCREEN_RESPONSE_OPERATION_OUTCOME, &len);
        if (native && (len != in->expected_native_len || memcmp(native, in->expected_native, len) != 0))
          fail("native response differs from the single-threaded run", in->path);
        free(native);
      }
    }
  }
  return NULL;
}

static void check_misuse(void) {
  dxscreen_result* result = NULL;
  char* message = NULL;
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  const char* input = inputs[0].bytes;
  const size_t len = inputs[0].len;
  if (dxscreen_screen(NULL, input, len, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, NULL, &result,
                      &message) != DXSCREEN_NULL_POINTER || result != NULL || message == NULL)
    fail("NULL engine", NULL);
  dxscreen_string_free(message);
  if (dxscreen_screen(engine, input, len, (dxscreen_format)42, DXSCREEN_RESPONSE_JSON_REPORT, NULL, &result,
                      NULL) != DXSCREEN_INVALID_ARGUMENT || result != NULL)
    fail("bad format enum", NULL);
  if (dxscreen_screen(engine, input, len, DXSCREEN_FORMAT_AUTO, (dxscreen_response)42, NULL, &result, NULL) !=
          DXSCREEN_INVALID_ARGUMENT || result != NULL)
    fail("bad response enum", NULL);
  options.size = 1;
  if (dxscreen_screen(engine, input, len, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, &options, &result,
                      NULL) != DXSCREEN_INVALID_ARGUMENT || result != NULL)
    fail("bad options size", NULL);
  if (dxscreen_screen(engine, input, 0, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, NULL, &result, NULL) !=
          DXSCREEN_EMPTY_INPUT || result != NULL)
    fail("empty input", NULL);
  if (dxscreen_screen(engine, NULL, 5, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, NULL, &result, NULL) !=
          DXSCREEN_NULL_POINTER || result != NULL)
    fail("NULL data", NULL);
  if (dxscreen_result_verdict(NULL) != DXSCREEN_VERDICT_ERROR || dxscreen_result_bytes(NULL, NULL) != NULL)
    fail("NULL result accessors", NULL);
  dxscreen_result_free(NULL);
}

int main(int argc, char** argv) {
  pthread_t threads[THREADS];
  char folder[1024];
  char* message = NULL;
  size_t i, total_screens;
  dxscreen_status status;
  if (argc != 3) {
    fprintf(stderr, "usage: %s MAPPINGS_DIR SAMPLES_DIR\n", argv[0]);
    return 2;
  }
  if (dxscreen_abi_version() != DXSCREEN_ABI_VERSION) {
    fprintf(stderr, "FAIL: library ABI %d, header ABI %d\n", dxscreen_abi_version(), DXSCREEN_ABI_VERSION);
    return 1;
  }
  if (!has_code_sets(argv[1])) {
    printf("SKIP: no code sets in %s/icd10cm yet\n", argv[1]);
    return 77;
  }
  snprintf(folder, sizeof folder, "%s/x12", argv[2]);
  collect(folder, 1);
  snprintf(folder, sizeof folder, "%s/fhir", argv[2]);
  collect(folder, 0);
  if (input_count == 0) {
    fprintf(stderr, "FAIL: no samples under %s\n", argv[2]);
    return 1;
  }
  qsort(inputs, input_count, sizeof inputs[0], compare_names);

  status = dxscreen_engine_open(argv[1], NULL, &engine, &message);
  if (status != DXSCREEN_OK) {
    fprintf(stderr, "FAIL: dxscreen_engine_open: %s: %s\n", dxscreen_status_string(status), message ? message : "");
    dxscreen_string_free(message);
    return 1;
  }

  /* Single-threaded baseline. */
  for (i = 0; i < input_count; ++i) {
    struct input* in = &inputs[i];
    dxscreen_result* probe = NULL;
    const char* format;
    in->expected_json = screen_copy(in, DXSCREEN_RESPONSE_JSON_REPORT, &in->expected_json_len);
    if (dxscreen_screen(engine, in->bytes, in->len, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, NULL, &probe,
                        NULL) != DXSCREEN_OK && probe == NULL)
      continue;
    format = dxscreen_result_format(probe);
    in->is_x12 = strncmp(format, "x12", 3) == 0;
    if (in->is_x12 || strncmp(format, "fhir", 4) == 0)
      in->expected_native = screen_copy(
          in, in->is_x12 ? DXSCREEN_RESPONSE_X12_ACKS : DXSCREEN_RESPONSE_OPERATION_OUTCOME, &in->expected_native_len);
    dxscreen_result_free(probe);
  }
  check_misuse();

  for (i = 0; i < THREADS; ++i)
    if (pthread_create(&threads[i], NULL, worker, (void*)i) != 0) {
      fprintf(stderr, "FAIL: pthread_create\n");
      return 1;
    }
  /* Reload while the threads screen: in-flight screens finish on the data they started with. */
  for (i = 0; i < 2; ++i) {
    status = dxscreen_reload(engine, NULL, NULL, &message);
    if (status != DXSCREEN_OK) fail("dxscreen_reload", message);
    dxscreen_string_free(message);
    message = NULL;
  }
  for (i = 0; i < THREADS; ++i) pthread_join(threads[i], NULL);

  if (dxscreen_engine_close(engine) != DXSCREEN_OK) fail("dxscreen_engine_close", NULL);
  if (dxscreen_engine_close(engine) != DXSCREEN_CLOSED_HANDLE) fail("second close", NULL);

  total_screens = 0;
  for (i = 0; i < input_count; ++i) {
    total_screens += (inputs[i].expected_native ? 2u : 1u) * THREADS * ROUNDS;
    free(inputs[i].bytes);
    free(inputs[i].expected_json);
    free(inputs[i].expected_native);
  }
  printf("capi_c_test: %d threads x %d rounds over %zu inputs: %zu screens, 2 reloads, %d failures\n", THREADS,
         ROUNDS, input_count, total_screens, failures);
  return failures == 0 ? 0 : 1;
}
