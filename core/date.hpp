#pragma once
// Calendar dates as YYYYMMDD integers (no time zone: dates of service are civil dates).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dxs {

struct Date {
  std::int32_t ymd = 0;  // YYYYMMDD; 0 = unknown

  [[nodiscard]] bool known() const noexcept { return ymd != 0; }
  [[nodiscard]] int year() const noexcept { return ymd / 10000; }
  [[nodiscard]] int month() const noexcept { return (ymd / 100) % 100; }
  [[nodiscard]] int day() const noexcept { return ymd % 100; }
  [[nodiscard]] std::string iso() const;  // "YYYY-MM-DD", "" when unknown

  // "YYYY-MM-DD" (FHIR date; a dateTime's date part is accepted too). nullopt if not a real date.
  static std::optional<Date> parse_iso(std::string_view text);
  // "CCYYMMDD" (X12 D8). nullopt if not a real date.
  static std::optional<Date> parse_compact(std::string_view text);
  static Date from_ymd(int y, int m, int d) { return Date{y * 10000 + m * 100 + d}; }

  friend bool operator==(Date a, Date b) { return a.ymd == b.ymd; }
  friend auto operator<=>(Date a, Date b) { return a.ymd <=> b.ymd; }
};

// ICD-10-CM fiscal year of a date: FY N runs from (N-1)-10-01 to N-09-30.
int fiscal_year(Date date) noexcept;

}  // namespace dxs
