/**
 * RADIUS fuzzing (a script, not a test): the real engine with the real MDM simulator behind it, on loopback,
 * fed N mutants (default 1 000 000) of valid requests and of FreeRADIUS's malformed-attribute vectors, about
 * half re-signed so they pass packet verification. Prints what happened to them, the engine's drop counters
 * and its heap before and after; exits non-zero if any packet was neither answered nor counted as dropped,
 * or any reply failed to verify.
 *
 *   node --expose-gc --import tsx scripts/fuzz/radius.ts [--count 1000000] [--seed 1]
 */
import { parseArgs } from "node:util";
import { fuzzEngine } from "../../lib/engine/testing/fuzz-run";
import { startTestEngine } from "../../lib/engine/test-support";

const { values: args } = parseArgs({
  options: { count: { type: "string", default: "1000000" }, seed: { type: "string", default: "1" } },
});
const SECRET = "fuzz-secret";

async function main(): Promise<void> {
  const count = Number(args.count);
  const seed = Number(args.seed);
  const harness = await startTestEngine({ mdm: { apiVersion: 3 }, radius: true, nads: [{ secret: SECRET }] });
  try {
    console.log(`RADIUS fuzzing: ${count} packets, seed ${seed}, engine in this process (heap figures include the generator)`);
    const report = await fuzzEngine({
      engine: harness.engine,
      secret: SECRET,
      count,
      seed,
      onProgress: (sent) => {
        if (sent % 100_000 === 0) console.log(`  ${sent} sent, heap ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
      },
    });
    const accounted = report.replies + report.drops + report.duplicatesDropped;
    console.log(`sent ${report.sent} in ${report.seconds.toFixed(1)} s (${(report.sent / report.seconds).toFixed(0)}/s)`);
    console.log(
      `counted by the engine ${report.received}; answered ${report.replies}; dropped ${report.drops}; retransmissions dropped ${report.duplicatesDropped}`,
    );
    console.log(`unaccounted ${report.sent - accounted}; replies failing verification ${report.invalidReplies}`);
    console.log(`drops by reason: ${JSON.stringify(report.dropsByReason)}`);
    for (const sample of report.invalidSamples) console.log(`reply failing verification: ${JSON.stringify(sample)}`);
    console.log(`heap used ${report.heapUsedMbBefore.toFixed(0)} MB before, ${report.heapUsedMbAfter.toFixed(0)} MB after`);
    if (report.received !== report.sent || accounted !== report.sent || report.invalidReplies > 0) process.exitCode = 1;
  } finally {
    await harness.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exitCode = 1;
});
