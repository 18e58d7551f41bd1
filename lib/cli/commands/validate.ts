import type { Command } from "commander";

/** `validate` and `error-report` (contract §4). Filled in by the engine work. */
export function registerValidateCommands(_program: Command, _setExitCode: (code: number) => void): void {}
