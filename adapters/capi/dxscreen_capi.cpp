// libdxscreen: the C ABI over dxscreen_pipeline. Every exported function catches everything;
// no exception leaves the library. Handles are checked by a magic field.
#include <dlfcn.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <deque>
#include <exception>
#include <filesystem>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>

#include "adapters/capi/include/dxscreen.h"
#include "adapters/pipeline/pipeline.hpp"

struct dxscreen_engine {
  std::atomic<std::uint64_t> magic;
  std::mutex mutex;
  std::shared_ptr<dxs::pipeline::Engine> engine;  // null once closed
  std::string mappings_dir;                       // as given at open / last reload ("" = none)
  std::string config_path;                        // as given at open / last reload ("" = none)
};

struct dxscreen_result {
  std::atomic<std::uint64_t> magic;
  std::string bytes;
  std::string media_type;
  std::string format;
  std::string data_version;
  dxscreen_verdict verdict = DXSCREEN_VERDICT_ERROR;
  std::size_t claims = 0, accepted = 0, rejected = 0, input_errors = 0;
};

namespace {

namespace fs = std::filesystem;
namespace pl = dxs::pipeline;

constexpr std::uint64_t kEngineMagic = 0x31474e4543535844ull;  // "DXSCENG1"
constexpr std::uint64_t kClosedMagic = 0x44534f4c43535844ull;  // "DXSCLOSD"
constexpr std::uint64_t kResultMagic = 0x3153455243535844ull;   // "DXSCRES1"
constexpr std::uint64_t kFreedResultMagic = ~kResultMagic;

// The options of ABI version 1 end with `reserved`; the struct has no padding.
constexpr std::size_t kOptionsV1Size = offsetof(dxscreen_options, reserved) + sizeof(int);
static_assert(kOptionsV1Size == sizeof(dxscreen_options), "dxscreen_options must not have padding");
constexpr std::size_t kOptionsMaxSize = 4096;

// Closed handles stay allocated (marked closed) until this many later closes have happened, so
// that a late call on a closed handle is answered with DXSCREEN_CLOSED_HANDLE.
constexpr std::size_t kClosedHandlesKept = 64;

class ClosedHandles {
 public:
  void retire(dxscreen_engine* handle) {
    dxscreen_engine* released = nullptr;
    {
      std::lock_guard lock(mutex_);
      kept_.push_back(handle);
      if (kept_.size() > kClosedHandlesKept) {
        released = kept_.front();
        kept_.pop_front();
      }
    }
    delete released;
  }

 private:
  std::mutex mutex_;
  std::deque<dxscreen_engine*> kept_;
};

ClosedHandles& closed_handles() {
  // Never destroyed: calls during process exit still find it; its entries stay reachable.
  static ClosedHandles* const handles = new ClosedHandles;
  return *handles;
}

char* copy_message(std::string_view text) noexcept {
  char* copy = static_cast<char*>(std::malloc(text.size() + 1));
  if (copy == nullptr) return nullptr;
  std::memcpy(copy, text.data(), text.size());
  copy[text.size()] = '\0';
  return copy;
}

// Stores `text` in *error_message (when the caller asked for messages) and returns `status`.
dxscreen_status fail(char** error_message, dxscreen_status status, std::string_view text) noexcept {
  if (error_message != nullptr) *error_message = copy_message(text);
  return status;
}

dxscreen_status fail_current_exception(char** error_message) noexcept {
  try {
    throw;
  } catch (const std::bad_alloc&) {
    return fail(error_message, DXSCREEN_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(error_message, DXSCREEN_INTERNAL, std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(error_message, DXSCREEN_INTERNAL, "internal error");
  }
}

// DXSCREEN_OK for a live engine handle; CLOSED_HANDLE / INVALID_ARGUMENT otherwise.
dxscreen_status check_engine(const dxscreen_engine* engine, char** error_message) noexcept {
  if (engine == nullptr) return fail(error_message, DXSCREEN_NULL_POINTER, "engine is NULL");
  const std::uint64_t magic = engine->magic.load(std::memory_order_acquire);
  if (magic == kEngineMagic) return DXSCREEN_OK;
  if (magic == kClosedMagic)
    return fail(error_message, DXSCREEN_CLOSED_HANDLE, "engine was closed with dxscreen_engine_close");
  return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "engine is not a handle from dxscreen_engine_open");
}

const dxscreen_result* live_result(const dxscreen_result* result) noexcept {
  if (result == nullptr || result->magic.load(std::memory_order_acquire) != kResultMagic) return nullptr;
  return result;
}

// The folder holding this library (for an installed layout: <prefix>/lib).
fs::path library_dir() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&dxscreen_version), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  fs::path file = fs::canonical(fs::path(info.dli_fname), ec);
  if (ec) return {};
  return file.parent_path();
}

// Fills config.mappings.dir: the explicit folder, else the config's, else (unless
// $DXSCREEN_MAPPINGS is set) the data folder of an installed library (<prefix>/share/dxscreen/
// mappings); else left empty for the pipeline's default search.
void resolve_mappings(pl::Config& config, const std::string& explicit_dir) {
  if (!explicit_dir.empty()) {
    config.mappings.dir = explicit_dir;
    return;
  }
  if (!config.mappings.dir.empty()) return;
  const char* env = std::getenv("DXSCREEN_MAPPINGS");
  if (env != nullptr && *env != '\0') return;
  const fs::path lib = library_dir();
  if (lib.empty()) return;
  const fs::path installed = (lib / DXS_LIB_TO_MAPPINGS).lexically_normal();
  std::error_code ec;
  if (fs::is_directory(installed, ec)) config.mappings.dir = installed;
}

pl::Config load_config_or_defaults(const std::string& config_path) {
  if (config_path.empty()) return pl::Config{};
  return pl::load_config(config_path);
}

bool valid_date(const char* text) {
  const std::string_view t(text);
  return t.size() == 10 && dxs::Date::parse_iso(t).has_value();
}

bool valid_processing_time(const char* text) {
  const std::string_view t(text);
  if (t.size() != 16 || t[10] != 'T' || t[13] != ':' || !dxs::Date::parse_iso(t.substr(0, 10))) return false;
  for (std::size_t i : {11u, 12u, 14u, 15u})
    if (t[i] < '0' || t[i] > '9') return false;
  return (t[11] - '0') * 10 + (t[12] - '0') < 24 && (t[14] - '0') * 10 + (t[15] - '0') < 60;
}

std::tm local_now() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return local;
}

dxs::Date today_from_clock() {
  const std::tm t = local_now();
  return dxs::Date::from_ymd(t.tm_year + 1900, t.tm_mon + 1, t.tm_mday);
}

std::string now_processing_time() {
  const std::tm t = local_now();
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M", &t);
  return buf;
}

// Copies the caller's options (any size this library can interpret) into a full struct.
dxscreen_status read_options(const dxscreen_options* opts, dxscreen_options* out, char** error_message) {
  *out = dxscreen_options{};
  out->size = sizeof(dxscreen_options);
  if (opts == nullptr) return DXSCREEN_OK;
  const std::size_t size = opts->size;
  if (size < kOptionsV1Size || size > kOptionsMaxSize)
    return fail(error_message, DXSCREEN_INVALID_ARGUMENT,
                "options->size is " + std::to_string(size) +
                    "; set it to sizeof(dxscreen_options) (DXSCREEN_OPTIONS_INIT)");
  if (size > sizeof(dxscreen_options)) {
    // A newer header: its extra fields must be unset, or this library would silently ignore them.
    const auto* bytes = reinterpret_cast<const unsigned char*>(opts);
    for (std::size_t i = sizeof(dxscreen_options); i < size; ++i)
      if (bytes[i] != 0)
        return fail(error_message, DXSCREEN_INVALID_ARGUMENT,
                    "options->size is " + std::to_string(size) + " and sets fields this library (ABI " +
                        std::to_string(DXSCREEN_ABI_VERSION) + ", options size " +
                        std::to_string(sizeof(dxscreen_options)) + ") does not know");
  }
  std::memcpy(static_cast<void*>(out), opts, sizeof(dxscreen_options));
  out->size = sizeof(dxscreen_options);
  if (out->reserved != 0)
    return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "options->reserved must be 0");
  return DXSCREEN_OK;
}

bool to_input_kind(dxscreen_format format, pl::InputKind* kind) {
  switch (format) {
    case DXSCREEN_FORMAT_AUTO: *kind = pl::InputKind::unknown; return true;
    case DXSCREEN_FORMAT_X12: *kind = pl::InputKind::x12; return true;
    case DXSCREEN_FORMAT_FHIR_JSON: *kind = pl::InputKind::fhir_json; return true;
    case DXSCREEN_FORMAT_FHIR_XML: *kind = pl::InputKind::fhir_xml; return true;
    case DXSCREEN_FORMAT_FHIR_NDJSON: *kind = pl::InputKind::fhir_ndjson; return true;
    default: return false;
  }
}

bool to_response_kind(dxscreen_response response, pl::ResponseKind* kind) {
  switch (response) {
    case DXSCREEN_RESPONSE_JSON_REPORT: *kind = pl::ResponseKind::json_report; return true;
    case DXSCREEN_RESPONSE_OPERATION_OUTCOME: *kind = pl::ResponseKind::fhir; return true;
    case DXSCREEN_RESPONSE_X12_ACKS: *kind = pl::ResponseKind::x12; return true;
    case DXSCREEN_RESPONSE_X12_999: *kind = pl::ResponseKind::x12_999; return true;
    case DXSCREEN_RESPONSE_X12_277CA: *kind = pl::ResponseKind::x12_277ca; return true;
    case DXSCREEN_RESPONSE_TEXT: *kind = pl::ResponseKind::text; return true;
    default: return false;
  }
}

dxscreen_verdict to_verdict(pl::Verdict verdict) {
  switch (verdict) {
    case pl::Verdict::accepted: return DXSCREEN_VERDICT_ACCEPTED;
    case pl::Verdict::rejected: return DXSCREEN_VERDICT_REJECTED;
    case pl::Verdict::error: break;
  }
  return DXSCREEN_VERDICT_ERROR;
}

// The engine behind a live handle, or null when it was closed meanwhile.
std::shared_ptr<pl::Engine> engine_of(dxscreen_engine* handle) {
  std::lock_guard lock(handle->mutex);
  return handle->engine;
}

}  // namespace

extern "C" {

DXSCREEN_API const char* dxscreen_version(void) { return pl::version(); }

DXSCREEN_API int dxscreen_abi_version(void) { return DXSCREEN_ABI_VERSION; }

DXSCREEN_API const char* dxscreen_status_string(dxscreen_status status) {
  switch (status) {
    case DXSCREEN_OK: return "ok";
    case DXSCREEN_INVALID_ARGUMENT: return "invalid argument";
    case DXSCREEN_NULL_POINTER: return "null pointer";
    case DXSCREEN_CLOSED_HANDLE: return "closed handle";
    case DXSCREEN_EMPTY_INPUT: return "empty input";
    case DXSCREEN_UNREADABLE_INPUT: return "unreadable input";
    case DXSCREEN_LOAD_FAILED: return "load failed";
    case DXSCREEN_USAGE: return "usage error";
    case DXSCREEN_INTERNAL: return "internal error";
    default: break;
  }
  return "unknown status";
}

DXSCREEN_API void dxscreen_string_free(char* text) { std::free(text); }

DXSCREEN_API dxscreen_status dxscreen_engine_open(const char* mappings_dir, const char* config_path,
                                                  dxscreen_engine** out, char** error_message) {
  if (error_message != nullptr) *error_message = nullptr;
  if (out == nullptr) return fail(error_message, DXSCREEN_NULL_POINTER, "out (dxscreen_engine**) is NULL");
  *out = nullptr;
  if (mappings_dir != nullptr && *mappings_dir == '\0')
    return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "mappings_dir is empty (pass NULL for the default)");
  if (config_path != nullptr && *config_path == '\0')
    return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "config_path is empty (pass NULL for none)");
  try {
    auto handle = std::make_unique<dxscreen_engine>();
    handle->mappings_dir = mappings_dir != nullptr ? mappings_dir : "";
    handle->config_path = config_path != nullptr ? config_path : "";
    try {
      pl::Config config = load_config_or_defaults(handle->config_path);
      resolve_mappings(config, handle->mappings_dir);
      handle->engine = pl::Engine::open(std::move(config));
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      return fail(error_message, DXSCREEN_LOAD_FAILED, e.what());
    }
    handle->magic.store(kEngineMagic, std::memory_order_release);
    *out = handle.release();
    return DXSCREEN_OK;
  } catch (...) {
    return fail_current_exception(error_message);
  }
}

DXSCREEN_API dxscreen_status dxscreen_reload(dxscreen_engine* engine, const char* mappings_dir,
                                             const char* config_path, char** error_message) {
  if (error_message != nullptr) *error_message = nullptr;
  if (const dxscreen_status s = check_engine(engine, error_message); s != DXSCREEN_OK) return s;
  if (mappings_dir != nullptr && *mappings_dir == '\0')
    return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "mappings_dir is empty (pass NULL to keep the current one)");
  if (config_path != nullptr && *config_path == '\0')
    return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "config_path is empty (pass NULL to keep the current one)");
  try {
    std::string dir, file;
    std::shared_ptr<pl::Engine> current;
    {
      std::lock_guard lock(engine->mutex);
      current = engine->engine;
      dir = mappings_dir != nullptr ? mappings_dir : engine->mappings_dir;
      file = config_path != nullptr ? config_path : engine->config_path;
    }
    if (!current) return fail(error_message, DXSCREEN_CLOSED_HANDLE, "engine was closed with dxscreen_engine_close");
    try {
      pl::Config config = load_config_or_defaults(file);
      resolve_mappings(config, dir);
      current->reload(std::move(config));
    } catch (const std::bad_alloc&) {
      throw;
    } catch (const std::exception& e) {
      return fail(error_message, DXSCREEN_LOAD_FAILED, e.what());
    }
    std::lock_guard lock(engine->mutex);
    engine->mappings_dir = std::move(dir);
    engine->config_path = std::move(file);
    return DXSCREEN_OK;
  } catch (...) {
    return fail_current_exception(error_message);
  }
}

DXSCREEN_API dxscreen_status dxscreen_engine_close(dxscreen_engine* engine) {
  if (engine == nullptr) return DXSCREEN_NULL_POINTER;
  std::uint64_t expected = kEngineMagic;
  if (!engine->magic.compare_exchange_strong(expected, kClosedMagic, std::memory_order_acq_rel))
    return expected == kClosedMagic ? DXSCREEN_CLOSED_HANDLE : DXSCREEN_INVALID_ARGUMENT;
  try {
    std::shared_ptr<pl::Engine> released;
    {
      std::lock_guard lock(engine->mutex);
      released.swap(engine->engine);
    }
    released.reset();  // screens still running hold their own EngineState
    closed_handles().retire(engine);
  } catch (...) {
    // Marked closed already; the handle (and whatever it still holds) stays allocated.
  }
  return DXSCREEN_OK;
}

DXSCREEN_API dxscreen_status dxscreen_screen(dxscreen_engine* engine, const void* data, size_t len,
                                             dxscreen_format hint, dxscreen_response kind,
                                             const dxscreen_options* opts, dxscreen_result** out,
                                             char** error_message) {
  if (error_message != nullptr) *error_message = nullptr;
  if (out == nullptr) return fail(error_message, DXSCREEN_NULL_POINTER, "out (dxscreen_result**) is NULL");
  *out = nullptr;
  if (const dxscreen_status s = check_engine(engine, error_message); s != DXSCREEN_OK) return s;
  if (data == nullptr && len > 0) return fail(error_message, DXSCREEN_NULL_POINTER, "data is NULL but len is not 0");
  try {
    pl::Request request;
    if (!to_input_kind(hint, &request.hint))
      return fail(error_message, DXSCREEN_INVALID_ARGUMENT,
                  "hint " + std::to_string(static_cast<long long>(hint)) + " is not a dxscreen_format");
    if (!to_response_kind(kind, &request.response))
      return fail(error_message, DXSCREEN_INVALID_ARGUMENT,
                  "kind " + std::to_string(static_cast<long long>(kind)) + " is not a dxscreen_response");
    dxscreen_options options;
    if (const dxscreen_status s = read_options(opts, &options, error_message); s != DXSCREEN_OK) return s;
    if (options.date_override != nullptr) {
      if (!valid_date(options.date_override))
        return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "options->date_override is not a date YYYY-MM-DD");
      request.options.date_override = dxs::Date::parse_iso(options.date_override);
    }
    if (options.today != nullptr) {
      if (!valid_date(options.today))
        return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "options->today is not a date YYYY-MM-DD");
      request.options.default_date = *dxs::Date::parse_iso(options.today);
    } else {
      request.options.default_date = today_from_clock();
    }
    if (options.processing_time != nullptr && !valid_processing_time(options.processing_time))
      return fail(error_message, DXSCREEN_INVALID_ARGUMENT, "options->processing_time is not YYYY-MM-DDTHH:MM");
    if (options.strict != 0) request.strict = true;
    if (options.input_name != nullptr) request.input_name = options.input_name;
    if (len == 0) return fail(error_message, DXSCREEN_EMPTY_INPUT, "the input is empty (len is 0)");

    const std::shared_ptr<pl::Engine> current = engine_of(engine);
    if (!current) return fail(error_message, DXSCREEN_CLOSED_HANDLE, "engine was closed with dxscreen_engine_close");
    const std::shared_ptr<const pl::EngineState> state = current->state();
    if (options.processing_time != nullptr) {
      request.processing_time = options.processing_time;
    } else if (state->config.x12.processing_time_policy == pl::ProcessingTimePolicy::clock) {
      request.processing_time = now_processing_time();
    }
    request.bytes = std::string_view(static_cast<const char*>(data), len);

    pl::InputReport report = pl::screen(*state, request);
    if (report.usage_error) return fail(error_message, DXSCREEN_USAGE, report.usage_message);

    auto result = std::make_unique<dxscreen_result>();
    result->bytes = std::move(report.response);
    result->media_type = std::move(report.media_type);
    result->format = std::move(report.format);
    result->data_version = std::move(report.code_set_version);
    result->verdict = to_verdict(report.verdict);
    result->claims = report.counts.claims;
    result->accepted = report.counts.accepted;
    result->rejected = report.counts.rejected;
    result->input_errors = report.errors.size();
    result->magic.store(kResultMagic, std::memory_order_release);
    *out = result.release();
    if (report.unreadable) {
      std::string message = "the input could not be read";
      if (!report.errors.empty()) message += ": " + report.errors.front().message;
      return fail(error_message, DXSCREEN_UNREADABLE_INPUT, message);
    }
    return DXSCREEN_OK;
  } catch (...) {
    if (*out != nullptr) {
      dxscreen_result_free(*out);
      *out = nullptr;
    }
    return fail_current_exception(error_message);
  }
}

DXSCREEN_API const char* dxscreen_result_bytes(const dxscreen_result* result, size_t* len) {
  const dxscreen_result* r = live_result(result);
  if (len != nullptr) *len = r != nullptr ? r->bytes.size() : 0;
  return r != nullptr ? r->bytes.c_str() : nullptr;
}

DXSCREEN_API const char* dxscreen_result_media_type(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->media_type.c_str() : nullptr;
}

DXSCREEN_API const char* dxscreen_result_format(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->format.c_str() : nullptr;
}

DXSCREEN_API const char* dxscreen_result_data_version(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->data_version.c_str() : nullptr;
}

DXSCREEN_API dxscreen_verdict dxscreen_result_verdict(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->verdict : DXSCREEN_VERDICT_ERROR;
}

DXSCREEN_API size_t dxscreen_result_claims(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->claims : 0;
}

DXSCREEN_API size_t dxscreen_result_accepted(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->accepted : 0;
}

DXSCREEN_API size_t dxscreen_result_rejected(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->rejected : 0;
}

DXSCREEN_API size_t dxscreen_result_input_errors(const dxscreen_result* result) {
  const dxscreen_result* r = live_result(result);
  return r != nullptr ? r->input_errors : 0;
}

DXSCREEN_API void dxscreen_result_free(dxscreen_result* result) {
  if (result == nullptr) return;
  std::uint64_t expected = kResultMagic;
  if (!result->magic.compare_exchange_strong(expected, kFreedResultMagic, std::memory_order_acq_rel)) return;
  delete result;
}

}  // extern "C"
