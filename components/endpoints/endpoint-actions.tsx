"use client";
import { ChevronDown, RefreshCw, Send, ShieldAlert } from "lucide-react";
import { DropdownMenu } from "radix-ui";
import { useState } from "react";
import {
  useRefreshEndpoint,
  useSendEndpointCoa,
  type EndpointCoaResult,
  type EndpointRefreshResult,
} from "@/lib/queries/endpoints";
import { mdmActionInfo, mdmActions, type MdmAction } from "@/lib/validation/endpoints";
import { roleLabels } from "@/lib/validation/admin";
import { formatMac, formatMs, formatTime } from "../live-logs/format";
import { Button } from "../ui/button";
import { cn } from "../ui/cn";
import { ConfirmDialog } from "../ui/dialog";
import { Alert } from "../ui/table-tools";
import { MdmActionDialog } from "./mdm-action-dialog";

const menuItemClass =
  "flex cursor-pointer flex-col items-start rounded px-2 py-1.5 outline-none data-[disabled]:cursor-not-allowed data-[disabled]:opacity-50 data-[highlighted]:bg-sunken";

/**
 * The endpoint's actions — Refresh from MDM now, Send CoA now, MDM actions — and what the last one achieved. Shown
 * only to roles that may use them; each explains when it cannot be used instead of failing.
 */
export function EndpointActions({
  mac,
  hasActiveSession,
  mdmServerName,
  hasMdmServer,
  canWipe,
}: {
  mac: string;
  hasActiveSession: boolean;
  mdmServerName: string | null;
  hasMdmServer: boolean;
  canWipe: boolean;
}) {
  const refresh = useRefreshEndpoint(mac);
  const coa = useSendEndpointCoa(mac);
  const [confirmCoa, setConfirmCoa] = useState(false);
  const [action, setAction] = useState<MdmAction | null>(null);
  const [last, setLast] = useState<"refresh" | "coa" | null>(null);
  const noSessionReason = "No active session: a CoA needs one (the NAD re-authorizes or disconnects a session)";
  const noServerReason = "No MDM server has answered for this endpoint yet: refresh it from the MDM first";

  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap items-center gap-2">
        <Button
          variant="primary"
          disabled={refresh.isPending}
          onClick={() => {
            setLast("refresh");
            refresh.mutate();
          }}
        >
          <RefreshCw size={14} aria-hidden className={cn(refresh.isPending && "animate-spin")} />
          {refresh.isPending ? "Asking the MDM…" : "Refresh from MDM now"}
        </Button>
        <Button
          disabled={!hasActiveSession || coa.isPending}
          title={hasActiveSession ? "Re-authorize the endpoint's session at its network device" : noSessionReason}
          aria-describedby={hasActiveSession ? undefined : "coa-unavailable"}
          onClick={() => setConfirmCoa(true)}
        >
          <Send size={14} aria-hidden /> {coa.isPending ? "Sending CoA…" : "Send CoA now"}
        </Button>
        <DropdownMenu.Root>
          <DropdownMenu.Trigger asChild>
            <Button disabled={!hasMdmServer} title={hasMdmServer ? undefined : noServerReason}>
              <ShieldAlert size={14} aria-hidden /> MDM actions <ChevronDown size={13} aria-hidden />
            </Button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Portal>
            <DropdownMenu.Content
              align="end"
              sideOffset={4}
              className="z-50 w-80 rounded border border-border bg-panel p-1 text-fg shadow-lg"
            >
              {mdmActions.map((name) => {
                const info = mdmActionInfo[name];
                const allowed = info.role === "policy-admin" || canWipe;
                return (
                  <DropdownMenu.Item key={name} disabled={!allowed} className={menuItemClass} onSelect={() => setAction(name)}>
                    <span className={cn("font-medium", name !== "pin_lock" && "text-danger")}>{info.label}…</span>
                    <span className="text-[12px] text-muted">
                      {allowed ? info.effect : `Needs the ${roleLabels[info.role]} role.`}
                    </span>
                  </DropdownMenu.Item>
                );
              })}
            </DropdownMenu.Content>
          </DropdownMenu.Portal>
        </DropdownMenu.Root>
      </div>
      {!hasActiveSession && (
        <p id="coa-unavailable" className="text-[12px] text-muted">
          Send CoA now: {noSessionReason.charAt(0).toLowerCase() + noSessionReason.slice(1)}.
        </p>
      )}
      {!hasMdmServer && (
        <p className="text-[12px] text-muted">MDM actions: {noServerReason.charAt(0).toLowerCase() + noServerReason.slice(1)}.</p>
      )}

      {last === "refresh" && refresh.error && (
        <Alert tone="error" title="Refresh from MDM failed">
          {refresh.error.message}
        </Alert>
      )}
      {last === "refresh" && refresh.data && <RefreshOutcome result={refresh.data} hasActiveSession={hasActiveSession} />}
      {last === "coa" && coa.error && (
        <Alert tone="error" title="Send CoA now failed">
          {coa.error.message}
        </Alert>
      )}
      {last === "coa" && coa.data && <CoaOutcome result={coa.data} />}

      <ConfirmDialog
        open={confirmCoa}
        title={`Send a CoA for ${formatMac(mac)}?`}
        description="The network device re-authorizes the endpoint's session (Cisco: reauthenticate) or disconnects it (other vendors). The user is interrupted for a moment: a Wi-Fi client re-associates, a call may drop audio."
        confirmLabel="Send CoA"
        onCancel={() => setConfirmCoa(false)}
        onConfirm={() => {
          setConfirmCoa(false);
          setLast("coa");
          coa.mutate();
        }}
      />
      <MdmActionDialog mac={mac} action={action} mdmServerName={mdmServerName} onClose={() => setAction(null)} />
    </div>
  );
}

function RefreshOutcome({ result, hasActiveSession }: { result: EndpointRefreshResult; hasActiveSession: boolean }) {
  const server = result.mdmServerName ?? "The MDM server";
  const when = `${formatTime(result.at)}${result.latencyMs !== null ? `, in ${formatMs(result.latencyMs)}` : ""}`;
  switch (result.outcome) {
    case "ok": {
      const compliance =
        result.compliant === true ? "Compliant" : result.compliant === false ? "NonCompliant" : "compliance not reported";
      return (
        <Alert tone={result.compliant === false ? "warn" : "ok"} title={`${server} answered: Registered, ${compliance}`}>
          Asked {when}.{result.values.MDMFailureReason ? ` Failure reason: ${String(result.values.MDMFailureReason)}.` : ""}
          {result.changed &&
            (hasActiveSession
              ? " The state changed: send a CoA so the session is authorized by the new state."
              : " The state changed; the next authentication is decided by it.")}
        </Alert>
      );
    }
    case "not-registered":
      return (
        <Alert tone="warn" title={`${server} answered: UnRegistered`}>
          Asked {when}. The MDM does not manage this device (it was never enrolled or has left management).
        </Alert>
      );
    case "unreachable":
      return (
        <Alert tone="error" title={`${server} could not be reached`}>
          {result.errorCode ? `${result.errorCode}. ` : ""}Authentications see MDMServerReachable = UnReachable until it answers;
          the last known registration and compliance are kept.
        </Alert>
      );
    case "no-server":
      return (
        <Alert tone="error" title="No MDM server is enabled">
          Nothing was asked. Enable an MDM server in Administration › Network Resources › External MDM.
        </Alert>
      );
  }
}

const coaResultText = { ack: "ACK", nak: "NAK", timeout: "no answer (timeout)", error: "not sent (error)" } as const;

function CoaOutcome({ result }: { result: EndpointCoaResult }) {
  if (!result.sent) {
    return (
      <Alert tone="warn" title="No CoA was sent">
        The endpoint has no active session any more.
      </Alert>
    );
  }
  const allAcked = result.events.every((event) => event.result === "ack");
  return (
    <Alert
      tone={allAcked ? "ok" : "error"}
      title={allAcked ? "The network device acknowledged the CoA" : "The CoA did not succeed"}
    >
      <ul>
        {result.events.map((event, index) => (
          <li key={index}>
            {event.kind === "disconnect" ? "Disconnect-Request" : "CoA-Request (reauthenticate)"} to{" "}
            {event.nadName ?? event.nadAddress} ({event.nadAddress}:{event.coaPort}), session {event.acctSessionId ?? "—"}:{" "}
            <strong>{coaResultText[event.result]}</strong>
            {event.errorCause ? `, ${event.errorCause}` : ""} after {event.attempts} {event.attempts === 1 ? "try" : "tries"},{" "}
            {formatMs(event.latencyMs)}.
          </li>
        ))}
      </ul>
    </Alert>
  );
}
