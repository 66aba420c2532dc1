#pragma once
// The `dxscreen` command: sub-commands and the small helpers they share. The clock is read here
// and nowhere else in the product; it is passed down as ScreenOptions::default_date.
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/pipeline/pipeline.hpp"
#include "core/date.hpp"

namespace dxs::cli {

inline constexpr int exit_usage = 2;
inline constexpr int exit_internal = 3;

// A usage problem: printed as "dxscreen <command>: <message>" plus a hint, exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Walks argv: options ("--name value", "--name=value", flags) and positional arguments.
class ArgReader {
 public:
  explicit ArgReader(std::vector<std::string> args) : args_(std::move(args)) {}
  [[nodiscard]] bool done() const { return pos_ >= args_.size(); }
  // The next argument; sets `is_option` when it starts with "--" (or is "-h").
  std::string next(bool* is_option);
  // The value of the option just read ("--x=v" or the following argument).
  std::string value(std::string_view option);
  // Rejects "=value" on a flag.
  void no_value(std::string_view option) const;

 private:
  std::vector<std::string> args_;
  std::size_t pos_ = 0;
  std::optional<std::string> inline_value_;
};

Date today_from_clock();
std::string now_processing_time();  // "YYYY-MM-DDTHH:MM", local time
// Parses YYYY-MM-DD; throws UsageError naming the option.
Date parse_date_option(std::string_view option, std::string_view text);

// Loads the configuration (FILE, else the default one) and the data; on failure prints
// "dxscreen <command>: file:line: problem" and returns nullptr.
std::shared_ptr<pipeline::Engine> open_engine(std::string_view command, const std::string& config_file,
                                              const std::string& mappings_dir);

int check_main(const std::vector<std::string>& args);
int explain_main(const std::vector<std::string>& args);

void print_check_help(std::ostream& out);
void print_explain_help(std::ostream& out);

}  // namespace dxs::cli
