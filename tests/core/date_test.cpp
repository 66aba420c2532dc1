#include "core/date.hpp"

#include <gtest/gtest.h>

namespace dxs {
namespace {

TEST(DateTest, ParsesIsoDatesAndDateTimes) {
  auto d = Date::parse_iso("2025-10-01");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->ymd, 20251001);
  EXPECT_EQ(d->year(), 2025);
  EXPECT_EQ(d->month(), 10);
  EXPECT_EQ(d->day(), 1);
  auto dt = Date::parse_iso("2026-03-15T08:30:00-05:00");
  ASSERT_TRUE(dt);
  EXPECT_EQ(dt->ymd, 20260315);
  EXPECT_TRUE(Date::parse_iso("2024-02-29"));
}

TEST(DateTest, RejectsIsoTextThatIsNotARealDate) {
  EXPECT_FALSE(Date::parse_iso("2025-02-29"));   // not a leap year
  EXPECT_FALSE(Date::parse_iso("1900-02-29"));   // century rule
  EXPECT_TRUE(Date::parse_iso("2000-02-29"));    // 400-year rule
  EXPECT_FALSE(Date::parse_iso("2025-13-01"));
  EXPECT_FALSE(Date::parse_iso("2025-04-31"));
  EXPECT_FALSE(Date::parse_iso("2025-00-10"));
  EXPECT_FALSE(Date::parse_iso("2025-1-01"));
  EXPECT_FALSE(Date::parse_iso("2025-10"));      // partial FHIR date: no day
  EXPECT_FALSE(Date::parse_iso("20251001"));
  EXPECT_FALSE(Date::parse_iso("2025-10-01X"));
  EXPECT_FALSE(Date::parse_iso("2025/10/01"));
  EXPECT_FALSE(Date::parse_iso(""));
}

TEST(DateTest, ParsesCompactX12Dates) {
  auto d = Date::parse_compact("20250930");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->iso(), "2025-09-30");
  EXPECT_FALSE(Date::parse_compact("2025093"));
  EXPECT_FALSE(Date::parse_compact("202509301"));
  EXPECT_FALSE(Date::parse_compact("20250931"));
  EXPECT_FALSE(Date::parse_compact("2025-9-30"));
}

TEST(DateTest, IsoRoundTripAndUnknown) {
  EXPECT_EQ(Date::from_ymd(2027, 1, 5).iso(), "2027-01-05");
  EXPECT_EQ(Date{}.iso(), "");
  EXPECT_FALSE(Date{}.known());
  EXPECT_LT(Date::from_ymd(2025, 9, 30), Date::from_ymd(2025, 10, 1));
}

TEST(DateTest, FiscalYearStartsOnOctoberFirst) {
  EXPECT_EQ(fiscal_year(Date::from_ymd(2025, 9, 30)), 2025);
  EXPECT_EQ(fiscal_year(Date::from_ymd(2025, 10, 1)), 2026);
  EXPECT_EQ(fiscal_year(Date::from_ymd(2026, 9, 30)), 2026);
  EXPECT_EQ(fiscal_year(Date::from_ymd(2026, 10, 1)), 2027);
  EXPECT_EQ(fiscal_year(Date::from_ymd(2026, 1, 1)), 2026);
  EXPECT_EQ(fiscal_year(Date{}), 0);
}

}  // namespace
}  // namespace dxs
