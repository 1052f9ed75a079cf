// The policy simulator (engine side of POST /policy/simulate): the decision the RADIUS path would take for
// a described endpoint, with a true/false trace of every condition evaluated and the exact reply
// attributes. It uses the same pieces as the request path — the compiled evaluator, the compliance
// service (lazy: queried only when a reached condition needs MDM values) and the reply builder with the
// snapshot's profiles and MDM redirect URLs — but sends nothing and logs no authentication.
import type { ComplianceResult, ComplianceService } from "../compliance/compliance";
import type { ConfigSnapshot } from "../config/snapshot";
import { buildReply, redirectUrlFor } from "../aaa/reply";
import type { AttributeInput } from "../radius";
import { normalizeMac } from "../../validation/mac";
import type { ParsedPolicySimulationRequest, PolicySimulationResult } from "../../validation/policy-simulation";
import { compilePolicy, evaluatePolicyTraced, type EvaluationContext } from "./evaluate";

export interface SimulationDependencies {
  snapshot: () => ConfigSnapshot;
  compliance: ComplianceService;
}

/** Facts the RADIUS path sets for every MAB request (handler.ts RequestAttributes), unless the request says otherwise. */
const MAB_DEFAULTS: Record<string, string> = {
  "Network Access:AuthenticationMethod": "Lookup",
  "Network Access:Protocol": "RADIUS",
};

export async function simulatePolicy(
  deps: SimulationDependencies,
  request: ParsedPolicySimulationRequest,
): Promise<PolicySimulationResult> {
  const snapshot = deps.snapshot();
  const policy = request.document ? compilePolicy(request.document, -1) : snapshot.policy;
  const { endpoint } = request;
  const mac = endpoint.mac ? normalizeMac(endpoint.mac) : undefined;

  const attributes: Record<string, string> = { ...MAB_DEFAULTS, ...endpoint.radius };
  // RFC 3580 §3.21: the NAD sends the MAC as Calling-Station-Id, upper-case with dashes.
  if (mac && attributes["Radius:Calling-Station-Id"] === undefined) {
    attributes["Radius:Calling-Station-Id"] = mac.match(/../g)!.join("-");
  }
  const context: EvaluationContext = { attribute: (reference) => attributes[reference], mdm: undefined };

  let result = evaluatePolicyTraced(policy, context);
  let mdm: PolicySimulationResult["mdm"];
  let live: ComplianceResult | undefined;
  if (result.needs !== undefined) {
    if (endpoint.mdm.mode === "given") {
      // Given values stand for a live answer: MDMServerName needs no second query.
      context.mdm = { values: endpoint.mdm.values, source: "live" };
      mdm = { source: "given", values: { ...endpoint.mdm.values } };
    } else {
      if (!mac) throw new Error("live MDM simulation without a MAC (refused by the request schema)");
      // One live query through the compliance service, exactly as the RADIUS path's: shared with a request
      // for the same endpoint under way, under the same deadline; the fresh answer refreshes the cache.
      live = await deps.compliance.lookup(mac);
      context.mdm = { values: live.values, source: "live" };
      mdm = {
        source: "live",
        values: Object.fromEntries(Object.entries(live.values).map(([name, value]) => [name, String(value)])),
        ...(live.serverName ? { serverName: live.serverName } : {}),
        ...(live.latencyMs !== undefined ? { latencyMs: live.latencyMs } : {}),
        ...(live.outcome === "no-server"
          ? { error: "No MDM server is enabled" }
          : live.errorCode
            ? { error: `MDM ${live.serverName ?? ""} unreachable: ${live.errorCode}`.replace("  ", " ") }
            : {}),
      };
    }
    result = evaluatePolicyTraced(policy, context);
  }
  if (result.needs !== undefined) throw new Error(`policy still needs ${result.needs} with MDM values known`);

  const names = result.profiles;
  const givenServerName = endpoint.mdm.mode === "given" ? endpoint.mdm.values.MDMServerName : undefined;
  const givenServerId = givenServerName
    ? [...snapshot.mdmServerById].find(([, server]) => server.name === givenServerName)?.[0]
    : undefined;
  const plan = buildReply(
    names.map((name) => snapshot.profiles.get(name)),
    names,
    (profileServerId) => {
      // As handler.ts: the profile's server, else the one that answered, else the first enabled one.
      const serverId = profileServerId ?? live?.serverId ?? givenServerId ?? snapshot.mdmServers[0]?.id;
      const url = serverId ? snapshot.mdmServerById.get(serverId)?.redirectUrl : undefined;
      return url ? redirectUrlFor(url, mac) : undefined;
    },
  );

  return {
    policyVersion: request.document ? null : policy.version,
    policySet: result.policySet ?? null,
    rule: result.rule ?? null,
    profiles: [...names],
    monitored: [...result.monitored],
    sets: [...result.sets],
    trace: [...result.trace],
    reply: {
      code: plan.isReject ? "Access-Reject" : "Access-Accept",
      attributes: plan.isReject ? [] : plan.attributes.map(replyAttributeText),
    },
    ...(mdm ? { mdm } : {}),
  };
}

/** A reply attribute as text, with the RFC 2868 tag of tunnel attributes. */
function replyAttributeText(attribute: AttributeInput): { name: string; value: string; tag?: number } {
  const named = attribute as { name?: string; type?: number; value?: unknown; tag?: number };
  const value = Buffer.isBuffer(named.value) ? named.value.toString("hex") : String(named.value);
  return {
    name: named.name ?? `Attribute-${named.type ?? "?"}`,
    value,
    ...(named.tag ? { tag: named.tag } : {}),
  };
}
