#include "adapters/mappings/note_references.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "adapters/mappings/csv_reader.hpp"
#include "test_support.hpp"

namespace dxs::mappings {
namespace {

using Targets = std::vector<std::string>;

Targets targets(std::string_view text, const CodeCatalog* catalog = nullptr) {
  return parse_note_references(text, catalog).targets;
}

TEST(NoteReferences, SeveralCodesInParentheses) {
  EXPECT_EQ(targets("neoplasm (C49.-, C79.89, D21.-, D48.1-)"), (Targets{"C49.-", "C79.89", "D21.-", "D48.1-"}));
  EXPECT_EQ(targets("contracture of joint (M24.5-)"), (Targets{"M24.5-"}));
  EXPECT_EQ(targets("signs and symptoms of breast (N63, N64.5)"), (Targets{"N63", "N64.5"}));
  EXPECT_EQ(targets("compartment syndrome (traumatic) (T79.A-)"), (Targets{"T79.A-"}));
  EXPECT_EQ(targets("influenza due to identified novel influenza A virus (J09.X3)"), (Targets{"J09.X3"}));
}

TEST(NoteReferences, Ranges) {
  EXPECT_EQ(targets("acquired deformities of limbs (M20-M21)"), (Targets{"M20-M21"}));
  EXPECT_EQ(targets("Clostridium (A04.0-A04.4)"), (Targets{"A04.0-A04.4"}));
  EXPECT_EQ(targets("x (N39.3-N39.4-)"), (Targets{"N39.3-N39.4-"}));
  EXPECT_EQ(targets("complications of pregnancy, childbirth and the puerperium (O00-O9A)"), (Targets{"O00-O9A"}));
  // Real FY2027 notes with spaces inside the range.
  EXPECT_EQ(targets("fluency disorder (stuttering) following cerebrovascular disease (I69.81- I69.91-)"),
            (Targets{"I69.81-I69.91-"}));
  EXPECT_EQ(targets("rheumatic fever with heart involvement (I01.0 -I01.9)"), (Targets{"I01.0-I01.9"}));
  EXPECT_EQ(targets("apnea of newborn (P28.3- - P28.4-)"), (Targets{"P28.3-P28.4-"}));
  EXPECT_EQ(targets("specified syndactyly of hand and feet - code to specified conditions (Q70.0- -Q70.3-)"),
            (Targets{"Q70.0-Q70.3-"}));
  EXPECT_EQ(targets("behavioral eating disorders of infancy or childhood (F98.2.-F98.3)"), (Targets{"F98.2-F98.3"}));
}

TEST(NoteReferences, MisprintedSubtrees) {
  EXPECT_EQ(targets("benign neoplasm of testis (D29.2.-)"), (Targets{"D29.2-"}));
  EXPECT_EQ(targets("nerve root compression (due to) (in) spondylosis (M47.0-, M47.2.-)"), (Targets{"M47.0-", "M47.2-"}));
  EXPECT_EQ(targets("acquired absence of knee joint following prior explantation of knee prosthesis (Z89.52-"),
            (Targets{"Z89.52-"}));
  EXPECT_EQ(targets("x (K50.014, K50.914,)"), (Targets{"K50.014", "K50.914"}));
}

TEST(NoteReferences, LeadInsAndProseGiveNoTarget) {
  auto lead = parse_note_references("underlying disease, if applicable, such as:", nullptr);
  EXPECT_EQ(lead.kind, NoteTextKind::lead_in);
  EXPECT_TRUE(lead.targets.empty());
  auto prose = parse_note_references("traumatic separation of muscle- see strain of muscle by body region", nullptr);
  EXPECT_EQ(prose.kind, NoteTextKind::prose);
  EXPECT_TRUE(prose.targets.empty());
  EXPECT_EQ(parse_note_references("associated neoplasm", nullptr).kind, NoteTextKind::prose);
  // Code-like words that are not codes.
  EXPECT_TRUE(targets("influenza A/H1N1 (J10.-)") == (Targets{"J10.-"}));
}

TEST(NoteReferences, ReferencesWithoutParenthesesNeedTheCodeSet) {
  DXS_REQUIRE_SHARED();
  const CodeCatalog& codes = test::catalog(2027);
  EXPECT_TRUE(targets("torticollis NOS M43.6").empty());  // no code set: not taken
  EXPECT_EQ(targets("torticollis NOS M43.6", &codes), (Targets{"M43.6"}));
  EXPECT_EQ(targets("hearing loss as classified in H90.-", &codes), (Targets{"H90.-"}));
  EXPECT_EQ(targets("conditions classified to Q67.0-Q67.4", &codes), (Targets{"Q67.0-Q67.4"}));
  EXPECT_EQ(targets("concussion with other intracranial injuries classified in subcategories S06.1- to S06.6-, and "
                    "S06.81- to S06.89-, code to specified intracranial injury",
                    &codes),
            (Targets{"S06.1-S06.6-", "S06.81-S06.89-"}));
  // A parenthesised reference wins over a bare code in the prose ("any type in A15").
  EXPECT_EQ(targets("pneumoconiosis with tuberculosis, any type in A15 (J65)", &codes), (Targets{"J65"}));
}

TEST(NoteReferences, WithFormsExpandAgainstTheCodeSet) {
  DXS_REQUIRE_SHARED();
  const CodeCatalog& codes = test::catalog(2027);
  // E12 does not exist: only the categories of the range that have the code.
  EXPECT_EQ(targets("diabetes mellitus (E08-E13 with .42)", &codes),
            (Targets{"E08.42", "E09.42", "E10.42", "E11.42", "E13.42"}));
  EXPECT_EQ(targets("diabetic (peripheral) angiopathy (E08-E13 with .51-.52)", &codes),
            (Targets{"E08.51-E08.52", "E09.51-E09.52", "E10.51-E10.52", "E11.51-E11.52", "E13.51-E13.52"}));
  EXPECT_EQ(targets("skin disorders in diabetes (E08-E13 with .62-)", &codes).front(), "E08.62-");
  EXPECT_EQ(targets("fluency disorder (stuttering) following cerebrovascular disease (I69. with final characters -23)", &codes),
            (Targets{"I69.023", "I69.123", "I69.223", "I69.323", "I69.823", "I69.923"}));
  EXPECT_EQ(targets("infectious mononucleosis complicated by meningitis (B27.- with fifth character 2)", &codes),
            (Targets{"B27.02", "B27.12", "B27.82", "B27.92"}));
  EXPECT_EQ(targets("whooping cough with pneumonia (A37 with fifth-character 1)", &codes),
            (Targets{"A37.01", "A37.11", "A37.81", "A37.91"}));
  Targets hallucinations = targets("hallucinations in drug psychosis (F11-F19 with fifth to sixth characters 51)", &codes);
  EXPECT_NE(std::find(hallucinations.begin(), hallucinations.end(), "F11.151"), hallucinations.end());
  EXPECT_EQ(std::find(hallucinations.begin(), hallucinations.end(), "F10.151"), hallucinations.end());
  Targets open_fracture = targets("open skull fracture (S02.- with 7th character B)", &codes);
  ASSERT_FALSE(open_fracture.empty());
  for (const std::string& t : open_fracture) EXPECT_EQ(t.back(), 'B') << t;
  Targets concussion = targets("current concussion (brain) (S06.0X- with seventh character A)", &codes);
  ASSERT_FALSE(concussion.empty());
  for (const std::string& t : concussion) EXPECT_EQ(t.substr(0, 6), "S06.0X") << t;
  EXPECT_EQ(targets("leukemia in remission C91.0-C95.9 with 5th character 1", &codes).front(), "C91.01");
}

TEST(NoteReferences, UnknownWithFormsAreNotGuessed) {
  DXS_REQUIRE_SHARED();
  const CodeCatalog& codes = test::catalog(2027);
  auto ketoacidosis = parse_note_references("diabetic acidosis - see categories E08-E10, E11, E13 with ketoacidosis", &codes);
  EXPECT_EQ(ketoacidosis.kind, NoteTextKind::unrecognised);
  EXPECT_TRUE(ketoacidosis.targets.empty());  // not E08-E13 as a whole
  auto open = parse_note_references("open fracture of elbow and forearm (S52.- with open fracture 7th character)", &codes);
  EXPECT_EQ(open.kind, NoteTextKind::unrecognised);
  EXPECT_TRUE(open.targets.empty());
  EXPECT_EQ(parse_note_references("diabetes mellitus (E08-E13 with .42)", nullptr).kind, NoteTextKind::unrecognised);
}

// The publisher of the FY2027 Excludes1 table parsed the same notes into referencedCodes. Our
// parser must agree on every row where it gave codes, except the rows listed here, where the
// table misses references that the note text has.
TEST(NoteReferences, AgreesWithThePublishedReferencedCodes) {
  DXS_REQUIRE_SHARED();
  const CodeCatalog& codes = test::catalog(2027);
  auto records = read_csv(read_file(test::excludes1_csv_path()), "fy2027-excludes1.csv");
  ASSERT_TRUE(records) << records.error().message;
  const std::map<std::string, Targets> known_better = {
      {"nerve root compression (due to) (in) spondylosis (M47.0-, M47.2.-)", {"M47.0-", "M47.2-"}},
      {"specified adverse effects of drugs and medicaments (A00-R94 and T80-T88.6, T88.8)", {"A00-R94", "T80-T88.6", "T88.8"}},
  };
  auto canonical = [](std::string t) {
    std::string out;
    for (std::size_t i = 0; i < t.size(); ++i) {
      if (t[i] == '.' && i + 1 < t.size() && t[i + 1] == '-') continue;  // "A05.-" == "A05-"
      if (t[i] == ' ') continue;
      out.push_back(t[i]);
    }
    while (out.find("--") != std::string::npos) out.erase(out.find("--"), 1);  // "I70.2--I70.7-"
    return out;
  };
  std::size_t compared = 0, empty_rows = 0;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const auto& f = (*records)[i].fields;
    const std::string& text = f[4];
    auto refs = parse_note_references(text, &codes);
    if (f[5].empty()) {
      ++empty_rows;
      continue;
    }
    std::set<std::string> published, ours;
    std::string list = f[5];
    for (std::size_t start = 0; start <= list.size();) {
      std::size_t end = list.find("; ", start);
      if (end == std::string::npos) end = list.size();
      published.insert(canonical(list.substr(start, end - start)));
      start = end + 2;
    }
    for (const std::string& t : refs.printed) ours.insert(canonical(t));
    auto better = known_better.find(text);
    if (better != known_better.end()) {
      std::set<std::string> expected;
      for (const std::string& t : better->second) expected.insert(canonical(t));
      EXPECT_EQ(ours, expected) << text;
      continue;
    }
    EXPECT_EQ(ours, published) << "line " << (*records)[i].line << ": " << text;
    EXPECT_EQ(refs.kind, NoteTextKind::references) << text;
    ++compared;
  }
  EXPECT_EQ(compared + empty_rows + known_better.size(), records->size() - 1);
  EXPECT_EQ(empty_rows, 207u);  // SOURCES.md: 54 lead-ins, 73 prose notes, 80 unparsed forms
}

TEST(NoteReferences, RowsThePublisherLeftEmpty) {
  DXS_REQUIRE_SHARED();
  const CodeCatalog& codes = test::catalog(2027);
  auto records = read_csv(read_file(test::excludes1_csv_path()), "fy2027-excludes1.csv");
  ASSERT_TRUE(records) << records.error().message;
  std::map<NoteTextKind, std::size_t> kinds;
  for (std::size_t i = 1; i < records->size(); ++i) {
    const auto& f = (*records)[i].fields;
    if (f[5].empty()) ++kinds[parse_note_references(f[4], &codes).kind];
  }
  EXPECT_EQ(kinds[NoteTextKind::lead_in], 54u);
  EXPECT_EQ(kinds[NoteTextKind::prose], 73u);
  // Of the 80 code-like forms, only two stay unresolved: "with ketoacidosis" and
  // "with open fracture 7th character".
  EXPECT_EQ(kinds[NoteTextKind::unrecognised], 2u);
  EXPECT_EQ(kinds[NoteTextKind::references], 78u);
}

}  // namespace
}  // namespace dxs::mappings
