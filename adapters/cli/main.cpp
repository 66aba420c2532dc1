// dxscreen: entry point and sub-command dispatch.
#include <cstdio>
#include <ctime>
#include <exception>
#include <iostream>

#include "adapters/cli/cli.hpp"
#include "adapters/mappings/import_command.hpp"
#include "adapters/pipeline/pipeline.hpp"
#ifdef DXS_HAVE_HTTP
#include "adapters/http/serve.hpp"
#endif

namespace dxs::cli {

std::string ArgReader::next(bool* is_option) {
  inline_value_.reset();
  std::string arg = args_[pos_++];
  *is_option = arg.size() > 2 && arg.compare(0, 2, "--") == 0;
  if (arg == "-h") {
    *is_option = true;
    return "--help";
  }
  if (*is_option) {
    if (const auto eq = arg.find('='); eq != std::string::npos) {
      inline_value_ = arg.substr(eq + 1);
      arg.resize(eq);
    }
  }
  return arg;
}

std::string ArgReader::value(std::string_view option) {
  if (inline_value_) {
    std::string v = std::move(*inline_value_);
    inline_value_.reset();
    return v;
  }
  if (pos_ >= args_.size()) throw UsageError("option " + std::string(option) + " needs a value");
  return args_[pos_++];
}

void ArgReader::no_value(std::string_view option) const {
  if (inline_value_) throw UsageError("option " + std::string(option) + " takes no value");
}

Date today_from_clock() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return Date::from_ymd(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday);
}

std::string now_processing_time() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M", &local);
  return buf;
}

Date parse_date_option(std::string_view option, std::string_view text) {
  auto d = Date::parse_iso(text);
  if (!d || text.size() != 10)
    throw UsageError("option " + std::string(option) + " needs a date YYYY-MM-DD, got \"" + std::string(text) + "\"");
  return *d;
}

std::shared_ptr<pipeline::Engine> open_engine(std::string_view command, const std::string& config_file,
                                              const std::string& mappings_dir) {
  try {
    pipeline::Config config;
    const std::filesystem::path file =
        config_file.empty() ? pipeline::default_config_path() : std::filesystem::path(config_file);
    if (!file.empty()) config = pipeline::load_config(file);
    if (!mappings_dir.empty()) config.mappings.dir = mappings_dir;
    return pipeline::Engine::open(std::move(config));
  } catch (const std::exception& e) {
    std::cerr << "dxscreen " << command << ": " << e.what() << "\n";
    return nullptr;
  }
}

}  // namespace dxs::cli

namespace {

void print_help(std::ostream& out) {
  out << "dxscreen " << dxs::pipeline::version()
      << " - screens ICD-10-CM diagnosis codes on X12 837 and HL7 FHIR claims\n"
         "\n"
         "Usage:\n"
         "  dxscreen check [options] FILE|DIR|- ...   screen claims; answer as text, JSON, X12 999/277CA or FHIR\n"
         "  dxscreen explain CODE [options]           what dxscreen knows about one ICD-10-CM code\n"
         "  dxscreen import-icd10cm [options]         convert CDC release files into mappings/ data files\n"
         "  dxscreen serve [options]                  run the HTTPS service\n"
         "  dxscreen --version                        print the version\n"
         "  dxscreen <command> --help                 options of one command\n"
         "\n"
         "Exit codes (check): 0 every claim accepted, 1 a claim or input rejected,\n"
         "2 unreadable input or usage error, 3 internal error.\n";
}

int dispatch(const std::vector<std::string>& args) {
  using namespace dxs;
  if (args.empty()) {
    print_help(std::cerr);
    return cli::exit_usage;
  }
  const std::string& command = args[0];
  const std::vector<std::string> rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    print_help(std::cout);
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::cout << "dxscreen " << pipeline::version() << "\n";
    return 0;
  }
  if (command == "check") return cli::check_main(rest);
  if (command == "explain") return cli::explain_main(rest);
  if (command == "import-icd10cm") return mappings::import_main(rest, std::cout, std::cerr);
  if (command == "serve") {
#ifdef DXS_HAVE_HTTP
    return http::serve_main(rest);
#else
    std::cerr << "dxscreen serve: this build has no HTTP service (adapters/http was not built)\n";
    return cli::exit_usage;
#endif
  }
  std::cerr << "dxscreen: unknown command \"" << command
            << "\" (commands: check, explain, import-icd10cm, serve; see dxscreen --help)\n";
  return cli::exit_usage;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    const int code = dispatch(args);
    std::cout.flush();
    return code;
  } catch (const std::exception& e) {
    std::cout.flush();
    std::cerr << "dxscreen: internal error: " << e.what() << "\n";
    return dxs::cli::exit_internal;
  }
}
