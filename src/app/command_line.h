#pragma once
// The subcommands of `tawasul` (docs/operations.md, "Command line"): each group adds its
// subcommands to the CLI11 application and says what runs each one, so that main() only parses
// and dispatches, and a new command is one entry in its group's function.
//
// Invariant: every option a command reads is bound to state owned by its `run` (captured by a
// shared pointer) or to `config`, which outlives the commands; exactly one command runs.

#include <functional>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/config.h"

namespace tawasul::app {

struct Command {
  CLI::App* node = nullptr;      // the (sub)subcommand; it runs when CLI11 parsed it
  std::function<int()> run;      // may throw: main reports the message and exits 1
  bool before_validate = false;  // runs without Validate(config) (needs no secret)
};

// Adds every subcommand to `app`; their options are bound into `config` or into state the
// returned commands own.
std::vector<Command> AddCommands(CLI::App& app, Config& config);

}  // namespace tawasul::app
