// In-process measurements for tests/bench/run.sh. Each mode runs in its own process and prints
// one line of key=value pairs, ending with the process's peak RSS (getrusage), so every figure
// comes with the memory it took. The shipped mappings are loaded first (load time not counted
// in throughput figures, counted in the RSS).
//   dxs_bench x12 <file>             pipeline::screen_stream, JSON report written to a null stream
//   dxs_bench ndjson <file>          same for FHIR NDJSON
//   dxs_bench document <file>        whole-document pipeline::screen (FHIR Bundle), OperationOutcome response
//   dxs_bench latency <x12> <fhir> <n>   single-claim pipeline::screen, n runs each: p50/p99
//   dxs_bench codesets <mappings>    CodeSet::parse per FY file and load_knowledge in total
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

#include "adapters/mappings/mappings.hpp"
#include "adapters/pipeline/pipeline.hpp"
#include "core/code_set.hpp"

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using dxs::pipeline::Engine;
using dxs::pipeline::ResponseKind;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class NullBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

std::shared_ptr<Engine> open_engine() {
  dxs::pipeline::Config config;
  config.mappings.dir = fs::path(DXS_SOURCE_DIR) / "mappings";
  config.screening.default_date_policy = dxs::pipeline::DatePolicy::fixed;
  config.screening.default_date = dxs::Date::from_ymd(2025, 11, 4);
  return Engine::open(config);
}

int stream_mode(const char* mode, const fs::path& file) {
  const auto engine = open_engine();
  const auto state = engine->state();
  const auto size = fs::file_size(file);
  NullBuffer null_buffer;
  std::ostream null_out(&null_buffer);
  dxs::pipeline::JsonReportWriter writer(null_out);
  dxs::pipeline::FileByteSource source(file);
  dxs::pipeline::Request request;
  request.input_name = file.filename().string();
  request.response = ResponseKind::json_report;
  std::size_t results = 0, rejected = 0;
  const auto start = Clock::now();
  const auto report = dxs::pipeline::screen_stream(*state, source, request, [&](const dxs::ClaimResult& r) {
    ++results;
    if (r.rejected) ++rejected;
    writer.add_result(request.input_name, r);
  });
  writer.add_errors(request.input_name, report.errors);
  writer.finish();
  const double secs = seconds_since(start);
  std::printf("mode=%s bytes=%llu claims=%zu rejected=%zu errors=%zu seconds=%.3f mb_per_s=%.1f claims_per_s=%.0f peak_rss_kb=%ld\n",
              mode, static_cast<unsigned long long>(size), results, rejected, report.errors.size(), secs,
              static_cast<double>(size) / 1e6 / secs, static_cast<double>(results) / secs, peak_rss_kb());
  return results == 0 ? 1 : 0;
}

int document_mode(const fs::path& file) {
  const auto engine = open_engine();
  const auto state = engine->state();
  const std::string bytes = read_file(file);
  dxs::pipeline::Request request;
  request.bytes = bytes;
  request.input_name = file.filename().string();
  request.response = ResponseKind::fhir;
  const auto start = Clock::now();
  const auto report = dxs::pipeline::screen(*state, request);
  const double secs = seconds_since(start);
  std::printf("mode=document bytes=%zu claims=%zu rejected=%zu errors=%zu response_bytes=%zu seconds=%.3f mb_per_s=%.1f claims_per_s=%.0f peak_rss_kb=%ld\n",
              bytes.size(), report.counts.claims, report.counts.rejected, report.errors.size(),
              report.response.size(), secs, static_cast<double>(bytes.size()) / 1e6 / secs,
              static_cast<double>(report.counts.claims) / secs, peak_rss_kb());
  return report.counts.claims == 0 ? 1 : 0;
}

double percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const auto at = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
  return v[at];
}

int latency_mode(const fs::path& x12_file, const fs::path& fhir_file, int runs) {
  const auto engine = open_engine();
  for (const auto& [name, file, kind] : {std::tuple{"x12", x12_file, ResponseKind::x12},
                                         std::tuple{"fhir", fhir_file, ResponseKind::fhir}}) {
    const std::string bytes = read_file(file);
    dxs::pipeline::Request request;
    request.bytes = bytes;
    request.response = kind;
    std::vector<double> micros;
    micros.reserve(static_cast<std::size_t>(runs));
    std::size_t response_bytes = 0;
    for (int i = 0; i < runs + runs / 10; ++i) {  // the first tenth warms up
      const auto start = Clock::now();
      const auto report = dxs::pipeline::screen(*engine, request);
      const double us = seconds_since(start) * 1e6;
      if (report.counts.claims != 1) {
        std::fprintf(stderr, "latency: %s sample must hold one claim (got %zu)\n", name, report.counts.claims);
        return 1;
      }
      response_bytes = report.response.size();
      if (i >= runs / 10) micros.push_back(us);
    }
    std::printf("mode=latency format=%s runs=%d p50_us=%.1f p99_us=%.1f response_bytes=%zu peak_rss_kb=%ld\n", name,
                runs, percentile(micros, 0.50), percentile(micros, 0.99), response_bytes, peak_rss_kb());
  }
  return 0;
}

int codesets_mode(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir / "icd10cm")) {
    const auto name = entry.path().filename().string();
    if (name.rfind("icd10cm-", 0) == 0 && entry.path().extension() == ".tsv") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const auto start = Clock::now();
    std::string text = read_file(file);
    const double read_ms = seconds_since(start) * 1e3;
    const auto parse_start = Clock::now();
    auto parsed = dxs::CodeSet::parse(std::move(text), file.filename().string());
    const double parse_ms = seconds_since(parse_start) * 1e3;
    if (!parsed.ok()) {
      std::fprintf(stderr, "codesets: %s\n", parsed.error().message.c_str());
      return 1;
    }
    std::printf("mode=codeset file=%s codes=%zu read_ms=%.1f parse_ms=%.1f\n", file.filename().string().c_str(),
                parsed.value()->size(), read_ms, parse_ms);
  }
  const auto start = Clock::now();
  const auto knowledge = dxs::mappings::load_knowledge(dir);
  std::printf("mode=knowledge code_sets=%zu load_ms=%.1f peak_rss_kb=%ld\n", knowledge->code_sets.size(),
              seconds_since(start) * 1e3, peak_rss_kb());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  try {
    if ((mode == "x12" || mode == "ndjson") && argc == 3) return stream_mode(mode.c_str(), argv[2]);
    if (mode == "document" && argc == 3) return document_mode(argv[2]);
    if (mode == "latency" && argc == 5) return latency_mode(argv[2], argv[3], std::atoi(argv[4]));
    if (mode == "codesets" && argc == 3) return codesets_mode(argv[2]);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "dxs_bench: %s\n", e.what());
    return 1;
  }
  std::fprintf(stderr, "usage: dxs_bench x12|ndjson|document <file> | latency <x12> <fhir> <runs> | codesets <dir>\n");
  return 2;
}
