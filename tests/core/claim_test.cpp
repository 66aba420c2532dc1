#include "core/claim.hpp"

#include <gtest/gtest.h>

namespace dxs {
namespace {

TEST(ClaimTest, FormatAndEnumNames) {
  EXPECT_STREQ(to_string(InputFormat::x12_837p), "x12-837P");
  EXPECT_STREQ(to_string(InputFormat::x12_837i), "x12-837I");
  EXPECT_STREQ(to_string(InputFormat::x12_837d), "x12-837D");
  EXPECT_STREQ(to_string(InputFormat::fhir_json), "fhir-json");
  EXPECT_STREQ(to_string(InputFormat::fhir_xml), "fhir-xml");
  EXPECT_STREQ(to_string(ClaimKind::institutional), "institutional");
  EXPECT_STREQ(to_string(DiagnosisRole::principal), "principal");
  EXPECT_STREQ(to_string(Laterality::bilateral), "bilateral");
}

TEST(ClaimTest, ProfessionalUsesEarliestLineDate) {
  Claim c;
  c.kind = ClaimKind::professional;
  c.service_from = Date::from_ymd(2025, 9, 1);
  ServiceLine a, b;
  a.service_from = Date::from_ymd(2025, 10, 3);
  b.service_from = Date::from_ymd(2025, 9, 29);
  c.lines = {a, b};
  EXPECT_EQ(c.screening_date(), Date::from_ymd(2025, 9, 29));
  c.lines.clear();
  EXPECT_EQ(c.screening_date(), Date::from_ymd(2025, 9, 1));
  c.service_from = {};
  EXPECT_FALSE(c.screening_date().known());
}

TEST(ClaimTest, InstitutionalUsesDischargeThenStatementThrough) {
  Claim c;
  c.kind = ClaimKind::institutional;
  c.statement_from = Date::from_ymd(2025, 9, 25);
  c.statement_to = Date::from_ymd(2025, 10, 2);
  ServiceLine line;
  line.service_from = Date::from_ymd(2025, 9, 26);
  c.lines = {line};
  EXPECT_EQ(c.screening_date(), Date::from_ymd(2025, 10, 2));
  c.discharge = Date::from_ymd(2025, 10, 1);
  EXPECT_EQ(c.screening_date(), Date::from_ymd(2025, 10, 1));
  // A professional claim with the same dates goes by its line.
  c.kind = ClaimKind::professional;
  EXPECT_EQ(c.screening_date(), Date::from_ymd(2025, 9, 26));
}

}  // namespace
}  // namespace dxs
