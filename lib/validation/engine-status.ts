import type { EngineHealth } from "../engine/control/schemas";
import type { SupervisorState } from "../supervisor-state";

/** What GET /api/engine/health answers: the engine's own health, or why it could not be reached. */
export type EngineStatus =
  | { running: true; health: EngineHealth; supervisor: SupervisorState["engine"] | null }
  | { running: false; message: string; supervisor: SupervisorState["engine"] | null };
