#include "adapters/mappings/order_file.hpp"

#include <unordered_map>

#include "adapters/mappings/source_error.hpp"

namespace dxs::mappings {
namespace {

std::string_view rtrim(std::string_view s) {
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool is_code_char(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }


}  // namespace

Result<OrderFile> parse_order_file(std::string_view text, std::string_view source_name) {
  OrderFile file;
  file.entries.reserve(text.size() / 140 + 16);
  std::unordered_map<std::string, std::size_t> line_of_code;
  line_of_code.reserve(text.size() / 140 + 16);
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl;
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() && pos >= text.size()) break;  // final line break
    for (std::size_t i = 0; i < line.size(); ++i) {
      auto byte = static_cast<unsigned char>(line[i]);
      if (byte >= 0x80) return source_error(source_name, line_no, i + 1, "non-ASCII byte (the order file is ASCII)");
      if (byte < 0x20) return source_error(source_name, line_no, i + 1, "control character");
    }
    if (line.size() < 78) {
      return source_error(source_name, line_no, 0,
                         "short line (" + std::to_string(line.size()) +
                             " characters; the long title starts at column 78)");
    }
    for (std::size_t i = 0; i < 5; ++i) {
      if (line[i] < '0' || line[i] > '9') {
        return source_error(source_name, line_no, i + 1, "order number (columns 1-5) is not 5 digits");
      }
    }
    for (std::size_t col : {6u, 14u, 16u, 77u}) {
      if (line[col - 1] != ' ') {
        return source_error(source_name, line_no, col, "column " + std::to_string(col) + " must be blank");
      }
    }
    std::string_view code = rtrim(line.substr(6, 7));
    bool code_ok = code.size() >= 3 && code[0] >= 'A' && code[0] <= 'Z' && ((code[1] >= '0' && code[1] <= '9') || code[1] == 'A');
    for (char c : code) code_ok = code_ok && is_code_char(c);
    if (!code_ok) {
      return source_error(source_name, line_no, 7,
                         "bad code '" + std::string(code) + "' in columns 7-13 (undotted ICD-10-CM code)");
    }
    char flag = line[14];
    if (flag != '0' && flag != '1') {
      return source_error(source_name, line_no, 15,
                         std::string("bad flag '") + flag + "' in column 15 (want 1 = billable or 0 = header)");
    }
    auto [it, inserted] = line_of_code.emplace(std::string(code), line_no);
    if (!inserted) {
      return source_error(source_name, line_no, 7,
                         "duplicate code " + std::string(code) + " (first at line " + std::to_string(it->second) + ")");
    }
    OrderEntry entry;
    entry.code = std::string(code);
    entry.billable = flag == '1';
    entry.short_title = std::string(rtrim(line.substr(16, 60)));
    entry.long_title = std::string(rtrim(line.substr(77)));
    if (entry.long_title.empty()) return source_error(source_name, line_no, 78, "empty long title");
    (entry.billable ? file.billable : file.headers) += 1;
    file.entries.push_back(std::move(entry));
  }
  if (file.entries.empty()) return source_error(source_name, line_no, 0, "no codes");
  return file;
}

std::string write_code_set_tsv(const OrderFile& order, const CodeSetHeader& header) {
  std::string out;
  out.reserve(order.entries.size() * 100 + 256);
  const int fy = header.fiscal_year;
  out += "# fiscal_year\t" + std::to_string(fy) + "\n";
  out += "# effective_from\t" + std::to_string(fy - 1) + "-10-01\n";
  out += "# effective_to\t" + std::to_string(fy) + "-09-30\n";
  out += "# source\t" + header.source + "\n";
  out += "# sha256\t" + header.sha256 + "\n";
  for (const OrderEntry& e : order.entries) {
    out += e.code;
    out += '\t';
    out += e.billable ? '1' : '0';
    out += '\t';
    out += e.short_title;
    out += '\t';
    out += e.long_title;
    out += '\n';
  }
  return out;
}

}  // namespace dxs::mappings
