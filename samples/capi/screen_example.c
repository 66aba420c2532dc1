/*
 * Screens one claim file through libdxscreen and prints the verdict and the JSON report.
 *
 *   cc screen_example.c $(pkg-config --cflags --libs dxscreen) -o screen_example
 *   ./screen_example ../x12/837p-excludes1-m62451-m24561.x12 [MAPPINGS_DIR]
 *
 * Exit status as `dxscreen check`: 0 accepted, 1 rejected, 2 unreadable input or error.
 */
#include <stdio.h>
#include <stdlib.h>

#include "dxscreen.h"

static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* data;
  long size;
  if (!f) return NULL;
  if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
    fclose(f);
    return NULL;
  }
  data = malloc((size_t)size + 1);
  if (data) *len = fread(data, 1, (size_t)size, f);
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  dxscreen_engine* engine = NULL;
  dxscreen_result* result = NULL;
  dxscreen_options options = DXSCREEN_OPTIONS_INIT;
  dxscreen_status status;
  char* message = NULL;
  char* input;
  const char* bytes;
  size_t input_len = 0, bytes_len = 0;
  int exit_code;

  if (argc < 2 || argc > 3) {
    fprintf(stderr, "usage: %s FILE [MAPPINGS_DIR]\n", argv[0]);
    return 2;
  }
  if (dxscreen_abi_version() != DXSCREEN_ABI_VERSION) {
    fprintf(stderr, "libdxscreen has ABI %d, this program was built for %d\n", dxscreen_abi_version(),
            DXSCREEN_ABI_VERSION);
    return 2;
  }
  input = read_file(argv[1], &input_len);
  if (!input) {
    fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }

  /* Open once and share: loading the code sets takes a moment; the engine is thread-safe. */
  status = dxscreen_engine_open(argc == 3 ? argv[2] : NULL, NULL, &engine, &message);
  if (status != DXSCREEN_OK) {
    fprintf(stderr, "cannot open the engine: %s: %s\n", dxscreen_status_string(status), message ? message : "");
    dxscreen_string_free(message);
    free(input);
    return 2;
  }

  options.input_name = argv[1];
  status = dxscreen_screen(engine, input, input_len, DXSCREEN_FORMAT_AUTO, DXSCREEN_RESPONSE_JSON_REPORT, &options,
                           &result, &message);
  if (status == DXSCREEN_OK || status == DXSCREEN_UNREADABLE_INPUT) {
    const dxscreen_verdict verdict = dxscreen_result_verdict(result);
    printf("dxscreen %s: %s: verdict %s (claims: %zu, rejected: %zu)\n", dxscreen_version(), argv[1],
           verdict == DXSCREEN_VERDICT_ACCEPTED   ? "accepted"
           : verdict == DXSCREEN_VERDICT_REJECTED ? "rejected"
                                                  : "error",
           dxscreen_result_claims(result), dxscreen_result_rejected(result));
    bytes = dxscreen_result_bytes(result, &bytes_len);
    fwrite(bytes, 1, bytes_len, stdout);
    exit_code = verdict == DXSCREEN_VERDICT_ACCEPTED ? 0 : verdict == DXSCREEN_VERDICT_REJECTED ? 1 : 2;
    dxscreen_result_free(result);
  } else {
    fprintf(stderr, "cannot screen %s: %s: %s\n", argv[1], dxscreen_status_string(status), message ? message : "");
    exit_code = 2;
  }
  dxscreen_string_free(message);
  dxscreen_engine_close(engine);
  free(input);
  return exit_code;
}
