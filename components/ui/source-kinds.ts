// Where a snapshot came from, as people call it (lib/formats SOURCE_KINDS).

export const SOURCE_LABELS: Record<string, string> = {
  monitor: "CI monitor run",
  ejabberd_system_monitor: "ejabberd overload warning",
  recon_proc_count: "recon:proc_count",
  system_monitor: "system_monitor Suspect Proc",
  etop: "etop screen",
};
