import { withRoute } from "@/lib/api/route";
import { getDb } from "@/lib/db/client";
import { createNetworkDevice, listNetworkDevices } from "@/lib/db/network-devices";
import { getEnv } from "@/lib/env";
import { SecretBox } from "@/lib/secret-box";
import { createNetworkDeviceSchema } from "@/lib/validation/network-device";

export const dynamic = "force-dynamic";

export const GET = withRoute({}, async () => ({ networkDevices: await listNetworkDevices(getDb()) }));

/** The secret is sealed at rest and never returned (the view omits it). */
export const POST = withRoute({ body: createNetworkDeviceSchema }, async ({ body, admin }) => ({
  networkDevice: await createNetworkDevice(getDb(), SecretBox.fromEnv(getEnv()), body, admin.username),
}));
