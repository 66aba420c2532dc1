#include "core/screener.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "test_data.hpp"

namespace dxs {
namespace {

const Date kFy2026 = Date::from_ymd(2026, 1, 15);
const Date kLastFy2025 = Date::from_ymd(2025, 9, 30);
const char* kClaimId = "CLM-7781-PRIVATE";

std::string join_codes(const Finding& f) {
  std::string out;
  for (const std::string& c : f.codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

class ScreenerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DXS_REQUIRE_SHARED();
    knowledge_ = testdata::real_knowledge();
    ASSERT_TRUE(knowledge_);
  }

  // An 837P: HI01 ABK, then ABF; codes as written (undotted for X12).
  static Claim x12(const std::vector<std::string>& codes, Date date = kFy2026) {
    Claim c;
    c.id = kClaimId;
    c.kind = ClaimKind::professional;
    c.format = InputFormat::x12_837p;
    c.service_from = date;
    c.location = "ST 0001 / 2300 CLM";
    for (std::size_t i = 0; i < codes.size(); ++i) {
      Diagnosis d;
      d.code_text = codes[i];
      d.code = Icd10Code::parse(codes[i], &d.spelling);
      d.system = CodeSystem::icd10cm;
      d.qualifier = i == 0 ? "ABK" : "ABF";
      d.role = i == 0 ? DiagnosisRole::principal : DiagnosisRole::other;
      d.sequence = static_cast<int>(i) + 1;
      d.location = "2300 HI0" + std::to_string(i / 12 + 1) + "-" + std::to_string(i % 12 + 1);
      c.diagnoses.push_back(d);
    }
    return c;
  }

  // A FHIR Claim: dotted codes, sequence 1..n, no roles.
  static Claim fhir(const std::vector<std::string>& codes, Date date = kFy2026) {
    Claim c;
    c.id = kClaimId;
    c.kind = ClaimKind::professional;
    c.format = InputFormat::fhir_json;
    c.service_from = date;
    c.location = "Claim";
    for (std::size_t i = 0; i < codes.size(); ++i) {
      Diagnosis d;
      d.code_text = codes[i];
      d.code = Icd10Code::parse(codes[i], &d.spelling);
      d.system = CodeSystem::icd10cm;
      d.qualifier = "http://hl7.org/fhir/sid/icd-10-cm";
      d.sequence = static_cast<int>(i) + 1;
      d.location = "Claim.diagnosis[" + std::to_string(i) + "].diagnosisCodeableConcept.coding[0].code";
      c.diagnoses.push_back(d);
    }
    return c;
  }

  static void site(Claim& c, std::size_t dx, std::string key, Laterality side) {
    BodySite b;
    b.site = std::move(key);
    b.side = side;
    b.source = "text:" + b.site;
    b.location = "Condition.bodySite[" + std::to_string(c.diagnoses[dx].body_sites.size()) + "]";
    c.diagnoses[dx].body_sites.push_back(b);
  }

  ClaimResult screen(const Claim& c, ScreenOptions options = {}) const {
    return Screener(knowledge_).screen(c, options);
  }
  ClaimResult screen_with(std::shared_ptr<const Knowledge> k, const Claim& c, ScreenOptions options = {}) const {
    return Screener(std::move(k)).screen(c, options);
  }

  // Copies, so that results of temporaries stay valid.
  static std::vector<Finding> of(const ClaimResult& r, std::string_view rule) {
    std::vector<Finding> out;
    for (const Finding& f : r.findings) {
      if (f.rule == rule) out.push_back(f);
    }
    return out;
  }
  static std::string rules(const ClaimResult& r) {
    std::string out;
    for (const Finding& f : r.findings) out += f.rule + "[" + (f.codes.empty() ? "" : f.codes.front()) + "] ";
    return out;
  }

  std::shared_ptr<const Knowledge> knowledge_;
};

// --- clean claims and code-set selection ---------------------------------------------------

TEST_F(ScreenerTest, MuscleAndJointStiffnessIsClean) {
  for (const Claim& c : {fhir({"M62.451", "M25.651"}), x12({"M62451", "M25651"})}) {
    ClaimResult r = screen(c);
    EXPECT_TRUE(r.findings.empty()) << rules(r);
    EXPECT_FALSE(r.rejected);
    EXPECT_EQ(r.code_set, "icd10cm-2026");
    EXPECT_EQ(r.claim_id, kClaimId);
  }
  EXPECT_EQ(screen(x12({"M62451"})).format, "x12-837P");
  EXPECT_EQ(screen(fhir({"M62.451"})).format, "fhir-json");
}

TEST_F(ScreenerTest, CodeSetFollowsTheDateOfService) {
  EXPECT_EQ(screen(x12({"M6281"}, kLastFy2025)).code_set, "icd10cm-2025");
  EXPECT_EQ(screen(x12({"M6281"}, Date::from_ymd(2025, 10, 1))).code_set, "icd10cm-2026");
  EXPECT_EQ(screen(x12({"M6281"}, Date::from_ymd(2026, 9, 30))).code_set, "icd10cm-2026");
  EXPECT_EQ(screen(x12({"M6281"}, Date::from_ymd(2026, 10, 1))).code_set, "icd10cm-2027");

  // B88.0 is billable in FY2025 and a header from FY2026 (B88.01, B88.09 added).
  ClaimResult before = screen(x12({"B880"}, kLastFy2025));
  EXPECT_TRUE(before.findings.empty()) << rules(before);
  ClaimResult after = screen(x12({"B880"}, Date::from_ymd(2025, 10, 1)));
  ASSERT_EQ(of(after, rule::code_not_billable).size(), 1u) << rules(after);
  EXPECT_EQ(of(after, rule::code_not_billable)[0].suggestions,
            (std::vector<std::string>{"B88.01 Infestation by Demodex mites", "B88.09 Other acariasis"}));
}

TEST_F(ScreenerTest, DateOverrideAndDefaultDate) {
  ScreenOptions override_options;
  override_options.date_override = kLastFy2025;
  EXPECT_EQ(screen(x12({"M6281"}, Date::from_ymd(2026, 5, 1)), override_options).code_set, "icd10cm-2025");
  Claim undated = x12({"M6281"}, Date{});
  ScreenOptions today;
  today.default_date = Date::from_ymd(2026, 11, 2);
  EXPECT_EQ(screen(undated, today).code_set, "icd10cm-2027");
  today.default_date = Date::from_ymd(2025, 1, 2);
  EXPECT_EQ(screen(undated, today).code_set, "icd10cm-2025");
  // The line date of service wins over the claim date.
  Claim lined = x12({"M6281"}, Date::from_ymd(2025, 10, 5));
  ServiceLine line;
  line.service_from = Date::from_ymd(2025, 9, 29);
  line.pointers = {1};
  lined.lines.push_back(line);
  EXPECT_EQ(screen(lined).code_set, "icd10cm-2025");
}

TEST_F(ScreenerTest, StaleCodeSetWarnsAndScreensWithNewest) {
  ClaimResult r = screen(x12({"R531", "M6281"}, Date::from_ymd(2027, 10, 1)));
  EXPECT_EQ(r.code_set, "icd10cm-2027");
  auto stale = of(r, rule::code_set_stale);
  ASSERT_EQ(stale.size(), 1u);
  EXPECT_EQ(stale[0].severity, Severity::warning);
  EXPECT_NE(stale[0].message.find("icd10cm-2027"), std::string::npos);
  EXPECT_EQ(stale[0].message.find("2027-10-01"), std::string::npos);  // no date of service in messages
  EXPECT_EQ(r.findings.front().rule, "code-set-stale");                 // claim-level first
  EXPECT_EQ(of(r, rule::excludes1).size(), 1u);                         // still screened
  EXPECT_TRUE(of(screen(x12({"M6281"}, Date::from_ymd(2027, 9, 30))), rule::code_set_stale).empty());
}

// --- code validity ----------------------------------------------------------------------------

TEST_F(ScreenerTest, HeaderCodesAreNotBillable) {
  ClaimResult r = screen(fhir({"M62.4"}));
  auto f = of(r, rule::code_not_billable);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::error);
  EXPECT_TRUE(r.rejected);
  EXPECT_EQ(f[0].codes, std::vector<std::string>{"M62.4"});
  ASSERT_EQ(f[0].suggestions.size(), 24u);
  EXPECT_EQ(f[0].suggestions.front(), "M62.40 Contracture of muscle, unspecified site");
  EXPECT_EQ(f[0].suggestions[1], "M62.411 Contracture of muscle, right shoulder");
  EXPECT_EQ(f[0].suggestions.back(), "M62.49 Contracture of muscle, multiple sites");
  EXPECT_EQ(f[0].location, "Claim.diagnosis[0].diagnosisCodeableConcept.coding[0].code");
  EXPECT_EQ(f[0].diagnosis_indexes, std::vector<int>{0});

  auto shoulder = of(screen(fhir({"M62.41"})), rule::code_not_billable);
  ASSERT_EQ(shoulder.size(), 1u);
  EXPECT_EQ(shoulder[0].suggestions,
            (std::vector<std::string>{"M62.411 Contracture of muscle, right shoulder",
                                      "M62.412 Contracture of muscle, left shoulder",
                                      "M62.419 Contracture of muscle, unspecified shoulder"}));
  auto weakness = of(screen(x12({"R53"})), rule::code_not_billable);
  ASSERT_EQ(weakness.size(), 1u);
  EXPECT_EQ(weakness[0].suggestions.size(), 6u);  // R53.0, R53.1, R53.2, R53.81, R53.82, R53.83
  EXPECT_EQ(weakness[0].suggestions[1], "R53.1 Weakness");

  auto femur = of(screen(x12({"S72"})), rule::code_not_billable);
  ASSERT_EQ(femur.size(), 1u);
  EXPECT_EQ(femur[0].suggestions.size(), 24u);  // capped
  EXPECT_NE(femur[0].message.find("first 24 listed"), std::string::npos);

  for (const char* header : {"M62.8", "M62.83", "M24.5", "M24.57", "R25"}) {
    EXPECT_EQ(of(screen(fhir({header})), rule::code_not_billable).size(), 1u) << header;
  }
}

TEST_F(ScreenerTest, UnknownCodes) {
  ClaimResult r = screen(fhir({"M62.41X"}));
  auto f = of(r, rule::code_unknown);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_TRUE(r.rejected);
  EXPECT_EQ(f[0].codes, std::vector<std::string>{"M62.41X"});
  EXPECT_NE(f[0].message.find("nearest existing code: M62.41 Contracture of muscle, shoulder"), std::string::npos);
  EXPECT_EQ(f[0].suggestions.size(), 3u);

  // E11.A was added in FY2026: unknown on a FY2025 date, and the message says where it exists.
  auto added = of(screen(x12({"E11A"}, kLastFy2025)), rule::code_unknown);
  ASSERT_EQ(added.size(), 1u);
  EXPECT_NE(added[0].message.find("it is in icd10cm-2026"), std::string::npos) << added[0].message;
  EXPECT_TRUE(screen(x12({"E11A"})).findings.empty());

  auto garbage = of(screen(x12({"7281"})), rule::code_unknown);
  ASSERT_EQ(garbage.size(), 1u);
  // A code that is not ICD-10-CM shaped is still named, upper case and dotted like the others.
  EXPECT_EQ(garbage[0].codes, std::vector<std::string>{"728.1"});
  auto lower = of(screen(x12({"zz9x"})), rule::code_unknown);
  ASSERT_EQ(lower.size(), 1u);
  EXPECT_EQ(lower[0].codes, std::vector<std::string>{"ZZ9.X"});
  auto empty = of(screen(x12({""})), rule::code_unknown);
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_TRUE(empty[0].codes.empty());
}

// --- code-format ------------------------------------------------------------------------------

TEST_F(ScreenerTest, CodeFormatByChannel) {
  auto dotted_x12 = of(screen(x12({"M62.81"})), rule::code_format);
  ASSERT_EQ(dotted_x12.size(), 1u);
  EXPECT_EQ(dotted_x12[0].severity, Severity::warning);
  EXPECT_NE(dotted_x12[0].message.find("send M6281"), std::string::npos) << dotted_x12[0].message;

  auto plain_fhir = of(screen(fhir({"M6281"})), rule::code_format);
  ASSERT_EQ(plain_fhir.size(), 1u);
  EXPECT_NE(plain_fhir[0].message.find("send M62.81"), std::string::npos);
  auto lower = of(screen(fhir({"m62.81"})), rule::code_format);
  ASSERT_EQ(lower.size(), 1u);
  EXPECT_NE(lower[0].message.find("upper case"), std::string::npos);
  auto misplaced = of(screen(fhir({"M6.281"})), rule::code_format);
  ASSERT_EQ(misplaced.size(), 1u);
  EXPECT_NE(misplaced[0].message.find("misplaced"), std::string::npos);

  EXPECT_TRUE(screen(fhir({"R54"})).findings.empty());  // a category needs no dot
  EXPECT_TRUE(screen(x12({"M6281"})).findings.empty());
  EXPECT_TRUE(screen(fhir({"M62.81"})).findings.empty());

  // The code is still screened: R53.1 with M62.81 written with a dot in X12 is an Excludes1 pair.
  ClaimResult both = screen(x12({"R53.1", "M6281"}));
  EXPECT_EQ(of(both, rule::code_format).size(), 1u);
  EXPECT_EQ(of(both, rule::excludes1).size(), 1u);
}

TEST_F(ScreenerTest, CodeFormatForSystems) {
  Claim icd9 = x12({"R531", "M6281"});
  icd9.diagnoses[1].system = CodeSystem::icd9cm;
  icd9.diagnoses[1].qualifier = "BF";
  ClaimResult r = screen(icd9);
  auto f = of(r, rule::code_format);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("ABF"), std::string::npos);
  EXPECT_EQ(of(r, rule::excludes1).size(), 1u);

  Claim real_icd9 = x12({"7281"});
  real_icd9.diagnoses[0].system = CodeSystem::icd9cm;
  real_icd9.diagnoses[0].qualifier = "BK";
  auto unknown = of(screen(real_icd9), rule::code_unknown);
  ASSERT_EQ(unknown.size(), 1u);
  EXPECT_NE(unknown[0].message.find("ICD-9-CM"), std::string::npos);

  Claim who = fhir({"R53.1", "M62.81", "A09.0"});
  who.diagnoses[1].system = CodeSystem::icd10_who;
  who.diagnoses[2].system = CodeSystem::icd10_who;  // A09.0 is WHO-only: ICD-10-CM has A09 without children
  ClaimResult w = screen(who);
  EXPECT_EQ(of(w, rule::code_format).size(), 2u) << rules(w);
  EXPECT_TRUE(of(w, rule::code_unknown).empty()) << rules(w);
  EXPECT_EQ(of(w, rule::excludes1).size(), 1u);  // M62.81 exists in CM and is screened

  Claim missing = fhir({"M62.81"});
  missing.diagnoses[0].system = CodeSystem::missing;
  auto m = of(screen(missing), rule::code_format);
  ASSERT_EQ(m.size(), 1u);
  EXPECT_NE(m[0].message.find("http://hl7.org/fhir/sid/icd-10-cm"), std::string::npos);
}

// --- excludes1 --------------------------------------------------------------------------------

void expect_excludes1(const ClaimResult& r, std::vector<std::string> codes, const std::string& cites) {
  auto f = std::find_if(r.findings.begin(), r.findings.end(), [&](const Finding& x) {
    return x.rule == "excludes1" && x.codes == codes;
  });
  ASSERT_NE(f, r.findings.end()) << codes[0] << " + " << codes[1];
  EXPECT_EQ(f->severity, Severity::error);
  EXPECT_NE(f->message.find(cites), std::string::npos) << f->message;
  EXPECT_TRUE(r.rejected);
}

TEST_F(ScreenerTest, Excludes1PairsFromTheTabular) {
  expect_excludes1(screen(x12({"M6281", "R531"})), {"M62.81", "R53.1"},
                   "Excludes1 at R53.1: muscle weakness (generalized) (M62.81)");
  expect_excludes1(screen(x12({"M6284", "M6281"})), {"M62.81", "M62.84"},
                   "Excludes1 at M62.81: muscle weakness in sarcopenia (M62.84)");
  expect_excludes1(screen(x12({"R531", "R54"})), {"R53.1", "R54"}, "Excludes1 at R53.1: age-related weakness (R54)");
  expect_excludes1(screen(x12({"R252", "M6281"})), {"M62.81", "R25.2"}, "Excludes1 at M62: cramp and spasm (R25.2)");
  // The R25.2 / M62.830 anomaly: Excludes2 at R25.2, Excludes1 at category M62 -> Excludes1.
  expect_excludes1(screen(fhir({"R25.2", "M62.830"})), {"M62.830", "R25.2"}, "Excludes1 at M62: cramp and spasm (R25.2)");

  ClaimResult joint = screen(fhir({"M62.451", "M24.561"}));
  expect_excludes1(joint, {"M24.561", "M62.451"}, "Excludes1 at M62.4: contracture of joint (M24.5-)");
  auto f = of(joint, rule::excludes1);
  ASSERT_EQ(f.size(), 1u);  // one finding per pair, all notes cited
  EXPECT_NE(f[0].message.find("Excludes1 at M24.5: contracture of muscle without contracture of joint (M62.4-)"),
            std::string::npos);
  EXPECT_NE(f[0].message.find("different sites"), std::string::npos) << f[0].message;
  EXPECT_EQ(f[0].basis, "ICD-10-CM tabular Excludes1 at M62.4; I.A.12.a allows unrelated conditions");
  EXPECT_EQ(f[0].diagnosis_indexes, (std::vector<int>{0, 1}));
  EXPECT_EQ(f[0].location, "Claim.diagnosis[1].diagnosisCodeableConcept.coding[0].code");

  // M62.48 (other site) cannot be the knee: M62.46 codes the knee.
  auto other_site = of(screen(fhir({"M62.48", "M24.561"})), rule::excludes1);
  ASSERT_EQ(other_site.size(), 1u);
  EXPECT_NE(other_site[0].message.find("different sites (other site / right knee)"), std::string::npos)
      << other_site[0].message;
  // Opposite sides of one site.
  auto sides = of(screen(fhir({"M62.462", "M24.561"})), rule::excludes1);
  ASSERT_EQ(sides.size(), 1u);
  EXPECT_NE(sides[0].message.find("different sites"), std::string::npos);
  // Unknown site: no hint.
  auto unspecified = of(screen(fhir({"M62.40", "M24.561"})), rule::excludes1);
  ASSERT_EQ(unspecified.size(), 1u);
  EXPECT_EQ(unspecified[0].message.find("different sites"), std::string::npos);
  // Same site (right hip is in M62.45's thigh group): no "different sites" hint.
  auto hip = of(screen(fhir({"M62.451", "M24.551"})), rule::excludes1);
  ASSERT_EQ(hip.size(), 1u);
  EXPECT_EQ(hip[0].message.find("different sites"), std::string::npos) << hip[0].message;
}

TEST_F(ScreenerTest, Excludes1OneFindingPerPair) {
  ClaimResult r = screen(x12({"R531", "M6281", "M6284"}));
  auto f = of(r, rule::excludes1);
  ASSERT_EQ(f.size(), 3u) << rules(r);
  EXPECT_EQ(f[0].codes, (std::vector<std::string>{"M62.81", "R53.1"}));
  EXPECT_EQ(f[1].codes, (std::vector<std::string>{"M62.84", "R53.1"}));
  EXPECT_EQ(f[2].codes, (std::vector<std::string>{"M62.81", "M62.84"}));
}

TEST_F(ScreenerTest, Excludes2PairsAreClean) {
  for (const auto& codes : std::vector<std::vector<std::string>>{
           {"M62.81", "M79.81"}, {"R25.2", "R29.0"}, {"M62.84", "G71.00"}, {"M24.561", "M21.061"}}) {
    ClaimResult r = screen(fhir(codes));
    EXPECT_TRUE(of(r, rule::excludes1).empty()) << codes[0] << " + " << codes[1] << ": " << rules(r);
  }
}

TEST_F(ScreenerTest, Excludes1SeverityIsConfigurable) {
  auto k = std::make_shared<Knowledge>(*knowledge_);
  ASSERT_TRUE(apply_overrides(*k, {{"excludes1", Severity::warning, std::nullopt}}).ok());
  ClaimResult r = screen_with(k, x12({"R531", "M6281"}));
  auto f = of(r, rule::excludes1);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::warning);
  EXPECT_FALSE(r.rejected);
  ASSERT_TRUE(apply_overrides(*k, {{"excludes1", std::nullopt, false}}).ok());
  EXPECT_TRUE(screen_with(k, x12({"R531", "M6281"})).findings.empty());
}

TEST_F(ScreenerTest, PackEdgesAddExcludes1) {
  auto k = std::make_shared<Knowledge>(*knowledge_);
  RulePack local;
  local.id = "local";
  NoteEdge edge;
  edge.kind = NoteKind::excludes1;
  edge.source = testdata::pattern("M62.81");
  edge.target = testdata::pattern("M79.81");
  edge.source_label = "local policy";
  edge.text = "payer policy: hematoma with generalized weakness";
  local.extra_edges.push_back(edge);
  k->packs.push_back(local);
  auto f = of(screen_with(k, fhir({"M79.81", "M62.81"})), rule::excludes1);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].message.find("Excludes1 at local policy: payer policy"), std::string::npos);
}

// --- site conventions -------------------------------------------------------------------------

TEST_F(ScreenerTest, UnspecifiedWithSpecified) {
  ClaimResult site = screen(x12({"M6240", "M62411"}));
  auto f = of(site, rule::unspecified_with_specified);
  ASSERT_EQ(f.size(), 1u) << rules(site);
  EXPECT_EQ(f[0].codes, (std::vector<std::string>{"M62.40", "M62.411"}));
  EXPECT_EQ(f[0].severity, Severity::warning);
  EXPECT_FALSE(site.rejected);

  auto side = of(screen(x12({"M62419", "M62411"})), rule::unspecified_with_specified);
  ASSERT_EQ(side.size(), 1u);
  EXPECT_NE(side[0].message.find("unspecified side"), std::string::npos);

  EXPECT_TRUE(of(screen(x12({"M62419", "M62422"})), rule::unspecified_with_specified).empty());
  EXPECT_TRUE(of(screen(x12({"M62411", "M62412"})), rule::unspecified_with_specified).empty());
  EXPECT_TRUE(of(screen(x12({"M24569", "M24561"})), rule::unspecified_with_specified).size() == 1u);

  ScreenOptions strict;
  strict.strict = true;
  ClaimResult escalated = screen(x12({"M6240", "M62411"}), strict);
  EXPECT_EQ(of(escalated, rule::unspecified_with_specified)[0].severity, Severity::error);
  EXPECT_TRUE(escalated.rejected);
}

TEST_F(ScreenerTest, MultipleSitesWithSpecificFromFy2026) {
  ClaimResult fy26 = screen(x12({"M6249", "M62411"}));
  auto f = of(fy26, rule::multiple_sites_with_specific);
  ASSERT_EQ(f.size(), 1u) << rules(fy26);
  EXPECT_EQ(f[0].codes, (std::vector<std::string>{"M62.411", "M62.49"}));
  EXPECT_EQ(f[0].basis, "ICD-10-CM FY2026 guideline I.C.13.a.2");
  EXPECT_TRUE(of(screen(x12({"M6249", "M62411"}, kLastFy2025)), rule::multiple_sites_with_specific).empty());
  EXPECT_EQ(of(screen(x12({"M6249", "M6248"})), rule::multiple_sites_with_specific).size(), 1u);
  ClaimResult with_unspecified = screen(x12({"M6249", "M6240"}));
  EXPECT_TRUE(of(with_unspecified, rule::multiple_sites_with_specific).empty());
  EXPECT_EQ(of(with_unspecified, rule::unspecified_with_specified).size(), 1u);
}

TEST_F(ScreenerTest, SiteSpecificityAgainstDocumentedSites) {
  Claim unspecified = fhir({"M62.40"});
  site(unspecified, 0, "shoulder", Laterality::right);
  auto a = of(screen(unspecified), rule::site_specificity);
  ASSERT_EQ(a.size(), 1u);
  EXPECT_EQ(a[0].suggestions, std::vector<std::string>{"M62.411 Contracture of muscle, right shoulder"});

  Claim other = fhir({"M62.48"});
  site(other, 0, "knee", Laterality::bilateral);
  auto b = of(screen(other), rule::site_specificity);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_EQ(b[0].suggestions, (std::vector<std::string>{"M62.461 Contracture of muscle, right lower leg",
                                                         "M62.462 Contracture of muscle, left lower leg"}));
  Claim back = fhir({"M62.48"});
  site(back, 0, "back", Laterality::unknown);
  EXPECT_TRUE(screen(back).findings.empty());

  Claim wrong = fhir({"M62.411"});
  site(wrong, 0, "knee", Laterality::right);
  auto c = of(screen(wrong), rule::site_specificity);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_NE(c[0].message.find("right knee"), std::string::npos) << c[0].message;
  EXPECT_EQ(c[0].suggestions, std::vector<std::string>{"M62.461 Contracture of muscle, right lower leg"});

  Claim side = fhir({"M62.419"});
  site(side, 0, "shoulder", Laterality::left);
  auto d = of(screen(side), rule::site_specificity);
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].suggestions, std::vector<std::string>{"M62.412 Contracture of muscle, left shoulder"});

  Claim fine = fhir({"M62.411"});
  site(fine, 0, "shoulder", Laterality::right);
  EXPECT_TRUE(screen(fine).findings.empty());
  EXPECT_TRUE(screen(x12({"M6240"})).findings.empty());  // X12 has no body sites
}

TEST_F(ScreenerTest, MultipleSitesCodeDependsOnTheGuidelineYear) {
  Claim two = fhir({"M62.49"});
  site(two, 0, "hip", Laterality::right);
  site(two, 0, "knee", Laterality::right);
  auto fy26 = of(screen(two), rule::site_specificity);
  ASSERT_EQ(fy26.size(), 1u);
  EXPECT_EQ(fy26[0].suggestions, (std::vector<std::string>{"M62.451 Contracture of muscle, right thigh",
                                                            "M62.461 Contracture of muscle, right lower leg"}));
  EXPECT_TRUE(screen(two, ScreenOptions{{}, kLastFy2025, false}).findings.empty());

  Claim one = fhir({"M62.49"}, kLastFy2025);
  site(one, 0, "shoulder", Laterality::left);
  auto fy25 = of(screen(one), rule::site_specificity);
  ASSERT_EQ(fy25.size(), 1u);
  EXPECT_NE(fy25[0].message.find("only one site"), std::string::npos);
  Claim bilateral = fhir({"M62.49"}, kLastFy2025);
  site(bilateral, 0, "shoulder", Laterality::bilateral);
  EXPECT_TRUE(screen(bilateral).findings.empty());  // right and left shoulder are two sites
}

TEST_F(ScreenerTest, LateralityMismatch) {
  Claim left = fhir({"M62.411"});
  site(left, 0, "shoulder", Laterality::left);
  ClaimResult r = screen(left);
  auto f = of(r, rule::laterality_mismatch);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::error);
  EXPECT_TRUE(r.rejected);
  EXPECT_EQ(f[0].suggestions, std::vector<std::string>{"M62.412 Contracture of muscle, left shoulder"});

  Claim bilateral = fhir({"M24.561"});
  site(bilateral, 0, "knee", Laterality::bilateral);
  EXPECT_TRUE(screen(bilateral).findings.empty());
  Claim other_site = fhir({"M62.411"});
  site(other_site, 0, "shoulder", Laterality::right);
  site(other_site, 0, "knee", Laterality::left);
  EXPECT_TRUE(of(screen(other_site), rule::laterality_mismatch).empty());
  Claim side_only = fhir({"M24.561"});
  site(side_only, 0, "", Laterality::left);
  EXPECT_EQ(of(screen(side_only), rule::laterality_mismatch).size(), 1u);
}

// --- sequencing -------------------------------------------------------------------------------

TEST_F(ScreenerTest, ManifestationAsPrincipal) {
  ClaimResult r = screen(x12({"M63811", "G7100"}));
  auto f = of(r, rule::manifestation_principal);
  ASSERT_EQ(f.size(), 1u) << rules(r);
  EXPECT_EQ(f[0].codes, std::vector<std::string>{"M63.811"});
  EXPECT_TRUE(r.rejected);
  EXPECT_TRUE(of(screen(x12({"G7100", "M63811"})), rule::manifestation_principal).empty());

  // FHIR: type principal wins; without it the lowest sequence is first-listed.
  Claim typed = fhir({"M63.811", "G71.00"});
  typed.diagnoses[1].role = DiagnosisRole::principal;
  EXPECT_TRUE(of(screen(typed), rule::manifestation_principal).empty());
  Claim sequenced = fhir({"G71.00", "M63.811"});
  sequenced.diagnoses[0].sequence = 2;
  sequenced.diagnoses[1].sequence = 1;
  EXPECT_EQ(of(screen(sequenced), rule::manifestation_principal).size(), 1u);
}

TEST_F(ScreenerTest, CodeFirstSequence) {
  ClaimResult r = screen(x12({"M6284", "G7100", "G737"}));
  auto f = of(r, rule::code_first_sequence);
  ASSERT_EQ(f.size(), 2u) << rules(r);
  EXPECT_EQ(f[0].codes, (std::vector<std::string>{"G71.00", "M62.84"}));
  EXPECT_EQ(f[1].codes, (std::vector<std::string>{"G73.7", "M62.84"}));
  EXPECT_EQ(f[0].severity, Severity::warning);
  EXPECT_TRUE(of(screen(x12({"G7100", "M6284"})), rule::code_first_sequence).empty());
  EXPECT_TRUE(of(screen(x12({"M6284", "M6281"})), rule::code_first_sequence).empty());
}

// --- claim structure --------------------------------------------------------------------------

TEST_F(ScreenerTest, DuplicateCodes) {
  ClaimResult r = screen(fhir({"M62.81", "R26.2", "M6281"}));
  auto f = of(r, rule::duplicate_code);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].codes, std::vector<std::string>{"M62.81"});
  EXPECT_EQ(f[0].diagnosis_indexes, (std::vector<int>{0, 2}));
  EXPECT_EQ(f[0].severity, Severity::warning);
  EXPECT_TRUE(of(screen(fhir({"M62.81", "M62.84"})), rule::duplicate_code).empty());
}

TEST_F(ScreenerTest, PointersMustNameADiagnosis) {
  Claim c = x12({"M62451", "M25651"});
  ServiceLine ok, bad;
  ok.sequence = 1;
  ok.pointers = {1, 2};
  ok.location = "2400 SV1-07";
  bad.sequence = 2;
  bad.pointers = {2, 3};
  bad.location = "2400 SV1-07";
  c.lines = {ok, bad};
  ClaimResult r = screen(c);
  auto f = of(r, rule::pointer_invalid);
  ASSERT_EQ(f.size(), 1u) << rules(r);
  EXPECT_EQ(f[0].line_index, 1);
  EXPECT_EQ(f[0].location, "2400 SV1-07");
  EXPECT_TRUE(f[0].codes.empty());
  EXPECT_TRUE(r.rejected);
  EXPECT_EQ(r.findings.back().rule, "pointer-invalid");  // line-level after diagnosis findings

  Claim zero = x12({"M62451"});
  ServiceLine z;
  z.pointers = {0};
  zero.lines = {z};
  EXPECT_EQ(of(screen(zero), rule::pointer_invalid).size(), 1u);

  Claim huge = x12({"M62451"});  // the reader clamps a pointer too long for an int to INT_MAX
  ServiceLine h;
  h.pointers = {std::numeric_limits<int>::max()};
  huge.lines = {h};
  auto hf = of(screen(huge), rule::pointer_invalid);
  ASSERT_EQ(hf.size(), 1u);
  EXPECT_NE(hf[0].message.find("points to a diagnosis number out of range"), std::string::npos) << hf[0].message;
  EXPECT_EQ(hf[0].message.find("2147483647"), std::string::npos) << hf[0].message;

  Claim fh = fhir({"M62.451", "M25.651"});
  fh.diagnoses[1].sequence = 5;
  ServiceLine item;
  item.pointers = {1, 5, 2};
  item.location = "Claim.item[0].diagnosisSequence";
  fh.lines = {item};
  auto ff = of(screen(fh), rule::pointer_invalid);
  ASSERT_EQ(ff.size(), 1u);
  EXPECT_NE(ff[0].message.find("diagnosisSequence 2"), std::string::npos);
}

TEST_F(ScreenerTest, UnresolvedAndUnscreenableDiagnoses) {
  Claim c = fhir({"M62.81", "", ""});
  c.diagnoses[1].reference_unresolved = true;
  c.diagnoses[1].reference = "Condition/missing";
  c.diagnoses[1].location = "Claim.diagnosis[1].diagnosisReference";
  c.diagnoses[2].not_screenable = true;
  c.diagnoses[2].location = "Claim.diagnosis[2].diagnosisReference";
  ClaimResult r = screen(c);
  ASSERT_EQ(r.findings.size(), 2u) << rules(r);
  EXPECT_EQ(r.findings[0].rule, "reference-unresolved");
  EXPECT_EQ(r.findings[0].severity, Severity::error);
  EXPECT_EQ(r.findings[0].location, "Claim.diagnosis[1].diagnosisReference");
  EXPECT_EQ(r.findings[0].message.find("Condition/missing"), std::string::npos);
  EXPECT_EQ(r.findings[1].rule, "not-screenable");
  EXPECT_EQ(r.findings[1].severity, Severity::information);
  EXPECT_TRUE(r.rejected);
  c.diagnoses[1].reference_unresolved = false;
  c.diagnoses[1].not_screenable = true;
  EXPECT_FALSE(screen(c).rejected);
}

TEST_F(ScreenerTest, AdmittingAndReasonForVisitCodesAreNotPairedOrDuplicated) {
  Claim c = x12({"M6281", "M6281", "R531"});
  c.kind = ClaimKind::institutional;
  c.format = InputFormat::x12_837i;
  c.diagnoses[1].qualifier = "ABJ";
  c.diagnoses[1].role = DiagnosisRole::admitting;
  c.diagnoses[2].qualifier = "APR";
  c.diagnoses[2].role = DiagnosisRole::reason_for_visit;
  ClaimResult r = screen(c);
  EXPECT_TRUE(r.findings.empty()) << rules(r);
  c.diagnoses[2].qualifier = "ABF";
  c.diagnoses[2].role = DiagnosisRole::other;
  EXPECT_EQ(of(screen(c), rule::excludes1).size(), 1u);
  // Codes under those roles are still checked on their own.
  c.diagnoses[1].code_text = "M624";
  c.diagnoses[1].code = Icd10Code::parse("M624");
  EXPECT_EQ(of(screen(c), rule::code_not_billable).size(), 1u);
}

// --- configuration, order, determinism --------------------------------------------------------

TEST_F(ScreenerTest, RulesRespectTheirSpecs) {
  auto k = std::make_shared<Knowledge>(*knowledge_);
  RulePack off;
  off.id = "local";
  off.rules.push_back(testdata::spec("code-not-billable", Severity::warning));
  off.rules.push_back(testdata::spec("duplicate-code", Severity::error));
  RuleSpec disabled = testdata::spec("unspecified-with-specified", Severity::warning);
  disabled.enabled = false;
  off.rules.push_back(disabled);
  off.rules.push_back(testdata::spec("excludes1", Severity::error, {"R53"}));  // families limit the rule
  k->packs.push_back(off);
  ClaimResult r = screen_with(k, x12({"M624", "M6240", "M62411", "M6240", "M6284", "M6281"}));
  EXPECT_EQ(of(r, rule::code_not_billable)[0].severity, Severity::warning);
  EXPECT_EQ(of(r, rule::duplicate_code)[0].severity, Severity::error);
  EXPECT_TRUE(of(r, rule::unspecified_with_specified).empty());
  EXPECT_TRUE(of(r, rule::excludes1).empty()) << rules(r);
  EXPECT_EQ(of(screen_with(k, x12({"R531", "M6281"})), rule::excludes1).size(), 1u);
}

TEST_F(ScreenerTest, OrderIsByDiagnosisThenRuleThenCodes) {
  Claim c = x12({"M6249", "M6240", "M62411", "M62.81", "R531"});
  Finding adapter;
  adapter.rule = "duplicate-code";
  adapter.severity = Severity::information;
  adapter.diagnosis_indexes = {4};
  adapter.message = "adapter note";
  c.adapter_findings.push_back(adapter);
  ClaimResult r = screen(c);
  std::vector<std::string> seen;
  for (const Finding& f : r.findings) seen.push_back(f.rule + " " + join_codes(f));
  const std::vector<std::string> expected = {
      "unspecified-with-specified M62.40,M62.49",
      "multiple-sites-with-specific M62.411,M62.49",
      "unspecified-with-specified M62.40,M62.411",
      "code-format M62.81",
      "excludes1 M62.81,R53.1",
      "duplicate-code ",
  };
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(r.findings.back().message, "adapter note");
  ClaimResult again = screen(c);
  ASSERT_EQ(again.findings.size(), r.findings.size());
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    EXPECT_EQ(again.findings[i].message, r.findings[i].message);
    EXPECT_EQ(again.findings[i].codes, r.findings[i].codes);
  }
}

TEST_F(ScreenerTest, MessagesCarryNoClaimId) {
  Claim c = x12({"M624", "R531", "M6281", "M6281", "M62.40", "M63811"});
  ServiceLine line;
  line.pointers = {9};
  c.lines = {line};
  ClaimResult r = screen(c);
  ASSERT_GE(r.findings.size(), 5u);
  for (const Finding& f : r.findings) {
    EXPECT_EQ(f.message.find(kClaimId), std::string::npos) << f.message;
    EXPECT_EQ(f.location.find(kClaimId), std::string::npos);
  }
}

TEST_F(ScreenerTest, WholeFamilyOnOneClaim) {
  std::vector<std::string> codes;
  const CodeSet* set = knowledge_->code_set_for(kFy2026);
  for (const CodeEntry* e : set->billable_descendants("M624")) codes.push_back(dot_code(e->code));
  ASSERT_EQ(codes.size(), 24u);
  ClaimResult r = screen(fhir(codes));
  // M62.40 with the 23 others, plus each of the 7 unspecified-side codes with its right and left code.
  EXPECT_EQ(of(r, rule::unspecified_with_specified).size(), 23u + 14u);
  // M62.49 with the 21 site/side codes and M62.48.
  EXPECT_EQ(of(r, rule::multiple_sites_with_specific).size(), 22u);
  EXPECT_TRUE(of(r, rule::excludes1).empty());
  EXPECT_EQ(r.findings.size(), 59u);
}

TEST_F(ScreenerTest, ThousandsOfCodesOnOneClaim) {
  const CodeSet* set = knowledge_->code_set_for(kFy2026);
  std::vector<std::string> codes;
  for (const CodeEntry& e : set->entries()) {
    if (e.billable && codes.size() < 4000) codes.emplace_back(e.code);
  }
  codes.push_back(codes.front());
  ClaimResult r = screen(x12(codes));
  EXPECT_EQ(of(r, rule::duplicate_code).size(), 1u);
  EXPECT_FALSE(of(r, rule::excludes1).empty());
  for (const Finding& f : r.findings) {
    EXPECT_TRUE(std::is_sorted(f.codes.begin(), f.codes.end()));
    for (int i : f.diagnosis_indexes) EXPECT_LT(i, static_cast<int>(codes.size()));
  }
}

// --- explain ----------------------------------------------------------------------------------

TEST_F(ScreenerTest, ExplainHeaderCode) {
  Explanation e = explain(*knowledge_, "M62.4", kFy2026);
  ASSERT_TRUE(e.found);
  EXPECT_EQ(e.code, "M62.4");
  EXPECT_EQ(e.code_set, "icd10cm-2026");
  EXPECT_EQ(e.title, "Contracture of muscle");
  EXPECT_FALSE(e.billable);
  ASSERT_EQ(e.parents.size(), 1u);
  EXPECT_EQ(e.parents[0].code, "M62");
  EXPECT_EQ(e.parents[0].title, "Other disorders of muscle");
  ASSERT_EQ(e.billable_children.size(), 24u);
  EXPECT_EQ(e.billable_children[0].code, "M62.40");
  bool joint_note = false, category_note = false;
  for (const ExplainNote& n : e.notes) {
    joint_note |= n.kind == "excludes1" && n.at == "M62.4" && n.target == "M24.5-";
    category_note |= n.kind == "excludes1" && n.at == "M62" && n.text == "cramp and spasm (R25.2)";
  }
  EXPECT_TRUE(joint_note);
  EXPECT_TRUE(category_note);
  std::vector<std::string> ids;
  for (const ExplainRule& r : e.rules) ids.push_back(r.id);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "multiple-sites-with-specific"), ids.end());
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "manifestation-principal"), ids.end());
}

TEST_F(ScreenerTest, ExplainManifestationAndUnknown) {
  Explanation m = explain(*knowledge_, "M6381", kFy2026);
  ASSERT_TRUE(m.found);
  bool manifestation = false;
  for (const ExplainRule& r : m.rules) manifestation |= r.id == "manifestation-principal" && r.severity == "error";
  EXPECT_TRUE(manifestation);
  EXPECT_EQ(m.billable_children.size(), 3u);

  Explanation u = explain(*knowledge_, "M62.41X", kFy2026);
  EXPECT_FALSE(u.found);
  EXPECT_EQ(u.code, "M62.41X");
  EXPECT_NE(u.message.find("not in icd10cm-2026"), std::string::npos);
  EXPECT_NE(u.message.find("M62.41"), std::string::npos);
  EXPECT_FALSE(explain(*knowledge_, "hello", kFy2026).found);
}

// The same key cases on the shipped mappings/icd10cm data (the importer's output).
TEST(ScreenerShippedDataTest, KeyCasesOnShippedData) {
  if (!testdata::have_shipped()) GTEST_SKIP() << "mappings/icd10cm not generated yet";
  Screener screener(testdata::shipped_knowledge());
  auto screen = [&](std::vector<std::string> codes, Date date) {
    Claim c;
    c.format = InputFormat::x12_837p;
    c.service_from = date;
    for (std::size_t i = 0; i < codes.size(); ++i) {
      Diagnosis d;
      d.code_text = codes[i];
      d.sequence = static_cast<int>(i) + 1;
      d.role = i == 0 ? DiagnosisRole::principal : DiagnosisRole::other;
      c.diagnoses.push_back(d);
    }
    return screener.screen(c, {});
  };
  auto rule_list = [](const ClaimResult& r) {
    std::vector<std::string> out;
    for (const Finding& f : r.findings) out.push_back(f.rule + " " + (f.codes.empty() ? "" : f.codes.front()));
    return out;
  };
  using List = std::vector<std::string>;
  EXPECT_EQ(rule_list(screen({"M62451", "M25651"}, kFy2026)), List{});
  EXPECT_EQ(rule_list(screen({"M6281", "M7981"}, kFy2026)), List{});
  EXPECT_EQ(rule_list(screen({"R252", "R290"}, kFy2026)), List{});
  EXPECT_EQ(rule_list(screen({"M62451", "M24561"}, kFy2026)), List{"excludes1 M24.561"});
  EXPECT_EQ(rule_list(screen({"R531", "M6281"}, kFy2026)), List{"excludes1 M62.81"});
  EXPECT_EQ(rule_list(screen({"M6284", "M6281"}, kFy2026)), List{"excludes1 M62.81"});
  EXPECT_EQ(rule_list(screen({"R531", "R54"}, kFy2026)), List{"excludes1 R53.1"});
  EXPECT_EQ(rule_list(screen({"R252", "M62830"}, kFy2026)), List{"excludes1 M62.830"});
  EXPECT_EQ(rule_list(screen({"M624"}, kFy2026)), List{"code-not-billable M62.4"});
  EXPECT_EQ(rule_list(screen({"M6249", "M62411"}, kFy2026)), List{"multiple-sites-with-specific M62.411"});
  EXPECT_EQ(rule_list(screen({"M6249", "M62411"}, kLastFy2025)), List{});
  EXPECT_EQ(screen({"M6281"}, Date::from_ymd(2027, 10, 1)).findings.front().rule, "code-set-stale");
}

TEST_F(ScreenerTest, ACodeSetThatCannotBeLoadedRejectsTheClaimWithTheReason) {
  const std::string text = "# fiscal_year\t2026\nM6281\t1\tMuscle weakness\tMuscle weakness (generalized)\n";
  auto gone = CodeSet::parse_deferred(text, "icd10cm-2026.tsv", []() -> Result<std::string> {
    return make_error(ErrorCode::invalid_data, "icd10cm-2026.tsv: cannot open: No such file or directory");
  });
  ASSERT_TRUE(gone.ok());
  auto k = std::make_shared<Knowledge>(*knowledge_);
  k->code_sets = {gone.value()};
  ClaimResult r = screen_with(k, x12({"M6281", "R531"}));
  EXPECT_TRUE(r.rejected);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].rule, "code-set-unavailable");
  EXPECT_EQ(r.findings[0].severity, Severity::error);
  EXPECT_NE(r.findings[0].message.find("icd10cm-2026"), std::string::npos);
  EXPECT_NE(r.findings[0].basis.find("No such file"), std::string::npos);
  EXPECT_EQ(r.findings[0].message.find(kClaimId), std::string::npos);
  EXPECT_EQ(explain(*k, "M62.81", kFy2026).found, false);
}

}  // namespace
}  // namespace dxs
