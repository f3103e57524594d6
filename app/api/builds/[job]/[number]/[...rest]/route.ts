// GET /api/builds/team/ejabberd-monitor/30394: a folder job's build with its slashes as they are
// (the handler of /api/builds/{job}/{number} reads every segment but the last as the job).
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from "../route";

export const dynamic = "force-dynamic";
