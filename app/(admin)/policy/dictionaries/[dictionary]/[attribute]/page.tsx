import type { Metadata } from "next";
import { DictionariesView } from "@/components/dictionaries/dictionaries-view";
import { requirePageSession } from "@/lib/auth/session";

type Props = { params: Promise<{ dictionary: string; attribute: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { dictionary, attribute } = await params;
  return { title: `${decodeURIComponent(dictionary)}:${decodeURIComponent(attribute)} · Dictionaries` };
}

export default async function DictionaryAttributePage({ params }: Props) {
  await requirePageSession();
  const { dictionary, attribute } = await params;
  return <DictionariesView dictionary={decodeURIComponent(dictionary)} attribute={decodeURIComponent(attribute)} />;
}
