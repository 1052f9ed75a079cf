// Typed client for the engine's control API, used by the web app's route handlers and pages.
import { z } from "zod";
import { AppError } from "../../errors";
import {
  controlProblemSchema,
  engineHealthSchema,
  mdmActionEngineResultSchema,
  policySimulationResultSchema,
  pollNowResultSchema,
  refreshEndpointResultSchema,
  reloadResultSchema,
  sendCoaResultSchema,
  testConnectionResultSchema,
  type EngineHealth,
  type MdmActionEngineRequest,
  type MdmActionEngineResult,
  type PolicySimulationRequest,
  type PolicySimulationResult,
  type PollNowRequest,
  type PollNowResult,
  type RefreshEndpointRequest,
  type RefreshEndpointResult,
  type ReloadResult,
  type SendCoaRequest,
  type SendCoaResult,
  type TestConnectionRequest,
  type TestConnectionResult,
} from "./schemas";

export type EngineClientOptions = { baseUrl: string; token: string; timeoutMs?: number };

export class EngineClient {
  constructor(private readonly options: EngineClientOptions) {}

  health(): Promise<EngineHealth> {
    return this.call("GET", "/health", engineHealthSchema, undefined, 2000);
  }

  /** Asks the engine to reload its configuration snapshot now (it also polls on its own). */
  reload(): Promise<ReloadResult> {
    return this.call("POST", "/config/reload", reloadResultSchema, {});
  }

  /** Test Connection from the engine (the network path that matters), with the engine's trust store. */
  testConnection(request: TestConnectionRequest, timeoutMs = 15_000): Promise<TestConnectionResult> {
    return this.call("POST", "/mdm/test-connection", testConnectionResultSchema, request, timeoutMs);
  }

  /** Runs the active or an unsaved policy for a described endpoint (a live MDM query may take its deadline). */
  simulatePolicy(request: PolicySimulationRequest, timeoutMs = 15_000): Promise<PolicySimulationResult> {
    return this.call("POST", "/policy/simulate", policySimulationResultSchema, request, timeoutMs);
  }

  /**
   * "Send CoA now": a CoA to the endpoint's active session, answered once the NAD answers (or the
   * retransmissions run out: 2 + 4 + 8 + 16 + 32 s at worst, hence the long timeout).
   */
  sendCoa(request: SendCoaRequest, timeoutMs = 75_000): Promise<SendCoaResult> {
    return this.call("POST", "/coa", sendCoaResultSchema, request, timeoutMs);
  }

  /** "Poll now": one compliance poll cycle of an MDM server, CoAs included. */
  pollMdmServer(request: PollNowRequest, timeoutMs = 300_000): Promise<PollNowResult> {
    return this.call("POST", "/mdm/poll", pollNowResultSchema, request, timeoutMs);
  }

  /** "Refresh from MDM now": one live MDM query for the endpoint (bounded by the lookup deadline), stored. */
  refreshEndpoint(request: RefreshEndpointRequest, timeoutMs = 15_000): Promise<RefreshEndpointResult> {
    return this.call("POST", "/endpoints/refresh", refreshEndpointResultSchema, request, timeoutMs);
  }

  /** Full wipe, corporate wipe or PIN lock through the MDM server that manages the endpoint (15 s MDM deadline). */
  mdmAction(request: MdmActionEngineRequest, timeoutMs = 30_000): Promise<MdmActionEngineResult> {
    return this.call("POST", "/mdm/action", mdmActionEngineResultSchema, request, timeoutMs);
  }

  async call<T>(method: "GET" | "POST", path: string, output: z.ZodType<T>, body?: unknown, timeoutMs?: number): Promise<T> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.options.baseUrl), {
        method,
        headers: {
          authorization: `Bearer ${this.options.token}`,
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs ?? this.options.timeoutMs ?? 30_000),
        cache: "no-store",
      });
    } catch (error) {
      const reason = (error as Error).name === "TimeoutError" ? "did not answer in time" : "is not running or not reachable";
      throw new AppError("ENGINE_UNAVAILABLE", `The Gatehouse engine ${reason} (${this.options.baseUrl})`);
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const problem = controlProblemSchema.safeParse(json);
      const detail = problem.success ? (problem.data.detail ?? problem.data.title) : `HTTP ${response.status}`;
      if (response.status === 401)
        throw new AppError("ENGINE_UNAVAILABLE", "The engine refused the web app's token (ENGINE_TOKEN differs)");
      if (response.status === 422) throw new AppError("VALIDATION", detail);
      throw new AppError("ENGINE_UNAVAILABLE", `The engine could not complete the request: ${detail}`);
    }
    const parsed = output.safeParse(json);
    if (!parsed.success)
      throw new AppError("ENGINE_UNAVAILABLE", "The engine answered in an unexpected format (version mismatch?)");
    return parsed.data;
  }
}
