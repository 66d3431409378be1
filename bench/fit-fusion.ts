/**
 * `npm run fit:fusion`: refit the fusion prior (src/agent/retrieval/fusion-prior.ts) on the validation half
 * of the cold-start knowledge benchmark and print it, to be pasted into that file. Needs CLINC150's
 * out-of-scope questions, read like `npm run bench -- knowledge` reads them.
 */

import { existsSync } from "node:fs";
import { loadIntentDataset } from "../src/agent/resolver/index.js";
import { fitFusionPrior } from "../src/agent/retrieval/kb-bench/index.js";
import { splitPassages } from "../src/agent/retrieval/split-passages.js";
import { demoArticles } from "./demo-articles.js";
import { clincMissing, clincPath, repoRoot } from "./support.js";

const root = repoRoot();
const path = clincPath();
if (!existsSync(path)) {
  process.stderr.write(`fit:fusion needs CLINC150's out-of-scope questions. ${clincMissing(path)}\n`);
  process.exit(1);
}
process.stderr.write("fitting the fusion weights on the cold-start benchmark's validation half…\n");
const outOfScope = loadIntentDataset(path).oosTest.map(([text]) => text);
const { weights, validation } = await fitFusionPrior(demoArticles(root), outOfScope, splitPassages);
process.stderr.write(
  `fitted on ${validation} validation questions; paste into src/agent/retrieval/fusion-prior.ts:\n`,
);
process.stdout.write(`${JSON.stringify(weights, null, 2)}\n`);
