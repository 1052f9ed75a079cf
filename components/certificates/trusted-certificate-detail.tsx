"use client";
import { zodResolver } from "@hookform/resolvers/zod";
import { useQuery } from "@tanstack/react-query";
import { ArrowLeft, Download, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { ApiError } from "@/lib/api/client";
import {
  trustedCertificatePemUrl,
  trustedCertificateQuery,
  useUpdateTrustedCertificate,
} from "@/lib/queries/trusted-certificates";
import {
  updateTrustedCertificateSchema,
  type TrustedCertificateJson,
  type UpdateTrustedCertificateInput,
} from "@/lib/validation/trusted-certificate";
import { Button } from "../ui/button";
import { Field, FormError, Input } from "../ui/field";
import { PageHeader, Panel } from "../ui/panel";
import { useToast } from "../ui/toast";
import { CertificateBadges, TrustBadges } from "./certificate-badges";
import { CertificateFields, CertificateQueryState, PemPanel } from "./certificate-fields";
import { DeleteCertificateDialog } from "./delete-certificate-dialog";
import { Alert, ReadOnlyNotice } from "../ui/table-tools";

export function TrustedCertificateDetail({ id, canWrite }: { id: string; canWrite: boolean }) {
  const query = useQuery(trustedCertificateQuery(id));
  const router = useRouter();
  const [deleting, setDeleting] = useState(false);
  if (!query.data)
    return (
      <CertificateQueryState
        query={query}
        title="Trusted certificate"
        listHref="/administration/certificates/trusted"
        listName="Trusted Certificates"
      />
    );
  const cert = query.data;
  return (
    <>
      <PageHeader
        title={cert.friendlyName}
        description={
          <span className="inline-flex flex-wrap items-center gap-2">
            <CertificateBadges certificate={cert} /> <TrustBadges certificate={cert} />
          </span>
        }
        actions={
          <>
            <Button onClick={() => router.push("/administration/certificates/trusted")}>
              <ArrowLeft size={14} aria-hidden /> Trusted Certificates
            </Button>
            <Button onClick={() => window.location.assign(trustedCertificatePemUrl(cert.id))}>
              <Download size={14} aria-hidden /> Export PEM
            </Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              <Trash2 size={14} aria-hidden /> Delete
            </Button>
          </>
        }
      />
      {!canWrite && (
        <ReadOnlyNotice>Your role (Read Only) can view and export this certificate; changes are refused.</ReadOnlyNotice>
      )}
      <div className="grid gap-3 xl:grid-cols-[minmax(0,1fr)_380px]">
        <Panel title="Certificate">
          <CertificateFields cert={cert} addedLabel="Imported" />
        </Panel>
        <div className="grid content-start gap-3">
          <Panel title="Trust settings">
            <TrustForm cert={cert} />
          </Panel>
          <Panel title="Used by">
            {cert.usedBy.length === 0 ? (
              <p className="text-muted">No MDM server&apos;s last successful connection was anchored by this certificate.</p>
            ) : (
              <ul className="grid gap-1">
                {cert.usedBy.map((server) => (
                  <li key={server.id}>
                    <Link
                      className="text-accent hover:underline"
                      href={`/administration/network-resources/external-mdm/${server.id}`}
                    >
                      {server.name}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
        </div>
      </div>
      <PemPanel title="PEM" pem={cert.pem} />
      <DeleteCertificateDialog
        certificate={deleting ? cert : null}
        onClose={() => setDeleting(false)}
        onDeleted={() => router.push("/administration/certificates/trusted")}
      />
    </>
  );
}

function TrustForm({ cert }: { cert: TrustedCertificateJson }) {
  const update = useUpdateTrustedCertificate(cert.id);
  const toast = useToast();
  const [formError, setFormError] = useState<string | null>(null);
  const saved: UpdateTrustedCertificateInput = {
    friendlyName: cert.friendlyName,
    description: cert.description ?? "",
    trustForMdm: cert.trustForMdm,
    trustForClientAuth: cert.trustForClientAuth,
  };
  const form = useForm<UpdateTrustedCertificateInput>({
    resolver: zodResolver(updateTrustedCertificateSchema),
    defaultValues: saved,
  });
  const errors = form.formState.errors;
  const mdmOff = cert.trustForMdm && form.watch("trustForMdm") === false && cert.usedBy.length > 0;
  const onSubmit = form.handleSubmit((values) => {
    setFormError(null);
    update.mutate(values, {
      onSuccess: ({ certificate }) => {
        form.reset({
          friendlyName: certificate.friendlyName,
          description: certificate.description ?? "",
          trustForMdm: certificate.trustForMdm,
          trustForClientAuth: certificate.trustForClientAuth,
        });
        toast({ tone: "ok", title: `Saved ${certificate.friendlyName}` });
      },
      onError: (error) => {
        if (error instanceof ApiError)
          for (const [field, message] of Object.entries(error.fields))
            if (field in saved) form.setError(field as keyof UpdateTrustedCertificateInput, { message });
        setFormError(error.message);
      },
    });
  });
  return (
    <form onSubmit={onSubmit} className="grid gap-3" noValidate>
      <Field label="Friendly Name" required error={errors.friendlyName?.message}>
        {(props) => <Input {...props} {...form.register("friendlyName")} />}
      </Field>
      <Field label="Description" error={errors.description?.message}>
        {(props) => <Input {...props} {...form.register("description")} />}
      </Field>
      <fieldset className="grid gap-1">
        <legend className="mb-1 text-[12px] font-semibold">Usage</legend>
        <label className="flex items-center gap-2">
          <input type="checkbox" {...form.register("trustForMdm")} />
          Trust for authentication of MDM/servers
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" {...form.register("trustForClientAuth")} />
          Trust for client authentication (EAP-TLS)
        </label>
      </fieldset>
      {mdmOff && (
        <Alert tone="warn">
          {cert.usedBy.map((s) => s.name).join(", ")} rely on this certificate; without MDM trust their connections fail
          certificate verification.
        </Alert>
      )}
      <FormError>{formError}</FormError>
      <div className="flex justify-end gap-2">
        <Button onClick={() => form.reset(saved)} disabled={!form.formState.isDirty}>
          Reset
        </Button>
        <Button type="submit" variant="primary" disabled={update.isPending}>
          {update.isPending ? "Saving…" : "Save"}
        </Button>
      </div>
    </form>
  );
}
