#!/usr/bin/env node
import { readFileSync } from "node:fs";
import { Command } from "commander";
import { registerAdmin } from "./commands/admin.js";
import { registerAsk } from "./commands/ask.js";
import { registerAudit } from "./commands/audit.js";
import { registerBenchResolver } from "./commands/bench-resolver.js";
import { registerChat } from "./commands/chat.js";
import { registerContract } from "./commands/contract.js";
import { registerDemo } from "./commands/demo.js";
import { registerGovernance } from "./commands/governance.js";
import { registerKb } from "./commands/kb.js";
import { registerServe } from "./commands/serve.js";

const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

const program = new Command("vouch")
  .description(
    "Vouch: AI customer-support agents whose enterprise contract is code.\n\nConfiguration comes from the environment: PORT, HOST, DATABASE_URL (PostgreSQL; absent = embedded SQLite), VOUCH_DATA_DIR (default ./.vouch).",
  )
  .version(pkg.version)
  .showHelpAfterError();

registerServe(program);
registerDemo(program);
registerKb(program);
registerChat(program);
registerAsk(program);
registerContract(program);
registerAdmin(program);
registerAudit(program);
registerGovernance(program);
const bench = program.command("bench").description("Benchmarks");
registerBenchResolver(bench);

await program.parseAsync(process.argv);
