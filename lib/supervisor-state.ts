// What scripts/start.mjs (the supervisor) reports about the engine process, read by the web app so
// Home can say "restarting (attempt 3)" instead of only "down".
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { dataDir, getEnv } from "./env";

export const supervisorStateSchema = z.object({
  engine: z.object({
    state: z.enum(["starting", "running", "restarting", "stopped"]),
    restarts: z.number().int(),
    lastExitCode: z.number().int().nullable(),
    lastExitAt: z.string().nullable(),
    nextRestartAt: z.string().nullable(),
  }),
  updatedAt: z.string(),
});
export type SupervisorState = z.infer<typeof supervisorStateSchema>;

export function readSupervisorState(): SupervisorState | null {
  try {
    const file = path.join(dataDir(getEnv()), "supervisor.json");
    return supervisorStateSchema.parse(JSON.parse(fs.readFileSync(file, "utf8")));
  } catch {
    return null;
  }
}
