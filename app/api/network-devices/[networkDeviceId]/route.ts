import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { deleteNetworkDevice, getNetworkDeviceOrThrow, updateNetworkDevice } from "@/lib/db/network-devices";
import { getEnv } from "@/lib/env";
import { SecretBox } from "@/lib/secret-box";
import { updateNetworkDeviceSchema } from "@/lib/validation/network-device";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async ({ params }) => ({
  networkDevice: await getNetworkDeviceOrThrow(getDb(), { id: params.networkDeviceId! }),
}));

/** Save of the edit form (every field); a blank or absent secret keeps the stored one. */
export const PUT = withRoute({ body: updateNetworkDeviceSchema }, async ({ body, admin, params }) => ({
  networkDevice: await updateNetworkDevice(getDb(), SecretBox.fromEnv(getEnv()), {
    id: params.networkDeviceId!,
    input: body,
    actor: admin.username,
  }),
}));

export const DELETE = withRoute({}, async ({ admin, params }) => {
  await deleteNetworkDevice(getDb(), { id: params.networkDeviceId!, actor: admin.username });
  return { ok: true };
});
