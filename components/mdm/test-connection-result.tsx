"use client";
import { CheckCircle2, Loader2, XCircle } from "lucide-react";
import type { TestConnectionResult, TestConnectionStep } from "@/lib/validation/mdm-connection";
import { Alert } from "../ui/table-tools";

const stepLabels: Record<TestConnectionStep["name"], string> = {
  dns: "DNS",
  tcp: "TCP",
  tls: "TLS",
  http: "HTTP",
  mdminfo: "mdminfo",
};

export function TestConnectionRunning({ target, label }: { target: string; label: string }) {
  return (
    <div role="status" aria-live="polite" className="flex items-center gap-2 rounded border border-border bg-sunken px-3 py-2">
      <Loader2 size={14} className="animate-spin" aria-hidden />
      {label} {target}…
    </div>
  );
}

/** The Test Connection message exactly as the reference table words it, the hint, and the step trace. */
export function TestConnectionResultView({ result }: { result: TestConnectionResult }) {
  return (
    <div className="grid gap-2" data-testid="test-connection-result">
      <Alert tone={result.ok ? "ok" : "error"} title={result.message}>
        <p className="text-muted">{result.hint}</p>
      </Alert>
      <details className="rounded border border-border bg-panel">
        <summary className="cursor-pointer px-3 py-1.5 text-[12px] font-semibold">
          Step trace ({result.steps.length} steps, {Math.round(result.totalMs)} ms
          {result.errorCode ? `, ${result.errorCode}` : ""})
        </summary>
        <ol className="grid gap-2 border-t border-border px-3 py-2">
          {result.steps.map((step, index) => (
            <li key={index} className="grid gap-1">
              <p className="flex items-center gap-2">
                {step.ok ? (
                  <CheckCircle2 size={14} className="text-ok" aria-label="passed" />
                ) : (
                  <XCircle size={14} className="text-danger" aria-label="failed" />
                )}
                <span className="w-16 font-semibold">{stepLabels[step.name]}</span>
                <span className="text-muted">{Math.round(step.ms)} ms</span>
              </p>
              <p className="pl-6 break-words">{step.detail}</p>
              <StepData step={step} />
            </li>
          ))}
        </ol>
      </details>
    </div>
  );
}

function StepData({ step }: { step: TestConnectionStep }) {
  if (step.name === "tls" && step.data) {
    const data = step.data;
    return (
      <div className="grid gap-1 pl-6 text-[12px]">
        <p className="text-muted">
          {[
            data.protocol,
            data.cipher,
            `SNI ${data.serverName}`,
            `${data.trustedCertificates} trusted certificates`,
            data.verifyErrorCode,
          ]
            .filter(Boolean)
            .join(" · ")}
        </p>
        {data.peerChain.length > 0 && (
          <ol className="grid gap-0.5">
            {data.peerChain.map((cert, index) => (
              <li key={index} className="font-mono text-[11px]">
                {index === 0 ? "leaf" : `issuer ${index}`}: {cert.subject} — issued by {cert.issuer}, valid to{" "}
                {new Date(cert.validTo).toISOString().slice(0, 10)}
              </li>
            ))}
          </ol>
        )}
        {data.anchor ? (
          <p>
            Anchored by trusted certificate: <span className="font-mono text-[11px]">{data.anchor.subject}</span>
          </p>
        ) : null}
      </div>
    );
  }
  if (step.name === "mdminfo" && step.data) {
    const d = step.data;
    return (
      <dl className="grid grid-cols-[140px_1fr] gap-x-2 pl-6 text-[12px]">
        <dt className="text-muted">api_version</dt>
        <dd>{d.apiVersion}</dd>
        <dt className="text-muted">api_path</dt>
        <dd className="font-mono">{d.apiPath}</dd>
        <dt className="text-muted">vendor / product</dt>
        <dd>{[d.vendor, d.productName, d.productVersion].filter(Boolean).join(" ") || "—"}</dd>
        <dt className="text-muted">redirect_url</dt>
        <dd className="break-all">{d.redirectUrl ?? "—"}</dd>
        <dt className="text-muted">query_max_size</dt>
        <dd>{d.queryMaxSize ?? "—"}</dd>
      </dl>
    );
  }
  if (step.name === "http" && step.data) {
    const d = step.data;
    return (
      <p className="pl-6 font-mono text-[11px] text-muted">
        {d.method} {d.path} → {d.status ?? "no answer"} {d.statusText ?? ""}
        {d.contentType ? ` (${d.contentType})` : ""}
      </p>
    );
  }
  return null;
}
