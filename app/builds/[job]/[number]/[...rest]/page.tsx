// `/builds/team/ejabberd-monitor/30394`: a folder job's build with the job's slashes as they are
// (see app/builds/build-route.ts); the same page as `/builds/team%2Fejabberd-monitor/30394`.
export { default, generateMetadata } from "../page";

export const dynamic = "force-dynamic";
