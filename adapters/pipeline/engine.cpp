// Engine: knowledge + screener + config, swapped whole on reload.
#include <stdexcept>

#include "adapters/mappings/mappings.hpp"
#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

std::shared_ptr<const Knowledge> with_overrides(std::shared_ptr<const Knowledge> knowledge,
                                                const Config& config) {
  if (!knowledge) throw std::runtime_error("no knowledge loaded");
  if (config.rules.empty()) return knowledge;
  auto copy = std::make_shared<Knowledge>(*knowledge);
  const Status applied = apply_overrides(*copy, config.rules);
  if (!applied.ok())
    throw std::runtime_error(config.source + ": \"rules\": " + applied.error().message);
  return copy;
}

std::filesystem::path mappings_dir_of(const Config& config) {
  return config.mappings.dir.empty() ? mappings::default_mappings_dir() : config.mappings.dir;
}

}  // namespace

const char* version() noexcept { return DXS_VERSION; }

std::shared_ptr<const EngineState> Engine::build(Config config,
                                                 std::shared_ptr<const Knowledge> knowledge,
                                                 std::filesystem::path dir) {
  auto state = std::make_shared<EngineState>();
  state->knowledge = with_overrides(std::move(knowledge), config);
  state->screener = std::make_shared<const Screener>(state->knowledge);
  state->config = std::move(config);
  state->mappings_dir = std::move(dir);
  return state;
}

std::shared_ptr<Engine> Engine::open(Config config) {
  std::filesystem::path dir = mappings_dir_of(config);
  std::shared_ptr<const Knowledge> knowledge = mappings::load_knowledge(dir);
  return std::shared_ptr<Engine>(new Engine(build(std::move(config), std::move(knowledge), std::move(dir))));
}

Engine::Engine(Config config, std::shared_ptr<const Knowledge> knowledge)
    : state_(build(std::move(config), std::move(knowledge), {})) {}

Engine::Engine(std::shared_ptr<const EngineState> state) : state_(std::move(state)) {}

std::shared_ptr<const EngineState> Engine::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void Engine::reload(std::optional<Config> config) {
  Config next = config ? std::move(*config) : state()->config;
  std::filesystem::path dir = mappings_dir_of(next);
  std::shared_ptr<const Knowledge> knowledge = mappings::load_knowledge(dir);
  auto built = build(std::move(next), std::move(knowledge), std::move(dir));
  std::lock_guard lock(mutex_);
  state_ = std::move(built);
}

}  // namespace dxs::pipeline
