import { Command, CommanderError } from "commander";
import { vi } from "vitest";

/** What one in-process `vouch …` run printed and how it exited. */
export interface CommandRun {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

/**
 * Run `vouch <args>` in-process: `register` adds the command family under test to a fresh program, and
 * everything it prints (commander's own help and errors included) is captured instead of written. The exit
 * code is what the command set on process.exitCode, or commander's for a usage error; process.exitCode is
 * left as it was found.
 */
export async function runCommand(
  register: (program: Command) => void,
  args: readonly string[],
): Promise<CommandRun> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command().name("vouch").exitOverride();
  program.configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  register(program);
  const stdout = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    out.push(String(chunk));
    return true;
  });
  const stderr = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    err.push(String(chunk));
    return true;
  });
  const previous = process.exitCode;
  process.exitCode = 0;
  let exitCode = 0;
  try {
    await program.parseAsync(["node", "vouch", ...args]);
    exitCode = Number(process.exitCode ?? 0);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    exitCode = e.exitCode;
  } finally {
    stdout.mockRestore();
    stderr.mockRestore();
    process.exitCode = previous;
  }
  return { stdout: out.join(""), stderr: err.join(""), exitCode };
}
