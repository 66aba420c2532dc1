// JSON -> Tree with RapidJSON's SAX reader: in situ on the document's own buffer, iterative (no
// recursion however deep the input), numbers kept as their text. The handler enforces the depth
// and array limits and rejects duplicate keys, which the JSON grammar allows but FHIR does not.
#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include "adapters/fhir/document.hpp"
#include "adapters/fhir/input_text.hpp"

namespace dxs::fhir {
namespace {

// No kParseValidateEncodingFlag: check_input_text has already validated the whole input as
// UTF-8 (more strictly: overlong forms and surrogates too), so RapidJSON need not do it again.
constexpr unsigned kJsonFlags = rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag |
                                rapidjson::kParseNumbersAsStringsFlag;
constexpr std::size_t kLinearKeyCheck = 16;

struct Frame {
  NodeId node = no_node;
  bool is_array = false;
  std::string_view array_name;  // arrays: the property name every item gets
  std::size_t items = 0;        // array items or object members
  std::vector<std::string_view> keys;
  std::unique_ptr<std::unordered_set<std::string_view>> key_set;
};

class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  TreeBuilder(Tree& tree, rapidjson::InsituStringStream& stream, const Limits& limits)
      : tree_(tree), stream_(stream), limits_(limits) {}

  bool Null() { return primitive({}); }
  bool Bool(bool b) { return primitive(b ? "true" : "false"); }
  bool RawNumber(const char* text, rapidjson::SizeType length, bool) {
    return primitive({text, length});
  }
  bool String(const char* text, rapidjson::SizeType length, bool) {
    if (expect_resource_type_) {
      expect_resource_type_ = false;
      Node& holder = tree_.at(stack_.back().node);
      holder.resource_type = {text, length};
      if (holder.resource_type.empty()) return fail("empty resourceType");
      return true;
    }
    return primitive({text, length});
  }
  bool StartObject() {
    if (expect_resource_type_) return fail("resourceType must be a string");
    NodeId node = no_node;
    if (stack_.empty()) {
      node = tree_.add(no_node, {}, offset());
    } else {
      if (!count_item()) return false;
      node = tree_.add(stack_.back().node, property_name(), offset());
    }
    return push(node, false, {});
  }
  bool Key(const char* text, rapidjson::SizeType length, bool) {
    const std::string_view key{text, length};
    Frame& frame = stack_.back();
    if (++frame.items > limits_.max_array_items) {
      return fail("object has more than " + std::to_string(limits_.max_array_items) +
                  " properties");
    }
    if (!remember_key(frame, key)) return fail("duplicate property \"" + safe(key) + "\"");
    pending_key_ = key;
    expect_resource_type_ = key == "resourceType";
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }
  bool StartArray() {
    if (stack_.empty()) return fail("the document must be a JSON object (a FHIR resource)");
    if (expect_resource_type_) return fail("resourceType must be a string");
    if (stack_.back().is_array) return fail("an array directly inside an array is not FHIR JSON");
    return push(stack_.back().node, true, pending_key_);
  }
  bool EndArray(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }

  [[nodiscard]] const std::string& message() const { return message_; }
  [[nodiscard]] std::size_t error_offset() const { return error_offset_; }

 private:
  std::size_t offset() const { return stream_.Tell(); }
  std::string_view property_name() const {
    return stack_.back().is_array ? stack_.back().array_name : pending_key_;
  }
  static std::string safe(std::string_view key) {
    // Property names are schema words, not patient data; still keep them short and printable.
    std::string out;
    for (char c : key.substr(0, 40)) out += (c >= 0x20 && c < 0x7F && c != '"') ? c : '?';
    return out;
  }
  bool fail(std::string message) {
    if (message_.empty()) {
      message_ = std::move(message);
      error_offset_ = offset();
    }
    return false;
  }
  bool count_item() {
    Frame& frame = stack_.back();
    if (frame.is_array && ++frame.items > limits_.max_array_items) {
      return fail("array has more than " + std::to_string(limits_.max_array_items) + " items");
    }
    return true;
  }
  bool push(NodeId node, bool is_array, std::string_view array_name) {
    if (stack_.size() >= limits_.max_depth) {
      return fail("nesting deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    Frame frame;
    frame.node = node;
    frame.is_array = is_array;
    frame.array_name = array_name;
    stack_.push_back(std::move(frame));
    return true;
  }
  bool primitive(std::string_view text) {
    if (stack_.empty()) return fail("the document must be a JSON object (a FHIR resource)");
    if (expect_resource_type_) return fail("resourceType must be a string");
    if (!count_item()) return false;
    const NodeId node = tree_.add(stack_.back().node, property_name(), offset());
    tree_.at(node).value = text;
    return true;
  }
  static bool remember_key(Frame& frame, std::string_view key) {
    if (frame.key_set) return frame.key_set->insert(key).second;
    if (std::find(frame.keys.begin(), frame.keys.end(), key) != frame.keys.end()) return false;
    frame.keys.push_back(key);
    if (frame.keys.size() > kLinearKeyCheck) {
      frame.key_set = std::make_unique<std::unordered_set<std::string_view>>(frame.keys.begin(),
                                                                             frame.keys.end());
      frame.keys.clear();
    }
    return true;
  }

  Tree& tree_;
  rapidjson::InsituStringStream& stream_;
  const Limits& limits_;
  std::vector<Frame> stack_;
  std::string_view pending_key_;
  bool expect_resource_type_ = false;
  std::string message_;
  std::size_t error_offset_ = 0;
};

// Every node is a value after a ':' or a ',' (or the root), so their count bounds the nodes.
// Reserving that much for a large document avoids the vector's grow-and-copy, which at the
// end of a big Bundle held the old and the new node arrays at once; the bound is an
// overestimate only by separators inside strings, and unused reserved pages are never touched.
void reserve_nodes(Document& document) {
  constexpr std::size_t kSmall = 256 * 1024;
  const std::string& text = document.buffer;
  if (text.size() < kSmall) return;
  std::size_t separators = 1;
  for (const char c : text) separators += static_cast<std::size_t>(c == ':' || c == ',');
  document.tree.reserve(separators);
}

}  // namespace

std::optional<InputError> parse_json(std::string_view input, const Limits& limits,
                                     Document& document) {
  if (auto error = check_input_text(input, limits.max_input_bytes)) return error;
  const std::size_t bom = utf8_bom_length(input);
  document.buffer.assign(input.substr(bom));
  document.tree.clear();
  document.xml_owner.reset();
  reserve_nodes(document);

  rapidjson::InsituStringStream stream(document.buffer.data());
  TreeBuilder builder(document.tree, stream, limits);
  rapidjson::Reader reader;
  const rapidjson::ParseResult result = reader.Parse<kJsonFlags>(stream, builder);
  if (result.IsError()) {
    if (result.Code() == rapidjson::kParseErrorTermination && !builder.message().empty()) {
      return structure_error_at(input, bom + builder.error_offset(), builder.message());
    }
    return structure_error_at(input, bom + result.Offset(),
                              std::string("malformed JSON: ") +
                                  rapidjson::GetParseError_En(result.Code()));
  }
  // Offsets were taken on the buffer without the BOM.
  if (bom != 0) document.tree.shift_offsets(bom);
  const NodeId root = document.tree.root();
  if (root == no_node || document.tree[root].resource_type.empty()) {
    return structure_error_at(input, bom, "not a FHIR resource: no resourceType");
  }
  return std::nullopt;
}

}  // namespace dxs::fhir
