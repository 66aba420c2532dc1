#include "core/date.hpp"

namespace dxs {
namespace {

bool all_digits(std::string_view text) noexcept {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

int to_int(std::string_view digits) noexcept {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool is_leap(int year) noexcept { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

int days_in_month(int year, int month) noexcept {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month == 2 && is_leap(year)) return 29;
  return kDays[month - 1];
}

std::optional<Date> make_checked(int year, int month, int day) noexcept {
  if (year < 1 || year > 9999 || month < 1 || month > 12) return std::nullopt;
  if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
  return Date::from_ymd(year, month, day);
}

}  // namespace

std::string Date::iso() const {
  if (!known()) return {};
  std::string out(10, '0');
  int y = year(), m = month(), d = day();
  for (int i = 3; i >= 0; --i) { out[static_cast<std::size_t>(i)] = static_cast<char>('0' + y % 10); y /= 10; }
  out[4] = '-';
  out[5] = static_cast<char>('0' + m / 10);
  out[6] = static_cast<char>('0' + m % 10);
  out[7] = '-';
  out[8] = static_cast<char>('0' + d / 10);
  out[9] = static_cast<char>('0' + d % 10);
  return out;
}

std::optional<Date> Date::parse_iso(std::string_view text) {
  if (text.size() < 10) return std::nullopt;
  // A dateTime ("2025-10-01T08:30:00Z") contributes its date part.
  if (text.size() > 10 && text[10] != 'T') return std::nullopt;
  if (text[4] != '-' || text[7] != '-') return std::nullopt;
  std::string_view y = text.substr(0, 4), m = text.substr(5, 2), d = text.substr(8, 2);
  if (!all_digits(y) || !all_digits(m) || !all_digits(d)) return std::nullopt;
  return make_checked(to_int(y), to_int(m), to_int(d));
}

std::optional<Date> Date::parse_compact(std::string_view text) {
  if (text.size() != 8 || !all_digits(text)) return std::nullopt;
  return make_checked(to_int(text.substr(0, 4)), to_int(text.substr(4, 2)), to_int(text.substr(6, 2)));
}

int fiscal_year(Date date) noexcept {
  if (!date.known()) return 0;
  return date.month() >= 10 ? date.year() + 1 : date.year();
}

}  // namespace dxs
