import type { Metadata } from "next";
import { DictionariesView } from "@/components/dictionaries/dictionaries-view";
import { requirePageSession } from "@/lib/auth/session";

type Props = { params: Promise<{ dictionary: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).dictionary)} · Dictionaries` };
}

export default async function DictionaryPage({ params }: Props) {
  await requirePageSession();
  const { dictionary } = await params;
  return <DictionariesView dictionary={decodeURIComponent(dictionary)} />;
}
