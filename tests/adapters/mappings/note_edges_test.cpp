#include "adapters/mappings/note_edges.hpp"

#include <gtest/gtest.h>

#include "core/notes.hpp"

namespace dxs::mappings {
namespace {

TEST(NoteEdges, ChapterRangesByFiscalYear) {
  EXPECT_EQ(chapter_range(13, 2026), "M00-M99");
  EXPECT_EQ(chapter_range(15, 2026), "O00-O9A");
  EXPECT_EQ(chapter_range(17, 2025), "Q00-Q99");
  EXPECT_EQ(chapter_range(17, 2026), "Q00-QA0");
  EXPECT_EQ(chapter_range(17, 2027), "Q00-QA1");
  EXPECT_EQ(chapter_range(19, 2027), "S00-T88");
  EXPECT_EQ(chapter_range(22, 2027), "U00-U85");
  EXPECT_EQ(chapter_range(23, 2027), "");
}

TEST(NoteEdges, RowsLoadThroughTheCoreNoteIndex) {
  std::vector<ImportedNote> notes = {
      {NoteKind::excludes1, "M62.4", "contracture of joint (M24.5-)", "c", 2},
      {NoteKind::excludes1, "Block M60-M63", "myopathy in scleroderma (M34.-)", "c", 3},
      {NoteKind::excludes2, "Chapter 17", "inborn errors of metabolism (E70-E88)", "c", 4},
      {NoteKind::code_first, "M62.84", "underlying disease, if applicable, such as:", "c", 5},
      {NoteKind::excludes1, "M24", "current injury - see injury of joint by body region", "c", 6},
  };
  NoteRowStats stats;
  auto rows = build_note_rows(notes, 2027, nullptr, stats);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[2].source, "Chapter 17 (Q00-QA1)");
  EXPECT_EQ(rows[3].target, "");
  EXPECT_EQ(stats.notes_without_references, 2u);
  EXPECT_EQ(stats.lead_ins, 1u);
  EXPECT_EQ(stats.prose, 1u);
  EXPECT_EQ(stats.edges_by_kind[static_cast<std::size_t>(NoteKind::excludes1)], 2u);

  auto index = NoteIndex::parse(write_notes_tsv(rows, {2027, "c.csv", "00"}), "notes-2027.tsv");
  ASSERT_TRUE(index) << index.error().message;
  EXPECT_EQ(index.value()->find(NoteKind::excludes1, "M62411", "M24561").size(), 1u);
  EXPECT_EQ(index.value()->find(NoteKind::excludes1, "M6282", "M3410").size(), 1u);  // block note
  EXPECT_EQ(index.value()->find(NoteKind::excludes2, "QA01", "E750").size(), 1u);    // chapter to QA1
  EXPECT_EQ(index.value()->edges()[1].source_label, "Block M60-M63");
}

}  // namespace
}  // namespace dxs::mappings
