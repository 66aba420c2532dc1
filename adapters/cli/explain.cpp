// dxscreen explain CODE: title, billable or not, billable children, notes, rules.
#include <iostream>

#include "adapters/cli/cli.hpp"
#include "adapters/pipeline/pipeline.hpp"
#include "core/screener.hpp"

namespace dxs::cli {
namespace {

using pipeline::append_json_string;

std::string explanation_json(const Explanation& e) {
  std::string out = "{\"code\": ";
  append_json_string(out, e.code);
  out += ", \"code_set\": ";
  append_json_string(out, e.code_set);
  out += std::string(", \"found\": ") + (e.found ? "true" : "false");
  out += ", \"title\": ";
  append_json_string(out, e.title);
  out += ", \"short_title\": ";
  append_json_string(out, e.short_title);
  out += std::string(", \"billable\": ") + (e.billable ? "true" : "false");
  auto codes = [&](const char* key, const std::vector<ExplainCode>& list) {
    out += ",\n \"";
    out += key;
    out += "\": [";
    for (std::size_t i = 0; i < list.size(); ++i) {
      out += i ? ", {\"code\": " : "{\"code\": ";
      append_json_string(out, list[i].code);
      out += ", \"title\": ";
      append_json_string(out, list[i].title);
      out += std::string(", \"billable\": ") + (list[i].billable ? "true" : "false") + "}";
    }
    out += "]";
  };
  codes("parents", e.parents);
  codes("billable_children", e.billable_children);
  out += ",\n \"notes\": [";
  for (std::size_t i = 0; i < e.notes.size(); ++i) {
    const ExplainNote& n = e.notes[i];
    out += i ? ",\n  {\"kind\": " : "\n  {\"kind\": ";
    append_json_string(out, n.kind);
    out += ", \"at\": ";
    append_json_string(out, n.at);
    out += ", \"target\": ";
    append_json_string(out, n.target);
    out += ", \"text\": ";
    append_json_string(out, n.text);
    out += "}";
  }
  out += "],\n \"rules\": [";
  for (std::size_t i = 0; i < e.rules.size(); ++i) {
    const ExplainRule& r = e.rules[i];
    out += i ? ",\n  {\"id\": " : "\n  {\"id\": ";
    append_json_string(out, r.id);
    out += ", \"severity\": ";
    append_json_string(out, r.severity);
    out += ", \"basis\": ";
    append_json_string(out, r.basis);
    out += ", \"description\": ";
    append_json_string(out, r.description);
    out += "}";
  }
  out += "],\n \"message\": ";
  append_json_string(out, e.message);
  out += "}\n";
  return out;
}

void print_text(std::ostream& out, const Explanation& e) {
  if (!e.found) {
    out << (e.code.empty() ? std::string("(empty)") : e.code) << ": " << e.message << "\n";
    if (!e.billable_children.empty()) {
      out << "Billable codes below it:\n";
      for (const ExplainCode& c : e.billable_children) out << "  " << c.code << "  " << c.title << "\n";
    }
    return;
  }
  out << e.code << "  " << e.title << "\n";
  out << "Code set: " << e.code_set << "\n";
  out << "Billable: " << (e.billable ? "yes" : "no (a header: claims must use a billable code below it)") << "\n";
  if (!e.parents.empty()) {
    out << "Under: ";
    for (std::size_t i = 0; i < e.parents.size(); ++i) {
      if (i) out << " > ";
      out << e.parents[i].code << " " << e.parents[i].title;
    }
    out << "\n";
  }
  if (!e.billable_children.empty()) {
    out << "Billable codes below it (" << e.billable_children.size() << "):\n";
    for (const ExplainCode& c : e.billable_children) out << "  " << c.code << "  " << c.title << "\n";
  }
  if (!e.notes.empty()) {
    out << "Notes:\n";
    for (const ExplainNote& n : e.notes) {
      out << "  " << n.kind << " (at " << n.at << "): " << n.text << "\n";
    }
  }
  if (!e.rules.empty()) {
    out << "Rules that apply:\n";
    for (const ExplainRule& r : e.rules) {
      out << "  " << r.id << " (" << r.severity << ")";
      if (!r.description.empty()) out << ": " << r.description;
      if (!r.basis.empty()) out << " [" << r.basis << "]";
      out << "\n";
    }
  }
}

}  // namespace

void print_explain_help(std::ostream& out) {
  out << "Usage: dxscreen explain CODE [options]\n"
         "\n"
         "Shows what dxscreen knows about an ICD-10-CM code (dotted or not): its title, whether it\n"
         "is billable, its billable codes, the Excludes1/Excludes2/code-first notes that govern it,\n"
         "and the rules that apply to it.\n"
         "\n"
         "Options:\n"
         "  --date YYYY-MM-DD       pick the code set in force on this date (default: today)\n"
         "  --format text|json      output format (default: text)\n"
         "  --config FILE           configuration file (default: the installed conf/dxscreen.json)\n"
         "  --mappings DIR          data folder (default: mappings.dir of the config, else the\n"
         "                          installed mappings/)\n"
         "\n"
         "Exit codes: 0 the code is in the code set, 1 it is not, 2 usage error.\n";
}

int explain_main(const std::vector<std::string>& args) {
  std::string code, format = "text", config_file, mappings_dir;
  std::optional<Date> date;
  try {
    ArgReader reader(args);
    while (!reader.done()) {
      bool is_option = false;
      const std::string arg = reader.next(&is_option);
      if (!is_option) {
        if (!code.empty()) throw UsageError("one CODE only (got \"" + code + "\" and \"" + arg + "\")");
        code = arg;
      } else if (arg == "--help") {
        print_explain_help(std::cout);
        return 0;
      } else if (arg == "--date") {
        date = parse_date_option(arg, reader.value(arg));
      } else if (arg == "--format") {
        format = reader.value(arg);
        if (format != "text" && format != "json")
          throw UsageError("option --format must be text or json, got \"" + format + "\"");
      } else if (arg == "--config") {
        config_file = reader.value(arg);
      } else if (arg == "--mappings") {
        mappings_dir = reader.value(arg);
      } else {
        throw UsageError("unknown option " + arg);
      }
    }
    if (code.empty()) throw UsageError("missing CODE (e.g. dxscreen explain M62.451)");
  } catch (const UsageError& e) {
    std::cerr << "dxscreen explain: " << e.what() << "\n(see dxscreen explain --help)\n";
    return exit_usage;
  }

  const std::shared_ptr<pipeline::Engine> engine = open_engine("explain", config_file, mappings_dir);
  if (!engine) return exit_usage;
  const auto state = engine->state();
  const Explanation explanation = explain(*state->knowledge, code, date.value_or(today_from_clock()));
  if (format == "json") std::cout << explanation_json(explanation);
  else print_text(std::cout, explanation);
  return explanation.found ? 0 : 1;
}

}  // namespace dxs::cli
