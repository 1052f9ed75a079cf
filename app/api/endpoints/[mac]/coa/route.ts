import { withRoute } from "@/lib/api/route";
import { runEndpointAction } from "../../engine-action";

export const dynamic = "force-dynamic";

/**
 * "Send CoA now": a CoA-Request (Cisco: reauthenticate) or Disconnect-Request to the NAD of the endpoint's active
 * session, answered once the NAD answers or the retransmissions run out; logged in the CoA log.
 */
export const POST = withRoute({ role: "policy-admin" }, async ({ admin, params }) => ({
  result: await runEndpointAction({
    admin,
    rawMac: params.mac,
    action: "coa",
    what: "Send CoA now",
    run: (engine, mac) => engine.sendCoa({ mac }),
    summarize: (result) =>
      result.sent
        ? result.events
            .map(
              (event) =>
                `${event.kind === "disconnect" ? "Disconnect-Request" : "CoA-Request"} to ${event.nadName ?? event.nadAddress}: ${event.result.toUpperCase()}${event.errorCause ? ` (${event.errorCause})` : ""}`,
            )
            .join("; ")
        : "not sent, the endpoint has no active session",
  }),
}));
