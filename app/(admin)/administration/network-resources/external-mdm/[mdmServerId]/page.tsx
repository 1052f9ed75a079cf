import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { MdmServerFormView } from "@/components/mdm/mdm-server-form";
import { canWrite, requirePageSession } from "@/lib/auth/session";
import { getDb } from "@/lib/db/client";
import { getMdmServerOrThrow } from "@/lib/db/mdm-servers";
import { isAppError } from "@/lib/errors";
import type { MdmServerJson } from "@/lib/validation/mdm-server";

export const metadata: Metadata = { title: "MDM Server" };

type Props = { params: Promise<{ mdmServerId: string }> };

export default async function MdmServerPage({ params }: Props) {
  const admin = await requirePageSession();
  const { mdmServerId } = await params;
  let server: MdmServerJson;
  try {
    // The view has no password field at all (MdmServerView omits it); JSON round trip = what the API returns.
    server = JSON.parse(JSON.stringify(await getMdmServerOrThrow(getDb(), { id: mdmServerId }))) as MdmServerJson;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return <MdmServerFormView key={server.id} server={server} canWrite={canWrite(admin)} />;
}
