#include "adapters/mappings/csv_reader.hpp"
#include "adapters/mappings/source_error.hpp"

namespace dxs::mappings {

Result<std::vector<CsvRecord>> read_csv(std::string_view text, std::string_view source_name,
                                        std::size_t expected_fields) {
  std::vector<CsvRecord> records;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::size_t p = 0, line = 1, line_start = 0;
  while (p < text.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    while (true) {
      if (p < text.size() && text[p] == '"') {
        std::size_t quote_line = line, quote_column = p - line_start + 1;
        ++p;
        while (true) {
          if (p >= text.size()) {
            return source_error(source_name, quote_line, 0,
                                "unterminated quoted field (opened at column " + std::to_string(quote_column) + ")");
          }
          char c = text[p];
          if (c == '"') {
            if (p + 1 < text.size() && text[p + 1] == '"') {
              field.push_back('"');
              p += 2;
              continue;
            }
            ++p;
            break;
          }
          if (c == '\n') { ++line; line_start = p + 1; }
          field.push_back(c);
          ++p;
        }
        if (p < text.size() && text[p] != ',' && text[p] != '\n' && text[p] != '\r') {
          return source_error(source_name, line, p - line_start + 1, "unexpected character after a closing quote");
        }
      } else {
        while (p < text.size() && text[p] != ',' && text[p] != '\n' && text[p] != '\r') {
          if (text[p] == '"') {
            return source_error(source_name, line, p - line_start + 1, "quote inside an unquoted field");
          }
          field.push_back(text[p++]);
        }
      }
      record.fields.push_back(std::move(field));
      field.clear();
      if (p < text.size() && text[p] == ',') { ++p; continue; }
      break;
    }
    if (p < text.size() && text[p] == '\r') {
      ++p;
      if (p < text.size() && text[p] != '\n') {
        return source_error(source_name, line, p - line_start + 1, "carriage return without line feed");
      }
    }
    if (p < text.size() && text[p] == '\n') ++p;
    ++line;
    line_start = p;
    if (record.fields.size() == 1 && record.fields[0].empty()) continue;  // blank line
    if (expected_fields == 0) expected_fields = record.fields.size();
    if (record.fields.size() != expected_fields) {
      return source_error(source_name, record.line, 0,
                          "wrong field count: " + std::to_string(record.fields.size()) + " fields, expected " +
                              std::to_string(expected_fields));
    }
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace dxs::mappings
