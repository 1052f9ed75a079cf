import { getEngineClient } from "@/lib/api/engine";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { policySimulationRequestSchema } from "@/lib/validation/policy-simulation";

export const dynamic = "force-dynamic";

/**
 * Runs the active policy — or the unsaved one in the body — for a described endpoint, in the engine (the
 * only process that can query the MDM and holds the compiled profiles). Nothing is saved or sent.
 */
export const POST = withRoute({ body: policySimulationRequestSchema, changesNothing: true }, async ({ body }) => {
  try {
    return await getEngineClient().simulatePolicy(body);
  } catch (error) {
    if (error instanceof AppError && error.code === "ENGINE_UNAVAILABLE") {
      throw new AppError(
        "ENGINE_UNAVAILABLE",
        `${error.message}. The simulation runs in the engine: start it (npm start runs it) and try again.`,
      );
    }
    throw error;
  }
});
