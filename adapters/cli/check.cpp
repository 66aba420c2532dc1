// dxscreen check: screens files, directories (recursively, sorted) and stdin; answers as text,
// the JSON report, X12 999/277CA or FHIR OperationOutcome, to stdout or one file per input.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "adapters/cli/cli.hpp"
#include "adapters/pipeline/pipeline.hpp"

namespace dxs::cli {
namespace {

namespace fs = std::filesystem;
using pipeline::Counts;
using pipeline::InputReport;
using pipeline::ResponseKind;

struct CheckOptions {
  std::string format;  // "" = text on a terminal, json otherwise
  std::optional<Date> date_override;
  std::string processing_time;
  bool strict = false;
  std::string out_dir;
  std::string config_file;
  std::string mappings_dir;
  bool quiet = false;
  std::vector<std::string> inputs;
};

struct InputFile {
  fs::path path;          // "-" for stdin
  std::string display;    // name in reports
  fs::path out_relative;  // where its response goes under --out (without the extension)
  std::uint64_t size = 0;
};

// A response file written in place only once complete: a temporary file in the target
// directory, renamed over the final name.
class AtomicFile {
 public:
  explicit AtomicFile(const fs::path& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      error_ = "cannot create " + dir.string() + ": " + ec.message();
      return;
    }
    std::string pattern = (dir / ".dxscreen-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    const int fd = mkstemp(buf.data());
    if (fd < 0) {
      error_ = "cannot create a file in " + dir.string() + ": " + std::strerror(errno);
      return;
    }
    ::close(fd);
    temp_ = buf.data();
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_) error_ = "cannot write " + temp_.string();
  }
  ~AtomicFile() { discard(); }
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  [[nodiscard]] bool ok() const { return error_.empty(); }
  [[nodiscard]] const std::string& error() const { return error_; }
  std::ostream& stream() { return out_; }

  bool commit(const fs::path& final_path) {
    out_.flush();
    out_.close();
    if (out_.fail()) {
      error_ = "cannot write " + final_path.string();
      discard();
      return false;
    }
    std::error_code ec;
    fs::rename(temp_, final_path, ec);
    if (ec) {
      error_ = "cannot create " + final_path.string() + ": " + ec.message();
      discard();
      return false;
    }
    temp_.clear();
    return true;
  }
  void discard() {
    if (temp_.empty()) return;
    if (out_.is_open()) out_.close();
    std::error_code ec;
    fs::remove(temp_, ec);
    temp_.clear();
  }

 private:
  fs::path temp_;
  std::ofstream out_;
  std::string error_;
};

// "[#########.........]  45%  12/30 inputs  1,234 claims" on stderr, at most 10 times a second,
// only once the batch has run for a second.
class Progress {
 public:
  Progress(bool enabled, std::uint64_t total_bytes, std::size_t inputs)
      : enabled_(enabled), total_bytes_(total_bytes), inputs_(inputs), start_(Clock::now()) {}
  void update(std::size_t inputs_done, std::uint64_t bytes_done, std::size_t claims, bool force = false) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - start_ < std::chrono::seconds(1)) return;
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    const double fraction = total_bytes_ ? std::min(1.0, static_cast<double>(bytes_done) / static_cast<double>(total_bytes_)) : 0.0;
    const int width = 30;
    const int filled = static_cast<int>(fraction * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.append(static_cast<std::size_t>(width - filled), '.');
    char line[160];
    std::snprintf(line, sizeof line, "\r[%s] %3d%%  %zu/%zu inputs  %zu claims", bar.c_str(),
                  static_cast<int>(fraction * 100), inputs_done, inputs_, claims);
    std::fputs(line, stderr);
    std::fflush(stderr);
    shown_ = true;
  }
  void clear() {
    if (!shown_) return;
    std::fputs("\r\033[K", stderr);
    std::fflush(stderr);
    shown_ = false;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  std::uint64_t total_bytes_;
  std::size_t inputs_;
  Clock::time_point start_, last_{};
  bool shown_ = false;
};

// Extensions of the messages a directory walk picks up (files named on the command line are
// always screened): X12 interchanges, FHIR JSON/XML/NDJSON.
bool message_extension(const fs::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* known : {".x12", ".edi", ".837", ".txt", ".dat", ".json", ".ndjson", ".jsonl", ".xml"})
    if (ext == known) return true;
  return false;
}

bool hidden(const fs::path& relative) {
  for (const auto& part : relative) {
    const std::string name = part.string();
    if (name.size() > 1 && name[0] == '.' && name != "..") return true;
  }
  return false;
}

// Expands the arguments into the inputs, in order; directories recursively in sorted order.
std::vector<InputFile> collect_inputs(const std::vector<std::string>& args, int* exit_code) {
  std::vector<InputFile> files;
  for (const std::string& arg : args) {
    if (arg == "-") {
      files.push_back({"-", "-", "stdin", 0});
      continue;
    }
    const fs::path path(arg);
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
      std::cerr << "dxscreen check: cannot read " << arg << ": no such file or directory\n";
      *exit_code = pipeline::combine_exit_codes(*exit_code, pipeline::exit_unreadable);
      continue;
    }
    if (fs::is_directory(status)) {
      std::vector<fs::path> found;
      fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
      for (; !ec && it != end; it.increment(ec)) {
        const fs::path rel = it->path().lexically_relative(path);
        if (hidden(rel)) {
          if (it->is_directory(ec)) it.disable_recursion_pending();
          continue;
        }
        if (it->is_regular_file(ec) && message_extension(rel)) found.push_back(it->path());
      }
      if (ec) {
        std::cerr << "dxscreen check: cannot walk " << arg << ": " << ec.message() << "\n";
        *exit_code = pipeline::combine_exit_codes(*exit_code, pipeline::exit_unreadable);
      }
      std::sort(found.begin(), found.end(),
                [](const fs::path& a, const fs::path& b) { return a.generic_string() < b.generic_string(); });
      for (const fs::path& f : found) {
        std::error_code size_ec;
        const auto size = fs::file_size(f, size_ec);
        files.push_back({f, f.generic_string(), f.lexically_relative(path), size_ec ? 0 : size});
      }
      continue;
    }
    std::error_code size_ec;
    const auto size = fs::file_size(path, size_ec);
    files.push_back({path, arg, path.filename(), size_ec ? 0 : size});
  }
  return files;
}

std::string extension_for(ResponseKind kind, const InputReport& report) {
  switch (kind) {
    case ResponseKind::json_report: return ".json";
    case ResponseKind::text: return ".txt";
    case ResponseKind::x12: return ".ack.x12";
    default: break;
  }
  if (report.media_type.find("ndjson") != std::string::npos) return ".outcome.ndjson";
  if (report.media_type.find("xml") != std::string::npos) return ".outcome.xml";
  return ".outcome.json";
}

const char* format_name_for_usage(ResponseKind kind) {
  return kind == ResponseKind::x12 ? "x12" : "fhir";
}

}  // namespace

void print_check_help(std::ostream& out) {
  out << "Usage: dxscreen check [options] FILE|DIR|- ...\n"
         "\n"
         "Screens the ICD-10-CM diagnosis codes of every claim in the inputs: X12 837 (P, I, D),\n"
         "FHIR Claim/Bundle (JSON or XML) and FHIR NDJSON, recognised from their content.\n"
         "Directories are walked recursively in sorted order, taking the files named *.x12, *.edi,\n"
         "*.837, *.txt, *.dat, *.json, *.ndjson, *.jsonl and *.xml (hidden files and folders skipped);\n"
         "'-' reads stdin. Files of any size are screened claim by claim in bounded memory.\n"
         "\n"
         "Options:\n"
         "  --format text|json|x12|fhir\n"
         "                          text: one line per finding, then a summary (default on a terminal)\n"
         "                          json: the JSON report {\"dxscreen\", \"results\", \"errors\"} (default otherwise)\n"
         "                          x12:  999 then 277CA (or TA1) for X12 input\n"
         "                          fhir: OperationOutcome for FHIR input, in the input's encoding\n"
         "  --date-override YYYY-MM-DD\n"
         "                          screen every claim against the code set in force on this date\n"
         "  --processing-time YYYY-MM-DDTHH:MM\n"
         "                          date and time written into 999/277CA/TA1 (default: x12.processing_time\n"
         "                          of the config; \"input\" = the 837's GS04/GS05)\n"
         "  --strict                warnings of convention rules become errors (rejections)\n"
         "  --out DIR               write one response per input into DIR (input name + .json, .txt,\n"
         "                          .ack.x12 or .outcome.json/.xml/.ndjson), each written completely to a\n"
         "                          temporary file first and then renamed\n"
         "  --config FILE           configuration (default: $DXSCREEN_CONFIG, else the installed\n"
         "                          conf/dxscreen.json)\n"
         "  --mappings DIR          data folder (code sets, notes, rule packs, body sites)\n"
         "  --quiet                 no progress and no summary on stderr\n"
         "  --help                  this text\n"
         "\n"
         "The summary (claims, accepted, rejected, findings by rule) ends the text output; for json,\n"
         "x12 and fhir it goes to stderr. --format x12 on FHIR input and --format fhir on X12 input\n"
         "are usage errors.\n"
         "\n"
         "Exit codes: 0 every claim accepted, 1 a claim or input rejected, 2 unreadable input or\n"
         "usage error, 3 internal error.\n";
}

int check_main(const std::vector<std::string>& args) {
  CheckOptions o;
  try {
    ArgReader reader(args);
    bool only_inputs = false;
    while (!reader.done()) {
      bool is_option = false;
      std::string arg = reader.next(&is_option);
      if (arg == "--" && !only_inputs) {  // everything after it is an input
        only_inputs = true;
        continue;
      }
      if (only_inputs || !is_option) {
        if (!only_inputs && arg.size() > 1 && arg[0] == '-' && arg != "-")
          throw UsageError("unknown option " + arg);
        o.inputs.push_back(arg);
        continue;
      }
      if (arg == "--help") {
        print_check_help(std::cout);
        return 0;
      } else if (arg == "--format") {
        o.format = reader.value(arg);
        if (o.format != "text" && o.format != "json" && o.format != "x12" && o.format != "fhir")
          throw UsageError("option --format must be text, json, x12 or fhir, got \"" + o.format + "\"");
      } else if (arg == "--date-override") {
        o.date_override = parse_date_option(arg, reader.value(arg));
      } else if (arg == "--processing-time") {
        o.processing_time = reader.value(arg);
        Date date;
        int hhmm = 0;
        if (!pipeline::parse_processing_time(o.processing_time, &date, &hhmm))
          throw UsageError("option --processing-time needs YYYY-MM-DDTHH:MM, got \"" + o.processing_time + "\"");
      } else if (arg == "--strict") {
        reader.no_value(arg);
        o.strict = true;
      } else if (arg == "--quiet") {
        reader.no_value(arg);
        o.quiet = true;
      } else if (arg == "--out") {
        o.out_dir = reader.value(arg);
        if (o.out_dir.empty()) throw UsageError("option --out needs a directory");
      } else if (arg == "--config") {
        o.config_file = reader.value(arg);
      } else if (arg == "--mappings") {
        o.mappings_dir = reader.value(arg);
      } else {
        throw UsageError("unknown option " + arg);
      }
    }
    if (o.inputs.empty()) throw UsageError("no input: give one or more FILE, DIR or - (stdin)");
    if (std::count(o.inputs.begin(), o.inputs.end(), "-") > 1) throw UsageError("stdin (-) can be read once only");
  } catch (const UsageError& e) {
    std::cerr << "dxscreen check: " << e.what() << "\n(see dxscreen check --help)\n";
    return exit_usage;
  }
  if (o.format.empty()) o.format = isatty(STDOUT_FILENO) ? "text" : "json";
  const ResponseKind kind = o.format == "text"   ? ResponseKind::text
                            : o.format == "json" ? ResponseKind::json_report
                            : o.format == "x12"  ? ResponseKind::x12
                                                 : ResponseKind::fhir;

  const std::shared_ptr<pipeline::Engine> engine = open_engine("check", o.config_file, o.mappings_dir);
  if (!engine) return exit_usage;
  const auto state = engine->state();

  int exit_code = pipeline::exit_accepted;
  const std::vector<InputFile> inputs = collect_inputs(o.inputs, &exit_code);
  std::uint64_t total_bytes = 0;
  for (const InputFile& f : inputs) total_bytes += f.size;

  const bool to_files = !o.out_dir.empty();
  pipeline::Request base;
  base.response = kind;
  base.options.default_date = today_from_clock();
  base.options.date_override = o.date_override;
  if (o.strict) base.strict = true;
  base.processing_time = o.processing_time;
  if (base.processing_time.empty() &&
      state->config.x12.processing_time_policy == pipeline::ProcessingTimePolicy::clock)
    base.processing_time = now_processing_time();

  Progress progress(!o.quiet && isatty(STDERR_FILENO), total_bytes, inputs.size());
  std::optional<pipeline::JsonReportWriter> json_stdout;
  if (kind == ResponseKind::json_report && !to_files) json_stdout.emplace(std::cout);
  Counts total;
  std::uint64_t bytes_before = 0;
  std::size_t inputs_done = 0;

  for (const InputFile& input : inputs) {
    pipeline::FileByteSource source(input.path);
    if (!source.is_open()) {
      progress.clear();
      std::cerr << "dxscreen check: cannot read " << input.display << ": " << source.open_error() << "\n";
      exit_code = pipeline::combine_exit_codes(exit_code, pipeline::exit_unreadable);
      ++inputs_done;
      continue;
    }
    std::optional<AtomicFile> file;
    if (to_files) {
      file.emplace((fs::path(o.out_dir) / input.out_relative).parent_path());
      if (!file->ok()) {
        progress.clear();
        std::cerr << "dxscreen check: " << file->error() << "\n";
        return exit_usage;
      }
    }
    std::ostream& out = file ? file->stream() : std::cout;
    std::optional<pipeline::JsonReportWriter> json_file;
    if (file && kind == ResponseKind::json_report) json_file.emplace(out);
    pipeline::JsonReportWriter* json = json_file ? &*json_file : (json_stdout ? &*json_stdout : nullptr);

    pipeline::Request request = base;
    request.input_name = input.display;
    char last_byte = '\n';
    if (kind == ResponseKind::fhir)
      request.response_writer = [&out, &last_byte](std::string_view bytes) {
        out << bytes;
        if (!bytes.empty()) last_byte = bytes.back();
      };
    std::size_t claims_here = 0;
    const pipeline::ReportSink sink = [&](const ClaimResult& result) {
      ++claims_here;
      if (json) json->add_result(input.display, result);
      else if (kind == ResponseKind::text) {
        if (!file && !result.findings.empty()) progress.clear();  // the bar shares the terminal
        pipeline::write_text_findings(out, input.display, result);
      }
      if ((claims_here & 63) == 0)
        progress.update(inputs_done, bytes_before + source.bytes_read(), total.claims + claims_here);
    };
    InputReport report = pipeline::screen_stream(*state, source, request, sink);
    bytes_before += source.bytes_read();
    ++inputs_done;

    if (report.usage_error) {
      progress.clear();
      std::cerr << "dxscreen check: --format " << format_name_for_usage(kind) << " does not fit "
                << input.display << ": " << report.usage_message << "\n";
      exit_code = pipeline::combine_exit_codes(exit_code, exit_usage);
      if (json_file) json_file.reset();
      if (file) file->discard();
      continue;
    }
    if (json) json->add_errors(input.display, report.errors);
    if (kind == ResponseKind::text) {
      pipeline::write_text_errors(out, input.display, report.errors);
      if (file) pipeline::write_text_summary(out, 1, report.counts);
    } else if (kind == ResponseKind::x12) {
      out << report.response;
    } else if (kind == ResponseKind::fhir) {
      out << report.response;  // empty when streamed through response_writer
      if (!report.response.empty()) last_byte = report.response.back();
      // On stdout, responses of several inputs stay on lines of their own.
      if (!file && last_byte != '\n') out << '\n';
    }
    if (kind != ResponseKind::text && kind != ResponseKind::json_report && !o.quiet) {
      progress.clear();
      pipeline::write_text_errors(std::cerr, input.display, report.errors);
    }
    total.add(report.counts);
    exit_code = pipeline::combine_exit_codes(exit_code, pipeline::exit_code(report));

    if (file) {
      if (json_file) json_file->finish();
      json_file.reset();
      const fs::path target = fs::path(o.out_dir) / input.out_relative;
      const fs::path final_path = target.parent_path() / (target.filename().string() + extension_for(kind, report));
      bool empty = false;
      if (kind == ResponseKind::x12) empty = report.response.empty();
      if (empty) {
        file->discard();
      } else if (!file->commit(final_path)) {
        progress.clear();
        std::cerr << "dxscreen check: " << file->error() << "\n";
        exit_code = pipeline::combine_exit_codes(exit_code, exit_usage);
      }
    }
    progress.update(inputs_done, bytes_before, total.claims, true);
  }
  progress.clear();
  if (json_stdout) json_stdout->finish();
  std::cout.flush();
  if (kind == ResponseKind::text && !to_files) {
    pipeline::write_text_summary(std::cout, inputs.size(), total);
  } else if (!o.quiet) {
    pipeline::write_text_summary(std::cerr, inputs.size(), total);
  }
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "dxscreen check: cannot write the output\n";
    return exit_usage;
  }
  return exit_code;
}

}  // namespace dxs::cli
