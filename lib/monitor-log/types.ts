// ## Monitor log records
//
// What the scanner returns for one CI console log: one `MonitorRun` per run of
// `monitor:longest_mq()` found in it. Plain data only (JSON-serializable, no
// bigint, no term trees): the DB ingest stores it as is, and the classifier
// works from these facts, never from raw text.
//
// Conventions, written down once:
// - offsets (`start`, `end`, `offset`) are UTF-16 offsets into the whole log
//   text as decoded (UTF-8), end exclusive; `raw === log.slice(start, end)`;
// - `line` and `column` are 1-based, column counted in UTF-16 code units;
// - `seq` and sample `index` are 0-based; `rank` in the top list is 1-based.

/** One row of `processes sorted by queue_len desc:`. */
export type TopEntry = {
  /** 1-based position in the printed list. */
  rank: number;
  /** Canonical `<a.b.c>` form. */
  pid: string;
  queueLen: number;
};

/**
 * Envelope of a queued message: the tag of the outer tuple as printed without
 * quotes (`$gen_call`, `$gen_event`, `$gen_cast`, `p1_mysql_recv`, `route`,
 * `message`, `iq`, `presence`, `EXIT`, `DOWN`, any other atom), `reply` for
 * `{Pid, {reply, _}}` answers, `other` for anything that is not a tagged tuple.
 */
export type SampleKind = string;

/** XMPP stanza found inside a sample (old `xmlel` or ejabberd ≥ 16 record). */
export type StanzaName = "message" | "iq" | "presence";

/** One message from the `message in pid <pid> :` list. */
export type SampleInfo = {
  /** 0-based position in the printed list. */
  index: number;
  /** The sample's text exactly as in the log (may span lines). */
  raw: string;
  start: number;
  end: number;
  line: number;
  column: number;
  kind: SampleKind;
  /** Stanza carried by the message, when it routes one. */
  stanza: StanzaName | null;
  /** One line for tables, e.g. `$gen_event route iq to snh-48#…@conference.easemob.com`. */
  summary: string;
  /**
   * Where the message is going: the addressed JID (as written, resource kept)
   * for routed stanzas, `M:F` for rpc-style calls. Null when there is none.
   */
  destination: string | null;
  /**
   * Who the message is from or about: the caller pid of a `$gen_call`, the
   * pid inside `p1_mysql_recv` (the connection), the replying pid of a
   * `reply`, the sender JID of a routed stanza.
   */
  sender: string | null;
  /**
   * Shape of a `$gen_call` / `$gen_cast` request: its tag atom (`call`,
   * `block_call`, `get_state`) or `{}`-wrapped when the request is a 1-tuple
   * (`{get_state}`). Null for other kinds.
   */
  request: string | null;
  /** UTF-8 text of every binary in the sample that is valid UTF-8 and non-empty, in order. */
  decoded: string[];
  /** The sample itself was cut (ends mid-term or contains `...`). */
  truncated: boolean;
};

/** Something the tolerant reading had to work around, located in the log. */
export type LogIssue = {
  message: string;
  line: number;
  column: number;
  offset: number;
};

/** The process the monitor looked at after printing the top list. */
export type InspectedProcess = {
  pid: string;
  /** Null when the monitor printed `undefined` (the process was gone) or the value was unreadable. */
  queueLen: number | null;
  /** `message queue len of pid <pid> : undefined`: the process died before the check. */
  dead: boolean;
  /** Line of the `message queue len of pid` marker. */
  line: number;
  samples: SampleInfo[];
  /** The sample list was cut: a `....` line, or the list never closed. */
  samplesCut: boolean;
  /**
   * What the monitor printed instead of the message list when its call failed (`{badrpc,timeout}`:
   * often a mailbox too large to copy in time); absent when it printed one.
   */
  fetchError?: string;
};

/** One run of the monitor inside a console log. */
export type MonitorRun = {
  /** 0-based order of the run in the log. */
  seq: number;
  /** Line of the run's first marker (header or top list). */
  line: number;
  /** Offsets of the run's monitor output in the log. */
  start: number;
  end: number;
  /** CI metadata most recently seen before the run; file-name fallback for job/number. */
  job: string | null;
  number: number | null;
  url: string | null;
  /** ISO 8601 (UTC) from the first timestamped line of the build, when there is one. */
  startedAt: string | null;
  /** The run's output was pasted as HTML (`<span ...>`, `&lt;`). */
  html: boolean;
  top: TopEntry[];
  inspected: InspectedProcess | null;
  issues: LogIssue[];
};

export type ScanOptions = {
  /** File name the log came from; `<job>_<number>.log` fills job/number when the log does not say. */
  source?: string;
  /**
   * UTC offset applied to timestamps printed without a zone (`2015-08-25 11:47:00`),
   * e.g. `+08:00`. Default `Z`.
   */
  localOffset?: string;
  /**
   * Called once at the end of a log in which monitor lines stood behind text that is not a line
   * prefix the scanner knows (see UnreadMarkers): those runs were not read. Without it, such a log
   * reads as it always did; a log with no run at all says so in its error either way.
   */
  onUnread?: (unread: UnreadMarkers) => void;
  /**
   * Called for each run left out because the monitor's own call failed where its top list should be
   * (`{badrpc,nodedown}`: the node was down): `reason` in words, at the line of the failure. A log
   * with no run read at all says it in its error instead.
   */
  onDroppedRun?: (dropped: { line: number; column: number; offset: number; reason: string }) => void;
  /**
   * Called when a monitor run starts (its `processes sorted…` line has been read), with the job and
   * number the run will have (what the log said before it, its BUILD_URL, the file name): a caller
   * streaming the log learns which build it is reading before the rest of the run arrives. The run
   * itself may still be left out (onDroppedRun).
   */
  onRunStart?: (start: { line: number; job: string | null; number: number | null }) => void;
};

/**
 * Monitor marker lines (`processes sorted by queue_len desc:`, `message queue len of pid <p> : …`)
 * whose marker is complete up to the line's end but stands after other text: a CI prefix the
 * scanner does not know (another CI's stamp, a log shipper's fields). Such a line is noise to the
 * scanner, and so is the run it opens; this says where, so that nothing is dropped without a word.
 */
export type UnreadMarkers = {
  /** How many such lines. */
  count: number;
  /** The first: 1-based line and column of its marker, and the text in front of it (cut to 60 characters). */
  line: number;
  column: number;
  offset: number;
  before: string;
  /** What the lines hold when not the monitor's output (`ejabberd watchdog warnings`). */
  what?: string;
};

/** Chunks accepted by the streaming scanner. */
export type LogChunk = string | Uint8Array;
