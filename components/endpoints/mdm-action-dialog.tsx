"use client";
import { useState, type FormEvent } from "react";
import { ApiError } from "@/lib/api/client";
import { useEndpointMdmAction, type EndpointMdmActionResult } from "@/lib/queries/endpoints";
import { confirmsEndpoint, mdmActionInfo, type MdmAction } from "@/lib/validation/endpoints";
import { formatMac } from "../live-logs/format";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { Field, FormError, Input } from "../ui/field";
import { Alert } from "../ui/table-tools";

/**
 * One MDM action, confirmed by typing the endpoint's MAC address (a wipe is never one click away), then the MDM's own
 * answer: accepted, or its failure reason.
 */
export function MdmActionDialog({
  mac,
  action,
  mdmServerName,
  onClose,
}: {
  mac: string;
  action: MdmAction | null;
  mdmServerName: string | null;
  onClose: () => void;
}) {
  return (
    <Dialog
      open={action !== null}
      onOpenChange={(open) => !open && onClose()}
      title={action ? `${mdmActionInfo[action].label} of ${formatMac(mac)}` : "MDM action"}
      description={action ? mdmActionInfo[action].effect : undefined}
    >
      {/* Keyed by the action so each opening starts with an empty confirmation and no earlier result. */}
      {action && <MdmActionForm key={action} mac={mac} action={action} mdmServerName={mdmServerName} onClose={onClose} />}
    </Dialog>
  );
}

function MdmActionForm({
  mac,
  action,
  mdmServerName,
  onClose,
}: {
  mac: string;
  action: MdmAction;
  mdmServerName: string | null;
  onClose: () => void;
}) {
  const [typed, setTyped] = useState("");
  const mutation = useEndpointMdmAction(mac);
  const info = mdmActionInfo[action];
  const isConfirmed = confirmsEndpoint(typed, mac);
  const error = mutation.error instanceof ApiError ? mutation.error : null;
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (isConfirmed && !mutation.isPending) mutation.mutate({ action, confirmation: typed });
  };
  if (mutation.data) {
    return (
      <div className="grid gap-3">
        <MdmActionOutcome result={mutation.data} />
        <div className="flex justify-end">
          <Button variant="primary" onClick={onClose}>
            Close
          </Button>
        </div>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} className="grid gap-3">
      <p>
        The request goes to <strong>{mdmServerName ?? "the MDM server that answered for this endpoint"}</strong>, which carries it
        out on the device; Gatehouse shows what the MDM answers.
      </p>
      <Field
        label={`Type the endpoint's MAC address, ${formatMac(mac)}, to confirm`}
        error={error?.fields.confirmation}
        hint="Any spelling: 00:26:B4:24:FE:B4, 00-26-b4-24-fe-b4, 0026.b424.feb4"
      >
        {(props) => (
          <Input
            {...props}
            className="font-mono"
            autoComplete="off"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
          />
        )}
      </Field>
      <FormError>
        {error && !error.fields.confirmation ? error.message : mutation.error && !error ? mutation.error.message : null}
      </FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={onClose}>Cancel</Button>
        <Button type="submit" variant="danger" disabled={!isConfirmed || mutation.isPending}>
          {mutation.isPending ? "Sending…" : info.label}
        </Button>
      </div>
    </form>
  );
}

export function MdmActionOutcome({ result }: { result: EndpointMdmActionResult }) {
  const label = mdmActionInfo[result.action].label;
  const server = result.mdmServerName ?? "The MDM server";
  if (result.actionStatus) {
    return (
      <Alert tone="ok" title={`${server} accepted the ${label.toLowerCase()}`}>
        The MDM answered action_status true for the device
        {result.identifier
          ? result.identifier.kind === "guid"
            ? ` (named by its GUID, ${result.identifier.value})`
            : ` (named by its MAC address, ${formatMac(result.identifier.value)})`
          : ""}
        . It carries the action out the next time the device checks in.
      </Alert>
    );
  }
  const sent = result.identifier !== null;
  return (
    <Alert
      tone="error"
      title={sent ? `${server} did not carry out the ${label.toLowerCase()}` : `The ${label.toLowerCase()} was not sent`}
    >
      {result.failureReason ?? "The MDM gave no reason."}
      {result.errorCode && <span className="text-muted"> ({result.errorCode})</span>}
    </Alert>
  );
}
