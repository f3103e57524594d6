import type { Metadata } from "next";
import { notFound, permanentRedirect } from "next/navigation";
import { BuildAnalysis } from "@/components/build/build-analysis";
import { pathInteger } from "@/components/ui/decode-param";
import { buildLabel } from "@/components/ui/format";
import { getBuild } from "@/lib/db/queries";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

async function load(props: Props) {
  const { id } = await props.params;
  const n = pathInteger(id);
  if (n === null) return null;
  return getBuild({ id: n });
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const build = await load(props);
  return { title: build ? `${buildLabel(build)} · Mailbox incident dashboard` : "Build not found · Mailbox incident dashboard" };
}

export default async function BuildByIdPage(props: Props) {
  const build = await load(props);
  if (!build) notFound();
  // A build that has a job and number has a nicer permalink: send people there.
  if (!build.permalink.startsWith("/builds/by-id/")) permanentRedirect(build.permalink);
  return <BuildAnalysis build={build} />;
}
