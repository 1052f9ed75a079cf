import type { Metadata } from "next";
import { NetworkDevicesView } from "@/components/network-devices/network-devices-view";
import { canWrite, requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Network Devices" };

export default async function NetworkDevicesPage() {
  const admin = await requirePageSession();
  return <NetworkDevicesView canWrite={canWrite(admin)} />;
}
