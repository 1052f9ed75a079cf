import { withRoute } from "@/lib/api/route";
import { runEndpointAction } from "../../engine-action";

export const dynamic = "force-dynamic";

/**
 * "Refresh from MDM now": the engine drops its cached answer and asks the MDM (lookup order and fallbacks); the answer
 * is stored on the endpoint. Nothing is sent to the network device: "Send CoA now" applies a changed state.
 */
export const POST = withRoute({ role: "policy-admin" }, async ({ admin, params }) => ({
  result: await runEndpointAction({
    admin,
    rawMac: params.mac,
    action: "refresh",
    what: "Refresh from MDM",
    run: (engine, mac) => engine.refreshEndpoint({ mac }),
    summarize: (result) => {
      const server = result.mdmServerName ? ` (${result.mdmServerName})` : "";
      switch (result.outcome) {
        case "ok":
          return `Registered, ${result.compliant === false ? "NonCompliant" : result.compliant ? "Compliant" : "compliance not reported"}${server}`;
        case "not-registered":
          return `UnRegistered${server}`;
        case "unreachable":
          return `MDM unreachable${server} (${result.errorCode ?? "error"}); the last known state is kept`;
        case "no-server":
          return "no MDM server is enabled";
      }
    },
  }),
}));
