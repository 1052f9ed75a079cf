import { formatMac } from "@/components/live-logs/format";
import { withRoute } from "@/lib/api/route";
import { AppError } from "@/lib/errors";
import { hasRole, roleLabels } from "@/lib/validation/admin";
import { confirmsEndpoint, mdmActionInfo, mdmActionRequestSchema } from "@/lib/validation/endpoints";
import { macParam, runEndpointAction } from "../../engine-action";

export const dynamic = "force-dynamic";

/**
 * An MDM action (ise-mdm-reference §1.3) through the MDM server that manages the endpoint. A PIN lock needs the
 * policy-admin role, a wipe super-admin; every one needs the endpoint's MAC typed as confirmation.
 */
export const POST = withRoute({ role: "policy-admin", body: mdmActionRequestSchema }, async ({ admin, params, body }) => {
  const info = mdmActionInfo[body.action];
  if (!hasRole(admin.role, info.role)) {
    throw new AppError("FORBIDDEN", `Not allowed: a ${info.label.toLowerCase()} needs the ${roleLabels[info.role]} role`);
  }
  const mac = macParam(params.mac);
  if (!confirmsEndpoint(body.confirmation, mac)) {
    throw new AppError("VALIDATION", "The confirmation does not match", {
      confirmation: `Type the endpoint's MAC address, ${formatMac(mac)}, to confirm`,
    });
  }
  return {
    result: await runEndpointAction({
      admin,
      rawMac: params.mac,
      action: "mdm-action",
      what: info.label,
      run: (engine) => engine.mdmAction({ mac, action: body.action }),
      summarize: (result) =>
        result.errorCode && !result.mdmServerName
          ? `not sent: ${result.failureReason}`
          : result.actionStatus
            ? `accepted by ${result.mdmServerName}`
            : `not carried out by ${result.mdmServerName ?? "the MDM"}: ${result.failureReason ?? result.errorCode ?? "no reason given"}`,
    }),
  };
});
