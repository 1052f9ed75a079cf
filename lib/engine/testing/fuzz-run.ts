/**
 * Drives a running engine with fuzz cases over real UDP (tests and scripts/fuzz/radius.ts only): batches of
 * mutants to the authentication and accounting listeners, each batch sent once the engine has counted the
 * previous one (so the kernel never drops a datagram and every packet is accounted for), every reply decoded
 * and verified against the request it answers. The report says whether each packet was either answered or
 * dropped with a counted reason — the engine's promise for hostile input.
 */
import dgram from "node:dgram";
import { decodePacket, RadiusCode, verifyResponse } from "../radius";
import type { RunningEngine } from "../engine";
import { fuzzCase, Prng, seedCorpus } from "./fuzz";

export interface FuzzReport {
  sent: number;
  /** Counted by the engine as received (both listeners). */
  received: number;
  replies: number;
  /** Replies that did not decode or verify against any request sent with their Identifier. */
  invalidReplies: number;
  /** The first few such replies (hex), whether they decoded, and how many requests shared their Identifier. */
  invalidSamples: { reply: string; decodes: boolean; candidates: number }[];
  drops: number;
  dropsByReason: Record<string, number>;
  /** Retransmissions dropped while the first copy was in progress (counted, not answered). */
  duplicatesDropped: number;
  seconds: number;
  heapUsedMbBefore: number;
  heapUsedMbAfter: number;
}

export interface FuzzOptions {
  engine: RunningEngine;
  secret: string;
  count: number;
  seed: number;
  batch?: number;
  /** Called every ~10 000 packets. */
  onProgress?: (sent: number) => void;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 1));

export async function fuzzEngine({ engine, secret, count, seed, batch = 256, onProgress }: FuzzOptions): Promise<FuzzReport> {
  const ports = engine.radius;
  if (!ports) throw new Error("the engine has no RADIUS listeners");
  const corpus = seedCorpus(secret);
  const rng = new Prng(seed);
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  socket.setRecvBufferSize(8 * 1024 * 1024);
  // Requests by Identifier (the last 1 024 per value): a reply verifies against one of them.
  const sentById = new Map<number, { code: number; identifier: number; authenticator: Buffer }[]>();
  let replies = 0;
  let invalidReplies = 0;
  const invalidSamples: FuzzReport["invalidSamples"] = [];
  socket.on("message", (message) => {
    replies += 1;
    const decoded = decodePacket(message);
    const candidates = decoded.ok ? (sentById.get(decoded.packet.identifier) ?? []) : [];
    // Newest first: most answers are to the latest request with their Identifier.
    const verified =
      decoded.ok &&
      candidates.findLast(
        (request) =>
          verifyResponse(decoded.packet, request, secret, {
            requireMessageAuthenticator: request.code === RadiusCode.AccessRequest,
          }).ok,
      ) !== undefined;
    if (!verified) {
      invalidReplies += 1;
      if (invalidSamples.length < 5) {
        invalidSamples.push({
          reply: message.toString("hex"),
          decodes: decoded.ok,
          candidates: candidates.length,
        });
      }
    }
  });
  const received = () => engine.metrics.requests.total();
  const receivedAtStart = received();
  const repliesBaseline = { drops: engine.metrics.drops.total() };
  globalThis.gc?.();
  const heapUsedMbBefore = process.memoryUsage().heapUsed / 1e6;
  const started = performance.now();
  let sent = 0;
  try {
    while (sent < count) {
      const size = Math.min(batch, count - sent);
      for (let i = 0; i < size; i += 1) {
        const { kind, bytes } = fuzzCase(rng, corpus, secret);
        if (bytes.length >= 20) {
          const list = sentById.get(bytes[1]!) ?? [];
          list.push({ code: bytes[0]!, identifier: bytes[1]!, authenticator: Buffer.from(bytes.subarray(4, 20)) });
          // Deep enough for an answer that waited on a live MDM lookup while ~1 000 more requests went out.
          if (list.length > 1024) list.shift();
          sentById.set(bytes[1]!, list);
        }
        socket.send(bytes, kind === "acct" ? ports.acctPort : ports.authPort, "127.0.0.1");
        sent += 1;
        if (onProgress && sent % 10_000 === 0) onProgress(sent);
      }
      // Every datagram of the batch counted before the next: a full socket buffer would lose some silently.
      const until = performance.now() + 5000;
      while (received() - receivedAtStart < sent && performance.now() < until) await settle();
    }
    // Answers that wait on a live MDM lookup come within the engine's deadline.
    await new Promise((resolve) => setTimeout(resolve, 2000));
  } finally {
    socket.close();
  }
  globalThis.gc?.();
  const dropsByReason: Record<string, number> = {};
  for (const [labels, value] of engine.metrics.drops.entries())
    dropsByReason[/reason="([^"]+)"/.exec(labels)?.[1] ?? labels] = value;
  return {
    sent,
    received: received() - receivedAtStart,
    replies,
    invalidReplies,
    invalidSamples,
    drops: engine.metrics.drops.total() - repliesBaseline.drops,
    dropsByReason,
    duplicatesDropped: engine.metrics.duplicates.get({ action: "dropped" }),
    seconds: (performance.now() - started) / 1000,
    heapUsedMbBefore,
    heapUsedMbAfter: process.memoryUsage().heapUsed / 1e6,
  };
}
