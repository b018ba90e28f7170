// Compiles MedicalRecords.sol with solc (npm's solc-js, the compiler version the lockfile
// pins) into build/MedicalRecords.bin: the deployment bytecode, hex, that `medchain-bench
// --ethereum` deploys. Fails on any compiler error.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import solc from "solc";

const here = dirname(fileURLToPath(import.meta.url));
const source = readFileSync(join(here, "MedicalRecords.sol"), "utf8");
const input = {
  language: "Solidity",
  sources: { "MedicalRecords.sol": { content: source } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: "cancun",
    outputSelection: { "*": { "*": ["evm.bytecode.object"] } },
  },
};
const output = JSON.parse(solc.compile(JSON.stringify(input)));
const errors = (output.errors ?? []).filter((e) => e.severity === "error");
for (const e of output.errors ?? []) console.error(e.formattedMessage);
if (errors.length > 0) process.exit(1);
const bytecode = output.contracts["MedicalRecords.sol"].MedicalRecords.evm.bytecode.object;
mkdirSync(join(here, "build"), { recursive: true });
writeFileSync(join(here, "build", "MedicalRecords.bin"), bytecode + "\n");
console.log(`MedicalRecords.sol → build/MedicalRecords.bin (${bytecode.length / 2} bytes, solc ${solc.version()})`);
