import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { BuildAnalysis } from "@/components/build/build-analysis";
import { buildLabel } from "@/components/ui/format";
import type { BuildPathParams } from "@/lib/db/permalink";
import { IgnoredParams } from "@/components/filters/ignored-params";
import { loadBuild, parseAttempt } from "../../build-route";

export const dynamic = "force-dynamic";

type Props = { params: Promise<BuildPathParams>; searchParams?: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata(props: Props): Promise<Metadata> {
  const build = await loadBuild(await props.params, (await props.searchParams)?.attempt);
  return { title: build ? `${buildLabel(build)} · Mailbox incident dashboard` : "Build not found · Mailbox incident dashboard" };
}

export default async function BuildPage(props: Props) {
  const attempt = (await props.searchParams)?.attempt;
  const build = await loadBuild(await props.params, attempt);
  if (!build) notFound();
  return (
    <>
      <IgnoredParams keys={parseAttempt(attempt).ignored ? ["attempt"] : []} />
      <BuildAnalysis build={build} />
    </>
  );
}
