import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BuildAnalysis } from "@/components/build/build-analysis";
import { buildLabel } from "@/components/ui/format";
import type { BuildPathParams } from "@/lib/db/permalink";
import { loadBuild } from "../../build-route";

export const dynamic = "force-dynamic";

type Props = { params: Promise<BuildPathParams>; searchParams?: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(props: Props): Promise<Metadata> {
  const build = await loadBuild(await props.params, (await props.searchParams)?.attempt);
  return { title: build ? `${buildLabel(build)} · Mailbox incident dashboard` : "Build not found · Mailbox incident dashboard" };
}

export default async function BuildPage(props: Props) {
  const build = await loadBuild(await props.params, (await props.searchParams)?.attempt);
  if (!build) notFound();
  return <BuildAnalysis build={build} />;
}
