#include "adapters/mappings/note_sources.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "adapters/mappings/note_edges.hpp"
#include "test_support.hpp"

namespace dxs::mappings {
namespace {

constexpr std::string_view small_tabular = R"(<?xml version="1.0" encoding="utf-8"?>
<ICD10CM.tabular>
  <version>2026</version>
  <chapter>
    <name>13</name>
    <desc>Diseases of the musculoskeletal system and connective tissue (M00-M99)</desc>
    <excludes2><note>neoplasms (C00-D49)</note></excludes2>
    <sectionIndex><sectionRef first="M60" last="M63" id="M60-M63">Disorders of muscles</sectionRef></sectionIndex>
    <section id="M60-M63">
      <desc>Disorders of muscles (M60-M63)</desc>
      <excludes2><note>muscular dystrophies and myopathies (G71-G72)</note></excludes2>
      <futureTable><row>ignored</row></futureTable>
      <diag>
        <name>M62</name>
        <desc>Other disorders of muscle</desc>
        <excludes1><note>cramp and spasm (R25.2)</note></excludes1>
        <diag>
          <name>M62.84</name>
          <desc>Sarcopenia</desc>
          <inclusionTerm><note>Age-related sarcopenia</note></inclusionTerm>
          <codeFirst>
            <note>underlying disease, if applicable, such as:</note>
            <note>primary disorders of muscles (G71.-)</note>
          </codeFirst>
          <useAdditionalCode><note>code to identify cause (Y63.-)</note></useAdditionalCode>
          <codeAlso><note>Sj&#246;gren&apos;s (M35.0-)</note></codeAlso>
        </diag>
      </diag>
    </section>
  </chapter>
</ICD10CM.tabular>
)";

TEST(TabularXml, ReadsNotesOfEveryLevelAndKind) {
  std::string text(small_tabular);
  auto source = read_tabular_xml(text, "t.xml");
  ASSERT_TRUE(source) << source.error().message;
  EXPECT_EQ(source->version, 2026);
  EXPECT_EQ(source->locations, (std::set<std::string>{"Chapter 13", "Block M60-M63", "M62", "M62.84"}));
  ASSERT_EQ(source->notes.size(), 7u);
  EXPECT_EQ(source->notes[0].location, "Chapter 13");
  EXPECT_EQ(source->notes[0].kind, NoteKind::excludes2);
  EXPECT_EQ(source->notes[1].location, "Block M60-M63");
  EXPECT_EQ(source->notes[2].text, "cramp and spasm (R25.2)");
  EXPECT_EQ(source->notes[2].line, 16u);
  EXPECT_EQ(source->notes[3].kind, NoteKind::code_first);
  EXPECT_EQ(source->notes[5].kind, NoteKind::use_additional);
  EXPECT_EQ(source->notes[6].kind, NoteKind::code_also);
  EXPECT_EQ(source->notes[6].text, "Sj\xC3\xB6gren's (M35.0-)");
  // Unknown elements are skipped and counted, not rejected.
  EXPECT_EQ(source->skipped_elements.at("futureTable"), 1u);
}

TEST(TabularXml, ParseErrorNamesLineAndColumn) {
  std::string text = "<?xml version=\"1.0\"?>\n<ICD10CM.tabular>\n  <chapter>\n    <name>13</nam>\n";
  auto source = read_tabular_xml(text, "broken.xml");
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().line, 4u);
  EXPECT_NE(source.error().message.find("broken.xml:4:"), std::string::npos) << source.error().message;
  EXPECT_NE(source.error().message.find("XML parse error"), std::string::npos) << source.error().message;
  EXPECT_NE(source.error().message.find("offset"), std::string::npos) << source.error().message;
}

TEST(TabularXml, WrongRootAndBadDiagAreErrors) {
  std::string other = "<tabular/>";
  EXPECT_FALSE(read_tabular_xml(other, "x.xml"));
  std::string bad = "<ICD10CM.tabular>\n<chapter><name>13</name><section id=\"M60-M63\">\n<diag><name>not a code</name></diag>"
                    "</section></chapter></ICD10CM.tabular>";
  auto source = read_tabular_xml(bad, "x.xml");
  ASSERT_FALSE(source);
  EXPECT_EQ(source.error().line, 3u);
}

TEST(ExcludesCsv, ReadsLocationsAndKinds) {
  std::string csv =
      "chapter,code,codeTitle,noteType,noteText,referencedCodes,referencedCategories\n"
      "13,M62.4,Contracture of muscle,excludes1,contracture of joint (M24.5-),M24.5-,M24\n"
      "13,Block M60-M63,Disorders of muscles (M60-M63),excludes1,\"dermatopolymyositis (M33.-)\",M33.-,M33\n"
      "4,Chapter 4,\"Endocrine, nutritional and metabolic diseases\",excludes1,transitory (P70-P74),P70-P74,P70\n";
  auto source = read_excludes_csv(csv, "e.csv");
  ASSERT_TRUE(source) << source.error().message;
  ASSERT_EQ(source->notes.size(), 3u);
  EXPECT_EQ(source->notes[1].location, "Block M60-M63");
  EXPECT_EQ(source->notes[2].location, "Chapter 4");
  EXPECT_EQ(source->notes[2].line, 4u);
  EXPECT_EQ(source->kinds, (std::set<NoteKind>{NoteKind::excludes1}));
}

TEST(ExcludesCsv, ErrorsNameTheLine) {
  const std::string header = "chapter,code,codeTitle,noteType,noteText,referencedCodes,referencedCategories\n";
  auto count = read_excludes_csv(header + "13,M62.4,Contracture,excludes1,x (M24.5-),M24.5-\n", "e.csv");
  ASSERT_FALSE(count);
  EXPECT_NE(count.error().message.find("e.csv:2: wrong field count"), std::string::npos) << count.error().message;
  auto quote = read_excludes_csv(header + "13,M62.4,\"Contracture,excludes1,x,y,z\n", "e.csv");
  ASSERT_FALSE(quote);
  EXPECT_NE(quote.error().message.find("e.csv:2: unterminated quoted field"), std::string::npos)
      << quote.error().message;
  auto type = read_excludes_csv(header + "13,M62.4,Contracture,excludes3,x (M24.5-),M24.5-,M24\n", "e.csv");
  ASSERT_FALSE(type);
  EXPECT_NE(type.error().message.find("e.csv:2: unknown noteType"), std::string::npos) << type.error().message;
  auto location = read_excludes_csv(header + "13,Section M60,Contracture,excludes1,x (M24.5-),M24.5-,M24\n", "e.csv");
  ASSERT_FALSE(location);
  EXPECT_NE(location.error().message.find("e.csv:2: bad location"), std::string::npos) << location.error().message;
}

TEST(MergeNotes, ReplaceAndAddKinds) {
  NoteSource csv, xml;
  csv.notes = {{NoteKind::excludes1, "R26.2", "falling (R29.6)", "c", 2}, {NoteKind::excludes1, "R53.1", "x (R54)", "c", 3}};
  csv.locations = {"R26.2", "R53.1"};
  csv.kinds = {NoteKind::excludes1};
  xml.notes = {{NoteKind::excludes1, "R26.2", "falling (R29.6)", "x", 10},
               {NoteKind::excludes1, "R26.2", "unsteadiness on feet (R26.81)", "x", 11},
               {NoteKind::excludes2, "R25.2", "charley-horse (M62.831)", "x", 12}};
  xml.locations = {"R26.2", "R25.2"};
  xml.kinds = {NoteKind::excludes1, NoteKind::excludes2};
  auto replaced = merge_notes(csv, xml, MergeMode::replace);
  ASSERT_EQ(replaced.size(), 4u);
  EXPECT_EQ(replaced[0].location, "R53.1");
  EXPECT_EQ(replaced[2].text, "unsteadiness on feet (R26.81)");
  auto added = merge_notes(csv, xml, MergeMode::add_kinds);
  ASSERT_EQ(added.size(), 3u);
  EXPECT_EQ(added[2].kind, NoteKind::excludes2);
}

// The FY2027 Excludes1 table and the FY2026 tabular excerpt must give the same Excludes1 edges for
// the starting families (R26.2 is the one documented FY2027 change and is left out).
TEST(ExcludesCsv, AgreesWithTheTabularExcerptForTheStartingFamilies) {
  DXS_REQUIRE_SHARED();
  auto csv = read_excludes_csv(read_file(test::excludes1_csv_path()), "fy2027-excludes1.csv");
  ASSERT_TRUE(csv) << csv.error().message;
  std::string xml_text = read_file(test::tabular_excerpt_path());
  auto xml = read_tabular_xml(xml_text, "excerpt.xml");
  ASSERT_TRUE(xml) << xml.error().message;
  EXPECT_TRUE(xml->skipped_elements.empty());

  auto in_families = [](const std::string& location) {
    for (std::string_view family : {"M24", "M62", "M63", "R25", "R53", "R54"}) {
      if (location.compare(0, family.size(), family) == 0) return true;
    }
    return false;
  };
  // Locations of those families that the excerpt has (it omits M24.0-M24.4, M24.7-M24.9).
  auto edges = [&](const NoteSource& source) {
    std::vector<ImportedNote> notes;
    for (const ImportedNote& n : source.notes) {
      if (n.kind == NoteKind::excludes1 && in_families(n.location) && xml->locations.count(n.location) != 0) {
        notes.push_back(n);
      }
    }
    NoteRowStats stats;
    std::set<std::string> out;
    for (const NoteRow& r : build_note_rows(notes, 2026, &test::catalog(2026), stats)) {
      out.insert(r.source + " -> " + r.target + " | " + r.text);
    }
    return out;
  };
  std::set<std::string> from_csv = edges(*csv), from_xml = edges(*xml);
  EXPECT_EQ(from_csv, from_xml);
  EXPECT_GE(from_csv.size(), 40u);
  EXPECT_EQ(from_csv.count("M62.4 -> M24.5- | contracture of joint (M24.5-)"), 1u);
  EXPECT_EQ(from_csv.count("R53.1 -> M62.81 | muscle weakness (generalized) (M62.81)"), 1u);
  EXPECT_EQ(from_csv.count("M62 -> R25.2 | cramp and spasm (R25.2)"), 1u);

  // R26.2: the excerpt (FY2026) has "unsteadiness on feet (R26.81)", the FY2027 table does not.
  auto r26 = [](const NoteSource& source) {
    std::size_t n = 0;
    for (const ImportedNote& note : source.notes) n += note.location == "R26.2" && note.kind == NoteKind::excludes1;
    return n;
  };
  EXPECT_EQ(r26(*xml), 2u);
  EXPECT_EQ(r26(*csv), 1u);
}

}  // namespace
}  // namespace dxs::mappings
