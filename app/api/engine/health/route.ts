import { getEngineClient } from "@/lib/api/engine";
import { withRoute } from "@/lib/api/route";
import { isAppError } from "@/lib/errors";
import { readSupervisorState } from "@/lib/supervisor-state";
import type { EngineStatus } from "@/lib/validation/engine-status";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async (): Promise<EngineStatus> => {
  const supervisor = readSupervisorState()?.engine ?? null;
  try {
    return { running: true, health: await getEngineClient().health(), supervisor };
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { running: false, message: error.message, supervisor };
  }
});
