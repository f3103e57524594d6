import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BuildAnalysis } from "@/components/build/build-analysis";
import { decodeParam, pathInteger } from "@/components/ui/decode-param";
import { buildLabel } from "@/components/ui/format";
import { getBuild } from "@/lib/db/queries";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ job: string; number: string }> };

async function load(props: Props) {
  const { job, number } = await props.params;
  const n = pathInteger(number);
  if (n === null) return null;
  return getBuild({ job: decodeParam(job), number: n });
}

export async function generateMetadata(props: Props): Promise<Metadata> {
  const build = await load(props);
  return { title: build ? `${buildLabel(build)} · Mailbox incident dashboard` : "Build not found" };
}

export default async function BuildPage(props: Props) {
  const build = await load(props);
  if (!build) notFound();
  return <BuildAnalysis build={build} />;
}
