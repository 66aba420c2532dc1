#include "adapters/mappings/json_tree.hpp"

#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cctype>
#include <cstdint>

#include "adapters/mappings/note_sources.hpp"

namespace dxs::mappings {
namespace {

class TreeBuilder {
 public:
  TreeBuilder(rapidjson::InsituStringStream& stream, const char* buffer_begin, std::string_view original,
              std::size_t max_depth)
      : stream_(stream), buffer_begin_(buffer_begin), original_(original), max_depth_(max_depth) {}

  bool Null() { return value(JsonValue::Kind::null, token_start(4, 'n')); }
  bool Bool(bool b) {
    JsonValue* v = value_ptr(JsonValue::Kind::boolean, b ? token_start(4, 't') : token_start(5, 'f'));
    if (v) v->boolean = b;
    return v != nullptr;
  }
  bool Int(int i) { return number(static_cast<double>(i), true); }
  bool Uint(unsigned u) { return number(static_cast<double>(u), true); }
  bool Int64(std::int64_t i) { return number(static_cast<double>(i), true); }
  bool Uint64(std::uint64_t u) { return number(static_cast<double>(u), true); }
  bool Double(double d) { return number(d, false); }
  bool RawNumber(const char*, rapidjson::SizeType, bool) { return false; }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    JsonValue* v = value_ptr(JsonValue::Kind::string, string_start(s));
    if (v) v->text.assign(s, length);
    return v != nullptr;
  }
  bool StartObject() { return open(JsonValue::Kind::object); }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    JsonValue* object = stack_.back();
    std::string key(s, length);
    for (const auto& existing : object->keys) {
      if (existing.first == key) {
        duplicate_key_ = key;
        duplicate_offset_ = string_start(s);
        return false;
      }
    }
    object->keys.emplace_back(std::move(key), string_start(s));
    return true;
  }
  bool EndObject(rapidjson::SizeType) { stack_.pop_back(); return true; }
  bool StartArray() { return open(JsonValue::Kind::array); }
  bool EndArray(rapidjson::SizeType) { stack_.pop_back(); return true; }

  JsonValue root;
  std::string duplicate_key_;
  std::size_t duplicate_offset_ = 0;
  bool too_deep_ = false;
  std::size_t too_deep_offset_ = 0;

 private:
  std::size_t position() const { return stream_.Tell(); }
  // Start of a literal or bracket of `length` characters beginning with `first`: Tell() is at it
  // or just past it, depending on whether the reader works on a local copy of the stream.
  std::size_t token_start(std::size_t length, char first) const {
    std::size_t p = position();
    if (p < original_.size() && original_[p] == first) return p;
    return p >= length ? p - length : 0;
  }
  // In situ, a string's characters are decoded in place, so the callback's pointer is just past
  // the opening quote in the original text.
  std::size_t string_start(const char* str) const {
    auto offset = static_cast<std::size_t>(str - buffer_begin_);
    return offset > 0 ? offset - 1 : 0;
  }
  // RapidJSON may read a number through a local copy of the stream, so Tell() is either the
  // number's first character or just past its last one.
  std::size_t number_start() const {
    std::size_t p = position();
    auto numeric = [&](std::size_t i) {
      char c = original_[i];
      return std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    if (p < original_.size() && numeric(p) && (p == 0 || !numeric(p - 1))) return p;
    while (p > 0 && numeric(p - 1)) --p;
    return p;
  }

  JsonValue* value_ptr(JsonValue::Kind kind, std::size_t offset) {
    JsonValue* slot = nullptr;
    if (stack_.empty()) {
      slot = &root;
    } else if (stack_.back()->kind == JsonValue::Kind::array) {
      slot = &stack_.back()->items.emplace_back();
    } else {
      slot = &stack_.back()->members.emplace_back();
    }
    slot->kind = kind;
    slot->offset = offset;
    return slot;
  }
  bool value(JsonValue::Kind kind, std::size_t offset) { return value_ptr(kind, offset) != nullptr; }
  bool number(double d, bool integral) {
    JsonValue* v = value_ptr(JsonValue::Kind::number, number_start());
    v->number = d;
    v->integral = integral;
    return true;
  }
  bool open(JsonValue::Kind kind) {
    std::size_t offset = token_start(1, kind == JsonValue::Kind::object ? '{' : '[');
    if (stack_.size() >= max_depth_) {
      too_deep_ = true;
      too_deep_offset_ = offset;
      return false;
    }
    stack_.push_back(value_ptr(kind, offset));
    return true;
  }

  rapidjson::InsituStringStream& stream_;
  const char* buffer_begin_;
  std::string_view original_;
  std::size_t max_depth_;
  std::vector<JsonValue*> stack_;
};

Error syntax_error(std::string_view json, std::string_view source, std::size_t offset, const std::string& problem) {
  auto [line, column] = line_column(json, offset);
  std::string where = std::string(source) + ":" + std::to_string(line) + ":" + std::to_string(column);
  Error e = make_error(ErrorCode::syntax, where + ": " + problem, where, offset);
  e.line = line;
  e.column = column;
  return e;
}

}  // namespace

const char* JsonValue::kind_name() const noexcept {
  switch (kind) {
    case Kind::null: return "null";
    case Kind::boolean: return "a boolean";
    case Kind::number: return "a number";
    case Kind::string: return "a string";
    case Kind::object: return "an object";
    case Kind::array: return "an array";
  }
  return "a value";
}

std::string json_location(std::string_view json, std::string_view source_name, std::size_t offset) {
  auto [line, column] = line_column(json, offset);
  return std::string(source_name) + ":" + std::to_string(line) + ":" + std::to_string(column);
}

Result<JsonValue> parse_json_tree(std::string_view json, std::string_view source_name, std::size_t max_depth) {
  std::string buffer(json);
  rapidjson::InsituStringStream stream(buffer.data());
  TreeBuilder builder(stream, buffer.data(), json, max_depth);
  rapidjson::Reader reader;
  constexpr unsigned flags = rapidjson::kParseInsituFlag | rapidjson::kParseIterativeFlag |
                             rapidjson::kParseValidateEncodingFlag | rapidjson::kParseStopWhenDoneFlag;
  rapidjson::ParseResult ok = reader.Parse<flags>(stream, builder);
  if (!builder.duplicate_key_.empty()) {
    return syntax_error(json, source_name, builder.duplicate_offset_, "duplicate key \"" + builder.duplicate_key_ + "\"");
  }
  if (builder.too_deep_) {
    return syntax_error(json, source_name, builder.too_deep_offset_,
                        "nesting deeper than " + std::to_string(max_depth) + " levels");
  }
  if (!ok) {
    return syntax_error(json, source_name, ok.Offset(),
                        std::string("JSON syntax error: ") + rapidjson::GetParseError_En(ok.Code()));
  }
  // Only blanks may follow the document.
  for (std::size_t p = stream.Tell(); p < json.size(); ++p) {
    char c = json[p];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      return syntax_error(json, source_name, p, "unexpected text after the JSON document");
    }
  }
  return std::move(builder.root);
}

}  // namespace dxs::mappings
