import type { Metadata } from "next";
import { DictionariesView } from "@/components/dictionaries/dictionaries-view";
import { requirePageSession } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dictionaries" };

export default async function DictionariesPage() {
  await requirePageSession();
  return <DictionariesView />;
}
